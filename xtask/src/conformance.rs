//! `cargo xtask conformance`: the model's verdicts against real Tokio.
//!
//! `conformance/` holds one small program per Tokio release (each its own
//! workspace, all built from the shared `conformance/src/cases.rs`). Each
//! program drives one casebook shape (PROTOCOL.md, section 15.4) through
//! Tokio's public API and classifies the run into one outcome, printed as
//! its last line, `OUTCOME: <words>`.
//!
//! This task builds the programs (with `--cfg tokio_unstable --cfg
//! tokio_taskdump`, into `target/conformance` so the main build keeps its
//! flags), runs every selected (case, release) pair N times as a child
//! process with a wall-clock limit, and compares what it saw with the
//! model's predictions (`conformance/predictions.json`). It records the
//! tallies in `conformance/observed.json` and writes `docs/conformance.md`.
//!
//! A prediction lists the outcomes the model says *can* happen; a row
//! agrees when every observed outcome is one of them, or is `dump returned
//! and complete`, which real interleavings can always produce.

use crate::process::{self, seconds};
use crate::workspace_root;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The line `cargo xtask help` shows for this task.
pub const HELP: &str = "\
  conformance [--runs N] [--release X] [--case C] [--limit-secs S] [--total-secs T]
          build the conformance programs against real Tokio releases, run
          each case N times (default 5) and compare with the model's
          predictions; writes docs/conformance.md; not part of test";

/// The Tokio releases the conformance programs pin, each with the model's
/// preset that stands for it (PROTOCOL.md, section 14).
pub const RELEASES: &[(&str, &str)] = &[
    ("1.29.1", "tokio-1.29"),
    ("1.32.1", "tokio-1.29"),
    ("1.34.0", "tokio-1.33"),
    ("1.35.1", "tokio"),
    ("1.48.0", "tokio"),
    ("1.51.0", "tokio-1.51-lifo"),
    ("1.53.1", "tokio"),
    ("1.54.1", "tokio-1.54"),
];

/// The release `cargo xtask test` builds one program against.
pub const TEST_RELEASE: &str = "1.54.1";

/// The cases every program drives (`conformance/src/cases.rs`, `CASES`).
pub const CASES: &[&str] = &[
    "wedged-loop",
    "wedged-loop-yield",
    "idle-dump-spawn",
    "idle-dump-spawn-1w",
    "timer-loop",
    "complete-during-trace",
    "wake-self-during-trace",
    "dump-during-drop",
];

/// The outcome that real interleavings can always produce.
pub const COMPLETE: &str = "dump returned and complete";

/// The fixed outcome words a program prints (besides `dump returned, task
/// N missing`, which names a task).
pub const OUTCOMES: &[&str] = &[
    COMPLETE,
    "dump lists a task as running",
    "panic is_notified",
    "deadlock",
    "spawned task never ran",
    "runtime drop never finished",
];

/// The flags every conformance build uses: Tokio's task dumps need both.
pub const RUSTFLAGS: &str = "--cfg tokio_unstable --cfg tokio_taskdump";

/// The preset that stands for `release`, if the harness knows the release.
pub fn preset_for(release: &str) -> Option<&'static str> {
    RELEASES
        .iter()
        .find(|(known, _)| *known == release)
        .map(|(_, preset)| *preset)
}

/// Whether `words` is an outcome a program can print.
pub fn is_outcome(words: &str) -> bool {
    if OUTCOMES.contains(&words) {
        return true;
    }
    words
        .strip_prefix("dump returned, task ")
        .and_then(|rest| rest.strip_suffix(" missing"))
        .is_some_and(|name| !name.is_empty() && !name.contains(' '))
}

/// The folder of the conformance programs.
pub fn conformance_dir() -> PathBuf {
    workspace_root().join("conformance")
}

/// The manifest of the program for `release`.
pub fn manifest(release: &str) -> PathBuf {
    conformance_dir()
        .join(format!("tokio-{release}"))
        .join("Cargo.toml")
}

/// The target folder of the conformance builds.
pub fn target_dir() -> PathBuf {
    workspace_root().join("target").join("conformance")
}

/// The built program for `release`.
pub fn binary(release: &str) -> PathBuf {
    target_dir()
        .join("release")
        .join(format!("conformance-tokio-{}", release.replace('.', "-")))
}

/// Builds the program for `release` (release profile, task-dump flags,
/// `target/conformance`).
pub fn build(release: &str) -> Result<()> {
    let mut command = process::cargo();
    command
        .current_dir(workspace_root())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env("RUSTFLAGS", RUSTFLAGS)
        .env("CARGO_TARGET_DIR", target_dir())
        .arg("build")
        .arg("--release")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(manifest(release));
    process::run(&mut command)
}

// ------------------------------------------------------------------ options

/// What `cargo xtask conformance` runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Runs per (case, release).
    pub runs: u32,
    /// The releases to drive (all of [`RELEASES`] when none is given).
    pub releases: Vec<String>,
    /// The cases to drive (all of [`CASES`] when none is given).
    pub cases: Vec<String>,
    /// The wall-clock limit of one run; a child still running then is
    /// killed and the run counts as `deadlock`.
    pub limit: Duration,
    /// The limit of the whole command; runs not started by then are left
    /// out.
    pub total: Duration,
}

