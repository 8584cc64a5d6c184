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
    /// The built-in scenario's name.
    pub scenario: String,
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
            variant: Variant::Tokio,
            workers: 3,
            seed: None,
            assumptions: Assumptions::default(),
        }
    }

    /// The fewest workers the scenario allows.
    pub fn min_workers(&self) -> usize {
        BUILTINS
            .iter()
            .find(|entry| entry.name == self.scenario)
            .map_or(1, |entry| entry.min_workers)
    }
}

/// Something the user (or the playback timer, or the URL) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// One step forward: along the recorded run, else the scenario's own
    /// schedule, else the scheduler (round-robin or the random seed).
    Step,
    /// One step back.
    Back,
    /// To step 0.
    First,
    /// To the last recorded step.
    Last,
    /// To step `n` of the recorded run.
    Seek(usize),
    /// Exactly this move, chosen by the user on the stage.
    Take(Move),
    /// A fresh round-robin run of the same scenario.
    Reset,
    /// The playback timer fired.
    Tick,
    /// Start or stop playback.
    TogglePlay,
    /// Stop playback.
    Pause,
    /// Steps per second.
    SetSpeed(u32),
    /// Another built-in scenario, as it ships.
    ChooseScenario(String),
    /// Another variant of the same scenario.
    ChooseVariant(Variant),
    /// Another worker count for the same scenario.
    ChooseWorkers(usize),
    /// Other assumptions for the same scenario.
    ChooseAssumptions(Assumptions),
    /// The seed for the next random run.
    SetSeed(u64),
    /// Record a random run from the seed and rewind to its start.
    RandomRun,
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Hide the keyboard help.
    CloseHelp,
    /// Hide the error message.
    DismissError,
    /// Restore the run a URL fragment describes (the URL already says so:
    /// the browser's history moved, or a link was followed).
    LoadFragment(String),
    /// Open the run a fragment describes as the user's own decision (a
    /// replayed counterexample): like a link, it gets its own entry in the
    /// browser's history.
    Open(String),
    /// Open the run of a trace file, as the checker's worker read it with
    /// core's reader (`checker-wasm/src/files.rs`), or say why the file
    /// was refused; a refused file leaves the run alone.
    ImportTrace(Result<RunParts, String>),
    /// A trace file could not be written: why (the run stays).
    ExportFailed(String),
    /// Go to stop `n` (0-based) of the scenario's guided tour, on the
    /// scenario's default run.
    Tour(usize),
    /// Leave the tour.
    EndTour,
    /// Switch between the full playground and the presenter view (the
    /// stage, the step controls and the narration in large type).
    TogglePresenter,
}

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
            presenter: false,
        }
    }

    /// The playground a URL fragment describes; a bad fragment gives the
    /// default scenario and says why.
    pub fn from_fragment(text: &str) -> Playground {
        let mut playground = Playground::default();
        playground.load_fragment(text);
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

    /// Whether the presenter view is on.
    pub fn presenter(&self) -> bool {
        self.presenter
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
            scenario: Some(self.settings.scenario.clone()),
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

    /// A fresh round-robin run of the settings with one choice changed.
    fn rechoose(&mut self, change: impl FnOnce(&mut Settings)) {
        let mut settings = Settings {
            seed: None,
            ..self.settings.clone()
        };
        change(&mut settings);
        self.rebuild(settings);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Step => {
                self.playing = false;
                self.step_forward();
            }
            Action::Back => {
                self.playing = false;
                self.run.back();
            }
            Action::First => {
                self.playing = false;
                self.run.seek(0);
            }
            Action::Last => {
                self.playing = false;
                self.run.seek(self.run.len());
            }
            Action::Seek(target) => {
                self.playing = false;
                self.run.seek(target);
            }
            Action::Take(step) => {
                self.playing = false;
                self.decisions += 1;
                self.tour = None;
                if let Err(error) = self.run.step(step) {
                    self.error = Some(error.to_string());
                }
            }
            Action::Reset => {
                let settings = Settings {
                    seed: None,
                    ..self.settings.clone()
                };
                self.rebuild(settings);
            }
            Action::Tick => {
                if self.playing && (!self.step_forward() || self.last_step_broke_a_property()) {
                    self.playing = false;
                }
            }
            Action::TogglePlay => self.playing = !self.playing && self.can_step_forward(),
            Action::Pause => self.playing = false,
            Action::SetSpeed(speed) => {
                if SPEEDS.contains(&speed) {
                    self.speed = speed;
                }
            }
            Action::ChooseScenario(name) => match Settings::builtin(&name) {
                Ok(settings) => self.rebuild(settings),
                Err(error) => self.error = Some(error),
            },
            Action::ChooseVariant(variant) => self.rechoose(|settings| settings.variant = variant),
            Action::ChooseWorkers(workers) => self.rechoose(|settings| settings.workers = workers),
            Action::ChooseAssumptions(assumptions) => {
                self.rechoose(|settings| settings.assumptions = assumptions)
            }
            Action::SetSeed(seed) => self.seed_input = seed,
            Action::RandomRun => {
                let settings = Settings {
                    seed: Some(self.seed_input),
                    ..self.settings.clone()
                };
                self.rebuild(settings);
            }
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::CloseHelp => self.help_open = false,
            Action::DismissError => self.error = None,
            Action::LoadFragment(text) => {
                if text.trim_start_matches('#') != self.fragment() {
                    self.playing = false;
                    self.load_fragment(&text);
                }
            }
            Action::Open(text) => {
                if text.trim_start_matches('#') != self.fragment() {
                    self.playing = false;
                    self.decisions += 1;
                    self.load_fragment(&text);
                }
            }
            Action::Tour(stop) => {
                self.go_to_stop(stop);
                if self.tour == Some(stop) {
                    // Each stop is a moment the user chose to see: the
                    // browser's Back returns to the one before. (A link to a
                    // stop, or Back itself, goes through `LoadFragment` and
                    // adds nothing.)
                    self.decisions += 1;
                    self.tour_decisions = self.decisions;
                }
            }
            Action::EndTour => self.tour = None,
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::ImportTrace(Ok(parts)) => {
                let fragment = Fragment::of_run(
                    &parts.scenario,
                    parts.variant,
                    Some(parts.workers),
                    parts.assumptions,
                    Some(&parts.schedule),
                    Some(parts.cursor),
                )
                .format();
                match restore(&fragment) {
                    Ok(Some((settings, run, script))) => {
                        self.playing = false;
                        self.tour = None;
                        self.decisions += 1;
                        self.settings = settings;
                        self.run = run;
                        self.script = script;
                        self.error = None;
                    }
                    Ok(None) | Err(_) => {
                        self.error = Some(format!(
                            "This trace file could not be opened: its run ({fragment}) is not one the page can show. The run on screen is unchanged."
                        ));
                    }
                }
            }
            Action::ExportFailed(error) => {
                self.error = Some(format!("The trace file could not be written: {error}."));
            }
            Action::ImportTrace(Err(error)) => {
                self.error = Some(format!(
                    "This trace file could not be opened: {error}. The run on screen is unchanged."
                ));
            }
        }
    }

    /// Replaces the run with a fresh one of `settings` (recording the whole
    /// random run when there is a seed), keeping the old one if the new
    /// settings are refused.
    fn rebuild(&mut self, settings: Settings) {
        self.playing = false;
        self.decisions += 1;
        self.tour = None;
        match build(&settings) {
            Ok((run, script)) => {
                self.run = run;
                self.script = script;
                self.error = None;
                if let Some(seed) = settings.seed {
                    self.seed_input = seed;
                    record_random_run(&mut self.run, seed);
                }
                self.settings = settings;
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// Shows stop `stop` of the scenario's tour: on the scenario's default
    /// run (rebuilt unless the tour is already on it), recorded as far as
    /// the stop.
    fn go_to_stop(&mut self, stop: usize) {
        let name = self.settings.scenario.clone();
        let Some(tour) = crate::tours::tour(&name) else {
            self.error = Some(format!("The scenario {name} has no guided tour."));
            return;
        };
        let Some(target) = tour.stops.get(stop) else {
            self.error = Some(format!(
                "The tour of {name} has {} stops; there is no stop {}.",
                tour.stops.len(),
                stop.saturating_add(1)
            ));
            return;
        };
        if self.tour.is_none() || self.decisions != self.tour_decisions {
            match Settings::builtin(&name) {
                Ok(settings) => self.rebuild(settings),
                Err(error) => {
                    self.error = Some(error);
                    return;
                }
            }
        }
        self.playing = false;
        self.run.seek(self.run.len());
        let mut found = target.step_in(&self.run);
        while found.is_none()
            && self.run.len() < crate::tours::MAX_TOUR_STEPS
            && self.step_forward()
        {
            found = target.step_in(&self.run);
        }
        let Some(step) = found else {
            self.error = Some(format!(
                "stop {} of this tour is not in the scenario's run; the run is kept",
                stop + 1
            ));
            return;
        };
        self.run.seek(step);
        self.tour = Some(stop);
        self.tour_decisions = self.decisions;
    }

    fn load_fragment(&mut self, text: &str) {
        self.tour = None;
        self.presenter =
            Fragment::parse(text).is_ok_and(|fragment| fragment.presenter == Some(true));
        match restore(text) {
            Ok(Some((settings, run, script))) => {
                if let Some(seed) = settings.seed {
                    self.seed_input = seed;
                }
                self.settings = settings;
                self.run = run;
                self.script = script;
                self.error = None;
                if let Ok(Fragment {
                    tour: Some(stop),
                    schedule,
                    ..
                }) = Fragment::parse(text)
                {
                    if schedule.is_none() {
                        self.go_to_stop(stop);
                    } else {
                        // The link's own run, at a stop of the tour: only
                        // a stop the scenario's tour has.
                        let name = &self.settings.scenario;
                        match crate::tours::tour(name) {
                            Some(tour) if stop < tour.stops.len() => {
                                self.tour = Some(stop);
                                self.tour_decisions = self.decisions;
                            }
                            Some(tour) => {
                                self.error = Some(format!(
                                    "The tour of {name} has {} stops; there is no stop {}.",
                                    tour.stops.len(),
                                    stop.saturating_add(1)
                                ))
                            }
                            None => {
                                self.error =
                                    Some(format!("The scenario {name} has no guided tour."))
                            }
                        }
                    }
                }
            }
            Ok(None) => {}
            Err(error) => {
                self.settings = Settings::default_scenario();
                let (run, script) = default_run();
                self.run = run;
                self.script = script;
                self.error = Some(format!(
                    "This link could not be opened: {error}. Showing the default scenario \
                     ({DEFAULT_SCENARIO}) instead."
                ));
            }
        }
    }

    /// Whether [`Action::Step`] can move.
    pub fn can_step_forward(&self) -> bool {
        self.run.cursor() < self.run.len()
            || (self.run.len() < MAX_STEPS
                && self
                    .run
                    .enabled()
                    .iter()
                    .any(|step| !matches!(step, Move::Release(_))))
    }

    /// One step forward; false when nothing could move.
    fn step_forward(&mut self) -> bool {
        if self.run.cursor() < self.run.len() {
            return self.run.forward().is_ok();
        }
        if self.run.len() >= MAX_STEPS {
            self.error = Some(format!(
                "This run has reached {MAX_STEPS} steps, the most the page records."
            ));
            return false;
        }
        match self.automatic_move() {
            Some(step) => match self.run.step(step) {
                Ok(()) => true,
                Err(error) => {
                    self.error = Some(error.to_string());
                    false
                }
            },
            None => false,
        }
    }

    /// The move the scheduler takes at the end of the recorded run.
    fn automatic_move(&mut self) -> Option<Move> {
        let cursor = self.run.cursor();
        match self.settings.seed {
            None => {
                let scripted = self.script.get(cursor).copied().filter(|&next| {
                    self.run
                        .steps()
                        .iter()
                        .zip(&self.script)
                        .all(|(step, scripted)| step.action == *scripted)
                        && self.run.enabled().contains(&next)
                });
                scripted.or_else(|| self.run.choose(&mut Policy::RoundRobin))
            }
            Some(seed) => {
                // Beyond the recorded random run, each step draws from a
                // generator seeded by the seed and the step number, so a
                // reloaded link goes on exactly as the original would.
                let seed = seed ^ (cursor as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                self.run.choose(&mut Policy::random(seed))
            }
        }
    }

    fn last_step_broke_a_property(&self) -> bool {
        let cursor = self.run.cursor();
        cursor > 0
            && self
                .run
                .events_of(cursor - 1)
                .iter()
                .any(|event| matches!(event, Event::PropertyBroken { .. }))
    }

    /// Keeps one narration per recorded step, recomputing only those whose
    /// step changed.
    fn sync_narrations(&mut self) {
        let steps = self.run.steps();
        let same = self
            .narrations
            .iter()
            .zip(steps)
            .take_while(|((narrated, _), step)| *narrated == step.action)
            .count();
        self.narrations.truncate(same);
        for (index, step) in steps.iter().enumerate().skip(same) {
            let text = AttrValue::from(self.run.narration_of(index));
            self.narrations.push((step.action, text));
        }
    }
}

/// The name of a setting, unless it is the default (links stay short).
fn non_default<T: Default + PartialEq>(value: T, name: fn(T) -> &'static str) -> Option<String> {
    (value != T::default()).then(|| name(value).to_owned())
}

/// A fresh run of `settings` and the scenario's own schedule.
fn build(settings: &Settings) -> Result<(Run, Vec<Move>), String> {
    let scenario = Scenario::builtin(&settings.scenario, Some(settings.workers))?;
    let script = scenario
        .schedule
        .as_deref()
        .and_then(|text| schedule::parse(text).ok())
        .unwrap_or_default();
    let run = Run::new(scenario, settings.variant, settings.assumptions)
        .map_err(|error| error.to_string())?;
    Ok((run, script))
}

fn default_run() -> (Run, Vec<Move>) {
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
fn unreachable_default(error: &str) -> ! {
    panic!("the built-in default scenario is invalid: {error}")
}

fn record_random_run(run: &mut Run, seed: u64) {
    // A random policy only ever picks enabled moves, so this cannot fail.
    let _ = run.run_to_end(&mut Policy::random(seed), RANDOM_RUN_STEPS);
    run.seek(0);
}

/// The run a fragment describes: `Ok(None)` for an empty fragment.
fn restore(text: &str) -> Result<Option<(Settings, Run, Vec<Move>)>, String> {
    let fragment = Fragment::parse(text)?;
    if fragment.is_empty() {
        return Ok(None);
    }
    let name = fragment.scenario.as_deref().unwrap_or(DEFAULT_SCENARIO);
    let mut settings = Settings::builtin(name)?;
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

#[cfg(test)]
mod tests {
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
        assert!(error.contains("there is no stop"), "{error}");
    }

    /// Found by the `fragment_restore` fuzz target: a link with a
    /// schedule kept any tour stop, so the tour panel showed "Stop 74 of
    /// 7", and the link the page wrote back did not reopen.
    #[test]
    fn a_link_with_a_schedule_keeps_only_a_stop_of_the_tour() {
        let playground = Playground::from_fragment("#scenario=abandoned-dump&schedule=r0&tour=73");
        let error = playground.error().unwrap_or_default();
        assert!(error.contains("there is no stop 74"), "{error}");
        assert_eq!(playground.tour(), None);
        assert_eq!(playground.run().schedule(), "r0");
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
