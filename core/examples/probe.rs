use rendezvous_core::checker::{check, CheckConfig, Outcome};
use rendezvous_core::{Scenario, Variant};
use std::time::Instant;
fn main() {
    if std::env::args().nth(1).as_deref() == Some("size") { size(); return; }
    let args: Vec<String> = std::env::args().collect();
    let name = &args[1];
    let workers: usize = args[2].parse().unwrap();
    let variant: Variant = args[3].parse().unwrap();
    let scenario = Scenario::builtin(name, Some(workers)).unwrap();
    let mut config = CheckConfig::default();
    if let Ok(m) = std::env::var("MAXS") { config.max_states = m.parse().unwrap(); }
    if let Some(t) = args.get(4) { config.assumptions.timing = t.parse().unwrap(); }
    let start = Instant::now();
    let report = check(scenario, variant, config, &mut |_| true).unwrap();
    let v: Vec<String> = report.verdicts.iter().map(|v| format!("{}:{}", v.property.code(), match v.outcome { Outcome::Holds => "ok", Outcome::Broken => "BROKEN", Outcome::Unknown => "?" })).collect();
    println!("{name} w{workers} {variant}: states {} complete {} depth {} {:?} | {}", report.states, report.complete, report.max_depth, start.elapsed(), v.join(" "));
    for v in &report.verdicts { if v.outcome == Outcome::Broken { println!("  {} ({} steps): {} :: {}", v.property.code(), v.steps.unwrap_or(0), v.detail, v.counterexample.clone().unwrap_or_default()); } }
    for b in &report.bounds { println!("  bound {:?} {} {}", b.bound, b.states, b.path); }
}
#[allow(dead_code)]
fn size() { println!("{}", std::mem::size_of::<rendezvous_core::State>()); }
