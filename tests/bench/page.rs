//! The page benchmark behind `cargo xtask bench`: the built site (`dist/`)
//! in headless Chromium, through the browser tests' harness, measured from
//! inside the page.
//!
//! - first contentful paint of a fresh load over localhost (the page paints
//!   nothing before the app mounts, so this is the time to a usable page):
//!   the first load of a fresh profile ("cold") and the median of later ones;
//! - the time to render one step: a script clicks Step and a
//!   `MutationObserver` sees `app`'s `data-step` change (the DOM update),
//!   then forces style and layout (`offsetHeight`); p50, p95 and max, for
//!   steps recorded fresh and for steps along a recorded run;
//! - frames during 10 s of playback at the fastest speed: every
//!   `requestAnimationFrame` callback, gaps over 20 ms, the frames those gaps
//!   lost at 60 Hz, and long tasks (over 50 ms);
//! - the gzip size of the first load (every file but the checker's, which
//!   the page fetches when a check starts) and of the whole site
//!   (`xtask::sizes`, as `cargo xtask dist`), each against its budget;
//! - how long the in-page checker takes on `wedged-worker` with `tokio`, 2
//!   and 3 workers (`check-report`'s `data-milliseconds`), and whether it hit
//!   the page's state bound.
//!
//! Run it with `cargo xtask bench` (which builds `dist/` first), or with
//! `cargo bench -p rendezvous-tests --bench page` on a built `dist/`. The
//! figures are also written to `target/bench/page.json`.

use fantoccini::wd::TimeoutConfiguration;
use rendezvous_tests::{with_page, Page, PageOptions};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Fresh loads measured after the first (cold) one.
const WARM_LOADS: usize = 5;
/// Steps clicked for each step measurement.
const STEP_SAMPLES: usize = 300;
/// How long playback is watched.
const PLAYBACK: Duration = Duration::from_secs(10);
/// A frame slower than this counts as a dropped frame.
const FRAME_BUDGET_MS: f64 = 20.0;
/// One frame at 60 Hz.
const FRAME_MS: f64 = 1000.0 / 60.0;
/// The fastest playback speed the page offers, in steps per second.
const FASTEST_SPEED: &str = "32";
/// A scenario that goes on for ever under round-robin: the dump of
/// `busy-workers` (workers with tasks, a requester, both barriers), then,
/// because I/O may wake parked workers (activity `active`), workers waking
/// and parking again. Every built-in scenario finishes within a few hundred
/// steps under the default assumptions, and Step is then disabled.
const BUSY: &str = "#scenario=busy-workers&variant=tokio&workers=3&activity=active&step=0";
/// How long a check may take before the benchmark gives up on it.
const CHECK_TIMEOUT: Duration = Duration::from_secs(600);

