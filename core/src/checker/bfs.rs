//! Breadth-first exploration of every interleaving.
//!
//! States are deduplicated by fingerprint; each unique state gets an id in
//! the order it was found, so a smaller id is never deeper, and the parent
//! of every state is kept, so the path to any state is the shortest one.
//! The successors of every expanded state are kept too (as ids), for the
//! liveness pass that runs on the finished graph.

use super::config::CheckConfig;
use super::fingerprint::{fingerprint, PassThroughBuild};
use super::reduction;
use super::symmetry;
use super::Progress;
use crate::model::{Action, Model};
use crate::property::{self, Property};
use crate::state::{DropperPc, State, WorkerPc};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Why a search stopped before exploring everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    /// The state bound was reached.
    MaxStates,
    /// Some states lay beyond the depth bound and were not expanded.
    MaxDepth,
    /// The caller cancelled the search.
    Cancelled,
}

/// A per-state summary, enough for liveness without the full state.
///
/// Bits: 0-2 requester finished; 3-10 worker waiting at a barrier; 11 the
/// runtime closed; 12 the dropper joined (or there is none); 13 a bound
/// state; 16-31 task has outside work pending (L3); 32-34 requester's dump
/// overlaps the close.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary(u64);

impl Summary {
    fn of(state: &State) -> Summary {
        let mut bits = 0u64;
        for (index, requester) in state.requesters.iter().enumerate() {
            if requester.pc.is_finished() {
                bits |= 1 << index;
            }
            if requester.overlaps_close {
                bits |= 1 << (32 + index);
            }
        }
        for (index, worker) in state.workers.iter().enumerate() {
            if matches!(worker.pc, WorkerPc::StartWait | WorkerPc::EndWait) {
                bits |= 1 << (3 + index);
            }
        }
        if state.closed {
            bits |= 1 << 11;
        }
        if !matches!(state.dropper, Some(pc) if pc != DropperPc::Joined) {
            bits |= 1 << 12;
        }
        if state.bound.is_some() {
            bits |= 1 << 13;
        }
        for (index, task) in state.tasks.iter().enumerate() {
            if task.outside_pending {
                bits |= 1 << (16 + index);
            }
        }
        Summary(bits)
    }

    /// Whether requester `index` has finished.
    pub fn requester_finished(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    /// Whether requester `index`'s dump overlaps the runtime's close.
    pub fn overlaps_close(self, index: usize) -> bool {
        self.0 & (1 << (32 + index)) != 0
    }

    /// Whether worker `index` waits at a barrier.
    pub fn worker_waiting(self, index: usize) -> bool {
        self.0 & (1 << (3 + index)) != 0
    }

    /// Whether the runtime has closed.
    pub fn closed(self) -> bool {
        self.0 & (1 << 11) != 0
    }

    /// Whether the dropper has joined every worker (or there is none).
    pub fn joined(self) -> bool {
        self.0 & (1 << 12) != 0
    }

    /// Whether the state is a bound state (section 6).
    pub fn bound(self) -> bool {
        self.0 & (1 << 13) != 0
    }

    /// Whether task `task` has outside work queued and not yet polled.
    pub fn outside_pending(self, task: usize) -> bool {
        self.0 & (1 << (16 + task)) != 0
    }
}

/// The explored state graph.
#[derive(Debug, Default)]
pub struct Graph {
    /// For each state, the state it was first reached from (itself for the
    /// initial state).
    pub parent: Vec<u32>,
    /// For each state, the action that first reached it.
    pub via: Vec<Action>,
    /// For each state, its summary.
    pub summary: Vec<Summary>,
    /// Where each expanded state's successors start in `edges`; one entry
    /// per expanded state, plus the end.
    pub edge_start: Vec<u32>,
    /// Successor ids, grouped by source state.
    pub edges: Vec<u32>,
    /// Transitions taken (edges, duplicates included).
    pub transitions: u64,
    /// States expanded by one local step only (partial-order reduction).
    pub reduced: u64,
    /// The deepest state found.
    pub max_depth: u32,
    /// The first state (smallest id) breaking each safety property, in
    /// [`Property::SAFETY`] order.
    pub first_broken: [Option<u32>; Property::SAFETY.len()],
    /// For each kind of bound (handles, idle bookkeeping): how many bound
    /// states, and the first.
    pub bounds: [(u64, Option<u32>); 2],
    /// The first state where nothing can move while a dump is pending.
    pub first_deadlock: Option<u32>,
    /// Why the search stopped early, if it did.
    pub stop: Option<Stop>,
}

impl Graph {
    /// How many unique states were found.
    pub fn states(&self) -> usize {
        self.parent.len()
    }

    /// How many states were expanded (their successors are known).
    pub fn expanded(&self) -> usize {
        self.edge_start.len().saturating_sub(1)
    }

    /// The successors of expanded state `id`.
    pub fn successors(&self, id: u32) -> &[u32] {
        let start = self.edge_start[id as usize] as usize;
        let end = self.edge_start[id as usize + 1] as usize;
        &self.edges[start..end]
    }

