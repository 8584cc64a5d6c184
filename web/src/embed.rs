//! Widgets on other pages: `static/rendezvous-embed.js` calls [`mount`]
//! once per element and [`Widget::unmount`] to take one down.
//!
//! Each widget is its own Yew app (`Renderer::with_root_and_props`), with
//! its own run; in embed mode it leaves the page's URL and keyboard alone,
//! so several widgets on one page run independently.

use crate::components::{App, AppProps};
use wasm_bindgen::prelude::*;
use yew::AppHandle;

/// One mounted widget.
#[wasm_bindgen]
pub struct Widget {
    handle: Option<AppHandle<App>>,
}

#[wasm_bindgen]
impl Widget {
    /// Removes the widget and releases everything it holds (its timers,
    /// listeners and state). Calling it twice does nothing.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }

    /// Whether the widget is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.handle.is_some()
    }
}

/// Mounts a compact playground in `element`, showing the run `fragment`
/// describes (the URL fragment format, without `#`); its "open in the
/// playground" link points at `full_page`.
#[wasm_bindgen]
pub fn mount(
    element: web_sys::Element,
    fragment: String,
    autoplay: bool,
    full_page: String,
) -> Widget {
    let props = AppProps {
        embed: true,
        fragment: Some(fragment.into()),
        autoplay,
        full_page: Some(full_page.into()),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(element, props).render();
    Widget {
        handle: Some(handle),
    }
}
