//! The state of the simulated runtime: `TraceStatus`, the scheduler's
//! `Idle` record, workers, requesters, callers, spawners, outside wakers,
//! the dropper and tasks (PROTOCOL.md sections 2, 8.1, 9.1, 11.1 and 12).
//!
//! Everything here has a fixed capacity and no heap allocation, so a state is
//! cheap to copy (the checker copies one per transition) and hashes the same
//! on every platform. Counters that would grow without bound (a barrier's
//! generation) are kept for display but left out of equality and hashing,
//! as PROTOCOL.md section 2.1 advises.

use crate::fixed::FixedVec;
use crate::scenario::{MAX_CALLERS, MAX_REQUESTERS, MAX_SPAWNERS, MAX_TASKS, MAX_WORKERS};
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

/// Where a dump found a task, or why it left one out.
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
    /// entry then has an empty trace (PROTOCOL.md section 9.4 4d).
    RunningOn(u8),
    /// In another leader's hands for tracing: only possible when S2 is broken.
    HeldBy(u8),
    /// In a worker's LIFO slot (section 9.1).
    Lifo(u8),
    /// Completed while still owned (section 9.1).
    Complete,
    /// In a spawner's hand, bound and not yet pushed (section 8.5).
    InHand,
    /// In a worker's hand: popped by `[Next]`, not yet run by `[PollBegin]`.
    Popped(u8),
}

/// What a dump says about one task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Traced: the task's trace-mode poll recorded where it waits.
    #[default]
    Traced,
    /// Listed with an empty trace: its trace poll failed because the task
    /// was running elsewhere or complete (Tokio 1.29 to 1.53).
    EmptyTrace,
    /// Left out: skipped by `notify_for_tracing`; `location` says why
    /// (property C1, section 13).
    Missing,
}

/// One line of a dump: a task and where it was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DumpEntry {
    /// The task.
    pub task: TaskId,
    /// Where the leader found it, or why it left it out.
    pub location: Location,
    /// Traced, listed empty, or missing.
    #[serde(default)]
    pub kind: EntryKind,
}

/// A task dump, as traced by a leader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dump {
    /// One entry per task, in the order the walk met them. While the walk
    /// runs, `Missing` entries are candidates; `[Stash]` keeps only those
    /// of tasks that were owned at the first `[Collect]`, are not complete
    /// and have no other entry.
    pub entries: FixedVec<DumpEntry, MAX_TASKS>,
    /// The worker that traced it.
    pub leader: u8,
    /// The requesters whose compare-and-swap had won when tracing began: the
    /// dump is fresh for them and stale for anyone else (property S3).
    pub fresh_for: Set,
    /// The tasks owned when the walk took the owned-tasks lock, one bit per
    /// task (what C1 compares the entries with).
    #[serde(default)]
    pub expected: u16,
}

impl Dump {
    /// Whether a task was found running, which makes the dump corrupt.
    pub fn is_corrupt(&self) -> bool {
        self.entries
            .iter()
            .any(|entry| entry.kind == EntryKind::EmptyTrace)
    }

    /// The entries of tasks the dump lists (traced or with an empty trace).
    pub fn listed(&self) -> impl Iterator<Item = &DumpEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.kind != EntryKind::Missing)
    }

    /// The entries of tasks the dump leaves out, each with its reason.
    pub fn missing(&self) -> impl Iterator<Item = &DumpEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.kind == EntryKind::Missing)
    }

    /// How many tasks the dump lists.
    pub fn listed_count(&self) -> u8 {
        self.listed().count() as u8
    }

    /// Whether the dump leaves out a task it should list (C1).
    pub fn is_incomplete(&self) -> bool {
        self.missing().next().is_some()
    }
}

