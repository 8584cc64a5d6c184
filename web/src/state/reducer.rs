//! The reducer: how each [`Action`] changes the playground.

use super::restore::{record_random_run, restore};
use super::*;

impl Playground {
    /// A fresh round-robin run of the settings with one choice changed.
    pub(super) fn rechoose(&mut self, change: impl FnOnce(&mut Settings)) {
        let mut settings = Settings {
            seed: None,
            ..self.settings.clone()
        };
        change(&mut settings);
        self.rebuild(settings);
    }

    pub(super) fn apply(&mut self, action: Action) {
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
            // The scenario already on the stage (a refused value typed
            // back as it was) keeps its run.
            Action::Build(code) if self.settings.built.as_ref() == Some(&code) => {}
            Action::Build(code) => match Settings::built(&code, self.settings.assumptions) {
                Ok(settings) => self.rebuild(settings),
                Err(error) => {
                    self.error = Some(format!(
                    "This scenario could not be built: {error}. The run on screen is unchanged."
                ))
                }
            },
            Action::ImportScenario(Ok(code)) => {
                match Settings::built(&code, self.settings.assumptions) {
                    Ok(settings) => self.rebuild(settings),
                    Err(error) => {
                        self.error = Some(format!(
                            "This scenario file could not be opened: {error}. The run on screen is unchanged."
                        ))
                    }
                }
            }
            Action::ImportScenario(Err(error)) => {
                self.error = Some(format!(
                    "This scenario file could not be opened: {error}. The run on screen is unchanged."
                ));
            }
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
                    self.load_fragment(&text, false);
                }
            }
            Action::Open(text) => {
                if text.trim_start_matches('#') != self.fragment() {
                    self.playing = false;
                    self.decisions += 1;
                    self.load_fragment(&text, false);
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
            Action::ImportTrace(Ok(fragment)) => match restore(&fragment) {
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
            },
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
    pub(super) fn rebuild(&mut self, settings: Settings) {
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
    pub(super) fn go_to_stop(&mut self, stop: usize) {
        // The tour panel offers only its own stops, and a link's stop is
        // checked when it is read (`restore`, which says why it refuses
        // one): there is no other way here, so nothing more to say.
        let name = self.settings.scenario.clone();
        let Some(target) = crate::tours::tour(&name).and_then(|tour| tour.stops.get(stop)) else {
            return;
        };
        if self.tour.is_none() || self.decisions != self.tour_decisions {
            let fresh = match &self.settings.built {
                // A built scenario's tour (the tour of the scenario it is a
                // copy of) runs on its own default run.
                Some(_) => Ok(Settings {
                    seed: None,
                    ..self.settings.clone()
                }),
                None => Settings::builtin(&name),
            };
            match fresh {
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
        self.tour_step = step;
        self.tour_decisions = self.decisions;
    }

    /// Opens the run a link's fragment describes. A link that cannot be
    /// opened leaves the run on the stage alone and says why (`opening`:
    /// the page is opening, so the run is the default scenario's).
    pub(super) fn load_fragment(&mut self, text: &str, opening: bool) {
        let restored = restore(text);
        if restored.is_ok() {
            self.tour = None;
            self.presenter =
                Fragment::parse(text).is_ok_and(|fragment| fragment.presenter == Some(true));
        }
        match restored {
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
                    // `restore` refused a stop the scenario's tour lacks.
                    if schedule.is_none() {
                        self.go_to_stop(stop);
                    } else {
                        // The link's own run, at a stop of the tour.
                        self.tour = Some(stop);
                        self.tour_step = self.run.cursor();
                        self.tour_decisions = self.decisions;
                    }
                }
            }
            Ok(None) => {}
            Err(error) if opening => {
                self.error = Some(format!(
                    "This link could not be opened: {error}. Showing the default scenario \
                     ({DEFAULT_SCENARIO}) instead."
                ));
            }
            Err(error) => {
                self.error = Some(format!(
                    "This link could not be opened: {error}. The run on screen is unchanged."
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
    pub(super) fn step_forward(&mut self) -> bool {
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
    pub(super) fn automatic_move(&mut self) -> Option<Move> {
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

    pub(super) fn last_step_broke_a_property(&self) -> bool {
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
    pub(super) fn sync_narrations(&mut self) {
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
