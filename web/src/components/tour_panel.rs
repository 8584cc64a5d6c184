//! The guided tour of the current scenario: the stop's note, previous and
//! next, and a link to every stop; off the tour, a button that starts it.
//! The notes are the worker's (`checker-wasm/src/tour_notes.rs`): a stop's
//! is asked for when it is shown.

use super::share::ask_about_file;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use crate::state::{Action, Playground};
use crate::tours;
use crate::view;
use yew::prelude::*;

/// The tour panel.
pub fn tour_panel(playground: &Playground, on_action: &Callback<Action>) -> Html {
    let scenario = playground.settings().scenario.clone();
    let Some(tour) = tours::tour(&scenario) else {
        return html! {};
    };
    let count = tour.stops.len();
    let go = |stop: usize| on_action.reform(move |_: MouseEvent| Action::Tour(stop));
    let links = html! {
        <ol class="tour-stops">
            { for tour.stops.iter().enumerate().map(|(index, stop)| {
                let current = playground.tour() == Some(index);
                html! {
                    <li class={classes!(current.then_some("current"))}>
                        <a data-testid={format!("tour-stop-{index}")}
                            href={format!("#scenario={scenario}&tour={index}")}
                            aria-current={current.then_some("step")}>
                            { match stop.step_in(playground.run()) {
                                Some(step) => format!("step {step}"),
                                None => format!("stop {}", index + 1),
                            } }
                        </a>
                    </li>
                }
            }) }
        </ol>
    };
    let body = match playground.tour() {
        Some(index) => {
            let stop_index = index.min(count - 1);
            let stop = &tour.stops[stop_index];
            html! {
                <>
                    <p class="tour-position">{ match stop.step_in(playground.run()) {
                        Some(step) => format!("Stop {} of {count} · step {step}", index + 1),
                        None => format!("Stop {} of {count}", index + 1),
                    } }</p>
                    <TourNote scenario={AttrValue::from(scenario.clone())} {stop_index} />
                    <div class="buttons">
                        <button type="button" data-testid="tour-prev" disabled={index == 0}
                            onclick={go(index.saturating_sub(1))}>{ "◀ Previous stop" }</button>
                        <button type="button" class="primary" data-testid="tour-next" disabled={index + 1 >= count}
                            onclick={go(index + 1)}>{ "Next stop ▶" }</button>
                        <button type="button" data-testid="tour-end"
                            onclick={on_action.reform(|_| Action::EndTour)}>{ "End the tour" }</button>
                    </div>
                </>
            }
        }
        None => {
            // Off the tour, the panel is one button in the settings' bar.
            return html! {
                <section class="tour compact" aria-label="Guided tour" data-testid="tour">
                    <button type="button" data-testid="tour-start" onclick={go(0)}>
                        { format!("Take the tour of {scenario} ({})", view::plural(count as u64, "stop", "stops")) }
                    </button>
                </section>
            };
        }
    };
    html! {
        <section class="tour" aria-label="Guided tour" data-testid="tour"
            data-stop={playground.tour().map(|stop| stop.to_string())}>
            <h2 class="lane-title">{ "Guided tour" }</h2>
            { body }
            { links }
        </section>
    }
}

/// The props of [`TourNote`].
#[derive(Properties, PartialEq)]
pub struct TourNoteProps {
    /// The tour's scenario.
    pub scenario: AttrValue,
    /// The stop shown (0-based).
    pub stop_index: usize,
}

/// The note of the stop shown, asked of the worker when the stop changes:
/// `tour-note` (with `data-stop`) once it is in, `tour-note-loading` until
/// then.
#[component]
pub fn TourNote(props: &TourNoteProps) -> Html {
    let note = use_state(|| None::<(AttrValue, usize, Result<AttrValue, String>)>);
    {
        let note = note.clone();
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
                        let text = match answer {
                            Ok(CheckReply::Exported { text }) => Ok(AttrValue::from(text)),
                            Ok(CheckReply::Failed { message }) | Err(message) => Err(message),
                            Ok(_) => Err("the worker answered another question".to_owned()),
                        };
                        note.set(Some((asked.clone(), stop, text)));
                    }),
                );
            },
        );
    }
    match &*note {
        Some((scenario, stop, text))
            if *scenario == props.scenario && *stop == props.stop_index =>
        {
            match text {
                Ok(text) => html! {
                    <p class="tour-note" data-testid="tour-note" data-stop={stop.to_string()}>{ text.clone() }</p>
                },
                Err(message) => html! {
                    <p class="tour-note error" data-testid="tour-note-error">{ format!("This stop's note could not be loaded: {message}") }</p>
                },
            }
        }
        _ => {
            html! { <p class="tour-note" data-testid="tour-note-loading" aria-busy="true">{ "…" }</p> }
        }
    }
}
