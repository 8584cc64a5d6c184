//! Liveness on the explored graph: from a state, can something still
//! happen?
//!
//! For a goal (requester `r` has finished; worker `w` is out of its barrier
//! wait) the states that can still reach it are found by a backward search
//! from the states where it holds. A reachable state outside that set where
//! the goal is still pending is stuck; the smallest such id is the shallowest
//! one, since ids follow breadth-first order.

use super::bfs::{Graph, Summary};

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
/// are propagated backwards in one pass over the reversed edges.
pub fn reachable_goals(
    graph: &Graph,
    reverse: &Reverse,
    goals: impl Fn(Summary) -> u64,
) -> Vec<u64> {
    let mut can_reach: Vec<u64> = graph
        .summary
        .iter()
        .map(|summary| goals(*summary))
        .collect();
    let mut stack: Vec<u32> = (0..graph.states() as u32)
        .filter(|&id| can_reach[id as usize] != 0)
        .collect();
    while let Some(id) = stack.pop() {
        let bits = can_reach[id as usize];
        for &source in reverse.predecessors(id) {
            let before = can_reach[source as usize];
            let after = before | bits;
            if after != before {
                can_reach[source as usize] = after;
                stack.push(source);
            }
        }
    }
    can_reach
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
