//! The state of the simulated runtime: `TraceStatus`, workers, requesters
//! and tasks.
//!
//! Everything here has a fixed capacity and no heap allocation, so a state is
//! cheap to copy (the checker copies one per transition) and hashes the same
//! on every platform. Counters that would grow without bound (a barrier's
//! generation) are kept for display but left out of equality and hashing,
//! as PROTOCOL.md section 2.1 advises.

use crate::fixed::FixedVec;
use crate::scenario::{MAX_REQUESTERS, MAX_TASKS, MAX_WORKERS};
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// The index of a task in the scenario's task list.
pub type TaskId = u8;

/// A set of workers or requesters, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Set(pub u8);

impl Set {
    /// Adds `index` to the set.
    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    /// Whether `index` is in the set.
    pub fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..8).filter(move |&index| self.contains(index))
    }
}

/// Which of the two `TraceStatus` barriers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BarrierId {
    /// `trace_start`: the rendezvous before tracing; its last arrival leads.
    TraceStart,
    /// `trace_end`: the rendezvous after tracing.
    TraceEnd,
}

impl BarrierId {
    /// The field name in Tokio's `TraceStatus`.
    pub fn name(self) -> &'static str {
        match self {
            BarrierId::TraceStart => "trace_start",
            BarrierId::TraceEnd => "trace_end",
        }
    }
}

/// A barrier sized for every worker (Tokio's `loom::std::Barrier`).
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Barrier {
    /// Arrivals counted in the current round; the n-th arrival resets it.
    pub count: u8,
    /// Completed rounds. For display only: it grows without bound, so it is
    /// left out of equality and hashing.
    pub generation: u32,
}

impl PartialEq for Barrier {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
    }
}

impl Eq for Barrier {}

impl Hash for Barrier {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.count.hash(state);
    }
}

/// `result_ready`: a `Notify` with a FIFO of waiters and one permit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Notify {
    /// Requesters queued in `notified().await`, first to be woken first.
    pub waiters: FixedVec<u8, MAX_REQUESTERS>,
    /// A `notify_one` that found nobody waiting, kept for the next waiter.
    pub permit: bool,
}

/// Where a dump found a task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "where", content = "worker", rename_all = "kebab-case")]
pub enum Location {
    /// Queued on a worker's local run queue.
    QueuedOn(u8),
    /// Queued in the shared injection queue.
    Injection,
    /// Pending on something outside the runtime.
    #[default]
    Idle,
    /// Being polled by a worker: only possible when S1 is broken, and the
    /// dump is then corrupt.
    RunningOn(u8),
    /// In another leader's hands for tracing: only possible when S2 is broken.
    HeldBy(u8),
}

/// One line of a dump: a task and where it was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DumpEntry {
    /// The task.
    pub task: TaskId,
    /// Where the leader found it.
    pub location: Location,
}

/// A task dump, as traced by a leader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dump {
    /// One entry per task traced so far, in task order.
    pub entries: FixedVec<DumpEntry, MAX_TASKS>,
    /// The worker that traced it.
    pub leader: u8,
    /// The requesters whose compare-and-swap had won when tracing began: the
    /// dump is fresh for them and stale for anyone else (property S3).
    pub fresh_for: Set,
}

impl Dump {
    /// Whether a task was found running, which makes the dump corrupt.
    pub fn is_corrupt(&self) -> bool {
        self.entries
            .iter()
            .any(|entry| matches!(entry.location, Location::RunningOn(_)))
    }
}

/// A worker's program counter: the labels of PROTOCOL.md sections 3.2, 3.3.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkerPc {
    /// The top of the scheduler loop.
    #[default]
    Top,
    /// The maintenance tick: load the flag.
    Maintenance,
    /// Find the next task.
    Next,
    /// Polling the task in `running`.
    Poll,
    /// About to park, unless there is work or a trace to do.
    ParkCheck,
    /// Parked until unparked.
    Parked,
    /// Just unparked: load the flag.
    ParkMaintenance,
    /// Entering `trace_core`.
    TraceBegin,
    /// Arriving at `trace_start`.
    StartArrive,
    /// Waiting at `trace_start` for the other workers.
    StartWait,
    /// The leader, tracing one task per step.
    Trace,
    /// The leader, putting the dump in `trace_result`.
    Stash,
    /// The leader, calling `result_ready.notify_one()`.
    NotifyResult,
    /// Arriving at `trace_end`.
    EndArrive,
    /// Waiting at `trace_end` for the other workers.
    EndWait,
}

