//! The page's keys: space plays or pauses, the arrows step, Home and End
//! jump, `?` toggles the help and Escape closes it, `P` switches the
//! presenter view.

use crate::state::Action;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// Listens for the page's keys on the document while the component lives
/// and `enabled` (a widget embedded in another page leaves its keys alone).
#[hook]
pub fn use_keyboard(on_action: Callback<Action>, enabled: bool) {
    use_effect_with(enabled, move |&enabled| {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .filter(|_| enabled);
        let listener = document.map(|document| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(action) = key_action(event) {
                    event.prevent_default();
                    on_action.emit(action);
                }
            })
        });
        move || drop(listener)
    });
}

/// The action for a key press, leaving alone the keys that a focused
/// control needs for itself (typing in a box, space on a button, arrows on
/// the scrubber).
fn key_action(event: &KeyboardEvent) -> Option<Action> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return None;
    }
    let tag = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .map(|element| element.tag_name().to_ascii_uppercase())
        .unwrap_or_default();
    let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
    let pressable = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY");
    match event.key().as_str() {
        " " if !typing && !pressable => Some(Action::TogglePlay),
        "ArrowLeft" if !typing => Some(Action::Back),
        "ArrowRight" if !typing => Some(Action::Step),
        "Home" if !typing => Some(Action::First),
        "End" if !typing => Some(Action::Last),
        "?" if !typing => Some(Action::ToggleHelp),
        "p" | "P" if !typing => Some(Action::TogglePresenter),
        "Escape" => Some(Action::CloseHelp),
        _ => None,
    }
}
