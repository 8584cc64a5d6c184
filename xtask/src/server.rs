//! A small static file server for `dist/`, used by `cargo xtask serve` and by
//! the browser tests.
//!
//! It serves under a path prefix (`/` or, say, `/rendezvous/`) to prove the
//! site works from any sub-path, sends a strict Content-Security-Policy by
//! default so the page is always exercised under it, and records every
//! request so a test can count what the page fetched. A test can also make
//! it answer every request with 503, as a site gone offline.

use anyhow::{Context, Result};
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The policy the site must run under: no inline script or style, no `eval`,
/// nothing fetched from another origin. `'wasm-unsafe-eval'` allows compiling
/// WebAssembly and nothing else.
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The port `cargo xtask serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;

/// What to serve, where, and with which extra headers.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The folder whose files are served.
    pub root: PathBuf,
    /// The address to listen on; port 0 picks any free port.
    pub address: SocketAddr,
    /// The URL path the site lives under; always starts and ends with `/`.
    pub prefix: String,
    /// Headers added to every response, such as the Content-Security-Policy.
    pub headers: Vec<(String, String)>,
    /// Whether to print one line per request (for `cargo xtask serve`).
    pub print_requests: bool,
}

impl ServerConfig {
    /// Serves `root` at `/` on a free loopback port, with [`STRICT_CSP`],
    /// `X-Content-Type-Options: nosniff` and `Cache-Control: no-cache`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let headers = [
            ("Content-Security-Policy", STRICT_CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-cache"),
        ];
        ServerConfig {
            root: root.into(),
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            prefix: "/".to_owned(),
            headers: headers
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            print_requests: false,
        }
    }

    /// Listens on this loopback port instead of a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.address.set_port(port);
        self
    }

    /// Serves the site under `prefix` (slashes are added where missing).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = normalize_prefix(prefix);
        self
    }

    /// Sets a header on every response, replacing one of the same name.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self = self.without_header(name);
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Stops sending the header `name` (for example the CSP).
    pub fn without_header(mut self, name: &str) -> Self {
        self.headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        self
    }

    /// Prints one line per request.
    pub fn print_requests(mut self, print: bool) -> Self {
        self.print_requests = print;
        self
    }
}

/// One request the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The HTTP method, such as `GET`.
    pub method: String,
    /// The request target as sent, query string included.
    pub url: String,
    /// The status code sent back.
    pub status: u16,
}

/// A running server; it stops when dropped.
///
/// Each connection gets a thread of its own and one request: the answer
/// says `Connection: close`. (An earlier version used a crate whose pool of
/// connection threads could leave a connection unread while the others
/// were kept alive, so a page with more resources than the browser's six
/// connections sometimes never finished loading.)
pub struct StaticServer {
    /// Tells the accepting thread that its next connection means "stop".
    stopping: Arc<AtomicBool>,
    /// Whether to answer every request with 503 Service Unavailable.
    unavailable: Arc<AtomicBool>,
    /// The thread accepting connections, joined on drop.
    thread: Option<JoinHandle<()>>,
    /// The address actually bound (the real port when port 0 was asked for).
    address: SocketAddr,
    /// The prefix the site is served under.
    prefix: String,
    /// Every request answered so far, in order.
    served: Arc<Mutex<Vec<Served>>>,
}

impl StaticServer {
    /// Binds the address and starts answering requests on a thread.
    pub fn start(config: ServerConfig) -> Result<Self> {
        let listener = TcpListener::bind(config.address)
            .with_context(|| format!("could not listen on {}", config.address))?;
        let address = listener
            .local_addr()
            .context("the server has no local address")?;
        let stopping = Arc::new(AtomicBool::new(false));
        let unavailable = Arc::new(AtomicBool::new(false));
        let served = Arc::new(Mutex::new(Vec::new()));
        let prefix = normalize_prefix(&config.prefix);
        let shared = Arc::new(Shared {
            config: ServerConfig {
                prefix: prefix.clone(),
                ..config
            },
            unavailable: unavailable.clone(),
            served: served.clone(),
        });
        let thread = {
            let stopping = stopping.clone();
            std::thread::Builder::new()
                .name("static-server".to_owned())
                .spawn(move || accept_connections(&listener, &stopping, &shared))
                .context("could not start the server thread")?
        };
        Ok(StaticServer {
            stopping,
            unavailable,
            thread: Some(thread),
            address,
            prefix,
            served,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's URL, such as `http://127.0.0.1:8080/rendezvous/`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.address, self.prefix)
    }

    /// Every request answered so far, in order.
    pub fn served(&self) -> Vec<Served> {
        self.served.lock().expect("served log poisoned").clone()
    }

    /// With `false`, answers every request from now on with
    /// `503 Service Unavailable` (still logged in [`Self::served`]), as a
    /// site that went offline; `true` serves files again.
    pub fn set_available(&self, available: bool) {
        self.unavailable.store(!available, Ordering::SeqCst);
    }

    /// Blocks until the server stops (it never does on its own).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accepting thread, which then sees `stopping`.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What every connection's thread reads.
