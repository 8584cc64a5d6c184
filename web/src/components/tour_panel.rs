//! The guided tour of the current scenario: the stop's note, previous and
//! next, and a link to every stop; off the tour, a button that starts it.

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
            let stop = &tour.stops[index.min(count - 1)];
            html! {
                <>
                    <p class="tour-position">{ match stop.step_in(playground.run()) {
                        Some(step) => format!("Stop {} of {count} · step {step}", index + 1),
                        None => format!("Stop {} of {count}", index + 1),
                    } }</p>
                    <p class="tour-note" data-testid="tour-note">{ stop.note }</p>
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
