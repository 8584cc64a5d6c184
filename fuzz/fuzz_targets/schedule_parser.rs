//! Schedules are typed by people and carried in URLs: `schedule::parse`
//! must refuse anything malformed with an error, never panic, and whatever
//! it accepts must format back to text that parses to the same actions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_core::schedule;

fuzz_target!(|text: &str| {
    let Ok(actions) = schedule::parse(text) else {
        return;
    };
    let canonical = schedule::format(&actions);
    let again = schedule::parse(&canonical).expect("a formatted schedule parses");
    assert_eq!(again, actions);
    assert_eq!(schedule::format(&again), canonical);
    for (action, token) in actions.iter().zip(canonical.split(' ')) {
        assert_eq!(schedule::parse_token(token), Ok(*action));
    }
});
