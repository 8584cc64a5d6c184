//! The casebook's scenarios, A to K of PROTOCOL.md section 15.4: one or
//! more per public report of a task-dump defect. Each is written at the
//! shape its file has in section 15.4; [`resized`] gives it another number
//! of workers the way a casebook case's `workers` does.
//!
//! Task sizes are smaller than section 15.4 writes them where the full
//! sizes do not fit the checker's default bound of 5 M states: the slow
//! threads' busy tasks poll 2 times rather than 6, `issue7478-partial`'s
//! tail polls twice and spawns one late task rather than two,
//! `outside-wake-after-gather`'s job polls once, `issue5638-very-stuck`'s
//! work polls twice, and
//! `tcl-lsp-wedge`'s long poll holds its thread for 2 steps rather than 8,
//! its handler polls once, and its two idle bystanders (`accept-loop`,
//! `lock-waiter`) are left out (each traced idle task is polled again
//! after the dump, which doubles the states).
//! No verdict of section 15.4 depends on those counts: a busy task that
//! yields twice reaches maintenance (event interval 3) and yields while a
//! lone leader walks, which is all the defects need.

use super::builtins::{blocking, busy, idle};
use super::{
    CallerSpec, DropperSpec, Ends, RequesterSpec, Scenario, SpawnerSpec, StartCondition, TaskKind,
    TaskSpec,
};
use crate::variant::Variant;

/// The common settings of section 15.3: `event_interval` 3,
/// `timeout_steps` 4, searching on, one requester, no tasks.
fn file(name: &str, title: &str, description: &str, workers: usize) -> Scenario {
    Scenario {
        name: name.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        workers,
        tasks: Vec::new(),
        requesters: vec![RequesterSpec::default()],
        event_interval: 3,
        timeout_steps: 4,
        variant: Variant::Tokio,
        schedule: None,
        spawners: Vec::new(),
        callers: Vec::new(),
        dropper: None,
        searching: true,
        all_parked: false,
    }
}

fn spawner(after: StartCondition, tasks: Vec<TaskSpec>) -> SpawnerSpec {
    SpawnerSpec {
        after,
        requester: 0,
        tasks,
    }
}

fn spawned(name: &str) -> TaskSpec {
    TaskSpec::new(name, TaskKind::Busy { polls: 1 }, None)
}

fn timer_task(name: &str) -> TaskSpec {
    TaskSpec {
        timer: true,
        ..idle(name)
    }
}

/// `scenario` with `workers` workers: tasks placed on a worker it no
/// longer has are left out, added workers start with empty run queues
/// (section 15.1, casebook cases).
pub fn resized(mut scenario: Scenario, workers: usize) -> Scenario {
    scenario.workers = workers;
    scenario
        .tasks
        .retain(|task| task.kind.starts_idle() || task.worker.is_none_or(|w| w < workers));
    scenario
}

/// A. Issue 7478: a dump of an idle runtime, then a spawn that never runs.
pub(super) fn issue7478_idle_dump(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue7478-idle-dump",
        "Issue 7478: spawned after a dump, never run",
        "Every worker is parked. A dump wakes them without updating the scheduler's record of \
         sleeping workers; up to Tokio 1.53 they park again listed twice, the unparked count \
         wraps, and the batch spawned after the dump is never polled.",
        4,
    );
    scenario.all_parked = true;
    scenario.spawners = vec![spawner(
        StartCondition::DumpReturned,
        vec![spawned("batch-1"), spawned("batch-2")],
    )];
    resized(scenario, workers)
}

/// A2. Issue 7478's "only some workers work" half.
pub(super) fn issue7478_partial(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue7478-partial",
        "Issue 7478: only some workers work",
        "W0 is busy, W1 parked. The dump wakes W1 while it is still listed as asleep; it parks \
         again listed twice, and late work runs only on W0, then not at all.",
        2,
    );
    scenario.tasks = vec![busy("tail", 2, 0)];
    scenario.spawners = vec![spawner(StartCondition::Any, vec![spawned("late-1")])];
    resized(scenario, workers)
}

