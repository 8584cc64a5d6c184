//! Time travel restores the page exactly: stepping back and then forward
//! again gives the same `data-*` attributes, child counts and texts on
//! every `[data-testid]` element as the first time through.

use crate::support::SECTION_5_1;
use crate::support::{assert_healthy, assert_same, click_to, loaded_at, wait_for_step};
use rendezvous_tests::{with_page, PageOptions, Snapshot};

/// Steps recorded fresh (beyond the end of the run) in the default scenario.
const FRESH_STEPS: usize = 12;

/// The elements that show the recorded future (the steps after the cursor):
/// the timeline draws them, the position reads "step k of N" and `app`'s
/// `data-schedule` (when the page has one) is the whole recorded run. A
/// moment first reached by a fresh step has no future yet.
const SHOWS_THE_FUTURE: &[&str] = &["timeline", "app"];

/// The attribute holding the whole recorded run.
const SCHEDULE: &str = "data-schedule";

/// Whether `id` is a guided tour's stop link (or the tour panel holding
/// them): a stop reached in the recorded run is labelled with its step
/// ("step 11"), one beyond it with its number ("stop 5"), so the labels too
/// show the recorded future.
fn names_tour_stops(id: &str) -> bool {
    id == "tour" || id.starts_with("tour-stop-")
}

#[tokio::test]
async fn back_then_forward_restores_every_element() {
    with_page(PageOptions::default(), |page| async move {
        // Fresh steps: each one is recorded as it is taken.
        let mut fresh: Vec<Snapshot> = vec![loaded_at(&page, 0).await];
        for step in 1..=FRESH_STEPS {
            click_to(&page, "step", step).await;
            fresh.push(page.snapshot().await);
        }
        let recorded = fresh[FRESH_STEPS].attr("app", SCHEDULE).map(str::to_owned);
        // All the way back, one step at a time: every moment is as it was,
        // except that the steps ahead are now recorded.
        let mut rewound: Vec<Snapshot> = vec![Snapshot::default(); FRESH_STEPS + 1];
        rewound[FRESH_STEPS] = fresh[FRESH_STEPS].clone();
        for step in (0..FRESH_STEPS).rev() {
            click_to(&page, "back", step).await;
            let now = page.snapshot().await;
            let context = format!("at step {step}, reached with Back");
            assert_same(
                &without_future(&fresh[step]),
                &without_future(&now),
                &context,
            );
            assert_eq!(
                now.attr("app", SCHEDULE).map(str::to_owned),
                recorded,
                "{context}: the recorded run changed"
            );
            rewound[step] = now;
        }
        // And forward again along the recording: exactly the same.
        for (step, then) in rewound.iter().enumerate().skip(1) {
            click_to(&page, "step", step).await;
            let context = format!("at step {step}, reached again with Step");
            assert_same(then, &page.snapshot().await, &context);
        }
        assert_healthy(&page).await;
    })
    .await;
}

/// The snapshot with the texts and child counts of [`SHOWS_THE_FUTURE`]
/// and the recorded run blanked (their other `data-*` attributes kept),
/// and the texts of the tour's stop links blanked.
fn without_future(snapshot: &Snapshot) -> Snapshot {
    let mut snapshot = snapshot.clone();
    for id in SHOWS_THE_FUTURE {
        if let Some(element) = snapshot.elements.get_mut(*id) {
            element.text.clear();
            element.children = 0;
            element.attributes.remove(SCHEDULE);
        }
    }
    for (_, element) in snapshot
        .elements
        .iter_mut()
        .filter(|(id, _)| names_tour_stops(id))
    {
        element.text.clear();
    }
    snapshot
}

#[tokio::test]
async fn time_travel_through_a_broken_property_is_exact() {
    // The run of PROTOCOL.md 5.1, loaded whole from a link and rewound: it
    // holds a timeout, a barrier count left behind and a broken S1.
    let schedule = SECTION_5_1.replace(' ', "+");
    let steps = SECTION_5_1.split_whitespace().count();
    let path =
        format!("#scenario=wedged-worker&variant=tokio&workers=2&schedule={schedule}&step=0");
    with_page(PageOptions::default().path(&path), |page| async move {
        let mut seen: Vec<Snapshot> = vec![loaded_at(&page, 0).await];
        for step in 1..=steps {
            click_to(&page, "step", step).await;
            seen.push(page.snapshot().await);
        }
        assert_eq!(
            seen[steps].attr("prop-S1", "data-state"),
            Some("broken"),
            "S1 should be broken at the end of the 5.1 run"
        );
        // Back and forth around every step: back one, forward one.
        for step in (1..=steps).rev() {
            click_to(&page, "back", step - 1).await;
            assert_same(&seen[step - 1], &page.snapshot().await, &format!("back to {}", step - 1));
            click_to(&page, "step", step).await;
            assert_same(&seen[step], &page.snapshot().await, &format!("forward to {step}"));
            click_to(&page, "back", step - 1).await;
        }
        // Jumps: End, Home, and the scrubber.
        click_to(&page, "last", steps).await;
        assert_same(&seen[steps], &page.snapshot().await, "after Last");
        click_to(&page, "first", 0).await;
        assert_same(&seen[0], &page.snapshot().await, "after First");
        let middle = 20;
        page.execute(&format!(
            "const s = document.querySelector('[data-testid=scrubber]'); \
             s.value = '{middle}'; s.dispatchEvent(new Event('input', {{bubbles: true}})); return null;"
        ))
        .await;
        wait_for_step(&page, middle).await;
        assert_same(&seen[middle], &page.snapshot().await, "after scrubbing");
        assert_healthy(&page).await;
    })
    .await;
}
