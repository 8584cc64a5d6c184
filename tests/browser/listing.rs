//! The protocol listing: each step links to its lines in Tokio 1.54.1's
//! source (in a new tab, labelled, reachable from the keyboard), and each
//! worker's cursor sits on the line of the program counter its lane shows.

use crate::support::{assert_healthy, click_to, loaded_at};
use rendezvous_tests::{with_page, Page, PageOptions};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where Tokio 1.54.1's source is, at its release tag.
const TOKIO_SOURCE: &str = "https://github.com/tokio-rs/tokio/blob/tokio-1.54.1/tokio/src/";

/// A bound on the steps to the first `[Gather]`, far above what the
/// scenario needs, so a page that never gets there fails instead of
/// hanging.
const MAX_STEPS: usize = 200;

/// Each worker's program counter as its lane shows it (`W0` → `Top`), and
/// the label of the listing line each worker's cursor is on.
const READ_CURSORS: &str = r#"
    const lanes = {};
    for (const lane of document.querySelectorAll('[data-testid^="worker-"]')) {
        const index = /^worker-(\d+)$/.exec(lane.dataset.testid);
        if (index) lanes["W" + index[1]] = lane.dataset.pc;
    }
    const cursors = {};
    for (const cursor of document.querySelectorAll('[data-testid="listing"] .cursor')) {
        const name = cursor.textContent.trim();
        if (/^W\d+$/.test(name)) cursors[name] = cursor.closest("li").dataset.label;
    }
    return [lanes, cursors];
"#;

/// The links of the listing's `[Gather]` line, each focused once to see
/// that the keyboard reaches it.
const READ_GATHER_LINKS: &str = r#"
    const line = document.querySelector('[data-testid="listing"] li[data-label="Gather"]');
    if (!line) return null;
    return [...line.querySelectorAll("a")].map((link) => {
        link.focus();
        const focused = document.activeElement === link;
        link.blur();
        return {
            href: link.href,
            target: link.target,
            rel: link.rel,
            label: link.getAttribute("aria-label") || "",
            text: link.textContent,
            focused,
        };
    });
"#;

/// Whether the `[Gather]` line is marked current and holds `worker`'s
/// cursor.
fn gather_line_script(worker: &str) -> String {
    format!(
        r#"const line = document.querySelector('[data-testid="listing"] li[data-label="Gather"]');
        return !!line && line.classList.contains("current")
            && [...line.querySelectorAll(".cursor")].some((cursor) => cursor.textContent.trim() === "{worker}");"#
    )
}

/// Each worker's lane pc and the label its listing cursor is on.
async fn cursors(page: &Page) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let value = page.execute(READ_CURSORS).await;
    serde_json::from_value(value).unwrap_or_else(|error| panic!("cursors did not parse: {error}"))
}

/// Asserts that every worker has exactly one cursor, on its pc's line.
async fn assert_cursors_on_their_lines(page: &Page, step: usize) {
    let (lanes, cursors) = cursors(page).await;
    assert!(!lanes.is_empty(), "no worker lanes at step {step}");
    assert_eq!(
        lanes, cursors,
        "at step {step}, each worker's cursor must be on the line of its pc (lanes, then cursors)"
    );
}

#[tokio::test]
async fn the_listing_links_each_step_to_tokio_and_follows_the_workers() {
    let options = PageOptions::default().path("#scenario=quiet-runtime");
    with_page(options, |page| async move {
        loaded_at(&page, 0).await;

        let links = page.execute(READ_GATHER_LINKS).await;
        let Value::Array(links) = links else {
            panic!("the listing has no Gather line: {links}");
        };
        assert!(
            !links.is_empty(),
            "the Gather line has no link to Tokio's source"
        );
        for link in &links {
            let field = |name: &str| link[name].as_str().unwrap_or_default().to_owned();
            let href = field("href");
            let (path, lines) = href
                .strip_prefix(TOKIO_SOURCE)
                .and_then(|rest| rest.split_once("#L"))
                .unwrap_or_else(|| panic!("{href} is not a line range of Tokio 1.54.1's source"));
            let (first, last) = lines
                .split_once("-L")
                .and_then(|(first, last)| {
                    Some((first.parse::<u32>().ok()?, last.parse::<u32>().ok()?))
                })
                .unwrap_or_else(|| panic!("{href} has no range #Lx-Ly"));
            assert!(
                path.ends_with(".rs") && 0 < first && first <= last,
                "{href}"
            );
            assert_eq!(field("target"), "_blank", "{href} opens in this tab");
            assert!(
                field("rel").split(' ').any(|rel| rel == "noopener"),
                "{href}: rel={}",
                field("rel")
            );
            assert!(
                field("label").starts_with("Tokio 1.54.1 source for Gather"),
                "{href} is labelled {:?}",
                field("label")
            );
            assert!(!field("text").trim().is_empty(), "{href} shows no text");
            assert_eq!(
                link["focused"],
                Value::Bool(true),
                "{href} cannot take the focus"
            );
        }
        assert_cursors_on_their_lines(&page, 0).await;

        let mut leader = None;
        for step in 1..=MAX_STEPS {
            click_to(&page, "step", step).await;
            assert_cursors_on_their_lines(&page, step).await;
            let (lanes, _) = cursors(&page).await;
            leader = lanes
                .into_iter()
                .find(|(_, pc)| pc == "Gather")
                .map(|(name, _)| name);
            if leader.is_some() {
                break;
            }
        }
        let leader =
            leader.unwrap_or_else(|| panic!("no worker reached Gather within {MAX_STEPS} steps"));
        let marked = page.execute(&gather_line_script(&leader)).await;
        assert_eq!(
            marked,
            Value::Bool(true),
            "the Gather line does not show {leader}"
        );
        assert_healthy(&page).await;
    })
    .await;
}
