//! Each step animates what it changed (a worker's token dropping into its
//! barrier slot, the lamp, the bell), and nothing moves for a reader who
//! asked for reduced motion.

use rendezvous_tests::{with_page, Page, PageOptions};
use serde_json::Value;

/// The animation and transition of the token W1 drops into `trace_start`
/// at step 21 of quiet-runtime, and of worker 0's lane.
const MOTION: &str = "
    const token = document.querySelector('[data-testid=barrier-trace_start-token]');
    const lane = document.querySelector('[data-testid=worker-0]');
    return {
        token: token ? token.textContent : null,
        animation: token ? getComputedStyle(token).animationName : null,
        lane_transition: getComputedStyle(lane).transitionDuration,
    };";

async fn motion_after_the_arrival(page: &Page) -> Value {
    page.goto("#scenario=quiet-runtime&step=20").await;
    page.wait_for_attr("app", "data-step", |step| step == Some("20"))
        .await;
    page.click("step").await;
    page.wait_for_attr("app", "data-step", |step| step == Some("21"))
        .await;
    page.execute(MOTION).await
}

#[tokio::test]
async fn a_step_animates_unless_motion_is_reduced() {
    with_page(PageOptions::default(), |page| async move {
        page.wait_for_testid("step").await;
        let moving = motion_after_the_arrival(&page).await;
        assert_eq!(moving["token"], "W1", "{moving}");
        assert_eq!(moving["animation"], "token-in", "{moving}");
        assert_ne!(moving["lane_transition"], "0s", "{moving}");

        page.emulate_media("prefers-reduced-motion", "reduce").await;
        let still = motion_after_the_arrival(&page).await;
        assert_eq!(still["token"], "W1", "the token is drawn still: {still}");
        assert_eq!(still["animation"], "none", "{still}");
        assert_eq!(still["lane_transition"], "0s", "{still}");

        // The emulation ends (screenshots use it briefly): motion is back.
        page.emulate_media("prefers-reduced-motion", "").await;
        let again = motion_after_the_arrival(&page).await;
        assert_eq!(again["animation"], "token-in", "{again}");
    })
    .await;
}
