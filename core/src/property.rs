//! The properties of PROTOCOL.md sections 6 and 13, evaluated on a single
//! state.
//!
//! Safety properties (S1 to S8, S7a) and the informational C1 are
//! predicates on one state: the run reports the step that first breaks one,
//! and the checker returns the shortest path to a state that breaks one.
//! Liveness (L1 to L4, the documented L1-shutdown) and deadlock need the
//! whole graph and live in the checker; the animator reports a run that can
//! no longer move.

use crate::model::{in_walk, Model};
use crate::state::{Location, RequesterPc, State, TaskSt, WorkerPc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A property of the protocol. In JSON (reports, casebooks, trace files)
/// a property is its code ([`Property::code`]: `S1`, `S7a`, `L1-shutdown`,
/// `deadlock`), as everywhere else; reading also takes the earlier
/// spellings `L1Shutdown` and `Deadlock`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Property {
    /// S1: while a leader walks, no other worker polls a task.
    S1,
    /// S2: at most one worker is between `[Gather]` and `[Stash]`.
    S2,
    /// S3: every dump returned was traced after its requester's CAS won.
    S3,
    /// S4: no task that exists and has not completed is left unable ever
    /// to be polled again.
    S4,
    /// S5: once every requester is finished, the flag is down.
    S5,
    /// S6: the idle bookkeeping is consistent (section 13).
    S6,
    /// S7: every Run finds the task's bit set (no `is_notified` panic).
    S7,
    /// S7a: no task has more than one handle at a time.
    S7a,
    /// S8: no thread waits for the owned-tasks lock it holds itself.
    S8,
    /// C1: every dump lists every task it should (informational; Tokio
    /// gives it up by design from 1.35).
    C1,
    /// L1: every requester can still reach `[Done]`.
    L1,
    /// L1-shutdown: a requester whose dump overlaps the runtime's close can
    /// never return, as Tokio documents (not a defect).
    L1Shutdown,
    /// L2: no worker is left blocked for ever at a barrier.
    L2,
    /// L3: work submitted from outside is eventually polled.
    L3,
    /// L4: after `[Close]` the dropper can still reach `[Joined]`.
    L4,
    /// No actor can move while something is still pending.
    Deadlock,
}

impl Property {
    /// The properties judged on each state, in report order.
    pub const SAFETY: [Property; 10] = [
        Property::S1,
        Property::S2,
        Property::S3,
        Property::S4,
        Property::S5,
        Property::S6,
        Property::S7,
        Property::S7a,
        Property::S8,
        Property::C1,
    ];

    /// Every property, in report order.
    pub const ALL: [Property; 16] = [
        Property::S1,
        Property::S2,
        Property::S3,
        Property::S4,
        Property::S5,
        Property::S6,
        Property::S7,
        Property::S7a,
        Property::S8,
        Property::C1,
        Property::L1,
        Property::L1Shutdown,
        Property::L2,
        Property::L3,
        Property::L4,
        Property::Deadlock,
    ];