/// A worker's program counter: the labels of PROTOCOL.md sections 3.2, 3.3,
/// 8.3, 9.4, 10 and 11.2.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum WorkerPc {
    /// The top of the scheduler loop.
    #[default]
    Top,
    /// The maintenance tick: a driver turn, then load `closed` and the flag.
    Maintenance,
    /// Find the next task: LIFO slot, run queue, injection queue.
    Next,
    /// Try to steal as a searcher.
    Search,
    /// Holding a handle, about to run it (`transition_to_running`).
    PollBegin,
    /// Polling the task in `running`; a blocking poll stays here.
    PollEnd,
    /// About to park, unless there is work, a trace or owed wakes.
    ParkCheck,
    /// The last searcher's check for pending work before it sleeps.
    LastSearcherCheck,
    /// Parked until unparked.
    Parked,
    /// Just unparked: load `closed` and the flag.
    ParkMaintenance,
    /// Decide whether to leave the park loop (`transition_from_parked`).
    FromParked,
    /// Entering `trace_core`.
    TraceBegin,
    /// Arriving at `trace_start`.
    StartArrive,
    /// Waiting at `trace_start` for the other workers.
    StartWait,
    /// The leader takes every queued handle (`steal_all`, the injection queue).
    Gather,
    /// The leader collects one owned task per step (`notify_for_tracing`).
    Collect,
    /// The leader releases the owned-tasks lock.
    Unlock,
    /// The leader polls one collected handle in trace mode.
    TracePoll,
    /// `tokio-1.29` only: the leader re-schedules the task it just traced.
    Reschedule,
    /// Waiting for the owned-tasks lock (section 10).
    OwnedLockWait,
    /// The leader, putting the dump in `trace_result`.
    Stash,
    /// The leader, calling `result_ready.notify_one()`.
    NotifyResult,
    /// Arriving at `trace_end`.
    EndArrive,
    /// Waiting at `trace_end` for the other workers.
    EndWait,
    /// The runtime is closing: close the owned list, cancel idle tasks.
    PreShutdown,
    /// Hand in the core; the last worker empties the queues.
    ShutdownCore,
    /// The worker thread has left its loop for good.
    Exited,
    /// The worker thread panicked (`next.is_notified()`, property S7).
    Panicked,
}

impl WorkerPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            WorkerPc::Top => "Top",
            WorkerPc::Maintenance => "Maintenance",
            WorkerPc::Next => "Next",
            WorkerPc::Search => "Search",
            WorkerPc::PollBegin => "PollBegin",
            WorkerPc::PollEnd => "PollEnd",
            WorkerPc::ParkCheck => "ParkCheck",
            WorkerPc::LastSearcherCheck => "LastSearcherCheck",
            WorkerPc::Parked => "Parked",
            WorkerPc::ParkMaintenance => "ParkMaintenance",
            WorkerPc::FromParked => "FromParked",
            WorkerPc::TraceBegin => "TraceBegin",
            WorkerPc::StartArrive => "StartArrive",
            WorkerPc::StartWait => "StartWait",
            WorkerPc::Gather => "Gather",
            WorkerPc::Collect => "Collect",
            WorkerPc::Unlock => "Unlock",
            WorkerPc::TracePoll => "TracePoll",
            WorkerPc::Reschedule => "Reschedule",
            WorkerPc::OwnedLockWait => "OwnedLockWait",
            WorkerPc::Stash => "Stash",
            WorkerPc::NotifyResult => "NotifyResult",
            WorkerPc::EndArrive => "EndArrive",
            WorkerPc::EndWait => "EndWait",
            WorkerPc::PreShutdown => "PreShutdown",
            WorkerPc::ShutdownCore => "ShutdownCore",
            WorkerPc::Exited => "Exited",
            WorkerPc::Panicked => "Panicked",
        }
    }

    /// Whether the worker is inside `trace_core`.
    pub fn in_trace_core(self) -> bool {
        matches!(
            self,
            WorkerPc::TraceBegin
                | WorkerPc::StartArrive
                | WorkerPc::StartWait
                | WorkerPc::Gather
                | WorkerPc::Collect
                | WorkerPc::Unlock
                | WorkerPc::TracePoll
                | WorkerPc::Reschedule
                | WorkerPc::Stash
                | WorkerPc::NotifyResult
                | WorkerPc::EndArrive
                | WorkerPc::EndWait
        )
    }

    /// Whether the worker is in the park path, from the `[ParkCheck]` that
    /// listed it to its `[FromParked]` (property S6 (iii)).
    pub fn in_park_path(self) -> bool {
        matches!(
            self,
            WorkerPc::LastSearcherCheck
                | WorkerPc::Parked
                | WorkerPc::ParkMaintenance
                | WorkerPc::FromParked
        )
    }

    /// Whether the worker thread has stopped for good.
    pub fn is_terminal(self) -> bool {
        matches!(self, WorkerPc::Exited | WorkerPc::Panicked)
    }
}

