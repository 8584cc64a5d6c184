//! Symmetry reduction: workers that start alike are interchangeable.
//!
//! Workers with no tasks of their own at the start differ only by index, so
//! renaming them gives an equivalent state. The canonical fingerprint of a
//! state is the smallest fingerprint over every renaming of those workers.

use super::fingerprint::fingerprint_with;
use crate::model::Model;
use crate::state::{Dump, Location, State, TaskSt};

/// The most interchangeable workers the reduction handles (4! renamings).
pub const MAX_CLASS: usize = 4;

/// The workers that may be renamed among themselves, if there are at least
/// two and at most [`MAX_CLASS`].
pub fn interchangeable_workers(model: &Model) -> Option<Vec<u8>> {
    let scenario = model.scenario();
    let class: Vec<u8> = (0..scenario.workers as u8)
        .filter(|&worker| {
            !scenario
                .tasks
                .iter()
                .any(|task| task.worker == Some(worker as usize))
        })
        .collect();
    (2..=MAX_CLASS).contains(&class.len()).then_some(class)
}

/// Every permutation of the class, as full worker maps (old -> new).
pub fn renamings(class: &[u8], workers: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut order: Vec<u8> = class.to_vec();
    permute(&mut order, 0, &mut |permuted| {
        let mut map: Vec<u8> = (0..workers as u8).collect();
        for (from, to) in class.iter().zip(permuted) {
            map[*from as usize] = *to;
        }
        out.push(map);
    });
    out
}

fn permute(items: &mut Vec<u8>, start: usize, visit: &mut impl FnMut(&[u8])) {
    if start == items.len() {
        visit(items);
        return;
    }
    for index in start..items.len() {
        items.swap(start, index);
        permute(items, start + 1, visit);
        items.swap(start, index);
    }
}

fn rename_location(location: &mut Location, map: &[u8]) {
    match location {
        Location::QueuedOn(worker)
        | Location::RunningOn(worker)
        | Location::HeldBy(worker)
        | Location::Lifo(worker)
        | Location::Popped(worker) => {
            *worker = map[*worker as usize];
        }
        Location::Injection | Location::Idle | Location::Complete | Location::InHand => {}
    }
}

fn rename_dump(dump: &mut Dump, map: &[u8]) {
    dump.leader = map[dump.leader as usize];
    for entry in &mut dump.entries {
        rename_location(&mut entry.location, map);
    }
}

/// `state` with worker `i` renamed to `map[i]`.
pub fn renamed(state: &State, map: &[u8]) -> State {
    let mut out = *state;
    for (from, worker) in state.workers.iter().enumerate() {
        let mut worker = *worker;
        if let Some(dump) = worker.tracing.as_mut() {
            rename_dump(dump, map);
        }
        for entry in &mut worker.tracelist {
            rename_location(&mut entry.location, map);
        }
        out.workers[map[from] as usize] = worker;
    }
    for task in &mut out.tasks {
        task.st = match task.st {
            TaskSt::Running(worker) => TaskSt::Running(map[worker as usize]),
            TaskSt::Traced(worker) => TaskSt::Traced(map[worker as usize]),
            other => other,
        };
    }
    for sleeper in &mut out.idle.sleepers {
        *sleeper = map[*sleeper as usize];
    }
    if let Some(holder) = out.owned_lock.as_mut() {
        *holder = map[*holder as usize];
    }
    if let Some(dump) = out.trace_result.as_mut() {
        rename_dump(dump, map);
    }
    for requester in &mut out.requesters {
        if let Some(dump) = requester.dump.as_mut() {
            rename_dump(dump, map);
        }
    }
    out
}

/// The smallest fingerprint over every renaming, with `scratch` as the
/// fingerprints' buffer (see [`fingerprint_with`]), so a search does not
/// allocate per state.
pub fn canonical_fingerprint(state: &State, maps: &[Vec<u8>], scratch: &mut Vec<u8>) -> u64 {
    maps.iter()
        .map(|map| fingerprint_with(&renamed(state, map), scratch))
        .min()
        .unwrap_or_else(|| fingerprint_with(state, scratch))
}
