//! The exhaustive checker: every interleaving of a scenario, each property
//! judged, and the shortest run that breaks one.
//!
//! The checker drives the same [`Model::actions`] and [`Model::step`] as the
//! animator, so there is no second model to drift. A counterexample is a
//! schedule string, which the CLI, the page and a URL all replay.
//!
//! - [`config`]: bounds and options.
//! - [`bfs`]: breadth-first exploration with fingerprint deduplication.
//! - [`liveness`]: L1 and L2 on the explored graph.
//! - [`reduction`]: partial-order reduction over local steps (on by default).
//! - [`symmetry`]: the optional reduction over interchangeable workers.
//! - [`fingerprint`]: a platform-independent state hash.

pub mod bfs;
pub mod config;
pub mod fingerprint;
pub mod liveness;
pub mod reduction;
pub mod symmetry;

pub use bfs::Stop;
pub use config::CheckConfig;

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
    /// What breaks, or why there is no verdict, in a sentence.
    pub detail: String,
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
    /// The caps the search met, each with a shortest path to one.
    #[serde(default)]
    pub bounds: Vec<BoundReport>,
}

impl Report {
    /// The verdict on `property`.
    pub fn verdict(&self, property: Property) -> &Verdict {
        self.verdicts
            .iter()
            .find(|verdict| verdict.property == property)
            .expect("every property has a verdict")
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

/// Checks an already built model (its assumptions win over the config's).
pub fn check_model(
    model: &Model,
    config: CheckConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Report {
    let config = CheckConfig {
        assumptions: model.assumptions(),
        ..config
    };
    let graph = bfs::explore(model, &config, progress);
    let complete = graph.stop.is_none();
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
        let reverse = liveness::Reverse::new(&graph);
        liveness::reachable_goals(&graph, &reverse, |summary| {
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
        })
    });
    let liveness = |property: Property, found: Option<(u32, String)>| match found {
        Some((id, detail)) => {
            let (counterexample, steps) = counterexample(id);
            Verdict {
                property,
                outcome: Outcome::Broken,
                counterexample,
                steps,
                detail,
            }
        }
        None => safe_or_unknown(property, complete),
    };
    let stuck = |bit: u64, pending: &dyn Fn(bfs::Summary) -> bool| {
        can_reach
            .as_ref()
            .and_then(|can_reach| liveness::first_stuck(&graph, can_reach, bit, pending))
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
    Report {
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
    }
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
            detail: property.statement().to_owned(),
        }
    } else {
        Verdict {
            property,
            outcome: Outcome::Unknown,
            counterexample: None,
            steps: None,
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
