//! Trace files between the page and the worker: what the page asks
//! (`web/src/checker_bridge.rs`), what the worker answers
//! (`checker-wasm/src/files.rs`, core's reader and writer) and what the
//! page's reducer makes of the answer.

use rendezvous_checker::{json, serve, CheckMessage};
use rendezvous_web::checker_bridge::{CheckReply, WorkerRequest};
use rendezvous_web::state::{Action, Playground, Settings, MAX_STEPS};
use std::rc::Rc;
use yew::Reducible;

/// The worker's answer to `request`, as the page reads it.
fn ask(request: &WorkerRequest<'_>) -> CheckReply {
    let text = rendezvous_web::json::to_string(request).expect("encodes");
    let answer = json::to_string(&serve(&text, &mut |_| true)).expect("encodes");
    CheckReply::read(&answer).expect("the page reads it")
}

/// What the page's reducer does with the file `text`.
fn import(playground: Rc<Playground>, text: &str) -> Rc<Playground> {
    import_at_most(playground, text, MAX_STEPS)
}

/// What the page's reducer does with the file `text` when it records at
/// most `max_steps` steps.
fn import_at_most(playground: Rc<Playground>, text: &str, max_steps: usize) -> Rc<Playground> {
    let answer = ask(&WorkerRequest::Import { text, max_steps });
    let result = match answer {
        CheckReply::Imported(fragment) => Ok(fragment),
        CheckReply::Failed { message } => Err(message),
        other => panic!("another answer: {other:?}"),
    };
    playground.reduce(Action::ImportTrace(result))
}

fn stepped(name: &str, steps: usize) -> Rc<Playground> {
    let mut playground = Rc::new(Playground::new(Settings::builtin(name).unwrap()));
    for _ in 0..steps {
        playground = playground.reduce(Action::Step);
    }
    playground
}

#[test]
fn an_exported_trace_imports_to_the_same_moment() {
    let playground = stepped("wedged-worker", 25).reduce(Action::Seek(9));
    let parts = playground.run_parts();
    let CheckReply::Exported { text } = ask(&WorkerRequest::Export(&parts)) else {
        panic!("no file");
    };
    // The page's file is core's (and so the CLI's), byte for byte.
    assert_eq!(
        text,
        rendezvous_core::trace_format::export(playground.run())
    );
    let imported = import(Rc::new(Playground::default()), &text);
    assert_eq!(imported.error(), None);
    assert_eq!(imported.fragment(), playground.fragment());
}

#[test]
fn a_bad_trace_is_refused_and_the_run_kept() {
    // (The exported trace is version 2; the replacements below edit it.)
    let good = rendezvous_core::trace_format::export(stepped("quiet-runtime", 2).run());
    let cases = [
        ("{not json", "not valid JSON"),
        (r#"{"format":"other","version":1}"#, "`other`"),
        (
            &good.replace("\"version\": 2", "\"version\": 99"),
            "version 99",
        ),
        (
            &good.replace("\"schedule\": \"r0 r0\"", "\"schedule\": \"w9\""),
            "schedule",
        ),
        (&good.replace("\"workers\": 3", "\"workers\": 0"), "workers"),
    ];
    let before = stepped("early-result", 2);
    for (text, expected) in cases {
        assert_ne!(text, good.as_str(), "{expected}: the file was not edited");
        let after = import(before.clone(), text);
        let error = after.error().unwrap_or_else(|| panic!("accepted: {text}"));
        assert!(error.contains(expected), "{error}");
        assert!(error.contains("unchanged"), "{error}");
        assert_eq!(after.fragment(), before.fragment());
    }
    // A scenario that is not built in (renamed, or with a field edited)
    // opens as a built scenario, at the same moment.
    for edited in [
        good.replace("\"name\": \"quiet-runtime\"", "\"name\": \"mine\""),
        good.replace("\"event_interval\": 3", "\"event_interval\": 4"),
    ] {
        assert_ne!(edited, good);
        let after = import(before.clone(), &edited);
        assert_eq!(after.error(), None);
        assert!(after.settings().built.is_some());
        assert!(
            after.fragment().contains("built=1,"),
            "{}",
            after.fragment()
        );
        assert_eq!(
            after.run().schedule(),
            stepped("quiet-runtime", 2).run().schedule()
        );
        let reopened = rendezvous_web::state::Playground::from_fragment(&after.fragment());
        assert_eq!(reopened.error(), None);
        assert_eq!(reopened.run().moment(), after.run().moment());
    }
    // A run longer than the page records.
    let after = import_at_most(before.clone(), &good, 1);
    let error = after.error().unwrap_or_default();
    assert!(error.contains("the page records at most 1"), "{error}");
    assert_eq!(after.fragment(), before.fragment());
}

#[test]
fn a_request_the_worker_cannot_answer_is_refused() {
    let CheckMessage::Failed { message } = serve("{\"import\": {}}", &mut |_| true) else {
        panic!("expected a refusal");
    };
    assert!(message.starts_with("malformed request"), "{message}");
}
