//! Partial-order reduction: explore one interleaving of steps that do not
//! interact, instead of all of them.
//!
//! Most of the state space of a scenario is the same few steps in every
//! order: two workers ticking, or one counting down a blocking poll while
//! the other polls its tasks. The model declares, beside its step
//! function, which steps are *local* ([`crate::Model::is_local`]): such a step
//! touches only its own worker's private fields, no other actor's step
//! reads what it changes or can disable it, and no property reads what it
//! changes (`Model::is_local` documents the table). In the terms of the
//! literature, `{a}` for a local `a` is a
//! persistent (stubborn) set of size one, and `a` is invisible.
//!
//! Expanding only `a` is sound for the safety properties and for the
//! "can still reach" goals of L1 to L4 given the cycle proviso: if `a`
//! leads to a state the search has already found (the reduced graph might
//! close a cycle through it, postponing every other actor for ever), the
//! state is expanded in full instead. Deadlocks and bound states are kept,
//! since a local step is enabled in neither.
//!
//! The reduction is on by default ([`super::CheckConfig::reduction`]);
//! the soundness tests in `core/tests/reduction.rs` compare every verdict
//! with the full search on every configuration that finishes both ways.

use crate::model::Action;
use crate::state::State;

/// The local step to expand alone in `state`, if there is one: the first,
/// in the order of `enabled`, that `is_local` (normally
/// [`crate::Model::is_local`]) declares local.
pub fn persistent_singleton(
    state: &State,
    enabled: &[Action],
    is_local: &dyn Fn(&State, Action) -> bool,
) -> Option<Action> {
    enabled
        .iter()
        .copied()
        .find(|&action| is_local(state, action))
}