impl WorkerPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            WorkerPc::Top => "Top",
            WorkerPc::Maintenance => "Maintenance",
            WorkerPc::Next => "Next",
            WorkerPc::Poll => "Poll",
            WorkerPc::ParkCheck => "ParkCheck",
            WorkerPc::Parked => "Parked",
            WorkerPc::ParkMaintenance => "ParkMaintenance",
            WorkerPc::TraceBegin => "TraceBegin",
            WorkerPc::StartArrive => "StartArrive",
            WorkerPc::StartWait => "StartWait",
            WorkerPc::Trace => "Trace",
            WorkerPc::Stash => "Stash",
            WorkerPc::NotifyResult => "NotifyResult",
            WorkerPc::EndArrive => "EndArrive",
            WorkerPc::EndWait => "EndWait",
        }
    }

    /// Whether the worker is inside `trace_core`.
    pub fn in_trace_core(self) -> bool {
        matches!(
            self,
            WorkerPc::TraceBegin
                | WorkerPc::StartArrive
                | WorkerPc::StartWait
                | WorkerPc::Trace
                | WorkerPc::Stash
                | WorkerPc::NotifyResult
                | WorkerPc::EndArrive
                | WorkerPc::EndWait
        )
    }
}

/// One worker thread and its core.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worker {
    /// Where the worker is in its loop.
    pub pc: WorkerPc,
    /// Ticks modulo `event_interval`: maintenance runs when it wraps to 0.
    pub tick: u16,
    /// Set when the worker has seen the flag; sends it into `trace_core`.
    pub is_traced: bool,
    /// An unpark that arrived while the worker was not parked; the next park
    /// returns at once.
    pub unpark_token: bool,
    /// Set when the barrier the worker waits at completes its round, so the
    /// waiter can leave (the generation is not stored, see the module doc).
    pub released: bool,
    /// The local run queue, front first.
    pub local: FixedVec<TaskId, MAX_TASKS>,
    /// The task being polled, from `[Next]` to the end of `[Poll]`.
    pub running: Option<TaskId>,
    /// While leading: the dump traced so far, and the next task to trace.
    pub tracing: Option<Dump>,
    /// The next task index the leader will look at.
    pub trace_cursor: u8,
}

/// A requester's program counter: the labels of PROTOCOL.md section 3.1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequesterPc {
    /// Compare-and-swap the flag from false to true.
    #[default]
    Cas,
    /// Lost the CAS: unpark everyone, yield, retry.
    Backoff,
    /// Lock `trace_result` and take what is there.
    Take,
    /// Unpark every worker so parked ones see the flag.
    Nudge,
    /// `result_ready.notified().await`.
    Wait,
    /// Compare-and-swap the flag from true to false.
    Clear,
    /// Lost the clearing CAS: unpark everyone, yield, retry.
    ClearBackoff,
    /// `dump()` has returned.
    Done,
    /// Stopped where it stood because its caller was cancelled (inline-dump).
    Cancelled,
}

impl RequesterPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            RequesterPc::Cas => "Cas",
            RequesterPc::Backoff => "Backoff",
            RequesterPc::Take => "Take",
            RequesterPc::Nudge => "Nudge",
            RequesterPc::Wait => "Wait",
            RequesterPc::Clear => "Clear",
            RequesterPc::ClearBackoff => "ClearBackoff",
            RequesterPc::Done => "Done",
            RequesterPc::Cancelled => "Cancelled",
        }
    }

    /// Whether the requester has finished, one way or the other.
    pub fn is_finished(self) -> bool {
        matches!(self, RequesterPc::Done | RequesterPc::Cancelled)
    }

    /// Whether this is an await point where the caller may give up.
    pub fn is_await_point(self) -> bool {
        matches!(
            self,
            RequesterPc::Backoff | RequesterPc::Wait | RequesterPc::ClearBackoff
        )
    }
}

/// One `Handle::dump()` call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requester {
    /// Where the requester is.
    pub pc: RequesterPc,
    /// Whether its compare-and-swap (or plain store) has set the flag.
    pub won: bool,
    /// Queued in `result_ready` and not yet woken.
    pub queued: bool,
    /// Woken by `notify_one` or `notify_waiters`, not yet run on.
    pub woken: bool,
    /// The caller gave up; the requester runs on and its dump is dropped.
    pub abandoned: bool,
    /// The dump it took from `trace_result`.
    pub dump: Option<Dump>,
}

