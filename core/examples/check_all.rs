use rendezvous_core::checker::{check, CheckConfig, Outcome};
use rendezvous_core::{scenario, Scenario, Variant};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let only = args.get(1).cloned();
    let workers: Option<usize> = args.get(2).and_then(|w| w.parse().ok());
    for b in scenario::BUILTINS {
        if only.as_deref().is_some_and(|o| o != b.name && o != "all") {
            continue;
        }
        for v in Variant::ALL {
            if std::env::var("V").is_ok_and(|x| x != v.name()) {
                continue;
            }
            let s = Scenario::builtin(b.name, workers).unwrap();
            let t = std::time::Instant::now();
            let r = check(
                s,
                v,
                CheckConfig {
                    max_states: 3_000_000,
                    ..Default::default()
                },
                &mut |_| true,
            )
            .unwrap();
            let el = t.elapsed().as_secs_f64();
            let verdicts: Vec<String> = r
                .verdicts
                .iter()
                .map(|v| {
                    format!(
                        "{}:{}",
                        v.property.code(),
                        match v.outcome {
                            Outcome::Holds => "ok",
                            Outcome::Broken => "BROKEN",
                            Outcome::Unknown => "?",
                        }
                    )
                })
                .collect();
            println!(
                "{:22} {:20} states {:8} trans {:9} depth {:4} {:.2}s {:.0}/s {}",
                b.name,
                v.name(),
                r.states,
                r.transitions,
                r.max_depth,
                el,
                r.states as f64 / el,
                verdicts.join(" ")
            );
        }
    }
}
