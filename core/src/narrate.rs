//! Plain sentences for events: what the page says aloud and the CLI prints.

use crate::event::{Event, NotifyOutcome, PollOutcome, Source, TimeoutOutcome};
use crate::model::{Action, Model};
use crate::property::describe_location;
use crate::state::{BarrierId, Set};

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
            Source::Local => format!("W{worker} takes {} from its local queue.", task(id)),
            Source::Injection => {
                format!("W{worker} takes {} from the injection queue.", task(id))
            }
            Source::Stolen { victim, count } => format!(
                "W{worker} steals {count} task(s) from W{victim} and starts {}.",
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
                "W{worker}'s wait times out just as trace_start completed; Tokio 1.48 reports a timeout anyway, so W{worker} will skip trace_end."
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
        Action::Release(index) => format!("t{index}"),
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
