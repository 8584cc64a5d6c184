//! The page's side of the checker, which runs in a Web Worker so the page
//! stays responsive.
//!
//! The checker is a wasm of its own (the `rendezvous-checker` crate in
//! `checker-wasm/`), so the page's wasm links none of it: the page posts a
//! [`CheckRequest`] as JSON to `static/checker-worker.js`, which loads that
//! wasm, and reads back progress messages and the finished report as
//! [`CheckReply`]s. Stopping a check terminates the worker.

use crate::json::{Object, ToJson, Writer};
use rendezvous_core::checker::Progress;
use rendezvous_core::{Assumptions, Variant};

/// What the page asks the worker to check (the checker crate reads the same
/// fields into its own `CheckRequest`).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRequest {
    /// The scenario's name: a built-in one's, which the worker builds as
    /// the page does (so the request stays small and the page's wasm needs
    /// no writer of scenarios), or a built one's.
    pub scenario: String,
    /// A scenario built in the page, as its link code; absent for a
    /// built-in scenario.
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
#[derive(Clone, Debug, PartialEq)]
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
    /// The Challenges panel for the run these parts name.
    Challenges {
        /// The run on the stage.
        run: &'a RunParts,
        /// The page's link to that moment (recorded with a win).
        fragment: &'a str,
        /// The record of wins the page keeps in the browser's storage.
        record: &'a str,
    },
    /// Check one defect of that list under its preset, or its fix's.
    ShowBug {
        /// The defect's index.
        bug: usize,
        /// The fix rather than the bug.
        fix: bool,
    },
}

/// What the page asks of the scenario builder, which runs in the worker
/// (the checker crate's `form::DraftRequest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRequest {
    /// The draft so far (its link code, possibly out of range); `None` to
    /// begin from the stage's scenario.
    pub draft: Option<String>,
    /// The stage's scenario's name.
    pub scenario: String,
    /// The stage's scenario's link code, when it was built.
    pub built: Option<String>,
    /// The stage's worker count.
    pub workers: usize,
    /// The changed control's field path (`tasks[0].polls`, `tasks+`,
    /// `(empty)`); `None` to describe the draft only.
    pub field: Option<String>,
    /// The control's new value (`on` or empty for a box).
    pub value: String,
}

/// The builder's draft after a change, as the worker describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftView {
    /// The draft's link code (possibly out of range).
    pub draft: String,
    /// The link code to run, when the core accepts the draft.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunParts {
    /// The scenario's name.
    pub scenario: String,
    /// A scenario built in the page (or edited by hand in a trace file), as
    /// its link code; absent for a built-in scenario.
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

/// The assumptions by their names, as core's serde writes them.
fn assumptions(assumptions: Assumptions) -> Writer {
    Writer::new()
        .text("timing", assumptions.timing.name())
        .text("activity", assumptions.activity.name())
        .text("cancel", assumptions.cancel.name())
}

impl ToJson for CheckRequest {
    fn to_json(&self) -> Writer {
        Writer::new()
            .text("scenario", &self.scenario)
            .text_if("built", self.built.as_deref())
            .number("workers", self.workers as u64)
            .text("variant", self.variant.name())
            .object("assumptions", assumptions(self.assumptions))
            .number("max_states", self.max_states)
    }
}

impl ToJson for RunParts {
    fn to_json(&self) -> Writer {
        Writer::new()
            .text("scenario", &self.scenario)
            .text_if("built", self.built.as_deref())
            .text("variant", self.variant.name())
            .number("workers", self.workers as u64)
            .object("assumptions", assumptions(self.assumptions))
            .text("schedule", &self.schedule)
            .number("cursor", self.cursor as u64)
    }
}

impl ToJson for DraftRequest {
    fn to_json(&self) -> Writer {
        Writer::new()
            .text_if("draft", self.draft.as_deref())
            .text("scenario", &self.scenario)
            .text_if("built", self.built.as_deref())
            .number("workers", self.workers as u64)
            .text_if("field", self.field.as_deref())
            .text("value", &self.value)
    }
}

