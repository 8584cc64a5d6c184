//! # rendezvous-core: Tokio's task-dump trace protocol, step by step
//!
//! To take a task dump, Tokio's multi-thread runtime must bring every worker
//! thread to a standstill, let exactly one of them (the *leader*) walk every
//! task, and release them all again, while any number of callers may ask for
//! a dump at once. It does so with a flag (`trace_requested`), two barriers
//! (`trace_start`, `trace_end`), a `Notify` (`result_ready`) and a slot for
//! the result (`trace_result`).
//!
//! This crate simulates that protocol one atomic step at a time:
//!
//! - [`Scenario`] says what runtime to start from (workers, tasks, callers,
//!   spawners, a dropper); [`Variant`] says which version of the protocol
//!   runs (a preset standing for a range of Tokio releases, a fix, or a
//!   what-if change).
//! - [`Model::actions`] lists who can move; [`Model::step`] moves one actor
//!   and reports typed [`Event`]s. Nothing else changes state.
//! - [`Run`] records a run with time travel; [`Policy`] picks the next step
//!   (round-robin, seeded random, or replay of a [`schedule`]).
//! - [`property`] evaluates the safety properties on every state;
//!   [`checker`] explores every interleaving; [`casebook`] checks the public
//!   task-dump defects of Tokio release by release.
//!
//! ```
//! use rendezvous_core::{Policy, Property, Run, Scenario, Status, Variant};
//!
//! // A quiet runtime under Tokio 1.54, which fixed the idle bookkeeping.
//! let scenario = Scenario::builtin("quiet-runtime", None).unwrap();
//! let mut run = Run::new(scenario, Variant::Tokio154, Default::default()).unwrap();
//! run.run_to_end(&mut Policy::RoundRobin, 1_000).unwrap();
//! assert_eq!(run.status(), Status::Finished);
//! assert!(run.broken_now().is_empty());
//!
//! // Under Tokio 1.35-1.53 the same dump leaves woken workers listed as
//! // asleep (PROTOCOL.md section 8): property S6 breaks.
//! let scenario = Scenario::builtin("quiet-runtime", None).unwrap();
//! let mut run = Run::new(scenario, Variant::Tokio, Default::default()).unwrap();
//! run.run_to_end(&mut Policy::RoundRobin, 1_000).unwrap();
//! assert!(run.moment().ever_broken.contains(Property::S6));
//! ```
//!
//! The crate knows nothing of browsers, clocks, threads or entropy: time is
//! the step count, and randomness comes only from a seed handed in.

pub mod casebook;
pub mod checker;
pub mod event;
pub mod figures;
pub mod fixed;
pub mod markup;
pub mod model;
pub mod narrate;
pub mod property;
pub mod run;
pub mod scenario;
pub mod schedule;
pub mod state;
pub mod timeline;
pub mod trace_format;
pub mod variant;

pub use event::Event;
pub use model::{Action, Model};
pub use property::{Property, PropertySet};
pub use run::{Policy, Run, RunError, Status};
pub use scenario::Scenario;
pub use state::State;
pub use variant::{Activity, Assumptions, Cancel, Timing, Variant};
