//! Times our exhaustive checker against Stateright's breadth-first checker
//! on the same step function, scenario by scenario.
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml [-- [--runs N] [SCENARIO:WORKERS:VARIANT ...]]
//! ```
//!
//! Both sides drive the one `Model::actions` / `Model::step` pair of
//! `rendezvous-core`, both search breadth first on one thread, both keep a
//! 64-bit fingerprint per state (not the state itself) to deduplicate, the
//! same one (ours), and both judge the ten safety properties on every unique
//! state with one call of `property::broken_safety`. What differs is the bookkeeping around the
//! search; see docs/benchmarks.md ("Checker vs Stateright") for the list.

use rendezvous_core::checker::{self, bfs, CheckConfig};
use rendezvous_core::{property, Action, Event, Model, Property, Scenario, State, Variant};
use stateright::{Checker, HasDiscoveries};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The scenarios timed when none are named on the command line: models of
/// revision 2 of PROTOCOL.md whose full graph (no reduction) has from
/// about 0.1 M to 2 M states. The larger ones (wedged-worker with 2
/// workers under `tokio` has 12 M) would need Stateright to hold every
/// pending state whole, 2 KB each, in its queue.
const DEFAULT_SCENARIOS: &[&str] = &[
    "quiet-runtime:3:tokio",
    "early-result:2:tokio-1.29",
    "no-end-barrier:2:no-maintenance-check",
    "wedged-worker:2:no-maintenance-check",
    "quiet-runtime:3:idle-fix",
    "wedged-worker:2:no-nudge",
    "two-requesters:2:no-maintenance-check",
];

/// The name of a property that always holds. Stateright stops expanding a
/// state once every property has a counterexample, and may finish the
/// whole run then: a property that is never broken, and a finish condition
/// that waits for its counterexample, make it explore every state.
const SENTINEL: &str = "sentinel (always holds)";

/// Our model, seen through Stateright's `Model` trait.
struct Wrapped(Model);

/// A state as both checkers tell states apart: hashed by our fingerprint
/// (`checker::fingerprint`), which reduces each finished dump to what the
/// properties read, so Stateright explores the very graph ours does. Its
/// derived `Hash` over the whole state would tell apart states that differ
/// only in where a dump found each task, up to eight times as many on
/// wedged-worker under `no-nudge`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Viewed(State);

impl std::hash::Hash for Viewed {
    fn hash<H: std::hash::Hasher>(&self, hasher: &mut H) {
        hasher.write_u64(checker::fingerprint::fingerprint(&self.0));
    }
}

thread_local! {
    /// The events buffer `Model::step` writes to, reused between steps as
    /// our checker reuses its own.
    static EVENTS: RefCell<Vec<Event>> = const { RefCell::new(Vec::new()) };
    /// The last state `broken_safety` was evaluated on (by address) and its
    /// result: Stateright evaluates the safety properties in order on the
    /// same `&State`, so S1 evaluates and the others read, one evaluation
    /// per state as ours.
    static BROKEN: Cell<(usize, u32)> = const { Cell::new((0, 0)) };
}

fn broken_now(model: &Model, state: &State) -> property::PropertySet {
    let broken = property::broken_safety(model, state);
    BROKEN.with(|cell| cell.set((state as *const State as usize, broken.0)));
    broken
}

fn broken_cached(model: &Model, state: &State) -> property::PropertySet {
    let (at, bits) = BROKEN.with(Cell::get);
    if at == state as *const State as usize {
        property::PropertySet(bits)
    } else {
        broken_now(model, state)
    }
}

impl stateright::Model for Wrapped {
    type State = Viewed;
    type Action = Action;

    fn init_states(&self) -> Vec<Viewed> {
        vec![Viewed(self.0.initial_state())]
    }

    fn actions(&self, state: &Viewed, actions: &mut Vec<Action>) {
        self.0.actions(&state.0, actions);
    }