impl Options {
    /// Parses the options after `cargo xtask conformance`. `--release` and
    /// `--case` may repeat, or take a comma-separated list.
    pub fn parse(options: &[String]) -> Result<Options> {
        let mut parsed = Options {
            runs: 5,
            releases: Vec::new(),
            cases: Vec::new(),
            limit: Duration::from_secs(20),
            total: Duration::from_secs(25 * 60),
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
                "--runs" => {
                    let text = value()?;
                    parsed.runs = text
                        .parse()
                        .ok()
                        .filter(|runs| *runs > 0)
                        .with_context(|| format!("`{text}` is not a positive number of runs"))?;
                }
                "--release" => {
                    for release in value()?.split(',') {
                        if preset_for(release).is_none() {
                            bail!("unknown release `{release}` (known: {})", known_releases());
                        }
                        parsed.releases.push(release.to_owned());
                    }
                }
                "--case" => {
                    for case in value()?.split(',') {
                        if !CASES.contains(&case) {
                            bail!("unknown case `{case}` (known: {})", CASES.join(", "));
                        }
                        parsed.cases.push(case.to_owned());
                    }
                }
                "--limit-secs" => parsed.limit = Duration::from_secs(positive(&value()?)?),
                "--total-secs" => parsed.total = Duration::from_secs(positive(&value()?)?),
                _ => bail!("unknown option `{option}` for `conformance`\n\n{HELP}"),
            }
        }
        if parsed.releases.is_empty() {
            parsed.releases = RELEASES.iter().map(|(r, _)| (*r).to_owned()).collect();
        }
        if parsed.cases.is_empty() {
            parsed.cases = CASES.iter().map(|case| (*case).to_owned()).collect();
        }
        Ok(parsed)
    }

    /// The limit each program's own watchdog uses for one wait (a dump, a
    /// spawned task, a runtime drop): 3 s, or less when the run's limit is
    /// short, so the program reports before it is killed.
    pub fn watchdog_ms(&self) -> u64 {
        (self.limit.as_millis() as u64 / 3).clamp(500, 3000)
    }
}

fn positive(text: &str) -> Result<u64> {
    text.parse()
        .ok()
        .filter(|value| *value > 0)
        .with_context(|| format!("`{text}` is not a positive number of seconds"))
}

fn known_releases() -> String {
    RELEASES
        .iter()
        .map(|(release, _)| *release)
        .collect::<Vec<_>>()
        .join(", ")
}

// ------------------------------------------------------------ classification

/// How one child run ended, as the harness saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    /// Everything the child printed on stdout.
    pub stdout: String,
    /// Everything the child printed on stderr.
    pub stderr: String,
    /// The exit code, if the child exited with one.
    pub code: Option<i32>,
    /// Whether the harness killed the child at the run's limit.
    pub killed: bool,
}

/// The one outcome of a run: the program's own `OUTCOME:` line when it
/// printed one; otherwise a panic message naming `is_notified` on stderr;
/// otherwise `deadlock` when the harness had to kill it; otherwise a
/// description of the unexpected end (which never agrees).
pub fn classify(end: &RunEnd) -> String {
    let reported = end
        .stdout
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("OUTCOME: "));
    if let Some(words) = reported {
        return words.trim().to_owned();
    }
    if end.stderr.contains("is_notified") {
        return "panic is_notified".to_owned();
    }
    if end.killed {
        return "deadlock".to_owned();
    }
    match end.code {
        Some(code) => format!("no outcome (exit code {code})"),
        None => "no outcome (killed by a signal)".to_owned(),
    }
}

/// Every outcome a run saw: the ones its program noted along the way
/// (`NOTE: seen: <words>`, one per dump that went wrong) and its final one,
/// each once, in order.
pub fn seen(end: &RunEnd) -> Vec<String> {
    let mut outcomes: Vec<String> = Vec::new();
    let noted = end
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("NOTE: seen: "))
        .map(|words| words.trim().to_owned());
    for outcome in noted.chain(std::iter::once(classify(end))) {
        if !outcomes.contains(&outcome) {
            outcomes.push(outcome);
        }
    }
    outcomes
}

/// Whether the observed outcomes agree with a prediction: each one was
/// predicted, or is [`COMPLETE`].
pub fn agrees<'a>(observed: impl IntoIterator<Item = &'a str>, predicted: &[String]) -> bool {
    observed
        .into_iter()
        .all(|outcome| outcome == COMPLETE || predicted.iter().any(|p| p == outcome))
}

// -------------------------------------------------------------- predictions

/// One row of `conformance/predictions.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// The case's name.
    pub case: String,
    /// The model's preset.
    pub preset: String,
    /// The outcomes the model says can happen (besides [`COMPLETE`]).
    pub predicted: Vec<String>,
    /// Where the prediction comes from.
    pub note: String,
}

/// Reads predictions from the text of `conformance/predictions.json`.
pub fn parse_predictions(text: &str) -> Result<Vec<Prediction>> {
    let value = json::parse(text)?;
    let rows = value.as_array().context("predictions: not a list")?;
    let mut predictions = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let field = |name: &str| {
            row.get(name)
                .with_context(|| format!("predictions[{index}]: no `{name}`"))
        };
        let text_field = |name: &str| -> Result<String> {
            field(name)?
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("predictions[{index}].{name}: not a string"))
        };
        let predicted = field("predicted")?
            .as_array()
            .with_context(|| format!("predictions[{index}].predicted: not a list"))?
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .with_context(|| format!("predictions[{index}].predicted: not strings"))
            })
            .collect::<Result<Vec<_>>>()?;
        for outcome in &predicted {
            if !is_outcome(outcome) {
                bail!("predictions[{index}]: `{outcome}` is not an outcome");
            }
        }
        predictions.push(Prediction {
            case: text_field("case")?,
            preset: text_field("preset")?,
            predicted,
            note: text_field("note")?,
        });
    }
    Ok(predictions)
}

