//! "Check all interleavings": the exhaustive checker in a Web Worker, with
//! progress, a Stop button, a verdict per property and a Replay button that
//! loads a counterexample into the stage at its first step.

use super::PartProps;
use crate::checker_bridge::{
    cli_command, CheckReply, CheckRequest, ReportView, WorkerRequest, PAGE_MAX_STATES,
};
use crate::fragment::Fragment;
use crate::state::Action;
use rendezvous_core::checker::{Outcome, Progress};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// Where a check stands (also read by the "Real bugs" panel, which runs
/// its checks in the same worker).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CheckState {
    /// No check yet.
    Idle,
    /// Checking; the latest progress once the worker has sent one.
    Running(Option<Progress>),
    /// Finished.
    Done {
        /// The report.
        report: Box<ReportView>,
        /// How long it took in the worker.
        milliseconds: u64,
    },
    /// Stopped by the user.
    Stopped,
    /// The worker failed; why.
    Failed(String),
}

/// A running worker and the closure that receives its messages; dropping
/// it terminates the worker.
pub(crate) struct RunningWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for RunningWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts the checker's worker on `request` (a
/// [`WorkerRequest::Check`] as JSON);
/// every message it sends comes back through `on_update`. Errors: the
/// browser refused to start or reach the worker.
pub(crate) fn start_worker(
    request: &str,
    on_update: Callback<CheckState>,
) -> Result<RunningWorker, String> {
    ask_worker(
        request,
        Callback::from(move |reply: Result<CheckReply, String>| {
            on_update.emit(match reply {
                Ok(CheckReply::Progress(progress)) => CheckState::Running(Some(progress)),
                Ok(CheckReply::Done {
                    report,
                    milliseconds,
                }) => CheckState::Done {
                    report: Box::new(report),
                    milliseconds,
                },
                Ok(CheckReply::Failed { message }) => CheckState::Failed(message),
                Ok(_) => {
                    CheckState::Failed("the checker's worker answered another question".to_owned())
                }
                Err(error) => CheckState::Failed(error),
            })
        }),
    )
}

