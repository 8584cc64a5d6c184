//! What the stage shows, derived from a run at its cursor: plain functions
//! over `rendezvous-core` types, so the components hold no logic and the
//! same cursor always draws the same picture.

use rendezvous_core::event::TimeoutOutcome;
pub use rendezvous_core::figures::{duration, grouped, plural};
use rendezvous_core::property;
use rendezvous_core::scenario::TaskKind;
use rendezvous_core::state::{BarrierId, Location, Set, TaskId, WorkerPc};
pub use rendezvous_core::timeline::{band_of, lane_of, Band};
use rendezvous_core::{schedule, Action as Move, Event, Property, Run, Status};
use yew::{classes, Classes};

/// How far back (in steps) the stage looks for a barrier's last round.
const LOOK_BACK: usize = 400;

/// The events of the step that led to the cursor.
pub fn last_events(run: &Run) -> &[Event] {
    match run.cursor() {
        0 => &[],
        cursor => run.events_of(cursor - 1),
    }
}

/// The run's status as the page's `data-status` writes it.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Running => "running",
        Status::Finished => "finished",
        Status::NeedsRelease => "needs-release",
        Status::Deadlock => "deadlock",
        Status::WorkerStuck => "worker-stuck",
    }
}

/// The run's status in words.
pub fn status_sentence(status: Status) -> &'static str {
    match status {
        Status::Running => "Running: some actor can move.",
        Status::Finished => "Finished: every dump() has returned and every worker is free.",
        Status::NeedsRelease => "Stuck until you release the blocking task.",
        Status::Deadlock => "Deadlock: nothing can move and a dump() is still waiting.",
        Status::WorkerStuck => "Every dump() returned, but a worker waits at a barrier for ever.",
    }
}

/// Scrolls the first element `selector` matches into view, once the page
/// has drawn what the latest action changed (a timer of 0 ms runs after
/// Yew's render): a run opened from a panel further down (Replay, "Show
/// the bug") shows the stage (`.stage`, at the top: `top`), a tour
/// started from the settings (below the stage on a narrow screen) shows
/// its stop (at the bottom, which leaves a wide screen, where it is in
/// sight already, where it is).
pub fn scroll_to(selector: &'static str, top: bool) {
    gloo::timers::callback::Timeout::new(0, move || {
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.query_selector(selector).ok().flatten());
        if let Some(element) = element {
            element.scroll_into_view_with_bool(top);
        }
    })
    .forget();
}

/// `"true"` or `"false"`, for `data-*` attributes.
pub fn flag(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The colour class of worker `index`.
pub fn worker_colour(index: usize) -> String {
    format!("actor-w{index}")
}

/// The colour class of requester `index`.
pub fn requester_colour(index: usize) -> String {
    format!("actor-r{index}")
}

/// The test id of the control for a move: `act-w0`, `act-w0-timeout`,
/// `act-t3-release` (the schedule token with `:` as `-`).
pub fn move_testid(step: Move) -> String {
    format!("act-{}", schedule::token(step).replace(':', "-"))
}

/// A button's words for a move.
pub fn move_label(step: Move) -> String {
    match step {
        Move::Worker(index) => format!("step W{index}"),
        Move::Requester(index) => format!("step R{index}"),
        Move::Timeout(index) => format!("W{index}: time out"),
        Move::Cancel(index) => format!("R{index}: cancel"),
        Move::Release(task) => format!("release t{task}"),
        Move::Wake(index) => format!("W{index}: I/O wake"),
        Move::Timer { task, worker } => format!("t{task}: timer fires on W{worker}"),
        Move::Spawner(index) => format!("step S{index}"),
        Move::OutsideWake(task) => format!("t{task}: wake from outside"),
        Move::Dropper => "step the dropper".to_owned(),
        Move::Caller(index) => format!("step C{index}"),
        Move::GiveUp(index) => format!("C{index}: give up"),
    }
}

/// What a barrier shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BarrierView {
    /// Which barrier.
    pub id: BarrierId,
    /// Arrivals counted in this round.
    pub count: u8,
    /// Arrivals needed.
    pub n: u8,
    /// Completed rounds.
    pub generation: u32,
    /// The workers waiting here, and whether each has been released.
    pub waiting: Vec<(u8, bool)>,
    /// The last arrival of the latest round, while it still matters (the
    /// leader while it leads; anyone on the step that completed it).
    pub crowned: Option<u8>,
    /// Whether the step to the cursor completed a round.
    pub just_completed: bool,
    /// Timeouts since the last completed round: worker, count left behind,
    /// and whether the arrival leaked.
    pub timeouts: Vec<(u8, u8, bool)>,
    /// The arrival in the step to the cursor: the worker and the slot its
    /// token drops into (0-based).
    pub arrival: Option<(u8, u8)>,
}

