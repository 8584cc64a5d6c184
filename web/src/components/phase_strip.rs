//! Where each dump in flight stands: one strip of phases per requester,
//! the current phase highlighted (see [`crate::phase`]).

use crate::phase::{requester_phase, Phase};
use rendezvous_core::state::State;
use yew::prelude::*;

/// The strips of every requester that has started, in their order.
pub fn phase_strips(state: &State) -> Html {
    let strips: Vec<Html> = (0..state.requesters.len())
        .filter_map(|index| requester_phase(state, index).map(|phase| strip(index, phase)))
        .collect();
    if strips.is_empty() {
        return Html::default();
    }
    html! { <div class="phase-strips">{ strips }</div> }
}

fn strip(index: usize, current: Phase) -> Html {
    html! {
        <ol class={classes!("phases", crate::view::requester_colour(index))} data-testid={format!("phases-{index}")}
            data-phase={current.name()} aria-label={format!("R{index}'s dump: {}", current.label())}>
            <li class="phase-owner">{ format!("R{index}") }</li>
            { for Phase::ALL.iter().map(|&phase| {
                let class = classes!(
                    "phase",
                    (phase < current).then_some("passed"),
                    (phase == current).then_some("current")
                );
                html! {
                    <li {class} title={phase.meaning()} aria-current={(phase == current).then_some("step")}>
                        { phase.label() }
                    </li>
                }
            }) }
        </ol>
    }
}
