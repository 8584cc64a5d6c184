//! Serving the built site to the browser.

use crate::DEFAULT_TIMEOUT;
use std::time::Duration;
use xtask::server::{ServerConfig, StaticServer};

/// How a test opens the site.
#[derive(Debug, Clone)]
pub struct PageOptions {
    /// The server for `dist/`: a free loopback port, prefix `/` and the
    /// strict Content-Security-Policy unless changed.
    pub server: ServerConfig,
    /// What to open, relative to the site's URL: `""`, `"?seed=3"`, `"#s=1"`.
    pub path: String,
    /// The browser window's width and height in CSS pixels.
    pub window: (u32, u32),
    /// How long any wait on this page may take.
    pub timeout: Duration,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            server: ServerConfig::new(xtask::dist_dir()),
            path: String::new(),
            window: (1280, 900),
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

impl PageOptions {
    /// Serves the site under `prefix`, such as `/rendezvous/`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.server = self.server.prefix(prefix);
        self
    }

    /// Opens `path` (a query or fragment) relative to the site's URL.
    pub fn path(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }
}

/// Starts the static server for `config`, failing clearly when the site has
/// not been built.
pub fn serve_dist(config: ServerConfig) -> StaticServer {
    let index = config.root.join("index.html");
    assert!(
        index.is_file(),
        "{} is missing: run `cargo xtask dist` first \
         (`cargo xtask test` builds the site before running the tests)",
        index.display()
    );
    StaticServer::start(config).unwrap_or_else(|error| panic!("{error:#}"))
}
