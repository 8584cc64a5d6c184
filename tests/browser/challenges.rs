//! Challenges: the panel loads on demand from the checker's worker; open,
//! it says when the run meets a goal, links to the winning moment, and
//! remembers the win in localStorage across loads.

use rendezvous_tests::{with_page, Page, PageOptions};

/// Opens the panel (it is closed on every load) and waits for its list.
async fn open_panel(page: &Page) {
    page.wait_for_testid("challenges").await;
    assert!(
        page.snapshot()
            .await
            .get("challenge-dump-never-returns")
            .is_none(),
        "the list loads only when the panel is opened"
    );
    page.click("challenges-open").await;
    page.wait_for_testid("challenge-dump-never-returns").await;
}

/// Waits until the panel says challenge `id` is won, at this moment: the
/// worker answers each moment in turn, so the list on screen may still be
/// the last moment's for a while.
async fn won_now(page: &Page, id: &str) {
    page.wait_for_attr(&format!("challenge-{id}"), "data-won", |won| {
        won == Some("true")
    })
    .await;
    page.wait_for_testid("challenge-won").await;
}

async fn won(page: &Page, id: &str) -> bool {
    page.attr(&format!("challenge-{id}"), "data-won")
        .await
        .as_deref()
        == Some("true")
}

#[tokio::test]
async fn winning_a_challenge_is_said_linked_and_remembered() {
    let options = PageOptions::default().path("#scenario=no-nudge");
    with_page(options, |page| async move {
        page.wait_for_testid("challenges").await;
        page.execute("localStorage.clear();").await;
        page.client().refresh().await.unwrap();
        open_panel(&page).await;
        assert!(!won(&page, "dump-never-returns").await);
        assert!(page.snapshot().await.get("challenge-won").is_none());
        for step in 1..=4 {
            page.click("step").await;
            page.wait_for_attr("app", "data-step", |value| value == Some(&step.to_string()))
                .await;
        }
        won_now(&page, "dump-never-returns").await;
        let link = page
            .attr("challenge-dump-never-returns-link", "href")
            .await
            .unwrap_or_default();
        assert!(link.contains("scenario=no-nudge"), "{link}");
        assert!(link.contains("schedule=r0+r0+r0+r0&step=4"), "{link}");
        let stored = page
            .execute("return localStorage.getItem('rendezvous-challenges');")
            .await;
        assert!(
            stored
                .as_str()
                .unwrap_or_default()
                .starts_with("dump-never-returns "),
            "{stored}"
        );

        // Another scenario, a fresh load: the win is still there.
        page.goto("#scenario=quiet-runtime").await;
        page.client().refresh().await.unwrap();
        open_panel(&page).await;
        assert!(won(&page, "dump-never-returns").await);
        assert!(page.snapshot().await.get("challenge-won").is_none());
        page.click("challenge-dump-never-returns-link").await;
        page.wait_for_attr("app", "data-step", |value| value == Some("4"))
            .await;
        page.wait_for_testid("challenge-won").await;

        // The other two, reached by links; the fixed barrier wins nothing.
        page.goto("#scenario=wedged-worker&variant=fixed&step=40")
            .await;
        page.wait_for_attr("app", "data-step", |value| value == Some("40"))
            .await;
        assert!(!won(&page, "leader-while-running").await);
        page.goto("#scenario=wedged-worker&step=40").await;
        won_now(&page, "leader-while-running").await;
        // R0 takes the stored permit at step 24 and the dump at step 27.
        page.goto("#scenario=early-result&step=27").await;
        page.wait_for_attr("app", "data-step", |value| value == Some("27"))
            .await;
        won_now(&page, "permit-delivers").await;
        // The plain store's race, played by hand: the slower requester
        // takes the dump traced for the other's request.
        page.goto(
            "#scenario=plain-store&variant=plain-store&schedule=\
             r0+r0+r0+w0+w0+w0+w0+w0+w0+w1+w1+w1+w1+w1+w1+w1+w1+w1+w1+w1+w1+w1+r1+r1&step=23",
        )
        .await;
        page.wait_for_attr("app", "data-step", |value| value == Some("23"))
            .await;
        assert!(!won(&page, "someone-elses-dump").await, "one step early");
        page.click("step").await;
        won_now(&page, "someone-elses-dump").await;
        page.goto("#scenario=no-end-barrier&step=40").await;
        page.wait_for_attr("app", "data-step", |value| value == Some("40"))
            .await;
        won_now(&page, "poll-during-walk").await;
        // How the open panel looks, at a desktop and a phone width.
        for width in [1280, 375] {
            crate::screenshots::set_viewport(&page, width, 800).await;
            page.execute(
                "document.querySelector('[data-testid=challenges]').scrollIntoView({block: 'start'});",
            )
            .await;
            page.screenshot(&format!("challenges-{width}x800")).await;
        }
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}
