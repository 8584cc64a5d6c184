//! The footprint table: which shared objects each step reads and writes,
//! declared beside the step function for the checker's partial-order
//! reduction (`checker/por.rs`).
//!
//! The state is cut into *objects* ([`Objects`], one bit each): the fields
//! of `TraceStatus`, the `Idle` record, the injection queue, the owned-tasks
//! lock, `closed`, the bound marker, and per worker its private fields, what
//! other actors read of its program counter, its unpark token, its barrier
//! release, its LIFO slot and its run queue; per task its state and its
//! number of handles; per requester and per caller their records. Three
//! questions are answered per action, all over-approximations (a bit too
//! many only costs reduction; a bit too few is unsound, which
//! `core/tests/reduction.rs` shows by shrinking one entry):
//!
//! - [`Model::footprint`]: what this step, from this state, reads and
//!   writes;
//! - [`Model::future`]: what any later step of the same action (the same
//!   worker, the same requester, the same timeout...) may read or write, from
//!   any state reachable from this one;
//! - [`Model::enabling`]: for an action disabled here, objects one of which
//!   must change before it can be enabled (its *necessary enabling set*,
//!   as the actions that can write them).
//!
//! Any step this table does not describe precisely touches everything
//! ([`Footprint::ALL`]). `State::bound` is no object: a bound state ends
//! its path (PROTOCOL.md section 6), and a step that may reach one reads
//! the numbers of handles or the `Idle` record it counts, which are.

use super::{Action, Model};
use crate::scenario::{StartCondition, TaskKind, MAX_REQUESTERS, MAX_TASKS, MAX_WORKERS};
use crate::state::{
    CallerPc, DropperPc, LockResume, RequesterPc, SpawnerPc, State, TaskSt, WakerPc, WorkerPc,
};
use crate::variant::Activity;

/// A set of shared objects of the state, one bit each (see the module
/// documentation for the objects).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Objects(pub u128);

/// `trace_requested` (PROTOCOL.md 2.2).
pub const FLAG: Objects = Objects(1 << 0);
/// The `trace_start` barrier's count and generation.
pub const START: Objects = Objects(1 << 1);
/// The `trace_end` barrier's count and generation.
pub const END: Objects = Objects(1 << 2);
/// `result_ready` (permit and waiters) and `trace_result`.
pub const RESULT: Objects = Objects(1 << 3);
/// The scheduler's `Idle` record (sleepers, counts).
pub const IDLE: Objects = Objects(1 << 4);
/// The injection queue.
pub const INJECTION: Objects = Objects(1 << 5);
/// The owned-tasks lock and whether the owned list is closed.
pub const LOCK: Objects = Objects(1 << 6);
/// `closed` (the runtime is shutting down).
pub const CLOSED: Objects = Objects(1 << 7);

const WORKER_PRIVATE: u32 = 16;
const WORKER_OBSERVED: u32 = WORKER_PRIVATE + MAX_WORKERS as u32;
const WORKER_TOKEN: u32 = WORKER_OBSERVED + MAX_WORKERS as u32;
const WORKER_RELEASED: u32 = WORKER_TOKEN + MAX_WORKERS as u32;
const WORKER_LIFO: u32 = WORKER_RELEASED + MAX_WORKERS as u32;
const WORKER_QUEUE: u32 = WORKER_LIFO + MAX_WORKERS as u32;
const TASK: u32 = WORKER_QUEUE + MAX_WORKERS as u32;
const REQUESTER: u32 = TASK + MAX_TASKS as u32;
const CALLER: u32 = REQUESTER + MAX_REQUESTERS as u32;
const COUNTDOWN: u32 = CALLER + crate::scenario::MAX_CALLERS as u32;
const _: () = assert!(COUNTDOWN + MAX_TASKS as u32 <= 128);

impl Objects {
    /// No object.
    pub const NONE: Objects = Objects(0);
    /// Every object.
    pub const ALL: Objects = Objects(u128::MAX);

