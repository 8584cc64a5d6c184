//! `result_ready` (a `Notify`) as a bell with a permit token.

use crate::view;
use yew::prelude::*;

/// The bell: whether a permit is stored, the requesters queued (first
/// first), and whether it was signalled or consumed in the last step.
pub fn bell(permit: bool, waiters: &[u8], rang: bool) -> Html {
    let waiting = if waiters.is_empty() {
        "nobody waits".to_owned()
    } else {
        let names: Vec<String> = waiters.iter().map(|r| format!("R{r}")).collect();
        format!("waiting: {}", names.join(", "))
    };
    let class = classes!("object", "bell", rang.then_some("rang"));
    html! {
        <div {class} data-testid="notify" data-permit={view::flag(permit)}>
            <h3><code>{ "result_ready" }</code></h3>
            <div class="bell-body" aria-hidden="true">
                <span class="dome"></span>
                <span class={classes!("permit", permit.then_some("stored"))}></span>
            </div>
            <p class="value">{ if permit { "permit stored" } else { "no permit" } }</p>
            <p class="waiting">{ waiting }</p>
        </div>
    }
}
