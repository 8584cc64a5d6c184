//! The runtime's shared queues: the injection queue and the idle tasks.

use super::task_chip::task_chip;
use crate::view::TaskChip as Chip;
use yew::prelude::*;

/// Two rows of chips: the injection queue, front first, and the idle tasks
/// the runtime owns.
pub fn runtime_queues(injection: &[Chip], idle: &[Chip]) -> Html {
    html! {
        <div class="runtime-queues">
            <p><span class="label">{ "injection queue: " }</span>
                if injection.is_empty() { <span class="none">{ "empty" }</span> }
                { for injection.iter().map(task_chip) }
            </p>
            <p><span class="label">{ "idle (owned, never queued): " }</span>
                if idle.is_empty() { <span class="none">{ "none" }</span> }
                { for idle.iter().map(task_chip) }
            </p>
        </div>
    }
}
