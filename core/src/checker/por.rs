//! Partial-order reduction by persistent (stubborn) sets computed from the
//! model's footprint table.
//!
//! Much of a scenario's state space is the same steps in every order: a
//! worker ticking while another polls, a requester queueing while the
//! workers run. In a state `s`, a set `T` of actions is *persistent* when no
//! sequence of actions outside `T` from `s` can interfere with an action of
//! `T` (Godefroid, *Partial-Order Methods for the Verification of
//! Concurrent Systems*, 1996, chapter 4); exploring only the enabled
//! actions of `T` then still reaches every deadlock, and, with the two
//! provisos below, every violation of a safety property and every stuck
//! state of L1 to L4.
//!
//! `T` is built as Valmari's *stubborn set*, closing one enabled action
//! under two rules, with the model's table ([`Footprints`], normally
//! `core/src/model/footprint.rs`):
//!
//! - an enabled action in `T` brings in every action whose future steps
//!   ([`Footprints::future`]) may write what its step reads or read or
//!   write what it writes ([`Footprints::footprint`]): those are the ones
//!   that might not commute with it, whenever they run;
//! - a disabled action in `T` brings in every action whose future steps
//!   may write an object it waits on ([`Footprints::enabling`]): a
//!   *necessary enabling set*, so nothing outside `T` can enable it.
//!
//! Every enabled action is tried as the seed, and the smallest set that is
//! not every enabled action is used, if it passes the provisos (checked in
//! `bfs.rs` on the successors, which the search computes anyway):
//!
//! - **visibility**: every action of the set is *invisible*: its step
//!   changes nothing a safety property reads
//!   ([`crate::property::unobservable`]) nor the liveness summary
//!   (requesters finished, workers at a barrier, `closed`, the dropper,
//!   the bound, outside work pending). Otherwise the next candidate is
//!   tried, and in the end the state is expanded in full;
//! - **cycle** (breadth-first): every successor of the set lies one level
//!   deeper (new, or already found on the next level); an edge back to a
//!   level already expanded may close a cycle that postpones the other
//!   actions for ever, so the state is then expanded in full. Every cycle
//!   of the graph has such an edge, so every cycle keeps a state expanded
//!   in full.
//!
//! Liveness stays exact: a reachable state that can never reach a goal
//! (L1 to L4) has, in the reduced graph, a counterpart reached by the same
//! steps with some invisible persistent ones taken early; it is reachable
//! from the stuck state, so it is stuck too, and shows the same pending
//! goal. Bound states end their paths: a step outside `T` that reaches a
//! bound reads the counts the bound is about, which no step of `T` writes,
//! so the reduced search reaches that bound too, with `T`'s steps taken
//! first.
//!
//! *Sleep sets* are not used. They prune transitions, not states: with
//! state matching every reachable state is still found, so they would not
//! lower the counts this reduction is for, and a pruned edge is exactly
//! what the liveness pass's backward search needs (a state whose only
//! edge to a goal was slept on would look stuck). They would need the
//! search to remember a sleep set per state and to re-expand a state
//! reached again with a smaller one, which a level-by-level search with
//! pure, parallel expansion does not do.
//!
//! The soundness tests in `core/tests/reduction.rs` compare every verdict
//! with the full search on every configuration that finishes both ways, on
//! random small scenarios, and show that shrinking one entry of the table
//! changes a verdict.

use crate::model::footprint::{Footprint, Objects};
use crate::model::{Action, Model};
use crate::state::State;

/// The footprint table the reduction reads: the model's
/// ([`Model::footprint`], [`Model::future`], [`Model::enabling`]), or a
/// test's altered copy of it.
pub trait Footprints: Sync {
    /// What `action`'s step from `state` reads and writes (`action` is
    /// enabled there).
    fn footprint(&self, state: &State, action: Action) -> Footprint;
    /// What any later step of `action` may read or write, from `state` on.
    fn future(&self, state: &State, action: Action) -> Footprint;
    /// For `action`, disabled in `state`: objects one of which must be
    /// written before it can be enabled.
    fn enabling(&self, state: &State, action: Action) -> Objects;
}

impl Footprints for Model {
    fn footprint(&self, state: &State, action: Action) -> Footprint {
        Model::footprint(self, state, action)
    }

    fn future(&self, state: &State, action: Action) -> Footprint {
        Model::future(self, state, action)
    }

    fn enabling(&self, state: &State, action: Action) -> Objects {
        Model::enabling(self, state, action)
    }
}

/// The candidate persistent sets of `state`, as masks over `enabled`
/// (bit `i` for `enabled[i]`), smallest first, without duplicates and
/// without the set of every enabled action. `labels` is every action the
/// model can ever enable ([`Model::labels`]). Empty when `enabled` has
/// fewer than two actions or more than 64.
pub fn candidates(
    table: &dyn Footprints,
    labels: &[Action],
    state: &State,
    enabled: &[Action],
) -> Vec<u64> {
    if enabled.len() < 2 || enabled.len() > 64 {
        return Vec::new();
    }
    let full = if enabled.len() == 64 {
        u64::MAX
    } else {
        (1u64 << enabled.len()) - 1
    };
    // Only the actions that may still move matter.
    let mut live: Vec<(Action, Footprint, Option<usize>)> = Vec::with_capacity(labels.len());
    for &label in labels {
        let future = table.future(state, label);
        let slot = enabled.iter().position(|&action| action == label);
        if slot.is_some() || future != Footprint::NONE {
            live.push((label, future, slot));
        }
    }
    let mut found: Vec<u64> = Vec::new();
    let mut in_set = vec![false; live.len()];
    let mut stack = Vec::new();
    for seed in 0..live.len() {
        if live[seed].2.is_none() || found.iter().any(|&mask| mask.count_ones() == 1) {
            continue;
        }
        in_set.iter_mut().for_each(|member| *member = false);
        in_set[seed] = true;
        stack.clear();
        stack.push(seed);
        let mut mask = 0u64;
        while let Some(index) = stack.pop() {
            let (action, _, slot) = live[index];
            match slot {
                Some(bit) => {
                    mask |= 1 << bit;
                    if mask == full {
                        break;
                    }
                    let step = table.footprint(state, action);
                    for (other, &(_, future, _)) in live.iter().enumerate() {
                        if !in_set[other] && step.conflicts(future) {
                            in_set[other] = true;
                            stack.push(other);
                        }
                    }
                }
                None => {
                    let wanted = table.enabling(state, action);
                    for (other, &(_, future, _)) in live.iter().enumerate() {
                        if !in_set[other] && future.writes.meets(wanted) {
                            in_set[other] = true;
                            stack.push(other);
                        }
                    }
                }
            }
        }
        if mask != full && !found.contains(&mask) {
            found.push(mask);
        }
    }
    found.sort_by_key(|mask| (mask.count_ones(), *mask));
    found
}
