//! Keeps the URL fragment equal to the run on screen, and the run equal to
//! the fragment when the user moves through the browser's history.

use crate::state::{Action, Playground};
use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The current URL fragment, with its `#`, or an empty string.
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Writes the playground's fragment after every change: a new history
/// entry for a decision (see [`Playground::decisions`]), a replaced one for
/// stepping and seeking, nothing during playback. Restores the run on
/// `popstate` and `hashchange`. Does nothing unless `enabled`: widgets
/// embedded in one page must not fight over its URL.
#[hook]
pub fn use_url_sync(playground: &UseReducerHandle<Playground>, enabled: bool) {
    let fragment = playground.fragment();
    let decisions = playground.decisions();
    let playing = playground.playing();
    let written = use_mut_ref(|| decisions);
    use_effect_with((fragment, playing), move |(fragment, playing)| {
        // Browsers throttle history writes; during playback the URL waits
        // for the pause.
        if *playing || !enabled {
            return;
        }
        let push = decisions != *written.borrow();
        *written.borrow_mut() = decisions;
        write_fragment(fragment, push);
    });
    let dispatcher = playground.dispatcher();
    use_effect_with(enabled, move |&enabled| {
        let listeners = web_sys::window().filter(|_| enabled).map(|window| {
            ["popstate", "hashchange"].map(|name| {
                let dispatcher = dispatcher.clone();
                EventListener::new(&window, name, move |_| {
                    dispatcher.dispatch(Action::LoadFragment(current_fragment()));
                })
            })
        });
        move || drop(listeners)
    });
}

fn write_fragment(fragment: &str, push: bool) {
    let url = format!("#{fragment}");
    if current_fragment() == url {
        return;
    }
    let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
        return;
    };
    // A refused history write (some embedded browsers forbid it) only
    // leaves the URL behind; the page goes on.
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}
