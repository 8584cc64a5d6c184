//! The last few steps in plain words, read out by screen readers.

use crate::state::Playground;
use crate::view;
use rendezvous_core::{Event, Status};
use yew::prelude::*;

/// How many sentences stay visible.
const KEEP: usize = 4;

/// The narration.
pub fn narration(playground: &Playground) -> Html {
    let run = playground.run();
    let cursor = run.cursor();
    let first = cursor.saturating_sub(KEEP);
    let lines: Vec<(usize, AttrValue, bool)> = (first..cursor)
        .map(|index| {
            let broke = run
                .events_of(index)
                .iter()
                .any(|event| matches!(event, Event::PropertyBroken { .. }));
            (index + 1, playground.narration(index), broke)
        })
        .collect();
    // At the end of what can happen, say so: the status is news too.
    let status = run.status();
    let ending =
        (cursor == run.len() && status != Status::Running).then(|| view::status_sentence(status));
    // The newest step's sentence, and the ending when this step ended the
    // run.
    let news = match (lines.last(), ending) {
        (Some((step, text, _)), Some(ending)) => format!("Step {step}: {text} {ending}"),
        (Some((step, text, _)), None) => format!("Step {step}: {text}"),
        (None, ending) => ending.unwrap_or_default().to_owned(),
    };
    html! {
        <section class="narration" aria-label="What just happened">
            <h2 class="lane-title">{ "What happened" }</h2>
            // The list shifts on every step; what a screen reader announces
            // is the live line below it: the newest sentence alone.
            <ol data-testid="narration">
                if lines.is_empty() {
                    <li class="none">{ "Nothing yet: press Step, Play, or click a highlighted actor." }</li>
                }
                // Keyed by step: each step adds one line and drops the
                // oldest, and the lines in between keep their nodes.
                { for lines.iter().map(|(step, text, broke)| html! {
                    <li key={*step} class={classes!(broke.then_some("broke"))}>
                        <span class="step-number">{ format!("{step}. ") }</span>{ text.clone() }
                    </li>
                }) }
                if let Some(ending) = ending {
                    <li class={classes!("status-line", view::status_name(status))}>{ ending }</li>
                }
            </ol>
            <p class="visually-hidden" aria-live="polite" data-testid="narration-live">{ news }</p>
        </section>
    }
}
