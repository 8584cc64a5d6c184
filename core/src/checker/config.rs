//! The checker's bounds and options, in one place.

use crate::variant::Assumptions;
use serde::{Deserialize, Serialize};

/// Everything that bounds or shapes a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckConfig {
    /// Stop after this many unique states (the search is then incomplete,
    /// and liveness is not judged).
    pub max_states: u64,
    /// Do not expand states deeper than this many steps from the start.
    pub max_depth: u32,
    /// Treat workers that start with identical configuration (no tasks of
    /// their own) as interchangeable, exploring one state per permutation
    /// class. Counts are then not comparable with a plain search, and L2
    /// is not judged.
    pub symmetry: bool,
    /// Partial-order reduction (`por.rs`): expand only a persistent set of
    /// invisible steps, computed from the model's footprint table, where
    /// there is one. On by default; off gives the full graph. Counts of
    /// states are then smaller than the full search's.
    #[serde(default = "on")]
    pub reduction: bool,
    /// After a reduced search found violations, run the minimisation
    /// search (`Minimisation` in `mod.rs`) so each counterexample is a
    /// shortest one, the full search's. On by default; a caller that reads
    /// only the verdicts (the casebook's table) may turn it off, and then
    /// counterexamples are the reduced search's, perhaps longer.
    #[serde(default = "on")]
    pub minimise: bool,
    /// The assumptions the verdicts hold under.
    pub assumptions: Assumptions,
    /// How many states between two progress reports.
    pub progress_every: u64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_states: 5_000_000,
            max_depth: 10_000,
            symmetry: false,
            reduction: true,
            minimise: true,
            assumptions: Assumptions::default(),
            progress_every: 16_384,
        }
    }
}

fn on() -> bool {
    true
}
