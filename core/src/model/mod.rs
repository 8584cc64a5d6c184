//! The step function: from a state and a chosen action to the next state.
//!
//! [`Model::actions`] lists the actions enabled in a state, in a fixed order;
//! [`Model::step`] performs one of them in place and reports what changed as
//! [`Event`]s. The animator, the schedulers and the checker all drive this
//! one pair, so there is exactly one model of the protocol.
//!
//! The files follow the mechanisms of Tokio's `multi_thread` scheduler, so
//! each can be read beside the Tokio file it models:
//!
//! - `requester.rs`: `Handle::dump` (PROTOCOL.md 3.1) and looping callers
//!   (12); Tokio's `handle/taskdump.rs`.
//! - `worker.rs`: the run loop, maintenance, finding and polling tasks, the
//!   LIFO chain (3.2, 8.3 steps 1-3a, 9.2); Tokio's `worker.rs`.
//! - `idle.rs`: parking and the shared `Idle` record, NotifyOne (8);
//!   Tokio's `idle.rs` and `worker.rs`'s park path.
//! - `task.rs`: the NOTIFIED bit and handles: Run, EndPoll, Wake (9.2);
//!   Tokio's `task/state.rs`.
//! - `trace.rs`: `trace_core`, the barriers and the leader's walk (3.3, 9.4);
//!   Tokio's `worker/taskdump.rs`, `trace.rs` and `task/trace/mod.rs`.
//! - `outside.rs`: spawners, outside wakers, timers and the dropper with
//!   runtime shutdown (8.5, 9.3, 11).
//! - `footprint.rs`: what each step reads and writes, the table the
//!   checker's partial-order reduction reads.

pub mod footprint;
mod idle;
mod outside;
mod requester;
mod task;
mod trace;
mod worker;

use crate::event::Event;
use crate::fixed::FixedVec;
use crate::scenario::{Ends, Scenario, StartCondition, TaskKind, MAX_TASKS};
use crate::state::{
    Barrier, Bound, Caller, CallerPc, DropperPc, Idle, LockResume, Notify, Requester, RequesterPc,
    Spawner, SpawnerPc, State, TaskId, TaskSt, TaskState, WakerPc, Worker, WorkerPc,
};
use crate::variant::{Activity, Assumptions, Cancel, Switches, Timing, Variant};
use serde::{Deserialize, Serialize};

/// One atomic move: one click of "step", one edge of the state graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    /// Worker `i` takes its next step.
    Worker(u8),
    /// Requester `i` takes its next step.
    Requester(u8),
    /// Worker `i`'s `trace_start` wait times out.
    Timeout(u8),
    /// Requester `i`'s caller gives up.
    Cancel(u8),
    /// The user releases blocking task `i`.
    Release(u8),
    /// I/O or a timer unparks worker `i` (activity `active`).
    Wake(u8),
    /// `[TimerFire]`: task `task`'s timer fires on worker `worker` (9.3).
    Timer {
        /// The timer task.
        task: u8,
        /// The worker whose driver fires it.
        worker: u8,
    },
    /// Spawner `i` takes its next step (8.5).
    Spawner(u8),
    /// The outside waker of task `i` takes its next step (9.3).
    OutsideWake(u8),
    /// The dropper takes its next step (11.2).
    Dropper,
    /// Looping caller `i` takes its next step (12).
    Caller(u8),
    /// `[CallGiveUp]`: looping caller `i` gives up on its round (12).
    GiveUp(u8),
}

/// What the model knows of one task from the scenario.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaskInfo {
    kind: TaskKind,
    timer: bool,
    outside_wake: bool,
    wakes: Option<TaskId>,
    ends: Ends,
    spawned: bool,
}

