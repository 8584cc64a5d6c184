//! Sharing a run: the link already holds it; a trace file (JSON, the
//! format of `docs/trace-format.md`) carries its events and narration too,
//! and reads back in with Import (or by dropping it on the page). The
//! timeline downloads as a standalone SVG, the run as a Mermaid sequence
//! diagram.
//!
//! A download is a Blob behind an object URL, clicked through an
//! `<a download>`; the link stays on the page (test id `download`) until
//! the next export, which revokes it.
//!
//! Trace files are read and written in the checker's worker
//! (`checker-wasm/src/files.rs`: core's writer, and a reader held to
//! core's by a test and a fuzz target), and the worker draws the SVG and
//! the diagram too (`checker-wasm/src/export.rs`), so the page's wasm
//! carries none of them.

thread_local! {
    /// The worker reading or writing a trace file, kept until it answers
    /// (dropping it terminates it).
    static FILE_WORKER: RefCell<Option<RunningWorker>> = const { RefCell::new(None) };
}

/// Asks the worker to read or write a trace file; `on_answer` gets its
/// answer, or why there is none.
pub(super) fn ask_about_file(
    request: &WorkerRequest<'_>,
    on_answer: Callback<Result<CheckReply, String>>,
) {
    let text = match crate::json::to_string(request) {
        Ok(text) => text,
        Err(error) => return on_answer.emit(Err(error)),
    };
    let on_reply = {
        let on_answer = on_answer.clone();
        Callback::from(move |reply: Result<CheckReply, String>| {
            if !matches!(reply, Ok(CheckReply::Progress(_))) {
                FILE_WORKER.with(|worker| worker.borrow_mut().take());
                on_answer.emit(reply);
            }
        })
    };
    match ask_worker(&text, on_reply) {
        Ok(running) => FILE_WORKER.with(|worker| *worker.borrow_mut() = Some(running)),
        Err(error) => on_answer.emit(Err(error)),
    }
}

use super::checker_panel::{ask_worker, RunningWorker};
use super::Latest;
use crate::checker_bridge::{CheckReply, WorkerRequest};
use crate::state::{Action, MAX_STEPS};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlInputElement};
use yew::prelude::*;

/// A file name for the run, such as
/// `rendezvous-wedged-worker-tokio-step12.svg`.
pub fn file_name(run: &rendezvous_core::Run, extension: &str) -> String {
    let model = run.model();
    let name: String = model
        .scenario()
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "rendezvous-{name}-{}-step{}.{extension}",
        model.variant().name(),
        run.cursor()
    )
}

/// One file made for download.
#[derive(Clone, PartialEq)]
struct Download {
    /// The file's name.
    name: AttrValue,
    /// Its object URL.
    url: AttrValue,
    /// Its text, also shown on the page.
    text: AttrValue,
}

/// Which file an export button makes.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Trace,
    Svg,
    Mermaid,
}

/// The props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The playground as it is when an export button is clicked.
    pub latest: Latest,
    /// Where an imported file goes.
    pub on_action: Callback<Action>,
}

