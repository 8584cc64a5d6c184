//! Plain sentences for events: what the page says aloud and the CLI prints.

use crate::event::{
    Event, FromParkedRule, NotifyOutcome, PollOutcome, Source, TimeoutOutcome, TraceOutcome,
    WakeOutcome,
};
use crate::figures::plural;
use crate::model::{Action, Model};
use crate::property::describe_location;
use crate::state::{BarrierId, Bound, Location, Set};

fn workers(set: Set) -> String {
    let names: Vec<String> = set.iter().map(|index| format!("W{index}")).collect();
    match names.len() {
        0 => "nobody".to_owned(),
        _ => names.join(", "),
    }
}

fn requesters(set: Set) -> String {
    let names: Vec<String> = set.iter().map(|index| format!("R{index}")).collect();
    match names.len() {
        0 => "nobody".to_owned(),
        _ => names.join(", "),
    }
}

/// One sentence for one event.
pub fn sentence(model: &Model, event: &Event) -> String {
    let task = |task: u8| format!("{} (t{task})", model.task_name(task));
    match *event {
        Event::Ticked {
            worker,
            tick,
            maintenance,
        } => {
            if maintenance {
                format!("W{worker} ticks: maintenance is due.")
            } else {
                format!(
                    "W{worker} ticks ({tick} of {}).",
                    model.scenario().event_interval
                )
            }
        }
        Event::FlagLoaded {
            worker,
            value,
            is_traced,
        } => match (value, is_traced) {
            (true, _) => format!(
                "W{worker} loads trace_requested: true, so it will enter trace_core."
            ),
            (false, true) => {
                format!("W{worker} loads trace_requested: false, but it is already set to trace.")
            }
            (false, false) => format!("W{worker} loads trace_requested: false."),
        },
        Event::MaintenanceSkipped { worker } => {
            format!("W{worker} does maintenance without looking at the flag.")
        }
        Event::TaskPopped {
            worker,
            task: id,
            source,
        } => match source {
            Source::Lifo => format!("W{worker} takes {} from its LIFO slot.", task(id)),
            Source::Local => format!("W{worker} takes {} from its local queue.", task(id)),
            Source::Injection => {
                format!("W{worker} takes {} from the injection queue.", task(id))
            }
            Source::Stolen { victim, count } => format!(
                "W{worker} steals {} from W{victim} and starts {}.",
                plural(u64::from(count), "task", "tasks"),
                task(id)
            ),
        },
        Event::NoTask { worker } => format!("W{worker} finds no task anywhere."),
        Event::TaskPolled {
            worker,
            task: id,
            outcome,
        } => match outcome {
            PollOutcome::Yielded => format!(
                "W{worker} polls {}: it does some work and yields back to the queue.",
                task(id)
            ),
            PollOutcome::Completed => format!("W{worker} polls {}: it completes.", task(id)),
            PollOutcome::StillBlocking => format!(
                "W{worker} is still stuck inside {}: it blocks the thread.",
                task(id)
            ),
            PollOutcome::Pending => format!(
                "W{worker}'s poll of {} returns Pending: the task waits on something outside.",
                task(id)
            ),
        },
        Event::ParkSkipped { worker, traced } => {
            if traced {
                format!("W{worker} does not park: it has a trace to join.")
            } else {
                format!("W{worker} does not park: work has arrived.")
            }
        }
        Event::Parked { worker } => format!("W{worker} has nothing to do and parks."),
        Event::Unparked { worker } => format!("W{worker} is unparked and wakes up."),
        Event::Reparked { worker } => {
            format!("W{worker} has nothing to do and goes back to sleep.")
        }
        Event::TraceCoreCalled { worker } => {
            format!("W{worker} sees is_traced at the top of its loop and calls trace_core.")
        }
        Event::TraceCoreEntered { worker } => {
            format!("W{worker} enters trace_core and clears is_traced.")
        }
        Event::BarrierArrived {
            worker,
            barrier,
            count,
            n,
        } => {
            if count >= n {
                match barrier {
                    BarrierId::TraceStart => format!(
                        "W{worker} arrives at trace_start: {count} of {n}, so W{worker} is the leader."
                    ),
                    BarrierId::TraceEnd => format!(
                        "W{worker} arrives at trace_end: {count} of {n}, the last one."
                    ),
                }
            } else {
                format!(
                    "W{worker} arrives at {}: {count} of {n}; it waits for the others.",
                    barrier.name()
                )
            }
        }
        Event::BarrierCompleted {
            barrier,
            generation,
            released,
            ..
        } => format!(
            "{} completes generation {generation} and releases {}.",
            barrier.name(),
            workers(released)
        ),
        Event::BarrierLeft { worker, barrier } => {
            format!("W{worker} leaves {}.", barrier.name())
        }
        Event::TimedOut {
            worker,
            outcome,
            count_left,
        } => match outcome {
            TimeoutOutcome::Withdrew => format!(
                "W{worker}'s wait at trace_start times out; it takes its arrival back (count {count_left})."
            ),
            TimeoutOutcome::Leaked => format!(
                "W{worker}'s wait at trace_start times out, but its arrival stays counted: count {count_left} is left behind."
            ),
            TimeoutOutcome::LeakedAfterRelease => format!(
                "W{worker}'s wait times out just as trace_start completed; Tokio's barrier (1.29 to 1.54) reports a timeout anyway, so W{worker} will skip trace_end."
            ),
            TimeoutOutcome::Released => format!(
                "W{worker}'s wait times out just as trace_start completed; the fixed barrier counts it as released."
            ),
        },
        Event::TasksGathered { worker, count } => format!(
            "W{worker} takes every queued task ({count}) into its own hands for tracing."
        ),
        Event::TaskTraced {
            worker,
            task: id,
            location,
        } => format!(
            "W{worker} traces {}: {}.",
            task(id),
            describe_location(location)
        ),
        Event::TraceFinished {
            worker,
            tasks,
            corrupt,
        } => {
            if corrupt {
                format!(
                    "W{worker} finishes tracing {tasks} task(s): the dump is CORRUPT, a task was running."
                )
            } else {
                format!("W{worker} finishes tracing {tasks} task(s).")
            }
        }
        Event::Stashed { worker, replaced } => {
            if replaced {
                format!("W{worker} stashes the dump in trace_result, replacing one nobody took.")
            } else {
                format!("W{worker} stashes the dump in trace_result.")
            }
        }
        Event::ResultNotified { worker, outcome } => match outcome {
            NotifyOutcome::Woke { requester } => {
                format!("W{worker} calls notify_one on result_ready: it wakes R{requester}.")
            }
            NotifyOutcome::PermitStored => format!(
                "W{worker} calls notify_one on result_ready: nobody waits, so a permit is stored."
            ),
            NotifyOutcome::PermitAlreadyStored => format!(
                "W{worker} calls notify_one on result_ready: a permit is already stored."
            ),
            NotifyOutcome::WokeAll { requesters: woken } => {
                if woken.is_empty() {
                    format!(
                        "W{worker} calls notify_waiters on result_ready: nobody waits, and no permit is kept. The wake-up is lost."
                    )
                } else {
                    format!(
                        "W{worker} calls notify_waiters on result_ready: it wakes {}.",
                        requesters(woken)
                    )
                }
            }
        },
        Event::FlagCas { requester, to, won } => match (to, won) {
            (true, true) => {
                format!("R{requester} swaps trace_requested from false to true: it won.")
            }
            (true, false) => format!(
                "R{requester} tries to swap trace_requested to true, but it is already set: another dump is in flight."
            ),
            (false, true) => {
                format!("R{requester} swaps trace_requested back to false.")
            }
            (false, false) => format!(
                "R{requester} tries to swap trace_requested back to false, but it is already false."
            ),
        },
        Event::FlagStored {
            requester,
            value,
            was,
        } => format!("R{requester} stores {value} in trace_requested (it was {was})."),
        Event::WorkersUnparked { requester, parked } => format!(
            "R{requester} calls notify_all: every worker gets an unpark token (parked: {}).",
            workers(parked)
        ),
        Event::NudgeSkipped { requester } => {
            format!("R{requester} skips notify_all: no worker is unparked.")
        }
        Event::SlotTaken { requester, tasks } => match tasks {
            Some(count) => format!(
                "R{requester} locks trace_result and takes a dump of {count} task(s)."
            ),
            None => format!("R{requester} locks trace_result: it is empty."),
        },
        Event::PermitConsumed { requester } => {
            format!("R{requester} finds a stored permit on result_ready and goes on at once.")
        }
        Event::WaitQueued { requester } => {
            format!("R{requester} waits on result_ready.")
        }
        Event::WaitWoken { requester } => {
            format!("R{requester} was woken and runs on.")
        }
        Event::DumpReturned {
            requester,
            tasks,
            corrupt,
            abandoned,
        } => {
            let what = if corrupt {
                format!("a CORRUPT dump of {tasks} task(s)")
            } else {
                format!("a dump of {tasks} task(s)")
            };
            if abandoned {
                format!("R{requester}'s dump() finishes with {what}, but its caller gave up: it is dropped.")
            } else {
                format!("R{requester}'s dump() returns {what}.")
            }
        }
        Event::CallerGaveUp { requester, stopped } => {
            if stopped {
                format!("R{requester}'s caller gives up, and the requester stops where it stands.")
            } else {
                format!(
                    "R{requester}'s caller gives up; the requester runs on in its own thread."
                )
            }
        }
        Event::TaskReleased { task: id } => format!("You release {}.", task(id)),
        Event::WokenByIo { worker } => {
            format!("I/O or a timer unparks W{worker}.")
        }
        Event::BoundReached { bound } => match bound {
            Bound::Handles => "A task would get a fourth queue entry: the model's cap, so this path ends here (S7a has broken already).".to_owned(),
            Bound::IdleBookkeeping => "A worker would be listed a third time as asleep: the model's cap, so this path ends here (S6 has broken already).".to_owned(),
        },
        Event::HandleDropped { task: id } => format!(
            "The injection queue is closed, so the handle of {} is dropped.",
            task(id)
        ),
        Event::Requeued { task: id, place } => format!(
            "{} was woken during its poll, so a new entry for it goes {}.",
            task(id),
            describe_location(place)
        ),
        Event::NotifiedOne {
            woke,
            searching,
            unparked,
        } => match woke {
            Some(worker) => format!(
                "NotifyOne takes W{worker} off the sleepers list and unparks it (searching {searching}, unparked {unparked})."
            ),
            None if unparked < 0 => format!(
                "NotifyOne wakes nobody: num_unparked has wrapped ({unparked}), so Tokio believes every worker is awake."
            ),
            None if searching > 0 => format!(
                "NotifyOne wakes nobody: {searching} worker(s) count as searching."
            ),
            None => "NotifyOne wakes nobody: no worker is listed as asleep.".to_owned(),
        },
        Event::OwedDelivered { worker, count } => format!(
            "W{worker} wakes the {} it traced, as it owed them after its walk.",
            plural(u64::from(count), "task", "tasks")
        ),
        Event::WorkPendingChecked { worker, pending } => {
            if pending {
                format!("W{worker} was the last searcher and sees work queued, so it notifies a sleeper.")
            } else {
                format!("W{worker} was the last searcher and sees no work queued.")
            }
        }
        Event::LeftPark {
            worker,
            rule,
            still_listed,
        } => match (rule, still_listed) {
            (FromParkedRule::Unparked, _) => format!(
                "W{worker} leaves the park loop and takes itself off the sleepers list."
            ),
            (FromParkedRule::StillListed, _) => format!(
                "W{worker} leaves the park loop STILL LISTED as asleep: the idle bookkeeping is now wrong."
            ),
            (FromParkedRule::Notified, _) => format!(
                "W{worker} leaves the park loop: a NotifyOne already took it off the list, so it searches."
            ),
        },
        Event::ShutdownSeen { worker } => {
            format!("W{worker} sees is_shutdown and leaves its loop.")
        }
        Event::SearchStarted { worker, allowed } => {
            if allowed {
                format!("W{worker} becomes a searcher.")
            } else {
                format!("W{worker} may not search: half the workers already do.")
            }
        }
        Event::NothingToSteal { worker } => format!("W{worker} finds nothing to steal."),
        Event::Panicked { worker, task: id } => format!(
            "W{worker} runs an entry of {} whose NOTIFIED bit is clear: `assertion failed: next.is_notified()`, the thread panics.",
            task(id)
        ),
        Event::PollFailed { worker, task: id } => format!(
            "W{worker} finds {} already running or complete, and drops its entry.",
            task(id)
        ),
        Event::PollStarted { worker, task: id } => {
            format!("W{worker} starts polling {}.", task(id))
        }
        Event::TaskWoken {
            task: id,
            by,
            outcome,
        } => format!("A task on W{by} wakes {}: {}.", task(id), wake_result(outcome)),
        Event::LockWaiting { worker } => {
            format!("W{worker} waits for the owned-tasks lock.")
        }
        Event::LockTaken { worker } => {
            format!("W{worker} takes the owned-tasks lock for its walk.")
        }
        Event::LockReleased { worker } => {
            format!("W{worker} releases the owned-tasks lock.")
        }
        Event::LockFree { worker } => format!("W{worker} gets the owned-tasks lock."),
        Event::Collected {
            worker,
            task: id,
            skipped,
        } => match skipped {
            None => format!(
                "W{worker} notifies {} for tracing and takes an entry for it.",
                task(id)
            ),
            Some(Location::HeldBy(_)) => format!(
                "W{worker} skips {}: it already holds its entry.",
                task(id)
            ),
            Some(place) => format!(
                "W{worker} skips {}: it is already notified ({}), so the dump will leave it out.",
                task(id),
                describe_location(place)
            ),
        },
        Event::GatheredDropped { worker, count } => format!(
            "W{worker} drops the {} it gathered: those tasks keep their bit with no entry.",
            plural(u64::from(count), "entry", "entries")
        ),
        Event::TracePolled {
            worker,
            task: id,
            outcome,
            location,
        } => match outcome {
            TraceOutcome::Traced => format!(
                "W{worker} traces {}: {}.",
                task(id),
                describe_location(location)
            ),
            TraceOutcome::EmptyTrace => format!(
                "W{worker} cannot trace {}: it is {}. The dump lists it with an empty trace.",
                task(id),
                describe_location(location)
            ),
            TraceOutcome::Completed => format!(
                "W{worker} traces {}, and the trace poll completes it.",
                task(id)
            ),
            TraceOutcome::WokeSelf => format!(
                "W{worker} traces {}, which wakes itself during the trace poll.",
                task(id)
            ),
        },
        Event::Rescheduled { worker, task: id } => format!(
            "W{worker} re-schedules {} on the injection queue, whatever its bit was.",
            task(id)
        ),
        Event::DumpIncomplete { worker, missing } => format!(
            "W{worker}'s dump leaves out {} (C1, by design).",
            plural(u64::from(missing), "task", "tasks")
        ),
        Event::CallStarted {
            caller,
            requester,
            round,
        } => format!("Caller C{caller} starts round {round}: R{requester} calls dump()."),
        Event::CallReturned { caller, requester } => {
            format!("Caller C{caller} gets R{requester}'s dump.")
        }
        Event::CallGaveUp { caller, requester } => format!(
            "Caller C{caller} gives up on R{requester}, which runs on, abandoned."
        ),
        Event::TimerFired {
            task: id,
            worker,
            outcome,
        } => format!(
            "{}'s timer fires on W{worker}: {}.",
            task(id),
            wake_result(outcome)
        ),
        Event::SpawnerStarted { spawner } => format!("Spawner S{spawner} starts."),
        Event::SpawnBound {
            spawner,
            task: id,
            cancelled,
        } => {
            if cancelled {
                format!("Spawner S{spawner} spawns {} into a closed runtime: it is cancelled at once.", task(id))
            } else {
                format!(
                    "Spawner S{spawner} binds {}: it is owned, notified, and its entry is in the spawner's hand.",
                    task(id)
                )
            }
        }
        Event::SpawnPushed {
            spawner,
            task: id,
            queued,
        } => {
            if queued {
                format!("Spawner S{spawner} pushes {} on the injection queue.", task(id))
            } else {
                format!("Spawner S{spawner}'s push of {} is dropped by the closed queue.", task(id))
            }
        }
        Event::OutsideWoke { task: id, outcome } => format!(
            "A thread outside the runtime wakes {}: {}.",
            task(id),
            wake_result(outcome)
        ),
        Event::DropStarted => "The runtime is being dropped.".to_owned(),
        Event::RuntimeClosed { parked } => format!(
            "The runtime closes and unparks every worker ({} were parked).",
            workers(parked)
        ),
        Event::RuntimeDropped => "Every worker has stopped: dropping the runtime finishes.".to_owned(),
        Event::PreShutdown { worker, cancelled } => {
            if cancelled > 0 {
                format!(
                    "W{worker} closes the owned list and cancels {}.",
                    plural(u64::from(cancelled), "idle task", "idle tasks")
                )
            } else {
                format!("W{worker} prepares to shut down.")
            }
        }
        Event::CoreHandedIn { worker, last } => {
            if last {
                format!("W{worker} hands in its core, the last one, empties the queues and exits.")
            } else {
                format!("W{worker} hands in its core and exits.")
            }
        }
        Event::PropertyBroken { property } => format!(
            "Property {} ({}) breaks here. It says: {}",
            property.code(),
            property.title(),
            property.statement()
        ),
    }
}