/// The changing part of one task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskState {
    /// Busy: polls still needed. Blocking: steps the poll still holds the
    /// thread (unused when it blocks until released).
    pub left: u16,
    /// A blocking-until-released task that the user let go.
    pub released: bool,
    /// The task has completed and is no longer owned.
    pub done: bool,
    /// While a leader holds this queued task for tracing: the leader, and
    /// where the task was queued. Kept here rather than in the leader, so
    /// a worker does not carry room for a whole queue it rarely holds.
    pub held: Option<(u8, Location)>,
}

/// The whole simulated runtime at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
    /// `trace_requested`.
    pub trace_requested: bool,
    /// `trace_start`.
    pub trace_start: Barrier,
    /// `trace_end`.
    pub trace_end: Barrier,
    /// `result_ready`.
    pub result_ready: Notify,
    /// `trace_result`: the stashed dump, if any.
    pub trace_result: Option<Dump>,
    /// The shared injection queue, front first.
    pub injection: FixedVec<TaskId, MAX_TASKS>,
    /// Every worker.
    pub workers: FixedVec<Worker, MAX_WORKERS>,
    /// Every requester.
    pub requesters: FixedVec<Requester, MAX_REQUESTERS>,
    /// Every task, in the scenario's order.
    pub tasks: FixedVec<TaskState, MAX_TASKS>,
}

impl State {
    /// The barrier `id`.
    pub fn barrier(&self, id: BarrierId) -> &Barrier {
        match id {
            BarrierId::TraceStart => &self.trace_start,
            BarrierId::TraceEnd => &self.trace_end,
        }
    }

    /// The tasks worker `worker` holds for tracing, with where each was
    /// queued.
    pub fn held_by(&self, worker: usize) -> impl Iterator<Item = (TaskId, Location)> + '_ {
        self.tasks
            .iter()
            .enumerate()
            .filter_map(move |(task, state)| match state.held {
                Some((leader, origin)) if leader as usize == worker => {
                    Some((task as TaskId, origin))
                }
                _ => None,
            })
    }

    /// Where task `task` is right now, or `None` once it has completed.
    pub fn locate(&self, task: TaskId, is_idle: bool) -> Option<Location> {
        if self.tasks[task as usize].done {
            return None;
        }
        if is_idle {
            return Some(Location::Idle);
        }
        if let Some((leader, _)) = self.tasks[task as usize].held {
            return Some(Location::HeldBy(leader));
        }
        for (index, worker) in self.workers.iter().enumerate() {
            if worker.running == Some(task) {
                return Some(Location::RunningOn(index as u8));
            }
            if worker.local.contains(&task) {
                return Some(Location::QueuedOn(index as u8));
            }
        }
        if self.injection.contains(&task) {
            return Some(Location::Injection);
        }
        None
    }
}

// The checker hashes every state it finds, so the small fields of the
// types that repeat (workers, requesters, tasks) are packed into one word
// each instead of one hasher call per field. Every field takes part, so
// the hashes agree with the derived equality.

impl Hash for Worker {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let word = u64::from(self.pc as u8)
            | u64::from(self.tick) << 8
            | u64::from(self.is_traced) << 24
            | u64::from(self.unpark_token) << 25
            | u64::from(self.released) << 26
            | u64::from(self.running.map_or(u16::MAX, u16::from)) << 32
            | u64::from(self.trace_cursor) << 48;
        state.write_u64(word);
        self.local.hash(state);
        self.tracing.hash(state);
    }
}

impl Hash for Requester {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let word = u64::from(self.pc as u8)
            | u64::from(self.won) << 8
            | u64::from(self.queued) << 9
            | u64::from(self.woken) << 10
            | u64::from(self.abandoned) << 11;
        state.write_u64(word);
        self.dump.hash(state);
    }
}

impl Hash for TaskState {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let held = match self.held {
            None => 0,
            Some((leader, origin)) => 1 | u64::from(leader) << 1 | location_code(origin) << 9,
        };
        state.write_u64(
            u64::from(self.left)
                | u64::from(self.released) << 16
                | u64::from(self.done) << 17
                | held << 18,
        );
    }
}

/// A location as a small number, for packed hashes.
fn location_code(location: Location) -> u64 {
    match location {
        Location::QueuedOn(worker) => 1 | u64::from(worker) << 3,
        Location::Injection => 2,
        Location::Idle => 3,
        Location::RunningOn(worker) => 4 | u64::from(worker) << 3,
        Location::HeldBy(worker) => 5 | u64::from(worker) << 3,
    }
}
