//! User-written scenario files: `Scenario::from_json` must accept only
//! scenarios the model can run, so an accepted one is built into a run and
//! stepped (at most 200 steps) without panicking: round-robin under the
//! default assumptions, then from a seeded random scheduler with every
//! assumption loosened (waits may time out, I/O wakes parked workers,
//! callers may give up), so the revision-2 actors (spawners, looping
//! callers, timers, outside wakers, the dropper) take every kind of step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_core::{schedule, Activity, Assumptions, Cancel, Policy, Run, Scenario, Timing};

/// How many steps a fuzzed run may take.
const MAX_STEPS: usize = 200;

/// Every assumption at its loosest.
const LOOSE: Assumptions = Assumptions {
    timing: Timing::Any,
    activity: Activity::Active,
    cancel: Cancel::On,
};

/// Builds `scenario` under `assumptions`, replays its own schedule, then
/// takes steps from `policy`, narrating each.
fn exercise(scenario: Scenario, assumptions: Assumptions, mut policy: Policy) {
    let variant = scenario.variant;
    let own_schedule = scenario.schedule.clone();
    let mut run = Run::new(scenario, variant, assumptions).expect("a validated scenario runs");
    if let Some(Ok(actions)) = own_schedule.as_deref().map(schedule::parse) {
        // The scenario's own schedule may name impossible steps: that is a
        // refusal, not a crash.
        let _ = run.run_to_end(&mut Policy::replay(actions), MAX_STEPS);
    }
    run.run_to_end(&mut policy, MAX_STEPS)
        .expect("a scheduler only takes enabled steps");
    let _ = run.status();
    let _ = run.broken_now();
    for index in 0..run.len() {
        let _ = run.narration_of(index);
    }
}

fuzz_target!(|text: &str| {
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    exercise(scenario.clone(), Assumptions::default(), Policy::RoundRobin);
    exercise(scenario, LOOSE, Policy::random(text.len() as u64));
});
