//! The protocol as pseudo-code beside the stage: one line per label of
//! every kind of actor the run has, a cursor for every actor on the line
//! it is at, and beside each step links to its lines in Tokio 1.54.1.
//!
//! The pseudo-code ([`lines`]) is our own summary of PROTOCOL.md, written
//! for this page; the links ([`tokio_links`]) point at the real source, so
//! a reader can hold the page and Tokio side by side.

mod lines;
mod tokio_links;

use crate::state::Playground;
use crate::view;
use lines::{Kind, Shown};
use rendezvous_core::Run;
use yew::prelude::*;

/// A cursor: the actor's name, its colour class, and the label it is at.
type Cursor = (String, String, &'static str);

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
    let label = row.label;
    html! {
        <li class={classes!((!row.cursors.is_empty()).then_some("current"))} data-label={label}>
            <span class="cursors">
                { for row.cursors.iter().map(|(name, colour)| html! {
                    <span class={classes!("cursor", colour.clone())}>{ name }</span>
                }) }
            </span>
            <span class="label">{ label }</span>
            <code>{ row.code }</code>
            <span class="src">
                { for tokio_links::links(label).map(|link| {
                    let place = tokio_links::place(link);
                    html! {
                        <a href={tokio_links::url(link)} target="_blank" rel="noopener"
                            aria-label={format!("Tokio 1.54.1 source for {label}: {place}")}>
                            { place }
                        </a>
                    }
                }) }
            </span>
        </li>
    }
}

fn render(block: lines::Block, actors: &[(Kind, Cursor)]) -> Html {
    html! {
        <ol class="code">
            { for block.lines.into_iter().map(|line| {
                let cursors: Vec<(String, String)> = actors
                    .iter()
                    .filter(|(kind, (_, _, label))| {
                        *kind == block.kind && !line.label.is_empty() && *label == line.label
                    })
                    .map(|(_, (name, colour, _))| (name.clone(), colour.clone()))
                    .collect();
                html! { <Row label={line.label} code={line.code} {cursors} /> }
            }) }
        </ol>
    }
}

/// What the listing shows for `run`: its variant and the kinds of actor
/// its scenario has.
fn shown(run: &Run) -> Shown {
    let model = run.model();
    let scenario = model.scenario();
    Shown {
        variant: model.variant(),
        searching: model.searching(),
        callers: !scenario.callers.is_empty(),
        spawners: !scenario.spawners.is_empty(),
        wakers: scenario.tasks.iter().any(|task| task.outside_wake),
        dropper: scenario.dropper.is_some(),
    }
}

/// Every actor's cursor in `run`'s current state, with its kind.
fn cursors(run: &Run) -> Vec<(Kind, Cursor)> {
    let state = run.state();
    let mut cursors = Vec::new();
    let mut outside =
        |kind, name: String, label| cursors.push((kind, (name, "actor-user".to_owned(), label)));
    for (index, caller) in state.callers.iter().enumerate() {
        outside(Kind::Caller, format!("C{index}"), caller.pc.label());
    }
    for (index, spawner) in state.spawners.iter().enumerate() {
        outside(Kind::Spawner, format!("S{index}"), spawner.pc.label());
    }
    for (index, task) in run.model().scenario().tasks.iter().enumerate() {
        if let (true, Some(pc)) = (task.outside_wake, state.wakers.get(index)) {
            outside(Kind::Waker, format!("t{index}"), pc.label());
        }
    }
    if let Some(pc) = state.dropper {
        outside(Kind::Dropper, "D".to_owned(), pc.label());
    }
    for (index, requester) in state.requesters.iter().enumerate() {
        let cursor = (
            format!("R{index}"),
            view::requester_colour(index),
            requester.pc.label(),
        );
        cursors.push((Kind::Requester, cursor));
    }
    for (index, worker) in state.workers.iter().enumerate() {
        let cursor = (
            format!("W{index}"),
            view::worker_colour(index),
            worker.pc.label(),
        );
        cursors.push((Kind::Worker, cursor));
    }
    cursors
}

