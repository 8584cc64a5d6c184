//! The playground's state: one recorded run of the simulation and the
//! page's settings. It changes only through an [`Action`] handed to
//! [`Playground::reduce`]; every component draws from it.
//!
//! Everything the stage shows is derived from `run.state()` and the steps
//! recorded up to the cursor, so moving the cursor back restores the page
//! exactly. Nothing here touches the browser: the URL, the keyboard and the
//! playback timer live in hooks and components.

use crate::checker_bridge::RunParts;
use crate::fragment::Fragment;
use rendezvous_core::scenario::BUILTINS;
use rendezvous_core::{
    schedule, Action as Move, Activity, Assumptions, Cancel, Event, Policy, Run, Scenario, Timing,
    Variant,
};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;
use yew::{AttrValue, Reducible};

/// The scenario shown when the URL names none.
pub const DEFAULT_SCENARIO: &str = "quiet-runtime";
/// The most steps a random run records in advance.
pub const RANDOM_RUN_STEPS: usize = 1000;
/// The most steps a run may record; stepping stops there.
pub const MAX_STEPS: usize = 5000;
/// The playback speeds offered, in steps per second.
pub const SPEEDS: [u32; 6] = [1, 2, 4, 8, 16, 32];
/// The playback speed at first.
pub const DEFAULT_SPEED: u32 = 4;
/// The seed offered at first.
pub const DEFAULT_SEED: u64 = 1;

/// What the user chose: everything needed, with the schedule, to rebuild a
/// run.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Settings {
    /// The scenario's name: a built-in one's, or the built one's.
    pub scenario: String,
    /// A scenario built in the page, as its link code
    /// ([`Scenario::to_link_code`]); `None` for a built-in scenario. It
    /// holds the worker count and the tasks: `workers` repeats its count.
    pub built: Option<String>,
    /// The protocol variant.
    pub variant: Variant,
    /// The number of workers.
    pub workers: usize,
    /// `Some` for a random run: the seed of its scheduler.
    pub seed: Option<u64>,
    /// When waits may time out, whether I/O wakes workers, whether callers
    /// may give up.
    pub assumptions: Assumptions,
}

impl Settings {
    /// The built-in scenario `name` as it ships: its worker count and
    /// variant, round-robin.
    pub fn builtin(name: &str) -> Result<Settings, String> {
        let scenario = Scenario::builtin(name, None)?;
        Ok(Settings {
            scenario: scenario.name,
            built: None,
            variant: scenario.variant,
            workers: scenario.workers,
            seed: None,
            assumptions: Assumptions::default(),
        })
    }

    /// The default scenario.
    pub fn default_scenario() -> Settings {
        Settings {
            scenario: DEFAULT_SCENARIO.to_owned(),
            built: None,
            variant: Variant::Tokio,
            workers: 3,
            seed: None,
            assumptions: Assumptions::default(),
        }
    }

    /// A scenario built in the page, as it was built: its own worker count
    /// and variant, round-robin, under `assumptions`.
    ///
    /// # Errors
    ///
    /// The core's sentence when the code cannot be read or names a field
    /// out of range ([`Scenario::from_link_code`]).
    pub fn built(code: &str, assumptions: Assumptions) -> Result<Settings, String> {
        let scenario = Scenario::from_link_code(code)?;
        Ok(Settings {
            scenario: scenario.name,
            built: Some(code.to_owned()),
            variant: scenario.variant,
            workers: scenario.workers,
            seed: None,
            assumptions,
        })
    }

    /// The scenario these settings run: the built one, or the built-in
    /// one with `workers` workers.
    ///
    /// # Errors
    ///
    /// Why the scenario cannot be made (an unknown name, a worker count out
    /// of range, a built scenario's field out of range).
    pub fn scenario(&self) -> Result<Scenario, String> {
        match &self.built {
            Some(code) => {
                let mut scenario = Scenario::from_link_code(code)?;
                if scenario.workers != self.workers {
                    scenario.workers = self.workers;
                    scenario.validate().map_err(|error| error.to_string())?;
                }
                Ok(scenario)
            }
            None => Scenario::builtin(&self.scenario, Some(self.workers)),
        }
    }

    /// The fewest workers the scenario allows (1 for a built scenario: its
    /// tasks' workers are checked when the count changes).
    pub fn min_workers(&self) -> usize {
        if self.built.is_some() {
            return 1;
        }
        BUILTINS
            .iter()
            .find(|entry| entry.name == self.scenario)
            .map_or(1, |entry| entry.min_workers)
    }
}

mod action;
mod reducer;
mod restore;
#[cfg(test)]
mod tests;

pub use action::Action;
use restore::{build, default_run, non_default};

/// The playground.
#[derive(Clone, Debug)]
pub struct Playground {
    /// Bumped by every action, so comparing two states is cheap.
    revision: u64,
    /// Bumped by every action that is a decision worth its own entry in the
    /// browser's history (a new scenario, a move chosen by hand); stepping
    /// and seeking only replace the current entry.
    decisions: u64,
    settings: Settings,
    run: Run,
    /// The scenario's own schedule, followed first by round-robin runs.
    script: Vec<Move>,
    /// The narration of every recorded step, with the move it narrates.
    narrations: Vec<(Move, AttrValue)>,
    playing: bool,
    speed: u32,
    help_open: bool,
    error: Option<String>,
    seed_input: u64,
    /// The tour stop shown, while on a guided tour.
    tour: Option<usize>,
    /// `decisions` when the tour last moved: a decision since then (a move
    /// of one's own) means the run is no longer the tour's.
    tour_decisions: u64,
    /// The cursor (steps) at which the tour stop was shown: its moment.
    tour_step: usize,
    /// Whether the presenter view is on.
    presenter: bool,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        next.revision = next.revision.wrapping_add(1);
        next.sync_narrations();
        Rc::new(next)
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new(Settings::default_scenario())
    }
}

