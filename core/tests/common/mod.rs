//! Helpers shared by the integration tests of `rendezvous-core`.
#![allow(dead_code)]

use rendezvous_core::schedule;
use rendezvous_core::{Policy, Property, Run, Scenario, Status};

/// The run a scenario shows by default: built-in scenario `name` with its
/// own worker count and variant, its own schedule prefix (if any), then
/// round-robin until nothing more can be taken.
pub fn default_run(name: &str, max_steps: usize) -> Run {
    let scenario = Scenario::builtin(name, None).expect("built-in scenario");
    let variant = scenario.variant;
    run_default_policy(scenario, variant, max_steps)
}

/// A run of `scenario` under `variant` driven like the default run, for at
/// most `max_steps` steps.
pub fn run_default_policy(
    scenario: Scenario,
    variant: rendezvous_core::Variant,
    max_steps: usize,
) -> Run {
    let prefix = scenario.schedule.clone();
    let mut run = Run::new(scenario, variant, Default::default()).expect("valid scenario");
    if let Some(prefix) = prefix {
        let actions = schedule::parse(&prefix).expect("the scenario's schedule parses");
        run.run_to_end(&mut Policy::replay(actions), max_steps)
            .expect("the scenario's schedule is possible");
    }
    run.run_to_end(&mut Policy::RoundRobin, max_steps)
        .expect("round-robin only takes enabled steps");
    run
}

/// A fresh run of `scenario` under `variant` that replays `text`, which
/// must be possible.
pub fn replay(scenario: Scenario, variant: rendezvous_core::Variant, text: &str) -> Run {
    let actions = schedule::parse(text).expect("schedule parses");
    let mut run = Run::new(scenario, variant, Default::default()).expect("valid scenario");
    for action in actions {
        run.step(action)
            .expect("every step of the schedule is possible");
    }
    run
}

/// One narrated line per step, as the CLI prints it.
pub fn step_lines(run: &Run) -> String {
    let mut text = String::new();
    for index in 0..run.len() {
        let step = &run.steps()[index];
        text.push_str(&format!(
            "{:>4} {:<11} {} -> {}  {}\n",
            index + 1,
            schedule::token(step.action),
            step.from,
            step.to,
            run.narration_of(index)
        ));
    }
    text
}

/// The 1-based step at which `property` first broke, if it did.
pub fn first_break(run: &Run, property: Property) -> Option<usize> {
    run.first_break(property)
}

/// The status in the words the snapshots use.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Running => "running",
        Status::Finished => "finished",
        Status::NeedsRelease => "needs release",
        Status::Deadlock => "deadlock",
        Status::WorkerStuck => "worker stuck",
    }
}

/// The narrated run followed by its final status and each safety property;
/// a run still running at `max_steps` says so.
pub fn narrated_report(run: &Run, max_steps: usize) -> String {
    let model = run.model();
    let mut text = format!(
        "scenario {} with {} worker(s), variant {}\n\n",
        model.scenario().name,
        model.worker_count(),
        model.variant()
    );
    text.push_str(&step_lines(run));
    let status = run.status();
    if status == Status::Running && run.len() >= max_steps {
        text.push_str(&format!(
            "\nstatus: running at the {max_steps}-step limit\n"
        ));
    } else {
        text.push_str(&format!("\nstatus: {}\n", status_name(status)));
    }
    for property in Property::SAFETY {
        let verdict = match run.first_break(property) {
            Some(0) => "broken at the start".to_owned(),
            Some(step) => format!("broken at step {step}"),
            None => "held".to_owned(),
        };
        text.push_str(&format!(
            "{} {}: {verdict}\n",
            property.code(),
            property.title()
        ));
    }
    text
}
