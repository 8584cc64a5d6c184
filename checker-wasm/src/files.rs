//! Trace files for the page, read and written in the worker, so the page's
//! wasm carries no JSON reader or writer of traces. Files are written by
//! core's own writer (`rendezvous_core::trace_format`, the CLI's), byte for
//! byte; they are read by [`read_trace`], which follows core's reader and
//! its messages except where `docs/fuzzing.md` lists (recorded events
//! compared as text, the parts of a step the page does not read ignored).
//!
//! The page opens a run by its link (a built-in scenario, a variant, a
//! worker count, the assumptions and a schedule), so an imported trace
//! comes back as those parts ([`ImportedRun`]), and an export is asked for
//! by the same parts ([`ExportRequest`]).

use crate::json;
use rendezvous_core::scenario::MAX_LINK_CODE_CHARS;
use rendezvous_core::{schedule, trace_format, Assumptions, Run, Scenario, Variant};
use serde::{Deserialize, Serialize};

/// A trace file's run, as the page's link names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedRun {
    /// The scenario's name.
    pub scenario: String,
    /// The scenario as a link code when it is not the built-in one of that
    /// name and worker count (a scenario built in the page or edited by
    /// hand); absent for a built-in scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// The variant.
    pub variant: Variant,
    /// The number of workers.
    pub workers: usize,
    /// The assumptions the run was recorded under.
    pub assumptions: Assumptions,
    /// The recorded run, as schedule tokens separated by spaces.
    pub schedule: String,
    /// The step the file was saved at (0 to the run's length).
    pub cursor: usize,
}

impl ImportedRun {
    /// The page's link to this run, its URL fragment
    /// (`web/src/fragment.rs`, written as the page writes it):
    /// `scenario=…` (or `built=<code>`), `variant`, `workers`, the
    /// assumptions that differ from the defaults, `schedule` (tokens joined
    /// by `+`) and `step`. The page opens a trace file's run, or a bug's, as
    /// it opens a link; a test holds this to the page's reader.
    pub fn fragment(&self) -> String {
        let defaults = Assumptions::default();
        let mut pairs = vec![match &self.built {
            Some(code) => format!("built={code}"),
            None => format!("scenario={}", self.scenario),
        }];
        pairs.push(format!("variant={}", self.variant.name()));
        pairs.push(format!("workers={}", self.workers));
        let assumptions = self.assumptions;
        for (key, value, default) in [
            ("timing", assumptions.timing.name(), defaults.timing.name()),
            (
                "activity",
                assumptions.activity.name(),
                defaults.activity.name(),
            ),
            ("cancel", assumptions.cancel.name(), defaults.cancel.name()),
        ] {
            if value != default {
                pairs.push(format!("{key}={value}"));
            }
        }
        if !self.schedule.is_empty() {
            pairs.push(format!("schedule={}", self.schedule.replace(' ', "+")));
        }
        pairs.push(format!("step={}", self.cursor));
        pairs.join("&")
    }
}

/// How a run reaches the page: `{"fragment": "…"}`, its link
/// ([`ImportedRun::fragment`]).
pub fn serialize_as_fragment<S: serde::Serializer>(
    run: &ImportedRun,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut out = serializer.serialize_struct("Run", 1)?;
    out.serialize_field("fragment", &run.fragment())?;
    out.end()
}

