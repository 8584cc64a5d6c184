//! A task's NOTIFIED bit and its handles: the sub-operations Run, EndPoll
//! and Wake of PROTOCOL.md section 9.2 (Tokio's `task/state.rs`, then
//! `schedule_task`). A sub-operation is always part of the step that calls
//! it, never a step of its own.

use super::Model;
use crate::event::{Event, WakeOutcome};
use crate::state::{Bound, Location, State, TaskId, TaskSt};

/// The most handles one task may have before the path ends in a bound
/// state (section 9.1).
pub const MAX_HANDLES: usize = 3;

/// What Run found (`transition_to_running`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunResult {
    /// The bit was clear: the thread panics (S7).
    Panicked,
    /// The task is running, traced elsewhere or complete: the handle is
    /// dropped without a poll.
    Failed,
    /// The poll starts; the bit is now clear.
    Ran,
}

/// Where a Wake comes from (section 9.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WakeFrom {
    /// A worker whose core is in its context; `polling` when it is inside
    /// a poll (then a pushed-out LIFO handle is followed by NotifyOne).
    Core { worker: u8, polling: bool },
    /// Anything else: an outside thread, or a worker inside `trace_core`.
    Outside,
}

impl Model {
    /// Whether one more handle of `task` fits under the cap; if not, the
    /// path ends in a bound state.
    pub(crate) fn room_for_handle(
        &self,
        state: &mut State,
        task: TaskId,
        events: &mut Vec<Event>,
    ) -> bool {
        if state.handles(task) >= MAX_HANDLES {
            self.hit_bound(state, Bound::Handles, events);
            false
        } else {
            true
        }
    }

    /// Run(h) by `worker`: `traced` for a leader's trace-mode poll.
    pub(crate) fn run(
        &self,
        state: &mut State,
        worker: usize,
        task: TaskId,
        traced: bool,
    ) -> RunResult {
        let task_state = &mut state.tasks[task as usize];
        if !task_state.bit {
            return RunResult::Panicked;
        }
        if task_state.st != TaskSt::Idle {
            return RunResult::Failed;
        }
        task_state.bit = false;
        task_state.st = if traced {
            TaskSt::Traced(worker as u8)
        } else {
            task_state.outside_pending = false;
            TaskSt::Running(worker as u8)
        };
        RunResult::Ran
    }

    /// Pushes a handle of `task` on the injection queue; after the
    /// runtime's close the closed queue drops it. Returns whether it was
    /// queued.
    pub(crate) fn push_injection(
        &self,
        state: &mut State,
        task: TaskId,
        events: &mut Vec<Event>,
    ) -> bool {
        if state.closed {
            events.push(Event::HandleDropped { task });
            return false;
        }
        if !self.room_for_handle(state, task, events) {
            return false;
        }
        state.injection.push(task);
        true
    }

    /// Wake(t) from `from` (section 9.2). Returns what it did; a Wake from
    /// outside that queued a handle leaves its NotifyOne to the caller,
    /// which may make it a step of its own (`[WakeNotify]`).
    pub(crate) fn wake(
        &self,
        state: &mut State,
        task: TaskId,
        from: WakeFrom,
        events: &mut Vec<Event>,
    ) -> WakeOutcome {
        let task_state = state.tasks[task as usize];
        if !task_state.exists || task_state.st == TaskSt::Complete || task_state.bit {
            return WakeOutcome::Nothing;
        }
        if matches!(task_state.st, TaskSt::Running(_) | TaskSt::Traced(_)) {
            state.tasks[task as usize].bit = true;
            return WakeOutcome::BitSet;
        }
        match from {
            WakeFrom::Core { worker, polling } => {
                if !self.room_for_handle(state, task, events) {
                    return WakeOutcome::Nothing;
                }
                state.tasks[task as usize].bit = true;
                let lifo_gathered = self.switches.lifo_gathered;
                let slot = &mut state.workers[worker as usize];
                let pushed_out = slot.lifo.replace(task);
                if let Some(old) = pushed_out {
                    slot.local.push(old);
                }
                if polling && (pushed_out.is_some() || lifo_gathered) {
                    self.notify_one(state, events);
                }
                WakeOutcome::Queued(Location::Lifo(worker))
            }
            WakeFrom::Outside => {
                state.tasks[task as usize].bit = true;
                if self.push_injection(state, task, events) {
                    WakeOutcome::Queued(Location::Injection)
                } else {
                    WakeOutcome::BitSet
                }
            }
        }
    }

    /// Wake(t) from worker `worker`'s own context (during a poll, a driver
    /// turn in maintenance, or while parked): into its LIFO slot.
    pub(crate) fn wake_in_core(
        &self,
        state: &mut State,
        task: TaskId,
        worker: usize,
        polling: bool,
        events: &mut Vec<Event>,
    ) -> WakeOutcome {
        self.wake(
            state,
            task,
            WakeFrom::Core {
                worker: worker as u8,
                polling,
            },
            events,
        )
    }

    /// EndPoll for a poll that returned Pending (`transition_to_idle`): the
    /// task is idle again, and if its bit was set during the poll the
    /// poller queues one new handle. A worker puts it at the back of its
    /// own run queue; a leader inside `trace_core` on the injection queue.
    /// Either way NotifyOne follows.
    pub(crate) fn end_poll_pending(
        &self,
        state: &mut State,
        worker: usize,
        task: TaskId,
        leader: bool,
        events: &mut Vec<Event>,
    ) {
        let task_state = &mut state.tasks[task as usize];
        task_state.st = TaskSt::Idle;
        if !task_state.bit {
            return;
        }
        if leader {
            if self.push_injection(state, task, events) {
                events.push(Event::Requeued {
                    task,
                    place: Location::Injection,
                });
                self.notify_one(state, events);
            }
        } else if self.room_for_handle(state, task, events) {
            state.workers[worker].local.push(task);
            events.push(Event::Requeued {
                task,
                place: Location::QueuedOn(worker as u8),
            });
            self.notify_one(state, events);
        }
    }
}
