//! The protocol's story told by two pinned runs: the quiet runtime's
//! rendezvous in order, and the leaky barrier of PROTOCOL.md section 5.1.

mod common;

use rendezvous_core::event::{Event, NotifyOutcome, TimeoutOutcome};
use rendezvous_core::state::{BarrierId, Location, RequesterPc};
use rendezvous_core::{schedule, Policy, Property, Run, Scenario, Status, Variant};

/// The index of the first event (counting across the whole run) that
/// `matches` accepts, and the step (1-based) it belongs to.
fn first_event(run: &Run, matches: impl Fn(&Event) -> bool) -> Option<(usize, usize)> {
    let mut counted = 0;
    for index in 0..run.len() {
        for event in run.events_of(index) {
            if matches(event) {
                return Some((counted, index + 1));
            }
            counted += 1;
        }
    }
    None
}

#[test]
fn quiet_runtime_runs_the_rendezvous_in_protocol_order() {
    let run = common::default_run("quiet-runtime", 10_000);
    let workers = run.model().worker_count() as u8;
    let milestone = |name: &str, matches: &dyn Fn(&Event) -> bool| {
        first_event(&run, matches)
            .unwrap_or_else(|| panic!("the quiet runtime never reaches `{name}`"))
            .0
    };

    let flag_set = milestone("flag set by CAS", &|event| {
        matches!(
            event,
            Event::FlagCas {
                requester: 0,
                to: true,
                won: true
            }
        )
    });
    // The leader is the last worker to arrive at trace_start.
    let last_start_arrival = milestone("last arrival at trace_start", &|event| {
        matches!(event, Event::BarrierArrived { barrier: BarrierId::TraceStart, count, n, .. }
            if count == n)
    });
    let start_completed = milestone("trace_start completes", &|event| {
        matches!(
            event,
            Event::BarrierCompleted {
                barrier: BarrierId::TraceStart,
                ..
            }
        )
    });
    let stashed = milestone("stash", &|event| matches!(event, Event::Stashed { .. }));
    let notified = milestone("notify", &|event| {
        matches!(
            event,
            Event::ResultNotified {
                outcome: NotifyOutcome::Woke { requester: 0 } | NotifyOutcome::PermitStored,
                ..
            }
        )
    });
    let end_completed = milestone("trace_end completes", &|event| {
        matches!(
            event,
            Event::BarrierCompleted {
                barrier: BarrierId::TraceEnd,
                ..
            }
        )
    });
    let taken = milestone("take", &|event| {
        matches!(
            event,
            Event::SlotTaken {
                requester: 0,
                tasks: Some(_)
            }
        )
    });
    let cleared = milestone("flag cleared", &|event| {
        matches!(
            event,
            Event::FlagCas {
                requester: 0,
                to: false,
                won: true
            }
        )
    });
    let done = milestone("Done", &|event| {
        matches!(
            event,
            Event::DumpReturned {
                requester: 0,
                corrupt: false,
                abandoned: false,
                ..
            }
        )
    });

    // The leader stashes and notifies before it arrives at trace_end, and in
    // this round-robin run the last arrival at trace_end comes before R0,
    // woken, takes the dump.
    let order = [
        ("flag set by CAS", flag_set),
        ("last arrival at trace_start", last_start_arrival),
        ("trace_start completes", start_completed),
        ("stash", stashed),
        ("notify", notified),
        ("trace_end completes", end_completed),
        ("take", taken),
        ("flag cleared", cleared),
        ("Done", done),
    ];
    for pair in order.windows(2) {
        assert!(
            pair[0].1 < pair[1].1,
            "`{}` (event {}) should come before `{}` (event {})",
            pair[0].0,
            pair[0].1,
            pair[1].0,
            pair[1].1
        );
    }

    // Every worker arrives at trace_start once; the leader is the last.
    let arrivals: Vec<u8> = (0..run.len())
        .flat_map(|index| run.events_of(index).iter().copied())
        .filter_map(|event| match event {
            Event::BarrierArrived {
                worker,
                barrier: BarrierId::TraceStart,
                ..
            } => Some(worker),
            _ => None,
        })
        .collect();
    assert_eq!(arrivals.len(), workers as usize);
    let leader = *arrivals.last().expect("someone arrived");
    let completed_by = (0..run.len())
        .flat_map(|index| run.events_of(index).iter().copied())
        .find_map(|event| match event {
            Event::BarrierCompleted {
                leader,
                barrier: BarrierId::TraceStart,
                released,
                ..
            } => Some((leader, released)),
            _ => None,
        })
        .expect("trace_start completes");
    assert_eq!(completed_by.0, leader, "the last arrival leads");
    assert_eq!(
        completed_by.1.iter().count(),
        workers as usize - 1,
        "the leader releases every other worker"
    );
    assert!(run.events_of(0).iter().any(|event| matches!(
        event,
        Event::FlagCas {
            to: true,
            won: true,
            ..
        }
    )));

    // The flag is down, the dump is whole and the run has ended well.
    assert!(!run.state().trace_requested);
    assert_eq!(run.state().requesters[0].pc, RequesterPc::Done);
    let dump = run.state().requesters[0]
        .dump
        .as_ref()
        .expect("R0 holds its dump");
    assert_eq!(dump.leader, leader);
    assert!(dump
        .entries
        .iter()
        .all(|entry| entry.location == Location::Idle));
    assert_eq!(dump.entries.len(), run.model().scenario().tasks.len());
    assert_eq!(run.status(), Status::Finished);
    // Only the idle bookkeeping breaks (PROTOCOL.md 15.3, third caveat): the
    // nudge wakes workers still listed as asleep.
    assert_eq!(only_idle_bookkeeping(&run), Ok(()));
}

