//! ChromeDriver and the Chromium session it drives.

use crate::{TempDir, POLL_INTERVAL};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use xtask::tools::{BROWSER_PACKAGES, CHROMEDRIVER, CHROMIUM};

/// How long ChromeDriver may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// The Chromium flags every session uses: headless, and quiet on the
/// network, because this machine's network is closed and Chromium's
/// background connections would otherwise fail loudly at every start.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// A ChromeDriver process on a free loopback port, in a process group of its
/// own; dropping it kills the group, Chromium included.
#[derive(Debug)]
pub struct ChromeDriver {
    /// The ChromeDriver process.
    child: Child,
    /// The port ChromeDriver listens on.
    port: u16,
    /// Holds ChromeDriver's log (`chromedriver.log`) while it runs.
    logs: TempDir,
}

impl ChromeDriver {
    /// Starts [`CHROMEDRIVER`] and waits (bounded) until it accepts
    /// connections. Panics with a clear message when it is not installed or
    /// does not come up.
    pub fn start() -> ChromeDriver {
        for program in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                Path::new(program).exists(),
                "{program} not found: install the Debian packages `{}` \
                 (`cargo xtask test` does so when run as root)",
                BROWSER_PACKAGES.join(" ")
            );
        }
        let port = free_port();
        let logs = TempDir::new("chromedriver");
        let log_path = logs.path().join("chromedriver.log");
        let mut child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log_path.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {CHROMEDRIVER}: {error}"));
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while TcpStream::connect(address).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "{CHROMEDRIVER} exited at start ({status}); its log:\n{}",
                    read_log(&log_path)
                );
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                panic!(
                    "{CHROMEDRIVER} did not listen on port {port} within {STARTUP_TIMEOUT:?}; its log:\n{}",
                    read_log(&log_path)
                );
            }
            std::thread::sleep(POLL_INTERVAL);
        }
        ChromeDriver { child, port, logs }
    }

    /// The WebDriver endpoint, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// ChromeDriver's log so far, for failure messages.
    pub fn log(&self) -> String {
        read_log(&self.logs.path().join("chromedriver.log"))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The group holds ChromeDriver and the Chromium it started: end them
        // all, so no browser outlives a test that panicked.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session in a fresh Chromium profile.
pub struct Session {
    /// The WebDriver client; cheap to clone, all clones drive one browser.
    pub client: Client,
    /// Chromium's `--user-data-dir`, removed after the session closes.
    _profile: TempDir,
}

impl Session {
    /// Ends the session, which quits Chromium.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Opens a Chromium session through `driver`, with a fresh profile and the
/// browser console log enabled (see [`crate::Page::console`]).
pub async fn open_session(driver: &ChromeDriver, window: (u32, u32)) -> Session {
    let profile = TempDir::new("chromium-profile");
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| arg.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.push(format!("--window-size={},{}", window.0, window.1));
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("the capabilities are a JSON object")
    };
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|error| {
            panic!(
                "could not open a Chromium session through {}: {error}\nChromeDriver's log:\n{}",
                driver.url(),
                driver.log()
            )
        });
    Session {
        client,
        _profile: profile,
    }
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("no free loopback port");
    listener
        .local_addr()
        .expect("bound socket has an address")
        .port()
}

fn read_log(path: &Path) -> String {
    let log = std::fs::read_to_string(path).unwrap_or_default();
    let tail_start = log.len().saturating_sub(4000);
    let tail_start = (tail_start..log.len())
        .find(|&index| log.is_char_boundary(index))
        .unwrap_or(log.len());
    log[tail_start..].to_owned()
}