/// What a worker in `[OwnedLockWait]` does once it has the lock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockResume {
    /// Nothing is waiting.
    #[default]
    None,
    /// A leader's first `[Collect]`.
    Collect,
    /// The leader's trace poll completed its task (section 10).
    TraceComplete,
    /// The worker's own poll completed its task.
    PollComplete,
    /// `[PreShutdown]`.
    PreShutdown,
}

/// One worker thread and its core.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Worker {
    /// Where the worker is in its loop.
    pub pc: WorkerPc,
    /// Ticks modulo `event_interval`: maintenance runs when it wraps to 0.
    pub tick: u16,
    /// Set when the worker has seen the flag; sends it into `trace_core`.
    pub is_traced: bool,
    /// Set when the worker has seen `closed` (section 11).
    pub is_shutdown: bool,
    /// The worker's own copy of "I am counted in `num_searching`" (8.1).
    pub is_searching: bool,
    /// An unpark that arrived while the worker was not parked; the next park
    /// returns at once.
    pub unpark_token: bool,
    /// Set when the barrier the worker waits at completes its round, so the
    /// waiter can leave (the generation is not stored, see the module doc).
    pub released: bool,
    /// The local run queue, front first.
    pub local: FixedVec<TaskId, MAX_TASKS>,
    /// `Core::lifo_slot`: one handle or none (section 9.1).
    pub lifo: Option<TaskId>,
    /// The handle in hand from `[Next]` (pc `[PollBegin]`), then the task
    /// being polled (pc `[PollEnd]`), or the traced task whose completion
    /// waits for the owned-tasks lock.
    pub running: Option<TaskId>,
    /// While leading: the dump traced so far.
    pub tracing: Option<Dump>,
    /// While leading: the collected handles still to trace, each with where
    /// it was found.
    pub tracelist: FixedVec<DumpEntry, MAX_TASKS>,
    /// While leading: the next owned task `[Collect]` looks at.
    pub trace_cursor: u8,
    /// Tasks this worker, as leader, owes a wake after its walk (9.4 4d),
    /// in the order it traced them.
    pub owed: FixedVec<TaskId, MAX_TASKS>,
    /// What the worker does when it gets the owned-tasks lock.
    pub lock_resume: LockResume,
}

impl Worker {
    /// Whether the worker has local tasks: a LIFO handle or a queued one.
    pub fn has_local_tasks(&self) -> bool {
        self.lifo.is_some() || !self.local.is_empty()
    }
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
    /// A caller's round that has not started yet (section 12).
    NotStarted,
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
            RequesterPc::NotStarted => "NotStarted",
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The runtime closed while this dump was in flight: Tokio documents
    /// that it may never return, so L1 exempts it (section 6).
    #[serde(default)]
    pub overlaps_close: bool,
    /// The dump it took from `trace_result`.
    pub dump: Option<Dump>,
}

/// A task's life-cycle state (PROTOCOL.md section 9.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "st", content = "worker", rename_all = "kebab-case")]
pub enum TaskSt {
    /// Not being polled.
    #[default]
    Idle,
    /// Polled by worker `w`.
    Running(u8),
    /// Polled in trace mode by leader `w`.
    Traced(u8),
    /// Finished (it may stay owned until its worker gets the lock).
    Complete,
}

