//! Scenarios: the runtime a run starts from, as plain data.
//!
//! The scenarios of PROTOCOL.md section 7 ship built in; a user may also
//! write one as JSON. Either way [`Scenario::validate`] names the first field
//! that is out of range, so a bad file never reaches the step function.

use crate::variant::Variant;

mod builtins;
mod casebook;
mod link;

pub use casebook::resized;
pub use link::{LINK_CODE_VERSION, MAX_LINK_CODE_CHARS};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most workers a scenario may have.
pub const MAX_WORKERS: usize = 8;
/// The most `dump()` calls a scenario may make: its requesters plus every
/// caller's rounds.
pub const MAX_REQUESTERS: usize = 3;
/// The most tasks a scenario may own, spawners' tasks included.
pub const MAX_TASKS: usize = 16;
/// The largest step count a busy or blocking task may be given.
pub const MAX_TASK_STEPS: u16 = 1000;
/// The most spawners a scenario may have.
pub const MAX_SPAWNERS: usize = 3;
/// The most looping callers a scenario may have.
pub const MAX_CALLERS: usize = 3;

/// What a task does when polled (PROTOCOL.md sections 4 and 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TaskKind {
    /// Each poll does a slice of work and yields; after `polls` polls it
    /// completes.
    Busy {
        /// How many polls the task needs to complete.
        polls: u16,
    },
    /// Pending on something outside the model; queued only when woken.
    Idle,
    /// One poll that holds its worker's thread for `steps` steps, or until
    /// the user releases it when `steps` is absent.
    Blocking {
        /// How long the poll holds the thread; `None` is "until released".
        #[serde(default)]
        steps: Option<u16>,
    },
    /// Wakes itself and yields on every normal poll; its trace-mode poll
    /// completes it (PR 6036's test future, section 10).
    CompletesWhenTraced,
    /// Idle; its trace-mode poll wakes itself (section 10).
    WakesSelfWhenTraced,
}

impl TaskKind {
    /// Whether a task of this kind starts idle (with no handle).
    pub fn starts_idle(self) -> bool {
        matches!(self, TaskKind::Idle | TaskKind::WakesSelfWhenTraced)
    }

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::Busy { .. } => "busy",
            TaskKind::Idle => "idle",
            TaskKind::Blocking { .. } => "blocking",
            TaskKind::CompletesWhenTraced => "completes-when-traced",
            TaskKind::WakesSelfWhenTraced => "wakes-self-when-traced",
        }
    }
}

/// How a blocking poll ends (section 4, the task field `ends`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ends {
    /// The future returns Ready: the task completes.
    #[default]
    Complete,
    /// The future returns Pending: the task is idle from then on.
    Pending,
}

/// One task the runtime owns when the run starts, or that a spawner spawns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TaskFields")]
pub struct TaskSpec {
    /// A short name shown in the page and the dump; unique in the scenario.
    pub name: String,
    /// What the task does.
    #[serde(flatten)]
    pub kind: TaskKind,
    /// The worker whose local queue holds the task at the start; absent
    /// means the injection queue. Ignored for tasks that start idle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<usize>,
    /// The task waits on a timer, which adds `[TimerFire]` (section 9.3).
    #[serde(default, skip_serializing_if = "is_false")]
    pub timer: bool,
    /// A thread outside the runtime wakes the task once (section 9.3).
    #[serde(default, skip_serializing_if = "is_false")]
    pub outside_wake: bool,
    /// The task this one wakes from its worker's context (section 9.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wakes: Option<String>,
    /// How a blocking poll ends.
    #[serde(default, skip_serializing_if = "is_default_ends")]
    pub ends: Ends,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_default_ends(value: &Ends) -> bool {
    *value == Ends::Complete
}

impl TaskSpec {
    /// A task of `kind` named `name`, with every optional field at its
    /// default.
    pub fn new(name: &str, kind: TaskKind, worker: Option<usize>) -> TaskSpec {
        TaskSpec {
            name: name.to_owned(),
            kind,
            worker,
            timer: false,
            outside_wake: false,
            wakes: None,
            ends: Ends::Complete,
        }
    }
}

/// A task as written in JSON, read field by field: the same format as
/// [`TaskSpec`] with its kind flattened in, but without the buffering serde
/// uses for a flattened, internally tagged enum (a second decoder of every
/// field's type, several KB of the page's gzipped wasm).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskFields {
    name: String,
    kind: KindName,
    #[serde(default)]
    polls: Option<u16>,
    #[serde(default)]
    steps: Option<u16>,
    #[serde(default)]
    worker: Option<usize>,
    #[serde(default)]
    timer: bool,
    #[serde(default)]
    outside_wake: bool,
    #[serde(default)]
    wakes: Option<String>,
    #[serde(default)]
    ends: Option<Ends>,
}