impl ToJson for WorkerRequest<'_> {
    /// The request named by its one key, as the checker crate's `Request`
    /// reads it (`{"check": {…}}`, `{"bugs": {}}`).
    fn to_json(&self) -> Writer {
        let (kind, body) = match self {
            WorkerRequest::Check(request) => ("check", request.to_json()),
            WorkerRequest::Import { text, max_steps } => (
                "import",
                Writer::new()
                    .text("text", text)
                    .number("max_steps", *max_steps as u64),
            ),
            WorkerRequest::Export(run) => ("export", run.to_json()),
            WorkerRequest::ExportScenario { code } => {
                ("export-scenario", Writer::new().text("code", code))
            }
            WorkerRequest::ImportScenario { text } => {
                ("import-scenario", Writer::new().text("text", text))
            }
            WorkerRequest::Draft(request) => ("draft", request.to_json()),
            WorkerRequest::Picture { run, kind } => (
                "picture",
                Writer::new()
                    .object("run", run.to_json())
                    .text("kind", kind),
            ),
            WorkerRequest::Bugs => ("bugs", Writer::new()),
            WorkerRequest::Challenges {
                run,
                fragment,
                record,
            } => (
                "challenges",
                Writer::new()
                    .object("run", run.to_json())
                    .text("fragment", fragment)
                    .text("record", record),
            ),
            WorkerRequest::TourNote { scenario, stop } => (
                "tour-note",
                Writer::new()
                    .text("scenario", scenario)
                    .number("stop", *stop as u64),
            ),
            WorkerRequest::ShowBug { bug, fix } => (
                "show-bug",
                Writer::new().number("bug", *bug as u64).flag("fix", *fix),
            ),
        };
        Writer::new().object(kind, body)
    }
}

/// What a *Show the bug* or *Show the fix* found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BugShown {
    /// The sentence, as markup.
    pub html: String,
    /// The link to the bug's counterexample, at its last step (a URL
    /// fragment, as the worker writes it from the run's parts).
    pub open: Option<String>,
}

/// What the worker sends back (the checker crate's `CheckMessage`, one
/// JSON object named by its one key: `{"progress": {…}}`,
/// `{"done": {"html": "…", …}}`, `{"failed": {"message": "…"}}`), read
/// field by field ([`CheckReply::read`]) rather than with serde, which
/// keeps serde's readers out of the page's wasm (see `json.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum CheckReply {
    /// How far the search has got.
    Progress(Progress),
    /// The finished report, as markup the worker wrote
    /// (`checker-wasm/src/report.rs`): the summary, the verdicts, each
    /// counterexample's Replay button with its link (at the violation)
    /// in `data-replay`.
    Done {
        /// The markup.
        html: String,
    },
    /// The run a trace file holds, as the link that opens it (a URL
    /// fragment, `fragment.rs`'s format, as the worker writes it from the
    /// run's parts).
    Imported(String),
    /// A trace file's or a scenario file's text (or a scenario file's
    /// scenario as its link code, or a tour stop's note, or the Real bugs
    /// list's markup).
    Exported {
        /// The file.
        text: String,
    },
    /// The builder's draft and form after a change.
    Draft(DraftView),
    /// What a *Show the bug* or *Show the fix* found.
    BugShown(BugShown),
    /// The Challenges panel's list as markup, and the record of wins to
    /// keep.
    Challenges {
        /// The list.
        html: String,
        /// The record.
        record: String,
    },
    /// The request could not be answered: why.
    Failed {
        /// Why.
        message: String,
    },
}

/// The text field `key` of `object`, or a sentence naming it.
fn text(object: &Object, key: &str) -> Result<String, String> {
    object.text(key).ok_or_else(|| format!("no text `{key}`"))
}

/// The whole-number field `key` of `object`, or a sentence naming it.
fn number(object: &Object, key: &str) -> Result<u64, String> {
    object
        .number(key)
        .ok_or_else(|| format!("no whole number `{key}`"))
}

impl CheckReply {
    /// Reads one message of the worker (JSON text). Errors: a sentence
    /// saying what is missing or unknown, starting "unreadable message from
    /// the checker".
    pub fn read(message: &str) -> Result<CheckReply, String> {
        Self::read_object(message)
            .map_err(|error| format!("unreadable message from the checker: {error}"))
    }

