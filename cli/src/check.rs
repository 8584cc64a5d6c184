//! `rendezvous check`: exhaustive exploration of a scenario.
//!
//! The slot for `rendezvous_core::checker::{check, CheckConfig, Report}`:
//! the options are parsed and the scenario is loaded (so bad input is
//! refused the same way as for `run`); running the checker and printing its
//! report is wired here once the checker module lands.

use crate::args::CheckOptions;
use crate::setup;
use crate::Failure;
use std::io::Write;

/// Loads the scenario, then reports that checking is not available yet.
pub fn check(options: &CheckOptions, _out: &mut impl Write) -> Result<(), Failure> {
    let _loaded = setup::load(&options.setup).map_err(Failure::Input)?;
    let _ = options.json;
    Err(Failure::Input(
        "`rendezvous check` is not available in this build yet; use `rendezvous run`".to_owned(),
    ))
}
