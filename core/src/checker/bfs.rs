//! Breadth-first exploration of every interleaving.
//!
//! States are deduplicated by fingerprint; each unique state gets an id in
//! the order it was found, so a smaller id is never deeper, and the parent
//! of every state is kept, so the path to any state is the shortest one.
//! The successors of every expanded state are kept too (as ids), for the
//! liveness pass that runs on the finished graph.
//!
//! The search is *level-synchronous*: the states of one depth (the
//! frontier) are expanded in id order while the next depth is collected.
//! Expanding a run of the frontier ([`Exploration::expand`]) is a pure
//! function of the frontier and of the states found so far, so an
//! [`Executor`] may expand several runs at once (the CLI does, on threads);
//! the expansions are then merged one after another in frontier order
//! ([`Exploration::merge`]), which alone gives ids and changes the search.
//! The graph, its ids and every verdict are therefore the same whatever the
//! executor and however the frontier was cut. The merge of one batch of
//! runs and the expansion of the next may overlap
//! ([`Executor::expand_all_while`]): the merge only adds states of the next
//! level to the visited set, which an expansion reads as it stands (a
//! state it does not find is looked up again when merged), and the cycle
//! proviso asks only whether a successor lies on a level already found,
//! which no merge of this level changes.

use super::config::CheckConfig;
use super::executor::{Executor, Sequential};
use super::fingerprint::fingerprint_with;
use super::packed::{Pack, PackedLevel};
use super::por::{self, Footprints};
use super::symmetry;
use super::visited::Visited;
use super::Progress;
use crate::model::{Action, Model};
use crate::property::{self, Property, PropertySet};
use crate::state::{DropperPc, State, WorkerPc};
use serde::{Deserialize, Serialize};
use std::ops::Range;

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
    /// States expanded by a persistent set short of every enabled step
    /// (partial-order reduction).
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
    /// The shallowest depth at which a state was expanded by a persistent set
    /// only (`None` when every expanded state was expanded in full). Up to
    /// this depth the graph is the full search's, ids included.
    pub first_reduced_depth: Option<u32>,
    /// Why the search stopped early, if it did.
    pub stop: Option<Stop>,
    /// What the search's tables held when it ended.
    pub memory: Memory,
}

/// What the search's tables held when it ended, in bytes, computed from the
/// tables' capacities (what they had allocated, not only what they used).
///
/// - `visited`: the set of fingerprints seen, each with its id
///   (`visited.rs`): a power-of-two number of 13-byte slots (a tag byte
///   and the entry), at most seven eighths full.
/// - `records`: per state, its parent id (4 bytes), the action that reached
///   it and its liveness summary (8 bytes).
/// - `edges`: per expanded state, where its successors start (4 bytes), and
///   per transition the successor's id (4 bytes).
/// - `frontier`: the two levels of states (the one being expanded and the
///   next), packed to their live fields (`packed.rs`: about 60 to 120
///   bytes a state for 2 or 3 workers, where a whole `State` takes
///   `size_of::<State>()`, 2,072 bytes) with 8 bytes of offset each, at
///   the largest their buffers grew.
///
/// Left out: the liveness pass's reverse graph and goal bits (built after
/// the search, about 4 bytes per transition and 12 per state), and the
/// expansions in flight between [`Exploration::expand`] and
/// [`Exploration::merge`] (a few thousand states).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// The visited set (fingerprint to id), in bytes.
    pub visited: u64,
    /// Parent, action and summary of every state, in bytes.
    pub records: u64,
    /// The successor graph, in bytes.
    pub edges: u64,
    /// The largest two levels of packed states, in bytes.
    pub frontier: u64,
}

impl Memory {
    /// Everything the search keeps for the whole run (visited set, records
    /// and edges; not the frontier), in bytes.
    pub fn kept(&self) -> u64 {
        self.visited + self.records + self.edges
    }

