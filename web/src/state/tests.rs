//! The playground's unit tests.

use super::*;
use rendezvous_core::Status;

fn play(playground: Playground, actions: impl IntoIterator<Item = Action>) -> Playground {
    let mut playground = Rc::new(playground);
    for action in actions {
        playground = playground.reduce(action);
    }
    Rc::unwrap_or_clone(playground)
}

#[test]
fn the_presenter_view_is_in_the_link_and_a_bad_value_is_refused() {
    let playground = Playground::from_fragment("#scenario=wedged-worker&step=3&presenter=1");
    assert!(playground.presenter());
    assert_eq!(playground.run().cursor(), 3);
    assert!(playground.fragment().ends_with("&step=3&presenter=1"));
    let playground = play(playground, [Action::TogglePresenter]);
    assert!(!playground.presenter());
    assert!(!playground.fragment().contains("presenter"));
    let refused = Playground::from_fragment("#scenario=wedged-worker&presenter=on");
    assert!(!refused.presenter());
    let error = refused.error().unwrap_or_default();
    assert!(error.contains("`presenter` is `on`"), "{error}");
}

#[test]
fn stepping_the_default_scenario_finishes_and_back_restores() {
    let mut playground = Rc::new(Playground::default());
    for _ in 0..200 {
        playground = playground.reduce(Action::Step);
    }
    assert_eq!(playground.run().status(), Status::Finished);
    let end = *playground.run().state();
    let steps = playground.run().cursor();
    let playground = playground.reduce(Action::Back).reduce(Action::Step);
    assert_eq!(playground.run().state(), &end);
    assert_eq!(playground.narrations_to_cursor().count(), steps);
}

#[test]
fn a_fragment_restores_the_same_moment() {
    let playground = play(
        Playground::new(Settings::builtin("wedged-worker").unwrap()),
        (0..30).map(|_| Action::Step),
    );
    let playground = play(playground, [Action::Seek(12)]);
    let restored = Playground::from_fragment(&playground.fragment());
    assert_eq!(restored.error(), None);
    assert_eq!(restored.run().cursor(), 12);
    assert_eq!(restored.run().len(), 30);
    assert_eq!(restored.run().state(), playground.run().state());
}

/// Found by the `fragment_restore` fuzz target: a link to the last
/// stop a number can name overflowed while the page named the stop it
/// lacks.
#[test]
fn a_link_to_a_stop_past_any_tour_says_so() {
    let playground =
        Playground::from_fragment("#scenario=wedged-worker&seed=1&tour=18446744073709551615");
    let error = playground.error().unwrap_or_default();
    assert!(
        error.contains("the link's `tour` is 18446744073709551615; the tour of wedged-worker has"),
        "{error}"
    );
}

/// Found by the `fragment_restore` fuzz target: a link with a
/// schedule kept any tour stop, so the tour panel showed "Stop 74 of
/// 7", and the link the page wrote back did not reopen. A stop the tour
/// lacks now refuses the link, as any other bad value does, so a link
/// typed over the run on screen keeps it.
#[test]
fn a_link_with_a_schedule_keeps_only_a_stop_of_the_tour() {
    let playground = Playground::from_fragment("#scenario=abandoned-dump&schedule=r0&tour=73");
    let error = playground.error().unwrap_or_default();
    assert!(error.contains("the link's `tour` is 73"), "{error}");
    assert_eq!(playground.tour(), None);
    let before = Playground::from_fragment("#scenario=wedged-worker&schedule=w0+w1+r0");
    for link in ["tour=99", "scenario=wedged-worker&tour=7"] {
        let after = play(before.clone(), [Action::LoadFragment(link.into())]);
        let error = after.error().unwrap_or_default();
        assert!(
            error.contains("The run on screen is unchanged"),
            "{link}: {error}"
        );
        assert_eq!(after.settings().scenario, "wedged-worker", "{link}");
        assert_eq!(after.run().schedule(), "w0 w1 r0", "{link}");
    }
    let playground = Playground::from_fragment("#scenario=abandoned-dump&schedule=r0&tour=2");
    assert_eq!(playground.error(), None);
    assert_eq!(playground.tour(), Some(2));
}

