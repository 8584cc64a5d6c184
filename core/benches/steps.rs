//! How fast the model runs, natively, on one core.
//!
//! - `steps/<scenario>`: `Model::step` on one reused `State`, choosing among
//!   `Model::actions` in turn (a round-robin-like rotation), starting over
//!   from the initial state whenever nothing is enabled. This is the
//!   checker's inner loop without the hashing. Throughput is steps/s
//!   ("elem/s" in criterion's output).
//! - `random_runs/<scenario>`: a whole `Run` (history, narration-ready
//!   events, property checks per step) with `Policy::random`, 200 steps.
//!   Throughput is runs/s.
//!
//! After criterion, a one-line-per-scenario summary of steps/s is printed.
//! Run with `cargo bench -p rendezvous-core --bench steps`; the target is at
//! least 10 million steps/s per scenario.

use criterion::{black_box, criterion_group, Criterion, Throughput};
use rendezvous_core::scenario::builtin_names;
use rendezvous_core::{Action, Event, Model, Policy, Run, Scenario, State};
use std::time::{Duration, Instant};

/// Steps per measured iteration of the step benchmark.
const STEPS_PER_ITERATION: u64 = 10_000;
/// Steps of each random run.
const RUN_STEPS: usize = 200;

fn model_of(name: &str) -> Model {
    let scenario = Scenario::builtin(name, None).expect("built-in scenario");
    let variant = scenario.variant;
    Model::new(scenario, variant, Default::default()).expect("valid scenario")
}

/// The step loop: reuses the state, the action buffer and the event buffer.
struct Stepper {
    model: Model,
    initial: State,
    state: State,
    actions: Vec<Action>,
    events: Vec<Event>,
    turn: usize,
}

impl Stepper {
    fn new(name: &str) -> Stepper {
        let model = model_of(name);
        Stepper {
            state: model.initial_state(),
            initial: model.initial_state(),
            model,
            actions: Vec::with_capacity(32),
            events: Vec::with_capacity(32),
            turn: 0,
        }
    }

    fn steps(&mut self, count: u64) {
        for _ in 0..count {
            self.model.actions(&self.state, &mut self.actions);
            if self.actions.is_empty() {
                self.state.clone_from(&self.initial);
                continue;
            }
            self.turn = self.turn.wrapping_add(1);
            let action = self.actions[self.turn % self.actions.len()];
            self.events.clear();
            self.model.step(&mut self.state, action, &mut self.events);
        }
        black_box(&self.state);
    }
}

fn bench_steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("steps");
    group.throughput(Throughput::Elements(STEPS_PER_ITERATION));
    for name in builtin_names() {
        let mut stepper = Stepper::new(name);
        group.bench_function(name, |b| b.iter(|| stepper.steps(STEPS_PER_ITERATION)));
    }
    group.finish();
}

fn bench_random_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("random_runs");
    group.throughput(Throughput::Elements(1));
    for name in builtin_names() {
        let scenario = Scenario::builtin(name, None).expect("built-in scenario");
        let variant = scenario.variant;
        let mut seed = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                seed += 1;
                let mut run =
                    Run::new(scenario.clone(), variant, Default::default()).expect("valid");
                run.run_to_end(&mut Policy::random(seed), RUN_STEPS)
                    .expect("random runs take enabled steps");
                black_box(run.len())
            })
        });
    }
    group.finish();
}

/// Nanoseconds this thread has spent on a CPU, from Linux's
/// `/proc/thread-self/schedstat`; `None` elsewhere.
fn thread_cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Prints steps/s per scenario, measured over a fixed time, so the figure
/// can be read without parsing criterion's output. Where the thread's CPU
/// time is known the figure is per CPU second, which other processes
/// competing for the cores do not dilute; the wall-clock figure is beside it.
fn print_summary() {
    println!("\nsteps/s (Model::step on a reused State, one thread):");
    println!(
        "  {:22} {:>12} {:>12}",
        "scenario", "per CPU s", "per wall s"
    );
    for name in builtin_names() {
        let mut stepper = Stepper::new(name);
        stepper.steps(100_000);
        let cpu_start = thread_cpu_nanos();
        let start = Instant::now();
        let mut steps = 0u64;
        while start.elapsed() < Duration::from_millis(300) {
            stepper.steps(STEPS_PER_ITERATION);
            steps += STEPS_PER_ITERATION;
        }
        let wall = start.elapsed().as_secs_f64();
        let per_wall = steps as f64 / wall / 1e6;
        let per_cpu = match (cpu_start, thread_cpu_nanos()) {
            (Some(before), Some(after)) if after > before => {
                format!(
                    "{:.1} M",
                    steps as f64 / ((after - before) as f64 / 1e9) / 1e6
                )
            }
            _ => "-".to_owned(),
        };
        println!("  {name:22} {per_cpu:>12} {:>10.1} M", per_wall);
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_steps, bench_random_runs
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and
    // then each benchmark only runs once as a smoke test.
    if std::env::args().any(|arg| arg == "--bench") {
        print_summary();
    }
}
