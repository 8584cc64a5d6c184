//! What the page asks the playground to do.

use rendezvous_core::{Action as Move, Assumptions, Variant};

/// Something the user (or the playback timer, or the URL) asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// One step forward: along the recorded run, else the scenario's own
    /// schedule, else the scheduler (round-robin or the random seed).
    Step,
    /// One step back.
    Back,
    /// To step 0.
    First,
    /// To the last recorded step.
    Last,
    /// To step `n` of the recorded run.
    Seek(usize),
    /// Exactly this move, chosen by the user on the stage.
    Take(Move),
    /// A fresh round-robin run of the same scenario.
    Reset,
    /// The playback timer fired.
    Tick,
    /// Start or stop playback.
    TogglePlay,
    /// Stop playback.
    Pause,
    /// Steps per second.
    SetSpeed(u32),
    /// Another built-in scenario, as it ships.
    ChooseScenario(String),
    /// A scenario built in the page, by its link code, as it was built (its
    /// own workers and variant; the assumptions kept). A code the core
    /// refuses leaves the run alone and says why.
    Build(String),
    /// Open the scenario of a scenario file, as the checker's worker read
    /// it with the CLI's reader (its link code), or say why the file was
    /// refused; a refused file leaves the run alone.
    ImportScenario(Result<String, String>),
    /// Another variant of the same scenario.
    ChooseVariant(Variant),
    /// Another worker count for the same scenario.
    ChooseWorkers(usize),
    /// Other assumptions for the same scenario.
    ChooseAssumptions(Assumptions),
    /// The seed for the next random run.
    SetSeed(u64),
    /// Record a random run from the seed and rewind to its start.
    RandomRun,
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Hide the keyboard help.
    CloseHelp,
    /// Hide the error message.
    DismissError,
    /// Restore the run a URL fragment describes (the URL already says so:
    /// the browser's history moved, or a link was followed).
    LoadFragment(String),
    /// Open the run a fragment describes as the user's own decision (a
    /// replayed counterexample): like a link, it gets its own entry in the
    /// browser's history.
    Open(String),
    /// Open the run of a trace file, as the checker's worker read it with
    /// core's reader (`checker-wasm/src/files.rs`) and names it, by its
    /// link (a URL fragment), or say why the file was refused; a refused
    /// file leaves the run alone.
    ImportTrace(Result<String, String>),
    /// A trace file could not be written: why (the run stays).
    ExportFailed(String),
    /// Go to stop `n` (0-based) of the scenario's guided tour, on the
    /// scenario's default run.
    Tour(usize),
    /// Leave the tour.
    EndTour,
    /// Switch between the full playground and the presenter view (the
    /// stage, the step controls and the narration in large type).
    TogglePresenter,
}
