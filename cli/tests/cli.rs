//! The `rendezvous` binary, run as a user would: output, exit codes and
//! one-line refusals.

use std::path::PathBuf;
use std::process::{Command, Output};

fn rendezvous(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rendezvous"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `args`, expects success, returns stdout.
fn check_ok(args: &[&str]) -> String {
    let output = rendezvous(args);
    assert!(
        output.status.success(),
        "`rendezvous {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Runs `args`, expects a refusal: exit code 2, nothing on stdout, and one
/// `error: ...` line on stderr containing `expected`.
fn check_refused(args: &[&str], expected: &str) {
    let output = rendezvous(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "`rendezvous {}` should be refused; stderr: {stderr}",
        args.join(" ")
    );
    assert!(
        output.stdout.is_empty(),
        "a refusal prints nothing on stdout"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains(expected),
        "`rendezvous {}` said `{}`, expected `{expected}`",
        args.join(" "),
        stderr.trim_end()
    );
}

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("rendezvous-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temp file written");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn help_is_printed_without_arguments() {
    let text = check_ok(&[]);
    assert!(text.contains("rendezvous run"));
    assert_eq!(check_ok(&["--help"]), text);
}

#[test]
fn scenarios_lists_every_builtin_and_variant() {
    let text = check_ok(&["scenarios"]);
    for name in rendezvous_core::scenario::builtin_names() {
        let scenario = rendezvous_core::Scenario::builtin(name, None).expect("built-in");
        let line = text
            .lines()
            .find(|line| line.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} is not listed"));
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns[1], scenario.workers.to_string());
        assert_eq!(columns[2], scenario.variant.name());
        assert!(line.ends_with(&scenario.title));
    }
    for variant in rendezvous_core::Variant::ALL {
        assert!(text.contains(variant.summary()), "{variant} has no summary");
    }
}

#[test]
fn run_narrates_each_step_and_summarises() {
    let text = check_ok(&["run", "--scenario", "quiet-runtime"]);
    let first = text.lines().next().expect("a first line");
    assert_eq!(
        first,
        "   1 r0          Cas -> Take  R0 swaps trace_requested from false to true: it won."
    );
    assert!(text.contains("\nstatus: finished"));
    assert!(text.contains("\nschedule: r0 r0 r0 w0 w1 w2 "));
    for property in ["S1", "S2", "S3", "S4", "S5"] {
        let line = text
            .lines()
            .find(|line| line.trim_start().starts_with(property))
            .unwrap_or_else(|| panic!("no line for {property}"));
        assert!(line.ends_with(": held"), "{line}");
    }
}

#[test]
fn run_reports_where_a_property_broke() {
    let text = check_ok(&["run", "--scenario", "wedged-worker"]);
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("S1 exclusive tracing"))
        .expect("an S1 line");
    assert!(line.contains("broken at step "), "{line}");
    assert!(text.contains("RUNNING on W1"), "the corrupt dump is shown");
    let fixed = check_ok(&["run", "--scenario", "wedged-worker", "--variant", "fixed"]);
    assert!(fixed.contains("S1 exclusive tracing: held"));
}

#[test]
fn run_replays_a_schedule() {
    let text = check_ok(&[
        "run",
        "--scenario",
        "quiet-runtime",
        "--schedule",
        "r0,r0+r0 w1",
    ]);
    let steps: Vec<&str> = text.lines().take_while(|line| !line.is_empty()).collect();
    assert_eq!(steps.len(), 4);
    assert!(steps[3].starts_with("   4 w1          Parked -> ParkMaintenance"));
    assert!(text.contains("status: running: the schedule ended"));
    assert!(text.contains("schedule: r0 r0 r0 w1\n"));
}

#[test]
fn seeded_runs_repeat_and_limits_stop_runs() {
    let args = ["run", "--scenario", "two-requesters", "--seed", "42"];
    assert_eq!(check_ok(&args), check_ok(&args));
    let text = check_ok(&["run", "--scenario", "busy-workers", "--max-steps", "5"]);
    assert!(text.contains("status: step limit: stopped after 5 steps"));
}

#[test]
fn json_output_is_an_importable_trace() {
    let text = check_ok(&["run", "--scenario", "early-result", "--json"]);
    let run = rendezvous_core::trace_format::import(&text).expect("the output imports");
    assert_eq!(run.model().scenario().name, "early-result");
    assert_eq!(run.cursor(), run.len());
}

#[test]
fn scenario_files_load_and_bad_ones_name_the_field() {
    let scenario = rendezvous_core::Scenario::builtin("wedged-worker", None).expect("built-in");
    let json = serde_json::to_string(&scenario).expect("serialises");
    let file = TempFile::new("wedged.json", &json);
    let from_file = check_ok(&["run", "--scenario-file", file.path()]);
    let builtin = check_ok(&["run", "--scenario", "wedged-worker"]);
    assert_eq!(from_file, builtin);

    let bad = TempFile::new("bad.json", &json.replace("\"workers\":2", "\"workers\":9"));
    check_refused(
        &["run", "--scenario-file", bad.path()],
        "workers: must be from 1 to 8, got 9",
    );
    let broken = TempFile::new("broken.json", "{ \"name\": ");
    check_refused(&["run", "--scenario-file", broken.path()], "scenario JSON");
    check_refused(
        &["run", "--scenario-file", "/nonexistent/scenario.json"],
        "cannot read /nonexistent/scenario.json",
    );
}

#[test]
fn bad_input_is_refused_in_one_line() {
    check_refused(&["frobnicate"], "unknown command `frobnicate`");
    check_refused(&["run"], "needs --scenario NAME or --scenario-file PATH");
    check_refused(&["run", "--scenario", "nope"], "unknown scenario `nope`");
    check_refused(
        &["run", "--scenario", "quiet-runtime", "--workers", "9"],
        "workers",
    );
    check_refused(
        &["run", "--scenario", "quiet-runtime", "--variant", "x"],
        "unknown variant `x`",
    );
    check_refused(
        &["run", "--scenario", "quiet-runtime", "--schedule", "r0 x1"],
        "schedule token 2 `x1`",
    );
    check_refused(
        &["run", "--scenario", "quiet-runtime", "--schedule", "w0"],
        "step 1 `w0` is not possible now",
    );
    check_refused(
        &["run", "--scenario", "quiet-runtime", "--max-steps", "-1"],
        "--max-steps",
    );
    check_refused(&["check"], "needs --scenario NAME or --scenario-file PATH");
    check_refused(
        &["check", "--scenario", "quiet-runtime", "--threads", "0"],
        "--threads must be at least 1",
    );
    check_refused(
        &[
            "check",
            "--scenario",
            "quiet-runtime",
            "--reduction",
            "maybe",
        ],
        "--reduction: `maybe` is not on or off",
    );
}

/// Runs `check` with `args`, expects exit code 1 (a property breaks), and
/// returns stdout without its timing line.
fn check_broken(args: &[&str]) -> String {
    let output = rendezvous(args);
    assert_eq!(output.status.code(), Some(1), "{}", args.join(" "));
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .filter(|line| !line.starts_with("time "))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn check_reports_both_lengths_memory_and_the_same_on_every_thread_count() {
    let args = |threads: &'static str| {
        [
            "check",
            "--scenario",
            "issue6035-complete-during-trace",
            "--workers",
            "2",
            "--variant",
            "tokio-1.29",
            "--threads",
            threads,
        ]
    };
    let one = check_broken(&args("1"));
    // S6: the reduced search took 7 steps, the shortest run takes 6.
    assert!(
        one.contains("(6 steps; the reduced search's took 7)"),
        "{one}"
    );
    assert!(one.contains("bytes/state"), "{one}");
    assert!(one.contains("shortest counterexamples: a search without the reduction to depth"));
    assert_eq!(check_broken(&args("2")), one);
    assert_eq!(check_broken(&args("3")), one);
    let off = check_broken(&[
        "check",
        "--scenario",
        "issue6035-complete-during-trace",
        "--variant",
        "tokio-1.29",
        "--reduction",
        "off",
    ]);
    assert!(!off.contains("reduced search"), "{off}");
    assert!(!off.contains("partial-order reduction"), "{off}");

    let mut json_args = args("2").to_vec();
    json_args.push("--json");
    let output = rendezvous(&json_args);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["threads"], 2);
    assert!(report["bytes_per_state"].as_f64().expect("a number") > 16.0);
    assert!(report["memory"]["visited"].as_u64().expect("bytes") > 0);
    assert!(report["minimisation"]["states"].as_u64().expect("states") > 0);
    let s6 = report["verdicts"]
        .as_array()
        .expect("verdicts")
        .iter()
        .find(|verdict| verdict["property"] == "S6")
        .expect("S6");
    assert_eq!(s6["steps"], 6);
    assert_eq!(s6["reduced_steps"], 7);
    assert_eq!(s6["minimal"], true);
}