    /// Worker `w`'s private fields: its exact program counter, tick,
    /// `is_traced`, `is_shutdown`, `is_searching`, the task in hand, the
    /// leader's dump, tracelist and cursor, `lock_resume` and owed wakes.
    /// Only worker `w`'s own steps and its timeout write them.
    pub fn worker_private(worker: usize) -> Objects {
        Objects(1 << (WORKER_PRIVATE + worker as u32))
    }

    /// What other actors read of worker `w`'s program counter: whether it
    /// waits at `trace_start` or `trace_end`, polls, is parked, is in
    /// maintenance, is in a leader's walk, waits for the owned-tasks lock
    /// or has stopped ([`observed_class`]). A step that may change that
    /// class writes it.
    pub fn worker_observed(worker: usize) -> Objects {
        Objects(1 << (WORKER_OBSERVED + worker as u32))
    }

    /// Worker `w`'s unpark token.
    pub fn worker_token(worker: usize) -> Objects {
        Objects(1 << (WORKER_TOKEN + worker as u32))
    }

    /// Worker `w`'s barrier release (`released`).
    pub fn worker_released(worker: usize) -> Objects {
        Objects(1 << (WORKER_RELEASED + worker as u32))
    }

    /// Worker `w`'s LIFO slot.
    pub fn worker_lifo(worker: usize) -> Objects {
        Objects(1 << (WORKER_LIFO + worker as u32))
    }

    /// Worker `w`'s run queue.
    pub fn worker_queue(worker: usize) -> Objects {
        Objects(1 << (WORKER_QUEUE + worker as u32))
    }

    /// Task `t`'s state (NOTIFIED bit, `st`, owned, released, flags; not
    /// the countdown, [`Objects::countdown`]) and its number of handles (`State::handles`): moving a handle
    /// from a queue to a worker's hand leaves the number alone.
    pub fn task(task: usize) -> Objects {
        Objects(1 << (TASK + task as u32))
    }

    /// Task `t`'s polls or steps left (`left`): only `[PollEnd]` of the
    /// worker polling it reads and writes it, and while a worker polls a
    /// task no other can run it.
    pub fn countdown(task: usize) -> Objects {
        Objects(1 << (COUNTDOWN + task as u32))
    }

    /// Requester `r`'s record.
    pub fn requester(requester: usize) -> Objects {
        Objects(1 << (REQUESTER + requester as u32))
    }

    /// Looping caller `c`'s record.
    pub fn caller(caller: usize) -> Objects {
        Objects(1 << (CALLER + caller as u32))
    }

    /// Both sets together.
    pub fn with(self, other: Objects) -> Objects {
        Objects(self.0 | other.0)
    }

    /// The objects of `self` not in `other`.
    pub fn without(self, other: Objects) -> Objects {
        Objects(self.0 & !other.0)
    }

    /// Whether the two sets share an object.
    pub fn meets(self, other: Objects) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union of `each(i)` for `i` in `0..count`.
    pub fn each(count: usize, each: impl Fn(usize) -> Objects) -> Objects {
        (0..count).fold(Objects::NONE, |set, index| set.with(each(index)))
    }
}

/// What a step reads and what it writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Footprint {
    /// Objects the step (or its enabling condition) reads.
    pub reads: Objects,
    /// Objects the step may write.
    pub writes: Objects,
}

impl Footprint {
    /// Reads and writes everything: the table's answer where it is not
    /// precise.
    pub const ALL: Footprint = Footprint {
        reads: Objects::ALL,
        writes: Objects::ALL,
    };
    /// Touches nothing (an action that can never move again).
    pub const NONE: Footprint = Footprint {
        reads: Objects::NONE,
        writes: Objects::NONE,
    };

    /// Reads and writes `objects`.
    pub fn touching(objects: Objects) -> Footprint {
        Footprint {
            reads: objects,
            writes: objects,
        }
    }

    /// This footprint, also reading `objects`.
    pub fn reading(self, objects: Objects) -> Footprint {
        Footprint {
            reads: self.reads.with(objects),
            ..self
        }
    }

