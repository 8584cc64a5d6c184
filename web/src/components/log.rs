//! Every step up to the cursor, one sentence each.

use super::PlaygroundProps;
use crate::state::Playground;
use yew::prelude::*;

/// How many lines one memoised chunk of the log holds.
const CHUNK: usize = 64;

#[derive(Properties)]
struct LinesProps {
    /// The playground, as of the last change of `stamp` or `end`.
    playground: UseReducerHandle<Playground>,
    /// The chunk's number: it holds lines `index * CHUNK .. end`.
    index: usize,
    /// One past the chunk's last line shown (the cursor cuts the last
    /// chunk short).
    end: usize,
    /// The chunk's stamp (see [`Playground::chunk_stamps`]).
    stamp: u64,
}

impl PartialEq for LinesProps {
    fn eq(&self, other: &Self) -> bool {
        (self.index, self.end, self.stamp) == (other.index, other.end, other.stamp)
    }
}

/// A chunk of lines: a chunk whose stamp did not change is not drawn
/// again, so a step costs the same late in a long run as early. Lines and
/// chunks are keyed: a list without keys is matched from its end, so a
/// line appended would rewrite every line before it.
#[component]
fn Lines(props: &LinesProps) -> Html {
    let first = props.index * CHUNK;
    html! {
        { for (first..props.end).map(|index| html! { <li key={index}>{ props.playground.narration(index) }</li> }) }
    }
}

/// The log: one `<li>` per step taken up to the cursor.
#[component]
pub fn Log(props: &PlaygroundProps) -> Html {
    let playground = &props.playground;
    let shown = playground.narrations_to_cursor().count();
    let stamps = playground.chunk_stamps(CHUNK);
    html! {
        <section class="log" aria-label="Log">
            <details open=true>
                <summary>{ format!("Log ({shown} steps)") }</summary>
                <div class="log-box">
                    <ol data-testid="log">
                        { for stamps.iter().enumerate()
                            .take_while(|(index, _)| index * CHUNK < shown)
                            .map(|(index, &stamp)| html! {
                                <Lines key={index} playground={playground.clone()} {index} {stamp}
                                    end={((index + 1) * CHUNK).min(shown)} />
                            }) }
                    </ol>
                </div>
            </details>
        </section>
    }
}
