//! One `Handle::dump()` call as a card.

use super::dump_card::dump_card;
use super::move_button;
use crate::state::Action;
use crate::view::{self, DumpLine};
use rendezvous_core::state::Requester;
use rendezvous_core::Action as Move;
use yew::prelude::*;

/// What [`requester_card`] shows.
pub struct RequesterCardProps {
    /// The requester's index.
    pub index: usize,
    /// The requester.
    pub requester: Requester,
    /// The dump it holds.
    pub dump: Option<Vec<DumpLine>>,
    /// The moves it can take now.
    pub moves: Vec<Move>,
    /// Whether it holds a dump not traced for it (S3).
    pub offending: bool,
    /// Whether it took the last step.
    pub moved: bool,
    /// Its compare-and-swap in the last step: won or lost.
    pub cas: Option<bool>,
    /// Where moves go.
    pub on_action: Callback<Action>,
}

/// The card. Click it to take the requester's step when it can move.
pub fn requester_card(props: RequesterCardProps) -> Html {
    let requester = &props.requester;
    let index = props.index;
    let own_step = Move::Requester(index as u8);
    let can_step = props.moves.contains(&own_step);
    let class = classes!(
        "card",
        view::requester_colour(index),
        (!props.moves.is_empty()).then_some("enabled"),
        requester.pc.is_finished().then_some("finished"),
        props.offending.then_some("offending"),
        props.moved.then_some("moved"),
        match props.cas {
            Some(true) => Some("cas-won"),
            Some(false) => Some("cas-lost"),
            None => None,
        }
    );
    let onclick = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            if can_step {
                on_action.emit(Action::Take(own_step));
            }
        })
    };
    let mut notes = Vec::new();
    if requester.won {
        notes.push("its CAS won");
    }
    if requester.queued {
        notes.push("queued on result_ready");
    }
    if requester.woken {
        notes.push("woken");
    }
    if requester.abandoned {
        notes.push("caller gave up");
    }
    let notes = notes.join(" · ");
    let dump_tasks = props.dump.as_ref().map(|lines| lines.len().to_string());

    html! {
        <article {class} data-testid={format!("requester-{index}")} data-pc={requester.pc.label()}
            data-dump-tasks={dump_tasks} aria-label={format!("Requester R{index}")} {onclick}>
            <header>
                <span class="actor-name">{ format!("R{index}") }</span>
                <span class="pc">{ requester.pc.label() }</span>
            </header>
            <p class="notes">{ notes }</p>
            if let Some(lines) = &props.dump {
                { dump_card(lines, None) }
            } else {
                <p class="none">{ "no dump yet" }</p>
            }
            if !props.moves.is_empty() {
                <div class="moves">
                    { for props.moves.iter().map(|&step| move_button(step, "small", &props.on_action)) }
                </div>
            }
        </article>
    }
}
