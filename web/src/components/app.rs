//! The whole page, or a compact widget of it (embed mode).

use super::bugs_panel::BugsPanel;
use super::builder::Builder;
use super::challenge_panel::ChallengePanel;
use super::checker_panel::CheckerPanel;
use super::error_banner::error_banner;
use super::help::help;
use super::listing::listing;
use super::log::log;
use super::narration::narration;
use super::properties::properties;
use super::setup::Setup;
use super::share::{read_trace, Share};
use super::stage::stage;
use super::timeline::Timeline;
use super::tour_panel::tour_panel;
use super::transport::transport;
use super::{digest, Latest};
use crate::hooks::{current_fragment, use_interval, use_keyboard, use_url_sync};
use crate::state::{Action, Playground};
use crate::view;
use yew::prelude::*;

/// How the app is mounted.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// Compact chrome for an iframe or a page's widget: the stage, the step
    /// controls, the narration and a link to the full playground. The URL
    /// and the keyboard are left to the host page.
    #[prop_or_default]
    pub embed: bool,
    /// The run to show at first, as a URL fragment; `None` reads the
    /// page's own fragment.
    #[prop_or_default]
    pub fragment: Option<AttrValue>,
    /// Start playing at once.
    #[prop_or_default]
    pub autoplay: bool,
    /// The full playground's address, that `#fragment` is added to for the
    /// "open in the playground" link; `index.html` beside this page when
    /// `None`.
    #[prop_or_default]
    pub full_page: Option<AttrValue>,
}

