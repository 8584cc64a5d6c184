//! Browser tests: the built site (`dist/`) in headless Chromium, under the
//! strict Content-Security-Policy. Each scenario is a module; the shared
//! helpers live in the `rendezvous_tests` library.
//!
//! They need `dist/`: `cargo xtask test` builds it first (or run
//! `cargo xtask dist`, then `cargo test -p rendezvous-tests`).

mod book;
mod bugs;
mod builder;
mod challenges;
mod checker;
mod embed;
mod export_import;
mod keyboard;
mod links;
mod listing;
mod manual_schedule;
mod motion;
mod offline;
mod one_screen;
mod quiet_runtime;
mod screenshots;
mod stage;
mod sub_path;
mod support;
mod time_travel;
mod tours;
