//! Guided tours: a link opens a stop of a scenario's default run; next,
//! previous and the stop links move along it, and the URL keeps the stop.

use crate::support::in_view;
use rendezvous_tests::{with_page, Page, PageOptions};

async fn at(page: &Page, stop: &str, step: &str) {
    page.wait_for_attr("tour", "data-stop", |value| value == Some(stop))
        .await;
    page.wait_for_attr("app", "data-step", |value| value == Some(step))
        .await;
    // The note comes from the checker's worker once the stop shows.
    page.wait_for_attr("tour-note", "data-stop", |value| value == Some(stop))
        .await;
    let note = page
        .wait_for_testid("tour-note")
        .await
        .text()
        .await
        .unwrap();
    assert!(note.len() > 20, "stop {stop}: {note:?}");
}

#[tokio::test]
async fn a_tour_walks_its_stops_and_links_to_each() {
    let options = PageOptions::default().path("#scenario=wedged-worker&tour=0");
    with_page(options, |page| async move {
        at(&page, "0", "0").await;
        assert_eq!(
            page.attr("tour-prev", "disabled").await.as_deref(),
            Some("true")
        );
        page.click("tour-next").await;
        at(&page, "1", "3").await;
        // Each stop is an entry in the browser's history.
        page.client().back().await.unwrap();
        at(&page, "0", "0").await;
        page.client().forward().await.unwrap();
        at(&page, "1", "3").await;
        for _ in 0..3 {
            page.click("tour-next").await;
        }
        at(&page, "4", "40").await;
        page.click("tour-prev").await;
        at(&page, "3", "24").await;
        page.click("tour-stop-5").await;
        at(&page, "5", "48").await;
        let url = page.client().current_url().await.unwrap().to_string();
        assert!(url.contains("tour=5"), "{url}");
        page.client().refresh().await.unwrap();
        at(&page, "5", "48").await;
        // Stepping off the stop's moment says where the stop is; stepping
        // back onto it shows the plain position again.
        let position = || async {
            page.wait_for_testid("tour-position")
                .await
                .text()
                .await
                .unwrap()
        };
        assert_eq!(position().await, "Stop 6 of 7 · step 48");
        page.click("back").await;
        page.wait_for_attr("app", "data-step", |value| value == Some("47"))
            .await;
        assert_eq!(
            position().await,
            "Stop 6 of 7 is at step 48; the stage is at step 47"
        );
        page.click("step").await;
        page.wait_for_attr("app", "data-step", |value| value == Some("48"))
            .await;
        assert_eq!(position().await, "Stop 6 of 7 · step 48");
        page.click("tour-end").await;
        page.wait_for_testid("tour-start").await;

        // From another scenario, the start button of its own tour.
        page.goto("#scenario=no-nudge").await;
        page.click("tour-start").await;
        at(&page, "0", "0").await;
        page.click("tour-stop-4").await;
        at(&page, "4", "4").await;
        assert_eq!(
            page.attr("tour-next", "disabled").await.as_deref(),
            Some("true")
        );
        // How the stop looks, at a desktop and a phone width.
        for width in [1280, 375] {
            crate::screenshots::set_viewport(&page, width, 800).await;
            page.execute(
                "document.querySelector('[data-testid=tour]').scrollIntoView({block: 'start'});",
            )
            .await;
            page.screenshot(&format!("tour-{width}x800")).await;
        }
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}

#[tokio::test]
async fn a_tour_started_on_a_narrow_screen_is_brought_into_view() {
    let options = PageOptions::default().path("#scenario=no-nudge&step=3");
    with_page(options, |page| async move {
        crate::screenshots::set_viewport(&page, 375, 800).await;
        page.wait_for_attr("app", "data-step", |value| value == Some("3"))
            .await;
        // Once a run has started, the settings (and the tour's button) sit
        // below the stage on a phone; the stop opens beside the stage.
        page.click("tour-start").await;
        at(&page, "0", "0").await;
        assert!(
            in_view(&page, "[data-testid=tour]").await,
            "the tour's stop is out of view"
        );
    })
    .await;
}
