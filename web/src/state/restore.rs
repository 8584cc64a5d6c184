//! Building runs: from settings, and from a link's fragment.

use super::*;

/// The name of a setting, unless it is the default (links stay short).
pub(super) fn non_default<T: Default + PartialEq>(
    value: T,
    name: fn(T) -> &'static str,
) -> Option<String> {
    (value != T::default()).then(|| name(value).to_owned())
}

/// A fresh run of `settings` and the scenario's own schedule.
pub(super) fn build(settings: &Settings) -> Result<(Run, Vec<Move>), String> {
    let scenario = settings.scenario().map_err(|error| match settings.built {
        Some(_) => format!("the built scenario: {error}"),
        None => error,
    })?;
    let script = scenario
        .schedule
        .as_deref()
        .and_then(|text| schedule::parse(text).ok())
        .unwrap_or_default();
    let run = Run::new(scenario, settings.variant, settings.assumptions)
        .map_err(|error| error.to_string())?;
    Ok((run, script))
}

pub(super) fn default_run() -> (Run, Vec<Move>) {
    match build(&Settings::default_scenario()) {
        Ok(built) => built,
        // The default scenario is built in and valid; should core ever
        // refuse it, fall back to its one-worker form.
        Err(_) => {
            let scenario = rendezvous_core::Scenario {
                name: DEFAULT_SCENARIO.to_owned(),
                title: String::new(),
                description: String::new(),
                workers: 1,
                tasks: Vec::new(),
                requesters: vec![Default::default()],
                event_interval: 3,
                timeout_steps: 6,
                variant: Variant::Tokio,
                schedule: None,
                spawners: Vec::new(),
                callers: Vec::new(),
                dropper: None,
                searching: true,
                all_parked: false,
            };
            let model = rendezvous_core::Model::new(scenario, Variant::Tokio, Default::default());
            match model {
                Ok(model) => (Run::from_model(model), Vec::new()),
                Err(error) => unreachable_default(&error),
            }
        }
    }
}

#[cold]
pub(super) fn unreachable_default(error: &str) -> ! {
    panic!("the built-in default scenario is invalid: {error}")
}

pub(super) fn record_random_run(run: &mut Run, seed: u64) {
    // A random policy only ever picks enabled moves, so this cannot fail.
    let _ = run.run_to_end(&mut Policy::random(seed), RANDOM_RUN_STEPS);
    run.seek(0);
}

/// The run a fragment describes: `Ok(None)` for an empty fragment.
pub(super) fn restore(text: &str) -> Result<Option<(Settings, Run, Vec<Move>)>, String> {
    let fragment = Fragment::parse(text)?;
    if fragment.is_empty() {
        return Ok(None);
    }
    let mut settings = match (&fragment.built, &fragment.scenario) {
        (Some(_), Some(_)) => {
            return Err("the link names both a built-in scenario and a built one".to_owned())
        }
        (Some(code), None) => Settings::built(code, Assumptions::default())
            .map_err(|error| format!("the link's built scenario: {error}"))?,
        (None, name) => Settings::builtin(name.as_deref().unwrap_or(DEFAULT_SCENARIO))?,
    };
    if let Some(variant) = &fragment.variant {
        settings.variant = variant.parse()?;
    }
    if let Some(workers) = fragment.workers {
        settings.workers = workers;
    }
    settings.seed = fragment.seed;
    if let Some(timing) = &fragment.timing {
        settings.assumptions.timing = timing.parse()?;
    }
    if let Some(activity) = &fragment.activity {
        settings.assumptions.activity = activity.parse()?;
    }
    if let Some(cancel) = &fragment.cancel {
        settings.assumptions.cancel = cancel.parse()?;
    }
    if let Some(stop) = fragment.tour {
        let stops = crate::tours::tour(&settings.scenario).map_or(0, |tour| tour.stops.len());
        if stop >= stops {
            return Err(format!(
                "the link's `tour` is {stop}; the tour of {} has {stops} stops, from 0",
                settings.scenario
            ));
        }
    }
    let (mut run, script) = build(&settings)?;
    match fragment.schedule.as_deref() {
        Some(text) => {
            let moves = schedule::parse(text).map_err(|error| format!("the link's {error}"))?;
            if moves.len() > MAX_STEPS {
                return Err(format!(
                    "the link's schedule has {} steps; the page records at most {MAX_STEPS}",
                    moves.len()
                ));
            }
            for step in moves {
                run.step(step)
                    .map_err(|error| format!("the link's schedule: {error}"))?;
            }
        }
        None => {
            if let Some(seed) = settings.seed {
                record_random_run(&mut run, seed);
            }
        }
    }
    let mut playground = Playground::assemble(settings, run, script, None);
    // Without a step, a link shows the end of its schedule, or the start
    // of a random run recorded from its seed.
    let target = match (fragment.step, &fragment.schedule) {
        (Some(step), _) => step,
        (None, Some(_)) => playground.run.len(),
        (None, None) => 0,
    };
    if target > playground.run.len() {
        // A link may ask for more steps than its schedule lists: take them
        // with the scheduler, as the Step button would.
        playground.run.seek(playground.run.len());
        while playground.run.len() < target.min(MAX_STEPS) && playground.step_forward() {}
    }
    playground.run.seek(target);
    let Playground {
        settings,
        run,
        script,
        ..
    } = playground;
    Ok(Some((settings, run, script)))
}
