//! `trace_core`: the barriers and the leader's walk (PROTOCOL.md sections
//! 3.3, 9.4 and 10; Tokio's `worker/taskdump.rs`, `trace.rs`, the barrier
//! of `loom/std/barrier.rs` and `trace_multi_thread` / `trace_owned` in
//! `task/trace/mod.rs`).

use super::Model;
use crate::event::{Event, NotifyOutcome, TimeoutOutcome, TraceOutcome};
use crate::fixed::FixedVec;
use crate::scenario::TaskKind;
use crate::state::{
    BarrierId, Dump, DumpEntry, EntryKind, Location, LockResume, Set, State, TaskId, TaskSt,
    WorkerPc,
};
use crate::variant::NotifyRule;

impl Model {
    /// `[StartArrive]`: arrive at `trace_start`; the n-th arrival leads.
    pub(crate) fn start_arrive(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        if self.arrive(state, index, BarrierId::TraceStart, events) {
            WorkerPc::Gather
        } else {
            WorkerPc::StartWait
        }
    }

    /// `[StartWait]` once released: go on as a non-leader.
    pub(crate) fn start_wait(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        leave_barrier(state, index, BarrierId::TraceStart, events);
        self.after_start_as_follower()
    }

    fn after_start_as_follower(&self) -> WorkerPc {
        if self.variant.has_end_barrier() {
            WorkerPc::EndArrive
        } else {
            WorkerPc::Top
        }
    }

