//! The scenario builder: from empty to a running dump, a refused field
//! named beside it with the run kept, the built scenario's link reopening
//! the same moment in a fresh page, and its file read by the CLI and read
//! back by the page.

use crate::support::{
    assert_healthy, differences, fragment, last_blob, select_value, wait_for_step, CAPTURE_BLOBS,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;
use rendezvous_tests::{with_page, workspace_root, Page, PageOptions, Snapshot, TempDir};

/// The builder's control for `field` (its path, `tasks[0].kind`).
async fn control(page: &Page, field: &str) -> Element {
    let selector = format!("[data-field=\"{field}\"]");
    page.wait_until(&format!("the builder's {field}"), || async {
        page.client().find(Locator::Css(&selector)).await.ok()
    })
    .await
}

/// Clicks a button of the builder's form, found afresh: the form is
/// markup the worker sends, replaced whole by each answer, so a button
/// found a moment before may be gone (a stale element) by the click.
async fn click_in_form(page: &Page, testid: &str) {
    let selector = format!("[data-testid=\"{testid}\"]");
    let before = form_now(page).await;
    for _ in 0..50 {
        let button = page
            .wait_until(&format!("the builder's {testid}"), || async {
                page.client().find(Locator::Css(&selector)).await.ok()
            })
            .await;
        match button.click().await {
            Ok(()) => return redrawn(page, before).await,
            Err(error) if error.to_string().contains("stale") => continue,
            Err(error) => panic!("could not click {selector}: {error}"),
        }
    }
    panic!("{selector} went stale 50 times in a row");
}

/// Types `text` into the builder's field, as a user would: select what is
/// there, type over it, and leave the field (which commits the change).
async fn type_into(page: &Page, field: &str, text: &str) {
    let before = form_now(page).await;
    let input = control(page, field).await;
    let (control_key, release, tab): (char, char, char) =
        (Key::Control.into(), Key::Null.into(), Key::Tab.into());
    input
        .send_keys(&format!("{control_key}a{release}{text}{tab}"))
        .await
        .expect("type");
    redrawn(page, before).await;
}

/// The builder's status sentence as it is now: the first element of the
/// form's markup, which the worker's next answer replaces.
async fn form_now(page: &Page) -> Element {
    page.wait_for_testid("builder-status").await
}

/// Waits until the worker has answered the change just made: the markup
/// that held `before` has been replaced (every change redraws the form),
/// so the next change starts from the new form.
async fn redrawn(page: &Page, before: Element) {
    page.wait_until("the builder's form redrawn", || async {
        before.is_displayed().await.err().map(|_| ())
    })
    .await;
}

/// Waits until the focus is on the builder's control for `field`.
async fn focus_on(page: &Page, field: &str) {
    page.wait_until(&format!("the focus on {field}"), || async {
        let focused = page
            .execute("return document.activeElement?.dataset?.field ?? null;")
            .await;
        (focused.as_str() == Some(field)).then_some(())
    })
    .await;
}

/// Picks `value` in the builder's `<select>` for `field`.
async fn pick(page: &Page, field: &str, value: &str) {
    let selector = format!("[data-field=\"{field}\"] option[value=\"{value}\"]");
    let option = page
        .wait_until(&format!("option {value} of {field}"), || async {
            page.client().find(Locator::Css(&selector)).await.ok()
        })
        .await;
    let before = form_now(page).await;
    option.click().await.expect("choose");
    redrawn(page, before).await;
}

async fn open_builder(page: &Page) {
    let summary = page
        .client()
        .find(Locator::Css("[data-testid=\"builder\"] > summary"))
        .await
        .expect("the builder");
    summary.click().await.expect("open");
    page.wait_for_testid("builder-empty").await;
}

/// Fails unless the two snapshots differ only in the builder (and the
/// app's text, which holds the builder's).
fn assert_same_stage(before: &Snapshot, after: &Snapshot, context: &str) {
    let changed: Vec<String> = differences(before, after)
        .into_iter()
        .filter(|line| {
            !["app:", "builder", "field-error"]
                .iter()
                .any(|builder| line.trim_start().starts_with(builder))
        })
        .collect();
    assert!(changed.is_empty(), "{context}: {changed:#?}");
}

/// The CLI, run from the workspace on `args`: its exit status and output.
fn cli(args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "run",
            "--quiet",
            "-p",
            "rendezvous-cli",
            "--bin",
            "rendezvous",
            "--",
        ])
        .args(args)
        .output()
        .expect("cargo runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[tokio::test]
async fn a_scenario_built_from_empty_runs_a_dump_travels_and_saves() {
    let options = PageOptions {
        window: (1280, 900),
        ..PageOptions::default()
    };
    with_page(options, |page| async move {
        wait_for_step(&page, 0).await;
        page.execute(CAPTURE_BLOBS).await;
        open_builder(&page).await;
        page.click("builder-empty").await;
        page.wait_until("the built scenario on the stage", || async {
            (select_value(&page, "scenario").await == "(built)").then_some(())
        })
        .await;
        assert!(fragment(&page).await.starts_with("built=1,n:my-scenario,"));

        // Three workers, a busy task, a blocking one that holds W1.
        type_into(&page, "workers", "3").await;
        page.wait_for_testid("worker-2").await;
        // Each change redraws the form from the worker's answer: wait for
        // the answer before the next change, so no click lands on a form
        // being replaced.
        click_in_form(&page, "builder-tasks+").await;
        control(&page, "tasks[0].name").await;
        click_in_form(&page, "builder-tasks+").await;
        control(&page, "tasks[1].name").await;
        pick(&page, "tasks[1].kind", "blocking").await;
        type_into(&page, "tasks[1].steps", "3").await;
        // A new task starts on the next worker's queue (task-2 on W1): move it
        // to W0 and back, each a change the form answers.
        pick(&page, "tasks[1].worker", "0").await;
        pick(&page, "tasks[1].worker", "1").await;
        // A task added then removed: the focus stays in the list, for the
        // keyboard user: on the new task's first control, then on the Add
        // button.
        click_in_form(&page, "builder-tasks+").await;
        focus_on(&page, "tasks[2].name").await;
        click_in_form(&page, "builder-tasks[2]-").await;
        focus_on(&page, "tasks+").await;
        type_into(&page, "name", "two-tasks").await;
        page.wait_until("the link to name the scenario", || async {
            let link = fragment(&page).await;
            (link.contains("n:two-tasks,") && link.contains("t:task-2:blocking3:w1")).then_some(())
        })
        .await;

        // A field out of range is refused beside it; the run stays.
        let before = page.snapshot().await;
        let link_before = fragment(&page).await;
        type_into(&page, "event_interval", "0").await;
        let error = page.wait_for_testid("field-error").await;
        let message = error.text().await.unwrap_or_default();
        assert_eq!(message, "must be from 1 to 1000, got 0");
        let input = control(&page, "event_interval").await;
        assert_eq!(
            input.attr("aria-invalid").await.ok().flatten().as_deref(),
            Some("true")
        );
        let status = page.wait_for_testid("builder-status").await;
        assert_eq!(
            status.attr("role").await.ok().flatten().as_deref(),
            Some("alert")
        );
        assert!(status
            .text()
            .await
            .unwrap_or_default()
            .contains("event_interval"));
        assert_eq!(fragment(&page).await, link_before);
        // Only the builder changed: the stage is as it was.
        assert_same_stage(&before, &page.snapshot().await, "after a refused field");
        // Fixed, it runs again.
        type_into(&page, "event_interval", "4").await;
        page.wait_until("the fixed scenario", || async {
            fragment(&page).await.contains(",e4,").then_some(())
        })
        .await;

        // The opening schedule: a token the core cannot read is refused by
        // its field, the run kept; one it can play rebuilds the run.
        let link_before = fragment(&page).await;
        type_into(&page, "schedule", "r0 x9").await;
        let error = page.wait_for_testid("field-error").await;
        let message = error.text().await.unwrap_or_default();
        assert!(message.starts_with("schedule token 2 `x9`"), "{message}");
        assert_eq!(fragment(&page).await, link_before);
        type_into(&page, "schedule", "r0").await;
        page.wait_until("the scripted scenario", || async {
            fragment(&page).await.contains(",S:r0").then_some(())
        })
        .await;

        // Step until the dump has returned.
        let mut steps = 0;
        while page.attr("requester-0", "data-pc").await.as_deref() != Some("Done") {
            assert!(steps < 300, "the dump never returned");
            page.click("step").await;
            steps += 1;
            wait_for_step(&page, steps).await;
        }
        let moment = page.snapshot().await;
        // The address bar follows the cursor within a quarter second.
        let at = format!("step={steps}");
        page.wait_until("the link to reach the cursor", || async {
            fragment(&page).await.ends_with(&at).then_some(())
        })
        .await;
        let link = page.client().current_url().await.expect("url").to_string();

        // The link reopens the same moment in a fresh page.
        page.client().goto("about:blank").await.expect("leave");
        page.client().goto(&link).await.expect("reopen");
        wait_for_step(&page, steps).await;
        assert_same_stage(&moment, &page.snapshot().await, "the reopened link");
        assert_eq!(select_value(&page, "scenario").await, "(built)");

        // Saved as a file, which the CLI runs and checks unchanged.
        page.execute(CAPTURE_BLOBS).await;
        open_builder(&page).await;
        page.click("builder-save").await;
        page.wait_for_testid("builder-download").await;
        assert_eq!(
            page.attr("builder-download", "download").await.as_deref(),
            Some("two-tasks.json")
        );
        let file = last_blob(&page).await;
        let folder = TempDir::new("builder");
        let path = folder.path().join("two-tasks.json");
        std::fs::write(&path, &file).expect("write");
        let path_text = path.to_string_lossy().into_owned();
        let (ok, output) = cli(&["run", "--scenario-file", &path_text, "--max-steps", "400"]);
        assert!(ok, "{output}");
        let (_, output) = cli(&[
            "check",
            "--scenario-file",
            &path_text,
            "--workers",
            "2",
            "--max-states",
            "500000",
        ]);
        // The CLI checks the page's scenario: the one the link holds, as
        // core checks it here (its exit status says whether a property
        // broke, which is the model's finding, not the file's).
        let code = fragment(&page).await;
        let code = code
            .split('&')
            .find_map(|pair| pair.strip_prefix("built="))
            .expect("a built scenario in the link");
        let mut scenario = rendezvous_core::Scenario::from_link_code(code).expect("valid");
        assert_eq!(
            rendezvous_core::Scenario::from_json(&file),
            Ok(scenario.clone())
        );
        scenario.workers = 2;
        let variant = scenario.variant;
        let config = rendezvous_core::checker::CheckConfig {
            max_states: 500_000,
            ..Default::default()
        };
        let report = rendezvous_core::checker::check(scenario, variant, config, &mut |_| true)
            .expect("checks");
        assert!(
            output.starts_with("scenario two-tasks with 2 worker(s), variant tokio-1.54")
                && output.contains(&format!("states {}  ", report.states)),
            "{output}"
        );

        // A file written by hand opens; a bad one is refused by its field.
        let by_hand = r#"{"name": "by-hand", "workers": 2, "requesters": [{}],
            "event_interval": 3, "timeout_steps": 5, "variant": "tokio",
            "tasks": [{"name": "a", "kind": "busy", "polls": 2, "worker": 0}]}"#;
        let hand_path = folder.path().join("by-hand.json");
        std::fs::write(&hand_path, by_hand).expect("write");
        let input = page.wait_for_testid("builder-open").await;
        input
            .send_keys(&hand_path.to_string_lossy())
            .await
            .expect("open the file");
        page.wait_until("the file's scenario", || async {
            fragment(&page).await.contains("n:by-hand,").then_some(())
        })
        .await;
        let opened = fragment(&page).await;
        let bad_path = folder.path().join("bad.json");
        std::fs::write(
            &bad_path,
            by_hand.replace("\"workers\": 2", "\"workers\": 12"),
        )
        .expect("write");
        let input = page.wait_for_testid("builder-open").await;
        input
            .send_keys(&bad_path.to_string_lossy())
            .await
            .expect("open the file");
        let error = page.wait_for_testid("error").await;
        let message = error.text().await.unwrap_or_default();
        assert!(
            message.contains("workers: must be from 1 to 8, got 12")
                && message.contains("unchanged"),
            "{message}"
        );
        assert_eq!(fragment(&page).await, opened);

        // The checker and the trace export work on a built scenario.
        let by_hand_scenario = rendezvous_core::Scenario::from_json(by_hand).expect("valid");
        let native = rendezvous_core::checker::check(
            by_hand_scenario.clone(),
            by_hand_scenario.variant,
            rendezvous_core::checker::CheckConfig {
                max_states: 3_000_000,
                ..Default::default()
            },
            &mut |_| true,
        )
        .expect("checks");
        page.click("check-start").await;
        page.wait_for_testid("check-report").await;
        assert_eq!(
            page.attr("check-report", "data-states").await,
            Some(native.states.to_string())
        );
        page.click("export").await;
        page.wait_for_testid("download").await;
        let trace = last_blob(&page).await;
        let run = rendezvous_core::trace_format::import(&trace).expect("core reads the trace");
        assert_eq!(run.model().scenario(), &by_hand_scenario);
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn the_builder_is_labelled_and_fits_a_phone() {
    for (width, height, name) in [
        (1280, 900, "builder-1280x900"),
        (375, 800, "builder-375x800"),
    ] {
        let mut options = PageOptions::default().path("#scenario=wedged-worker");
        options.window = (width, height);
        with_page(options, |page| async move {
            wait_for_step(&page, 0).await;
            open_builder(&page).await;
            control(&page, "tasks[0].name").await;
            // Every control has a label, and nothing is wider than the page.
            let report = page
                .execute(
                    r#"const builder = document.querySelector('[data-testid="builder"]');
                    const unlabelled = [...builder.querySelectorAll('input, select, textarea')]
                        .filter((e) => !e.closest('label') && !e.getAttribute('aria-label'))
                        .map((e) => e.outerHTML.slice(0, 80));
                    const wide = [...builder.querySelectorAll('*')]
                        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .map((e) => e.tagName + ' ' + (e.dataset.field || e.dataset.testid || ''));
                    return { unlabelled, wide };"#,
                )
                .await;
            assert_eq!(report["unlabelled"], serde_json::json!([]), "{report}");
            assert_eq!(report["wide"], serde_json::json!([]), "{report}");
            page.execute(
                "document.querySelector('[data-testid=builder]').scrollIntoView(); return null;",
            )
            .await;
            page.screenshot(name).await;
        })
        .await;
    }
}