/// Reads a trace file (`docs/trace-format.md`) as core's reader does
/// ([`read_trace`]), checking its format, version, scenario, every step and
/// the recorded events, then checks that the run has at most `max_steps`
/// steps (what the page records). A scenario that is not the built-in one
/// of its name and worker count comes back as its link code, so the page
/// opens it as a built scenario.
///
/// Errors: core's message for a file it refuses, or a sentence giving the
/// run's length.
#[inline(never)]
pub fn import_trace(text: &str, max_steps: usize) -> Result<ImportedRun, String> {
    let run = read_trace(text)?;
    let model = run.model();
    let scenario = model.scenario();
    let built = match Scenario::builtin(&scenario.name, Some(scenario.workers)) {
        Ok(builtin) if builtin == *scenario => None,
        _ => {
            let code = scenario.to_link_code();
            let length = code.chars().count();
            if length > MAX_LINK_CODE_CHARS {
                return Err(format!(
                    "its scenario is too large for the page's link ({length} characters of link code; at most {MAX_LINK_CODE_CHARS}); the command-line tool opens it"
                ));
            }
            Some(code)
        }
    };
    if run.len() > max_steps {
        return Err(format!(
            "it has {} steps; the page records at most {max_steps}",
            run.len()
        ));
    }
    Ok(ImportedRun {
        scenario: scenario.name.clone(),
        built,
        variant: model.variant(),
        workers: scenario.workers,
        assumptions: model.assumptions(),
        schedule: run.schedule(),
        cursor: run.cursor(),
    })
}

/// The scenario a request names: the built one (its link code, with
/// `workers` workers), else the built-in `name` with `workers` workers.
///
/// Errors: core's sentence for a code it cannot read or a field out of
/// range, or for an unknown built-in name or worker count.
pub fn scenario_of(name: &str, built: Option<&str>, workers: usize) -> Result<Scenario, String> {
    match built {
        Some(code) => {
            let mut scenario = Scenario::from_link_code(code)?;
            if scenario.workers != workers {
                scenario.workers = workers;
                scenario.validate().map_err(|error| error.to_string())?;
            }
            Ok(scenario)
        }
        None => Scenario::builtin(name, Some(workers)),
    }
}

/// The scenario file (PROTOCOL.md section 15.1, pretty JSON as
/// `rendezvous scenarios --json` style tools write it) of the scenario
/// whose link code is `code`: `rendezvous run --scenario-file` and
/// `rendezvous check --scenario-file` read it unchanged.
///
/// Errors: core's sentence when the code cannot be read.
#[inline(never)]
pub fn export_scenario(code: &str) -> Result<String, String> {
    let scenario = Scenario::from_link_code(code)?;
    json::to_string_pretty(&scenario)
}

/// Reads a scenario file as the CLI does (`Scenario::from_json`'s
/// messages: `scenario JSON: …` for malformed JSON or a field of the wrong
/// shape, `scenario: <field>: …` from the validator for a field out of
/// range) and answers its link code. The JSON is read by this crate's
/// [`json`] (the browser's `JSON.parse` in the wasm), so serde's wording
/// inside a JSON message may differ from the CLI's.
///
/// Errors: that sentence (or, for a trace file, that it is one and how
/// to open it); or the scenario's link code is longer than a link may
/// carry.
#[inline(never)]
pub fn import_scenario(text: &str) -> Result<String, String> {
    let scenario: Scenario = json::from_str(text).map_err(|error| {
        if is_trace_file(text) {
            format!(
                "this is a trace file (`{}`), not a scenario file: drop it on the page to open its run, then Edit a copy",
                rendezvous_core::trace_format::FORMAT
            )
        } else {
            format!("scenario JSON: {error}")
        }
    })?;
    scenario
        .validate()
        .map_err(|error| format!("scenario: {error}"))?;
    let code = scenario.to_link_code();
    // A scenario whose text does not fit in a link cannot be opened by
    // the page, which keeps its run in the link.
    if code.chars().count() > MAX_LINK_CODE_CHARS {
        return Err(format!(
            "the scenario is too large for a link ({} characters of link code; at most {MAX_LINK_CODE_CHARS})",
            code.chars().count()
        ));
    }
    Ok(code)
}

/// What the page asks to export: the run on its stage, by the parts of
/// its link.
pub type ExportRequest = ImportedRun;

