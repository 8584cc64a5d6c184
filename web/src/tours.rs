//! Guided tours: for every built-in scenario, a few stops along its default
//! run (the scenario's own schedule, then round-robin: what the Step
//! button records), each with a note on what to notice and why the
//! protocol does it. A stop is anchored to an event of the run (the n-th
//! time it happens), not to a step number, so a tour stays true when the
//! model gains steps: it shows the moment right after that event's step.
//!
//! Plain data; `tests` below replays every default run natively and checks
//! that each stop is found in it, in order.

use rendezvous_core::event::{NotifyOutcome, TimeoutOutcome};
use rendezvous_core::state::BarrierId;
use rendezvous_core::{Event, Run};

/// Where a stop is in a run.
#[derive(Clone, Copy, Debug)]
pub enum At {
    /// The moment before the first step.
    Start,
    /// Right after the step in which an event matching the test happens
    /// for the n-th time (from 1).
    Event(fn(&Event) -> bool, u8),
}

/// One stop of a tour.
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    /// The moment to show.
    pub at: At,
    /// What to notice, and why.
    pub note: &'static str,
}

impl Stop {
    /// The cursor of this stop in `run` (the moment after that many steps),
    /// if the run has got that far.
    pub fn step_in(&self, run: &Run) -> Option<usize> {
        match self.at {
            At::Start => Some(0),
            At::Event(test, nth) => {
                let mut seen = 0;
                (0..run.len()).find_map(|index| {
                    seen += run.events_of(index).iter().filter(|e| test(e)).count();
                    (seen >= nth as usize).then_some(index + 1)
                })
            }
        }
    }
}

/// The most steps a tour plays to find a stop.
pub const MAX_TOUR_STEPS: usize = 2_000;

/// The tour of one built-in scenario.
#[derive(Clone, Copy, Debug)]
pub struct Tour {
    /// The scenario's name (`scenario::BUILTINS`).
    pub scenario: &'static str,
    /// The stops, in step order.
    pub stops: &'static [Stop],
}

const fn start(note: &'static str) -> Stop {
    Stop {
        at: At::Start,
        note,
    }
}

const fn on(test: fn(&Event) -> bool, note: &'static str) -> Stop {
    Stop {
        at: At::Event(test, 1),
        note,
    }
}

const fn nth(n: u8, test: fn(&Event) -> bool, note: &'static str) -> Stop {
    Stop {
        at: At::Event(test, n),
        note,
    }
}

fn flag_won(event: &Event) -> bool {
    matches!(
        event,
        Event::FlagCas {
            to: true,
            won: true,
            ..
        } | Event::FlagStored { value: true, .. }
    )
}

fn flag_lost(event: &Event) -> bool {
    matches!(
        event,
        Event::FlagCas {
            to: true,
            won: false,
            ..
        }
    )
}

fn nudged(event: &Event) -> bool {
    matches!(
        event,
        Event::WorkersUnparked { .. } | Event::NudgeSkipped { .. }
    )
}

fn read_flag(event: &Event) -> bool {
    matches!(event, Event::FlagLoaded { value: true, .. })
}

fn arrived_start(event: &Event) -> bool {
    matches!(
        event,
        Event::BarrierArrived {
            barrier: BarrierId::TraceStart,
            ..
        }
    )
}

fn start_completed(event: &Event) -> bool {
    matches!(
        event,
        Event::BarrierCompleted {
            barrier: BarrierId::TraceStart,
            ..
        }
    )
}

fn end_completed(event: &Event) -> bool {
    matches!(
        event,
        Event::BarrierCompleted {
            barrier: BarrierId::TraceEnd,
            ..
        }
    )
}

fn traced(event: &Event) -> bool {
    matches!(event, Event::TracePolled { .. })
}

fn stashed(event: &Event) -> bool {
    matches!(event, Event::Stashed { .. })
}

fn notified(event: &Event) -> bool {
    matches!(event, Event::ResultNotified { .. })
}

