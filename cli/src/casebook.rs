//! `rendezvous casebook`: every case of the casebook checked, one row each
//! (PROTOCOL.md section 15.4). The core checks; this file reads the file,
//! times each case (the core has no clock) and prints the table.

use crate::args::CasebookOptions;
use crate::Failure;
use rendezvous_core::casebook::{self, Case, CaseResult};
use rendezvous_core::Property;
use std::io::Write;
use std::time::Instant;

/// One row as `--json` prints it: the result and how long it took.
#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    result: &'a CaseResult,
    seconds: f64,
    passed: bool,
}

/// Checks every selected case and prints the table; fails when a case does.
pub fn casebook(options: &CasebookOptions, out: &mut impl Write) -> Result<(), Failure> {
    let cases = match &options.file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                Failure::Input(format!("cannot read {}: {error}", path.display()))
            })?;
            casebook::from_json(&text)
                .map_err(|error| Failure::Input(format!("{}: {error}", path.display())))?
        }
        None => casebook::builtin(),
    };
    if cases.is_empty() {
        let file = options
            .file
            .as_ref()
            .map_or_else(String::new, |path| format!("{}: ", path.display()));
        return Err(Failure::Input(format!("{file}the casebook has no case")));
    }
    let cases: Vec<Case> = cases
        .into_iter()
        .filter(|case| {
            options.filter.as_ref().is_none_or(|text| {
                case.scenario.contains(text.as_str()) || case.preset.name().contains(text.as_str())
            })
        })
        .collect();
    if cases.is_empty() {
        let filter = options.filter.as_deref().unwrap_or_default();
        return Err(Failure::Input(format!(
            "no case matches --case `{filter}` (it is looked for in each case's scenario \
             and preset names)"
        )));
    }
    if !options.json {
        writeln!(
            out,
            "{:<34} {:<17} {:<7} {:<26} {:<26} {:>9} {:>8}  verdict",
            "references", "scenario / preset", "timing", "expected", "found", "states", "time"
        )?;
    }
    let mut rows = Vec::new();
    let mut failed = 0;
    let mut unconfirmed = 0;
    for case in &cases {
        let started = Instant::now();
        // The table shows verdicts, not counterexamples: no minimisation.
        let config = rendezvous_core::checker::CheckConfig {
            minimise: false,
            ..Default::default()
        };
        let result = casebook::check_case_with(case, config).map_err(Failure::Input)?;
        let seconds = started.elapsed().as_secs_f64();
        let passed = result.passed();
        if !passed {
            failed += 1;
        }
        if !result.readings_not_confirmed.is_empty() {
            unconfirmed += 1;
        }
        if !options.json {
            print_row(&result, seconds, out)?;
            out.flush()?;
        }
        rows.push((result, seconds, passed));
    }
    if options.json {
        let list: Vec<Row> = rows
            .iter()
            .map(|(result, seconds, passed)| Row {
                result,
                seconds: *seconds,
                passed: *passed,
            })
            .collect();
        let text = serde_json::to_string_pretty(&list)
            .map_err(|error| Failure::Input(format!("cannot encode the results: {error}")))?;
        writeln!(out, "{text}")?;
    } else {
        writeln!(
            out,
            "\n{} passed, {failed} failed ({} with a reading not confirmed)",
            cases.len() - failed,
            unconfirmed
        )?;
    }
    if failed > 0 {
        return Err(Failure::Broken(None));
    }
    Ok(())
}

fn codes(list: &[Property]) -> String {
    if list.is_empty() {
        "-".to_owned()
    } else {
        list.iter().map(|p| p.code()).collect::<Vec<_>>().join(" ")
    }
}

fn print_row(result: &CaseResult, seconds: f64, out: &mut impl Write) -> std::io::Result<()> {
    let case = &result.case;
    let workers = case
        .workers
        .map(|workers| format!(" w{workers}"))
        .unwrap_or_default();
    let verdict = if !result.complete {
        "INCOMPLETE (bound reached)".to_owned()
    } else if !result.mismatches.is_empty() {
        format!("FAIL: {}", codes(&result.mismatches))
    } else if !result.readings_not_confirmed.is_empty() {
        format!(
            "ok; reading not confirmed: {}",
            codes(&result.readings_not_confirmed)
        )
    } else {
        "ok".to_owned()
    };
    writeln!(
        out,
        "{:<34} {:<17} {:<7} {:<26} {:<26} {:>9} {:>7.2}s  {verdict}",
        case.references.join(" "),
        format!("{}{workers}", case.scenario),
        case.timing.name(),
        codes(&case.breaks),
        codes(&result.found),
        result.states,
        seconds,
    )?;
    writeln!(out, "{:<34} {:<17}", "", case.preset.name())
}