/// The prediction for `case` under `preset`.
pub fn prediction_for<'a>(
    predictions: &'a [Prediction],
    case: &str,
    preset: &str,
) -> Option<&'a Prediction> {
    predictions
        .iter()
        .find(|prediction| prediction.case == case && prediction.preset == preset)
}

// ----------------------------------------------------------------- observed

/// The tally of one (case, release) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The case's name.
    pub case: String,
    /// The Tokio release.
    pub release: String,
    /// The model's preset for the release.
    pub preset: String,
    /// The outcomes the model predicts.
    pub predicted: Vec<String>,
    /// How many runs there were.
    pub runs: u32,
    /// Each run's one outcome with its number of runs, most frequent
    /// first.
    pub observed: Vec<(String, u32)>,
    /// Each outcome seen at least once in a run (by any of its dumps) with
    /// its number of runs, most frequent first.
    pub seen: Vec<(String, u32)>,
    /// The day the runs were made (`YYYY-MM-DD`).
    pub date: String,
}

impl Row {
    /// Whether the row agrees with its prediction ([`agrees`]), counting
    /// every outcome seen, not only each run's final one.
    pub fn agrees(&self) -> bool {
        agrees(
            self.observed
                .iter()
                .chain(&self.seen)
                .map(|(outcome, _)| outcome.as_str()),
            &self.predicted,
        )
    }
}

/// Counts outcomes, most frequent first, ties by name.
pub fn tally<'a>(outcomes: impl IntoIterator<Item = &'a str>) -> Vec<(String, u32)> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for outcome in outcomes {
        *counts.entry(outcome).or_default() += 1;
    }
    let mut sorted: Vec<(String, u32)> = counts
        .into_iter()
        .map(|(outcome, count)| (outcome.to_owned(), count))
        .collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

/// `conformance/observed.json` as text.
pub fn observed_json(rows: &[Row]) -> String {
    let mut text = String::from("[\n");
    for (index, row) in rows.iter().enumerate() {
        let predicted: Vec<String> = row.predicted.iter().map(|p| json::quote(p)).collect();
        let counts = |list: &[(String, u32)]| -> String {
            list.iter()
                .map(|(outcome, count)| {
                    format!(
                        "{{ \"outcome\": {}, \"runs\": {count} }}",
                        json::quote(outcome)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        text.push_str(&format!(
            "  {{\n    \"case\": {},\n    \"release\": {},\n    \"preset\": {},\n    \
             \"predicted\": [{}],\n    \"runs\": {},\n    \"observed\": [{}],\n    \
             \"seen\": [{}],\n    \"agree\": {},\n    \"date\": {}\n  }}{}\n",
            json::quote(&row.case),
            json::quote(&row.release),
            json::quote(&row.preset),
            predicted.join(", "),
            row.runs,
            counts(&row.observed),
            counts(&row.seen),
            row.agrees(),
            json::quote(&row.date),
            if index + 1 < rows.len() { "," } else { "" }
        ));
    }
    text.push_str("]\n");
    text
}

/// Reads `conformance/observed.json`.
pub fn parse_observed(text: &str) -> Result<Vec<Row>> {
    let value = json::parse(text)?;
    let items = value.as_array().context("observed: not a list")?;
    let mut rows = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let text_field = |name: &str| -> Result<String> {
            item.get(name)
                .and_then(json::Value::as_str)
                .map(str::to_owned)
                .with_context(|| format!("observed[{index}].{name}: missing or not a string"))
        };
        let list = |name: &str| -> Result<&[json::Value]> {
            item.get(name)
                .and_then(json::Value::as_array)
                .with_context(|| format!("observed[{index}].{name}: missing or not a list"))
        };
        let predicted = list("predicted")?
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        let counts = |name: &str| -> Result<Vec<(String, u32)>> {
            let mut counts = Vec::new();
            for entry in list(name)? {
                let outcome = entry.get("outcome").and_then(json::Value::as_str);
                let runs = entry.get("runs").and_then(json::Value::as_u32);
                let (Some(outcome), Some(runs)) = (outcome, runs) else {
                    bail!("observed[{index}].{name}: needs `outcome` and `runs`");
                };
                counts.push((outcome.to_owned(), runs));
            }
            Ok(counts)
        };
        rows.push(Row {
            case: text_field("case")?,
            release: text_field("release")?,
            preset: text_field("preset")?,
            predicted,
            runs: item
                .get("runs")
                .and_then(json::Value::as_u32)
                .with_context(|| format!("observed[{index}].runs: not a number"))?,
            observed: counts("observed")?,
            seen: counts("seen")?,
            date: text_field("date")?,
        });
    }
    Ok(rows)
}

/// Puts `fresh` rows in place of the recorded rows of the same (case,
/// release), keeps the others, and orders them as [`CASES`] and
/// [`RELEASES`] are.
pub fn merge(recorded: Vec<Row>, fresh: Vec<Row>) -> Vec<Row> {
    let mut rows: Vec<Row> = recorded
        .into_iter()
        .filter(|old| {
            !fresh
                .iter()
                .any(|new| new.case == old.case && new.release == old.release)
        })
        .collect();
    rows.extend(fresh);
    let order = |row: &Row| {
        let case = CASES
            .iter()
            .position(|c| *c == row.case)
            .unwrap_or(usize::MAX);
        let release = RELEASES
            .iter()
            .position(|(r, _)| *r == row.release)
            .unwrap_or(usize::MAX);
        (case, release)
    };
    rows.sort_by_key(order);
    rows
}

/// The table as Markdown: case, release, preset, prediction, observed
/// ("k of N runs" per outcome) and agreement.
pub fn table(rows: &[Row]) -> String {
    let mut text = String::from(
        "| case | Tokio | preset | model predicts (can happen) | observed (each run's outcome) \
         | seen in any dump | verdict |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let predicted = if row.predicted.is_empty() {
            "nothing goes wrong".to_owned()
        } else {
            row.predicted.join("; ")
        };
        let observed: Vec<String> = row
            .observed
            .iter()
            .map(|(outcome, count)| format!("{outcome}: {count} of {}", row.runs))
            .collect();
        let seen: Vec<String> = row
            .seen
            .iter()
            .filter(|(outcome, _)| outcome != COMPLETE)
            .map(|(outcome, count)| format!("{outcome}: {count} of {}", row.runs))
            .collect();
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            row.case,
            row.release,
            row.preset,
            predicted,
            observed.join("; "),
            if seen.is_empty() {
                "-".to_owned()
            } else {
                seen.join("; ")
            },
            if row.agrees() {
                "agree"
            } else {
                "**disagree**"
            }
        ));
    }
    text
}

