//! A task dump as a card: one line per task and where it was found.

use crate::view::DumpLine;
use yew::prelude::*;

/// The card, under `title` (by default the number of tasks); a corrupt
/// dump (a task found running) is marked.
pub fn dump_card(lines: &[DumpLine], title: Option<&'static str>) -> Html {
    let corrupt = lines.iter().any(|line| line.corrupt);
    let title = match title {
        Some(title) => AttrValue::Static(title),
        None => AttrValue::from(format!(
            "dump: {}",
            crate::view::plural(lines.len() as u64, "task", "tasks")
        )),
    };
    html! {
        <div class={classes!("dump", corrupt.then_some("corrupt"))}>
            <p class="dump-title">{ title }
                if corrupt { <strong class="corrupt-mark">{ " CORRUPT" }</strong> }
            </p>
            <ul>
                { for lines.iter().map(|line| html! {
                    <li class={classes!(line.corrupt.then_some("corrupt"))}>
                        <span class="task">{ &line.task }</span>{ ": " }<span class="place">{ &line.place }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
