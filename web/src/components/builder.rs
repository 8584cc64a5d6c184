//! The scenario builder: every field of a scenario (PROTOCOL.md section
//! 15.1) as a labelled control, starting from the scenario on the stage
//! ("edit a copy") or from an empty one.
//!
//! Each change goes through [`Draft::edit`], so the core checks it with the
//! CLI's messages: a refused field shows its sentence beside it (and in an
//! alert, which screen readers announce), and the run on the stage stays;
//! an accepted draft is sent as [`Action::Build`] and the stage rebuilds at
//! once. The scenario saves as the CLI's scenario file and opens one, both
//! through the checker's worker (`checker-wasm/src/files.rs`), so the
//! page's wasm carries no JSON reader or writer of scenarios.

use super::share::{ask_about_file, save};
use super::PartProps;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use crate::draft::{Draft, Edit, TaskAt, KINDS, START_CONDITIONS};
use crate::state::Action;
use rendezvous_core::scenario::{Ends, TaskKind, TaskSpec};
use rendezvous_core::Variant;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What kind of control a field is.
#[derive(Clone, Copy, PartialEq)]
enum Control {
    /// A line of text.
    Text,
    /// A whole number.
    Number,
    /// A box to tick.
    Check,
    /// Several lines of text.
    Area,
}

/// Makes the edit a field's new value stands for.
type Maker = Rc<dyn Fn(String) -> Edit>;

/// What every field needs: the draft (for its error) and where edits go.
struct Form<'a> {
    draft: &'a Draft,
    on_edit: &'a Callback<Edit>,
}

/// The value a control holds after a change.
fn value_of(event: &Event) -> Option<String> {
    let target = event.target()?;
    if let Some(input) = wasm_bindgen::JsCast::dyn_ref::<HtmlInputElement>(&target) {
        if input.type_() == "checkbox" {
            return Some(if input.checked() { "on" } else { "" }.to_owned());
        }
        return Some(input.value());
    }
    if let Some(select) = wasm_bindgen::JsCast::dyn_ref::<HtmlSelectElement>(&target) {
        return Some(select.value());
    }
    wasm_bindgen::JsCast::dyn_ref::<HtmlTextAreaElement>(&target).map(|area| area.value())
}

/// The id of the sentence refusing `field`.
fn error_id(field: &str) -> String {
    let plain: String = field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("builder-error-{plain}")
}

