//! The keyboard help.

use yew::prelude::*;

/// The keys of the page and what "you are the scheduler" means; `on_close`
/// closes it.
pub fn help(on_close: Callback<MouseEvent>) -> Html {
    html! {
        <aside class="help" data-testid="help" aria-label="Keyboard help">
            <h2>{ "Keys" }</h2>
            <dl>
                <dt><kbd>{ "Space" }</kbd></dt><dd>{ "play or pause" }</dd>
                <dt><kbd>{ "→" }</kbd></dt><dd>{ "one step forward" }</dd>
                <dt><kbd>{ "←" }</kbd></dt><dd>{ "one step back" }</dd>
                <dt><kbd>{ "Home" }</kbd>{ " / " }<kbd>{ "End" }</kbd></dt><dd>{ "first / last recorded step" }</dd>
                <dt><kbd>{ "?" }</kbd></dt><dd>{ "this help" }</dd>
            </dl>
            <h2>{ "You are the scheduler" }</h2>
            <p>{ "Every actor that can move is highlighted: click its lane or card (or its small buttons) to take exactly that step. Stepping back restores everything; a different choice cuts off the recorded future." }</p>
            <p>{ "The link in the address bar holds the whole run: share it to show this exact moment." }</p>
            <button type="button" onclick={on_close}>{ "Close" }</button>
        </aside>
    }
}
