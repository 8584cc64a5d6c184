//! The scenario builder's form, worked out in the page's worker
//! (`rendezvous_checker::form::answer`): the page sends the draft (a link
//! code, possibly out of range, or the stage's scenario) and one change (a
//! field's path and value), and inserts the answer's markup (`html`) into
//! the page as it is. The target walks real forms: it starts from a
//! built-in scenario's code, the stage's scenario or fuzzed text, then
//! applies several changes in a row, each mostly to a control the previous
//! answer's markup holds (with a value fitting its kind: `on` or empty for
//! a box, one of a select's options), feeding each answer's draft into the
//! next request. Nothing may panic, and in every answer:
//!
//! 1. A `code`, when present, reads back with `Scenario::from_link_code`,
//!    as the same scenario `from_link_code_unchecked` reads from the
//!    answer's `draft`.
//! 2. Without a `code`, there is an `error` (the refused field and why).
//! 3. The markup is only the form's own elements and attributes, balanced,
//!    with every text escaped (no text of the scenario, which anyone can
//!    write, becomes markup), and its controls are the draft's rows
//!    (`form::rows`), in order, each named (`data-field`) by a field path
//!    `Edit::parse` reads, each text box holding its row's value (the box
//!    the answer refuses holds what was typed in it).
//!
//! Input: byte 0 chooses the start (a built-in scenario's code, by byte 1;
//! fuzzed text, the first line; the stage's built-in scenario, with the
//! worker count of byte 1; or the stage's built scenario), then each line
//! is one change: its first byte chooses a control of the previous answer
//! (or, one time in four, the rest of the line is `<field>=<value>`), its
//! second picks the value of a box or select, and the rest is the value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rendezvous_checker::draft::{Draft, Edit};
use rendezvous_checker::form::{answer, rows, DraftRequest, DraftView, Row};
use rendezvous_core::scenario::BUILTINS;
use rendezvous_core::Scenario;

/// The most changes one input makes.
const MAX_EDITS: usize = 8;

/// A built-in scenario (at its default worker count), by `byte`.
fn builtin(byte: u8) -> Scenario {
    let entry = &BUILTINS[usize::from(byte) % BUILTINS.len()];
    Scenario::builtin(entry.name, None).expect("a built-in scenario builds")
}

/// The elements the form's markup may hold (`p`: the status sentence
/// above the form).
const TAGS: [&str; 12] = [
    "p", "fieldset", "legend", "div", "strong", "button", "label", "span", "input", "textarea",
    "select", "option",
];

/// The attributes the form's markup may hold.
const ATTRIBUTES: [&str; 15] = [
    "class",
    "role",
    "aria-label",
    "type",
    "data-field",
    "data-was",
    "data-testid",
    "rows",
    "value",
    "inputmode",
    "aria-invalid",
    "aria-describedby",
    "id",
    "checked",
    "selected",
];

/// The character references the form's escaping writes.
const ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
];

/// Escaped `text` (a text between tags or an attribute's value) read back;
/// asserts it holds no markup and no `&` but the references above.
fn unescape(text: &str, html: &str) -> String {
    assert!(
        !text.contains(['<', '>', '"']),
        "unescaped text {text:?} in {html:?}"
    );
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (entity, c) = ENTITIES
            .iter()
            .find(|(entity, _)| rest.starts_with(entity))
            .unwrap_or_else(|| panic!("a bare `&` in {text:?} in {html:?}"));
        out.push(*c);
        rest = &rest[entity.len()..];
    }
    out.push_str(rest);
    out
}

/// One control of the markup: its `data-field`, and a text box's `value`.
struct Control {
    field: String,
    value: Option<String>,
}

/// Reads the form's markup, asserting relation 3's shape (only the form's
/// elements and attributes, balanced, every text escaped), and returns
/// its controls in order.
fn controls(html: &str) -> Vec<Control> {
    let mut controls = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        unescape(&rest[..start], html);
        let end = start
            + rest[start..]
                .find('>')
                .unwrap_or_else(|| panic!("an unclosed tag in {html:?}"));
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "{html:?}");
            continue;
        }
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(TAGS.contains(&name), "the element {name:?} in {html:?}");
        let mut field = None;
        let mut value = None;
        while !attributes.is_empty() {
            let key_end = attributes.find([' ', '=']).unwrap_or(attributes.len());
            let key = &attributes[..key_end];
            assert!(
                ATTRIBUTES.contains(&key),
                "the attribute {key:?} in {html:?}"
            );
            attributes = &attributes[key_end..];
            if let Some(quoted) = attributes.strip_prefix("=\"") {
                let close = quoted
                    .find('"')
                    .unwrap_or_else(|| panic!("an unclosed value in {html:?}"));
                let text = unescape(&quoted[..close], html);
                match key {
                    "data-field" => field = Some(text),
                    "value" if name == "input" => value = Some(text),
                    _ => {}
                }
                attributes = &quoted[close + 1..];
            }
            attributes = attributes.strip_prefix(' ').unwrap_or(attributes);
        }
        if matches!(name, "input" | "textarea" | "select" | "button") {
            controls.push(Control {
                field: field.unwrap_or_else(|| panic!("a control with no field in {html:?}")),
                value,
            });
        }
        if name != "input" {
            open.push(name);
        }
    }
    unescape(rest, html);
    assert!(open.is_empty(), "{open:?} left open in {html:?}");
    controls
}

