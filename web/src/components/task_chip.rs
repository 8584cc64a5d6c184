//! A task as a small chip.

use crate::view::TaskChip as Chip;
use yew::prelude::*;

/// The props of [`TaskChip`].
#[derive(Properties, PartialEq)]
pub struct TaskChipProps {
    /// The chip.
    pub chip: Chip,
}

/// The chip: id and name, coloured by kind; a wedged poll looks stuck.
#[component]
pub fn TaskChip(props: &TaskChipProps) -> Html {
    let chip = &props.chip;
    html! {
        <span class={chip.class.clone()} title={chip.note.clone()}>
            <span class="id">{ format!("t{}", chip.id) }</span>{ " " }{ &chip.name }
        </span>
    }
}
