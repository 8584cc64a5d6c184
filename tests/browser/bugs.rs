//! The "Real bugs" panel: *Show the bug* checks a case in the page's
//! checker worker and opens the shortest run that breaks one of the bug's
//! properties, at the violation, exactly the run the native checker finds;
//! *Show the fix* opens the same scenario under the fixed preset and
//! reports that those properties hold; the sentence's link reopens the
//! run at the violation. Two cases are opened in one page.

use crate::support::{assert_healthy, cursor, fragment, loaded_at, wait_for_step};
use rendezvous_core::checker::{check, CheckConfig, Outcome};
use rendezvous_core::{Assumptions, Property, Scenario, Timing, Variant};
use rendezvous_tests::{with_page, Page, PageOptions};
use std::time::Duration;

/// The length in steps of the natively found shortest counterexample for
/// `property` in `scenario` under `variant`.
fn native_counterexample(
    scenario: &str,
    workers: Option<usize>,
    variant: Variant,
    property: Property,
) -> usize {
    let mut scenario = Scenario::builtin(scenario, workers).expect("built-in");
    scenario.variant = variant;
    let config = CheckConfig {
        assumptions: Assumptions {
            timing: Timing::Timely,
            ..Assumptions::default()
        },
        ..CheckConfig::default()
    };
    let report = check(scenario, variant, config, &mut |_| true).expect("valid");
    let verdict = report
        .verdicts
        .iter()
        .find(|verdict| verdict.property == property)
        .expect("a verdict for every property");
    assert_eq!(verdict.outcome, Outcome::Broken, "{property:?}");
    verdict.steps.expect("a counterexample")
}

/// Opens `scenario`'s row, shows its bug and checks what the page shows
/// against the native checker: the counterexample for `headline`.
async fn show_bug(page: &Page, scenario: &str, variant: Variant, headline: Property) {
    page.click(&format!("bug-open-{scenario}")).await;
    page.click(&format!("bug-show-{scenario}")).await;
    let shown = page.wait_for_testid("bug-shown").await;
    let text = shown.text().await.unwrap_or_default();
    let snapshot = page.snapshot().await;
    let property = snapshot.attr("bug-shown", "data-property").unwrap_or("");
    let steps: usize = snapshot
        .attr("bug-shown", "data-steps")
        .and_then(|steps| steps.parse().ok())
        .expect("the status names the run's length");
    println!("{scenario}: {text}");
    assert_eq!(property, headline.code(), "{scenario}: another property");
    let native = native_counterexample(scenario, None, variant, headline);
    assert_eq!(steps, native, "{scenario}: not the checker's shortest run");
    // The run on the stage is the counterexample, at its last step.
    wait_for_step(page, steps).await;
    let hash = fragment(page).await;
    assert!(
        hash.contains(&format!("scenario={scenario}"))
            && hash.contains(&format!("variant={}", variant.name()))
            && hash.contains("schedule="),
        "{hash}"
    );
    assert_eq!(
        page.attr("scrubber", "max").await.as_deref(),
        Some(steps.to_string().as_str())
    );
    if headline == Property::Deadlock {
        // The run ends where no actor can move, though work is pending.
        assert_eq!(
            page.attr("step", "disabled").await.as_deref(),
            Some("true"),
            "{scenario}: an actor can still move at the deadlock"
        );
        page.click("back").await;
        wait_for_step(page, steps - 1).await;
        assert_eq!(page.attr("step", "disabled").await, None);
    } else {
        // A safety property shows as broken now, and not one step before.
        let id = format!("prop-{property}");
        assert_eq!(
            page.attr(&id, "data-state").await.as_deref(),
            Some("broken"),
            "{scenario}: {property} is not broken at the violation"
        );
        page.click("back").await;
        wait_for_step(page, steps - 1).await;
        assert_ne!(
            page.attr(&id, "data-now").await.as_deref(),
            Some("true"),
            "{scenario}: {property} broke before the run's last step"
        );
    }
    // The sentence's link opens the same run at the violation again (for
    // a user who moved on while the check ran).
    page.click("bug-run").await;
    wait_for_step(page, steps).await;
}