/// Whether S6 is the only property the run ever broke.
fn only_idle_bookkeeping(run: &Run) -> Result<(), Vec<Property>> {
    let broken: Vec<Property> = run.moment().ever_broken.iter().collect();
    if broken.iter().all(|&property| property == Property::S6) {
        Ok(())
    } else {
        Err(broken)
    }
}

/// The default round-robin run of `wedged-worker` (2 workers) under
/// Variant::Tokio, up to the step where S1 first breaks (step 40): W0 waits
/// at trace_start, times out at step 24 leaving its arrival counted, sees
/// the flag again at a maintenance tick, and completes the barrier alone
/// (its `[Gather]` starts the walk) while W1 is still wedged. Every step of
/// it is also possible under Variant::Fixed. (Re-pinned for PROTOCOL.md
/// revision 2: the walk and the park path have more steps.)
const WEDGED_TO_S1: &str = "w0 w1 r0 w0 w1 r0 w0 w1 r0 w0 r0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 \
     w0:timeout w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0";

/// The same run on to the step where R0 takes the (corrupt) dump.
const WEDGED_TO_TAKE: &str =
    "w0 w1 r0 w0 w1 r0 w0 w1 r0 w0 r0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 \
     w0:timeout w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 w0 \
     w0 w0 w0 w0 w0 w0 r0 w0 r0";

fn wedged_worker() -> Scenario {
    Scenario::builtin("wedged-worker", Some(2)).expect("built-in scenario")
}

#[test]
fn the_pinned_schedule_is_the_default_run_up_to_the_break() {
    let run = common::default_run("wedged-worker", 40);
    let pinned = schedule::parse(WEDGED_TO_S1).expect("pinned schedule parses");
    assert_eq!(run.actions(), pinned);
    let run = common::default_run("wedged-worker", 53);
    assert_eq!(
        run.actions(),
        schedule::parse(WEDGED_TO_TAKE).expect("pinned schedule parses")
    );
}

