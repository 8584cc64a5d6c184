//! "Real bugs": each public task-dump defect of Tokio the casebook
//! reproduces, with its reports, what users saw and the releases it
//! affects, and two buttons.
//!
//! *Show the bug* checks the defect's scenario under a preset that has it,
//! in the checker's Web Worker (the same wasm as "Check all
//! interleavings"), and opens the shortest counterexample among the
//! properties the defect breaks on the stage, at its last step: the first
//! violation (unless the user moved on while it ran: then its link in
//! the sentence opens it). A press while a check runs starts the new one.
//! *Show the fix* opens the scenario under a preset without the
//! defect and checks it there, reporting that the same properties hold.
//! Both are links like any other (the run goes into the URL), so the moment
//! shown can be shared.
//!
//! The list and the sentences are the worker's (`checker-wasm/src/
//! real_bugs.rs`, with the table in `bugs.rs`): the panel asks for the list
//! when it is first opened and inserts it, and a button in it starts the
//! worker's check; so the page's first load carries neither the table nor
//! the sentences.

use super::checker_panel::{ask_worker, RunningWorker};
use super::share::ask_about_file;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use crate::hooks::current_fragment;
use crate::state::Action;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// The props of [`BugsPanel`]: only where moves go, so stepping the run
/// never redraws the panel.
#[derive(Properties, PartialEq)]
pub struct BugsPanelProps {
    /// Where the chosen run goes (as [`Action::Open`]).
    pub on_action: Callback<Action>,
}

/// The list: not asked for yet, the worker's, or why there is none.
#[derive(Clone, PartialEq)]
enum List {
    Closed,
    Loading,
    Items(AttrValue),
    Failed(String),
}

/// What the panel is doing for one defect (its index).
#[derive(Clone, Debug, PartialEq)]
enum Showing {
    Nothing,
    /// A check under `preset` (the bug's or the fix's: its name and
    /// releases).
    Checking {
        bug: usize,
        preset: Rc<str>,
        states: u64,
    },
    /// The worker's sentence on what it found.
    Done {
        bug: usize,
        html: AttrValue,
    },
    Failed {
        bug: usize,
        message: String,
    },
}

/// A button of the list, as its data attributes describe it: the
/// defect's index, whether it is the fix, the link that opens its run and
/// its preset's name and releases.
struct Pressed {
    bug: usize,
    fix: bool,
    open: String,
    preset: String,
}

/// The list's button a click landed on.
fn pressed(event: &MouseEvent) -> Option<Pressed> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let button = target.closest("button[data-bug]").ok()??;
    Some(Pressed {
        bug: button.get_attribute("data-bug")?.parse().ok()?,
        fix: button
            .get_attribute("data-fix")
            .is_some_and(|fix| fix == "1"),
        open: button.get_attribute("data-open")?,
        preset: button.get_attribute("data-preset")?,
    })
}

/// The sentence that says where a defect's check stands; while it runs,
/// with its Stop button, kept in sight at the foot of the screen.
fn status(showing: &Showing, on_stop: Callback<MouseEvent>) -> Html {
    match showing {
        Showing::Nothing => Html::default(),
        Showing::Checking { preset, states, .. } => html! {
            <p class="bug-status checking" data-testid="bug-checking" role="status">
                { format!("Checking every interleaving under {preset}: {} so far… ", crate::view::plural(*states, "state", "states")) }
                <button type="button" data-testid="bug-stop" onclick={on_stop}>{ "Stop" }</button>
            </p>
        },
        Showing::Done { html, .. } => Html::from_html_unchecked(html.clone()),
        Showing::Failed { message, .. } => html! {
            <p class="bug-status error" data-testid="bug-error" role="status">{ message.clone() }</p>
        },
    }
}

