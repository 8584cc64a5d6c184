//! The steps of `cargo xtask test`, in one table, run in order and failing
//! fast.
//!
//! To add a step, add a row to [`TEST_STEPS`]; each row names the step and
//! says what it runs. Steps that only make sense elsewhere (benchmarks, say)
//! get a table of their own.

use crate::build::trunk_build;
use crate::process::{self, seconds};
use crate::tools::Toolchain;
use crate::workspace_root;
use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What a step does.
#[derive(Debug)]
pub enum Action {
    /// `cargo ARGS`, from the workspace root.
    Cargo(&'static [&'static str]),
    /// `cargo ARGS` running test binaries; the `test result:` lines are added
    /// up into the closing tally.
    CargoTest(&'static [&'static str]),
    /// The release Trunk build of the site into `dist/`.
    TrunkBuild,
    /// The gzip size of `dist/` against its two budgets: the first load and
    /// the whole site.
    SizeBudget,
    /// The example book (`docs/book`) into `target/book`, the site beside it.
    Book,
    /// Builds the conformance program for one Tokio release (a check that
    /// `conformance/` still builds; `cargo xtask conformance` runs them).
    ConformanceBuild(&'static str),
}

/// One named step of a pipeline.
#[derive(Debug)]
pub struct Step {
    /// A short name, printed with the step's duration.
    pub name: &'static str,
    /// What the step runs.
    pub action: Action,
}

/// `cargo xtask test`, in order. The site is built before `cargo test`
/// because the browser tests serve `dist/`.
pub const TEST_STEPS: &[Step] = &[
    Step {
        name: "format",
        action: Action::Cargo(&["fmt", "--all", "--check"]),
    },
    Step {
        name: "clippy (native)",
        action: Action::Cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    },
    Step {
        name: "clippy (wasm32)",
        action: Action::Cargo(&[
            "clippy",
            "-p",
            "rendezvous-core",
            "-p",
            "rendezvous-web",
            "-p",
            "rendezvous-checker",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    },
    Step {
        name: "site (trunk build --release)",
        action: Action::TrunkBuild,
    },
    Step {
        name: "size budget (gzip: first load, whole site)",
        action: Action::SizeBudget,
    },
    Step {
        name: "book (mdbook build, site beside it)",
        action: Action::Book,
    },
    Step {
        name: "tests",
        // Every test binary runs even when an earlier one fails, so one run
        // shows all failures; the step still fails.
        action: Action::CargoTest(&["test", "--workspace", "--no-fail-fast"]),
    },
    Step {
        name: "conformance program (build only, Tokio 1.54.1)",
        action: Action::ConformanceBuild(crate::conformance::TEST_RELEASE),
    },
    Step {
        name: "core on wasm32",
        action: Action::Cargo(&[
            "build",
            "-p",
            "rendezvous-core",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    },
];

/// The tests counted across every [`Action::CargoTest`] step.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TestTally {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were ignored or filtered out of a run.
    pub skipped: u64,
}

impl TestTally {
    /// Adds one libtest summary line, such as
    /// `test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; ...`.
    /// Returns whether the line was one.
    pub fn add_line(&mut self, line: &str) -> bool {
        let Some(counts) = line.trim().strip_prefix("test result: ") else {
            return false;
        };
        for part in counts.split([';', '.']) {
            let mut words = part.split_whitespace();
            let (Some(number), Some(kind)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<u64>() else {
                continue;
            };
            match kind {
                "passed" => self.passed += number,
                "failed" => self.failed += number,
                "ignored" => self.skipped += number,
                _ => {}
            }
        }
        true
    }
}

/// Runs `steps` in order, printing each one's name and duration, and stops
/// at the first failure. Ends with a summary of the step durations and, when
/// tests ran, the closing tally line `tests: N passed, N failed, N skipped`.
pub fn run_steps(steps: &[Step], toolchain: &Toolchain) -> Result<()> {
    let mut finished: Vec<(&str, Duration)> = Vec::new();
    let mut tally: Option<TestTally> = None;
    for (index, step) in steps.iter().enumerate() {
        println!("\n==> [{}/{}] {}", index + 1, steps.len(), step.name);
        let start = Instant::now();
        let result = run_action(&step.action, toolchain, &mut tally);
        let took = start.elapsed();
        if let Err(error) = result {
            print_summary(&finished);
            println!("FAILED: {} after {}", step.name, seconds(took));
            return Err(error.context(format!("step `{}` failed", step.name)));
        }
        println!("==> {}: ok in {}", step.name, seconds(took));
        finished.push((step.name, took));
    }
    print_summary(&finished);
    if let Some(tally) = tally {
        println!(
            "tests: {} passed, {} failed, {} skipped",
            tally.passed, tally.failed, tally.skipped
        );
    }
    Ok(())
}

fn run_action(action: &Action, toolchain: &Toolchain, tally: &mut Option<TestTally>) -> Result<()> {
    match action {
        Action::Cargo(args) => {
            process::run(process::cargo().current_dir(workspace_root()).args(*args))
        }
        Action::CargoTest(args) => {
            let counted = run_counting_tests(args)?;
            let total = tally.get_or_insert_with(TestTally::default);
            total.passed += counted.passed;
            total.failed += counted.failed;
            total.skipped += counted.skipped;
            Ok(())
        }
        Action::TrunkBuild => trunk_build(toolchain),
        Action::SizeBudget => {
            let sizes = crate::sizes::measure(&crate::dist_dir())?;
            print!("{}", crate::sizes::report(&sizes));
            println!("{}", crate::sizes::check_budget(&sizes)?);
            Ok(())
        }
        Action::Book => crate::book::build_book(toolchain, &crate::book::book_dir()).map(drop),
        Action::ConformanceBuild(release) => crate::conformance::build(release),
    }
}

/// Runs `cargo ARGS`, echoing its standard output line by line while adding
/// up the libtest summaries in it.
fn run_counting_tests(args: &[&str]) -> Result<TestTally> {
    let mut command = process::cargo();
    command
        .current_dir(workspace_root())
        .args(args)
        .stdout(Stdio::piped());
    let line = process::display(&command);
    println!("$ {line}");
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start `{line}`"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut tally = TestTally::default();
    for output_line in BufReader::new(stdout).lines() {
        let output_line = output_line.context("could not read the test output")?;
        println!("{output_line}");
        tally.add_line(&output_line);
    }
    let status = child.wait().context("could not wait for cargo")?;
    if !status.success() {
        bail!(
            "`{line}` failed ({status}): {} passed, {} failed",
            tally.passed,
            tally.failed
        );
    }
    Ok(tally)
}

fn print_summary(finished: &[(&str, Duration)]) {
    if finished.is_empty() {
        return;
    }
    let width = finished
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    println!("\nsteps:");
    for (name, took) in finished {
        println!("  {name:<width$}  {:>8}", seconds(*took));
    }
    let total: Duration = finished.iter().map(|(_, took)| *took).sum();
    println!("  {:<width$}  {:>8}", "total", seconds(total));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_adds_up_libtest_summaries() {
        let mut tally = TestTally::default();
        assert!(tally.add_line(
            "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
        ));
        assert!(tally.add_line(
            "test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.20s"
        ));
        assert!(!tally.add_line("test server::tests::prefix ... ok"));
        assert_eq!(
            tally,
            TestTally {
                passed: 4,
                failed: 2,
                skipped: 1
            }
        );
    }

    #[test]
    fn step_names_are_unique() {
        let mut names: Vec<&str> = TEST_STEPS.iter().map(|step| step.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TEST_STEPS.len());
    }
}