/// The `kind` field of a task.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum KindName {
    Busy,
    Idle,
    Blocking,
    CompletesWhenTraced,
    WakesSelfWhenTraced,
}

impl TryFrom<TaskFields> for TaskSpec {
    type Error = String;

    fn try_from(fields: TaskFields) -> Result<Self, String> {
        let kind = match fields.kind {
            KindName::Busy => TaskKind::Busy {
                polls: fields
                    .polls
                    .ok_or_else(|| "missing field `polls`".to_owned())?,
            },
            KindName::Idle => TaskKind::Idle,
            KindName::Blocking => TaskKind::Blocking {
                steps: fields.steps,
            },
            KindName::CompletesWhenTraced => TaskKind::CompletesWhenTraced,
            KindName::WakesSelfWhenTraced => TaskKind::WakesSelfWhenTraced,
        };
        if fields.polls.is_some() && !matches!(kind, TaskKind::Busy { .. }) {
            return Err(format!(
                "field `polls` is only for busy tasks, not {}",
                kind.name()
            ));
        }
        if fields.steps.is_some() && !matches!(kind, TaskKind::Blocking { .. }) {
            return Err(format!(
                "field `steps` is only for blocking tasks, not {}",
                kind.name()
            ));
        }
        if fields.ends.is_some() && !matches!(kind, TaskKind::Blocking { .. }) {
            return Err(format!(
                "field `ends` is only for blocking tasks, not {}",
                kind.name()
            ));
        }
        Ok(TaskSpec {
            name: fields.name,
            kind,
            worker: fields.worker,
            timer: fields.timer,
            outside_wake: fields.outside_wake,
            wakes: fields.wakes,
            ends: fields.ends.unwrap_or_default(),
        })
    }
}

/// One concurrent caller of `Handle::dump()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequesterSpec {
    /// Whether this caller gives up at its first await point in scheduled
    /// runs (round-robin and random); by hand anyone may be cancelled.
    #[serde(default)]
    pub gives_up: bool,
}

/// When a spawner or the dropper may start (section 15.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StartCondition {
    /// At once; in scheduled runs it takes its turns from the first step.
    Start,
    /// Once requester `requester` has returned its dump.
    DumpReturned,
    /// Once requester `requester` has returned and every worker is parked
    /// (spawners only).
    AllParkedAfterDump,
    /// While some leader walks (spawners only).
    InWalk,
    /// At any moment the checker (or the user) picks.
    Any,
}

impl StartCondition {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            StartCondition::Start => "start",
            StartCondition::DumpReturned => "dump-returned",
            StartCondition::AllParkedAfterDump => "all-parked-after-dump",
            StartCondition::InWalk => "in-walk",
            StartCondition::Any => "any",
        }
    }
}

/// A thread outside the runtime that spawns tasks (section 8.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpawnerSpec {
    /// When it starts.
    pub after: StartCondition,
    /// The requester `dump-returned` and `all-parked-after-dump` refer to.
    #[serde(default)]
    pub requester: usize,
    /// The tasks to spawn, in order; each goes to the injection queue.
    pub tasks: Vec<TaskSpec>,
}

