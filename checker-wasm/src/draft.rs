//! The scenario builder's draft: a scenario being edited field by field,
//! with the first field the core refuses.
//!
//! Every change is an [`Edit`], applied by [`Draft::edit`]: the value is
//! read (a number field that holds no number is refused by that field's
//! path), then the whole scenario is checked by the core
//! (`Scenario::validate` and `Model::new`, the CLI's checks and messages,
//! PROTOCOL.md section 15.1). A draft the core accepts is ready to run
//! ([`Draft::link_code`]); one it refuses keeps its error, by the field's
//! path (`tasks[2].worker`), for the builder to show beside that field,
//! and never reaches the stage. The page names an edit by the field's path
//! and its new value ([`Edit::parse`]); [`crate::form`] describes the
//! draft's fields for the page (`web/src/components/builder.rs`) to draw.
//! It runs in the worker, so the page's first load carries none of it.

use rendezvous_core::scenario::{
    CallerSpec, DropperSpec, Ends, RequesterSpec, SpawnerSpec, StartCondition, TaskKind, TaskSpec,
};
use rendezvous_core::{schedule, Model, Run, Scenario, Variant};

/// Which task an edit changes: one of the scenario's own (`spawner:
/// None`) or one a spawner spawns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskAt {
    /// The spawner whose task it is, if any.
    pub spawner: Option<usize>,
    /// Its index in that list.
    pub index: usize,
}

impl TaskAt {
    /// The task's path as the core names fields (`tasks[1]`,
    /// `spawners[0].tasks[2]`).
    pub fn path(self) -> String {
        match self.spawner {
            Some(spawner) => format!("spawners[{spawner}].tasks[{}]", self.index),
            None => format!("tasks[{}]", self.index),
        }
    }
}

/// One change to a draft. Text values are what the field holds; numbers
/// are read by [`Draft::edit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The scenario's name.
    Name(String),
    /// Its title.
    Title(String),
    /// Its description.
    Description(String),
    /// The number of workers (1 to 8).
    Workers(String),
    /// `event_interval`, in ticks.
    EventInterval(String),
    /// `timeout_steps`, in steps.
    TimeoutSteps(String),
    /// The preset (a variant's name).
    Preset(String),
    /// Whether the searching state is modelled.
    Searching(bool),
    /// Whether every worker starts parked.
    AllParked(bool),
    /// The schedule the default run follows before round-robin takes over
    /// (`schedule.rs`'s tokens; empty for none).
    Schedule(String),
    /// One more requester.
    AddRequester,
    /// Remove requester `n`.
    RemoveRequester(usize),
    /// Whether requester `n` gives up at its first await point.
    RequesterGivesUp(usize, bool),
    /// One more task: the scenario's own (`None`) or spawner `n`'s.
    AddTask(Option<usize>),
    /// Remove a task.
    RemoveTask(TaskAt),
    /// A task's name.
    TaskName(TaskAt, String),
    /// A task's kind (`busy`, `idle`, `blocking`, `completes-when-traced`,
    /// `wakes-self-when-traced`); fields the new kind has no use for are
    /// cleared.
    TaskKind(TaskAt, String),
    /// A busy task's polls.
    TaskPolls(TaskAt, String),
    /// A blocking task's steps; empty is "until released".
    TaskSteps(TaskAt, String),
    /// A task's worker; empty is the injection queue.
    TaskWorker(TaskAt, String),
    /// Whether a task waits on a timer.
    TaskTimer(TaskAt, bool),
    /// Whether a thread outside the runtime wakes a task.
    TaskOutsideWake(TaskAt, bool),
    /// The task a task wakes; empty is none.
    TaskWakes(TaskAt, String),
    /// How a blocking poll ends (`complete`, `pending`).
    TaskEnds(TaskAt, String),
    /// One more spawner.
    AddSpawner,
    /// Remove spawner `n`.
    RemoveSpawner(usize),
    /// When spawner `n` starts (a start condition's name).
    SpawnerAfter(usize, String),
    /// The requester spawner `n`'s start condition waits for.
    SpawnerRequester(usize, String),
    /// One more looping caller.
    AddCaller,
    /// Remove caller `n`.
    RemoveCaller(usize),
    /// Caller `n`'s rounds (1 to 3).
    CallerRepeat(usize, String),
    /// Whether caller `n` may give up on a round.
    CallerGivesUp(usize, bool),
    /// Whether the runtime is dropped.
    Dropper(bool),
    /// When the dropper starts.
    DropperAfter(String),
    /// The requester the dropper waits for.
    DropperRequester(String),
}