#[test]
fn tokio_leaky_timeout_breaks_exclusive_tracing() {
    let run = common::replay(wedged_worker(), Variant::Tokio, WEDGED_TO_S1);
    assert_eq!(common::first_break(&run, Property::S1), Some(40));
    assert!(run.broken_now().contains(Property::S1));

    // Step 24: the timeout leaks W0's arrival.
    assert!(run.events_of(23).contains(&Event::TimedOut {
        worker: 0,
        outcome: TimeoutOutcome::Leaked,
        count_left: 1,
    }));
    // Step 40: W0 arrives again and completes trace_start alone, releasing
    // nobody, while W1 is still inside its blocking poll.
    assert!(run.events_of(39).iter().any(|event| matches!(
        event,
        Event::BarrierCompleted {
            leader: 0,
            barrier: BarrierId::TraceStart,
            released,
            ..
        } if released.is_empty()
    )));
    assert_eq!(run.state().workers[1].running, Some(blocking_task(&run)));
}

#[test]
fn tokio_leaky_timeout_returns_a_dump_with_the_blocking_task_running() {
    let run = common::replay(wedged_worker(), Variant::Tokio, WEDGED_TO_TAKE);
    let blocking = blocking_task(&run);
    let last = run.len() - 1;
    assert!(run.events_of(last).iter().any(|event| matches!(
        event,
        Event::SlotTaken {
            requester: 0,
            tasks: Some(_)
        }
    )));
    let dump = run.state().requesters[0]
        .dump
        .as_ref()
        .expect("R0 has taken a dump");
    assert_eq!(dump.leader, 0);
    let entry = dump
        .entries
        .iter()
        .find(|entry| entry.task == blocking)
        .expect("the blocking task is in the dump");
    assert_eq!(entry.location, Location::RunningOn(1));
    assert_eq!(entry.kind, rendezvous_core::state::EntryKind::EmptyTrace);
    assert!(dump.is_corrupt());
}

#[test]
fn fixed_barrier_keeps_tracing_exclusive_on_the_same_schedule() {
    let run = common::replay(wedged_worker(), Variant::Fixed, WEDGED_TO_S1);
    assert_eq!(run.len(), 40);
    assert!(run.events_of(23).contains(&Event::TimedOut {
        worker: 0,
        outcome: TimeoutOutcome::Withdrew,
        count_left: 0,
    }));
    assert_eq!(common::first_break(&run, Property::S1), None);
    assert_eq!(only_idle_bookkeeping(&run), Ok(()));
}

#[test]
fn fixed_barrier_never_breaks_exclusive_tracing_from_there_on() {
    // The longer Tokio schedule stops being possible under Fixed once W0
    // waits at trace_start instead of tracing: replay it as far as it goes,
    // then let round-robin finish the run.
    let actions = schedule::parse(WEDGED_TO_TAKE).expect("pinned schedule parses");
    let mut run = Run::new(wedged_worker(), Variant::Fixed, Default::default()).expect("valid");
    let mut replayed = 0;
    for action in actions {
        if run.step(action).is_err() {
            break;
        }
        replayed += 1;
    }
    assert!(replayed >= 40, "only {replayed} steps replayed under Fixed");
    assert!(
        replayed < 53,
        "the Tokio-only steps were accepted under Fixed"
    );
    run.run_to_end(&mut Policy::RoundRobin, 10_000)
        .expect("round-robin takes enabled steps");
    // W1 stays wedged until the user lets its task go.
    assert_eq!(run.status(), Status::NeedsRelease);
    let blocking = blocking_task(&run);
    run.step(rendezvous_core::Action::Release(blocking))
        .expect("the wedged task can be released");
    run.run_to_end(&mut Policy::RoundRobin, 10_000)
        .expect("round-robin takes enabled steps");
    assert_eq!(common::first_break(&run, Property::S1), None);
    assert_eq!(only_idle_bookkeeping(&run), Ok(()));
    // Both workers timed out and parked without reading the flag again:
    // the hang after timeouts of PROTOCOL.md section 5.3. No corrupt dump
    // was ever returned.
    assert_eq!(run.status(), Status::Deadlock);
    assert!(run.state().requesters[0].dump.is_none());
}

fn blocking_task(run: &Run) -> u8 {
    let index = run
        .model()
        .scenario()
        .tasks
        .iter()
        .position(|task| task.name == "blocking-read")
        .expect("wedged-worker has a blocking task");
    index as u8
}
