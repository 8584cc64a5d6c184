//! How the page looks where meaning depends on it, read from computed
//! styles and boxes rather than attributes: the stage on one screen at
//! 1280x720 in every built-in scenario, identifiers whole at the 640 px
//! embed, a broken verdict drawn apart from a held one, the phase strip,
//! the presenter view, and screenshots at four sizes.

use crate::screenshots::set_viewport;
use crate::support::{assert_healthy, loaded_at, press, wait_for_step, SECTION_5_1};
use rendezvous_core::scenario::BUILTINS;
use rendezvous_tests::{with_page, Page, PageOptions};
use serde_json::Value;
use std::time::Duration;

/// The step each scenario is shown at: far enough that the settings have
/// folded away and a dump is usually under way.
const STEP: usize = 16;

/// Waits until the page shows built-in `scenario` with the cursor past 0.
async fn showing(page: &Page, scenario: &str) {
    let what = format!("{scenario} at a step past 0");
    page.wait_until(&what, || async {
        // Read without failing while a new document is still mounting: the
        // cursor, and the playground's picker or the embed's tagline
        // ("name · variant").
        let seen = page
            .execute(
                "const app = document.querySelector('[data-testid=app]');
                 if (!app) return null;
                 const picker = document.querySelector('[data-testid=scenario]');
                 const tagline = document.querySelector('.tagline');
                 return [Number(app.dataset.step),
                    picker ? picker.value : (tagline ? tagline.textContent.split(' ')[0] : '')];",
            )
            .await;
        let moved = seen[0].as_u64().is_some_and(|step| step > 0);
        let shown = &seen[1];
        (moved && shown.as_str() == Some(scenario)).then_some(())
    })
    .await;
}

/// Every element that must be on screen without scrolling, with its box
/// (clipped by the stage when it sits inside the stage's scroll area):
/// requesters, the TraceStatus objects, workers 0 to 3, the Step button
/// and the newest line of the narration.
const MUST_SHOW: &str = "
    const stage = document.querySelector('.stage').getBoundingClientRect();
    const items = [];
    const add = (name, element, inStage) => {
        if (!element) { items.push({ name, missing: true }); return; }
        const box = element.getBoundingClientRect();
        items.push({ name, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
            limit: inStage ? Math.min(window.innerHeight, stage.bottom) : window.innerHeight });
    };
    document.querySelectorAll('[data-testid^=requester-]').forEach((e) => add(e.dataset.testid, e, true));
    for (const id of ['flag', 'barrier-trace_start', 'barrier-trace_end', 'notify', 'slot']) {
        add(id, document.querySelector(`[data-testid=${id}]`), true);
    }
    document.querySelectorAll('[data-testid^=worker-]').forEach((e) => {
        if (Number(e.dataset.testid.slice(7)) < 4) add(e.dataset.testid, e, true);
    });
    add('step', document.querySelector('[data-testid=step]'), false);
    add('newest sentence', document.querySelector('[data-testid=narration] li:last-child'), false);
    return { items, width: window.innerWidth, scroll: window.scrollY };";

/// The names of the elements of [`MUST_SHOW`] that are not wholly on
/// screen, with their boxes.
fn off_screen(report: &Value) -> Vec<String> {
    let width = report["width"].as_f64().unwrap_or_default();
    let items = report["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .filter(|item| {
            let number = |key: &str| item[key].as_f64().unwrap_or(f64::NAN);
            item["missing"].as_bool() == Some(true)
                || !(number("top") >= 0.0
                    && number("bottom") <= number("limit") + 0.5
                    && number("left") >= 0.0
                    && number("right") <= width + 0.5)
        })
        .map(|item| item.to_string())
        .collect()
}