fn permit_stored(event: &Event) -> bool {
    matches!(
        event,
        Event::ResultNotified {
            outcome: NotifyOutcome::PermitStored,
            ..
        }
    )
}

fn permit_used(event: &Event) -> bool {
    matches!(event, Event::PermitConsumed { .. })
}

fn taken(event: &Event) -> bool {
    matches!(event, Event::SlotTaken { tasks: Some(_), .. })
}

fn returned(event: &Event) -> bool {
    matches!(event, Event::DumpReturned { .. })
}

fn cleared(event: &Event) -> bool {
    matches!(
        event,
        Event::FlagCas {
            to: false,
            won: true,
            ..
        } | Event::FlagStored { value: false, .. }
    )
}

fn leaked(event: &Event) -> bool {
    matches!(
        event,
        Event::TimedOut {
            outcome: TimeoutOutcome::Leaked | TimeoutOutcome::LeakedAfterRelease,
            ..
        }
    )
}

fn gave_up(event: &Event) -> bool {
    matches!(event, Event::CallerGaveUp { .. } | Event::CallGaveUp { .. })
}

fn broken(event: &Event) -> bool {
    matches!(event, Event::PropertyBroken { .. })
}

fn still_listed(event: &Event) -> bool {
    matches!(
        event,
        Event::LeftPark {
            still_listed: true,
            ..
        }
    )
}

fn spawned(event: &Event) -> bool {
    matches!(event, Event::SpawnPushed { .. })
}

fn gathered(event: &Event) -> bool {
    matches!(event, Event::TasksGathered { .. })
}

fn collected(event: &Event) -> bool {
    matches!(event, Event::Collected { .. })
}

fn skipped(event: &Event) -> bool {
    matches!(
        event,
        Event::Collected {
            skipped: Some(_),
            ..
        }
    )
}

fn incomplete(event: &Event) -> bool {
    matches!(event, Event::DumpIncomplete { .. })
}

fn lock_waiting(event: &Event) -> bool {
    matches!(event, Event::LockWaiting { .. })
}

fn timer_fired(event: &Event) -> bool {
    matches!(event, Event::TimerFired { .. })
}

fn call_started(event: &Event) -> bool {
    matches!(event, Event::CallStarted { .. })
}

fn unparked_with_work(event: &Event) -> bool {
    matches!(
        event,
        Event::LeftPark {
            rule: rendezvous_core::event::FromParkedRule::Unparked,
            ..
        }
    )
}

fn panicked(event: &Event) -> bool {
    matches!(event, Event::Panicked { .. })
}

fn owed(event: &Event) -> bool {
    matches!(event, Event::OwedDelivered { .. })
}

/// The tour of `scenario`, if it has one.
pub fn tour(scenario: &str) -> Option<&'static Tour> {
    TOURS.iter().find(|tour| tour.scenario == scenario)
}

fn empty_trace(event: &Event) -> bool {
    matches!(
        event,
        Event::TracePolled {
            outcome: rendezvous_core::event::TraceOutcome::EmptyTrace,
            ..
        }
    )
}

fn slot_empty(event: &Event) -> bool {
    matches!(event, Event::SlotTaken { tasks: None, .. })
}

fn wait_queued(event: &Event) -> bool {
    matches!(event, Event::WaitQueued { .. })
}

fn notify_refused(event: &Event) -> bool {
    matches!(event, Event::NotifiedOne { woke: None, .. })
}

fn broke_s7a(event: &Event) -> bool {
    matches!(
        event,
        Event::PropertyBroken {
            property: rendezvous_core::Property::S7a
        }
    )
}