    fn next_state(&self, state: &Viewed, action: Action) -> Option<Viewed> {
        // A copy, as our checker makes (`State` is `Copy`).
        let mut next = state.0;
        EVENTS.with(|events| {
            let mut events = events.borrow_mut();
            events.clear();
            self.0.step(&mut next, action, &mut events);
        });
        Some(Viewed(next))
    }

    fn properties(&self) -> Vec<stateright::Property<Self>> {
        /// One `Property::always` per safety property: the first evaluates
        /// `broken_safety`, the rest read its cached result.
        macro_rules! safety {
            ($first:ident, $($rest:ident),+) => {
                vec![
                    stateright::Property::always(stringify!($first), |m: &Wrapped, s: &Viewed| {
                        !broken_now(&m.0, &s.0).contains(Property::$first)
                    }),
                    $(stateright::Property::always(stringify!($rest), |m: &Wrapped, s: &Viewed| {
                        !broken_cached(&m.0, &s.0).contains(Property::$rest)
                    }),)+
                ]
            };
        }
        let mut properties = safety!(S1, S2, S3, S4, S5, S6, S7, S7a, S8, C1);
        properties.push(stateright::Property::always(
            SENTINEL,
            |_: &Wrapped, _: &Viewed| true,
        ));
        properties
    }
}

/// One scenario to time.
struct Case {
    label: String,
    scenario: Scenario,
    variant: Variant,
}

fn parse_case(spec: &str) -> Result<Case, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (name, workers, variant) = match parts.as_slice() {
        [name] => (*name, None, None),
        [name, workers] => (*name, Some(*workers), None),
        [name, workers, variant] => (*name, Some(*workers), Some(*variant)),
        _ => return Err(format!("`{spec}`: expected SCENARIO[:WORKERS[:VARIANT]]")),
    };
    let workers = match workers {
        Some(text) => Some(
            text.trim_start_matches('w')
                .parse::<usize>()
                .map_err(|error| format!("`{spec}`: workers: {error}"))?,
        ),
        None => None,
    };
    let scenario = Scenario::builtin(name, workers)?;
    let variant = match variant {
        Some(text) => text.parse::<Variant>()?,
        None => scenario.variant,
    };
    Ok(Case {
        label: format!("{name} w{} {variant}", scenario.workers),
        scenario,
        variant,
    })
}

/// Which checkers to run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Both,
    Ours,
    Theirs,
}

/// What one side measured on one scenario: the best of its runs.
#[derive(Clone, Copy)]
struct Timing {
    states: u64,
    transitions: u64,
    /// The shortest wall-clock time.
    best: Duration,
    /// The least CPU time of the process (every thread).
    best_cpu: Duration,
}

impl Timing {
    fn record(slot: &mut Option<Timing>, measured: Measured) {
        match slot {
            Some(timing) => {
                assert_eq!(
                    timing.states, measured.states,
                    "a rerun found another state count"
                );
                timing.best = timing.best.min(measured.wall);
                timing.best_cpu = timing.best_cpu.min(measured.cpu);
            }
            None => {
                *slot = Some(Timing {
                    states: measured.states,
                    transitions: measured.transitions,
                    best: measured.wall,
                    best_cpu: measured.cpu,
                })
            }
        }
    }
}

/// What one run found and how long it took.
struct Measured {
    states: u64,
    transitions: u64,
    wall: Duration,
    cpu: Duration,
}

/// A wall clock and a CPU clock, started together.
struct Stopwatch {
    wall: Instant,
    cpu: Duration,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            wall: Instant::now(),
            cpu: process_cpu_time(),
        }
    }

    fn stop(&self, states: u64, transitions: u64) -> Measured {
        Measured {
            states,
            transitions,
            wall: self.wall.elapsed(),
            cpu: process_cpu_time().saturating_sub(self.cpu),
        }
    }
}

/// CPU time used so far by every thread of this process. On a loaded
/// machine it is less inflated than wall-clock time by other processes.
fn process_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

