//! The whole page.

use super::checker_panel::CheckerPanel;
use super::error_banner::ErrorBanner;
use super::help::Help;
use super::listing::Listing;
use super::log::Log;
use super::narration::Narration;
use super::properties::Properties;
use super::setup::Setup;
use super::share::Share;
use super::stage::Stage;
use super::timeline::Timeline;
use super::transport::Transport;
use crate::hooks::{current_fragment, use_keyboard, use_url_sync};
use crate::state::{Action, Playground};
use crate::view;
use yew::prelude::*;

/// The playground: settings, controls, the stage beside the protocol
/// listing, then narration, properties, timeline and the log.
#[component]
pub fn App() -> Html {
    let playground = use_reducer(|| Playground::from_fragment(&current_fragment()));
    let on_action: Callback<Action> = playground.dispatcher().to_callback();
    use_url_sync(&playground);
    use_keyboard(on_action.clone());

    let run = playground.run();
    let status = view::status_name(run.status());
    let class = classes!("app", playground.playing().then_some("playing"));
    let on_help = on_action.reform(|_| Action::ToggleHelp);
    let help_open = playground.help_open();

    html! {
        <main {class} data-testid="app" data-step={run.cursor().to_string()} data-status={status}>
            <header class="masthead">
                <h1>{ "Rendezvous" }</h1>
                <p class="tagline">{ "Tokio's task-dump trace protocol, one atomic step at a time." }</p>
                <button type="button" class="help-toggle" aria-expanded={view::flag(help_open)}
                    onclick={on_help} title="Keyboard help (?)">{ "?" }</button>
            </header>
            <ErrorBanner playground={playground.clone()} on_action={on_action.clone()} />
            <Setup playground={playground.clone()} on_action={on_action.clone()} />
            <Transport playground={playground.clone()} on_action={on_action.clone()} />
            <div class="workspace">
                <Stage playground={playground.clone()} on_action={on_action.clone()} />
                <Listing playground={playground.clone()} on_action={on_action.clone()} />
            </div>
            <div class="panels">
                <Narration playground={playground.clone()} on_action={on_action.clone()} />
                <Properties playground={playground.clone()} on_action={on_action.clone()} />
            </div>
            <Timeline playground={playground.clone()} on_action={on_action.clone()} />
            <CheckerPanel playground={playground.clone()} on_action={on_action.clone()} />
            <Log playground={playground.clone()} on_action={on_action.clone()} />
            <Share playground={playground.clone()} on_action={on_action.clone()} />
            if help_open {
                <Help on_close={on_action.reform(|_| Action::ToggleHelp)} />
            }
        </main>
    }
}
