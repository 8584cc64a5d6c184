//! Who expands the frontier: the search's one seam for parallelism.
//!
//! The core runs no threads. A search hands its executor a batch of
//! frontier runs to expand ([`super::bfs::Exploration::expand_into`], a
//! pure function of the search, each run into a buffer of its own) and
//! then merges the buffers itself, in run order. An executor may therefore expand the runs in any
//! order or at once (the CLI's does, on `std::thread::scope` threads)
//! without changing a state count, an id, a verdict or a counterexample.
//! It may also expand the next batch while the search merges the last one
//! ([`Executor::expand_all_while`]): the merge only adds states to the
//! visited set (`visited.rs`), which expansions read as it stands.

use super::bfs::Expansion;

/// Expands runs of a frontier, possibly at once.
pub trait Executor {
    /// How many expansions it works on at once (1 for [`Sequential`]); the
    /// search hands it batches of a few runs per unit of width.
    fn width(&self) -> usize;

    /// Calls `expand(index, &mut runs[index])` once for every index of
    /// `runs`, in any order or at once; `expand` fills the buffer it is
    /// given (reusing its memory) and reads nothing else it could change.
    fn expand_all(&self, runs: &mut [Expansion], expand: &(dyn Fn(usize, &mut Expansion) + Sync));

    /// As [`Executor::expand_all`], while `during` runs once on the calling
    /// thread (the search merges the batch before this one there); returns
    /// once both are done. The default runs `during` first, then
    /// `expand_all`; an executor with threads to spare expands meanwhile.
    fn expand_all_while(
        &self,
        runs: &mut [Expansion],
        expand: &(dyn Fn(usize, &mut Expansion) + Sync),
        during: &mut dyn FnMut(),
    ) {
        during();
        self.expand_all(runs, expand);
    }

    /// Runs every job once, in any order or at once (the liveness pass
    /// hands it one propagation per unit of width). The default runs them
    /// one after another.
    fn run_all(&self, jobs: &mut [Box<dyn FnMut() + Send + '_>]) {
        for job in jobs.iter_mut() {
            job();
        }
    }
}

/// Expands one run after another on the calling thread (the page and every
/// core caller use it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sequential;

impl Executor for Sequential {
    fn width(&self) -> usize {
        1
    }

    fn expand_all(&self, runs: &mut [Expansion], expand: &(dyn Fn(usize, &mut Expansion) + Sync)) {
        for (index, run) in runs.iter_mut().enumerate() {
            expand(index, run);
        }
    }
}
