//! The project's own tasks, in Rust (matklad's `cargo xtask` pattern).
//!
//! `cargo xtask serve`, `cargo xtask test` and `cargo xtask dist` are the
//! whole pipeline: if `cargo xtask test` passes locally, CI (`.ci/run`)
//! passes, because CI runs exactly that command.
//!
//! The crate is also a library, so the browser tests in `rendezvous-tests`
//! serve `dist/` with the very server that `cargo xtask serve` uses.
//!
//! Code map, one concern per file:
//! - [`tools`]: the pinned external tools (Trunk, wasm-bindgen, wasm-opt,
//!   the wasm32 target, Chromium) and how each is checked and installed.
//! - [`build`]: the Trunk build that turns `static/index.html`, `web/` and
//!   `checker-wasm/` into `dist/`, then minifies its JavaScript.
//! - [`wasm_names`]: short names for what each wasm and its glue call each
//!   other.
//! - [`service_worker`]: stamping `dist/sw.js` with the list of the site's
//!   files and their content hash after each build.
//! - [`book`]: the example mdBook (`docs/book`) with the site beside it.
//! - [`steps`]: the ordered step table behind `cargo xtask test`.
//! - [`sizes`]: the gzip size report behind `cargo xtask dist`, and the two
//!   budgets (first load, whole site).
//! - [`server`]: a small static file server with strict headers.
//! - [`process`]: running child commands and timing them.
//! - [`conformance`]: `cargo xtask conformance`, the model's verdicts
//!   against real Tokio releases (`conformance/`).

pub mod book;
pub mod build;
pub mod conformance;
pub mod process;
#[cfg(test)]
mod scratch;
pub mod server;
pub mod service_worker;
pub mod sizes;
pub mod steps;
pub mod tools;
pub mod wasm_names;

use std::path::{Path, PathBuf};

/// The root of the workspace (the folder holding `Cargo.lock`).
///
/// Found from this crate's manifest directory at compile time, so it does not
/// depend on the directory `cargo xtask` was started from.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The folder Trunk writes the built site into, and the server serves.
pub fn dist_dir() -> PathBuf {
    workspace_root().join("dist")
}
