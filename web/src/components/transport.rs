//! Moving through the run: play and pause (the app owns the playback
//! timer), step, back, first, last, reset, the scrubber and the speed.

use super::send_some;
use crate::state::{Action, Playground, SPEEDS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The transport bar.
pub fn transport(playground: &Playground, on_action: &Callback<Action>) -> Html {
    let run = playground.run();
    let playing = playground.playing();

    let cursor = run.cursor();
    let len = run.len();
    let at_start = cursor == 0;
    let at_end = cursor >= len;
    let can_step = playground.can_step_forward();
    let speed = playground.speed();

    let on_play = on_action.reform(|_| Action::TogglePlay);
    let on_step = on_action.reform(|_| Action::Step);
    let on_back = on_action.reform(|_| Action::Back);
    let on_first = on_action.reform(|_| Action::First);
    let on_last = on_action.reform(|_| Action::Last);
    let on_reset = on_action.reform(|_| Action::Reset);
    let on_scrub = send_some(on_action, |event: InputEvent| {
        event
            .target_dyn_into::<HtmlInputElement>()
            .and_then(|input| input.value().parse().ok())
            .map(Action::Seek)
    });
    let on_speed = send_some(on_action, |event: Event| {
        event
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|select| select.value().parse().ok())
            .map(Action::SetSpeed)
    });
    let play_label = if playing { "Pause" } else { "Play" };
    let position = format!("step {cursor} of {len}");

    html! {
        <section class="transport" aria-label="Playback">
            <div class="buttons">
                <button type="button" data-testid="first" onclick={on_first} disabled={at_start} title="First step (Home)">{ "«" }<span class="words">{ " First" }</span></button>
                <button type="button" data-testid="back" onclick={on_back} disabled={at_start} title="Step back (←)">{ "◀" }<span class="words">{ " Back" }</span></button>
                <button type="button" data-testid="play" class={classes!("play", playing.then_some("on"))}
                    aria-pressed={if playing { "true" } else { "false" }}
                    onclick={on_play} disabled={!playing && !can_step} title="Play or pause (Space)">{ play_label }</button>
                <button type="button" data-testid="step" class="primary" onclick={on_step} disabled={!can_step} title="Step (→)">{ "Step" }<span class="words">{ " ▶" }</span></button>
                <button type="button" data-testid="last" onclick={on_last} disabled={at_end} title="Last recorded step (End)"><span class="words">{ "Last " }</span>{ "»" }</button>
                <button type="button" data-testid="reset" onclick={on_reset} title="A fresh round-robin run">{ "Reset" }</button>
            </div>
            <label class="scrubber">
                <span class="position">{ position }</span>
                <input data-testid="scrubber" type="range" min="0" max={len.to_string()}
                    value={cursor.to_string()} oninput={on_scrub} aria-label="Step" />
            </label>
            <label class="speed">
                <span>{ "Speed" }</span>
                <select data-testid="speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&choice| html! {
                        <option value={choice.to_string()} selected={choice == speed}>{ format!("{choice} / s") }</option>
                    }) }
                </select>
            </label>
        </section>
    }
}
