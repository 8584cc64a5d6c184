//! The command line, read with `lexopt` into plain option structs.
//!
//! Parsing only checks shapes (a number is a number, a variant name is a
//! variant); whether a scenario, schedule or file makes sense is decided
//! when the subcommand loads it, so every refusal names the part at fault.

use lexopt::prelude::*;
use lexopt::Arg;
use rendezvous_core::{Activity, Assumptions, Cancel, Timing, Variant};
use std::ffi::OsString;
use std::path::PathBuf;
use std::str::FromStr;

/// What `rendezvous --help` prints.
pub const USAGE: &str = "\
rendezvous: Tokio's task-dump trace protocol, step by step

USAGE:
    rendezvous --help | --version
    rendezvous scenarios
    rendezvous run (--scenario NAME | --scenario-file PATH) [OPTIONS]
    rendezvous check (--scenario NAME | --scenario-file PATH) [OPTIONS]
    rendezvous casebook [--json] [--file CASES.json] [--case TEXT]

COMMANDS:
    scenarios   List the built-in scenarios and the protocol variants.
    run         Step a scenario and narrate every step, then report how the
                run ended and, for each safety property (S1..S8, S7a,
                C1), whether it held or the step that broke it.
    check       Explore every interleaving of a scenario and judge every
                property, with the shortest schedule that breaks each.
    casebook    Check every case of the casebook (the public task-dump
                defects of Tokio, release by release): one row per case.

CASEBOOK OPTIONS:
    --file PATH            Check a casebook written as JSON instead of the
                           built-in one.
    --case TEXT            Only the cases whose scenario or preset contains TEXT.
    --json                 Print every result as JSON.

SCENARIO OPTIONS (run, check):
    --scenario NAME        A built-in scenario (see `rendezvous scenarios`).
    --scenario-file PATH   A scenario written as JSON.
    --variant NAME         The protocol variant (default: the scenario's).
    --workers N            The number of workers (default: the scenario's).
    --timing timely|any    When a trace_start wait may time out (default timely).
    --activity idle|active Whether I/O may wake parked workers (default idle).
    --cancel off|on        Whether callers may give up (default off).

RUN OPTIONS:
    --seed K               Choose each step at random from seed K.
    --schedule STR         Replay a schedule such as \"r0 r0 w1 w0:timeout\".
    --max-steps M          Stop after M steps (default 10000).
    --json                 Print the run as a trace file instead of text.
    --frames DIR           Also write one SVG per step into DIR (slides),
                           replacing the frames of an earlier run there.

CHECK OPTIONS:
    --max-states M         Stop after M unique states (default 5000000).
    --max-depth D          Do not explore deeper than D steps (default 10000).
    --symmetry             Treat workers that start alike as interchangeable.
    --reduction on|off     Partial-order reduction (default on); off explores
                           the full graph.
    --threads N            Expand each level of the search on N threads
                           (default: every core; at most 256); the report
                           is the same.
    --json                 Print the report as JSON.

`check` exits 0 when every property holds, 1 when one breaks (a broken
property is final even when a bound stopped the search; standard error then
says which bound), and 2 on bad input or when a bound stopped the search
before it explored every state and none broke.
`casebook` exits 0 when every case finds exactly the properties it expects
to break (a reading of Tokio's code the checker did not confirm is listed
apart), 1 when a case fails, and 2 on bad input.

Without --seed or --schedule a run follows the scenario's own schedule (if
it has one) and then takes turns round-robin.
";

/// A parsed command line.
#[derive(Debug)]
pub enum Command {
    /// `--help`, `-h`, `help`, or no arguments.
    Help,
    /// `--version` or `-V`: the program's name and version.
    Version,
    /// `rendezvous scenarios`.
    Scenarios,
    /// `rendezvous run`.
    Run(RunOptions),
    /// `rendezvous check`.
    Check(CheckOptions),
    /// `rendezvous casebook`.
    Casebook(CasebookOptions),
}

/// `rendezvous casebook`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CasebookOptions {
    /// A casebook file instead of the built-in casebook.
    pub file: Option<PathBuf>,
    /// Only cases whose scenario or preset contains this text.
    pub filter: Option<String>,
    /// Print JSON.
    pub json: bool,
}

