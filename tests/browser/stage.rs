//! The stage draws the state revision 2 of the model added: each worker's
//! LIFO slot, the NOTIFIED bit on task chips, a task queued twice marked in
//! each place, the idle record, the owned-tasks lock, a panicked worker and
//! the actors outside the runtime, whose moves can be taken by hand. Each
//! moment is found by the native core (a run or the checker's
//! counterexample), then opened in the page by its link, and what the page
//! draws is compared with the core's state at that moment.

use crate::support::{assert_healthy, click_to, loaded_at};
use rendezvous_core::checker::{check, CheckConfig};
use rendezvous_core::schedule;
use rendezvous_core::state::WorkerPc;
use rendezvous_core::{Action, Policy, Property, Run, Scenario, State, Variant};
use rendezvous_tests::{with_page, Page, PageOptions};

/// A round-robin run of `scenario` under `variant`, up to the first state
/// `wanted` accepts: the run's schedule and step count.
fn first_moment(scenario: &str, variant: Variant, wanted: impl Fn(&Run) -> bool) -> (Run, usize) {
    let built = Scenario::builtin(scenario, None).expect("built-in");
    let mut run = Run::new(built, variant, Default::default()).expect("valid");
    let mut policy = Policy::RoundRobin;
    while run.len() < 400 {
        if wanted(&run) {
            let steps = run.len();
            return (run, steps);
        }
        if !matches!(run.advance(&mut policy), Ok(Some(_))) {
            break;
        }
    }
    panic!("{scenario} under {variant}: no such moment in its round-robin run");
}

/// The page's link to the end of `run`.
fn link(scenario: &str, variant: Variant, run: &Run) -> String {
    format!(
        "#scenario={scenario}&variant={}&workers={}&schedule={}&step={}",
        variant.name(),
        run.model().worker_count(),
        run.schedule().replace(' ', "+"),
        run.len()
    )
}

/// The idle record and the lock as the page draws them, against `state`.
async fn assert_runtime_drawn(page: &Page, state: &State) {
    let sleepers: Vec<String> = state
        .idle
        .sleepers
        .iter()
        .map(|worker| format!("W{worker}"))
        .collect();
    assert_eq!(
        page.attr("idle-record", "data-sleepers").await.as_deref(),
        Some(sleepers.join(" ").as_str())
    );
    assert_eq!(
        page.attr("idle-record", "data-unparked").await,
        Some(state.idle.num_unparked.to_string())
    );
    assert_eq!(
        page.attr("idle-record", "data-searching").await,
        Some(state.idle.num_searching.to_string())
    );
    assert_eq!(
        page.attr("owned-lock", "data-holder")
            .await
            .unwrap_or_default(),
        state
            .owned_lock
            .map(|worker| format!("W{worker}"))
            .unwrap_or_default()
    );
}

