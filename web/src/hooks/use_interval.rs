//! A repeating timer owned by the component that calls the hook.

use gloo::timers::callback::Interval;
use yew::prelude::*;

/// Calls `on_tick` every `period_ms` milliseconds while `period_ms` is
/// `Some`. The timer is dropped (and so cancelled) when the period changes
/// or the component goes away.
///
/// `on_tick` is captured when the timer starts: pass a callback that stays
/// valid, such as one built on a reducer's dispatcher.
#[hook]
pub fn use_interval(period_ms: Option<u32>, on_tick: Callback<()>) {
    use_effect_with(period_ms, move |period| {
        let interval = period.map(|millis| Interval::new(millis, move || on_tick.emit(())));
        move || drop(interval)
    });
}
