//! A finished check's report as the checker panel shows it, written here as
//! markup so the page's wasm carries neither a reader of the report nor the
//! code that lays it out (the page inserts the markup and listens to its
//! Replay buttons, `web/src/components/checker_panel.rs`).
//!
//! What it shows: a summary line (states, transitions, depth, time, how
//! many properties broke, hold or stay unknown) that opens on what those
//! numbers mean; a warning when the search stopped at the page's bound,
//! with the command line that goes further; the assumptions; then one row
//! per property (code, title, outcome, why) with a Replay button for each
//! counterexample. Every text is escaped ([`escape`]).

use crate::files::ImportedRun;
use rendezvous_core::checker::{Outcome, Report, Verdict};
pub use rendezvous_core::figures::{duration, plural};
use rendezvous_core::markup::escape;

/// What the summary's three numbers mean, shown when it is opened.
const TERMS: &str = "<dl class=\"check-terms\">\
<dt>states</dt><dd>distinct moments of the runtime the search reached, each counted once</dd>\
<dt>transitions</dt><dd>single steps examined: every move enabled in every state reached</dd>\
<dt>depth</dt><dd>the most steps any state needs from the start, along its shortest run</dd>\
</dl>";

/// The name of an outcome, as the markup's classes and `data-outcome` say it.
fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Holds => "holds",
        Outcome::Broken => "broken",
        Outcome::Unknown => "unknown",
    }
}

/// The report of a check started from the page, as markup: `milliseconds`
/// is how long it took in the worker, `command` the command line that
/// checks the same model further ([`crate::cli_command`]), shown when the
/// search stopped at its bound (`report.config.max_states`).
///
/// The outer element is `data-testid="check-report"` with the states in
/// `data-states` and the time in `data-milliseconds`; each property's row
/// is `check-verdict-<code>` with `data-outcome`; each Replay button is
/// `check-replay-<code>`, its schedule in `title` and in `data-replay`
/// the page's link to the counterexample at its last step (the
/// violation), naming `built`, the checked scenario's link code, when it
/// was built in the page.
pub fn markup(report: &Report, milliseconds: u64, command: &str, built: Option<&str>) -> String {
    let count = |outcome: Outcome| {
        report
            .verdicts
            .iter()
            .filter(|verdict| verdict.outcome == outcome)
            .count() as u64
    };
    let (broken, unknown) = (count(Outcome::Broken), count(Outcome::Unknown));
    let held = report.verdicts.len() as u64 - broken - unknown;
    let mut tally = format!(
        "{broken} broken, {held} {}",
        if held == 1 { "holds" } else { "hold" }
    );
    if unknown > 0 {
        tally += &format!(", {unknown} unknown");
    }
    let mut out = format!(
        "<div data-testid=\"check-report\" data-states=\"{}\" data-milliseconds=\"{milliseconds}\">\
<details class=\"check-summary\"><summary><span>{} · {} · depth {} · {}</span>\
<span class=\"check-tally{}\">{tally}</span></summary>{TERMS}</details>",
        report.states,
        plural(report.states, "state", "states"),
        plural(report.transitions, "transition", "transitions"),
        report.max_depth,
        duration(milliseconds),
        if broken > 0 { " broken" } else { "" },
    );
    if !report.complete {
        out += &format!(
            "<p class=\"check-note bound\" data-testid=\"check-bound\">Stopped at the page's \
state bound ({}): verdicts marked unknown were not decided.</p>",
            plural(report.config.max_states, "state", "states")
        );
    }
    let assumptions = report.config.assumptions;
    out += &format!(
        "<p class=\"check-note\">Under timing {}, activity {}, cancel {}.</p>",
        assumptions.timing.name(),
        assumptions.activity.name(),
        assumptions.cancel.name()
    );
    if !report.complete {
        out += &format!(
            "<p class=\"check-note\" data-testid=\"check-cli\">This model has more states than \
the page explores. The command-line tool goes further: <code>{}</code></p>",
            escape(command)
        );
    }
    out += "<ul class=\"verdicts\">";
    for verdict in &report.verdicts {
        let replay = |schedule: &str| {
            ImportedRun {
                scenario: report.scenario.clone(),
                built: built.map(str::to_owned),
                variant: report.variant,
                workers: report.workers,
                assumptions,
                schedule: schedule.to_owned(),
                cursor: verdict.steps.unwrap_or(0),
            }
            .fragment()
        };
        out += &row(verdict, replay);
    }
    out + "</ul></div>"
}