    /// This footprint, also writing (and reading) `objects`.
    pub fn writing(self, objects: Objects) -> Footprint {
        Footprint {
            reads: self.reads.with(objects),
            writes: self.writes.with(objects),
        }
    }

    /// Whether the two may not commute: one writes what the other reads
    /// or writes.
    pub fn conflicts(self, other: Footprint) -> bool {
        self.writes.meets(other.reads.with(other.writes)) || other.writes.meets(self.reads)
    }
}

/// The class of a worker's program counter that other actors read
/// ([`Objects::worker_observed`]): 0 for every program counter no other
/// actor tells apart from the others.
pub fn observed_class(pc: WorkerPc, resume: LockResume) -> u8 {
    match pc {
        WorkerPc::StartWait => 1,
        WorkerPc::EndWait => 2,
        WorkerPc::PollEnd => 3,
        WorkerPc::Parked => 4,
        WorkerPc::Maintenance => 5,
        WorkerPc::Exited => 6,
        WorkerPc::Panicked => 7,
        WorkerPc::OwnedLockWait => 8 + resume as u8,
        WorkerPc::Gather
        | WorkerPc::Collect
        | WorkerPc::Unlock
        | WorkerPc::TracePoll
        | WorkerPc::Reschedule => 32,
        _ => 0,
    }
}

impl Model {
    /// Every action this model can ever enable, in the order of
    /// [`Model::actions`]: the labels the partial-order reduction reasons
    /// about.
    pub fn labels(&self) -> Vec<Action> {
        let mut labels = Vec::new();
        let workers = self.workers;
        labels.extend((0..workers).map(Action::Worker));
        labels.extend((0..self.requester_count() as u8).map(Action::Requester));
        labels.extend((0..self.scenario.callers.len() as u8).map(Action::Caller));
        labels.extend((0..self.scenario.spawners.len() as u8).map(Action::Spawner));
        labels.extend((0..self.tasks.len() as u8).map(Action::OutsideWake));
        if self.scenario.dropper.is_some() {
            labels.push(Action::Dropper);
        }
        if self.variant.has_start_timeout() {
            labels.extend((0..workers).map(Action::Timeout));
        }
        labels.extend((0..self.scenario.requesters.len() as u8).map(Action::Cancel));
        labels.extend((0..self.scenario.callers.len() as u8).map(Action::GiveUp));
        for task in 0..self.tasks.len() as u8 {
            if self.tasks[task as usize].timer {
                labels.extend((0..workers).map(|worker| Action::Timer { task, worker }));
            }
        }
        labels.extend((0..self.tasks.len() as u8).map(Action::Release));
        if self.assumptions.activity == Activity::Active {
            labels.extend((0..workers).map(Action::Wake));
        }
        labels
    }

