//! Typed events: what one step changed, for the page to animate and narrate.
//!
//! Events are small `Copy` values so the step function can emit them on the
//! hot path without allocating. [`Event::narrate`] turns one into a plain
//! sentence.

use crate::property::Property;
use crate::state::{BarrierId, Bound, Location, Set, TaskId};
use serde::{Deserialize, Serialize};

/// Where `[Next]` found a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum Source {
    /// The worker's LIFO slot (section 9.1).
    Lifo,
    /// The worker's own local queue.
    Local,
    /// The shared injection queue.
    Injection,
    /// Stolen from a sibling, with how many tasks moved in all.
    Stolen {
        /// The sibling robbed.
        victim: u8,
        /// Tasks taken, the one to run included.
        count: u8,
    },
}

/// How a poll ended (or did not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PollOutcome {
    /// The task did a slice of work and went back to the local queue.
    Yielded,
    /// The task finished and is no longer owned.
    Completed,
    /// The blocking poll still holds the thread.
    StillBlocking,
    /// The future returned Pending and waits on something outside.
    Pending,
}

/// What a Wake did (PROTOCOL.md section 9.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "wake", content = "place", rename_all = "kebab-case")]
pub enum WakeOutcome {
    /// The task was complete, already notified, or does not exist yet.
    Nothing,
    /// The task was running or traced: its bit is set, no handle made.
    BitSet,
    /// The task was idle: its bit is set and a handle queued here.
    Queued(Location),
}

/// Which rule of `[FromParked]` a worker left the park loop by (8.3 step 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FromParkedRule {
    /// Rule a: it has local tasks (or, from 1.54, must trace) and did the
    /// logical unpark.
    Unparked,
    /// Rule b: it leaves to trace or shut down while still listed as a
    /// sleeper (the 1.29-1.53 defect when a dump woke it).
    StillListed,
    /// Rule c: a NotifyOne had already taken it off the list.
    Notified,
}

/// How a trace-mode poll went (section 9.4 4d and section 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceOutcome {
    /// Traced: the task stopped at an instrumented leaf.
    Traced,
    /// The run failed (running elsewhere or complete): an empty trace.
    EmptyTrace,
    /// The task completed in trace mode (`completes-when-traced`).
    Completed,
    /// The task woke itself in trace mode (`wakes-self-when-traced`).
    WokeSelf,
}

/// How `result_ready` was signalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum NotifyOutcome {
    /// `notify_one` woke the first queued requester.
    Woke {
        /// The requester woken.
        requester: u8,
    },
    /// `notify_one` found nobody waiting and stored the permit.
    PermitStored,
    /// `notify_one` found nobody waiting and a permit already stored.
    PermitAlreadyStored,
    /// `notify_waiters` woke everyone queued (possibly nobody), storing no
    /// permit.
    WokeAll {
        /// The requesters woken.
        requesters: Set,
    },
}

/// How a `trace_start` timeout ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeoutOutcome {
    /// Timed out and took the arrival back (the fixed barrier).
    Withdrew,
    /// Timed out and left the arrival counted (every release through 1.54.1).
    Leaked,
    /// The barrier had completed: reported as timed out anyway (the leaky barrier),
    /// so the worker skips `trace_end`.
    LeakedAfterRelease,
    /// The barrier had completed: treated as a normal release (fixed).
    Released,
}

