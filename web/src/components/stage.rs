//! The stage: the shared `TraceStatus` objects in the middle, the workers'
//! lanes and the requesters' cards around them. Every actor that can move
//! is highlighted and takes its step when clicked.

use super::barrier::barrier;
use super::bell::bell;
use super::flag_lamp::flag_lamp;
use super::outside::outside;
use super::phase_strip::phase_strips;
use super::requester_card::{requester_card, RequesterCardProps};
use super::result_slot::result_slot;
use super::runtime_queues::runtime_queues;
use super::worker_lane::WorkerLane;
use crate::state::{Action, Playground};
use crate::view::{self, Actor, FlagFlash};
use rendezvous_core::state::BarrierId;
use rendezvous_core::Action as Move;
use yew::prelude::*;

/// The stage.
pub fn stage(playground: &Playground, on_action: &Callback<Action>) -> Html {
    let run = playground.run();
    let state = run.state();
    let enabled = run.enabled();
    let offenders = view::offenders(run);
    let flash = view::flag_flash(run);
    let start = view::barrier_view(run, BarrierId::TraceStart);
    let end = view::barrier_view(run, BarrierId::TraceEnd);
    let leader = start.crowned;
    let slot_lines = state
        .trace_result
        .as_ref()
        .map(|dump| view::dump_lines(run, dump));
    let waiters: Vec<u8> = state.result_ready.waiters.iter().copied().collect();

    let workers: Vec<Html> = state
        .workers
        .iter()
        .enumerate()
        .map(|(index, worker)| {
            let actor = Actor::Worker(index as u8);
            let release = worker.running.and_then(|task| {
                enabled
                    .contains(&Move::Release(task))
                    .then_some(Move::Release(task))
            });
            html! {
                <WorkerLane
                    {index}
                    worker={*worker}
                    queue={worker.local.iter().map(|&task| view::task_chip(run, task, false)).collect::<Vec<_>>()}
                    lifo={worker.lifo.map(|task| view::task_chip(run, task, false))}
                    owed={worker.owed.iter().map(|&task| view::task_chip(run, task, false)).collect::<Vec<_>>()}
                    running={worker.running.map(|task| view::task_chip(run, task, true))}
                    held={worker.tracelist.iter().map(|entry| view::task_chip(run, entry.task, false)).collect::<Vec<_>>()}
                    tracing={worker.tracing.as_ref().map(|dump| view::dump_lines(run, dump))}
                    moves={view::enabled_for(&enabled, actor)}
                    {release}
                    event_interval={run.model().scenario().event_interval}
                    offending={offenders.workers.contains(index)}
                    moved={view::moved_last(run, actor)}
                    leader={leader == Some(index as u8)}
                    flag_read={flash == FlagFlash::Read(index as u8)}
                    on_action={on_action.clone()}
                />
            }
        })
        .collect();
    let requesters: Vec<Html> = state
        .requesters
        .iter()
        .enumerate()
        .map(|(index, requester)| {
            let actor = Actor::Requester(index as u8);
            let cas = match flash {
                FlagFlash::Won(who) if who as usize == index => Some(true),
                FlagFlash::Lost(who) if who as usize == index => Some(false),
                _ => None,
            };
            requester_card(RequesterCardProps {
                index,
                requester: *requester,
                dump: requester
                    .dump
                    .as_ref()
                    .map(|dump| view::dump_lines(run, dump)),
                moves: view::enabled_for(&enabled, actor),
                offending: offenders.requesters.contains(index),
                moved: view::moved_last(run, actor),
                cas,
                on_action: on_action.clone(),
            })
        })
        .collect();
    let idle: Vec<_> = (0..state.tasks.len() as u8)
        .filter(|&task| {
            let task_state = state.tasks[task as usize];
            task_state.exists
                && !task_state.done()
                && state.locate(task) == Some(rendezvous_core::state::Location::Idle)
        })
        .map(|task| view::task_chip(run, task, false))
        .collect();
    let injection: Vec<_> = state
        .injection
        .iter()
        .map(|&task| view::task_chip(run, task, false))
        .collect();

    html! {
        <section class="stage" aria-label="The runtime">
            { phase_strips(state) }
            <div class="requesters">
                <h2 class="lane-title">{ "Requesters: " }<code>{ "Handle::dump()" }</code></h2>
                <div class="cards">{ requesters }</div>
            </div>
            <div class="shared">
                <h2 class="lane-title">{ "TraceStatus" }</h2>
                <div class="objects">
                    { flag_lamp(state.trace_requested, flash, offenders.flag) }
                    { barrier(&start) }
                    { barrier(&end) }
                    { bell(state.result_ready.permit, &waiters, view::bell_rang(run)) }
                    { result_slot(slot_lines.as_deref(), view::slot_locked(run)) }
                </div>
            </div>
            <div class="workers">
                <h2 class="lane-title">{ "Workers" }</h2>
                { workers }
                { runtime_queues(&injection, &idle, state) }
            </div>
            <div class="outside-actors">
                { outside(run, &enabled, on_action) }
            </div>
        </section>
    }
}
