//! Scheduling by hand reproduces PROTOCOL.md section 5.1, the leaky barrier
//! timeout of every Tokio release from 1.29 to 1.54.1: in `wedged-worker`
//! with the real `tokio` barrier, W0 arrives at `trace_start`, times out with its count left
//! behind, arrives again, and leads alone while W1 is still polling its
//! blocking task. Each move is a click on the stage's button for it.

use crate::support::{
    assert_healthy, click_to, loaded_at, move_testids, SECTION_5_1, SECTION_5_1_TIMEOUT,
};
use rendezvous_tests::{with_page, PageOptions, Snapshot};

/// The step before the timeout: W0 waits at `trace_start`.
const BEFORE_TIMEOUT: usize = SECTION_5_1_TIMEOUT - 1;

/// The safety properties (and C1) that hold all through 5.1: only S1 breaks.
const HELD: &[&str] = &["S2", "S3", "S4", "S5", "S6", "S7", "S7a", "S8", "C1"];

fn attr<'a>(snapshot: &'a Snapshot, id: &str, attribute: &str) -> &'a str {
    snapshot
        .attr(id, attribute)
        .unwrap_or_else(|| panic!("no {attribute} on [data-testid={id}]: {snapshot:#?}"))
}

#[tokio::test]
async fn clicking_the_moves_of_section_5_1_breaks_s1() {
    let path = "#scenario=wedged-worker&variant=tokio&workers=2&step=0";
    with_page(PageOptions::default().path(path), |page| async move {
        let start = loaded_at(&page, 0).await;
        assert_eq!(attr(&start, "prop-S1", "data-state"), "held");
        let moves = move_testids(SECTION_5_1);
        let last = moves.len();
        for (index, id) in moves.iter().enumerate() {
            let step = index + 1;
            // The move must be on offer before it is taken.
            page.wait_for_testid(id).await;
            click_to(&page, id, step).await;
            let snapshot = page.snapshot().await;
            assert_eq!(
                snapshot.get("log").map(|log| log.children),
                Some(step),
                "one log entry per move"
            );
            let s1 = attr(&snapshot, "prop-S1", "data-state");
            if step < last {
                assert_eq!(s1, "held", "S1 broke early, at step {step} ({id})");
            }
            match step {
                BEFORE_TIMEOUT => {
                    assert_eq!(attr(&snapshot, "worker-0", "data-pc"), "StartWait");
                    assert_eq!(attr(&snapshot, "barrier-trace_start", "data-count"), "1");
                    assert!(
                        snapshot.get("act-w0-timeout").is_some(),
                        "W0's wait can time out while W1 is wedged"
                    );
                }
                SECTION_5_1_TIMEOUT => {
                    // The leak: W0 left, its arrival still counts.
                    assert_eq!(attr(&snapshot, "worker-0", "data-pc"), "Top");
                    assert_eq!(attr(&snapshot, "barrier-trace_start", "data-count"), "1");
                    assert_eq!(attr(&snapshot, "flag", "data-value"), "true");
                }
                _ => {}
            }
        }
        let end = page.snapshot().await;
        assert_eq!(
            attr(&end, "prop-S1", "data-state"),
            "broken",
            "S1 should break at the last move"
        );
        assert_eq!(
            attr(&end, "worker-0", "data-pc"),
            "Gather",
            "W0 leads alone"
        );
        assert_eq!(
            attr(&end, "worker-1", "data-pc"),
            "PollEnd",
            "W1 is still polling"
        );
        assert_eq!(
            attr(&end, "app", "data-status"),
            attr(&end, "status", "data-status"),
            "the app and the status line disagree"
        );
        for other in HELD {
            assert_eq!(
                attr(&end, &format!("prop-{other}"), "data-state"),
                "held",
                "only S1 breaks in 5.1"
            );
        }
        let narration = end
            .get("narration")
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            narration.contains("S1"),
            "the narration should say S1 broke: {narration:?}"
        );
        let link = page.execute("return location.hash;").await;
        let link = link.as_str().unwrap_or_default().to_owned();
        let schedule = SECTION_5_1.split_whitespace().collect::<Vec<_>>().join("+");
        assert!(
            link.contains(&format!("schedule={schedule}&step={last}")),
            "the URL should hold the schedule taken by hand: {link}"
        );
        let screenshot = page.screenshot("section-5-1").await;
        println!(
            "S1 broke at step {last}; screenshot: {}",
            screenshot.display()
        );
        assert_healthy(&page).await;
    })
    .await;
}