/// Every tour, one per built-in scenario.
pub const TOURS: &[Tour] = &[
    Tour {
        scenario: "quiet-runtime",
        stops: &[
            start("Three idle workers and one caller of dump(). Nothing is requested yet: the flag trace_requested is off and both barriers are empty."),
            on(flag_won, "R0 wins the compare-and-swap on trace_requested. The CAS, not a plain store, is what makes R0 the only requester driving this dump."),
            on(nudged, "Parked workers never look at the flag, so R0 calls notify_all to unpark every worker; each gets a token."),
            nth(3, read_flag, "Every worker has loaded trace_requested and set itself to trace: at its next loop it calls trace_core instead of polling tasks."),
            on(still_listed, "W0 leaves its park loop while the scheduler's Idle record still lists it as asleep: up to Tokio 1.53 a dump corrupts that record (S6)."),
            on(start_completed, "The last worker to arrive at trace_start completes the barrier and becomes the leader. Only the leader walks the tasks; the others wait at trace_end."),
            on(stashed, "The leader has gathered the queues, collected and traced every task while nobody else could poll one, and stashes the dump in trace_result."),
            on(notified, "notify_one on result_ready wakes the waiting requester. If nobody were waiting yet, a permit would be stored instead (see early-result)."),
            on(end_completed, "The leader arrives last at trace_end, which releases every worker back to its tasks."),
            on(returned, "R0 takes the dump, clears the flag with a second CAS and dump() returns: the whole protocol in one run."),
        ],
    },
    Tour {
        scenario: "busy-workers",
        stops: &[
            start("Three workers with queued tasks: they are busy, not parked, so the requester's nudge matters less than their maintenance ticks."),
            on(flag_won, "R0 raises trace_requested. Busy workers only read the flag at maintenance, every event_interval ticks."),
            on(nudged, "notify_all finds nobody parked: the workers will notice the flag on their own, at their next maintenance."),
            nth(3, read_flag, "All three have read the flag at maintenance. A busy worker finishes the poll it is in before it can trace: tasks are never interrupted."),
            on(start_completed, "The last arrival at trace_start is the leader."),
            on(gathered, "The leader takes every queued task into its own hands, so the dump covers them all."),
            on(stashed, "A dump stashed in trace_result, taken while no worker was polling: a consistent picture."),
            on(end_completed, "trace_end completes and the workers go back to their queues."),
            on(returned, "dump() returns and the flag is cleared, so the next request starts from scratch."),
        ],
    },
    Tour {
        scenario: "two-requesters",
        stops: &[
            start("Two callers ask for a dump at once. Only one dump can be in flight: the flag decides who drives it."),
            on(flag_won, "R0 wins the CAS on trace_requested."),
            on(flag_lost, "R1's CAS fails: the flag is already set. R1 does not give up; it nudges the workers and tries again later."),
            on(start_completed, "A worker completes trace_start and leads R0's dump."),
            on(notified, "The result is for whoever holds the flag: notify_one wakes R0."),
            on(returned, "R0 clears the flag and returns. Only now can R1's CAS succeed."),
            nth(2, flag_won, "R1 wins the flag on its next try and a second round of the protocol begins."),
            nth(2, start_completed, "Generation 2 of the barriers: this dump goes to R1."),
        ],
    },
    Tour {
        scenario: "early-result",
        stops: &[
            start("A scripted run where the leader finishes before the requester starts waiting for the result."),
            on(start_completed, "W1 completes trace_start and leads."),
            on(stashed, "The dump is stashed in trace_result while R0 has not yet begun to wait on result_ready."),
            on(permit_stored, "notify_one finds no waiter, so Notify stores a permit. This is why Tokio uses notify_one and not notify_waiters: the wake-up is kept."),
            on(permit_used, "R0 finds the stored permit and goes on at once, instead of sleeping for ever."),
            on(taken, "R0 locks trace_result and takes the dump the permit announced."),
            on(returned, "dump() returns a complete dump: the early result was not lost."),
        ],
    },
    Tour {
        scenario: "wedged-worker",
        stops: &[
            start("W1 is stuck in a task that blocks its thread (blocking-read). A blocked worker cannot reach trace_start."),
            on(flag_won, "R0 raises the flag while W1 is stuck in its task."),
            on(arrived_start, "W0 reads the flag at maintenance and goes to trace_start, where it waits for W1, which cannot come."),
            on(leaked, "W0's wait times out. In every Tokio release so far the barrier keeps its arrival counted: count 1 is left behind."),
            on(start_completed, "W0 arrives again and the leaked count completes the barrier: W0 becomes leader although W1 never arrived, and walks the tasks while W1 is still polling (S1 broken)."),
            on(empty_trace, "The leader cannot trace blocking-read: it is running on W1. Tokio 1.29 to 1.53 list it with an empty trace; the fixed barrier withdraws a timed-out arrival instead."),
            on(returned, "dump() returns the corrupt dump to its caller. Try the fixed variant to see the difference."),
        ],
    },
    Tour {
        scenario: "abandoned-dump",
        stops: &[
            start("Two callers; the first will give up waiting."),
            on(flag_won, "R0 wins the flag."),
            on(gave_up, "R0's caller gives up, but the requester runs on in its own thread: the protocol must still finish, or the flag would stay set for ever."),
            on(start_completed, "The dump nobody wants is still taken."),
            on(returned, "R0 finishes its dump() and clears the flag; the dump is dropped because its caller is gone."),
            nth(2, flag_won, "Now R1 can win the flag and get a dump of its own."),
            nth(2, stashed, "The second round's dump is stashed for R1."),
        ],
    },
    Tour {
        scenario: "no-timeout",
        stops: &[
            start("What if trace_start had no timeout? A worker would wait at the barrier until everyone arrives."),
            on(flag_won, "R0 raises the flag."),
            on(arrived_start, "The first worker reaches trace_start and waits: with no timeout it cannot go back to its tasks meanwhile."),
            on(start_completed, "The other arrives at last and leads. Here that works, but one worker that never arrives would hold every other one for ever."),
            on(notified, "The dump is stashed and R0 woken."),
            on(returned, "dump() returns. Try dump-during-shutdown under no-timeout to see the schedule that hangs."),
        ],
    },
    Tour {
        scenario: "notify-waiters",
        stops: &[
            start("What if the leader used notify_waiters instead of notify_one?"),
            on(start_completed, "W1 leads, as in early-result."),
            on(stashed, "The dump is stashed before R0 waits for it."),
            on(notified, "notify_waiters wakes only those already waiting and keeps no permit: the wake-up is lost."),
            on(end_completed, "The workers go back to their loops while R0 waits on result_ready for ever, though the dump is ready in the slot."),
        ],
    },
    Tour {
        scenario: "no-nudge",
        stops: &[
            start("What if the requester did not call notify_all? Every worker is parked."),
            on(flag_won, "R0 raises the flag, but parked workers do not read it."),
            on(slot_empty, "R0 finds trace_result empty and is about to nudge the workers."),
            on(nudged, "It skips notify_all: no worker is unparked, so none will ever see the flag."),
            on(wait_queued, "R0 waits for a result nobody will produce: dump() never returns (a deadlock)."),
        ],
    },
    Tour {
        scenario: "plain-store",
        stops: &[
            start("What if requesters set the flag with a plain store instead of a CAS?"),
            on(flag_won, "R0 stores true."),
            nth(2, flag_won, "R1 stores true too, over R0's value: both believe they drive the dump."),
            on(start_completed, "One dump round begins for two requesters."),
            on(taken, "R0 takes the only dump."),
            on(cleared, "R0 stores false, clearing the flag under R1, whose dump will never come."),
        ],
    },
    Tour {
        scenario: "no-end-barrier",
        stops: &[
            start("What if there were no trace_end barrier after the walk?"),
            on(flag_won, "R0 raises the flag."),
            on(start_completed, "W1 completes trace_start and leads."),
            on(broken, "Without trace_end, W0 went back to its tasks as soon as trace_start released it, and polls one while the leader walks (S1 broken)."),
            on(stashed, "The dump is stashed, though it was taken while W0 was running tasks."),
            on(returned, "R0 gets its dump and clears the flag."),
        ],
    },
    Tour {
        scenario: "no-maintenance-check",
        stops: &[
            start("What if busy workers did not read the flag at maintenance?"),
            on(flag_won, "R0 raises the flag."),
            on(nudged, "notify_all finds nobody parked: busy workers are not helped by an unpark token."),
            on(read_flag, "Only once a worker runs out of work and parks does it read the flag: the dump waits for the runtime to go idle."),
            on(start_completed, "The workers meet at trace_start at last."),
            on(returned, "dump() returns, far later than with maintenance checks."),
        ],
    },
    Tour {
        scenario: "inline-dump",
        stops: &[
            start("What if the requester ran inside its caller's future, so that giving up stops it?"),
            on(flag_won, "R0 wins the flag."),
            on(gave_up, "R0's caller gives up, and the requester stops where it stands, with the flag still set."),
            on(start_completed, "The workers take a dump nobody will collect."),
            on(permit_stored, "notify_one finds no waiter: a permit is stored for a requester that is gone."),
            nth(2, start_completed, "The flag is still set, so the workers start another round."),
            nth(2, stashed, "A second dump replaces the first, which nobody took. R1 cannot get the flag: the rounds go on for ever."),
        ],
    },
    Tour {
        scenario: "issue7478-idle-dump",
        stops: &[
            start("Issue 7478: four parked workers, no tasks. A spawner waits for the dump to return, then spawns two tasks."),
            on(still_listed, "The nudge wakes W0; it reads the flag and leaves its park loop still listed as asleep in Idle (S6). Every woken worker does the same."),
            on(start_completed, "The dump itself goes well: the last arrival leads."),
            on(returned, "dump() returns. The workers park again and list themselves a second time; num_unparked wraps below zero."),
            on(spawned, "The spawner pushes batch-1 on the injection queue."),
            on(notify_refused, "NotifyOne sees a wrapped count (every worker looks awake) and wakes nobody: the batch is never polled (L3)."),
        ],
    },
    Tour {
        scenario: "issue7478-partial",
        stops: &[
            start("Issue 7478, the other half: W0 is busy, W1 parked. The spawner (S0) spawns late work whenever you step it."),
            on(flag_won, "R0 raises the flag."),
            on(nudged, "The nudge wakes the parked W1."),
            on(start_completed, "Both workers meet at trace_start."),
            on(returned, "dump() returns. Step S0 now, or after the workers park, to see where late work runs, or why it does not."),
        ],
    },
    Tour {
        scenario: "pr8372-spawn-after-dump",
        stops: &[
            start("PR 8372's regression test: one parked worker, a dump, then a spawn once the worker has parked again."),
            on(still_listed, "W0 leaves its park loop to trace while still listed as asleep (S6)."),
            on(start_completed, "With one worker, its own arrival completes trace_start."),
            on(returned, "dump() returns. W0 parks again and lists itself twice; num_unparked wraps."),
            on(spawned, "The spawner pushes probe."),
            on(notify_refused, "NotifyOne wakes nobody: probe stays queued for ever (L3). Switch to idle-fix or tokio-1.54 to see the fix."),
        ],
    },
    Tour {
        scenario: "spawn-during-dump",
        stops: &[
            start("One parked worker; spawner S0 spawns while the leader walks, spawner S1 after the dump."),
            on(still_listed, "W0 leaves its park loop to trace while still listed as asleep (S6)."),
            on(start_completed, "W0 leads its own dump."),
            on(skipped, "probe-1 was bound after the gather: it is already notified, so the walk skips it."),
            on(incomplete, "The dump leaves probe-1 out (C1, by design since Tokio 1.35)."),
            on(returned, "dump() returns."),
            nth(2, spawned, "S1 spawns probe-2 after the dump."),
            on(notify_refused, "NotifyOne wakes nobody: num_searching still counts a searcher claimed on W0's stale entry during the walk. probe-2 never runs (L3)."),
        ],
    },
    Tour {
        scenario: "pr8370-wedged-loop",
        stops: &[
            start("PR 8370: W0 spins in a poll that never yields; a caller dumps in a loop."),
            on(call_started, "The caller starts its first round: a requester on a thread of its own."),
            on(flag_won, "The requester raises the flag."),
            on(leaked, "A busy worker's wait at trace_start times out, and the barrier keeps its arrival counted."),
            on(start_completed, "Leaked arrivals complete trace_start with W0 still spinning: a lone leader walks beside a running task (S1)."),
            on(stashed, "The dump is stashed; the leader now waits at trace_end for a worker that is not coming."),
        ],
    },
    Tour {
        scenario: "issue6035-complete-during-trace",
        stops: &[
            start("Issue 6035 under Tokio 1.29-1.32: finisher completes when it is polled in trace mode."),
            on(flag_won, "R0 raises the flag."),
            on(start_completed, "A worker leads."),
            on(collected, "The leader takes the owned-tasks lock and collects every task for tracing."),
            on(lock_waiting, "The trace poll completes finisher, which must leave the owned list: that needs the lock the leader holds itself. It waits for ever (S8)."),
        ],
    },
    Tour {
        scenario: "issue6051-timer-loop",
        stops: &[
            start("Issue 6051: a task sleeps on a timer; a caller dumps in a loop and gives up on each round after a timeout."),
            on(call_started, "Round 1: a requester on its own thread."),
            on(gave_up, "The caller gives up on round 1; its requester runs on, abandoned."),
            on(still_listed, "A woken worker leaves its park loop still listed as asleep (S6)."),
            on(start_completed, "A worker leads."),
            on(stashed, "The dump is stashed."),
            on(returned, "A requester returns."),
            on(owed, "The leader wakes the tasks it traced. Try the timer step (t0: timer fires) while a worker is parked, just before a dump, to put sleeper in a LIFO slot the walk does not gather."),
        ],
    },
    Tour {
        scenario: "outside-wake-after-gather",
        stops: &[
            start("W0 is busy, W1 parked, and a thread outside the runtime may wake listener at any moment (step t1:wake by hand)."),
            on(flag_won, "R0 raises the flag."),
            on(still_listed, "W1 wakes to trace while still listed as asleep (S6)."),
            on(start_completed, "The workers meet; a leader walks. An outside wake now, after the gather, would leave listener notified and not gathered."),
            on(returned, "dump() returns."),
            on(owed, "The leader wakes the tasks it traced."),
        ],
    },
    Tour {
        scenario: "issue6343-slow-threads",
        stops: &[
            start("Issue 6343: three busy workers. Check it under timing any, where any thread may be descheduled past the timeout."),
            on(flag_won, "R0 raises the flag."),
            on(nudged, "Nobody is parked: the workers see the flag at maintenance."),
            on(start_completed, "In this run every worker arrives in time and the last one leads."),
            on(stashed, "A consistent dump. The checker finds the runs where a timeout leaks an arrival."),
            on(returned, "dump() returns."),
        ],
    },
    Tour {
        scenario: "wake-self-during-trace",
        stops: &[
            start("Under Tokio 1.29-1.32: self-waker wakes itself when it is polled in trace mode."),
            on(start_completed, "A worker leads."),
            on(traced, "The trace poll of self-waker wakes it: it is rescheduled on the injection queue."),
            on(broke_s7a, "Then the leader's own reschedule of every traced task adds a second entry (S7a)."),
            on(returned, "dump() returns."),
            on(panicked, "One entry runs; the second finds the NOTIFIED bit clear: `assertion failed: next.is_notified()` (S7)."),
        ],
    },
    Tour {
        scenario: "dump-during-shutdown",
        stops: &[
            start("W0 is busy, W1 parked, and the runtime may be dropped at any moment (step the dropper, d0, by hand)."),
            on(flag_won, "R0 raises the flag. Drop the runtime now to see why trace_start has a timeout."),
            on(start_completed, "Here the workers meet before any shutdown."),
            on(returned, "dump() returns."),
            on(owed, "The leader wakes the tasks it traced. Under no-timeout, a close before the workers meet leaves one waiting at trace_start for a worker that exited."),
        ],
    },
    Tour {
        scenario: "tcl-lsp-wedge",
        stops: &[
            start("W1 runs long-poll, which blocks its thread and wakes handler-2 into W1's LIFO slot; W0 runs handler."),
            on(flag_won, "R0 raises the flag."),
            on(still_listed, "A worker leaves its park loop to trace while still listed as asleep (S6)."),
            on(start_completed, "The workers meet. Under timing any a lone leader can form while long-poll still runs: check it."),
            on(returned, "dump() returns."),
        ],
    },
    Tour {
        scenario: "lifo-not-gathered",
        stops: &[
            start("Two parked workers and sleeper, a task on a timer. The walk's gather takes run queues, not LIFO slots."),
            on(still_listed, "A woken worker leaves its park loop still listed as asleep (S6)."),
            on(start_completed, "A worker leads; sleeper is idle, so it is collected and traced."),
            on(returned, "dump() returns."),
            on(timer_fired, "sleeper's timer fires into a parked worker's LIFO slot. Fire it this way just before a dump (t0:fire-w0) to see the LIFO path."),
            on(unparked_with_work, "The worker wakes with sleeper in its LIFO slot: having local work, it takes itself off the sleepers list, and runs the slot first."),
        ],
    },
    Tour {
        scenario: "issue5638-very-stuck",
        stops: &[
            start("W1 is stuck in a poll that only ends when you release it; W0 runs work."),
            on(flag_won, "R0 raises the flag."),
            on(leaked, "W0 times out at trace_start and leaks its arrival."),
            on(start_completed, "W0 completes trace_start alone and walks while stuck is still in its poll (S1)."),
            on(returned, "dump() returns a dump that lists stuck as running with an empty trace."),
        ],
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn a_tour_link_opens_its_stop_and_next_moves_on() {
        let playground = Playground::from_fragment("#scenario=wedged-worker&tour=3");
        assert_eq!(playground.error(), None);
        assert_eq!(playground.tour(), Some(3));
        assert_eq!(
            Some(playground.run().cursor()),
            tour("wedged-worker").unwrap().stops[3].step_in(playground.run())
        );
        let next = Rc::new(playground).reduce(Action::Tour(4));
        let fifth = tour("wedged-worker").unwrap().stops[4].step_in(next.run());
        assert_eq!(Some(next.run().cursor()), fifth);
        let restored = Playground::from_fragment(&next.fragment());
        assert_eq!(restored.tour(), Some(4));
        assert_eq!(Some(restored.run().cursor()), fifth);
        let off = next.reduce(Action::Take(rendezvous_core::Action::Worker(0)));
        assert_eq!(off.tour(), None);
        assert!(Playground::from_fragment("#scenario=no-nudge&tour=99")
            .error()
            .is_some());
    }

    use super::*;
    use crate::state::{Action, Playground, Settings};
    use rendezvous_core::scenario::BUILTINS;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn every_builtin_has_a_tour_of_five_to_ten_stops() {
        for entry in BUILTINS {
            let tour = tour(entry.name).unwrap_or_else(|| panic!("no tour of {}", entry.name));
            assert!((5..=10).contains(&tour.stops.len()), "{}", entry.name);
            assert!(
                matches!(tour.stops[0].at, At::Start),
                "{}: a tour starts at the start",
                entry.name
            );
        }
        assert_eq!(TOURS.len(), BUILTINS.len());
    }

    #[test]
    fn every_stop_lies_within_its_default_run_in_order() {
        for tour in TOURS {
            let mut playground =
                Rc::new(Playground::new(Settings::builtin(tour.scenario).unwrap()));
            while tour
                .stops
                .iter()
                .any(|stop| stop.step_in(playground.run()).is_none())
                && playground.run().len() < MAX_TOUR_STEPS
                && playground.can_step_forward()
            {
                playground = playground.reduce(Action::Step);
            }
            let mut last = None;
            for (index, stop) in tour.stops.iter().enumerate() {
                let step = stop.step_in(playground.run()).unwrap_or_else(|| {
                    panic!("{}: stop {index} is not in the default run", tour.scenario)
                });
                assert!(
                    last.is_none_or(|last| step > last),
                    "{}: stop {index} at step {step} does not come after the one before",
                    tour.scenario
                );
                last = Some(step);
            }
        }
    }
}
