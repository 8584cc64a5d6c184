//! The scenario builder's form, worked out in the worker: the page sends
//! the draft (its link code) and one change (a field's path and value), and
//! gets back the new draft, its link code when the core accepts it, and
//! the form as markup ([`html`] of the [`Row`]s: every control with its
//! label, value, choices and the core's sentence when it is the refused
//! field). The page only inserts the markup and passes on the changes its
//! controls report (`web/src/components/builder.rs`), so neither the
//! edits, the checks nor the drawing of the form are in its first load.

use crate::draft::{Draft, Edit, FieldError, TaskAt, KINDS, START_CONDITIONS};
use crate::files;
use rendezvous_core::markup::escape;
use rendezvous_core::scenario::{Ends, TaskKind, TaskSpec};
use rendezvous_core::scenario::{MAX_LINK_CODE_CHARS, MAX_WORKERS};
use rendezvous_core::{Scenario, Variant};
use serde::{Deserialize, Serialize};

/// The field path that starts a new, empty draft.
pub const EMPTY: &str = "(empty)";

/// What the page asks of the builder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRequest {
    /// The draft so far, as its link code (it may be out of range); absent
    /// to begin from the scenario on the stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The stage's scenario: a built-in one's name.
    pub scenario: String,
    /// The stage's scenario when it was built: its link code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
    /// The stage's worker count.
    pub workers: usize,
    /// The changed control's field path ([`Edit::parse`]), or [`EMPTY`];
    /// absent to describe the draft only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The control's new value.
    #[serde(default)]
    pub value: String,
}

/// One control of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The group it is drawn in (a fieldset's legend: `Tasks`).
    pub group: String,
    /// The entry of the group it belongs to (`Task task-1`), or empty.
    pub item: String,
    /// The field's path (`tasks[0].polls`), or a button's (`tasks+`).
    pub field: String,
    /// Its label.
    pub label: String,
    /// `text`, `number`, `check`, `area`, `select` or `button`.
    pub kind: String,
    /// Its value (`on` for a ticked box).
    pub value: String,
    /// A select's choices: value, then text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<(String, String)>,
    /// The core's sentence when this is the refused field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The draft after a request, for the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    /// The draft, as its link code (possibly out of range).
    pub draft: String,
    /// The link code to run, when the core accepts the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Whether the request changed something (a draft only described is
    /// not run again).
    pub edited: bool,
    /// The refused field and why (`tasks[0].worker: …`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The form as markup: the status sentence, then [`html`]'s labelled
    /// controls, each named by its field path in `data-field`.
    pub html: String,
}

/// Answers a request: the draft (or the stage's scenario), the change
/// applied and checked, and the form.
///
/// Errors: a draft or stage scenario that cannot be read, or a field path
/// no control has.
pub fn answer(request: &DraftRequest) -> Result<DraftView, String> {
    let draft = match &request.draft {
        Some(code) => Draft::checked(Scenario::from_link_code_unchecked(code)?),
        None => Draft::of(files::scenario_of(
            &request.scenario,
            request.built.as_deref(),
            request.workers,
        )?),
    };
    let was_valid = draft.error.is_none();
    let (draft, edited) = match request.field.as_deref() {
        Some(EMPTY) => (Draft::empty(), true),
        Some(field) => (
            too_long(
                draft.edit(Edit::parse(field, &request.value)?),
                &draft,
                field,
            ),
            true,
        ),
        None => (draft, false),
    };
    let mut rows = rows(&draft);
    // A refused box keeps what was typed in it, beside the sentence that
    // refuses it, rather than going back to the draft's value: the user
    // sees what to mend (PROTOCOL.md 15.1's fields, the builder's
    // "every input refused with a message").
    if let (Some(field), Some(error)) = (request.field.as_deref(), &draft.error) {
        if let Some(row) = rows.iter_mut().find(|row| {
            row.field == field
                && error.field == field
                && matches!(row.kind.as_str(), "text" | "number" | "area")
        }) {
            row.value = request.value.clone();
        }
    }
    // A change refused for another field's sake (fewer workers than a
    // task's worker) is also said beside the control that was changed,
    // naming that field: the user sees it where they are. Not when the
    // draft was refused already: that refusal is not this change's doing.
    if let (true, Some(field), Some(error)) = (was_valid, request.field.as_deref(), &draft.error) {
        if let Some(row) = rows
            .iter_mut()
            .find(|row| row.field == field && row.error.is_none())
        {
            row.error = Some(format!("{}: {}", error.field, error.message));
        }
    }
    let mut html = status(draft.error.as_ref()) + &html(&rows);
    if let Some(field) = request.field.as_deref() {
        if let Some(stand_in) = focus_after(&rows, field) {
            let key = format!("data-field=\"{}\"", escape(&stand_in));
            html = html.replacen(&key, &format!("{key} data-was=\"{}\"", escape(field)), 1);
        }
    }
    Ok(DraftView {
        draft: draft.scenario.to_link_code(),
        code: draft.link_code(),
        edited,
        error: draft
            .error
            .as_ref()
            .map(|error| format!("{}: {}", error.field, error.message)),
        html,
    })
}