/// The marker after which `docs/conformance.md` is written by hand and kept
/// by every run of this task.
pub const NOTES_MARKER: &str =
    "<!-- Everything below this line is kept by cargo xtask conformance. -->";

/// The machine the runs were made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    /// `uname -a`.
    pub uname: String,
    /// The number of CPUs (`nproc`).
    pub cpus: String,
    /// `rustc --version`.
    pub rustc: String,
    /// When the page was written (UTC).
    pub date: String,
}

/// `docs/conformance.md`: the generated part, then `notes` (the text after
/// [`NOTES_MARKER`] in the previous page, if any).
pub fn page(rows: &[Row], machine: &Machine, notes: &str) -> String {
    let runs: u32 = rows.iter().map(|row| row.runs).sum();
    let disagreements = rows.iter().filter(|row| !row.agrees()).count();
    format!(
        "# Conformance: the model's verdicts against real Tokio\n\n\
         Generated by `cargo xtask conformance` (`xtask/src/conformance.rs`); edit only \
         below the marker at the end.\n\n\
         The programs in `conformance/` drive real Tokio releases, through the public \
         API only, into the shapes of the casebook (`../shared/PROTOCOL.md`, section \
         15.4), and classify every run into one outcome. The model's predictions \
         (`conformance/predictions.json`) list, per case and preset, the outcomes the \
         model says *can* happen; a row agrees when every observed outcome is one of \
         them or is `{COMPLETE}`, which real interleavings can always produce. A real \
         run samples a few interleavings, so \"not observed\" never refutes a \
         prediction; an observed outcome the model rules out does. The tallies are \
         recorded in `conformance/observed.json`.\n\n\
         ## Cases\n\n\
         | case | shape |\n|---|---|\n\
         | `wedged-loop` | PR 8370, casebook C: 2 workers, 8 tasks that yield and sleep, one \
         task that blocks its worker with `std::thread::sleep` for 1.2 s; dumps back to \
         back until two dumps after the wedge |\n\
         | `wedged-loop-yield` | casebook C as modelled: the same, but every task only \
         yields, by waking itself in its poll (no timers, no deferred wakes, so nothing \
         is scheduled into a LIFO slot) |\n\
         | `idle-dump-spawn` | issue 7478, casebook A: 2 workers, all parked; a dump, then \
         2 tasks spawned from outside, 3 rounds |\n\
         | `idle-dump-spawn-1w` | PR 8372, casebook B: the same with 1 worker |\n\
         | `timer-loop` | issue 6051, casebook E/J: 2 workers, a task sleeping 1-3 ms in \
         a loop; dumps in a loop for 1.5 s, each under a 1 s `timeout` |\n\
         | `complete-during-trace` | issue 6035, casebook D: a task that wakes itself and \
         stays pending except in a trace-mode poll, where it completes; 3 dumps |\n\
         | `wake-self-during-trace` | casebook G: a task idle except in a trace-mode poll, \
         where it wakes itself; 3 dumps |\n\
         | `dump-during-drop` | casebook H: 2 workers, one busy task; a dump requested \
         from another thread, then the runtime dropped 0-3 ms later; 5 runtimes |\n\n\
         Outcomes: `dump lists a task as running` is an entry with an empty trace (the \
         task was running on another worker during the walk: S1); `dump returned, task N \
         missing` is C1; `panic is_notified` is S7; `deadlock` is a dump that did not \
         return within the limit (S8, L1); `spawned task never ran` is L3; `runtime drop \
         never finished` is L4. `dump-during-drop` reports `{COMPLETE}` when every drop \
         finished. A run reports one outcome, the most severe it saw (a panic or a \
         limit ends it at once; otherwise running before missing before complete); \
         the column *seen in any dump* counts the runs in which any dump showed each \
         outcome, and the verdict counts both columns.\n\n\
         ## Results\n\n\
         {runs} runs, {rows} rows, {disagreements} disagreeing.\n\n\
         {table}\n\
         Machine: `{uname}`, {cpus} CPUs, `{rustc}`. Page written {date}; each row's \
         runs are dated in `conformance/observed.json`.\n\n\
         ## Rerun\n\n\
         ```sh\n\
         cargo xtask conformance                      # every case and release, 5 runs each\n\
         cargo xtask conformance --runs 3 --release 1.48.0 --case wedged-loop\n\
         cargo xtask conformance --limit-secs 10 --total-secs 900\n\
         ```\n\n\
         Linux x86_64 only (Tokio's task dumps). The programs build into \
         `target/conformance` with `RUSTFLAGS=\"{RUSTFLAGS}\"`. One program can be run \
         by hand: `target/conformance/release/conformance-tokio-1-48-0 wedged-loop` \
         (`list` prints the cases; `CONFORMANCE_SHOW_TRACES=1` prints each dump's \
         traces). A partial run replaces only the rows it ran.\n\n\
         {NOTES_MARKER}\n{notes}",
        rows = rows.len(),
        table = table(rows),
        uname = machine.uname,
        cpus = machine.cpus,
        rustc = machine.rustc,
        date = machine.date,
    )
}