/// The changing part of one task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaskState {
    /// Busy: polls still needed. Blocking: steps the poll still holds the
    /// thread (unused when it blocks until released).
    pub left: u16,
    /// A blocking-until-released task that the user let go.
    pub released: bool,
    /// Idle, running, traced or complete.
    pub st: TaskSt,
    /// The NOTIFIED bit, kept apart from the task's handles (section 9).
    pub bit: bool,
    /// Whether the runtime's owned list holds the task.
    pub owned: bool,
    /// Whether the task exists: false for a spawner's task until its
    /// `[SpawnBind]` (section 8.5).
    pub exists: bool,
    /// A blocking task with `ends: pending` whose poll has ended: it
    /// behaves as an idle task from then on (section 4).
    pub ended_pending: bool,
    /// Cancelled by `[PreShutdown]` while being polled: the poll completes it.
    pub cancelled: bool,
    /// A handle created from outside (a spawn or an outside wake) is queued
    /// and the task has not been polled since (property L3).
    pub outside_pending: bool,
}

impl TaskState {
    /// Whether the task has completed and left the owned list.
    pub fn done(&self) -> bool {
        self.st == TaskSt::Complete && !self.owned
    }

    /// Whether the task exists and has not completed.
    pub fn alive(&self) -> bool {
        self.exists && self.st != TaskSt::Complete
    }
}

/// The scheduler's shared idle record (`multi_thread/idle.rs`, section 8.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Idle {
    /// Workers counted as unparked, in −N..N; below 0 stands for Tokio's
    /// wrapped counter.
    pub num_unparked: i8,
    /// Workers counted as searching.
    pub num_searching: u8,
    /// Worker ids listed as asleep; an id appears at most twice.
    pub sleepers: FixedVec<u8, { 2 * MAX_WORKERS }>,
}

/// A caller's program counter (section 12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallerPc {
    /// Start the next round's requester.
    #[default]
    CallStart,
    /// Wait for the round's requester to return.
    CallWait,
    /// Every round is over.
    CallDone,
}

impl CallerPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            CallerPc::CallStart => "CallStart",
            CallerPc::CallWait => "CallWait",
            CallerPc::CallDone => "CallDone",
        }
    }
}

/// A caller that dumps in a loop (section 12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Caller {
    /// Where the caller is.
    pub pc: CallerPc,
    /// Rounds started so far.
    pub round: u8,
}

/// A spawner's program counter (section 8.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpawnerPc {
    /// Waiting for its start condition.
    #[default]
    SpawnWait,
    /// Bind the next task (needs the owned-tasks lock).
    SpawnBind,
    /// Push the handle in hand on the injection queue.
    SpawnPush,
    /// `notify_parked_remote`: NotifyOne.
    SpawnNotify,
    /// Every task spawned.
    SpawnDone,
}

impl SpawnerPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            SpawnerPc::SpawnWait => "SpawnWait",
            SpawnerPc::SpawnBind => "SpawnBind",
            SpawnerPc::SpawnPush => "SpawnPush",
            SpawnerPc::SpawnNotify => "SpawnNotify",
            SpawnerPc::SpawnDone => "SpawnDone",
        }
    }
}

/// A thread outside the runtime that spawns tasks (section 8.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spawner {
    /// Where the spawner is.
    pub pc: SpawnerPc,
    /// How many of its tasks it has bound.
    pub next: u8,
    /// The handle of the task bound and not yet pushed.
    pub hand: Option<TaskId>,
}

/// An outside waker's program counter (section 9.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WakerPc {
    /// Wake the task from outside.
    #[default]
    WakePush,
    /// NotifyOne for the handle just pushed.
    WakeNotify,
    /// Done.
    WakeDone,
}

impl WakerPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            WakerPc::WakePush => "WakePush",
            WakerPc::WakeNotify => "WakeNotify",
            WakerPc::WakeDone => "WakeDone",
        }
    }
}

/// The dropper's program counter (section 11.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DropperPc {
    /// Waiting for its start condition.
    #[default]
    DropWait,
    /// Close the runtime and unpark every worker.
    Close,
    /// Waiting for every worker thread to stop.
    Join,
    /// The runtime is dropped.
    Joined,
}

impl DropperPc {
    /// The label as PROTOCOL.md writes it.
    pub fn label(self) -> &'static str {
        match self {
            DropperPc::DropWait => "DropWait",
            DropperPc::Close => "Close",
            DropperPc::Join => "Join",
            DropperPc::Joined => "Joined",
        }
    }
}

