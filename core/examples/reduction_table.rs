//! Prints, as a Markdown table, the unique states and transitions of the
//! full search and of the partial-order reduced one for each
//! configuration given (or a default list: the pinned rows of
//! `core/tests/checker.rs` and the largest rows of `docs/checker.md`),
//! the depth each reached, and whether their verdicts agree (the figures of `docs/benchmarks.md`).
//!
//! cargo run -p rendezvous-core --example reduction_table [MAX_STATES] [NAME:WORKERS:VARIANT ...]
//!
//! Default bound 3,000,000 states (the page's bound when the table was
//! written; the page now checks up to 24,000,000). The minimisation search
//! is off: the table compares the searches themselves.

use rendezvous_core::checker::{check, CheckConfig, Outcome, Report};
use rendezvous_core::figures::grouped;
use rendezvous_core::{Scenario, Variant};

const DEFAULT: &[&str] = &[
    "quiet-runtime:2:tokio",
    "quiet-runtime:3:tokio",
    "quiet-runtime:3:fixed",
    "quiet-runtime:2:tokio-1.54-fixed",
    "early-result:3:fixed",
    "notify-waiters:3:notify-waiters",
    "no-maintenance-check:2:no-maintenance-check",
    "issue7478-idle-dump:2:tokio-1.54",
    "issue6035-complete-during-trace:2:tokio-1.29",
    "wedged-worker:2:tokio",
    "two-requesters:2:fixed",
    "busy-workers:3:tokio",
    "abandoned-dump:2:tokio",
    "inline-dump:2:inline-dump",
    "two-requesters:2:no-end-barrier",
];

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let max_states = match args.peek().and_then(|text| text.parse().ok()) {
        Some(bound) => {
            args.next();
            bound
        }
        None => 3_000_000,
    };
    let rows: Vec<String> = args.collect();
    let rows: Vec<&str> = if rows.is_empty() {
        DEFAULT.to_vec()
    } else {
        rows.iter().map(String::as_str).collect()
    };
    println!("| configuration | states full | states reduced | reduced / full | transitions full | transitions reduced | depth full / reduced | verdicts |");
    println!("|---|---|---|---|---|---|---|---|");
    for row in rows {
        let mut parts = row.split(':');
        let name = parts.next().expect("a name");
        let workers = parts.next().and_then(|text| text.parse().ok());
        let scenario = Scenario::builtin(name, workers).expect("a built-in scenario");
        let variant: Variant = match parts.next() {
            Some(text) => text.parse().expect("a variant"),
            None => scenario.variant,
        };
        let config = |reduction| CheckConfig {
            max_states,
            reduction,
            minimise: false,
            ..CheckConfig::default()
        };
        let full = check(scenario.clone(), variant, config(false), &mut |_| true).expect("valid");
        let reduced = check(scenario.clone(), variant, config(true), &mut |_| true).expect("valid");
        let count = |report: &Report| {
            let states = grouped(report.states);
            if report.complete {
                states
            } else {
                format!("≥{states} (bound)")
            }
        };
        let verdicts = if full.complete && reduced.complete {
            let same = full
                .verdicts
                .iter()
                .zip(&reduced.verdicts)
                .all(|(a, b)| a.outcome == b.outcome);
            if same { "same" } else { "DIFFER" }.to_owned()
        } else {
            let contradict = full.verdicts.iter().zip(&reduced.verdicts).any(|(a, b)| {
                matches!(
                    (a.outcome, b.outcome),
                    (Outcome::Holds, Outcome::Broken) | (Outcome::Broken, Outcome::Holds)
                )
            });
            if contradict {
                "DIFFER"
            } else {
                "no contradiction (bound)"
            }
            .to_owned()
        };
        println!(
            "| {name} w{} {variant} | {} | {} | {:.2} | {} | {} | {} / {} | {verdicts} |",
            scenario.workers,
            count(&full),
            count(&reduced),
            reduced.states as f64 / full.states as f64,
            grouped(full.transitions),
            grouped(reduced.transitions),
            full.max_depth,
            reduced.max_depth,
        );
    }
}
