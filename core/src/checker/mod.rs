//! The exhaustive checker: every interleaving of a scenario, each property
//! judged, and the shortest run that breaks one.
//!
//! The checker drives the same [`Model::actions`] and [`Model::step`] as the
//! animator, so there is no second model to drift. A counterexample is a
//! schedule string, which the CLI, the page and a URL all replay.
//!
//! - [`config`]: bounds and options.
//! - [`bfs`]: breadth-first exploration with fingerprint deduplication,
//!   level by level.
//! - [`executor`]: who expands a level's runs ([`Sequential`] here; the CLI
//!   brings threads).
//! - [`liveness`]: L1 and L2 on the explored graph.
//! - [`por`]: partial-order reduction by persistent sets computed from the
//!   model's footprint table (on by default).
//! - [`symmetry`]: the optional reduction over interchangeable workers.
//! - [`fingerprint`]: a platform-independent state hash.

pub mod bfs;
pub mod config;
pub mod executor;
pub mod fingerprint;
pub mod liveness;
mod packed;
pub mod por;
pub mod symmetry;
pub mod visited;

pub use bfs::{Memory, Stop};
pub use config::CheckConfig;
pub use executor::{Executor, Sequential};

use crate::model::Model;
use crate::property::Property;
use crate::scenario::Scenario;
use crate::schedule;
use crate::state::Bound;
use crate::variant::{Assumptions, Variant};
use serde::{Deserialize, Serialize};

/// How far a search has got, reported while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Unique states found.
    pub states: u64,
    /// Transitions taken.
    pub transitions: u64,
    /// States found but not yet expanded.
    pub frontier: u64,
    /// The depth being expanded.
    pub depth: u32,
}

/// What the checker concluded about one property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// No reachable state breaks it.
    Holds,
    /// A reachable state breaks it; see the counterexample.
    Broken,
    /// The search was incomplete (or the reduction does not allow judging
    /// it), so no verdict.
    Unknown,
}

/// One property's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The property.
    pub property: Property,
    /// The verdict.
    pub outcome: Outcome,
    /// The shortest schedule reaching a state that breaks it.
    pub counterexample: Option<String>,
    /// The number of steps of the counterexample.
    pub steps: Option<usize>,
    /// Under the partial-order reduction, the number of steps of the
    /// counterexample the reduced search found (at least `steps`: the
    /// counterexample given is the minimisation search's, see
    /// [`Report::minimisation`]). `None` without the reduction or without a
    /// counterexample.
    #[serde(default)]
    pub reduced_steps: Option<usize>,
    /// Whether the counterexample is known to be a shortest one: always
    /// without the reduction (breadth-first order), and under it when the
    /// minimisation search found it (false when that search met a bound
    /// first or [`CheckConfig::minimise`] is off, and the reduced search's
    /// counterexample is given instead).
    #[serde(default = "yes")]
    pub minimal: bool,
    /// What breaks, or why there is no verdict, in a sentence.
    pub detail: String,
}

fn yes() -> bool {
    true
}

/// The search that makes counterexamples shortest again after the reduced
/// search found them (issue item "shortest counterexamples stay shortest").
///
/// A reduced search may reach a violation by a longer path than the
/// shortest: it postpones steps the full search takes first. Once it has
/// found violations, of which the longest counterexample has `depth`
/// steps, a second search without the reduction looks for the shortest run
/// to each kind of violation, bounded by that depth: for safety properties
/// and deadlock a breadth-first search of the full graph to `depth`, which
/// stops once it has found each; for the liveness properties (which are
/// judged on a whole graph) a search that expands every state shallower
/// than `depth` in full and the rest reduced (a valid reduced graph, so
/// its liveness verdicts are exact), whose first stuck state is the full
/// search's. Either way the counterexample found is exactly the one the
/// full search would give. It is skipped when the reduced search expanded
/// every state shallower than `depth` in full (its graph is then the full
/// one to that depth).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minimisation {
    /// The depth bound: the longest counterexample of the reduced search,
    /// in steps.
    pub depth: u32,
    /// Whether it had to judge liveness (and so explored beyond `depth`,
    /// reduced).
    pub liveness: bool,
    /// Unique states it found.
    pub states: u64,
    /// Transitions it took.
    pub transitions: u64,
    /// Why it stopped before finding every violation, if it did (the state
    /// bound, or a cancellation through the progress callback, which it
    /// reports to as the first search does); the verdicts it did not
    /// shorten say `minimal: false`.
    pub stop: Option<Stop>,
}

