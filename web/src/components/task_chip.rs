//! A task as a small chip.

use crate::view::TaskChip as Chip;
use yew::prelude::*;

/// The chip: id and name, coloured by kind; a wedged poll looks stuck.
pub fn task_chip(chip: &Chip) -> Html {
    html! {
        <span class={chip.class.clone()} title={chip.note.clone()}>
            <span class="id">{ format!("t{}", chip.id) }</span>{ " " }{ &chip.name }
        </span>
    }
}
