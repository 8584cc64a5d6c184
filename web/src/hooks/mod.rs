//! Custom hooks: the page's links to the browser (timer, keyboard, URL).

mod use_interval;
mod use_keyboard;
mod use_url_sync;

pub use use_interval::use_interval;
pub use use_keyboard::use_keyboard;
pub use use_url_sync::{current_fragment, use_url_sync};
