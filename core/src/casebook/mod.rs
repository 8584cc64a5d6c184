//! The casebook: every public task-dump defect of Tokio as checkable rows
//! (PROTOCOL.md section 15.1, "Casebook cases", and 15.4).
//!
//! A [`Case`] names a scenario and checks it under one preset and one set
//! of assumptions, stating which properties must break. [`check_case`] runs
//! the exhaustive checker and compares; [`builtin`] is the built-in
//! casebook, written from section 15.4 with the caveats of 15.3 applied,
//! and a casebook file written by hand ([`from_json`]) is checked the same
//! way. The wall clock is the caller's: this module only counts states.

use crate::checker::{check, CheckConfig, Outcome, Report};
use crate::property::Property;
use crate::scenario::{resized, Scenario};
use crate::variant::{Activity, Assumptions, Cancel, Timing, Variant};
use serde::{Deserialize, Serialize};

mod builtin;

pub use builtin::builtin;

/// One row of expected results (section 15.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The built-in scenario the case checks.
    pub scenario: String,
    /// The preset (or what-if) checked; it replaces the file's `variant`.
    pub preset: Variant,
    /// N, when it differs from the file's `workers` (1 to 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<usize>,
    /// Every caller's `repeat`, when it differs from the file (1 to 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<usize>,
    /// The timing assumption.
    #[serde(default)]
    pub timing: Timing,
    /// The activity assumption.
    #[serde(default)]
    pub activity: Activity,
    /// The cancellation assumption.
    #[serde(default)]
    pub cancel: Cancel,
    /// The properties that must break.
    pub breaks: Vec<Property>,
    /// Properties the case neither requires nor forbids to break.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unjudged: Vec<Property>,
    /// Verdicts that rest on reading Tokio's code; a mismatch on one is
    /// reported apart, as a reading the checker did not confirm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reading: Vec<Property>,
    /// The public reports: `owner/repo#number` or `owner/repo@commit`.
    pub references: Vec<String>,
    /// One or two sentences for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Case {
    /// The scenario the case checks, resized and repeated as it says.
    /// Errors: an unknown scenario, or a `workers` or `repeat` out of range,
    /// named by field.
    pub fn scenario(&self) -> Result<Scenario, String> {
        let mut scenario =
            Scenario::builtin(&self.scenario, None).map_err(|e| format!("scenario: {e}"))?;
        if let Some(workers) = self.workers {
            if !(1..=crate::scenario::MAX_WORKERS).contains(&workers) {
                return Err(format!("workers: must be from 1 to 8, got {workers}"));
            }
            scenario = resized(scenario, workers);
        }
        if let Some(repeat) = self.repeat {
            if !(1..=3).contains(&repeat) {
                return Err(format!("repeat: must be from 1 to 3, got {repeat}"));
            }
            for caller in &mut scenario.callers {
                caller.repeat = repeat;
            }
        }
        scenario.variant = self.preset;
        scenario
            .validate()
            .map_err(|error| format!("scenario `{}`: {error}", self.scenario))?;
        Ok(scenario)
    }

    /// The assumptions the case is checked under.
    pub fn assumptions(&self) -> Assumptions {
        Assumptions {
            timing: self.timing,
            activity: self.activity,
            cancel: self.cancel,
        }
    }

    /// Checks every field, naming the first that is wrong.
    pub fn validate(&self) -> Result<(), String> {
        self.scenario()?;
        if self.references.is_empty() {
            return Err("references: must list at least one public report".to_owned());
        }
        for reference in &self.references {
            if !is_reference(reference) {
                return Err(format!(
                    "references: `{reference}` is not `owner/repo#number` or `owner/repo@commit`"
                ));
            }
        }
        for (field, list) in [
            ("breaks", &self.breaks),
            ("unjudged", &self.unjudged),
            ("reading", &self.reading),
        ] {
            for (at, property) in list.iter().enumerate() {
                if list[..at].contains(property) {
                    return Err(format!("{field}: {property} is listed twice"));
                }
            }
        }
        if let Some(property) = self.breaks.iter().find(|p| self.unjudged.contains(p)) {
            return Err(format!(
                "unjudged: {property} is also in breaks; a property is either required to \
                 break or not judged"
            ));
        }
        for property in &self.reading {
            if !self.breaks.contains(property) && self.unjudged.contains(property) {
                return Err(format!(
                    "reading: {property} is unjudged, so there is no verdict to read"
                ));
            }
        }
        Ok(())
    }
}

