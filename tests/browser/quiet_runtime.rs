//! The first scenario of the playground: a quiet runtime (no worker busy)
//! and one requester. Stepping it to the end must walk the whole protocol:
//! the flag is raised and lowered, both barriers complete at least once, the
//! leader's dump passes through the slot and ends with the requester.

use rendezvous_tests::{with_page, PageOptions, Snapshot};

/// A bound on the clicks, far above what the scenario needs, so a page that
/// never finishes fails instead of hanging.
const MAX_STEPS: usize = 500;

/// What the test records after each step.
#[derive(Debug)]
struct Observation {
    /// `flag`'s `data-value`: `"true"` while a dump is requested.
    flag: String,
    /// `barrier-trace_start`'s `data-generation`.
    start_generation: u64,
    /// `barrier-trace_end`'s `data-generation`.
    end_generation: u64,
    /// The token dropped into `trace_start` this step (`"W1"`), if one was.
    start_token: Option<String>,
    /// `barrier-trace_start`'s `data-count`.
    start_count: u64,
}

impl Observation {
    fn of(snapshot: &Snapshot) -> Observation {
        let attr = |id: &str, attribute: &str| {
            snapshot
                .attr(id, attribute)
                .unwrap_or_else(|| panic!("no {attribute} on [data-testid={id}]: {snapshot:#?}"))
                .to_owned()
        };
        let generation = |id: &str| {
            let text = attr(id, "data-generation");
            text.parse()
                .unwrap_or_else(|_| panic!("{id} has data-generation={text:?}, not a number"))
        };
        Observation {
            flag: attr("flag", "data-value"),
            start_generation: generation("barrier-trace_start"),
            end_generation: generation("barrier-trace_end"),
            start_token: snapshot
                .get("barrier-trace_start-token")
                .map(|token| token.text.trim().to_owned()),
            start_count: attr("barrier-trace_start", "data-count")
                .parse()
                .unwrap_or(0),
        }
    }
}

fn log_entries(snapshot: &Snapshot) -> usize {
    snapshot.get("log").map_or(0, |log| log.children)
}

#[tokio::test]
async fn a_quiet_runtime_hands_the_requester_a_dump() {
    with_page(PageOptions::default(), |page| async move {
        page.wait_for_testid("step").await;
        let mut snapshot = page.snapshot().await;
        let mut history = vec![Observation::of(&snapshot)];
        let mut steps = 0;
        while snapshot.attr("requester-0", "data-pc") != Some("Done") {
            assert!(
                steps < MAX_STEPS,
                "requester-0 did not reach Done within {MAX_STEPS} steps; it is at {:?}",
                snapshot.attr("requester-0", "data-pc")
            );
            page.click("step").await;
            steps += 1;
            // Each step narrates one sentence: the log's length tells that
            // the page has rendered this step.
            let what = format!("the log to have {steps} entries after {steps} steps");
            snapshot = page
                .wait_until(&what, || async {
                    let snapshot = page.snapshot().await;
                    (log_entries(&snapshot) >= steps).then_some(snapshot)
                })
                .await;
            history.push(Observation::of(&snapshot));
        }
        let screenshot = page.screenshot("quiet-runtime").await;
        println!("{steps} steps; screenshot: {}", screenshot.display());

        let flags: Vec<&str> = history.iter().map(|seen| seen.flag.as_str()).collect();
        let raised = flags
            .iter()
            .position(|flag| *flag == "true")
            .unwrap_or_else(|| panic!("the flag was never raised: {flags:?}"));
        assert!(
            flags[raised..].contains(&"false"),
            "the flag was raised at step {raised} but never lowered: {flags:?}"
        );
        let (first, last) = (&history[0], &history[history.len() - 1]);
        assert!(
            last.start_generation > first.start_generation,
            "trace_start never completed: {history:?}"
        );
        assert!(
            last.end_generation > first.end_generation,
            "trace_end never completed: {history:?}"
        );
        // Every arrival at trace_start drops a worker's token into the
        // gate in that very step, and only then.
        for pair in history.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            let arrived = after.start_count == before.start_count + 1
                || (after.start_generation > before.start_generation);
            match &after.start_token {
                Some(token) => assert!(
                    arrived && token.starts_with('W'),
                    "a token {token:?} without an arrival: {before:?} -> {after:?}"
                ),
                None => assert!(
                    after.start_count <= before.start_count
                        && after.start_generation == before.start_generation,
                    "an arrival without its token: {before:?} -> {after:?}"
                ),
            }
        }
        assert!(
            history.iter().any(|seen| seen.start_token.is_some()),
            "no token ever dropped into trace_start: {history:?}"
        );
        assert_eq!(
            snapshot.attr("slot", "data-full"),
            Some("false"),
            "the slot still holds a dump"
        );
        assert!(
            snapshot.attr("requester-0", "data-dump-tasks").is_some(),
            "requester-0 is Done but holds no dump: {:?}",
            snapshot.get("requester-0")
        );
        assert_eq!(log_entries(&snapshot), steps, "one log sentence per step");
        // A screen reader hears the newest sentence, numbered, and only it.
        let live = snapshot.get("narration-live").expect("the live line");
        assert_eq!(
            page.attr("narration-live", "aria-live").await.as_deref(),
            Some("polite")
        );
        let said = live.text.trim();
        let newest = said
            .strip_prefix(&format!("Step {steps}: "))
            .unwrap_or_else(|| panic!("the live line says {said:?} after {steps} steps"));
        let shown = snapshot
            .get("narration")
            .map_or("", |list| list.text.as_str());
        let sentence = newest.split(". ").next().unwrap_or(newest);
        assert!(
            shown.contains(sentence),
            "{sentence:?} is not among the shown sentences {shown:?}"
        );
        crate::support::assert_healthy(&page).await;
    })
    .await;
}