struct Shared {
    config: ServerConfig,
    /// Set by [`StaticServer::set_available`]`(false)`.
    unavailable: Arc<AtomicBool>,
    served: Arc<Mutex<Vec<Served>>>,
}

/// The longest request head read; a longer one is refused.
const MAX_HEAD: usize = 64 * 1024;

/// How long a connection may stay silent (a browser opens some ahead of
/// need) before its thread gives up on it.
const IDLE: Duration = Duration::from_secs(30);

fn accept_connections(listener: &TcpListener, stopping: &AtomicBool, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        match stream {
            Ok(stream) => {
                let shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name("static-connection".to_owned())
                    .spawn(move || {
                        // A client that hung up early is not the server's
                        // problem.
                        let _ = answer(stream, &shared);
                    });
                if let Err(error) = spawned {
                    eprintln!("static server: no thread for a connection: {error}");
                }
            }
            Err(error) => eprintln!("static server: {error}"),
        }
    }
}

/// Reads one request from `stream` and answers it.
fn answer(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    let Some(head) = read_head(&mut stream)? else {
        // Closed (or idle) before a whole request arrived.
        return Ok(());
    };
    let mut words = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (words.next().unwrap_or_default(), words.next());
    let reply = match target {
        None => text_reply(400, "bad request"),
        Some(_) if shared.unavailable.load(Ordering::SeqCst) => text_reply(503, "unavailable"),
        Some(target) => respond_to(method, target, &shared.config),
    };
    let record = Served {
        method: method.to_owned(),
        url: target.unwrap_or_default().to_owned(),
        status: reply.status,
    };
    if shared.config.print_requests {
        println!("{} {} {}", record.method, record.url, record.status);
    }
    // Recorded before the response goes out, so a client that has its
    // answer always finds its request in the log.
    shared
        .served
        .lock()
        .expect("served log poisoned")
        .push(record);
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    stream.write_all(out.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

/// The request's head (request line and headers, up to the blank line), or
/// `None` when the client closed or went quiet first.
fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
        match stream.read(&mut buffer) {
            Ok(0) => return Ok(None),
            Ok(read) => head.extend_from_slice(&buffer[..read]),
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::ConnectionReset
                ) =>
            {
                return Ok(None)
            }
            Err(error) => return Err(error),
        }
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

/// One answer: status, headers (besides length and connection) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The answer to `method target`.
fn respond_to(method: &str, target: &str, config: &ServerConfig) -> Reply {
    let mut reply = match method {
        "GET" | "HEAD" => match resolve(&config.root, &config.prefix, target) {
            Resolved::File(path) => match std::fs::read(&path) {
                Ok(body) => Reply {
                    status: 200,
                    headers: vec![("Content-Type".to_owned(), mime_type(&path).to_owned())],
                    body,
                },
                Err(_) => text_reply(500, "could not read the file"),
            },
            Resolved::Redirect(location) => Reply {
                status: 301,
                headers: vec![("Location".to_owned(), location)],
                body: Vec::new(),
            },
            Resolved::NotFound => text_reply(404, "not found"),
        },
        _ => text_reply(405, "method not allowed"),
    };
    reply.headers.extend(config.headers.iter().cloned());
    reply
}

fn text_reply(status: u16, text: &str) -> Reply {
    Reply {
        status,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/plain; charset=utf-8".to_owned(),
        )],
        body: text.as_bytes().to_vec(),
    }
}

/// The reason phrase of the status codes this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A file under the root.
    File(PathBuf),
    /// The same resource with a trailing slash, so relative URLs resolve.
    Redirect(String),
    /// Outside the prefix, escaping the root, or simply absent.
    NotFound,
}

fn resolve(root: &Path, prefix: &str, url: &str) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if format!("{path}/") == prefix {
        return Resolved::Redirect(prefix.to_owned());
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return Resolved::NotFound;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Resolved::NotFound;
    };
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::NotFound,
            _ if segment.contains('\\') || segment.contains('\0') => return Resolved::NotFound,
            _ => file.push(segment),
        }
    }
    if file.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result
