//! `trace_result`: the slot where the leader leaves the dump.

use super::dump_card::DumpCard;
use crate::view::{self, DumpLine};
use yew::prelude::*;

/// The props of [`ResultSlot`].
#[derive(Properties, PartialEq)]
pub struct ResultSlotProps {
    /// The stashed dump, if any.
    pub lines: Option<Vec<DumpLine>>,
    /// Whether the mutex was taken in the last step.
    pub locked: bool,
}

/// The slot, with its lock and the dump card inside.
#[component]
pub fn ResultSlot(props: &ResultSlotProps) -> Html {
    let full = props.lines.is_some();
    let class = classes!(
        "object",
        "slot",
        full.then_some("full"),
        props.locked.then_some("locked")
    );
    html! {
        <div {class} data-testid="slot" data-full={view::flag(full)}>
            <h3><code>{ "trace_result" }</code></h3>
            <p class="lock">
                <span class="padlock" aria-hidden="true"></span>
                { if props.locked { "locked" } else { "unlocked" } }
            </p>
            if let Some(lines) = props.lines.clone() {
                <DumpCard {lines} />
            } else {
                <p class="value">{ "empty" }</p>
            }
        </div>
    }
}
