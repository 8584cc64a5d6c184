//! The run as files to download: a standalone SVG of the timeline and a
//! Mermaid `sequenceDiagram`. (The trace JSON is core's
//! `trace_format::export`.) The page asks for them by the run's parts,
//! as for a trace file ([`crate::Request::Picture`]), so its first load
//! carries none of this.
//!
//! Plain text generation over core's [`Run`], with no browser in sight, so
//! it is tested natively.

use rendezvous_core::markup::escape as xml;
use rendezvous_core::timeline::{band_of, lane_of, Band};
use rendezvous_core::{schedule, Action as Move, Event, Run};
use std::fmt::Write;

const LABEL_WIDTH: usize = 30;
const STEP_WIDTH: usize = 10;
const LANE_HEIGHT: usize = 16;
const TOP: usize = 20;

/// The colours of the page's actors (`.actor-w0`, ...), repeated here
/// because a downloaded SVG has no stylesheet but its own.
const WORKER_COLOURS: [&str; 8] = [
    "#2f6fde", "#d9480f", "#2b8a3e", "#ae3ec9", "#0c8599", "#c2255c", "#5c940d", "#7048e8",
];
const REQUESTER_COLOURS: [&str; 3] = ["#e67700", "#1098ad", "#9c36b5"];
const USER_COLOUR: &str = "#868e96";

/// `1 step`, `12 steps`.
fn steps(count: usize) -> String {
    if count == 1 {
        "1 step".to_owned()
    } else {
        format!("{count} steps")
    }
}

/// The timeline of the whole recorded run as a standalone SVG document:
/// one lane per actor, one mark per step (with its narration as a
/// tooltip), bands where a barrier completed or a property broke, and the
/// cursor.
pub fn timeline_svg(run: &Run) -> String {
    let model = run.model();
    let workers = model.worker_count();
    let requesters = model.requester_count();
    let lanes: Vec<(String, &str)> = (0..workers)
        .map(|i| (format!("W{i}"), WORKER_COLOURS[i % WORKER_COLOURS.len()]))
        .chain((0..requesters).map(|i| {
            (
                format!("R{i}"),
                REQUESTER_COLOURS[i % REQUESTER_COLOURS.len()],
            )
        }))
        .chain(std::iter::once(("you".to_owned(), USER_COLOUR)))
        .collect();
    let x_of = |index: usize| LABEL_WIDTH + index * STEP_WIDTH;
    let height = TOP + lanes.len() * LANE_HEIGHT + 4;
    let width = x_of(run.len().max(1)) + STEP_WIDTH * 4;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"10\">\n\
         <title>{}</title>\n\
         <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n\
         <text x=\"2\" y=\"13\" fill=\"#222\">{}</text>\n",
        xml(&format!(
            "Rendezvous: {} ({}), {}, at step {}",
            model.scenario().name,
            model.variant().name(),
            steps(run.len()),
            run.cursor()
        )),
        xml(&format!(
            "{} · {} · step {} of {}",
            model.scenario().name,
            model.variant().name(),
            run.cursor(),
            run.len()
        )),
    );
    for (lane, (name, _)) in lanes.iter().enumerate() {
        let y = TOP + lane * LANE_HEIGHT;
        let fill = if lane % 2 == 1 { "#f1f3f5" } else { "#f8f9fa" };
        let _ = writeln!(
            svg,
            "<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{LANE_HEIGHT}\" fill=\"{fill}\"/>\
             <text x=\"2\" y=\"{}\" fill=\"#495057\">{name}</text>",
            y + 12
        );
    }
    for index in 0..run.len() {
        for event in run.events_of(index) {
            let fill = match band_of(event) {
                Some(Band::Start) => "#b2f2bb",
                Some(Band::End) => "#a5d8ff",
                Some(Band::Broken) => "#ffc9c9",
                None => continue,
            };
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{TOP}\" width=\"{STEP_WIDTH}\" height=\"{}\" fill=\"{fill}\"/>",
                x_of(index),
                lanes.len() * LANE_HEIGHT
            );
        }
    }
    for (index, step) in run.steps().iter().enumerate() {
        let (lane, kind) = lane_of(step.action, workers, requesters);
        let colour = lanes[lane].1;
        let opacity = if index < run.cursor() { "1" } else { "0.35" };
        let stroke = match kind {
            "timeout" | "cancel" => " stroke=\"#c92a2a\" stroke-width=\"2\"",
            _ => "",
        };
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" \
             fill-opacity=\"{opacity}\"{stroke}><title>{}</title></rect>",
            x_of(index),
            TOP + lane * LANE_HEIGHT + 2,
            STEP_WIDTH - 1,
            LANE_HEIGHT - 4,
            xml(&format!(
                "step {}: {} ({} → {}). {}",
                index + 1,
                schedule::token(step.action),
                step.from,
                step.to,
                run.narration_of(index)
            ))
        );
    }
    let _ = writeln!(
        svg,
        "<rect x=\"{}\" y=\"{TOP}\" width=\"2\" height=\"{}\" fill=\"#212529\"/>\n</svg>",
        x_of(run.cursor()).saturating_sub(1),
        lanes.len() * LANE_HEIGHT
    );
    svg
}

/// Whether an event reads or writes the shared `TraceStatus` (the flag,
/// the barriers, the Notify or the result slot).
fn touches_trace_status(event: &Event) -> bool {
    matches!(
        event,
        Event::FlagLoaded { .. }
            | Event::BarrierArrived { .. }
            | Event::BarrierCompleted { .. }
            | Event::BarrierLeft { .. }
            | Event::TimedOut { .. }
            | Event::Stashed { .. }
            | Event::ResultNotified { .. }
            | Event::FlagCas { .. }
            | Event::FlagStored { .. }
            | Event::SlotTaken { .. }
            | Event::PermitConsumed { .. }
            | Event::WaitQueued { .. }
            | Event::WaitWoken { .. }
    )
}

