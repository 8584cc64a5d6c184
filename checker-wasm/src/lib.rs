//! # rendezvous-checker: the playground's exhaustive checker
//!
//! The page's "Check all interleavings" runs in a Web Worker
//! (`static/checker-worker.js`), which loads this crate's wasm, a module of
//! its own: the page's wasm (`rendezvous-web`) does not link the checker,
//! so the first load stays small, and this one is fetched when the first
//! check starts (and precached by the service worker with the rest of the
//! site). The worker calls [`serve_in_worker`] with a [`Request`] as JSON;
//! a check's progress goes back through a JavaScript callback and the
//! answer is returned as JSON, a [`CheckMessage`]. The page's side of that
//! exchange (building the request, reading the reply) is
//! `web/src/checker_bridge.rs`. Stopping a check terminates the worker.
//!
//! The same worker reads and writes the page's trace files ([`files`]):
//! with core's own reader and writer, which the page's wasm then need not
//! carry.
//!
//! Everything but [`serve_in_worker`] is platform-free and tested natively.

pub mod bugs;
pub mod challenges;
pub mod draft;
pub mod export;
pub mod files;
pub mod form;
pub mod json;
pub mod real_bugs;
pub mod report;
pub mod tour_notes;

use rendezvous_core::checker::{self, CheckConfig, Progress, Report};
use rendezvous_core::{Assumptions, Variant};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The allocator of the checker's wasm, as of the page's: Talc,
/// single-threaded, growing the wasm memory as it needs. Smaller and faster
/// than Rust's default dlmalloc.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// What the page asks the worker to check (the page writes the same fields
/// from its own `CheckRequest`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRequest {
    /// The scenario's name: a built-in one's, which the worker builds as
    /// the page does (so the request stays small), or a built one's.
    pub scenario: String,
    /// A scenario built in the page, as its link code (core's
    /// `Scenario::to_link_code`); absent for a built-in scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// What the page asks the worker, as JSON: `{"check": {…}}`,
/// `{"import": {"text": "…", "max_steps": 5000}}` or `{"export": {…}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Check every interleaving; answered by progress messages and
    /// [`CheckMessage::Done`].
    Check(CheckRequest),
    /// Read a trace file; answered by [`CheckMessage::Imported`].
    Import {
        /// The file's text.
        text: String,
        /// The most steps the page records.
        max_steps: usize,
    },
    /// Write the trace file of a run; answered by
    /// [`CheckMessage::Exported`].
    Export(files::ExportRequest),
    /// Write a scenario built in the page as the CLI's scenario file
    /// (`rendezvous run --scenario-file`); answered by
    /// [`CheckMessage::Exported`].
    ExportScenario {
        /// The scenario's link code.
        code: String,
    },
    /// Read a scenario file (PROTOCOL.md section 15.1, as the CLI reads
    /// it); answered by [`CheckMessage::Exported`], its text the
    /// scenario's link code.
    ImportScenario {
        /// The file's text.
        text: String,
    },
    /// Apply one change of the scenario builder and describe its form;
    /// answered by [`CheckMessage::Draft`].
    Draft(form::DraftRequest),
    /// Draw a run as a picture to download; answered by
    /// [`CheckMessage::Exported`].
    Picture {
        /// The run, by the parts of its link.
        run: files::ExportRequest,
        /// `svg` (the timeline, [`export::timeline_svg`]) or `mermaid`
        /// (a sequence diagram, [`export::mermaid`]).
        kind: String,
    },
    /// The "Real bugs" panel's list; answered by [`CheckMessage::Exported`]
    /// with its markup ([`real_bugs::list`]).
    Bugs {},
    /// One stop of a guided tour; answered by [`CheckMessage::Exported`]
    /// with the tour panel's body at that stop as markup
    /// ([`tour_notes::stop_markup`]: the note, the moves, the stops).
    TourNote {
        /// The tour's scenario.
        scenario: String,
        /// The stop (0-based).
        stop: usize,
    },
    /// The Challenges panel for the run on the stage; answered by
    /// [`CheckMessage::Challenges`] ([`challenges::answer`]).
    Challenges {
        /// The run, by the parts of its link.
        run: files::ExportRequest,
        /// The page's link to that moment, recorded with a win.
        fragment: String,
        /// The record of wins the page keeps (`Progress`'s text).
        record: String,
    },
    /// *Show the bug* (or the fix) of one defect of that list; answered by
    /// progress messages and [`CheckMessage::BugShown`].
    ShowBug {
        /// The defect's index in the list.
        bug: usize,
        /// The fix rather than the bug.
        fix: bool,
    },
}