/// Starts a worker on `request` (a `WorkerRequest` as JSON); each message
/// it sends comes back, read, through `on_reply` (an error for one it
/// cannot read). Dropping the returned worker terminates it. Errors: the
/// browser refused to start or reach the worker.
pub(crate) fn ask_worker(
    request: &str,
    on_reply: Callback<Result<CheckReply, String>>,
) -> Result<RunningWorker, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("./checker-worker.js", &options)
        .map_err(|error| format!("cannot start the checker's worker: {error:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        on_reply.emit(
            crate::json::from_str::<CheckReply>(&text)
                .map_err(|error| format!("unreadable message from the checker: {error}")),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker
        .post_message(&JsValue::from_str(request))
        .map_err(|error| format!("cannot reach the checker's worker: {error:?}"))?;
    Ok(RunningWorker {
        worker,
        _on_message: on_message,
    })
}

fn replay_fragment(props: &PartProps, schedule: &str) -> String {
    let settings = props.playground.settings();
    Fragment::of_run(
        &settings.scenario,
        settings.variant,
        Some(settings.workers),
        settings.assumptions,
        Some(schedule),
        Some(0),
    )
    .format()
}

/// The checker panel.
#[component]
pub fn CheckerPanel(props: &PartProps) -> Html {
    let state = use_state(|| CheckState::Idle);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);
    let run = props.playground.run();
    let model = run.model();
    let subject = format!(
        "{} with {} worker(s), variant {}",
        model.scenario().name,
        model.worker_count(),
        model.variant()
    );
    // A different scenario, variant or assumptions makes an old verdict
    // meaningless: forget it (and stop a check of the old one).
    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with(subject.clone(), move |_| {
            worker.borrow_mut().take();
            state.set(CheckState::Idle);
        });
    }

    let on_start = {
        let state = state.clone();
        let worker = worker.clone();
        let request = CheckRequest {
            scenario: model.scenario().clone(),
            variant: model.variant(),
            assumptions: model.assumptions(),
            max_states: PAGE_MAX_STATES,
        };
        Callback::from(move |_: MouseEvent| {
            let text = match crate::json::to_string(&WorkerRequest::Check(&request)) {
                Ok(text) => text,
                Err(error) => {
                    state.set(CheckState::Failed(error));
                    return;
                }
            };
            let on_update = {
                let state = state.clone();
                let worker = worker.clone();
                Callback::from(move |update: CheckState| {
                    if !matches!(update, CheckState::Running(_)) {
                        worker.borrow_mut().take();
                    }
                    state.set(update);
                })
            };
            match start_worker(&text, on_update) {
                Ok(running) => {
                    *worker.borrow_mut() = Some(running);
                    state.set(CheckState::Running(None));
                }
                Err(message) => state.set(CheckState::Failed(message)),
            }
        })
    };
    let on_stop = {
        let state = state.clone();
        let worker = worker.clone();
        Callback::from(move |_: MouseEvent| {
            worker.borrow_mut().take();
            state.set(CheckState::Stopped);
        })
    };

    let running = matches!(*state, CheckState::Running(_));
    let further = {
        let settings = props.playground.settings();
        cli_command(
            &settings.scenario,
            settings.workers,
            settings.variant,
            settings.assumptions,
        )
    };
    let body = match &*state {
        CheckState::Idle => html! {
            <p class="check-note">{ "Explore every interleaving of this scenario and variant, and get the shortest run that breaks each property." }</p>
        },
        CheckState::Running(progress) => {
            let text = match progress {
                Some(progress) => format!(
                    "{} states, {} transitions, depth {}, {} waiting",
                    progress.states, progress.transitions, progress.depth, progress.frontier
                ),
                None => "starting…".to_owned(),
            };
            let states = progress.map_or(0, |progress| progress.states);
            html! {
                <div class="check-progress" data-testid="check-progress" data-states={states.to_string()}>
                    <progress max={PAGE_MAX_STATES.to_string()} value={states.to_string()}></progress>
                    <span>{ text }</span>
                </div>
            }
        }
        CheckState::Stopped => html! {
            <p class="check-note" data-testid="check-stopped">{ "Stopped. Nothing was judged." }</p>
        },
        CheckState::Failed(message) => html! {
            <p class="check-note error" data-testid="check-error">{ message.clone() }</p>
        },
        CheckState::Done {
            report,
            milliseconds,
        } => {
            let summary = format!(
                "{} states, {} transitions, depth {}, in {} ms{}",
                report.states,
                report.transitions,
                report.max_depth,
                milliseconds,
                if report.complete {
                    String::new()
                } else {
                    " (stopped at the state bound: some verdicts are unknown)".to_owned()
                }
            );
            let assumptions = report.config.assumptions;
            let under = format!(
                "Under timing {}, activity {}, cancel {}.",
                assumptions.timing.name(),
                assumptions.activity.name(),
                assumptions.cancel.name()
            );
            html! {
                <div data-testid="check-report" data-states={report.states.to_string()}
                    data-milliseconds={milliseconds.to_string()}>
                    <p class="check-summary">{ summary }</p>
                    <p class="check-note">{ under }</p>
                    if !report.complete {
                        <p class="check-note" data-testid="check-cli">
                            { "This model has more states than the page explores. The command-line tool goes further: " }
                            <code>{ further.clone() }</code>
                        </p>
                    }
                    <ul class="verdicts">
                        { for report.verdicts.iter().map(|verdict| {
                            let outcome = match verdict.outcome {
                                Outcome::Holds => "holds",
                                Outcome::Broken => "broken",
                                Outcome::Unknown => "unknown",
                            };
                            let code = verdict.property.code();
                            let replay = verdict.counterexample.clone().map(|schedule| {
                                let fragment = replay_fragment(props, &schedule);
                                let on_action = props.on_action.clone();
                                let onclick = Callback::from(move |_: MouseEvent| {
                                    on_action.emit(Action::Open(fragment.clone()));
                                });
                                let steps = verdict.steps.unwrap_or(0);
                                html! {
                                    <button type="button" class="replay" data-testid={format!("check-replay-{code}")}
                                        {onclick} title={schedule.clone()}>
                                        { format!("Replay ({steps} steps)") }
                                    </button>
                                }
                            });
                            html! {
                                <li class={classes!("verdict", outcome)} data-testid={format!("check-verdict-{code}")}
                                    data-outcome={outcome}>
                                    <span class="code">{ code }</span>
                                    <span class="title">{ verdict.property.title() }</span>
                                    <span class="outcome">{ outcome }</span>
                                    if verdict.outcome != Outcome::Holds {
                                        <span class="detail">{ verdict.detail.clone() }</span>
                                    }
                                    { for replay }
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }
        }
    };

    html! {
        <section class="checker panel" aria-labelledby="checker-heading">
            <h2 id="checker-heading">{ "Check all interleavings" }</h2>
            <p class="check-subject">{ subject }</p>
            <div class="check-controls">
                <button type="button" data-testid="check-start" onclick={on_start} disabled={running}>
                    { "Check all interleavings" }
                </button>
                <button type="button" data-testid="check-stop" onclick={on_stop} disabled={!running}>
                    { "Stop" }
                </button>
            </div>
            { body }
        </section>
    }
}
