//! `trace_requested` as a lamp.

use crate::view::{self, FlagFlash};
use yew::prelude::*;

/// The lamp: lit while a dump is requested (`value`); it flashes when a
/// CAS wins, turns red for a moment when one loses (`flash`, what happened
/// to it in the last step), and is outlined when S5 is broken (`offending`:
/// the flag is up with nobody to lower it).
pub fn flag_lamp(value: bool, flash: FlagFlash, offending: bool) -> Html {
    let (flash_class, note) = match flash {
        FlagFlash::Still => (None, String::new()),
        FlagFlash::Won(requester) => (Some("flash-won"), format!("R{requester} set it")),
        FlagFlash::Lost(requester) => (Some("flash-lost"), format!("R{requester}'s CAS lost")),
        FlagFlash::Read(worker) => (Some("flash-read"), format!("W{worker} read it")),
    };
    let class = classes!(
        "object",
        "flag",
        value.then_some("lit"),
        flash_class,
        offending.then_some("offending")
    );
    html! {
        <div {class} data-testid="flag" data-value={view::flag(value)}>
            <div class="lamp" aria-hidden="true"></div>
            <h3><code>{ "trace_requested" }</code></h3>
            <p class="value">{ view::flag(value) }</p>
            <p class="note">{ note }</p>
        </div>
    }
}