    /// Bytes kept per unique state ([`Memory::kept`] over `states`), or 0
    /// for no states.
    pub fn per_state(&self, states: u64) -> f64 {
        if states == 0 {
            0.0
        } else {
            self.kept() as f64 / states as f64
        }
    }
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

/// How many frontier states one [`Expansion`] covers. Fixed, so the cut of
/// the frontier never depends on the executor (the results would not
/// either: [`Exploration::merge`] decides everything in frontier order).
pub const CHUNK: usize = 64;

/// Explores every state reachable from the model's initial state, on the
/// calling thread.
pub fn explore(
    model: &Model,
    config: &CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Graph {
    explore_with(model, config, progress, model)
}

/// [`explore`] with `table` in place of the model's footprint table
/// ([`Model::footprint`] and its companions) for the partial-order
/// reduction, so a test can show that a table declaring too small a
/// footprint changes a verdict.
pub fn explore_with(
    model: &Model,
    config: &CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    table: &dyn Footprints,
) -> Graph {
    let mut exploration = Exploration::new(model, *config, table);
    exploration.run(&Sequential, progress);
    exploration.finish()
}

/// What a minimisation search looks for: it stops as soon as it has found
/// each (the first state found breaking a property is a shallowest one).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Target {
    /// The safety properties to find broken.
    pub safety: PropertySet,
    /// Whether to find a deadlock.
    pub deadlock: bool,
}

/// A breadth-first search in progress, level by level.
///
/// [`Exploration::run`] drives it to the end with an [`Executor`]; the
/// pieces it uses are public so that an executor's author can see what is
/// pure ([`Exploration::expand`], which takes `&self`) and what is not
/// ([`Exploration::merge`]).
pub struct Exploration<'a> {
    /// The model explored.
    model: &'a Model,
    /// Bounds and options.
    config: CheckConfig,
    /// The partial-order reduction's footprint table.
    table: &'a dyn Footprints,
    /// Every action the model can enable ([`Model::labels`]).
    labels: Vec<Action>,
    /// The worker renamings of the symmetry reduction (empty: none).
    renamings: Vec<Vec<u8>>,
    /// States shallower than this are expanded in full even under the
    /// reduction (a minimisation search for liveness sets it).
    full_below: u32,
    /// Stop once these are found (a minimisation search for safety).
    target: Option<Target>,
    /// Fingerprint (or canonical fingerprint) to id, for every state found.
    ids: Visited,
    /// The frontier: the states of depth `depth`, in id order, packed
    /// (`packed.rs`).
    level: PackedLevel,
    /// The id of `level[0]`.
    level_first_id: u32,
    /// The depth of `level`.
    depth: u32,
    /// What the merge changes.
    tally: Tally,
    /// Expansion buffers kept between batches, so their memory is reused.
    spare: Vec<Expansion>,
}

/// The part of an [`Exploration`] only the merge changes, apart from the
/// visited set (which it only adds to), so that the next batch of runs can
/// be expanded meanwhile.
struct Tally {
    /// The safety properties found broken so far.
    found: PropertySet,
    /// The graph built so far.
    graph: Graph,
    /// The states of depth `depth + 1` found so far, in id order, packed.
    next_level: PackedLevel,
    /// How many states of `level` have been merged.
    merged: usize,
    /// The state count at which to report progress next.
    next_report: u64,
    /// Whether the search has stopped (finished, a bound, cancelled, or a
    /// minimisation target found).
    done: bool,
}

/// The [`View`] of an exploration, borrowing only the fields it names (so
/// that the [`Tally`] can be borrowed mutably beside it).
macro_rules! view_of {
    ($exploration:expr) => {
        View {
            model: $exploration.model,
            config: &$exploration.config,
            table: $exploration.table,
            labels: &$exploration.labels,
            renamings: &$exploration.renamings,
            full_below: $exploration.full_below,
            target: $exploration.target,
            ids: &$exploration.ids,
            level: &$exploration.level,
            level_first_id: $exploration.level_first_id,
            depth: $exploration.depth,
        }
    };
}