/// The trace file of the run `request` names, exactly as
/// `rendezvous run --trace` writes it (core's `trace_format::to_file`,
/// printed by [`json`]: byte for byte core's `trace_format::export`).
///
/// Errors: the scenario is not built in, the worker count or the schedule
/// is refused (core's message), or the cursor is past the run's end.
#[inline(never)]
pub fn export_trace(request: &ExportRequest) -> Result<String, String> {
    let run = run_of(request)?;
    json::to_string_pretty(&trace_format::to_file(&run))
}

/// The run `request` names: its scenario, variant and assumptions, its
/// schedule replayed, at its cursor.
///
/// Errors: the scenario cannot be made, the schedule is refused (core's
/// message), or the cursor is past the run's end.
pub fn run_of(request: &ExportRequest) -> Result<Run, String> {
    let scenario = scenario_of(&request.scenario, request.built.as_deref(), request.workers)?;
    let actions = schedule::parse(&request.schedule).map_err(|error| error.to_string())?;
    let mut run = Run::new(scenario, request.variant, request.assumptions)
        .map_err(|error| error.to_string())?;
    for action in actions {
        run.step(action)
            .map_err(|error| format!("schedule: {error}"))?;
    }
    if request.cursor > run.len() {
        return Err(format!(
            "step {} is past the run's end ({} steps)",
            request.cursor,
            run.len()
        ));
    }
    run.seek(request.cursor);
    Ok(run)
}

/// The first fields of a trace file, read before the rest.
#[derive(serde::Deserialize)]
struct TraceHeader {
    format: Option<Loose>,
    version: Option<Loose>,
}

/// A header field of any JSON type, so that a field of the wrong type is
/// reported as missing, as core does.
enum Loose {
    Text(String),
    Whole(u64),
    Other,
}

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

