//! `rendezvous run … --frames DIR`: one SVG per moment of the run (step 0,
//! then after each step), for slides of a dump step by step.
//!
//! Each frame draws what the page's stage shows at that cursor, simplified
//! for a slide: the step's sentence, `TraceStatus` (the flag, both
//! barriers, `result_ready`, `trace_result`), every requester and every
//! worker with what it polls and queues, and the properties broken there.
//! Workers and requesters a broken property involves are outlined in red.

use rendezvous_core::figures::plural;
use rendezvous_core::markup::escape;
use rendezvous_core::property;
use rendezvous_core::state::{BarrierId, State};
use rendezvous_core::{Property, Run};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A frame's width and height, in SVG units (16:9).
const WIDTH: usize = 1280;
const HEIGHT: usize = 720;
/// The most characters of narration on one line of a frame.
const LINE: usize = 110;

/// Writes `DIR/step-0000.svg` (the start) to `DIR/step-NNNN.svg` (after the
/// last step), creating `DIR`; returns the files written. Frames an earlier,
/// longer run left in `DIR` (files named `step-` and four or more digits
/// and `.svg`, past this run's last) are removed, so the folder holds one
/// run's slides; no other file is touched. Leaves the run's cursor where
/// it found it.
pub fn write_frames(run: &mut Run, folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(folder)?;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let stale = entry
            .file_name()
            .to_str()
            .and_then(frame_number)
            .is_some_and(|step| step > run.len());
        if stale && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    let cursor = run.cursor();
    let mut written = Vec::with_capacity(run.len() + 1);
    for step in 0..=run.len() {
        run.seek(step);
        let path = folder.join(format!("step-{step:04}.svg"));
        std::fs::write(&path, frame(run))?;
        written.push(path);
    }
    run.seek(cursor);
    Ok(written)
}

