//! The runtime's shared queues: the injection queue and the idle tasks.

use super::task_chip::TaskChip;
use crate::view::TaskChip as Chip;
use yew::prelude::*;

/// The props of [`RuntimeQueues`].
#[derive(Properties, PartialEq)]
pub struct RuntimeQueuesProps {
    /// The injection queue, front first.
    pub injection: Vec<Chip>,
    /// The idle tasks the runtime owns.
    pub idle: Vec<Chip>,
}

/// Two rows of chips.
#[component]
pub fn RuntimeQueues(props: &RuntimeQueuesProps) -> Html {
    html! {
        <div class="runtime-queues">
            <p><span class="label">{ "injection queue: " }</span>
                if props.injection.is_empty() { <span class="none">{ "empty" }</span> }
                { for props.injection.iter().map(|chip| html! { <TaskChip chip={chip.clone()} /> }) }
            </p>
            <p><span class="label">{ "idle (owned, never queued): " }</span>
                if props.idle.is_empty() { <span class="none">{ "none" }</span> }
                { for props.idle.iter().map(|chip| html! { <TaskChip chip={chip.clone()} /> }) }
            </p>
        </div>
    }
}