/// Where the scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioSource {
    /// A built-in scenario, by name.
    Builtin(String),
    /// A JSON file.
    File(PathBuf),
}

/// What to simulate: the options `run` and `check` share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The scenario.
    pub source: ScenarioSource,
    /// The variant, when not the scenario's own.
    pub variant: Option<Variant>,
    /// The worker count, when not the scenario's own.
    pub workers: Option<usize>,
    /// Timing, activity and cancellation.
    pub assumptions: Assumptions,
}

/// How `run` picks each step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Driver {
    /// The scenario's own schedule prefix, then round-robin.
    Default,
    /// Seeded random choice.
    Seed(u64),
    /// Replay of a schedule string.
    Schedule(String),
}

/// `rendezvous run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// What to simulate.
    pub setup: Setup,
    /// How to choose steps.
    pub driver: Driver,
    /// The most steps to take.
    pub max_steps: usize,
    /// Print a trace file instead of narration.
    pub json: bool,
    /// A folder to write one SVG frame per step into.
    pub frames: Option<PathBuf>,
}

/// The default `--max-steps`.
pub const DEFAULT_MAX_STEPS: usize = 10_000;

/// `rendezvous check`: the scenario options and the checker's bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// What to check.
    pub setup: Setup,
    /// Stop after this many unique states.
    pub max_states: Option<u64>,
    /// Do not explore deeper than this.
    pub max_depth: Option<u32>,
    /// Use the symmetry reduction.
    pub symmetry: bool,
    /// Use the partial-order reduction (`--reduction on|off`, default on).
    pub reduction: bool,
    /// How many threads expand the search's levels; `None` means every
    /// core (`std::thread::available_parallelism`).
    pub threads: Option<usize>,
    /// Print the report as JSON.
    pub json: bool,
}

fn parse_casebook(parser: &mut lexopt::Parser) -> Result<Command, String> {
    let mut options = CasebookOptions::default();
    while let Some(arg) = parser.next().map_err(describe)? {
        match arg {
            Long("json") => options.json = true,
            Long("file") => {
                options.file = Some(PathBuf::from(parser.value().map_err(describe)?));
            }
            Long("case") => {
                let value = parser.value().map_err(describe)?;
                options.filter = Some(
                    value
                        .into_string()
                        .map_err(|_| "--case: not valid text".to_owned())?,
                );
            }
            Short('h') | Long("help") => return Ok(Command::Help),
            other => return Err(format!("{} for `rendezvous casebook`", unexpected(&other))),
        }
    }
    Ok(Command::Casebook(options))
}

/// Reads the arguments after the program name.
pub fn parse<I>(args: I) -> Result<Command, String>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let mut parser = lexopt::Parser::from_args(args);
    let subcommand = match parser.next().map_err(describe)? {
        None | Some(Short('h')) | Some(Long("help")) => return Ok(Command::Help),
        Some(Short('V')) | Some(Long("version")) => return Ok(Command::Version),
        Some(Value(value)) => value
            .into_string()
            .map_err(|value| format!("unknown command `{}`", value.to_string_lossy()))?,
        Some(other) => return Err(format!("{}; expected a command first", unexpected(&other))),
    };
    match subcommand.as_str() {
        "help" => Ok(Command::Help),
        "scenarios" => {
            if let Some(arg) = parser.next().map_err(describe)? {
                if matches!(arg, Short('h') | Long("help")) {
                    return Ok(Command::Help);
                }
                return Err(format!("{} for `rendezvous scenarios`", unexpected(&arg)));
            }
            Ok(Command::Scenarios)
        }
        "run" => parse_run(&mut parser),
        "check" => parse_check(&mut parser),
        "casebook" => parse_casebook(&mut parser),
        other => Err(format!(
            "unknown command `{other}`; expected scenarios, run, check or casebook (see `rendezvous --help`)"
        )),
    }
}

