//! Turning the scenario options into a scenario, a variant and assumptions.

use crate::args::{ScenarioSource, Setup};
use rendezvous_core::{Assumptions, Scenario, Variant};

/// A scenario ready to run or check.
pub struct Loaded {
    /// The scenario, with the worker count applied.
    pub scenario: Scenario,
    /// The variant asked for, or the scenario's own.
    pub variant: Variant,
    /// The assumptions asked for.
    pub assumptions: Assumptions,
}

/// Loads the scenario `setup` names: a built-in one (with `--workers`
/// checked against what it supports) or a JSON file (validated, so a bad
/// field is named).
pub fn load(setup: &Setup) -> Result<Loaded, String> {
    let scenario = match &setup.source {
        ScenarioSource::Builtin(name) => Scenario::builtin(name, setup.workers)?,
        ScenarioSource::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            let mut scenario = Scenario::from_json(&text).map_err(|error| {
                if is_trace_file(&text) {
                    format!(
                        "{}: this is a trace file (`{}`), not a scenario file; its \
                         `scenario` field is one, which can be saved as a file of its own",
                        path.display(),
                        rendezvous_core::trace_format::FORMAT
                    )
                } else {
                    format!("{}: {error}", path.display())
                }
            })?;
            if let Some(workers) = setup.workers {
                scenario.workers = workers;
                scenario.validate().map_err(|error| {
                    format!("{} with --workers {workers}: {error}", path.display())
                })?;
            }
            scenario
        }
    };
    let variant = setup.variant.unwrap_or(scenario.variant);
    Ok(Loaded {
        scenario,
        variant,
        assumptions: setup.assumptions,
    })
}

/// Whether `text` is a trace file (`docs/trace-format.md`): a JSON object
/// whose `format` is the trace format's name.
fn is_trace_file(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|value| {
        value.get("format").and_then(serde_json::Value::as_str)
            == Some(rendezvous_core::trace_format::FORMAT)
    })
}