/// What the worker sends back, as JSON: one object named by its one key,
/// `{"progress": {…}}`, `{"done": {"html": "…"}}`, `{"failed": {"message":
/// "…"}}` and so on, holding only text, whole numbers and flags. The page
/// reads it field by field as its `CheckReply`
/// (`web/src/checker_bridge.rs`), without serde.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckMessage {
    /// How far the search has got.
    Progress(Progress),
    /// The finished report; the page receives it as markup
    /// (`{"done": {"html": "…"}}`, [`report::markup`]).
    #[serde(serialize_with = "done_as_markup")]
    Done {
        /// The report.
        report: Report,
        /// How long the check took in the worker, in whole milliseconds:
        /// [`serve_in_worker`] measures it around the call and sets it (0
        /// until then).
        milliseconds: u64,
        /// The command line that checks the same model further than the
        /// page can ([`cli_command`]), which the page offers when the check
        /// stopped at its bound.
        command: String,
        /// The checked scenario's link code when it was built in the
        /// page, for the Replay links.
        built: Option<String>,
    },
    /// The run a trace file holds; the page receives its link
    /// (`{"imported": {"fragment": "…"}}`).
    #[serde(serialize_with = "files::serialize_as_fragment")]
    Imported(files::ImportedRun),
    /// A trace file's or a scenario file's text.
    Exported {
        /// The file.
        text: String,
    },
    /// The scenario builder's draft and form after a change.
    Draft(form::DraftView),
    /// What a *Show the bug* or *Show the fix* found.
    BugShown(real_bugs::BugShown),
    /// The Challenges panel: its list as markup, and the record of wins
    /// with this moment's added, for the page to keep.
    Challenges {
        /// The list.
        html: String,
        /// The record.
        record: String,
    },
    /// The request could not be answered: why (a check refused, a file
    /// refused, with core's message).
    Failed {
        /// Why.
        message: String,
    },
}

/// How many states the search explores between two progress messages.
pub const PROGRESS_EVERY: u64 = 8192;

/// Answers `request` (a [`Request`] as JSON) and returns the answer, a
/// [`CheckMessage`], as JSON; during a check `progress` receives progress
/// messages (JSON).
#[wasm_bindgen]
pub fn serve_in_worker(request: &str, progress: &js_sys::Function) -> String {
    let started = js_sys::Date::now();
    let mut message = serve(request, &mut |update| {
        if let Ok(text) = json::to_string(&CheckMessage::Progress(update)) {
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&text));
        }
        true
    });
    if let CheckMessage::Done { milliseconds, .. } = &mut message {
        *milliseconds = (js_sys::Date::now() - started).max(0.0) as u64;
    }
    json::to_string(&message).unwrap_or_else(|error| {
        json::to_string(&CheckMessage::Failed {
            message: format!("cannot encode the report: {error}"),
        })
        .unwrap_or_default()
    })
}

/// How [`CheckMessage::Done`] reaches the page: the report as markup
/// (`{"html": "…"}`), which is all the page reads of it. (serde hands a
/// variant's fields over by reference, `&String` included.)
#[allow(clippy::ptr_arg)]
fn done_as_markup<S: serde::Serializer>(
    report: &Report,
    milliseconds: &u64,
    command: &String,
    built: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut done = serializer.serialize_struct("Done", 1)?;
    let html = report::markup(report, *milliseconds, command, built.as_deref());
    done.serialize_field("html", &html)?;
    done.end()
}

