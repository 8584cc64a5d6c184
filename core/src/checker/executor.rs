//! Who expands the frontier: the search's one seam for parallelism.
//!
//! The core runs no threads. A search hands its executor a number of
//! frontier runs to expand ([`super::bfs::Exploration::expand`], a pure
//! function) and gets the expansions back in run order; it then merges them
//! itself, in that order. An executor may therefore expand the runs in any
//! order or at once (the CLI's does, on `std::thread::scope` threads)
//! without changing a state count, an id, a verdict or a counterexample.

use super::bfs::Expansion;

/// Expands runs of a frontier, possibly at once.
pub trait Executor {
    /// How many expansions it works on at once (1 for [`Sequential`]); the
    /// search hands it batches of a few runs per unit of width.
    fn width(&self) -> usize;

    /// Calls `expand(0)` to `expand(count - 1)` and returns their results
    /// in index order.
    fn expand_all(
        &self,
        count: usize,
        expand: &(dyn Fn(usize) -> Expansion + Sync),
    ) -> Vec<Expansion>;
}

/// Expands one run after another on the calling thread (the page and every
/// core caller use it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sequential;

impl Executor for Sequential {
    fn width(&self) -> usize {
        1
    }

    fn expand_all(
        &self,
        count: usize,
        expand: &(dyn Fn(usize) -> Expansion + Sync),
    ) -> Vec<Expansion> {
        (0..count).map(expand).collect()
    }
}