/// A caller that dumps in a loop (section 12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallerSpec {
    /// The number of rounds, 1 to 3; each round is one requester.
    pub repeat: usize,
    /// Whether the caller may give up on a round.
    #[serde(default)]
    pub gives_up: bool,
    /// Optional extension: the caller is an owned task too. Accepted and
    /// kept, not modelled.
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_runtime: bool,
}

/// The thread that drops the runtime (section 11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropperSpec {
    /// When it starts: `start`, `dump-returned` or `any`.
    pub after: StartCondition,
    /// The requester `dump-returned` refers to.
    #[serde(default)]
    pub requester: usize,
}

/// A runtime to simulate, with the variant it is shown with (the scenario
/// file of PROTOCOL.md section 15.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The identifier used in URLs and the CLI.
    pub name: String,
    /// A title for people.
    #[serde(default)]
    pub title: String,
    /// What the scenario shows, in a sentence or two.
    #[serde(default)]
    pub description: String,
    /// The number of worker threads, 1 to 8.
    pub workers: usize,
    /// The tasks the runtime owns at the start.
    #[serde(default)]
    pub tasks: Vec<TaskSpec>,
    /// The concurrent `dump()` calls; with the callers' rounds, 1 to 3.
    pub requesters: Vec<RequesterSpec>,
    /// A busy worker does maintenance every `event_interval` ticks.
    pub event_interval: u32,
    /// In the animator, a `trace_start` wait times out this many steps
    /// after the worker arrived (when the timing assumption allows it).
    pub timeout_steps: u32,
    /// The variant the scenario is shown with unless another is chosen; a
    /// file that names none runs under `tokio-1.54`, the latest release.
    #[serde(default = "latest_release")]
    pub variant: Variant,
    /// A schedule the default run follows before round-robin takes over,
    /// for scenarios whose point needs one particular interleaving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Threads outside the runtime that spawn tasks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spawners: Vec<SpawnerSpec>,
    /// Callers that dump in a loop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callers: Vec<CallerSpec>,
    /// The thread that drops the runtime; absent means it is never dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropper: Option<DropperSpec>,
    /// `false` leaves out the searching counter and state (section 8.3).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub searching: bool,
    /// Declares that every worker starts parked: no task may start queued.
    #[serde(default, skip_serializing_if = "is_false")]
    pub all_parked: bool,
}

fn latest_release() -> Variant {
    Variant::Tokio154
}

fn yes() -> bool {
    true
}

/// A field of a scenario that is out of range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The path of the field, such as `tasks[2].worker`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