/// B. PR 8372's regression test: a spawn once every worker has parked
/// after a dump.
pub(super) fn pr8372_spawn_after_dump(workers: usize) -> Scenario {
    let mut scenario = file(
        "pr8372-spawn-after-dump",
        "PR 8372: a spawn after the dump",
        "One parked worker, one dump, then a task spawned once the worker has parked again: \
         up to Tokio 1.53 nobody is woken for it.",
        1,
    );
    scenario.all_parked = true;
    scenario.spawners = vec![spawner(
        StartCondition::AllParkedAfterDump,
        vec![spawned("probe")],
    )];
    resized(scenario, workers)
}

/// B2. The same mechanism, with a spawn during the walk.
pub(super) fn spawn_during_dump(workers: usize) -> Scenario {
    let mut scenario = file(
        "spawn-during-dump",
        "A spawn during the dump",
        "A task spawned while the leader walks pops the stale sleeper entry and counts a \
         searcher that never claims it: num_searching stays 1 and a later spawn never runs.",
        1,
    );
    scenario.all_parked = true;
    scenario.spawners = vec![
        spawner(StartCondition::InWalk, vec![spawned("probe-1")]),
        spawner(StartCondition::DumpReturned, vec![spawned("probe-2")]),
    ];
    resized(scenario, workers)
}

/// C. PR 8370: a wedged worker and dumps in a loop.
pub(super) fn pr8370_wedged_loop(workers: usize) -> Scenario {
    let mut scenario = file(
        "pr8370-wedged-loop",
        "PR 8370: a wedged worker and a dump loop",
        "W0 spins in a poll that never yields while a caller dumps in a loop. Timed-out \
         arrivals at trace_start stay counted, a lone leader traces beside the running task, \
         and the task ends up with two queue entries: `assertion failed: next.is_notified()`.",
        4,
    );
    scenario.tasks = vec![
        blocking("spin-forever", None, 0),
        busy("work-1", 6, 1),
        busy("work-2", 6, 2),
        busy("work-3", 6, 3),
    ];
    scenario.requesters = Vec::new();
    scenario.callers = vec![CallerSpec {
        repeat: 2,
        gives_up: false,
        in_runtime: false,
    }];
    resized(scenario, workers)
}

/// D. Issue 6035: a task that completes when traced.
pub(super) fn issue6035_complete_during_trace(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue6035-complete-during-trace",
        "Issue 6035: a task completes during its trace",
        "Up to Tokio 1.32 the leader polls traced tasks while holding the owned-tasks lock; a \
         task that completes in trace mode needs that lock to leave the list, and the leader \
         waits for itself for ever.",
        2,
    );
    scenario.tasks = vec![
        TaskSpec::new("finisher", TaskKind::CompletesWhenTraced, Some(0)),
        idle("idle-1"),
    ];
    scenario.variant = Variant::Tokio129;
    resized(scenario, workers)
}

/// E. Issues 6051 and 6185: a timer task and a dump loop that gives up.
pub(super) fn issue6051_timer_loop(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue6051-timer-loop",
        "Issue 6051: a timer task during dumps",
        "A sleeping task's timer fires into a parked worker's LIFO slot; the walk never \
         gathers the slot. Up to 1.34 the task gets a second entry and a worker panics with \
         `next.is_notified()`; from 1.35 it is left out of the dump.",
        2,
    );
    scenario.all_parked = true;
    scenario.tasks = vec![timer_task("sleeper")];
    scenario.requesters = Vec::new();
    scenario.callers = vec![CallerSpec {
        repeat: 2,
        gives_up: true,
        in_runtime: false,
    }];
    scenario.variant = Variant::Tokio129;
    resized(scenario, workers)
}

/// E2. The injection-queue path: an outside wake after the gather.
pub(super) fn outside_wake_after_gather(workers: usize) -> Scenario {
    let mut scenario = file(
        "outside-wake-after-gather",
        "An outside wake after the gather",
        "A thread outside the runtime wakes a task after the leader has gathered the queues: \
         the task is notified but not gathered.",
        2,
    );
    scenario.tasks = vec![
        busy("job", 1, 0),
        TaskSpec {
            outside_wake: true,
            ..idle("listener")
        },
    ];
    scenario.variant = Variant::Tokio133;
    resized(scenario, workers)
}