/// Parses a [`Request`] and answers it; platform-free, so it is tested
/// natively.
pub fn serve(request: &str, progress: &mut dyn FnMut(Progress) -> bool) -> CheckMessage {
    let request: Request = match json::from_str(request) {
        Ok(request) => request,
        Err(error) => {
            return CheckMessage::Failed {
                message: format!("malformed request: {error}"),
            }
        }
    };
    let answer = match request {
        Request::Check(request) => return run_check(request, progress),
        Request::Import { text, max_steps } => {
            files::import_trace(&text, max_steps).map(CheckMessage::Imported)
        }
        Request::Export(request) => {
            files::export_trace(&request).map(|text| CheckMessage::Exported { text })
        }
        Request::ExportScenario { code } => {
            files::export_scenario(&code).map(|text| CheckMessage::Exported { text })
        }
        Request::ImportScenario { text } => {
            files::import_scenario(&text).map(|text| CheckMessage::Exported { text })
        }
        Request::Draft(request) => form::answer(&request).map(CheckMessage::Draft),
        Request::Picture { run, kind } => picture(&run, &kind),
        Request::Bugs {} => Ok(CheckMessage::Exported {
            text: real_bugs::list(),
        }),
        Request::TourNote { scenario, stop } => {
            tour_notes::stop_markup(&scenario, stop).map(|text| CheckMessage::Exported { text })
        }
        Request::Challenges {
            run,
            fragment,
            record,
        } => challenges::answer(&run, &fragment, &record)
            .map(|(html, record)| CheckMessage::Challenges { html, record }),
        Request::ShowBug { bug, fix } => {
            real_bugs::show(bug, fix, progress).map(CheckMessage::BugShown)
        }
    };
    answer.unwrap_or_else(|message| CheckMessage::Failed { message })
}

/// How far the command line goes in [`cli_command`]: about a minute and a
/// few gigabytes on a laptop.
pub const CLI_MAX_STATES: u64 = 50_000_000;

/// The command line that checks the same model further than the page can,
/// offered when the page's check stops at its bound: the CLI's own flags,
/// with the assumptions only where they differ from the defaults. A built
/// scenario is named by the file the builder's "Save scenario" writes,
/// `<name>.json`.
pub fn cli_command(
    scenario: &str,
    built: bool,
    workers: usize,
    variant: Variant,
    assumptions: Assumptions,
) -> String {
    let defaults = Assumptions::default();
    let source = if built {
        format!("--scenario-file {scenario}.json")
    } else {
        format!("--scenario {scenario}")
    };
    let mut command = format!(
        "rendezvous check {source} --workers {workers} --variant {}",
        variant.name()
    );
    if assumptions.timing != defaults.timing {
        command += &format!(" --timing {}", assumptions.timing.name());
    }
    if assumptions.activity != defaults.activity {
        command += &format!(" --activity {}", assumptions.activity.name());
    }
    if assumptions.cancel != defaults.cancel {
        command += &format!(" --cancel {}", assumptions.cancel.name());
    }
    command + &format!(" --max-states {CLI_MAX_STATES}")
}

/// The picture `kind` of the run `run` names.
#[inline(never)]
fn picture(run: &files::ExportRequest, kind: &str) -> Result<CheckMessage, String> {
    let run = files::run_of(run)?;
    let text = match kind {
        "svg" => export::timeline_svg(&run),
        "mermaid" => export::mermaid(&run),
        other => {
            return Err(format!(
                "no picture of kind `{other}`; expected svg or mermaid"
            ))
        }
    };
    Ok(CheckMessage::Exported { text })
}

