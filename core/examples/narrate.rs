use rendezvous_core::{Policy, Run, Scenario};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args.get(1).map(String::as_str).unwrap_or("quiet-runtime");
    let scenario = Scenario::builtin(name, None).unwrap();
    let variant = args
        .get(2)
        .map(|v| v.parse().unwrap())
        .unwrap_or(scenario.variant);
    let mut run = Run::new(scenario, variant, Default::default()).unwrap();
    run.run_to_end(&mut Policy::RoundRobin, 400).unwrap();
    for i in 0..run.len() {
        let s = &run.steps()[i];
        println!(
            "{:3} {:10} {:>14} -> {:14} {}",
            i + 1,
            rendezvous_core::schedule::token(s.action),
            s.from,
            s.to,
            run.narration_of(i)
        );
    }
    println!(
        "status {:?} broken {:?}",
        run.status(),
        run.moment().ever_broken.iter().collect::<Vec<_>>()
    );
}