    /// What `action`'s step from `state` reads and writes (`action` must
    /// be enabled). The table, step by step (PROTOCOL.md section 3 and 8
    /// for the steps; anything not listed is [`Footprint::ALL`]):
    ///
    /// - `[Top]`, `[TraceBegin]`: the worker's private fields; a `[Top]`
    ///   that goes to maintenance also changes what timers read.
    /// - `[Maintenance]` with no owed wakes: reads the flag and `closed`.
    /// - `[ParkMaintenance]`: reads the flag and `closed`.
    /// - `[Next]`: its LIFO slot, then its run queue, then the injection
    ///   queue, whichever it looks at; the handle moves to its hand, so no
    ///   task's number of handles changes.
    /// - `[Search]` (already searching, or searching not modelled):
    ///   every run queue (and LIFO slot, when they are stolen) and the
    ///   injection queue.
    /// - `[PollBegin]` of a worker that is not searching, for a task that
    ///   wakes no other: Run reads and writes the task.
    /// - `[PollEnd]` of a blocking poll with steps still to go: the task's
    ///   countdown (and whether it ended pending, read); of a poll that
    ///   completes the task without waking another: the task, the lock
    ///   (read), its LIFO slot (the chain).
    /// - `[Parked]`: its token; `[FromParked]`: the `Idle` record and its
    ///   queues (read).
    /// - A requester's `[Cas]` and `[Clear]`: the flag; `[Take]` and
    ///   `[Wait]`: `result_ready` and the slot; `[Backoff]`, `[Nudge]` and
    ///   `[ClearBackoff]`: every worker's token (`notify_all`).
    /// - A caller's steps and give-ups: its record and its rounds'
    ///   requesters; a cancellation: every requester and `result_ready`.
    /// - A release: the task, and whether some worker polls it.
    /// - An I/O wake-up: the worker's token, and whether it is parked.
    /// - A spawner's or the dropper's first step when its start condition
    ///   is `start`, `any` or `dump-returned`: nothing that can change (a
    ///   returned dump stays returned).
    pub fn footprint(&self, state: &State, action: Action) -> Footprint {
        match action {
            Action::Worker(index) => self.worker_footprint(state, index as usize),
            Action::Requester(index) => {
                let own = Objects::requester(index as usize);
                match state.requesters[index as usize].pc {
                    RequesterPc::Cas | RequesterPc::Clear => Footprint::touching(own.with(FLAG)),
                    RequesterPc::Take | RequesterPc::Wait => Footprint::touching(own.with(RESULT)),
                    RequesterPc::Backoff | RequesterPc::Nudge | RequesterPc::ClearBackoff => {
                        let tokens = Objects::each(self.worker_count(), Objects::worker_token);
                        Footprint::touching(own).writing(tokens)
                    }
                    _ => Footprint::touching(own),
                }
            }
            Action::Cancel(_) => Footprint::touching(self.all_requesters().with(RESULT)),
            Action::Caller(index) | Action::GiveUp(index) => Footprint::touching(
                Objects::caller(index as usize).with(self.rounds_of(index as usize)),
            )
            .reading(CLOSED),
            Action::Release(task) => Footprint::touching(Objects::task(task as usize))
                .reading(Objects::each(self.worker_count(), Objects::worker_observed)),
            Action::Wake(index) => {
                let index = index as usize;
                Footprint::touching(Objects::worker_token(index))
                    .reading(Objects::worker_observed(index))
            }
            Action::Spawner(index) => {
                let spec = &self.scenario.spawners[index as usize];
                match state.spawners[index as usize].pc {
                    SpawnerPc::SpawnWait => self.start_footprint(spec.after),
                    _ => self.future(state, action),
                }
            }
            Action::Dropper => match (state.dropper, self.scenario.dropper.as_ref()) {
                (Some(DropperPc::DropWait), Some(spec)) => self.start_footprint(spec.after),
                _ => self.future(state, action),
            },
            Action::Timeout(_) | Action::Timer { .. } | Action::OutsideWake(_) => {
                self.future(state, action)
            }
        }
    }

    /// A spawner's or the dropper's first step, enabled, which only reads
    /// its start condition: under `start` and `any` nothing; under
    /// `dump-returned` whether the requester has returned, which it then
    /// has for good (no step leaves `Done`), so no other step can change
    /// what it reads. The other conditions can become false again.
    fn start_footprint(&self, after: StartCondition) -> Footprint {
        match after {
            StartCondition::Start | StartCondition::Any | StartCondition::DumpReturned => {
                Footprint::NONE
            }
            _ => Footprint::ALL,
        }
    }

