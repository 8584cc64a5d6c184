//! "Check all interleavings": the exhaustive checker in a Web Worker, with
//! progress, a Stop button, a verdict per property and a Replay button that
//! loads a counterexample into the stage at its first step.

use super::PartProps;
use crate::checker_bridge::{CheckReply, CheckRequest, WorkerRequest, PAGE_MAX_STATES};
use crate::state::Action;
use crate::view;
use rendezvous_core::checker::Progress;
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
    /// Finished: the report as the worker's markup.
    Done(AttrValue),
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

impl RunningWorker {
    /// Sends one more request (JSON) to the running worker, which answers
    /// each in turn. Errors: the browser refused to pass it on.
    pub(crate) fn post(&self, request: &str) -> Result<(), String> {
        self.worker
            .post_message(&JsValue::from_str(request))
            .map_err(|error| format!("cannot reach the checker's worker: {error:?}"))
    }
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
                Ok(CheckReply::Done { html }) => CheckState::Done(html.into()),
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
        on_reply.emit(CheckReply::read(&text));
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

/// Sends `request` to the worker kept in `slot` (the builder's, the
/// Challenges panel's), or, when there is none or it cannot be reached,
/// starts one on it and keeps it there; its answers come to `on_reply`.
/// Errors: the browser refused to start or reach a worker.
pub(crate) fn ask_kept_worker(
    slot: &RefCell<Option<RunningWorker>>,
    request: &str,
    on_reply: impl FnOnce() -> Callback<Result<CheckReply, String>>,
) -> Result<(), String> {
    let mut slot = slot.borrow_mut();
    if slot
        .as_ref()
        .is_some_and(|running| running.post(request).is_ok())
    {
        return Ok(());
    }
    *slot = Some(ask_worker(request, on_reply())?);
    Ok(())
}

/// The same words as the report's (`checker-wasm/src/report.rs`), as one
/// line for the progress bar's tooltip.
const TERMS_IN_ONE_LINE: &str = "states: distinct moments reached; transitions: single steps \
examined; depth: the most steps any state needs from the start; waiting: states not yet expanded";

/// The checker panel.
#[component]
pub fn CheckerPanel(props: &PartProps) -> Html {
    let state = use_state(|| CheckState::Idle);
    let worker: Rc<RefCell<Option<RunningWorker>>> = use_mut_ref(|| None);
    let run = props.playground.run();
    let model = run.model();
    let subject = format!(
        "{} with {}, variant {}",
        model.scenario().name,
        view::plural(model.worker_count() as u64, "worker", "workers"),
        model.variant()
    );
    let built = props.playground.settings().built.clone();
    // A different scenario, variant or assumptions makes an old verdict
    // meaningless: forget it (and stop a check of the old one).
    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with((subject.clone(), built.clone()), move |_| {
            worker.borrow_mut().take();
            state.set(CheckState::Idle);
        });
    }

    let on_start = {
        let state = state.clone();
        let worker = worker.clone();
        let request = CheckRequest {
            scenario: props.playground.settings().scenario.clone(),
            built,
            workers: model.worker_count(),
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
    let body = match &*state {
        CheckState::Idle => html! {
            <p class="check-note">{ "Explore every interleaving of this scenario and variant, and get the shortest run that breaks each property." }</p>
        },
        CheckState::Running(progress) => {
            let text = match progress {
                Some(progress) => format!(
                    "{}, {}, depth {}, {} waiting",
                    view::plural(progress.states, "state", "states"),
                    view::plural(progress.transitions, "transition", "transitions"),
                    progress.depth,
                    view::grouped(progress.frontier)
                ),
                None => "starting…".to_owned(),
            };
            let states = progress.map_or(0, |progress| progress.states);
            html! {
                <div class="check-progress" data-testid="check-progress" data-states={states.to_string()}>
                    <progress max={PAGE_MAX_STATES.to_string()} value={states.to_string()}></progress>
                    <span title={TERMS_IN_ONE_LINE}>{ text }</span>
                </div>
            }
        }
        CheckState::Stopped => html! {
            <p class="check-note" data-testid="check-stopped">{ "Stopped. Nothing was judged." }</p>
        },
        CheckState::Failed(message) => html! {
            <p class="check-note error" data-testid="check-error">{ message.clone() }</p>
        },
        CheckState::Done(html) => {
            // The Replay buttons are the worker's markup: one listener
            // opens the link of the one clicked.
            let onclick = {
                let on_action = props.on_action.clone();
                Callback::from(move |event: MouseEvent| {
                    let Some(button) = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .and_then(|target| target.closest("button[data-replay]").ok().flatten())
                    else {
                        return;
                    };
                    // The worker's link to the counterexample, at its
                    // last step: the violation.
                    if let Some(link) = button.get_attribute("data-replay") {
                        on_action.emit(Action::Open(link));
                        view::scroll_to(".stage", true);
                    }
                })
            };
            html! {
                <div {onclick}>{ Html::from_html_unchecked(html.clone()) }</div>
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
