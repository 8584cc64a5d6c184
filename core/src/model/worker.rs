//! The worker's scheduler loop (PROTOCOL.md sections 3.2, 8.3 steps 1-3a
//! and 9.2; Tokio's `Context::run`, `Core::maintenance`, `next_task`,
//! `steal_work` and `run_task` in `multi_thread/worker.rs`).

use super::task::RunResult;
use super::Model;
use crate::event::{Event, PollOutcome, Source};
use crate::scenario::{Ends, TaskKind};
use crate::state::{LockResume, State, TaskId, TaskSt, WorkerPc};

impl Model {
    /// One step of worker `index`, whatever its program counter.
    pub(crate) fn worker_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let id = index as u8;
        let pc = state.workers[index].pc;
        let next = match pc {
            WorkerPc::Top => self.top(state, index, events),
            WorkerPc::Maintenance => self.maintenance(state, index, events),
            WorkerPc::Next => self.next_task(state, index, events),
            WorkerPc::Search => self.search(state, index, events),
            WorkerPc::PollBegin => self.poll_begin(state, index, events),
            WorkerPc::PollEnd => self.poll_end(state, index, events),
            WorkerPc::ParkCheck => self.park_check(state, index, events),
            WorkerPc::LastSearcherCheck => self.last_searcher_check(state, index, events),
            WorkerPc::Parked => {
                state.workers[index].unpark_token = false;
                events.push(Event::Unparked { worker: id });
                WorkerPc::ParkMaintenance
            }
            WorkerPc::ParkMaintenance => self.park_maintenance(state, index, events),
            WorkerPc::FromParked => self.leave_park(state, index, events),
            WorkerPc::TraceBegin => {
                state.workers[index].is_traced = false;
                events.push(Event::TraceCoreEntered { worker: id });
                WorkerPc::StartArrive
            }
            WorkerPc::StartArrive => self.start_arrive(state, index, events),
            WorkerPc::StartWait => self.start_wait(state, index, events),
            WorkerPc::Gather => self.gather(state, index, events),
            WorkerPc::Collect => self.collect(state, index, events),
            WorkerPc::Unlock => self.unlock(state, index, events),
            WorkerPc::TracePoll => self.trace_poll(state, index, events),
            WorkerPc::Reschedule => self.reschedule(state, index, events),
            WorkerPc::OwnedLockWait => self.owned_lock_acquired(state, index, events),
            WorkerPc::Stash => self.stash(state, index, events),
            WorkerPc::NotifyResult => self.notify_result(state, index, events),
            WorkerPc::EndArrive => self.end_arrive(state, index, events),
            WorkerPc::EndWait => self.end_wait(state, index, events),
            WorkerPc::PreShutdown => self.pre_shutdown(state, index, events),
            WorkerPc::ShutdownCore => self.shutdown_core(state, index, events),
            WorkerPc::Exited | WorkerPc::Panicked => pc,
        };
        state.workers[index].pc = next;
    }

    /// `[Top]`: shutdown first, then a trace, then the tick.
    fn top(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let id = index as u8;
        let worker = &mut state.workers[index];
        if worker.is_shutdown {
            events.push(Event::ShutdownSeen { worker: id });
            return WorkerPc::PreShutdown;
        }
        if worker.is_traced {
            events.push(Event::TraceCoreCalled { worker: id });
            return WorkerPc::TraceBegin;
        }
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

    /// `[Maintenance]`: the driver turn (timers fire as steps of their own
    /// while the worker is here), owed wakes, then `closed` and the flag.
    fn maintenance(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        self.deliver_owed(state, index, events);
        let flag = state.trace_requested;
        let closed = state.closed;
        let checks = self.variant.maintenance_checks_flag();
        let worker = &mut state.workers[index];
        worker.is_shutdown |= closed;
        if checks && !worker.is_traced {
            worker.is_traced = flag;
            events.push(Event::FlagLoaded {
                worker: index as u8,
                value: flag,
                is_traced: worker.is_traced,
            });
        } else {
            events.push(Event::MaintenanceSkipped {
                worker: index as u8,
            });
        }
        WorkerPc::Next
    }

    /// `[Next]`: the LIFO slot, the run queue, then the injection queue.
    fn next_task(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let id = index as u8;
        let worker = &mut state.workers[index];
        let found = if let Some(task) = worker.lifo.take() {
            Some((task, Source::Lifo))
        } else if !worker.local.is_empty() {
            Some((worker.local.remove(0), Source::Local))
        } else if !state.injection.is_empty() {
            Some((state.injection.remove(0), Source::Injection))
        } else {
            None
        };
        match found {
            Some((task, source)) => {
                state.workers[index].running = Some(task);
                events.push(Event::TaskPopped {
                    worker: id,
                    task,
                    source,
                });
                WorkerPc::PollBegin
            }
            None => {
                events.push(Event::NoTask { worker: id });
                WorkerPc::Search
            }
        }
    }

    /// `[Search]`: become a searcher if fewer than half the workers search,
    /// then steal one task from a sibling or the injection queue (8.3 3a).
    fn search(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let id = index as u8;
        if self.searching && !state.workers[index].is_searching {
            let allowed = 2 * state.idle.num_searching < self.workers;
            events.push(Event::SearchStarted {
                worker: id,
                allowed,
            });
            if !allowed {
                return WorkerPc::ParkCheck;
            }
            state.idle.num_searching += 1;
            state.workers[index].is_searching = true;
        }
        let n = self.worker_count();
        for offset in 1..n {
            let victim = (index + offset) % n;
            let sibling = &mut state.workers[victim];
            let stolen = if !sibling.local.is_empty() {
                Some(sibling.local.remove(0))
            } else if self.switches.lifo_gathered {
                sibling.lifo.take()
            } else {
                None
            };
            if let Some(task) = stolen {
                state.workers[index].running = Some(task);
                events.push(Event::TaskPopped {
                    worker: id,
                    task,
                    source: Source::Stolen {
                        victim: victim as u8,
                        count: 1,
                    },
                });
                return WorkerPc::PollBegin;
            }
        }
        if !state.injection.is_empty() {
            let task = state.injection.remove(0);
            state.workers[index].running = Some(task);
            events.push(Event::TaskPopped {
                worker: id,
                task,
                source: Source::Injection,
            });
            return WorkerPc::PollBegin;
        }
        events.push(Event::NothingToSteal { worker: id });
        WorkerPc::ParkCheck
    }

    /// `[PollBegin]`: stop searching (the last searcher wakes another),
    /// then Run the handle in hand (9.2).
    fn poll_begin(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let id = index as u8;
        if state.workers[index].is_searching {
            state.workers[index].is_searching = false;
            state.idle.num_searching = state.idle.num_searching.saturating_sub(1);
            if state.idle.num_searching == 0 {
                self.notify_one(state, events);
            }
        }
        let Some(task) = state.workers[index].running else {
            return WorkerPc::Top;
        };
        match self.run(state, index, task, false) {
            RunResult::Panicked => {
                state.workers[index].running = None;
                events.push(Event::Panicked { worker: id, task });
                WorkerPc::Panicked
            }
            RunResult::Failed => {
                state.workers[index].running = None;
                events.push(Event::PollFailed { worker: id, task });
                WorkerPc::Top
            }
            RunResult::Ran => {
                events.push(Event::PollStarted { worker: id, task });
                let info = self.tasks[task as usize];
                if let (TaskKind::Blocking { .. }, Some(target)) = (info.kind, info.wakes) {
                    if !state.tasks[task as usize].ended_pending {
                        self.wake_from_poll(state, index, target, events);
                    }
                }
                WorkerPc::PollEnd
            }
        }
    }

    /// A Wake of `target` from worker `index`'s context during a poll.
    fn wake_from_poll(
        &self,
        state: &mut State,
        index: usize,
        target: TaskId,
        events: &mut Vec<Event>,
    ) {
        let outcome = self.wake_in_core(state, target, index, true, events);
        events.push(Event::TaskWoken {
            task: target,
            by: index as u8,
            outcome,
        });
    }

    /// `[PollEnd]`: the task's poll body, then EndPoll and the LIFO chain.
    /// A blocking poll stays here for its steps.
    fn poll_end(&self, state: &mut State, index: usize, events: &mut Vec<Event>) -> WorkerPc {
        let id = index as u8;
        let Some(task) = state.workers[index].running else {
            return WorkerPc::Top;
        };
        let info = self.tasks[task as usize];
        let ended_pending = state.tasks[task as usize].ended_pending;
        let cancelled = state.tasks[task as usize].cancelled;
        let outcome = match info.kind {
            TaskKind::Busy { .. } => {
                if let Some(target) = info.wakes {
                    self.wake_from_poll(state, index, target, events);
                }
                let task_state = &mut state.tasks[task as usize];
                task_state.left = task_state.left.saturating_sub(1);
                if task_state.left == 0 {
                    PollOutcome::Completed
                } else {
                    // The task wakes itself and returns Pending.
                    task_state.bit = true;
                    PollOutcome::Yielded
                }
            }
            TaskKind::CompletesWhenTraced => {
                state.tasks[task as usize].bit = true;
                PollOutcome::Yielded
            }
            TaskKind::Blocking { steps } if !ended_pending => {
                let task_state = &mut state.tasks[task as usize];
                let finished = match steps {
                    Some(_) => {
                        task_state.left = task_state.left.saturating_sub(1);
                        task_state.left == 0
                    }
                    None => task_state.released,
                };
                if !finished {
                    PollOutcome::StillBlocking
                } else if info.ends == Ends::Pending {
                    task_state.ended_pending = true;
                    PollOutcome::Pending
                } else {
                    PollOutcome::Completed
                }
            }
            _ => PollOutcome::Pending,
        };
        let outcome = if cancelled && outcome != PollOutcome::StillBlocking {
            PollOutcome::Completed
        } else {
            outcome
        };
        events.push(Event::TaskPolled {
            worker: id,
            task,
            outcome,
        });
        match outcome {
            PollOutcome::StillBlocking => return WorkerPc::PollEnd,
            PollOutcome::Completed => {
                state.tasks[task as usize].st = TaskSt::Complete;
                state.tasks[task as usize].outside_pending = false;
                if state.owned_lock.is_some() {
                    // Leaving the owned list needs the lock a leader holds.
                    state.workers[index].lock_resume = LockResume::PollComplete;
                    events.push(Event::LockWaiting { worker: id });
                    return WorkerPc::OwnedLockWait;
                }
                state.tasks[task as usize].owned = false;
            }
            PollOutcome::Yielded | PollOutcome::Pending => {
                self.end_poll_pending(state, index, task, false, events);
            }
        }
        self.after_poll(state, index, events)
    }

    /// After a poll: run the LIFO slot at once (the LIFO chain, 9.2), or go
    /// back to `[Top]`.
    pub(crate) fn after_poll(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let worker = &mut state.workers[index];
        worker.running = None;
        match worker.lifo.take() {
            Some(task) => {
                worker.running = Some(task);
                events.push(Event::TaskPopped {
                    worker: index as u8,
                    task,
                    source: Source::Lifo,
                });
                WorkerPc::PollBegin
            }
            None => WorkerPc::Top,
        }
    }
}
