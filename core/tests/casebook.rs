//! The built-in casebook, checked case by case: every case passes, and the
//! whole table (expected, found, states) is pinned, so a change to the
//! model that moves a verdict or a state count shows up in review as a
//! change to `snapshots/casebook.txt`.

use expect_test::expect_file;
use rendezvous_core::casebook::{self, Case};
use rendezvous_core::checker::CheckConfig;
use rendezvous_core::Property;

fn codes(list: &[Property]) -> String {
    if list.is_empty() {
        "-".to_owned()
    } else {
        list.iter().map(|p| p.code()).collect::<Vec<_>>().join(" ")
    }
}

fn label(case: &Case) -> String {
    let mut label = format!("{} {}", case.scenario, case.preset);
    if let Some(workers) = case.workers {
        label.push_str(&format!(" w{workers}"));
    }
    if let Some(repeat) = case.repeat {
        label.push_str(&format!(" repeat {repeat}"));
    }
    label.push_str(&format!(" {}", case.timing.name()));
    label
}

#[test]
fn every_builtin_case_passes_and_the_table_is_pinned() {
    let mut table = String::new();
    let mut failures = Vec::new();
    for case in casebook::builtin() {
        // The table pins verdicts and state counts, not counterexamples:
        // no minimisation search (as `rendezvous casebook` runs it).
        let config = CheckConfig {
            minimise: false,
            ..CheckConfig::default()
        };
        let result = casebook::check_case_with(&case, config).expect("a built-in case is valid");
        table.push_str(&format!(
            "{}: expected {} | found {} | states {}{}\n",
            label(&case),
            codes(&case.breaks),
            codes(&result.found),
            result.states,
            if result.readings_not_confirmed.is_empty() {
                String::new()
            } else {
                format!(
                    " | reading not confirmed: {}",
                    codes(&result.readings_not_confirmed)
                )
            }
        ));
        if !result.passed() {
            failures.push(format!(
                "{}: complete {}, mismatches {}",
                label(&case),
                result.complete,
                codes(&result.mismatches)
            ));
        }
    }
    expect_file!["snapshots/casebook.txt"].assert_eq(&table);
    assert!(
        failures.is_empty(),
        "cases failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_case_counterexample_replays_to_its_violation() {
    // The shortest schedule the checker reports for each broken safety
    // property of a few cases leads to a state that breaks it.
    for case in casebook::builtin().into_iter().filter(|case| {
        case.scenario == "spawn-during-dump" || case.scenario == "pr8372-spawn-after-dump"
    }) {
        let result = casebook::check_case(&case).expect("valid");
        let scenario = case.scenario().expect("valid");
        for verdict in &result.report.verdicts {
            let (Some(text), true) = (
                &verdict.counterexample,
                Property::SAFETY.contains(&verdict.property),
            ) else {
                continue;
            };
            let mut run =
                rendezvous_core::Run::new(scenario.clone(), case.preset, case.assumptions())
                    .expect("valid");
            for action in rendezvous_core::schedule::parse(text).expect("parses") {
                run.step(action).expect("possible");
            }
            assert!(
                rendezvous_core::property::broken_safety(run.model(), run.state())
                    .contains(verdict.property),
                "{}: {} not broken after `{text}`",
                label(&case),
                verdict.property
            );
        }
    }
}

#[test]
fn a_casebook_written_by_hand_is_read_and_refused_by_field() {
    let text = r#"[{"scenario": "pr8372-spawn-after-dump", "preset": "tokio",
        "breaks": ["S6", "L3", "deadlock"], "references": ["tokio-rs/tokio#8372"]}]"#;
    let cases = casebook::from_json(text).expect("a valid casebook");
    let result = casebook::check_case(&cases[0]).expect("valid");
    assert!(result.passed(), "{:?}", result.mismatches);

    // Expecting the wrong thing fails the case and names the property.
    let wrong = text.replace("\"L3\", ", "");
    let cases = casebook::from_json(&wrong).expect("still valid");
    let result = casebook::check_case(&cases[0]).expect("valid");
    assert!(!result.passed());
    assert_eq!(result.mismatches, [Property::L3]);

    for (bad, expected) in [
        (text.replace("\"tokio\"", "\"tokio-2\""), "tokio-2"),
        (text.replace("\"S6\"", "\"S9\""), "unknown property `S9`"),
        (
            text.replace("pr8372-spawn-after-dump", "nope"),
            "unknown scenario `nope`",
        ),
        (text.replace("tokio-rs/tokio#8372", "PR 8372"), "references"),
        (
            text.replace("\"preset\"", "\"presett\""),
            "unknown field `presett`",
        ),
        (
            text.replace("\"breaks\"", "\"workers\": 9, \"breaks\""),
            "workers: must be from 1 to 8",
        ),
        (
            text.replace("\"S6\", ", "\"S6\", \"S6\", "),
            "case 0: breaks: S6 is listed twice",
        ),
        (
            text.replace("\"breaks\"", "\"unjudged\": [\"L3\"], \"breaks\""),
            "case 0: unjudged: L3 is also in breaks",
        ),
    ] {
        let error = casebook::from_json(&bad).expect_err("refused");
        assert!(error.contains(expected), "`{error}` lacks `{expected}`");
    }
}

#[test]
fn every_built_in_case_is_valid() {
    for (index, case) in casebook::builtin().iter().enumerate() {
        case.validate()
            .unwrap_or_else(|error| panic!("case {index} ({}): {error}", case.scenario));
    }
}
