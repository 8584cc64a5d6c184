//! `cargo xtask`: the project's tasks. See `cargo xtask help`.

mod bench;

use anyhow::{bail, Context, Result};
use std::process::ExitCode;
use xtask::server::{ServerConfig, StaticServer, DEFAULT_PORT};
use xtask::steps::{run_steps, TEST_STEPS};
use xtask::tools::{ensure_browser, Toolchain};
use xtask::{build, dist_dir, sizes};

const HELP: &str = "\
cargo xtask <task>

tasks:
  serve [--port P] [--prefix /path/] [--no-csp] [--no-build]
          build the site (release) and serve dist/ on http://127.0.0.1:P
          (default 8080), under the strict Content-Security-Policy
  test    check everything CI checks: format, clippy (native and wasm32),
          the site build, cargo test (browser tests included), core on wasm32
  dist    build the site (release), print the gzip size of its assets and
          of the first load and the whole site against their budgets
  bench [--no-build] [--no-page] [--no-core]
          time the page in headless Chromium and the core's steps
          (docs/benchmarks.md); not part of test
  conformance [--runs N] [--release X] [--case C] [--limit-secs S] [--total-secs T]
          run the conformance programs against real Tokio releases and
          compare with the model's predictions (docs/conformance.md); not
          part of test
  help    print this text

Pinned tools (Trunk, wasm-bindgen, wasm-opt, the wasm32 target) are
installed outside the clone when missing; `test` also installs Debian's
chromium and chromium-driver when run as root.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((task, options)) = args.split_first() else {
        println!("{HELP}");
        bail!("no task given");
    };
    match task.as_str() {
        "serve" => serve(&ServeOptions::parse(options)?),
        "test" => {
            no_options(task, options)?;
            test()
        }
        "dist" => {
            no_options(task, options)?;
            dist()
        }
        "bench" => bench::run(options),
        "conformance" => xtask::conformance::run(options),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            Ok(())
        }
        other => {
            println!("{HELP}");
            bail!("unknown task `{other}`")
        }
    }
}

fn no_options(task: &str, options: &[String]) -> Result<()> {
    match options.first() {
        Some(option) => bail!("`{task}` takes no options (got `{option}`)"),
        None => Ok(()),
    }
}

/// The options of `cargo xtask serve`.
struct ServeOptions {
    /// The loopback port to listen on.
    port: u16,
    /// The URL path to serve the site under.
    prefix: String,
    /// Whether to send the strict Content-Security-Policy.
    csp: bool,
    /// Whether to rebuild the site first.
    build: bool,
}

impl ServeOptions {
    fn parse(options: &[String]) -> Result<Self> {
        let mut parsed = ServeOptions {
            port: DEFAULT_PORT,
            prefix: "/".to_owned(),
            csp: true,
            build: true,
        };
        let mut options = options.iter();
        while let Some(option) = options.next() {
            let (name, inline_value) = match option.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (option.as_str(), None),
            };
            let mut value = || {
                inline_value
                    .clone()
                    .or_else(|| options.next().cloned())
                    .with_context(|| format!("`{name}` needs a value"))
            };
            match name {
                "--port" => {
                    let port = value()?;
                    parsed.port = port
                        .parse()
                        .with_context(|| format!("`{port}` is not a port number"))?;
                }
                "--prefix" => parsed.prefix = value()?,
                "--no-csp" => parsed.csp = false,
                "--no-build" => parsed.build = false,
                _ => bail!("unknown option `{option}` for `serve`\n\n{HELP}"),
            }
        }
        Ok(parsed)
    }
}

fn serve(options: &ServeOptions) -> Result<()> {
    if options.build {
        let toolchain = Toolchain::ensure_site()?;
        build::trunk_build(&toolchain)?;
    }
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html; run `cargo xtask dist` first",
            dist.display()
        );
    }
    let mut config = ServerConfig::new(&dist)
        .port(options.port)
        .prefix(&options.prefix)
        .print_requests(true);
    if !options.csp {
        config = config.without_header("Content-Security-Policy");
    }
    let server = StaticServer::start(config)?;
    println!(
        "serving {} at {} (Ctrl-C to stop)",
        dist.display(),
        server.url()
    );
    server.wait();
    Ok(())
}

fn test() -> Result<()> {
    let toolchain = Toolchain::ensure()?;
    ensure_browser()?;
    run_steps(TEST_STEPS, &toolchain)
}

fn dist() -> Result<()> {
    let toolchain = Toolchain::ensure_site()?;
    build::trunk_build(&toolchain)?;
    let sizes = sizes::measure(&dist_dir())?;
    print!("\n{}", sizes::report(&sizes));
    match sizes::check_budget(&sizes) {
        Ok(message) => println!("{message}"),
        Err(error) => println!("warning: {error} (`cargo xtask test` fails on this)"),
    }
    Ok(())
}