/// The result of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The scenario checked.
    pub scenario: String,
    /// Its worker count.
    pub workers: usize,
    /// The variant checked.
    pub variant: Variant,
    /// The bounds and options.
    pub config: CheckConfig,
    /// Unique states found.
    pub states: u64,
    /// Transitions taken.
    pub transitions: u64,
    /// The deepest state found.
    pub max_depth: u32,
    /// Whether every reachable state was explored.
    pub complete: bool,
    /// Why the search stopped early, if it did.
    pub stop: Option<Stop>,
    /// One verdict per property, in [`Property::ALL`] order.
    pub verdicts: Vec<Verdict>,
    /// The caps the search met, each with a path to one (a shortest one
    /// without the reduction, or when the minimisation search met it).
    #[serde(default)]
    pub bounds: Vec<BoundReport>,
    /// What the search's tables held at its end ([`Memory`] says how it is
    /// computed); [`Report::bytes_per_state`] divides it by the states.
    #[serde(default)]
    pub memory: Memory,
    /// The minimisation search, if the reduced search found a violation
    /// whose counterexample it had to shorten ([`Minimisation`]).
    #[serde(default)]
    pub minimisation: Option<Minimisation>,
}

impl Report {
    /// The verdict on `property`.
    pub fn verdict(&self, property: Property) -> &Verdict {
        self.verdicts
            .iter()
            .find(|verdict| verdict.property == property)
            .expect("every property has a verdict")
    }

    /// Bytes the search kept per unique state: the visited set, the
    /// per-state records and the successor graph ([`Memory::kept`]) over
    /// [`Report::states`].
    pub fn bytes_per_state(&self) -> f64 {
        self.memory.per_state(self.states)
    }

    /// Whether some property is broken.
    pub fn any_broken(&self) -> bool {
        self.verdicts.iter().any(|verdict| {
            verdict.outcome == Outcome::Broken && !verdict.property.is_informational()
        })
    }
}

