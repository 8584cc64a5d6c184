//! Every step up to the cursor, one sentence each.

use super::ChunkProps;
use crate::state::Playground;
use yew::prelude::*;

/// How many lines one memoised chunk of the log holds.
const CHUNK: usize = 64;

/// A chunk of lines: a chunk whose stamp did not change is not drawn
/// again, so a step costs the same late in a long run as early. Lines and
/// chunks are keyed: a list without keys is matched from its end, so a
/// line appended would rewrite every line before it.
#[component]
fn Lines(props: &ChunkProps) -> Html {
    let first = props.first;
    html! {
        { for (first..props.end).map(|index| html! { <li key={index}>{ props.playground.narration(index) }</li> }) }
    }
}

/// The log: one `<li>` per step taken up to the cursor.
pub fn log(playground: &UseReducerHandle<Playground>) -> Html {
    let shown = playground.narrations_to_cursor().count();
    let stamps = playground.chunk_stamps(CHUNK);
    html! {
        <section class="log" aria-label="Log">
            <details open=true>
                <summary>{ format!("Log ({})", crate::view::plural(shown as u64, "step", "steps")) }</summary>
                <div class="log-box">
                    <ol data-testid="log">
                        { for stamps.iter().enumerate()
                            .take_while(|(index, _)| index * CHUNK < shown)
                            .map(|(index, &stamp)| html! {
                                <Lines key={index} playground={playground.clone()} first={index * CHUNK} {stamp}
                                    end={((index + 1) * CHUNK).min(shown)} />
                            }) }
                    </ol>
                </div>
            </details>
        </section>
    }
}
