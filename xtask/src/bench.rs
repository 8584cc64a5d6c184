//! `cargo xtask bench`: how fast the page and the model are. Not part of
//! `cargo xtask test`: the figures depend on the machine, so they are
//! printed and recorded (`docs/benchmarks.md`), not checked.
//!
//! In order:
//! 1. the release Trunk build into `dist/` (skip with `--no-build`) and the
//!    gzip size of its assets against the two budgets (first load, whole
//!    site);
//! 2. the page benchmark, `cargo bench -p rendezvous-tests --bench page`:
//!    the built site in headless Chromium through the browser tests'
//!    harness (first paint, one step, playback frames, the in-page checker);
//!    it also writes `target/bench/page.json` (skip with `--no-page`);
//! 3. the core's criterion benchmark, `cargo bench -p rendezvous-core
//!    --bench steps`, when `core/benches/steps.rs` exists (skip with
//!    `--no-core`).

use anyhow::{bail, Result};
use std::time::Instant;
use xtask::process::{self, cargo, seconds};
use xtask::tools::{ensure_browser, Toolchain};
use xtask::{build, dist_dir, sizes, workspace_root};

/// The line `cargo xtask help` shows for this task.
pub const HELP: &str = "\
  bench [--no-build] [--no-page] [--no-core]
          build the site, print its gzip size, time the page in headless
          Chromium (first paint, one step, playback frames, the in-page
          checker) and run the core's criterion benchmark; not part of test";

/// What `cargo xtask bench` runs.
#[derive(Debug, PartialEq, Eq)]
struct BenchOptions {
    /// Rebuild `dist/` first.
    build: bool,
    /// Run the page benchmark.
    page: bool,
    /// Run the core's criterion benchmark.
    core: bool,
}

impl BenchOptions {
    fn parse(options: &[String]) -> Result<BenchOptions> {
        let mut parsed = BenchOptions {
            build: true,
            page: true,
            core: true,
        };
        for option in options {
            match option.as_str() {
                "--no-build" => parsed.build = false,
                "--no-page" => parsed.page = false,
                "--no-core" => parsed.core = false,
                other => bail!("unknown option `{other}` for `bench`\n\n{HELP}"),
            }
        }
        Ok(parsed)
    }
}

/// Runs `cargo xtask bench OPTIONS`.
pub fn run(options: &[String]) -> Result<()> {
    let options = BenchOptions::parse(options)?;
    let started = Instant::now();
    if options.build {
        let toolchain = Toolchain::ensure()?;
        build::trunk_build(&toolchain)?;
    }
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html; run `cargo xtask dist` first",
            dist.display()
        );
    }
    let sizes = sizes::measure(&dist)?;
    print!("\n{}", sizes::report(&sizes));
    match sizes::check_budget(&sizes) {
        Ok(message) => println!("{message}"),
        Err(error) => println!("warning: {error}"),
    }

    if options.page {
        ensure_browser()?;
        println!();
        process::run(cargo().current_dir(workspace_root()).args([
            "bench",
            "-p",
            "rendezvous-tests",
            "--bench",
            "page",
        ]))?;
    }
    let core_bench = workspace_root().join("core/benches/steps.rs");
    if options.core && core_bench.is_file() {
        println!();
        process::run(cargo().current_dir(workspace_root()).args([
            "bench",
            "-p",
            "rendezvous-core",
            "--bench",
            "steps",
        ]))?;
    }
    println!("\nbench: done in {}", seconds(started.elapsed()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Result<BenchOptions> {
        let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
        BenchOptions::parse(&words)
    }

    #[test]
    fn everything_runs_by_default() {
        let options = parse(&[]).unwrap();
        assert!(options.build && options.page && options.core);
    }

    #[test]
    fn each_part_can_be_skipped() {
        let options = parse(&["--no-build", "--no-core"]).unwrap();
        assert_eq!(
            options,
            BenchOptions {
                build: false,
                page: true,
                core: false
            }
        );
        assert!(parse(&["--no-page"]).unwrap().core);
    }

    #[test]
    fn unknown_options_are_refused() {
        let error = parse(&["--fast"]).unwrap_err().to_string();
        assert!(error.contains("--fast"), "{error}");
    }
}
