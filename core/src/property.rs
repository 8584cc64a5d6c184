//! The properties of PROTOCOL.md section 6, evaluated on a single state.
//!
//! Safety properties (S1 to S5) are predicates on one state: the run reports
//! the step that first breaks one, and the checker returns the shortest path
//! to a state that breaks one. Liveness (L1, L2) and deadlock need the whole
//! graph and live in the checker; the animator reports a run that can no
//! longer move.

use crate::model::Model;
use crate::state::{Location, RequesterPc, State, WorkerPc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A property of the protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Property {
    /// S1: while a leader is in `[Trace]`, no other worker is in `[Poll]`.
    S1,
    /// S2: at most one worker is in `[Trace]`..`[Stash]`.
    S2,
    /// S3: every dump returned was traced after its requester's CAS won.
    S3,
    /// S4: every task that existed still exists exactly once.
    S4,
    /// S5: once every requester is finished, the flag is down.
    S5,
    /// L1: every requester can still reach `[Done]`.
    L1,
    /// L2: no worker is left blocked for ever at a barrier.
    L2,
    /// No actor can move while a requester is not finished.
    Deadlock,
}

impl Property {
    /// The safety properties, checked on every state.
    pub const SAFETY: [Property; 5] = [
        Property::S1,
        Property::S2,
        Property::S3,
        Property::S4,
        Property::S5,
    ];

    /// Every property, in report order.
    pub const ALL: [Property; 8] = [
        Property::S1,
        Property::S2,
        Property::S3,
        Property::S4,
        Property::S5,
        Property::L1,
        Property::L2,
        Property::Deadlock,
    ];

    /// The short code, such as `S1`.
    pub fn code(self) -> &'static str {
        match self {
            Property::S1 => "S1",
            Property::S2 => "S2",
            Property::S3 => "S3",
            Property::S4 => "S4",
            Property::S5 => "S5",
            Property::L1 => "L1",
            Property::L2 => "L2",
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
            Property::L1 => "dump returns",
            Property::L2 => "workers come back",
            Property::Deadlock => "no deadlock",
        }
    }

    /// What the property says, in a sentence.
    pub fn statement(self) -> &'static str {
        match self {
            Property::S1 => "While a leader traces, no other worker polls a task.",
            Property::S2 => "At most one worker traces at a time.",
            Property::S3 => {
                "Every dump returned was traced after its requester's own compare-and-swap won."
            }
            Property::S4 => "Every task that existed before a dump still exists, exactly once.",
            Property::S5 => "Once every dump() has returned or was cancelled, the flag is down.",
            Property::L1 => "Every dump() can still return.",
            Property::L2 => "No worker is left waiting at a barrier for ever.",
            Property::Deadlock => "Some actor can always move while a dump() is pending.",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
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
            .ok_or_else(|| format!("unknown property `{text}`"))
    }
}

/// A set of properties, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PropertySet(pub u8);

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

/// The safety properties that `state` breaks.
pub fn broken_safety(model: &Model, state: &State) -> PropertySet {
    let mut broken = PropertySet::default();
    if breaks_exclusive_tracing(state) {
        broken.insert(Property::S1);
    }
    let leaders = state
        .workers
        .iter()
        .filter(|worker| matches!(worker.pc, WorkerPc::Trace | WorkerPc::Stash))
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
    if breaks_nothing_lost(model, state) {
        broken.insert(Property::S4);
    }
    if state.trace_requested
        && state
            .requesters
            .iter()
            .all(|requester| requester.pc.is_finished())
    {
        broken.insert(Property::S5);
    }
    broken
}

/// The workers involved when S1 or S2 is broken, for the page to outline.
pub fn offenders(state: &State) -> crate::state::Set {
    let mut set = crate::state::Set::default();
    if breaks_exclusive_tracing(state) {
        for (index, worker) in state.workers.iter().enumerate() {
            if matches!(worker.pc, WorkerPc::Trace | WorkerPc::Poll) {
                set.insert(index);
            }
        }
    }
    set
}

fn breaks_exclusive_tracing(state: &State) -> bool {
    let tracing = state
        .workers
        .iter()
        .filter(|worker| worker.pc == WorkerPc::Trace)
        .count();
    tracing > 0
        && state
            .workers
            .iter()
            .any(|worker| worker.pc == WorkerPc::Poll)
}

fn breaks_nothing_lost(model: &Model, state: &State) -> bool {
    let mut seen = [0u8; crate::scenario::MAX_TASKS];
    for worker in &state.workers {
        for &task in &worker.local {
            seen[task as usize] += 1;
        }
        if let Some(task) = worker.running {
            seen[task as usize] += 1;
        }
    }
    for &task in &state.injection {
        seen[task as usize] += 1;
    }
    for (task, task_state) in state.tasks.iter().enumerate() {
        if task_state.held.is_some() {
            seen[task] += 1;
        }
    }
    state.tasks.iter().enumerate().any(|(index, task)| {
        let expected = u8::from(!task.done && !model.is_idle(index as u8));
        seen[index] != expected
    })
}

/// Whether `requester` has finished (for liveness and deadlock).
pub fn requester_pending(state: &State) -> bool {
    state
        .requesters
        .iter()
        .any(|requester| !matches!(requester.pc, RequesterPc::Done | RequesterPc::Cancelled))
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
        Location::HeldBy(worker) => format!("held by W{worker} for another trace"),
    }
}
