//! The page's components and view functions, one per file. Each takes
//! props (or arguments) and sends [`Action`]s out through `on_action`; none
//! holds logic of the protocol.

mod app;
mod barrier;
mod bell;
mod bugs_panel;
mod builder;
mod challenge_panel;
mod checker_panel;
mod dump_card;
mod error_banner;
mod flag_lamp;
mod help;
mod listing;
mod log;
mod narration;
mod outside;
mod phase_strip;
mod properties;
mod requester_card;
mod result_slot;
mod runtime_queues;
mod setup;
mod share;
mod stage;
mod task_chip;
mod timeline;
mod tour_panel;
mod transport;
mod worker_lane;

pub use app::{App, AppProps};

use crate::state::{Action, Playground};
use crate::view;
use rendezvous_core::Action as Move;
use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;
use yew::prelude::*;

/// The props of a component that reads the whole playground.
#[derive(Properties, PartialEq)]
pub struct PlaygroundProps {
    /// The playground.
    pub playground: UseReducerHandle<Playground>,
    /// Where the component sends what the user asks for.
    pub on_action: Callback<Action>,
}

/// The props of a component that draws from one part of the playground
/// only. It is drawn again when `part` changes: a [`digest`] of that part,
/// computed by the parent. Stepping leaves such a component alone unless
/// the step changed its part.
///
/// The handle it holds may be older than the page's: read nothing from it
/// beyond the part the digest covers.
#[derive(Properties)]
pub struct PartProps {
    /// The playground, as of the last change of `part`.
    pub playground: UseReducerHandle<Playground>,
    /// A digest of what the component draws from the playground.
    pub part: u64,
    /// Where the component sends what the user asks for.
    pub on_action: Callback<Action>,
}

impl PartialEq for PartProps {
    fn eq(&self, other: &Self) -> bool {
        self.part == other.part && self.on_action == other.on_action
    }
}

/// The props of a memoised chunk of the recorded run (the timeline's
/// marks, the log's lines): steps `first .. end`, compared by the chunk's
/// stamp (see [`Playground::chunk_stamps`]) rather than by contents.
#[derive(Properties)]
pub struct ChunkProps {
    /// The playground, as of the last change of the fields below.
    pub playground: UseReducerHandle<Playground>,
    /// The chunk's first step (0-based).
    pub first: usize,
    /// One past its last step shown.
    pub end: usize,
    /// Its stamp.
    pub stamp: u64,
    /// A size the chunk draws at (the timeline's height), if any.
    #[prop_or_default]
    pub height: usize,
}

impl PartialEq for ChunkProps {
    fn eq(&self, other: &Self) -> bool {
        (self.first, self.end, self.stamp, self.height)
            == (other.first, other.end, other.stamp, other.height)
    }
}

/// A digest of `value`, for [`PartProps::part`].
pub fn digest(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The playground as it is now, for a component that is not drawn again on
/// every step but reads the playground when clicked (an export). The cell
/// is the same for the app's whole life, so it never makes a component
/// draw again.
#[derive(Clone)]
pub struct Latest(pub Rc<RefCell<UseReducerHandle<Playground>>>);

impl PartialEq for Latest {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A small button that takes one move, without also clicking the lane or
/// card it sits in.
fn move_button(step: Move, class: &'static str, on_action: &Callback<Action>) -> Html {
    let on_action = on_action.clone();
    let onclick = Callback::from(move |event: MouseEvent| {
        event.stop_propagation();
        on_action.emit(Action::Take(step));
    });
    html! {
        <button type="button" class={classes!("act", class)}
            data-testid={view::move_testid(step)} {onclick}>
            { view::move_label(step) }
        </button>
    }
}

/// A callback that sends the action `read` makes of an event, if it makes
/// one (a select's value that does not parse sends nothing).
fn send_some<E: 'static>(
    on_action: &Callback<Action>,
    read: impl Fn(E) -> Option<Action> + 'static,
) -> Callback<E> {
    let on_action = on_action.clone();
    Callback::from(move |event: E| {
        if let Some(action) = read(event) {
            on_action.emit(action);
        }
    })
}
