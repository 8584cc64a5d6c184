//! Property tests over random runs of every built-in scenario, under every
//! variant and assumption, with random worker counts and choices: nothing
//! panics, schedules and trace files round-trip, and replay and time travel
//! reproduce the same moments and events.

use proptest::prelude::*;
use rendezvous_core::event::Event;
use rendezvous_core::run::{Moment, Step};
use rendezvous_core::scenario::{BUILTINS, MAX_WORKERS};
use rendezvous_core::{schedule, trace_format};
use rendezvous_core::{
    Action, Activity, Assumptions, Cancel, Policy, Run, Scenario, Timing, Variant,
};

/// The longest random run.
const MAX_RUN: usize = 300;

/// A built-in scenario with a worker count it supports, a variant and
/// assumptions.
fn setups() -> impl Strategy<Value = (Scenario, Variant, Assumptions)> {
    (0..BUILTINS.len())
        .prop_flat_map(|index| {
            let entry = &BUILTINS[index];
            (
                Just(entry.name),
                entry.min_workers..=MAX_WORKERS,
                0..Variant::ALL.len(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
        })
        .prop_map(|(name, workers, variant, any_timing, active, cancel)| {
            let scenario = Scenario::builtin(name, Some(workers)).expect("supported worker count");
            let assumptions = Assumptions {
                timing: if any_timing {
                    Timing::Any
                } else {
                    Timing::Timely
                },
                activity: if active {
                    Activity::Active
                } else {
                    Activity::Idle
                },
                cancel: if cancel { Cancel::On } else { Cancel::Off },
            };
            (scenario, Variant::ALL[variant], assumptions)
        })
}

/// How a random run picks its steps.
#[derive(Clone, Debug)]
enum Driver {
    /// `Policy::random` with this seed: only the automatic scheduler's moves.
    Seed(u64),
    /// Any enabled action (user moves too), by index into the enabled list.
    Choices(Vec<u16>),
}

fn drivers() -> impl Strategy<Value = Driver> {
    prop_oneof![
        any::<u64>().prop_map(Driver::Seed),
        proptest::collection::vec(any::<u16>(), 0..MAX_RUN).prop_map(Driver::Choices),
    ]
}

fn drive(run: &mut Run, driver: &Driver, steps: usize) {
    match driver {
        Driver::Seed(seed) => run
            .run_to_end(&mut Policy::random(*seed), steps)
            .expect("the random policy only takes enabled steps"),
        Driver::Choices(choices) => {
            for &choice in choices.iter().take(steps) {
                let enabled = run.enabled();
                if enabled.is_empty() {
                    break;
                }
                let action = enabled[choice as usize % enabled.len()];
                run.step(action).expect("an enabled action can be taken");
            }
        }
    }
}

/// What a forward-only replay of `actions` records: the moment after each
/// step (index 0 is the start), each step, and each step's events.
struct Reference {
    moments: Vec<Moment>,
    steps: Vec<Step>,
    events: Vec<Vec<Event>>,
}

fn reference(run: &Run, actions: &[Action]) -> Reference {
    let model = run.model();
    let mut fresh = Run::new(
        model.scenario().clone(),
        model.variant(),
        model.assumptions(),
    )
    .expect("the run's own scenario is valid");
    let mut moments = vec![fresh.moment().clone()];
    for &action in actions {
        fresh.step(action).expect("a recorded step replays");
        moments.push(fresh.moment().clone());
    }
    let events = (0..fresh.len())
        .map(|index| fresh.events_of(index).to_vec())
        .collect();
    Reference {
        moments,
        steps: fresh.steps().to_vec(),
        events,
    }
}

/// Equality of moments, including the barrier generations that `State`'s
/// equality leaves out.
fn same_moment(left: &Moment, right: &Moment) -> bool {
    left == right
        && left.state.trace_start.generation == right.state.trace_start.generation
        && left.state.trace_end.generation == right.state.trace_end.generation
}

fn assert_matches_reference(run: &Run, expected: &Reference) -> Result<(), TestCaseError> {
    prop_assert_eq!(run.steps(), &expected.steps[..]);
    for (index, events) in expected.events.iter().enumerate() {
        prop_assert_eq!(
            run.events_of(index),
            &events[..],
            "events of step {}",
            index + 1
        );
    }
    Ok(())
}

/// 192 cases per property unless `PROPTEST_CASES` asks for more (for a
/// longer search: `PROPTEST_CASES=5000 cargo test --release --test
/// random_runs`).
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig {
            cases: 192,
            ..default
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_runs_replay_round_trip_and_travel(
        (scenario, variant, assumptions) in setups(),
        driver in drivers(),
        steps in 1..=MAX_RUN,
    ) {
        let mut run = Run::new(scenario, variant, assumptions).expect("built-ins are valid");
        drive(&mut run, &driver, steps);
        prop_assert!(run.len() <= steps);
        let actions = run.actions();
        let expected = reference(&run, &actions);
        let _ = run.status();

        // The run records what a forward-only replay records.
        assert_matches_reference(&run, &expected)?;
        prop_assert!(same_moment(run.moment(), &expected.moments[run.len()]));

        // The schedule string round-trips.
        let text = run.schedule();
        let parsed = schedule::parse(&text).expect("a run's schedule parses");
        prop_assert_eq!(&parsed, &actions);
        prop_assert_eq!(schedule::format(&parsed), text.clone());

        // Replaying the schedule with the replay policy gives the same run.
        let model = run.model();
        let mut replayed = Run::new(model.scenario().clone(), variant, assumptions).expect("valid");
        replayed
            .run_to_end(&mut Policy::replay(parsed), usize::MAX)
            .expect("the schedule replays");
        assert_matches_reference(&replayed, &expected)?;
        prop_assert!(same_moment(replayed.moment(), run.moment()));

        // Export then import gives the same run, at every step.
        let exported = trace_format::export(&run);
        let mut imported = trace_format::import(&exported).expect("an export imports");
        prop_assert_eq!(imported.schedule(), text);
        prop_assert_eq!(imported.cursor(), run.len());
        assert_matches_reference(&imported, &expected)?;
        for (index, moment) in expected.moments.iter().enumerate() {
            imported.seek(index);
            prop_assert!(same_moment(imported.moment(), moment), "imported moment {}", index);
        }

        // Time travel: back to the start, forward to the end, then seeks.
        let len = run.len();
        for index in (0..len).rev() {
            prop_assert!(run.back());
            prop_assert_eq!(run.cursor(), index);
            prop_assert!(same_moment(run.moment(), &expected.moments[index]), "back to {}", index);
        }
        prop_assert!(!run.back());
        for index in 1..=len {
            run.forward().expect("a recorded step lies ahead");
            prop_assert!(same_moment(run.moment(), &expected.moments[index]), "forward to {}", index);
        }
        prop_assert!(run.forward().is_err());
        for target in [len / 2, 0, len, len.saturating_sub(33), 31, 32, 33, 65, len + 5] {
            run.seek(target);
            let target = target.min(len);
            prop_assert_eq!(run.cursor(), target);
            prop_assert!(same_moment(run.moment(), &expected.moments[target]), "seek to {}", target);
        }
        assert_matches_reference(&run, &expected)?;
    }

    /// Random editing of a run's history (steps, also at an earlier cursor,
    /// back, forward, seek) always leaves the run equal to a fresh replay
    /// of its recorded actions.
    #[test]
    fn time_travel_edits_match_a_fresh_replay(
        (scenario, variant, assumptions) in setups(),
        operations in proptest::collection::vec((0u8..10, any::<u16>()), 1..120),
    ) {
        let mut run = Run::new(scenario, variant, assumptions).expect("built-ins are valid");
        let mut history: Vec<Action> = Vec::new();
        let mut cursor = 0usize;
        for (kind, value) in operations {
            match kind {
                0..=5 => {
                    let enabled = run.enabled();
                    if enabled.is_empty() {
                        continue;
                    }
                    let action = enabled[value as usize % enabled.len()];
                    run.step(action).expect("an enabled action can be taken");
                    if history.get(cursor) != Some(&action) {
                        history.truncate(cursor);
                        history.push(action);
                    }
                    cursor += 1;
                }
                6 => {
                    let moved = run.back();
                    prop_assert_eq!(moved, cursor > 0);
                    cursor = cursor.saturating_sub(1);
                }
                7 => {
                    let moved = run.forward().is_ok();
                    prop_assert_eq!(moved, cursor < history.len());
                    cursor = (cursor + usize::from(moved)).min(history.len());
                }
                _ => {
                    let target = value as usize % (history.len() + 3);
                    run.seek(target);
                    cursor = target.min(history.len());
                }
            }
            prop_assert_eq!(run.cursor(), cursor);
            prop_assert_eq!(run.actions(), history.clone());
            let expected = reference(&run, &history);
            assert_matches_reference(&run, &expected)?;
            prop_assert!(
                same_moment(run.moment(), &expected.moments[cursor]),
                "moment at cursor {} of {}",
                cursor,
                history.len()
            );
        }
    }

    /// Any actions a schedule can name (indices up to 99) survive format
    /// then parse.
    #[test]
    fn schedules_round_trip(kinds in proptest::collection::vec((0u8..6, 0u8..100), 0..60)) {
        let actions: Vec<Action> = kinds
            .into_iter()
            .map(|(kind, index)| match kind {
                0 => Action::Worker(index),
                1 => Action::Requester(index),
                2 => Action::Timeout(index),
                3 => Action::Cancel(index),
                4 => Action::Release(index),
                _ => Action::Wake(index),
            })
            .collect();
        let text = schedule::format(&actions);
        prop_assert_eq!(schedule::parse(&text).expect("formatted text parses"), actions);
    }

    /// Parsing arbitrary text never panics, and what parses formats back to
    /// a canonical text that parses to the same actions.
    #[test]
    fn schedule_parser_never_panics(text in "[wrt0-9:a-z ,+]{0,40}|\\PC{0,40}") {
        if let Ok(actions) = schedule::parse(&text) {
            let canonical = schedule::format(&actions);
            prop_assert_eq!(schedule::parse(&canonical).expect("canonical parses"), actions);
        }
    }
}
