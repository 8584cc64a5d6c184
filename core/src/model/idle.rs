//! Parking and the scheduler's shared `Idle` record (PROTOCOL.md section 8;
//! Tokio's `multi_thread/idle.rs` and the park path of `worker.rs`).
//!
//! Two kinds of unpark: the physical one (`notify_all`, a worker's token)
//! leaves `Idle` alone; the logical one (NotifyOne) takes the newest
//! sleeper off the list and counts it unparked and searching. A worker
//! that a physical unpark woke while it is still listed is logically
//! parked and physically awake: the defect of PR 8372 lives there.

use super::Model;
use crate::event::{Event, FromParkedRule};
use crate::state::{Bound, Set, State, WorkerPc};

impl Model {
    /// NotifyOne (Tokio's `Idle::worker_to_notify`, then an unpark of the
    /// chosen worker), atomic in the model (section 8.2).
    pub(crate) fn notify_one(&self, state: &mut State, events: &mut Vec<Event>) {
        let n = self.workers as i8;
        let idle = &mut state.idle;
        let searching_ok = !self.searching || idle.num_searching == 0;
        let counted_ok = idle.num_unparked >= 0 && idle.num_unparked < n;
        if !(searching_ok && counted_ok) || idle.sleepers.is_empty() {
            events.push(Event::NotifiedOne {
                woke: None,
                searching: idle.num_searching,
                unparked: idle.num_unparked,
            });
            return;
        }
        let last = idle.sleepers.len() - 1;
        let sleeper = idle.sleepers.remove(last);
        idle.num_unparked += 1;
        if self.searching {
            idle.num_searching += 1;
        }
        state.workers[sleeper as usize].unpark_token = true;
        events.push(Event::NotifiedOne {
            woke: Some(sleeper),
            searching: state.idle.num_searching,
            unparked: state.idle.num_unparked,
        });
    }

    /// `notify_all()`: a physical unpark of every worker; `Idle` is not
    /// touched (section 8.2). Returns the workers that were parked.
    pub(crate) fn physical_unpark_all(&self, state: &mut State) -> Set {
        let mut parked = Set::default();
        for (index, worker) in state.workers.iter_mut().enumerate() {
            if worker.pc == WorkerPc::Parked && !worker.unpark_token {
                parked.insert(index);
            }
            worker.unpark_token = true;
        }
        parked
    }

    /// Delivers the wakes a leader owes after its walk (9.4 4d): a Wake of
    /// each from its own context, with no NotifyOne, last traced first.
    ///
    /// The order is Tokio's, not PROTOCOL.md's "in order": the leader's
    /// deferred wakers live in `Defer` (`runtime/scheduler/defer.rs`),
    /// whose `wake` pops them from the back, so the task traced first is
    /// woken last and is the one left in the LIFO slot. (`Defer` drops only
    /// a repeat of the last waker; the model keeps one wake per task, which
    /// differs only where a task was traced twice, and a second wake of a
    /// task already notified changes nothing.)
    pub(crate) fn deliver_owed(&self, state: &mut State, index: usize, events: &mut Vec<Event>) {
        let owed = state.workers[index].owed.take_all();
        if owed.is_empty() {
            return;
        }
        for &task in owed.iter().rev() {
            self.wake_in_core(state, task, index, false, events);
        }
        events.push(Event::OwedDelivered {
            worker: index as u8,
            count: owed.len() as u8,
        });
    }

