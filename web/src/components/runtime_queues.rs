//! The runtime's shared parts: the injection queue, the idle tasks, the
//! scheduler's idle record and the owned-tasks lock (PROTOCOL.md 8.1, 10).

use super::task_chip::task_chip;
use crate::view::TaskChip as Chip;
use rendezvous_core::State;
use yew::prelude::*;

/// Rows of chips: the injection queue, front first (closed once the
/// runtime shuts down), and the idle tasks the runtime owns; then the idle
/// record (`sleepers`, `num_unparked`, `num_searching`, as Tokio's `Idle`
/// keeps them, a worker listed twice included) and who holds `OwnedTasks`'
/// lock.
pub fn runtime_queues(injection: &[Chip], idle: &[Chip], state: &State) -> Html {
    let sleepers: Vec<String> = state
        .idle
        .sleepers
        .iter()
        .map(|worker| format!("W{worker}"))
        .collect();
    let sleepers = sleepers.join(" ");
    let lock = state.owned_lock.map(|worker| format!("W{worker}"));
    html! {
        <div class="runtime-queues">
            <p><span class="label">{ "injection queue: " }</span>
                if state.closed { <span class="closed" title="the runtime is shutting down">{ "closed " }</span> }
                if injection.is_empty() { <span class="none">{ "empty" }</span> }
                { for injection.iter().map(task_chip) }
            </p>
            <p class="idle-record" data-testid="idle-record" data-sleepers={sleepers.clone()}
                data-unparked={state.idle.num_unparked.to_string()}
                data-searching={state.idle.num_searching.to_string()}>
                <span class="label">{ "Idle: " }</span>
                <span>{ "sleepers " }</span>
                if sleepers.is_empty() { <span class="none">{ "none" }</span> } else { <code>{ sleepers }</code> }
                <span>{ format!(" · num_unparked {} · num_searching {}", state.idle.num_unparked, state.idle.num_searching) }</span>
            </p>
            <p class="owned-lock" data-testid="owned-lock" data-holder={lock.clone().unwrap_or_default()}>
                <span class="label">{ "OwnedTasks lock: " }</span>
                if let Some(holder) = lock { <span class="held">{ format!("held by {holder}") }</span> } else { <span class="none">{ "free" }</span> }
            </p>
            <p><span class="label">{ "idle (owned, never queued): " }</span>
                if idle.is_empty() { <span class="none">{ "none" }</span> }
                { for idle.iter().map(task_chip) }
            </p>
        </div>
    }
}