/// The scenario options as they are read, before the required ones are
/// checked.
#[derive(Default)]
struct SetupBuilder {
    scenario: Option<String>,
    scenario_file: Option<PathBuf>,
    variant: Option<Variant>,
    workers: Option<usize>,
    assumptions: Assumptions,
}

impl SetupBuilder {
    /// Takes `arg` if it is a scenario option; returns whether it was.
    fn take(&mut self, arg: &Flag, parser: &mut lexopt::Parser) -> Result<bool, String> {
        let Flag::Long(long) = arg else {
            return Ok(false);
        };
        match long.as_str() {
            "scenario" => self.scenario = Some(string_value(parser, "--scenario")?),
            "scenario-file" => {
                self.scenario_file = Some(PathBuf::from(
                    parser
                        .value()
                        .map_err(|_| "--scenario-file needs a value".to_owned())?,
                ));
            }
            "variant" => self.variant = Some(setting(parser, "--variant")?),
            "workers" => self.workers = Some(number(parser, "--workers")?),
            "timing" => self.assumptions.timing = setting::<Timing>(parser, "--timing")?,
            "activity" => {
                self.assumptions.activity = setting::<Activity>(parser, "--activity")?;
            }
            "cancel" => self.assumptions.cancel = setting::<Cancel>(parser, "--cancel")?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn build(self, command: &str) -> Result<Setup, String> {
        let source = match (self.scenario, self.scenario_file) {
            (Some(name), None) => ScenarioSource::Builtin(name),
            (None, Some(path)) => ScenarioSource::File(path),
            (Some(_), Some(_)) => {
                return Err("give either --scenario or --scenario-file, not both".to_owned())
            }
            (None, None) => {
                return Err(format!(
                    "`rendezvous {command}` needs --scenario NAME or --scenario-file PATH \
                     (see `rendezvous scenarios`)"
                ))
            }
        };
        Ok(Setup {
            source,
            variant: self.variant,
            workers: self.workers,
            assumptions: self.assumptions,
        })
    }
}

fn parse_run(parser: &mut lexopt::Parser) -> Result<Command, String> {
    let mut setup = SetupBuilder::default();
    let mut seed = None;
    let mut schedule = None;
    let mut max_steps = DEFAULT_MAX_STEPS;
    let mut json = false;
    let mut frames = None;
    while let Some(arg) = next_flag(parser)? {
        if setup.take(&arg, parser)? {
            continue;
        }
        match arg.long() {
            Some("frames") => {
                let folder = string_value(parser, "--frames")?;
                if folder.trim().is_empty() {
                    return Err("--frames needs a folder, not an empty name".to_owned());
                }
                frames = Some(PathBuf::from(folder));
            }
            Some("seed") => seed = Some(number(parser, "--seed")?),
            Some("schedule") => schedule = Some(string_value(parser, "--schedule")?),
            Some("max-steps") => max_steps = number(parser, "--max-steps")?,
            Some("json") => json = true,
            Some("help") => return Ok(Command::Help),
            _ if arg == Flag::Short('h') => return Ok(Command::Help),
            _ => return Err(format!("{} for `rendezvous run`", arg.unexpected())),
        }
    }
    let driver = match (seed, schedule) {
        (None, None) => Driver::Default,
        (Some(seed), None) => Driver::Seed(seed),
        (None, Some(schedule)) => Driver::Schedule(schedule),
        (Some(_), Some(_)) => {
            return Err("give either --seed or --schedule, not both".to_owned());
        }
    };
    Ok(Command::Run(RunOptions {
        setup: setup.build("run")?,
        driver,
        max_steps,
        json,
        frames,
    }))
}

/// The most threads `check --threads` starts: far more than any machine
/// this runs on has cores (each thread past the cores only shares them),
/// and few enough that starting them cannot exhaust the process's limits.
pub const MAX_THREADS: usize = 256;

fn parse_check(parser: &mut lexopt::Parser) -> Result<Command, String> {
    let mut setup = SetupBuilder::default();
    let mut json = false;
    let mut symmetry = false;
    let mut reduction = true;
    let mut threads = None;
    let mut max_states = None;
    let mut max_depth = None;
    while let Some(arg) = next_flag(parser)? {
        if setup.take(&arg, parser)? {
            continue;
        }
        match arg.long() {
            Some("json") => json = true,
            Some("symmetry") => symmetry = true,
            Some("reduction") => {
                reduction = match string_value(parser, "--reduction")?.as_str() {
                    "on" => true,
                    "off" => false,
                    other => return Err(format!("--reduction: `{other}` is not on or off")),
                }
            }
            Some("threads") => {
                let value: usize = number(parser, "--threads")?;
                if value == 0 {
                    return Err("--threads must be at least 1".to_owned());
                }
                if value > MAX_THREADS {
                    return Err(format!(
                        "--threads {value} is too many: at most {MAX_THREADS}"
                    ));
                }
                threads = Some(value);
            }
            Some("max-states") => {
                let value: u64 = number(parser, "--max-states")?;
                if value == 0 {
                    return Err("--max-states must be at least 1".to_owned());
                }
                max_states = Some(value);
            }
            Some("max-depth") => max_depth = Some(number(parser, "--max-depth")?),
            Some("help") => return Ok(Command::Help),
            _ if arg == Flag::Short('h') => return Ok(Command::Help),
            _ => return Err(format!("{} for `rendezvous check`", arg.unexpected())),
        }
    }
    Ok(Command::Check(CheckOptions {
        setup: setup.build("check")?,
        max_states,
        max_depth,
        symmetry,
        reduction,
        threads,
        json,
    }))
}

fn string_value(parser: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    let value = parser
        .value()
        .map_err(|_| format!("{flag} needs a value"))?;
    value
        .into_string()
        .map_err(|value| format!("{flag}: `{}` is not valid UTF-8", value.to_string_lossy()))
}

fn number<T: FromStr>(parser: &mut lexopt::Parser, flag: &str) -> Result<T, String> {
    let text = string_value(parser, flag)?;
    text.parse().map_err(|_| {
        if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
            format!("{flag}: `{text}` is too large")
        } else {
            format!("{flag}: `{text}` is not a non-negative whole number")
        }
    })
}

fn setting<T: FromStr<Err = String>>(parser: &mut lexopt::Parser, flag: &str) -> Result<T, String> {
    let text = string_value(parser, flag)?;
    text.parse().map_err(|error| format!("{flag}: {error}"))
}

/// One argument, owned, so the parser can be asked for its value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Flag {
    Short(char),
    Long(String),
    Value(OsString),
}

