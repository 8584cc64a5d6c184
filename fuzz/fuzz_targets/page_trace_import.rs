//! Trace files come from other people. The page hands a file's text to its
//! worker, which reads it with a reader of its own
//! (`rendezvous_checker::files::read_trace`, which keeps JSON trees and an
//! event decoder out of the wasm), and answers with the run's parts
//! (`files::import_trace`; a scenario other than the built-in one of its
//! name and worker count as its link code); the page then opens those
//! parts (`Action::ImportTrace`). Nothing on that path may panic, and the
//! worker's reader must agree with core's `trace_format::import`, the
//! CLI's reader:
//!
//! 1. On a file with no key written twice in one object, whose steps record
//!    no events and hold only text in `from`, `to` and `narration`, the two
//!    accept and refuse the same files and restore the same run (scenario,
//!    variant, assumptions, schedule, cursor, moment).
//! 2. They may differ only in what the worker does not read the way core
//!    does, by design (see `docs/fuzzing.md`): a step's recorded events
//!    (the worker compares them as JSON text, whitespace aside, and skips
//!    them in a version 1 file; core decodes them and rejects any it cannot
//!    decode), a step's `from`, `to` and `narration` (the worker ignores
//!    them), and a key written twice in one object (natively the worker
//!    refuses it where it reads a struct; core, like the browser's
//!    `JSON.parse`, keeps the last). With those parts normalised away
//!    (the last of each key kept, every step's events, `from`, `to` and
//!    `narration` dropped), the two agree as in 1.
//! 3. A file the worker's reader accepts restores the run core restores
//!    from the same file normalised.
//! 4. The page's whole import (the request, the worker's answer, the
//!    reducer) opens a file the worker's reader accepts as that very run,
//!    unless it is longer than the page records; a scenario that is not the
//!    built-in one of its name and worker count comes back as its link code
//!    (`built`), which reads back as the file's scenario, and only then. A
//!    file the reader refuses is refused with the reader's message; either
//!    way a refused file leaves the page's run alone. (Finding 8 of
//!    `docs/fuzzing.md`, fixed: the worker itself refuses a scenario whose
//!    code is longer than a link carries, `MAX_LINK_CODE_CHARS`, saying
//!    so.)
//! 5. Text that `serde_json` reads only by skipping it (a number past a
//!    float's range, such as `1e400`, or nesting deeper than 128) in a
//!    part of the file the worker does not read: core refuses the file as
//!    not JSON, the worker may accept it (as the browser's `JSON.parse`
//!    reads such text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_checker::files::read_trace;
use rendezvous_checker::{json as worker_json, serve};
use rendezvous_core::scenario::MAX_LINK_CODE_CHARS;
use rendezvous_core::{trace_format, Run, Scenario};
use rendezvous_web::checker_bridge::{CheckReply, WorkerRequest};
use rendezvous_web::json as page_json;
use rendezvous_web::state::{Action, Playground, MAX_STEPS};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;
use yew::Reducible;

/// Asserts that two readings restore the same run, or refuse alike.
fn assert_agree(page: &Result<Run, String>, core: &Result<Run, String>, text: &str) {
    match (page, core) {
        (Ok(page), Ok(core)) => assert_same_run(page, core, text),
        (Err(_), Err(_)) => {}
        (page, core) => panic!(
            "the page and core disagree on {text:?}: page {:?}, core {:?}",
            page.as_ref().map(Run::schedule),
            core.as_ref().map(Run::schedule)
        ),
    }
}

/// Asserts that two runs are the same run at the same moment.
fn assert_same_run(page: &Run, core: &Run, text: &str) {
    assert_eq!(page.model().scenario(), core.model().scenario(), "{text:?}");
    assert_eq!(page.model().variant(), core.model().variant(), "{text:?}");
    assert_eq!(
        page.model().assumptions(),
        core.model().assumptions(),
        "{text:?}"
    );
    assert_eq!(page.schedule(), core.schedule(), "{text:?}");
    assert_eq!(page.cursor(), core.cursor(), "{text:?}");
    assert_eq!(page.moment(), core.moment(), "{text:?}");
}

/// The step fields the worker reads differently from core.
const LOOSE_STEP_FIELDS: [&str; 4] = ["events", "from", "to", "narration"];

/// Whether some step holds a field the worker reads differently from core:
/// recorded events, or a `from`, `to` or `narration` that is not text.
fn has_loose_step_fields(value: &Value) -> bool {
    let Some(steps) = value.get("steps").and_then(Value::as_array) else {
        return false;
    };
    steps.iter().filter_map(Value::as_object).any(|step| {
        step.get("events")
            .is_some_and(|events| events.as_array().is_none_or(|events| !events.is_empty()))
            || ["from", "to", "narration"]
                .iter()
                .any(|field| step.get(*field).is_some_and(|text| !text.is_string()))
    })
}

