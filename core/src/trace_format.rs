//! The versioned JSON form of a run, for export, import and sharing.
//!
//! A trace file holds what is needed to rebuild the run exactly (scenario,
//! variant, assumptions, schedule) and, for readers and other tools, each
//! step's events and narration. Importing replays the schedule through the
//! model and refuses a file whose steps are not possible in its scenario or
//! whose recorded events differ from the replay. The format is documented in
//! `docs/trace-format.md`.

use crate::event::Event;
use crate::model::Action;
use crate::run::Run;
use crate::scenario::Scenario;
use crate::schedule;
use crate::variant::{Assumptions, Variant};
use serde::{Deserialize, Serialize};

/// The `format` field of every trace file.
pub const FORMAT: &str = "rendezvous-trace";
/// The version this build writes. Version 2 follows PROTOCOL.md revision 2
/// (new actors, events and scenario fields).
pub const VERSION: u32 = 2;

/// The oldest version this build reads. A version 1 file was recorded
/// under revision 1 of the model: its schedule is replayed under today's
/// model and its recorded events are not compared, since they describe
/// the old model.
pub const OLDEST_VERSION: u32 = 1;

/// One step as written in a trace file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceStep {
    /// The schedule token of the step, such as `w0:timeout`.
    pub action: String,
    /// The actor's label before the step.
    #[serde(default)]
    pub from: String,
    /// The actor's label after the step.
    #[serde(default)]
    pub to: String,
    /// What the step changed.
    #[serde(default)]
    pub events: Vec<Event>,
    /// The step in plain words.
    #[serde(default)]
    pub narration: String,
}

/// A whole trace file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version, [`VERSION`] for files this build writes.
    pub version: u32,
    /// The runtime simulated.
    pub scenario: Scenario,
    /// The protocol variant.
    pub variant: Variant,
    /// The assumptions the run was made under.
    #[serde(default)]
    pub assumptions: Assumptions,
    /// The run as a schedule string: the source of truth on import.
    pub schedule: String,
    /// The step the viewer was at when exported.
    #[serde(default)]
    pub cursor: usize,
    /// Every step, with its events.
    #[serde(default)]
    pub steps: Vec<TraceStep>,
}

/// Writes `run` as a trace file (pretty JSON).
pub fn export(run: &Run) -> String {
    let file = to_file(run);
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The trace file of `run`.
pub fn to_file(run: &Run) -> TraceFile {
    let model = run.model();
    let steps = run
        .steps()
        .iter()
        .enumerate()
        .map(|(index, step)| TraceStep {
            action: schedule::token(step.action),
            from: step.from.to_owned(),
            to: step.to.to_owned(),
            events: run.events_of(index).to_vec(),
            narration: run.narration_of(index),
        })
        .collect();
    TraceFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        scenario: model.scenario().clone(),
        variant: model.variant(),
        assumptions: model.assumptions(),
        schedule: run.schedule(),
        cursor: run.cursor(),
        steps,
    }
}

/// Reads a trace file and rebuilds its run, with the cursor where it was.
pub fn import(text: &str) -> Result<Run, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))?;
    match value.get("format").and_then(|format| format.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "not a Rendezvous trace: its format is `{other}`, expected `{FORMAT}`"
            ))
        }
        None => {
            return Err(format!(
                "not a Rendezvous trace: no `format: \"{FORMAT}\"` field"
            ))
        }
    }
    match value.get("version").and_then(|version| version.as_u64()) {
        Some(version) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&version) => {}
        Some(version) => {
            return Err(format!(
                "trace version {version} is not supported; this build reads versions {OLDEST_VERSION} to {VERSION}"
            ))
        }
        None => return Err("trace has no numeric `version` field".to_owned()),
    }
    let file: TraceFile =
        serde_json::from_value(value).map_err(|error| format!("malformed trace: {error}"))?;
    from_file(&file)
}

/// Rebuilds the run a trace file describes.
pub fn from_file(file: &TraceFile) -> Result<Run, String> {
    file.scenario
        .validate()
        .map_err(|error| format!("trace scenario: {error}"))?;
    let actions: Vec<Action> =
        schedule::parse(&file.schedule).map_err(|error| format!("trace {error}"))?;
    let mut run = Run::new(file.scenario.clone(), file.variant, file.assumptions)
        .map_err(|error| error.to_string())?;
    let old = file.version < VERSION;
    for (index, action) in actions.into_iter().enumerate() {
        run.step(action).map_err(|error| {
            if old {
                format!(
                    "trace schedule: this file was written by revision 1 of the model, and its step {} is not possible in revision 2: {error}",
                    index + 1
                )
            } else {
                format!("trace schedule: {error}")
            }
        })?;
    }
    if !file.steps.is_empty() {
        if file.steps.len() != run.len() {
            return Err(format!(
                "trace lists {} steps but its schedule has {}",
                file.steps.len(),
                run.len()
            ));
        }
        for (index, step) in file.steps.iter().enumerate() {
            if step.action != schedule::token(run.steps()[index].action) {
                return Err(format!(
                    "trace step {} is `{}` but the schedule says `{}`",
                    index + 1,
                    step.action,
                    schedule::token(run.steps()[index].action)
                ));
            }
            if !old && !step.events.is_empty() && step.events != run.events_of(index) {
                return Err(format!(
                    "trace step {} (`{}`) records other events than this model produces; \
                     was it written by another version?",
                    index + 1,
                    step.action
                ));
            }
        }
    }
    if file.cursor > run.len() {
        return Err(format!(
            "trace cursor {} is past its last step {}",
            file.cursor,
            run.len()
        ));
    }
    run.seek(file.cursor);
    Ok(run)
}
