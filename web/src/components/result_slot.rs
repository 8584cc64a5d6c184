//! `trace_result`: the slot where the leader leaves the dump.

use super::dump_card::dump_card;
use crate::view::{self, DumpLine};
use yew::prelude::*;

/// The slot, with its lock and the dump card inside: `lines` is the
/// stashed dump, if any; `locked`, whether the mutex was taken in the last
/// step.
pub fn result_slot(lines: Option<&[DumpLine]>, locked: bool) -> Html {
    let full = lines.is_some();
    let class = classes!(
        "object",
        "slot",
        full.then_some("full"),
        locked.then_some("locked")
    );
    html! {
        <div {class} data-testid="slot" data-full={view::flag(full)}>
            <h3><code>{ "trace_result" }</code></h3>
            <p class="lock">
                <span class="padlock" aria-hidden="true"></span>
                { if locked { "locked" } else { "unlocked" } }
            </p>
            if let Some(lines) = lines {
                { dump_card(lines, None) }
            } else {
                <p class="value">{ "empty" }</p>
            }
        </div>
    }
}