/// What expanding a run reads of an [`Exploration`], and what the merge
/// reads besides its [`Tally`]: nothing here changes while a level is
/// expanded but the visited set, which only grows.
struct View<'s> {
    model: &'s Model,
    config: &'s CheckConfig,
    table: &'s dyn Footprints,
    labels: &'s [Action],
    renamings: &'s [Vec<u8>],
    full_below: u32,
    target: Option<Target>,
    ids: &'s Visited,
    level: &'s PackedLevel,
    level_first_id: u32,
    depth: u32,
}

/// The outcome of expanding a run of the frontier: for each state in it,
/// its summary, the safety properties it breaks and its successors, each
/// either a state already known (its id) or a state that was not in the
/// visited set when expanded (whole, with its fingerprint, so that merging
/// only looks it up again).
///
/// A state is judged (summary, safety) when it is expanded rather than when
/// it is found, so that the judging runs on the executor's threads, once
/// per state; the states a stopped search found but never expanded are
/// judged by [`Exploration::finish`].
#[derive(Debug, Default)]
pub struct Expansion {
    /// One per frontier state, in order.
    sources: Vec<Source>,
    /// Successors, grouped by source.
    successors: Vec<Successor>,
    /// The successors that were not known when expanded.
    fresh: Vec<Fresh>,
    /// The fresh successors' states, packed one after another.
    packed: Vec<u8>,
}

/// One expanded frontier state.
#[derive(Clone, Copy, Debug)]
struct Source {
    /// Where its successors end in [`Expansion::successors`].
    end: usize,
    /// Whether it was expanded (false beyond the depth bound).
    expanded: bool,
    /// Whether only a persistent set was expanded (partial-order reduction).
    reduced: bool,
    /// Whether it is a deadlock: nothing can move while something is
    /// pending.
    deadlock: bool,
    /// The model's cap it met, if it is a bound state.
    bound: Option<crate::state::Bound>,
    /// Its liveness summary.
    summary: Summary,
    /// The safety properties it breaks.
    broken: PropertySet,
}

/// One successor of an expanded state.
#[derive(Clone, Copy, Debug)]
enum Successor {
    /// A state with this id.
    Known(u32),
    /// The state at this index of [`Expansion::fresh`].
    Fresh(u32),
}

impl Expansion {
    /// Records a successor not in the visited set, packing its state.
    fn push_fresh(&mut self, key: u64, action: Action, state: &State) {
        let start = self.packed.len();
        state.pack(&mut self.packed);
        self.fresh.push(Fresh {
            key,
            action,
            packed: start..self.packed.len(),
        });
    }
}

/// A successor not in the visited set when expanded.
#[derive(Clone, Debug)]
struct Fresh {
    /// Its fingerprint (canonical under symmetry).
    key: u64,
    /// The action that reached it.
    action: Action,
    /// Where its packed state lies in [`Expansion::packed`].
    packed: Range<usize>,
}

impl<'a> Exploration<'a> {
    /// A search holding only the initial state, with `table` as the
    /// partial-order reduction's footprint table (normally the model).
    pub fn new(
        model: &'a Model,
        config: CheckConfig,
        table: &'a dyn Footprints,
    ) -> Exploration<'a> {
        let renamings = if config.symmetry {
            symmetry::interchangeable_workers(model)
                .map(|class| symmetry::renamings(&class, model.worker_count()))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut exploration = Exploration {
            model,
            config,
            table,
            labels: model.labels(),
            renamings,
            full_below: 0,
            target: None,
            ids: Visited::with_capacity(1 << 12),
            level: PackedLevel::default(),
            level_first_id: 0,
            depth: 0,
            tally: Tally {
                found: PropertySet::default(),
                graph: Graph::default(),
                next_level: PackedLevel::default(),
                merged: 0,
                next_report: config.progress_every.max(1),
                done: false,
            },
            spare: Vec::new(),
        };
        let initial = model.initial_state();
        let (view, _) = exploration.split();
        let key = view.key(&initial, &mut Vec::new());
        exploration.ids.get_or_insert_with(key, || Some(0));
        let graph = &mut exploration.tally.graph;
        graph.parent.push(0);
        graph.via.push(Action::Worker(0));
        graph.edge_start.push(0);
        exploration.level.push(&initial);
        exploration
    }

