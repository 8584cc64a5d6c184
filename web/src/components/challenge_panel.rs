//! Challenges: goals the run can reach. The panel loads on demand: opened,
//! it asks the checker's worker about the moment on the stage
//! (`checker-wasm/src/challenges.rs` decides the goals and writes the
//! list), again at every moment while it stays open, and keeps what was
//! won in the browser's localStorage. The goals and their texts are the
//! worker's, so the page's first load carries none of them.

use super::checker_panel::{ask_kept_worker, RunningWorker};
use super::PlaygroundProps;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The localStorage key of the record of wins (one `id fragment` line per
/// challenge won).
const STORAGE_KEY: &str = "rendezvous-challenges";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The record of wins kept in this browser (empty when there is none or
/// storage is forbidden).
fn stored() -> String {
    storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .unwrap_or_default()
}

/// What the panel shows once open.
#[derive(Clone, PartialEq)]
enum Shown {
    /// Waiting for the worker's first answer.
    Loading,
    /// The list, as the worker's markup.
    List(AttrValue),
    /// Why there is no list.
    Failed(String),
}

/// The challenges panel.
#[component]
pub fn ChallengePanel(props: &PlaygroundProps) -> Html {
    let open = use_state(|| false);
    let shown = use_state(|| Shown::Loading);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);
    // The moment's link, which the worker records with a win; only while
    // open (a step of a folded panel costs nothing).
    let fragment = if *open {
        props.playground.fragment()
    } else {
        String::new()
    };
    {
        let shown = shown.clone();
        let worker = worker.clone();
        let playground = props.playground.clone();
        use_effect_with((*open, fragment), move |(open, fragment)| {
            if !*open {
                worker.borrow_mut().take();
                return;
            }
            let record = stored();
            let parts = playground.run_parts();
            let request = WorkerRequest::Challenges {
                run: &parts,
                fragment,
                record: &record,
            };
            let text = match crate::json::to_string(&request) {
                Ok(text) => text,
                Err(error) => return shown.set(Shown::Failed(error)),
            };
            let on_reply = || {
                let shown = shown.clone();
                Callback::from(move |reply: Result<CheckReply, String>| match reply {
                    Ok(CheckReply::Challenges { html, record }) => {
                        if record != stored() {
                            if let Some(storage) = storage() {
                                // A full or forbidden storage only forgets
                                // the win.
                                let _ = storage.set_item(STORAGE_KEY, &record);
                            }
                        }
                        shown.set(Shown::List(html.into()));
                    }
                    Ok(CheckReply::Failed { message }) | Err(message) => {
                        shown.set(Shown::Failed(message))
                    }
                    Ok(_) => {}
                })
            };
            if let Err(error) = ask_kept_worker(&worker, &text, on_reply) {
                shown.set(Shown::Failed(error));
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            if let Some(details) = event.target_dyn_into::<web_sys::Element>() {
                open.set(details.has_attribute("open"));
            }
        })
    };
    let body = match &*shown {
        _ if !*open => Html::default(),
        Shown::Loading => html! { <p class="hint" aria-busy="true">{ "…" }</p> },
        Shown::List(html) => Html::from_html_unchecked(html.clone()),
        Shown::Failed(message) => html! {
            <p class="check-note error">{ format!("The challenges could not be loaded: {message}") }</p>
        },
    };
    html! {
        <section class="challenges" aria-label="Challenges" data-testid="challenges">
            <details {ontoggle}>
                <summary class="lane-title" data-testid="challenges-open">{ "Challenges: goals to reach by hand" }</summary>
                { body }
            </details>
        </section>
    }
}
