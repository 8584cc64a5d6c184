//! A run: a scenario stepped one action at a time, with time travel.
//!
//! A [`Run`] records every step (action, labels, events) and keeps a copy of
//! the state every [`CHECKPOINT_INTERVAL`] steps, so showing any earlier
//! moment replays at most that many steps from the nearest checkpoint. Moving
//! the cursor back does not forget the future: stepping forward again
//! follows it, and choosing a different action there cuts it off.

use crate::event::Event;
use crate::model::{Action, Model};
use crate::narrate;
use crate::property::{self, PropertySet};
use crate::scenario::{Scenario, MAX_WORKERS};
use crate::schedule;
use crate::state::{State, WorkerPc};
use crate::variant::{Assumptions, Variant};
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};

/// How many steps apart the run keeps full copies of the state.
pub const CHECKPOINT_INTERVAL: usize = 32;

/// What the animator knows beyond the model state: logical time and when
/// each worker started waiting, so a wait can time out a set number of
/// steps after its arrival.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    /// The model state.
    pub state: State,
    /// Steps taken so far: the logical clock.
    pub clock: u32,
    /// For each worker waiting at `trace_start`, the clock at its arrival.
    pub waiting_since: [u32; MAX_WORKERS],
    /// Every safety property broken at some step up to here.
    pub ever_broken: PropertySet,
}

/// One recorded step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What moved.
    pub action: Action,
    /// The actor's label before the step.
    pub from: &'static str,
    /// The actor's label after the step.
    pub to: &'static str,
    /// Where this step's events start in [`Run::events`].
    pub first_event: u32,
    /// One past the last event of this step.
    pub end_event: u32,
}

/// How to choose the next action when the caller does not name one.
#[derive(Clone, Debug)]
pub enum Policy {
    /// The next actor in turn (workers, then requesters) that can move.
    RoundRobin,
    /// A uniformly random enabled action, from a seeded generator.
    Random(Pcg32),
    /// The actions of a prefix in order, then round-robin.
    Scripted {
        /// The prefix.
        prefix: Vec<Action>,
        /// The next prefix action to take.
        next: usize,
    },
    /// The actions of a schedule, in order.
    Replay {
        /// The actions.
        actions: Vec<Action>,
        /// The next one to take.
        next: usize,
    },
}

impl Policy {
    /// A random policy seeded with `seed`: the same seed gives the same run
    /// on every platform.
    pub fn random(seed: u64) -> Policy {
        Policy::Random(Pcg32::seed_from_u64(seed))
    }

    /// A policy that replays `actions`.
    pub fn replay(actions: Vec<Action>) -> Policy {
        Policy::Replay { actions, next: 0 }
    }

    /// How a scenario plays by default: its own schedule first, when it has
    /// one, then round-robin.
    pub fn for_scenario(scenario: &Scenario) -> Result<Policy, RunError> {
        let prefix = match &scenario.schedule {
            Some(text) => schedule::parse(text)
                .map_err(|error| RunError(format!("scenario `{}` {error}", scenario.name)))?,
            None => Vec::new(),
        };
        Ok(Policy::Scripted { prefix, next: 0 })
    }
}

/// How a run stands at its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Some actor can still move.
    Running,
    /// Every requester has finished and no worker is stuck at a barrier.
    Finished,
    /// Nothing can move except the user releasing a blocking task.
    NeedsRelease,
    /// Nothing can move and a requester is still waiting for its dump.
    Deadlock,
    /// Every requester has finished but a worker waits at a barrier for
    /// ever.
    WorkerStuck,
}

/// A refused step or input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunError(pub String);

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RunError {}

/// A scenario being stepped, with its whole history.
#[derive(Clone, Debug)]
pub struct Run {
    model: Model,
    initial: Moment,
    steps: Vec<Step>,
    events: Vec<Event>,
    checkpoints: Vec<Moment>,
    cursor: usize,
    current: Moment,
    scratch: Vec<Action>,
}

