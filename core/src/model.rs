//! The step function: from a state and a chosen action to the next state.
//!
//! [`Model::actions`] lists the actions enabled in a state, in a fixed order;
//! [`Model::step`] performs one of them in place and reports what changed as
//! [`Event`]s. The animator, the schedulers and the checker all drive this
//! one pair, so there is exactly one model of the protocol.

use crate::event::{Event, NotifyOutcome, PollOutcome, Source, TimeoutOutcome};
use crate::fixed::FixedVec;
use crate::scenario::{Scenario, TaskKind, MAX_TASKS};
use crate::state::{
    Barrier, BarrierId, Dump, DumpEntry, Location, Notify, Requester, RequesterPc, Set, State,
    TaskId, TaskState, Worker, WorkerPc,
};
use crate::variant::{Activity, Assumptions, Cancel, Timing, Variant};
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
}

/// A scenario under a variant and assumptions: everything that does not
/// change during a run.
#[derive(Clone, Debug)]
pub struct Model {
    scenario: Scenario,
    variant: Variant,
    assumptions: Assumptions,
    kinds: Vec<TaskKind>,
    workers: u8,
    event_interval: u16,
}

impl Model {
    /// A model of `scenario` under `variant`; the scenario must be valid.
    pub fn new(
        scenario: Scenario,
        variant: Variant,
        assumptions: Assumptions,
    ) -> Result<Model, String> {
        scenario.validate().map_err(|error| error.to_string())?;
        let kinds = scenario.tasks.iter().map(|task| task.kind).collect();
        let workers = scenario.workers as u8;
        let event_interval = scenario.event_interval.min(u16::MAX as u32) as u16;
        Ok(Model {
            scenario,
            variant,
            assumptions,
            kinds,
            workers,
            event_interval,
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

    /// The assumptions.
    pub fn assumptions(&self) -> Assumptions {
        self.assumptions
    }

    /// The number of workers.
    pub fn worker_count(&self) -> usize {
        self.workers as usize
    }

    /// The number of requesters.
    pub fn requester_count(&self) -> usize {
        self.scenario.requesters.len()
    }

    /// What task `task` does.
    pub fn task_kind(&self, task: TaskId) -> TaskKind {
        self.kinds[task as usize]
    }

    /// Whether task `task` is idle (never queued).
    pub fn is_idle(&self, task: TaskId) -> bool {
        matches!(self.kinds[task as usize], TaskKind::Idle)
    }

    /// The name of task `task`.
    pub fn task_name(&self, task: TaskId) -> &str {
        &self.scenario.tasks[task as usize].name
    }

    /// The state the run starts in.
    pub fn initial_state(&self) -> State {
        let mut tasks = FixedVec::new();
        let mut injection = FixedVec::new();
        let mut locals: Vec<FixedVec<TaskId, MAX_TASKS>> =
            vec![FixedVec::new(); self.worker_count()];
        for (index, spec) in self.scenario.tasks.iter().enumerate() {
            let left = match spec.kind {
                TaskKind::Busy { polls } => polls,
                TaskKind::Blocking { steps } => steps.unwrap_or(0),
                TaskKind::Idle => 0,
            };
            tasks.push(TaskState {
                left,
                released: false,
                done: false,
                held: None,
            });
            if spec.kind == TaskKind::Idle {
                continue;
            }
            match spec.worker {
                Some(worker) => locals[worker].push(index as TaskId),
                None => injection.push(index as TaskId),
            }
        }
        let workers = locals
            .into_iter()
            .map(|local| Worker {
                pc: if local.is_empty() && injection.is_empty() {
                    WorkerPc::Parked
                } else {
                    WorkerPc::Top
                },
                tick: 0,
                is_traced: false,
                unpark_token: false,
                released: false,
                local,
                running: None,
                tracing: None,
                trace_cursor: 0,
            })
            .collect();
        let requesters = self
            .scenario
            .requesters
            .iter()
            .map(|_| Requester {
                pc: RequesterPc::Cas,
                won: false,
                queued: false,
                woken: false,
                abandoned: false,
                dump: None,
            })
            .collect();
        State {
            trace_requested: false,
            trace_start: Barrier::default(),
            trace_end: Barrier::default(),
            result_ready: Notify::default(),
            trace_result: None,
            injection,
            workers,
            requesters,
            tasks,
        }
    }

    /// Fills `out` with the actions enabled in `state`, in a fixed order:
    /// workers, requesters, timeouts, cancellations, releases, wake-ups.
    pub fn actions(&self, state: &State, out: &mut Vec<Action>) {
        out.clear();
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
        }
    }

    /// Whether some worker that has not arrived at `trace_start` cannot
    /// arrive soon: it is inside a blocking poll, or parked with no unpark
    /// pending. Under timing `timely` only then may a wait time out.
    pub fn someone_cannot_arrive(&self, state: &State) -> bool {
        state.workers.iter().any(|worker| match worker.pc {
            WorkerPc::Poll => worker
                .running
                .is_some_and(|task| matches!(self.task_kind(task), TaskKind::Blocking { .. })),
            WorkerPc::Parked => !worker.unpark_token,
            _ => false,
        })
    }

    fn worker_can_step(&self, state: &State, index: usize) -> bool {
        let worker = &state.workers[index];
        match worker.pc {
            WorkerPc::Parked => worker.unpark_token,
            WorkerPc::StartWait | WorkerPc::EndWait => worker.released,
            WorkerPc::Poll => match worker.running {
                Some(task) => match self.task_kind(task) {
                    TaskKind::Blocking { steps: None } => state.tasks[task as usize].released,
                    _ => true,
                },
                None => true,
            },
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
        let may_give_up =
            self.assumptions.cancel == Cancel::On || self.scenario.requesters[index].gives_up;
        may_give_up && requester.pc.is_await_point() && !requester.abandoned
    }

    fn release_allowed(&self, state: &State, task: TaskId) -> bool {
        let Some(task_state) = state.tasks.get(task as usize) else {
            return false;
        };
        matches!(self.task_kind(task), TaskKind::Blocking { steps: None })
            && !task_state.released
            && !task_state.done
            && state
                .workers
                .iter()
                .any(|worker| worker.pc == WorkerPc::Poll && worker.running == Some(task))
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
        }
    }

    fn worker_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let id = index as u8;
        let pc = state.workers[index].pc;
        let next = match pc {
            WorkerPc::Top => {
                let worker = &mut state.workers[index];
                if worker.is_traced {
                    events.push(Event::TraceCoreCalled { worker: id });
                    WorkerPc::TraceBegin
                } else {
                    worker.tick = (worker.tick + 1) % self.event_interval;
                    let maintenance = worker.tick == 0;
                    events.push(Event::Ticked {
                        worker: id,
                        tick: worker.tick,
                        maintenance,
                    });
                    if maintenance {
                        WorkerPc::Maintenance
                    } else {
                        WorkerPc::Next
                    }
                }
            }
            WorkerPc::Maintenance => {
                let flag = state.trace_requested;
                let worker = &mut state.workers[index];
                if self.variant.maintenance_checks_flag() && !worker.is_traced {
                    worker.is_traced = flag;
                    events.push(Event::FlagLoaded {
                        worker: id,
                        value: flag,
                        is_traced: worker.is_traced,
                    });
                } else {
                    events.push(Event::MaintenanceSkipped { worker: id });
                }
                WorkerPc::Next
            }
            WorkerPc::Next => match self.find_task(state, index) {
                Some((task, source)) => {
                    state.workers[index].running = Some(task);
                    events.push(Event::TaskPopped {
                        worker: id,
                        task,
                        source,
                    });
                    WorkerPc::Poll
                }
                None => {
                    events.push(Event::NoTask { worker: id });
                    WorkerPc::ParkCheck
                }
            },
            WorkerPc::Poll => self.poll(state, index, events),
            WorkerPc::ParkCheck => {
                let has_work = has_work(state, index);
                let traced = state.workers[index].is_traced;
                if has_work || traced {
                    events.push(Event::ParkSkipped { worker: id, traced });
                    WorkerPc::Top
                } else {
                    events.push(Event::Parked { worker: id });
                    WorkerPc::Parked
                }
            }
            WorkerPc::Parked => {
                state.workers[index].unpark_token = false;
                events.push(Event::Unparked { worker: id });
                WorkerPc::ParkMaintenance
            }
            WorkerPc::ParkMaintenance => {
                let flag = state.trace_requested;
                let worker = &mut state.workers[index];
                if !worker.is_traced {
                    worker.is_traced = flag;
                }
                events.push(Event::FlagLoaded {
                    worker: id,
                    value: flag,
                    is_traced: worker.is_traced,
                });
                if state.workers[index].is_traced || has_work(state, index) {
                    WorkerPc::Top
                } else {
                    events.push(Event::Reparked { worker: id });
                    WorkerPc::Parked
                }
            }
            WorkerPc::TraceBegin => {
                state.workers[index].is_traced = false;
                events.push(Event::TraceCoreEntered { worker: id });
                WorkerPc::StartArrive
            }
            WorkerPc::StartArrive => {
                if self.arrive(state, index, BarrierId::TraceStart, events) {
                    self.gather(state, index, events);
                    WorkerPc::Trace
                } else {
                    WorkerPc::StartWait
                }
            }
            WorkerPc::StartWait => {
                state.workers[index].released = false;
                events.push(Event::BarrierLeft {
                    worker: id,
                    barrier: BarrierId::TraceStart,
                });
                self.after_start_as_follower()
            }
            WorkerPc::Trace => self.trace_one(state, index, events),
            WorkerPc::Stash => {
                let dump = state.workers[index].tracing.take().unwrap_or_default();
                let replaced = state.trace_result.replace(dump).is_some();
                events.push(Event::Stashed {
                    worker: id,
                    replaced,
                });
                WorkerPc::NotifyResult
            }
            WorkerPc::NotifyResult => {
                let outcome = if self.variant.notify_one() {
                    notify_one(state)
                } else {
                    notify_waiters(state)
                };
                events.push(Event::ResultNotified {
                    worker: id,
                    outcome,
                });
                if self.variant.has_end_barrier() {
                    WorkerPc::EndArrive
                } else {
                    WorkerPc::Top
                }
            }
            WorkerPc::EndArrive => {
                if self.arrive(state, index, BarrierId::TraceEnd, events) {
                    WorkerPc::Top
                } else {
                    WorkerPc::EndWait
                }
            }
            WorkerPc::EndWait => {
                state.workers[index].released = false;
                events.push(Event::BarrierLeft {
                    worker: id,
                    barrier: BarrierId::TraceEnd,
                });
                WorkerPc::Top
            }
        };
        state.workers[index].pc = next;
    }

    fn after_start_as_follower(&self) -> WorkerPc {
        if self.variant.has_end_barrier() {
            WorkerPc::EndArrive
        } else {
            WorkerPc::Top
        }
    }

    /// `[Next]`: the local queue, then the injection queue, then stealing
    /// half of the first sibling (after this one) that has tasks.
    fn find_task(&self, state: &mut State, index: usize) -> Option<(TaskId, Source)> {
        if !state.workers[index].local.is_empty() {
            return Some((state.workers[index].local.remove(0), Source::Local));
        }
        if !state.injection.is_empty() {
            return Some((state.injection.remove(0), Source::Injection));
        }
        let count = state.workers.len();
        for offset in 1..count {
            let victim = (index + offset) % count;
            let available = state.workers[victim].local.len();
            if available == 0 {
                continue;
            }
            let take = available.div_ceil(2);
            let stolen: FixedVec<TaskId, MAX_TASKS> = state.workers[victim].local.take_front(take);
            let first = stolen[0];
            state.workers[index]
                .local
                .extend(stolen.into_iter().skip(1));
            return Some((
                first,
                Source::Stolen {
                    victim: victim as u8,
                    count: take as u8,
                },
            ));
        }
        None
    }

    fn poll(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let Some(task) = state.workers[index].running else {
            return WorkerPc::Top;
        };
        let task_state = &mut state.tasks[task as usize];
        let outcome = match self.task_kind(task) {
            TaskKind::Busy { .. } => {
                task_state.left = task_state.left.saturating_sub(1);
                if task_state.left == 0 {
                    PollOutcome::Completed
                } else {
                    PollOutcome::Yielded
                }
            }
            TaskKind::Blocking { steps: Some(_) } => {
                task_state.left = task_state.left.saturating_sub(1);
                if task_state.left == 0 {
                    PollOutcome::Completed
                } else {
                    PollOutcome::StillBlocking
                }
            }
            TaskKind::Blocking { steps: None } | TaskKind::Idle => PollOutcome::Completed,
        };
        events.push(Event::TaskPolled {
            worker: index as u8,
            task,
            outcome,
        });
        match outcome {
            PollOutcome::StillBlocking => WorkerPc::Poll,
            PollOutcome::Completed => {
                state.tasks[task as usize].done = true;
                state.workers[index].running = None;
                WorkerPc::Top
            }
            PollOutcome::Yielded => {
                let worker = &mut state.workers[index];
                worker.running = None;
                worker.local.push(task);
                WorkerPc::Top
            }
        }
    }

    /// Arrives at a barrier; returns whether this arrival completed it.
    fn arrive(
        &self,
        state: &mut State,
        index: usize,
        barrier_id: BarrierId,
        events: &mut Vec<Event>,
    ) -> bool {
        let n = self.workers;
        let barrier = match barrier_id {
            BarrierId::TraceStart => &mut state.trace_start,
            BarrierId::TraceEnd => &mut state.trace_end,
        };
        barrier.count += 1;
        let count = barrier.count;
        events.push(Event::BarrierArrived {
            worker: index as u8,
            barrier: barrier_id,
            count,
            n,
        });
        if count < n {
            state.workers[index].released = false;
            return false;
        }
        barrier.count = 0;
        barrier.generation = barrier.generation.wrapping_add(1);
        let generation = barrier.generation;
        let waiting_pc = match barrier_id {
            BarrierId::TraceStart => WorkerPc::StartWait,
            BarrierId::TraceEnd => WorkerPc::EndWait,
        };
        let mut released = Set::default();
        for (other, worker) in state.workers.iter_mut().enumerate() {
            if other != index && worker.pc == waiting_pc && !worker.released {
                worker.released = true;
                released.insert(other);
            }
        }
        events.push(Event::BarrierCompleted {
            leader: index as u8,
            barrier: barrier_id,
            generation,
            released,
        });
        true
    }

    /// The leader takes every queued task into its own hands (`steal_all`
    /// and the injection queue) and opens a dump.
    fn gather(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let leader_id = index as u8;
        let mut count = 0u8;
        for owner in 0..state.workers.len() {
            for task in state.workers[owner].local.take_all() {
                state.tasks[task as usize].held =
                    Some((leader_id, Location::QueuedOn(owner as u8)));
                count += 1;
            }
        }
        for task in state.injection.take_all() {
            state.tasks[task as usize].held = Some((leader_id, Location::Injection));
            count += 1;
        }
        let mut fresh_for = Set::default();
        for (requester_index, requester) in state.requesters.iter().enumerate() {
            if requester.won && !requester.pc.is_finished() {
                fresh_for.insert(requester_index);
            }
        }
        events.push(Event::TasksGathered {
            worker: index as u8,
            count,
        });
        let leader = &mut state.workers[index];
        leader.tracing = Some(Dump {
            entries: FixedVec::new(),
            leader: index as u8,
            fresh_for,
        });
        leader.trace_cursor = 0;
    }

    /// `[Trace]`: walks one owned task, re-queueing it on the leader if it
    /// was queued; after the last one, moves on to `[Stash]`.
    fn trace_one(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let cursor = state.workers[index].trace_cursor as usize;
        let next_owned = |state: &State, from: usize| {
            (from..state.tasks.len()).find(|&task| !state.tasks[task].done)
        };
        if let Some(task) = next_owned(state, cursor) {
            let task = task as TaskId;
            let held_origin = match state.tasks[task as usize].held {
                Some((leader, origin)) if leader as usize == index => Some(origin),
                _ => None,
            };
            let location = held_origin
                .or_else(|| state.locate(task, self.is_idle(task)))
                .unwrap_or(Location::Idle);
            let worker = &mut state.workers[index];
            if let Some(dump) = worker.tracing.as_mut() {
                let _ = dump.entries.try_push(DumpEntry { task, location });
            }
            worker.trace_cursor = task + 1;
            if held_origin.is_some() {
                // Tracing polls the task once in trace mode, which wakes it:
                // it is scheduled again on the leader's local queue at once,
                // where a sibling that is not held at a barrier can steal it.
                worker.local.push(task);
                state.tasks[task as usize].held = None;
            }
            events.push(Event::TaskTraced {
                worker: index as u8,
                task,
                location,
            });
            if next_owned(state, task as usize + 1).is_some() {
                return WorkerPc::Trace;
            }
        }
        for task in 0..state.tasks.len() {
            if matches!(state.tasks[task].held, Some((leader, _)) if leader as usize == index) {
                state.tasks[task].held = None;
                state.workers[index].local.push(task as TaskId);
            }
        }
        let worker = &mut state.workers[index];
        let (tasks, corrupt) = worker
            .tracing
            .as_ref()
            .map(|dump| (dump.entries.len() as u8, dump.is_corrupt()))
            .unwrap_or((0, false));
        events.push(Event::TraceFinished {
            worker: index as u8,
            tasks,
            corrupt,
        });
        WorkerPc::Stash
    }

    fn timeout(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let released = state.workers[index].released;
        let (outcome, next) = match (self.variant.leaky_timeout(), released) {
            (true, false) => (TimeoutOutcome::Leaked, WorkerPc::Top),
            (true, true) => (TimeoutOutcome::LeakedAfterRelease, WorkerPc::Top),
            (false, false) => {
                state.trace_start.count = state.trace_start.count.saturating_sub(1);
                (TimeoutOutcome::Withdrew, WorkerPc::Top)
            }
            (false, true) => (TimeoutOutcome::Released, self.after_start_as_follower()),
        };
        let worker = &mut state.workers[index];
        worker.released = false;
        worker.pc = next;
        events.push(Event::TimedOut {
            worker: index as u8,
            outcome,
            count_left: state.trace_start.count,
        });
    }

    fn requester_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let id = index as u8;
        let pc = state.requesters[index].pc;
        let next = match pc {
            RequesterPc::Cas => {
                if self.variant.uses_cas() {
                    let won = !state.trace_requested;
                    if won {
                        state.trace_requested = true;
                    }
                    events.push(Event::FlagCas {
                        requester: id,
                        to: true,
                        won,
                    });
                    if won {
                        state.requesters[index].won = true;
                        RequesterPc::Take
                    } else {
                        RequesterPc::Backoff
                    }
                } else {
                    let was = state.trace_requested;
                    state.trace_requested = true;
                    state.requesters[index].won = true;
                    events.push(Event::FlagStored {
                        requester: id,
                        value: true,
                        was,
                    });
                    RequesterPc::Take
                }
            }
            RequesterPc::Backoff => {
                self.notify_all(state, id, events);
                RequesterPc::Cas
            }
            RequesterPc::Take => {
                let taken = state.trace_result.take();
                events.push(Event::SlotTaken {
                    requester: id,
                    tasks: taken.as_ref().map(|dump| dump.entries.len() as u8),
                });
                match taken {
                    Some(dump) => {
                        state.requesters[index].dump = Some(dump);
                        RequesterPc::Clear
                    }
                    None => RequesterPc::Nudge,
                }
            }
            RequesterPc::Nudge => {
                self.notify_all(state, id, events);
                RequesterPc::Wait
            }
            RequesterPc::Wait => {
                let requester = &mut state.requesters[index];
                if requester.woken {
                    requester.woken = false;
                    events.push(Event::WaitWoken { requester: id });
                    RequesterPc::Take
                } else if state.result_ready.permit {
                    state.result_ready.permit = false;
                    events.push(Event::PermitConsumed { requester: id });
                    RequesterPc::Take
                } else {
                    requester.queued = true;
                    let _ = state.result_ready.waiters.try_push(id);
                    events.push(Event::WaitQueued { requester: id });
                    RequesterPc::Wait
                }
            }
            RequesterPc::Clear => {
                let won = if self.variant.uses_cas() {
                    let won = state.trace_requested;
                    events.push(Event::FlagCas {
                        requester: id,
                        to: false,
                        won,
                    });
                    won
                } else {
                    events.push(Event::FlagStored {
                        requester: id,
                        value: false,
                        was: state.trace_requested,
                    });
                    true
                };
                if won {
                    state.trace_requested = false;
                    let requester = &state.requesters[index];
                    let (tasks, corrupt) = requester
                        .dump
                        .as_ref()
                        .map(|dump| (dump.entries.len() as u8, dump.is_corrupt()))
                        .unwrap_or((0, false));
                    events.push(Event::DumpReturned {
                        requester: id,
                        tasks,
                        corrupt,
                        abandoned: requester.abandoned,
                    });
                    RequesterPc::Done
                } else {
                    RequesterPc::ClearBackoff
                }
            }
            RequesterPc::ClearBackoff => {
                self.notify_all(state, id, events);
                RequesterPc::Clear
            }
            RequesterPc::Done | RequesterPc::Cancelled => pc,
        };
        state.requesters[index].pc = next;
    }

