//! Typed events: what one step changed, for the page to animate and narrate.
//!
//! Events are small `Copy` values so the step function can emit them on the
//! hot path without allocating. [`Event::narrate`] turns one into a plain
//! sentence.

use crate::property::Property;
use crate::state::{BarrierId, Location, Set, TaskId};
use serde::{Deserialize, Serialize};

/// Where `[Next]` found a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum Source {
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
    /// Timed out and left the arrival counted (Tokio 1.48).
    Leaked,
    /// The barrier had completed: reported as timed out anyway (Tokio 1.48),
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
    /// A property broke in this step.
    PropertyBroken {
        /// The property.
        property: Property,
    },
}