impl Form<'_> {
    fn callback(&self, make: Maker) -> Callback<Event> {
        let on_edit = self.on_edit.clone();
        Callback::from(move |event: Event| {
            if let Some(value) = value_of(&event) {
                on_edit.emit(make(value));
            }
        })
    }

    /// The sentence refusing `field`, if it is the refused one.
    fn error(&self, field: &str) -> Html {
        match self.draft.error_of(field) {
            Some(message) => html! {
                <span class="field-error" id={error_id(field)} data-testid="field-error">{ message }</span>
            },
            None => Html::default(),
        }
    }

    /// One labelled control for `field` holding `value`.
    fn field(
        &self,
        label: &str,
        field: &str,
        control: Control,
        value: String,
        make: Maker,
    ) -> Html {
        let onchange = self.callback(make);
        let invalid = self.draft.error_of(field).is_some();
        let described = invalid.then(|| error_id(field));
        let invalid = invalid.then_some("true");
        let input = match control {
            Control::Text => html! {
                <input type="text" data-field={field.to_owned()} value={value}
                    aria-invalid={invalid} aria-describedby={described} {onchange} />
            },
            Control::Number => html! {
                <input type="text" inputmode="numeric" data-field={field.to_owned()} value={value}
                    aria-invalid={invalid} aria-describedby={described} {onchange} />
            },
            Control::Check => html! {
                <input type="checkbox" data-field={field.to_owned()} checked={value == "on"}
                    aria-invalid={invalid} aria-describedby={described} {onchange} />
            },
            Control::Area => html! {
                <textarea data-field={field.to_owned()} value={value} rows="2"
                    aria-invalid={invalid} aria-describedby={described} {onchange} />
            },
        };
        html! {
            <label class={if control == Control::Check { "field check" } else { "field" }}>
                <span>{ label }</span>{ input }{ self.error(field) }
            </label>
        }
    }

    /// One labelled `<select>` for `field`: `(value, text)` options.
    fn choice(
        &self,
        label: &str,
        field: &str,
        options: Vec<(String, String)>,
        value: &str,
        make: Maker,
    ) -> Html {
        let onchange = self.callback(make);
        let invalid = self.draft.error_of(field).is_some();
        let described = invalid.then(|| error_id(field));
        html! {
            <label class="field">
                <span>{ label }</span>
                <select data-field={field.to_owned()} aria-invalid={invalid.then_some("true")}
                    aria-describedby={described} {onchange}>
                    { for options.into_iter().map(|(option, text)| {
                        let selected = option == value;
                        html! { <option {selected} value={option}>{ text }</option> }
                    }) }
                </select>
                { self.error(field) }
            </label>
        }
    }

    /// A button that makes one edit.
    fn button(&self, text: &str, testid: String, edit: Edit) -> Html {
        let on_edit = self.on_edit.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_edit.emit(edit.clone()));
        html! { <button type="button" data-testid={testid} {onclick}>{ text }</button> }
    }

    fn check(&self, label: &str, field: &str, on: bool, make: fn(bool) -> Edit) -> Html {
        self.field(
            label,
            field,
            Control::Check,
            if on { "on" } else { "" }.to_owned(),
            Rc::new(move |value| make(value == "on")),
        )
    }

    fn number(
        &self,
        label: &str,
        field: &str,
        value: impl ToString,
        make: fn(String) -> Edit,
    ) -> Html {
        self.field(
            label,
            field,
            Control::Number,
            value.to_string(),
            Rc::new(make),
        )
    }

    /// The fields of one task.
    fn task(&self, at: TaskAt, task: &TaskSpec, workers: usize, others: &[String]) -> Html {
        let path = at.path();
        let kind = match task.kind {
            TaskKind::Busy { .. } => "busy",
            TaskKind::Blocking { .. } => "blocking",
            other => other.name(),
        };
        let kinds = KINDS
            .iter()
            .map(|kind| (kind.to_string(), kind.to_string()))
            .collect();
        let mut body = vec![
            self.field(
                "Name",
                &format!("{path}.name"),
                Control::Text,
                task.name.clone(),
                Rc::new(move |value| Edit::TaskName(at, value)),
            ),
            self.choice(
                "Kind",
                &format!("{path}.kind"),
                kinds,
                kind,
                Rc::new(move |value| Edit::TaskKind(at, value)),
            ),
        ];
        match task.kind {
            TaskKind::Busy { polls } => body.push(self.field(
                "Polls",
                &format!("{path}.polls"),
                Control::Number,
                polls.to_string(),
                Rc::new(move |value| Edit::TaskPolls(at, value)),
            )),
            TaskKind::Blocking { steps } => {
                body.push(self.field(
                    "Steps (empty: until released)",
                    &format!("{path}.steps"),
                    Control::Number,
                    steps.map(|steps| steps.to_string()).unwrap_or_default(),
                    Rc::new(move |value| Edit::TaskSteps(at, value)),
                ));
                let ends = vec![
                    ("complete".to_owned(), "completes".to_owned()),
                    ("pending".to_owned(), "returns Pending".to_owned()),
                ];
                let value = if task.ends == Ends::Pending {
                    "pending"
                } else {
                    "complete"
                };
                body.push(self.choice(
                    "Then",
                    &format!("{path}.ends"),
                    ends,
                    value,
                    Rc::new(move |value| Edit::TaskEnds(at, value)),
                ));
            }
            _ => {}
        }
        if at.spawner.is_none() && !task.kind.starts_idle() {
            let mut places = vec![(String::new(), "injection queue".to_owned())];
            places.extend(
                (0..workers.max(task.worker.map_or(0, |w| w + 1)))
                    .map(|worker| (worker.to_string(), format!("W{worker}'s run queue"))),
            );
            let value = task
                .worker
                .map(|worker| worker.to_string())
                .unwrap_or_default();
            body.push(self.choice(
                "Starts in",
                &format!("{path}.worker"),
                places,
                &value,
                Rc::new(move |value| Edit::TaskWorker(at, value)),
            ));
        }
        if task.kind.starts_idle() {
            body.push(self.field(
                "Waits on a timer",
                &format!("{path}.timer"),
                Control::Check,
                if task.timer { "on" } else { "" }.to_owned(),
                Rc::new(move |value| Edit::TaskTimer(at, value == "on")),
            ));
            body.push(self.field(
                "Woken from outside",
                &format!("{path}.outside_wake"),
                Control::Check,
                if task.outside_wake { "on" } else { "" }.to_owned(),
                Rc::new(move |value| Edit::TaskOutsideWake(at, value == "on")),
            ));
        } else if matches!(task.kind, TaskKind::Busy { .. } | TaskKind::Blocking { .. }) {
            let mut targets = vec![(String::new(), "no task".to_owned())];
            targets.extend(
                others
                    .iter()
                    .filter(|name| **name != task.name)
                    .map(|name| (name.clone(), name.clone())),
            );
            let value = task.wakes.clone().unwrap_or_default();
            body.push(self.choice(
                "Wakes",
                &format!("{path}.wakes"),
                targets,
                &value,
                Rc::new(move |value| Edit::TaskWakes(at, value)),
            ));
        }
        html! {
            <fieldset class="builder-item" data-testid={format!("builder-{path}")}>
                <legend>{ format!("Task {}", task.name) }</legend>
                { for body }
                { self.button("Remove task", format!("builder-remove-{path}"), Edit::RemoveTask(at)) }
            </fieldset>
        }
    }
}