    fn read_object(message: &str) -> Result<CheckReply, String> {
        let (kind, body) = Object::parse(message)?.first().ok_or("no kind of answer")?;
        Ok(match kind.as_str() {
            "progress" => CheckReply::Progress(Progress {
                states: number(&body, "states")?,
                transitions: number(&body, "transitions")?,
                frontier: number(&body, "frontier")?,
                depth: number(&body, "depth")? as u32,
            }),
            "done" => CheckReply::Done {
                html: text(&body, "html")?,
            },
            "imported" => CheckReply::Imported(text(&body, "fragment")?),
            "exported" => CheckReply::Exported {
                text: text(&body, "text")?,
            },
            "draft" => CheckReply::Draft(DraftView {
                draft: text(&body, "draft")?,
                code: body.text("code"),
                edited: body.flag("edited").ok_or("no flag `edited`")?,
                html: text(&body, "html")?,
            }),
            "bug-shown" => CheckReply::BugShown(BugShown {
                html: text(&body, "html")?,
                open: body.text("open"),
            }),
            "challenges" => CheckReply::Challenges {
                html: text(&body, "html")?,
                record: text(&body, "record")?,
            },
            "failed" => CheckReply::Failed {
                message: text(&body, "message")?,
            },
            other => return Err(format!("unknown answer `{other}`")),
        })
    }
}

/// The bound of a check started from the page, in unique states: as far
/// as a browser tab's memory allows. The checker keeps about 60 to 80
/// bytes per state (`rendezvous check` prints it) and a packed frontier
/// (`core/src/checker/packed.rs`); at this bound the widest model of the
/// docs table, busy-workers with 3 workers, peaks at 1.56 GB natively
/// (its minimisation search to the bound included), within the 4 GB a
/// wasm32 memory can address and with room for the liveness pass. It was
/// 3,000,000 while the frontier held whole states (about 2 KB each), which
/// took 1 to 2 GB on their own at that bound, then 16,000,000; at
/// 24,000,000 the two-requester rows of `docs/checker.md` under
/// `tokio-1.29` and `idle-fix` (22.3 M and 20.7 M states) are decided whole.
pub const PAGE_MAX_STATES: u64 = 24_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_messages_are_read() {
        let progress = CheckReply::read(
            r#"{"progress": {"states": 3, "transitions": 4, "frontier": 1, "depth": 2}}"#,
        )
        .unwrap();
        assert!(matches!(
            progress,
            CheckReply::Progress(Progress {
                states: 3,
                depth: 2,
                ..
            })
        ));
        let failed = CheckReply::read(r#"{"failed": {"message": "no"}}"#).unwrap();
        assert_eq!(
            failed,
            CheckReply::Failed {
                message: "no".to_owned()
            }
        );
        let imported = r#"{"imported": {"fragment": "scenario=wedged-worker&step=2"}}"#;
        assert_eq!(
            CheckReply::read(imported),
            Ok(CheckReply::Imported(
                "scenario=wedged-worker&step=2".to_owned()
            ))
        );
        let shown = CheckReply::read(r#"{"bug-shown": {"html": "<p>", "open": null}}"#);
        assert_eq!(
            shown,
            Ok(CheckReply::BugShown(BugShown {
                html: "<p>".to_owned(),
                open: None
            }))
        );
    }

    #[test]
    fn a_message_that_cannot_be_read_is_refused_by_what_it_lacks() {
        let refused = |text: &str| CheckReply::read(text).unwrap_err();
        assert_eq!(
            refused("{"),
            "unreadable message from the checker: EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(
            refused("{}"),
            "unreadable message from the checker: no kind of answer"
        );
        assert_eq!(
            refused(r#"{"sent": {}}"#),
            "unreadable message from the checker: unknown answer `sent`"
        );
        assert_eq!(
            refused(r#"{"progress": {"states": 1.5}}"#),
            "unreadable message from the checker: no whole number `states`"
        );
        assert_eq!(
            refused(r#"{"draft": {"draft": "x", "html": ""}}"#),
            "unreadable message from the checker: no flag `edited`"
        );
        assert_eq!(
            refused(r#"{"imported": {"run": {}}}"#),
            "unreadable message from the checker: no text `fragment`"
        );
    }
}