/// The control that takes the focus after a press of button `field`,
/// when the button has not (the page focuses the first control marked
/// `data-was` with the pressed field, `web/src/components/builder.rs`):
/// after Add, the new entry's first control, so Tab goes on into it;
/// after Remove, which takes the button away with its entry, the list's
/// Add button, so the keyboard user stays in the list.
fn focus_after(rows: &[Row], field: &str) -> Option<String> {
    if let Some(list) = field.strip_suffix('+') {
        let prefix = format!("{list}[");
        let last = rows
            .iter()
            .rev()
            .find(|row| row.field.starts_with(&prefix))?;
        let end = prefix.len() + last.field[prefix.len()..].find(']')? + 1;
        let entry = &last.field[..end];
        return rows
            .iter()
            .find(|row| row.field.starts_with(entry))
            .map(|row| row.field.clone());
    }
    let list = field.strip_suffix('-')?;
    let add = format!("{}+", &list[..list.rfind('[')?]);
    (!rows.iter().any(|row| row.field == field)).then_some(add)
}

/// `edited` unless its link code is longer than a link carries: then the
/// draft as it was, with `field` refused for it (so the stage and the next
/// change still have a draft they can read).
fn too_long(edited: Draft, before: &Draft, field: &str) -> Draft {
    let length = edited.scenario.to_link_code().chars().count();
    if length <= MAX_LINK_CODE_CHARS {
        return edited;
    }
    Draft {
        scenario: before.scenario.clone(),
        error: Some(FieldError {
            field: field.to_owned(),
            message: format!(
                "the scenario would be too large for a link ({length} characters of link code; at most {MAX_LINK_CODE_CHARS})"
            ),
        }),
    }
}

/// Builds the rows of one form.
struct Rows<'a> {
    draft: &'a Draft,
    group: &'static str,
    item: String,
    rows: Vec<Row>,
}

