//! The "Real bugs" panel's contents, made in the worker: the list of
//! defects ([`crate::bugs::BUGS`]) as markup, and *Show the bug* / *Show the
//! fix*: the check of a defect's case and the sentence that says what it
//! found. The page (`web/src/components/bugs_panel.rs`) asks for the list
//! when the panel is first opened, inserts it, and asks for a check when
//! a button in it is pressed; so neither the table nor the sentences are in
//! its first load.

use crate::bugs::{reference_url, Bug, BUGS, BUG_MAX_STATES};
use crate::files::ImportedRun;
use crate::report::plural;
use rendezvous_core::checker::{self, CheckConfig, Outcome, Progress, Report};
use rendezvous_core::markup::escape;
use rendezvous_core::{Assumptions, Property, Scenario, Timing, Variant};
use serde::{Deserialize, Serialize};

/// What a finished *Show the bug* or *Show the fix* says, and for the bug,
/// the counterexample to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BugShown {
    /// The sentence, as markup: `bug-shown` (with `data-property` and
    /// `data-steps`), `bug-fixed` (with `data-holds`) or `bug-error`.
    pub html: String,
    /// The bug's counterexample for its headline property, at its last
    /// step (the first violation), by the parts of its link; the page
    /// receives the link itself (`"open": "scenario=…"`).
    #[serde(serialize_with = "open_as_fragment")]
    pub open: Option<ImportedRun>,
}

/// [`BugShown::open`] as the page reads it: the run's link, or `null`.
fn open_as_fragment<S: serde::Serializer>(
    open: &Option<ImportedRun>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    open.as_ref()
        .map(ImportedRun::fragment)
        .serialize(serializer)
}

/// Every defect of the panel, as markup: a sentence on what the list is,
/// then a `<ul class="bug-list">` of one `<li class="bug">` each
/// (test id `bug-<scenario>`) holding a `<details>` with a `<summary>`
/// (the title and releases), what users saw, the reports as links, the
/// scenario, and the two buttons. Each button carries what the page needs
/// to open the run before the check ends: `data-bug` (the defect's
/// index), `data-fix` (`1` for the fix), `data-scenario`,
/// `data-variant`, `data-workers` (when the case fixes them) and
/// `data-timing`.
pub fn list() -> String {
    let items: String = BUGS
        .iter()
        .enumerate()
        .map(|(index, bug)| {
            format!(
                r#"<li class="bug" data-testid="bug-{}"><details>{}</details></li>"#,
                escape(bug.scenario),
                item(index, bug)
            )
        })
        .collect();
    format!(
        r#"<p class="check-note">Public reports of Tokio's task dumps going wrong, each reproduced by a scenario. Show the bug finds the shortest run that breaks it; Show the fix checks the same scenario where it is fixed.</p><ul class="bug-list">{items}</ul>"#
    )
}

fn item(index: usize, bug: &Bug) -> String {
    let scenario = escape(bug.scenario);
    let mut refs = String::new();
    for reference in bug.references {
        match reference_url(reference) {
            Some(href) => refs.push_str(&format!(
                r#"<a href="{}" target="_blank" rel="noopener">{}</a>"#,
                escape(&href),
                escape(reference)
            )),
            None => refs.push_str(&format!("<span>{}</span>", escape(reference))),
        }
    }
    let workers = bug
        .workers
        .map(|workers| format!(", {}", plural(workers as u64, "worker", "workers")))
        .unwrap_or_default();
    let timing = if bug.timing == Timing::default() {
        String::new()
    } else {
        format!(", timing {}", bug.timing.name())
    };
    let button = |fix: bool| {
        let (variant, testid, label) = if fix {
            (bug.fix, "bug-fix", "Show the fix")
        } else {
            (bug.bug, "bug-show", "Show the bug")
        };
        format!(
            r#"<button type="button" data-testid="{testid}-{scenario}" data-bug="{index}" data-fix="{}" data-open="{}" data-preset="{}">{label} ({})</button>"#,
            if fix { "1" } else { "" },
            escape(&start_link(bug, variant)),
            escape(&format!("{} ({})", variant.name(), variant.releases())),
            variant.name()
        )
    };
    format!(
        r#"<summary data-testid="bug-open-{scenario}"><span class="bug-title">{}</span><span class="bug-releases">{}</span></summary><p class="bug-saw"><span class="bug-label">What users saw: </span>{}</p><p class="bug-refs"><span class="bug-label">Reports: </span>{refs}</p><p class="bug-scenario"><span class="bug-label">Scenario: </span><code>{scenario}</code>{workers}{timing}</p><div class="bug-controls">{}{}</div>"#,
        escape(bug.title),
        escape(bug.releases),
        escape(bug.saw),
        button(false),
        button(true),
    )
}

