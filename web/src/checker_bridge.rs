//! The page's side of the checker, which runs in a Web Worker so the page
//! stays responsive.
//!
//! The checker is a wasm of its own (the `rendezvous-checker` crate in
//! `checker-wasm/`), so the page's wasm links none of it: the page posts a
//! [`CheckRequest`] as JSON to `static/checker-worker.js`, which loads that
//! wasm, and reads back progress messages and the finished report as
//! [`CheckReply`]s. Stopping a check terminates the worker.

use rendezvous_core::checker::{Progress, Verdict};
use rendezvous_core::{Assumptions, Variant};
use serde::{Deserialize, Serialize};

/// What the page asks the worker to check (the checker crate reads the same
/// fields into its own `CheckRequest`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckRequest {
    /// The scenario's name: a built-in one's, which the worker builds as
    /// the page does (so the request stays small and the page's wasm needs
    /// no writer of scenarios), or a built one's.
    pub scenario: String,
    /// A scenario built in the page, as its link code; absent for a
    /// built-in scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// The number of workers.
    pub workers: usize,
    /// The variant.
    pub variant: Variant,
    /// The assumptions.
    pub assumptions: Assumptions,
    /// The state bound.
    pub max_states: u64,
}

/// What the page asks the worker, as the checker crate's `Request` reads it:
/// `{"check": {…}}`, `{"import": {…}}` or `{"export": {…}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkerRequest<'a> {
    /// Check every interleaving.
    Check(&'a CheckRequest),
    /// Read a trace file with core's reader.
    Import {
        /// The file's text.
        text: &'a str,
        /// The most steps the page records (`state::MAX_STEPS`).
        max_steps: usize,
    },
    /// Write the trace file of the run these parts name.
    Export(&'a RunParts),
    /// Write a built scenario (its link code) as the CLI's scenario file.
    ExportScenario {
        /// The link code.
        code: &'a str,
    },
    /// Read a scenario file as the CLI does; answered by its link code.
    ImportScenario {
        /// The file's text.
        text: &'a str,
    },
    /// Apply one change of the scenario builder and describe its form.
    Draft(&'a DraftRequest),
    /// Draw the run these parts name as a picture: `svg` (the timeline)
    /// or `mermaid` (a sequence diagram).
    Picture {
        /// The run.
        run: &'a RunParts,
        /// Which picture.
        kind: &'a str,
    },
    /// The "Real bugs" panel's list (answered as `Exported`: its markup).
    Bugs,
    /// The note of one stop of a guided tour (answered as `Exported`).
    TourNote {
        /// The tour's scenario.
        scenario: &'a str,
        /// The stop (0-based).
        stop: usize,
    },
    /// Check one defect of that list under its preset, or its fix's.
    ShowBug {
        /// The defect's index.
        bug: usize,
        /// The fix rather than the bug.
        fix: bool,
    },
}

/// What a *Show the bug* or *Show the fix* found.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct BugShown {
    /// The sentence, as markup.
    pub html: String,
    /// The bug's counterexample, at its last step.
    pub open: Option<RunParts>,
}

/// What the page asks of the scenario builder, which runs in the worker
/// (the checker crate's `form::DraftRequest`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DraftRequest {
    /// The draft so far (its link code, possibly out of range); `None` to
    /// begin from the stage's scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The stage's scenario's name.
    pub scenario: String,
    /// The stage's scenario's link code, when it was built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// The stage's worker count.
    pub workers: usize,
    /// The changed control's field path (`tasks[0].polls`, `tasks+`,
    /// `(empty)`); `None` to describe the draft only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The control's new value (`on` or empty for a box).
    pub value: String,
}

/// The builder's draft after a change, as the worker describes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DraftView {
    /// The draft's link code (possibly out of range).
    pub draft: String,
    /// The link code to run, when the core accepts the draft.
    #[serde(default)]
    pub code: Option<String>,
    /// Whether the request changed the draft.
    pub edited: bool,
    /// The form as markup: the status sentence (an alert naming the
    /// refused field, if any), then labelled controls, each named by its
    /// field path in `data-field` (the worker escapes every text in it).
    pub html: String,
}