/// Checks `request`. (Kept out of line: inlined into [`serve`] with the
/// trace reader and writer it makes the wasm several times larger.)
#[inline(never)]
fn run_check(request: CheckRequest, progress: &mut dyn FnMut(Progress) -> bool) -> CheckMessage {
    let config = CheckConfig {
        max_states: request.max_states,
        assumptions: request.assumptions,
        progress_every: PROGRESS_EVERY,
        ..CheckConfig::default()
    };
    let scenario =
        match files::scenario_of(&request.scenario, request.built.as_deref(), request.workers) {
            Ok(scenario) => scenario,
            Err(message) => return CheckMessage::Failed { message },
        };
    let command = cli_command(
        &request.scenario,
        request.built.is_some(),
        request.workers,
        request.variant,
        request.assumptions,
    );
    match checker::check(scenario, request.variant, config, progress) {
        Ok(report) => CheckMessage::Done {
            report,
            milliseconds: 0,
            command,
            built: request.built.clone(),
        },
        Err(message) => CheckMessage::Failed { message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::checker::Outcome;
    use rendezvous_core::Property;
    use rendezvous_core::Scenario;
    use rendezvous_web::checker_bridge::{self as page, CheckReply, PAGE_MAX_STATES};

    /// The request as the page writes it, for the worker to read.
    fn page_request(scenario: &str) -> String {
        rendezvous_web::json::to_string(&page::WorkerRequest::Check(&page::CheckRequest {
            scenario: scenario.to_owned(),
            built: None,
            workers: 2,
            variant: Variant::Tokio,
            assumptions: Assumptions::default(),
            max_states: PAGE_MAX_STATES,
        }))
        .expect("encodes")
    }

    #[test]
    fn the_page_request_is_checked_and_the_page_reads_the_report() {
        // A model whose whole state space is small (the page's bound is
        // 24 M states; wedged-worker's 7.5 M would take a while here).
        let text = page_request("issue5638-very-stuck");
        let request: Request = json::from_str(&text).expect("the worker reads it");
        assert!(matches!(
            request,
            Request::Check(CheckRequest {
                max_states: PAGE_MAX_STATES,
                ..
            })
        ));
        let mut updates = 0;
        let message = serve(&text, &mut |_| {
            updates += 1;
            true
        });
        let CheckMessage::Done {
            report, command, ..
        } = message
        else {
            panic!("expected a report, got {message:?}");
        };
        assert!(updates > 0);
        assert_eq!(report.verdict(Property::S1).outcome, Outcome::Broken);
        assert!(
            command.starts_with("rendezvous check --scenario issue5638-very-stuck --workers 2"),
            "{command}"
        );
        let encoded = json::to_string(&CheckMessage::Done {
            report: report.clone(),
            milliseconds: 7,
            command: command.clone(),
            built: None,
        })
        .expect("encodes");
        assert!(encoded.starts_with("{\"done\":{\"html\":"), "{encoded}");
        let decoded = CheckReply::read(&encoded).expect("decodes");
        assert_eq!(
            decoded,
            CheckReply::Done {
                html: report::markup(&report, 7, &command, None)
            }
        );
    }

    /// The `index`-th of the eight combinations of the assumptions, so a
    /// loop over the variants meets every one.
    fn assumptions_of(index: usize) -> Assumptions {
        use rendezvous_core::{Activity, Cancel, Timing};
        Assumptions {
            timing: [Timing::Timely, Timing::Any][index % 2],
            activity: [Activity::Idle, Activity::Active][index / 2 % 2],
            cancel: [Cancel::Off, Cancel::On][index / 4 % 2],
        }
    }

    #[test]
    fn every_request_the_page_writes_is_read_by_the_worker_as_meant() {
        // The page writes its requests by hand (`web/src/json.rs`), the
        // worker reads them with serde: every variant and assumption by
        // name, optional fields left out, text with quotes kept.
        for (index, variant) in Variant::ALL.iter().copied().enumerate() {
            let assumptions = assumptions_of(index);
            let page_request = page::CheckRequest {
                scenario: "a \"quoted\" name".to_owned(),
                built: (index % 3 == 0).then(|| "1~code".to_owned()),
                workers: index + 1,
                variant,
                assumptions,
                max_states: 16_000_000 + index as u64,
            };
            let text = rendezvous_web::json::to_string(&page::WorkerRequest::Check(&page_request))
                .expect("encodes");
            assert_eq!(
                json::from_str::<Request>(&text).expect("the worker reads it"),
                Request::Check(CheckRequest {
                    scenario: page_request.scenario.clone(),
                    built: page_request.built.clone(),
                    workers: page_request.workers,
                    variant,
                    assumptions,
                    max_states: page_request.max_states,
                })
            );
        }
        let read = |request: page::WorkerRequest| {
            json::from_str::<Request>(&rendezvous_web::json::to_string(&request).expect("encodes"))
                .expect("the worker reads it")
        };
        assert_eq!(read(page::WorkerRequest::Bugs), Request::Bugs {});
        assert_eq!(
            read(page::WorkerRequest::ShowBug { bug: 3, fix: true }),
            Request::ShowBug { bug: 3, fix: true }
        );
        assert_eq!(
            read(page::WorkerRequest::TourNote {
                scenario: "wedged-worker",
                stop: 2
            }),
            Request::TourNote {
                scenario: "wedged-worker".to_owned(),
                stop: 2
            }
        );
        assert_eq!(
            read(page::WorkerRequest::ImportScenario { text: "{\n}" }),
            Request::ImportScenario {
                text: "{\n}".to_owned()
            }
        );
        assert_eq!(
            read(page::WorkerRequest::ExportScenario { code: "c" }),
            Request::ExportScenario {
                code: "c".to_owned()
            }
        );
        let Request::Draft(draft) = read(page::WorkerRequest::Draft(&page::DraftRequest {
            draft: None,
            scenario: "wedged-worker".to_owned(),
            built: None,
            workers: 2,
            field: Some("tasks[0].polls".to_owned()),
            value: "3".to_owned(),
        })) else {
            panic!("expected a draft request");
        };
        assert_eq!(
            (
                draft.draft,
                draft.field.as_deref(),
                draft.value.as_str(),
                draft.workers
            ),
            (None, Some("tasks[0].polls"), "3", 2)
        );
    }

    #[test]
    fn the_command_line_names_the_same_model() {
        assert_eq!(
            cli_command(
                "wedged-worker",
                false,
                3,
                Variant::Tokio,
                Assumptions::default()
            ),
            "rendezvous check --scenario wedged-worker --workers 3 --variant tokio \
             --max-states 50000000"
        );
        let unusual = Assumptions {
            timing: rendezvous_core::Timing::Any,
            activity: rendezvous_core::Activity::Active,
            cancel: rendezvous_core::Cancel::On,
        };
        assert_eq!(
            cli_command("two-requesters", false, 2, Variant::Fixed, unusual),
            "rendezvous check --scenario two-requesters --workers 2 --variant fixed \
             --timing any --activity active --cancel on --max-states 50000000"
        );
        assert_eq!(
            cli_command("mine", true, 3, Variant::Tokio, Assumptions::default()),
            "rendezvous check --scenario-file mine.json --workers 3 --variant tokio \
             --max-states 50000000"
        );
    }

    #[test]
    fn progress_and_failures_reach_the_page() {
        let progress = json::to_string(&CheckMessage::Progress(Progress {
            states: 3,
            transitions: 4,
            frontier: 1,
            depth: 2,
        }))
        .unwrap();
        assert_eq!(
            CheckReply::read(&progress),
            Ok(CheckReply::Progress(Progress {
                states: 3,
                transitions: 4,
                frontier: 1,
                depth: 2
            }))
        );
        let failed = json::to_string(&CheckMessage::Failed {
            message: "no".to_owned(),
        })
        .unwrap();
        assert_eq!(
            CheckReply::read(&failed),
            Ok(CheckReply::Failed {
                message: "no".to_owned()
            })
        );
    }

    #[test]
    fn a_malformed_request_is_refused_with_a_message() {
        let CheckMessage::Failed { message } = serve("{\"scenario\": 3}", &mut |_| true) else {
            panic!("expected a refusal");
        };
        assert!(message.starts_with("malformed request"), "{message}");
        let CheckMessage::Failed { message } = serve("{", &mut |_| true) else {
            panic!("expected a refusal");
        };
        assert!(message.starts_with("malformed request"), "{message}");
    }

    #[test]
    fn the_page_imports_and_exports_traces_through_the_worker() {
        let scenario = Scenario::builtin("wedged-worker", Some(2)).expect("built-in");
        let mut run = rendezvous_core::Run::new(scenario, Variant::Tokio, Assumptions::default())
            .expect("valid");
        let _ = run.run_to_end(&mut rendezvous_core::Policy::RoundRobin, 9);
        run.seek(4);
        let file = rendezvous_core::trace_format::export(&run);
        let request = rendezvous_web::json::to_string(&page::WorkerRequest::Import {
            text: &file,
            max_steps: 5000,
        })
        .expect("encodes");
        let answer = json::to_string(&serve(&request, &mut |_| true)).expect("encodes");
        let reply = CheckReply::read(&answer).expect("decodes");
        let CheckReply::Imported(fragment) = reply else {
            panic!("expected the run back, got {reply:?}");
        };
        let page = opened(&fragment);
        assert_eq!(page.run().schedule(), run.schedule());
        assert_eq!(page.run().cursor(), 4);
        let parts = page.run_parts();
        let request =
            rendezvous_web::json::to_string(&page::WorkerRequest::Export(&parts)).expect("encodes");
        let answer = json::to_string(&serve(&request, &mut |_| true)).expect("encodes");
        let reply = CheckReply::read(&answer).expect("decodes");
        assert_eq!(reply, CheckReply::Exported { text: file });
        let request = rendezvous_web::json::to_string(&page::WorkerRequest::Import {
            text: "[]",
            max_steps: 5000,
        })
        .expect("encodes");
        let CheckMessage::Failed { message } = serve(&request, &mut |_| true) else {
            panic!("expected a refusal");
        };
        assert!(message.contains("not a Rendezvous trace"), "{message}");
    }

    /// The page after opening the run of a trace file by the link the
    /// worker answered (what the reducer does with `Action::ImportTrace`).
    fn opened(fragment: &str) -> std::rc::Rc<rendezvous_web::state::Playground> {
        use yew::Reducible;
        let page = std::rc::Rc::new(rendezvous_web::state::Playground::default()).reduce(
            rendezvous_web::state::Action::ImportTrace(Ok(fragment.to_owned())),
        );
        assert_eq!(page.error(), None, "{fragment}");
        page
    }

    #[test]
    fn a_runs_link_is_the_pages_own_for_every_variant_and_assumption() {
        let scenario = Scenario::builtin("two-requesters", Some(3)).expect("built-in");
        for (index, variant) in Variant::ALL.iter().copied().enumerate() {
            let assumptions = assumptions_of(index);
            let mut run = rendezvous_core::Run::new(scenario.clone(), variant, assumptions)
                .expect("every variant runs this scenario");
            let _ = run.run_to_end(&mut rendezvous_core::Policy::RoundRobin, 7);
            run.seek(3);
            let parts = files::ImportedRun {
                scenario: scenario.name.clone(),
                built: (index % 3 == 0).then(|| scenario.to_link_code()),
                variant,
                workers: 3,
                assumptions,
                schedule: run.schedule(),
                cursor: 3,
            };
            let page = opened(&parts.fragment());
            assert_eq!(page.run().schedule(), run.schedule(), "{variant}");
            assert_eq!(page.run().cursor(), 3);
            assert_eq!(page.run().model().variant(), variant);
            assert_eq!(page.run().model().assumptions(), assumptions);
            assert_eq!(page.settings().built, parts.built);
        }
    }

    /// The page's request and the worker's answer, both as the page reads
    /// and writes them.
    fn ask(request: &page::WorkerRequest) -> CheckReply {
        let text = rendezvous_web::json::to_string(request).expect("encodes");
        let answer = json::to_string(&serve(&text, &mut |_| true)).expect("encodes");
        CheckReply::read(&answer).expect("decodes")
    }

    #[test]
    fn a_built_scenario_is_checked_saved_and_read_back() {
        let mut scenario = Scenario::builtin("wedged-worker", Some(2)).expect("built-in");
        scenario.name = "mine".to_owned();
        scenario.tasks[0].name = "stuck".to_owned();
        let code = scenario.to_link_code();
        let request = page::CheckRequest {
            scenario: "mine".to_owned(),
            built: Some(code.clone()),
            workers: 2,
            variant: Variant::Tokio,
            assumptions: Assumptions::default(),
            max_states: PAGE_MAX_STATES,
        };
        let text = rendezvous_web::json::to_string(&page::WorkerRequest::Check(&request))
            .expect("encodes");
        let CheckMessage::Done { report, .. } = serve(&text, &mut |_| true) else {
            panic!("expected a report");
        };
        let native = rendezvous_core::checker::check(
            scenario.clone(),
            Variant::Tokio,
            CheckConfig {
                max_states: PAGE_MAX_STATES,
                ..CheckConfig::default()
            },
            &mut |_| true,
        )
        .expect("checks");
        assert_eq!(report.states, native.states);
        assert_eq!(report.verdicts, native.verdicts);
        // The page reads it as the markup of that report.
        assert!(matches!(
            ask(&page::WorkerRequest::Check(&request)),
            CheckReply::Done { html } if html.contains(&format!("data-states=\"{}\"", native.states))
        ));

        // Saved as the CLI's scenario file, which core's reader takes.
        let CheckReply::Exported { text } =
            ask(&page::WorkerRequest::ExportScenario { code: &code })
        else {
            panic!("expected the file");
        };
        assert_eq!(Scenario::from_json(&text), Ok(scenario.clone()));
        // And read back to the same link code.
        assert_eq!(
            ask(&page::WorkerRequest::ImportScenario { text: &text }),
            CheckReply::Exported { text: code.clone() }
        );
        // A file with a field out of range is refused by the field's path.
        let bad = text.replace("\"workers\": 2", "\"workers\": 9");
        assert_eq!(
            ask(&page::WorkerRequest::ImportScenario { text: &bad }),
            CheckReply::Failed {
                message: "scenario: workers: must be from 1 to 8, got 9".to_owned()
            }
        );
        let CheckReply::Failed { message } = ask(&page::WorkerRequest::ImportScenario {
            text: "{\"workers\": 2",
        }) else {
            panic!("expected a refusal");
        };
        assert!(message.starts_with("scenario JSON: "), "{message}");
        // A trace file is named as one, with how to open it.
        let mut run = rendezvous_core::Run::new(scenario, Variant::Tokio, Assumptions::default())
            .expect("valid");
        let _ = run.run_to_end(&mut rendezvous_core::Policy::RoundRobin, 4);
        let trace = rendezvous_core::trace_format::export(&run);
        let CheckReply::Failed { message } =
            ask(&page::WorkerRequest::ImportScenario { text: &trace })
        else {
            panic!("expected a refusal");
        };
        assert!(
            message.starts_with("this is a trace file (`rendezvous-trace`), not a scenario file"),
            "{message}"
        );
    }

    #[test]
    fn a_trace_of_an_edited_scenario_opens_as_a_built_one() {
        let mut scenario = Scenario::builtin("wedged-worker", Some(2)).expect("built-in");
        scenario.event_interval = 5;
        let mut run =
            rendezvous_core::Run::new(scenario.clone(), Variant::Tokio, Assumptions::default())
                .expect("valid");
        let _ = run.run_to_end(&mut rendezvous_core::Policy::RoundRobin, 12);
        let file = rendezvous_core::trace_format::export(&run);
        let CheckReply::Imported(fragment) = ask(&page::WorkerRequest::Import {
            text: &file,
            max_steps: 5000,
        }) else {
            panic!("expected the run");
        };
        let page = opened(&fragment);
        let parts = page.run_parts();
        assert_eq!(parts.built, Some(scenario.to_link_code()));
        assert_eq!(parts.schedule, run.schedule());
        assert_eq!(page.run().model().scenario(), &scenario);
        // Written back, it is the same file.
        assert_eq!(
            ask(&page::WorkerRequest::Export(&parts)),
            CheckReply::Exported { text: file }
        );
    }
}