/// Why a path ended at one of the model's caps (section 6, "Bounds").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// A task would have had a fourth handle.
    Handles,
    /// A worker id would have appeared a third time in `sleepers`.
    IdleBookkeeping,
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
    /// The scheduler's idle record.
    #[serde(default)]
    pub idle: Idle,
    /// `OwnedTasks`' lock: the worker holding it, if any (section 10).
    #[serde(default)]
    pub owned_lock: Option<u8>,
    /// The injection queue's closed flag: the runtime is shutting down.
    #[serde(default)]
    pub closed: bool,
    /// The owned list is closed: the first `[PreShutdown]` has run.
    #[serde(default)]
    pub owned_closed: bool,
    /// Set when a step would have exceeded a cap: the path ends here.
    #[serde(default)]
    pub bound: Option<Bound>,
    /// Every worker.
    pub workers: FixedVec<Worker, MAX_WORKERS>,
    /// Every requester: the scenario's, then each caller's rounds.
    pub requesters: FixedVec<Requester, MAX_REQUESTERS>,
    /// Every caller.
    #[serde(default)]
    pub callers: FixedVec<Caller, MAX_CALLERS>,
    /// Every spawner.
    #[serde(default)]
    pub spawners: FixedVec<Spawner, MAX_SPAWNERS>,
    /// One outside waker per task (only those with `outside_wake` move).
    #[serde(default)]
    pub wakers: FixedVec<WakerPc, MAX_TASKS>,
    /// The dropper, when the scenario has one.
    #[serde(default)]
    pub dropper: Option<DropperPc>,
    /// Every task: the scenario's, then each spawner's, in order.
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

    /// How many handles task `task` has: in run queues, LIFO slots, the
    /// injection queue, a worker's hand before `[PollBegin]`, a leader's
    /// tracelist, or a spawner's hand.
    pub fn handles(&self, task: TaskId) -> usize {
        let mut count = self.injection.iter().filter(|&&t| t == task).count();
        for worker in &self.workers {
            count += worker.local.iter().filter(|&&t| t == task).count();
            count += usize::from(worker.lifo == Some(task));
            count += usize::from(worker.pc == WorkerPc::PollBegin && worker.running == Some(task));
            count += worker
                .tracelist
                .iter()
                .filter(|entry| entry.task == task)
                .count();
        }
        for spawner in &self.spawners {
            count += usize::from(spawner.hand == Some(task));
        }
        count
    }

    /// Where task `task` is right now (its first handle, or its poller),
    /// or `None` when it has no place (completed, or not yet spawned).
    pub fn locate(&self, task: TaskId) -> Option<Location> {
        let state = self.tasks.get(task as usize)?;
        if !state.exists || state.done() {
            return None;
        }
        match state.st {
            TaskSt::Running(worker) => return Some(Location::RunningOn(worker)),
            TaskSt::Traced(worker) => return Some(Location::HeldBy(worker)),
            TaskSt::Complete => return Some(Location::Complete),
            TaskSt::Idle => {}
        }
        for (index, worker) in self.workers.iter().enumerate() {
            if worker.pc == WorkerPc::PollBegin && worker.running == Some(task) {
                return Some(Location::Popped(index as u8));
            }
            if worker.lifo == Some(task) {
                return Some(Location::Lifo(index as u8));
            }
            if worker.local.contains(&task) {
                return Some(Location::QueuedOn(index as u8));
            }
            if worker.tracelist.iter().any(|entry| entry.task == task) {
                return Some(Location::HeldBy(index as u8));
            }
        }
        if self.injection.contains(&task) {
            return Some(Location::Injection);
        }
        if self
            .spawners
            .iter()
            .any(|spawner| spawner.hand == Some(task))
        {
            return Some(Location::InHand);
        }
        Some(Location::Idle)
    }

    /// Whether worker `worker`'s id is listed in `sleepers`.
    pub fn is_sleeper(&self, worker: usize) -> bool {
        self.idle.sleepers.contains(&(worker as u8))
    }
}