/// The scenario builder, folded until opened.
#[component]
pub fn Builder(props: &PartProps) -> Html {
    let current = props.playground.run().model().scenario().clone();
    let draft = use_state(|| Draft::of(current.clone()));
    // The draft follows the stage: a scenario chosen elsewhere (a picker, a
    // link, a file) is the one edited next. A refused draft changes nothing
    // on the stage, so it stays until fixed.
    {
        let draft = draft.clone();
        use_effect_with(current, move |current| {
            draft.set(Draft::of(current.clone()))
        });
    }
    let on_edit = {
        let draft = draft.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |edit: Edit| {
            let next = draft.edit(edit);
            if let Some(code) = next.link_code() {
                on_action.emit(Action::Build(code));
            }
            draft.set(next);
        })
    };
    let on_empty = {
        let draft = draft.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            let empty = Draft::empty();
            if let Some(code) = empty.link_code() {
                on_action.emit(Action::Build(code));
            }
            draft.set(empty);
        })
    };
    // The last file saved: its name and object URL, linked on the page.
    let saved = use_state(|| None::<(String, String)>);
    let on_save = {
        let saved = saved.clone();
        let scenario = draft.scenario.clone();
        let valid = draft.error.is_none();
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            if !valid {
                return;
            }
            let code = scenario.to_link_code();
            let name = format!("{}.json", scenario.name);
            let on_action = on_action.clone();
            let saved = saved.clone();
            ask_about_file(
                &WorkerRequest::ExportScenario { code: &code },
                Callback::from(move |answer| match answer {
                    Ok(CheckReply::Exported { text }) => {
                        if let Some((_, old)) = saved.as_ref() {
                            let _ = web_sys::Url::revoke_object_url(old);
                        }
                        saved.set(
                            save(&name, "application/json", &text).map(|url| (name.clone(), url)),
                        );
                    }
                    Ok(CheckReply::Failed { message }) | Err(message) => {
                        on_action.emit(Action::ExportFailed(message))
                    }
                    Ok(_) => {}
                }),
            );
        })
    };
    let on_open = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let file = event
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                read_scenario(file, on_action.clone());
            }
        })
    };

    let form = Form {
        draft: &draft,
        on_edit: &on_edit,
    };
    let scenario = &draft.scenario;
    let names: Vec<String> = scenario.all_tasks().map(|task| task.name.clone()).collect();
    let presets = Variant::ALL
        .iter()
        .map(|variant| (variant.name().to_owned(), variant.name().to_owned()))
        .collect();
    let conditions = |spawner: bool| -> Vec<(String, String)> {
        START_CONDITIONS
            .iter()
            .filter(|condition| {
                spawner || matches!(condition.name(), "start" | "dump-returned" | "any")
            })
            .map(|condition| (condition.name().to_owned(), condition.name().to_owned()))
            .collect()
    };
    let summary = match &draft.error {
        Some(error) => html! {
            <p class="builder-status refused" role="alert" data-testid="builder-status">
                { format!("Not run: {}: {}. The run on the stage is unchanged.", error.field, error.message) }
            </p>
        },
        None => html! {
            <p class="builder-status" data-testid="builder-status">
                { "Every change is checked and runs at once; the link holds the scenario." }
            </p>
        },
    };

    html! {
        <details class="builder" data-testid="builder">
            <summary>{ "Build a scenario" }</summary>
            <div class="builder-tools">
                <span>{ "Editing a copy of the scenario on the stage." }</span>
                <button type="button" data-testid="builder-empty" onclick={on_empty}>{ "Start from empty" }</button>
                <button type="button" data-testid="builder-save" onclick={on_save}
                    disabled={draft.error.is_some()}>{ "Save scenario file" }</button>
                if let Some((name, url)) = saved.as_ref() {
                    <a href={url.clone()} download={name.clone()} data-testid="builder-download">{ name.clone() }</a>
                }
                <label class="import">
                    <span>{ "Open scenario file" }</span>
                    <input type="file" accept=".json,application/json" data-testid="builder-open" onchange={on_open} />
                </label>
            </div>
            { summary }
            <fieldset class="builder-group">
                <legend>{ "Runtime" }</legend>
                { form.field("Name", "name", Control::Text, scenario.name.clone(), Rc::new(Edit::Name)) }
                { form.field("Title", "title", Control::Text, scenario.title.clone(), Rc::new(Edit::Title)) }
                { form.field("Description", "description", Control::Area, scenario.description.clone(), Rc::new(Edit::Description)) }
                { form.number("Workers", "workers", scenario.workers, Edit::Workers) }
                { form.number("Maintenance every (ticks)", "event_interval", scenario.event_interval, Edit::EventInterval) }
                { form.number("trace_start timeout (steps)", "timeout_steps", scenario.timeout_steps, Edit::TimeoutSteps) }
                { form.choice("Preset", "variant", presets, scenario.variant.name(), Rc::new(Edit::Preset)) }
                { form.check("Searching state modelled", "searching", scenario.searching, Edit::Searching) }
                { form.check("Every worker starts parked", "all_parked", scenario.all_parked, Edit::AllParked) }
                { form.error("scenario") }
            </fieldset>
            <fieldset class="builder-group">
                <legend>{ "Requesters (dump() calls)" }</legend>
                { form.error("requesters") }
                { for scenario.requesters.iter().enumerate().map(|(index, requester)| html! {
                    <div class="builder-item" data-testid={format!("builder-requesters[{index}]")}>
                        <strong>{ format!("R{index}") }</strong>
                        { form.field("Gives up", &format!("requesters[{index}].gives_up"), Control::Check,
                            if requester.gives_up { "on" } else { "" }.to_owned(),
                            Rc::new(move |value| Edit::RequesterGivesUp(index, value == "on"))) }
                        { form.button("Remove", format!("builder-remove-requesters[{index}]"), Edit::RemoveRequester(index)) }
                    </div>
                }) }
                { form.button("Add requester", "builder-add-requester".to_owned(), Edit::AddRequester) }
            </fieldset>
            <fieldset class="builder-group">
                <legend>{ "Tasks" }</legend>
                { form.error("tasks") }
                { for scenario.tasks.iter().enumerate().map(|(index, task)| {
                    form.task(TaskAt { spawner: None, index }, task, scenario.workers, &names)
                }) }
                { form.button("Add task", "builder-add-task".to_owned(), Edit::AddTask(None)) }
            </fieldset>
            <fieldset class="builder-group">
                <legend>{ "Looping callers" }</legend>
                { form.error("callers") }
                { for scenario.callers.iter().enumerate().map(|(index, caller)| html! {
                    <div class="builder-item" data-testid={format!("builder-callers[{index}]")}>
                        <strong>{ format!("Caller {index}") }</strong>
                        { form.field("Rounds (1 to 3)", &format!("callers[{index}].repeat"), Control::Number,
                            caller.repeat.to_string(), Rc::new(move |value| Edit::CallerRepeat(index, value))) }
                        { form.field("May give up", &format!("callers[{index}].gives_up"), Control::Check,
                            if caller.gives_up { "on" } else { "" }.to_owned(),
                            Rc::new(move |value| Edit::CallerGivesUp(index, value == "on"))) }
                        { form.button("Remove", format!("builder-remove-callers[{index}]"), Edit::RemoveCaller(index)) }
                    </div>
                }) }
                { form.button("Add caller", "builder-add-caller".to_owned(), Edit::AddCaller) }
            </fieldset>
            <fieldset class="builder-group">
                <legend>{ "Spawners (threads outside the runtime)" }</legend>
                { form.error("spawners") }
                { for scenario.spawners.iter().enumerate().map(|(index, spawner)| html! {
                    <div class="builder-item" data-testid={format!("builder-spawners[{index}]")}>
                        <strong>{ format!("Spawner {index}") }</strong>
                        { form.choice("Starts", &format!("spawners[{index}].after"), conditions(true),
                            spawner.after.name(), Rc::new(move |value| Edit::SpawnerAfter(index, value))) }
                        { form.field("After requester", &format!("spawners[{index}].requester"), Control::Number,
                            spawner.requester.to_string(), Rc::new(move |value| Edit::SpawnerRequester(index, value))) }
                        { form.error(&format!("spawners[{index}].tasks")) }
                        { for spawner.tasks.iter().enumerate().map(|(task_index, task)| {
                            form.task(TaskAt { spawner: Some(index), index: task_index }, task, scenario.workers, &names)
                        }) }
                        { form.button("Add task", format!("builder-add-spawners[{index}].task"), Edit::AddTask(Some(index))) }
                        { form.button("Remove spawner", format!("builder-remove-spawners[{index}]"), Edit::RemoveSpawner(index)) }
                    </div>
                }) }
                { form.button("Add spawner", "builder-add-spawner".to_owned(), Edit::AddSpawner) }
            </fieldset>
            <fieldset class="builder-group">
                <legend>{ "Dropping the runtime" }</legend>
                { form.check("The runtime is dropped", "dropper", scenario.dropper.is_some(), Edit::Dropper) }
                if let Some(dropper) = &scenario.dropper {
                    { form.choice("Starts", "dropper.after", conditions(false), dropper.after.name(), Rc::new(Edit::DropperAfter)) }
                    { form.number("After requester", "dropper.requester", dropper.requester, Edit::DropperRequester) }
                }
            </fieldset>
        </details>
    }
}

/// Reads a scenario file, has the checker's worker read it as the CLI
/// does, and hands its scenario (or why it was refused) to the reducer.
fn read_scenario(file: web_sys::File, on_action: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        let Some(text) = text.ok().and_then(|text| text.as_string()) else {
            on_action.emit(Action::ImportScenario(Err(
                "it could not be read".to_owned()
            )));
            return;
        };
        ask_about_file(
            &WorkerRequest::ImportScenario { text: &text },
            Callback::from(move |answer| {
                on_action.emit(Action::ImportScenario(match answer {
                    Ok(CheckReply::Scenario { code }) => Ok(code),
                    Ok(CheckReply::Failed { message }) | Err(message) => Err(message),
                    Ok(_) => Err("the worker answered another question".to_owned()),
                }))
            }),
        );
    });
}
