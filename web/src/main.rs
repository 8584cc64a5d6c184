use rendezvous_web::{App, AppProps};

fn main() {
    // The same module runs under `rendezvous-embed.js` on other pages (no
    // `data-rendezvous` body), where it renders nothing until asked to
    // mount a widget; without a window it does nothing at all.
    let Some(window) = web_sys::window() else {
        return;
    };
    let page = window
        .document()
        .and_then(|document| document.body())
        .is_some_and(|body| body.has_attribute("data-rendezvous"));
    if page {
        let search = window.location().search().unwrap_or_default();
        let embed = search
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "embed" || pair.starts_with("embed="));
        if embed {
            // The embed page fills its frame (see `body.framed` in the CSS).
            if let Some(body) = window.document().and_then(|document| document.body()) {
                let _ = body.class_list().add_1("framed");
            }
        }
        let props = AppProps {
            embed,
            ..AppProps::default()
        };
        yew::Renderer::<App>::with_props(props).render();
    }
}
