//! The URL holds the run: a link to a moment reopens exactly there in a
//! fresh page load, the browser's Back and Forward undo and redo a choice of
//! scenario, and a bad link says so: opening the page, it shows the default scenario;
//! followed in an open page, the run on the stage stays.

use crate::support::{
    assert_healthy, assert_same, choose, click_to, fragment, loaded_at, move_testids, press,
    select_value, wait_for_step, SECTION_5_1,
};
use fantoccini::key::Key;
use rendezvous_tests::{with_page, Page, PageOptions, Snapshot};

/// Opens `url` as a new document (not a same-document fragment change),
/// by way of a blank page.
async fn open_fresh(page: &Page, url: &str) {
    let client = page.client();
    client
        .goto("about:blank")
        .await
        .unwrap_or_else(|error| panic!("could not open about:blank: {error}"));
    client
        .goto(url)
        .await
        .unwrap_or_else(|error| panic!("could not open {url}: {error}"));
}

async fn href(page: &Page) -> String {
    let href = page.execute("return location.href;").await;
    href.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_link_to_a_moment_reopens_at_that_moment() {
    let path = "#scenario=wedged-worker&variant=tokio&workers=2&step=0";
    with_page(PageOptions::default().path(path), |page| async move {
        loaded_at(&page, 0).await;
        // 28 moves chosen by hand (the timeout among them), then back 5:
        // the moment has a recorded future.
        let moves = move_testids(SECTION_5_1);
        for (index, id) in moves.iter().take(28).enumerate() {
            click_to(&page, id, index + 1).await;
        }
        let end = page.snapshot().await;
        for step in (23..28).rev() {
            click_to(&page, "back", step).await;
        }
        let moment = page.snapshot().await;
        // The URL is written after the render: wait for it to name the step.
        page.wait_until("the URL to name step 23", || async {
            fragment(&page).await.ends_with("&step=23").then_some(())
        })
        .await;
        let link = href(&page).await;
        assert!(
            link.contains("scenario=wedged-worker") && link.contains("w0:timeout"),
            "the link does not hold the run: {link}"
        );

        open_fresh(&page, &link).await;
        let reopened = loaded_at(&page, 23).await;
        assert_same(&moment, &reopened, &format!("reopened from {link}"));
        assert_eq!(href(&page).await, link, "reopening rewrote the link");
        // The recorded future came along: End reaches step 28, as it was.
        press(&page, Key::End).await;
        wait_for_step(&page, 28).await;
        assert_same(&end, &page.snapshot().await, "step 28 of the reopened link");
        assert_healthy(&page).await;
    })
    .await;
}

/// Opens the default page, steps 4 times, then chooses `wedged-worker` in
/// the scenario picker. Returns the snapshots before and after the choice.
async fn step_then_choose_a_scenario(page: &Page) -> (Snapshot, Snapshot) {
    loaded_at(page, 0).await;
    for step in 1..=4 {
        click_to(page, "step", step).await;
    }
    wait_for_fragment(page, |fragment| fragment.ends_with("&step=4")).await;
    let quiet = page.snapshot().await;
    let history_length = page.execute("return history.length;").await;

    choose(page, "scenario", "wedged-worker").await;
    wait_for_step(page, 0).await;
    wait_for_fragment(page, |fragment| {
        fragment.starts_with("scenario=wedged-worker&")
    })
    .await;
    let wedged = page.snapshot().await;
    assert!(
        wedged.get("worker-2").is_none(),
        "wedged-worker has 2 workers"
    );
    let longer = page.execute("return history.length;").await;
    assert_eq!(
        longer.as_u64(),
        history_length.as_u64().map(|length| length + 1),
        "choosing a scenario should add one history entry (stepping adds none)"
    );
    (quiet, wedged)
}

/// Waits until the URL fragment satisfies `accept`.
async fn wait_for_fragment(page: &Page, accept: impl Fn(&str) -> bool) {
    page.wait_until("the URL fragment", || async {
        accept(&fragment(page).await).then_some(())
    })
    .await;
}

async fn history_back(page: &Page) {
    page.client()
        .back()
        .await
        .unwrap_or_else(|error| panic!("history back failed: {error}"));
}

async fn history_forward(page: &Page) {
    page.client()
        .forward()
        .await
        .unwrap_or_else(|error| panic!("history forward failed: {error}"));
}

/// Waits until the stage has no third worker (wedged-worker has two).
async fn wait_for_no_worker_2(page: &Page) {
    page.wait_until("worker-2 to go", || async {
        page.snapshot()
            .await
            .get("worker-2")
            .is_none()
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn back_and_forward_undo_and_redo_a_choice_of_scenario() {
    with_page(PageOptions::default(), |page| async move {
        let (quiet, wedged) = step_then_choose_a_scenario(&page).await;

        history_back(&page).await;
        wait_for_fragment(&page, |fragment| {
            fragment.starts_with("scenario=quiet-runtime&") && fragment.ends_with("&step=4")
        })
        .await;
        page.wait_for_testid("worker-2").await;
        wait_for_step(&page, 4).await;
        assert_same(&quiet, &page.snapshot().await, "after the browser's Back");
        assert_eq!(select_value(&page, "scenario").await, "quiet-runtime");

        history_forward(&page).await;
        wait_for_fragment(&page, |fragment| {
            fragment.starts_with("scenario=wedged-worker&")
        })
        .await;
        wait_for_step(&page, 0).await;
        wait_for_no_worker_2(&page).await;
        assert_same(
            &wedged,
            &page.snapshot().await,
            "after the browser's Forward",
        );

        // And Back once more.
        history_back(&page).await;
        page.wait_for_testid("worker-2").await;
        wait_for_step(&page, 4).await;
        assert_same(&quiet, &page.snapshot().await, "after Back again");
        assert_healthy(&page).await;
    })
    .await;
}

/// The pickers must show the run on screen after Back and Forward, also a
/// picker the user has touched (a touched `<select>` ignores the `selected`
/// attribute, so the page sets its value after every render).
#[tokio::test]
async fn the_pickers_follow_the_browser_history() {
    with_page(PageOptions::default(), |page| async move {
        step_then_choose_a_scenario(&page).await;
        history_back(&page).await;
        page.wait_for_testid("worker-2").await;
        assert_eq!(select_value(&page, "scenario").await, "quiet-runtime");
        history_forward(&page).await;
        wait_for_no_worker_2(&page).await;
        assert_eq!(
            select_value(&page, "scenario").await,
            "wedged-worker",
            "the stage shows wedged-worker but the picker does not"
        );
    })
    .await;
}

/// Links that cannot be opened, each with a word its message must name.
const BAD_LINKS: &[(&str, &str)] = &[
    ("#scenario=no-such-scenario&step=3", "no-such-scenario"),
    ("#scenario=wedged-worker&step=three", "step"),
    ("#scenario=wedged-worker&colour=blue", "colour"),
    (
        "#scenario=wedged-worker&variant=tokio&workers=2&schedule=w0+zz9&step=1",
        "zz9",
    ),
    ("#scenario=wedged-worker&variant=sideways", "sideways"),
    // Scenarios built in the page: from a newer page, malformed, too long,
    // out of range.
    ("#built=2,n:mine,w2,e3,o6,r", "newer Rendezvous"),
    (
        "#built=1,n:mine,w2,e3,o6,r,t:a:bussy",
        "unknown task kind `bussy`",
    ),
    ("#built=1,n:mine,w2,e3,o6,r,t:a:busy5:w7", "tasks[0].worker"),
    // Fits 64 bits but not the browser's 32-bit `usize`: it wrapped.
    (
        "#workers=99999999999",
        "`workers` is `99999999999`, which is not a whole number from 0 to 4294967295",
    ),
    ("#step=-1", "not a whole number"),
];

#[tokio::test]
async fn a_bad_link_says_why_and_keeps_a_run() {
    with_page(PageOptions::default(), |page| async move {
        let default = loaded_at(&page, 0).await;
        assert!(default.get("error").is_none(), "a plain visit shows an error");
        let site = page.site_url();
        for (bad, named) in BAD_LINKS {
            open_fresh(&page, &format!("{site}{bad}")).await;
            let error = page.wait_for_testid("error").await;
            let message = error.text().await.unwrap_or_default();
            assert!(
                message.contains("could not be opened") && message.contains(named),
                "{bad}: the message should say the link could not be opened and name `{named}`: {message:?}"
            );
            wait_for_step(&page, 0).await;
            assert_eq!(
                select_value(&page, "scenario").await,
                "quiet-runtime",
                "{bad}: not the default scenario"
            );
            let shown = page.snapshot().await;
            assert!(
                shown.get("worker-2").is_some(),
                "{bad}: the default scenario has 3 workers"
            );
            assert_eq!(shown.get("log").map(|log| log.children), Some(0));
        }
        // A link too long to read.
        let long = format!("{site}#built=1,n:x,w2,e3,o6{}", ",r".repeat(2100));
        open_fresh(&page, &long).await;
        let message = page.wait_for_testid("error").await.text().await.unwrap_or_default();
        assert!(message.contains("characters long"), "{message:?}");
        // A bad fragment typed into an open page (a hashchange) is refused
        // too, and the run on the stage stays.
        open_fresh(&page, &format!("{site}#scenario=wedged-worker&variant=tokio&workers=2"))
            .await;
        loaded_at(&page, 0).await;
        page.execute("location.hash = '#scenario=nope'; return null;")
            .await;
        let error = page.wait_for_testid("error").await;
        let message = error.text().await.unwrap_or_default();
        assert!(message.contains("nope"), "{message:?}");
        assert!(message.contains("unchanged"), "{message:?}");
        assert_eq!(select_value(&page, "scenario").await, "wedged-worker");
        // The address bar holds the run on screen again, so a reload
        // keeps it.
        wait_for_fragment(&page, |fragment| fragment.contains("scenario=wedged-worker")).await;
        // A tour stop the scenario's tour lacks refuses the link whole.
        page.execute("location.hash = '#tour=99'; return null;").await;
        page.wait_until("the tour stop's refusal", || async {
            let message = page.wait_for_testid("error").await.text().await.unwrap_or_default();
            message.contains("the link's `tour` is 99").then_some(())
        })
        .await;
        assert_eq!(select_value(&page, "scenario").await, "wedged-worker");
        wait_for_fragment(&page, |fragment| fragment.contains("scenario=wedged-worker")).await;
        assert_healthy(&page).await;
    })
    .await;
}