    /// `[ParkCheck]` (Tokio: `transition_to_parked`, section 8.3 step 4).
    pub(crate) fn park_check(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let id = index as u8;
        let worker = &state.workers[index];
        if worker.has_local_tasks() || worker.is_traced {
            events.push(Event::ParkSkipped {
                worker: id,
                traced: worker.is_traced,
            });
            return WorkerPc::Top;
        }
        if !worker.owed.is_empty() {
            self.deliver_owed(state, index, events);
            return WorkerPc::Top;
        }
        let copies = state.idle.sleepers.iter().filter(|&&s| s == id).count();
        if copies >= 2 {
            self.hit_bound(state, Bound::IdleBookkeeping, events);
            return WorkerPc::ParkCheck;
        }
        let was_searching = state.workers[index].is_searching;
        let idle = &mut state.idle;
        idle.num_unparked -= 1;
        let mut last_searcher = false;
        if was_searching {
            idle.num_searching = idle.num_searching.saturating_sub(1);
            last_searcher = idle.num_searching == 0;
        }
        idle.sleepers.push(id);
        state.workers[index].is_searching = false;
        events.push(Event::Parked { worker: id });
        if state.workers[index].is_shutdown {
            // The park loop's condition tests `is_shutdown` before the
            // first park: the worker goes on to exit, still listed.
            return WorkerPc::Top;
        }
        if last_searcher || !self.searching {
            WorkerPc::LastSearcherCheck
        } else {
            WorkerPc::Parked
        }
    }

    /// `[LastSearcherCheck]` (Tokio: `notify_if_work_pending`, 8.3 step 4a).
    pub(crate) fn last_searcher_check(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let lifo_counts = self.switches.lifo_gathered;
        let pending = !state.injection.is_empty()
            || state
                .workers
                .iter()
                .any(|worker| !worker.local.is_empty() || (lifo_counts && worker.lifo.is_some()));
        events.push(Event::WorkPendingChecked {
            worker: index as u8,
            pending,
        });
        if pending {
            self.notify_one(state, events);
        }
        WorkerPc::Parked
    }

    /// `[ParkMaintenance]`: consume nothing more, read `is_shutdown` and
    /// `is_traced`, each only if not already set (8.3 step 6).
    pub(crate) fn park_maintenance(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let flag = state.trace_requested;
        let closed = state.closed;
        let worker = &mut state.workers[index];
        worker.is_shutdown |= closed;
        worker.is_traced |= flag;
        events.push(Event::FlagLoaded {
            worker: index as u8,
            value: flag,
            is_traced: worker.is_traced,
        });
        WorkerPc::FromParked
    }

    /// `[FromParked]` (Tokio: `transition_from_parked` and the park loop's
    /// condition, 8.3 step 7).
    pub(crate) fn leave_park(
        &self,
        state: &mut State,
        index: usize,
        events: &mut Vec<Event>,
    ) -> WorkerPc {
        let id = index as u8;
        let worker = state.workers[index];
        let listed = state.is_sleeper(index);
        let rule_a = worker.has_local_tasks() || (self.switches.logical_unpark && worker.is_traced);
        if rule_a {
            if listed {
                remove_sleeper(state, id);
                state.idle.num_unparked += 1;
                state.workers[index].is_searching = false;
            } else if self.searching {
                state.workers[index].is_searching = true;
            }
            events.push(Event::LeftPark {
                worker: id,
                rule: FromParkedRule::Unparked,
                still_listed: false,
            });
            return WorkerPc::Top;
        }
        if listed {
            if worker.is_shutdown || worker.is_traced {
                events.push(Event::LeftPark {
                    worker: id,
                    rule: FromParkedRule::StillListed,
                    still_listed: true,
                });
                return WorkerPc::Top;
            }
            events.push(Event::Reparked { worker: id });
            return WorkerPc::Parked;
        }
        if self.searching {
            state.workers[index].is_searching = true;
        }
        events.push(Event::LeftPark {
            worker: id,
            rule: FromParkedRule::Notified,
            still_listed: false,
        });
        WorkerPc::Top
    }
}

/// Removes the first occurrence of `id` from `sleepers`, moving the last
/// entry into its slot (Tokio's `swap_remove`).
fn remove_sleeper(state: &mut State, id: u8) {
    let sleepers = &mut state.idle.sleepers;
    if let Some(position) = sleepers.iter().position(|&s| s == id) {
        let last = sleepers.len() - 1;
        let moved = sleepers[last];
        sleepers.remove(last);
        if position != last {
            sleepers[position] = moved;
        }
    }
}
