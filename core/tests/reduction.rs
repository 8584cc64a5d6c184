//! The partial-order reduction is tested, not argued: on every
//! configuration whose full search finishes, the reduced search gives the
//! same verdict for every property, its counterexamples replay to their
//! violation, and it never explores more states. A footprint table that
//! declares too much local changes a verdict, which these tests would see.

use rendezvous_core::checker::{bfs, check, CheckConfig, Outcome, Report};
use rendezvous_core::state::{State, WorkerPc};
use rendezvous_core::{
    casebook, property, schedule, Action, Model, Property, Run, Scenario, Variant,
};

fn config(reduction: bool) -> CheckConfig {
    CheckConfig {
        reduction,
        ..CheckConfig::default()
    }
}

fn outcomes(report: &Report) -> Vec<(Property, Outcome)> {
    report
        .verdicts
        .iter()
        .map(|verdict| (verdict.property, verdict.outcome))
        .collect()
}

fn compare(scenario: Scenario, variant: Variant, assumptions: rendezvous_core::Assumptions) {
    let name = format!("{} w{} {variant}", scenario.name, scenario.workers);
    let with = |reduction| {
        check(
            scenario.clone(),
            variant,
            CheckConfig {
                assumptions,
                ..config(reduction)
            },
            &mut |_| true,
        )
        .expect("valid")
    };
    let full = with(false);
    if !full.complete {
        return;
    }
    let reduced = with(true);
    assert!(
        reduced.complete,
        "{name}: the reduced search did not finish"
    );
    assert!(reduced.states <= full.states, "{name}: more states reduced");
    assert_eq!(
        outcomes(&full),
        outcomes(&reduced),
        "{name}: verdicts differ"
    );
    for verdict in &reduced.verdicts {
        let Some(text) = &verdict.counterexample else {
            continue;
        };
        let mut run = Run::new(scenario.clone(), variant, assumptions).expect("valid");
        for action in schedule::parse(text).expect("parses") {
            run.step(action)
                .expect("every step of a counterexample is possible");
        }
        if Property::SAFETY.contains(&verdict.property) {
            assert!(
                property::broken_safety(run.model(), run.state()).contains(verdict.property),
                "{name}: {} not broken after its counterexample",
                verdict.property
            );
        }
    }
}

#[test]
fn reduced_verdicts_equal_full_verdicts_on_builtin_scenarios() {
    for (name, workers, variant) in [
        ("quiet-runtime", 2, Variant::Tokio),
        ("quiet-runtime", 3, Variant::Fixed),
        ("early-result", 2, Variant::Fixed),
        ("notify-waiters", 2, Variant::NotifyWaiters),
        ("no-nudge", 2, Variant::NoNudge),
        ("no-maintenance-check", 2, Variant::NoMaintenanceCheck),
    ] {
        let scenario = Scenario::builtin(name, Some(workers)).expect("built-in");
        compare(scenario, variant, Default::default());
    }
}

#[test]
fn reduced_verdicts_equal_full_verdicts_on_the_casebook() {
    for case in casebook::builtin() {
        let scenario = case.scenario().expect("valid");
        // The full search of the larger cases takes long; those up to a
        // million states reduced are compared in full.
        let reduced = check(
            scenario.clone(),
            case.preset,
            CheckConfig {
                assumptions: case.assumptions(),
                max_states: 1_000_000,
                ..config(true)
            },
            &mut |_| true,
        )
        .expect("valid");
        if reduced.complete {
            compare(scenario, case.preset, case.assumptions());
        }
    }
}

#[test]
fn random_small_scenarios_agree() {
    // Small scenarios drawn from a seed: workers, tasks, requesters,
    // presets and assumptions (a property-based test without shrinking).
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for round in 0..24 {
        let workers = 1 + next(2) as usize;
        let mut scenario = Scenario::builtin("quiet-runtime", Some(workers)).expect("built-in");
        scenario.name = format!("random-{round}");
        scenario.tasks.truncate(next(3) as usize);
        if next(2) == 0 {
            scenario
                .tasks
                .push(rendezvous_core::scenario::TaskSpec::new(
                    "job",
                    rendezvous_core::scenario::TaskKind::Busy {
                        polls: 1 + next(2) as u16,
                    },
                    Some(next(workers as u64) as usize),
                ));
        }
        if next(3) == 0 {
            scenario.requesters.push(Default::default());
        }
        scenario.searching = next(2) == 0;
        let variant = Variant::PRESETS[next(Variant::PRESETS.len() as u64) as usize];
        let assumptions = rendezvous_core::Assumptions {
            timing: if next(2) == 0 {
                rendezvous_core::Timing::Timely
            } else {
                rendezvous_core::Timing::Any
            },
            ..Default::default()
        };
        compare(scenario, variant, assumptions);
    }
}

#[test]
fn a_footprint_that_is_too_small_changes_a_verdict() {
    // Declare `[ParkMaintenance]` local: it reads the flag, which the
    // requester writes, so expanding it alone hides the interleavings in
    // which the flag changes first. The search then misses a verdict.
    let scenario = Scenario::builtin("quiet-runtime", Some(2)).expect("built-in");
    let model = Model::new(scenario, Variant::Tokio, Default::default()).expect("valid");
    let right = |state: &State, action: Action| model.is_local(state, action);
    let too_small = |state: &State, action: Action| {
        model.is_local(state, action)
            || matches!(action, Action::Worker(w)
                if matches!(state.workers[w as usize].pc, WorkerPc::ParkMaintenance | WorkerPc::Maintenance | WorkerPc::Parked))
            || matches!(action, Action::Requester(_))
    };
    let config = config(true);
    let good = bfs::explore_with(&model, &config, &mut |_| true, &right);
    let bad = bfs::explore_with(&model, &config, &mut |_| true, &too_small);
    let broken = |graph: &bfs::Graph| -> Vec<Option<u32>> {
        graph.first_broken.iter().map(|id| id.map(|_| 0)).collect()
    };
    assert!(
        broken(&good) != broken(&bad)
            || good.first_deadlock.is_some() != bad.first_deadlock.is_some(),
        "a footprint that is too small went unnoticed"
    );
}
