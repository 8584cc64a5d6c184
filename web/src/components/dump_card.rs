//! A task dump as a card: one line per task and where it was found.

use crate::view::DumpLine;
use yew::prelude::*;

/// The props of [`DumpCard`].
#[derive(Properties, PartialEq)]
pub struct DumpCardProps {
    /// The dump's lines.
    pub lines: Vec<DumpLine>,
    /// A heading, such as "tracing".
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

/// The card; a corrupt dump (a task found running) is marked.
#[component]
pub fn DumpCard(props: &DumpCardProps) -> Html {
    let corrupt = props.lines.iter().any(|line| line.corrupt);
    let title = props
        .title
        .clone()
        .unwrap_or_else(|| AttrValue::from(format!("dump: {} task(s)", props.lines.len())));
    html! {
        <div class={classes!("dump", corrupt.then_some("corrupt"))}>
            <p class="dump-title">{ title }
                if corrupt { <strong class="corrupt-mark">{ " CORRUPT" }</strong> }
            </p>
            <ul>
                { for props.lines.iter().map(|line| html! {
                    <li class={classes!(line.corrupt.then_some("corrupt"))}>
                        <span class="task">{ &line.task }</span>{ ": " }<span class="place">{ &line.place }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