impl Run {
    /// A run of `scenario` under `variant` and `assumptions`, at step 0.
    pub fn new(
        scenario: Scenario,
        variant: Variant,
        assumptions: Assumptions,
    ) -> Result<Run, RunError> {
        let model = Model::new(scenario, variant, assumptions).map_err(RunError)?;
        Ok(Run::from_model(model))
    }

    /// A run of `model`, at step 0.
    pub fn from_model(model: Model) -> Run {
        let state = model.initial_state();
        let ever_broken = property::broken_safety(&model, &state);
        let initial = Moment {
            state,
            clock: 0,
            waiting_since: [0; MAX_WORKERS],
            ever_broken,
        };
        Run {
            model,
            checkpoints: vec![initial.clone()],
            current: initial.clone(),
            initial,
            steps: Vec::new(),
            events: Vec::new(),
            cursor: 0,
            scratch: Vec::new(),
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The state at the cursor.
    pub fn state(&self) -> &State {
        &self.current.state
    }

    /// The moment at the cursor (state, clock, wait starts).
    pub fn moment(&self) -> &Moment {
        &self.current
    }

    /// The state before any step.
    pub fn initial_state(&self) -> &State {
        &self.initial.state
    }

    /// How many steps lie before the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many steps are recorded (the cursor may be earlier).
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step is recorded.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The memory the run's history holds, in bytes: recorded steps,
    /// events and checkpoints (the model and the current moment aside).
    pub fn history_bytes(&self) -> usize {
        self.steps.capacity() * std::mem::size_of::<Step>()
            + self.events.capacity() * std::mem::size_of::<Event>()
            + self.checkpoints.capacity() * std::mem::size_of::<Moment>()
    }

    /// Every recorded step.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The events of step `index` (0-based).
    pub fn events_of(&self, index: usize) -> &[Event] {
        let step = &self.steps[index];
        &self.events[step.first_event as usize..step.end_event as usize]
    }

    /// The narration of step `index` (0-based).
    pub fn narration_of(&self, index: usize) -> String {
        narrate::narrate(&self.model, self.steps[index].action, self.events_of(index))
    }

    /// The actions of every recorded step.
    pub fn actions(&self) -> Vec<Action> {
        self.steps.iter().map(|step| step.action).collect()
    }

    /// The recorded steps as a schedule string.
    pub fn schedule(&self) -> String {
        schedule::format(&self.actions())
    }

    /// The actions enabled at the cursor, in the model's order.
    pub fn enabled(&self) -> Vec<Action> {
        let mut out = Vec::new();
        self.model.actions(&self.current.state, &mut out);
        out
    }

    /// Whether a waiting worker's timeout is due in the animator: it has
    /// waited `timeout_steps` steps.
    pub fn timeout_due(&self, worker: u8) -> bool {
        let since = self.current.waiting_since[worker as usize];
        self.current.clock.saturating_sub(since) >= self.model.scenario().timeout_steps
    }

    /// Takes `action` at the cursor. If the cursor is before the end and the
    /// action differs from the recorded one, the future is cut off.
    pub fn step(&mut self, action: Action) -> Result<(), RunError> {
        if !self.model.is_enabled(&self.current.state, action) {
            return Err(RunError(format!(
                "step {} `{}` is not possible now: {}",
                self.cursor + 1,
                schedule::token(action),
                self.why_not(action)
            )));
        }
        if self.cursor < self.steps.len() {
            if self.steps[self.cursor].action == action {
                return self.forward();
            }
            self.truncate_future();
        }
        let first_event = self.events.len() as u32;
        let from = self.label_of(action);
        apply(&self.model, &mut self.current, action, &mut self.events);
        let to = self.label_of(action);
        self.steps.push(Step {
            action,
            from,
            to,
            first_event,
            end_event: self.events.len() as u32,
        });
        self.cursor += 1;
        if self.cursor.is_multiple_of(CHECKPOINT_INTERVAL) {
            self.checkpoints.push(self.current.clone());
        }
        Ok(())
    }

    fn truncate_future(&mut self) {
        let first_event = self.steps[self.cursor].first_event as usize;
        self.steps.truncate(self.cursor);
        self.events.truncate(first_event);
        self.checkpoints
            .truncate(self.cursor / CHECKPOINT_INTERVAL + 1);
    }

    /// Moves the cursor one recorded step forward; false at the end.
    pub fn forward(&mut self) -> Result<(), RunError> {
        let Some(step) = self.steps.get(self.cursor) else {
            return Err(RunError("already at the last recorded step".to_owned()));
        };
        let action = step.action;
        let mut scratch = Vec::new();
        apply(&self.model, &mut self.current, action, &mut scratch);
        self.cursor += 1;
        Ok(())
    }

    /// Moves the cursor one step back; false at the start.
    pub fn back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.seek(self.cursor - 1);
        true
    }

    /// Moves the cursor to `target` (clamped to the recorded steps),
    /// replaying from the nearest checkpoint.
    pub fn seek(&mut self, target: usize) {
        let target = target.min(self.steps.len());
        let checkpoint = (target / CHECKPOINT_INTERVAL).min(self.checkpoints.len() - 1);
        let (mut moment, mut at) =
            if target >= self.cursor && self.cursor >= checkpoint * CHECKPOINT_INTERVAL {
                (self.current.clone(), self.cursor)
            } else {
                (
                    self.checkpoints[checkpoint].clone(),
                    checkpoint * CHECKPOINT_INTERVAL,
                )
            };
        let mut scratch = Vec::new();
        while at < target {
            scratch.clear();
            apply(
                &self.model,
                &mut moment,
                self.steps[at].action,
                &mut scratch,
            );
            at += 1;
        }
        self.current = moment;
        self.cursor = target;
    }

    /// Why `action`, not enabled at the cursor, cannot be taken: an actor
    /// the scenario does not have, a task that is not a blocking one being
    /// polled, or where the actor is.
    fn why_not(&self, action: Action) -> String {
        let actor = narrate::actor_name(action);
        match (action, self.label_of(action)) {
            (_, "?") => format!("{actor} is not in the scenario"),
            (Action::Release(_), _) => format!("{actor} is not a blocking task being polled"),
            (_, label) => format!("{actor} cannot move that way at {label}"),
        }
    }

    /// The label of the actor an action moves, in the current state.
    fn label_of(&self, action: Action) -> &'static str {
        let state = &self.current.state;
        match action {
            Action::Worker(index) | Action::Timeout(index) | Action::Wake(index) => state
                .workers
                .get(index as usize)
                .map_or("?", |worker| worker.pc.label()),
            Action::Requester(index) | Action::Cancel(index) => state
                .requesters
                .get(index as usize)
                .map_or("?", |requester| requester.pc.label()),
            Action::Release(_) => "PollEnd",
            Action::Timer { .. } => "TimerFire",
            Action::Spawner(index) => state
                .spawners
                .get(index as usize)
                .map_or("?", |spawner| spawner.pc.label()),
            Action::OutsideWake(task) => state
                .wakers
                .get(task as usize)
                .map_or("?", |waker| waker.label()),
            Action::Dropper => state.dropper.map_or("?", |dropper| dropper.label()),
            Action::Caller(index) | Action::GiveUp(index) => state
                .callers
                .get(index as usize)
                .map_or("?", |caller| caller.pc.label()),
        }
    }

