//! The page's keys, pressed through WebDriver as a user would: Right steps,
//! Left steps back, Home and End jump, `?` and Escape open and close the
//! help, space plays and pauses, and a focused text box keeps its keys.

use crate::support::{assert_healthy, cursor, loaded_at, press, wait_for_step};
use fantoccini::key::Key;
use rendezvous_tests::{with_page, PageOptions};

#[tokio::test]
async fn the_arrows_home_and_end_move_the_cursor() {
    with_page(PageOptions::default(), |page| async move {
        loaded_at(&page, 0).await;
        for step in 1..=4 {
            press(&page, Key::Right).await;
            wait_for_step(&page, step).await;
        }
        press(&page, Key::Left).await;
        wait_for_step(&page, 3).await;
        press(&page, Key::Left).await;
        wait_for_step(&page, 2).await;
        press(&page, Key::Home).await;
        wait_for_step(&page, 0).await;
        assert_eq!(
            page.attr("back", "disabled").await.as_deref(),
            Some("true"),
            "Back is enabled at step 0"
        );
        // End goes to the last recorded step, not beyond it.
        press(&page, Key::End).await;
        wait_for_step(&page, 4).await;
        let log = page.snapshot().await;
        assert_eq!(log.get("log").map(|log| log.children), Some(4));
        // Right at the end of the recording records a fresh step.
        press(&page, Key::Right).await;
        wait_for_step(&page, 5).await;
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn help_and_playback_keys() {
    with_page(PageOptions::default(), |page| async move {
        loaded_at(&page, 0).await;
        assert!(page.snapshot().await.get("help").is_none());
        press(&page, '?').await;
        page.wait_for_testid("help").await;
        press(&page, Key::Escape).await;
        page.wait_until("the help to close", || async {
            page.snapshot().await.get("help").is_none().then_some(())
        })
        .await;

        press(&page, Key::Space).await;
        page.wait_for_attr("play", "aria-pressed", |pressed| pressed == Some("true"))
            .await;
        page.wait_until("playback to move the cursor", || async {
            (cursor(&page).await >= 2).then_some(())
        })
        .await;
        press(&page, Key::Space).await;
        page.wait_for_attr("play", "aria-pressed", |pressed| pressed == Some("false"))
            .await;
        let paused_at = cursor(&page).await;
        // Once paused, one Right moves exactly one step: no tick is pending.
        press(&page, Key::Right).await;
        wait_for_step(&page, paused_at + 1).await;
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn a_focused_text_box_keeps_its_keys() {
    with_page(PageOptions::default(), |page| async move {
        loaded_at(&page, 0).await;
        page.execute("document.querySelector('[data-testid=seed]').focus(); return null;")
            .await;
        press(&page, Key::Right).await;
        press(&page, '?').await;
        page.execute("document.activeElement.blur(); return null;")
            .await;
        // The two keys typed in the box did nothing; this one steps once.
        press(&page, Key::Right).await;
        wait_for_step(&page, 1).await;
        let snapshot = page.snapshot().await;
        assert!(
            snapshot.get("help").is_none(),
            "`?` typed in the seed box opened the help"
        );
        assert_eq!(snapshot.get("log").map(|log| log.children), Some(1));
        assert_healthy(&page).await;
    })
    .await;
}