/// Reads `[n]` at the start of `text`: the index and the rest.
fn index(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix('[')?;
    let (digits, rest) = rest.split_once(']')?;
    Some((digits.parse().ok()?, rest))
}

impl Edit {
    /// The edit a builder control stands for: its field's path (as the
    /// core names fields, `tasks[2].polls`; `+` after a list adds to it,
    /// `-` after an entry removes it: `tasks+`, `spawners[0].tasks[1]-`)
    /// and its new value (a checkbox's is `on` or empty).
    ///
    /// # Errors
    ///
    /// A sentence naming a path no control has.
    pub fn parse(field: &str, value: &str) -> Result<Edit, String> {
        let on = value == "on";
        let text = value.to_owned();
        let unknown = || format!("the builder has no field `{field}`");
        let edit = match field {
            "name" => Edit::Name(text),
            "title" => Edit::Title(text),
            "description" => Edit::Description(text),
            "workers" => Edit::Workers(text),
            "event_interval" => Edit::EventInterval(text),
            "timeout_steps" => Edit::TimeoutSteps(text),
            "variant" => Edit::Preset(text),
            "searching" => Edit::Searching(on),
            "all_parked" => Edit::AllParked(on),
            "schedule" => Edit::Schedule(text),
            "requesters+" => Edit::AddRequester,
            "tasks+" => Edit::AddTask(None),
            "spawners+" => Edit::AddSpawner,
            "callers+" => Edit::AddCaller,
            "dropper" => Edit::Dropper(on),
            "dropper.after" => Edit::DropperAfter(text),
            "dropper.requester" => Edit::DropperRequester(text),
            _ => {
                let (list, rest) = field.split_at(field.find('[').ok_or_else(unknown)?);
                let (at, rest) = index(rest).ok_or_else(unknown)?;
                match (list, rest) {
                    ("requesters", "-") => Edit::RemoveRequester(at),
                    ("requesters", ".gives_up") => Edit::RequesterGivesUp(at, on),
                    ("callers", "-") => Edit::RemoveCaller(at),
                    ("callers", ".repeat") => Edit::CallerRepeat(at, text),
                    ("callers", ".gives_up") => Edit::CallerGivesUp(at, on),
                    ("spawners", "-") => Edit::RemoveSpawner(at),
                    ("spawners", ".after") => Edit::SpawnerAfter(at, text),
                    ("spawners", ".requester") => Edit::SpawnerRequester(at, text),
                    ("spawners", ".tasks+") => Edit::AddTask(Some(at)),
                    ("spawners", rest) => {
                        let rest = rest.strip_prefix(".tasks").ok_or_else(unknown)?;
                        let (task, rest) = index(rest).ok_or_else(unknown)?;
                        task_edit(
                            TaskAt {
                                spawner: Some(at),
                                index: task,
                            },
                            rest,
                            text,
                            on,
                        )
                        .ok_or_else(unknown)?
                    }
                    ("tasks", rest) => task_edit(
                        TaskAt {
                            spawner: None,
                            index: at,
                        },
                        rest,
                        text,
                        on,
                    )
                    .ok_or_else(unknown)?,
                    _ => return Err(unknown()),
                }
            }
        };
        Ok(edit)
    }
}

/// The edit of one task's field (`rest` is `.polls`, `-`, …).
fn task_edit(at: TaskAt, rest: &str, text: String, on: bool) -> Option<Edit> {
    Some(match rest {
        "-" => Edit::RemoveTask(at),
        ".name" => Edit::TaskName(at, text),
        ".kind" => Edit::TaskKind(at, text),
        ".polls" => Edit::TaskPolls(at, text),
        ".steps" => Edit::TaskSteps(at, text),
        ".worker" => Edit::TaskWorker(at, text),
        ".timer" => Edit::TaskTimer(at, on),
        ".outside_wake" => Edit::TaskOutsideWake(at, on),
        ".wakes" => Edit::TaskWakes(at, text),
        ".ends" => Edit::TaskEnds(at, text),
        _ => return None,
    })
}