/// Makes text safe as a Mermaid message: one line, without the characters
/// Mermaid reads as syntax (`;` ends a statement, `#` starts an entity,
/// `%%` a comment, `<` and `>` may be taken for HTML or arrows).
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ';' => out.push(','),
            '#' => out.push_str("no. "),
            '%' => out.push_str(" percent"),
            '<' | '>' | '{' | '}' | '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// The recorded run as a Mermaid `sequenceDiagram`: participants `W0..`,
/// `R0..` and `TraceStatus`; one message per step, from the actor to
/// `TraceStatus` when the step touched it (to itself otherwise), and a note
/// when the user released a task.
pub fn mermaid(run: &Run) -> String {
    let model = run.model();
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(
        out,
        "    %% Rendezvous: {} ({}), schedule: {}",
        mermaid_text(&model.scenario().name),
        model.variant().name(),
        mermaid_text(&run.schedule())
    );
    for index in 0..model.worker_count() {
        let _ = writeln!(out, "    participant W{index}");
    }
    for index in 0..model.requester_count() {
        let _ = writeln!(out, "    participant R{index}");
    }
    out.push_str("    participant TraceStatus\n");
    for (index, step) in run.steps().iter().enumerate() {
        let text = mermaid_text(&format!(
            "{}. {} {}",
            index + 1,
            schedule::token(step.action),
            run.narration_of(index)
        ));
        let actor = match step.action {
            Move::Worker(i) | Move::Timeout(i) | Move::Wake(i) => format!("W{i}"),
            Move::Requester(i) | Move::Cancel(i) => format!("R{i}"),
            _ => {
                let _ = writeln!(out, "    Note over TraceStatus: {text}");
                continue;
            }
        };
        let target = if run.events_of(index).iter().any(touches_trace_status) {
            "TraceStatus"
        } else {
            actor.as_str()
        };
        let _ = writeln!(out, "    {actor}->>{target}: {text}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::scenario::BUILTINS;
    use rendezvous_core::{Policy, Scenario};

    fn finished(name: &str) -> Run {
        let scenario = Scenario::builtin(name, None).unwrap();
        let mut policy = Policy::for_scenario(&scenario).unwrap();
        let variant = scenario.variant;
        let mut run = Run::new(scenario, variant, Default::default()).unwrap();
        run.run_to_end(&mut policy, 300).unwrap();
        run.seek(run.len() / 2);
        run
    }

    /// Every line of a diagram is one of the statements this module
    /// writes, with a message free of Mermaid syntax.
    fn assert_valid_mermaid(text: &str, participants: &[String]) {
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("sequenceDiagram"));
        for line in lines {
            let line = line.strip_prefix("    ").expect("indented");
            if line.starts_with("%% ") {
                continue;
            }
            if let Some(name) = line.strip_prefix("participant ") {
                assert!(participants.iter().any(|p| p == name), "{line}");
                continue;
            }
            let (head, message) = line.split_once(": ").expect("a message");
            assert!(!message.is_empty(), "{line}");
            for forbidden in [';', '#', '<', '>', '{', '}', '%'] {
                assert!(!message.contains(forbidden), "{line}");
            }
            if let Some(over) = head.strip_prefix("Note over ") {
                assert!(participants.iter().any(|p| p == over), "{line}");
                continue;
            }
            let (from, to) = head.split_once("->>").expect("an arrow");
            assert!(participants.iter().any(|p| p == from), "{line}");
            assert!(participants.iter().any(|p| p == to), "{line}");
        }
    }

    #[test]
    fn every_builtin_makes_a_valid_sequence_diagram() {
        for entry in BUILTINS {
            let run = finished(entry.name);
            let text = mermaid(&run);
            let model = run.model();
            let participants: Vec<String> = (0..model.worker_count())
                .map(|i| format!("W{i}"))
                .chain((0..model.requester_count()).map(|i| format!("R{i}")))
                .chain(["TraceStatus".to_owned()])
                .collect();
            assert_valid_mermaid(&text, &participants);
            let messages = text.lines().filter(|line| line.contains(": ")).count();
            // One message per step, plus the comment line.
            assert_eq!(messages, run.len() + 1, "{}", entry.name);
        }
    }

    #[test]
    fn the_diagram_names_the_protocol_objects() {
        let text = mermaid(&finished("quiet-runtime"));
        assert!(text.contains("    participant W0\n"));
        assert!(text.contains("    participant R0\n"));
        assert!(text.contains("R0->>TraceStatus: 1. r0 "), "{text}");
    }

    #[test]
    fn the_svg_is_a_standalone_document_with_a_mark_per_step() {
        for entry in BUILTINS {
            let run = finished(entry.name);
            let svg = timeline_svg(&run);
            assert!(svg.starts_with("<?xml"));
            assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(svg.trim_end().ends_with("</svg>"));
            assert_eq!(svg.matches("<title>").count(), run.len() + 1);
            // Balanced: every element opened is closed.
            assert_eq!(
                svg.matches("<title>").count(),
                svg.matches("</title>").count()
            );
            assert!(!svg.contains("& "), "unescaped ampersand");
        }
    }

    #[test]
    fn mermaid_text_drops_syntax() {
        assert_eq!(mermaid_text("a; b #1 <x> 50%"), "a, b no. 1  x  50 percent");
    }
}