    fn worker_footprint(&self, state: &State, index: usize) -> Footprint {
        let worker = &state.workers[index];
        let own = Objects::worker_private(index);
        let observed = Objects::worker_observed(index);
        let timers = self.tasks.iter().any(|task| task.timer);
        match worker.pc {
            WorkerPc::Top => {
                let maintenance = !worker.is_shutdown
                    && !worker.is_traced
                    && (worker.tick + 1).is_multiple_of(self.event_interval);
                let footprint = Footprint::touching(own);
                if timers && maintenance {
                    footprint.writing(observed)
                } else {
                    footprint
                }
            }
            WorkerPc::TraceBegin => Footprint::touching(own),
            WorkerPc::Maintenance if worker.owed.is_empty() => {
                Footprint::touching(own.with(observed)).reading(FLAG.with(CLOSED))
            }
            WorkerPc::ParkMaintenance => Footprint::touching(own).reading(FLAG.with(CLOSED)),
            WorkerPc::Next => {
                let mut touched = own.with(Objects::worker_lifo(index));
                if worker.lifo.is_none() {
                    touched = touched.with(Objects::worker_queue(index));
                    if worker.local.is_empty() {
                        touched = touched.with(INJECTION);
                    }
                }
                Footprint::touching(touched)
            }
            WorkerPc::Search if !self.searching || worker.is_searching => {
                let mut touched = own
                    .with(INJECTION)
                    .with(Objects::each(self.worker_count(), Objects::worker_queue));
                if self.switches.lifo_gathered {
                    touched =
                        touched.with(Objects::each(self.worker_count(), Objects::worker_lifo));
                }
                Footprint::touching(touched)
            }
            WorkerPc::PollBegin if !worker.is_searching => match worker.running {
                Some(task) => {
                    let info = self.tasks[task as usize];
                    if matches!(info.kind, TaskKind::Blocking { .. }) && info.wakes.is_some() {
                        Footprint::ALL
                    } else {
                        Footprint::touching(own.with(observed).with(Objects::task(task as usize)))
                    }
                }
                None => Footprint::touching(own.with(observed)),
            },
            WorkerPc::PollEnd => match worker.running {
                Some(task) => self.poll_end_footprint(state, index, task as usize),
                None => Footprint::touching(own.with(observed)),
            },
            WorkerPc::Parked => {
                Footprint::touching(own.with(observed).with(Objects::worker_token(index)))
            }
            WorkerPc::FromParked => Footprint::touching(own.with(observed).with(IDLE))
                .reading(Objects::worker_lifo(index).with(Objects::worker_queue(index))),
            _ => Footprint::ALL,
        }
    }

    /// `[PollEnd]`: precise only where the poll goes on blocking, or
    /// completes the task without waking another or queueing a handle.
    fn poll_end_footprint(&self, state: &State, index: usize, task: usize) -> Footprint {
        let info = self.tasks[task];
        let task_state = &state.tasks[task];
        let counting = matches!(info.kind, TaskKind::Blocking { steps: Some(_) })
            && !task_state.ended_pending
            && task_state.left > 1;
        if counting {
            // It only counts down, reading whether the task ended pending.
            return Footprint::touching(
                Objects::worker_private(index).with(Objects::countdown(task)),
            )
            .reading(Objects::task(task));
        }
        let own = Objects::worker_private(index)
            .with(Objects::worker_observed(index))
            .with(Objects::task(task))
            .with(Objects::countdown(task));
        let completes = match info.kind {
            TaskKind::Busy { .. } => info.wakes.is_none() && task_state.left <= 1,
            TaskKind::Blocking { .. } if !task_state.ended_pending => {
                info.ends != crate::scenario::Ends::Pending || task_state.cancelled
            }
            _ => false,
        };
        if completes {
            Footprint::touching(own.with(Objects::worker_lifo(index))).reading(LOCK)
        } else {
            Footprint::ALL
        }
    }

    /// Every requester's record.
    fn all_requesters(&self) -> Objects {
        Objects::each(self.requester_count(), Objects::requester)
    }

    /// The records of caller `caller`'s rounds.
    fn rounds_of(&self, caller: usize) -> Objects {
        let repeat = self.scenario.callers[caller].repeat;
        Objects::each(repeat, |round| {
            Objects::requester(self.caller_first[caller] as usize + round)
        })
    }