    /// The short code, such as `S1`, `S7a`, `L1-shutdown`.
    pub fn code(self) -> &'static str {
        match self {
            Property::S1 => "S1",
            Property::S2 => "S2",
            Property::S3 => "S3",
            Property::S4 => "S4",
            Property::S5 => "S5",
            Property::S6 => "S6",
            Property::S7 => "S7",
            Property::S7a => "S7a",
            Property::S8 => "S8",
            Property::C1 => "C1",
            Property::L1 => "L1",
            Property::L1Shutdown => "L1-shutdown",
            Property::L2 => "L2",
            Property::L3 => "L3",
            Property::L4 => "L4",
            Property::Deadlock => "deadlock",
        }
    }

    /// The property's name.
    pub fn title(self) -> &'static str {
        match self {
            Property::S1 => "exclusive tracing",
            Property::S2 => "one leader",
            Property::S3 => "own result",
            Property::S4 => "nothing lost",
            Property::S5 => "flag at rest",
            Property::S6 => "idle bookkeeping",
            Property::S7 => "polled only while notified",
            Property::S7a => "single entry",
            Property::S8 => "no self-deadlock",
            Property::C1 => "complete dump",
            Property::L1 => "dump returns",
            Property::L1Shutdown => "dump during shutdown (documented)",
            Property::L2 => "workers come back",
            Property::L3 => "outside work runs",
            Property::L4 => "shutdown completes",
            Property::Deadlock => "no deadlock",
        }
    }

    /// What the property says, in a sentence.
    pub fn statement(self) -> &'static str {
        match self {
            Property::S1 => "While a leader walks the tasks, no other worker polls a task.",
            Property::S2 => "At most one worker walks the tasks at a time.",
            Property::S3 => {
                "Every dump returned was traced after its requester's own compare-and-swap won."
            }
            Property::S4 => {
                "Every task that exists and has not completed can still be polled again."
            }
            Property::S5 => "Once every dump() has returned or was cancelled, the flag is down.",
            Property::S6 => {
                "No worker is listed twice as asleep, the unparked count never wraps, and a listed worker is in its park path."
            }
            Property::S7 => {
                "Every poll finds the task notified (no `assertion failed: next.is_notified()` panic)."
            }
            Property::S7a => "No task has more than one queue entry at a time.",
            Property::S8 => "No thread waits for the owned-tasks lock it holds itself.",
            Property::C1 => {
                "Every dump lists every task the runtime owned when the walk began (given up by design since Tokio 1.35)."
            }
            Property::L1 => "Every dump() can still return.",
            Property::L1Shutdown => {
                "A dump() that overlaps the runtime's close may never return; Tokio documents this."
            }
            Property::L2 => "No worker is left waiting at a barrier for ever.",
            Property::L3 => "Work spawned or woken from outside the runtime is eventually polled.",
            Property::L4 => "Once the runtime is closed, dropping it finishes.",
            Property::Deadlock => "Some actor can always move while anything is pending.",
        }
    }

    /// Whether the property is informational: reported, never counted as
    /// a defect (C1 and the documented L1-shutdown).
    pub fn is_informational(self) -> bool {
        matches!(self, Property::C1 | Property::L1Shutdown)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Property {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Property::ALL
            .iter()
            .copied()
            .find(|property| property.code().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                let codes: Vec<&str> = Property::ALL.iter().map(|p| p.code()).collect();
                format!(
                    "unknown property `{text}`; expected one of: {}",
                    codes.join(", ")
                )
            })
    }
}

impl Serialize for Property {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Property {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "L1Shutdown" {
            return Ok(Property::L1Shutdown);
        }
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A set of properties, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PropertySet(pub u32);

impl PropertySet {
    /// Adds a property.
    pub fn insert(&mut self, property: Property) {
        self.0 |= property.bit();
    }

