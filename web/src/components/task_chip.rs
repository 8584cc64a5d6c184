//! A task as a small chip.

use crate::view::TaskChip as Chip;
use yew::prelude::*;

/// The chip: id and name, coloured by kind; a wedged poll looks stuck. A
/// dot marks the NOTIFIED bit, and a task with more than one queue handle
/// carries "×2" (or more) in every place it is drawn.
pub fn task_chip(chip: &Chip) -> Html {
    html! {
        <span class={chip.class.clone()} title={chip.note.clone()}
            data-task={chip.id.to_string()} data-notified={chip.notified.to_string()}
            data-handles={chip.handles.to_string()}>
            <span class="id">{ format!("t{}", chip.id) }</span>{ " " }{ &chip.name }
            if chip.notified { <span class="bit" title="NOTIFIED bit set" aria-label="notified">{ "●" }</span> }
            if chip.handles > 1 {
                <span class="handles" title="queued in more than one place">{ format!("×{}", chip.handles) }</span>
            }
        </span>
    }
}
