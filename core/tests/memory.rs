//! A long run stays small: time travel keeps checkpoints, not every state.

use rendezvous_core::{Activity, Assumptions, Policy, Run, Scenario, Variant};

#[test]
fn a_hundred_thousand_steps_fit_in_fifty_megabytes() {
    // With I/O waking parked workers there is always a move, so the run
    // really reaches the step count.
    let scenario = Scenario::builtin("busy-workers", None).expect("built-in");
    let assumptions = Assumptions {
        activity: Activity::Active,
        ..Assumptions::default()
    };
    let mut run = Run::new(scenario, Variant::Tokio, assumptions).expect("valid");
    run.run_to_end(&mut Policy::random(7), 100_000)
        .expect("enabled steps");
    assert_eq!(run.len(), 100_000);
    let bytes = run.history_bytes();
    assert!(bytes < 50 * 1024 * 1024, "{bytes} bytes for 100,000 steps");
    println!("history of 100,000 steps: {bytes} bytes");
    // Any moment is still at hand: seek far back and forward again.
    let end = *run.state();
    run.seek(12_345);
    assert_eq!(run.cursor(), 12_345);
    run.seek(100_000);
    assert_eq!(run.state(), &end);
}
