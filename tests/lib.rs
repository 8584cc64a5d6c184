//! Helpers for the end-to-end tests: the built site (`dist/`), served by
//! xtask's static server, driven in headless Chromium through ChromeDriver.
//!
//! A browser test is a function over a [`Page`]:
//!
//! ```no_run
//! use rendezvous_tests::{with_page, PageOptions};
//!
//! # async fn example() {
//! with_page(PageOptions::default(), |page| async move {
//!     page.wait_for_testid("step").await;
//!     page.click("step").await;
//!     let snapshot = page.snapshot().await;
//!     assert_eq!(snapshot.attr("requester-0", "data-pc"), Some("Wait"));
//! })
//! .await;
//! # }
//! ```
//!
//! [`with_page`] starts everything the test needs and stops all of it
//! afterwards, also when the test panics: the static server on a free port,
//! ChromeDriver on another, and Chromium with a fresh profile. Waiting is
//! always polling against a deadline ([`DEFAULT_TIMEOUT`]), never a bare
//! sleep, and a timeout says what was awaited and what the page showed.
//!
//! Code map: [`site`] serves `dist/`, [`driver`] runs ChromeDriver and opens
//! the browser session, [`page`] is what a test talks to.

pub mod driver;
pub mod page;
pub mod site;

pub use page::{ConsoleEntry, ElementState, Page, Snapshot};
pub use site::PageOptions;

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

/// How long any wait may take before the test fails.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a wait polls the page.
pub const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// Serves `dist/`, opens it in a fresh headless Chromium as `options` says,
/// runs `scenario` on the page, then closes the browser, ChromeDriver and the
/// server, whether the scenario passed or panicked (the panic is then
/// re-raised with its message).
pub async fn with_page<Scenario, Run>(options: PageOptions, scenario: Scenario)
where
    Scenario: FnOnce(Page) -> Run,
    Run: Future<Output = ()> + Send + 'static,
{
    let server = site::serve_dist(options.server);
    let driver = driver::ChromeDriver::start();
    let session = driver::open_session(&driver, options.window).await;
    let page = Page::new(session.client.clone(), server, options.timeout);
    page.goto(&options.path).await;
    // A spawned task turns a panic into a value, so cleanup below still runs.
    let outcome = tokio::spawn(scenario(page)).await;
    session.close().await;
    drop(driver);
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the browser scenario did not finish: {error}"),
        }
    }
}

/// The workspace root (the folder holding `Cargo.lock`).
pub fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

/// Where screenshots go: `target/screenshots/` (under `CARGO_TARGET_DIR` when set).
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("screenshots")
}

/// A fresh folder under the system temp folder, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates `rendezvous-NAME-PID-N` in the system temp folder.
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("rendezvous-{name}-{}-{unique}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|error| panic!("could not create {}: {error}", path.display()));
        TempDir(path)
    }

    /// The folder's path.
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
