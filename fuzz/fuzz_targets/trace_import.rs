//! Trace files come from other people: `trace_format::import` must refuse a
//! malformed or impossible one with a message, never panic, and a trace it
//! accepts must export and import again to the same run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_core::trace_format;

fuzz_target!(|text: &str| {
    let Ok(run) = trace_format::import(text) else {
        return;
    };
    let _ = run.status();
    let exported = trace_format::export(&run);
    let again = trace_format::import(&exported).expect("an export imports");
    assert_eq!(again.schedule(), run.schedule());
    assert_eq!(again.cursor(), run.cursor());
    assert_eq!(again.moment(), run.moment());
});
