//! A refused input or link, said plainly.

use crate::state::Action;
use yew::prelude::*;

/// The current error message, if any, with a button to dismiss it.
pub fn error_banner(message: Option<&str>, on_action: &Callback<Action>) -> Html {
    let Some(message) = message else {
        return html! {};
    };
    let on_dismiss = on_action.reform(|_| Action::DismissError);
    html! {
        <div class="error" role="alert" data-testid="error">
            <p>{ message }</p>
            <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
