//! "Real bugs": each public task-dump defect of Tokio the casebook
//! reproduces ([`crate::bugs::BUGS`]), with its reports, what users saw and
//! the releases it affects, and two buttons.
//!
//! *Show the bug* checks the defect's scenario under a preset that has it,
//! in the checker's Web Worker (the same wasm as "Check all
//! interleavings"), and opens the shortest counterexample among the
//! properties the defect breaks on the stage, at its last step: the first
//! violation. *Show the fix* opens the scenario under a preset without the
//! defect and checks it there, reporting that the same properties hold.
//! Both are links like any other (the run goes into the URL), so the moment
//! shown can be shared.

use super::checker_panel::{start_worker, CheckState, RunningWorker};
use crate::bugs::{reference_url, Bug, BUGS, BUG_MAX_STATES};
use crate::checker_bridge::{CheckRequest, ReportView, WorkerRequest};
use crate::fragment::Fragment;
use crate::state::Action;
use rendezvous_core::checker::Outcome;
use rendezvous_core::{Assumptions, Property, Scenario, Timing, Variant};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The props of [`BugsPanel`]: only where moves go, so stepping the run
/// never redraws the panel.
#[derive(Properties, PartialEq)]
pub struct BugsPanelProps {
    /// Where the chosen run goes (as [`Action::Open`]).
    pub on_action: Callback<Action>,
}

/// What the panel is doing for one bug (the index into [`BUGS`]).
#[derive(Clone, Debug, PartialEq)]
enum Showing {
    Nothing,
    /// A check under the bug's preset (`fix` false) or the fix's.
    Checking {
        bug: usize,
        fix: bool,
        states: u64,
    },
    /// The bug's counterexample is on the stage.
    Bug {
        bug: usize,
        property: Property,
        steps: usize,
        states: u64,
        detail: String,
    },
    /// The fix's check finished.
    Fix {
        bug: usize,
        verdicts: Vec<(Property, Outcome)>,
        states: u64,
        complete: bool,
    },
    Failed {
        bug: usize,
        message: String,
    },
}

impl Showing {
    fn bug(&self) -> Option<usize> {
        match *self {
            Showing::Nothing => None,
            Showing::Checking { bug, .. }
            | Showing::Bug { bug, .. }
            | Showing::Fix { bug, .. }
            | Showing::Failed { bug, .. } => Some(bug),
        }
    }
}

/// The link that opens `bug`'s scenario under `variant`, at the end of
/// `schedule` when given.
fn fragment(bug: &Bug, variant: Variant, schedule: Option<(&str, usize)>) -> String {
    let assumptions = Assumptions {
        timing: bug.timing,
        ..Assumptions::default()
    };
    Fragment::of_run(
        bug.scenario,
        variant,
        bug.workers,
        assumptions,
        schedule.map(|(text, _)| text),
        schedule.map(|(_, steps)| steps),
    )
    .format()
}

/// The request that checks `bug`'s scenario under `variant`.
fn request(bug: &Bug, variant: Variant) -> Result<String, String> {
    let workers = match bug.workers {
        Some(workers) => workers,
        None => Scenario::builtin(bug.scenario, None)?.workers,
    };
    let request = CheckRequest {
        scenario: bug.scenario.to_owned(),
        built: None,
        workers,
        variant,
        assumptions: Assumptions {
            timing: bug.timing,
            ..Assumptions::default()
        },
        max_states: BUG_MAX_STATES,
    };
    crate::json::to_string(&WorkerRequest::Check(&request))
}

/// The counterexample for `bug`'s headline property (its first): the
/// property, its schedule, its length in steps and what goes wrong.
fn first_violation(bug: &Bug, report: &ReportView) -> Option<(Property, String, usize, String)> {
    let headline = *bug.properties.first()?;
    let verdict = report
        .verdicts
        .iter()
        .find(|verdict| verdict.property == headline && verdict.outcome == Outcome::Broken)?;
    let schedule = verdict.counterexample.clone()?;
    Some((
        headline,
        schedule,
        verdict.steps.unwrap_or(0),
        verdict.detail.clone(),
    ))
}

