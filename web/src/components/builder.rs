//! The scenario builder: every field of a scenario (PROTOCOL.md section
//! 15.1) as a labelled control, starting from the scenario on the stage
//! ("edit a copy") or from an empty one.
//!
//! The form is worked out in the checker's worker (`checker-wasm/src/
//! form.rs`, with the edits and the core's checks in `draft.rs`), which the
//! page starts when the builder is first opened and keeps while it is open:
//! the page sends the draft and one change (the control's field path and
//! value) and inserts the form's markup the worker sends back, listening
//! for changes on the form as a whole. So the builder costs the first load
//! only this file. A refused field shows the core's sentence
//! beside it (and in an alert, which screen readers announce) and the run
//! on the stage stays; an accepted change is sent as [`Action::Build`] and
//! the stage rebuilds at once. The scenario saves as the CLI's scenario
//! file and opens one, also through the worker.

use super::checker_panel::{ask_kept_worker, RunningWorker};
use super::share::{ask_about_file, save};
use super::PartProps;
use crate::checker_bridge::{CheckReply, DraftRequest, DraftView, WorkerRequest};
use crate::state::Action;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the builder shows: nothing yet, the worker's form, or why there is
/// none.
#[derive(Clone, PartialEq)]
enum Shown {
    Waiting,
    Form(Rc<DraftView>),
    Failed(String),
}

/// The field path and value of the control an event came from.
fn changed(event: &Event) -> Option<(String, String)> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let field = target.get_attribute("data-field")?;
    let value = if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            if input.checked() { "on" } else { "" }.to_owned()
        } else {
            input.value()
        }
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        target.dyn_ref::<HtmlTextAreaElement>()?.value()
    };
    Some((field, value))
}

/// The field path of the builder button a click landed on.
fn clicked(event: &MouseEvent) -> Option<String> {
    let target: Element = event.target()?.dyn_into().ok()?;
    let button = target.closest("button[data-field]").ok()??;
    button.get_attribute("data-field")
}

/// The field path of the control that has the focus, if it is one of
/// the builder's.
fn focused_field() -> Option<String> {
    web_sys::window()?
        .document()?
        .active_element()?
        .get_attribute("data-field")
}

