//! After the first load the page needs nothing from the network: the
//! service worker (`sw.js`) has cached the whole site, so stepping, playing,
//! tours, challenges, exports, imports, links, the checker's worker and even
//! a new document (the embed mode, a reload) are served from the cache. The
//! server's request log must not grow, and every resource the page ever
//! loaded came from the site itself. With the server gone a reload still
//! runs the page, at `/` and under a sub-path; without service workers it
//! runs as before; a new build replaces the cache. The strict CSP is on, so
//! a violation would show as a console error.
//!
//! The one request a new document, or a new worker (each check starts
//! one), may still cause is the browser's own update check of `sw.js` (how
//! a new build reaches returning visitors); with the server gone it fails,
//! quietly.

use crate::support::{assert_healthy, click_to, loaded_at, wait_for_step};
use rendezvous_tests::{with_page, Page, PageOptions, TempDir};
use std::path::Path;
use std::time::Duration;
use xtask::server::{Served, ServerConfig};
use xtask::service_worker;

/// A check of a model within the page's bound takes seconds; a slow
/// machine gets more.
const CHECK_TIMEOUT: Duration = Duration::from_secs(120);

/// A scenario whose exhaustive check fits the page's bound and finds the
/// leak of PROTOCOL.md 5.1 (see `checker.rs`).
const SMALL_CHECK: &str = "#scenario=issue5638-very-stuck&variant=tokio&workers=2&step=0";

/// Waits until the service worker has precached the site and controls the
/// page (`boot.js` then sets `<html data-offline="ready">`).
async fn wait_until_offline_ready(page: &Page) {
    page.wait_until("<html data-offline=\"ready\">", || async {
        let state = page
            .execute("return document.documentElement.dataset.offline ?? null;")
            .await;
        match state.as_str() {
            Some("ready") => Some(()),
            Some(other) => panic!("the service worker is {other}, not ready"),
            None => None,
        }
    })
    .await;
}

/// The requests logged since `before` requests, leaving out the browser's
/// update checks of the service worker.
fn requests_since(page: &Page, before: usize) -> Vec<Served> {
    page.served()[before..]
        .iter()
        .filter(|request| !request.url.ends_with("/sw.js"))
        .cloned()
        .collect()
}

/// Runs a small exhaustive check in the page's worker and waits for its
/// report.
async fn check_to_the_end(page: &Page) {
    page.goto(SMALL_CHECK).await;
    wait_for_step(page, 0).await;
    page.click("check-start").await;
    page.wait_for_attr("check-report", "data-states", |states| {
        states
            .and_then(|states| states.parse::<u64>().ok())
            .is_some_and(|states| states > 0)
    })
    .await;
    let snapshot = page.snapshot().await;
    assert!(snapshot.get("check-error").is_none(), "{snapshot:#?}");
    assert_eq!(
        snapshot.attr("check-verdict-S1", "data-outcome"),
        Some("broken"),
        "the check found the leak of PROTOCOL.md 5.1"
    );
}

#[tokio::test]
async fn after_the_first_load_the_page_makes_no_request() {
    let options = PageOptions {
        timeout: CHECK_TIMEOUT,
        ..PageOptions::default()
    };
    with_page(options, |page| async move {
        page.wait_for_testid("step").await;
        wait_until_offline_ready(&page).await;
        // Let the first load settle (the icon is fetched last).
        page.wait_until("the icon to load", || async {
            page.served()
                .iter()
                .any(|request| request.url.contains("favicon"))
                .then_some(())
        })
        .await;
        let first_load = page.served();
        let worker = first_load.iter().find(|request| request.url == "/sw.js");
        assert_eq!(
            worker.map(|request| request.status),
            Some(200),
            "the service worker was fetched: {first_load:#?}"
        );

        for _ in 0..5 {
            page.click("step").await;
        }
        page.click("back").await;
        page.click("play").await;
        page.wait_for_attr("app", "data-step", |step| {
            step.and_then(|step| step.parse::<u32>().ok()).is_some_and(|step| step > 6)
        })
        .await;
        page.click("play").await;
        page.click("tour-start").await;
        page.click("tour-next").await;
        page.click("export").await;
        page.click("export-svg").await;
        page.click("export-mermaid").await;
        page.goto("#scenario=no-nudge&step=4").await;
        page.click("challenges-open").await;
        page.wait_for_testid("challenge-won").await;
        // Each check starts a fresh worker: its script, the glue and the
        // wasm come from the cache too.
        check_to_the_end(&page).await;
        let during = requests_since(&page, first_load.len());
        assert!(during.is_empty(), "requests while using the page: {during:#?}");

        // The embed mode is a new document, served from the cache as well.
        page.goto("index.html?embed#scenario=early-result&step=3").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("3"))
            .await;
        wait_until_offline_ready(&page).await;
        page.click("step").await;
        page.wait_for_attr("app", "data-step", |step| step == Some("4"))
            .await;
        let later = requests_since(&page, first_load.len());
        assert!(later.is_empty(), "requests for the embed mode: {later:#?}");
        let foreign = page
            .execute(
                "return performance.getEntriesByType('resource')
                    .map((entry) => entry.name)
                    .filter((name) => !name.startsWith(location.origin) && !name.startsWith('blob:'));",
            )
            .await;
        assert_eq!(foreign, serde_json::json!([]), "resources from elsewhere");
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    })
    .await;
}