/// The goals, as `docs/benchmarks.md` states them.
const GOAL_FIRST_PAINT_MS: f64 = 500.0;
const GOAL_STEP_P95_MS: f64 = 4.0;
const GOAL_FIRST_LOAD_GZIP_BYTES: u64 = xtask::sizes::FIRST_LOAD_BUDGET_GZIP_BYTES;
const GOAL_SITE_GZIP_BYTES: u64 = xtask::sizes::SITE_BUDGET_GZIP_BYTES;
const GOAL_CHECK_3_WORKERS_MS: f64 = 1000.0;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sizes = xtask::sizes::measure(&xtask::dist_dir())
        .unwrap_or_else(|error| panic!("{error:#}: run `cargo xtask dist` first"));
    let gzip = xtask::sizes::total_gzip(&sizes);
    let raw: u64 = sizes.iter().map(|size| size.raw).sum();
    let first_load = xtask::sizes::first_load(&sizes);
    let first_gzip = xtask::sizes::total_gzip(&first_load);
    let first_raw: u64 = first_load.iter().map(|size| size.raw).sum();

    let load_before = load_average();
    let options = PageOptions {
        window: (1280, 800),
        timeout: CHECK_TIMEOUT,
        ..PageOptions::default()
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    with_page(options, move |page| async move {
        page.client()
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(300)),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            ))
            .await
            .expect("could not set the script timeout");
        let mut figures = serde_json::Map::new();
        let agent = page.execute("return navigator.userAgent;").await;
        figures.insert("user_agent".into(), agent);
        figures.insert("first_paint".into(), first_paint(&page).await);
        figures.insert("step".into(), steps(&page).await);
        figures.insert("playback".into(), playback(&page).await);
        let mut checks = Vec::new();
        for workers in [2, 3] {
            checks.push(check(&page, workers).await);
        }
        figures.insert("check".into(), Value::Array(checks));
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
        sender.send(figures).expect("the receiver waits");
    })
    .await;
    let mut figures = receiver.recv().expect("the page run sent its figures");
    figures.insert("load_average_before".into(), json!(load_before));
    figures.insert("load_average_after".into(), json!(load_average()));
    figures.insert("app_gzip_bytes".into(), json!(gzip));
    figures.insert("app_raw_bytes".into(), json!(raw));
    figures.insert("first_load_gzip_bytes".into(), json!(first_gzip));
    figures.insert("first_load_raw_bytes".into(), json!(first_raw));
    let figures = Value::Object(figures);
    print_report(&figures);
    let folder = xtask::workspace_root().join("target").join("bench");
    std::fs::create_dir_all(&folder).expect("could not create target/bench");
    let path = folder.join("page.json");
    let text = serde_json::to_string_pretty(&figures).expect("figures serialise");
    std::fs::write(&path, text).expect("could not write target/bench/page.json");
    println!("\nfigures written to {}", path.display());
}

/// Opens `path` (a fragment, or `""`) as a new document, by way of a blank
/// page, and waits until the app has mounted.
async fn open_fresh(page: &Page, path: &str) {
    let client = page.client();
    client.goto("about:blank").await.expect("about:blank");
    let url = format!("{}{path}", page.site_url());
    client
        .goto(&url)
        .await
        .unwrap_or_else(|error| panic!("could not open {url}: {error}"));
    page.wait_for_testid("step").await;
}

/// Loads the page fresh and returns its first contentful paint in
/// milliseconds after navigation start.
async fn load_and_paint(page: &Page) -> f64 {
    open_fresh(page, "").await;
    page.wait_until("a first-contentful-paint entry", || async {
        let script = "const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
                      return paint ? paint.startTime : null;";
        page.execute(script).await.as_f64()
    })
    .await
}

async fn first_paint(page: &Page) -> Value {
    // `with_page` opened the site already, in a fresh profile: that load
    // was cold; read its paint, then load again.
    page.wait_for_testid("step").await;
    let cold = page
        .wait_until("the cold first-contentful-paint entry", || async {
            let script =
                "const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
                          return paint ? paint.startTime : null;";
            page.execute(script).await.as_f64()
        })
        .await;
    let mut warm = Vec::new();
    for _ in 0..WARM_LOADS {
        warm.push(load_and_paint(page).await);
    }
    json!({ "cold_ms": cold, "warm_ms": warm, "warm_median_ms": percentile(&warm, 0.5) })
}

/// Clicks Step `count` times from inside the page, timing each click until
/// `app`'s `data-step` changes (the DOM update) and until style and layout
/// are done.
const TIME_STEPS: &str = r#"
    const [count, done] = arguments;
    const app = document.querySelector('[data-testid=app]');
    const dom = [], layout = [], handler = [];
    function finish(stuck) {
        done({ dom, layout, handler, step: Number(app.dataset.step), stuck });
    }
    function one() {
        if (dom.length >= count) { finish(null); return; }
        const before = app.dataset.step;
        const button = document.querySelector('[data-testid=step]');
        if (!button || button.disabled) { finish('the Step button is disabled at step ' + before); return; }
        let start;
        const observer = new MutationObserver(() => {
            if (app.dataset.step === before) return;
            const changed = performance.now();
            observer.disconnect();
            clearTimeout(watchdog);
            void document.body.offsetHeight;
            const laidOut = performance.now();
            dom.push(changed - start);
            layout.push(laidOut - start);
            // Let the frame paint before the next click.
            requestAnimationFrame(() => setTimeout(one, 0));
        });
        const watchdog = setTimeout(() => {
            observer.disconnect();
            finish('no change of data-step within 5 s of a click at step ' + before);
        }, 5000);
        observer.observe(app, { attributes: true, attributeFilter: ['data-step'] });
        start = performance.now();
        button.click();
        handler.push(performance.now() - start);
    }
    one();
