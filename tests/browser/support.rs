//! Helpers shared by the scenario modules of this test binary: waiting for
//! the cursor, pressing keys, picking options, comparing snapshots.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use rendezvous_tests::{Page, Snapshot};

/// The run of PROTOCOL.md section 5.1 in `wedged-worker` with variant
/// `tokio` and 2 workers (the first 40 steps of the scenario's own run):
/// W0 arrives at `trace_start` (step 23), times out leaving its count
/// behind (step 24), arrives again and leads alone while W1 is still
/// polling its blocking task. S1 breaks at its last step.
pub const SECTION_5_1: &str = "w0 w1 r0 w0 w1 r0 w0 w1 r0 w0 r0 w0 w0 w0 w0 w0 w0 w0 \
                               w0 w0 w0 w0 w0 w0:timeout w0 w0 w0 w0 w0 w0 w0 w0 \
                               w0 w0 w0 w0 w0 w0 w0 w0";

/// The 1-based step of [`SECTION_5_1`] that is `w0:timeout`.
pub const SECTION_5_1_TIMEOUT: usize = 24;

/// The moves of a schedule, as the test ids of their buttons (`w0:timeout`
/// is `act-w0-timeout`).
pub fn move_testids(schedule: &str) -> Vec<String> {
    schedule
        .split_whitespace()
        .map(|token| format!("act-{}", token.replace(':', "-")))
        .collect()
}

/// The cursor (`app`'s `data-step`) right now.
pub async fn cursor(page: &Page) -> usize {
    let step = page.attr("app", "data-step").await;
    let step = step.unwrap_or_else(|| panic!("[data-testid=app] has no data-step"));
    step.parse()
        .unwrap_or_else(|_| panic!("app's data-step is {step:?}, not a number"))
}

/// Waits until the cursor is `step`.
pub async fn wait_for_step(page: &Page, step: usize) {
    let expected = step.to_string();
    page.wait_for_attr("app", "data-step", |value| value == Some(expected.as_str()))
        .await;
}

/// Waits until the page has mounted and shows step `step`, then returns
/// its snapshot.
pub async fn loaded_at(page: &Page, step: usize) -> Snapshot {
    page.wait_for_testid("step").await;
    wait_for_step(page, step).await;
    page.snapshot().await
}

/// Clicks `id` (a control that moves the cursor) and waits until the
/// cursor is `then`.
pub async fn click_to(page: &Page, id: &str, then: usize) {
    page.click(id).await;
    wait_for_step(page, then).await;
}

/// Presses and releases one key (a [`fantoccini::key::Key`] or a character such as `'?'`),
/// as a user would: the key event goes to the focused element (the body
/// unless a test focused something).
pub async fn press(page: &Page, key: impl Into<char>) {
    let value: char = key.into();
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value })
        .then(KeyAction::Up { value });
    page.client()
        .perform_actions(actions)
        .await
        .unwrap_or_else(|error| panic!("could not press {value:?}: {error}"));
}

/// Chooses `value` in the `<select>` with this test id by clicking its
/// option, as a user would, and waits until the select shows it.
pub async fn choose(page: &Page, select: &str, value: &str) {
    page.wait_for_testid(select).await;
    let selector = format!("[data-testid=\"{select}\"] option[value=\"{value}\"]");
    let option = page
        .client()
        .find(fantoccini::Locator::Css(&selector))
        .await
        .unwrap_or_else(|error| panic!("no option {selector}: {error}"));
    option
        .click()
        .await
        .unwrap_or_else(|error| panic!("could not choose {selector}: {error}"));
    let what = format!("{select} to show {value}");
    page.wait_until(&what, || async {
        (select_value(page, select).await == value).then_some(())
    })
    .await;
}

/// The value a `<select>` (or `<input>`) with this test id shows.
pub async fn select_value(page: &Page, id: &str) -> String {
    let script = format!(
        "const e = document.querySelector('[data-testid=\"{id}\"]'); return e ? e.value : null;"
    );
    let value = page.execute(&script).await;
    value.as_str().unwrap_or_default().to_owned()
}

/// Whether any part of the first element `selector` matches is within
/// the window's height (scrolled into view).
pub async fn in_view(page: &Page, selector: &str) -> bool {
    let script = format!(
        "const box = document.querySelector({selector:?}).getBoundingClientRect(); \
         return box.top < window.innerHeight && box.bottom > 0;"
    );
    page.execute(&script).await.as_bool() == Some(true)
}

/// The page's URL fragment, without its `#`.
pub async fn fragment(page: &Page) -> String {
    let hash = page.execute("return location.hash;").await;
    hash.as_str()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Every difference between two snapshots: elements present in only one,
/// and `data-*` attributes, child counts or texts that differ.
pub fn differences(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut found = Vec::new();
    // The challenges won are the player's progress (kept in localStorage),
    // not part of the run: time travel does not undo a win.
    let progress = |id: &str| id.starts_with("challenge");
    for (id, element) in before.elements.iter().filter(|(id, _)| !progress(id)) {
        let Some(other) = after.elements.get(id) else {
            found.push(format!("{id}: gone"));
            continue;
        };
        if element.attributes != other.attributes {
            found.push(format!(
                "{id}: attributes {:?} then {:?}",
                element.attributes, other.attributes
            ));
        }
        if element.children != other.children {
            found.push(format!(
                "{id}: {} children then {}",
                element.children, other.children
            ));
        }
        if element.text != other.text {
            found.push(format!(
                "{id}: text {:?} then {:?}",
                element.text, other.text
            ));
        }
    }
    for id in after.elements.keys().filter(|id| !progress(id)) {
        if !before.elements.contains_key(id) {
            found.push(format!("{id}: new"));
        }
    }
    found
}

/// Fails with every difference when two snapshots differ.
pub fn assert_same(before: &Snapshot, after: &Snapshot, context: &str) {
    let differences = differences(before, after);
    assert!(
        differences.is_empty(),
        "{context}: the page differs in {} place(s):\n  {}",
        differences.len(),
        differences.join("\n  ")
    );
}

/// Fails when the console holds errors or the page shows a panic of its
/// own (Rust's "panicked at" message; a modelled worker that panicked is
/// drawn as "✖ panicked", which is not one).
pub async fn assert_healthy(page: &Page) {
    let text = page.body_text().await;
    assert!(
        !text.contains("panicked at"),
        "the page shows a panic:\n{text}"
    );
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// Wraps `URL.createObjectURL` so the test can read every Blob the page
/// offers for download.
pub const CAPTURE_BLOBS: &str = r#"
    window.__blobs = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { window.__blobs.push(blob); return original(blob); };
"#;

/// The text of the last captured Blob.
pub async fn last_blob(page: &Page) -> String {
    let script = r#"
        const done = arguments[arguments.length - 1];
        const blobs = window.__blobs;
        blobs[blobs.length - 1].text().then(done, (error) => done("ERROR " + error));
    "#;
    let value = page
        .client()
        .execute_async(script, Vec::new())
        .await
        .unwrap_or_else(|error| panic!("could not read the blob: {error}"));
    value.as_str().unwrap_or_default().to_owned()
}
