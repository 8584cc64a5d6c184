//! A barrier as a gate with one slot per worker.

use crate::view::{self, BarrierView};
use yew::prelude::*;

/// The gate: arrivals fill its slots; the last arrival wears a crown; a
/// timed-out waiter leaves a mark with the count it left behind.
pub fn barrier(view: &BarrierView) -> Html {
    let name = view.id.name();
    // The step that completes a round shows that round full, its last
    // token just dropped in; the count is already back to the next round's.
    let slots: Vec<bool> = (0..view.n)
        .map(|slot| slot < view.count || view.just_completed)
        .collect();
    let waiting: Vec<String> = view
        .waiting
        .iter()
        .map(|&(worker, released)| {
            if released {
                format!("W{worker} (released)")
            } else {
                format!("W{worker}")
            }
        })
        .collect();
    let waiting = if waiting.is_empty() {
        "nobody waits".to_owned()
    } else {
        format!("waiting: {}", waiting.join(", "))
    };
    let crown = view.crowned.map(|worker| match view.id {
        rendezvous_core::state::BarrierId::TraceStart => {
            format!("W{worker} arrived last: it leads")
        }
        rendezvous_core::state::BarrierId::TraceEnd => format!("W{worker} arrived last"),
    });
    let timeouts: Vec<String> = view
        .timeouts
        .iter()
        .map(|&(worker, left, leaked)| {
            if leaked {
                format!("W{worker} timed out; its arrival stays: count {left} left behind")
            } else {
                format!("W{worker} timed out and took its arrival back (count {left})")
            }
        })
        .collect();
    let class = classes!(
        "object",
        "barrier",
        view.just_completed.then_some("completed"),
        (!view.timeouts.is_empty()).then_some("leaky")
    );
    html! {
        <div {class} data-testid={format!("barrier-{name}")}
            data-count={view.count.to_string()} data-generation={view.generation.to_string()}>
            <h3><code>{ name }</code></h3>
            <div class="gate" role="img" aria-label={format!("{} of {} arrived", view.count, view.n)}>
                { for slots.iter().enumerate().map(|(slot, &filled)| {
                    // The token of the worker that arrived this step drops
                    // into its slot.
                    match view.arrival {
                        Some((worker, at)) if filled && at as usize == slot => html! {
                            <span class={classes!("arrival", "filled", "new", view::worker_colour(worker as usize))}
                                data-testid={format!("barrier-{name}-token")}>{ format!("W{worker}") }</span>
                        },
                        _ => html! { <span class={classes!("arrival", filled.then_some("filled"))}></span> },
                    }
                }) }
            </div>
            <p class="count">{ format!("{} of {} · generation {}", view.count, view.n, view.generation) }</p>
            <p class="waiting">{ waiting }</p>
            if let Some(crown) = crown {
                <p class="crown"><span aria-hidden="true">{ "♛ " }</span>{ crown }</p>
            }
            if !timeouts.is_empty() {
                <ul class="timeouts">
                    { for timeouts.iter().map(|text| html! { <li>{ text }</li> }) }
                </ul>
            }
        </div>
    }
}