    /// Makes this a minimisation search: states shallower than
    /// `full_below` are expanded in full whatever the reduction says, and
    /// the search stops once it has found everything in `target`.
    pub(crate) fn minimising(mut self, full_below: u32, target: Option<Target>) -> Self {
        self.full_below = full_below;
        self.target = target;
        self
    }

    /// Makes room at once for about `states` states and `transitions`
    /// transitions (a minimisation search that will find about as many as
    /// the search before it), so that its tables do not grow, and copy
    /// themselves, step by step.
    pub(crate) fn expecting(mut self, states: usize, transitions: usize) -> Self {
        self.ids.reserve(states);
        let graph = &mut self.tally.graph;
        graph.parent.reserve(states);
        graph.via.reserve(states);
        graph.summary.reserve(states);
        graph.edge_start.reserve(states + 1);
        graph.edges.reserve(transitions);
        self
    }

    /// Whether the search has stopped.
    pub fn is_done(&self) -> bool {
        self.tally.done || self.level.is_empty()
    }

    /// How many states the frontier (the level being expanded) holds.
    pub fn frontier_len(&self) -> usize {
        self.level.len()
    }

    /// How many frontier states have been merged; the next expansion
    /// starts there.
    pub fn merged(&self) -> usize {
        self.tally.merged
    }

    /// What expanding reads, and what the merge changes, borrowed at once.
    fn split(&mut self) -> (View<'_>, &mut Tally) {
        (view_of!(self), &mut self.tally)
    }

