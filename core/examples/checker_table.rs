//! Prints the checker's verdict for every built-in scenario under every
//! variant as a Markdown table (the one in docs/checker.md), with the
//! partial-order reduction and without the minimisation search (the table
//! shows verdicts and states, not counterexamples).
//!
//! cargo run -p rendezvous-core --example checker_table [MAX_STATES] [SCENARIO ...]
//!
//! Without scenario names, every built-in scenario; the rows of several
//! runs with different names concatenate in the order of the built-ins.
//! `SCENARIO:VARIANT` picks one row, so only the rows a lower bound
//! stopped need to run again at a higher one (a row that finished has the
//! same verdicts at any higher bound).

use rendezvous_core::checker::{check, CheckConfig, Outcome};
use rendezvous_core::{scenario, Property, Scenario, Variant};

fn main() {
    let max_states = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(3_000_000);
    let only: Vec<String> = std::env::args().skip(2).collect();
    let mut header = String::from("| scenario | workers | variant | states |");
    for property in Property::ALL {
        header.push_str(&format!(" {} |", property.code()));
    }
    println!("{header}");
    println!("|{}", "---|".repeat(4 + Property::ALL.len()));
    for builtin in scenario::BUILTINS {
        let picks = |variant: Variant| {
            only.is_empty()
                || only.iter().any(|pick| {
                    pick == builtin.name || *pick == format!("{}:{variant}", builtin.name)
                })
        };
        for variant in Variant::ALL {
            if !picks(variant) {
                continue;
            }
            let scenario = Scenario::builtin(builtin.name, None).expect("built-in");
            let workers = scenario.workers;
            let config = CheckConfig {
                max_states,
                minimise: false,
                ..CheckConfig::default()
            };
            let report = check(scenario, variant, config, &mut |_| true).expect("valid");
            let states = if report.complete {
                report.states.to_string()
            } else {
                format!("≥{} (bound)", report.states)
            };
            let mut row = format!("| {} | {workers} | {variant} | {states} |", builtin.name);
            for property in Property::ALL {
                let cell = match report.verdict(property).outcome {
                    Outcome::Holds => "holds",
                    Outcome::Broken => "**broken**",
                    Outcome::Unknown => "?",
                };
                row.push_str(&format!(" {cell} |"));
            }
            println!("{row}");
        }
    }
}
