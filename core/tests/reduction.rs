//! The partial-order reduction is tested, not argued: on every
//! configuration whose full search finishes, the reduced search gives the
//! same verdict for every property, its counterexamples replay to their
//! violation, and it never explores more states. A footprint table with
//! one entry too small changes a verdict, which these tests see.

use proptest::prelude::*;
use rendezvous_core::checker::por::Footprints;
use rendezvous_core::checker::{
    check, check_model, check_model_with_table, CheckConfig, Outcome, Report, Sequential,
};
use rendezvous_core::model::footprint::{Footprint, Objects};
use rendezvous_core::scenario::{TaskKind, TaskSpec};
use rendezvous_core::state::{RequesterPc, State};
use rendezvous_core::{
    casebook, property, schedule, Action, Activity, Assumptions, Cancel, Model, Property, Run,
    Scenario, Timing, Variant,
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

/// Checks `scenario` both ways and asserts that they agree (when the full
/// search finishes): every verdict, and every counterexample of the
/// reduced search replays, safety ones to a state that breaks their
/// property. Returns the two state counts (0, 0 when the full search did
/// not finish).
fn compare(scenario: Scenario, variant: Variant, assumptions: Assumptions) -> (u64, u64) {
    compare_within(
        scenario,
        variant,
        assumptions,
        CheckConfig::default().max_states,
    )
}

/// [`compare`] with the state bound `max_states`.
fn compare_within(
    scenario: Scenario,
    variant: Variant,
    assumptions: Assumptions,
    max_states: u64,
) -> (u64, u64) {
    let name = format!("{} w{} {variant}", scenario.name, scenario.workers);
    let with = |reduction| {
        check(
            scenario.clone(),
            variant,
            CheckConfig {
                assumptions,
                max_states,
                ..config(reduction)
            },
            &mut |_| true,
        )
        .expect("valid")
    };
    let full = with(false);
    if !full.complete {
        return (0, 0);
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
        if verdict.property == Property::Deadlock {
            let mut enabled = Vec::new();
            run.model().actions(run.state(), &mut enabled);
            assert!(
                enabled.is_empty() && property::something_pending(run.state()),
                "{name}: no deadlock after its counterexample"
            );
        }
    }
    (full.states, reduced.states)
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

/// One small random scenario, as drawn: 1 to 3 workers; up to three tasks,
/// each a kind (busy, blocking for some steps, blocking until released,
/// idle), a size (1 or 2) and a place (a worker, or the injection queue
/// when the index is past the last worker); one or two requesters; whether
/// searching is modelled; a variant (an index into `Variant::ALL`); and
/// the assumptions (timing any, activity active, cancel on, each as a
/// flag).
#[derive(Clone, Debug)]
struct Draw {
    workers: usize,
    tasks: Vec<(u8, u16, usize)>,
    second_requester: bool,
    searching: bool,
    variant: usize,
    timing_any: bool,
    active: bool,
    cancel: bool,
}

impl Draw {
    fn build(&self, name: String) -> (Scenario, Variant, Assumptions) {
        let mut scenario =
            Scenario::builtin("quiet-runtime", Some(self.workers)).expect("built-in");
        scenario.name = name;
        scenario.tasks.clear();
        for (index, &(kind, size, place)) in self.tasks.iter().enumerate() {
            let kind = match kind {
                0 => TaskKind::Busy { polls: size },
                1 => TaskKind::Blocking { steps: Some(size) },
                2 => TaskKind::Blocking { steps: None },
                _ => TaskKind::Idle,
            };
            let worker = (place < self.workers).then_some(place);
            scenario
                .tasks
                .push(TaskSpec::new(&format!("t{index}"), kind, worker));
        }
        if self.second_requester {
            scenario.requesters.push(Default::default());
        }
        scenario.searching = self.searching;
        let assumptions = Assumptions {
            timing: if self.timing_any {
                Timing::Any
            } else {
                Timing::Timely
            },
            activity: if self.active {
                Activity::Active
            } else {
                Activity::Idle
            },
            cancel: if self.cancel { Cancel::On } else { Cancel::Off },
        };
        (scenario, Variant::ALL[self.variant], assumptions)
    }
}

/// A small PCG32 (O'Neill's, as `rand_pcg::Pcg32`), so the seeded
/// scenarios are the same on every run and platform.
struct Pcg(u64);

impl Pcg {
    fn below(&mut self, bound: u64) -> u64 {
        let old = self.0;
        self.0 = old
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rotated = xorshifted.rotate_right((old >> 59) as u32);
        rotated as u64 % bound
    }

    fn draw(&mut self) -> Draw {
        let workers = 1 + self.below(3) as usize;
        Draw {
            workers,
            tasks: (0..self.below(4))
                .map(|_| {
                    (
                        self.below(4) as u8,
                        1 + self.below(2) as u16,
                        self.below(workers as u64 + 1) as usize,
                    )
                })
                .collect(),
            second_requester: self.below(3) == 0,
            searching: self.below(2) == 0,
            variant: self.below(Variant::ALL.len() as u64) as usize,
            timing_any: self.below(2) == 1,
            active: self.below(4) == 0,
            cancel: self.below(4) == 0,
        }
    }
}

#[test]
fn seeded_random_small_scenarios_agree() {
    // The same 40 scenarios on every run, and most of them must finish.
    let mut random = Pcg(0x2545_f491_4f6c_dd1d);
    let mut compared = 0;
    for round in 0..40 {
        let (scenario, variant, assumptions) = random.draw().build(format!("seeded-{round}"));
        if scenario.validate().is_err() {
            continue;
        }
        let (full, _) = compare_within(scenario, variant, assumptions, 400_000);
        if full > 0 {
            compared += 1;
        }
    }
    assert!(compared >= 25, "only {compared} seeded scenarios finished");
}

fn draws() -> impl Strategy<Value = Draw> {
    (1usize..=3)
        .prop_flat_map(|workers| {
            (
                Just(workers),
                proptest::collection::vec((0u8..4, 1u16..=2, 0..=workers), 0..4),
                any::<bool>(),
                any::<bool>(),
                0..Variant::ALL.len(),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
        })
        .prop_map(
            |(workers, tasks, second_requester, searching, variant, timing_any, active, cancel)| {
                Draw {
                    workers,
                    tasks,
                    second_requester,
                    searching,
                    variant,
                    timing_any,
                    active,
                    cancel,
                }
            },
        )
}

proptest! {
    // New scenarios on every run (proptest's own seed), shrunk to a
    // smallest one when the two searches disagree.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_small_scenarios_agree(draw in draws()) {
        let (scenario, variant, assumptions) = draw.build("random".to_owned());
        prop_assume!(scenario.validate().is_ok());
        compare_within(scenario, variant, assumptions, 200_000);
    }
}

/// The model's table with one entry shrunk: a requester's `[Wait]` is
/// declared to touch nothing shared, though it reads and writes
/// `result_ready` (it consumes the permit or queues as a waiter) and its own
/// record, which the leader's notification writes.
struct WaitTouchesNothing<'a>(&'a Model);

impl Footprints for WaitTouchesNothing<'_> {
    fn footprint(&self, state: &State, action: Action) -> Footprint {
        match action {
            Action::Requester(index)
                if state.requesters[index as usize].pc == RequesterPc::Wait =>
            {
                Footprint::NONE
            }
            _ => self.0.footprint(state, action),
        }
    }

    fn future(&self, state: &State, action: Action) -> Footprint {
        self.0.future(state, action)
    }

    fn enabling(&self, state: &State, action: Action) -> Objects {
        self.0.enabling(state, action)
    }
}

