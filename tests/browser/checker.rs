//! The in-page checker: it finds the leak of PROTOCOL.md 5.1 by itself (in
//! `issue5638-very-stuck`, a worker stuck in a task, whose whole state space
//! fits the page's bound), its Replay loads the counterexample at its last
//! step, where S1 breaks (and not one step before), Stop ends a long
//! check without a verdict, the default model (`wedged-worker`, 12 M
//! states) is decided whole, and a model too big for the page
//! (`busy-workers` with 3 workers) points to the command line.

use crate::support::{
    assert_healthy, choose, click_to, cursor, in_view, loaded_at, select_value, wait_for_step,
};
use rendezvous_tests::{with_page, Page, PageOptions, Snapshot};
use std::time::Duration;

/// The outcome the report shows for property `code` (`S1`, `L1`, ...):
/// `broken`, `holds`, `unknown`, ...
fn outcome<'a>(snapshot: &'a Snapshot, code: &str) -> Option<&'a str> {
    snapshot.attr(&format!("check-verdict-{code}"), "data-outcome")
}

/// A check of a model within the page's bound takes seconds; a slow
/// machine gets more.
const CHECK_TIMEOUT: Duration = Duration::from_secs(120);

/// The page's bound, in states (`PAGE_MAX_STATES` in the web crate's
/// `checker_bridge.rs`).
const PAGE_MAX_STATES: u64 = 24_000_000;

/// A check that goes to the page's bound of 24,000,000 states takes two to
/// three minutes in headless Chromium on the project's 2-core machine.
const BIG_CHECK_TIMEOUT: Duration = Duration::from_secs(600);

/// The page at `path`, with `timeout` for a check.
fn checking_within(path: &str, timeout: Duration) -> PageOptions {
    PageOptions {
        timeout,
        ..PageOptions::default().path(path)
    }
}

/// The page at `path`, with room for a check.
fn checking(path: &str) -> PageOptions {
    checking_within(path, CHECK_TIMEOUT)
}

/// Opens the page at step 0, starts a check and waits for its report.
async fn checked(page: &Page) -> Snapshot {
    loaded_at(page, 0).await;
    page.click("check-start").await;
    page.wait_for_testid("check-report").await;
    page.snapshot().await
}

