//! The safety properties (S1–S8, S7a) and C1, live, with the assumptions
//! they hold under.

use crate::state::{Action, Playground};
use crate::view;
use rendezvous_core::{Event, Property};
use yew::prelude::*;

/// One row of the panel.
struct Row {
    property: Property,
    broken_now: bool,
    first_broken: Option<usize>,
}

/// The properties panel.
pub fn properties(playground: &Playground, on_action: &Callback<Action>) -> Html {
    let run = playground.run();
    let now = run.broken_now();
    let ever = run.moment().ever_broken;
    let mut first_broken = [None; Property::SAFETY.len()];
    for index in 0..run.cursor() {
        for event in run.events_of(index) {
            if let Event::PropertyBroken { property } = event {
                if let Some(slot) = Property::SAFETY
                    .iter()
                    .position(|safety| safety == property)
                {
                    first_broken[slot].get_or_insert(index + 1);
                }
            }
        }
    }
    let rows: Vec<Row> = Property::SAFETY
        .iter()
        .zip(first_broken)
        .map(|(&property, first_broken)| Row {
            property,
            broken_now: now.contains(property),
            first_broken: first_broken.or(ever.contains(property).then_some(0)),
        })
        .collect();
    let assumptions = run.model().assumptions();
    let status = run.status();
    let render_row = |row: &Row| {
        let broken = row.first_broken.is_some();
        let state = if broken { "broken" } else { "held" };
        let seek = row.first_broken.map(|step| {
            let onclick = on_action.reform(move |_| Action::Seek(step));
            html! {
                <button type="button" class="small" {onclick}>{ format!("broke at step {step}") }</button>
            }
        });
        html! {
            <li class={classes!("property", state, row.broken_now.then_some("now"))}
                data-testid={format!("prop-{}", row.property.code())}
                data-state={state} data-now={view::flag(row.broken_now)}>
                <span class="code">{ row.property.code() }</span>
                <span class="title">{ row.property.title() }</span>
                <span class="verdict">{ if broken { "broken" } else { "holds" } }</span>
                { seek }
                <p class="statement">{ row.property.statement() }</p>
            </li>
        }
    };
    html! {
        <section class="properties" aria-label="Properties">
            <h2 class="lane-title">{ "Properties" }</h2>
            <p class={classes!("status", view::status_name(status))} data-testid="status"
                data-status={view::status_name(status)}>{ view::status_sentence(status) }</p>
            <ul>{ for rows.iter().map(render_row) }</ul>
            <p class="assumptions">
                { format!("Assumptions: timing {}, activity {}, cancel {}; a wait times out {} after arrival.",
                    assumptions.timing.name(), assumptions.activity.name(), assumptions.cancel.name(),
                    view::plural(u64::from(run.model().scenario().timeout_steps), "step", "steps")) }
            </p>
        </section>
    }
}