impl Flag {
    fn long(&self) -> Option<&str> {
        match self {
            Flag::Long(long) => Some(long),
            _ => None,
        }
    }

    fn unexpected(&self) -> String {
        match self {
            Flag::Short(short) => format!("unknown option `-{short}`"),
            Flag::Long(long) => format!("unknown option `--{long}`"),
            Flag::Value(value) => format!("unexpected argument `{}`", value.to_string_lossy()),
        }
    }
}

fn next_flag(parser: &mut lexopt::Parser) -> Result<Option<Flag>, String> {
    Ok(parser.next().map_err(describe)?.map(|arg| match arg {
        Short(short) => Flag::Short(short),
        Long(long) => Flag::Long(long.to_owned()),
        Value(value) => Flag::Value(value),
    }))
}

fn unexpected(arg: &Arg<'_>) -> String {
    match arg {
        Short(short) => format!("unknown option `-{short}`"),
        Long(long) => format!("unknown option `--{long}`"),
        Value(value) => format!("unexpected argument `{}`", value.to_string_lossy()),
    }
}

fn describe(error: lexopt::Error) -> String {
    match error {
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "option `{option}` takes no value, but was given `{}`",
            value.to_string_lossy()
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &str) -> Result<Command, String> {
        parse(words.split_whitespace())
    }

    #[test]
    fn no_arguments_is_help() {
        assert!(matches!(parse_words(""), Ok(Command::Help)));
        assert!(matches!(parse_words("--help"), Ok(Command::Help)));
        assert!(matches!(parse_words("run -h"), Ok(Command::Help)));
        assert!(matches!(parse_words("scenarios --help"), Ok(Command::Help)));
        assert!(matches!(parse_words("--version"), Ok(Command::Version)));
    }

    #[test]
    fn run_reads_a_frames_folder() {
        let Ok(Command::Run(options)) =
            parse_words("run --scenario wedged-worker --frames out/slides")
        else {
            panic!("run did not parse");
        };
        assert_eq!(options.frames, Some(PathBuf::from("out/slides")));
        let Err(message) = parse_words("run --scenario wedged-worker --frames") else {
            panic!("--frames without a folder was accepted");
        };
        assert!(message.contains("--frames needs a value"), "{message}");
    }

    #[test]
    fn run_reads_every_option() {
        let Ok(Command::Run(options)) = parse_words(
            "run --scenario wedged-worker --variant fixed --workers 3 --seed 7 \
             --max-steps 50 --timing any --activity active --cancel on --json",
        ) else {
            panic!("run did not parse");
        };
        assert_eq!(
            options.setup.source,
            ScenarioSource::Builtin("wedged-worker".to_owned())
        );
        assert_eq!(options.setup.variant, Some(Variant::Fixed));
        assert_eq!(options.setup.workers, Some(3));
        assert_eq!(options.driver, Driver::Seed(7));
        assert_eq!(options.max_steps, 50);
        assert!(options.json);
        assert_eq!(options.frames, None);
        assert_eq!(options.setup.assumptions.timing, Timing::Any);
        assert_eq!(options.setup.assumptions.activity, Activity::Active);
        assert_eq!(options.setup.assumptions.cancel, Cancel::On);
    }

    #[test]
    fn refusals_name_the_part_at_fault() {
        let cases = [
            ("frobnicate", "unknown command `frobnicate`"),
            ("run", "needs --scenario NAME or --scenario-file PATH"),
            ("run --scenario x --bogus", "unknown option `--bogus`"),
            (
                "run --scenario x --workers many",
                "--workers: `many` is not",
            ),
            (
                "run --scenario x --variant nope",
                "--variant: unknown variant `nope`",
            ),
            (
                "run --scenario x --timing late",
                "--timing: unknown timing `late`",
            ),
            (
                "run --scenario x --seed 1 --schedule r0",
                "either --seed or --schedule",
            ),
            (
                "run --scenario x --scenario-file y",
                "either --scenario or --scenario-file",
            ),
            ("run --scenario", "--scenario needs a value"),
            ("run --json=yes --scenario x", "takes no value"),
            ("scenarios extra", "unexpected argument `extra`"),
            ("run --scenario x --frames=", "--frames needs a folder"),
            (
                "run --scenario x --workers 18446744073709551616",
                "--workers: `18446744073709551616` is too large",
            ),
            ("check --scenario x --threads 0", "at least 1"),
            ("check --scenario x --threads 257", "at most 256"),
            (
                "check --scenario x --threads 18446744073709551615",
                "--threads 18446744073709551615 is too many",
            ),
        ];
        for (words, expected) in cases {
            match parse_words(words) {
                Err(message) => assert!(
                    message.contains(expected),
                    "`{words}` gave `{message}`, expected it to contain `{expected}`"
                ),
                Ok(command) => panic!("`{words}` parsed as {command:?}"),
            }
        }
    }
}