/// The hand-written notes of a previous page: the text after
/// [`NOTES_MARKER`], or nothing.
pub fn kept_notes(previous: &str) -> &str {
    previous
        .split_once(NOTES_MARKER)
        .map(|(_, notes)| notes.trim_start_matches('\n'))
        .unwrap_or("")
}

// -------------------------------------------------------------------- runs

/// Runs one program once: `case` with the program's watchdog at
/// `watchdog_ms`, killed after `limit`.
fn run_once(release: &str, case: &str, watchdog_ms: u64, limit: Duration) -> Result<RunEnd> {
    let program = binary(release);
    let mut child = Command::new(&program)
        .arg(case)
        .arg("--limit-ms")
        .arg(watchdog_ms.to_string())
        .env("RUST_BACKTRACE", "0")
        .env_remove("CONFORMANCE_SHOW_TRACES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {}", program.display()))?;
    let stdout = reader(child.stdout.take().expect("stdout is piped"));
    let stderr = reader(child.stderr.take().expect("stderr is piped"));
    let started = Instant::now();
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait().context("could not wait for a run")? {
            break status;
        }
        if started.elapsed() >= limit {
            killed = true;
            let _ = child.kill();
            break child.wait().context("could not wait for a killed run")?;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ok(RunEnd {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        code: status.code(),
        killed,
    })
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn command_line(program: &str, args: &[&str]) -> String {
    process::output(Command::new(program).args(args))
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn machine() -> Machine {
    Machine {
        uname: command_line("uname", &["-a"]),
        cpus: command_line("nproc", &[]),
        rustc: command_line("rustc", &["--version"]),
        date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    }
}

/// Runs `cargo xtask conformance OPTIONS`.
pub fn run(options: &[String]) -> Result<()> {
    let options = Options::parse(options)?;
    let started = Instant::now();
    let predictions_path = conformance_dir().join("predictions.json");
    let predictions = parse_predictions(
        &std::fs::read_to_string(&predictions_path)
            .with_context(|| format!("could not read {}", predictions_path.display()))?,
    )
    .with_context(|| format!("in {}", predictions_path.display()))?;

    for release in &options.releases {
        build(release)?;
    }
    println!("builds done in {}", seconds(started.elapsed()));

    let day = command_line("date", &["-u", "+%Y-%m-%d"]);
    let mut fresh = Vec::new();
    'pairs: for case in &options.cases {
        for release in &options.releases {
            let preset = preset_for(release).expect("releases are checked when parsed");
            let predicted = prediction_for(&predictions, case, preset)
                .map(|prediction| prediction.predicted.clone())
                .with_context(|| format!("no prediction for {case} under {preset}"))?;
            let mut outcomes = Vec::new();
            let mut seen_outcomes = Vec::new();
            for index in 0..options.runs {
                if started.elapsed() >= options.total {
                    println!("total limit reached; stopping");
                    let runs = (&outcomes[..], &seen_outcomes[..]);
                    push_row(&mut fresh, (case, release, preset), &predicted, runs, &day);
                    break 'pairs;
                }
                let end = run_once(release, case, options.watchdog_ms(), options.limit)?;
                let outcome = classify(&end);
                seen_outcomes.extend(seen(&end));
                println!(
                    "{case} on {release} run {}/{}: {outcome}",
                    index + 1,
                    options.runs
                );
                outcomes.push(outcome);
            }
            let runs = (&outcomes[..], &seen_outcomes[..]);
            push_row(&mut fresh, (case, release, preset), &predicted, runs, &day);
        }
    }

    let observed_path = conformance_dir().join("observed.json");
    let recorded = match std::fs::read_to_string(&observed_path) {
        Ok(text) => {
            parse_observed(&text).with_context(|| format!("in {}", observed_path.display()))?
        }
        Err(_) => Vec::new(),
    };
    let fresh_table = table(&fresh);
    let rows = merge(recorded, fresh);
    std::fs::write(&observed_path, observed_json(&rows))
        .with_context(|| format!("could not write {}", observed_path.display()))?;
    let page_path = workspace_root().join("docs").join("conformance.md");
    let previous = std::fs::read_to_string(&page_path).unwrap_or_default();
    let text = page(&rows, &machine(), kept_notes(&previous));
    std::fs::write(&page_path, text)
        .with_context(|| format!("could not write {}", page_path.display()))?;
    println!("\n{fresh_table}");
    println!(
        "wrote {} and {} in {}",
        relative(&observed_path),
        relative(&page_path),
        seconds(started.elapsed())
    );
    Ok(())
}

/// Adds the row of one (case, release, preset) triple: `runs` holds each
/// run's outcome, and every run's seen outcomes ([`seen`]) one after another.
fn push_row(
    rows: &mut Vec<Row>,
    (case, release, preset): (&str, &str, &str),
    predicted: &[String],
    (outcomes, seen): (&[String], &[String]),
    day: &str,
) {
    if outcomes.is_empty() {
        return;
    }
    rows.push(Row {
        case: case.to_owned(),
        release: release.to_owned(),
        preset: preset.to_owned(),
        predicted: predicted.to_vec(),
        runs: outcomes.len() as u32,
        observed: tally(outcomes.iter().map(String::as_str)),
        seen: tally(seen.iter().map(String::as_str)),
        date: day.to_owned(),
    });
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

// --------------------------------------------------------------------- json

/// The little JSON the two data files need: a reader for objects, lists,
/// strings, numbers, booleans and null, and string quoting for the writer.
pub mod json {
    use anyhow::{bail, Context, Result};

    /// A parsed JSON value.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        /// `null`.
        Null,
        /// `true` or `false`.
        Bool(bool),
        /// A number.
        Number(f64),
        /// A string.
        String(String),
        /// A list.
        Array(Vec<Value>),
        /// An object, its fields in order.
        Object(Vec<(String, Value)>),
    }

    impl Value {
        /// The field `name` of an object.
        pub fn get(&self, name: &str) -> Option<&Value> {
            match self {
                Value::Object(fields) => fields
                    .iter()
                    .find(|(field, _)| field == name)
                    .map(|(_, value)| value),
                _ => None,
            }
        }

        /// The text of a string.
        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(text) => Some(text),
                _ => None,
            }
        }

        /// The items of a list.
        pub fn as_array(&self) -> Option<&[Value]> {
            match self {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }

        /// A whole, non-negative number that fits a `u32`.
        pub fn as_u32(&self) -> Option<u32> {
            match self {
                Value::Number(number)
                    if number.fract() == 0.0 && *number >= 0.0 && *number <= u32::MAX as f64 =>
                {
                    Some(*number as u32)
                }
                _ => None,
            }
        }
    }

    /// Parses a whole JSON document.
    pub fn parse(text: &str) -> Result<Value> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            at: 0,
        };
        let value = parser.value()?;
        parser.blank();
        if parser.at != parser.chars.len() {
            bail!("JSON: unexpected text at character {}", parser.at);
        }
        Ok(value)
    }

    /// `text` as a JSON string literal.
    pub fn quote(text: &str) -> String {
        let mut quoted = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\t' => quoted.push_str("\\t"),
                '\r' => quoted.push_str("\\r"),
                c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    }

    struct Parser {
        chars: Vec<char>,
        at: usize,
    }

    impl Parser {
        fn blank(&mut self) {
            while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
                self.at += 1;
            }
        }

        fn expect(&mut self, wanted: char) -> Result<()> {
            self.blank();
            match self.chars.get(self.at) {
                Some(c) if *c == wanted => {
                    self.at += 1;
                    Ok(())
                }
                _ => bail!("JSON: expected `{wanted}` at character {}", self.at),
            }
        }

        fn word(&mut self, word: &str, value: Value) -> Result<Value> {
            for wanted in word.chars() {
                if self.chars.get(self.at) != Some(&wanted) {
                    bail!("JSON: bad literal at character {}", self.at);
                }
                self.at += 1;
            }
            Ok(value)
        }

        fn value(&mut self) -> Result<Value> {
            self.blank();
            match self.chars.get(self.at).copied() {
                Some('{') => self.object(),
                Some('[') => self.array(),
                Some('"') => self.string().map(Value::String),
                Some('t') => self.word("true", Value::Bool(true)),
                Some('f') => self.word("false", Value::Bool(false)),
                Some('n') => self.word("null", Value::Null),
                Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
                _ => bail!("JSON: expected a value at character {}", self.at),
            }
        }

        fn object(&mut self) -> Result<Value> {
            self.expect('{')?;
            let mut fields = Vec::new();
            self.blank();
            if self.chars.get(self.at) == Some(&'}') {
                self.at += 1;
                return Ok(Value::Object(fields));
            }
            loop {
                self.blank();
                let name = self.string()?;
                self.expect(':')?;
                fields.push((name, self.value()?));
                self.blank();
                match self.chars.get(self.at) {
                    Some(',') => self.at += 1,
                    Some('}') => {
                        self.at += 1;
                        return Ok(Value::Object(fields));
                    }
                    _ => bail!("JSON: expected `,` or `}}` at character {}", self.at),
                }
            }
        }

        fn array(&mut self) -> Result<Value> {
            self.expect('[')?;
            let mut items = Vec::new();
            self.blank();
            if self.chars.get(self.at) == Some(&']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            loop {
                items.push(self.value()?);
                self.blank();
                match self.chars.get(self.at) {
                    Some(',') => self.at += 1,
                    Some(']') => {
                        self.at += 1;
                        return Ok(Value::Array(items));
                    }
                    _ => bail!("JSON: expected `,` or `]` at character {}", self.at),
                }
            }
        }

        fn string(&mut self) -> Result<String> {
            self.expect('"')?;
            let mut text = String::new();
            loop {
                let c = *self
                    .chars
                    .get(self.at)
                    .context("JSON: unterminated string")?;
                self.at += 1;
                match c {
                    '"' => return Ok(text),
                    '\\' => {
                        let escaped = *self
                            .chars
                            .get(self.at)
                            .context("JSON: unterminated escape")?;
                        self.at += 1;
                        match escaped {
                            'n' => text.push('\n'),
                            't' => text.push('\t'),
                            'r' => text.push('\r'),
                            'b' => text.push('\u{8}'),
                            'f' => text.push('\u{c}'),
                            'u' => {
                                let hex: String = self.chars.iter().skip(self.at).take(4).collect();
                                self.at += 4;
                                let code = u32::from_str_radix(&hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .context("JSON: bad \\u escape")?;
                                text.push(code);
                            }
                            other => text.push(other),
                        }
                    }
                    c => text.push(c),
                }
            }
        }

        fn number(&mut self) -> Result<Value> {
            let start = self.at;
            while self
                .chars
                .get(self.at)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            {
                self.at += 1;
            }
            let text: String = self.chars[start..self.at].iter().collect();
            text.parse()
                .map(Value::Number)
                .with_context(|| format!("JSON: bad number `{text}`"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    fn end(stdout: &str, stderr: &str, code: Option<i32>, killed: bool) -> RunEnd {
        RunEnd {
            stdout: stdout.to_owned(),
            stderr: stderr.to_owned(),
            code,
            killed,
        }
    }

    #[test]
    fn the_programs_own_outcome_line_wins() {
        let stdout =
            "TOKIO: 1.48.0\nNOTE: dump 1 took 250 ms\nOUTCOME: dump lists a task as running\n";
        assert_eq!(
            classify(&end(stdout, "", Some(11), false)),
            "dump lists a task as running"
        );
        // Even when the harness had to kill it after it reported.
        assert_eq!(
            classify(&end("OUTCOME: deadlock\n", "", None, true)),
            "deadlock"
        );
    }

    #[test]
    fn a_panic_on_stderr_or_a_kill_classifies_a_silent_run() {
        let stderr = "thread 'tokio-runtime-worker' panicked at state.rs:118:13:\n\
                      assertion failed: next.is_notified()\n";
        assert_eq!(
            classify(&end("CASE: timer-loop\n", stderr, Some(101), false)),
            "panic is_notified"
        );
        assert_eq!(classify(&end("", "", None, true)), "deadlock");
        assert_eq!(
            classify(&end("", "", Some(3), false)),
            "no outcome (exit code 3)"
        );
    }

    #[test]
    fn a_run_sees_its_noted_outcomes_and_its_final_one() {
        let stdout = "NOTE: seen: dump returned, task busy_task missing\n\
                      NOTE: seen: dump lists a task as running\n\
                      NOTE: seen: dump returned, task busy_task missing\n\
                      OUTCOME: dump lists a task as running\n";
        assert_eq!(
            seen(&end(stdout, "", Some(11), false)),
            strings(&[
                "dump returned, task busy_task missing",
                "dump lists a task as running"
            ])
        );
        assert_eq!(seen(&end("", "", None, true)), strings(&["deadlock"]));
    }

    #[test]
    fn a_row_disagrees_on_an_outcome_seen_before_the_final_one() {
        let mut quiet = row(
            "wedged-loop",
            "1.48.0",
            &["panic is_notified"],
            &[(COMPLETE, 3)],
        );
        assert!(quiet.agrees());
        quiet.seen.push(("deadlock".to_owned(), 1));
        assert!(!quiet.agrees());
    }

    #[test]
    fn agreement_allows_complete_and_predicted_outcomes_only() {
        let predicted = strings(&["panic is_notified"]);
        assert!(agrees([COMPLETE], &predicted));
        assert!(agrees(["panic is_notified", COMPLETE], &predicted));
        assert!(agrees([], &predicted));
        assert!(!agrees(["deadlock"], &predicted));
        assert!(!agrees(["panic is_notified", "deadlock"], &predicted));
        assert!(!agrees(["dump lists a task as running"], &[]));
    }

    #[test]
    fn outcome_words_are_checked() {
        assert!(is_outcome("deadlock"));
        assert!(is_outcome("dump returned, task sleeper_task missing"));
        assert!(!is_outcome("dump returned, task  missing"));
        assert!(!is_outcome("dead lock"));
    }

    #[test]
    fn each_release_has_the_preset_of_section_14() {
        assert_eq!(preset_for("1.29.1"), Some("tokio-1.29"));
        assert_eq!(preset_for("1.32.1"), Some("tokio-1.29"));
        assert_eq!(preset_for("1.34.0"), Some("tokio-1.33"));
        assert_eq!(preset_for("1.35.1"), Some("tokio"));
        assert_eq!(preset_for("1.51.0"), Some("tokio-1.51-lifo"));
        assert_eq!(preset_for("1.53.1"), Some("tokio"));
        assert_eq!(preset_for("1.54.1"), Some("tokio-1.54"));
        assert_eq!(preset_for("1.50.0"), None);
        assert!(manifest(TEST_RELEASE).is_file());
        for (release, _) in RELEASES {
            assert!(manifest(release).is_file(), "no program for {release}");
            assert!(conformance_dir()
                .join(format!("tokio-{release}"))
                .join("Cargo.lock")
                .is_file());
        }
        assert!(binary("1.48.0").ends_with("release/conformance-tokio-1-48-0"));
    }

    #[test]
    fn the_checked_in_predictions_cover_every_case_and_preset() {
        let text = std::fs::read_to_string(conformance_dir().join("predictions.json")).unwrap();
        let predictions = parse_predictions(&text).unwrap();
        for case in CASES {
            for (_, preset) in RELEASES {
                let prediction = prediction_for(&predictions, case, preset);
                assert!(prediction.is_some(), "no prediction for {case} / {preset}");
                assert!(!prediction.unwrap().note.is_empty());
            }
        }
        let wedged = prediction_for(&predictions, "wedged-loop", "tokio-1.29").unwrap();
        assert!(wedged.predicted.contains(&"panic is_notified".to_owned()));
        let idle = prediction_for(&predictions, "idle-dump-spawn", "tokio-1.54").unwrap();
        assert!(idle.predicted.is_empty());
    }

    #[test]
    fn predictions_reject_unknown_outcomes() {
        let text = r#"[{"case": "timer-loop", "preset": "tokio", "predicted": ["it broke"], "note": "x"}]"#;
        assert!(parse_predictions(text).is_err());
        let text = r#"[{"case": "timer-loop", "preset": "tokio", "predicted": [], "note": "x"}]"#;
        assert_eq!(
            parse_predictions(text).unwrap()[0].predicted,
            Vec::<String>::new()
        );
    }

    #[test]
    fn options_default_and_parse() {
        let options = Options::parse(&[]).unwrap();
        assert_eq!(options.runs, 5);
        assert_eq!(options.releases.len(), RELEASES.len());
        assert_eq!(options.cases.len(), CASES.len());
        let options = Options::parse(&strings(&[
            "--runs",
            "3",
            "--release=1.48.0,1.54.1",
            "--case",
            "timer-loop",
            "--limit-secs",
            "6",
        ]))
        .unwrap();
        assert_eq!(options.runs, 3);
        assert_eq!(options.releases, strings(&["1.48.0", "1.54.1"]));
        assert_eq!(options.cases, strings(&["timer-loop"]));
        assert_eq!(options.watchdog_ms(), 2000);
        assert!(Options::parse(&strings(&["--release", "1.50.0"])).is_err());
        assert!(Options::parse(&strings(&["--case", "nope"])).is_err());
        assert!(Options::parse(&strings(&["--runs", "0"])).is_err());
        assert!(Options::parse(&strings(&["--fast"])).is_err());
    }

    fn row(case: &str, release: &str, predicted: &[&str], observed: &[(&str, u32)]) -> Row {
        Row {
            case: case.to_owned(),
            release: release.to_owned(),
            preset: preset_for(release).unwrap().to_owned(),
            predicted: strings(predicted),
            runs: observed.iter().map(|(_, count)| count).sum(),
            observed: observed
                .iter()
                .map(|(outcome, count)| ((*outcome).to_owned(), *count))
                .collect(),
            seen: observed
                .iter()
                .map(|(outcome, count)| ((*outcome).to_owned(), *count))
                .collect(),
            date: "2026-05-01".to_owned(),
        }
    }

    #[test]
    fn tally_counts_most_frequent_first() {
        let outcomes = ["deadlock", COMPLETE, "deadlock", "panic is_notified"];
        assert_eq!(
            tally(outcomes),
            vec![
                ("deadlock".to_owned(), 2),
                (COMPLETE.to_owned(), 1),
                ("panic is_notified".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn the_table_says_k_of_n_and_the_verdict() {
        let rows = [
            row(
                "timer-loop",
                "1.29.1",
                &["panic is_notified"],
                &[("panic is_notified", 4), (COMPLETE, 1)],
            ),
            row(
                "idle-dump-spawn",
                "1.54.1",
                &[],
                &[("spawned task never ran", 1)],
            ),
        ];
        let text = table(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[2],
            "| timer-loop | 1.29.1 | tokio-1.29 | panic is_notified | panic is_notified: 4 of 5; \
             dump returned and complete: 1 of 5 | panic is_notified: 4 of 5 | agree |"
        );
        assert!(lines[3].contains("nothing goes wrong"));
        assert!(lines[3].ends_with("| **disagree** |"));
    }

    #[test]
    fn observed_rows_survive_a_round_trip_and_merge_by_pair() {
        let rows = vec![
            row(
                "wedged-loop",
                "1.54.1",
                &["dump returned, task wedged_task missing"],
                &[
                    ("dump returned, task wedged_task missing", 2),
                    (COMPLETE, 1),
                ],
            ),
            row(
                "timer-loop",
                "1.29.1",
                &["panic is_notified"],
                &[("panic is_notified", 3)],
            ),
        ];
        let text = observed_json(&rows);
        assert_eq!(parse_observed(&text).unwrap(), rows);

        let newer = row(
            "timer-loop",
            "1.29.1",
            &["panic is_notified"],
            &[(COMPLETE, 5)],
        );
        let merged = merge(rows, vec![newer.clone()]);
        assert_eq!(merged.len(), 2);
        // CASES order: wedged-loop before timer-loop.
        assert_eq!(merged[0].case, "wedged-loop");
        assert_eq!(merged[1], newer);
    }

    #[test]
    fn the_page_keeps_the_notes_below_the_marker() {
        let machine = Machine {
            uname: "Linux box 6.1 x86_64".to_owned(),
            cpus: "2".to_owned(),
            rustc: "rustc 1.95.0".to_owned(),
            date: "2026-05-01 10:00 UTC".to_owned(),
        };
        let rows = [row(
            "timer-loop",
            "1.29.1",
            &["panic is_notified"],
            &[("deadlock", 1)],
        )];
        let first = page(&rows, &machine, "");
        assert!(first.contains("1 runs, 1 rows, 1 disagreeing."));
        assert!(first.contains("`Linux box 6.1 x86_64`, 2 CPUs"));
        let edited = format!("{first}## Findings\n\nWritten by hand.\n");
        let second = page(&rows, &machine, kept_notes(&edited));
        assert!(second.ends_with("## Findings\n\nWritten by hand.\n"));
        assert_eq!(second.matches(NOTES_MARKER).count(), 1);
        assert_eq!(kept_notes("no marker here"), "");
    }

    #[test]
    fn json_reads_what_it_writes() {
        let value = json::parse(r#" {"a": [1, 2.5, true, null], "b": "q\"\\\nx\u00e9"} "#).unwrap();
        assert_eq!(value.get("a").unwrap().as_array().unwrap().len(), 3 + 1);
        assert_eq!(value.get("b").unwrap().as_str(), Some("q\"\\\nxé"));
        let quoted = json::quote("a \"b\"\n\\");
        assert_eq!(json::parse(&quoted).unwrap().as_str(), Some("a \"b\"\n\\"));
        assert!(json::parse("[1,]").is_err());
        assert!(json::parse("{} x").is_err());
    }
}
