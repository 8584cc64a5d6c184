//! Liveness on the explored graph: from a state, can something still
//! happen?
//!
//! For a goal (requester `r` has finished; worker `w` is out of its barrier
//! wait) the states that can still reach it are found by a backward search
//! from the states where it holds. A reachable state outside that set where
//! the goal is still pending is stuck; the smallest such id is the shallowest
//! one, since ids follow breadth-first order.

use super::bfs::{Graph, Summary};
use super::executor::Executor;
use std::sync::atomic::{AtomicU64, Ordering};

/// Reverse edges of a complete graph, in compressed form.
pub struct Reverse {
    start: Vec<u32>,
    sources: Vec<u32>,
}

impl Reverse {
    /// Builds the reverse of `graph`'s edges.
    pub fn new(graph: &Graph) -> Reverse {
        let states = graph.states();
        let mut count = vec![0u32; states + 1];
        for &target in &graph.edges {
            count[target as usize + 1] += 1;
        }
        for index in 0..states {
            count[index + 1] += count[index];
        }
        let mut fill = count.clone();
        let mut sources = vec![0u32; graph.edges.len()];
        for source in 0..graph.expanded() as u32 {
            for &target in graph.successors(source) {
                sources[fill[target as usize] as usize] = source;
                fill[target as usize] += 1;
            }
        }
        Reverse {
            start: count,
            sources,
        }
    }

    fn predecessors(&self, id: u32) -> &[u32] {
        &self.sources[self.start[id as usize] as usize..self.start[id as usize + 1] as usize]
    }
}

/// For every state, the goals (one bit each) that some path from it can
/// still reach. `goals` gives the goals a state satisfies itself; all goals
/// are propagated backwards over the reversed edges until nothing changes.
///
/// `executor` runs one propagation per unit of its width
/// ([`Executor::run_all`]), each starting from its own share of the states
/// and free to go anywhere: the goal bits are atomics that only gain bits
/// (`fetch_or`), and a state is pushed again by whoever adds a bit to it,
/// so every bit reaches every predecessor whatever the order. The result is
/// the one fixpoint, the same with any executor.
pub fn reachable_goals(
    graph: &Graph,
    reverse: &Reverse,
    goals: impl Fn(Summary) -> u64,
    executor: &dyn Executor,
) -> Vec<u64> {
    let can_reach: Vec<AtomicU64> = graph
        .summary
        .iter()
        .map(|summary| AtomicU64::new(goals(*summary)))
        .collect();
    let states = graph.states();
    // One part per unit of width, but never more parts than states.
    let parts = executor.width().clamp(1, states.max(1));
    let share = states.div_ceil(parts).max(1);
    let can_reach_ref = &can_reach;
    let mut jobs: Vec<Box<dyn FnMut() + Send + '_>> = (0..parts)
        .map(|part| {
            let range = (part * share).min(states)..((part + 1) * share).min(states);
            Box::new(move || propagate(range.clone(), can_reach_ref, reverse))
                as Box<dyn FnMut() + Send + '_>
        })
        .collect();
    executor.run_all(&mut jobs);
    drop(jobs);
    can_reach.into_iter().map(AtomicU64::into_inner).collect()
}

/// Propagates goal bits backwards from the states of `range` (and from
/// every state that gains a bit on the way) until nothing more changes.
fn propagate(range: std::ops::Range<usize>, can_reach: &[AtomicU64], reverse: &Reverse) {
    let mut stack: Vec<u32> = range
        .filter(|&id| can_reach[id].load(Ordering::Relaxed) != 0)
        .map(|id| id as u32)
        .collect();
    while let Some(id) = stack.pop() {
        let bits = can_reach[id as usize].load(Ordering::Relaxed);
        for &source in reverse.predecessors(id) {
            let slot = &can_reach[source as usize];
            let before = slot.load(Ordering::Relaxed);
            if before | bits != before {
                // Another propagation may have added bits meanwhile: push
                // only if this one added some.
                let before = slot.fetch_or(bits, Ordering::Relaxed);
                if before | bits != before {
                    stack.push(source);
                }
            }
        }
    }
}

/// The first state (by id) where goal `bit` is still pending and can no
/// longer be reached.
pub fn first_stuck(
    graph: &Graph,
    can_reach: &[u64],
    bit: u64,
    pending: impl Fn(Summary) -> bool,
) -> Option<u32> {
    (0..graph.states())
        .find(|&id| can_reach[id] & bit == 0 && pending(graph.summary[id]))
        .map(|id| id as u32)
}