/// F. Issue 6343: slow threads time out at `trace_start`.
pub(super) fn issue6343_slow_threads(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue6343-slow-threads",
        "Issue 6343: slow threads",
        "Every worker is busy, and any thread may be descheduled past the 250 ms timeout: \
         leaked arrivals let a lone leader form.",
        3,
    );
    scenario.tasks = (0..3).map(|w| busy(&format!("job-{w}"), 2, w)).collect();
    resized(scenario, workers)
}

/// G. Issue 8391's multi-thread counterpart: a task that wakes itself
/// when traced.
pub(super) fn wake_self_during_trace(workers: usize) -> Scenario {
    let mut scenario = file(
        "wake-self-during-trace",
        "A task wakes itself when traced",
        "The traced task wakes itself in trace mode: from Tokio 1.33 it is rescheduled once on \
         the injection queue; in 1.29-1.32 the leader reschedules it a second time.",
        2,
    );
    scenario.tasks = vec![
        TaskSpec::new("self-waker", TaskKind::WakesSelfWhenTraced, None),
        idle("idle-1"),
    ];
    scenario.variant = Variant::Tokio129;
    resized(scenario, workers)
}

/// H. A dump during runtime shutdown (PR 5717's discussion).
pub(super) fn dump_during_shutdown(workers: usize) -> Scenario {
    let mut scenario = file(
        "dump-during-shutdown",
        "A dump during shutdown",
        "The runtime is dropped while a dump is in flight. A worker that has exited never \
         arrives at trace_start; without the timeout, the waiting worker and the thread \
         dropping the runtime wait for each other for ever.",
        2,
    );
    scenario.tasks = vec![busy("job", 4, 0)];
    scenario.dropper = Some(DropperSpec {
        after: StartCondition::Any,
        requester: 0,
    });
    resized(scenario, workers)
}

/// I. bitwisecook/tcl-lsp#1657: an empty trace during a wedge.
pub(super) fn tcl_lsp_wedge(workers: usize) -> Scenario {
    let mut scenario = file(
        "tcl-lsp-wedge",
        "A wedged poll and an empty trace",
        "W1 is inside a long poll that woke a handler into its LIFO slot. A lone leader lists \
         the long poll as running with an empty trace, and leaves the notified handler out.",
        2,
    );
    scenario.tasks = vec![
        TaskSpec {
            wakes: Some("handler-2".to_owned()),
            ..blocking("long-poll", Some(2), 1)
        },
        busy("handler", 1, 0),
        idle("handler-2"),
    ];
    resized(scenario, workers)
}

/// J. The LIFO slot is not gathered (PR 8092's discussion).
pub(super) fn lifo_not_gathered(workers: usize) -> Scenario {
    let mut scenario = file(
        "lifo-not-gathered",
        "The LIFO slot is not gathered",
        "A timer fires into a parked worker's LIFO slot just before it joins the dump. The \
         leader's gather takes every run queue but not the LIFO slots.",
        2,
    );
    scenario.all_parked = true;
    scenario.tasks = vec![timer_task("sleeper")];
    scenario.variant = Variant::Tokio133;
    resized(scenario, workers)
}

/// K. Issue 5638: a very stuck task.
pub(super) fn issue5638_very_stuck(workers: usize) -> Scenario {
    let mut scenario = file(
        "issue5638-very-stuck",
        "Issue 5638: a very stuck task",
        "W1 is stuck in a poll that only ends when released, and then waits on something \
         outside. No dump can be taken while it is stuck, except by a lone leader.",
        2,
    );
    scenario.tasks = vec![
        TaskSpec {
            ends: Ends::Pending,
            ..blocking("stuck", None, 1)
        },
        busy("work", 2, 0),
    ];
    resized(scenario, workers)
}