/// Shows `scenario`'s fix and checks the panel says its properties hold.
async fn show_fix(page: &Page, scenario: &str, fix: Variant) {
    page.click(&format!("bug-fix-{scenario}")).await;
    page.wait_until("the fix's verdict", || async {
        page.snapshot().await.get("bug-fixed").map(|_| ())
    })
    .await;
    assert_eq!(
        page.attr("bug-fixed", "data-holds").await.as_deref(),
        Some("true")
    );
    let hash = fragment(page).await;
    assert!(
        hash.contains(&format!("scenario={scenario}"))
            && hash.contains(&format!("variant={}", fix.name())),
        "{hash}"
    );
    assert_eq!(cursor(page).await, 0, "the fix opens at the start");
}

/// The page, with room for a bug's check (seconds; more on a slow
/// machine).
fn checking() -> PageOptions {
    PageOptions {
        timeout: Duration::from_secs(120),
        ..PageOptions::default()
    }
}

#[tokio::test]
async fn two_real_bugs_are_shown_and_fixed() {
    with_page(checking(), |page| async move {
        loaded_at(&page, 0).await;
        // The list comes from the checker's worker when the panel opens.
        page.click("bugs-open").await;
        page.wait_for_testid("bug-show-pr8372-spawn-after-dump").await;
        let snapshot = page.snapshot().await;
        assert!(
            snapshot.ids_starting_with("bug-show-").len() >= 10,
            "the panel lists the casebook's bugs"
        );
        show_bug(
            &page,
            "pr8372-spawn-after-dump",
            Variant::Tokio,
            Property::Deadlock,
        )
        .await;
        show_fix(&page, "pr8372-spawn-after-dump", Variant::Tokio154).await;
        show_bug(
            &page,
            "issue6035-complete-during-trace",
            Variant::Tokio129,
            Property::S8,
        )
        .await;
        show_fix(&page, "issue6035-complete-during-trace", Variant::Tokio133).await;
        // Each reference is a link to its public report.
        let links = page
            .execute(
                "return [...document.querySelectorAll('.bug-refs a')].map(a => a.href + ' ' + a.rel);",
            )
            .await;
        let links: Vec<String> = links
            .as_array()
            .map(|links| {
                links
                    .iter()
                    .filter_map(|link| link.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        assert!(links
            .iter()
            .any(|link| link == "https://github.com/tokio-rs/tokio/issues/6035 noopener"));
        assert!(links.iter().all(|link| link.starts_with("https://github.com/")));
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn a_bug_found_after_the_user_moved_on_leaves_the_stage_alone() {
    with_page(checking(), |page| async move {
        loaded_at(&page, 0).await;
        let own = fragment(&page).await;
        page.click("bugs-open").await;
        page.click("bug-open-tcl-lsp-wedge").await;
        page.click("bug-show-tcl-lsp-wedge").await;
        // The check takes seconds; the user steps the stage meanwhile.
        page.wait_for_testid("bug-checking").await;
        for step in 1..=3 {
            page.click("step").await;
            wait_for_step(&page, step).await;
        }
        let shown = page.wait_for_testid("bug-shown").await;
        println!("{}", shown.text().await.unwrap_or_default());
        let steps: usize = page
            .attr("bug-shown", "data-steps")
            .await
            .and_then(|steps| steps.parse().ok())
            .expect("the status names the run's length");
        // The stage is still the user's own run, where they left it ...
        assert_eq!(cursor(&page).await, 3);
        let now = fragment(&page).await;
        assert!(
            !now.contains("tcl-lsp-wedge") && now.contains(own.split('&').next().unwrap_or("")),
            "{own} became {now}"
        );
        // ... and the sentence's link opens the bug's run at the violation.
        page.click("bug-run").await;
        wait_for_step(&page, steps).await;
        assert!(fragment(&page).await.contains("scenario=tcl-lsp-wedge"));
        assert_healthy(&page).await;
    })
    .await;
}
