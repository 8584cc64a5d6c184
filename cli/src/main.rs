//! `rendezvous`: run the trace-protocol simulation from a terminal.
//!
//! `main` only parses the command line, dispatches, and turns a refusal into
//! one `error: ...` line with a non-zero exit code; each subcommand lives in
//! its own file.

mod args;
mod casebook;
mod check;
mod frames;
mod run;
mod scenarios;
mod setup;
mod threads;

use args::Command;
use std::io::{self, Write};
use std::process::ExitCode;

/// The exit code for input the command refuses (a bad flag, scenario,
/// schedule or file).
const EXIT_BAD_INPUT: u8 = 2;

/// The exit code of `check` when a property is broken.
const EXIT_PROPERTY_BROKEN: u8 = 1;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => return refuse(&message),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::Help => out
            .write_all(args::USAGE.as_bytes())
            .map_err(Failure::Output),
        Command::Version => {
            writeln!(out, "rendezvous {}", env!("CARGO_PKG_VERSION")).map_err(Failure::Output)
        }
        Command::Scenarios => scenarios::list(&mut out).map_err(Failure::Output),
        Command::Run(options) => run::run(&options, &mut out),
        Command::Check(options) => check::check(&options, &mut out),
        Command::Casebook(options) => casebook::casebook(&options, &mut out),
    };
    let result = result.and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`rendezvous run ... | head`) is not
        // an error of ours.
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(Failure::Output(error)) => refuse(&format!("cannot write the output: {error}")),
        Err(Failure::Input(message)) => refuse(&message),
        Err(Failure::Broken(note)) => {
            if let Some(note) = note {
                eprintln!("note: {note}");
            }
            ExitCode::from(EXIT_PROPERTY_BROKEN)
        }
    }
}

/// Why a subcommand stopped.
#[derive(Debug)]
pub enum Failure {
    /// The input was refused; the message says which part and why.
    Input(String),
    /// Writing the output failed.
    Output(io::Error),
    /// `check` found a property broken, or `casebook` a case that failed
    /// (the report says which); with a note for standard error, such as
    /// the bound that stopped the search before every verdict was judged.
    Broken(Option<String>),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}

fn refuse(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}
