//! Keeps the URL fragment equal to the run on screen, and the run equal to
//! the fragment when the user moves through the browser's history.

use crate::state::{Action, Playground};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
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
/// `popstate` and `hashchange`; a link it cannot open is replaced by the
/// run still on screen, so a reload does not lose it. Does nothing unless
/// `enabled`: widgets embedded in one page must not fight over its URL.
///
/// Browsers throttle history writes (a burst of them is refused, slowly),
/// so replacements come at most once per [`REPLACE_EVERY_MS`]: the first
/// step after a quiet spell is written at once, the last of a burst when
/// the spell is over. A decision is written at once, and takes any
/// replacement still waiting with it. When the URL moves on its own
/// (`popstate`, `hashchange`), a replacement still waiting is dropped, so
/// it cannot take the page back to the moment before.
#[hook]
pub fn use_url_sync(playground: &UseReducerHandle<Playground>, enabled: bool) {
    let fragment = playground.fragment();
    // A refused link leaves the fragment as it was while the URL holds
    // the link (twice over: a typed fragment fires `popstate` and then
    // `hashchange`), so every action is a reason to write the run's
    // fragment back; an equal one is not written.
    let revision = playground.revision();
    let decisions = playground.decisions();
    let playing = playground.playing();
    // Listen first: the URL may have moved between the app reading it and
    // this first effect (a link followed at once); that move is loaded
    // rather than overwritten by the write below.
    let dispatcher = playground.dispatcher();
    let writer = use_mut_ref(|| Writer {
        decisions,
        last_write: f64::NEG_INFINITY,
        pending: None,
        timer: None,
    });
    let read_at_start = use_state(current_fragment);
    let moved_at_start = {
        let read_at_start = read_at_start.clone();
        move || current_fragment() != *read_at_start
    };
    let listening = writer.clone();
    use_effect_with(enabled, move |&enabled| {
        let listeners = web_sys::window().filter(|_| enabled).map(|window| {
            ["popstate", "hashchange"].map(|name| {
                let dispatcher = dispatcher.clone();
                let writer = listening.clone();
                EventListener::new(&window, name, move |_| {
                    // The URL moved on its own (Back, a link, a typed
                    // fragment): a replacement still waiting would undo it.
                    {
                        let mut state = writer.borrow_mut();
                        state.pending = None;
                        state.timer = None;
                    }
                    dispatcher.dispatch(Action::LoadFragment(current_fragment()));
                })
            })
        });
        if enabled && current_fragment() != *read_at_start {
            dispatcher.dispatch(Action::LoadFragment(current_fragment()));
        }
        move || drop(listeners)
    });
    use_effect_with(
        (fragment, playing, revision),
        move |(fragment, playing, _)| {
            if *playing || !enabled {
                return;
            }
            let mut state = writer.borrow_mut();
            let push = decisions != state.decisions;
            state.decisions = decisions;
            let now = js_sys::Date::now();
            let since = now - state.last_write;
            if state.last_write == f64::NEG_INFINITY && moved_at_start() {
                // The first write would undo a link followed since the start;
                // the listener above loads it instead.
                state.last_write = now;
                return;
            }
            if push || since >= REPLACE_EVERY_MS {
                // The moment before a decision keeps its own entry as it was
                // last seen, so Back returns exactly there.
                state.timer = None;
                if let Some(waiting) = state.pending.take() {
                    write_fragment(&waiting, false);
                }
                state.last_write = now;
                write_fragment(fragment, push);
                return;
            }
            // A timer is armed while a fragment waits; it writes the latest.
            let armed = state.pending.replace(fragment.clone()).is_some();
            if !armed {
                let later = writer.clone();
                let wait = (REPLACE_EVERY_MS - since).max(0.0) as u32;
                // A fired timer stays in `timer` (it is not dropped from inside
                // its own callback) until the next one replaces it.
                state.timer = Some(Timeout::new(wait, move || {
                    let mut state = later.borrow_mut();
                    if let Some(waiting) = state.pending.take() {
                        state.last_write = js_sys::Date::now();
                        write_fragment(&waiting, false);
                    }
                }));
            }
        },
    );
}

/// The least time between two replacements of the URL, in milliseconds.
pub const REPLACE_EVERY_MS: f64 = 250.0;

/// What the URL writer remembers between renders.
struct Writer {
    /// The playground's decision count at the last write.
    decisions: u64,
    /// When the URL was last written (`Date.now()`).
    last_write: f64,
    /// The latest fragment waiting for the quiet spell to end.
    pending: Option<String>,
    /// The timer that writes it: armed while `pending` is `Some`.
    timer: Option<Timeout>,
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