impl Timing {
    fn same_counts(&self, other: &Timing) -> bool {
        self.states == other.states && self.transitions == other.transitions
    }
}

/// Our whole check: breadth-first search with the successor graph, the
/// safety verdicts, then the liveness and deadlock passes.
fn run_ours(case: &Case) -> Measured {
    let clock = Stopwatch::start();
    let report = checker::check(
        case.scenario.clone(),
        case.variant,
        full_search(),
        &mut |_| true,
    )
    .expect("a valid scenario");
    let measured = clock.stop(report.states, report.transitions);
    assert!(
        report.complete,
        "{}: our search stopped at a bound",
        case.label
    );
    measured
}

/// Our search alone (`checker::bfs::explore`): the same exploration and
/// per-state safety evaluation, without the liveness passes afterwards.
fn run_ours_bfs(case: &Case) -> Measured {
    let clock = Stopwatch::start();
    let model = Model::new(case.scenario.clone(), case.variant, Default::default())
        .expect("a valid scenario");
    let graph = bfs::explore(&model, &full_search(), &mut |_| true);
    let (states, transitions) = (graph.states() as u64, graph.transitions);
    assert!(
        graph.stop.is_none(),
        "{}: our search stopped at a bound",
        case.label
    );
    drop(graph);
    clock.stop(states, transitions)
}

/// Stateright's breadth-first checker on one thread, to the end.
fn run_theirs(case: &Case) -> Measured {
    let clock = Stopwatch::start();
    let model = Model::new(case.scenario.clone(), case.variant, Default::default())
        .expect("a valid scenario");
    let checker = stateright::Model::checker(Wrapped(model))
        .threads(1)
        .finish_when(HasDiscoveries::AllOf(BTreeSet::from([SENTINEL])))
        .spawn_bfs()
        .join();
    let states = checker.unique_state_count() as u64;
    // Stateright counts the initial state and then every successor it
    // generates: one per transition.
    let transitions = checker.state_count() as u64 - 1;
    assert!(
        checker.discovery(SENTINEL).is_none(),
        "the sentinel property never fails"
    );
    drop(checker);
    clock.stop(states, transitions)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1e3)
}

fn per_second(states: u64, duration: Duration) -> f64 {
    states as f64 / duration.as_secs_f64()
}