/// A run as the page's link names it: what an imported trace file holds,
/// and what the page asks to export (the checker crate's `ImportedRun`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunParts {
    /// The scenario's name.
    pub scenario: String,
    /// A scenario built in the page (or edited by hand in a trace file), as
    /// its link code; absent for a built-in scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// The variant.
    pub variant: Variant,
    /// The number of workers.
    pub workers: usize,
    /// The assumptions.
    pub assumptions: Assumptions,
    /// The recorded run, as schedule tokens separated by spaces.
    pub schedule: String,
    /// The step shown (0 to the run's length).
    pub cursor: usize,
}

/// What the worker sends back (the checker crate's `CheckMessage`:
/// `{"progress": {…}}`, `{"done": {"report": {…}, "milliseconds": 12}}` or
/// `{"failed": {"message": "…"}}`) as the page reads it: the report with
/// only what the checker panel shows (serde skips the rest), which keeps decoders of the
/// report's other parts out of the page's wasm.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckReply {
    /// How far the search has got.
    Progress(Progress),
    /// The finished report.
    Done {
        /// The report.
        report: ReportView,
        /// How long the check took in the worker, in whole milliseconds.
        #[serde(default)]
        milliseconds: u64,
        /// The command line that checks the same model further than the
        /// page can (the checker crate's `cli_command`).
        #[serde(default)]
        command: String,
    },
    /// The run a trace file holds.
    Imported(RunParts),
    /// A trace file's or a scenario file's text (or a scenario file's
    /// scenario as its link code, or a tour stop's note).
    Exported {
        /// The file.
        text: String,
    },
    /// The builder's draft and form after a change.
    Draft(DraftView),
    /// What a *Show the bug* or *Show the fix* found.
    BugShown(BugShown),
    /// The request could not be answered: why.
    Failed {
        /// Why.
        message: String,
    },
}

/// The parts of a `Report` (`rendezvous_core::checker::Report`) the checker
/// panel shows.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ReportView {
    /// The bounds and options, of which the panel shows the assumptions.
    pub config: ConfigView,
    /// Unique states found.
    pub states: u64,
    /// Transitions taken.
    pub transitions: u64,
    /// The deepest state found.
    pub max_depth: u32,
    /// Whether every reachable state was explored.
    pub complete: bool,
    /// One verdict per property.
    pub verdicts: Vec<Verdict>,
}

/// The part of a check's configuration the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct ConfigView {
    /// The assumptions the check was made under.
    pub assumptions: Assumptions,
}

/// The bound of a check started from the page, in unique states: as far
/// as a browser tab's memory allows. The checker keeps about 60 to 80
/// bytes per state (`rendezvous check` prints it) and a packed frontier
/// (`core/src/checker/packed.rs`); at this bound the widest model of the
/// docs table, busy-workers with 3 workers, peaks at about 1.6 GB
/// natively, within the 4 GB a wasm32 memory can address and with room for
/// the liveness pass and the minimisation search. It was 3,000,000 while
/// the frontier held whole states (about 2 KB each), which took 1 to 2 GB
/// on their own at that bound.
pub const PAGE_MAX_STATES: u64 = 16_000_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn the_worker_messages_are_read() {
        let progress: CheckReply = json::from_str(
            r#"{"progress": {"states": 3, "transitions": 4, "frontier": 1, "depth": 2}}"#,
        )
        .unwrap();
        assert!(matches!(
            progress,
            CheckReply::Progress(Progress { states: 3, .. })
        ));
        let failed: CheckReply = json::from_str(r#"{"failed": {"message": "no"}}"#).unwrap();
        assert_eq!(
            failed,
            CheckReply::Failed {
                message: "no".to_owned()
            }
        );
    }
}