/// Gives the focus back to the builder's control for `field`, or to the
/// control the worker marked as standing in for it (`data-was`, which
/// comes first in the form: after Add, the new entry's first control;
/// after Remove, the list's Add button; `checker-wasm/src/form.rs`).
fn focus_field(field: &str) {
    let selector = format!("[data-field=\"{field}\"],[data-was=\"{field}\"]");
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(&selector).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The scenario builder, folded until opened.
#[component]
pub fn Builder(props: &PartProps) -> Html {
    let shown = use_state(|| Shown::Waiting);
    let open = use_state(|| false);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);
    // The control that had the focus when the form was last replaced, to
    // give it back once the new markup is in.
    let refocus: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let settings = props.playground.settings().clone();

    // Sends one request to the builder's worker (started on first use).
    let send = {
        let shown = shown.clone();
        let worker = worker.clone();
        let refocus = refocus.clone();
        let on_action = props.on_action.clone();
        let settings = settings.clone();
        Rc::new(
            move |draft: Option<String>, field: Option<String>, value: String| {
                let request = DraftRequest {
                    draft,
                    scenario: settings.scenario.clone(),
                    built: settings.built.clone(),
                    workers: settings.workers,
                    field,
                    value,
                };
                let text = match crate::json::to_string(&WorkerRequest::Draft(&request)) {
                    Ok(text) => text,
                    Err(error) => return shown.set(Shown::Failed(error)),
                };
                let on_reply = || {
                    let on_action = on_action.clone();
                    let shown = shown.clone();
                    let refocus = refocus.clone();
                    Callback::from(move |reply: Result<CheckReply, String>| match reply {
                        Ok(CheckReply::Draft(view)) => {
                            *refocus.borrow_mut() = focused_field();
                            if let (true, Some(code)) = (view.edited, &view.code) {
                                on_action.emit(Action::Build(code.clone()));
                            }
                            shown.set(Shown::Form(Rc::new(view)));
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
            },
        )
    };
    // The form follows the stage: a scenario chosen elsewhere (a picker, a
    // link, a file) is the one edited next. A refused draft changes nothing
    // on the stage, so it stays until fixed.
    {
        let send = send.clone();
        let shown = shown.clone();
        let open = *open;
        use_effect_with((settings.clone(), open), move |(settings, open)| {
            let current = match &*shown {
                Shown::Form(view) => view.code.is_some() && view.code == settings.built,
                _ => false,
            };
            if *open && !current {
                send(None, None, String::new());
            }
        });
    }
    {
        let refocus = refocus.clone();
        use_effect(move || {
            if let Some(field) = refocus.borrow_mut().take() {
                focus_field(&field);
            }
        });
    }
    // The worker goes when the builder does.
    {
        let worker = worker.clone();
        use_effect_with((), move |_| move || drop(worker.borrow_mut().take()));
    }

    let draft = match &*shown {
        Shown::Form(view) => Some(view.draft.clone()),
        _ => None,
    };
    let onchange = {
        let send = send.clone();
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            if let (Some((field, value)), Some(draft)) = (changed(&event), &draft) {
                send(Some(draft.clone()), Some(field), value);
            }
        })
    };
    let onclick = {
        let send = send.clone();
        let draft = draft.clone();
        Callback::from(move |event: MouseEvent| {
            if let (Some(field), Some(draft)) = (clicked(&event), &draft) {
                send(Some(draft.clone()), Some(field), String::new());
            }
        })
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details = event
                .target()
                .and_then(|target| target.dyn_into::<Element>().ok());
            if let Some(details) = details {
                open.set(details.has_attribute("open"));
            }
        })
    };

    // The last file saved: its name and object URL, linked on the page.
    let saved = use_state(|| None::<(String, String)>);
    let code = match &*shown {
        Shown::Form(view) => view.code.clone(),
        _ => None,
    };
    let on_save = {
        let saved = saved.clone();
        let code = code.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(code) = code.clone() else { return };
            let name = rendezvous_core::Scenario::from_link_code(&code)
                .map_or_else(|_| "scenario".to_owned(), |scenario| scenario.name);
            let name = format!("{name}.json");
            let on_action = on_action.clone();
            let saved = saved.clone();
            ask_about_file(
                &WorkerRequest::ExportScenario { code: &code },
                Callback::from(move |answer| match answer {
                    Ok(CheckReply::Exported { text }) => {
                        if let Some((_, old)) = saved.as_ref() {
                            let _ = web_sys::Url::revoke_object_url(old);
                        }
                        saved.set(
                            save(&name, "application/json", &text).map(|url| (name.clone(), url)),
                        );
                    }
                    Ok(CheckReply::Failed { message }) | Err(message) => {
                        on_action.emit(Action::ExportFailed(message))
                    }
                    Ok(_) => {}
                }),
            );
        })
    };
    let on_open = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_scenario(file, on_action.clone());
            }
            // Emptied, so choosing the same file again opens it again.
            input.set_value("");
        })
    };

    let body = match &*shown {
        Shown::Waiting => {
            html! { <p class="builder-status" data-testid="builder-status">{ "Loading…" }</p> }
        }
        Shown::Failed(message) => html! {
            <p class="builder-status refused" role="alert" data-testid="builder-status">{ format!("The builder could not work: {message}") }</p>
        },
        Shown::Form(view) => html! {
            <div {onchange} {onclick}>
                { Html::from_html_unchecked(AttrValue::from(view.html.clone())) }
            </div>
        },
    };

    html! {
        <details class="builder" data-testid="builder" ontoggle={on_toggle}>
            <summary>{ "Build a scenario" }</summary>
            if *open {
                <div class="builder-tools">
                    <button type="button" data-testid="builder-empty" disabled={draft.is_none()}
                        onclick={
                            let send = send.clone();
                            Callback::from(move |_: MouseEvent| send(None, Some("(empty)".to_owned()), String::new()))
                        }>{ "Start from empty" }</button>
                    <button type="button" data-testid="builder-save" onclick={on_save}
                        disabled={code.is_none()}>{ "Save scenario file" }</button>
                    if let Some((name, url)) = saved.as_ref() {
                        <a href={url.clone()} download={name.clone()} data-testid="builder-download">{ name.clone() }</a>
                    }
                    <label class="import">
                        <span>{ "Open scenario file" }</span>
                        <input type="file" accept=".json,application/json" data-testid="builder-open" onchange={on_open} />
                    </label>
                </div>
                { body }
            }
        </details>
    }
}

/// Reads a scenario file, has the checker's worker read it as the CLI
/// does, and hands its scenario (or why it was refused) to the reducer.
fn read_scenario(file: web_sys::File, on_action: Callback<Action>) {
    super::share::read_text(&file, move |text| {
        let Some(text) = text else {
            on_action.emit(Action::ImportScenario(Err(
                "it could not be read".to_owned()
            )));
            return;
        };
        ask_about_file(
            &WorkerRequest::ImportScenario { text: &text },
            Callback::from(move |answer| {
                on_action.emit(Action::ImportScenario(match answer {
                    Ok(CheckReply::Exported { text }) => Ok(text),
                    Ok(CheckReply::Failed { message }) | Err(message) => Err(message),
                    Ok(_) => Err("the worker answered another question".to_owned()),
                }))
            }),
        );
    });
}