    /// The actions leading from the initial state to `id`, shortest first.
    pub fn path_to(&self, id: u32) -> Vec<Action> {
        let mut path = Vec::new();
        let mut at = id;
        while self.parent[at as usize] != at {
            path.push(self.via[at as usize]);
            at = self.parent[at as usize];
        }
        path.reverse();
        path
    }
}

/// Explores every state reachable from the model's initial state.
pub fn explore(
    model: &Model,
    config: &CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Graph {
    explore_with(model, config, progress, &|state, action| {
        model.is_local(state, action)
    })
}

/// [`explore`] with `is_local` in place of [`Model::is_local`] as the
/// partial-order reduction's footprint table, so a test can show that a
/// table that declares too much local changes a verdict.
pub fn explore_with(
    model: &Model,
    config: &CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    is_local: &dyn Fn(&State, Action) -> bool,
) -> Graph {
    let renamings = if config.symmetry {
        symmetry::interchangeable_workers(model)
            .map(|class| symmetry::renamings(&class, model.worker_count()))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let key = |state: &State| {
        if renamings.is_empty() {
            fingerprint(state)
        } else {
            symmetry::canonical_fingerprint(state, &renamings)
        }
    };

    let mut graph = Graph::default();
    let mut ids: HashMap<u64, u32, PassThroughBuild> =
        HashMap::with_capacity_and_hasher(1 << 12, PassThroughBuild::default());

    let initial = model.initial_state();
    ids.insert(key(&initial), 0);
    record_state(model, &mut graph, &initial, 0, Action::Worker(0), 0);

    // The frontier goes level by level: the states of one depth are
    // expanded in id order while the next depth is collected, so every
    // state is copied once into its level and read from there in place.
    let mut level: Vec<State> = vec![initial];
    let mut next_level: Vec<State> = Vec::new();
    let mut level_first_id: u32 = 0;
    let mut depth: u32 = 0;

    let mut actions = Vec::new();
    let mut events = Vec::new();
    let mut next_report = config.progress_every.max(1);
    graph.edge_start.push(0);

    'search: while !level.is_empty() {
        for (offset, state) in level.iter().enumerate() {
            let id = level_first_id + offset as u32;
            debug_assert_eq!(id as usize, graph.expanded());
            if depth >= config.max_depth {
                graph.stop.get_or_insert(Stop::MaxDepth);
                graph.edge_start.push(graph.edges.len() as u32);
                continue;
            }
            model.actions(state, &mut actions);
            if let Some(bound) = state.bound {
                let slot = &mut graph.bounds[bound as usize];
                slot.0 += 1;
                slot.1.get_or_insert(id);
            } else if actions.is_empty()
                && property::something_pending(state)
                && graph.first_deadlock.is_none()
            {
                graph.first_deadlock = Some(id);
            }
            if config.reduction {
                if let Some(action) = reduction::persistent_singleton(state, &actions, is_local) {
                    let mut next = *state;
                    events.clear();
                    model.step(&mut next, action, &mut events);
                    let next_level_first = level_first_id + level.len() as u32;
                    // The cycle proviso, breadth-first: the step must lead
                    // one level deeper (to a new state, or one found already
                    // on the next level). Every cycle of the graph has an
                    // edge back to a level already expanded, so every cycle
                    // keeps a fully expanded state.
                    let target = match ids.entry(key(&next)) {
                        Entry::Occupied(known) if *known.get() >= next_level_first => {
                            Some(*known.get())
                        }
                        Entry::Occupied(_) => None,
                        Entry::Vacant(slot) => {
                            let Some(new_id) =
                                admit(model, config, &mut graph, slot, &next, id, action, depth)
                            else {
                                break 'search;
                            };
                            next_level.push(next);
                            Some(new_id)
                        }
                    };
                    if let Some(target) = target {
                        graph.transitions += 1;
                        graph.edges.push(target);
                        graph.edge_start.push(graph.edges.len() as u32);
                        graph.reduced += 1;
                        continue;
                    }
                }
            }
            for &action in &actions {
                let mut next = *state;
                events.clear();
                model.step(&mut next, action, &mut events);
                graph.transitions += 1;
                let next_id = match ids.entry(key(&next)) {
                    Entry::Occupied(known) => *known.get(),
                    Entry::Vacant(slot) => {
                        let Some(new_id) =
                            admit(model, config, &mut graph, slot, &next, id, action, depth)
                        else {
                            break 'search;
                        };
                        next_level.push(next);
                        new_id
                    }
                };
                graph.edges.push(next_id);
            }
            graph.edge_start.push(graph.edges.len() as u32);
            if graph.states() as u64 >= next_report {
                next_report += config.progress_every.max(1);
                let keep_going = progress(Progress {
                    states: graph.states() as u64,
                    transitions: graph.transitions,
                    frontier: (level.len() - offset - 1 + next_level.len()) as u64,
                    depth,
                });
                if !keep_going {
                    graph.stop = Some(Stop::Cancelled);
                    break 'search;
                }
            }
        }
        level_first_id += level.len() as u32;
        std::mem::swap(&mut level, &mut next_level);
        next_level.clear();
        depth += 1;
    }
    graph
}

/// Gives a newly found state its id and records it, or, at the state
/// bound, marks the search stopped and returns `None`.
#[allow(clippy::too_many_arguments)]
fn admit(
    model: &Model,
    config: &CheckConfig,
    graph: &mut Graph,
    slot: std::collections::hash_map::VacantEntry<'_, u64, u32>,
    next: &State,
    parent: u32,
    action: Action,
    depth: u32,
) -> Option<u32> {
    if graph.states() as u64 >= config.max_states {
        graph.stop = Some(Stop::MaxStates);
        graph.edge_start.push(graph.edges.len() as u32);
        return None;
    }
    let new_id = graph.states() as u32;
    slot.insert(new_id);
    record_state(model, graph, next, parent, action, new_id);
    graph.max_depth = depth + 1;
    Some(new_id)
}

fn record_state(
    model: &Model,
    graph: &mut Graph,
    state: &State,
    parent: u32,
    via: Action,
    id: u32,
) {
    graph.parent.push(parent);
    graph.via.push(via);
    graph.summary.push(Summary::of(state));
    let broken = property::broken_safety(model, state);
    for (slot, property) in Property::SAFETY.iter().enumerate() {
        if broken.contains(*property) && graph.first_broken[slot].is_none() {
            graph.first_broken[slot] = Some(id);
        }
    }
}
