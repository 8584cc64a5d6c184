//! Every step up to the cursor, one sentence each.

use super::PlaygroundProps;
use yew::prelude::*;

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
                        { for narrations.into_iter().map(|text| html! { <li>{ text }</li> }) }
                    </ol>
                </div>
            </details>
        </section>
    }
}
