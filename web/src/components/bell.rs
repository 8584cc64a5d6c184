//! `result_ready` (a `Notify`) as a bell with a permit token.

use crate::view;
use yew::prelude::*;

/// The props of [`Bell`].
#[derive(Properties, PartialEq)]
pub struct BellProps {
    /// Whether a permit is stored.
    pub permit: bool,
    /// The requesters queued, first first.
    pub waiters: Vec<u8>,
    /// Whether it was signalled or consumed in the last step.
    pub rang: bool,
}

/// The bell.
#[component]
pub fn Bell(props: &BellProps) -> Html {
    let waiters = if props.waiters.is_empty() {
        "nobody waits".to_owned()
    } else {
        let names: Vec<String> = props.waiters.iter().map(|r| format!("R{r}")).collect();
        format!("waiting: {}", names.join(", "))
    };
    let class = classes!("object", "bell", props.rang.then_some("rang"));
    html! {
        <div {class} data-testid="notify" data-permit={view::flag(props.permit)}>
            <h3><code>{ "result_ready" }</code></h3>
            <div class="bell-body" aria-hidden="true">
                <span class="dome"></span>
                <span class={classes!("permit", props.permit.then_some("stored"))}></span>
            </div>
            <p class="value">{ if props.permit { "permit stored" } else { "no permit" } }</p>
            <p class="waiting">{ waiters }</p>
        </div>
    }
}