/// One property's row of the report; `replay` gives the link that opens
/// a counterexample.
fn row(verdict: &Verdict, replay: impl Fn(&str) -> String) -> String {
    let outcome = outcome_name(verdict.outcome);
    let code = verdict.property.code();
    let mut out = format!(
        "<li class=\"verdict {outcome}\" data-testid=\"check-verdict-{code}\" \
data-outcome=\"{outcome}\"><span class=\"code\">{code}</span><span class=\"title\">{}</span>\
<span class=\"outcome\">{outcome}</span>",
        escape(verdict.property.title())
    );
    if let Some(schedule) = &verdict.counterexample {
        let steps = verdict.steps.unwrap_or(0) as u64;
        out += &format!(
            "<button type=\"button\" class=\"replay\" data-testid=\"check-replay-{code}\" \
data-replay=\"{}\" title=\"{}\">Replay ({})</button>",
            escape(&replay(schedule)),
            escape(schedule),
            plural(steps, "step", "steps")
        );
    }
    if verdict.outcome != Outcome::Holds {
        // A reduced search's longer run is reported beside the shortest
        // one the page replays (`Verdict::reduced_steps`).
        let mut more = String::new();
        if let (Some(steps), Some(reduced)) = (verdict.steps, verdict.reduced_steps) {
            if reduced > steps {
                more += &format!(
                    " The reduced search first reached it in {}; Replay takes the shortest run.",
                    plural(reduced as u64, "step", "steps")
                );
            }
        }
        if verdict.counterexample.is_some() && !verdict.minimal {
            more += " This run is not known to be a shortest one.";
        }
        let mut detail = escape(&verdict.detail);
        if !more.is_empty() && !detail.is_empty() && !detail.ends_with('.') {
            detail.push('.');
        }
        detail += &more;
        out += &format!("<span class=\"detail\">{detail}</span>");
    }
    out + "</li>"
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::checker::{check, CheckConfig};
    use rendezvous_core::{Property, Scenario, Variant};

    #[test]
    fn a_report_shows_each_verdict_and_its_replay() {
        let scenario = Scenario::builtin("issue5638-very-stuck", Some(2)).expect("built-in");
        let report = check(
            scenario,
            Variant::Tokio,
            CheckConfig::default(),
            &mut |_| true,
        )
        .expect("checks");
        let html = markup(&report, 1_500, "rendezvous check <x>", None);
        assert!(html.starts_with(&format!(
            "<div data-testid=\"check-report\" data-states=\"{}\" data-milliseconds=\"1500\">",
            report.states
        )));
        assert!(html.contains(" · 1.5 s</span>"), "{html}");
        let s1 = report.verdict(Property::S1);
        assert_eq!(s1.outcome, Outcome::Broken);
        let schedule = s1.counterexample.clone().expect("a counterexample");
        assert!(html.contains(r#"data-testid="check-verdict-S1" data-outcome="broken""#));
        // Replay opens the page's link to the run, at its last step.
        let link = ImportedRun {
            scenario: "issue5638-very-stuck".to_owned(),
            built: None,
            variant: Variant::Tokio,
            workers: 2,
            assumptions: report.config.assumptions,
            schedule: schedule.clone(),
            cursor: s1.steps.unwrap(),
        }
        .fragment();
        assert!(
            link.contains(&format!("&step={}", s1.steps.unwrap())),
            "{link}"
        );
        assert!(html.contains(&format!(
            "data-testid=\"check-replay-S1\" data-replay=\"{}\" title=\"{schedule}\"",
            escape(&link)
        )));
        // A built scenario's Replay names its code.
        let built = markup(&report, 1_500, "rendezvous check <x>", Some("1,n:x"));
        assert!(built.contains("data-replay=\"built=1,n:x&amp;"), "{built}");
        assert!(html.contains(&format!(
            "Replay ({})",
            plural(s1.steps.unwrap() as u64, "step", "steps")
        )));
        let broken = report
            .verdicts
            .iter()
            .filter(|verdict| verdict.outcome == Outcome::Broken)
            .count();
        assert!(html.contains(&format!(
            "<span class=\"check-tally broken\">{broken} broken, "
        )));
        assert_eq!(
            html.matches("<li class=\"verdict ").count(),
            report.verdicts.len()
        );
        // Complete: no bound warning, no command line.
        assert!(report.complete);
        assert!(!html.contains("check-bound") && !html.contains("check-cli"));
    }

    #[test]
    fn a_report_cut_at_its_bound_says_so_and_offers_the_command_line() {
        let scenario = Scenario::builtin("wedged-worker", Some(2)).expect("built-in");
        let config = CheckConfig {
            max_states: 500,
            ..CheckConfig::default()
        };
        let report = check(scenario, Variant::Tokio, config, &mut |_| true).expect("checks");
        assert!(!report.complete);
        let html = markup(&report, 5, "rendezvous check --scenario a<b", None);
        assert!(html.contains("state bound (500 states)"), "{html}");
        assert!(html.contains("<code>rendezvous check --scenario a&lt;b</code>"));
        assert!(html.contains("data-outcome=\"unknown\""));
    }

    #[test]
    fn a_longer_reduced_run_is_reported_beside_the_shortest() {
        let mut verdict = Verdict {
            property: Property::S1,
            outcome: Outcome::Broken,
            counterexample: Some("r0 w0".to_owned()),
            steps: Some(2),
            reduced_steps: Some(5),
            minimal: true,
            detail: "two leaders".to_owned(),
        };
        let html = row(&verdict, str::to_owned);
        assert!(html.contains("two leaders. The reduced search first reached it in 5 steps;"));
        assert!(!html.contains("not known"));
        verdict.minimal = false;
        verdict.reduced_steps = None;
        let html = row(&verdict, str::to_owned);
        assert!(html.contains("two leaders. This run is not known to be a shortest one."));
        verdict.outcome = Outcome::Holds;
        verdict.counterexample = None;
        assert!(!row(&verdict, str::to_owned).contains("detail"));
    }
}