impl Rows<'_> {
    fn push(&mut self, kind: &str, field: String, label: &str, value: String) {
        let error = self.draft.error_of(&field).map(str::to_owned);
        self.rows.push(Row {
            group: self.group.to_owned(),
            item: self.item.clone(),
            field,
            label: label.to_owned(),
            kind: kind.to_owned(),
            value,
            options: Vec::new(),
            error,
        });
    }

    fn text(&mut self, field: String, label: &str, value: &str) {
        self.push("text", field, label, value.to_owned());
    }

    fn number(&mut self, field: String, label: &str, value: impl ToString) {
        self.push("number", field, label, value.to_string());
    }

    fn check(&mut self, field: String, label: &str, on: bool) {
        self.push("check", field, label, if on { "on" } else { "" }.to_owned());
    }

    fn select(&mut self, field: String, label: &str, value: &str, options: Vec<(String, String)>) {
        self.push("select", field, label, value.to_owned());
        if let Some(row) = self.rows.last_mut() {
            row.options = options;
        }
    }

    fn button(&mut self, field: String, label: &str) {
        self.push("button", field, label, String::new());
    }

    fn task(&mut self, at: TaskAt, task: &TaskSpec, workers: usize, names: &[&str]) {
        let path = at.path();
        self.item = format!("Task {}", task.name);
        self.text(format!("{path}.name"), "Name", &task.name);
        let kind = match task.kind {
            TaskKind::Busy { .. } => "busy",
            TaskKind::Blocking { .. } => "blocking",
            other => other.name(),
        };
        self.select(
            format!("{path}.kind"),
            "Kind",
            kind,
            same(KINDS.iter().copied()),
        );
        match task.kind {
            TaskKind::Busy { polls } => self.number(format!("{path}.polls"), "Polls", polls),
            TaskKind::Blocking { steps } => {
                let steps = steps.map(|steps| steps.to_string()).unwrap_or_default();
                self.number(
                    format!("{path}.steps"),
                    "Steps (empty: until released)",
                    steps,
                );
                let ends = if task.ends == Ends::Pending {
                    "pending"
                } else {
                    "complete"
                };
                let options = vec![
                    ("complete".to_owned(), "completes".to_owned()),
                    ("pending".to_owned(), "returns Pending".to_owned()),
                ];
                self.select(format!("{path}.ends"), "Then", ends, options);
            }
            _ => {}
        }
        if at.spawner.is_none() && !task.kind.starts_idle() {
            let mut places = vec![(String::new(), "injection queue".to_owned())];
            // One choice per worker the scenario may have, and the task's
            // own even when out of range (core names it), never more: a
            // refused worker count must not make the form that long.
            let shown = workers
                .max(task.worker.map_or(0, |worker| worker.saturating_add(1)))
                .min(MAX_WORKERS);
            places.extend(
                (0..shown).map(|worker| (worker.to_string(), format!("W{worker}'s run queue"))),
            );
            let value = task
                .worker
                .map(|worker| worker.to_string())
                .unwrap_or_default();
            self.select(format!("{path}.worker"), "Starts in", &value, places);
        }
        if task.kind.starts_idle() {
            self.check(format!("{path}.timer"), "Waits on a timer", task.timer);
            self.check(
                format!("{path}.outside_wake"),
                "Woken from outside",
                task.outside_wake,
            );
        } else {
            let mut targets = vec![(String::new(), "no task".to_owned())];
            targets.extend(same(
                names.iter().copied().filter(|name| *name != task.name),
            ));
            let value = task.wakes.clone().unwrap_or_default();
            self.select(format!("{path}.wakes"), "Wakes", &value, targets);
        }
        self.button(format!("{path}-"), "Remove task");
    }
}

/// Choices whose value is their text.
fn same<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    names
        .map(|name| (name.to_owned(), name.to_owned()))
        .collect()
}