"#;

async fn time_steps(page: &Page, count: usize) -> Value {
    let result = page
        .client()
        .execute_async(TIME_STEPS, vec![json!(count)])
        .await
        .unwrap_or_else(|error| panic!("the step timing script failed: {error}"));
    let numbers = |key: &str| -> Vec<f64> {
        result[key]
            .as_array()
            .map(|values| values.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    if let Some(stuck) = result["stuck"].as_str() {
        panic!("timing steps: {stuck}");
    }
    let (dom, layout, handler) = (numbers("dom"), numbers("layout"), numbers("handler"));
    let tenth = (dom.len() / 10).max(1);
    json!({
        "samples": dom.len(),
        "dom_p50_ms": percentile(&dom, 0.5),
        "dom_p95_ms": percentile(&dom, 0.95),
        "dom_max_ms": percentile(&dom, 1.0),
        "layout_p50_ms": percentile(&layout, 0.5),
        "layout_p95_ms": percentile(&layout, 0.95),
        "layout_max_ms": percentile(&layout, 1.0),
        "click_handler_p50_ms": percentile(&handler, 0.5),
        "click_handler_p95_ms": percentile(&handler, 0.95),
        "first_tenth_dom_p50_ms": percentile(&dom[..tenth.min(dom.len())], 0.5),
        "last_tenth_dom_p50_ms": percentile(&dom[dom.len().saturating_sub(tenth)..], 0.5),
        "final_step": result["step"],
    })
}

async fn steps(page: &Page) -> Value {
    open_fresh(page, BUSY).await;
    page.wait_for_attr("app", "data-step", |step| step == Some("0"))
        .await;
    let fresh = time_steps(page, STEP_SAMPLES).await;
    page.click("first").await;
    page.wait_for_attr("app", "data-step", |step| step == Some("0"))
        .await;
    let recorded = time_steps(page, STEP_SAMPLES).await;
    json!({ "scenario": BUSY, "fresh": fresh, "recorded": recorded })
}

/// Counts animation frames and long tasks for `ms` milliseconds.
const WATCH_FRAMES: &str = r#"
    const [ms, done] = arguments;
    const app = document.querySelector('[data-testid=app]');
    const firstStep = Number(app.dataset.step);
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
    try { observer.observe({ type: 'longtask' }); } catch (e) {}
    const frames = [];
    const start = performance.now();
    function frame(now) {
        frames.push(now);
        if (now - start < ms) { requestAnimationFrame(frame); return; }
        observer.disconnect();
        const play = document.querySelector('[data-testid=play]');
        done({
            frames,
            longTasks,
            steps: Number(app.dataset.step) - firstStep,
            playing: play ? play.getAttribute('aria-pressed') : null,
        });
    }
    requestAnimationFrame(frame);
"#;

async fn playback(page: &Page) -> Value {
    open_fresh(page, BUSY).await;
    page.wait_for_attr("app", "data-step", |step| step == Some("0"))
        .await;
    let option = format!("[data-testid=speed] option[value=\"{FASTEST_SPEED}\"]");
    page.client()
        .find(fantoccini::Locator::Css(&option))
        .await
        .expect("the fastest speed")
        .click()
        .await
        .expect("could not choose the fastest speed");
    page.click("play").await;
    page.wait_for_attr("play", "aria-pressed", |pressed| pressed == Some("true"))
        .await;
    let result = page
        .client()
        .execute_async(WATCH_FRAMES, vec![json!(PLAYBACK.as_millis() as u64)])
        .await
        .unwrap_or_else(|error| panic!("the frame counting script failed: {error}"));
    page.click("play").await;
    let frames: Vec<f64> = result["frames"]
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let gaps: Vec<f64> = frames.windows(2).map(|pair| pair[1] - pair[0]).collect();
    let slow: Vec<f64> = gaps
        .iter()
        .copied()
        .filter(|gap| *gap > FRAME_BUDGET_MS)
        .collect();
    let dropped: f64 = slow
        .iter()
        .map(|gap| ((gap / FRAME_MS).round() - 1.0).max(1.0))
        .sum::<f64>()
        // An empty sum is -0.0; print 0.
        + 0.0;
    let seconds = match (frames.first(), frames.last()) {
        (Some(first), Some(last)) if last > first => (last - first) / 1000.0,
        _ => 0.0,
    };
    json!({
        "speed_steps_per_s": FASTEST_SPEED.parse::<u32>().unwrap_or_default(),
        "seconds": seconds,
        "frames": frames.len(),
        "frames_per_s": if seconds > 0.0 { frames.len() as f64 / seconds } else { 0.0 },
        "gaps_over_20ms": slow.len(),
        "dropped_frames": dropped,
        "longest_gap_ms": percentile(&gaps, 1.0),
        "long_tasks": result["longTasks"],
        "steps_played": result["steps"],
        "still_playing": result["playing"] == json!("true"),
    })
}

async fn check(page: &Page, workers: usize) -> Value {
    let path = format!("#scenario=wedged-worker&variant=tokio&workers={workers}&step=0");
    open_fresh(page, &path).await;
    page.wait_for_testid("check-start").await;
    page.wait_for_testid("worker-1").await;
    let started = Instant::now();
    page.click("check-start").await;
    page.wait_for_testid("check-report").await;
    let wall = started.elapsed();
    let snapshot = page.snapshot().await;
    let report = snapshot.get("check-report").expect("the report is there");
    let number = |attribute: &str| -> f64 {
        report
            .attributes
            .get(attribute)
            .and_then(|value| value.parse().ok())
            .unwrap_or(f64::NAN)
    };
    json!({
        "workers": workers,
        "milliseconds": number("data-milliseconds"),
        "wall_ms": wall.as_secs_f64() * 1000.0,
        "states": number("data-states"),
        "state_bound_hit": report.text.contains("state bound"),
        "s1": snapshot.attr("check-verdict-S1", "data-outcome"),
    })
}

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`), as text: the
/// figures move with the load of other processes.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// The `fraction` percentile (nearest rank) of `values`; 0 when empty.
fn percentile(values: &[f64], fraction: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn print_report(figures: &Value) {
    let f = |pointer: &str| {
        figures
            .pointer(pointer)
            .and_then(Value::as_f64)
            .unwrap_or(f64::NAN)
    };
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("\npage benchmark (headless Chromium, localhost)");
    println!(
        "browser: {}",
        figures["user_agent"].as_str().unwrap_or("unknown")
    );
    println!(
        "load average before: {}, after: {}\n",
        figures["load_average_before"].as_str().unwrap_or("unknown"),
        figures["load_average_after"].as_str().unwrap_or("unknown")
    );
    println!("{:<44} {:>14} {:>10} {:>7}", "figure", "value", "goal", "");
    let row = |name: &str, value: String, goal: &str, ok: Option<bool>| {
        let mark = ok.map_or("", verdict);
        println!("{name:<44} {value:>14} {goal:>10} {mark:>7}");
    };
    let cold = f("/first_paint/cold_ms");
    let warm = f("/first_paint/warm_median_ms");
    row(
        "first contentful paint, cold",
        format!("{cold:.0} ms"),
        "< 500 ms",
        Some(cold < GOAL_FIRST_PAINT_MS),
    );
    row(
        "first contentful paint, warm (median)",
        format!("{warm:.0} ms"),
        "< 500 ms",
        Some(warm < GOAL_FIRST_PAINT_MS),
    );
    for kind in ["fresh", "recorded"] {
        let p50 = f(&format!("/step/{kind}/dom_p50_ms"));
        let p95 = f(&format!("/step/{kind}/dom_p95_ms"));
        let max = f(&format!("/step/{kind}/dom_max_ms"));
        let layout = f(&format!("/step/{kind}/layout_p95_ms"));
        row(
            &format!("one step ({kind}), DOM, p50"),
            format!("{p50:.2} ms"),
            "",
            None,
        );
        row(
            &format!("one step ({kind}), DOM, p95"),
            format!("{p95:.2} ms"),
            "< 4 ms",
            Some(p95 < GOAL_STEP_P95_MS),
        );
        row(
            &format!("one step ({kind}), DOM, max"),
            format!("{max:.2} ms"),
            "",
            None,
        );
        row(
            &format!("one step ({kind}), DOM + layout, p95"),
            format!("{layout:.2} ms"),
            "",
            None,
        );
        let first = f(&format!("/step/{kind}/first_tenth_dom_p50_ms"));
        let last = f(&format!("/step/{kind}/last_tenth_dom_p50_ms"));
        row(
            "  DOM p50, first / last tenth of the steps",
            format!("{first:.1} / {last:.1} ms"),
            "",
            None,
        );
    }
    let dropped = f("/playback/dropped_frames");
    row(
        "playback 32/s, 10 s: frames",
        format!("{:.0}", f("/playback/frames")),
        "",
        None,
    );
    row(
        "playback: frames per second",
        format!("{:.1}", f("/playback/frames_per_s")),
        "",
        None,
    );
    row(
        "playback: gaps over 20 ms",
        format!("{:.0}", f("/playback/gaps_over_20ms")),
        "",
        None,
    );
    row(
        "playback: dropped frames",
        format!("{dropped:.0}"),
        "0",
        Some(dropped == 0.0),
    );
    row(
        "playback: longest frame gap",
        format!("{:.1} ms", f("/playback/longest_gap_ms")),
        "",
        None,
    );
    row(
        "playback: long tasks (> 50 ms)",
        format!("{:.0}", f("/playback/long_tasks")),
        "",
        None,
    );
    row(
        "playback: steps played",
        format!("{:.0}", f("/playback/steps_played")),
        "",
        None,
    );
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    let first_gzip = figures["first_load_gzip_bytes"]
        .as_u64()
        .unwrap_or_default();
    row(
        "first load, gzip (all but the checker)",
        format!("{:.1} KB", kib(first_gzip)),
        &format!("< {:.0} KB", kib(GOAL_FIRST_LOAD_GZIP_BYTES)),
        Some(first_gzip < GOAL_FIRST_LOAD_GZIP_BYTES),
    );
    let gzip = figures["app_gzip_bytes"].as_u64().unwrap_or_default();
    row(
        "whole site, gzip (every file of dist/)",
        format!("{:.1} KB", kib(gzip)),
        &format!("< {:.0} KB", kib(GOAL_SITE_GZIP_BYTES)),
        Some(gzip < GOAL_SITE_GZIP_BYTES),
    );
    for check in figures["check"].as_array().into_iter().flatten() {
        let workers = check["workers"].as_u64().unwrap_or_default();
        let ms = check["milliseconds"].as_f64().unwrap_or(f64::NAN);
        let states = check["states"].as_f64().unwrap_or(f64::NAN);
        let bound = check["state_bound_hit"].as_bool().unwrap_or(false);
        let name = format!("check wedged-worker tokio, {workers} workers");
        let value = format!("{ms:.0} ms");
        let (goal, ok) = if workers == 3 {
            ("< 1 s", Some(ms < GOAL_CHECK_3_WORKERS_MS && !bound))
        } else {
            ("", None)
        };
        row(&name, value, goal, ok);
        let note = if bound {
            " (state bound hit)"
        } else {
            " (complete)"
        };
        row(&format!("  states{note}"), format!("{states:.0}"), "", None);
    }
    let still = figures
        .pointer("/playback/still_playing")
        .and_then(Value::as_bool);
    if still != Some(true) {
        println!("note: playback had stopped before the 10 s were up");
    }
}
