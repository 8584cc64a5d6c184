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

/// The first state (by id) where `pending` holds and no state satisfying
/// `reached` can be reached any more.
pub fn first_stuck(
    graph: &Graph,
    reverse: &Reverse,
    reached: impl Fn(Summary) -> bool,
    pending: impl Fn(Summary) -> bool,
) -> Option<u32> {
    let states = graph.states();
    let mut can_reach = vec![false; states];
    let mut stack: Vec<u32> = Vec::new();
    for (id, summary) in graph.summary.iter().enumerate() {
        if reached(*summary) {
            can_reach[id] = true;
            stack.push(id as u32);
        }
    }
    while let Some(id) = stack.pop() {
        for &source in reverse.predecessors(id) {
            if !can_reach[source as usize] {
                can_reach[source as usize] = true;
                stack.push(source);
            }
        }
    }
    (0..states)
        .find(|&id| !can_reach[id] && pending(graph.summary[id]))
        .map(|id| id as u32)
}
