//! One worker as a lane: its program counter, park state, tick, flags, the
//! task it polls and its local queue.

use super::dump_card::dump_card;
use super::move_button;
use super::task_chip::task_chip;
use crate::state::Action;
use crate::view::{self, DumpLine, TaskChip as Chip};
use rendezvous_core::state::{Worker, WorkerPc};
use rendezvous_core::Action as Move;
use yew::prelude::*;

/// The props of [`WorkerLane`].
#[derive(Properties, PartialEq)]
pub struct WorkerLaneProps {
    /// The worker's index.
    pub index: usize,
    /// The worker.
    pub worker: Worker,
    /// Its local queue, front first.
    pub queue: Vec<Chip>,
    /// Its LIFO slot (`Core::lifo_slot`, PROTOCOL.md 9.1).
    pub lifo: Option<Chip>,
    /// Tasks it owes a wake after leading a walk (9.4).
    pub owed: Vec<Chip>,
    /// The task it polls.
    pub running: Option<Chip>,
    /// The tasks it holds while leading a trace.
    pub held: Vec<Chip>,
    /// The dump it is tracing, while leading.
    pub tracing: Option<Vec<DumpLine>>,
    /// The moves it can take now.
    pub moves: Vec<Move>,
    /// Releasing its blocking task, when the user can.
    pub release: Option<Move>,
    /// The scenario's maintenance interval.
    pub event_interval: u32,
    /// Whether it is involved in a broken property.
    pub offending: bool,
    /// Whether it took the last step.
    pub moved: bool,
    /// Whether it leads the current trace.
    pub leader: bool,
    /// Whether it loaded the flag in the last step.
    pub flag_read: bool,
    /// Where moves go.
    pub on_action: Callback<Action>,
}

/// The lane. Click it to take the worker's step when it can move.
#[component]
pub fn WorkerLane(props: &WorkerLaneProps) -> Html {
    let worker = &props.worker;
    let index = props.index;
    let own_step = Move::Worker(index as u8);
    let can_step = props.moves.contains(&own_step);
    let parked = worker.pc == WorkerPc::Parked;
    let panicked = worker.pc == WorkerPc::Panicked;
    let stuck = props
        .running
        .as_ref()
        .is_some_and(|chip| chip.class.contains("stuck"));
    let class = classes!(
        "lane",
        view::worker_colour(index),
        (!props.moves.is_empty()).then_some("enabled"),
        parked.then_some("parked"),
        panicked.then_some("panicked"),
        stuck.then_some("stuck"),
        worker.pc.in_trace_core().then_some("in-trace"),
        props.leader.then_some("leader"),
        props.offending.then_some("offending"),
        props.moved.then_some("moved"),
        props.flag_read.then_some("flag-read")
    );
    let onclick = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            if can_step {
                on_action.emit(Action::Take(own_step));
            }
        })
    };
    let extra_moves: Vec<Move> = props.moves.iter().copied().chain(props.release).collect();
    let facts = [
        ("parked", if parked { "parked" } else { "awake" }.to_owned()),
        (
            "unpark token",
            if worker.unpark_token {
                "pending"
            } else {
                "none"
            }
            .to_owned(),
        ),
        (
            "tick",
            format!("{} / {}", worker.tick, props.event_interval),
        ),
        ("is_traced", view::flag(worker.is_traced).to_owned()),
        ("is_searching", view::flag(worker.is_searching).to_owned()),
    ];

    html! {
        <article {class} data-testid={format!("worker-{index}")} data-pc={worker.pc.label()}
            aria-label={format!("Worker W{index}")} {onclick}>
            <header>
                <span class="actor-name">{ format!("W{index}") }</span>
                <span class="pc">{ worker.pc.label() }</span>
                if props.leader { <span class="crown" title="leader">{ "♛" }</span> }
                if parked { <span class="zzz" aria-hidden="true">{ "z z" }</span> }
                if panicked {
                    <span class="panic-mark" title="this worker's thread panicked: it never moves again">{ "✖ panicked" }</span>
                }
            </header>
            <dl class="facts">
                { for facts.iter().map(|(name, value)| html! {
                    <div><dt>{ *name }</dt><dd>{ value }</dd></div>
                }) }
            </dl>
            <div class="polling">
                <span class="label">{ "polls: " }</span>
                if let Some(chip) = &props.running {
                    { task_chip(chip) }
                } else {
                    <span class="none">{ "nothing" }</span>
                }
            </div>
            <div class="lifo" data-testid={format!("lifo-{index}")}>
                <span class="label">{ "LIFO slot: " }</span>
                if let Some(chip) = &props.lifo {
                    { task_chip(chip) }
                } else {
                    <span class="none">{ "empty" }</span>
                }
            </div>
            <div class="queue">
                <span class="label">{ "local queue: " }</span>
                if props.queue.is_empty() { <span class="none">{ "empty" }</span> }
                { for props.queue.iter().map(task_chip) }
            </div>
            if !props.held.is_empty() {
                <div class="held">
                    <span class="label">{ "held for tracing: " }</span>
                    { for props.held.iter().map(task_chip) }
                </div>
            }
            if !props.owed.is_empty() {
                <div class="owed">
                    <span class="label">{ "owes a wake: " }</span>
                    { for props.owed.iter().map(task_chip) }
                </div>
            }
            if let Some(lines) = &props.tracing {
                { dump_card(lines, Some("tracing…")) }
            }
            if !extra_moves.is_empty() {
                <div class="moves">
                    { for extra_moves.iter().map(|&step| move_button(step, "small", &props.on_action)) }
                </div>
            }
        </article>
    }
}
