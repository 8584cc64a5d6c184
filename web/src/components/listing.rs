//! The protocol as pseudo-code beside the stage, one line per label, with
//! a cursor for every actor on the line it is at.
//!
//! The pseudo-code is our own summary of PROTOCOL.md section 3, written for
//! this page; lines change with the variant where the variant changes the
//! protocol.

use crate::state::Playground;
use crate::view;
use rendezvous_core::Variant;
use yew::prelude::*;

/// One line of the listing: a label (empty for a heading) and its text.
struct Line {
    label: &'static str,
    code: &'static str,
}

const fn line(label: &'static str, code: &'static str) -> Line {
    Line { label, code }
}

fn requester_lines(variant: Variant) -> Vec<Line> {
    let nudge = if variant.nudges() {
        "  wake every parked worker"
    } else {
        "  (no-nudge: nobody is woken)"
    };
    vec![
        line("", "fn dump() -> Dump {"),
        line(
            "Cas",
            if variant.uses_cas() {
                "  won = swap requested: false → true"
            } else {
                "  requested = true   // plain store"
            },
        ),
        line("Backoff", "  lost? { wake all; yield; retry Cas }"),
        line("Take", "  got = take(lock(result)); some? → Clear"),
        line("Nudge", nudge),
        line("Wait", "  await result_ready; → Take"),
        line(
            "Clear",
            if variant.uses_cas() {
                "  swap requested: true → false"
            } else {
                "  requested = false  // plain store"
            },
        ),
        line("ClearBackoff", "  lost? { wake all; yield; retry Clear }"),
        line("Done", "  return got"),
        line("Cancelled", "  (inline-dump: stopped with its caller)"),
        line("", "}"),
    ]
}

fn worker_lines(variant: Variant) -> Vec<Line> {
    vec![
        line("", "loop {  // each worker"),
        line("Top", "  traced? → TraceBegin; tick += 1"),
        line(
            "Maintenance",
            if variant.maintenance_checks_flag() {
                "  every k ticks: traced |= load(requested)"
            } else {
                "  every k ticks: (flag not looked at)"
            },
        ),
        line("Next", "  task = own queue | injection | steal"),
        line("Poll", "  run task: yield, finish or block"),
        line("ParkCheck", "  no work and not traced? park"),
        line("Parked", "  sleep until an unpark token"),
        line(
            "ParkMaintenance",
            "  traced |= load(requested); idle? sleep",
        ),
        line("", "}"),
        line("", "trace_core {"),
        line("TraceBegin", "  traced = false"),
        line("StartArrive", "  arrive at trace_start; last? lead"),
        line(
            "StartWait",
            match variant {
                Variant::NoTimeout => "  wait for release (no timeout)",
                Variant::Tokio => "  wait; timeout leaves count raised",
                _ => "  wait; timeout takes arrival back",
            },
        ),
        line("Trace", "  leader: record one task per step"),
        line("Stash", "  lock(result) = dump"),
        line(
            "NotifyResult",
            if variant.notify_one() {
                "  result_ready.notify_one()"
            } else {
                "  result_ready.notify_waiters()"
            },
        ),
        line(
            "EndArrive",
            if variant.has_end_barrier() {
                "  arrive at trace_end"
            } else {
                "  (no-end-barrier: skipped)"
            },
        ),
        line("EndWait", "  wait until all arrived"),
        line("", "}"),
    ]
}

/// A rendered line: its text, label and the actors' cursors on it. Each
/// line is a component of its own, so a step redraws only the lines whose
/// cursors moved.
#[derive(Properties, PartialEq)]
struct RowProps {
    label: &'static str,
    code: &'static str,
    /// Each cursor's name and colour class.
    cursors: Vec<(String, String)>,
}

#[component]
fn Row(row: &RowProps) -> Html {
    html! {
        <li class={classes!((!row.cursors.is_empty()).then_some("current"))} data-label={row.label}>
            <span class="cursors">
                { for row.cursors.iter().map(|(name, colour)| html! {
                    <span class={classes!("cursor", colour.clone())}>{ name }</span>
                }) }
            </span>
            <span class="label">{ row.label }</span>
            <code>{ row.code }</code>
        </li>
    }
}

fn render(lines: Vec<Line>, actors: &[(String, String, &'static str)]) -> Html {
    html! {
        <ol class="code">
            { for lines.into_iter().map(|line| {
                let cursors: Vec<(String, String)> = actors
                    .iter()
                    .filter(|(_, _, label)| !line.label.is_empty() && *label == line.label)
                    .map(|(name, colour, _)| (name.clone(), colour.clone()))
                    .collect();
                html! { <Row label={line.label} code={line.code} {cursors} /> }
            }) }
        </ol>
    }
}

/// The listing.
pub fn listing(playground: &Playground) -> Html {
    let run = playground.run();
    let state = run.state();
    let variant = run.model().variant();
    let workers: Vec<(String, String, &'static str)> = state
        .workers
        .iter()
        .enumerate()
        .map(|(index, worker)| {
            (
                format!("W{index}"),
                view::worker_colour(index),
                worker.pc.label(),
            )
        })
        .collect();
    let requesters: Vec<(String, String, &'static str)> = state
        .requesters
        .iter()
        .enumerate()
        .map(|(index, requester)| {
            (
                format!("R{index}"),
                view::requester_colour(index),
                requester.pc.label(),
            )
        })
        .collect();
    html! {
        <section class="listing" aria-label="The protocol">
            <h2 class="lane-title">{ "The protocol" }</h2>
            <p class="hint">{ "Our pseudo-code of each actor's steps; a tag marks where each actor is." }</p>
            { render(requester_lines(variant), &requesters) }
            { render(worker_lines(variant), &workers) }
        </section>
    }
}