    /// Whether the set holds `property`.
    pub fn contains(self, property: Property) -> bool {
        self.0 & property.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The properties in `self` but not in `other`.
    pub fn without(self, other: PropertySet) -> PropertySet {
        PropertySet(self.0 & !other.0)
    }

    /// The members, in report order.
    pub fn iter(self) -> impl Iterator<Item = Property> {
        Property::ALL
            .into_iter()
            .filter(move |&property| self.contains(property))
    }
}

/// The safety properties (and C1) that `state` breaks.
pub fn broken_safety(model: &Model, state: &State) -> PropertySet {
    let mut broken = PropertySet::default();
    if breaks_exclusive_tracing(state) {
        broken.insert(Property::S1);
    }
    let leaders = state
        .workers
        .iter()
        .filter(|worker| in_walk(worker.pc, worker.lock_resume) || worker.pc == WorkerPc::Stash)
        .count();
    if leaders > 1 {
        broken.insert(Property::S2);
    }
    if state
        .requesters
        .iter()
        .enumerate()
        .any(|(index, requester)| {
            requester
                .dump
                .as_ref()
                .is_some_and(|dump| !dump.fresh_for.contains(index))
        })
    {
        broken.insert(Property::S3);
    }
    if !state.closed && breaks_nothing_lost(model, state) {
        broken.insert(Property::S4);
    }
    if !state.closed
        && state.trace_requested
        && state
            .requesters
            .iter()
            .all(|requester| requester.pc.is_finished())
    {
        broken.insert(Property::S5);
    }
    if breaks_idle_bookkeeping(model, state) {
        broken.insert(Property::S6);
    }
    if state
        .workers
        .iter()
        .any(|worker| worker.pc == WorkerPc::Panicked)
    {
        broken.insert(Property::S7);
    }
    if (0..state.tasks.len()).any(|task| state.handles(task as u8) > 1) {
        broken.insert(Property::S7a);
    }
    if state.workers.iter().enumerate().any(|(index, worker)| {
        worker.pc == WorkerPc::OwnedLockWait && state.owned_lock == Some(index as u8)
    }) {
        broken.insert(Property::S8);
    }
    let incomplete = state.trace_result.is_some_and(|dump| dump.is_incomplete())
        || state
            .requesters
            .iter()
            .any(|requester| requester.dump.is_some_and(|dump| dump.is_incomplete()));
    if incomplete {
        broken.insert(Property::C1);
    }
    broken
}

/// The workers involved when S1 or S2 is broken, for the page to outline.
pub fn offenders(state: &State) -> crate::state::Set {
    let mut set = crate::state::Set::default();
    if breaks_exclusive_tracing(state) {
        for (index, worker) in state.workers.iter().enumerate() {
            if in_walk(worker.pc, worker.lock_resume) || worker.pc == WorkerPc::PollEnd {
                set.insert(index);
            }
        }
    }
    set
}

fn breaks_exclusive_tracing(state: &State) -> bool {
    let walking = state
        .workers
        .iter()
        .any(|worker| in_walk(worker.pc, worker.lock_resume));
    walking
        && state
            .workers
            .iter()
            .any(|worker| worker.pc == WorkerPc::PollEnd)
}

/// S6 (section 13): (i) no id twice in `sleepers`; (ii) `num_unparked` not
/// below 0; (iii) a listed worker is in its park path unless it has read
/// `is_shutdown`.
fn breaks_idle_bookkeeping(model: &Model, state: &State) -> bool {
    let sleepers = &state.idle.sleepers;
    let twice = (0..model.worker_count())
        .any(|worker| sleepers.iter().filter(|&&s| s as usize == worker).count() > 1);
    let wrapped = state.idle.num_unparked < 0;
    let stray = sleepers.iter().any(|&s| {
        let worker = &state.workers[s as usize];
        !worker.pc.in_park_path() && !worker.is_shutdown && !worker.pc.is_terminal()
    });
    twice || wrapped || stray
}

/// S4 (section 6): a task that exists and has not completed is fine if it
/// is running or traced, has a handle, is owed a wake, or is idle with its
/// bit clear and waits outside the model.
fn breaks_nothing_lost(model: &Model, state: &State) -> bool {
    let drop_window = model.switches().drop_gathered;
    state.tasks.iter().enumerate().any(|(index, task)| {
        let id = index as u8;
        if !task.alive() || matches!(task.st, TaskSt::Running(_) | TaskSt::Traced(_)) {
            return false;
        }
        if state.handles(id) > 0 {
            return false;
        }
        if state.workers.iter().any(|worker| worker.owed.contains(&id)) {
            return false;
        }
        if !task.bit && model.waits_outside(state, id) {
            return false;
        }
        let in_window = state.workers.iter().any(|worker| {
            (drop_window
                && matches!(worker.pc, WorkerPc::Collect | WorkerPc::OwnedLockWait)
                && worker.tracing.is_some()
                && worker.trace_cursor <= id)
                || (worker.pc == WorkerPc::Reschedule && worker.running == Some(id))
        });
        !in_window
    })
}

/// Whether some requester is still in flight (for liveness and deadlock),
/// leaving out those whose dump overlaps the runtime's close.
pub fn requester_pending(state: &State) -> bool {
    state.requesters.iter().any(|requester| {
        !matches!(requester.pc, RequesterPc::Done | RequesterPc::Cancelled)
            && !requester.overlaps_close
    })
}

/// Whether anything is still pending in a state where nothing can move: a
/// requester in flight, a queued handle, a worker blocked at a barrier or
/// the owned-tasks lock, or the dropper joining (section 6, deadlock).
pub fn something_pending(state: &State) -> bool {
    requester_pending(state)
        || !state.injection.is_empty()
        || state.workers.iter().any(|worker| {
            worker.has_local_tasks()
                || matches!(
                    worker.pc,
                    WorkerPc::StartWait | WorkerPc::EndWait | WorkerPc::OwnedLockWait
                )
        })
        || matches!(state.dropper, Some(crate::state::DropperPc::Join))
}

/// Whether some worker waits at a barrier (for L2).
pub fn worker_waiting_at_barrier(state: &State) -> bool {
    state
        .workers
        .iter()
        .any(|worker| matches!(worker.pc, WorkerPc::StartWait | WorkerPc::EndWait))
}

/// Where a dump entry says a task was, for narration.
pub fn describe_location(location: Location) -> String {
    match location {
        Location::QueuedOn(worker) => format!("queued on W{worker}"),
        Location::Injection => "in the injection queue".to_owned(),
        Location::Idle => "idle".to_owned(),
        Location::RunningOn(worker) => format!("RUNNING on W{worker}"),
        Location::HeldBy(worker) => format!("held by W{worker} for tracing"),
        Location::Lifo(worker) => format!("in W{worker}'s LIFO slot"),
        Location::Complete => "complete".to_owned(),
        Location::InHand => "in a spawner's hand".to_owned(),
        Location::Popped(worker) => format!("in W{worker}'s hand, about to be polled"),
    }
}

/// Whether a step from `before` to `after` changes nothing that a safety
/// property reads (S1–S8, S7a, C1; their atoms, each about one worker,
/// task or requester, or one shared field): every worker's program counter
/// as the properties tell them apart (polling, in a leader's walk, stashing,
/// in the park path, waiting at a barrier or for the lock, stopped), its
/// `is_shutdown`, owed wakes and the leader's dump in progress; every
/// task's state (bar its countdown) and number of handles; every
/// requester's dump, whether it has returned and whether it overlaps the
/// close; the flag, the slot, the `Idle` record, the lock, `closed` and
/// the bound. (The dropper is read only by the liveness summary, which the
/// reduction compares too.)
///
/// The partial-order reduction (`checker/por.rs`) postpones only steps for
/// which this holds: in the literature's terms they are *invisible*. Each
/// atom is a function of one entity's fields (or a count over places, as
/// the number of handles), so a step that leaves every atom alone in one
/// state leaves it alone after any step it commutes with too.
pub fn unobservable(model: &Model, before: &State, after: &State) -> bool {
    if before.trace_requested != after.trace_requested
        || before.trace_result != after.trace_result
        || before.idle != after.idle
        || before.owned_lock != after.owned_lock
        || before.closed != after.closed
        || before.bound != after.bound
    {
        return false;
    }
    // A task's countdown (`left`) is read by no property.
    let task = |task: &crate::state::TaskState| crate::state::TaskState { left: 0, ..*task };
    if before.tasks.len() != after.tasks.len()
        || before
            .tasks
            .iter()
            .zip(after.tasks.iter())
            .any(|(before, after)| task(before) != task(after))
    {
        return false;
    }
    let requester = |requester: &crate::state::Requester| {
        (
            requester.pc.is_finished(),
            requester.dump,
            requester.overlaps_close,
        )
    };
    if before.requesters.len() != after.requesters.len()
        || before
            .requesters
            .iter()
            .zip(after.requesters.iter())
            .any(|(before, after)| requester(before) != requester(after))
    {
        return false;
    }
    if (0..model.task_count()).any(|task| before.handles(task as u8) != after.handles(task as u8)) {
        return false;
    }
    before
        .workers
        .iter()
        .zip(after.workers.iter())
        .all(|(before, after)| observed_worker(before) == observed_worker(after))
}

/// A worker with every field the properties do not read set to its
/// default, and its program counter replaced by one of its class.
fn observed_worker(worker: &crate::state::Worker) -> crate::state::Worker {
    let pc = match worker.pc {
        WorkerPc::LastSearcherCheck
        | WorkerPc::Parked
        | WorkerPc::ParkMaintenance
        | WorkerPc::FromParked => WorkerPc::Parked,
        pc @ (WorkerPc::PollEnd
        | WorkerPc::Stash
        | WorkerPc::Gather
        | WorkerPc::Collect
        | WorkerPc::Unlock
        | WorkerPc::TracePoll
        | WorkerPc::Reschedule
        | WorkerPc::OwnedLockWait
        | WorkerPc::StartWait
        | WorkerPc::EndWait
        | WorkerPc::Exited
        | WorkerPc::Panicked) => pc,
        _ => WorkerPc::Top,
    };
    crate::state::Worker {
        pc,
        is_shutdown: worker.is_shutdown,
        running: if pc == WorkerPc::Reschedule {
            worker.running
        } else {
            None
        },
        tracing: worker.tracing,
        trace_cursor: worker.trace_cursor,
        owed: worker.owed,
        lock_resume: if pc == WorkerPc::OwnedLockWait {
            worker.lock_resume
        } else {
            Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::Property;

    #[test]
    fn json_writes_each_property_as_its_code_and_reads_it_back() {
        for property in Property::ALL {
            let json = serde_json::to_string(&property).unwrap();
            assert_eq!(json, format!("\"{}\"", property.code()));
            assert_eq!(serde_json::from_str::<Property>(&json).unwrap(), property);
        }
        let earlier: Vec<Property> = serde_json::from_str(r#"["L1Shutdown", "Deadlock"]"#).unwrap();
        assert_eq!(earlier, [Property::L1Shutdown, Property::Deadlock]);
        let error = serde_json::from_str::<Property>(r#""S9""#).unwrap_err();
        assert!(
            error.to_string().contains("unknown property `S9`"),
            "{error}"
        );
    }
}