/// Loads the site (served under `prefix`), waits for the service worker,
/// takes the server offline, reloads, and checks that the page still runs:
/// it steps, and when `check` is set a check runs in a fresh worker.
async fn reload_offline(prefix: &str, check: bool) {
    let options = PageOptions {
        timeout: CHECK_TIMEOUT,
        ..PageOptions::default().prefix(prefix)
    };
    with_page(options, |page| async move {
        loaded_at(&page, 0).await;
        wait_until_offline_ready(&page).await;
        let online = page.served().len();

        page.set_server_available(false);
        page.reload().await;
        loaded_at(&page, 0).await;
        wait_until_offline_ready(&page).await;
        for step in 1..=3 {
            click_to(&page, "step", step).await;
        }
        if check {
            check_to_the_end(&page).await;
        }
        let asked = requests_since(&page, online);
        assert!(asked.is_empty(), "requests while offline: {asked:#?}");
        let offline = page.served()[online..].to_vec();
        assert!(
            offline.iter().all(|request| request.status == 503),
            "the server answered while offline: {offline:#?}"
        );
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn with_the_server_gone_a_reload_still_runs_the_page() {
    reload_offline("/", true).await;
}

#[tokio::test]
async fn with_the_server_gone_a_reload_still_runs_under_a_sub_path() {
    reload_offline("/rendezvous/", false).await;
}

#[tokio::test]
async fn without_service_workers_the_page_still_runs() {
    // A first load that finishes at once; the page comes next, in a browser
    // without service workers (as an insecure context or some private modes).
    with_page(PageOptions::default().path("favicon.svg"), |page| async move {
        page.run_before_each_document(
            "Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined });",
        )
        .await;
        page.goto("").await;
        loaded_at(&page, 0).await;
        page.wait_until("<html data-offline=\"unavailable\">", || async {
            let state = page
                .execute("return document.documentElement.dataset.offline ?? null;")
                .await;
            (state.as_str() == Some("unavailable")).then_some(())
        })
        .await;
        for step in 1..=3 {
            click_to(&page, "step", step).await;
        }
        let served = page.served();
        assert!(
            !served.iter().any(|request| request.url.ends_with("/sw.js")),
            "a service worker was fetched: {served:#?}"
        );
        // Quietly: no error, and no warning either. (Showing the icon
        // alone, the browser looked for /favicon.ico, which the site does not
        // have: the page itself names its icon.)
        let console = page.console().await;
        let loud: Vec<_> = console
            .iter()
            .filter(|entry| entry.is_error() || entry.level == "WARNING")
            .filter(|entry| !entry.message.contains("/favicon.ico "))
            .collect();
        assert!(loud.is_empty(), "console: {loud:#?}");
        let text = page.body_text().await;
        assert!(!text.contains("panicked"), "the page shows a panic:\n{text}");
    })
    .await;
}

/// The names of the page origin's caches, sorted.
async fn cache_names(page: &Page) -> Vec<String> {
    let names = page
        .execute("return caches.keys().then((names) => names.sort());")
        .await;
    serde_json::from_value(names).expect("cache names are strings")
}

/// Makes a "new build" of the site copied in `site`: `css_line` appended
/// to the stylesheet, then the service worker stamped afresh. Returns its
/// version.
fn rebuild(site: &Path, css_line: &str) -> String {
    let worker = rendezvous_tests::workspace_root().join("static/sw.js");
    std::fs::copy(worker, site.join("sw.js")).unwrap();
    let css = site.join("rendezvous.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str(css_line);
    std::fs::write(&css, text).unwrap();
    service_worker::stamp_dist(site).unwrap().version
}

#[tokio::test]
async fn a_new_build_replaces_the_cache() {
    let folder = TempDir::new("new-build");
    for entry in std::fs::read_dir(xtask::dist_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.path().join(entry.file_name())).unwrap();
    }
    let site = folder.path().to_owned();
    let first = rebuild(&site, "");
    let options = PageOptions {
        server: ServerConfig::new(&site),
        ..PageOptions::default()
    };
    with_page(options, |page| async move {
        loaded_at(&page, 0).await;
        wait_until_offline_ready(&page).await;
        let scope = page.site_url();
        assert_eq!(
            cache_names(&page).await,
            [format!("rendezvous {scope} {first}")]
        );

        let second = rebuild(&site, "/* the next build */\n");
        assert_ne!(second, first);
        // The reload still shows the old build, from its cache, while the
        // browser's update check finds the new worker, which installs,
        // takes over and deletes the old cache.
        page.reload().await;
        loaded_at(&page, 0).await;
        let expected = vec![format!("rendezvous {scope} {second}")];
        page.wait_until("only the new build's cache", || async {
            (cache_names(&page).await == expected).then_some(())
        })
        .await;
        let css = page
            .execute("return fetch('rendezvous.css').then((response) => response.text());")
            .await;
        assert!(
            css.as_str()
                .unwrap_or_default()
                .ends_with("/* the next build */\n"),
            "the page still gets the old stylesheet"
        );
        assert_healthy(&page).await;
    })
    .await;
}