fn field_error(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

impl Scenario {
    /// Checks every field, returning the first one out of range, named by
    /// its path (`tasks[2].worker`, `spawners[0].tasks[1].wakes`).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.name.is_empty() || self.name.chars().count() > 64 {
            return Err(field_error("name", "must be 1 to 64 characters"));
        }
        if !(1..=MAX_WORKERS).contains(&self.workers) {
            return Err(field_error(
                "workers",
                format!("must be from 1 to {MAX_WORKERS}, got {}", self.workers),
            ));
        }
        let total_tasks =
            self.tasks.len() + self.spawners.iter().map(|s| s.tasks.len()).sum::<usize>();
        if total_tasks > MAX_TASKS {
            return Err(field_error(
                "tasks",
                format!("at most {MAX_TASKS} tasks, spawners' tasks included, got {total_tasks}"),
            ));
        }
        let names: Vec<&str> = self.all_tasks().map(|task| task.name.as_str()).collect();
        for (index, task) in self.tasks.iter().enumerate() {
            self.validate_task(task, &format!("tasks[{index}]"), &names, index, false)?;
        }
        if self.spawners.len() > MAX_SPAWNERS {
            return Err(field_error(
                "spawners",
                format!(
                    "at most {MAX_SPAWNERS} spawners, got {}",
                    self.spawners.len()
                ),
            ));
        }
        let rounds: usize = self.callers.iter().map(|caller| caller.repeat).sum();
        let total_requesters = self.requesters.len() + rounds;
        // Tasks before the spawner's first, for the duplicate-name check.
        let mut before = self.tasks.len();
        for (index, spawner) in self.spawners.iter().enumerate() {
            let at = format!("spawners[{index}]");
            if matches!(
                spawner.after,
                StartCondition::DumpReturned | StartCondition::AllParkedAfterDump
            ) && spawner.requester >= total_requesters
            {
                return Err(field_error(
                    format!("{at}.requester"),
                    format!(
                        "requester {} does not exist (the scenario makes {total_requesters} dump() calls)",
                        spawner.requester
                    ),
                ));
            }
            if spawner.tasks.is_empty() {
                return Err(field_error(
                    format!("{at}.tasks"),
                    "must list at least one task",
                ));
            }
            for (task_index, task) in spawner.tasks.iter().enumerate() {
                let position = before + task_index;
                self.validate_task(
                    task,
                    &format!("{at}.tasks[{task_index}]"),
                    &names,
                    position,
                    true,
                )?;
            }
            before += spawner.tasks.len();
        }
        if self.callers.len() > MAX_CALLERS {
            return Err(field_error(
                "callers",
                format!("at most {MAX_CALLERS} callers, got {}", self.callers.len()),
            ));
        }
        for (index, caller) in self.callers.iter().enumerate() {
            if !(1..=3).contains(&caller.repeat) {
                return Err(field_error(
                    format!("callers[{index}].repeat"),
                    format!("must be from 1 to 3, got {}", caller.repeat),
                ));
            }
        }
        if !(1..=MAX_REQUESTERS).contains(&total_requesters) {
            return Err(field_error(
                "requesters",
                format!(
                    "the requesters and the callers' rounds must number 1 to {MAX_REQUESTERS} in all, got {total_requesters}"
                ),
            ));
        }
        if let Some(dropper) = &self.dropper {
            if !matches!(
                dropper.after,
                StartCondition::Start | StartCondition::DumpReturned | StartCondition::Any
            ) {
                return Err(field_error(
                    "dropper.after",
                    format!(
                        "`{}` is for spawners; the dropper starts at `start`, `dump-returned` or `any`",
                        dropper.after.name()
                    ),
                ));
            }
            if dropper.after == StartCondition::DumpReturned
                && dropper.requester >= total_requesters
            {
                return Err(field_error(
                    "dropper.requester",
                    format!(
                        "requester {} does not exist (the scenario makes {total_requesters} dump() calls)",
                        dropper.requester
                    ),
                ));
            }
        }
        if !(1..=1000).contains(&self.event_interval) {
            return Err(field_error(
                "event_interval",
                format!("must be from 1 to 1000, got {}", self.event_interval),
            ));
        }
        if !(1..=10_000).contains(&self.timeout_steps) {
            return Err(field_error(
                "timeout_steps",
                format!("must be from 1 to 10000, got {}", self.timeout_steps),
            ));
        }
        Ok(())
    }

    fn validate_task(
        &self,
        task: &TaskSpec,
        at: &str,
        names: &[&str],
        position: usize,
        spawned: bool,
    ) -> Result<(), ScenarioError> {
        let at = |name: &str| format!("{at}.{name}");
        if task.name.is_empty() || task.name.chars().count() > 32 {
            return Err(field_error(at("name"), "must be 1 to 32 characters"));
        }
        // Reported on the later of two tasks of the same name: the one just
        // added or renamed, in the builder.
        if names[..position].contains(&task.name.as_str()) {
            return Err(field_error(
                at("name"),
                format!("`{}` names two tasks; task names must be unique", task.name),
            ));
        }
        match task.kind {
            TaskKind::Busy { polls } if !(1..=MAX_TASK_STEPS).contains(&polls) => {
                return Err(field_error(
                    at("polls"),
                    format!("must be from 1 to {MAX_TASK_STEPS}, got {polls}"),
                ));
            }
            TaskKind::Blocking { steps: Some(steps) } if !(1..=MAX_TASK_STEPS).contains(&steps) => {
                return Err(field_error(
                    at("steps"),
                    format!(
                        "must be from 1 to {MAX_TASK_STEPS}, or absent for \"until released\", got {steps}"
                    ),
                ));
            }
            _ => {}
        }
        if !spawned {
            if let Some(worker) = task.worker {
                if worker >= self.workers {
                    return Err(field_error(
                        at("worker"),
                        format!(
                            "worker {worker} does not exist (the scenario has {})",
                            crate::figures::plural(self.workers as u64, "worker", "workers")
                        ),
                    ));
                }
            }
            if self.all_parked && !task.kind.starts_idle() {
                return Err(field_error(
                    at("kind"),
                    format!(
                        "`all_parked` is set, so no task may start queued, and a {} task does",
                        task.kind.name()
                    ),
                ));
            }
        }
        if (task.timer || task.outside_wake) && !task.kind.starts_idle() {
            let field = if task.timer { "timer" } else { "outside_wake" };
            return Err(field_error(
                at(field),
                format!(
                    "only tasks that start idle (idle, wakes-self-when-traced) wait on a timer or an outside wake, not {}",
                    task.kind.name()
                ),
            ));
        }
        if let Some(target) = &task.wakes {
            if !matches!(task.kind, TaskKind::Busy { .. } | TaskKind::Blocking { .. }) {
                return Err(field_error(
                    at("wakes"),
                    format!(
                        "only busy and blocking tasks wake another, not {}",
                        task.kind.name()
                    ),
                ));
            }
            if !names.contains(&target.as_str()) {
                return Err(field_error(
                    at("wakes"),
                    format!("`{target}` names no task of this scenario"),
                ));
            }
            if *target == task.name {
                return Err(field_error(
                    at("wakes"),
                    "a task cannot wake itself this way",
                ));
            }
        }
        Ok(())
    }

    /// Every task: the scenario's own, then each spawner's, in order. Task
    /// ids in the model follow this order.
    pub fn all_tasks(&self) -> impl Iterator<Item = &TaskSpec> {
        self.tasks.iter().chain(
            self.spawners
                .iter()
                .flat_map(|spawner| spawner.tasks.iter()),
        )
    }

    /// How many `dump()` calls the scenario makes: its requesters, then
    /// every caller's rounds (the numbering of section 15.1).
    pub fn requester_total(&self) -> usize {
        self.requesters.len()
            + self
                .callers
                .iter()
                .map(|caller| caller.repeat)
                .sum::<usize>()
    }

    /// Parses and validates a scenario written as JSON.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|error| format!("scenario JSON: {error}"))?;
        scenario
            .validate()
            .map_err(|error| format!("scenario: {error}"))?;
        Ok(scenario)
    }

    /// The built-in scenario `name`, with `workers` workers when given.
    pub fn builtin(name: &str, workers: Option<usize>) -> Result<Scenario, String> {
        let entry = BUILTINS
            .iter()
            .find(|entry| entry.name == name)
            .ok_or_else(|| {
                format!(
                    "unknown scenario `{name}`; expected one of: {}",
                    builtin_names().join(", ")
                )
            })?;
        let workers = workers.unwrap_or(entry.default_workers);
        if !(entry.min_workers..=MAX_WORKERS).contains(&workers) {
            return Err(format!(
                "workers: scenario `{name}` needs {} to {MAX_WORKERS} workers, got {workers}",
                entry.min_workers
            ));
        }
        let scenario = (entry.build)(workers);
        debug_assert!(scenario.validate().is_ok(), "{name} is invalid");
        Ok(scenario)
    }
}

