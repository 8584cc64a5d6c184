//! The Rendezvous playground (placeholder until the stage lands).
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <main><h1>{ "Rendezvous" }</h1></main> }
}