/// A field the core (or the builder, for a value that is not a number)
/// refuses: its path and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path (`tasks[2].worker`); `scenario` for what belongs
    /// to no one field.
    pub field: String,
    /// The core's sentence.
    pub message: String,
}

/// A scenario being built, and the field it is refused for, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The scenario as edited so far (possibly invalid).
    pub scenario: Scenario,
    /// Why the core refuses it; `None` when it runs.
    pub error: Option<FieldError>,
}

/// The start conditions, in the order the builder offers them.
pub const START_CONDITIONS: [StartCondition; 5] = [
    StartCondition::Start,
    StartCondition::DumpReturned,
    StartCondition::AllParkedAfterDump,
    StartCondition::InWalk,
    StartCondition::Any,
];

/// The task kinds' names, in the order the builder offers them.
pub const KINDS: [&str; 5] = [
    "busy",
    "idle",
    "blocking",
    "completes-when-traced",
    "wakes-self-when-traced",
];

impl Draft {
    /// A draft of `scenario` as it is (a scenario on the stage is valid).
    pub fn of(scenario: Scenario) -> Draft {
        Draft {
            scenario,
            error: None,
        }
    }

    /// A draft of `scenario`, checked by the core (it may be out of range).
    pub fn checked(scenario: Scenario) -> Draft {
        let error = check(&scenario);
        Draft { scenario, error }
    }

    /// The smallest scenario to start from: two workers, one requester, no
    /// tasks, under the latest release.
    pub fn empty() -> Draft {
        Draft::of(Scenario {
            name: "my-scenario".to_owned(),
            title: String::new(),
            description: String::new(),
            workers: 2,
            tasks: Vec::new(),
            requesters: vec![RequesterSpec::default()],
            event_interval: 3,
            timeout_steps: 6,
            variant: Variant::Tokio154,
            schedule: None,
            spawners: Vec::new(),
            callers: Vec::new(),
            dropper: None,
            searching: true,
            all_parked: false,
        })
    }

    /// The scenario's link code when the core accepts it.
    pub fn link_code(&self) -> Option<String> {
        self.error.is_none().then(|| self.scenario.to_link_code())
    }

    /// The draft after `edit`: the value read, then the scenario checked by
    /// the core. A value that cannot be read leaves the scenario as it was
    /// and names the field; a scenario the core refuses is kept, with the
    /// refused field, so the next edit can fix it.
    pub fn edit(&self, edit: Edit) -> Draft {
        let mut scenario = self.scenario.clone();
        if let Err(error) = apply(&mut scenario, edit) {
            return Draft {
                scenario: self.scenario.clone(),
                error: Some(error),
            };
        }
        let error = check(&scenario);
        Draft { scenario, error }
    }

    /// The error of `field`, if that is the field refused.
    pub fn error_of(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|error| error.field == field)
            .map(|error| error.message.as_str())
    }
}

/// What the core says of `scenario`: its validator's first field, then
/// whatever building the model refuses, then its own schedule (a token the
/// core cannot read, or a step its default run could not take there, as
/// `Policy::for_scenario` and `Run::step` would say when the page plays
/// it).
fn check(scenario: &Scenario) -> Option<FieldError> {
    if let Err(error) = scenario.validate() {
        return Some(FieldError {
            field: error.field,
            message: error.message,
        });
    }
    let model = match Model::new(scenario.clone(), scenario.variant, Default::default()) {
        Ok(model) => model,
        Err(message) => return Some(refuse("scenario".to_owned(), message)),
    };
    let text = scenario.schedule.as_deref()?;
    let refused = |message: String| Some(refuse("schedule".to_owned(), message));
    let actions = match schedule::parse(text) {
        Ok(actions) => actions,
        Err(error) => return refused(error.to_string()),
    };
    let mut run = Run::from_model(model);
    for action in actions {
        if let Err(error) = run.step(action) {
            return refused(error.to_string());
        }
    }
    None
}