/// Reads a [`Loose`] field (by hand rather than as an untagged enum, which
/// serde would read through a buffer of its own).
struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Loose, E> {
        Ok(Loose::Text(value.to_owned()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Loose, E> {
        Ok(Loose::Whole(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Loose, E> {
        Ok(u64::try_from(value).map_or(Loose::Other, Loose::Whole))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Loose::Other)
    }
}

/// Whether `text` is a trace file: a JSON object whose `format` is the
/// trace format's name (as the CLI tells one given as a scenario file).
fn is_trace_file(text: &str) -> bool {
    matches!(
        json::from_str::<TraceHeader>(text),
        Ok(TraceHeader { format: Some(Loose::Text(format)), .. })
            if format == rendezvous_core::trace_format::FORMAT
    )
}

/// Core's `trace_format::import`, with the same checks and messages, but
/// reading the `format` and `version` fields through a small struct
/// instead of `serde_json::Value`, and the recorded events as text compared
/// with the events the replay produces, which keeps JSON trees and a
/// decoder of every event out of the wasm (it would triple its size), and
/// the text through [`json`] (the browser's JSON in the worker).
///
/// A test below and the differential fuzz target (`fuzz/page_trace_import`)
/// check that it accepts and refuses what core's reader does, with the same
/// messages, on every file once the parts it reads differently by design
/// are set aside: a step's recorded events (compared as JSON text, so an
/// event whose keys are written in another order is refused here and
/// accepted by core; skipped in a version 1 file), a step's `from`, `to`
/// and `narration` (not read), a key written twice in one object, and
/// numbers or strings serde_json refuses in parts it does not read. The
/// list, with examples, is in `docs/fuzzing.md`.
///
/// Errors: the message core's reader gives for the same file.
pub fn read_trace(text: &str) -> Result<Run, String> {
    use rendezvous_core::trace_format::{
        self, TraceFile, TraceStep, FORMAT, OLDEST_VERSION, VERSION,
    };
    let header = match json::from_str::<TraceHeader>(text) {
        Ok(header) => header,
        // Valid JSON that is not an object: no `format` field.
        Err(json::Error::Data(_)) => TraceHeader {
            format: None,
            version: None,
        },
        Err(json::Error::Syntax(error)) => return Err(format!("not valid JSON: {error}")),
    };
    match &header.format {
        Some(Loose::Text(format)) if format == FORMAT => {}
        Some(Loose::Text(other)) => {
            return Err(format!(
                "not a Rendezvous trace: its format is `{}`, expected `{FORMAT}`",
                shorten(other)
            ))
        }
        _ => {
            return Err(format!(
                "not a Rendezvous trace: no `format: \"{FORMAT}\"` field"
            ))
        }
    }
    let version = match header.version {
        Some(Loose::Whole(version))
            if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&version) =>
        {
            version as u32
        }
        Some(Loose::Whole(version)) => {
            return Err(format!(
                "trace version {version} is not supported; this build reads versions {OLDEST_VERSION} to {VERSION}"
            ))
        }
        _ => return Err("trace has no numeric `version` field".to_owned()),
    };
    let lite: LiteTraceFile =
        json::from_str(text).map_err(|error| format!("malformed trace: {error}"))?;
    let file = TraceFile {
        format: FORMAT.to_owned(),
        version,
        scenario: lite.scenario,
        variant: lite.variant,
        assumptions: lite.assumptions,
        schedule: lite.schedule,
        cursor: lite.cursor,
        steps: lite
            .steps
            .iter()
            .map(|step| TraceStep {
                action: step.action.clone(),
                from: String::new(),
                to: String::new(),
                events: Vec::new(),
                narration: String::new(),
            })
            .collect(),
    };
    let run = trace_format::from_file(&file)?;
    // The recorded events, compared as JSON text with the events this model
    // produces (whitespace aside), so the page needs no decoder of events.
    for (index, step) in lite.steps.iter().enumerate() {
        // A version 1 file's events describe revision 1 of the model.
        if step.events.is_empty() || version < VERSION {
            continue;
        }
        let produced = run.events_of(index);
        let same = step.events.len() == produced.len()
            && step.events.iter().zip(produced).all(|(recorded, event)| {
                json::to_string(event).is_ok_and(|expected| {
                    without_whitespace(&recorded.0) == without_whitespace(&expected)
                })
            });
        if !same {
            return Err(format!(
                "trace step {} (`{}`) records other events than this model produces; \
                 was it written by another version?",
                index + 1,
                step.action
            ));
        }
    }
    Ok(run)
}

/// JSON text without the whitespace between tokens (event fields hold no
/// text with spaces).
fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A trace file as the page reads it: steps keep their events as compact
/// JSON text.
#[derive(serde::Deserialize)]
struct LiteTraceFile {
    scenario: Scenario,
    variant: Variant,
    #[serde(default)]
    assumptions: Assumptions,
    schedule: String,
    #[serde(default)]
    cursor: usize,
    #[serde(default)]
    steps: Vec<LiteTraceStep>,
}

/// One step of a [`LiteTraceFile`].
#[derive(serde::Deserialize)]
struct LiteTraceStep {
    action: String,
    #[serde(default)]
    events: Vec<json::Text>,
}

/// At most 40 characters of text from a file, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::Policy;

    fn recorded(name: &str, workers: usize, steps: usize) -> Run {
        let scenario = Scenario::builtin(name, Some(workers)).unwrap();
        let mut run = Run::new(scenario, Variant::Tokio, Assumptions::default()).unwrap();
        let _ = run.run_to_end(&mut Policy::RoundRobin, steps);
        run
    }

    #[test]
    fn an_exported_trace_imports_to_the_same_run() {
        let mut run = recorded("wedged-worker", 2, 12);
        run.seek(7);
        let text = trace_format::export(&run);
        let imported = import_trace(&text, 5000).unwrap();
        assert_eq!(imported.scenario, "wedged-worker");
        assert_eq!(imported.workers, 2);
        assert_eq!(imported.variant, Variant::Tokio);
        assert_eq!(imported.schedule, run.schedule());
        assert_eq!(imported.cursor, 7);
        // And the page's export of those parts is core's file, byte for byte.
        assert_eq!(export_trace(&imported).unwrap(), text);
    }

    /// The worker's reader agrees with core's `trace_format::import`: the
    /// same files accepted, the same messages for the same refusals (a
    /// field of the wrong type is refused by both, in other words).
    #[test]
    fn the_worker_reads_traces_as_core_does() {
        let good = trace_format::export(&recorded("early-result", 2, 3));
        let same_message = [
            good.clone(),
            "{oops".to_owned(),
            "[]".to_owned(),
            "{}".to_owned(),
            good.replace("rendezvous-trace", "perfetto"),
            good.replace("\"version\": 2", "\"version\": 3"),
            good.replace("\"version\": 2", "\"version\": 1"),
            good.replace("\"version\": 2,", ""),
            good.replace("\"schedule\": \"r0 r0 r0\"", "\"schedule\": \"r0 r0 w5\""),
            good.replace("\"cursor\": 3", "\"cursor\": 9"),
            good.replace("\"event\": \"flag-cas\"", "\"event\": \"nudge-skipped\""),
            good.replace("\"won\": true", "\"won\": false"),
            good.replace(
                "\"events\": [",
                "\"events\": [{\"event\": \"parked\", \"worker\": 0},",
            ),
            serde_json::to_string(
                &serde_json::from_str::<rendezvous_core::trace_format::TraceFile>(&good).unwrap(),
            )
            .unwrap(),
        ];
        for text in &same_message {
            let core = rendezvous_core::trace_format::import(text).map(|run| run.schedule());
            let worker = read_trace(text).map(|run| run.schedule());
            assert_eq!(worker, core, "{text}");
        }
        for text in [
            good.replace("\"version\": 2", "\"version\": \"2\""),
            good.replace("\"version\": 2", "\"version\": 2.0"),
            good.replace("\"format\": \"rendezvous-trace\"", "\"format\": 7"),
            "\"rendezvous-trace\"".to_owned(),
        ] {
            let core = rendezvous_core::trace_format::import(&text).map(|run| run.schedule());
            let worker = read_trace(&text).map(|run| run.schedule());
            assert_eq!(worker, core, "{text}");
        }
    }

    #[test]
    fn refusals_name_the_reason() {
        let run = recorded("wedged-worker", 2, 12);
        let text = trace_format::export(&run);
        assert!(import_trace("{", 5000)
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(import_trace(&text, 5)
            .unwrap_err()
            .contains("the page records at most 5"));
        let renamed = text.replace("\"name\": \"wedged-worker\"", "\"name\": \"my-own\"");
        assert_ne!(renamed, text);
        // A scenario that is not built in opens as a built one.
        let opened = import_trace(&renamed, 5000).unwrap();
        assert_eq!(opened.scenario, "my-own");
        assert!(opened.built.is_some_and(|code| code.contains("n:my-own,")));
        assert_eq!(import_trace(&text, 5000).unwrap().built, None);
        // Found by the `page_trace_import` fuzz target: a scenario too
        // large for a link is refused here, saying so, not by the page.
        let mut scenario = Scenario::builtin("busy-workers", None).unwrap();
        scenario.description = "&".repeat(1400);
        let run = Run::new(scenario, Variant::Tokio, Assumptions::default()).unwrap();
        let long = trace_format::export(&run);
        let error = import_trace(&long, 5000).unwrap_err();
        assert!(error.contains("too large for the page's link"), "{error}");
        let mut request = import_trace(&text, 5000).unwrap();
        request.cursor = 99;
        assert!(export_trace(&request)
            .unwrap_err()
            .contains("past the run's end"));
        request.schedule = "w9".to_owned();
        assert!(export_trace(&request).unwrap_err().contains("schedule"));
    }
}
