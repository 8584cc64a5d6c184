//! Challenges: goals the run can reach. Says when one is won, links to the
//! winning moment, and keeps what was won in the browser's localStorage.

use super::PlaygroundProps;
use crate::challenges::{Progress, CHALLENGES};
use yew::prelude::*;

/// The localStorage key of the progress record.
const STORAGE_KEY: &str = "rendezvous-challenges";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load() -> Progress {
    storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .map(|text| Progress::parse(&text))
        .unwrap_or_default()
}

/// The challenges panel.
#[component]
pub fn ChallengePanel(props: &PlaygroundProps) -> Html {
    let progress = use_state(load);
    let playground = &props.playground;
    {
        let progress = progress.clone();
        let playground = playground.clone();
        use_effect_with(playground.fragment(), move |fragment| {
            let mut next = (*progress).clone();
            if next.record(playground.run(), fragment) {
                if let Some(storage) = storage() {
                    // A full or forbidden storage only forgets the win.
                    let _ = storage.set_item(STORAGE_KEY, &next.format());
                }
                progress.set(next);
            }
        });
    }
    let run = playground.run();
    html! {
        <section class="challenges" aria-label="Challenges" data-testid="challenges">
            <h2 class="lane-title">{ "Challenges" }</h2>
            <ul>
                { for CHALLENGES.iter().map(|challenge| {
                    let now = challenge.is_won(run);
                    let winning = progress.winning_fragment(challenge.id).map(str::to_owned);
                    html! {
                        <li class={classes!("challenge", winning.is_some().then_some("won"))}
                            data-testid={format!("challenge-{}", challenge.id)}
                            data-won={if winning.is_some() { "true" } else { "false" }}>
                            <strong>{ challenge.title }</strong>
                            { " " }
                            <a href={format!("#{}", challenge.start_fragment())}
                                data-testid={format!("challenge-{}-start", challenge.id)}>{ "Try it" }</a>
                            <p class="hint">{ challenge.hint }</p>
                            if now {
                                <p class="won-now" data-testid="challenge-won" role="status">
                                    { "Won! This moment meets the goal." }
                                </p>
                            }
                            if let Some(fragment) = winning {
                                <p>{ "Won with " }
                                    <a href={format!("#{fragment}")}
                                        data-testid={format!("challenge-{}-link", challenge.id)}>{ "this schedule" }</a>
                                </p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