/// The link (a URL fragment, without its `#`, in the page's format:
/// `web/src/fragment.rs`) that opens `bug`'s scenario under `variant` at
/// its start, as the casebook's case runs it.
fn start_link(bug: &Bug, variant: Variant) -> String {
    let mut link = format!("scenario={}&variant={}", bug.scenario, variant.name());
    if let Some(workers) = bug.workers {
        link += &format!("&workers={workers}");
    }
    if bug.timing != Timing::default() {
        link += &format!("&timing={}", bug.timing.name());
    }
    link
}

/// Checks defect `index` under its preset (`fix` false) or its fix's,
/// with the casebook's bound ([`BUG_MAX_STATES`]), passing progress on,
/// and says what the check found.
///
/// Errors: there is no such defect, or the check was refused.
pub fn show(
    index: usize,
    fix: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<BugShown, String> {
    let bug = BUGS
        .get(index)
        .ok_or_else(|| format!("there is no bug {index}"))?;
    let variant = if fix { bug.fix } else { bug.bug };
    let scenario = Scenario::builtin(bug.scenario, bug.workers)?;
    let workers = scenario.workers;
    let config = CheckConfig {
        max_states: BUG_MAX_STATES,
        assumptions: Assumptions {
            timing: bug.timing,
            ..Assumptions::default()
        },
        progress_every: crate::PROGRESS_EVERY,
        ..CheckConfig::default()
    };
    let report = checker::check(scenario, variant, config, progress)?;
    Ok(if fix {
        fixed(bug, &report)
    } else {
        broken(bug, &report, workers)
    })
}

fn fixed(bug: &Bug, report: &Report) -> BugShown {
    let outcomes: Vec<(Property, Outcome)> = bug
        .properties
        .iter()
        .map(|&property| {
            let outcome = report
                .verdicts
                .iter()
                .find(|verdict| verdict.property == property)
                .map_or(Outcome::Unknown, |verdict| verdict.outcome);
            (property, outcome)
        })
        .collect();
    let all_hold = outcomes
        .iter()
        .all(|(_, outcome)| *outcome == Outcome::Holds);
    let list: Vec<String> = outcomes
        .iter()
        .map(|(property, outcome)| {
            let word = match outcome {
                Outcome::Holds => "holds",
                Outcome::Broken => "broken",
                Outcome::Unknown => "unknown",
            };
            format!("{} {word}", property.code())
        })
        .collect();
    let html = format!(
        r#"<p class="bug-status {}" data-testid="bug-fixed" data-holds="{all_hold}" role="status"><strong>{}</strong>{}</p>"#,
        if all_hold { "holds" } else { "broken" },
        if all_hold { "Fixed: " } else { "Not fixed: " },
        escape(&format!(
            "under {} ({}), {} in all {}{}. The checker panel below checks every other property of this run.",
            bug.fix.name(),
            bug.fix.releases(),
            list.join(", "),
            plural(report.states, "state", "states"),
            if report.complete { "" } else { " explored before the bound" }
        ))
    );
    BugShown { html, open: None }
}

fn broken(bug: &Bug, report: &Report, workers: usize) -> BugShown {
    let headline = bug.properties.first().copied();
    let verdict = report
        .verdicts
        .iter()
        .find(|verdict| Some(verdict.property) == headline && verdict.outcome == Outcome::Broken);
    let found = verdict.and_then(|verdict| {
        Some((
            verdict.property,
            verdict.counterexample.clone()?,
            verdict.steps.unwrap_or(0),
            verdict.detail.clone(),
        ))
    });
    let Some((property, schedule, steps, detail)) = found else {
        let html = format!(
            r#"<p class="bug-status error" data-testid="bug-error" role="status">{}</p>"#,
            escape(&format!(
                "The checker found no run that breaks {} under {} ({}{}).",
                headline.map_or("", |property| property.code()),
                bug.bug.name(),
                plural(report.states, "state", "states"),
                if report.complete {
                    ""
                } else {
                    ", stopped at the bound"
                }
            ))
        );
        return BugShown { html, open: None };
    };
    let run = ImportedRun {
        scenario: bug.scenario.to_owned(),
        built: None,
        variant: bug.bug,
        workers,
        assumptions: report.config.assumptions,
        schedule,
        cursor: steps,
    };
    // The page opens the run itself unless the user has moved on while
    // the check ran; the link opens it either way.
    let html = format!(
        r##"<p class="bug-status broken" data-testid="bug-shown" data-property="{}" data-steps="{steps}" role="status"><strong>Broken: </strong>{} <a href="#{}" data-testid="bug-run">Open it at the violation</a> and step back to see how it came about.<br><span class="bug-detail">{}</span></p>"##,
        property.code(),
        escape(&format!(
            "{} ({}) breaks after {} under {}: the shortest such run among {}.",
            property.code(),
            property.title(),
            plural(steps as u64, "step", "steps"),
            bug.bug.name(),
            plural(report.states, "state", "states")
        )),
        escape(&run.fragment()),
        escape(&detail)
    );
    BugShown {
        html,
        open: Some(run),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_every_bug_with_its_buttons_and_links() {
        let html = list();
        assert!(html.starts_with(r#"<p class="check-note">"#) && html.ends_with("</ul>"));
        let items: Vec<&str> = html.split("<li ").skip(1).collect();
        assert_eq!(items.len(), BUGS.len());
        for (index, (item, bug)) in items.iter().zip(BUGS).enumerate() {
            for testid in ["bug", "bug-open", "bug-show", "bug-fix"] {
                assert!(item.contains(&format!(r#"data-testid="{testid}-{}""#, bug.scenario)));
            }
            assert!(item.contains(&format!(r#"data-bug="{index}" data-fix="1""#)));
            assert_eq!(
                item.matches("<a href=\"https://github.com/").count(),
                bug.references.len()
            );
            assert!(item.contains("><details><summary"));
            assert!(item.trim_end_matches("</ul>").ends_with("</details></li>"));
        }
    }

    #[test]
    fn a_bug_is_shown_at_its_violation_and_its_fix_holds() {
        let index = BUGS
            .iter()
            .position(|bug| bug.scenario == "issue6035-complete-during-trace")
            .unwrap();
        let mut updates = 0;
        let shown = show(index, false, &mut |_| {
            updates += 1;
            true
        })
        .unwrap();
        let open = shown.open.expect("a counterexample");
        assert_eq!(open.variant, Variant::Tokio129);
        assert_eq!(open.schedule.split(' ').count(), open.cursor);
        assert!(shown
            .html
            .contains(r#"data-testid="bug-shown" data-property="S8""#));
        assert!(shown
            .html
            .contains(&format!(r#"data-steps="{}""#, open.cursor)));
        // A link to the same run, for a user who moved on meanwhile.
        assert!(shown.html.contains(&format!(
            r##"<a href="#{}" data-testid="bug-run">"##,
            escape(&open.fragment())
        )));
        let fixed = show(index, true, &mut |_| true).unwrap();
        assert_eq!(fixed.open, None);
        assert!(
            fixed.html.contains(r#"data-holds="true""#),
            "{}",
            fixed.html
        );
        assert!(show(BUGS.len(), false, &mut |_| true).is_err());
        let _ = updates;
    }

    #[test]
    fn each_button_opens_its_case_as_the_page_reads_links() {
        for bug in BUGS {
            for (variant, fix) in [(bug.bug, false), (bug.fix, true)] {
                let link = start_link(bug, variant);
                let fragment = rendezvous_web::fragment::Fragment::parse(&link).expect("reads");
                assert_eq!(fragment.scenario.as_deref(), Some(bug.scenario));
                assert_eq!(fragment.variant.as_deref(), Some(variant.name()));
                assert_eq!(fragment.workers, bug.workers);
                let timing = fragment.timing.as_deref().unwrap_or("timely");
                assert_eq!(timing, bug.timing.name(), "{} {fix}", bug.scenario);
                let opened = rendezvous_web::state::Playground::from_fragment(&link);
                assert_eq!(opened.error(), None, "{link}");
            }
        }
    }
}