/// The file without what the worker reads differently: every step's
/// events, `from`, `to` and `narration` dropped (a duplicate key is gone
/// already, the last kept, as `serde_json::Value` reads it).
fn normalised(mut value: Value) -> String {
    if let Some(steps) = value.get_mut("steps").and_then(Value::as_array_mut) {
        for step in steps.iter_mut().filter_map(Value::as_object_mut) {
            for field in LOOSE_STEP_FIELDS {
                step.remove(field);
            }
        }
    }
    value.to_string()
}

/// Whether any object in the JSON text writes a key twice.
fn has_duplicate_key(text: &str) -> bool {
    serde_json::from_str::<NoDuplicateKeys>(text).is_err()
}

/// Any JSON value in which no object writes a key twice.
struct NoDuplicateKeys;

impl<'de> de::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeysVisitor)
    }
}

/// Visits a value for [`NoDuplicateKeys`].
struct NoDuplicateKeysVisitor;

impl<'de> Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = NoDuplicateKeys;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key) {
                return Err(de::Error::custom("a key written twice"));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }
}

thread_local! {
    /// The page as it first opens, before any file (built once: opening a
    /// file never changes it, the reducer works on a copy).
    static FRESH_PAGE: Rc<Playground> = Rc::new(Playground::default());
}

/// The worker's answer to the page's request to import `text`, as the page
/// reads it (the same path as `checker-wasm/tests/page_files.rs`).
fn ask_worker(text: &str) -> CheckReply {
    let request = WorkerRequest::Import {
        text,
        max_steps: MAX_STEPS,
    };
    let request = page_json::to_string(&request).expect("the page encodes its request");
    let answer = worker_json::to_string(&serve(&request, &mut |_| true))
        .expect("the worker encodes its answer");
    CheckReply::read(&answer).expect("the page reads the worker's answer")
}

fuzz_target!(|text: &str| {
    let page = read_trace(text);
    let core = trace_format::import(text);
    match serde_json::from_str::<Value>(text) {
        // Not JSON to `serde_json::Value`: core refuses it, and so does
        // the worker, unless it is JSON `serde_json` reads by skipping it
        // (relation 5: a number past a float's range, such as `1e400`, or
        // nesting deeper than 128, in a part the worker does not read).
        Err(_) => {
            assert!(core.is_err(), "{text:?}");
            let skipped = serde_json::from_str::<IgnoredAny>(text).is_ok();
            if !(skipped && page.is_ok()) {
                assert_agree(&page, &core, text);
            }
        }
        Ok(value) => {
            if !has_loose_step_fields(&value) && !has_duplicate_key(text) {
                // Relation 1.
                assert_agree(&page, &core, text);
            } else {
                // Relations 2 and 3.
                let plain = normalised(value);
                let core_plain = trace_format::import(&plain);
                assert_agree(&read_trace(&plain), &core_plain, &plain);
                if let Ok(page) = &page {
                    let core_plain = core_plain
                        .as_ref()
                        .expect("core reads what the worker reads");
                    assert_same_run(page, core_plain, text);
                }
            }
        }
    }
    // Relation 4: the page's whole import.
    match (ask_worker(text), &page) {
        (CheckReply::Imported(fragment), Ok(run)) => {
            assert!(run.len() <= MAX_STEPS);
            let parts = rendezvous_web::fragment::Fragment::parse(&fragment)
                .unwrap_or_else(|error| panic!("the page refuses the link {fragment:?}: {error}"));
            let scenario = run.model().scenario();
            let builtin = Scenario::builtin(&scenario.name, Some(scenario.workers));
            match &parts.built {
                None => assert_eq!(builtin.as_ref(), Ok(scenario), "{text:?}"),
                Some(code) => {
                    assert_ne!(builtin.as_ref(), Ok(scenario), "{text:?}");
                    assert_eq!(code, &scenario.to_link_code(), "{text:?}");
                    assert!(code.chars().count() <= MAX_LINK_CODE_CHARS, "{text:?}");
                }
            }
            if let Some(code) = parts.built.as_deref() {
                assert_eq!(
                    Scenario::from_link_code(code).as_ref(),
                    Ok(scenario),
                    "{text:?}"
                );
            }
            let opened =
                FRESH_PAGE.with(|fresh| fresh.clone().reduce(Action::ImportTrace(Ok(fragment))));
            assert_eq!(opened.error(), None, "{text:?}");
            assert_same_run(opened.run(), run, text);
        }
        (CheckReply::Failed { message }, Ok(run)) => assert!(
            (run.len() > MAX_STEPS && message.contains("at most"))
                || (run.model().scenario().to_link_code().chars().count() > MAX_LINK_CODE_CHARS
                    && message.contains("too large for the page's link")),
            "{message}"
        ),
        (CheckReply::Failed { message }, Err(error)) => {
            assert_eq!(&message, error);
            let before = Rc::new(Playground::default());
            let refused = before
                .clone()
                .reduce(Action::ImportTrace(Err(message.clone())));
            assert!(refused
                .error()
                .is_some_and(|shown| shown.contains(&message)));
            assert_eq!(refused.fragment(), before.fragment());
        }
        (answer, reading) => panic!(
            "the worker answered {answer:?} to a file its reader reads as {:?}",
            reading.as_ref().map(Run::schedule)
        ),
    }
});
