//! `rendezvous check`: every interleaving of a scenario, each property
//! judged, with the shortest schedule that breaks it.
//!
//! The checker lives in `rendezvous_core::checker`; this file only measures
//! the wall-clock time (the core has no clock) and prints the report.

use crate::args::CheckOptions;
use crate::setup;
use crate::Failure;
use rendezvous_core::checker::{self, CheckConfig, Outcome, Report};
use std::io::Write;
use std::time::Instant;

/// The report with the time the check took, as `--json` prints it.
#[derive(serde::Serialize)]
struct Timed<'a> {
    #[serde(flatten)]
    report: &'a Report,
    seconds: f64,
    states_per_second: f64,
}

/// Runs the check and prints its report.
pub fn check(options: &CheckOptions, out: &mut impl Write) -> Result<(), Failure> {
    let loaded = setup::load(&options.setup).map_err(Failure::Input)?;
    let defaults = CheckConfig::default();
    let config = CheckConfig {
        max_states: options.max_states.unwrap_or(defaults.max_states),
        max_depth: options.max_depth.unwrap_or(defaults.max_depth),
        symmetry: options.symmetry,
        assumptions: loaded.assumptions,
        ..defaults
    };
    let started = Instant::now();
    let report = checker::check(loaded.scenario, loaded.variant, config, &mut |_| true)
        .map_err(Failure::Input)?;
    let seconds = started.elapsed().as_secs_f64();
    let states_per_second = report.states as f64 / seconds.max(1e-9);
    if options.json {
        let timed = Timed {
            report: &report,
            seconds,
            states_per_second,
        };
        let text = serde_json::to_string_pretty(&timed)
            .map_err(|error| Failure::Input(format!("cannot encode the report: {error}")))?;
        writeln!(out, "{text}")?;
    } else {
        print_report(&report, seconds, states_per_second, out)?;
    }
    if let Some(stop) = report.stop {
        let bound = match stop {
            checker::Stop::MaxStates => format!("--max-states {}", report.config.max_states),
            checker::Stop::MaxDepth => format!("--max-depth {}", report.config.max_depth),
            checker::Stop::Cancelled => "cancellation".to_owned(),
        };
        if !report.any_broken() {
            return Err(Failure::Input(format!(
                "the search stopped at {bound} before exploring every state; \
                 the verdicts marked unknown are not judged"
            )));
        }
    }
    if report.any_broken() {
        return Err(Failure::Broken);
    }
    Ok(())
}

fn print_report(
    report: &Report,
    seconds: f64,
    states_per_second: f64,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let assumptions = report.config.assumptions;
    writeln!(
        out,
        "scenario {} with {} worker(s), variant {} (timing {}, activity {}, cancel {}{})",
        report.scenario,
        report.workers,
        report.variant,
        assumptions.timing.name(),
        assumptions.activity.name(),
        assumptions.cancel.name(),
        if report.config.symmetry {
            ", symmetry reduction"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "states {}  transitions {}  depth {}  time {:.3} s  {:.0} states/s{}",
        report.states,
        report.transitions,
        report.max_depth,
        seconds,
        states_per_second,
        if report.complete {
            ""
        } else {
            "  (incomplete)"
        }
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
            writeln!(out, "          {} ({steps} steps)", verdict.detail)?;
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
