//! Export (trace JSON, timeline SVG, Mermaid diagram, each a real download
//! through a Blob and an `<a download>`) and import (file picker and drag
//! and drop), with bad files refused and the run on screen kept.

use crate::support::{last_blob, CAPTURE_BLOBS};
use rendezvous_tests::{with_page, Page, PageOptions, TempDir};
use serde_json::Value;

async fn step_and_schedule(page: &Page) -> (Option<String>, Option<String>) {
    (
        page.attr("app", "data-step").await,
        page.attr("app", "data-schedule").await,
    )
}

#[tokio::test]
async fn exports_download_the_trace_the_timeline_and_a_sequence_diagram() {
    let options = PageOptions::default().path("#scenario=wedged-worker&step=10");
    with_page(options, |page| async move {
        page.wait_for_attr("app", "data-step", |step| step == Some("10"))
            .await;
        page.execute(CAPTURE_BLOBS).await;

        page.click("export").await;
        page.wait_for_testid("download").await;
        let name = page.attr("download", "download").await.unwrap_or_default();
        assert_eq!(name, "rendezvous-wedged-worker-tokio-step10.trace.json");
        let href = page.attr("download", "href").await.unwrap_or_default();
        assert!(href.starts_with("blob:"), "{href}");
        let text = last_blob(&page).await;
        let trace: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(trace["format"], "rendezvous-trace");
        assert_eq!(trace["version"], 2);
        assert_eq!(trace["cursor"], 10);
        assert_eq!(trace["steps"].as_array().map(Vec::len), Some(10));
        // The page writes its JSON with the browser's JSON.stringify; the
        // file is byte for byte what core (and so the CLI) writes.
        let run = rendezvous_core::trace_format::import(&text).expect("core reads it");
        assert_eq!(rendezvous_core::trace_format::export(&run), text);

        page.click("export-svg").await;
        page.wait_for_attr("download", "download", |name| {
            name.is_some_and(|name| name.ends_with(".svg"))
        })
        .await;
        let svg = last_blob(&page).await;
        assert!(svg.starts_with("<?xml"), "{svg}");
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.matches("<rect").count() > 10, "{svg}");

        page.click("export-mermaid").await;
        page.wait_for_attr("download", "download", |name| {
            name.is_some_and(|name| name.ends_with(".mmd"))
        })
        .await;
        let mermaid = last_blob(&page).await;
        assert!(mermaid.starts_with("sequenceDiagram\n"), "{mermaid}");
        for participant in ["W0", "W1", "R0", "TraceStatus"] {
            assert!(mermaid.contains(&format!("    participant {participant}\n")));
        }
        assert_eq!(mermaid.matches("->>").count(), 10, "{mermaid}");

        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}

/// A trace of `early-result` at step 7, written by the page itself.
async fn exported_trace(page: &Page) -> String {
    page.goto("#scenario=early-result&step=7").await;
    page.wait_for_attr("app", "data-step", |step| step == Some("7"))
        .await;
    page.execute(CAPTURE_BLOBS).await;
    page.click("export").await;
    page.wait_for_testid("download").await;
    last_blob(page).await
}

#[tokio::test]
async fn a_trace_file_opens_by_picker_and_by_drop() {
    with_page(PageOptions::default(), |page| async move {
        let trace = exported_trace(&page).await;
        let folder = TempDir::new("import");
        let path = folder.path().join("run.trace.json");
        std::fs::write(&path, &trace).unwrap();

        page.goto("#scenario=quiet-runtime&step=2").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("2"))
            .await;
        let input = page.wait_for_testid("import").await;
        input.send_keys(&path.to_string_lossy()).await.unwrap();
        page.wait_for_attr("app", "data-step", |step| step == Some("7"))
            .await;
        let url = page.client().current_url().await.unwrap().to_string();
        assert!(url.contains("scenario=early-result"), "{url}");

        // Drop the same file on the page, from another run.
        page.goto("#scenario=no-nudge&step=1").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("1"))
            .await;
        let drop = r#"
            const text = arguments[0];
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "dropped.json", { type: "application/json" }));
            const main = document.querySelector('[data-testid="app"]');
            main.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            main.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        "#;
        page.client()
            .execute(drop, vec![Value::String(trace)])
            .await
            .unwrap();
        page.wait_for_attr("app", "data-step", |step| step == Some("7"))
            .await;
        assert!(page.body_text().await.contains("early-result"));
    })
    .await;
}

#[tokio::test]
async fn a_bad_trace_file_is_refused_and_the_run_kept() {
    with_page(PageOptions::default(), |page| async move {
        let trace = exported_trace(&page).await;
        let folder = TempDir::new("bad-import");
        let cases = [
            (
                "malformed.json",
                "{\"format\": ".to_owned(),
                "not valid JSON",
            ),
            (
                "foreign.json",
                trace.replace("rendezvous-trace", "chrome-trace"),
                "format is `chrome-trace`",
            ),
            (
                "future.json",
                trace.replace("\"version\": 2", "\"version\": 7"),
                "version 7 is not supported",
            ),
            (
                "impossible.json",
                // The run's schedule (the scenario's own one starts alike).
                trace.replace(
                    "\"schedule\": \"r0 r0 r0 w0 w1 w0 w1\"",
                    "\"schedule\": \"w7 r0 r0 w0 w1 w0 w1\"",
                ),
                "schedule",
            ),
            (
                "misshapen.json",
                trace.replace("\"cursor\": 7", "\"cursor\": \"seven\""),
                "malformed trace",
            ),
            (
                "deep.json",
                trace.replacen(
                    "\"events\": [",
                    &format!("\"events\": [{}{},", "[".repeat(5000), "]".repeat(5000)),
                    1,
                ),
                "nested more than 128 deep",
            ),
            (
                "altered.json",
                trace.replacen("\"won\": true", "\"won\": false", 1),
                "records other events than this model produces",
            ),
        ];
        page.goto("#scenario=wedged-worker&step=4").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("4"))
            .await;
        let before = step_and_schedule(&page).await;
        for (name, text, expected) in cases {
            assert_ne!(text, trace, "{name} was not changed");
            let path = folder.path().join(name);
            std::fs::write(&path, &text).unwrap();
            let input = page.wait_for_testid("import").await;
            input.send_keys(&path.to_string_lossy()).await.unwrap();
            let error = page.wait_for_testid("error").await;
            let message = error.text().await.unwrap();
            assert!(message.contains(expected), "{name}: {message}");
            assert!(message.contains("unchanged"), "{name}: {message}");
            assert_eq!(step_and_schedule(&page).await, before, "{name}");
            let dismiss = page
                .client()
                .find(fantoccini::Locator::Css("[data-testid=\"error\"] button"))
                .await
                .unwrap();
            dismiss.click().await.unwrap();
            page.wait_until("the error to go", || async {
                page.snapshot().await.get("error").is_none().then_some(())
            })
            .await;
        }
        let url = page.client().current_url().await.unwrap().to_string();
        assert!(url.contains("scenario=wedged-worker"), "{url}");
    })
    .await;
}