impl Playground {
    /// A fresh run of `settings` (falling back to the default scenario, with
    /// an error shown, if the settings cannot be built).
    pub fn new(settings: Settings) -> Playground {
        let (settings, run, script, error) = match build(&settings) {
            Ok((run, script)) => (settings, run, script, None),
            Err(error) => {
                let fallback = Settings::default_scenario();
                let (run, script) = default_run();
                (fallback, run, script, Some(error))
            }
        };
        let mut playground = Playground::assemble(settings, run, script, error);
        playground.sync_narrations();
        playground
    }

    /// A playground at rest around a run, before its narrations are synced.
    fn assemble(settings: Settings, run: Run, script: Vec<Move>, error: Option<String>) -> Self {
        Playground {
            revision: 0,
            decisions: 0,
            seed_input: settings.seed.unwrap_or(DEFAULT_SEED),
            settings,
            run,
            script,
            narrations: Vec::new(),
            playing: false,
            speed: DEFAULT_SPEED,
            help_open: false,
            error,
            tour: None,
            tour_decisions: 0,
            tour_step: 0,
            presenter: false,
        }
    }

    /// The playground a URL fragment describes; a bad fragment gives the
    /// default scenario and says why.
    pub fn from_fragment(text: &str) -> Playground {
        let mut playground = Playground::default();
        playground.load_fragment(text, true);
        playground.sync_narrations();
        playground
    }

    /// The run.
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether playback is on.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Steps per second during playback.
    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// Whether the keyboard help is open.
    pub fn help_open(&self) -> bool {
        self.help_open
    }

    /// The message to show, if something was refused.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The seed in the seed box.
    pub fn seed_input(&self) -> u64 {
        self.seed_input
    }

    /// The guided tour's stop on screen, if on a tour.
    pub fn tour(&self) -> Option<usize> {
        self.tour
    }

    /// The step (the cursor, in steps) the tour's stop shows; the cursor
    /// may have moved off it since.
    pub fn tour_step(&self) -> usize {
        self.tour_step
    }

    /// Whether the presenter view is on.
    pub fn presenter(&self) -> bool {
        self.presenter
    }

    /// How many actions have been applied (see the field): changes with
    /// every action, even one that leaves the run as it was (a link
    /// refused).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many decisions have been made (see the field).
    pub fn decisions(&self) -> u64 {
        self.decisions
    }

    /// The narration of recorded step `index` (0-based).
    pub fn narration(&self, index: usize) -> AttrValue {
        self.narrations
            .get(index)
            .map(|(_, text)| text.clone())
            .unwrap_or_default()
    }

    /// The narrations of the steps up to the cursor.
    pub fn narrations_to_cursor(&self) -> impl Iterator<Item = &AttrValue> {
        let cursor = self.run.cursor().min(self.narrations.len());
        self.narrations[..cursor].iter().map(|(_, text)| text)
    }

    /// For each chunk of `size` recorded steps (the last one may be
    /// shorter), a digest of the settings and every step up to the chunk's
    /// end. The run is a function of its settings and moves, so two equal
    /// stamps mean the chunk's steps, events and narration are equal: a
    /// memoised chunk of the timeline or the log compares its stamp
    /// instead of its contents.
    pub fn chunk_stamps(&self, size: usize) -> Vec<u64> {
        let mut hasher = DefaultHasher::new();
        self.settings.hash(&mut hasher);
        let steps = self.run.steps();
        let mut stamps = Vec::with_capacity(steps.len().div_ceil(size.max(1)));
        for chunk in steps.chunks(size.max(1)) {
            for step in chunk {
                step.action.hash(&mut hasher);
            }
            stamps.push(hasher.finish());
        }
        stamps
    }

    /// The run on the stage by the parts of its link (what the worker
    /// writes a trace file from, `checker-wasm/src/files.rs`).
    pub fn run_parts(&self) -> RunParts {
        RunParts {
            scenario: self.settings.scenario.clone(),
            built: self.settings.built.clone(),
            variant: self.settings.variant,
            workers: self.settings.workers,
            assumptions: self.settings.assumptions,
            schedule: self.run.schedule(),
            cursor: self.run.cursor(),
        }
    }

    /// The URL fragment that restores this exact moment.
    pub fn fragment(&self) -> String {
        Fragment {
            scenario: self
                .settings
                .built
                .is_none()
                .then(|| self.settings.scenario.clone()),
            built: self.settings.built.clone(),
            variant: Some(self.settings.variant.name().to_owned()),
            workers: Some(self.settings.workers),
            schedule: Some(self.run.schedule()),
            step: Some(self.run.cursor()),
            seed: self.settings.seed,
            timing: non_default(self.settings.assumptions.timing, Timing::name),
            activity: non_default(self.settings.assumptions.activity, Activity::name),
            cancel: non_default(self.settings.assumptions.cancel, Cancel::name),
            tour: self.tour,
            presenter: self.presenter.then_some(true),
        }
        .format()
    }
}