/// The step of a frame's file name (`step-0042.svg` is 42); `None` for any
/// other name.
fn frame_number(name: &str) -> Option<usize> {
    let digits = name.strip_prefix("step-")?.strip_suffix(".svg")?;
    if digits.len() < 4 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The frame of the run at its cursor.
pub fn frame(run: &Run) -> String {
    let state = run.state();
    let model = run.model();
    let cursor = run.cursor();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" font-family=\"system-ui, sans-serif\">\n\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f6f7f9\"/>\n"
    );
    let title = format!(
        "{} · {} · step {cursor} of {}",
        model.scenario().name,
        model.variant(),
        run.len()
    );
    text(&mut svg, 24, 40, 26, "700", "#1d2330", &title);
    let sentence = match cursor {
        0 => "The start: nothing has happened yet.".to_owned(),
        _ => format!("Step {cursor}: {}", run.narration_of(cursor - 1)),
    };
    for (line, words) in wrap(&sentence, LINE).iter().take(3).enumerate() {
        text(&mut svg, 24, 74 + 24 * line, 18, "400", "#1d2330", words);
    }

    // TraceStatus.
    let top = 150;
    text(&mut svg, 24, top - 8, 16, "700", "#5d6778", "TraceStatus");
    let boxes = [
        (
            "trace_requested",
            vec![state.trace_requested.to_string()],
            state.trace_requested,
        ),
        barrier_lines(run, BarrierId::TraceStart),
        barrier_lines(run, BarrierId::TraceEnd),
        (
            "result_ready",
            vec![
                if state.result_ready.permit {
                    "permit stored"
                } else {
                    "no permit"
                }
                .to_owned(),
                match state.result_ready.waiters.len() {
                    0 => "nobody waits".to_owned(),
                    _ => format!(
                        "waiting: {}",
                        state
                            .result_ready
                            .waiters
                            .iter()
                            .map(|index| format!("R{index}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                },
            ],
            false,
        ),
        (
            "trace_result",
            vec![match &state.trace_result {
                Some(dump) => plural(dump.entries.len() as u64, "task", "tasks"),
                None => "empty".to_owned(),
            }],
            state.trace_result.is_some(),
        ),
    ];
    let width = (WIDTH - 48 - 4 * 12) / boxes.len();
    for (index, (name, lines, lit)) in boxes.iter().enumerate() {
        let x = 24 + index * (width + 12);
        let fill = if *lit { "#fff3c4" } else { "#ffffff" };
        card(&mut svg, x, top, width, 96, fill, "#d5dae3");
        text(&mut svg, x + 10, top + 24, 16, "700", "#1d2330", name);
        for (line, words) in lines.iter().enumerate() {
            text(
                &mut svg,
                x + 10,
                top + 50 + 20 * line,
                14,
                "400",
                "#5d6778",
                words,
            );
        }
    }

    // Requesters, then workers.
    let offenders = property::offenders(state);
    let row = top + 130;
    text(&mut svg, 24, row - 8, 16, "700", "#5d6778", "Requesters");
    let columns = 4;
    let width = (WIDTH - 48 - (columns - 1) * 12) / columns;
    for (index, requester) in state.requesters.iter().enumerate().take(columns) {
        let x = 24 + index * (width + 12);
        card(&mut svg, x, row, width, 78, "#ffffff", "#d5dae3");
        let title = format!("R{index}  {}", requester.pc.label());
        text(&mut svg, x + 10, row + 24, 16, "700", "#1d2330", &title);
        let dump = match &requester.dump {
            Some(dump) => format!(
                "holds a dump of {}",
                plural(dump.entries.len() as u64, "task", "tasks")
            ),
            None => "no dump yet".to_owned(),
        };
        text(&mut svg, x + 10, row + 50, 14, "400", "#5d6778", &dump);
    }
    let row = row + 112;
    text(&mut svg, 24, row - 8, 16, "700", "#5d6778", "Workers");
    for (index, worker) in state.workers.iter().enumerate().take(2 * columns) {
        let x = 24 + (index % columns) * (width + 12);
        let y = row + (index / columns) * 112;
        let stroke = if offenders.contains(index) {
            "#cf2e2e"
        } else {
            "#d5dae3"
        };
        card(&mut svg, x, y, width, 100, "#ffffff", stroke);
        let title = format!("W{index}  {}", worker.pc.label());
        text(&mut svg, x + 10, y + 24, 16, "700", "#1d2330", &title);
        let polls = match worker.running {
            Some(task) => format!("polls t{task} {}", model.task_name(task)),
            None => "polls nothing".to_owned(),
        };
        text(&mut svg, x + 10, y + 50, 14, "400", "#1d2330", &polls);
        let queue: Vec<String> = worker.local.iter().map(|task| format!("t{task}")).collect();
        let queue = match queue.len() {
            0 => "local queue: empty".to_owned(),
            _ => format!("local queue: {}", queue.join(" ")),
        };
        text(&mut svg, x + 10, y + 74, 14, "400", "#5d6778", &queue);
    }

    // What is broken here.
    let broken: Vec<&str> = Property::SAFETY
        .iter()
        .filter(|&&property| run.broken_now().contains(property))
        .map(|property| property.code())
        .collect();
    let footer = match broken.len() {
        0 => "No property is broken here.".to_owned(),
        _ => format!("Broken here: {}", broken.join(", ")),
    };
    let colour = if broken.is_empty() {
        "#1d8a4e"
    } else {
        "#cf2e2e"
    };
    text(&mut svg, 24, HEIGHT - 24, 18, "700", colour, &footer);
    svg.push_str("</svg>\n");
    svg
}

/// A barrier's box: its name, its count and who waits there.
fn barrier_lines(run: &Run, id: BarrierId) -> (&'static str, Vec<String>, bool) {
    let state: &State = run.state();
    let barrier = state.barrier(id);
    let workers = run.model().worker_count();
    let name = match id {
        BarrierId::TraceStart => "trace_start",
        BarrierId::TraceEnd => "trace_end",
    };
    let count = format!(
        "{} of {workers} · generation {}",
        barrier.count, barrier.generation
    );
    (name, vec![count], barrier.count > 0)
}

fn card(
    svg: &mut String,
    x: usize,
    y: usize,
    width: usize,
    height: usize,
    fill: &str,
    stroke: &str,
) {
    let _ = writeln!(
        svg,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" rx=\"8\" \
         fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>"
    );
}

fn text(svg: &mut String, x: usize, y: usize, size: usize, weight: &str, fill: &str, words: &str) {
    let _ = writeln!(
        svg,
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\">{}</text>",
        escape(words)
    );
}

/// Words joined into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::{schedule, Policy, Scenario};

    #[test]
    fn one_frame_per_moment_and_the_leak_is_drawn() {
        let scenario = Scenario::builtin("wedged-worker", None).unwrap();
        let variant = scenario.variant;
        let mut run = Run::new(scenario, variant, Default::default()).unwrap();
        let moves = schedule::parse(
            "w0 w1 r0 w0 w1 r0 w0 w1 r0 w0 r0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 \
             w0:timeout w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0",
        )
        .unwrap();
        run.run_to_end(&mut Policy::replay(moves), 100).unwrap();
        let folder = std::env::temp_dir().join(format!("rendezvous-frames-{}", std::process::id()));
        let written = write_frames(&mut run, &folder).unwrap();
        assert_eq!(written.len(), run.len() + 1);
        assert_eq!(run.cursor(), run.len(), "the cursor is left alone");
        let first = std::fs::read_to_string(&written[0]).unwrap();
        assert!(first.starts_with("<svg") && first.contains("step 0 of 40"));
        assert!(first.contains("No property is broken here."));
        let last = std::fs::read_to_string(written.last().unwrap()).unwrap();
        assert!(last.contains("Broken here: S1"), "{last}");
        assert!(last.contains("#cf2e2e"), "the offenders are outlined");
        assert!(last.contains("Step 40: W0 arrives at trace_start"));
        // A shorter run into the same folder leaves only its own frames,
        // and no file of another name is touched.
        std::fs::write(folder.join("notes.txt"), "kept").unwrap();
        let scenario = Scenario::builtin("wedged-worker", None).unwrap();
        let mut short = Run::new(scenario, variant, Default::default()).unwrap();
        short
            .run_to_end(
                &mut Policy::replay(schedule::parse("w0 w1 r0").unwrap()),
                100,
            )
            .unwrap();
        assert_eq!(write_frames(&mut short, &folder).unwrap().len(), 4);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "notes.txt",
                "step-0000.svg",
                "step-0001.svg",
                "step-0002.svg",
                "step-0003.svg"
            ]
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn only_frame_names_are_read_as_frames() {
        assert_eq!(frame_number("step-0042.svg"), Some(42));
        assert_eq!(frame_number("step-12345.svg"), Some(12345));
        assert_eq!(frame_number("step-042.svg"), None);
        assert_eq!(frame_number("step-00a1.svg"), None);
        assert_eq!(frame_number("step-0001.png"), None);
        assert_eq!(frame_number("notes.txt"), None);
    }

    #[test]
    fn text_is_escaped_and_wrapped() {
        assert_eq!(escape("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
    }
}