#[test]
fn a_bad_fragment_falls_back_with_a_message() {
    for text in [
        "#scenario=nope",
        "#variant=nope",
        "#scenario=wedged-worker&workers=1",
        "#schedule=w9",
        "#schedule=q0",
        "#step=-1",
        "#workers=99999999999999999999999",
    ] {
        let playground = Playground::from_fragment(text);
        assert!(playground.error().is_some(), "{text}");
        assert_eq!(playground.settings().scenario, DEFAULT_SCENARIO);
    }
}

#[test]
fn the_scenario_schedule_is_followed_first() {
    let playground = play(
        Playground::new(Settings::builtin("early-result").unwrap()),
        (0..5).map(|_| Action::Step),
    );
    assert!(playground.run().schedule().starts_with("r0 r0 r0 w0 w1"));
}

#[test]
fn a_random_run_is_recorded_and_rewound() {
    let playground = play(
        Playground::default(),
        [Action::SetSeed(9), Action::RandomRun],
    );
    assert_eq!(playground.run().cursor(), 0);
    assert!(playground.run().len() > 10);
    assert!(playground.fragment().contains("seed=9"));
    let restored = Playground::from_fragment(&playground.fragment());
    assert_eq!(restored.run().schedule(), playground.run().schedule());
}

#[test]
fn playback_stops_when_a_property_breaks() {
    let mut playground = Rc::new(Playground::new(Settings::builtin("wedged-worker").unwrap()));
    playground = playground.reduce(Action::TogglePlay);
    let mut ticks = 0;
    while playground.playing() && ticks < 1000 {
        playground = playground.reduce(Action::Tick);
        ticks += 1;
    }
    assert!(!playground.playing());
    assert!(!playground.run().moment().ever_broken.is_empty());
}

#[cfg(test)]
mod agreement {
    use super::*;
    use rendezvous_core::scenario::BUILTINS;

    /// Stepping the page round-robin gives the run core's own round-robin
    /// gives (after the scenario's schedule, which core leaves to callers).
    #[test]
    fn the_step_button_follows_core_round_robin() {
        for entry in BUILTINS {
            let settings = Settings::builtin(entry.name).unwrap();
            let (mut expected, script) = build(&settings).unwrap();
            if !script.is_empty() {
                continue;
            }
            expected.run_to_end(&mut Policy::RoundRobin, 300).unwrap();
            let mut playground = Rc::new(Playground::new(settings));
            for _ in 0..300 {
                playground = playground.reduce(Action::Step);
            }
            assert_eq!(
                playground.run().schedule(),
                expected.schedule(),
                "{}",
                entry.name
            );
        }
    }
}

#[cfg(test)]
mod sharing {
    use super::*;

    #[test]
    fn assumptions_travel_in_the_link() {
        let playground = Rc::new(Playground::new(
            Settings::builtin("abandoned-dump").unwrap(),
        ))
        .reduce(Action::ChooseAssumptions(Assumptions {
            timing: Timing::Any,
            activity: Activity::Active,
            cancel: Cancel::On,
        }))
        .reduce(Action::Step);
        let fragment = playground.fragment();
        assert!(
            fragment.contains("timing=any&activity=active&cancel=on"),
            "{fragment}"
        );
        let restored = Playground::from_fragment(&fragment);
        assert_eq!(restored.error(), None);
        assert_eq!(restored.settings(), playground.settings());
    }
}

#[cfg(test)]
mod built {
    use super::*;

    fn mine() -> Scenario {
        let mut scenario = Scenario::builtin("wedged-worker", Some(3)).unwrap();
        scenario.name = "mine".to_owned();
        scenario.timeout_steps = 2;
        scenario
    }