/// The playground: settings (folded into a bar once the run starts),
/// controls, the stage beside the narration and the protocol listing, then
/// properties, timeline, checker and the log; or the presenter view.
#[component]
pub fn App(props: &AppProps) -> Html {
    let initial = props.fragment.clone();
    let playground = use_reducer(move || {
        let fragment = initial.map_or_else(current_fragment, |text| text.to_string());
        Playground::from_fragment(&fragment)
    });
    // One callback for the app's whole life, so that a child whose own
    // props did not change is not drawn again.
    let on_action: Callback<Action> = {
        let dispatcher = playground.dispatcher();
        (*use_memo((), move |_| dispatcher.to_callback())).clone()
    };
    let latest = Latest(use_mut_ref(|| playground.clone()));
    *latest.0.borrow_mut() = playground.clone();
    let full = !props.embed;
    // The playback timer: a tick every 1/speed seconds while playing.
    let period = playground
        .playing()
        .then(|| 1000 / playground.speed().max(1));
    use_interval(period, on_action.reform(|()| Action::Tick));
    use_url_sync(&playground, full);
    use_keyboard(on_action.clone(), full);
    {
        let on_action = on_action.clone();
        use_effect_with(props.autoplay, move |&autoplay| {
            if autoplay {
                on_action.emit(Action::TogglePlay);
            }
        });
    }

    let run = playground.run();
    let status = view::status_name(run.status());
    if props.embed {
        let base = props.full_page.as_deref().unwrap_or("index.html");
        let href = format!("{base}#{}", playground.fragment());
        let class = classes!("app", "embed", playground.playing().then_some("playing"));
        return html! {
            <main {class} data-testid="app" data-step={run.cursor().to_string()} data-status={status}
                data-schedule={run.schedule()}>
                <header class="masthead">
                    <h1>{ "Rendezvous" }</h1>
                    <span class="tagline">{ format!("{} · {}", playground.settings().scenario, playground.settings().variant.name()) }</span>
                    <a data-testid="open-full" href={href} target="_blank" rel="noopener">{ "Open in the playground ↗" }</a>
                </header>
                { error_banner(playground.error(), &on_action) }
                { transport(&playground, &on_action) }
                { narration(&playground) }
                { stage(&playground, &on_action) }
            </main>
        };
    }

    let on_presenter = on_action.reform(|_| Action::TogglePresenter);
    let settings = playground.settings();
    let what = format!(
        "{} · {} · {}",
        settings.scenario,
        settings.variant.name(),
        view::plural(settings.workers as u64, "worker", "workers")
    );
    // The presenter view keeps only what a room watches: the controls, the
    // newest sentence and the stage, in large type; the listing on demand.
    let presenter = playground.presenter();
    let class = classes!(
        "app",
        presenter.then_some("presenter"),
        playground.playing().then_some("playing")
    );
    let on_help = on_action.reform(|_| Action::ToggleHelp);
    let help_open = playground.help_open();
    let ondragover = Callback::from(|event: DragEvent| event.prevent_default());
    let ondrop = drop_handler(&on_action);
    let ondrop_progress = drop_handler(&on_action);
    // Once the run has started, the settings and the description fold
    // into one line above the controls (open on demand), so the stage
    // fits on the screen.
    let started = run.cursor() > 0;
    // On a tour, the stop's note sits beside the stage, above the
    // narration; off it, the tour is one button in the settings' bar.
    let on_tour = playground.tour().is_some();

    // The challenges sit outside the run's `main`: what was won is the
    // player's progress, kept across runs, not part of this moment.
    html! {
        <>
        <main {class} data-testid="app" data-step={run.cursor().to_string()} data-status={status}
            data-schedule={run.schedule()} data-presenter={presenter.then_some("true")} {ondragover} {ondrop}>
            <header class="masthead">
                <h1>{ "Rendezvous" }</h1>
                if presenter {
                    <span class="tagline">{ what }</span>
                } else {
                    <p class="tagline">{ "Tokio's task-dump trace protocol, one atomic step at a time." }</p>
                }
                <button type="button" class="presenter-toggle" data-testid="presenter" aria-pressed={view::flag(presenter)}
                    onclick={on_presenter} title="Only the stage, the controls and the narration, in large type (P)">
                    { if presenter { "Leave presenter view" } else { "Presenter view" } }
                </button>
                <button type="button" class="help-toggle" aria-expanded={view::flag(help_open)}
                    onclick={on_help} aria-label="Keyboard help" title="Keyboard help (?)">{ "?" }</button>
            </header>
            { error_banner(playground.error(), &on_action) }
            if !presenter {
                <div class="setup-bar">
                    <Setup playground={playground.clone()} part={digest(&(playground.settings(), playground.seed_input(), started))} on_action={on_action.clone()} />
                    <Builder playground={playground.clone()} part={digest(playground.settings())} on_action={on_action.clone()} />
                    if !on_tour {
                        { tour_panel(&playground, &on_action) }
                    }
                </div>
            }
            { transport(&playground, &on_action) }
            if presenter {
                { narration(&playground) }
            }
            <div class="workspace">
                { stage(&playground, &on_action) }
                if presenter {
                    <details class="side listing-toggle">
                        <summary>{ "Protocol listing" }</summary>
                        { listing(&playground) }
                    </details>
                } else {
                    <div class="side">
                        if on_tour {
                            { tour_panel(&playground, &on_action) }
                        }
                        { narration(&playground) }
                        { listing(&playground) }
                    </div>
                }
            </div>
            if !presenter {
                { properties(&playground, &on_action) }
                <Timeline playground={playground.clone()} on_action={on_action.clone()} />
                <CheckerPanel playground={playground.clone()} part={digest(playground.settings())} on_action={on_action.clone()} />
                <BugsPanel on_action={on_action.clone()} />
                { log(&playground) }
                <Share latest={latest.clone()} on_action={on_action.clone()} />
            }
            if help_open {
                { help(on_action.reform(|_| Action::ToggleHelp)) }
            }
        </main>
        if !presenter {
            <div class="app progress" ondragover={Callback::from(|event: DragEvent| event.prevent_default())}
                ondrop={ondrop_progress}>
                <ChallengePanel playground={playground.clone()} on_action={on_action.clone()} />
            </div>
        }
        </>
    }
}

/// Opens a trace file dropped on the page.
fn drop_handler(on_action: &Callback<Action>) -> Callback<DragEvent> {
    let on_action = on_action.clone();
    Callback::from(move |event: DragEvent| {
        event.prevent_default();
        let file = event
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            read_trace(file, on_action.clone());
        }
    })
}