fn is_reference(text: &str) -> bool {
    let (repo, tail) = match text.split_once('#') {
        Some((repo, number)) => (
            repo,
            number.chars().all(|c| c.is_ascii_digit()) && !number.is_empty(),
        ),
        None => match text.split_once('@') {
            Some((repo, commit)) => (
                repo,
                commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            ),
            None => return false,
        },
    };
    tail && repo.split('/').count() == 2 && repo.split('/').all(|part| !part.is_empty())
}

/// What checking a case found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseResult {
    /// The case.
    pub case: Case,
    /// The properties the checker found broken (deadlock only when the
    /// case lists it), in report order.
    pub found: Vec<Property>,
    /// Expected to break and held, or expected to hold and broke, leaving
    /// aside unjudged codes and readings.
    pub mismatches: Vec<Property>,
    /// Mismatches on a code the case marks as a reading of Tokio's code.
    pub readings_not_confirmed: Vec<Property>,
    /// Unique states explored.
    pub states: u64,
    /// Whether every reachable state was explored.
    pub complete: bool,
    /// The checker's full report.
    pub report: Report,
}

impl CaseResult {
    /// Whether the case passed: the search finished and the broken
    /// properties are exactly those expected (readings aside).
    pub fn passed(&self) -> bool {
        self.complete && self.mismatches.is_empty()
    }
}

/// Checks one case with the default bounds. Errors: the case's first bad
/// field.
pub fn check_case(case: &Case) -> Result<CaseResult, String> {
    check_case_with(case, CheckConfig::default())
}

/// Checks one case under `config` (its assumptions are the case's).
pub fn check_case_with(case: &Case, config: CheckConfig) -> Result<CaseResult, String> {
    case.validate()?;
    let scenario = case.scenario()?;
    let config = CheckConfig {
        assumptions: case.assumptions(),
        ..config
    };
    let report = check(scenario, case.preset, config, &mut |_| true)?;
    let judge_deadlock = case.breaks.contains(&Property::Deadlock);
    let found: Vec<Property> = report
        .verdicts
        .iter()
        .filter(|verdict| verdict.outcome == Outcome::Broken)
        .map(|verdict| verdict.property)
        .filter(|property| *property != Property::Deadlock || judge_deadlock)
        .collect();
    let mut mismatches = Vec::new();
    let mut readings_not_confirmed = Vec::new();
    for property in Property::ALL {
        if case.unjudged.contains(&property) {
            continue;
        }
        if property == Property::Deadlock && !judge_deadlock {
            continue;
        }
        let expected = case.breaks.contains(&property);
        let broken = found.contains(&property);
        if expected != broken {
            if case.reading.contains(&property) {
                readings_not_confirmed.push(property);
            } else {
                mismatches.push(property);
            }
        }
    }
    Ok(CaseResult {
        case: case.clone(),
        found,
        mismatches,
        readings_not_confirmed,
        states: report.states,
        complete: report.complete,
        report,
    })
}

/// Reads a casebook written as JSON: a list of cases. Errors name the case
/// and the field.
pub fn from_json(text: &str) -> Result<Vec<Case>, String> {
    let cases: Vec<Case> =
        serde_json::from_str(text).map_err(|error| format!("casebook JSON: {error}"))?;
    for (index, case) in cases.iter().enumerate() {
        case.validate()
            .map_err(|error| format!("case {index}: {error}"))?;
    }
    Ok(cases)
}
