//! Every step up to the cursor, one sentence each.

use super::PlaygroundProps;
use yew::prelude::*;

/// How many lines one memoised chunk of the log holds.
const CHUNK: usize = 64;

#[derive(Properties, PartialEq)]
struct LinesProps {
    lines: Vec<AttrValue>,
}

/// A chunk of lines: a chunk whose lines did not change is not rendered
/// again, so a step costs the same late in a long run as early.
#[component]
fn Lines(props: &LinesProps) -> Html {
    html! {
        { for props.lines.iter().map(|text| html! { <li>{ text.clone() }</li> }) }
    }
}

/// The log: one `<li>` per step taken up to the cursor.
#[component]
pub fn Log(props: &PlaygroundProps) -> Html {
    let narrations: Vec<AttrValue> = props.playground.narrations_to_cursor().cloned().collect();
    html! {
        <section class="log" aria-label="Log">
            <details open=true>
                <summary>{ format!("Log ({} steps)", narrations.len()) }</summary>
                <div class="log-box">
                    <ol data-testid="log">
                        { for narrations.chunks(CHUNK).map(|chunk| html! {
                            <Lines lines={chunk.to_vec()} />
                        }) }
                    </ol>
                </div>
            </details>
        </section>
    }
}