/// is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// The Content-Type for a file, from its extension.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::Scratch;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// A throwaway site folder.
    fn site(name: &str) -> Scratch {
        Scratch::new(
            name,
            &[
                ("index.html", b"<!doctype html>home"),
                ("app_bg.wasm", b"\0asm"),
                ("sw.js", b"// worker"),
                ("sub/index.html", b"sub"),
            ],
        )
    }

    /// Sends one HTTP/1.0 request and returns the raw response.
    fn get(server: &StaticServer, method: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(server.address()).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    fn status_line(response: &str) -> &str {
        response.lines().next().unwrap_or_default()
    }

    #[test]
    fn serves_files_under_a_prefix_with_strict_headers() {
        let site = site("prefix");
        let server = StaticServer::start(ServerConfig::new(&site.0).prefix("rendezvous")).unwrap();
        assert!(server.url().ends_with("/rendezvous/"));

        let index = get(&server, "GET", "/rendezvous/?seed=3");
        assert!(status_line(&index).contains("200"), "{index}");
        assert!(index.contains("text/html; charset=utf-8"));
        assert!(index.contains(STRICT_CSP));
        assert!(index.ends_with("home"));

        let wasm = get(&server, "GET", "/rendezvous/app_bg.wasm");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");

        // Browsers refuse a service worker script of any other type.
        let worker = get(&server, "GET", "/rendezvous/sw.js");
        assert!(
            worker.contains("Content-Type: text/javascript; charset=utf-8"),
            "{worker}"
        );

        let bare = get(&server, "GET", "/rendezvous");
        assert!(status_line(&bare).contains("301"), "{bare}");
        assert!(bare.contains("Location: /rendezvous/"));

        let folder = get(&server, "GET", "/rendezvous/sub");
        assert!(folder.contains("Location: /rendezvous/sub/"), "{folder}");

        for outside in [
            "/index.html",
            "/rendezvous/../index.html",
            "/rendezvous/%2e%2e/x",
            "/rendezvous/nope.js",
        ] {
            let response = get(&server, "GET", outside);
            assert!(
                status_line(&response).contains("404"),
                "{outside}: {response}"
            );
        }
        assert!(status_line(&get(&server, "POST", "/rendezvous/")).contains("405"));

        let head = get(&server, "HEAD", "/rendezvous/index.html");
        assert!(status_line(&head).contains("200") && !head.ends_with("home"));

        let served = server.served();
        assert_eq!(served[0].url, "/rendezvous/?seed=3");
        assert_eq!(served[0].status, 200);
        assert_eq!(served.len(), 11);
    }

    #[test]
    fn headers_can_be_replaced_and_removed() {
        let site = site("headers");
        let config = ServerConfig::new(&site.0)
            .without_header("content-security-policy")
            .header("X-Frame-Options", "DENY");
        let server = StaticServer::start(config).unwrap();
        let response = get(&server, "GET", "/");
        assert!(!response.contains("Content-Security-Policy"));
        assert!(response.contains("X-Frame-Options: DENY"));
    }

    #[test]
    fn idle_connections_do_not_hold_up_a_request() {
        // Browsers open connections ahead of need and leave some silent;
        // each must not keep a real request waiting.
        let site = site("idle");
        let server = StaticServer::start(ServerConfig::new(&site.0)).unwrap();
        let idle: Vec<TcpStream> = (0..12)
            .map(|_| TcpStream::connect(server.address()).unwrap())
            .collect();
        let mut stream = TcpStream::connect(server.address()).unwrap();
        // A bound on the wait, so a regression fails instead of hanging.
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert_eq!(status_line(&response), "HTTP/1.1 200 OK");
        assert!(response.contains("Connection: close"), "{response}");
        assert!(response.ends_with("<!doctype html>home"), "{response}");
        drop(idle);
    }

    #[test]
    fn a_garbled_request_gets_400() {
        let site = site("garbled");
        let server = StaticServer::start(ServerConfig::new(&site.0)).unwrap();
        let mut stream = TcpStream::connect(server.address()).unwrap();
        write!(stream, "NONSENSE\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert_eq!(status_line(&response), "HTTP/1.1 400 Bad Request");
    }

    #[test]
    fn an_unavailable_server_answers_503_until_available_again() {
        let site = site("unavailable");
        let server = StaticServer::start(ServerConfig::new(&site.0)).unwrap();
        server.set_available(false);
        let down = get(&server, "GET", "/index.html");
        assert!(status_line(&down).contains("503"), "{down}");
        assert!(!down.ends_with("home"));
        server.set_available(true);
        let up = get(&server, "GET", "/index.html");
        assert!(status_line(&up).contains("200"), "{up}");
        let statuses: Vec<u16> = server.served().iter().map(|r| r.status).collect();
        assert_eq!(statuses, [503, 200]);
    }

    #[test]
    fn mime_types_cover_the_site_assets() {
        assert_eq!(mime_type(Path::new("a/app_bg.wasm")), "application/wasm");
        for script in ["boot.js", "sw.js", "checker-worker.js"] {
            assert_eq!(
                mime_type(Path::new(script)),
                "text/javascript; charset=utf-8"
            );
        }
        assert_eq!(mime_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(mime_type(Path::new("LICENSE")), "application/octet-stream");
    }

    #[test]
    fn prefixes_are_normalized() {
        assert_eq!(normalize_prefix(""), "/");
        assert_eq!(normalize_prefix("/"), "/");
        assert_eq!(normalize_prefix("rendezvous"), "/rendezvous/");
        assert_eq!(normalize_prefix("/a/b/"), "/a/b/");
    }
}
