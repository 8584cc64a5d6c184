//! The built-in scenarios of PROTOCOL.md section 7.

use super::{RequesterSpec, Scenario, TaskKind, TaskSpec};
use crate::variant::Variant;

pub(super) fn idle(name: &str) -> TaskSpec {
    TaskSpec::new(name, TaskKind::Idle, None)
}

pub(super) fn busy(name: &str, polls: u16, worker: usize) -> TaskSpec {
    TaskSpec::new(name, TaskKind::Busy { polls }, Some(worker))
}

pub(super) fn blocking(name: &str, steps: Option<u16>, worker: usize) -> TaskSpec {
    TaskSpec::new(name, TaskKind::Blocking { steps }, Some(worker))
}

pub(super) fn base(name: &str, title: &str, description: &str, workers: usize) -> Scenario {
    Scenario {
        name: name.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        workers,
        tasks: vec![idle("accept-loop"), idle("ticker")],
        requesters: vec![RequesterSpec::default()],
        event_interval: 3,
        timeout_steps: 6,
        variant: Variant::Tokio,
        schedule: None,
        spawners: Vec::new(),
        callers: Vec::new(),
        dropper: None,
        searching: true,
        all_parked: false,
    }
}

/// Every worker but the last runs a busy task; the last is wedged in a
/// blocking poll (the shape of section 5.1). Task sizes are kept small so
/// the checker can explore every interleaving.
pub(super) fn busy_and_wedged(scenario: &mut Scenario, polls: u16, wedged_steps: Option<u16>) {
    let last = scenario.workers - 1;
    for worker in 0..last {
        scenario
            .tasks
            .push(busy(&format!("handler-{worker}"), polls, worker));
    }
    scenario
        .tasks
        .push(blocking("blocking-read", wedged_steps, last));
}

/// Polls of each busy task beside a wedged worker.
const WEDGED_POLLS: u16 = 6;
/// Steps a wedged worker's blocking poll lasts where it ends by itself.
const WEDGED_STEPS: u16 = 4;

pub(super) fn quiet_runtime(workers: usize) -> Scenario {
    base(
        "quiet-runtime",
        "A quiet runtime",
        "Every worker is parked. The requester sets the flag and nudges the workers awake; \
         they meet at trace_start, the last to arrive traces, and the dump comes back through \
         the result slot.",
        workers,
    )
}

pub(super) fn busy_workers(workers: usize) -> Scenario {
    let mut scenario = base(
        "busy-workers",
        "Busy workers",
        "Every worker is running tasks, so none is parked to be nudged: each one sees the flag \
         only at its next maintenance tick.",
        workers,
    );
    for worker in 0..workers {
        scenario
            .tasks
            .push(busy(&format!("job-{worker}"), 4, worker));
    }
    scenario
}

pub(super) fn two_requesters(workers: usize) -> Scenario {
    let mut scenario = base(
        "two-requesters",
        "Two dumps at once",
        "Two callers ask for a dump at the same moment. One wins the compare-and-swap on the \
         flag; the other backs off and retries until the winner clears it.",
        workers,
    );
    scenario.requesters = vec![RequesterSpec::default(), RequesterSpec::default()];
    scenario
}

pub(super) fn early_result(workers: usize) -> Scenario {
    let mut scenario = base(
        "early-result",
        "The result arrives early",
        "The workers are quick: the leader stashes the dump and calls notify_one before the \
         requester has started to wait. Nobody is waiting, so Notify keeps a permit, and the \
         requester's wait consumes it at once.",
        workers,
    );
    // The requester sets the flag, finds the slot empty and nudges. Then
    // every worker wakes, loads the flag, leaves the park loop, enters
    // trace_core and arrives at trace_start (six steps each, in rounds);
    // the last one leads: it gathers, collects the two idle tasks, unlocks,
    // traces them, stashes and notifies (eight steps), all before the
    // requester waits.
    let mut schedule: Vec<String> = vec!["r0".into(), "r0".into(), "r0".into()];
    for _ in 0..6 {
        schedule.extend((0..workers).map(|worker| format!("w{worker}")));
    }
    let leader = workers - 1;
    schedule.extend((0..8).map(|_| format!("w{leader}")));
    scenario.schedule = Some(schedule.join(" "));
    scenario.variant = Variant::Fixed;
    scenario
}