    /// A `trace_start` wait times out (section 2.1): the leaky barrier keeps
    /// the arrival counted, the fixed one takes it back.
    pub(crate) fn timeout(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
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

    /// `[Gather]` (Tokio: `steal_all`, then draining the injection queue):
    /// every queued handle into the tracelist, or dropped (`gathered:
    /// drop`). LIFO slots only under `tokio-1.51-lifo`.
    pub(crate) fn gather(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let mut taken: FixedVec<DumpEntry, { crate::scenario::MAX_TASKS }> = FixedVec::new();
        for owner in 0..state.workers.len() {
            let worker = &mut state.workers[owner];
            if self.switches.lifo_gathered {
                if let Some(task) = worker.lifo.take() {
                    taken.push(entry(task, Location::QueuedOn(owner as u8)));
                }
            }
            for task in worker.local.take_all() {
                taken.push(entry(task, Location::QueuedOn(owner as u8)));
            }
        }
        for task in state.injection.take_all() {
            taken.push(entry(task, Location::Injection));
        }
        let dropped = self.switches.drop_gathered;
        if !dropped {
            state.workers[index].tracelist = taken;
        }
        let mut fresh_for = Set::default();
        for (requester_index, requester) in state.requesters.iter().enumerate() {
            if requester.won && !requester.pc.is_finished() {
                fresh_for.insert(requester_index);
            }
        }
        events.push(Event::TasksGathered {
            worker: index as u8,
            count: taken.len() as u8,
        });
        if dropped && !taken.is_empty() {
            events.push(Event::GatheredDropped {
                worker: index as u8,
                count: taken.len() as u8,
            });
        }
        let leader = &mut state.workers[index];
        leader.tracing = Some(Dump {
            entries: FixedVec::new(),
            leader: index as u8,
            fresh_for,
            expected: 0,
        });
        leader.trace_cursor = 0;
        WorkerPc::Collect
    }

    /// `[Collect t]`: the first takes the owned-tasks lock; each applies
    /// the preset's `notify_for_tracing` rule to one owned task (9.4 4b).
    pub(crate) fn collect(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let id = index as u8;
        match state.owned_lock {
            Some(holder) if holder != id => {
                state.workers[index].lock_resume = LockResume::Collect;
                events.push(Event::LockWaiting { worker: id });
                return WorkerPc::OwnedLockWait;
            }
            Some(_) => {}
            None => {
                state.owned_lock = Some(id);
                let mut expected = 0u16;
                for (task, task_state) in state.tasks.iter().enumerate() {
                    if task_state.exists && task_state.owned {
                        expected |= 1 << task;
                    }
                }
                if let Some(dump) = state.workers[index].tracing.as_mut() {
                    dump.expected = expected;
                }
                events.push(Event::LockTaken { worker: id });
            }
        }
        let cursor = state.workers[index].trace_cursor as usize;
        let owned = |state: &State, from: usize| {
            (from..state.tasks.len())
                .find(|&task| state.tasks[task].exists && state.tasks[task].owned)
        };
        if let Some(task) = owned(state, cursor) {
            let task = task as TaskId;
            state.workers[index].trace_cursor = task + 1;
            self.collect_one(state, index, task, events);
            if state.bound.is_some() {
                return WorkerPc::Collect;
            }
            if owned(state, task as usize + 1).is_some() {
                return WorkerPc::Collect;
            }
        }
        if self.switches.poll_under_lock {
            self.next_trace_poll(state, index)
        } else {
            WorkerPc::Unlock
        }
    }

    fn collect_one(&self, state: &mut State, index: usize, task: TaskId, events: &mut Vec<Event>) {
        let task_state = state.tasks[task as usize];
        let gathered = state.workers[index]
            .tracelist
            .iter()
            .any(|e| e.task == task);
        let skip = match self.switches.notify_rule {
            NotifyRule::Always => None,
            NotifyRule::SkipNotified => task_state.bit.then_some(()),
            NotifyRule::SkipNotifiedOrBusy => {
                (task_state.bit || task_state.st != TaskSt::Idle).then_some(())
            }
        };
        let location = state.locate(task).unwrap_or(Location::Idle);
        if skip.is_some() {
            if !gathered {
                if let Some(dump) = state.workers[index].tracing.as_mut() {
                    let _ = dump.entries.try_push(DumpEntry {
                        task,
                        location,
                        kind: EntryKind::Missing,
                    });
                }
            }
            events.push(Event::Collected {
                worker: index as u8,
                task,
                skipped: Some(if gathered {
                    Location::HeldBy(index as u8)
                } else {
                    location
                }),
            });
            return;
        }
        if !self.room_for_handle(state, task, events) {
            return;
        }
        state.tasks[task as usize].bit = true;
        let _ = state.workers[index]
            .tracelist
            .try_push(entry(task, location));
        events.push(Event::Collected {
            worker: index as u8,
            task,
            skipped: None,
        });
    }

    /// Where the walk goes after its collects or a trace poll.
    fn next_trace_poll(&self, state: &State, index: usize) -> WorkerPc {
        let leader = &state.workers[index];
        if !leader.tracelist.is_empty() {
            WorkerPc::TracePoll
        } else if state.owned_lock == Some(index as u8) {
            WorkerPc::Unlock
        } else {
            WorkerPc::Stash
        }
    }

    /// `[Unlock]`: release the owned-tasks lock (9.4 4c).
    pub(crate) fn unlock(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        if state.owned_lock == Some(index as u8) {
            state.owned_lock = None;
            events.push(Event::LockReleased {
                worker: index as u8,
            });
        }
        self.next_trace_poll(state, index)
    }

    /// `[TracePoll h]`: Run the next collected handle in trace mode, record
    /// its entry, EndPoll, and owe the task a wake (9.4 4d, section 10).
    pub(crate) fn trace_poll(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let id = index as u8;
        if state.workers[index].tracelist.is_empty() {
            return self.next_trace_poll(state, index);
        }
        let handle = state.workers[index].tracelist.remove(0);
        let task = handle.task;
        match self.run(state, index, task, true) {
            super::task::RunResult::Panicked => {
                events.push(Event::Panicked { worker: id, task });
                return WorkerPc::Panicked;
            }
            super::task::RunResult::Failed => {
                let location = match state.tasks[task as usize].st {
                    TaskSt::Running(worker) | TaskSt::Traced(worker) => Location::RunningOn(worker),
                    _ => Location::Complete,
                };
                self.record(state, index, task, location, EntryKind::EmptyTrace);
                events.push(Event::TracePolled {
                    worker: id,
                    task,
                    outcome: TraceOutcome::EmptyTrace,
                    location,
                });
                return self.next_trace_poll(state, index);
            }
            super::task::RunResult::Ran => {}
        }
        let location = match handle.location {
            Location::RunningOn(_) | Location::Complete | Location::HeldBy(_) => Location::Idle,
            other => other,
        };
        self.record(state, index, task, location, EntryKind::Traced);
        match self.tasks[task as usize].kind {
            TaskKind::CompletesWhenTraced => {
                events.push(Event::TracePolled {
                    worker: id,
                    task,
                    outcome: TraceOutcome::Completed,
                    location,
                });
                state.tasks[task as usize].st = TaskSt::Complete;
                state.workers[index].running = Some(task);
                if state.owned_lock.is_some() {
                    state.workers[index].lock_resume = LockResume::TraceComplete;
                    events.push(Event::LockWaiting { worker: id });
                    return WorkerPc::OwnedLockWait;
                }
                return self.trace_completion_done(state, index);
            }
            TaskKind::WakesSelfWhenTraced => {
                state.tasks[task as usize].bit = true;
                events.push(Event::TracePolled {
                    worker: id,
                    task,
                    outcome: TraceOutcome::WokeSelf,
                    location,
                });
            }
            _ => {
                events.push(Event::TracePolled {
                    worker: id,
                    task,
                    outcome: TraceOutcome::Traced,
                    location,
                });
            }
        }
        self.end_poll_pending(state, index, task, true, events);
        let leader = &mut state.workers[index];
        if !leader.owed.contains(&task) {
            leader.owed.push(task);
        }
        if self.switches.poll_under_lock {
            leader.running = Some(task);
            return WorkerPc::Reschedule;
        }
        self.next_trace_poll(state, index)
    }

    /// A traced task completed and has left the owned list.
    fn trace_completion_done(&self, state: &mut State, index: usize) -> WorkerPc {
        if let Some(task) = state.workers[index].running.take() {
            state.tasks[task as usize].owned = false;
        }
        self.next_trace_poll(state, index)
    }

    fn record(
        &self,
        state: &mut State,
        index: usize,
        task: TaskId,
        location: Location,
        kind: EntryKind,
    ) {
        if let Some(dump) = state.workers[index].tracing.as_mut() {
            let _ = dump.entries.try_push(DumpEntry {
                task,
                location,
                kind,
            });
        }
    }

    /// `[Reschedule t]` (`tokio-1.29` only, 9.4 4e): set the bit whatever it
    /// was, push a handle on the injection queue, NotifyOne.
    pub(crate) fn reschedule(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        if let Some(task) = state.workers[index].running.take() {
            state.tasks[task as usize].bit = true;
            let queued = self.push_injection(state, task, events);
            events.push(Event::Rescheduled {
                worker: index as u8,
                task,
            });
            if queued {
                self.notify_one(state, events);
            }
        }
        self.next_trace_poll(state, index)
    }

    /// `[OwnedLockWait]` once the lock is free: go on with what waited.
    pub(crate) fn owned_lock_acquired(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let resume = std::mem::take(&mut state.workers[index].lock_resume);
        events.push(Event::LockFree {
            worker: index as u8,
        });
        match resume {
            LockResume::Collect | LockResume::None => WorkerPc::Collect,
            LockResume::TraceComplete => self.trace_completion_done(state, index),
            LockResume::PollComplete => {
                if let Some(task) = state.workers[index].running {
                    state.tasks[task as usize].owned = false;
                }
                self.after_poll(state, index, events)
            }
            LockResume::PreShutdown => WorkerPc::PreShutdown,
        }
    }

    /// `[Stash]`: settle which tasks the dump leaves out (C1), then put it
    /// in `trace_result`, replacing whatever was there.
    pub(crate) fn stash(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let mut dump = state.workers[index].tracing.take().unwrap_or_default();
        let listed: u16 = dump.listed().fold(0, |mask, entry| mask | 1 << entry.task);
        let tasks = &state.tasks;
        dump.entries.retain(|entry| {
            entry.kind != EntryKind::Missing
                || (dump.expected & (1 << entry.task) != 0
                    && listed & (1 << entry.task) == 0
                    && tasks[entry.task as usize].st != TaskSt::Complete)
        });
        events.push(Event::TraceFinished {
            worker: index as u8,
            tasks: dump.listed_count(),
            corrupt: dump.is_corrupt(),
        });
        let missing = dump.missing().count() as u8;
        let replaced = state.trace_result.replace(dump).is_some();
        events.push(Event::Stashed {
            worker: index as u8,
            replaced,
        });
        if missing > 0 {
            events.push(Event::DumpIncomplete {
                worker: index as u8,
                missing,
            });
        }
        WorkerPc::NotifyResult
    }

    /// `[NotifyResult]`: `result_ready.notify_one()` (or `notify_waiters()`).
    pub(crate) fn notify_result(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let outcome = if self.variant.notify_one() {
            notify_one_result(state)
        } else {
            notify_waiters(state)
        };
        events.push(Event::ResultNotified {
            worker: index as u8,
            outcome,
        });
        if self.variant.has_end_barrier() {
            WorkerPc::EndArrive
        } else {
            WorkerPc::Top
        }
    }

    /// `[EndArrive]`: arrive at `trace_end`.
    pub(crate) fn end_arrive(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        if self.arrive(state, index, BarrierId::TraceEnd, events) {
            WorkerPc::Top
        } else {
            WorkerPc::EndWait
        }
    }

    /// `[EndWait]` once released: back to the scheduler loop.
    pub(crate) fn end_wait(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        leave_barrier(state, index, BarrierId::TraceEnd, events);
        WorkerPc::Top
    }
}

/// A released waiter leaves `barrier`.
fn leave_barrier(state: &mut State, index: usize, barrier: BarrierId, events: &mut Vec<Event>) {
    state.workers[index].released = false;
    events.push(Event::BarrierLeft {
        worker: index as u8,
        barrier,
    });
}

fn entry(task: TaskId, location: Location) -> DumpEntry {
    DumpEntry {
        task,
        location,
        kind: EntryKind::Traced,
    }
}

/// `notify_one()` on `result_ready`: wakes the first waiter, or stores the
/// permit.
pub(crate) fn notify_one_result(state: &mut State) -> NotifyOutcome {
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