#[test]
fn casebook_checks_a_file_and_exits_by_its_verdicts() {
    let good = TempFile::new(
        "cases.json",
        r#"[{"scenario": "pr8372-spawn-after-dump", "preset": "tokio",
            "breaks": ["S6", "L3", "deadlock"], "references": ["tokio-rs/tokio#8372"]},
           {"scenario": "pr8372-spawn-after-dump", "preset": "tokio-1.54",
            "breaks": [], "references": ["tokio-rs/tokio#8372"]}]"#,
    );
    let table = check_ok(&["casebook", "--file", good.path()]);
    assert!(table.contains("2 passed, 0 failed"), "{table}");
    assert!(table.contains("pr8372-spawn-after-dump"), "{table}");

    // A case that expects the wrong thing fails, naming the property.
    let wrong = TempFile::new(
        "wrong.json",
        r#"[{"scenario": "pr8372-spawn-after-dump", "preset": "tokio-1.54",
            "breaks": ["S6"], "references": ["tokio-rs/tokio#8372"]}]"#,
    );
    let output = rendezvous(&["casebook", "--file", wrong.path()]);
    assert_eq!(output.status.code(), Some(1));
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("FAIL: S6"), "{table}");

    // A file that is not a casebook is refused with the field named.
    let bad = TempFile::new(
        "bad.json",
        r#"[{"scenario": "nope", "preset": "tokio", "breaks": [], "references": ["a/b#1"]}]"#,
    );
    check_refused(
        &["casebook", "--file", bad.path()],
        "unknown scenario `nope`",
    );

    // An empty casebook, and a filter no case matches, say so.
    let empty = TempFile::new("empty.json", "[]");
    check_refused(
        &["casebook", "--file", empty.path()],
        "the casebook has no case",
    );
    check_refused(
        &["casebook", "--file", good.path(), "--case", "no-such-case"],
        "no case matches --case `no-such-case`",
    );

    // --json lists every case with its result.
    let json = check_ok(&["casebook", "--file", good.path(), "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    assert_eq!(rows[0]["passed"], true);
}

#[test]
fn a_bound_that_stops_a_check_is_named_whether_or_not_a_property_broke() {
    // quiet-runtime under tokio breaks S6 within its first 100 states.
    let output = rendezvous(&[
        "check",
        "--scenario",
        "quiet-runtime",
        "--max-states",
        "100",
    ]);
    assert_eq!(output.status.code(), Some(1), "a broken property decides");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("BROKEN"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("note: the search stopped at --max-states 100"),
        "{stderr}"
    );
    // Nothing broken yet: the report, then the bound as the error.
    let output = rendezvous(&["check", "--scenario", "quiet-runtime", "--max-states", "1"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: the search stopped at --max-states 1"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("(incomplete)"));
}

#[test]
fn a_trace_file_given_as_a_scenario_file_is_named() {
    let trace = check_ok(&[
        "run",
        "--scenario",
        "wedged-worker",
        "--max-steps",
        "3",
        "--json",
    ]);
    let file = TempFile::new("trace.json", &trace);
    check_refused(
        &["run", "--scenario-file", file.path()],
        "this is a trace file (`rendezvous-trace`), not a scenario file",
    );
    assert_eq!(
        check_ok(&["--version"]),
        format!("rendezvous {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_refused_step_says_what_it_lacks() {
    check_refused(
        &["run", "--scenario", "wedged-worker", "--schedule", "w9"],
        "step 1 `w9` is not possible now: W9 is not in the scenario",
    );
    check_refused(
        &[
            "run",
            "--scenario",
            "quiet-runtime",
            "--schedule",
            "w0:wake",
        ],
        "; a worker is woken from outside only with --activity active",
    );
    check_refused(
        &[
            "run",
            "--scenario",
            "wedged-worker",
            "--schedule",
            "r0:cancel",
        ],
        "; a requester gives up only with --cancel on",
    );
}
