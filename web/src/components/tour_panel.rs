//! The guided tour of the current scenario: where the tour is, then the
//! stop's note, previous and next, and a link to every stop; off the tour,
//! a button that starts it. The stop's note, moves and links are the
//! worker's markup (`checker-wasm/src/tour_notes.rs`), asked for when the
//! stop is shown.

use super::share::ask_about_file;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use crate::state::{Action, Playground};
use crate::tours;
use crate::view;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The tour panel.
pub fn tour_panel(playground: &Playground, on_action: &Callback<Action>) -> Html {
    let scenario = playground.settings().scenario.clone();
    let Some(tour) = tours::tour(&scenario) else {
        return html! {};
    };
    let count = tour.stops.len();
    let Some(index) = playground.tour() else {
        // Off the tour, the panel is one button in the settings' bar.
        return html! {
            <section class="tour compact" aria-label="Guided tour" data-testid="tour">
                <button type="button" data-testid="tour-start" onclick={on_action.reform(|_| {
                    view::scroll_to(".side > .tour", false);
                    Action::Tour(0)
                })}>
                    { format!("Take the tour of {scenario} ({})", view::plural(count as u64, "stop", "stops")) }
                </button>
            </section>
        };
    };
    let stop_index = index.min(count - 1);
    // The moves are the worker's buttons: one listener makes each from the
    // stop the page is at, so a button of a stop still on screen while the
    // next one loads moves from where the tour now is.
    let onclick = {
        let on_action = on_action.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(kind) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|target| target.closest("button[data-tour]").ok().flatten())
                .and_then(|button| button.get_attribute("data-tour"))
            else {
                return;
            };
            on_action.emit(match kind.as_str() {
                "prev" => Action::Tour(index.saturating_sub(1)),
                "next" => Action::Tour((index + 1).min(count - 1)),
                _ => Action::EndTour,
            });
        })
    };
    // Stepped off the stop's moment, the note no longer describes the
    // stage: say so, and where the stop is.
    let (cursor, step) = (playground.run().cursor(), playground.tour_step());
    let position = if step == cursor {
        format!("Stop {} of {count} · step {cursor}", index + 1)
    } else {
        format!(
            "Stop {} of {count} is at step {step}; the stage is at step {cursor}",
            index + 1
        )
    };
    html! {
        <section class="tour" aria-label="Guided tour" data-testid="tour"
            data-stop={index.to_string()} {onclick}>
            <h2 class="lane-title">{ "Guided tour" }</h2>
            <p class="tour-position" data-testid="tour-position">{ position }</p>
            <TourStop scenario={AttrValue::from(scenario)} {stop_index} />
        </section>
    }
}

/// The props of [`TourStop`].
#[derive(Properties, PartialEq)]
pub struct TourStopProps {
    /// The tour's scenario.
    pub scenario: AttrValue,
    /// The stop shown (0-based).
    pub stop_index: usize,
}

/// The stop shown, asked of the worker when the stop changes: its note,
/// the moves and the links to every stop, as the worker's markup
/// (`checker-wasm/src/tour_notes.rs`); `tour-note-loading` until it is in.
#[component]
pub fn TourStop(props: &TourStopProps) -> Html {
    let shown = use_state(|| None::<(AttrValue, usize, Result<AttrValue, String>)>);
    {
        let shown = shown.clone();
        use_effect_with(
            (props.scenario.clone(), props.stop_index),
            move |(scenario, stop)| {
                let (scenario, stop) = (scenario.clone(), *stop);
                let request = WorkerRequest::TourNote {
                    scenario: &scenario,
                    stop,
                };
                let asked = scenario.clone();
                ask_about_file(
                    &request,
                    Callback::from(move |answer| {
                        let markup = match answer {
                            Ok(CheckReply::Exported { text }) => Ok(AttrValue::from(text)),
                            Ok(CheckReply::Failed { message }) | Err(message) => Err(message),
                            Ok(_) => Err("the worker answered another question".to_owned()),
                        };
                        shown.set(Some((asked.clone(), stop, markup)));
                    }),
                );
            },
        );
    }
    match &*shown {
        Some((scenario, stop, markup))
            if *scenario == props.scenario && *stop == props.stop_index =>
        {
            match markup {
                Ok(markup) => Html::from_html_unchecked(markup.clone()),
                Err(message) => html! {
                    <p class="tour-note error" data-testid="tour-note-error">{ format!("This stop could not be loaded: {message}") }</p>
                },
            }
        }
        _ => {
            html! { <p class="tour-note" data-testid="tour-note-loading" aria-busy="true">{ "…" }</p> }
        }
    }
}