/// The barrier `id` at the cursor.
pub fn barrier_view(run: &Run, id: BarrierId) -> BarrierView {
    let state = run.state();
    let barrier = state.barrier(id);
    let waiting_pc = match id {
        BarrierId::TraceStart => WorkerPc::StartWait,
        BarrierId::TraceEnd => WorkerPc::EndWait,
    };
    let waiting = state
        .workers
        .iter()
        .enumerate()
        .filter(|(_, worker)| worker.pc == waiting_pc)
        .map(|(index, worker)| (index as u8, worker.released))
        .collect();
    let just_completed = last_events(run)
        .iter()
        .any(|event| matches!(event, Event::BarrierCompleted { barrier, .. } if *barrier == id));
    let arrival = last_events(run).iter().find_map(|event| match *event {
        Event::BarrierArrived {
            worker,
            barrier,
            count,
            ..
        } if barrier == id => Some((worker, count.saturating_sub(1))),
        _ => None,
    });
    let mut crowned = None;
    let mut timeouts = Vec::new();
    let cursor = run.cursor();
    let crown_of = |leader: u8, index: usize| {
        let leading = id == BarrierId::TraceStart
            && state.workers.get(leader as usize).is_some_and(|worker| {
                rendezvous_core::model::in_walk(worker.pc, worker.lock_resume)
                    || matches!(worker.pc, WorkerPc::Stash | WorkerPc::NotifyResult)
            });
        (leading || index + 1 == cursor).then_some(leader)
    };
    'scan: for index in (cursor.saturating_sub(LOOK_BACK)..cursor).rev() {
        for event in run.events_of(index).iter().rev() {
            match *event {
                Event::BarrierCompleted {
                    leader, barrier, ..
                } if barrier == id => {
                    if crowned.is_some() || index + 1 != cursor {
                        if crowned.is_none() {
                            crowned = crown_of(leader, index);
                        }
                        break 'scan;
                    }
                    // The round completed just now: keep looking for the
                    // timeouts that led up to it.
                    crowned = crown_of(leader, index);
                    continue;
                }
                Event::TimedOut {
                    worker,
                    outcome,
                    count_left,
                } if id == BarrierId::TraceStart => {
                    let leaked = matches!(
                        outcome,
                        TimeoutOutcome::Leaked | TimeoutOutcome::LeakedAfterRelease
                    );
                    timeouts.push((worker, count_left, leaked));
                }
                _ => {}
            }
        }
    }
    timeouts.reverse();
    BarrierView {
        id,
        count: barrier.count,
        n: run.model().worker_count() as u8,
        generation: barrier.generation,
        waiting,
        crowned,
        just_completed,
        timeouts,
        arrival,
    }
}

/// How the flag moved in the step to the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagFlash {
    /// Nothing happened to it.
    Still,
    /// A compare-and-swap (or store) by this requester won.
    Won(u8),
    /// A compare-and-swap by this requester lost.
    Lost(u8),
    /// A worker loaded it.
    Read(u8),
}

