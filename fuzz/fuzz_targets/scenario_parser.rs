//! User-written scenario files: `Scenario::from_json` must accept only
//! scenarios the model can run, so an accepted one is built into a run and
//! stepped round-robin (at most 200 steps) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_core::{schedule, Policy, Run, Scenario};

/// How many steps a fuzzed run may take.
const MAX_STEPS: usize = 200;

fuzz_target!(|text: &str| {
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    let variant = scenario.variant;
    let own_schedule = scenario.schedule.clone();
    let mut run =
        Run::new(scenario, variant, Default::default()).expect("a validated scenario runs");
    if let Some(Ok(actions)) = own_schedule.as_deref().map(schedule::parse) {
        // The scenario's own schedule may name impossible steps: that is a
        // refusal, not a crash.
        let _ = run.run_to_end(&mut Policy::replay(actions), MAX_STEPS);
    }
    run.run_to_end(&mut Policy::RoundRobin, MAX_STEPS)
        .expect("round-robin only takes enabled steps");
    let _ = run.status();
    let _ = run.broken_now();
    for index in 0..run.len() {
        let _ = run.narration_of(index);
    }
});