pub(super) fn wedged_worker(workers: usize) -> Scenario {
    let mut scenario = base(
        "wedged-worker",
        "A wedged worker (the real defect)",
        "One worker is stuck inside a blocking poll while the others run busy tasks. A busy \
         worker waits at trace_start, times out, and with the barrier of every Tokio release so far its arrival stays \
         counted: at its next maintenance it arrives again, completes the rendezvous alone and \
         traces while the wedged task is still running.",
        workers,
    );
    busy_and_wedged(&mut scenario, WEDGED_POLLS, None);
    scenario.timeout_steps = 4;
    scenario
}

pub(super) fn abandoned_dump(workers: usize) -> Scenario {
    let mut scenario = base(
        "abandoned-dump",
        "An abandoned dump",
        "The first caller gives up while it waits, but its requester runs on; the second \
         caller loses the compare-and-swap and waits behind it. Under inline-dump the first \
         requester stops where it stands and the flag never comes down.",
        workers,
    );
    busy_and_wedged(&mut scenario, WEDGED_POLLS, Some(WEDGED_STEPS));
    scenario.requesters = vec![RequesterSpec { gives_up: true }, RequesterSpec::default()];
    scenario.variant = Variant::Fixed;
    scenario
}

/// `base` renamed as the scenario of a what-if variant, shown with it.
pub(super) fn what_if(
    mut base: Scenario,
    name: &str,
    title: &str,
    description: &str,
    variant: Variant,
) -> Scenario {
    base.name = name.to_owned();
    base.title = title.to_owned();
    base.description = description.to_owned();
    base.variant = variant;
    base
}

pub(super) fn what_if_no_timeout(workers: usize) -> Scenario {
    let mut scenario = base(
        "no-timeout",
        "What if trace_start had no timeout?",
        "With a wedged worker and no timeout, every other worker stands still at trace_start \
         until the wedged task lets go.",
        workers,
    );
    busy_and_wedged(&mut scenario, WEDGED_POLLS, Some(WEDGED_STEPS));
    scenario.variant = Variant::NoTimeout;
    scenario
}

pub(super) fn what_if_notify_waiters(workers: usize) -> Scenario {
    what_if(
        early_result(workers),
        "notify-waiters",
        "What if the leader used notify_waiters?",
        "The leader stashes the dump before the requester waits. \
        notify_waiters wakes only those already waiting and keeps no permit, so the wake-up \
        is lost and the requester sleeps for ever.",
        Variant::NotifyWaiters,
    )
}

pub(super) fn what_if_no_nudge(workers: usize) -> Scenario {
    what_if(
        quiet_runtime(workers),
        "no-nudge",
        "What if the requester never nudged?",
        "Every worker is parked and the requester never unparks them: \
        nobody reads the flag, and dump() never returns.",
        Variant::NoNudge,
    )
}

pub(super) fn what_if_plain_store(workers: usize) -> Scenario {
    what_if(
        two_requesters(workers),
        "plain-store",
        "What if the flag were set with a plain store?",
        "Two callers both store true and both believe the request is \
        theirs: one takes the dump, the other may wait for ever or take a dump that was not \
        traced for it.",
        Variant::PlainStore,
    )
}

pub(super) fn what_if_no_end_barrier(workers: usize) -> Scenario {
    let mut scenario = what_if(
        busy_workers(workers),
        "no-end-barrier",
        "What if nobody waited at trace_end?",
        "The workers that are not the leader go straight back to their \
        tasks and poll them while the leader is still tracing.",
        Variant::NoEndBarrier,
    );
    if workers == 2 {
        // The checker's shortest run to the flaw: W1 leads and walks the
        // tasks, while W0, which skipped trace_end, goes back to polling
        // its job.
        scenario.schedule = Some(
            "w0 w1 w0 w0 w0 w0 w0 w0 w0 w0 w1 w1 w1 w1 w1 w1 w1 w1 r0 w0 w0 w0 w0 w0 \
             w0 w0 w1 w1 w1 w1 w1 w1 w1 w0 w0 w0 w0"
                .to_owned(),
        );
    }
    scenario
}

pub(super) fn what_if_no_maintenance_check(workers: usize) -> Scenario {
    what_if(
        busy_workers(workers),
        "no-maintenance-check",
        "What if busy workers never looked at the flag?",
        "A busy worker only notices the request once it runs out of work \
        and parks, so dump() waits for every worker to go idle.",
        Variant::NoMaintenanceCheck,
    )
}

pub(super) fn what_if_inline_dump(workers: usize) -> Scenario {
    what_if(
        abandoned_dump(workers),
        "inline-dump",
        "What if the requester ran in the caller's task?",
        "The first caller gives up after its compare-and-swap won. Its \
        requester is cancelled with it, so nobody clears the flag: workers keep stopping at \
        trace_start and the second dump() spins for ever.",
        Variant::InlineDump,
    )
}