    /// `notify_all()`: an unpark token for every worker.
    fn notify_all(&self, state: &mut State, requester: u8, events: &mut Vec<Event>) {
        if !self.variant.nudges() {
            events.push(Event::NudgeSkipped { requester });
            return;
        }
        let mut parked = Set::default();
        for (index, worker) in state.workers.iter_mut().enumerate() {
            if worker.pc == WorkerPc::Parked && !worker.unpark_token {
                parked.insert(index);
            }
            worker.unpark_token = true;
        }
        events.push(Event::WorkersUnparked { requester, parked });
    }

    fn cancel(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let stopped = self.variant.requester_inline();
        events.push(Event::CallerGaveUp {
            requester: index as u8,
            stopped,
        });
        let requester = &mut state.requesters[index];
        requester.abandoned = true;
        if !stopped {
            return;
        }
        requester.pc = RequesterPc::Cancelled;
        let was_woken = std::mem::take(&mut requester.woken);
        if std::mem::take(&mut requester.queued) {
            state
                .result_ready
                .waiters
                .retain(|waiter| *waiter != index as u8);
        }
        if was_woken && self.variant.notify_one() {
            // A dropped `Notified` that was chosen by `notify_one` passes the
            // notification on, so it is not lost.
            notify_one(state);
        }
    }
}