/// Export and import. Nothing here changes with a step: the panel is drawn
/// again only for its own downloads, and reads the run when clicked.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let download = use_state(|| None::<Download>);
    let export_button = |kind: Kind, testid: &'static str, label: &'static str| {
        let download = download.clone();
        let latest = props.latest.clone();
        let on_action = props.on_action.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let playground = latest.0.borrow().clone();
            let run = playground.run();
            let offer = {
                let download = download.clone();
                move |text: String, name: String, mime: &str| {
                    if let Some(old) = download.as_ref() {
                        let _ = web_sys::Url::revoke_object_url(&old.url);
                    }
                    let url = save(&name, mime, &text);
                    download.set(url.map(|url| Download {
                        name: name.into(),
                        url: url.into(),
                        text: text.into(),
                    }));
                }
            };
            let parts = playground.run_parts();
            let (extension, mime) = match kind {
                Kind::Trace => ("trace.json", "application/json"),
                Kind::Svg => ("svg", "image/svg+xml"),
                Kind::Mermaid => ("mmd", "text/plain"),
            };
            let name = file_name(run, extension);
            let request = match kind {
                Kind::Trace => WorkerRequest::Export(&parts),
                Kind::Svg => WorkerRequest::Picture {
                    run: &parts,
                    kind: "svg",
                },
                Kind::Mermaid => WorkerRequest::Picture {
                    run: &parts,
                    kind: "mermaid",
                },
            };
            let on_action = on_action.clone();
            ask_about_file(
                &request,
                Callback::from(move |answer| match answer {
                    Ok(CheckReply::Exported { text }) => offer(text, name.clone(), mime),
                    Ok(CheckReply::Failed { message }) | Err(message) => {
                        on_action.emit(Action::ExportFailed(message))
                    }
                    Ok(_) => {}
                }),
            );
        });
        html! { <button type="button" data-testid={testid} {onclick}>{ label }</button> }
    };
    let on_import = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_trace(file, on_action.clone());
            }
            // The same file chosen again fires `change` again.
            input.set_value("");
        })
    };
    html! {
        <section class="share" aria-label="Export and import">
            <details open=true>
                <summary>{ "Export and import" }</summary>
                <p class="hint">{ "The address bar already holds this run. A trace file also lists every step's events and narration; drop one anywhere on the page to open it." }</p>
                <div class="share-columns">
                    <div class="buttons">
                        { export_button(Kind::Trace, "export", "Trace (JSON)") }
                        { export_button(Kind::Svg, "export-svg", "Timeline (SVG)") }
                        { export_button(Kind::Mermaid, "export-mermaid", "Sequence diagram (Mermaid)") }
                        <label class="import">
                            <span>{ "Open a trace file: " }</span>
                            <input type="file" accept=".json,application/json" data-testid="import"
                                onchange={on_import} />
                        </label>
                    </div>
                    if let Some(file) = (*download).clone() {
                        <div>
                            <a data-testid="download" href={file.url.clone()} download={file.name.clone()}>
                                { format!("Download {} again", file.name) }
                            </a>
                            <textarea data-testid="export-text" readonly=true rows="8"
                                aria-label="The exported file" value={file.text} />
                        </div>
                    }
                </div>
            </details>
        </section>
    }
}

/// Offers `text` as a file called `name`; returns its object URL.
pub(super) fn save(name: &str, mime: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor = web_sys::window()?
        .document()?
        .create_element("a")
        .ok()?
        .dyn_into::<HtmlAnchorElement>()
        .ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Some(url)
}

/// Reads `file` as text and hands it to `then` (`None` when the browser
/// could not read it). A promise's callbacks rather than an `async` block:
/// the page then links no executor of futures.
pub(super) fn read_text(file: &web_sys::File, then: impl FnOnce(Option<String>) + 'static) {
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    // One of the two callbacks runs, once; the other is dropped with it.
    let then = Rc::new(RefCell::new(Some(then)));
    let on_read = {
        let then = then.clone();
        Closure::once(move |text: wasm_bindgen::JsValue| {
            if let Some(then) = then.borrow_mut().take() {
                then(text.as_string());
            }
        })
    };
    let on_refused = Closure::once(move |_: wasm_bindgen::JsValue| {
        if let Some(then) = then.borrow_mut().take() {
            then(None);
        }
    });
    let _ = file.text().then2(&on_read, &on_refused);
    // The promise holds the callbacks until it settles.
    on_read.forget();
    on_refused.forget();
}

/// Reads a trace file, has the checker's worker read its run with core's
/// reader, and hands the run (or why the file was refused) to the reducer.
pub(super) fn read_trace(file: web_sys::File, on_action: Callback<Action>) {
    read_text(&file, move |text| {
        let Some(text) = text else {
            on_action.emit(Action::ImportTrace(Err("it could not be read".to_owned())));
            return;
        };
        let request = WorkerRequest::Import {
            text: &text,
            max_steps: MAX_STEPS,
        };
        ask_about_file(
            &request,
            Callback::from(move |answer| {
                on_action.emit(Action::ImportTrace(match answer {
                    Ok(CheckReply::Imported(fragment)) => Ok(fragment),
                    Ok(CheckReply::Failed { message }) | Err(message) => Err(message),
                    Ok(_) => Err("the worker answered another question".to_owned()),
                }))
            }),
        );
    });
}