fn refuse(field: String, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Reads a whole number for `field`.
fn whole<T: TryFrom<u32>>(field: String, text: &str) -> Result<T, FieldError> {
    // At most 32 bits, whatever the field's type: the link code reads no
    // more, so a draft that holds a number stays readable (found by the
    // `builder_form` fuzz target: a caller's rounds of 33333333333333032
    // made a draft no later change could read).
    let text = text.trim();
    let digits = !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    if !digits {
        return Err(refuse(
            field,
            format!("must be a whole number, got `{text}`"),
        ));
    }
    text.parse::<u32>()
        .ok()
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| refuse(field, format!("`{text}` is too large")))
}

fn task_mut(scenario: &mut Scenario, at: TaskAt) -> Result<&mut TaskSpec, FieldError> {
    let list = match at.spawner {
        Some(spawner) => scenario.spawners.get_mut(spawner).map(|s| &mut s.tasks),
        None => Some(&mut scenario.tasks),
    };
    list.and_then(|tasks| tasks.get_mut(at.index))
        .ok_or_else(|| refuse(at.path(), "there is no such task"))
}

/// A task name no task of `scenario` has: `task-1`, `task-2`, … (or
/// `spawned-1`, … for a spawner's). Not `t1`: the stage and schedules
/// call the tasks `t0`, `t1`, … by position, and a task named `t1` at
/// position 0 would read as another.
fn fresh_name(scenario: &Scenario, stem: &str) -> String {
    (1..)
        .map(|n| format!("{stem}{n}"))
        .find(|name| scenario.all_tasks().all(|task| task.name != *name))
        .unwrap_or_default()
}

fn start_condition(field: String, name: &str) -> Result<StartCondition, FieldError> {
    START_CONDITIONS
        .iter()
        .copied()
        .find(|condition| condition.name() == name)
        .ok_or_else(|| refuse(field, format!("unknown start condition `{name}`")))
}

fn remove<T>(list: &mut Vec<T>, index: usize, field: String) -> Result<(), FieldError> {
    if index >= list.len() {
        return Err(refuse(field, "there is no such entry"));
    }
    list.remove(index);
    Ok(())
}

