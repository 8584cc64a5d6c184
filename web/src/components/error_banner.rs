//! A refused input or link, said plainly.

use super::PartProps;
use crate::state::Action;
use yew::prelude::*;

/// The current error message, with a button to dismiss it.
#[component]
pub fn ErrorBanner(props: &PartProps) -> Html {
    let Some(message) = props.playground.error() else {
        return html! {};
    };
    let on_dismiss = props.on_action.reform(|_| Action::DismissError);
    html! {
        <div class="error" role="alert" data-testid="error">
            <p>{ message }</p>
            <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