    /// The action `policy` picks at the cursor, if any can be taken.
    pub fn choose(&mut self, policy: &mut Policy) -> Option<Action> {
        let mut enabled = std::mem::take(&mut self.scratch);
        self.model.actions(&self.current.state, &mut enabled);
        let choice = match policy {
            Policy::Replay { actions, next } => {
                let action = actions.get(*next).copied();
                if action.is_some() {
                    *next += 1;
                }
                action
            }
            Policy::RoundRobin => self.round_robin(&enabled),
            Policy::Scripted { prefix, next } => match prefix.get(*next) {
                Some(&action) => {
                    *next += 1;
                    Some(action)
                }
                None => self.round_robin(&enabled),
            },
            Policy::Random(rng) => {
                let candidates = self.automatic_candidates(&enabled);
                if candidates.is_empty() {
                    None
                } else {
                    let pick = (rng.next_u64() % candidates.len() as u64) as usize;
                    Some(candidates[pick])
                }
            }
        };
        self.scratch = enabled;
        choice
    }

    /// Takes the step `policy` picks; returns it, or `None` when nothing
    /// could be taken.
    pub fn advance(&mut self, policy: &mut Policy) -> Result<Option<Action>, RunError> {
        match self.choose(policy) {
            Some(action) => self.step(action).map(|()| Some(action)),
            None => Ok(None),
        }
    }