/// The flag's flash for the step to the cursor.
pub fn flag_flash(run: &Run) -> FlagFlash {
    last_events(run)
        .iter()
        .find_map(|event| match *event {
            Event::FlagCas { requester, won, .. } => Some(if won {
                FlagFlash::Won(requester)
            } else {
                FlagFlash::Lost(requester)
            }),
            Event::FlagStored { requester, .. } => Some(FlagFlash::Won(requester)),
            Event::FlagLoaded { worker, .. } => Some(FlagFlash::Read(worker)),
            _ => None,
        })
        .unwrap_or(FlagFlash::Still)
}

/// Whether `trace_result` was locked during the step to the cursor.
pub fn slot_locked(run: &Run) -> bool {
    last_events(run)
        .iter()
        .any(|event| matches!(event, Event::SlotTaken { .. } | Event::Stashed { .. }))
}

/// Whether `result_ready` rang during the step to the cursor.
pub fn bell_rang(run: &Run) -> bool {
    last_events(run).iter().any(|event| {
        matches!(
            event,
            Event::ResultNotified { .. } | Event::PermitConsumed { .. } | Event::WaitWoken { .. }
        )
    })
}

/// Whether the step to the cursor was taken by this actor.
pub fn moved_last(run: &Run, actor: Actor) -> bool {
    match run.cursor() {
        0 => false,
        cursor => Actor::of(run.steps()[cursor - 1].action) == Some(actor),
    }
}

/// Who a move belongs to on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Worker `i`.
    Worker(u8),
    /// Requester `i`.
    Requester(u8),
}

impl Actor {
    /// The actor a move moves (a release belongs to nobody).
    pub fn of(step: Move) -> Option<Actor> {
        match step {
            Move::Worker(index) | Move::Timeout(index) | Move::Wake(index) => {
                Some(Actor::Worker(index))
            }
            Move::Requester(index) | Move::Cancel(index) => Some(Actor::Requester(index)),
            _ => None,
        }
    }
}

/// The actors to outline because a property is broken at the cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offenders {
    /// Workers involved in S1.
    pub workers: Set,
    /// Requesters holding a dump not traced for them (S3).
    pub requesters: Set,
    /// The flag is up with nobody left to lower it (S5).
    pub flag: bool,
}

/// The offenders at the cursor.
pub fn offenders(run: &Run) -> Offenders {
    let state = run.state();
    let broken = run.broken_now();
    let mut requesters = Set::default();
    if broken.contains(Property::S3) {
        for (index, requester) in state.requesters.iter().enumerate() {
            if requester
                .dump
                .as_ref()
                .is_some_and(|dump| !dump.fresh_for.contains(index))
            {
                requesters.insert(index);
            }
        }
    }
    let mut workers = property::offenders(state);
    if broken.contains(Property::S2) {
        for (index, worker) in state.workers.iter().enumerate() {
            if rendezvous_core::model::in_walk(worker.pc, worker.lock_resume)
                || worker.pc == WorkerPc::Stash
            {
                workers.insert(index);
            }
        }
    }
    Offenders {
        workers,
        requesters,
        flag: broken.contains(Property::S5),
    }
}

/// A task as a chip.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskChip {
    /// The task.
    pub id: TaskId,
    /// Its name.
    pub name: String,
    /// CSS classes: its kind, and `stuck` for a blocking poll.
    pub class: Classes,
    /// A note such as "3 polls left".
    pub note: String,
    /// The task's NOTIFIED bit (PROTOCOL.md 9.1), apart from its handles.
    pub notified: bool,
    /// How many queue handles the task has (run queues, LIFO slots, the
    /// injection queue, a hand, a tracelist): more than one is the
    /// double-queued task of S7a, drawn in each place and marked.
    pub handles: usize,
}

