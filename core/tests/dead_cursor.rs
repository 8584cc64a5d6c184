//! The checker's fingerprint hashes a worker's `trace_cursor` as 0 outside
//! a walk (while it holds no dump: `checker/fingerprint.rs`), where the
//! cursor is dead. That merges states, so it must not merge two
//! states that can behave differently. These tests check it step by step:
//! on states reached by seeded random runs of every casebook case and of
//! the largest built-in rows, changing a dead cursor to any other value
//! leaves the enabled actions, the broken safety properties and the
//! fingerprint of every successor unchanged. Equal fingerprints therefore
//! have equal futures (a bisimulation, by induction on the steps). The
//! liveness summary (`checker/bfs.rs`) reads no worker field but the
//! program counter, so it cannot tell such states apart either.
//!
//! The same check run on a *live* cursor (during a walk) fails, so it
//! would catch a normalisation that went one state too far.

use rendezvous_core::checker::fingerprint::fingerprint;
use rendezvous_core::{casebook, property, Action, Assumptions, Model, Scenario, State, Variant};

/// A small deterministic generator (xorshift64*), so the runs are the
/// same on every machine.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound
    }
}

/// Every state met on `runs` seeded random runs of at most `steps` steps
/// from `model`'s initial state.
fn sample(model: &Model, runs: usize, steps: usize, seed: u64) -> Vec<State> {
    let mut random = Seeded(seed | 1);
    let mut states = Vec::new();
    let mut actions = Vec::new();
    let mut events = Vec::new();
    for _ in 0..runs {
        let mut state = model.initial_state();
        for _ in 0..steps {
            states.push(state);
            actions.clear();
            model.actions(&state, &mut actions);
            if actions.is_empty() || state.bound.is_some() {
                break;
            }
            let action = actions[random.below(actions.len())];
            events.clear();
            model.step(&mut state, action, &mut events);
        }
    }
    states
}

/// Whether `state` and `other` look the same to the checker one step on:
/// the same enabled actions, the same broken safety properties, and for
/// each action successors of the same fingerprint.
fn same_one_step_on(model: &Model, state: &State, other: &State) -> bool {
    let mut actions: Vec<Action> = Vec::new();
    let mut others: Vec<Action> = Vec::new();
    model.actions(state, &mut actions);
    model.actions(other, &mut others);
    if actions != others
        || property::broken_safety(model, state) != property::broken_safety(model, other)
    {
        return false;
    }
    let mut events = Vec::new();
    actions.iter().all(|&action| {
        let (mut next, mut other_next) = (*state, *other);
        model.step(&mut next, action, &mut events);
        model.step(&mut other_next, action, &mut events);
        fingerprint(&next) == fingerprint(&other_next)
    })
}

/// The number of (state, worker, other cursor) triples checked, and the
/// number checked on a live cursor that told the states apart.
#[derive(Default)]
struct Tally {
    dead_checked: usize,
    live_told_apart: usize,
}

/// Checks every sampled state of `model`: each dead cursor changed to
/// every other value it could hold keeps the fingerprint and the next
/// step; a live one changed is counted when the next step tells it apart.
fn check_model(model: &Model, states: &[State], tally: &mut Tally, name: &str) {
    let tasks = model.task_count() as u8;
    for state in states {
        for worker in 0..state.workers.len() {
            let live = state.workers[worker].tracing.is_some();
            for cursor in 0..=tasks {
                if cursor == state.workers[worker].trace_cursor {
                    continue;
                }
                let mut other = *state;
                other.workers[worker].trace_cursor = cursor;
                if live {
                    if !same_one_step_on(model, state, &other) {
                        tally.live_told_apart += 1;
                    }
                    continue;
                }
                tally.dead_checked += 1;
                assert_eq!(
                    fingerprint(state),
                    fingerprint(&other),
                    "{name}: a dead cursor changed the fingerprint"
                );
                assert!(
                    same_one_step_on(model, state, &other),
                    "{name}: worker {worker} at {:?} with cursor {} and {cursor} step apart",
                    state.workers[worker].pc,
                    state.workers[worker].trace_cursor,
                );
            }
        }
    }
}

#[test]
fn a_dead_cursor_never_changes_what_the_checker_sees() {
    let mut tally = Tally::default();
    for (index, case) in casebook::builtin().into_iter().enumerate() {
        let scenario = case.scenario().expect("a valid case");
        let model =
            Model::new(scenario, case.preset, case.assumptions()).expect("a valid case model");
        let states = sample(&model, 40, 300, 0x5eed + index as u64);
        check_model(&model, &states, &mut tally, &case.scenario);
    }
    for (name, workers, variant) in [
        ("quiet-runtime", 3, Variant::Tokio129),
        ("busy-workers", 3, Variant::Tokio),
        ("abandoned-dump", 2, Variant::Tokio),
        ("inline-dump", 2, Variant::InlineDump),
        ("two-requesters", 2, Variant::Tokio154),
        ("wedged-worker", 2, Variant::NoEndBarrier),
    ] {
        let scenario = Scenario::builtin(name, Some(workers)).expect("a built-in scenario");
        let model = Model::new(scenario, variant, Assumptions::default()).expect("a valid model");
        let states = sample(&model, 200, 400, 0xd1ce);
        check_model(&model, &states, &mut tally, name);
    }
    // The runs reached enough walks for both halves to mean something.
    assert!(
        tally.dead_checked > 100_000,
        "{} dead cursors checked",
        tally.dead_checked
    );
    assert!(
        tally.live_told_apart > 100,
        "a live cursor was told apart only {} times",
        tally.live_told_apart
    );
}