/// Every control of the form for `draft`, in order.
pub fn rows(draft: &Draft) -> Vec<Row> {
    let scenario = &draft.scenario;
    let mut rows = Rows {
        draft,
        group: "Runtime",
        item: String::new(),
        rows: Vec::new(),
    };
    rows.text("name".into(), "Name", &scenario.name);
    rows.text("title".into(), "Title", &scenario.title);
    rows.push(
        "area",
        "description".into(),
        "Description",
        scenario.description.clone(),
    );
    rows.number("workers".into(), "Workers", scenario.workers);
    rows.number(
        "event_interval".into(),
        "Maintenance every (ticks)",
        scenario.event_interval,
    );
    rows.number(
        "timeout_steps".into(),
        "trace_start timeout (steps)",
        scenario.timeout_steps,
    );
    rows.select(
        "variant".into(),
        "Preset",
        scenario.variant.name(),
        same(Variant::ALL.iter().map(|variant| variant.name())),
    );
    rows.check(
        "searching".into(),
        "Searching state modelled",
        scenario.searching,
    );
    rows.check(
        "all_parked".into(),
        "Require every worker to start parked (no task queued)",
        scenario.all_parked,
    );
    rows.text(
        "schedule".into(),
        "Opening schedule (then round-robin)",
        scenario.schedule.as_deref().unwrap_or(""),
    );

    rows.group = "Requesters (dump() calls)";
    for (index, requester) in scenario.requesters.iter().enumerate() {
        rows.item = format!("R{index}");
        rows.check(
            format!("requesters[{index}].gives_up"),
            "Gives up",
            requester.gives_up,
        );
        rows.button(format!("requesters[{index}]-"), "Remove");
    }
    rows.item.clear();
    rows.button("requesters+".into(), "Add requester");

    rows.group = "Tasks";
    let names: Vec<&str> = scenario
        .all_tasks()
        .map(|task| task.name.as_str())
        .collect();
    for (index, task) in scenario.tasks.iter().enumerate() {
        rows.task(
            TaskAt {
                spawner: None,
                index,
            },
            task,
            scenario.workers,
            &names,
        );
    }
    rows.item.clear();
    rows.button("tasks+".into(), "Add task");

    rows.group = "Looping callers";
    for (index, caller) in scenario.callers.iter().enumerate() {
        rows.item = format!("Caller {index}");
        rows.number(
            format!("callers[{index}].repeat"),
            "Rounds (1 to 3)",
            caller.repeat,
        );
        rows.check(
            format!("callers[{index}].gives_up"),
            "May give up",
            caller.gives_up,
        );
        rows.button(format!("callers[{index}]-"), "Remove");
    }
    rows.item.clear();
    rows.button("callers+".into(), "Add caller");

    rows.group = "Spawners (threads outside the runtime)";
    let conditions = |all: bool| {
        same(
            START_CONDITIONS
                .iter()
                .map(|condition| condition.name())
                .filter(|name| all || matches!(*name, "start" | "dump-returned" | "any")),
        )
    };
    for (index, spawner) in scenario.spawners.iter().enumerate() {
        rows.item = format!("Spawner {index}");
        rows.select(
            format!("spawners[{index}].after"),
            "Starts",
            spawner.after.name(),
            conditions(true),
        );
        rows.number(
            format!("spawners[{index}].requester"),
            "After requester",
            spawner.requester,
        );
        rows.button(format!("spawners[{index}].tasks+"), "Add task");
        rows.button(format!("spawners[{index}]-"), "Remove spawner");
        for (task_index, task) in spawner.tasks.iter().enumerate() {
            let at = TaskAt {
                spawner: Some(index),
                index: task_index,
            };
            rows.task(at, task, scenario.workers, &names);
        }
    }
    rows.item.clear();
    rows.button("spawners+".into(), "Add spawner");

    rows.group = "Dropping the runtime";
    rows.check(
        "dropper".into(),
        "The runtime is dropped",
        scenario.dropper.is_some(),
    );
    if let Some(dropper) = &scenario.dropper {
        rows.select(
            "dropper.after".into(),
            "Starts",
            dropper.after.name(),
            conditions(false),
        );
        rows.number(
            "dropper.requester".into(),
            "After requester",
            dropper.requester,
        );
    }

    // A refusal of a whole list (`tasks`, `requesters`) shows beside the
    // button that adds to it; one of the scenario as a whole, by its name.
    let mut rows = rows.rows;
    if let Some(error) = &draft.error {
        if !rows.iter().any(|row| row.field == error.field) {
            let add = format!("{}+", error.field);
            if let Some(row) = rows
                .iter_mut()
                .find(|row| row.field == add || (error.field == "scenario" && row.field == "name"))
            {
                row.error = Some(error.message.clone());
            }
        }
    }
    rows
}

/// The sentence above the form: why the draft does not run (an alert,
/// which screen readers announce), or that every change runs at once.
fn status(error: Option<&crate::draft::FieldError>) -> String {
    match error {
        Some(error) => format!(
            r#"<p class="builder-status refused" role="alert" data-testid="builder-status">Not run: {}: {}. The run on the stage is unchanged.</p>"#,
            escape(&error.field),
            escape(&error.message)
        ),
        None => r#"<p class="builder-status" data-testid="builder-status">Editing a copy of the scenario on the stage: every change is checked and runs at once, and the link holds the scenario.</p>"#.to_owned(),
    }
}

/// The id of the sentence refusing `field`.
fn error_id(field: &str) -> String {
    let plain: String = field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("builder-error-{plain}")
}