/// Relations 1 to 3 on one answer (relation 3's markup only when
/// `markup`: reading it is most of the target's time, and the text of
/// every change before stays in the draft, so the walk's first and last
/// answers are read); the draft's rows, when it can be read.
fn check_view(view: &DraftView, markup: bool, typed: Option<(&str, &str)>) -> Vec<Row> {
    let draft = Scenario::from_link_code_unchecked(&view.draft);
    match &view.code {
        Some(code) => match Scenario::from_link_code(code) {
            Ok(scenario) => {
                let draft = draft.as_ref().unwrap_or_else(|error| {
                    panic!(
                        "the draft {:?} of code {code:?} is refused: {error}",
                        view.draft
                    )
                });
                assert_eq!(&scenario, draft, "{code:?}");
            }
            // Finding 7 of docs/fuzzing.md, fixed: no answer's code is
            // too long for a link.
            Err(error) => panic!("the answer's code {code:?} is refused: {error}"),
        },
        None => assert!(view.error.is_some(), "{:?}", view.draft),
    }
    // Every draft reads back (finding 7, fixed: none is too long).
    let rows = match draft {
        Ok(scenario) => rows(&Draft::of(scenario)),
        Err(error) => panic!("the draft {:?} is refused: {error}", view.draft),
    };
    if !markup {
        return rows;
    }
    let controls = controls(&view.html);
    for control in &controls {
        assert!(
            Edit::parse(&control.field, "").is_ok(),
            "the control {:?} of {:?}",
            control.field,
            view.draft
        );
    }
    if rows.is_empty() {
        return rows;
    }
    let fields: Vec<&str> = rows.iter().map(|row| row.field.as_str()).collect();
    let named: Vec<&str> = controls
        .iter()
        .map(|control| control.field.as_str())
        .collect();
    assert_eq!(named, fields, "{:?}", view.draft);
    for (control, row) in controls.iter().zip(&rows) {
        if let Some(value) = &control.value {
            // The box the answer refuses keeps what was typed in it.
            let expected = match typed {
                Some((field, typed)) if field == row.field
                    && view.error.as_deref().is_some_and(|error| {
                        error.starts_with(&format!("{field}: "))
                    }) => typed,
                _ => row.value.as_str(),
            };
            assert_eq!(value, expected, "{:?} of {:?}", row.field, view.draft);
        }
    }
    rows
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let head = lines.next().unwrap_or_default().as_bytes();
    let mode = head.first().copied().unwrap_or(0);
    let pick = head.get(1).copied().unwrap_or(0);
    let stage = builtin(pick);
    let mut request = DraftRequest {
        draft: None,
        scenario: stage.name.clone(),
        built: None,
        workers: stage.workers,
        field: None,
        value: String::new(),
    };
    match mode % 4 {
        0 => request.draft = Some(stage.to_link_code()),
        1 => {
            let draft = String::from_utf8_lossy(head.get(1..).unwrap_or_default()).into_owned();
            request.draft = Some(draft);
        }
        2 => request.workers = usize::from(pick >> 4),
        _ => request.built = Some(stage.to_link_code()),
    }
    let mut view = match answer(&request) {
        Ok(view) => view,
        Err(_) => return,
    };
    let mut form = check_view(&view, true, None);
    // The change the latest answer made: its field and the text typed.
    let mut typed: Option<(String, String)> = None;
    for line in lines.take(MAX_EDITS) {
        let bytes = line.as_bytes();
        let choice = bytes.first().copied().unwrap_or(0);
        let value_pick = bytes.get(1).copied().unwrap_or(0);
        let rest = line.get(2..).or_else(|| line.get(1..)).unwrap_or_default();
        let (field, value) = if choice % 4 == 0 || form.is_empty() {
            let rest = line.get(1..).unwrap_or_default();
            match rest.split_once('=') {
                Some((field, value)) => (field.to_owned(), value.to_owned()),
                None => (rest.to_owned(), String::new()),
            }
        } else {
            let row = &form[usize::from(choice >> 2) % form.len()];
            let value = match row.kind.as_str() {
                "check" => if value_pick & 1 == 1 { "on" } else { "" }.to_owned(),
                "select" if !row.options.is_empty() && value_pick < 0xE0 => row.options
                    [usize::from(value_pick) % row.options.len()]
                .0
                .clone(),
                _ => rest.to_owned(),
            };
            (row.field.clone(), value)
        };
        request.draft = Some(view.draft.clone());
        request.field = Some(field);
        request.value = value;
        // A path no control has, or a draft too long to read back: the
        // page's request is refused with a sentence, and the form stays.
        if let Ok(next) = answer(&request) {
            form = check_view(&next, false, None);
            view = next;
            typed = request.field.clone().map(|field| (field, request.value.clone()));
        }
    }
    check_view(
        &view,
        true,
        typed.as_ref().map(|(field, value)| (field.as_str(), value.as_str())),
    );
});
