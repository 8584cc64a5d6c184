//! What runs: the scenario, the variant, the worker count, and the seed of
//! a random run.

use super::{send_some, PartProps};
use crate::state::Action;
use rendezvous_core::scenario::{BUILTINS, MAX_WORKERS};
use rendezvous_core::{Activity, Assumptions, Cancel, Timing, Variant};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Keeps a `<select>` showing `value` after every render. The `selected`
/// attribute alone stops working once the user has touched the select, so
/// a change that does not come from the select itself (browser history, a
/// link, a replayed counterexample) would leave it showing a stale choice.
#[hook]
fn use_select_value(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            if let Some(select) = node.cast::<HtmlSelectElement>() {
                if select.value() != value {
                    select.set_value(&value);
                }
            }
        });
    }
    node
}

/// The pickers above the stage: the scenario, the variant and the worker
/// count always in view, the assumptions, the seed and the scenario's
/// description folded away once the run has started (open on demand).
#[component]
pub fn Setup(props: &PartProps) -> Html {
    let settings = props.playground.settings();
    // A built scenario shows as an option of its own, first.
    let chosen = match settings.built {
        Some(_) => "(built)".to_owned(),
        None => settings.scenario.clone(),
    };
    let scenario_ref = use_select_value(chosen.clone());
    let variant_ref = use_select_value(settings.variant.name().to_owned());
    let workers_ref = use_select_value(settings.workers.to_string());
    let timing_ref = use_select_value(settings.assumptions.timing.name().to_owned());
    let activity_ref = use_select_value(settings.assumptions.activity.name().to_owned());
    let cancel_ref = use_select_value(settings.assumptions.cancel.name().to_owned());
    let scenario = props.playground.run().model().scenario();
    let variant = settings.variant;
    let worker_choices: Vec<usize> = (settings.min_workers()..=MAX_WORKERS).collect();
    // Drawn again when this changes (the app puts it in the digest): the
    // details fold away once the run has started.
    let started = props.playground.run().cursor() > 0;

    // One listener for every picker (`change` bubbles): each is named by
    // its test id.
    let assumptions = settings.assumptions;
    let onchange = send_some(&props.on_action, move |event: Event| {
        let target = event.target_dyn_into::<web_sys::Element>()?;
        let value = match target.dyn_ref::<HtmlSelectElement>() {
            Some(select) => select.value(),
            None => target.dyn_ref::<HtmlInputElement>()?.value(),
        };
        let with = |assumptions: Assumptions| Some(Action::ChooseAssumptions(assumptions));
        match target.get_attribute("data-testid")?.as_str() {
            "scenario" => (value != "(built)").then_some(Action::ChooseScenario(value)),
            "variant" => value.parse::<Variant>().ok().map(Action::ChooseVariant),
            "workers" => value.parse().ok().map(Action::ChooseWorkers),
            "seed" => value.trim().parse().ok().map(Action::SetSeed),
            "timing" => with(Assumptions {
                timing: value.parse::<Timing>().ok()?,
                ..assumptions
            }),
            "activity" => with(Assumptions {
                activity: value.parse::<Activity>().ok()?,
                ..assumptions
            }),
            "cancel" => with(Assumptions {
                cancel: value.parse::<Cancel>().ok()?,
                ..assumptions
            }),
            _ => None,
        }
    });
    let on_random = props.on_action.reform(|_| Action::RandomRun);
    let mode = match settings.seed {
        Some(seed) => format!("random run, seed {seed}"),
        None => "round-robin".to_owned(),
    };

    html! {
        <section class="setup" aria-label="Scenario" {onchange}>
            <div class="pickers">
                <label>
                    <span>{ "Scenario" }</span>
                    <select data-testid="scenario" ref={scenario_ref}>
                        if settings.built.is_some() {
                            <option value="(built)" selected=true>{ format!("{} (built)", settings.scenario) }</option>
                        }
                        { for BUILTINS.iter().map(|entry| html! {
                            <option value={entry.name} selected={entry.name == chosen}>{ entry.name }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ "Variant" }</span>
                    <select data-testid="variant" ref={variant_ref}>
                        <optgroup label="Tokio releases and fixes">
                            { for Variant::ALL.iter().filter(|choice| choice.is_preset()).map(|choice| html! {
                                <option value={choice.name()} title={choice.summary()} selected={*choice == variant}>
                                    { format!("{} ({})", choice.name(), choice.releases()) }
                                </option>
                            }) }
                        </optgroup>
                        <optgroup label="What-ifs (on top of fixed)">
                            { for Variant::ALL.iter().filter(|choice| !choice.is_preset()).map(|choice| html! {
                                <option value={choice.name()} title={choice.summary()} selected={*choice == variant}>{ choice.name() }</option>
                            }) }
                        </optgroup>
                    </select>
                </label>
                <label>
                    <span>{ "Workers" }</span>
                    <select data-testid="workers" ref={workers_ref}>
                        { for worker_choices.iter().map(|&count| html! {
                            <option value={count.to_string()} selected={count == settings.workers}>{ count }</option>
                        }) }
                    </select>
                </label>
                <details class="more-settings" open={!started} data-testid="setup-more">
                    <summary>{ "Assumptions, seed and description" }</summary>
                    <div class="pickers">
                        <label title="When may a trace_start wait time out?">
                            <span>{ "Timing" }</span>
                            <select data-testid="timing" ref={timing_ref}>
                                <option value="timely" selected={assumptions.timing == Timing::Timely}>{ "timely" }</option>
                                <option value="any" selected={assumptions.timing == Timing::Any}>{ "any" }</option>
                            </select>
                        </label>
                        <label title="May I/O and timers wake parked workers?">
                            <span>{ "Activity" }</span>
                            <select data-testid="activity" ref={activity_ref}>
                                <option value="idle" selected={assumptions.activity == Activity::Idle}>{ "idle" }</option>
                                <option value="active" selected={assumptions.activity == Activity::Active}>{ "active" }</option>
                            </select>
                        </label>
                        <label title="May callers of dump() give up at await points?">
                            <span>{ "Cancel" }</span>
                            <select data-testid="cancel" ref={cancel_ref}>
                                <option value="off" selected={assumptions.cancel == Cancel::Off}>{ "off" }</option>
                                <option value="on" selected={assumptions.cancel == Cancel::On}>{ "on" }</option>
                            </select>
                        </label>
                        <label>
                            <span>{ "Seed" }</span>
                            <input data-testid="seed" type="number" min="0" inputmode="numeric"
                                value={props.playground.seed_input().to_string()} />
                        </label>
                        <button type="button" data-testid="random-run" onclick={on_random}>{ "Random run" }</button>
                    </div>
                    <div class="about">
                        <h2>{ &scenario.title }</h2>
                        <p>{ &scenario.description }</p>
                        <p class="variant-summary"><strong>{ variant.name() }</strong>{ ": " }{ variant.summary() }</p>
                        <p class="mode">{ "Scheduler: " }{ mode }</p>
                    </div>
                </details>
            </div>
        </section>
    }
}