/// One control as markup: a button, or a label around the control and
/// the core's sentence when it is the refused field (tied to the control
/// by `aria-describedby`, marked `aria-invalid`).
fn control(out: &mut String, row: &Row) {
    let field = escape(&row.field);
    let value = escape(&row.value);
    let described = match &row.error {
        Some(_) => format!(r#" aria-describedby="{}""#, error_id(&row.field)),
        None => String::new(),
    };
    if row.kind == "button" {
        out.push_str(&format!(
            r#"<button type="button" data-field="{field}" data-testid="builder-{field}"{described}>{}</button>"#,
            escape(&row.label)
        ));
        error_text(out, row);
        return;
    }
    let class = if row.kind == "check" {
        "field check"
    } else {
        "field"
    };
    let invalid = match &row.error {
        Some(_) => format!(r#" aria-invalid="true"{described}"#),
        None => String::new(),
    };
    out.push_str(&format!(
        r#"<label class="{class}"><span>{}</span>"#,
        escape(&row.label)
    ));
    match row.kind.as_str() {
        "check" => {
            let checked = if row.value == "on" { " checked" } else { "" };
            out.push_str(&format!(
                r#"<input type="checkbox" data-field="{field}"{checked}{invalid}>"#
            ));
        }
        "area" => {
            out.push_str(&format!(
                r#"<textarea data-field="{field}" rows="2"{invalid}>{value}</textarea>"#
            ));
        }
        "select" => {
            out.push_str(&format!(r#"<select data-field="{field}"{invalid}>"#));
            for (option, text) in &row.options {
                let selected = if *option == row.value {
                    " selected"
                } else {
                    ""
                };
                out.push_str(&format!(
                    r#"<option value="{}"{selected}>{}</option>"#,
                    escape(option),
                    escape(text)
                ));
            }
            out.push_str("</select>");
        }
        kind => {
            let numeric = if kind == "number" {
                r#" inputmode="numeric""#
            } else {
                ""
            };
            out.push_str(&format!(
                r#"<input type="text"{numeric} data-field="{field}" value="{value}"{invalid}>"#
            ));
        }
    }
    error_text(out, row);
    out.push_str("</label>");
}

/// The core's sentence refusing `row`, if any, with the id its control's
/// `aria-describedby` names.
fn error_text(out: &mut String, row: &Row) {
    if let Some(message) = &row.error {
        out.push_str(&format!(
            r#"<span class="field-error" id="{}" data-testid="field-error">{}</span>"#,
            error_id(&row.field),
            escape(message)
        ));
    }
}

/// The form as markup: one fieldset per group (its legend the group), one
/// box per entry of a group (a `role="group"` named by the entry).
pub fn html(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut group: Option<&str> = None;
    let mut item: Option<&str> = None;
    for row in rows {
        if group != Some(row.group.as_str()) {
            if item.take().is_some_and(|item| !item.is_empty()) {
                out.push_str("</div>");
            }
            if group.is_some() {
                out.push_str("</fieldset>");
            }
            out.push_str(&format!(
                r#"<fieldset class="builder-group"><legend>{}</legend>"#,
                escape(&row.group)
            ));
            group = Some(&row.group);
        }
        if item != Some(row.item.as_str()) {
            if item.is_some_and(|item| !item.is_empty()) {
                out.push_str("</div>");
            }
            if !row.item.is_empty() {
                let name = escape(&row.item);
                out.push_str(&format!(
                    r#"<div class="builder-item" role="group" aria-label="{name}"><strong>{name}</strong>"#
                ));
            }
            item = Some(&row.item);
        }
        control(&mut out, row);
    }
    if item.is_some_and(|item| !item.is_empty()) {
        out.push_str("</div>");
    }
    if group.is_some() {
        out.push_str("</fieldset>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(draft: Option<String>, field: Option<&str>, value: &str) -> DraftView {
        answer(&DraftRequest {
            draft,
            scenario: "wedged-worker".to_owned(),
            built: None,
            workers: 2,
            field: field.map(str::to_owned),
            value: value.to_owned(),
        })
        .expect("answered")
    }

    #[test]
    fn the_form_starts_from_the_stage_and_runs_each_accepted_change() {
        let start = ask(None, None, "");
        assert!(!start.edited);
        let stage = Scenario::builtin("wedged-worker", Some(2)).unwrap();
        assert_eq!(start.code.as_deref(), Some(stage.to_link_code().as_str()));
        let rows = rows(&Draft::of(stage));
        let fields: Vec<&str> = rows.iter().map(|row| row.field.as_str()).collect();
        for field in [
            "name",
            "workers",
            "tasks[3].worker",
            "tasks[3].steps",
            "tasks+",
            "dropper",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
            assert!(
                start.html.contains(&format!("data-field=\"{field}\"")),
                "{field}"
            );
        }
        // Every control's path is one the builder reads back.
        for row in &rows {
            let value = if row.kind == "check" { "on" } else { "1" };
            assert!(Edit::parse(&row.field, value).is_ok(), "{}", row.field);
        }
        // Fieldsets, entries and labels close as they open.
        for (open, close) in [
            ("<fieldset", "</fieldset>"),
            ("<div", "</div>"),
            ("<label", "</label>"),
        ] {
            assert_eq!(
                start.html.matches(open).count(),
                start.html.matches(close).count(),
                "{open}"
            );
        }
        let edited = ask(Some(start.draft.clone()), Some("event_interval"), "5");
        assert!(edited.edited);
        let scenario = Scenario::from_link_code(edited.code.as_deref().unwrap()).unwrap();
        assert_eq!(scenario.event_interval, 5);
    }

    #[test]
    fn a_refused_field_carries_the_cores_sentence_and_no_code() {
        let start = ask(None, None, "");
        let refused = ask(Some(start.draft), Some("tasks[3].worker"), "7");
        assert_eq!(refused.code, None);
        assert_eq!(
            refused.error.as_deref(),
            Some("tasks[3].worker: worker 7 does not exist (the scenario has 2 workers)")
        );
        assert!(refused.html.contains(
            r#"data-field="tasks[3].worker" aria-invalid="true" aria-describedby="builder-error-tasks-3--worker""#
        ));
        assert!(refused.html.contains(
            r#"<span class="field-error" id="builder-error-tasks-3--worker" data-testid="field-error">worker 7 does not exist (the scenario has 2 workers)</span>"#
        ));
        // The next change fixes it.
        let fixed = ask(Some(refused.draft), Some("workers"), "8");
        assert!(fixed.code.is_some());
        // A list's refusal shows by its button.
        let empty = ask(None, Some(EMPTY), "");
        let none = ask(Some(empty.draft), Some("requesters[0]-"), "");
        let draft = Draft::checked(Scenario::from_link_code_unchecked(&none.draft).unwrap());
        let row = rows(&draft)
            .into_iter()
            .find(|row| row.field == "requesters+")
            .unwrap();
        assert!(row.error.as_deref().unwrap().contains("must number 1 to 3"));
        // ... and is drawn there, tied to the button.
        let button = r#"<button type="button" data-field="requesters+" data-was="requesters[0]-" data-testid="builder-requesters+" aria-describedby="builder-error-requesters-">Add requester</button><span class="field-error" id="builder-error-requesters-" data-testid="field-error">the requesters"#;
        assert!(none.html.contains(button), "{}", none.html);
    }

    #[test]
    fn a_removed_entrys_add_button_stands_in_for_its_remove_button() {
        let start = ask(None, None, "");
        let removed = ask(Some(start.draft.clone()), Some("tasks[3]-"), "");
        assert!(
            removed
                .html
                .contains(r#"data-field="tasks+" data-was="tasks[3]-""#),
            "{}",
            removed.html
        );
        // A Remove button still there (the next entry moved up) is its own.
        let again = ask(Some(removed.draft), Some("tasks[0]-"), "");
        assert!(!again.html.contains("data-was"), "{}", again.html);
        let spawned = ask(Some(start.draft), Some("spawners+"), "");
        let gone = ask(Some(spawned.draft), Some("spawners[0].tasks[0]-"), "");
        assert!(gone
            .html
            .contains(r#"data-field="spawners[0].tasks+" data-was="spawners[0].tasks[0]-""#));
    }

    #[test]
    fn a_new_entrys_first_control_stands_in_for_its_add_button() {
        let start = ask(None, None, "");
        let added = ask(Some(start.draft.clone()), Some("tasks+"), "");
        let count = start.html.matches(".name\" ").count();
        assert!(
            added.html.contains(&format!(
                r#"data-field="tasks[{}].name" data-was="tasks+""#,
                count
            )),
            "{}",
            added.html
        );
        let requester = ask(Some(start.draft.clone()), Some("requesters+"), "");
        assert!(requester
            .html
            .contains(r#"data-field="requesters[1].gives_up" data-was="requesters+""#));
        let spawner = ask(Some(start.draft), Some("spawners+"), "");
        assert!(spawner
            .html
            .contains(r#"data-field="spawners[0].after" data-was="spawners+""#));
        let second = ask(Some(spawner.draft), Some("spawners[0].tasks+"), "");
        assert!(second
            .html
            .contains(r#"data-field="spawners[0].tasks[1].name" data-was="spawners[0].tasks+""#));
    }

    #[test]
    fn a_change_refused_for_another_fields_sake_is_said_beside_both() {
        let start = ask(None, None, "");
        let fewer = ask(Some(start.draft), Some("workers"), "1");
        let message = "worker 1 does not exist (the scenario has 1 worker)";
        assert_eq!(
            fewer.error.as_deref(),
            Some(format!("tasks[3].worker: {message}").as_str())
        );
        // Beside the task's worker, as the core names it ...
        assert!(fewer.html.contains(&format!(
            r#"id="builder-error-tasks-3--worker" data-testid="field-error">{message}<"#
        )));
        // ... and beside the box just changed, naming that field; the box
        // keeps what was typed.
        assert!(fewer.html.contains(&format!(
            r#"data-field="workers" value="1" aria-invalid="true" aria-describedby="builder-error-workers"><span class="field-error" id="builder-error-workers" data-testid="field-error">tasks[3].worker: {message}</span>"#
        )), "{}", fewer.html);
        // A later change to another field, while that refusal stands, is
        // not blamed for it: the message stays beside its own field only.
        let later = ask(Some(fewer.draft), Some("timeout_steps"), "7");
        assert_eq!(
            later.html.matches("data-testid=\"field-error\"").count(),
            1,
            "{}",
            later.html
        );
        assert!(!later.html.contains("builder-error-timeout_steps"));
        assert!(!later.html.contains("builder-error-workers"));
    }

    #[test]
    fn a_refused_box_keeps_what_was_typed() {
        let start = ask(None, None, "");
        let typed = ask(Some(start.draft.clone()), Some("event_interval"), "4x");
        assert_eq!(typed.draft, start.draft, "the draft is unchanged");
        assert_eq!(typed.code, None);
        let error = typed.error.clone().expect("refused");
        assert!(error.starts_with("event_interval: "), "{error}");
        assert!(
            typed
                .html
                .contains(r#"data-field="event_interval" value="4x" aria-invalid="true""#),
            "{}",
            typed.html
        );
        // The other boxes show the draft's values.
        let stage = Scenario::builtin("wedged-worker", Some(2)).unwrap();
        assert!(typed.html.contains(&format!(
            r#"data-field="timeout_steps" value="{}""#,
            stage.timeout_steps
        )));
        // Mended, the box shows the draft's value again.
        let mended = ask(Some(typed.draft), Some("event_interval"), "4");
        assert!(mended
            .html
            .contains(r#"data-field="event_interval" value="4""#));
        assert!(mended.code.is_some());
    }

    #[test]
    fn a_path_no_control_has_is_refused() {
        let request = DraftRequest {
            draft: None,
            scenario: "wedged-worker".to_owned(),
            built: None,
            workers: 2,
            field: Some("tasks[0].colour".to_owned()),
            value: String::new(),
        };
        assert_eq!(
            answer(&request),
            Err("the builder has no field `tasks[0].colour`".to_owned())
        );
    }

    #[test]
    fn text_in_the_form_is_escaped() {
        let start = ask(None, Some("name"), "<b>\"mine\" & 'yours'</b>");
        assert!(
            start
                .html
                .contains(r#"value="&lt;b&gt;&quot;mine&quot; &amp; &#39;yours&#39;&lt;/b&gt;""#),
            "{}",
            start.html
        );
        assert!(!start.html.contains("<b>"));
    }

    /// Found by the `builder_form` fuzz target: a refused worker count made
    /// one choice per worker (millions), and a task's worker near the
    /// largest number overflowed.
    #[test]
    fn a_refused_number_never_makes_the_form_large() {
        let start = ask(None, None, "");
        let many = ask(Some(start.draft.clone()), Some("workers"), "90114915");
        assert!(many.html.len() < 40_000, "{} bytes", many.html.len());
        let far = ask(
            Some(start.draft),
            Some("tasks[3].worker"),
            "18446744073709551615",
        );
        assert!(far.html.len() < 40_000);
        assert!(far.code.is_none());
    }

    /// Found by the `builder_form` fuzz target: a draft too long for a link
    /// ran on, then every later change was refused for its length.
    #[test]
    fn a_draft_too_long_for_a_link_is_refused_and_the_form_goes_on() {
        let start = ask(None, None, "");
        let long = ask(
            Some(start.draft.clone()),
            Some("description"),
            &"&".repeat(1400),
        );
        assert_eq!(long.code, None);
        assert_eq!(long.draft, start.draft);
        assert!(long.html.contains("too large for a link"), "{}", long.html);
        let next = ask(Some(long.draft), Some("event_interval"), "4");
        assert!(next.code.is_some());
    }
}
