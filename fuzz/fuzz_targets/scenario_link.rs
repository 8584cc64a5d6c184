//! The scenario link code: a whole scenario as one line of a link
//! (`#built=1,n:mine,w3,e3,o6,…`), which anyone can write by hand, and
//! which the page opens (`Playground::from_fragment`), the worker reads and
//! the CLI shares (`Scenario::from_link_code`). Nothing on that path may
//! panic, and:
//!
//! 1. `from_link_code` accepts exactly what `from_link_code_unchecked`
//!    accepts and `Scenario::validate` accepts, and reads the same
//!    scenario; it refuses a code the validator refuses with the
//!    validator's sentence.
//! 2. An accepted code is written again by `to_link_code` to a code that
//!    reads back to an equal scenario, and that code is written again
//!    unchanged (the writer's form is a fixed point).
//! 3. An accepted scenario builds a run, or the model refuses it with an
//!    error; a run takes up to 100 round-robin steps, each narrated.
//! 4. The page opens `#built=<code>` without panicking; when it opens it
//!    without an error, the link the page then writes reopens to the same
//!    settings, schedule, cursor and moment (as `fragment_restore`).
#![no_main]

use libfuzzer_sys::fuzz_target;

use rendezvous_core::{Policy, Run, Scenario};
use rendezvous_web::state::Playground;

/// How many steps a fuzzed run may take.
const MAX_STEPS: usize = 100;

/// Relations 1 to 3 on the code alone.
fn check_code(code: &str) {
    let unchecked = Scenario::from_link_code_unchecked(code);
    let checked = Scenario::from_link_code(code);
    let scenario = match (unchecked, checked) {
        (Ok(unchecked), Ok(checked)) => {
            assert_eq!(unchecked, checked, "{code:?}");
            assert!(checked.validate().is_ok(), "{code:?}");
            checked
        }
        (Ok(unchecked), Err(message)) => {
            let error = unchecked
                .validate()
                .expect_err("from_link_code refuses only what the validator refuses");
            assert_eq!(message, error.to_string(), "{code:?}");
            return;
        }
        (Err(unchecked), Err(checked)) => {
            assert_eq!(unchecked, checked, "{code:?}");
            return;
        }
        (Err(message), Ok(_)) => {
            panic!("from_link_code accepts {code:?}, which the unchecked reader refuses: {message}")
        }
    };
    let written = scenario.to_link_code();
    match Scenario::from_link_code(&written) {
        Ok(again) => {
            assert_eq!(again, scenario, "{code:?} written as {written:?}");
            assert_eq!(again.to_link_code(), written, "{code:?}");
        }
        // Finding 6 of docs/fuzzing.md, fixed: the writer never writes a
        // code longer than the one read.
        Err(message) => panic!("{code:?} written as {written:?} reads back as an error: {message}"),
    }
    assert!(
        written.len() <= code.len(),
        "{code:?} written longer as {written:?}"
    );
    let variant = scenario.variant;
    // The model may refuse a valid scenario (its caps): a refusal, not a
    // crash.
    if let Ok(mut run) = Run::new(scenario, variant, Default::default()) {
        run.run_to_end(&mut Policy::RoundRobin, MAX_STEPS)
            .expect("round-robin takes only enabled steps");
        let _ = run.status();
        let _ = run.broken_now();
        for index in 0..run.len() {
            let _ = run.narration_of(index);
        }
    }
}

/// Relation 4: the page opening the code in its link.
fn check_page(code: &str) {
    let playground = Playground::from_fragment(&format!("built={code}"));
    if playground.error().is_some() {
        return;
    }
    let link = playground.fragment();
    let reopened = Playground::from_fragment(&link);
    assert_eq!(reopened.error(), None, "{link}");
    assert_eq!(reopened.settings(), playground.settings(), "{link}");
    assert_eq!(
        reopened.run().schedule(),
        playground.run().schedule(),
        "{link}"
    );
    assert_eq!(reopened.run().cursor(), playground.run().cursor(), "{link}");
    assert_eq!(reopened.run().moment(), playground.run().moment(), "{link}");
}

fuzz_target!(|code: &str| {
    check_code(code);
    check_page(code);
});