    /// What any step of `action` may read or write from `state` on, until
    /// the end of every run through it: the union of its footprints over
    /// every state it can still move in. An action that can never move
    /// again (a worker that has exited, a requester that returned, a timeout
    /// of a variant without one...) touches nothing.
    pub fn future(&self, state: &State, action: Action) -> Footprint {
        let workers = self.worker_count();
        let all_workers = |each: fn(usize) -> Objects| Objects::each(workers, each);
        match action {
            Action::Worker(index) => {
                let index = index as usize;
                if state.workers[index].pc.is_terminal() {
                    return Footprint::NONE;
                }
                // A worker reads and writes anything but the other
                // workers' private fields (and their LIFO slots, unless
                // those are gathered or stolen), and writes neither the
                // flag, nor `closed`, nor what others read of the other
                // workers' program counters, nor the callers.
                let mut elsewhere = Objects::NONE;
                let mut read_only = FLAG
                    .with(CLOSED)
                    .with(Objects::each(crate::scenario::MAX_CALLERS, Objects::caller));
                for (task, task_state) in state.tasks.iter().enumerate() {
                    // A task another worker polls or traces is run by no
                    // one else until that worker's own step ends the poll.
                    if let TaskSt::Running(owner) | TaskSt::Traced(owner) = task_state.st {
                        if owner as usize != index {
                            elsewhere = elsewhere.with(Objects::countdown(task));
                        }
                    }
                }
                for other in (0..workers).filter(|&other| other != index) {
                    elsewhere = elsewhere.with(Objects::worker_private(other));
                    if !self.switches.lifo_gathered {
                        elsewhere = elsewhere.with(Objects::worker_lifo(other));
                    }
                    read_only = read_only.with(Objects::worker_observed(other));
                }
                Footprint {
                    reads: Objects::ALL.without(elsewhere),
                    writes: Objects::ALL.without(elsewhere).without(read_only),
                }
            }
            Action::Requester(index) => {
                if state.requesters[index as usize].pc.is_finished() {
                    return Footprint::NONE;
                }
                Footprint::touching(Objects::requester(index as usize).with(FLAG).with(RESULT))
                    .writing(all_workers(Objects::worker_token))
            }
            Action::Cancel(index) => {
                let requester = &state.requesters[index as usize];
                if requester.pc.is_finished() || requester.abandoned {
                    return Footprint::NONE;
                }
                Footprint::touching(self.all_requesters().with(RESULT))
            }
            Action::Caller(index) | Action::GiveUp(index) => {
                if state.callers[index as usize].pc == CallerPc::CallDone {
                    return Footprint::NONE;
                }
                Footprint::touching(
                    Objects::caller(index as usize).with(self.rounds_of(index as usize)),
                )
                .reading(CLOSED)
            }
            Action::Release(task) => {
                let task = task as usize;
                if !matches!(self.tasks[task].kind, TaskKind::Blocking { steps: None }) {
                    return Footprint::NONE;
                }
                Footprint::touching(Objects::task(task))
                    .reading(all_workers(Objects::worker_observed))
            }
            Action::Wake(index) => {
                if self.assumptions.activity != Activity::Active {
                    return Footprint::NONE;
                }
                let index = index as usize;
                Footprint::touching(Objects::worker_token(index))
                    .reading(Objects::worker_observed(index))
            }
            Action::Timeout(index) => {
                let index = index as usize;
                if !self.variant.has_start_timeout() || state.workers[index].pc.is_terminal() {
                    return Footprint::NONE;
                }
                // `someone_cannot_arrive` reads every worker's class, token
                // and release, and the tasks they poll.
                Footprint::touching(
                    Objects::worker_private(index)
                        .with(Objects::worker_observed(index))
                        .with(Objects::worker_released(index))
                        .with(START),
                )
                .reading(
                    all_workers(Objects::worker_observed)
                        .with(all_workers(Objects::worker_token))
                        .with(all_workers(Objects::worker_released))
                        .with(Objects::each(self.tasks.len(), Objects::task)),
                )
            }
            Action::Timer { task, worker } => {
                let (task, worker) = (task as usize, worker as usize);
                if !self.tasks[task].timer {
                    return Footprint::NONE;
                }
                // A wake from the worker's context into its LIFO slot (the
                // old occupant to its run queue), and its token.
                Footprint::touching(
                    Objects::task(task)
                        .with(Objects::worker_lifo(worker))
                        .with(Objects::worker_queue(worker))
                        .with(Objects::worker_token(worker)),
                )
                .reading(Objects::worker_observed(worker))
            }
            Action::OutsideWake(task) => {
                if state.wakers[task as usize] == WakerPc::WakeDone {
                    return Footprint::NONE;
                }
                // Wake from outside: the bit, the injection queue (unless
                // closed), then NotifyOne.
                Footprint::touching(Objects::task(task as usize).with(INJECTION).with(IDLE))
                    .writing(all_workers(Objects::worker_token))
                    .reading(CLOSED)
            }
            Action::Spawner(index) => {
                let index = index as usize;
                if state.spawners[index].pc == SpawnerPc::SpawnDone {
                    return Footprint::NONE;
                }
                let first = self.spawner_first[index] as usize;
                let count = self.scenario.spawners[index].tasks.len();
                let tasks = Objects::each(count, |offset| Objects::task(first + offset));
                Footprint::touching(tasks.with(INJECTION).with(IDLE))
                    .writing(all_workers(Objects::worker_token))
                    .reading(self.start_reads().with(LOCK).with(CLOSED))
            }
            Action::Dropper => {
                if matches!(state.dropper, None | Some(DropperPc::Joined)) {
                    return Footprint::NONE;
                }
                Footprint::touching(CLOSED.with(self.all_requesters()))
                    .writing(all_workers(Objects::worker_token))
                    .reading(self.start_reads())
            }
        }
    }