fn apply(scenario: &mut Scenario, edit: Edit) -> Result<(), FieldError> {
    match edit {
        Edit::Name(text) => scenario.name = text.trim().to_owned(),
        Edit::Title(text) => scenario.title = text,
        Edit::Description(text) => scenario.description = text,
        Edit::Workers(text) => scenario.workers = whole("workers".to_owned(), &text)?,
        Edit::EventInterval(text) => {
            scenario.event_interval = whole("event_interval".to_owned(), &text)?
        }
        Edit::TimeoutSteps(text) => {
            scenario.timeout_steps = whole("timeout_steps".to_owned(), &text)?
        }
        Edit::Preset(name) => {
            scenario.variant = name
                .parse::<Variant>()
                .map_err(|message| refuse("variant".to_owned(), message))?
        }
        Edit::Searching(on) => scenario.searching = on,
        Edit::AllParked(on) => scenario.all_parked = on,
        Edit::Schedule(text) => {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            scenario.schedule = (!text.is_empty()).then_some(text);
        }
        Edit::AddRequester => scenario.requesters.push(RequesterSpec::default()),
        Edit::RemoveRequester(index) => remove(
            &mut scenario.requesters,
            index,
            format!("requesters[{index}]"),
        )?,
        Edit::RequesterGivesUp(index, on) => {
            scenario
                .requesters
                .get_mut(index)
                .ok_or_else(|| refuse(format!("requesters[{index}]"), "there is no such entry"))?
                .gives_up = on
        }
        Edit::AddTask(spawner) => {
            let stem = if spawner.is_some() {
                "spawned-"
            } else {
                "task-"
            };
            let name = fresh_name(scenario, stem);
            let task = TaskSpec::new(&name, TaskKind::Busy { polls: 3 }, None);
            match spawner {
                Some(index) => scenario
                    .spawners
                    .get_mut(index)
                    .ok_or_else(|| refuse(format!("spawners[{index}]"), "there is no such entry"))?
                    .tasks
                    .push(task),
                None => {
                    let worker = scenario.tasks.len() % scenario.workers.max(1);
                    scenario.tasks.push(TaskSpec {
                        worker: Some(worker),
                        ..task
                    })
                }
            }
        }
        Edit::RemoveTask(at) => {
            let list = match at.spawner {
                Some(spawner) => scenario.spawners.get_mut(spawner).map(|s| &mut s.tasks),
                None => Some(&mut scenario.tasks),
            };
            match list {
                Some(list) => remove(list, at.index, at.path())?,
                None => return Err(refuse(at.path(), "there is no such task")),
            }
        }
        Edit::TaskName(at, text) => task_mut(scenario, at)?.name = text.trim().to_owned(),
        Edit::TaskKind(at, name) => {
            let field = format!("{}.kind", at.path());
            let task = task_mut(scenario, at)?;
            task.kind = match name.as_str() {
                "busy" => TaskKind::Busy { polls: 3 },
                "idle" => TaskKind::Idle,
                "blocking" => TaskKind::Blocking { steps: None },
                "completes-when-traced" => TaskKind::CompletesWhenTraced,
                "wakes-self-when-traced" => TaskKind::WakesSelfWhenTraced,
                other => return Err(refuse(field, format!("unknown task kind `{other}`"))),
            };
            // Fields the new kind has no use for would only be refused,
            // or hide where the form cannot show them: an idle task has no
            // run queue to start in (and no "Starts in" control).
            if !task.kind.starts_idle() {
                task.timer = false;
                task.outside_wake = false;
            } else {
                task.worker = None;
            }
            if !matches!(task.kind, TaskKind::Busy { .. } | TaskKind::Blocking { .. }) {
                task.wakes = None;
            }
            if !matches!(task.kind, TaskKind::Blocking { .. }) {
                task.ends = Ends::Complete;
            }
        }
        Edit::TaskPolls(at, text) => {
            let polls = whole(format!("{}.polls", at.path()), &text)?;
            let task = task_mut(scenario, at)?;
            if let TaskKind::Busy { .. } = task.kind {
                task.kind = TaskKind::Busy { polls };
            }
        }
        Edit::TaskSteps(at, text) => {
            let steps = match text.trim() {
                "" => None,
                text => Some(whole(format!("{}.steps", at.path()), text)?),
            };
            let task = task_mut(scenario, at)?;
            if let TaskKind::Blocking { .. } = task.kind {
                task.kind = TaskKind::Blocking { steps };
            }
        }
        Edit::TaskWorker(at, text) => {
            let worker = match text.trim() {
                "" => None,
                text => Some(whole(format!("{}.worker", at.path()), text)?),
            };
            task_mut(scenario, at)?.worker = worker;
        }
        Edit::TaskTimer(at, on) => task_mut(scenario, at)?.timer = on,
        Edit::TaskOutsideWake(at, on) => task_mut(scenario, at)?.outside_wake = on,
        Edit::TaskWakes(at, text) => {
            task_mut(scenario, at)?.wakes = (!text.is_empty()).then_some(text)
        }
        Edit::TaskEnds(at, text) => {
            let field = format!("{}.ends", at.path());
            task_mut(scenario, at)?.ends = match text.as_str() {
                "complete" => Ends::Complete,
                "pending" => Ends::Pending,
                other => return Err(refuse(field, format!("unknown ending `{other}`"))),
            }
        }
        Edit::AddSpawner => {
            let name = fresh_name(scenario, "spawned-");
            scenario.spawners.push(SpawnerSpec {
                after: StartCondition::Start,
                requester: 0,
                tasks: vec![TaskSpec::new(&name, TaskKind::Busy { polls: 1 }, None)],
            })
        }
        Edit::RemoveSpawner(index) => {
            remove(&mut scenario.spawners, index, format!("spawners[{index}]"))?
        }
        Edit::SpawnerAfter(index, name) => {
            let field = format!("spawners[{index}].after");
            let after = start_condition(field.clone(), &name)?;
            scenario
                .spawners
                .get_mut(index)
                .ok_or_else(|| refuse(field, "there is no such spawner"))?
                .after = after
        }
        Edit::SpawnerRequester(index, text) => {
            let field = format!("spawners[{index}].requester");
            let requester = whole(field.clone(), &text)?;
            scenario
                .spawners
                .get_mut(index)
                .ok_or_else(|| refuse(field, "there is no such spawner"))?
                .requester = requester
        }
        Edit::AddCaller => scenario.callers.push(CallerSpec {
            repeat: 1,
            gives_up: false,
            in_runtime: false,
        }),
        Edit::RemoveCaller(index) => {
            remove(&mut scenario.callers, index, format!("callers[{index}]"))?
        }
        Edit::CallerRepeat(index, text) => {
            let field = format!("callers[{index}].repeat");
            let repeat = whole(field.clone(), &text)?;
            scenario
                .callers
                .get_mut(index)
                .ok_or_else(|| refuse(field, "there is no such caller"))?
                .repeat = repeat
        }
        Edit::CallerGivesUp(index, on) => {
            scenario
                .callers
                .get_mut(index)
                .ok_or_else(|| refuse(format!("callers[{index}]"), "there is no such caller"))?
                .gives_up = on
        }
        Edit::Dropper(on) => {
            scenario.dropper = on.then_some(DropperSpec {
                after: StartCondition::DumpReturned,
                requester: 0,
            })
        }
        Edit::DropperAfter(name) => {
            let after = start_condition("dropper.after".to_owned(), &name)?;
            scenario
                .dropper
                .as_mut()
                .ok_or_else(|| refuse("dropper".to_owned(), "the runtime is not dropped"))?
                .after = after
        }
        Edit::DropperRequester(text) => {
            let requester = whole("dropper.requester".to_owned(), &text)?;
            scenario
                .dropper
                .as_mut()
                .ok_or_else(|| refuse("dropper".to_owned(), "the runtime is not dropped"))?
                .requester = requester
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::state::RequesterPc;
    use rendezvous_core::{Policy, Run, Status};

    fn top(index: usize) -> TaskAt {
        TaskAt {
            spawner: None,
            index,
        }
    }

    #[test]
    fn from_empty_to_a_dump_that_returns() {
        let mut draft = Draft::empty();
        assert!(draft.link_code().is_some());
        for edit in [
            Edit::Workers("3".into()),
            Edit::AddTask(None),
            Edit::AddTask(None),
            Edit::TaskKind(top(1), "blocking".into()),
            Edit::TaskSteps(top(1), "4".into()),
            Edit::AddTask(None),
            Edit::TaskKind(top(2), "idle".into()),
            Edit::TaskTimer(top(2), true),
            Edit::AddCaller,
            Edit::AddSpawner,
            Edit::SpawnerAfter(0, "dump-returned".into()),
            Edit::Dropper(true),
            Edit::Preset("tokio".into()),
        ] {
            draft = draft.edit(edit.clone());
            assert_eq!(draft.error, None, "{edit:?}");
        }
        let scenario = Scenario::from_link_code(&draft.link_code().unwrap()).unwrap();
        assert_eq!(scenario, draft.scenario);
        assert_eq!(scenario.tasks.len(), 3);
        assert_eq!(
            scenario.tasks[1].kind,
            TaskKind::Blocking { steps: Some(4) }
        );
        assert_eq!(scenario.variant, Variant::Tokio);
        let mut run = Run::new(scenario, Variant::Tokio, Default::default()).unwrap();
        let _ = run.run_to_end(&mut Policy::RoundRobin, 2000);
        // The requester's dump returns, and the run ends (the dropper shuts
        // the runtime down after it).
        assert_eq!(run.state().requesters[0].pc, RequesterPc::Done);
        assert_eq!(run.status(), Status::Finished);
    }

    #[test]
    fn a_refused_field_is_named_and_the_next_edit_can_fix_it() {
        let draft = Draft::empty().edit(Edit::AddTask(None));
        let bad = draft.edit(Edit::TaskWorker(top(0), "5".into()));
        assert_eq!(
            bad.error_of("tasks[0].worker"),
            Some("worker 5 does not exist (the scenario has 2 workers)")
        );
        assert_eq!(bad.link_code(), None);
        let fixed = bad.edit(Edit::Workers("6".into()));
        assert_eq!(fixed.error, None);
        assert_eq!(fixed.scenario.tasks[0].worker, Some(5));
    }

    #[test]
    fn a_value_that_is_not_a_number_is_refused_and_the_scenario_kept() {
        let draft = Draft::empty();
        let bad = draft.edit(Edit::EventInterval("often".into()));
        assert_eq!(bad.scenario, draft.scenario);
        assert_eq!(
            bad.error_of("event_interval"),
            Some("must be a whole number, got `often`")
        );
        let bad = draft
            .edit(Edit::AddTask(None))
            .edit(Edit::TaskPolls(top(0), "-1".into()));
        assert!(bad.error_of("tasks[0].polls").is_some());
    }

    #[test]
    fn a_number_too_large_for_a_link_is_refused_by_its_field() {
        let draft = Draft::empty().edit(Edit::AddCaller);
        let bad = draft.edit(Edit::CallerRepeat(0, "33333333333333032".into()));
        assert_eq!(bad.scenario, draft.scenario);
        assert_eq!(
            bad.error_of("callers[0].repeat"),
            Some("`33333333333333032` is too large")
        );
        let bad = draft
            .edit(Edit::AddTask(None))
            .edit(Edit::TaskPolls(top(0), "70000".into()));
        assert_eq!(bad.error_of("tasks[0].polls"), Some("`70000` is too large"));
        let refused = draft.edit(Edit::CallerRepeat(0, "4000000000".into()));
        assert!(Scenario::from_link_code_unchecked(&refused.scenario.to_link_code()).is_ok());
    }

    #[test]
    fn the_schedule_is_edited_and_checked_by_playing_it() {
        let draft = Draft::empty();
        let scripted = draft.edit(Edit::parse("schedule", "  r0   r0 ").expect("a field"));
        assert_eq!(scripted.error, None);
        assert_eq!(scripted.scenario.schedule.as_deref(), Some("r0 r0"));
        let code = scripted.link_code().expect("a valid draft");
        let back = Scenario::from_link_code(&code).expect("reads back");
        assert_eq!(back.schedule.as_deref(), Some("r0 r0"));
        let mut policy = rendezvous_core::Policy::for_scenario(&back).expect("readable");
        let mut run = Run::new(back.clone(), back.variant, Default::default()).expect("valid");
        assert_eq!(
            run.advance(&mut policy),
            Ok(Some(rendezvous_core::Action::Requester(0)))
        );

        let unreadable = draft.edit(Edit::Schedule("r0 q9".into()));
        assert_eq!(
            unreadable.error_of("schedule"),
            Some(schedule::parse("r0 q9").unwrap_err().to_string().as_str())
        );
        assert!(unreadable.error_of("schedule").unwrap().contains("`q9`"));
        assert_eq!(unreadable.link_code(), None);

        let impossible = draft.edit(Edit::Schedule("r0 w5".into()));
        let message = impossible.error_of("schedule").expect("refused");
        assert!(message.starts_with("step 2 `w5`"), "{message}");

        let cleared = impossible.edit(Edit::Schedule(" ".into()));
        assert_eq!(cleared.error, None);
        assert_eq!(cleared.scenario.schedule, None);
    }

    #[test]
    fn changing_a_kind_clears_what_the_new_kind_cannot_have() {
        let draft = Draft::empty()
            .edit(Edit::AddTask(None))
            .edit(Edit::TaskKind(top(0), "idle".into()))
            .edit(Edit::TaskOutsideWake(top(0), true));
        assert_eq!(draft.error, None);
        let busy = draft.edit(Edit::TaskKind(top(0), "busy".into()));
        assert_eq!(busy.error, None);
        assert!(!busy.scenario.tasks[0].outside_wake);
        // A task made idle leaves its run queue: it no longer holds back
        // a smaller worker count.
        let on_w1 = Draft::empty()
            .edit(Edit::AddTask(None))
            .edit(Edit::AddTask(None));
        assert_eq!(on_w1.scenario.tasks[1].worker, Some(1));
        let idle = on_w1.edit(Edit::TaskKind(top(1), "idle".into()));
        assert_eq!(idle.scenario.tasks[1].worker, None);
        assert_eq!(idle.edit(Edit::Workers("1".into())).error, None);
    }

    #[test]
    fn removing_a_task_another_wakes_names_the_waker() {
        let draft = Draft::empty()
            .edit(Edit::AddTask(None))
            .edit(Edit::AddTask(None))
            .edit(Edit::TaskWakes(top(0), "task-2".into()));
        assert_eq!(draft.error, None);
        let removed = draft.edit(Edit::RemoveTask(top(1)));
        assert_eq!(
            removed.error_of("tasks[0].wakes"),
            Some("`task-2` names no task of this scenario")
        );
    }

    #[test]
    fn spawners_and_their_tasks_are_edited_by_path() {
        let draft = Draft::empty()
            .edit(Edit::AddSpawner)
            .edit(Edit::AddTask(Some(0)));
        assert_eq!(draft.error, None);
        let at = TaskAt {
            spawner: Some(0),
            index: 1,
        };
        assert_eq!(at.path(), "spawners[0].tasks[1]");
        assert_eq!(
            draft.scenario.spawners[0].tasks[1].name, "spawned-2",
            "a fresh name"
        );
        let bad = draft.edit(Edit::TaskName(at, "spawned-1".into()));
        // The core names the later of the two: the one just renamed.
        assert_eq!(
            bad.error_of("spawners[0].tasks[1].name"),
            Some("`spawned-1` names two tasks; task names must be unique")
        );
        assert_eq!(bad.error_of("spawners[0].tasks[0].name"), None);
        // A top-level task renamed as an earlier one is refused on its
        // own field too.
        let twins = Draft::empty()
            .edit(Edit::AddTask(None))
            .edit(Edit::AddTask(None))
            .edit(Edit::AddTask(None));
        let names: Vec<&str> = twins
            .scenario
            .tasks
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["task-1", "task-2", "task-3"]);
        let bad = twins.edit(Edit::TaskName(top(2), "task-1".into()));
        assert!(bad.error_of("tasks[2].name").is_some(), "{:?}", bad.error);
        let bad = draft
            .edit(Edit::SpawnerAfter(0, "dump-returned".into()))
            .edit(Edit::SpawnerRequester(0, "3".into()));
        assert!(bad.error_of("spawners[0].requester").is_some());
    }

    #[test]
    fn every_builtin_scenario_is_a_draft_the_core_accepts() {
        for entry in rendezvous_core::scenario::BUILTINS {
            let scenario = Scenario::builtin(entry.name, None).unwrap();
            let draft = Draft::of(scenario.clone()).edit(Edit::Title("edited".into()));
            assert_eq!(draft.error, None, "{}", entry.name);
        }
    }

    #[test]
    fn every_control_path_parses_to_its_edit() {
        let cases = [
            ("workers", "3", Edit::Workers("3".into())),
            ("searching", "", Edit::Searching(false)),
            ("tasks+", "", Edit::AddTask(None)),
            ("tasks[2]-", "", Edit::RemoveTask(top(2))),
            ("tasks[0].polls", "4", Edit::TaskPolls(top(0), "4".into())),
            ("tasks[1].timer", "on", Edit::TaskTimer(top(1), true)),
            ("spawners[1].tasks+", "", Edit::AddTask(Some(1))),
            (
                "spawners[0].tasks[3].wakes",
                "a",
                Edit::TaskWakes(
                    TaskAt {
                        spawner: Some(0),
                        index: 3,
                    },
                    "a".into(),
                ),
            ),
            (
                "spawners[0].after",
                "any",
                Edit::SpawnerAfter(0, "any".into()),
            ),
            ("callers[1]-", "", Edit::RemoveCaller(1)),
            (
                "requesters[0].gives_up",
                "on",
                Edit::RequesterGivesUp(0, true),
            ),
            ("dropper.after", "start", Edit::DropperAfter("start".into())),
        ];
        for (field, value, edit) in cases {
            assert_eq!(Edit::parse(field, value), Ok(edit), "{field}");
        }
        for field in [
            "",
            "tasks",
            "tasks[x].name",
            "tasks[0].colour",
            "others[0]-",
            "spawners[0].tasks",
        ] {
            assert_eq!(
                Edit::parse(field, ""),
                Err(format!("the builder has no field `{field}`")),
                "{field}"
            );
        }
    }
}