/// The panel, folded until opened.
#[component]
pub fn BugsPanel(props: &BugsPanelProps) -> Html {
    let list = use_state(|| List::Closed);
    let showing = use_state(|| Showing::Nothing);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);

    let on_toggle = {
        let list = list.clone();
        Callback::from(move |event: Event| {
            let open = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok())
                .is_some_and(|details| details.has_attribute("open"));
            if !open || !matches!(*list, List::Closed | List::Failed(_)) {
                return;
            }
            list.set(List::Loading);
            let list = list.clone();
            ask_about_file(
                &WorkerRequest::Bugs,
                Callback::from(move |answer| match answer {
                    Ok(CheckReply::Exported { text }) => list.set(List::Items(text.into())),
                    Ok(CheckReply::Failed { message }) | Err(message) => {
                        list.set(List::Failed(message))
                    }
                    Ok(_) => list.set(List::Failed("the worker answered another question".into())),
                }),
            );
        })
    };

    let checking = matches!(*showing, Showing::Checking { .. });
    let onclick = {
        let showing = showing.clone();
        let worker = worker.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(button) = pressed(&event) else {
                return;
            };
            // A press while a check runs stops it and starts the new one:
            // the latest press is what the user wants to see.
            let Pressed {
                bug,
                fix,
                open,
                preset,
            } = button;
            let preset: Rc<str> = preset.into();
            worker.borrow_mut().take();
            if fix {
                on_action.emit(Action::Open(open));
            }
            let text = match crate::json::to_string(&WorkerRequest::ShowBug { bug, fix }) {
                Ok(text) => text,
                Err(message) => return showing.set(Showing::Failed { bug, message }),
            };
            // The moment on the stage when the check starts: a run found
            // after the user has moved on is offered by its link only.
            let asked_at = current_fragment();
            let on_reply = {
                let showing = showing.clone();
                let worker = worker.clone();
                let preset = preset.clone();
                let on_action = on_action.clone();
                Callback::from(move |reply: Result<CheckReply, String>| {
                    let next = match reply {
                        Ok(CheckReply::Progress(progress)) => Showing::Checking {
                            bug,
                            preset: preset.clone(),
                            states: progress.states,
                        },
                        Ok(CheckReply::BugShown(shown)) => {
                            if let Some(fragment) = shown.open {
                                if current_fragment() == asked_at {
                                    on_action.emit(Action::Open(fragment));
                                    crate::view::scroll_to(".stage", true);
                                }
                            }
                            Showing::Done {
                                bug,
                                html: shown.html.into(),
                            }
                        }
                        Ok(CheckReply::Failed { message }) | Err(message) => {
                            Showing::Failed { bug, message }
                        }
                        Ok(_) => Showing::Failed {
                            bug,
                            message: "the worker answered another question".to_owned(),
                        },
                    };
                    if !matches!(next, Showing::Checking { .. }) {
                        worker.borrow_mut().take();
                    }
                    showing.set(next);
                })
            };
            match ask_worker(&text, on_reply) {
                Ok(running) => {
                    *worker.borrow_mut() = Some(running);
                    showing.set(Showing::Checking {
                        bug,
                        preset,
                        states: 0,
                    });
                }
                Err(message) => showing.set(Showing::Failed { bug, message }),
            }
        })
    };
    let on_stop = {
        let showing = showing.clone();
        let worker = worker.clone();
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            showing.set(Showing::Nothing);
        })
    };

    let body = match &*list {
        List::Closed => Html::default(),
        List::Loading => html! { <p class="check-note">{ "Loading…" }</p> },
        List::Failed(message) => html! {
            <p class="check-note error" role="alert">{ format!("The list could not be loaded: {message}") }</p>
        },
        List::Items(items) => html! {
            <>
                <div {onclick} aria-busy={checking.then_some("true")}>
                    { Html::from_html_unchecked(items.clone()) }
                </div>
                { status(&showing, on_stop) }
            </>
        },
    };

    html! {
        <details class="bugs panel" data-testid="bugs" ontoggle={on_toggle}>
            <summary data-testid="bugs-open"><h2 id="bugs-heading">{ "Real bugs" }</h2></summary>
            { body }
        </details>
    }
}