/// The chips of task `task` the page draws: their `data-notified` and
/// `data-handles`.
async fn chips_of(page: &Page, task: u8) -> Vec<(String, String)> {
    let script = format!(
        "return [...document.querySelectorAll('.stage [data-task=\"{task}\"]')]\
         .map(chip => chip.dataset.notified + ' ' + chip.dataset.handles);"
    );
    let value = page.execute(&script).await;
    value
        .as_array()
        .map(|chips| {
            chips
                .iter()
                .filter_map(|chip| chip.as_str())
                .filter_map(|chip| chip.split_once(' '))
                .map(|(notified, handles)| (notified.to_owned(), handles.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_lifo_slot_the_notified_bit_and_the_idle_record_are_drawn() {
    // A task in a LIFO slot, in the scenario made for it.
    let (run, step) = first_moment("lifo-not-gathered", Variant::Tokio, |run| {
        run.state()
            .workers
            .iter()
            .any(|worker| worker.lifo.is_some())
    });
    let path = link("lifo-not-gathered", Variant::Tokio, &run);
    with_page(PageOptions::default().path(&path), |page| async move {
        loaded_at(&page, step).await;
        let state = run.state();
        for (index, worker) in state.workers.iter().enumerate() {
            let lifo = page
                .execute(&format!(
                    "const chip = document.querySelector('[data-testid=lifo-{index}] [data-task]');\
                     return chip ? chip.dataset.task : '';"
                ))
                .await;
            let expected = worker.lifo.map(|task| task.to_string()).unwrap_or_default();
            assert_eq!(
                lifo.as_str(),
                Some(expected.as_str()),
                "W{index}'s LIFO slot"
            );
            if let Some(task) = worker.lifo {
                let bit = state.tasks[task as usize].bit.to_string();
                let chips = chips_of(&page, task).await;
                assert!(!chips.is_empty());
                assert!(
                    chips.iter().all(|(notified, _)| *notified == bit),
                    "{chips:?}"
                );
            }
        }
        assert_runtime_drawn(&page, state).await;
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn a_task_queued_twice_and_a_panicked_worker_are_marked() {
    // The checker's shortest run to S7 (a poll of a task whose bit is
    // clear: the worker panics) under tokio-1.29, where a task gets two
    // handles first.
    let scenario = "wake-self-during-trace";
    let variant = Variant::Tokio129;
    let built = Scenario::builtin(scenario, None).expect("built-in");
    let report = check(built.clone(), variant, CheckConfig::default(), &mut |_| {
        true
    })
    .expect("valid");
    let counterexample = report
        .verdict(Property::S7a)
        .counterexample
        .clone()
        .expect("S7a breaks");
    let mut run = Run::new(built, variant, Default::default()).expect("valid");
    for action in schedule::parse(&counterexample).expect("a schedule") {
        run.step(action).expect("replays");
    }
    let doubled = (0..run.state().tasks.len() as u8)
        .find(|&task| run.state().handles(task) > 1)
        .expect("a task with two handles at S7a's violation");
    // Go on round-robin until a worker panics, if one does soon.
    let mut panicked_run = run.clone();
    let mut policy = Policy::RoundRobin;
    for _ in 0..60 {
        if panicked_run
            .state()
            .workers
            .iter()
            .any(|worker| worker.pc == WorkerPc::Panicked)
        {
            break;
        }
        if !matches!(panicked_run.advance(&mut policy), Ok(Some(_))) {
            break;
        }
    }
    let path = link(scenario, variant, &run);
    let step = run.len();
    with_page(PageOptions::default().path(&path), |page| async move {
        loaded_at(&page, step).await;
        let chips = chips_of(&page, doubled).await;
        assert!(
            chips.len() >= 2,
            "t{doubled} has two handles but is drawn {} time(s)",
            chips.len()
        );
        let handles = run.state().handles(doubled).to_string();
        assert!(
            chips.iter().all(|(_, count)| *count == handles),
            "{chips:?}"
        );
        assert_runtime_drawn(&page, run.state()).await;

        let index = panicked_run
            .state()
            .workers
            .iter()
            .position(|worker| worker.pc == WorkerPc::Panicked)
            .expect("a worker panics on the doubly queued task");
        page.goto(&link(scenario, variant, &panicked_run)).await;
        loaded_at(&page, panicked_run.len()).await;
        let id = format!("worker-{index}");
        assert_eq!(page.attr(&id, "data-pc").await.as_deref(), Some("Panicked"));
        let class = page.attr(&id, "class").await.unwrap_or_default();
        assert!(class.contains("panicked"), "{class}");
        assert_healthy(&page).await;
    })
    .await;
}

#[tokio::test]
async fn a_spawner_is_drawn_and_moved_by_hand() {
    let scenario = "pr8372-spawn-after-dump";
    let variant = Variant::Tokio;
    let (mut run, step) = first_moment(scenario, variant, |run| {
        run.enabled().contains(&Action::Spawner(0))
    });
    let path = link(scenario, variant, &run);
    with_page(PageOptions::default().path(&path), |page| async move {
        loaded_at(&page, step).await;
        assert_eq!(
            page.attr("spawner-0", "data-pc").await.as_deref(),
            Some(run.state().spawners[0].pc.label())
        );
        // Take the spawner's move by hand.
        let before = run.len();
        run.step(Action::Spawner(0)).expect("enabled");
        click_to(&page, "act-s0", before + 1).await;
        assert_eq!(
            page.attr("spawner-0", "data-pc").await.as_deref(),
            Some(run.state().spawners[0].pc.label())
        );
        assert_runtime_drawn(&page, run.state()).await;
        assert_healthy(&page).await;
    })
    .await;
}
