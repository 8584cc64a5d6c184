//! `trace_requested` as a lamp.

use crate::view::{self, FlagFlash};
use yew::prelude::*;

/// The props of [`FlagLamp`].
#[derive(Properties, PartialEq)]
pub struct FlagLampProps {
    /// The flag's value.
    pub value: bool,
    /// What happened to it in the last step.
    pub flash: FlagFlash,
    /// Whether S5 is broken: the flag is up with nobody to lower it.
    pub offending: bool,
}

/// The lamp: lit while a dump is requested; it flashes when a CAS wins,
/// turns red for a moment when one loses.
#[component]
pub fn FlagLamp(props: &FlagLampProps) -> Html {
    let (flash_class, note) = match props.flash {
        FlagFlash::Still => (None, String::new()),
        FlagFlash::Won(requester) => (Some("flash-won"), format!("R{requester} set it")),
        FlagFlash::Lost(requester) => (Some("flash-lost"), format!("R{requester}'s CAS lost")),
        FlagFlash::Read(worker) => (Some("flash-read"), format!("W{worker} read it")),
    };
    let class = classes!(
        "object",
        "flag",
        props.value.then_some("lit"),
        flash_class,
        props.offending.then_some("offending")
    );
    html! {
        <div {class} data-testid="flag" data-value={view::flag(props.value)}>
            <div class="lamp" aria-hidden="true"></div>
            <h3><code>{ "trace_requested" }</code></h3>
            <p class="value">{ view::flag(props.value) }</p>
            <p class="note">{ note }</p>
        </div>
    }
}
