//! Sharing a run: the link already holds it; a trace file (JSON, the
//! format of `docs/trace-format.md`) carries its events and narration too,
//! and reads back in with Import (or by dropping it on the page). The
//! timeline downloads as a standalone SVG, the run as a Mermaid sequence
//! diagram.
//!
//! A download is a Blob behind an object URL, clicked through an
//! `<a download>`; the link stays on the page (test id `download`) until
//! the next export, which revokes it.

use super::Latest;
use crate::export;
use crate::json;
use crate::state::Action;
use rendezvous_core::trace_format;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlInputElement};
use yew::prelude::*;

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
        let onclick = Callback::from(move |_: MouseEvent| {
            let playground = latest.0.borrow().clone();
            let run = playground.run();
            let (text, name, mime) = match kind {
                Kind::Trace => (
                    json::to_string_pretty(&trace_format::to_file(run)).unwrap_or_default(),
                    export::file_name(run, "trace.json"),
                    "application/json",
                ),
                Kind::Svg => (
                    export::timeline_svg(run),
                    export::file_name(run, "svg"),
                    "image/svg+xml",
                ),
                Kind::Mermaid => (
                    export::mermaid(run),
                    export::file_name(run, "mmd"),
                    "text/plain",
                ),
            };
            if let Some(old) = download.as_ref() {
                let _ = web_sys::Url::revoke_object_url(&old.url);
            }
            let url = save(&name, mime, &text);
            download.set(url.map(|url| Download {
                name: name.into(),
                url: url.into(),
                text: text.into(),
            }));
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
fn save(name: &str, mime: &str, text: &str) -> Option<String> {
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

/// Reads a trace file and hands its text to the reducer.
pub(super) fn read_trace(file: web_sys::File, on_action: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        match text.ok().and_then(|text| text.as_string()) {
            Some(text) => on_action.emit(Action::ImportTrace(text)),
            None => on_action.emit(Action::ImportTrace(String::new())),
        }
    });
}