    /// Steps with `policy` until it stops or `max_steps` steps are recorded.
    pub fn run_to_end(&mut self, policy: &mut Policy, max_steps: usize) -> Result<(), RunError> {
        while self.steps.len() < max_steps {
            if self.advance(policy)?.is_none() {
                break;
            }
        }
        Ok(())
    }

    /// The actions an automatic scheduler may take: everything enabled but
    /// the user's moves (releasing a task, waking a worker by hand), a
    /// caller giving up unless its scenario says it does, and a timeout
    /// before it is due, unless nothing else can move.
    fn automatic_candidates(&self, enabled: &[Action]) -> Vec<Action> {
        let scenario = self.model.scenario();
        let gives_up = |index: u8| {
            scenario
                .requesters
                .get(index as usize)
                .is_some_and(|spec| spec.gives_up)
        };
        let state = &self.current.state;
        // An actor whose start condition is `any` moves only when stepped
        // by hand or named in a schedule (PROTOCOL.md section 15.1).
        let waits_for_hand = |after: crate::scenario::StartCondition, started: bool| {
            after == crate::scenario::StartCondition::Any && !started
        };
        let mut candidates: Vec<Action> = enabled
            .iter()
            .copied()
            .filter(|action| match *action {
                Action::Worker(_) | Action::Requester(_) | Action::Wake(_) => true,
                Action::Timeout(worker) => self.timeout_due(worker),
                Action::Cancel(requester) => gives_up(requester),
                Action::Release(_) | Action::OutsideWake(_) => false,
                Action::Timer { .. } | Action::Caller(_) => true,
                Action::GiveUp(caller) => scenario.callers[caller as usize].gives_up,
                Action::Spawner(index) => !waits_for_hand(
                    scenario.spawners[index as usize].after,
                    state.spawners[index as usize].pc != crate::state::SpawnerPc::SpawnWait,
                ),
                Action::Dropper => scenario.dropper.as_ref().is_some_and(|spec| {
                    !waits_for_hand(
                        spec.after,
                        state.dropper != Some(crate::state::DropperPc::DropWait),
                    )
                }),
            })
            .collect();
        if candidates.is_empty() {
            if let Some(timeout) = self.earliest_timeout(enabled) {
                candidates.push(timeout);
            }
        }
        candidates
    }

    fn earliest_timeout(&self, enabled: &[Action]) -> Option<Action> {
        enabled
            .iter()
            .copied()
            .filter_map(|action| match action {
                Action::Timeout(worker) => {
                    Some((self.current.waiting_since[worker as usize], action))
                }
                _ => None,
            })
            .min_by_key(|&(since, _)| since)
            .map(|(_, action)| action)
    }

