//! Bad input is refused with a message that names what is wrong: scenario
//! files (the field at fault) and trace files (why the import stopped).

mod common;

use rendezvous_core::scenario::TaskKind;
use rendezvous_core::trace_format::{self, TraceFile};
use rendezvous_core::{Policy, Run, Scenario};
use serde_json::{json, Value};

/// A valid user scenario as JSON, to be broken one field at a time.
fn scenario_json() -> Value {
    json!({
        "name": "mine",
        "workers": 2,
        "tasks": [
            { "name": "busy-one", "kind": "busy", "polls": 3, "worker": 0 },
            { "name": "sleeper", "kind": "idle" },
            { "name": "stuck", "kind": "blocking", "worker": 1 }
        ],
        "requesters": [ {} ],
        "event_interval": 3,
        "timeout_steps": 6,
        "variant": "tokio"
    })
}

/// Checks that `text` is refused as a scenario with a message containing
/// every fragment of `expected`.
fn check_scenario_refused(text: &str, expected: &[&str]) {
    let error = Scenario::from_json(text).expect_err("scenario should be refused");
    for fragment in expected {
        assert!(
            error.contains(fragment),
            "scenario error `{error}` does not mention `{fragment}`"
        );
    }
}

fn with(mut value: Value, pointer: &str, replacement: Value) -> String {
    *value.pointer_mut(pointer).expect("field exists") = replacement;
    value.to_string()
}

#[test]
fn a_valid_scenario_file_loads_and_runs() {
    let scenario = Scenario::from_json(&scenario_json().to_string()).expect("valid");
    let variant = scenario.variant;
    let mut run = Run::new(scenario, variant, Default::default()).expect("valid");
    run.run_to_end(&mut Policy::RoundRobin, 200).expect("runs");
    assert!(!run.is_empty());
}