/// Checks `scenario` under `variant`, reporting progress to `progress`,
/// which returns false to cancel.
pub fn check(
    scenario: Scenario,
    variant: Variant,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Report, String> {
    let model = Model::new(scenario, variant, config.assumptions)?;
    Ok(check_model(&model, config, progress))
}

/// [`check`] with `executor` expanding each level's runs; the report is
/// the same whatever the executor. Errors: the scenario's first bad field.
pub fn check_with(
    scenario: Scenario,
    variant: Variant,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    executor: &dyn Executor,
) -> Result<Report, String> {
    let model = Model::new(scenario, variant, config.assumptions)?;
    Ok(check_model_with(&model, config, progress, executor))
}

/// Checks an already built model (its assumptions win over the config's),
/// on the calling thread.
pub fn check_model(
    model: &Model,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Report {
    check_model_with(model, config, progress, &Sequential)
}

/// [`check_model`] with `executor` expanding each level's runs (the CLI
/// passes one that uses threads). The report is the same whatever the
/// executor: states, transitions, verdicts, counterexamples and memory.
pub fn check_model_with(
    model: &Model,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    executor: &dyn Executor,
) -> Report {
    check_model_with_table(model, config, progress, executor, model)
}

/// [`check_model_with`] with `table` in place of the model's footprint
/// table for the partial-order reduction (both the search and the
/// minimisation search read it), so that a test can show that a table
/// declaring too small a footprint changes a verdict.
pub fn check_model_with_table(
    model: &Model,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    executor: &dyn Executor,
    table: &dyn por::Footprints,
) -> Report {
    let config = CheckConfig {
        assumptions: model.assumptions(),
        ..config
    };
    let mut exploration = bfs::Exploration::new(model, config, table);
    exploration.run(executor, progress);
    let graph = exploration.finish();
    let complete = graph.stop.is_none();
    let (verdicts, bounds) = judge(model, &config, &graph, complete, executor);
    let first_reduced_depth = graph.first_reduced_depth;
    let mut report = Report {
        scenario: model.scenario().name.clone(),
        workers: model.worker_count(),
        variant: model.variant(),
        config,
        states: graph.states() as u64,
        transitions: graph.transitions,
        max_depth: graph.max_depth,
        complete,
        stop: graph.stop,
        verdicts,
        bounds,
        memory: graph.memory,
        minimisation: None,
    };
    drop(graph);
    if config.reduction {
        for verdict in report.verdicts.iter_mut() {
            verdict.reduced_steps = verdict.steps;
            verdict.minimal = verdict.steps.is_none();
        }
        // A cancelled check is not made longer by a second search.
        if config.minimise && report.stop != Some(Stop::Cancelled) {
            minimise(
                model,
                table,
                executor,
                &mut report,
                first_reduced_depth,
                progress,
            );
        }
    }
    report
}

/// Shortens the reduced search's counterexamples to the full search's
/// ([`Minimisation`] says how).
fn minimise(
    model: &Model,
    table: &dyn por::Footprints,
    executor: &dyn Executor,
    report: &mut Report,
    first_reduced_depth: Option<u32>,
    progress: &mut dyn FnMut(Progress) -> bool,
) {
    let Some(depth) = report.verdicts.iter().filter_map(|v| v.steps).max() else {
        return;
    };
    let depth = depth as u32;
    if first_reduced_depth.is_none_or(|reduced| depth <= reduced) {
        // Every state shallower than `depth` was expanded in full: to that
        // depth the reduced graph is the full one, ids and all.
        for verdict in report.verdicts.iter_mut() {
            verdict.minimal = true;
        }
        return;
    }
    let broken = |property: Property| {
        report
            .verdicts
            .iter()
            .any(|v| v.property == property && v.steps.is_some())
    };
    let liveness = Property::ALL
        .iter()
        .any(|&p| !Property::SAFETY.contains(&p) && p != Property::Deadlock && broken(p));
    let config = report.config;
    let (config, target) = if liveness {
        (config, None)
    } else {
        let mut safety = crate::PropertySet::default();
        for property in Property::SAFETY {
            if broken(property) {
                safety.insert(property);
            }
        }
        let target = bfs::Target {
            safety,
            deadlock: broken(Property::Deadlock),
        };
        let bounded = CheckConfig {
            reduction: false,
            max_depth: depth,
            ..config
        };
        (bounded, Some(target))
    };
    let mut exploration = bfs::Exploration::new(model, config, table).minimising(depth, target);
    if liveness {
        // It explores the whole graph again, fuller than the reduced one.
        let states = report.states as usize;
        exploration = exploration.expecting(
            states + states / 64,
            report.transitions as usize + report.transitions as usize / 16,
        );
    }
    // The caller's progress sees this search too (its counts start again
    // from one state), so a cancellation stops it as well.
    exploration.run(executor, progress);
    let graph = exploration.finish();
    let finished = graph.stop.is_none() && liveness;
    let (shortest, bounds) = judge(model, &config, &graph, finished, executor);
    report.minimisation = Some(Minimisation {
        depth,
        liveness,
        states: graph.states() as u64,
        transitions: graph.transitions,
        stop: graph.stop.filter(|&stop| stop != Stop::MaxDepth),
    });
    for verdict in report.verdicts.iter_mut() {
        let Some(reduced) = verdict.steps else {
            continue;
        };
        let found = shortest
            .iter()
            .find(|found| found.property == verdict.property)
            .filter(|found| found.outcome == Outcome::Broken);
        match found {
            Some(found) if found.steps.is_some_and(|steps| steps <= reduced) => {
                verdict.counterexample = found.counterexample.clone();
                verdict.steps = found.steps;
                verdict.detail = found.detail.clone();
                verdict.minimal = true;
            }
            _ => verdict.minimal = false,
        }
    }
    for bound in report.bounds.iter_mut() {
        if let Some(found) = bounds.iter().find(|found| found.bound == bound.bound) {
            if found.path.split_whitespace().count() < bound.path.split_whitespace().count() {
                bound.path = found.path.clone();
            }
        }
    }
}

/// The verdicts (in [`Property::ALL`] order) and the bounds met of an
/// explored graph; liveness is judged only when `complete`, its
/// propagation run by `executor`.
fn judge(
    model: &Model,
    config: &CheckConfig,
    graph: &bfs::Graph,
    complete: bool,
    executor: &dyn Executor,
) -> (Vec<Verdict>, Vec<BoundReport>) {
    let symmetric = config.symmetry && symmetry::interchangeable_workers(model).is_some();
    let counterexample = |id: u32| {
        let path = graph.path_to(id);
        (Some(schedule::format(&path)), Some(path.len()))
    };
    let mut verdicts = Vec::new();
    for (slot, property) in Property::SAFETY.iter().enumerate() {
        verdicts.push(match graph.first_broken[slot] {
            Some(id) => {
                let (counterexample, steps) = counterexample(id);
                Verdict {
                    property: *property,
                    outcome: Outcome::Broken,
                    counterexample,
                    steps,
                    reduced_steps: None,
                    minimal: true,
                    detail: safety_detail(model, *property, &graph.path_to(id)),
                }
            }
            None => safe_or_unknown(*property, complete),
        });
    }
    // Goals, one bit each: requester r has finished (bit r), worker w is
    // not waiting at a barrier (bit 3 + w), task t has no outside work
    // pending (bit 11 + t), the dropper has joined (bit 27). A bound state
    // counts as reaching every goal (section 6, "Bounds").
    let requesters = model.requester_count();
    let workers = model.worker_count();
    let tasks = model.task_count();
    const JOINED: u64 = 1 << 27;
    let can_reach = complete.then(|| {
        let reverse = liveness::Reverse::new(graph);
        liveness::reachable_goals(
            graph,
            &reverse,
            |summary| {
                if summary.bound() {
                    return u64::MAX;
                }
                let mut bits = 0u64;
                for index in 0..requesters {
                    if summary.requester_finished(index) {
                        bits |= 1 << index;
                    }
                }
                for index in 0..workers {
                    if !summary.worker_waiting(index) {
                        bits |= 1 << (3 + index);
                    }
                }
                for task in 0..tasks {
                    if !summary.outside_pending(task) {
                        bits |= 1 << (11 + task);
                    }
                }
                if summary.joined() {
                    bits |= JOINED;
                }
                bits
            },
            executor,
        )
    });
    let liveness = |property: Property, found: Option<(u32, String)>| match found {
        Some((id, detail)) => {
            let (counterexample, steps) = counterexample(id);
            Verdict {
                property,
                outcome: Outcome::Broken,
                counterexample,
                steps,
                reduced_steps: None,
                minimal: true,
                detail,
            }
        }
        None => safe_or_unknown(property, complete),
    };
    let stuck = |bit: u64, pending: &dyn Fn(bfs::Summary) -> bool| {
        can_reach
            .as_ref()
            .and_then(|can_reach| liveness::first_stuck(graph, can_reach, bit, pending))
    };
    let first_of = |found: Vec<(u32, String)>| found.into_iter().min_by_key(|(id, _)| *id);
    let mut l1 = Vec::new();
    let mut l1_shutdown = Vec::new();
    for index in 0..requesters {
        if let Some(id) = stuck(1 << index, &|summary| {
            !summary.requester_finished(index) && !summary.overlaps_close(index)
        }) {
            l1.push((
                id,
                format!("after this schedule R{index}'s dump() can never return"),
            ));
        }
        if let Some(id) = stuck(1 << index, &|summary| {
            !summary.requester_finished(index) && summary.overlaps_close(index)
        }) {
            l1_shutdown.push((
                id,
                format!(
                    "R{index}'s dump overlaps the runtime's close and never returns, as Tokio documents"
                ),
            ));
        }
    }
    verdicts.push(liveness(Property::L1, first_of(l1)));
    verdicts.push(liveness(Property::L1Shutdown, first_of(l1_shutdown)));
    if symmetric {
        verdicts.push(Verdict {
            property: Property::L2,
            outcome: Outcome::Unknown,
            counterexample: None,
            steps: None,
            reduced_steps: None,
            minimal: true,
            detail: "not judged under the symmetry reduction".to_owned(),
        });
    } else {
        let mut l2 = Vec::new();
        for index in 0..workers {
            if let Some(id) = stuck(1 << (3 + index), &|summary| summary.worker_waiting(index)) {
                l2.push((
                    id,
                    format!("after this schedule W{index} waits at a barrier for ever"),
                ));
            }
        }
        verdicts.push(liveness(Property::L2, first_of(l2)));
    }
    let mut l3 = Vec::new();
    for task in 0..tasks {
        if let Some(id) = stuck(1 << (11 + task), &|summary| {
            summary.outside_pending(task) && !summary.closed()
        }) {
            l3.push((
                id,
                format!(
                    "after this schedule {} is queued from outside and is never polled",
                    model.task_name(task as u8)
                ),
            ));
        }
    }
    verdicts.push(liveness(Property::L3, first_of(l3)));
    let l4 = stuck(JOINED, &|summary| summary.closed() && !summary.joined()).map(|id| {
        (
            id,
            "after this schedule dropping the runtime never finishes".to_owned(),
        )
    });
    verdicts.push(liveness(Property::L4, l4));
    let deadlock = graph.first_deadlock.map(|id| {
        (
            id,
            "after this schedule no actor can move while something is still pending".to_owned(),
        )
    });
    verdicts.push(match deadlock {
        Some(found) => liveness(Property::Deadlock, Some(found)),
        None => safe_or_unknown(Property::Deadlock, complete),
    });
    let bounds = graph
        .bounds
        .iter()
        .zip([Bound::Handles, Bound::IdleBookkeeping])
        .filter_map(|(&(count, first), bound)| {
            first.map(|id| BoundReport {
                bound,
                states: count,
                path: schedule::format(&graph.path_to(id)),
            })
        })
        .collect();
    (verdicts, bounds)
}

/// Where the checker met one of the model's caps (section 6, "Bounds").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundReport {
    /// Which cap.
    pub bound: Bound,
    /// How many bound states of this kind were found.
    pub states: u64,
    /// A shortest schedule to one.
    pub path: String,
}

/// What a safety counterexample shows, in a sentence: for C1 the tasks the
/// dump leaves out and why.
fn safety_detail(model: &Model, property: Property, path: &[crate::model::Action]) -> String {
    if property != Property::C1 {
        return format!("{} fails: {}", property.code(), property.statement());
    }
    let mut state = model.initial_state();
    let mut events = Vec::new();
    for &action in path {
        model.step(&mut state, action, &mut events);
    }
    let dump = state.trace_result.or_else(|| {
        state
            .requesters
            .iter()
            .find_map(|r| r.dump.filter(|d| d.is_incomplete()))
    });
    let missing: Vec<String> = dump
        .iter()
        .flat_map(|dump| dump.missing().copied().collect::<Vec<_>>())
        .map(|entry| {
            format!(
                "{} (notified: {})",
                model.task_name(entry.task),
                crate::property::describe_location(entry.location)
            )
        })
        .collect();
    format!(
        "incomplete (by design): the dump leaves out {}",
        if missing.is_empty() {
            "a task".to_owned()
        } else {
            missing.join(", ")
        }
    )
}

fn safe_or_unknown(property: Property, complete: bool) -> Verdict {
    if complete {
        Verdict {
            property,
            outcome: Outcome::Holds,
            counterexample: None,
            steps: None,
            reduced_steps: None,
            minimal: true,
            detail: property.statement().to_owned(),
        }
    } else {
        Verdict {
            property,
            outcome: Outcome::Unknown,
            counterexample: None,
            steps: None,
            reduced_steps: None,
            minimal: true,
            detail: "the search stopped at a bound before exploring every state".to_owned(),
        }
    }
}

/// Runs a check with the default bounds and no progress reports.
pub fn check_quietly(
    scenario: Scenario,
    variant: Variant,
    assumptions: Assumptions,
) -> Result<Report, String> {
    let config = CheckConfig {
        assumptions,
        ..CheckConfig::default()
    };
    check(scenario, variant, config, &mut |_| true)
}
