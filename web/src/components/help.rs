//! The keyboard help.

use yew::prelude::*;

/// The help's text. It never changes, so it is inserted as markup rather
/// than built node by node (about 2 KB less wasm).
const KEYS_AND_MODES: &str = "<h2>Keys</h2>\
<dl>\
<dt><kbd>Space</kbd></dt><dd>play or pause</dd>\
<dt><kbd>→</kbd></dt><dd>one step forward</dd>\
<dt><kbd>←</kbd></dt><dd>one step back</dd>\
<dt><kbd>Home</kbd> / <kbd>End</kbd></dt><dd>first / last recorded step</dd>\
<dt><kbd>P</kbd></dt><dd>presenter view: the stage in large type</dd>\
<dt><kbd>?</kbd></dt><dd>this help</dd>\
</dl>\
<h2>You are the scheduler</h2>\
<p>Every actor that can move is highlighted: click its lane or card (or its small buttons) \
to take exactly that step. Stepping back restores everything; a different choice cuts off \
the recorded future.</p>\
<p>The link in the address bar holds the whole run: share it to show this exact moment.</p>";

/// The keys of the page and what "you are the scheduler" means; `on_close`
/// closes it.
pub fn help(on_close: Callback<MouseEvent>) -> Html {
    html! {
        <aside class="help" data-testid="help" aria-label="Keyboard help">
            { Html::from_html_unchecked(AttrValue::Static(KEYS_AND_MODES)) }
            <button type="button" onclick={on_close}>{ "Close" }</button>
        </aside>
    }
}