    /// Round-robin: starting after the last actor that moved, the first
    /// actor (workers, then requesters) with a move the automatic scheduler
    /// may take; a due timeout or a caller giving up comes before the
    /// actor's ordinary step.
    fn round_robin(&self, enabled: &[Action]) -> Option<Action> {
        let candidates = self.automatic_candidates(enabled);
        if candidates.is_empty() {
            return None;
        }
        let workers = self.model.worker_count();
        let requesters = self.model.requester_count();
        let callers = self.model.scenario().callers.len();
        let spawners = self.model.scenario().spawners.len();
        let actors = workers + requesters + callers + spawners + 1;
        let slot = |action: Action| match action {
            Action::Worker(index) | Action::Timeout(index) | Action::Wake(index) => {
                Some(index as usize)
            }
            Action::Requester(index) | Action::Cancel(index) => Some(workers + index as usize),
            Action::Caller(index) | Action::GiveUp(index) => {
                Some(workers + requesters + index as usize)
            }
            Action::Spawner(index) => Some(workers + requesters + callers + index as usize),
            Action::Dropper => Some(workers + requesters + callers + spawners),
            Action::Release(_) | Action::Timer { .. } | Action::OutsideWake(_) => None,
        };
        let last = self
            .steps
            .get(..self.cursor)
            .and_then(|steps| steps.iter().rev().find_map(|step| slot(step.action)));
        let start = last.map_or(0, |last| last + 1);
        for offset in 0..actors {
            let actor = (start + offset) % actors;
            let mut own = candidates
                .iter()
                .copied()
                .filter(|&action| slot(action) == Some(actor));
            let first = own.next();
            let special = std::iter::once(first).flatten().chain(own).find(|action| {
                matches!(
                    action,
                    Action::Timeout(_) | Action::Cancel(_) | Action::GiveUp(_)
                )
            });
            if let Some(action) = special.or(first) {
                return Some(action);
            }
        }
        candidates.first().copied()
    }

    /// How the run stands at the cursor.
    pub fn status(&self) -> Status {
        let state = &self.current.state;
        let enabled = self.enabled();
        let automatic = enabled
            .iter()
            .any(|action| !matches!(action, Action::Release(_)));
        if automatic {
            return Status::Running;
        }
        if !enabled.is_empty() {
            return Status::NeedsRelease;
        }
        if property::requester_pending(state) {
            Status::Deadlock
        } else if property::worker_waiting_at_barrier(state) {
            Status::WorkerStuck
        } else {
            Status::Finished
        }
    }

    /// When `property` first broke in the recorded run: `Some(0)` when the
    /// initial state already breaks it, `Some(n)` at step `n` (counting
    /// from 1), `None` when it never broke.
    pub fn first_break(&self, property: crate::property::Property) -> Option<usize> {
        if property::broken_safety(&self.model, &self.initial.state).contains(property) {
            return Some(0);
        }
        (0..self.steps.len())
            .find(|&index| {
                self.events_of(index)
                    .contains(&Event::PropertyBroken { property })
            })
            .map(|index| index + 1)
    }

    /// The safety properties broken at the cursor.
    pub fn broken_now(&self) -> PropertySet {
        property::broken_safety(&self.model, &self.current.state)
    }
}

/// Applies one action to a moment: the model step, logical time, wait
/// starts, and events for properties that this step newly broke.
fn apply(model: &Model, moment: &mut Moment, action: Action, events: &mut Vec<Event>) {
    let before = property::broken_safety(model, &moment.state);
    let arriving = match action {
        Action::Worker(index) => moment.state.workers[index as usize].pc == WorkerPc::StartArrive,
        _ => false,
    };
    model.step(&mut moment.state, action, events);
    moment.clock += 1;
    if let Action::Worker(index) = action {
        if arriving && moment.state.workers[index as usize].pc == WorkerPc::StartWait {
            moment.waiting_since[index as usize] = moment.clock;
        }
    }
    let after = property::broken_safety(model, &moment.state);
    for property in after.without(before).iter() {
        events.push(Event::PropertyBroken { property });
    }
    moment.ever_broken = PropertySet(moment.ever_broken.0 | after.0);
}