    /// What expanding reads.
    fn view(&self) -> View<'_> {
        view_of!(self)
    }

    /// Drives the search to its end: cuts the rest of each level into runs
    /// of [`CHUNK`] states, has `executor` expand a batch of them (one run
    /// for a width of 1, eight per unit of width otherwise), and merges the
    /// batch in frontier order while the executor expands the next batch of
    /// the level ([`Executor::expand_all_while`]).
    pub fn run(&mut self, executor: &dyn Executor, progress: &mut dyn FnMut(Progress) -> bool) {
        let width = executor.width().max(1);
        let batch = if width == 1 {
            CHUNK
        } else {
            CHUNK.saturating_mul(8).saturating_mul(width)
        };
        let mut ready = std::mem::take(&mut self.spare);
        let mut next: Vec<Expansion> = Vec::new();
        // The runs of `range`, each into a buffer of `buffers`.
        let runs_of = |range: &Range<usize>, buffers: &mut Vec<Expansion>| {
            let runs = range.len().div_ceil(CHUNK);
            if buffers.len() < runs {
                buffers.resize_with(runs, Expansion::default);
            }
            runs
        };
        while !self.is_done() {
            let level = self.level.len();
            let cut = |start: usize| (start < level).then(|| start..(start + batch).min(level));
            // The batch expanded into `ready` and not yet merged.
            let mut pending = cut(self.tally.merged);
            if let Some(range) = &pending {
                let runs = runs_of(range, &mut ready);
                let view = self.view();
                executor.expand_all(&mut ready[..runs], &|run, expansion| {
                    view.expand_run(range, run, expansion);
                });
            }
            while let Some(range) = pending {
                let runs = range.len().div_ceil(CHUNK);
                // The merge may add each state carried fresh: room for them
                // now, while no expansion reads the visited set.
                let fresh = ready[..runs].iter().map(|run| run.fresh.len()).sum();
                self.ids.reserve(fresh);
                let following = cut(range.end);
                let (view, tally) = self.split();
                let mut going = true;
                let mut merge = || {
                    for expansion in &ready[..runs] {
                        if !tally.merge(&view, expansion, progress) {
                            going = false;
                            return;
                        }
                    }
                };
                match &following {
                    Some(range) => {
                        let runs = runs_of(range, &mut next);
                        executor.expand_all_while(
                            &mut next[..runs],
                            &|run, expansion| view.expand_run(range, run, expansion),
                            &mut merge,
                        );
                    }
                    None => merge(),
                }
                if !going {
                    return;
                }
                std::mem::swap(&mut ready, &mut next);
                pending = following;
            }
            self.next_depth();
        }
        ready.append(&mut next);
        self.spare = ready;
    }

    /// Expands the frontier states at `range` (indices into
    /// [`Exploration::frontier`]). Pure: it reads the search and changes
    /// nothing, so any number may run at once; their results are merged
    /// in frontier order.
    ///
    /// A successor found in the visited set is given by its id; one not
    /// found is carried whole. Under the reduction a state expands only a
    /// persistent set of its steps (`por.rs`) if each is invisible and none
    /// leads to a level already expanded (the cycle proviso): the states
    /// known now with ids
    /// below the next level's first are exactly those, and every state of
    /// the next level is either known now or not, so the decision is the
    /// one a one-state-at-a-time search would make.
    pub fn expand(&self, range: Range<usize>) -> Expansion {
        let mut expansion = Expansion::default();
        self.view().expand_into(range, &mut expansion);
        expansion
    }

    /// [`Exploration::expand`] into `expansion`, whose buffers are cleared
    /// and reused.
    pub fn expand_into(&self, range: Range<usize>, expansion: &mut Expansion) {
        self.view().expand_into(range, expansion);
    }

    /// Merges `expansion`, the next run of the frontier in order: gives
    /// each new state its id, records it and queues it on the next level.
    /// Returns false once the search has stopped (a bound, a cancellation
    /// through `progress`, or a minimisation target found), after which
    /// nothing more should be merged.
    pub fn merge(
        &mut self,
        expansion: &Expansion,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> bool {
        let (view, tally) = self.split();
        tally.merge(&view, expansion, progress)
    }

    /// Moves on to the next level once the frontier is merged.
    fn next_depth(&mut self) {
        debug_assert_eq!(self.tally.merged, self.level.len());
        self.level_first_id += self.level.len() as u32;
        std::mem::swap(&mut self.level, &mut self.tally.next_level);
        self.tally.next_level.clear();
        self.tally.merged = 0;
        self.depth += 1;
    }

    /// The graph, with what its tables held ([`Memory`]). The states a
    /// stopped search found but did not expand are judged here, in id
    /// order.
    pub fn finish(mut self) -> Graph {
        let model = self.model;
        let tally = &mut self.tally;
        let unjudged: Vec<(Summary, PropertySet)> = (tally.merged..self.level.len())
            .map(|index| self.level.get(index))
            .chain((0..tally.next_level.len()).map(|index| tally.next_level.get(index)))
            .map(|state| (Summary::of(&state), property::broken_safety(model, &state)))
            .collect();
        for (summary, broken) in unjudged {
            let id = tally.graph.summary.len() as u32;
            tally.judge(id, summary, broken);
        }
        debug_assert_eq!(tally.graph.summary.len(), tally.graph.states());
        let frontier = (self.level.capacity_bytes() + tally.next_level.capacity_bytes()) as u64;
        let mut graph = std::mem::take(&mut tally.graph);
        graph.memory = Memory {
            visited: self.ids.bytes(),
            records: (graph.parent.capacity() * std::mem::size_of::<u32>()
                + graph.via.capacity() * std::mem::size_of::<Action>()
                + graph.summary.capacity() * std::mem::size_of::<Summary>())
                as u64,
            edges: ((graph.edge_start.capacity() + graph.edges.capacity())
                * std::mem::size_of::<u32>()) as u64,
            frontier,
        };
        graph
    }
}