#[test]
fn scenario_refusals_name_the_field() {
    // Names are limited in characters, not bytes: 64 `é` (128 bytes) is a
    // name, 65 is not; 32 `é` name a task, 33 do not.
    let accented = |count: usize| json!("é".repeat(count));
    let text = with(scenario_json(), "/name", accented(64));
    Scenario::from_json(&text).expect("64 characters name a scenario");
    check_scenario_refused(
        &with(scenario_json(), "/name", accented(65)),
        &["name", "must be 1 to 64 characters"],
    );
    let text = with(scenario_json(), "/tasks/0/name", accented(32));
    Scenario::from_json(&text).expect("32 characters name a task");
    check_scenario_refused(
        &with(scenario_json(), "/tasks/0/name", accented(33)),
        &["tasks[0].name", "must be 1 to 32 characters"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/workers", json!(9)),
        &["workers", "must be from 1 to 8, got 9"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/workers", json!(0)),
        &["workers", "got 0"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/tasks/0/worker", json!(5)),
        &["tasks[0].worker", "worker 5 does not exist", "2 workers"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/tasks/2/worker", json!(2)),
        &["tasks[2].worker"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/requesters", json!([])),
        &["requesters", "got 0"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/requesters", json!([{}, {}, {}, {}])),
        &["requesters", "got 4"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/tasks/0/polls", json!(0)),
        &["tasks[0].polls"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/tasks/1/name", json!("")),
        &["tasks[1].name"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/event_interval", json!(0)),
        &["event_interval"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/timeout_steps", json!(20_000)),
        &["timeout_steps"],
    );
    check_scenario_refused(&with(scenario_json(), "/name", json!("")), &["name"]);
    // Two tasks of one name: the later is named (the one a user just
    // added or renamed), whichever list it is in.
    let error = Scenario::from_json(&with(scenario_json(), "/tasks/2/name", json!("busy-one")))
        .expect_err("a name twice");
    assert!(
        error.contains("tasks[2].name") && error.contains("`busy-one` names two tasks"),
        "{error}"
    );
    let mut spawned = scenario_json();
    spawned["spawners"] =
        json!([{ "after": "start", "tasks": [{ "name": "sleeper", "kind": "busy", "polls": 1 }] }]);
    check_scenario_refused(
        &spawned.to_string(),
        &["spawners[0].tasks[0].name", "`sleeper`"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/variant", json!("tokyo")),
        &["scenario JSON", "tokyo"],
    );
    check_scenario_refused(
        &with(scenario_json(), "/tasks/0/kind", json!("sleepy")),
        &["scenario JSON", "sleepy"],
    );
    let mut no_polls = scenario_json();
    no_polls["tasks"][0]
        .as_object_mut()
        .expect("object")
        .remove("polls");
    check_scenario_refused(
        &no_polls.to_string(),
        &["scenario JSON", "missing field `polls`"],
    );
    let mut no_kind = scenario_json();
    no_kind["tasks"][1]
        .as_object_mut()
        .expect("object")
        .remove("kind");
    check_scenario_refused(
        &no_kind.to_string(),
        &["scenario JSON", "missing field `kind`"],
    );
}

/// Each kind of task reads back as it was written, its kind flattened into
/// the task's object.
#[test]
fn task_kinds_round_trip_through_json() {
    let scenario = Scenario::from_json(&scenario_json().to_string()).expect("valid");
    let kinds: Vec<_> = scenario.tasks.iter().map(|task| task.kind).collect();
    assert_eq!(
        kinds,
        [
            TaskKind::Busy { polls: 3 },
            TaskKind::Idle,
            TaskKind::Blocking { steps: None }
        ]
    );
    let written = serde_json::to_value(&scenario).expect("serialises");
    assert_eq!(written["tasks"][0]["kind"], "busy");
    assert_eq!(written["tasks"][0]["polls"], 3);
    assert_eq!(written["tasks"][2]["worker"], 1);
    let again = Scenario::from_json(&written.to_string()).expect("valid");
    assert_eq!(again, scenario);
}

#[test]
fn bad_scenario_json_is_refused_as_json() {
    check_scenario_refused("{ \"name\": ", &["scenario JSON", "EOF"]);
    check_scenario_refused("[]", &["scenario JSON"]);
    let mut missing = scenario_json();
    missing.as_object_mut().expect("object").remove("workers");
    check_scenario_refused(
        &missing.to_string(),
        &["scenario JSON", "missing field `workers`"],
    );
}

/// A real trace file: the quiet runtime's default run.
fn trace_file() -> TraceFile {
    trace_format::to_file(&common::default_run("quiet-runtime", 10_000))
}

fn trace_json() -> Value {
    serde_json::to_value(trace_file()).expect("a trace file serialises")
}

/// Checks that `text` is refused as a trace with a message containing
/// every fragment of `expected`.
fn check_trace_refused(text: &str, expected: &[&str]) {
    let error = match trace_format::import(text) {
        Ok(run) => panic!(
            "trace imported with {} steps, expected `{expected:?}`",
            run.len()
        ),
        Err(error) => error,
    };
    for fragment in expected {
        assert!(
            error.contains(fragment),
            "trace error `{error}` does not mention `{fragment}`"
        );
    }
}

#[test]
fn an_exported_trace_imports() {
    let text = serde_json::to_string(&trace_file()).expect("serialises");
    let run = trace_format::import(&text).expect("imports");
    assert_eq!(run.schedule(), trace_file().schedule);
}

#[test]
fn trace_refusals_say_why() {
    check_trace_refused("this is not json", &["not valid JSON"]);
    check_trace_refused("{\"format\": \"rendezvous-trace\", ", &["not valid JSON"]);
    check_trace_refused(
        &with(trace_json(), "/format", json!("chrome-trace")),
        &["not a Rendezvous trace", "`chrome-trace`"],
    );
    let mut no_format = trace_json();
    no_format.as_object_mut().expect("object").remove("format");
    check_trace_refused(&no_format.to_string(), &["no `format"]);
    check_trace_refused(
        &with(trace_json(), "/version", json!(3)),
        &["trace version 3 is not supported", "versions 1 to 2"],
    );
    check_trace_refused(
        &with(trace_json(), "/version", json!("1")),
        &["numeric `version`"],
    );
    check_trace_refused(
        &with(trace_json(), "/variant", json!("tokyo")),
        &["malformed trace", "tokyo"],
    );
    check_trace_refused(
        &with(trace_json(), "/scenario/workers", json!(9)),
        &["trace scenario", "workers"],
    );
    check_trace_refused(
        &with(trace_json(), "/schedule", json!("r0 q7")),
        &["schedule token 2 `q7`"],
    );
}

#[test]
fn an_impossible_schedule_is_refused_at_its_step() {
    // Every worker is parked at the start: no worker can move first.
    let mut value = trace_json();
    value.as_object_mut().expect("object").remove("steps");
    check_trace_refused(
        &with(value.clone(), "/schedule", json!("w0")),
        &[
            "trace schedule",
            "step 1 `w0` is not possible now",
            "Parked",
        ],
    );
    check_trace_refused(
        &with(value, "/schedule", json!("r0 r0 r0 r0 r0")),
        &["step 5 `r0` is not possible now"],
    );
}

#[test]
fn steps_that_disagree_with_the_schedule_are_refused() {
    let file = trace_file();
    let mut fewer = serde_json::to_value(&file).expect("serialises");
    fewer["steps"].as_array_mut().expect("array").pop();
    let steps = file.steps.len();
    check_trace_refused(
        &fewer.to_string(),
        &[
            &format!("lists {} steps", steps - 1),
            &format!("schedule has {steps}"),
        ],
    );

    let renamed = with(trace_json(), "/steps/0/action", json!("w0"));
    check_trace_refused(&renamed, &["trace step 1 is `w0`", "says `r0`"]);

    let tampered = with(trace_json(), "/steps/0/events/0/won", json!(false));
    check_trace_refused(&tampered, &["trace step 1", "other events"]);

    let far = with(trace_json(), "/cursor", json!(steps + 1));
    check_trace_refused(
        &far,
        &[&format!(
            "cursor {} is past its last step {steps}",
            steps + 1
        )],
    );
}

#[test]
fn a_version_1_trace_opens_by_its_schedule() {
    // A file written before revision 2 of the model: its recorded events
    // describe the old model and are not compared; its schedule replays.
    let mut old = trace_json();
    old["version"] = json!(1);
    old["steps"][0]["events"] = json!([{ "event": "no-task", "worker": 0 }]);
    let run = trace_format::import(&old.to_string()).expect("a version 1 trace opens");
    assert_eq!(run.schedule(), trace_file().schedule);
    // One whose schedule is impossible now says which step and why.
    let mut impossible = trace_json();
    impossible["version"] = json!(1);
    impossible["schedule"] = json!("r0 w0");
    impossible.as_object_mut().expect("object").remove("steps");
    check_trace_refused(
        &impossible.to_string(),
        &["written by revision 1 of the model", "step 2"],
    );
}

#[test]
fn builtin_scenarios_are_valid_at_every_worker_count_they_accept() {
    for entry in rendezvous_core::scenario::BUILTINS {
        for workers in 0..=rendezvous_core::scenario::MAX_WORKERS + 1 {
            match Scenario::builtin(entry.name, Some(workers)) {
                Ok(scenario) => {
                    assert!(workers >= entry.min_workers, "{} at {workers}", entry.name);
                    assert_eq!(scenario.workers, workers);
                    if let Err(error) = scenario.validate() {
                        panic!("{} with {workers} workers: {error}", entry.name);
                    }
                }
                Err(error) => {
                    assert!(
                        workers < entry.min_workers
                            || workers > rendezvous_core::scenario::MAX_WORKERS,
                        "{} refused {workers} workers: {error}",
                        entry.name
                    );
                    assert!(error.starts_with("workers: "), "{error}");
                }
            }
        }
    }
    let error = Scenario::builtin("nope", None).expect_err("unknown");
    assert!(error.contains("unknown scenario `nope`"), "{error}");
}

#[test]
fn an_impossible_step_says_why() {
    use rendezvous_core::Action;
    let scenario = Scenario::builtin("wedged-worker", Some(2)).expect("built-in");
    let variant = scenario.variant;
    let mut run = Run::new(scenario, variant, Default::default()).expect("runs");
    let why = |run: &mut Run, action: Action| {
        run.step(action)
            .expect_err("the step is refused")
            .to_string()
    };
    let cases = [
        (
            Action::Worker(9),
            "step 1 `w9` is not possible now: W9 is not in the scenario",
        ),
        (Action::Requester(3), "R3 is not in the scenario"),
        (Action::Spawner(0), "S0 is not in the scenario"),
        (Action::Caller(1), "C1 is not in the scenario"),
        (Action::Dropper, "the dropper is not in the scenario"),
        (Action::Release(0), "t0 is not a blocking task being polled"),
        (Action::Wake(0), "W0 cannot move that way at Top"),
        (Action::Cancel(0), "R0 cannot move that way at Cas"),
    ];
    for (action, expected) in cases {
        let message = why(&mut run, action);
        assert!(message.contains(expected), "{action:?}: {message}");
    }
    assert!(run.is_empty(), "no refused step was taken");
}

#[test]
fn a_schedule_token_of_an_unknown_actor_names_the_actors() {
    use rendezvous_core::schedule::parse_token;
    for token in ["zz", "z0", "ワーカー", "🚀"] {
        let message = parse_token(token).expect_err("refused");
        assert!(message.starts_with("unknown actor"), "{token}: {message}");
        assert!(message.contains("w (worker)"), "{token}: {message}");
    }
    let message = parse_token("wx").expect_err("refused");
    assert!(message.contains("such as `w0`"), "{message}");
}