/// The actor's name for an action: `W0`, `R1`, or `t2`.
pub fn actor_name(action: Action) -> String {
    match action {
        Action::Worker(index) | Action::Timeout(index) | Action::Wake(index) => {
            format!("W{index}")
        }
        Action::Requester(index) | Action::Cancel(index) => format!("R{index}"),
        Action::Release(index) | Action::OutsideWake(index) => format!("t{index}"),
        Action::Timer { task, .. } => format!("t{task}"),
        Action::Spawner(index) => format!("S{index}"),
        Action::Dropper => "the dropper".to_owned(),
        Action::Caller(index) | Action::GiveUp(index) => format!("C{index}"),
    }
}

fn wake_result(outcome: WakeOutcome) -> String {
    match outcome {
        WakeOutcome::Nothing => {
            "nothing happens (already notified, complete or not spawned)".to_owned()
        }
        WakeOutcome::BitSet => "it is being polled, so only its NOTIFIED bit is set".to_owned(),
        WakeOutcome::Queued(place) => {
            format!("notified, its entry goes {}", describe_location(place))
        }
    }
}

/// The narration of one step: its events' sentences, or a short note when
/// the step changed nothing worth a sentence.
pub fn narrate(model: &Model, action: Action, events: &[Event]) -> String {
    if events.is_empty() {
        return format!("{} moves on.", actor_name(action));
    }
    let sentences: Vec<String> = events.iter().map(|event| sentence(model, event)).collect();
    sentences.join(" ")
}