fn main() -> ExitCode {
    let mut runs = 3usize;
    let mut side = Side::Both;
    let mut specs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|text| text.parse().ok()) {
                Some(count) if count > 0 => runs = count,
                _ => {
                    eprintln!("--runs needs a positive number");
                    return ExitCode::from(2);
                }
            },
            "--only" => match args.next().as_deref() {
                Some("ours") => side = Side::Ours,
                Some("theirs") => side = Side::Theirs,
                _ => {
                    eprintln!("--only needs `ours` or `theirs`");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!(
                    "usage: rendezvous-bench [--runs N] [--only ours|theirs] \
                     [SCENARIO[:WORKERS[:VARIANT]] ...]\n\
                     --only times one side alone (for profiling; no table)\n\
                     default scenarios: {}",
                    DEFAULT_SCENARIOS.join(" ")
                );
                return ExitCode::SUCCESS;
            }
            _ => specs.push(arg),
        }
    }
    if specs.is_empty() {
        specs = DEFAULT_SCENARIOS
            .iter()
            .map(|spec| spec.to_string())
            .collect();
    }
    let cases: Vec<Case> = match specs.iter().map(|spec| parse_case(spec)).collect() {
        Ok(cases) => cases,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };

    if side != Side::Both {
        for case in &cases {
            for _ in 0..runs {
                let measured = match side {
                    Side::Ours => run_ours(case),
                    _ => run_theirs(case),
                };
                println!(
                    "{}: {} states, {} transitions in {} (CPU {}): {:.2} M states/s",
                    case.label,
                    measured.states,
                    measured.transitions,
                    millis(measured.wall),
                    millis(measured.cpu),
                    per_second(measured.states, measured.wall) / 1e6
                );
            }
        }
        return ExitCode::SUCCESS;
    }

    println!(
        "Checker vs Stateright: best of {runs} runs each, one thread, {} build",
        if cfg!(debug_assertions) {
            "DEBUG"
        } else {
            "release"
        }
    );
    println!("load average before: {}", load_average());
    println!();
    println!(
        "| scenario | states (ours / theirs) | transitions | ours: check | ours: BFS only | \
         Stateright | ratio (theirs / ours) | ours: states/s | CPU time: ratio | \
         CPU time: ours states/s |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");

    let mut mismatches = 0;
    let mut log_ratio_sum = 0.0;
    let mut log_cpu_ratio_sum = 0.0;
    let mut total_states = 0u64;
    let mut total_ours = Duration::ZERO;
    let mut total_ours_cpu = Duration::ZERO;
    for case in &cases {
        let (mut ours, mut ours_bfs, mut theirs) = (None, None, None);
        // Interleaved, so a burst of load from elsewhere hits both sides.
        for _ in 0..runs {
            Timing::record(&mut ours, run_ours(case));
            Timing::record(&mut ours_bfs, run_ours_bfs(case));
            Timing::record(&mut theirs, run_theirs(case));
        }
        let (ours, ours_bfs, theirs) = (ours.unwrap(), ours_bfs.unwrap(), theirs.unwrap());
        let same = ours.same_counts(&theirs) && ours.same_counts(&ours_bfs);
        if !same {
            mismatches += 1;
        }
        let ratio = theirs.best.as_secs_f64() / ours.best.as_secs_f64();
        let cpu_ratio = theirs.best_cpu.as_secs_f64() / ours.best_cpu.as_secs_f64();
        log_ratio_sum += ratio.ln();
        log_cpu_ratio_sum += cpu_ratio.ln();
        total_states += ours.states;
        total_ours += ours.best;
        total_ours_cpu += ours.best_cpu;
        println!(
            "| {} | {} / {}{} | {} | {} | {} | {} | {:.2}x | {:.2} M | {:.2}x | {:.2} M |",
            case.label,
            ours.states,
            theirs.states,
            if same { "" } else { " MISMATCH" },
            if ours.transitions == theirs.transitions {
                ours.transitions.to_string()
            } else {
                format!("{} / {} MISMATCH", ours.transitions, theirs.transitions)
            },
            millis(ours.best),
            millis(ours_bfs.best),
            millis(theirs.best),
            ratio,
            per_second(ours.states, ours.best) / 1e6,
            cpu_ratio,
            per_second(ours.states, ours.best_cpu) / 1e6,
        );
    }
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    let geomean = (log_ratio_sum / cases.len() as f64).exp();
    let cpu_geomean = (log_cpu_ratio_sum / cases.len() as f64).exp();
    let overall_rate = per_second(total_states, total_ours);
    let overall_cpu_rate = per_second(total_states, total_ours_cpu);
    println!();
    println!(
        "geometric mean ratio (theirs / ours): {geomean:.2}x wall clock, {cpu_geomean:.2}x CPU \
         time (goal >= 1.5x: {})",
        met(geomean >= 1.5)
    );
    println!(
        "ours overall: {total_states} states in {} wall clock = {:.2} M states/s, in {} CPU \
         time = {:.2} M states/s (goal >= 1 M/s: {})",
        millis(total_ours),
        overall_rate / 1e6,
        millis(total_ours_cpu),
        overall_cpu_rate / 1e6,
        met(overall_rate >= 1e6)
    );
    println!("load average after: {}", load_average());
    if mismatches > 0 {
        eprintln!("error: {mismatches} scenario(s) with different state or transition counts");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Our checker's defaults without the partial-order reduction: Stateright
/// explores every interleaving, so the like-for-like comparison (equal
/// state and transition counts) is against our full search.
fn full_search() -> CheckConfig {
    CheckConfig {
        reduction: false,
        ..CheckConfig::default()
    }
}