    /// What any start condition may read: the requesters and every
    /// worker's class.
    fn start_reads(&self) -> Objects {
        self.all_requesters()
            .with(Objects::each(self.worker_count(), Objects::worker_observed))
    }

    /// For `action`, disabled in `state`: objects one of which some other
    /// step must write before `action` can be enabled (empty when it never
    /// can be again). A disabled worker waits for its token, its barrier's
    /// release, its blocking task's release or the owned-tasks lock; a
    /// waiting requester for its wake-up; a caller for its round's
    /// requester; a timer, a timeout or an I/O wake-up for its worker to
    /// reach the right program counter.
    pub fn enabling(&self, state: &State, action: Action) -> Objects {
        match action {
            Action::Worker(index) => {
                let index = index as usize;
                let worker = &state.workers[index];
                match worker.pc {
                    WorkerPc::Parked => Objects::worker_token(index),
                    WorkerPc::StartWait | WorkerPc::EndWait => Objects::worker_released(index),
                    WorkerPc::PollEnd => worker
                        .running
                        .map_or(Objects::ALL, |task| Objects::task(task as usize)),
                    WorkerPc::OwnedLockWait => LOCK,
                    WorkerPc::Exited | WorkerPc::Panicked => Objects::NONE,
                    _ => Objects::ALL,
                }
            }
            Action::Requester(index) => match state.requesters[index as usize].pc {
                RequesterPc::Done | RequesterPc::Cancelled => Objects::NONE,
                _ => Objects::requester(index as usize),
            },
            Action::Caller(index) => match state.callers[index as usize].pc {
                CallerPc::CallDone => Objects::NONE,
                _ => self.rounds_of(index as usize),
            },
            Action::GiveUp(index) => match state.callers[index as usize].pc {
                CallerPc::CallDone => Objects::NONE,
                _ => Objects::caller(index as usize).with(self.rounds_of(index as usize)),
            },
            Action::Cancel(index) => Objects::requester(index as usize),
            Action::Release(task) => Objects::task(task as usize)
                .with(Objects::each(self.worker_count(), Objects::worker_observed)),
            Action::Wake(index) => {
                Objects::worker_observed(index as usize).with(Objects::worker_token(index as usize))
            }
            Action::Timeout(index) => {
                if state.workers[index as usize].pc != WorkerPc::StartWait {
                    Objects::worker_observed(index as usize)
                } else {
                    Objects::ALL
                }
            }
            Action::Timer { task, worker } => {
                if matches!(
                    state.workers[worker as usize].pc,
                    WorkerPc::Parked | WorkerPc::Maintenance
                ) {
                    Objects::task(task as usize)
                } else {
                    Objects::worker_observed(worker as usize)
                }
            }
            Action::OutsideWake(_) => Objects::NONE,
            Action::Spawner(_) | Action::Dropper => Objects::ALL,
        }
    }
}