impl View<'_> {
    /// The fingerprint the search tells `state` apart by.
    fn key(&self, state: &State, scratch: &mut Vec<u8>) -> u64 {
        if self.renamings.is_empty() {
            fingerprint_with(state, scratch)
        } else {
            symmetry::canonical_fingerprint(state, self.renamings, scratch)
        }
    }

    /// Expands run `run` of the batch `batch` (indices into the frontier).
    fn expand_run(&self, batch: &Range<usize>, run: usize, expansion: &mut Expansion) {
        let from = batch.start + run * CHUNK;
        self.expand_into(from..(from + CHUNK).min(batch.end), expansion);
    }

    /// [`Exploration::expand_into`].
    fn expand_into(&self, range: Range<usize>, expansion: &mut Expansion) {
        let model = self.model;
        let next_level_first = self.level_first_id + self.level.len() as u32;
        let expand_at_all = self.depth < self.config.max_depth;
        let reduce = self.config.reduction && self.depth >= self.full_below;
        expansion.sources.clear();
        expansion.successors.clear();
        expansion.fresh.clear();
        expansion.packed.clear();
        let mut actions = Vec::new();
        let mut events = Vec::new();
        let mut steps: Vec<(Action, State, u64, Option<u32>, bool)> = Vec::new();
        let Some(first) = range.clone().next() else {
            return;
        };
        // One state buffer, unpacked over in place for each frontier state.
        let mut buffer = self.level.get(first);
        // The fingerprints' packed bytes.
        let mut scratch = Vec::with_capacity(256);
        for index in range {
            if index != first {
                self.level.get_into(index, &mut buffer);
            }
            let state = &buffer;
            model.actions(state, &mut actions);
            let mut source = Source {
                end: 0,
                expanded: expand_at_all,
                reduced: false,
                deadlock: state.bound.is_none()
                    && actions.is_empty()
                    && property::something_pending(state),
                bound: state.bound,
                summary: Summary::of(state),
                broken: property::broken_safety(model, state),
            };
            if expand_at_all {
                let candidates = if reduce {
                    por::candidates(self.table, self.labels, state, &actions)
                } else {
                    Vec::new()
                };
                if candidates.is_empty() {
                    let mut successor = |action: Action, expansion: &mut Expansion| {
                        let mut next = *state;
                        events.clear();
                        model.step(&mut next, action, &mut events);
                        let key = self.key(&next, &mut scratch);
                        match self.ids.get(key) {
                            Some(id) => (Successor::Known(id), Some(id)),
                            None => {
                                expansion.push_fresh(key, action, &next);
                                (Successor::Fresh(expansion.fresh.len() as u32 - 1), None)
                            }
                        }
                    };
                    for &action in &actions {
                        let (found, _) = successor(action, expansion);
                        expansion.successors.push(found);
                    }
                } else {
                    // Every successor is computed, then the smallest
                    // candidate persistent set that passes both provisos
                    // is kept (`por.rs`): each of its steps invisible, and
                    // each leading one level deeper (the breadth-first
                    // cycle proviso: every cycle of the graph has an edge
                    // back to a level already expanded, so every cycle
                    // keeps a state expanded in full).
                    steps.clear();
                    for &action in &actions {
                        let mut next = *state;
                        events.clear();
                        model.step(&mut next, action, &mut events);
                        let key = self.key(&next, &mut scratch);
                        let known = self.ids.get(key);
                        let invisible = Summary::of(&next) == source.summary
                            && property::unobservable(model, state, &next);
                        let deeper = known.is_none_or(|id| id >= next_level_first);
                        steps.push((action, next, key, known, invisible && deeper));
                    }
                    let all = u64::MAX >> (64 - actions.len());
                    let chosen = candidates
                        .into_iter()
                        .find(|&mask| {
                            (0..actions.len()).all(|bit| mask & (1 << bit) == 0 || steps[bit].4)
                        })
                        .unwrap_or(all);
                    source.reduced = chosen != all;
                    for (bit, &(action, next, key, known, _)) in steps.iter().enumerate() {
                        if chosen & (1 << bit) == 0 {
                            continue;
                        }
                        let found = match known {
                            Some(id) => Successor::Known(id),
                            None => {
                                expansion.push_fresh(key, action, &next);
                                Successor::Fresh(expansion.fresh.len() as u32 - 1)
                            }
                        };
                        expansion.successors.push(found);
                    }
                }
            }
            source.end = expansion.successors.len();
            expansion.sources.push(source);
        }
    }
}