#[tokio::test]
async fn the_stage_fits_one_screen_at_1280_by_720_in_every_scenario() {
    let mut options = PageOptions::default().path("#scenario=quiet-runtime&step=1");
    options.window = (1280, 720);
    with_page(options, |page| async move {
        set_viewport(&page, 1280, 720).await;
        let mut failures = Vec::new();
        // Each scenario as it ships, then with four workers.
        let fours = BUILTINS
            .iter()
            .filter(|builtin| builtin.min_workers <= 4)
            .map(|builtin| (builtin.name, "&workers=4"));
        for (name, workers) in BUILTINS
            .iter()
            .map(|builtin| (builtin.name, ""))
            .chain(fours)
        {
            // A hash change in the same document, each right after the
            // page wrote its own URL: a replacement of it still waiting (at
            // most every 250 ms) must not reopen the previous scenario.
            page.goto(&format!("#scenario={name}{workers}&step={STEP}"))
                .await;
            showing(&page, name).await;
            if !workers.is_empty() {
                page.wait_for_testid("worker-3").await;
            }
            let report = page.execute(MUST_SHOW).await;
            let off = off_screen(&report);
            if !off.is_empty() {
                failures.push(format!("{name}{workers}: {}", off.join("; ")));
            }
            // The settings folded into their bar once the run started.
            let open = page
                .execute("return document.querySelector('[data-testid=setup-more]').open;")
                .await;
            assert_eq!(open, Value::Bool(false), "{name}: the settings stay open");
        }
        // On a guided tour, the stop's note sits beside the stage: both
        // stay on the screen.
        page.goto("#scenario=wedged-worker&tour=3").await;
        page.wait_for_attr("tour", "data-stop", |stop| stop == Some("3"))
            .await;
        page.wait_for_attr("tour-note", "data-stop", |stop| stop == Some("3"))
            .await;
        let report = page.execute(MUST_SHOW).await;
        let note = page
            .execute("return document.querySelector('[data-testid=tour-note]').getBoundingClientRect().bottom;")
            .await;
        let off = off_screen(&report);
        if !off.is_empty() || note.as_f64().unwrap_or(f64::MAX) > 720.0 {
            failures.push(format!("on the tour: {}; the note ends at {note}", off.join("; ")));
        }
        page.screenshot("one-screen-tour-1280x720").await;
        assert!(
            failures.is_empty(),
            "at 1280x720, off screen or clipped:\n  {}",
            failures.join("\n  ")
        );
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn at_375_wide_the_controls_and_the_stage_come_first() {
    let mut options = PageOptions::default().path("#scenario=wedged-worker&step=0");
    options.window = (375, 800);
    with_page(options, |page| async move {
        loaded_at(&page, 0).await;
        set_viewport(&page, 375, 800).await;
        let tops = page
            .execute(
                "const top = (selector) => document.querySelector(selector).getBoundingClientRect().top;
                 return [top('[data-testid=step]'), top('.stage'), top('.setup-bar')];",
            )
            .await;
        let top = |index: usize| tops[index].as_f64().unwrap_or_default();
        assert!(
            top(0) < top(1) && top(1) < top(2),
            "at 375 px the order should be controls, stage, settings: {tops}"
        );
        assert!(top(1) < 800.0, "the stage starts below the first screen: {tops}");
    })
    .await;
}

#[tokio::test]
async fn identifiers_do_not_break_inside_a_word_in_the_640_embed() {
    let mut options =
        PageOptions::default().path("index.html?embed#scenario=wedged-worker&step=12");
    options.window = (640, 400);
    with_page(options, |page| async move {
        page.wait_for_attr("app", "data-step", |step| step == Some("12"))
            .await;
        set_viewport(&page, 640, 400).await;
        // Each identifier's text, laid out: one line box per word, so a
        // word that wrapped inside itself shows as two boxes.
        let broken = page
            .execute(
                "const broken = [];
                 for (const element of document.querySelectorAll('.object h3, .pc, .actor-name, .lane-title code')) {
                    for (const node of element.childNodes) {
                        if (node.nodeType !== Node.TEXT_NODE) continue;
                        const text = node.textContent;
                        const word = /[A-Za-z_:()]+/g;
                        let match;
                        while ((match = word.exec(text))) {
                            const range = document.createRange();
                            range.setStart(node, match.index);
                            range.setEnd(node, match.index + match[0].length);
                            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                            if (lines.size > 1) broken.push(match[0]);
                        }
                    }
                 }
                 return broken;",
            )
            .await;
        assert_eq!(broken, serde_json::json!([]), "identifiers broken across lines");
        let flag = page
            .execute(
                "const h = document.querySelector('[data-testid=flag] h3');
                 const style = getComputedStyle(h);
                 return [h.textContent, style.whiteSpace, style.wordBreak];",
            )
            .await;
        assert_eq!(flag[0], "trace_requested");
        // Whole and not cut off either: each name fits its box.
        let clipped = page
            .execute(
                "return [...document.querySelectorAll('.object h3')]
                    .filter((h) => h.scrollWidth > h.clientWidth + 1)
                    .map((h) => h.textContent);",
            )
            .await;
        assert_eq!(clipped, serde_json::json!([]), "names cut off");
        assert_eq!(flag[1], "nowrap", "{flag}");
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn a_broken_verdict_is_not_drawn_like_a_held_one() {
    let options = PageOptions {
        timeout: Duration::from_secs(240),
        ..PageOptions::default().path("#scenario=issue5638-very-stuck&variant=tokio&step=0")
    };
    with_page(options, |page| async move {
        loaded_at(&page, 0).await;
        page.click("check-start").await;
        page.wait_for_testid("check-report").await;
        let looks = page
            .execute(
                "const look = (code) => {
                    const item = document.querySelector(`[data-testid=check-verdict-${code}]`);
                    const outcome = item.querySelector('.outcome');
                    const style = getComputedStyle(item);
                    return {
                        edge: style.borderLeftColor, background: style.backgroundColor,
                        colour: getComputedStyle(outcome).color,
                        mark: getComputedStyle(outcome, '::before').content,
                        word: outcome.textContent,
                        display: style.display,
                        replay: item.querySelector('.replay')?.textContent ?? null,
                    };
                 };
                 return { broken: look('S1'), held: look('S2') };",
            )
            .await;
        let (broken, held) = (&looks["broken"], &looks["held"]);
        for key in ["edge", "background", "colour", "mark"] {
            assert_ne!(broken[key], held[key], "{key} is the same: {looks}");
        }
        assert_eq!(broken["word"], "broken");
        assert_eq!(held["word"], "holds");
        assert!(
            broken["mark"].as_str().unwrap_or_default().contains('✗'),
            "{looks}"
        );
        // Laid out, not run together: the row is a grid.
        assert_eq!(broken["display"], "grid", "{looks}");
        let replay = broken["replay"].as_str().unwrap_or_default();
        assert!(
            replay.starts_with("Replay (") && replay.ends_with(" steps)"),
            "{replay}"
        );
        // The summary explains its numbers on demand, and counts agree
        // with their nouns.
        let summary = page
            .execute(
                "const d = document.querySelector('.check-summary');
                 d.open = true;
                 return [d.querySelector('summary').textContent, d.querySelector('.check-terms').textContent,
                         document.querySelector('.check-subject').textContent];",
            )
            .await;
        let text = summary.to_string();
        for term in ["states", "transitions", "depth"] {
            assert!(
                summary[1].as_str().unwrap_or_default().contains(term),
                "{text}"
            );
        }
        assert!(text.contains("2 workers") && !text.contains("(s)"), "{text}");
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn the_phase_strip_follows_the_dump() {
    let schedule = SECTION_5_1.split_whitespace().collect::<Vec<_>>().join("+");
    let path =
        format!("#scenario=wedged-worker&variant=tokio&workers=2&schedule={schedule}&step=0");
    with_page(PageOptions::default().path(&path), |page| async move {
        loaded_at(&page, 0).await;
        assert_eq!(
            page.attr("phases-0", "data-phase").await.as_deref(),
            Some("requested")
        );
        let steps = SECTION_5_1.split_whitespace().count();
        page.goto(&path.replace("step=0", &format!("step={steps}")))
            .await;
        wait_for_step(&page, steps).await;
        // PROTOCOL.md 5.1: the lone leader traces.
        assert_eq!(
            page.attr("phases-0", "data-phase").await.as_deref(),
            Some("tracing")
        );
        let current = page
            .execute(
                "const c = document.querySelector('[data-testid=phases-0] .phase.current');
                 return [c.textContent, getComputedStyle(c).fontWeight,
                    document.querySelectorAll('[data-testid=phases-0] .phase.passed').length];",
            )
            .await;
        assert_eq!(current[0], "leader tracing", "{current}");
        assert_eq!(current[1], "700", "{current}");
        assert_eq!(current[2], 2, "{current}");
    })
    .await;
}

#[tokio::test]
async fn the_presenter_view_by_key_button_and_link() {
    let path = "#scenario=wedged-worker&step=12";
    with_page(PageOptions::default().path(path), |page| async move {
        loaded_at(&page, 12).await;
        press(&page, 'p').await;
        page.wait_for_attr("app", "data-presenter", |on| on == Some("true"))
            .await;
        let snapshot = page.snapshot().await;
        for present in ["step", "narration", "worker-0", "requester-0", "presenter"] {
            assert!(snapshot.get(present).is_some(), "{present} is missing");
        }
        for absent in ["scenario", "timeline", "check-start", "export", "prop-S1"] {
            assert!(snapshot.get(absent).is_none(), "{absent} is shown");
        }
        let hash = page.execute("return location.hash;").await;
        page.wait_until("presenter=1 in the link", || async {
            let hash = page.execute("return location.hash;").await;
            hash.as_str()
                .is_some_and(|hash| hash.ends_with("&presenter=1"))
                .then_some(())
        })
        .await;
        // Large type: bigger than the playground's 15 px.
        let size = page
            .execute("return parseFloat(getComputedStyle(document.documentElement).fontSize);")
            .await;
        assert!(size.as_f64().unwrap_or_default() > 15.0, "{size} {hash}");
        // The arrows still step.
        press(&page, fantoccini::key::Key::Right).await;
        wait_for_step(&page, 13).await;
        page.click("presenter").await;
        page.wait_for_attr("app", "data-presenter", |on| on.is_none())
            .await;
        assert!(page.snapshot().await.get("scenario").is_some());

        // A link opens it; a bad value is refused with a message.
        page.goto("#scenario=wedged-worker&step=3&presenter=1")
            .await;
        page.wait_for_attr("app", "data-presenter", |on| on == Some("true"))
            .await;
        page.goto("#scenario=wedged-worker&step=3&presenter=yes")
            .await;
        page.wait_until("the refusal", || async {
            let text = page.body_text().await;
            text.contains("`presenter` is `yes`").then_some(())
        })
        .await;
        assert_healthy(&page).await;
    })
    .await;
}

/// The scenarios the screenshots show, each at a moment worth seeing.
const SHOTS: &[(&str, &str)] = &[
    ("wedged-worker", "variant=tokio&workers=2&step=40"),
    ("two-requesters", "step=20"),
    ("busy-workers", "workers=4&step=30"),
];

#[tokio::test]
async fn screenshots_of_three_scenarios_at_four_sizes() {
    with_page(PageOptions::default().path("#step=0"), |page| async move {
        loaded_at(&page, 0).await;
        for &(scenario, rest) in SHOTS {
            for (width, height, embed) in [
                (1280, 720, false),
                (1920, 1080, false),
                (375, 800, false),
                (640, 400, true),
            ] {
                set_viewport(&page, width, height).await;
                let query = if embed {
                    "index.html?embed"
                } else {
                    "index.html"
                };
                page.goto(&format!("{query}#scenario={scenario}&{rest}"))
                    .await;
                showing(&page, scenario).await;
                let kind = if embed { "embed" } else { "page" };
                let path = page
                    .screenshot(&format!("one-screen-{scenario}-{kind}-{width}x{height}"))
                    .await;
                println!("{}", path.display());
                let overflow = page
                    .execute("return document.documentElement.scrollWidth - window.innerWidth;")
                    .await;
                assert!(
                    overflow.as_i64().unwrap_or(1) <= 0,
                    "{scenario} at {width}x{height} sticks out sideways by {overflow} px"
                );
            }
        }
        // The presenter view, for a projector.
        for (width, height) in [(1280, 720), (1920, 1080)] {
            set_viewport(&page, width, height).await;
            page.goto(
                "index.html#scenario=wedged-worker&variant=tokio&workers=2&step=40&presenter=1",
            )
            .await;
            page.wait_for_attr("app", "data-presenter", |on| on == Some("true"))
                .await;
            showing(&page, "wedged-worker").await;
            let path = page
                .screenshot(&format!("one-screen-presenter-{width}x{height}"))
                .await;
            println!("{}", path.display());
            // The view fills the window without scrolling, the stage and
            // the newest sentence on it.
            let report = page.execute(MUST_SHOW).await;
            let off = off_screen(&report);
            assert!(off.is_empty(), "presenter at {width}x{height}: {off:?}");
            let scroll = page
                .execute("return document.documentElement.scrollHeight - window.innerHeight;")
                .await;
            assert!(
                scroll.as_i64().unwrap_or(1) <= 0,
                "the presenter view scrolls by {scroll}"
            );
        }
        assert_healthy(&page).await;
    })
    .await;
}
