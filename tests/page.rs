//! The page under test, as a test sees it: elements named by `data-testid`,
//! bounded waits, snapshots of the page's state, the console log and
//! screenshots.

use crate::{screenshot_dir, POLL_INTERVAL};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use xtask::server::{Served, StaticServer};

/// The site open in Chromium. Cheap to clone; clones share the browser.
#[derive(Clone)]
pub struct Page {
    /// The WebDriver client driving the browser.
    client: Client,
    /// The server for `dist/`, kept alive as long as the page.
    server: Arc<StaticServer>,
    /// How long any wait may take.
    timeout: Duration,
    /// Every console entry read so far: ChromeDriver hands each one out once.
    console: Arc<Mutex<Vec<ConsoleEntry>>>,
}

/// One message from the browser console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleEntry {
    /// `SEVERE` for errors (CSP violations and failed loads included),
    /// `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    /// The message as Chromium logged it.
    pub message: String,
}

impl ConsoleEntry {
    /// Whether this entry is an error.
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }
}

/// A script returning the page's visible text.
const READ_BODY_TEXT: &str = "return document.body ? document.body.innerText : '';";

/// The CSS selector for `[data-testid="ID"]`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl Page {
    pub(crate) fn new(client: Client, server: StaticServer, timeout: Duration) -> Page {
        Page {
            client,
            server: Arc::new(server),
            timeout,
            console: Arc::default(),
        }
    }

    /// The WebDriver client, for anything these helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The site's URL, such as `http://127.0.0.1:PORT/`.
    pub fn site_url(&self) -> String {
        self.server.url()
    }

    /// Every request the server answered so far, in order.
    pub fn served(&self) -> Vec<Served> {
        self.server.served()
    }

    /// With `false`, the server answers every request with 503 from now on
    /// (each still logged in [`Self::served`]), as a site gone offline;
    /// `true` brings it back.
    pub fn set_server_available(&self, available: bool) {
        self.server.set_available(available);
    }

    /// Reloads the current page, as the browser's reload button does.
    pub async fn reload(&self) {
        self.client
            .refresh()
            .await
            .unwrap_or_else(|error| panic!("could not reload the page: {error}"));
    }

    /// Opens `path` (a query or fragment, or `""`) relative to the site URL.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.site_url());
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("could not open {url}: {error}"));
    }

    /// Polls `probe` until it returns `Some`, or fails after the page's
    /// timeout with `what` was awaited and what the page showed.
    pub async fn wait_until<T, Probe, Probing>(&self, what: &str, mut probe: Probe) -> T
    where
        Probe: FnMut() -> Probing,
        Probing: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {:?} waiting for {what}\n{}",
                    self.timeout,
                    self.describe().await
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until an element with this `data-testid` exists, and returns it.
    pub async fn wait_for_testid(&self, id: &str) -> Element {
        let selector = testid(id);
        self.wait_until(&selector, || async {
            self.client.find(Locator::Css(&selector)).await.ok()
        })
        .await
    }

    /// Waits until the element's attribute satisfies `accept`, and returns
    /// the attribute's value.
    pub async fn wait_for_attr(
        &self,
        id: &str,
        attribute: &str,
        accept: impl Fn(Option<&str>) -> bool,
    ) -> Option<String> {
        let what = format!("{} to have an accepted {attribute}", testid(id));
        self.wait_until(&what, || async {
            let value = self.try_attr(id, attribute).await?;
            accept(value.as_deref()).then_some(value)
        })
        .await
    }

    /// The element's attribute right now; `None` when the attribute is
    /// absent. Panics when the element is.
    pub async fn attr(&self, id: &str, attribute: &str) -> Option<String> {
        match self.try_attr(id, attribute).await {
            Some(value) => value,
            None => panic!("no element {}\n{}", testid(id), self.describe().await),
        }
    }

    /// Clicks the element with this `data-testid` (waiting for it first),
    /// scrolled to the middle of the window first, as a user would look at
    /// it: WebDriver otherwise clicks an element the page's sticky step
    /// controls half cover at the top, and the click lands on them.
    pub async fn click(&self, id: &str) {
        let element = self.wait_for_testid(id).await;
        if let Ok(argument) = serde_json::to_value(&element) {
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                    vec![argument],
                )
                .await;
        }
        element
            .click()
            .await
            .unwrap_or_else(|error| panic!("could not click {}: {error}", testid(id)));
    }

    /// Every `[data-testid]` element's `data-*` attributes, child count and
    /// text, read in one round trip, so the values are consistent.
    pub async fn snapshot(&self) -> Snapshot {
        const READ_STATE: &str = r#"
            const state = {};
            for (const element of document.querySelectorAll("[data-testid]")) {
                const attributes = {};
                for (const attribute of element.attributes) {
                    if (attribute.name.startsWith("data-") && attribute.name !== "data-testid") {
                        attributes[attribute.name] = attribute.value;
                    }
                }
                state[element.dataset.testid] = {
                    attributes,
                    children: element.children.length,
                    text: element.textContent,
                };
            }
            return state;
        "#;
        let state = self.execute(READ_STATE).await;
        let elements = serde_json::from_value(state)
            .unwrap_or_else(|error| panic!("the page state did not parse: {error}"));
        Snapshot { elements }
    }

    /// The visible text of the whole page.
    pub async fn body_text(&self) -> String {
        let text = self.execute(READ_BODY_TEXT).await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` at the start of every document opened from now on,
    /// before the page's own scripts (and not bound by its CSP): to take
    /// away a browser feature, say.
    pub async fn run_before_each_document(&self, script: &str) {
        self.client
            .issue_cmd(SessionPost::devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": script }),
            ))
            .await
            .unwrap_or_else(|error| panic!("could not add the script: {error}\n{script}"));
    }

    /// Makes the page's media queries see `feature: value`, such as
    /// `prefers-reduced-motion: reduce`; an empty value ends the emulation.
    pub async fn emulate_media(&self, feature: &str, value: &str) {
        let features = if value.is_empty() {
            serde_json::json!([])
        } else {
            serde_json::json!([{ "name": feature, "value": value }])
        };
        self.client
            .issue_cmd(SessionPost::devtools(
                "Emulation.setEmulatedMedia",
                serde_json::json!({ "features": features }),
            ))
            .await
            .unwrap_or_else(|error| panic!("could not emulate {feature}: {value}: {error}"));
    }

    /// Runs `script` in the page (WebDriver scripts are not bound by the
    /// page's Content-Security-Policy) and returns its result.
    pub async fn execute(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    /// Every browser console entry since the page opened.
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        self.console_so_far()
            .await
            .unwrap_or_else(|error| panic!("{error}"))
    }

    /// The console entries that are errors.
    pub async fn console_errors(&self) -> Vec<ConsoleEntry> {
        let console = self.console().await;
        console.into_iter().filter(ConsoleEntry::is_error).collect()
    }

    /// Saves a PNG screenshot as `target/screenshots/NAME.png` and returns
    /// its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Taken at rest: with motion reduced, a step's animation (a token
        // dropping into its slot) shows its end, not a random frame of it.
        self.emulate_media("prefers-reduced-motion", "reduce").await;
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|error| panic!("could not take a screenshot: {error}"));
        self.emulate_media("prefers-reduced-motion", "").await;
        let folder = screenshot_dir();
        std::fs::create_dir_all(&folder)
            .unwrap_or_else(|error| panic!("could not create {}: {error}", folder.display()));
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        path
    }

    /// `Some(value)` when the element exists (the value is `None` when the
    /// attribute is absent), `None` when it does not.
    async fn try_attr(&self, id: &str, attribute: &str) -> Option<Option<String>> {
        let element = self.client.find(Locator::Css(&testid(id))).await.ok()?;
        element.attr(attribute).await.ok()
    }

    /// Reads the entries ChromeDriver has not handed out yet, adds them to
    /// the ones read before, and returns them all.
    async fn console_so_far(&self) -> Result<Vec<ConsoleEntry>, String> {
        let fresh = self
            .client
            .issue_cmd(SessionPost::read_browser_log())
            .await
            .map_err(|error| format!("could not read the browser console: {error}"))?;
        let text = |entry: &Value, key: &str| entry[key].as_str().unwrap_or_default().to_owned();
        let fresh = fresh
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| ConsoleEntry {
                level: text(entry, "level"),
                message: text(entry, "message"),
            });
        let mut console = self.console.lock().expect("console log poisoned");
        console.extend(fresh);
        Ok(console.clone())
    }

    /// What the page shows, for failure messages: its URL, the start of its
    /// text and its console errors.
    async fn describe(&self) -> String {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(error) => format!("(unknown: {error})"),
        };
        let text = match self.client.execute(READ_BODY_TEXT, Vec::new()).await {
            Ok(text) => text
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(600)
                .collect(),
            Err(error) => format!("(unreadable: {error})"),
        };
        let errors = match self.console_so_far().await {
            Ok(console) => {
                let errors: Vec<&str> = console
                    .iter()
                    .filter(|entry| entry.is_error())
                    .map(|entry| entry.message.as_str())
                    .collect();
                errors.join("\n  ")
            }
            Err(error) => error,
        };
        format!("page: {url}\npage text: {text:?}\nconsole errors:\n  {errors}")
    }
}

/// A ChromeDriver command of its own: `POST /session/{id}/{path}` with a
/// JSON body.
#[derive(Debug)]
struct SessionPost {
    /// The path after the session, such as `se/log`.
    path: &'static str,
    /// The JSON body.
    body: Value,
}

impl SessionPost {
    /// `se/log` with `{"type": "browser"}`: the browser console entries
    /// logged since the last read.
    fn read_browser_log() -> SessionPost {
        SessionPost {
            path: "se/log",
            body: serde_json::json!({ "type": "browser" }),
        }
    }

    /// `goog/cdp/execute`: one Chrome DevTools Protocol command, such as
    /// `Page.addScriptToEvaluateOnNewDocument`.
    fn devtools(command: &str, params: Value) -> SessionPost {
        SessionPost {
            path: "goog/cdp/execute",
            body: serde_json::json!({ "cmd": command, "params": params }),
        }
    }
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session_id = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session_id}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// The state of every `[data-testid]` element at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// By `data-testid`; when several elements share one, the last wins.
    pub elements: BTreeMap<String, ElementState>,
}

/// One `[data-testid]` element in a [`Snapshot`].
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ElementState {
    /// Its `data-*` attributes by full name (`data-pc`), `data-testid` left out.
    pub attributes: BTreeMap<String, String>,
    /// How many child elements it has (a list's entries).
    pub children: usize,
    /// Its text content.
    pub text: String,
}

impl Snapshot {
    /// The element with this `data-testid`, if present.
    pub fn get(&self, id: &str) -> Option<&ElementState> {
        self.elements.get(id)
    }

    /// One attribute of one element, if both are present.
    pub fn attr(&self, id: &str, attribute: &str) -> Option<&str> {
        let element = self.get(id)?;
        element.attributes.get(attribute).map(String::as_str)
    }

    /// The `data-testid`s that start with `prefix` (`"worker-"`), sorted.
    pub fn ids_starting_with(&self, prefix: &str) -> Vec<&str> {
        self.elements
            .keys()
            .filter(|id| id.starts_with(prefix))
            .map(String::as_str)
            .collect()
    }
}
