//! The URL fragment is typed, pasted and shortened by people:
//! `Fragment::parse` must refuse anything malformed with a sentence, never
//! panic, and a fragment it accepts must be written back by
//! `Fragment::format` to text that reads as the same fragment, whenever its
//! values can be written unescaped (the page writes names, numbers and
//! schedule tokens only; `format` does not escape `&` or `%`, and writes
//! a schedule's spaces as `+`). A schedule of no moves reads as none, as
//! `format` leaves an empty one out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_web::fragment::Fragment;

/// Whether `format` writes `value` so that `parse` reads it back unchanged.
fn writable(value: &str) -> bool {
    !value.contains(['&', '%'])
}

fuzz_target!(|text: &str| {
    let Ok(fragment) = Fragment::parse(text) else {
        return;
    };
    assert_ne!(fragment.schedule.as_deref(), Some(""));
    let texts = [
        &fragment.scenario,
        &fragment.variant,
        &fragment.timing,
        &fragment.activity,
        &fragment.cancel,
    ];
    let schedule_writable = fragment
        .schedule
        .as_deref()
        .is_none_or(|schedule| writable(schedule) && !schedule.contains(' '));
    if !(schedule_writable
        && texts
            .iter()
            .all(|value| value.as_deref().is_none_or(writable)))
    {
        return;
    }
    let written = fragment.format();
    let again = Fragment::parse(&written).expect("a written fragment reads back");
    assert_eq!(again, fragment, "{written}");
    assert_eq!(again.format(), written);
    assert_eq!(fragment.is_empty(), written.is_empty());
});