/// What a finished check of `bug` (under its preset, or its fix's) shows.
fn finished(
    bug_index: usize,
    fix: bool,
    report: &ReportView,
    on_action: &Callback<Action>,
) -> Showing {
    let bug = &BUGS[bug_index];
    if fix {
        let verdicts = bug
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
        return Showing::Fix {
            bug: bug_index,
            verdicts,
            states: report.states,
            complete: report.complete,
        };
    }
    match first_violation(bug, report) {
        Some((property, schedule, steps, detail)) => {
            on_action.emit(Action::Open(fragment(
                bug,
                bug.bug,
                Some((&schedule, steps)),
            )));
            Showing::Bug {
                bug: bug_index,
                property,
                steps,
                states: report.states,
                detail,
            }
        }
        None => Showing::Failed {
            bug: bug_index,
            message: format!(
                "The checker found no run that breaks {} under {} ({}{}).",
                bug.properties
                    .first()
                    .map_or("", |property| property.code()),
                bug.bug.name(),
                crate::view::plural(report.states, "state", "states"),
                if report.complete {
                    ""
                } else {
                    ", stopped at the bound"
                }
            ),
        },
    }
}

/// The sentence that says where a bug's check stands.
fn status(showing: &Showing) -> Html {
    match showing {
        Showing::Nothing => Html::default(),
        Showing::Checking { bug, fix, states } => {
            let bug = &BUGS[*bug];
            let preset = if *fix { bug.fix } else { bug.bug };
            html! {
                <p class="bug-status" data-testid="bug-checking" role="status">
                    { format!("Checking every interleaving under {} ({}): {} so far…", preset.name(), preset.releases(), crate::view::plural(*states, "state", "states")) }
                </p>
            }
        }
        Showing::Bug {
            bug,
            property,
            steps,
            states,
            detail,
        } => {
            let bug = &BUGS[*bug];
            html! {
                <p class="bug-status broken" data-testid="bug-shown" data-property={property.code()}
                    data-steps={steps.to_string()} role="status">
                    <strong>{ "Broken: " }</strong>
                    { format!(
                        "{} ({}) breaks after {} under {}: the shortest such run among {}. It is on the stage at the violation; step back to see how it came about.",
                        property.code(), property.title(),
                        crate::view::plural(*steps as u64, "step", "steps"), bug.bug.name(),
                        crate::view::plural(*states, "state", "states")
                    ) }
                    <br />
                    <span class="bug-detail">{ detail.clone() }</span>
                </p>
            }
        }
        Showing::Fix {
            bug,
            verdicts,
            states,
            complete,
        } => {
            let bug = &BUGS[*bug];
            let all_hold = verdicts
                .iter()
                .all(|(_, outcome)| *outcome == Outcome::Holds);
            let list: Vec<String> = verdicts
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
            html! {
                <p class={classes!("bug-status", if all_hold { "holds" } else { "broken" })}
                    data-testid="bug-fixed" data-holds={all_hold.to_string()} role="status">
                    <strong>{ if all_hold { "Fixed: " } else { "Not fixed: " } }</strong>
                    { format!(
                        "under {} ({}), {} in all {}{}. The checker panel below checks every other property of this run.",
                        bug.fix.name(),
                        bug.fix.releases(),
                        list.join(", "),
                        crate::view::plural(*states, "state", "states"),
                        if *complete { "" } else { " explored before the bound" }
                    ) }
                </p>
            }
        }
        Showing::Failed { message, .. } => html! {
            <p class="bug-status error" data-testid="bug-error" role="status">{ message.clone() }</p>
        },
    }
}

