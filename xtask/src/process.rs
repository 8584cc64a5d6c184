//! Running child commands: echoed before they run, checked after.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The `cargo` that started us, so nested builds use the same toolchain.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
}

/// Prints the command line, runs it with inherited stdio and fails unless it
/// exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let line = display(command);
    println!("$ {line}");
    let status = command
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Like [`run`], but with the command's output (stdout and stderr) written
/// to `log`; when it fails, the log's last 30 lines are printed.
pub fn run_logged(command: &mut Command, log: &Path) -> Result<()> {
    let line = display(command);
    let file = std::fs::File::create(log)
        .with_context(|| format!("could not create {}", log.display()))?;
    let errors = file
        .try_clone()
        .with_context(|| format!("could not open {} twice", log.display()))?;
    let status = command
        .stdout(file)
        .stderr(errors)
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        bail!(
            "`{line}` failed ({status}); the end of {}:\n{tail}",
            log.display()
        );
    }
    Ok(())
}

/// Runs the command quietly and returns its output, or `None` when it could
/// not be started at all (the program is missing).
pub fn output(command: &mut Command) -> Option<Output> {
    command.output().ok()
}

/// A command line as a shell user would type it, for messages: the program
/// by its name (`cargo`, not the toolchain path), then its arguments.
pub fn display(command: &Command) -> String {
    let program = command.get_program();
    let name = Path::new(program).file_name().unwrap_or(program);
    let words = std::iter::once(name)
        .chain(command.get_args())
        .map(OsStr::to_string_lossy);
    words.collect::<Vec<_>>().join(" ")
}

/// Runs `work`, returning its result and how long it took.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

/// A duration in seconds with one decimal, as every report prints it.
pub fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}