#[test]
fn a_footprint_that_is_too_small_changes_a_verdict() {
    // With the model's table both searches agree (the tests above). With
    // `[Wait]` declared to touch nothing, it is expanded alone whenever it
    // is enabled, so the requester always queues before the leader
    // notifies: the interleaving in which `notify_waiters` finds no waiter
    // and the wake-up is lost (PROTOCOL.md 5.2) is never explored, and
    // L1 and deadlock seem to hold.
    let scenario = Scenario::builtin("quiet-runtime", Some(2)).expect("built-in");
    let model = Model::new(scenario, Variant::NotifyWaiters, Default::default()).expect("valid");
    let full = check_model(&model, config(false), &mut |_| true);
    let right = check_model(&model, config(true), &mut |_| true);
    let shrunk = check_model_with_table(
        &model,
        config(true),
        &mut |_| true,
        &Sequential,
        &WaitTouchesNothing(&model),
    );
    assert!(full.complete && right.complete && shrunk.complete);
    assert_eq!(outcomes(&full), outcomes(&right));
    let differ: Vec<Property> = full
        .verdicts
        .iter()
        .zip(&shrunk.verdicts)
        .filter(|(full, shrunk)| full.outcome != shrunk.outcome)
        .map(|(full, _)| full.property)
        .collect();
    assert!(
        !differ.is_empty(),
        "a footprint that is too small went unnoticed"
    );
    println!("the shrunk table changes {differ:?}");
}