/// The chip of task `id`; `running` marks a task being polled.
pub fn task_chip(run: &Run, id: TaskId, running: bool) -> TaskChip {
    let model = run.model();
    let task = run.state().tasks[id as usize];
    let (kind, note) = match model.task_kind(id) {
        TaskKind::Busy { .. } => ("busy", format!("{} polls left", task.left)),
        TaskKind::Idle => ("idle", "idle".to_owned()),
        TaskKind::Blocking { steps: Some(_) } => {
            ("blocking", format!("blocks {} more steps", task.left))
        }
        TaskKind::Blocking { steps: None } if task.released => ("blocking", "released".to_owned()),
        TaskKind::Blocking { steps: None } => ("blocking", "blocks until released".to_owned()),
        TaskKind::CompletesWhenTraced => ("busy", "completes when traced".to_owned()),
        TaskKind::WakesSelfWhenTraced => ("idle", "wakes itself when traced".to_owned()),
    };
    let note = if task.bit {
        format!("{note}, notified")
    } else {
        note
    };
    let stuck = running && kind == "blocking";
    let handles = run.state().handles(id);
    TaskChip {
        id,
        name: model.task_name(id).to_owned(),
        class: classes!(
            "chip",
            kind,
            running.then_some("running"),
            stuck.then_some("stuck"),
            (handles > 1).then_some("twice")
        ),
        note,
        notified: task.bit,
        handles,
    }
}

/// A dump entry as a line.
#[derive(Clone, Debug, PartialEq)]
pub struct DumpLine {
    /// `t3 handler-0`.
    pub task: String,
    /// Where it was found.
    pub place: String,
    /// Whether this entry makes the dump corrupt.
    pub corrupt: bool,
}

/// The lines of a dump.
pub fn dump_lines(run: &Run, dump: &rendezvous_core::state::Dump) -> Vec<DumpLine> {
    dump.entries
        .iter()
        .map(|entry| DumpLine {
            task: format!("t{} {}", entry.task, run.model().task_name(entry.task)),
            place: property::describe_location(entry.location),
            corrupt: matches!(entry.location, Location::RunningOn(_)),
        })
        .collect()
}

/// The enabled moves at the cursor that belong to `actor`.
pub fn enabled_for(enabled: &[Move], actor: Actor) -> Vec<Move> {
    enabled
        .iter()
        .copied()
        .filter(|&step| Actor::of(step) == Some(actor))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::{Policy, Scenario};

    fn wedged_until(stop: impl Fn(&Run) -> bool) -> Run {
        let scenario = Scenario::builtin("wedged-worker", None).unwrap();
        let variant = scenario.variant;
        let mut run = Run::new(scenario, variant, Default::default()).unwrap();
        while !stop(&run) {
            assert!(run.advance(&mut Policy::RoundRobin).unwrap().is_some());
        }
        run
    }

    #[test]
    fn move_test_ids_follow_schedule_tokens() {
        assert_eq!(move_testid(Move::Worker(0)), "act-w0");
        assert_eq!(move_testid(Move::Timeout(1)), "act-w1-timeout");
        assert_eq!(move_testid(Move::Cancel(0)), "act-r0-cancel");
        assert_eq!(move_testid(Move::Release(3)), "act-t3-release");
    }

    #[test]
    fn a_leaked_timeout_is_marked_until_the_round_completes_and_beside_it() {
        let timed_out = |run: &Run| {
            last_events(run)
                .iter()
                .any(|event| matches!(event, Event::TimedOut { .. }))
        };
        let run = wedged_until(timed_out);
        let start = barrier_view(&run, BarrierId::TraceStart);
        assert_eq!(start.timeouts, vec![(0, 1, true)]);
        assert_eq!(start.count, 1);
        let completed = |run: &Run| barrier_view(run, BarrierId::TraceStart).just_completed;
        let run = wedged_until(completed);
        let start = barrier_view(&run, BarrierId::TraceStart);
        assert_eq!(start.crowned, Some(0));
        assert_eq!(start.timeouts, vec![(0, 1, true)]);
        let offenders = offenders(&run);
        assert!(offenders.workers.contains(0) && offenders.workers.contains(1));
    }
}