/// One built-in scenario: how to build it for a number of workers.
pub struct Builtin {
    /// The scenario's name.
    pub name: &'static str,
    /// Its worker count unless another is asked for.
    pub default_workers: usize,
    /// The fewest workers it makes sense with.
    pub min_workers: usize,
    build: fn(usize) -> Scenario,
}

/// The scenarios the page and the CLI ship with: those of PROTOCOL.md
/// section 7, then the casebook's A to K (section 15.4).
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "quiet-runtime",
        default_workers: 3,
        min_workers: 1,
        build: builtins::quiet_runtime,
    },
    Builtin {
        name: "busy-workers",
        default_workers: 3,
        min_workers: 1,
        build: builtins::busy_workers,
    },
    Builtin {
        name: "two-requesters",
        default_workers: 2,
        min_workers: 1,
        build: builtins::two_requesters,
    },
    Builtin {
        name: "early-result",
        default_workers: 2,
        min_workers: 2,
        build: builtins::early_result,
    },
    Builtin {
        name: "wedged-worker",
        default_workers: 2,
        min_workers: 2,
        build: builtins::wedged_worker,
    },
    Builtin {
        name: "abandoned-dump",
        default_workers: 2,
        min_workers: 2,
        build: builtins::abandoned_dump,
    },
    Builtin {
        name: "no-timeout",
        default_workers: 2,
        min_workers: 2,
        build: builtins::what_if_no_timeout,
    },
    Builtin {
        name: "notify-waiters",
        default_workers: 2,
        min_workers: 2,
        build: builtins::what_if_notify_waiters,
    },
    Builtin {
        name: "no-nudge",
        default_workers: 3,
        min_workers: 1,
        build: builtins::what_if_no_nudge,
    },
    Builtin {
        name: "plain-store",
        default_workers: 2,
        min_workers: 1,
        build: builtins::what_if_plain_store,
    },
    Builtin {
        name: "no-end-barrier",
        default_workers: 2,
        min_workers: 2,
        build: builtins::what_if_no_end_barrier,
    },
    Builtin {
        name: "no-maintenance-check",
        default_workers: 2,
        min_workers: 1,
        build: builtins::what_if_no_maintenance_check,
    },
    Builtin {
        name: "inline-dump",
        default_workers: 2,
        min_workers: 2,
        build: builtins::what_if_inline_dump,
    },
    Builtin {
        name: "issue7478-idle-dump",
        default_workers: 4,
        min_workers: 1,
        build: casebook::issue7478_idle_dump,
    },
    Builtin {
        name: "issue7478-partial",
        default_workers: 2,
        min_workers: 1,
        build: casebook::issue7478_partial,
    },
    Builtin {
        name: "pr8372-spawn-after-dump",
        default_workers: 1,
        min_workers: 1,
        build: casebook::pr8372_spawn_after_dump,
    },
    Builtin {
        name: "spawn-during-dump",
        default_workers: 1,
        min_workers: 1,
        build: casebook::spawn_during_dump,
    },
    Builtin {
        name: "pr8370-wedged-loop",
        default_workers: 4,
        min_workers: 1,
        build: casebook::pr8370_wedged_loop,
    },
    Builtin {
        name: "issue6035-complete-during-trace",
        default_workers: 2,
        min_workers: 1,
        build: casebook::issue6035_complete_during_trace,
    },
    Builtin {
        name: "issue6051-timer-loop",
        default_workers: 2,
        min_workers: 1,
        build: casebook::issue6051_timer_loop,
    },
    Builtin {
        name: "outside-wake-after-gather",
        default_workers: 2,
        min_workers: 1,
        build: casebook::outside_wake_after_gather,
    },
    Builtin {
        name: "issue6343-slow-threads",
        default_workers: 3,
        min_workers: 1,
        build: casebook::issue6343_slow_threads,
    },
    Builtin {
        name: "wake-self-during-trace",
        default_workers: 2,
        min_workers: 1,
        build: casebook::wake_self_during_trace,
    },
    Builtin {
        name: "dump-during-shutdown",
        default_workers: 2,
        min_workers: 1,
        build: casebook::dump_during_shutdown,
    },
    Builtin {
        name: "tcl-lsp-wedge",
        default_workers: 2,
        min_workers: 1,
        build: casebook::tcl_lsp_wedge,
    },
    Builtin {
        name: "lifo-not-gathered",
        default_workers: 2,
        min_workers: 1,
        build: casebook::lifo_not_gathered,
    },
    Builtin {
        name: "issue5638-very-stuck",
        default_workers: 2,
        min_workers: 1,
        build: casebook::issue5638_very_stuck,
    },
];

/// The names of the built-in scenarios, in order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|entry| entry.name).collect()
}
