//! The threads that expand the checker's levels (`check --threads N`).
//!
//! The core runs no threads: its search hands an [`Executor`] a batch of
//! frontier runs, each expanded by a pure function, and merges the results
//! itself in frontier order. This executor expands a batch on
//! `std::thread::scope` threads (the calling thread among them), each
//! taking the next run from a shared counter, and hands the results back in
//! run order, so the report is the same as with one thread. While the
//! helpers start on a batch, the calling thread merges the batch before it
//! (`Executor::expand_all_while`), then joins them.

use rendezvous_core::checker::bfs::Expansion;
use rendezvous_core::checker::Executor;
use std::sync::Mutex;

/// Expands a batch of runs on `count` threads.
#[derive(Clone, Copy, Debug)]
pub struct Threads {
    count: usize,
}

impl Threads {
    /// An executor of `count` threads (at least 1).
    pub fn new(count: usize) -> Threads {
        Threads {
            count: count.max(1),
        }
    }

    /// One thread per core, as `std::thread::available_parallelism` says
    /// (1 when it cannot tell).
    pub fn every_core() -> Threads {
        Threads::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// How many threads.
    pub fn count(&self) -> usize {
        self.count
    }
}

impl Executor for Threads {
    fn width(&self) -> usize {
        self.count
    }

    fn expand_all(&self, runs: &mut [Expansion], expand: &(dyn Fn(usize, &mut Expansion) + Sync)) {
        self.expand_all_while(runs, expand, &mut || {});
    }

    /// The helper threads start on the runs at once; the calling thread
    /// runs `during` (the search's merge of the batch before), then takes
    /// runs too.
    fn expand_all_while(
        &self,
        runs: &mut [Expansion],
        expand: &(dyn Fn(usize, &mut Expansion) + Sync),
        during: &mut dyn FnMut(),
    ) {
        let helpers = self.count.min(runs.len()).saturating_sub(1);
        share(
            helpers,
            runs.iter_mut().enumerate(),
            during,
            |(index, run)| expand(index, run),
        );
    }

    /// The jobs on `count` threads (the calling thread among them), each
    /// taking the next job from one queue.
    fn run_all(&self, jobs: &mut [Box<dyn FnMut() + Send + '_>]) {
        let helpers = self.count.min(jobs.len()).saturating_sub(1);
        share(helpers, jobs.iter_mut(), &mut || {}, |job| job());
    }
}

/// Hands the items of `queue` to `each` on `helpers` scoped threads and the
/// calling thread, each taking the next item from the one queue; the
/// calling thread runs `during` first. With no helpers, everything runs on
/// the calling thread, in order.
fn share<T: Send>(
    helpers: usize,
    queue: impl Iterator<Item = T> + Send,
    during: &mut dyn FnMut(),
    each: impl Fn(T) + Sync,
) {
    let queue = Mutex::new(queue);
    let work = || loop {
        let next = queue.lock().map(|mut queue| queue.next());
        match next {
            Ok(Some(item)) => each(item),
            Ok(None) | Err(_) => return,
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(work);
        }
        during();
        work();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::checker::{check, check_with, CheckConfig};
    use rendezvous_core::{Scenario, Variant};

    /// Expands the runs of a batch last first, and before merging the batch
    /// before it (where one thread merges first, so its expansions see
    /// every state that merge added), so a merge that depended on the
    /// order of expansion, or on what an expansion found, would show.
    struct Backwards;

    impl Executor for Backwards {
        fn width(&self) -> usize {
            3
        }

        fn expand_all(
            &self,
            runs: &mut [Expansion],
            expand: &(dyn Fn(usize, &mut Expansion) + Sync),
        ) {
            for (index, run) in runs.iter_mut().enumerate().rev() {
                expand(index, run);
            }
        }

        fn expand_all_while(
            &self,
            runs: &mut [Expansion],
            expand: &(dyn Fn(usize, &mut Expansion) + Sync),
            during: &mut dyn FnMut(),
        ) {
            self.expand_all(runs, expand);
            during();
        }
    }

    #[test]
    fn threads_give_the_report_of_one_thread() {
        for (name, workers, variant, reduction, symmetry) in [
            ("quiet-runtime", 3, Variant::Tokio, true, false),
            ("quiet-runtime", 3, Variant::Tokio, false, false),
            ("quiet-runtime", 3, Variant::Fixed, true, true),
            ("notify-waiters", 2, Variant::NotifyWaiters, true, false),
            (
                "issue6035-complete-during-trace",
                2,
                Variant::Tokio129,
                true,
                false,
            ),
            ("spawn-during-dump", 1, Variant::Tokio129, true, false),
            ("wedged-worker", 2, Variant::Tokio, true, false),
        ] {
            let scenario = Scenario::builtin(name, Some(workers)).expect("built-in");
            // wedged-worker is far larger than the bound: an incomplete
            // search must stop at the same state too.
            let config = CheckConfig {
                reduction,
                symmetry,
                max_states: 150_000,
                ..CheckConfig::default()
            };
            let one = check(scenario.clone(), variant, config, &mut |_| true).expect("valid");
            for executor in [
                &Threads::new(2) as &dyn Executor,
                &Threads::new(3),
                &Backwards,
            ] {
                let many = check_with(scenario.clone(), variant, config, &mut |_| true, executor)
                    .expect("valid");
                assert_eq!(one, many, "{name} w{workers} {variant}");
            }
        }
    }
}