#[tokio::test]
async fn the_checker_finds_the_leak_and_replays_it() {
    with_page(checking(""), |page| async move {
        loaded_at(&page, 0).await;
        choose(&page, "scenario", "issue5638-very-stuck").await;
        choose(&page, "variant", "tokio").await;
        assert_eq!(select_value(&page, "workers").await, "2");
        page.wait_for_testid("check-start").await;
        assert!(page.snapshot().await.get("check-report").is_none());

        page.click("check-start").await;
        let report = page.wait_for_testid("check-report").await;
        let report_text = report.text().await.unwrap_or_default();
        let snapshot = page.snapshot().await;
        let states: u64 = snapshot
            .attr("check-report", "data-states")
            .and_then(|states| states.parse().ok())
            .unwrap_or_else(|| panic!("check-report has no data-states: {snapshot:#?}"));
        let milliseconds = snapshot.attr("check-report", "data-milliseconds");
        println!("checked {states} states in {milliseconds:?} ms: {report_text}");
        // The checker is deterministic across platforms: the wasm build in
        // the page finds exactly the states the native build does.
        let native = rendezvous_core::checker::check(
            rendezvous_core::Scenario::builtin("issue5638-very-stuck", Some(2)).expect("built-in"),
            rendezvous_core::Variant::Tokio,
            rendezvous_core::checker::CheckConfig::default(),
            &mut |_| true,
        )
        .expect("valid scenario");
        assert_eq!(states, native.states, "the page and the CLI disagree");
        assert!(
            !report_text.contains("state bound"),
            "the check of issue5638-very-stuck should be complete: {report_text}"
        );
        assert_eq!(outcome(&snapshot, "S1"), Some("broken"));
        // Under this preset the idle bookkeeping (S6) and the task bits and
        // handles (S7, S7a) break too, as `rendezvous check` finds; the
        // rest holds.
        for broken in ["S6", "S7", "S7a"] {
            assert_eq!(
                outcome(&snapshot, broken),
                Some("broken"),
                "{broken} breaks for issue5638-very-stuck with tokio"
            );
        }
        for holds in ["S2", "S3", "S4", "S5", "S8", "C1", "L1"] {
            assert_eq!(
                outcome(&snapshot, holds),
                Some("holds"),
                "{holds} holds for issue5638-very-stuck with tokio"
            );
        }
        assert!(snapshot.get("check-error").is_none());
        assert!(
            snapshot.get("check-replay-S2").is_none(),
            "a property that holds has no Replay"
        );
        // The report is the worker's markup, styled as the page's own.
        page.execute(
            "document.querySelector('[data-testid=check-report]').scrollIntoView({block: 'center'});",
        )
        .await;
        page.screenshot("checker-report").await;

        // The counterexample is the Replay button's title.
        let replay = page.wait_for_testid("check-replay-S1").await;
        let schedule = replay
            .attr("title")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        let length = schedule.split_whitespace().count();
        assert!(length > 0, "the Replay button names no schedule");
        let label = replay.text().await.unwrap_or_default();
        assert!(
            label.contains(&format!("({length} steps)")),
            "the Replay button says {label:?} for a {length}-step schedule {schedule:?}"
        );

        // Move away first, so the Replay visibly moves the cursor to the
        // violation, the counterexample's last step.
        click_to(&page, "step", 1).await;
        page.click("check-replay-S1").await;
        wait_for_step(&page, length).await;
        // The stage is scrolled into view, not left above the report.
        assert!(
            in_view(&page, ".stage").await,
            "the stage is out of view after Replay"
        );
        let max = page
            .execute("return document.querySelector('[data-testid=scrubber]').max;")
            .await;
        assert_eq!(
            max.as_str(),
            Some(length.to_string().as_str()),
            "the replayed run should hold the whole counterexample"
        );
        let hash = page.execute("return location.hash;").await;
        let hash = hash.as_str().unwrap_or_default().to_owned();
        assert!(
            hash.contains(&format!("schedule={}", schedule.replace(' ', "+"))),
            "the URL should hold the counterexample: {hash}"
        );
        // The verdict survives the replay: same scenario, same variant.
        assert!(page.snapshot().await.get("check-report").is_some());

        // S1 is broken exactly at the counterexample's last step: now, and
        // not one step before.
        assert_eq!(
            page.attr("prop-S1", "data-state").await.as_deref(),
            Some("broken"),
            "S1 is not broken at the end of the counterexample"
        );
        assert_eq!(
            page.attr("prop-S1", "data-now").await.as_deref(),
            Some("true")
        );
        click_to(&page, "back", length - 1).await;
        assert_ne!(
            page.attr("prop-S1", "data-now").await.as_deref(),
            Some("true"),
            "S1 broke before the counterexample's last step"
        );
        // The replay was a decision of its own: Back returns to the run
        // before it (one step of the scenario's own run).
        page.client().back().await.unwrap();
        page.wait_until("the run before the replay", || async {
            let hash = page.execute("return location.hash;").await;
            let hash = hash.as_str().unwrap_or_default().to_owned();
            (!hash.contains("schedule=") || !hash.contains(&schedule.replace(' ', "+")))
                .then_some(())
        })
        .await;
        wait_for_step(&page, 1).await;
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn stop_ends_a_long_check_without_a_verdict() {
    let path = "#scenario=busy-workers&variant=tokio&workers=3&step=0";
    with_page(checking(path), |page| async move {
        loaded_at(&page, 0).await;
        page.click("check-start").await;
        // Wait until the worker reports progress: the check really runs.
        page.wait_for_attr("check-progress", "data-states", |states| {
            states
                .and_then(|states| states.parse::<u64>().ok())
                .is_some_and(|states| states > 0)
        })
        .await;
        assert_eq!(
            page.attr("check-start", "disabled").await.as_deref(),
            Some("true"),
            "Start is enabled during a check"
        );
        page.click("check-stop").await;
        page.wait_for_testid("check-stopped").await;
        let snapshot = page.snapshot().await;
        assert!(snapshot.get("check-progress").is_none());
        assert!(snapshot.get("check-report").is_none());
        assert_eq!(
            page.attr("check-stop", "disabled").await.as_deref(),
            Some("true")
        );
        assert_eq!(page.attr("check-start", "disabled").await, None);
        // The page stays usable and the stopped check stays stopped.
        for step in 1..=3 {
            click_to(&page, "step", step).await;
        }
        let snapshot = page.snapshot().await;
        assert!(
            snapshot.get("check-stopped").is_some(),
            "the note went away"
        );
        assert!(
            snapshot.get("check-report").is_none(),
            "a stopped check reported"
        );
        assert_eq!(cursor(&page).await, 3);
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn the_default_model_is_decided_whole_in_the_page() {
    // wedged-worker with its own 2 workers under tokio has 7,517,257
    // states: beyond the page's old bound of 3,000,000, within the packed
    // frontier's 24,000,000. Every verdict is decided, L1 (which needs the
    // whole graph) among them, and the counts are the native checker's.
    let path = "#scenario=wedged-worker&variant=tokio&workers=2&step=0";
    with_page(
        checking_within(path, BIG_CHECK_TIMEOUT),
        |page| async move {
            let snapshot = checked(&page).await;
            let report = snapshot.get("check-report").expect("a report");
            assert!(!report.text.contains("state bound"), "{}", report.text);
            let states: u64 = snapshot
                .attr("check-report", "data-states")
                .and_then(|states| states.parse().ok())
                .expect("data-states");
            let native = rendezvous_core::checker::check(
                rendezvous_core::Scenario::builtin("wedged-worker", Some(2)).expect("built-in"),
                rendezvous_core::Variant::Tokio,
                rendezvous_core::checker::CheckConfig {
                    max_states: PAGE_MAX_STATES,
                    minimise: false,
                    ..rendezvous_core::checker::CheckConfig::default()
                },
                &mut |_| true,
            )
            .expect("valid scenario");
            assert!(native.complete);
            assert_eq!(states, native.states, "the page and the CLI disagree");
            for property in rendezvous_core::Property::ALL {
                let outcome = outcome(&snapshot, property.code());
                assert_ne!(outcome, Some("unknown"), "{} undecided", property.code());
            }
            assert_eq!(outcome(&snapshot, "S1"), Some("broken"));
            assert_eq!(outcome(&snapshot, "L1"), Some("holds"));
            assert!(
                snapshot.get("check-cli").is_none(),
                "a complete check offers no command line"
            );
            assert_healthy(&page).await;
        },
    )
    .await;
}

#[tokio::test]
async fn a_model_beyond_the_bound_points_to_the_command_line() {
    // busy-workers with 3 workers: over 24,000,000 states, the page's
    // bound, and an S6 break among the first ones.
    let path = "#scenario=busy-workers&variant=tokio&workers=3&step=0";
    with_page(
        checking_within(path, BIG_CHECK_TIMEOUT),
        |page| async move {
            let snapshot = checked(&page).await;
            let report = snapshot.get("check-report").expect("a report");
            assert!(report.text.contains("state bound"), "{}", report.text);
            assert!(
                report.text.contains("24,000,000 states"),
                "the bound is named: {}",
                report.text
            );
            // The break is found within the bound; what needs the whole model
            // stays unknown.
            assert_eq!(outcome(&snapshot, "S6"), Some("broken"));
            assert_eq!(outcome(&snapshot, "L1"), Some("unknown"));
            let hint = snapshot.get("check-cli").expect("the command-line hint");
            assert!(
                hint.text.contains(
                    "rendezvous check --scenario busy-workers --workers 3 --variant tokio \
                 --max-states 50000000"
                ),
                "{}",
                hint.text
            );
            assert_healthy(&page).await;
        },
    )
    .await;
}
