//! The actors outside the runtime (PROTOCOL.md 8.5, 9.3, 11, 12): callers
//! that dump in a loop, spawners, outside wakers, timers that fire and the
//! dropper that shuts the runtime down. Each card shows where the actor is
//! (its step label) and the moves it can take now, so a user can play the
//! scheduler for them too. Nothing is drawn for a scenario without them.

use super::move_button;
use super::task_chip::task_chip;
use crate::state::Action;
use crate::view;
use rendezvous_core::{Action as Move, Run};
use yew::prelude::*;

/// One card: a name, a step label, what it holds, and its moves.
fn card(
    testid: String,
    name: String,
    pc: &'static str,
    body: Html,
    moves: Vec<Move>,
    on_action: &Callback<Action>,
) -> Html {
    let class = classes!("outside-card", (!moves.is_empty()).then_some("enabled"));
    html! {
        <article {class} data-testid={testid} data-pc={pc}>
            <header><span class="actor-name">{ name }</span><span class="pc">{ pc }</span></header>
            { body }
            if !moves.is_empty() {
                <div class="moves">
                    { for moves.iter().map(|&step| move_button(step, "small", on_action)) }
                </div>
            }
        </article>
    }
}

/// The row of outside actors, or nothing when the scenario has none.
pub fn outside(run: &Run, enabled: &[Move], on_action: &Callback<Action>) -> Html {
    let model = run.model();
    let scenario = model.scenario();
    let state = run.state();
    let mut cards = Vec::new();
    for (index, caller) in state.callers.iter().enumerate() {
        let moves = enabled
            .iter()
            .copied()
            .filter(
                |step| matches!(*step, Move::Caller(c) | Move::GiveUp(c) if c as usize == index),
            )
            .collect();
        let repeat = scenario.callers.get(index).map_or(1, |spec| spec.repeat);
        let body = html! {
            <p class="note">{ format!("round {} of {repeat}", (caller.round as usize + 1).min(repeat)) }</p>
        };
        cards.push(card(
            format!("caller-{index}"),
            format!("C{index} (dump loop)"),
            caller.pc.label(),
            body,
            moves,
            on_action,
        ));
    }
    for (index, spawner) in state.spawners.iter().enumerate() {
        let moves = enabled
            .iter()
            .copied()
            .filter(|step| *step == Move::Spawner(index as u8))
            .collect();
        let after = scenario
            .spawners
            .get(index)
            .map_or("start", |spec| spec.after.name());
        let body = html! {
            <p class="note">
                { format!("starts: {after}") }
                if let Some(task) = spawner.hand {
                    { " · in hand: " }{ task_chip(&view::task_chip(run, task, false)) }
                }
            </p>
        };
        cards.push(card(
            format!("spawner-{index}"),
            format!("S{index} (spawner)"),
            spawner.pc.label(),
            body,
            moves,
            on_action,
        ));
    }
    for (task, waker) in state.wakers.iter().enumerate() {
        let spec = scenario.tasks.get(task);
        if !spec.is_some_and(|spec| spec.outside_wake) {
            continue;
        }
        let moves = enabled
            .iter()
            .copied()
            .filter(|step| *step == Move::OutsideWake(task as u8))
            .collect();
        cards.push(card(
            format!("waker-t{task}"),
            format!("waker of t{task}"),
            waker.label(),
            Html::default(),
            moves,
            on_action,
        ));
    }
    let timers: Vec<Move> = enabled
        .iter()
        .copied()
        .filter(|step| matches!(step, Move::Timer { .. }))
        .collect();
    if !timers.is_empty() {
        cards.push(card(
            "timers".to_owned(),
            "timers".to_owned(),
            "due",
            Html::default(),
            timers,
            on_action,
        ));
    }
    if let Some(dropper) = state.dropper {
        let moves = enabled
            .iter()
            .copied()
            .filter(|step| *step == Move::Dropper)
            .collect();
        cards.push(card(
            "dropper".to_owned(),
            "dropper (drops the Runtime)".to_owned(),
            dropper.label(),
            Html::default(),
            moves,
            on_action,
        ));
    }
    if cards.is_empty() {
        return Html::default();
    }
    html! {
        <div class="outside" aria-label="Outside the runtime">
            <h2 class="lane-title">{ "Outside the runtime" }</h2>
            <div class="cards">{ cards }</div>
        </div>
    }
}
