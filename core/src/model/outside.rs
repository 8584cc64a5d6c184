//! Actors outside the workers: spawners (PROTOCOL.md 8.5), outside wakers
//! and timers (9.3), and the dropper with the workers' shutdown path
//! (11.2; Tokio's `Handle::spawn`, the time driver, `Handle::shutdown`,
//! `pre_shutdown` and `shutdown_core`).

use super::task::WakeFrom;
use super::Model;
use crate::event::{Event, WakeOutcome};
use crate::state::{
    DropperPc, LockResume, RequesterPc, SpawnerPc, State, TaskId, TaskSt, WakerPc, WorkerPc,
};

impl Model {
    /// `[TimerFire t@w]`: Wake(t) from w's context, into w's LIFO slot; a
    /// parked w gets its token.
    pub(crate) fn timer_fire(
        &self,
        state: &mut State,
        task: TaskId,
        worker: usize,
        events: &mut Vec<Event>,
    ) {
        let outcome = self.wake_in_core(state, task, worker, false, events);
        if state.workers[worker].pc == WorkerPc::Parked {
            state.workers[worker].unpark_token = true;
        }
        events.push(Event::TimerFired {
            task,
            worker: worker as u8,
            outcome,
        });
    }

    /// One step of spawner `index` (8.5).
    pub(crate) fn spawner_step(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let id = index as u8;
        let spawner = state.spawners[index];
        let count = self.scenario.spawners[index].tasks.len() as u8;
        let task = self.spawner_first[index] + spawner.next;
        let next = match spawner.pc {
            SpawnerPc::SpawnWait => {
                events.push(Event::SpawnerStarted { spawner: id });
                SpawnerPc::SpawnBind
            }
            SpawnerPc::SpawnBind => {
                let task_state = &mut state.tasks[task as usize];
                task_state.exists = true;
                state.spawners[index].next += 1;
                if state.closed {
                    task_state.st = TaskSt::Complete;
                    task_state.owned = false;
                    events.push(Event::SpawnBound {
                        spawner: id,
                        task,
                        cancelled: true,
                    });
                    if spawner.next + 1 < count {
                        SpawnerPc::SpawnBind
                    } else {
                        SpawnerPc::SpawnDone
                    }
                } else {
                    task_state.owned = true;
                    task_state.bit = true;
                    state.spawners[index].hand = Some(task);
                    events.push(Event::SpawnBound {
                        spawner: id,
                        task,
                        cancelled: false,
                    });
                    SpawnerPc::SpawnPush
                }
            }
            SpawnerPc::SpawnPush => {
                let Some(task) = state.spawners[index].hand.take() else {
                    return;
                };
                // The handle leaves the hand for the queue: no new handle.
                let queued = if state.closed {
                    events.push(Event::HandleDropped { task });
                    false
                } else {
                    state.injection.push(task);
                    state.tasks[task as usize].outside_pending = true;
                    true
                };
                events.push(Event::SpawnPushed {
                    spawner: id,
                    task,
                    queued,
                });
                SpawnerPc::SpawnNotify
            }
            SpawnerPc::SpawnNotify => {
                self.notify_one(state, events);
                if spawner.next < count {
                    SpawnerPc::SpawnBind
                } else {
                    SpawnerPc::SpawnDone
                }
            }
            SpawnerPc::SpawnDone => SpawnerPc::SpawnDone,
        };
        state.spawners[index].pc = next;
    }

    /// One step of task `task`'s outside waker (9.3).
    pub(crate) fn outside_wake_step(
        &self,
        state: &mut State,
        task: TaskId,
        events: &mut Vec<Event>,
    ) {
        let next = match state.wakers[task as usize] {
            WakerPc::WakePush => {
                let outcome = self.wake(state, task, WakeFrom::Outside, events);
                events.push(Event::OutsideWoke { task, outcome });
                if matches!(outcome, WakeOutcome::Queued(_)) {
                    state.tasks[task as usize].outside_pending = true;
                    WakerPc::WakeNotify
                } else {
                    WakerPc::WakeDone
                }
            }
            WakerPc::WakeNotify => {
                self.notify_one(state, events);
                WakerPc::WakeDone
            }
            WakerPc::WakeDone => WakerPc::WakeDone,
        };
        state.wakers[task as usize] = next;
    }

    /// One step of the dropper (11.2).
    pub(crate) fn dropper_step(&self, state: &mut State, events: &mut Vec<Event>) {
        let Some(pc) = state.dropper else {
            return;
        };
        let next = match pc {
            DropperPc::DropWait => {
                events.push(Event::DropStarted);
                DropperPc::Close
            }
            DropperPc::Close => {
                state.closed = true;
                for requester in state.requesters.iter_mut() {
                    if !requester.pc.is_finished() && requester.pc != RequesterPc::NotStarted {
                        requester.overlaps_close = true;
                    }
                }
                let parked = self.physical_unpark_all(state);
                events.push(Event::RuntimeClosed { parked });
                DropperPc::Join
            }
            DropperPc::Join => {
                events.push(Event::RuntimeDropped);
                DropperPc::Joined
            }
            DropperPc::Joined => DropperPc::Joined,
        };
        state.dropper = Some(next);
    }

    /// `[PreShutdown]`: with the owned-tasks lock, the first worker closes
    /// the owned list and cancels every idle owned task; running or traced
    /// ones complete when their poll ends.
    pub(crate) fn pre_shutdown(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let id = index as u8;
        if state.owned_lock.is_some_and(|holder| holder != id) {
            state.workers[index].lock_resume = LockResume::PreShutdown;
            events.push(Event::LockWaiting { worker: id });
            return WorkerPc::OwnedLockWait;
        }
        let mut cancelled = 0u8;
        if !state.owned_closed {
            state.owned_closed = true;
            for task in state.tasks.iter_mut() {
                if !(task.exists && task.owned) {
                    continue;
                }
                match task.st {
                    TaskSt::Idle => {
                        task.st = TaskSt::Complete;
                        task.owned = false;
                        task.outside_pending = false;
                        cancelled += 1;
                    }
                    TaskSt::Running(_) | TaskSt::Traced(_) => task.cancelled = true,
                    TaskSt::Complete => {}
                }
            }
        }
        events.push(Event::PreShutdown {
            worker: id,
            cancelled,
        });
        WorkerPc::ShutdownCore
    }

    /// `[ShutdownCore]`: hand in the core, dropping its local handles; the
    /// last worker to do so empties the injection queue.
    pub(crate) fn shutdown_core(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let worker = &mut state.workers[index];
        worker.local.clear();
        worker.lifo = None;
        worker.is_searching = false;
        let last = state
            .workers
            .iter()
            .enumerate()
            .all(|(other, worker)| other == index || worker.pc.is_terminal());
        if last {
            state.injection.clear();
        }
        events.push(Event::CoreHandedIn {
            worker: index as u8,
            last,
        });
        WorkerPc::Exited
    }
}