/// The listing.
pub fn listing(playground: &Playground) -> Html {
    let run = playground.run();
    let actors = cursors(run);
    html! {
        <section class="listing" aria-label="The protocol" data-testid="listing">
            <h2 class="lane-title">{ "The protocol" }</h2>
            <p class="hint">{ "Our pseudo-code of each actor's steps, a tag where each actor is, and links to Tokio 1.54.1's source." }</p>
            { for lines::blocks(shown(run)).into_iter().map(|block| render(block, &actors)) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::lines::{blocks, Kind, Shown};
    use super::tokio_links;
    use rendezvous_core::state::{CallerPc, DropperPc, RequesterPc, SpawnerPc, WakerPc, WorkerPc};
    use rendezvous_core::Variant;

    /// The labels of every value of a program-counter enum. The match
    /// stops compiling when the core gains a value this list lacks.
    macro_rules! every {
        ($ty:ident: $($pc:ident),+ $(,)?) => {{
            fn _exhaustive(pc: $ty) {
                match pc {
                    $($ty::$pc)|+ => {}
                }
            }
            vec![$($ty::$pc.label()),+]
        }};
    }

    /// Every label the core can produce, with the kind of actor that has it.
    fn labels() -> Vec<(Kind, &'static str)> {
        let kinds = [
            (
                Kind::Requester,
                every!(RequesterPc: Cas, Backoff, Take, Nudge, Wait, Clear, ClearBackoff, Done,
                    Cancelled, NotStarted),
            ),
            (
                Kind::Caller,
                every!(CallerPc: CallStart, CallWait, CallDone),
            ),
            (
                Kind::Worker,
                every!(WorkerPc: Top, Maintenance, Next, Search, PollBegin, PollEnd, ParkCheck,
                    LastSearcherCheck, Parked, ParkMaintenance, FromParked, TraceBegin,
                    StartArrive, StartWait, Gather, Collect, Unlock, TracePoll, Reschedule,
                    OwnedLockWait, Stash, NotifyResult, EndArrive, EndWait, PreShutdown,
                    ShutdownCore, Exited, Panicked),
            ),
            (
                Kind::Spawner,
                every!(SpawnerPc: SpawnWait, SpawnBind, SpawnPush, SpawnNotify, SpawnDone),
            ),
            (Kind::Waker, every!(WakerPc: WakePush, WakeNotify, WakeDone)),
            (
                Kind::Dropper,
                every!(DropperPc: DropWait, Close, Join, Joined),
            ),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, labels)| labels.into_iter().map(move |label| (kind, label)))
            .collect()
    }

    /// The steps with no code of their own in Tokio 1.54.1: start
    /// conditions, terminal states, a what-if, a caller's round not yet
    /// started, and `[Reschedule]`, which only 1.29–1.32 have.
    const NO_CODE: [&str; 10] = [
        "Cancelled",
        "NotStarted",
        "CallDone",
        "Reschedule",
        "Exited",
        "SpawnWait",
        "SpawnDone",
        "WakeDone",
        "DropWait",
        "Joined",
    ];

    /// A scenario with every kind of actor.
    fn everything(variant: Variant, searching: bool) -> Shown {
        Shown {
            variant,
            searching,
            callers: true,
            spawners: true,
            wakers: true,
            dropper: true,
        }
    }

    /// The labels of `shown`'s lines of kind `kind`, in order.
    fn shown_labels(shown: Shown, kind: Kind) -> Vec<&'static str> {
        blocks(shown)
            .into_iter()
            .filter(|block| block.kind == kind)
            .flat_map(|block| block.lines)
            .map(|line| line.label)
            .filter(|label| !label.is_empty())
            .collect()
    }

    /// The code of the line labelled `label` under `variant`.
    fn code(variant: Variant, label: &str) -> &'static str {
        blocks(everything(variant, true))
            .into_iter()
            .flat_map(|block| block.lines)
            .find(|line| line.label == label)
            .unwrap_or_else(|| panic!("no line {label} under {variant}"))
            .code
    }

    #[test]
    fn every_label_the_core_can_produce_has_one_line() {
        let all = labels();
        for variant in Variant::ALL {
            for searching in [true, false] {
                let shown = everything(variant, searching);
                for &(kind, label) in &all {
                    let possible = match label {
                        "Reschedule" => variant.switches().poll_under_lock,
                        "Cancelled" => variant.requester_inline(),
                        _ => true,
                    };
                    let lines = shown_labels(shown, kind);
                    let count = lines.iter().filter(|&&shown| shown == label).count();
                    assert_eq!(count, usize::from(possible), "{label} under {variant}");
                }
                for block in blocks(shown) {
                    for line in block.lines.iter().filter(|line| !line.label.is_empty()) {
                        assert!(
                            all.contains(&(block.kind, line.label)),
                            "{} is no label of {:?}",
                            line.label,
                            block.kind
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn outside_actors_and_shutdown_show_only_when_the_scenario_has_them() {
        let shown = Shown {
            variant: Variant::Tokio154,
            searching: true,
            callers: false,
            spawners: false,
            wakers: false,
            dropper: false,
        };
        let kinds: Vec<Kind> = blocks(shown).iter().map(|block| block.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Requester, Kind::Worker, Kind::Worker, Kind::Worker]
        );
        let workers = shown_labels(shown, Kind::Worker);
        for label in ["PreShutdown", "ShutdownCore", "Exited"] {
            assert!(!workers.contains(&label), "{label}");
        }
        assert!(workers.contains(&"Panicked"));
        assert!(!shown_labels(shown, Kind::Requester).contains(&"NotStarted"));
    }

    #[test]
    fn every_step_tokio_has_links_to_it_and_every_link_to_a_step() {
        let all = labels();
        for &(_, label) in &all {
            let linked = tokio_links::links(label).next().is_some();
            assert_eq!(linked, !NO_CODE.contains(&label), "{label}");
        }
        for &(label, ..) in &tokio_links::LINKS {
            assert!(all.iter().any(|&(_, known)| known == label), "{label}");
        }
    }

    #[test]
    fn lines_change_with_the_switches() {
        assert_ne!(
            code(Variant::Tokio133, "Collect"),
            code(Variant::Tokio, "Collect")
        );
        assert_ne!(
            code(Variant::Tokio, "Collect"),
            code(Variant::Tokio154, "Collect")
        );
        assert_ne!(
            code(Variant::Tokio133, "Gather"),
            code(Variant::Tokio, "Gather")
        );
        assert_ne!(
            code(Variant::Tokio, "Gather"),
            code(Variant::Tokio151Lifo, "Gather")
        );
        assert_ne!(
            code(Variant::Tokio, "Search"),
            code(Variant::Tokio151Lifo, "Search")
        );
        assert_ne!(
            code(Variant::Tokio, "FromParked"),
            code(Variant::IdleFix, "FromParked")
        );
        assert_eq!(
            code(Variant::IdleFix, "FromParked"),
            code(Variant::Tokio154, "FromParked")
        );
        assert_ne!(
            code(Variant::Tokio, "StartWait"),
            code(Variant::Fixed, "StartWait")
        );
        assert_ne!(
            code(Variant::Fixed, "StartWait"),
            code(Variant::NoTimeout, "StartWait")
        );
        assert_ne!(
            code(Variant::Tokio, "Cas"),
            code(Variant::PlainStore, "Cas")
        );
        assert_ne!(
            code(Variant::Tokio129, "Unlock"),
            code(Variant::Tokio133, "Unlock")
        );
        let unlocked = shown_labels(everything(Variant::Tokio133, true), Kind::Worker);
        let position = |label| unlocked.iter().position(|&shown| shown == label);
        assert!(position("Unlock") < position("TracePoll"));
        let locked = shown_labels(everything(Variant::Tokio129, true), Kind::Worker);
        let position = |label| locked.iter().position(|&shown| shown == label);
        assert!(position("Reschedule") < position("Unlock"));
    }
}
