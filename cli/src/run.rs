//! `rendezvous run`: step a scenario, narrate each step, summarise the end;
//! with `--frames DIR`, also draw each moment as an SVG (`frames.rs`).

use crate::args::{Driver, RunOptions};
use crate::setup;
use crate::Failure;
use rendezvous_core::property::describe_location;
use rendezvous_core::schedule;
use rendezvous_core::state::RequesterPc;
use rendezvous_core::{trace_format, Action, Activity, Cancel, Policy, Property, Run, Status};
use std::io::Write;

/// Builds the run, drives it as the options say, and prints it.
pub fn run(options: &RunOptions, out: &mut impl Write) -> Result<(), Failure> {
    let loaded = setup::load(&options.setup).map_err(Failure::Input)?;
    let own_schedule = loaded.scenario.schedule.clone();
    let mut run = Run::new(loaded.scenario, loaded.variant, loaded.assumptions)
        .map_err(|error| Failure::Input(error.to_string()))?;
    let replaying = drive(&mut run, options, own_schedule.as_deref()).map_err(Failure::Input)?;
    if let Some(folder) = &options.frames {
        crate::frames::write_frames(&mut run, folder)
            .map_err(|error| Failure::Input(format!("--frames {}: {error}", folder.display())))?;
    }
    if options.json {
        writeln!(out, "{}", trace_format::export(&run))?;
        return Ok(());
    }
    for index in 0..run.len() {
        writeln!(out, "{}", step_line(&run, index))?;
    }
    write_summary(&run, options.max_steps, replaying, out)?;
    Ok(())
}

/// Steps `run` with the policy the options choose; returns whether the run
/// was a replay of `--schedule` (whose end is not a limit).
fn drive(run: &mut Run, options: &RunOptions, own_schedule: Option<&str>) -> Result<bool, String> {
    let max_steps = options.max_steps;
    match &options.driver {
        Driver::Schedule(text) => {
            let actions = schedule::parse(text).map_err(|error| error.to_string())?;
            run.run_to_end(&mut Policy::replay(actions.clone()), max_steps)
                .map_err(|error| {
                    let refused = actions.get(run.len()).copied();
                    format!(
                        "--schedule: {error}{}",
                        refused.map_or("", |a| hint(run, a))
                    )
                })?;
            Ok(true)
        }
        Driver::Seed(seed) => {
            run.run_to_end(&mut Policy::random(*seed), max_steps)
                .map_err(|error| error.to_string())?;
            Ok(false)
        }
        Driver::Default => {
            if let Some(text) = own_schedule {
                let actions = schedule::parse(text)
                    .map_err(|error| format!("the scenario's own schedule: {error}"))?;
                run.run_to_end(&mut Policy::replay(actions), max_steps)
                    .map_err(|error| format!("the scenario's own schedule: {error}"))?;
            }
            run.run_to_end(&mut Policy::RoundRobin, max_steps)
                .map_err(|error| error.to_string())?;
            Ok(false)
        }
    }
}

/// What a refused step of a `--schedule` needs that the run's assumptions
/// or variant leave out (each such move is enabled only under them,
/// `Model::is_enabled`), as a hint after the refusal; empty otherwise.
fn hint(run: &Run, action: Action) -> &'static str {
    let assumptions = run.model().assumptions();
    match action {
        Action::Wake(_) if assumptions.activity != Activity::Active => {
            "; a worker is woken from outside only with --activity active"
        }
        Action::Cancel(index)
            if assumptions.cancel != Cancel::On
                && run
                    .model()
                    .scenario()
                    .requesters
                    .get(usize::from(index))
                    .is_some_and(|requester| !requester.gives_up) =>
        {
            "; a requester gives up only with --cancel on (or `gives_up` in the scenario)"
        }
        Action::Timeout(_) if !run.model().variant().has_start_timeout() => {
            "; under this variant trace_start waits without a timeout"
        }
        _ => "",
    }
}

/// One narrated line: step number, token, the actor's labels, the words.
fn step_line(run: &Run, index: usize) -> String {
    let step = &run.steps()[index];
    format!(
        "{:>4} {:<11} {} -> {}  {}",
        index + 1,
        schedule::token(step.action),
        step.from,
        step.to,
        run.narration_of(index)
    )
}

fn write_summary(
    run: &Run,
    max_steps: usize,
    replaying: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "status: {}",
        describe_status(run, max_steps, replaying)
    )?;
    writeln!(out, "steps: {}", run.len())?;
    writeln!(out, "schedule: {}", run.schedule())?;
    let model = run.model();
    for (index, requester) in run.state().requesters.iter().enumerate() {
        let Some(dump) = &requester.dump else {
            continue;
        };
        let entries: Vec<String> = dump
            .entries
            .iter()
            .map(|entry| {
                format!(
                    "{} (t{}) {}",
                    model.task_name(entry.task),
                    entry.task,
                    describe_location(entry.location)
                )
            })
            .collect();
        let returned = if requester.pc == RequesterPc::Done {
            "returned"
        } else {
            "taken"
        };
        writeln!(
            out,
            "dump {returned} to R{index} (traced by W{}): {}",
            dump.leader,
            entries.join("; ")
        )?;
    }
    writeln!(out, "properties:")?;
    for property in Property::SAFETY {
        let verdict = match run.first_break(property) {
            Some(0) => "broken at the start".to_owned(),
            Some(step) => format!("broken at step {step}"),
            None => "held".to_owned(),
        };
        writeln!(out, "  {} {}: {verdict}", property.code(), property.title())?;
    }
    Ok(())
}

fn describe_status(run: &Run, max_steps: usize, replaying: bool) -> String {
    match run.status() {
        Status::Finished => {
            "finished: every dump() returned and no worker waits at a barrier".to_owned()
        }
        Status::Deadlock => "deadlock: nothing can move and a dump() is still waiting".to_owned(),
        Status::WorkerStuck => {
            "worker stuck: every dump() returned, but a worker waits at a barrier for ever"
                .to_owned()
        }
        Status::NeedsRelease => format!(
            "needs release: only the user releasing a blocking task can move the run on ({})",
            tokens(&run.enabled())
        ),
        Status::Running if run.len() >= max_steps => {
            format!(
                "step limit: stopped after {}",
                rendezvous_core::figures::plural(max_steps as u64, "step", "steps")
            )
        }
        Status::Running if replaying => format!(
            "running: the schedule ended; possible next steps: {}",
            tokens(&run.enabled())
        ),
        Status::Running => format!(
            "stopped: only moves left to the user remain ({})",
            tokens(&run.enabled())
        ),
    }
}

fn tokens(actions: &[Action]) -> String {
    schedule::format(actions)
}
