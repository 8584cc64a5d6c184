//! The in-page checker, run in a Web Worker so the page stays responsive.
//!
//! `static/checker-worker.js` loads the same wasm module as the page (the
//! page's `main` sees no window there and does nothing) and calls
//! [`check_in_worker`] with a [`CheckRequest`] as JSON. Progress goes back
//! through a JavaScript callback; the finished report is returned as JSON.
//! Stopping a check terminates the worker.

use crate::json;
use rendezvous_core::checker::{self, CheckConfig, Progress, Report, Verdict};
use rendezvous_core::{Assumptions, Scenario, Variant};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What the page asks the worker to check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRequest {
    /// The scenario, as the page runs it.
    pub scenario: Scenario,
    /// The variant.
    pub variant: Variant,
    /// The assumptions.
    pub assumptions: Assumptions,
    /// The state bound.
    pub max_states: u64,
}

/// What the worker sends back, as JSON: `{"progress": {…}}`,
/// `{"done": {"report": {…}, "milliseconds": 12}}` or
/// `{"failed": {"message": "…"}}`. Tagged outside rather than with a `kind`
/// field, which serde would read through a buffer of its own (more code in
/// the page). The page reads it as a [`CheckReply`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckMessage {
    /// How far the search has got.
    Progress(Progress),
    /// The finished report.
    Done {
        /// The report.
        report: Report,
        /// How long the check took in the worker, in whole milliseconds:
        /// `static/checker-worker.js` measures it around the call and sets
        /// it (0 until then).
        #[serde(default)]
        milliseconds: u64,
    },
    /// The request could not be checked.
    Failed {
        /// Why.
        message: String,
    },
}

/// A [`CheckMessage`] as the page reads it: the report with only what the
/// checker panel shows (serde skips the rest), which keeps decoders of the
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
    },
    /// The request could not be checked.
    Failed {
        /// Why.
        message: String,
    },
}

/// The parts of a [`Report`] the checker panel shows.
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

/// The default bound of a check started from the page.
pub const PAGE_MAX_STATES: u64 = 3_000_000;

/// Runs a check described by `request` (JSON) and returns the final
/// [`CheckMessage`] as JSON; `progress` receives progress messages (JSON)
/// while it runs.
#[wasm_bindgen]
pub fn check_in_worker(request: &str, progress: &js_sys::Function) -> String {
    let message = run_request(request, &mut |update| {
        if let Ok(text) = json::to_string(&CheckMessage::Progress(update)) {
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&text));
        }
        true
    });
    json::to_string(&message).unwrap_or_else(|error| {
        json::to_string(&CheckMessage::Failed {
            message: format!("cannot encode the report: {error}"),
        })
        .unwrap_or_default()
    })
}

/// How far the command line goes in [`cli_command`]: about a minute and a
/// few gigabytes on a laptop.
pub const CLI_MAX_STATES: u64 = 50_000_000;

/// The command line that checks the same model further than the page can,
/// offered when the page's check stops at its bound: the CLI's own flags,
/// with the assumptions only where they differ from the defaults.
pub fn cli_command(
    scenario: &str,
    workers: usize,
    variant: Variant,
    assumptions: Assumptions,
) -> String {
    let defaults = Assumptions::default();
    let mut command = format!(
        "rendezvous check --scenario {scenario} --workers {workers} --variant {}",
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

/// Parses a request and checks it; platform-free, so it is tested natively.
pub fn run_request(request: &str, progress: &mut dyn FnMut(Progress) -> bool) -> CheckMessage {
    let request: CheckRequest = match json::from_str(request) {
        Ok(request) => request,
        Err(error) => {
            return CheckMessage::Failed {
                message: format!("malformed check request: {error}"),
            }
        }
    };
    let config = CheckConfig {
        max_states: request.max_states,
        assumptions: request.assumptions,
        progress_every: 8192,
        ..CheckConfig::default()
    };
    match checker::check(request.scenario, request.variant, config, progress) {
        Ok(report) => CheckMessage::Done {
            report,
            milliseconds: 0,
        },
        Err(message) => CheckMessage::Failed { message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::checker::Outcome;
    use rendezvous_core::Property;

    #[test]
    fn a_request_round_trips_and_finds_the_leak() {
        let request = CheckRequest {
            scenario: Scenario::builtin("wedged-worker", Some(2)).expect("built-in"),
            variant: Variant::Tokio,
            assumptions: Assumptions::default(),
            max_states: PAGE_MAX_STATES,
        };
        let text = json::to_string(&request).expect("encodes");
        let mut updates = 0;
        let message = run_request(&text, &mut |_| {
            updates += 1;
            true
        });
        let CheckMessage::Done { report, .. } = message else {
            panic!("expected a report, got {message:?}");
        };
        assert!(updates > 0);
        assert_eq!(report.verdict(Property::S1).outcome, Outcome::Broken);
        let encoded = json::to_string(&CheckMessage::Done {
            report: report.clone(),
            milliseconds: 7,
        })
        .expect("encodes");
        assert!(encoded.starts_with("{\"done\":{\"report\":"), "{encoded}");
        let decoded: CheckReply = json::from_str(&encoded).expect("decodes");
        let CheckReply::Done {
            report: view,
            milliseconds: 7,
        } = decoded
        else {
            panic!("expected the report back, got {decoded:?}");
        };
        assert_eq!(view.states, report.states);
        assert_eq!(view.transitions, report.transitions);
        assert_eq!(view.max_depth, report.max_depth);
        assert_eq!(view.complete, report.complete);
        assert_eq!(view.config.assumptions, report.config.assumptions);
        assert_eq!(view.verdicts, report.verdicts);
        let progress: CheckReply = json::from_str(
            &json::to_string(&CheckMessage::Progress(Progress {
                states: 3,
                transitions: 4,
                frontier: 1,
                depth: 2,
            }))
            .unwrap(),
        )
        .unwrap();
        assert!(matches!(
            progress,
            CheckReply::Progress(Progress { states: 3, .. })
        ));
    }

    #[test]
    fn the_command_line_names_the_same_model() {
        assert_eq!(
            cli_command("wedged-worker", 3, Variant::Tokio, Assumptions::default()),
            "rendezvous check --scenario wedged-worker --workers 3 --variant tokio \
             --max-states 50000000"
        );
        let unusual = Assumptions {
            timing: rendezvous_core::Timing::Any,
            activity: rendezvous_core::Activity::Active,
            cancel: rendezvous_core::Cancel::On,
        };
        assert_eq!(
            cli_command("two-requesters", 2, Variant::Fixed, unusual),
            "rendezvous check --scenario two-requesters --workers 2 --variant fixed \
             --timing any --activity active --cancel on --max-states 50000000"
        );
    }

    #[test]
    fn a_malformed_request_is_refused_with_a_message() {
        let CheckMessage::Failed { message } = run_request("{\"scenario\": 3}", &mut |_| true)
        else {
            panic!("expected a refusal");
        };
        assert!(message.starts_with("malformed check request"), "{message}");
    }
}