fn requester_can_step(requester: &Requester) -> bool {
    match requester.pc {
        RequesterPc::Done | RequesterPc::Cancelled => false,
        RequesterPc::Wait => !requester.queued || requester.woken,
        _ => true,
    }
}

fn has_work(state: &State, index: usize) -> bool {
    !state.workers[index].local.is_empty() || !state.injection.is_empty()
}

/// `notify_one()`: wakes the first waiter, or stores the permit.
fn notify_one(state: &mut State) -> NotifyOutcome {
    if state.result_ready.waiters.is_empty() {
        let already = std::mem::replace(&mut state.result_ready.permit, true);
        return if already {
            NotifyOutcome::PermitAlreadyStored
        } else {
            NotifyOutcome::PermitStored
        };
    }
    let first = state.result_ready.waiters.remove(0);
    let requester = &mut state.requesters[first as usize];
    requester.queued = false;
    requester.woken = true;
    NotifyOutcome::Woke { requester: first }
}

/// `notify_waiters()`: wakes everyone queued, stores no permit.
fn notify_waiters(state: &mut State) -> NotifyOutcome {
    let mut requesters = Set::default();
    for waiter in state.result_ready.waiters.take_all() {
        let requester = &mut state.requesters[waiter as usize];
        requester.queued = false;
        requester.woken = true;
        requesters.insert(waiter as usize);
    }
    NotifyOutcome::WokeAll { requesters }
}