    #[test]
    fn a_built_scenario_runs_and_its_link_reopens_the_same_moment() {
        let code = mine().to_link_code();
        let playground = play(
            Playground::default(),
            [
                Action::Build(code.clone()),
                Action::Step,
                Action::Step,
                Action::Step,
            ],
        );
        assert_eq!(playground.error(), None);
        assert_eq!(playground.settings().built.as_deref(), Some(code.as_str()));
        assert_eq!(playground.run().model().scenario(), &mine());
        let link = playground.fragment();
        assert!(link.starts_with(&format!("built={code}&")), "{link}");
        assert!(!link.contains("scenario="), "{link}");
        let reopened = Playground::from_fragment(&link);
        assert_eq!(reopened.error(), None);
        assert_eq!(reopened.settings(), playground.settings());
        assert_eq!(reopened.run().cursor(), 3);
        assert_eq!(reopened.run().moment(), playground.run().moment());
        // The same scenario built again (a refused value typed back as it
        // was) keeps the run where it is; another one starts afresh.
        let again = play(playground.clone(), [Action::Build(code.clone())]);
        assert_eq!(again.run().cursor(), 3);
        assert_eq!(again.run().moment(), playground.run().moment());
        let mut other = mine();
        other.timeout_steps = 3;
        let rebuilt = play(playground.clone(), [Action::Build(other.to_link_code())]);
        assert_eq!(rebuilt.run().cursor(), 0);
        // A worker count of its own travels too, and is checked against
        // the tasks' workers.
        let four = play(reopened, [Action::ChooseWorkers(4)]);
        assert_eq!(four.run().model().worker_count(), 4);
        let again = Playground::from_fragment(&four.fragment());
        assert_eq!(again.run().model().worker_count(), 4);
        let one = play(again.clone(), [Action::ChooseWorkers(1)]);
        assert_eq!(one.run().model().worker_count(), 4);
        let error = one.error().unwrap_or_default();
        assert!(
            error.contains("tasks[3].worker: worker 1 does not exist"),
            "{error}"
        );
    }

    #[test]
    fn a_refused_scenario_keeps_the_run_and_says_why() {
        let before = play(
            Playground::new(Settings::builtin("two-requesters").unwrap()),
            [Action::Step],
        );
        let mut bad = mine();
        bad.event_interval = 0;
        let after = play(before.clone(), [Action::Build(bad.to_link_code())]);
        let error = after.error().unwrap_or_default();
        assert!(
            error.contains("event_interval: must be from 1 to 1000, got 0"),
            "{error}"
        );
        assert_eq!(after.fragment(), before.fragment());
        let after = play(
            before.clone(),
            [Action::ImportScenario(Err("scenario JSON: oops".into()))],
        );
        assert!(after.error().unwrap_or_default().contains("oops"));
        assert_eq!(after.fragment(), before.fragment());
    }

    #[test]
    fn links_to_built_scenarios_that_cannot_open_say_which_problem() {
        let code = mine().to_link_code();
        for (link, expected) in [
            (
                format!("built=2,{}", &code[2..]),
                "written by a newer Rendezvous",
            ),
            ("built=1,n:x,w2".to_owned(), "has no `e`"),
            (
                format!(
                    "built={}",
                    "1,n:x,w2,e3,o6,r".to_owned() + &",r".repeat(2000)
                ),
                "characters long",
            ),
            (format!("built={code}&scenario=wedged-worker"), "both"),
        ] {
            let opened = Playground::from_fragment(&link);
            let error = opened.error().unwrap_or_default();
            assert!(error.contains(expected), "{link}: {error}");
            assert_eq!(opened.settings(), &Settings::default_scenario());
        }
        // Followed while a run is on the stage, a bad link keeps that run.
        let before = play(
            Playground::new(Settings::builtin("two-requesters").unwrap()),
            [Action::Step],
        );
        let after = play(before.clone(), [Action::LoadFragment("built=9,n:x".into())]);
        let error = after.error().unwrap_or_default();
        assert!(error.contains("newer"), "{error}");
        assert!(error.contains("The run on screen is unchanged"), "{error}");
        assert_eq!(after.fragment(), before.fragment());
    }
}
