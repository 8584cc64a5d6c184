//! Scenario files come from other people. The scenario builder opens one
//! in the page's worker (`rendezvous_checker::files::import_scenario`,
//! which reads the JSON with the worker's own `json` module and answers
//! the scenario's link code); the CLI reads the same file with core's
//! `Scenario::from_json`. Nothing may panic, and:
//!
//! 1. The two accept and refuse the same texts, except that the worker
//!    also refuses a scenario whose link code is longer than a link may
//!    carry (`MAX_LINK_CODE_CHARS`), and only then.
//! 2. A refused file is refused with core's sentence when the validator
//!    refuses it (`scenario: <field>: …`), and with a JSON message
//!    (`scenario JSON: …`) when core's is one, or else by saying it is a
//!    trace file, and then only if it is one (a JSON object whose
//!    `format` is the trace format's).
//! 3. An accepted file's link code reads back (`Scenario::from_link_code`)
//!    as the scenario core reads from the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_checker::files::import_scenario;
use rendezvous_core::scenario::MAX_LINK_CODE_CHARS;
use rendezvous_core::Scenario;

fuzz_target!(|text: &str| {
    let worker = import_scenario(text);
    let core = Scenario::from_json(text);
    match (worker, core) {
        (Ok(code), Ok(scenario)) => {
            let decoded = Scenario::from_link_code(&code)
                .unwrap_or_else(|error| panic!("{text:?} gives {code:?}, refused: {error}"));
            assert_eq!(decoded, scenario, "{text:?} gives {code:?}");
        }
        (Err(message), Ok(scenario)) => {
            let length = scenario.to_link_code().chars().count();
            assert!(
                length > MAX_LINK_CODE_CHARS && message.contains("too large for a link"),
                "the worker refuses {text:?}, which core reads: {message}"
            );
        }
        (Ok(code), Err(message)) => {
            panic!("the worker reads {text:?} as {code:?}, which core refuses: {message}")
        }
        (Err(worker), Err(core)) => {
            let trace = serde_json::from_str::<serde_json::Value>(text).is_ok_and(|value| {
                value.get("format").and_then(serde_json::Value::as_str)
                    == Some(rendezvous_core::trace_format::FORMAT)
            });
            if core.starts_with("scenario JSON: ") {
                // Named a trace file only if it is one (a trace file with a
                // header key written twice is reported as JSON instead).
                let named = worker.starts_with("this is a trace file");
                assert!(!named || trace, "{worker} / {core}");
                assert!(named || worker.starts_with("scenario JSON: "), "{worker} / {core}");
            } else {
                assert_eq!(worker, core, "{text:?}");
            }
        }
    }
});
