//! # rendezvous-web: the Rendezvous playground
//!
//! A Yew front end over `rendezvous-core`: it shows one recorded [`Run`]
//! of the trace protocol as a stage (the flag, the barriers, the Notify,
//! the result slot, every worker and requester), lets the user step it,
//! play it, rewind it and choose each move, and keeps the whole run in the
//! URL fragment.
//!
//! - [`state`]: the playground's data, its `Action` enum and the reducer.
//! - [`view`]: what the stage shows, derived from the run at its cursor.
//! - [`phase`]: where each dump stands, derived from the state.
//! - [`fragment`]: the URL fragment format.
//! - [`export`]: the run as an SVG timeline and a Mermaid diagram.
//! - [`json`]: JSON text, by the browser's own parser in the page.
//! - `components/`: one component per file; `hooks/`: timer, keys, URL.
//!
//! The crate also compiles natively, so its logic is tested with
//! `cargo test -p rendezvous-web`.
//!
//! [`Run`]: rendezvous_core::Run

pub mod checker_bridge;
pub mod components;
pub mod embed;
pub mod fragment;
pub mod hooks;
pub mod json;
pub mod phase;
pub mod state;
pub mod tours;
pub mod view;

pub use components::{App, AppProps};

/// The allocator of the page's wasm (the checker's wasm, a crate of its
/// own, uses the same): Talc, single-threaded, growing the wasm memory as
/// it needs. Smaller than Rust's default dlmalloc by about 3 KB gzip, and
/// faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