impl Tally {
    /// Merges `expansion`, the next run of the frontier in order: gives
    /// each new state its id, records it and queues it on the next level.
    /// Returns false once the search has stopped (a bound, a cancellation
    /// through `progress`, or a minimisation target found), after which
    /// nothing more should be merged.
    fn merge(
        &mut self,
        view: &View<'_>,
        expansion: &Expansion,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> bool {
        let Expansion {
            sources,
            successors,
            fresh,
            packed,
        } = expansion;
        let mut start = 0;
        for source in sources {
            let id = view.level_first_id + self.merged as u32;
            debug_assert_eq!(id as usize, self.graph.expanded());
            self.merged += 1;
            self.judge(id, source.summary, source.broken);
            if let Some(bound) = source.bound {
                let slot = &mut self.graph.bounds[bound as usize];
                slot.0 += 1;
                slot.1.get_or_insert(id);
            } else if source.deadlock && self.graph.first_deadlock.is_none() {
                self.graph.first_deadlock = Some(id);
            }
            if !source.expanded {
                self.graph.stop.get_or_insert(Stop::MaxDepth);
            }
            if source.reduced {
                self.graph.reduced += 1;
                self.graph.first_reduced_depth.get_or_insert(view.depth);
            }
            for successor in &successors[start..source.end] {
                self.graph.transitions += 1;
                let target = match *successor {
                    Successor::Known(known) => known,
                    Successor::Fresh(index) => {
                        let fresh = &fresh[index as usize];
                        let states = self.graph.states();
                        let room = (states as u64) < view.config.max_states;
                        match view
                            .ids
                            .get_or_insert_with(fresh.key, || room.then_some(states as u32))
                        {
                            Some((known, false)) => known,
                            Some((new_id, true)) => {
                                self.graph.parent.push(id);
                                self.graph.via.push(fresh.action);
                                self.next_level.push_packed(&packed[fresh.packed.clone()]);
                                self.graph.max_depth = view.depth + 1;
                                new_id
                            }
                            None => {
                                self.graph.stop = Some(Stop::MaxStates);
                                self.graph.edge_start.push(self.graph.edges.len() as u32);
                                self.done = true;
                                return false;
                            }
                        }
                    }
                };
                self.graph.edges.push(target);
            }
            start = source.end;
            self.graph.edge_start.push(self.graph.edges.len() as u32);
            if let Some(target) = view.target {
                if target.safety.without(self.found).is_empty()
                    && (!target.deadlock || self.graph.first_deadlock.is_some())
                {
                    self.done = true;
                    return false;
                }
            }
            if self.graph.states() as u64 >= self.next_report {
                self.next_report += view.config.progress_every.max(1);
                let keep_going = progress(Progress {
                    states: self.graph.states() as u64,
                    transitions: self.graph.transitions,
                    frontier: (view.level.len() - self.merged + self.next_level.len()) as u64,
                    depth: view.depth,
                });
                if !keep_going {
                    self.graph.stop = Some(Stop::Cancelled);
                    self.done = true;
                    return false;
                }
            }
        }
        true
    }

    /// Records what state `id` (the next to be judged, in id order) is:
    /// its summary, and the safety properties it is the first to break.
    fn judge(&mut self, id: u32, summary: Summary, broken: PropertySet) {
        debug_assert_eq!(id as usize, self.graph.summary.len());
        self.graph.summary.push(summary);
        if !broken.is_empty() {
            for (slot, property) in Property::SAFETY.iter().enumerate() {
                if broken.contains(*property) && self.graph.first_broken[slot].is_none() {
                    self.graph.first_broken[slot] = Some(id);
                    self.found.insert(*property);
                }
            }
        }
    }
}
