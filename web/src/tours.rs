//! Guided tours: for every built-in scenario, a few stops along its default
//! run (the scenario's own schedule, then round-robin: what the Step
//! button records), each with a note on what to notice and why the
//! protocol does it. A stop is a step count: stop `12` shows the moment
//! after step 12.
//!
//! Plain data; `tests` below replays every default run natively and checks
//! that each stop lies within it.

/// One stop of a tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The cursor to show: the moment after this many steps.
    pub step: usize,
    /// What to notice, and why.
    pub note: &'static str,
}

/// The tour of one built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tour {
    /// The scenario's name (`scenario::BUILTINS`).
    pub scenario: &'static str,
    /// The stops, in step order.
    pub stops: &'static [Stop],
}

const fn stop(step: usize, note: &'static str) -> Stop {
    Stop { step, note }
}

/// The tour of `scenario`, if it has one.
pub fn tour(scenario: &str) -> Option<&'static Tour> {
    TOURS.iter().find(|tour| tour.scenario == scenario)
}

/// Every tour, one per built-in scenario.
pub const TOURS: &[Tour] = &[
    Tour {
        scenario: "quiet-runtime",
        stops: &[
            stop(0, "Three idle workers and one caller of dump(). Nothing is requested yet: the flag trace_requested is off and both barriers are empty."),
            stop(1, "R0 wins the compare-and-swap on trace_requested. The CAS, not a plain store, is what makes R0 the only requester driving this dump."),
            stop(3, "Parked workers never look at the flag, so R0 calls notify_all to unpark every worker; each gets a token and will run its maintenance."),
            stop(10, "Every worker has loaded trace_requested and set itself to trace: at its next loop it calls trace_core instead of polling tasks."),
            stop(19, "The last worker to arrive at trace_start completes the barrier and becomes the leader. Only the leader walks the tasks; the others wait at trace_end."),
            stop(26, "The leader has traced every task while nobody else could poll one, and stashes the dump in trace_result."),
            stop(27, "notify_one on result_ready wakes the waiting requester. If nobody were waiting yet, a permit would be stored instead (see early-result)."),
            stop(29, "The leader arrives last at trace_end, which releases every worker back to its tasks. trace_end keeps workers from running tasks while the walk is still going."),
            stop(34, "R0 takes the dump, clears the flag with a second CAS and dump() returns: the whole protocol in one run."),
        ],
    },
    Tour {
        scenario: "busy-workers",
        stops: &[
            stop(0, "Three workers with queued tasks: they are busy, not parked, so the requester's nudge matters less than their maintenance ticks."),
            stop(4, "R0 raises trace_requested. Busy workers only read the flag at maintenance, every event_interval ticks."),
            stop(12, "notify_all finds nobody parked: the workers will notice the flag on their own, at their next maintenance."),
            stop(28, "All three have read the flag at maintenance. A busy worker finishes the poll it is in before it can trace: tasks are never interrupted."),
            stop(43, "The last arrival at trace_start is the leader; it gathers every queued task so the dump covers them all."),
            stop(53, "A dump of five tasks stashed in trace_result, taken while no worker was polling: a consistent picture."),
            stop(56, "trace_end completes and the workers go back to their queues."),
            stop(61, "dump() returns and the flag is cleared, so the next request starts from scratch."),
        ],
    },
    Tour {
        scenario: "two-requesters",
        stops: &[
            stop(0, "Two callers ask for a dump at once. Only one dump can be in flight: the flag decides who drives it."),
            stop(1, "R0 wins the CAS on trace_requested."),
            stop(2, "R1's CAS fails: the flag is already set. R1 does not give up; it nudges the workers and tries again later."),
            stop(20, "W1 completes trace_start and leads R0's dump."),
            stop(30, "The result is for whoever holds the flag: notify_one wakes R0."),
            stop(38, "R0 clears the flag and returns. Only now can R1's CAS succeed."),
            stop(39, "R1 wins the flag on its next try and a second round of the protocol begins, with fresh barrier generations."),
            stop(63, "Generation 2 of the barriers: a different leader (W0) this time, and the dump goes to R1."),
        ],
    },
    Tour {
        scenario: "early-result",
        stops: &[
            stop(0, "A scripted run where the leader finishes before the requester starts waiting for the result."),
            stop(13, "W1 completes trace_start and leads."),
            stop(16, "The dump is stashed in trace_result while R0 has not yet begun to wait on result_ready."),
            stop(17, "notify_one finds no waiter, so Notify stores a permit. This is why Tokio uses notify_one and not notify_waiters: the wake-up is kept."),
            stop(18, "R0 finds the stored permit and goes on at once, instead of sleeping for ever."),
            stop(21, "R0 locks trace_result and takes the dump the permit announced."),
            stop(24, "dump() returns a complete dump: the early result was not lost."),
        ],
    },
    Tour {
        scenario: "wedged-worker",
        stops: &[
            stop(0, "W1 will soon run a task that blocks its thread (blocking-read). A blocked worker cannot reach trace_start."),
            stop(3, "R0 raises the flag while W1 is about to be stuck in its task."),
            stop(14, "W0 reads the flag and goes to trace_start, where it waits for W1, which cannot come."),
            stop(20, "W0's wait times out. In Tokio 1.48 the barrier keeps its arrival counted: count 1 is left behind."),
            stop(33, "W0 arrives again and the leaked count completes the barrier: W0 becomes leader although W1 never arrived."),
            stop(36, "The leader traces while W1 is still running its task (S1 broken): the dump is corrupt. The fixed barrier withdraws a timed-out arrival."),
            stop(42, "dump() returns the corrupt dump to its caller. Try the fixed variant to see the difference."),
        ],
    },
    Tour {
        scenario: "abandoned-dump",
        stops: &[
            stop(0, "Two callers; the first will give up waiting."),
            stop(3, "R0 wins the flag."),
            stop(15, "R0's caller gives up, but the requester runs on in its own thread: the protocol must still finish, or the flag would stay set for ever."),
            stop(49, "The dump nobody wants is still taken: W1 leads it."),
            stop(69, "R0 finishes its dump() and clears the flag; the dump is dropped because its caller is gone."),
            stop(70, "Now R1 can win the flag and get a dump of its own."),
            stop(98, "The second round's dump is stashed for R1."),
        ],
    },
    Tour {
        scenario: "no-timeout",
        stops: &[
            stop(0, "What if trace_start had no timeout? A worker would wait at the barrier until everyone arrives."),
            stop(3, "R0 raises the flag."),
            stop(19, "W0 reaches trace_start first and waits: with no timeout it cannot go back to its tasks meanwhile."),
            stop(33, "W1 arrives at last and leads. Here that works, but one worker that never arrives would hold every other one for ever."),
            stop(40, "The dump is stashed and R0 woken."),
            stop(46, "dump() returns. Run the checker on this variant to find the schedule that hangs."),
        ],
    },
    Tour {
        scenario: "notify-waiters",
        stops: &[
            stop(0, "What if the leader used notify_waiters instead of notify_one?"),
            stop(13, "W1 leads, as in early-result."),
            stop(16, "The dump is stashed before R0 waits for it."),
            stop(17, "notify_waiters wakes only those already waiting and keeps no permit: the wake-up is lost."),
            stop(28, "R0 waits on result_ready for ever: a deadlock, though the dump is ready in the slot."),
        ],
    },
    Tour {
        scenario: "no-nudge",
        stops: &[
            stop(0, "What if the requester did not call notify_all? Every worker is parked."),
            stop(1, "R0 raises the flag, but parked workers do not read it."),
            stop(2, "R0 is about to nudge the workers."),
            stop(3, "It skips notify_all: no worker is unparked, so none will ever see the flag."),
            stop(4, "R0 waits for a result nobody will produce: dump() never returns (a deadlock)."),
        ],
    },
    Tour {
        scenario: "plain-store",
        stops: &[
            stop(0, "What if requesters set the flag with a plain store instead of a CAS?"),
            stop(1, "R0 stores true."),
            stop(2, "R1 stores true too, over R0's value: both believe they drive the dump."),
            stop(18, "One dump round begins for two requesters."),
            stop(27, "R0 takes the only dump."),
            stop(30, "R0 stores false, clearing the flag under R1, whose dump will never come: the run ends in a deadlock."),
        ],
    },
    Tour {
        scenario: "no-end-barrier",
        stops: &[
            stop(0, "What if there were no trace_end barrier after the walk?"),
            stop(3, "R0 raises the flag."),
            stop(30, "W1 leads and starts walking the tasks."),
            stop(40, "Without trace_end, W0 went back to its tasks as soon as trace_start released it."),
            stop(41, "W0 still sees the flag set and heads for trace_start again, while the dump is not even delivered."),
            stop(49, "R0 gets its dump and clears the flag."),
            stop(50, "W0 arrives at trace_start for a second, unwanted round and waits there alone: nothing held it back while the flag was still set."),
        ],
    },
    Tour {
        scenario: "no-maintenance-check",
        stops: &[
            stop(0, "What if busy workers did not read the flag at maintenance?"),
            stop(3, "R0 raises the flag."),
            stop(9, "notify_all finds nobody parked: busy workers are not helped by an unpark token."),
            stop(39, "Only once W0 runs out of work and parks does it read the flag: the dump waits for the runtime to go idle."),
            stop(46, "W1 leads at last."),
            stop(58, "dump() returns, far later than with maintenance checks."),
        ],
    },
    Tour {
        scenario: "inline-dump",
        stops: &[
            stop(0, "What if the requester ran inside its caller's future, so that giving up stops it?"),
            stop(3, "R0 wins the flag."),
            stop(15, "R0's caller gives up, and the requester stops where it stands, with the flag still set."),
            stop(48, "The workers take a dump nobody will collect."),
            stop(60, "notify_one finds no waiter: a permit is stored for a requester that is gone."),
            stop(97, "The flag is still set, so the workers start another round: generation 2."),
            stop(105, "A second dump replaces the first, which nobody took. R1 cannot get the flag: the rounds go on for ever."),
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
            playground.run().cursor(),
            tour("wedged-worker").unwrap().stops[3].step
        );
        let next = Rc::new(playground).reduce(Action::Tour(4));
        assert_eq!(next.run().cursor(), 33);
        let restored = Playground::from_fragment(&next.fragment());
        assert_eq!(restored.tour(), Some(4));
        assert_eq!(restored.run().cursor(), 33);
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
                tour.stops
                    .windows(2)
                    .all(|pair| pair[0].step < pair[1].step),
                "{}: stops out of order",
                entry.name
            );
        }
        assert_eq!(TOURS.len(), BUILTINS.len());
    }

    #[test]
    fn every_stop_lies_within_its_default_run() {
        for tour in TOURS {
            let last = tour.stops.last().map_or(0, |stop| stop.step);
            let mut playground =
                Rc::new(Playground::new(Settings::builtin(tour.scenario).unwrap()));
            while playground.run().len() < last && playground.can_step_forward() {
                playground = playground.reduce(Action::Step);
            }
            for stop in tour.stops {
                assert!(
                    stop.step <= playground.run().len(),
                    "{}: stop at step {} but the run has {} steps",
                    tour.scenario,
                    stop.step,
                    playground.run().len()
                );
            }
        }
    }
}