/// A scenario under a variant and assumptions: everything that does not
/// change during a run.
#[derive(Clone, Debug)]
pub struct Model {
    scenario: Scenario,
    variant: Variant,
    switches: Switches,
    assumptions: Assumptions,
    tasks: Vec<TaskInfo>,
    names: Vec<String>,
    /// For each spawner, the id of its first task.
    spawner_first: Vec<u8>,
    /// For each caller, the index of its first requester.
    caller_first: Vec<u8>,
    workers: u8,
    event_interval: u16,
    searching: bool,
}

impl Model {
    /// A model of `scenario` under `variant`. Errors: the scenario's first
    /// invalid field, as [`Scenario::validate`] names it.
    pub fn new(
        scenario: Scenario,
        variant: Variant,
        assumptions: Assumptions,
    ) -> Result<Model, String> {
        scenario.validate().map_err(|error| error.to_string())?;
        let names: Vec<String> = scenario.all_tasks().map(|task| task.name.clone()).collect();
        let own = scenario.tasks.len();
        let tasks = scenario
            .all_tasks()
            .enumerate()
            .map(|(index, spec)| TaskInfo {
                kind: spec.kind,
                timer: spec.timer,
                outside_wake: spec.outside_wake,
                wakes: spec.wakes.as_ref().and_then(|target| {
                    names
                        .iter()
                        .position(|name| name == target)
                        .map(|id| id as TaskId)
                }),
                ends: spec.ends,
                spawned: index >= own,
            })
            .collect();
        let mut spawner_first = Vec::new();
        let mut next = own as u8;
        for spawner in &scenario.spawners {
            spawner_first.push(next);
            next += spawner.tasks.len() as u8;
        }
        let mut caller_first = Vec::new();
        let mut next = scenario.requesters.len() as u8;
        for caller in &scenario.callers {
            caller_first.push(next);
            next += caller.repeat as u8;
        }
        let workers = scenario.workers as u8;
        let event_interval = scenario.event_interval.min(u16::MAX as u32) as u16;
        let searching = scenario.searching;
        Ok(Model {
            scenario,
            variant,
            switches: variant.switches(),
            assumptions,
            tasks,
            names,
            spawner_first,
            caller_first,
            workers,
            event_interval,
            searching,
        })
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The variant.
    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The switches of the variant (PROTOCOL.md section 14).
    pub fn switches(&self) -> Switches {
        self.switches
    }

    /// The assumptions.
    pub fn assumptions(&self) -> Assumptions {
        self.assumptions
    }

    /// The number of workers.
    pub fn worker_count(&self) -> usize {
        self.workers as usize
    }

    /// The number of requesters: the scenario's, then every caller's rounds.
    pub fn requester_count(&self) -> usize {
        self.scenario.requester_total()
    }

    /// The number of tasks, spawners' tasks included.
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// What task `task` does.
    pub fn task_kind(&self, task: TaskId) -> TaskKind {
        self.tasks[task as usize].kind
    }

    /// Whether task `task` waits on a timer (`[TimerFire]`).
    pub fn has_timer(&self, task: TaskId) -> bool {
        self.tasks[task as usize].timer
    }

    /// Whether task `task` is spawned by a spawner rather than owned from
    /// the start.
    pub fn is_spawned(&self, task: TaskId) -> bool {
        self.tasks[task as usize].spawned
    }

    /// Whether task `task` starts idle (with no handle).
    pub fn is_idle(&self, task: TaskId) -> bool {
        self.tasks[task as usize].kind.starts_idle()
    }

    /// Whether task `task`, when idle with its bit clear, waits on
    /// something outside the model (S4's last clause, section 6).
    pub fn waits_outside(&self, state: &State, task: TaskId) -> bool {
        match self.tasks[task as usize].kind {
            TaskKind::Idle | TaskKind::WakesSelfWhenTraced => true,
            TaskKind::Blocking { .. } => state.tasks[task as usize].ended_pending,
            _ => false,
        }
    }

    /// The name of task `task`.
    pub fn task_name(&self, task: TaskId) -> &str {
        &self.names[task as usize]
    }

    /// The requester index of caller `caller`'s round `round` (from 1).
    pub fn caller_requester(&self, caller: usize, round: u8) -> usize {
        self.caller_first[caller] as usize + round.saturating_sub(1) as usize
    }

    /// Whether the searching counter is modelled (`searching` in 15.1).
    pub fn searching(&self) -> bool {
        self.searching
    }

    /// The state the run starts in (PROTOCOL.md section 15.1, "Initial
    /// state").
    pub fn initial_state(&self) -> State {
        let mut tasks = FixedVec::new();
        let mut injection = FixedVec::new();
        let mut locals: Vec<FixedVec<TaskId, MAX_TASKS>> =
            vec![FixedVec::new(); self.worker_count()];
        for (index, info) in self.tasks.iter().enumerate() {
            let left = match info.kind {
                TaskKind::Busy { polls } => polls,
                TaskKind::Blocking { steps } => steps.unwrap_or(0),
                _ => 0,
            };
            let queued = !info.spawned && !info.kind.starts_idle();
            tasks.push(TaskState {
                left,
                released: false,
                st: TaskSt::Idle,
                bit: queued,
                owned: !info.spawned,
                exists: !info.spawned,
                ended_pending: false,
                cancelled: false,
                outside_pending: false,
            });
            if queued {
                match self.scenario.tasks[index].worker {
                    Some(worker) => locals[worker].push(index as TaskId),
                    None => injection.push(index as TaskId),
                }
            }
        }
        let mut idle = Idle::default();
        let workers: FixedVec<Worker, { crate::scenario::MAX_WORKERS }> = locals
            .into_iter()
            .enumerate()
            .map(|(index, local)| {
                let parked = local.is_empty() && injection.is_empty();
                if parked {
                    idle.sleepers.push(index as u8);
                }
                Worker {
                    pc: if parked {
                        WorkerPc::Parked
                    } else {
                        WorkerPc::Top
                    },
                    local,
                    ..Worker::default()
                }
            })
            .collect();
        idle.num_unparked = (self.workers as usize - idle.sleepers.len()) as i8;
        let mut requesters = FixedVec::new();
        for _ in &self.scenario.requesters {
            requesters.push(Requester::default());
        }
        for caller in &self.scenario.callers {
            for _ in 0..caller.repeat {
                requesters.push(Requester {
                    pc: RequesterPc::NotStarted,
                    ..Requester::default()
                });
            }
        }
        State {
            trace_requested: false,
            trace_start: Barrier::default(),
            trace_end: Barrier::default(),
            result_ready: Notify::default(),
            trace_result: None,
            injection,
            idle,
            owned_lock: None,
            closed: false,
            owned_closed: false,
            bound: None,
            workers,
            requesters,
            callers: self
                .scenario
                .callers
                .iter()
                .map(|_| Caller::default())
                .collect(),
            spawners: self
                .scenario
                .spawners
                .iter()
                .map(|_| Spawner::default())
                .collect(),
            wakers: self
                .tasks
                .iter()
                .map(|info| {
                    if info.outside_wake {
                        WakerPc::WakePush
                    } else {
                        WakerPc::WakeDone
                    }
                })
                .collect(),
            dropper: self.scenario.dropper.as_ref().map(|_| DropperPc::DropWait),
            tasks,
        }
    }

    /// Fills `out` with the actions enabled in `state`, in a fixed order:
    /// workers, requesters, callers, spawners, outside wakers, the dropper,
    /// timeouts, cancellations, give-ups, timers, releases, wake-ups. A
    /// bound state (section 6) enables nothing.
    pub fn actions(&self, state: &State, out: &mut Vec<Action>) {
        out.clear();
        if state.bound.is_some() {
            return;
        }
        for index in 0..self.workers {
            if self.worker_can_step(state, index as usize) {
                out.push(Action::Worker(index));
            }
        }
        for (index, requester) in state.requesters.iter().enumerate() {
            if requester_can_step(requester) {
                out.push(Action::Requester(index as u8));
            }
        }
        for index in 0..state.callers.len() {
            if self.caller_can_step(state, index) {
                out.push(Action::Caller(index as u8));
            }
        }
        for index in 0..state.spawners.len() {
            if self.spawner_can_step(state, index) {
                out.push(Action::Spawner(index as u8));
            }
        }
        for (index, waker) in state.wakers.iter().enumerate() {
            if *waker != WakerPc::WakeDone {
                out.push(Action::OutsideWake(index as u8));
            }
        }
        if self.dropper_can_step(state) {
            out.push(Action::Dropper);
        }
        if self.variant.has_start_timeout() {
            for index in 0..self.workers {
                if self.timeout_allowed(state, index as usize) {
                    out.push(Action::Timeout(index));
                }
            }
        }
        for index in 0..state.requesters.len() {
            if self.cancel_allowed(state, index) {
                out.push(Action::Cancel(index as u8));
            }
        }
        for index in 0..state.callers.len() {
            if self.give_up_allowed(state, index) {
                out.push(Action::GiveUp(index as u8));
            }
        }
        for task in 0..self.tasks.len() {
            if !self.tasks[task].timer {
                continue;
            }
            for worker in 0..self.workers {
                if self.timer_allowed(state, task as TaskId, worker as usize) {
                    out.push(Action::Timer {
                        task: task as u8,
                        worker,
                    });
                }
            }
        }
        for index in 0..state.tasks.len() {
            if self.release_allowed(state, index as TaskId) {
                out.push(Action::Release(index as u8));
            }
        }
        if self.assumptions.activity == Activity::Active {
            for (index, worker) in state.workers.iter().enumerate() {
                if worker.pc == WorkerPc::Parked && !worker.unpark_token {
                    out.push(Action::Wake(index as u8));
                }
            }
        }
    }

    /// Whether `action` is enabled in `state`.
    pub fn is_enabled(&self, state: &State, action: Action) -> bool {
        if state.bound.is_some() {
            return false;
        }
        match action {
            Action::Worker(index) => {
                index < self.workers && self.worker_can_step(state, index as usize)
            }
            Action::Requester(index) => state
                .requesters
                .get(index as usize)
                .is_some_and(requester_can_step),
            Action::Timeout(index) => {
                self.variant.has_start_timeout()
                    && index < self.workers
                    && self.timeout_allowed(state, index as usize)
            }
            Action::Cancel(index) => self.cancel_allowed(state, index as usize),
            Action::Release(task) => self.release_allowed(state, task),
            Action::Wake(index) => {
                self.assumptions.activity == Activity::Active
                    && state
                        .workers
                        .get(index as usize)
                        .is_some_and(|worker| worker.pc == WorkerPc::Parked && !worker.unpark_token)
            }
            Action::Timer { task, worker } => {
                (task as usize) < self.tasks.len()
                    && worker < self.workers
                    && self.tasks[task as usize].timer
                    && self.timer_allowed(state, task, worker as usize)
            }
            Action::Spawner(index) => {
                (index as usize) < state.spawners.len()
                    && self.spawner_can_step(state, index as usize)
            }
            Action::OutsideWake(task) => state
                .wakers
                .get(task as usize)
                .is_some_and(|waker| *waker != WakerPc::WakeDone),
            Action::Dropper => self.dropper_can_step(state),
            Action::Caller(index) => {
                (index as usize) < state.callers.len()
                    && self.caller_can_step(state, index as usize)
            }
            Action::GiveUp(index) => self.give_up_allowed(state, index as usize),
        }
    }

    /// Whether some worker that is not waiting at `trace_start` cannot
    /// arrive soon: it is inside a blocking poll, parked with no unpark
    /// pending, blocked in a `trace_end` round that has not completed,
    /// exited or panicked. Under timing `timely` only then may a wait time
    /// out (PROTOCOL.md section 6).
    pub fn someone_cannot_arrive(&self, state: &State) -> bool {
        state.workers.iter().any(|worker| match worker.pc {
            WorkerPc::PollEnd => worker.running.is_some_and(|task| {
                matches!(self.task_kind(task), TaskKind::Blocking { .. })
                    && !state.tasks[task as usize].ended_pending
            }),
            WorkerPc::Parked => !worker.unpark_token,
            WorkerPc::EndWait => !worker.released,
            WorkerPc::Exited | WorkerPc::Panicked => true,
            _ => false,
        })
    }

    fn worker_can_step(&self, state: &State, index: usize) -> bool {
        let worker = &state.workers[index];
        match worker.pc {
            WorkerPc::Parked => worker.unpark_token,
            WorkerPc::StartWait | WorkerPc::EndWait => worker.released,
            WorkerPc::PollEnd => match worker.running {
                Some(task) => match self.task_kind(task) {
                    TaskKind::Blocking { steps: None } => {
                        state.tasks[task as usize].released
                            || state.tasks[task as usize].ended_pending
                    }
                    _ => true,
                },
                None => true,
            },
            WorkerPc::OwnedLockWait => state.owned_lock.is_none(),
            WorkerPc::Exited | WorkerPc::Panicked => false,
            _ => true,
        }
    }

    fn timeout_allowed(&self, state: &State, index: usize) -> bool {
        let worker = &state.workers[index];
        if worker.pc != WorkerPc::StartWait {
            return false;
        }
        match self.assumptions.timing {
            Timing::Any => true,
            Timing::Timely => !worker.released && self.someone_cannot_arrive(state),
        }
    }

    fn cancel_allowed(&self, state: &State, index: usize) -> bool {
        let Some(requester) = state.requesters.get(index) else {
            return false;
        };
        let Some(spec) = self.scenario.requesters.get(index) else {
            // A caller's round gives up through `[CallGiveUp]`.
            return false;
        };
        let may_give_up = self.assumptions.cancel == Cancel::On || spec.gives_up;
        may_give_up && requester.pc.is_await_point() && !requester.abandoned
    }

    fn give_up_allowed(&self, state: &State, index: usize) -> bool {
        let (Some(caller), Some(spec)) =
            (state.callers.get(index), self.scenario.callers.get(index))
        else {
            return false;
        };
        if caller.pc != CallerPc::CallWait {
            return false;
        }
        let may_give_up = self.assumptions.cancel == Cancel::On || spec.gives_up;
        let requester = &state.requesters[self.caller_requester(index, caller.round)];
        may_give_up && !requester.pc.is_finished()
    }

    fn release_allowed(&self, state: &State, task: TaskId) -> bool {
        let Some(task_state) = state.tasks.get(task as usize) else {
            return false;
        };
        matches!(self.task_kind(task), TaskKind::Blocking { steps: None })
            && !task_state.released
            && !task_state.ended_pending
            && state
                .workers
                .iter()
                .any(|worker| worker.pc == WorkerPc::PollEnd && worker.running == Some(task))
    }

    fn timer_allowed(&self, state: &State, task: TaskId, worker: usize) -> bool {
        let task_state = &state.tasks[task as usize];
        task_state.exists
            && task_state.owned
            && task_state.st == TaskSt::Idle
            && !task_state.bit
            && matches!(
                state.workers[worker].pc,
                WorkerPc::Parked | WorkerPc::Maintenance
            )
    }

    fn start_condition_holds(
        &self,
        state: &State,
        after: StartCondition,
        requester: usize,
    ) -> bool {
        let returned = || {
            state
                .requesters
                .get(requester)
                .is_some_and(|r| r.pc == RequesterPc::Done)
        };
        match after {
            StartCondition::Start | StartCondition::Any => true,
            StartCondition::DumpReturned => returned(),
            StartCondition::AllParkedAfterDump => {
                returned() && state.workers.iter().all(|w| w.pc == WorkerPc::Parked)
            }
            StartCondition::InWalk => state.workers.iter().any(|w| in_walk(w.pc, w.lock_resume)),
        }
    }

    fn spawner_can_step(&self, state: &State, index: usize) -> bool {
        let spec = &self.scenario.spawners[index];
        match state.spawners[index].pc {
            SpawnerPc::SpawnWait => self.start_condition_holds(state, spec.after, spec.requester),
            SpawnerPc::SpawnBind => state.owned_lock.is_none(),
            SpawnerPc::SpawnPush | SpawnerPc::SpawnNotify => true,
            SpawnerPc::SpawnDone => false,
        }
    }

    fn dropper_can_step(&self, state: &State) -> bool {
        let (Some(pc), Some(spec)) = (state.dropper, self.scenario.dropper.as_ref()) else {
            return false;
        };
        match pc {
            DropperPc::DropWait => self.start_condition_holds(state, spec.after, spec.requester),
            DropperPc::Close => true,
            DropperPc::Join => state.workers.iter().all(|worker| worker.pc.is_terminal()),
            DropperPc::Joined => false,
        }
    }

    fn caller_can_step(&self, state: &State, index: usize) -> bool {
        let caller = &state.callers[index];
        match caller.pc {
            CallerPc::CallStart => true,
            CallerPc::CallWait => state.requesters[self.caller_requester(index, caller.round)]
                .pc
                .is_finished(),
            CallerPc::CallDone => false,
        }
    }

    /// Performs `action` on `state`, appending what happened to `events`.
    /// The action must be enabled; a disabled one leaves the state as it
    /// was and reports nothing.
    pub fn step(&self, state: &mut State, action: Action, events: &mut Vec<Event>) {
        if !self.is_enabled(state, action) {
            return;
        }
        match action {
            Action::Worker(index) => self.worker_step(state, index as usize, events),
            Action::Requester(index) => self.requester_step(state, index as usize, events),
            Action::Timeout(index) => self.timeout(state, index as usize, events),
            Action::Cancel(index) => self.cancel(state, index as usize, events),
            Action::Release(task) => {
                state.tasks[task as usize].released = true;
                events.push(Event::TaskReleased { task });
            }
            Action::Wake(index) => {
                state.workers[index as usize].unpark_token = true;
                events.push(Event::WokenByIo { worker: index });
            }
            Action::Timer { task, worker } => self.timer_fire(state, task, worker as usize, events),
            Action::Spawner(index) => self.spawner_step(state, index as usize, events),
            Action::OutsideWake(task) => self.outside_wake_step(state, task, events),
            Action::Dropper => self.dropper_step(state, events),
            Action::Caller(index) => self.caller_step(state, index as usize, events),
            Action::GiveUp(index) => self.give_up(state, index as usize, events),
        }
    }

    /// Ends the path in a bound state (section 6): a step would have
    /// exceeded one of the model's caps.
    fn hit_bound(&self, state: &mut State, bound: Bound, events: &mut Vec<Event>) {
        if state.bound.is_none() {
            state.bound = Some(bound);
            events.push(Event::BoundReached { bound });
        }
    }
}

/// Whether a worker at `pc` is in a leader's walk, from `[Gather]` to
/// `[Stash]` exclusive (properties S1 and S2).
pub fn in_walk(pc: WorkerPc, resume: LockResume) -> bool {
    match pc {
        WorkerPc::Gather
        | WorkerPc::Collect
        | WorkerPc::Unlock
        | WorkerPc::TracePoll
        | WorkerPc::Reschedule => true,
        WorkerPc::OwnedLockWait => {
            matches!(resume, LockResume::Collect | LockResume::TraceComplete)
        }
        _ => false,
    }
}

fn requester_can_step(requester: &Requester) -> bool {
    match requester.pc {
        RequesterPc::Done | RequesterPc::Cancelled | RequesterPc::NotStarted => false,
        RequesterPc::Wait => !requester.queued || requester.woken,
        _ => true,
    }
}