/// The panel.
#[component]
pub fn BugsPanel(props: &BugsPanelProps) -> Html {
    let showing = use_state(|| Showing::Nothing);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);

    let start = {
        let showing = showing.clone();
        let worker = worker.clone();
        let on_action = props.on_action.clone();
        move |bug_index: usize, fix: bool| {
            let bug = &BUGS[bug_index];
            worker.borrow_mut().take();
            let variant = if fix { bug.fix } else { bug.bug };
            if fix {
                on_action.emit(Action::Open(fragment(bug, variant, None)));
            }
            let text = match request(bug, variant) {
                Ok(text) => text,
                Err(message) => {
                    showing.set(Showing::Failed {
                        bug: bug_index,
                        message,
                    });
                    return;
                }
            };
            let on_update = {
                let showing = showing.clone();
                let worker = worker.clone();
                let on_action = on_action.clone();
                Callback::from(move |update: CheckState| {
                    let next = match update {
                        CheckState::Running(progress) => Showing::Checking {
                            bug: bug_index,
                            fix,
                            states: progress.map_or(0, |progress| progress.states),
                        },
                        CheckState::Done { report, .. } => {
                            finished(bug_index, fix, &report, &on_action)
                        }
                        CheckState::Failed(message) => Showing::Failed {
                            bug: bug_index,
                            message,
                        },
                        CheckState::Idle | CheckState::Stopped => Showing::Nothing,
                    };
                    if !matches!(next, Showing::Checking { .. }) {
                        worker.borrow_mut().take();
                    }
                    showing.set(next);
                })
            };
            match start_worker(&text, on_update) {
                Ok(running) => {
                    *worker.borrow_mut() = Some(running);
                    showing.set(Showing::Checking {
                        bug: bug_index,
                        fix,
                        states: 0,
                    });
                }
                Err(message) => showing.set(Showing::Failed {
                    bug: bug_index,
                    message,
                }),
            }
        }
    };
    let start = Rc::new(start);
    let checking = matches!(*showing, Showing::Checking { .. });
    let on_stop = {
        let showing = showing.clone();
        let worker = worker.clone();
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            showing.set(Showing::Nothing);
        })
    };

    html! {
        <section class="bugs panel" aria-labelledby="bugs-heading" data-testid="bugs">
            <h2 id="bugs-heading">{ "Real bugs" }</h2>
            <p class="check-note">{ "Public reports of Tokio's task dumps going wrong, each reproduced by a scenario. Show the bug finds the shortest run that breaks it; Show the fix checks the same scenario where it is fixed." }</p>
            <ul class="bug-list">
                { for BUGS.iter().enumerate().map(|(index, bug)| {
                    let on_bug = {
                        let start = start.clone();
                        Callback::from(move |_: MouseEvent| start(index, false))
                    };
                    let on_fix = {
                        let start = start.clone();
                        Callback::from(move |_: MouseEvent| start(index, true))
                    };
                    let current = showing.bug() == Some(index);
                    let workers = bug.workers.map(|workers| format!(", {workers} worker{}", if workers == 1 { "" } else { "s" })).unwrap_or_default();
                    let timing = if bug.timing == Timing::default() { String::new() } else { format!(", timing {}", bug.timing.name()) };
                    html! {
                        <li class="bug" data-testid={format!("bug-{}", bug.scenario)}>
                            <details open={current}>
                                <summary data-testid={format!("bug-open-{}", bug.scenario)}>
                                    <span class="bug-title">{ bug.title }</span>
                                    <span class="bug-releases">{ bug.releases }</span>
                                </summary>
                                <p class="bug-saw"><span class="bug-label">{ "What users saw: " }</span>{ bug.saw }</p>
                                <p class="bug-refs"><span class="bug-label">{ "Reports: " }</span>
                                    { for bug.references.iter().map(|reference| match reference_url(reference) {
                                        Some(href) => html! { <a {href} target="_blank" rel="noopener">{ *reference }</a> },
                                        None => html! { <span>{ *reference }</span> },
                                    }) }
                                </p>
                                <p class="bug-scenario"><span class="bug-label">{ "Scenario: " }</span>
                                    <code>{ bug.scenario }</code>{ workers }{ timing }
                                </p>
                                <div class="bug-controls">
                                    <button type="button" data-testid={format!("bug-show-{}", bug.scenario)}
                                        onclick={on_bug} disabled={checking}>
                                        { format!("Show the bug ({})", bug.bug.name()) }
                                    </button>
                                    <button type="button" data-testid={format!("bug-fix-{}", bug.scenario)}
                                        onclick={on_fix} disabled={checking}>
                                        { format!("Show the fix ({})", bug.fix.name()) }
                                    </button>
                                    if current && checking {
                                        <button type="button" data-testid="bug-stop" onclick={on_stop.clone()}>{ "Stop" }</button>
                                    }
                                </div>
                                if current { { status(&showing) } }
                            </details>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
