//! `rendezvous check`: every interleaving of a scenario, each property
//! judged, with the shortest schedule that breaks it.
//!
//! The checker lives in `rendezvous_core::checker`; this file only measures
//! the wall-clock time (the core has no clock), lends the search its
//! threads (`threads.rs`; the core has none) and prints the report.

use crate::args::CheckOptions;
use crate::setup;
use crate::threads::Threads;
use crate::Failure;
use rendezvous_core::checker::{self, CheckConfig, Outcome, Report};
use rendezvous_core::model::Model;
use std::io::Write;
use std::time::Instant;

/// The report with the time the check took, as `--json` prints it.
#[derive(serde::Serialize)]
struct Timed<'a> {
    #[serde(flatten)]
    report: &'a Report,
    seconds: f64,
    states_per_second: f64,
    /// Bytes the search kept per unique state (`Report::bytes_per_state`).
    bytes_per_state: f64,
    /// The threads that expanded the search's levels.
    threads: usize,
}

/// Runs the check and prints its report.
pub fn check(options: &CheckOptions, out: &mut impl Write) -> Result<(), Failure> {
    let loaded = setup::load(&options.setup).map_err(Failure::Input)?;
    let defaults = CheckConfig::default();
    let config = CheckConfig {
        max_states: options.max_states.unwrap_or(defaults.max_states),
        max_depth: options.max_depth.unwrap_or(defaults.max_depth),
        symmetry: options.symmetry,
        reduction: options.reduction,
        assumptions: loaded.assumptions,
        ..defaults
    };
    let threads = options
        .threads
        .map_or_else(Threads::every_core, Threads::new);
    // Whether the symmetry reduction applies: asked for, and the scenario
    // has 2 to `symmetry::MAX_CLASS` workers with no task of their own.
    let symmetric = options.symmetry
        && Model::new(loaded.scenario.clone(), loaded.variant, config.assumptions)
            .is_ok_and(|model| checker::symmetry::interchangeable_workers(&model).is_some());
    let started = Instant::now();
    let report = checker::check_with(
        loaded.scenario,
        loaded.variant,
        config,
        &mut |_| true,
        &threads,
    )
    .map_err(Failure::Input)?;
    let seconds = started.elapsed().as_secs_f64();
    let states_per_second = report.states as f64 / seconds.max(1e-9);
    if options.json {
        let timed = Timed {
            report: &report,
            seconds,
            states_per_second,
            bytes_per_state: report.bytes_per_state(),
            threads: threads.count(),
        };
        let text = serde_json::to_string_pretty(&timed)
            .map_err(|error| Failure::Input(format!("cannot encode the report: {error}")))?;
        writeln!(out, "{text}")?;
    } else {
        print_report(
            &report,
            symmetric,
            seconds,
            states_per_second,
            threads.count(),
            out,
        )?;
    }
    let stopped = report.stop.map(|stop| {
        let bound = match stop {
            checker::Stop::MaxStates => format!("--max-states {}", report.config.max_states),
            checker::Stop::MaxDepth => format!("--max-depth {}", report.config.max_depth),
            checker::Stop::Cancelled => "cancellation".to_owned(),
        };
        format!(
            "the search stopped at {bound} before exploring every state; \
             the verdicts marked unknown are not judged"
        )
    });
    if report.any_broken() {
        return Err(Failure::Broken(stopped));
    }
    if let Some(stopped) = stopped {
        return Err(Failure::Input(stopped));
    }
    Ok(())
}

fn print_report(
    report: &Report,
    symmetric: bool,
    seconds: f64,
    states_per_second: f64,
    threads: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let assumptions = report.config.assumptions;
    writeln!(
        out,
        "scenario {} with {} worker(s), variant {} (timing {}, activity {}, cancel {}{}{})",
        report.scenario,
        report.workers,
        report.variant,
        assumptions.timing.name(),
        assumptions.activity.name(),
        assumptions.cancel.name(),
        match (report.config.symmetry, symmetric) {
            (true, true) => ", symmetry reduction".to_owned(),
            (true, false) => format!(
                ", no symmetry reduction (it needs 2 to {} workers with no task of \
                 their own at the start)",
                checker::symmetry::MAX_CLASS
            ),
            (false, _) => String::new(),
        },
        if report.config.reduction {
            ", partial-order reduction"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "states {}  transitions {}  depth {}{}",
        report.states,
        report.transitions,
        report.max_depth,
        if report.complete {
            ""
        } else {
            "  (incomplete)"
        }
    )?;
    let megabytes = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let memory = report.memory;
    writeln!(
        out,
        "memory {:.1} bytes/state  (visited set {:.1} MiB, parents and summaries {:.1} MiB, \
         edges {:.1} MiB; frontier {:.1} MiB at most)",
        report.bytes_per_state(),
        megabytes(memory.visited),
        megabytes(memory.records),
        megabytes(memory.edges),
        megabytes(memory.frontier),
    )?;
    if let Some(minimisation) = report.minimisation {
        writeln!(
            out,
            "shortest counterexamples: a search without the reduction to depth {}{} \
             found {} states, {} transitions{}",
            minimisation.depth,
            if minimisation.liveness {
                " (reduced beyond it, for liveness)"
            } else {
                ""
            },
            minimisation.states,
            minimisation.transitions,
            match minimisation.stop {
                Some(checker::Stop::MaxStates) => " and stopped at the state bound",
                Some(_) => " and was stopped",
                None => "",
            }
        )?;
    }
    writeln!(
        out,
        "time {seconds:.3} s  {states_per_second:.0} states/s  {threads} thread{}",
        if threads == 1 { "" } else { "s" }
    )?;
    for verdict in &report.verdicts {
        let outcome = match verdict.outcome {
            Outcome::Holds => "holds",
            Outcome::Broken if verdict.property == rendezvous_core::Property::C1 => {
                "incomplete (by design)"
            }
            Outcome::Broken if verdict.property == rendezvous_core::Property::L1Shutdown => {
                "breaks (documented)"
            }
            Outcome::Broken => "BROKEN",
            Outcome::Unknown => "unknown",
        };
        writeln!(
            out,
            "{:<11} {:<33} {}",
            verdict.property.code(),
            verdict.property.title(),
            outcome
        )?;
        if let (Some(schedule), Some(steps)) = (&verdict.counterexample, verdict.steps) {
            let lengths = match verdict.reduced_steps {
                Some(_) if !verdict.minimal => {
                    format!(
                        "{steps} steps, perhaps not the shortest: the search for it met the bound"
                    )
                }
                Some(reduced) => format!("{steps} steps; the reduced search's took {reduced}"),
                None => format!("{steps} steps"),
            };
            writeln!(out, "          {} ({lengths})", verdict.detail)?;
            writeln!(out, "          schedule: {schedule}")?;
        } else if verdict.outcome == Outcome::Unknown {
            writeln!(out, "          {}", verdict.detail)?;
        }
    }
    // The model's caps (PROTOCOL.md section 6, "Bounds"): each kind met,
    // with how many states and a shortest path to one.
    for bound in &report.bounds {
        let kind = match bound.bound {
            rendezvous_core::state::Bound::Handles => "handles",
            rendezvous_core::state::Bound::IdleBookkeeping => "idle bookkeeping",
        };
        writeln!(
            out,
            "bound reached: {kind} ({} state{})",
            bound.states,
            if bound.states == 1 { "" } else { "s" }
        )?;
        writeln!(out, "          schedule: {}", bound.path)?;
    }
    Ok(())
}
