//! Sharing a run: the link already holds it; a trace file (JSON, the
//! format of `docs/trace-format.md`) carries its events and narration too.
//!
//! The page exports traces but does not import them: reading one needs
//! the JSON parser and every event's decoder, which would add a third to
//! the page's weight, and a trace of a built-in scenario says nothing a
//! link cannot (the CLI imports traces).

use super::PlaygroundProps;
use rendezvous_core::trace_format;
use yew::prelude::*;

/// Export of trace files.
#[component]
pub fn Share(props: &PlaygroundProps) -> Html {
    let exported = use_state(|| None::<AttrValue>);
    let on_export = {
        let exported = exported.clone();
        let playground = props.playground.clone();
        Callback::from(move |_: MouseEvent| {
            exported.set(Some(AttrValue::from(trace_format::export(
                playground.run(),
            ))));
        })
    };
    html! {
        <section class="share" aria-label="Export">
            <details>
                <summary>{ "Export a trace" }</summary>
                <p class="hint">{ "The address bar already holds this run. A trace file also lists every step's events and narration." }</p>
                <div class="share-columns">
                    <div>
                        <button type="button" data-testid="export" onclick={on_export}>{ "Export this run" }</button>
                        if let Some(text) = (*exported).clone() {
                            <textarea data-testid="export-text" readonly=true rows="8"
                                aria-label="The trace file" value={text} />
                        }
                    </div>
                </div>
            </details>
        </section>
    }
}