/// One thing that happened in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A worker advanced its tick.
    Ticked {
        /// The worker.
        worker: u8,
        /// The tick, modulo the event interval.
        tick: u16,
        /// Whether maintenance is due.
        maintenance: bool,
    },
    /// A worker loaded `trace_requested` (at maintenance or after parking).
    FlagLoaded {
        /// The worker.
        worker: u8,
        /// The value it read.
        value: bool,
        /// Whether the worker is now set to trace.
        is_traced: bool,
    },
    /// Maintenance ran without loading the flag (no-maintenance-check), or
    /// the worker was already set to trace.
    MaintenanceSkipped {
        /// The worker.
        worker: u8,
    },
    /// `[Next]` found a task to poll.
    TaskPopped {
        /// The worker.
        worker: u8,
        /// The task.
        task: TaskId,
        /// Where it came from.
        source: Source,
    },
    /// `[Next]` found no task anywhere.
    NoTask {
        /// The worker.
        worker: u8,
    },
    /// A task was polled.
    TaskPolled {
        /// The worker.
        worker: u8,
        /// The task.
        task: TaskId,
        /// How the poll ended.
        outcome: PollOutcome,
    },
    /// `[ParkCheck]` found a reason not to park.
    ParkSkipped {
        /// The worker.
        worker: u8,
        /// The worker has to trace (rather than having work).
        traced: bool,
    },
    /// A worker parked.
    Parked {
        /// The worker.
        worker: u8,
    },
    /// A parked worker consumed its unpark token and woke up.
    Unparked {
        /// The worker.
        worker: u8,
    },
    /// After waking, a worker went back to sleep.
    Reparked {
        /// The worker.
        worker: u8,
    },
    /// A worker saw `is_traced` at the top of its loop and calls `trace_core`.
    TraceCoreCalled {
        /// The worker.
        worker: u8,
    },
    /// A worker entered `trace_core` and cleared `is_traced`.
    TraceCoreEntered {
        /// The worker.
        worker: u8,
    },
    /// A worker arrived at a barrier.
    BarrierArrived {
        /// The worker.
        worker: u8,
        /// The barrier.
        barrier: BarrierId,
        /// Arrivals counted, this one included.
        count: u8,
        /// Arrivals needed.
        n: u8,
    },
    /// The last arrival completed a barrier round and released the waiters.
    BarrierCompleted {
        /// The last arrival; at `trace_start` it is the leader.
        leader: u8,
        /// The barrier.
        barrier: BarrierId,
        /// The new generation.
        generation: u32,
        /// The waiters released.
        released: Set,
    },
    /// A released waiter left a barrier.
    BarrierLeft {
        /// The worker.
        worker: u8,
        /// The barrier.
        barrier: BarrierId,
    },
    /// A `trace_start` wait timed out.
    TimedOut {
        /// The worker.
        worker: u8,
        /// What the barrier did about it.
        outcome: TimeoutOutcome,
        /// The count the worker left behind.
        count_left: u8,
    },
    /// The leader took every queued task into its own hands.
    TasksGathered {
        /// The leader.
        worker: u8,
        /// How many queued tasks it took.
        count: u8,
    },
    /// The leader traced one task.
    TaskTraced {
        /// The leader.
        worker: u8,
        /// The task.
        task: TaskId,
        /// Where it was found.
        location: Location,
    },
    /// The leader finished tracing and re-queued the tasks it held.
    TraceFinished {
        /// The leader.
        worker: u8,
        /// Entries in the dump.
        tasks: u8,
        /// Whether the dump found a task running.
        corrupt: bool,
    },
    /// The leader put the dump in `trace_result`.
    Stashed {
        /// The leader.
        worker: u8,
        /// Whether an older dump was there and got replaced.
        replaced: bool,
    },
    /// The leader signalled `result_ready`.
    ResultNotified {
        /// The leader.
        worker: u8,
        /// What the signal did.
        outcome: NotifyOutcome,
    },
    /// A requester's compare-and-swap on the flag (set or clear).
    FlagCas {
        /// The requester.
        requester: u8,
        /// The value it swapped to.
        to: bool,
        /// Whether it won.
        won: bool,
    },
    /// A requester stored to the flag without CAS (plain-store).
    FlagStored {
        /// The requester.
        requester: u8,
        /// The value stored.
        value: bool,
        /// The value it overwrote.
        was: bool,
    },
    /// A requester called `notify_all()`.
    WorkersUnparked {
        /// The requester.
        requester: u8,
        /// The workers that were parked and got a token.
        parked: Set,
    },
    /// A requester skipped `notify_all()` (no-nudge).
    NudgeSkipped {
        /// The requester.
        requester: u8,
    },
    /// A requester locked `trace_result` and took what was there.
    SlotTaken {
        /// The requester.
        requester: u8,
        /// Entries in the dump it got, or `None` when the slot was empty.
        tasks: Option<u8>,
    },
    /// A requester consumed the stored permit and went on at once.
    PermitConsumed {
        /// The requester.
        requester: u8,
    },
    /// A requester queued up in `result_ready`.
    WaitQueued {
        /// The requester.
        requester: u8,
    },
    /// A woken requester ran on.
    WaitWoken {
        /// The requester.
        requester: u8,
    },
    /// `dump()` returned.
    DumpReturned {
        /// The requester.
        requester: u8,
        /// Entries in the dump.
        tasks: u8,
        /// Whether the dump found a task running.
        corrupt: bool,
        /// Whether the caller had given up, so the dump is dropped.
        abandoned: bool,
    },
    /// A caller gave up.
    CallerGaveUp {
        /// The requester.
        requester: u8,
        /// Whether the requester stopped with it (inline-dump).
        stopped: bool,
    },
    /// The user released a blocking task.
    TaskReleased {
        /// The task.
        task: TaskId,
    },
    /// The outside world woke a parked worker (activity `active`).
    WokenByIo {
        /// The worker.
        worker: u8,
    },
    /// A step would have exceeded one of the model's caps: the path ends.
    BoundReached {
        /// Which cap.
        bound: Bound,
    },
    /// A push onto the closed injection queue dropped a handle.
    HandleDropped {
        /// The task.
        task: TaskId,
    },
    /// EndPoll queued a new handle for a task whose bit was set during the
    /// poll.
    Requeued {
        /// The task.
        task: TaskId,
        /// Where the handle went.
        place: Location,
    },
    /// NotifyOne ran (Tokio's `worker_to_notify`, section 8.2).
    NotifiedOne {
        /// The sleeper it took off the list and unparked, if any.
        woke: Option<u8>,
        /// `num_searching` afterwards.
        searching: u8,
        /// `num_unparked` afterwards (below 0 is Tokio's wrap).
        unparked: i8,
    },
    /// A leader delivered the wakes it owed after its walk (9.4 4d).
    OwedDelivered {
        /// The leader.
        worker: u8,
        /// How many tasks it woke.
        count: u8,
    },
    /// The last searcher checked for pending work before sleeping.
    WorkPendingChecked {
        /// The worker.
        worker: u8,
        /// Whether some queue held a task.
        pending: bool,
    },
    /// A woken worker left the park loop.
    LeftPark {
        /// The worker.
        worker: u8,
        /// The rule it left by.
        rule: FromParkedRule,
        /// Whether it is still listed in `sleepers`.
        still_listed: bool,
    },
    /// A worker saw `is_shutdown` at the top of its loop.
    ShutdownSeen {
        /// The worker.
        worker: u8,
    },
    /// A worker with nothing to do asked to become a searcher.
    SearchStarted {
        /// The worker.
        worker: u8,
        /// Whether fewer than half the workers were searching.
        allowed: bool,
    },
    /// A searcher found nothing to steal.
    NothingToSteal {
        /// The worker.
        worker: u8,
    },
    /// Run found the bit clear: the thread panicked with
    /// `assertion failed: next.is_notified()` (S7).
    Panicked {
        /// The worker.
        worker: u8,
        /// The task whose handle it ran.
        task: TaskId,
    },
    /// Run found the task running elsewhere or complete: the handle was
    /// dropped without a poll.
    PollFailed {
        /// The worker.
        worker: u8,
        /// The task.
        task: TaskId,
    },
    /// A poll began: the task is running and its bit is clear.
    PollStarted {
        /// The worker.
        worker: u8,
        /// The task.
        task: TaskId,
    },
    /// A task woke another from its worker's context (`wakes`).
    TaskWoken {
        /// The task woken.
        task: TaskId,
        /// The worker whose context it came from.
        by: u8,
        /// What the Wake did.
        outcome: WakeOutcome,
    },
    /// A worker waits for the owned-tasks lock.
    LockWaiting {
        /// The worker.
        worker: u8,
    },
    /// A leader took the owned-tasks lock for its walk.
    LockTaken {
        /// The leader.
        worker: u8,
    },
    /// A leader released the owned-tasks lock.
    LockReleased {
        /// The leader.
        worker: u8,
    },
    /// A worker waiting for the owned-tasks lock found it free.
    LockFree {
        /// The worker.
        worker: u8,
    },
    /// `[Collect t]` applied `notify_for_tracing` to one task.
    Collected {
        /// The leader.
        worker: u8,
        /// The task.
        task: TaskId,
        /// Where the task was when it was skipped, or `None` when the
        /// leader set its bit and took a handle.
        skipped: Option<Location>,
    },
    /// `[Gather]` dropped the handles it took (`gathered: drop`).
    GatheredDropped {
        /// The leader.
        worker: u8,
        /// How many handles.
        count: u8,
    },
    /// `[TracePoll]` polled one handle in trace mode.
    TracePolled {
        /// The leader.
        worker: u8,
        /// The task.
        task: TaskId,
        /// How it went.
        outcome: TraceOutcome,
        /// Where the dump says the task was.
        location: Location,
    },
    /// `[Reschedule t]` (`tokio-1.29`).
    Rescheduled {
        /// The leader.
        worker: u8,
        /// The task.
        task: TaskId,
    },
    /// The stashed dump leaves tasks out (C1, by design since 1.35).
    DumpIncomplete {
        /// The leader.
        worker: u8,
        /// How many tasks it leaves out.
        missing: u8,
    },
    /// A looping caller started a round.
    CallStarted {
        /// The caller.
        caller: u8,
        /// The round's requester.
        requester: u8,
        /// The round, from 1.
        round: u8,
    },
    /// A looping caller's round returned.
    CallReturned {
        /// The caller.
        caller: u8,
        /// The round's requester.
        requester: u8,
    },
    /// A looping caller gave up on its round (`[CallGiveUp]`).
    CallGaveUp {
        /// The caller.
        caller: u8,
        /// The abandoned requester, which runs on.
        requester: u8,
    },
    /// `[TimerFire]`: a timer task's timer fired on a worker.
    TimerFired {
        /// The task.
        task: TaskId,
        /// The worker whose driver fired it.
        worker: u8,
        /// What the Wake did.
        outcome: WakeOutcome,
    },
    /// A spawner's start condition held.
    SpawnerStarted {
        /// The spawner.
        spawner: u8,
    },
    /// `[SpawnBind]`: a spawner bound a task.
    SpawnBound {
        /// The spawner.
        spawner: u8,
        /// The task.
        task: TaskId,
        /// The runtime was closed, so the task was cancelled at once.
        cancelled: bool,
    },
    /// `[SpawnPush]`: a spawner pushed the handle in its hand.
    SpawnPushed {
        /// The spawner.
        spawner: u8,
        /// The task.
        task: TaskId,
        /// Whether the injection queue took it (false once closed).
        queued: bool,
    },
    /// `[WakePush]`: a thread outside the runtime woke a task.
    OutsideWoke {
        /// The task.
        task: TaskId,
        /// What the Wake did.
        outcome: WakeOutcome,
    },
    /// The dropper's start condition held.
    DropStarted,
    /// `[Close]`: the runtime closed and every worker was unparked.
    RuntimeClosed {
        /// The workers that were parked.
        parked: Set,
    },
    /// `[Join]` returned: every worker thread has stopped.
    RuntimeDropped,
    /// `[PreShutdown]` ran.
    PreShutdown {
        /// The worker.
        worker: u8,
        /// Idle tasks it cancelled (0 after the first worker).
        cancelled: u8,
    },
    /// `[ShutdownCore]`: a worker handed in its core and exited.
    CoreHandedIn {
        /// The worker.
        worker: u8,
        /// Whether it was the last, which empties the queues.
        last: bool,
    },
    /// A property broke in this step.
    PropertyBroken {
        /// The property.
        property: Property,
    },
}
