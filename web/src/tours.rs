//! Guided tours: for every built-in scenario, a few stops along its default
//! run (the scenario's own schedule, then round-robin: what the Step
//! button records), each with a note on what to notice and why the
//! protocol does it (the notes are the worker's: the page asks for a
//! stop's note when it shows it, `checker-wasm/src/tour_notes.rs`). A stop is anchored to an event of the run (the n-th
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

/// One stop of a tour. Its note (what to notice, and why) is the
/// worker's, fetched when the stop is shown (`checker-wasm/src/
/// tour_notes.rs`, the same order).
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    /// The moment to show.
    pub at: At,
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

const fn start() -> Stop {
    Stop { at: At::Start }
}

const fn on(test: fn(&Event) -> bool) -> Stop {
    Stop {
        at: At::Event(test, 1),
    }
}

const fn nth(n: u8, test: fn(&Event) -> bool) -> Stop {
    Stop {
        at: At::Event(test, n),
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
            start(),
            on(flag_won),
            on(nudged),
            nth(3, read_flag),
            on(still_listed),
            on(start_completed),
            on(stashed),
            on(notified),
            on(end_completed),
            on(returned),
        ],
    },
    Tour {
        scenario: "busy-workers",
        stops: &[
            start(),
            on(flag_won),
            on(nudged),
            nth(3, read_flag),
            on(start_completed),
            on(gathered),
            on(stashed),
            on(end_completed),
            on(returned),
        ],
    },
    Tour {
        scenario: "two-requesters",
        stops: &[
            start(),
            on(flag_won),
            on(flag_lost),
            on(start_completed),
            on(notified),
            on(returned),
            nth(2, flag_won),
            nth(2, start_completed),
        ],
    },
    Tour {
        scenario: "early-result",
        stops: &[
            start(),
            on(start_completed),
            on(stashed),
            on(permit_stored),
            on(permit_used),
            on(taken),
            on(returned),
        ],
    },
    Tour {
        scenario: "wedged-worker",
        stops: &[
            start(),
            on(flag_won),
            on(arrived_start),
            on(leaked),
            on(start_completed),
            on(empty_trace),
            on(returned),
        ],
    },
    Tour {
        scenario: "abandoned-dump",
        stops: &[
            start(),
            on(flag_won),
            on(gave_up),
            on(start_completed),
            on(returned),
            nth(2, flag_won),
            nth(2, stashed),
        ],
    },
    Tour {
        scenario: "no-timeout",
        stops: &[
            start(),
            on(flag_won),
            on(arrived_start),
            on(start_completed),
            on(notified),
            on(returned),
        ],
    },
    Tour {
        scenario: "notify-waiters",
        stops: &[
            start(),
            on(start_completed),
            on(stashed),
            on(notified),
            on(end_completed),
        ],
    },
    Tour {
        scenario: "no-nudge",
        stops: &[
            start(),
            on(flag_won),
            on(slot_empty),
            on(nudged),
            on(wait_queued),
        ],
    },
    Tour {
        scenario: "plain-store",
        stops: &[
            start(),
            on(flag_won),
            nth(2, flag_won),
            on(start_completed),
            on(taken),
            on(cleared),
        ],
    },
    Tour {
        scenario: "no-end-barrier",
        stops: &[
            start(),
            on(flag_won),
            on(start_completed),
            on(broken),
            on(stashed),
            on(returned),
        ],
    },
    Tour {
        scenario: "no-maintenance-check",
        stops: &[
            start(),
            on(flag_won),
            on(nudged),
            on(read_flag),
            on(start_completed),
            on(returned),
        ],
    },
    Tour {
        scenario: "inline-dump",
        stops: &[
            start(),
            on(flag_won),
            on(gave_up),
            on(start_completed),
            on(permit_stored),
            nth(2, start_completed),
            nth(2, stashed),
        ],
    },
    Tour {
        scenario: "issue7478-idle-dump",
        stops: &[
            start(),
            on(still_listed),
            on(start_completed),
            on(returned),
            on(spawned),
            on(notify_refused),
        ],
    },
    Tour {
        scenario: "issue7478-partial",
        stops: &[
            start(),
            on(flag_won),
            on(nudged),
            on(start_completed),
            on(returned),
        ],
    },
    Tour {
        scenario: "pr8372-spawn-after-dump",
        stops: &[
            start(),
            on(still_listed),
            on(start_completed),
            on(returned),
            on(spawned),
            on(notify_refused),
        ],
    },
    Tour {
        scenario: "spawn-during-dump",
        stops: &[
            start(),
            on(still_listed),
            on(start_completed),
            on(skipped),
            on(incomplete),
            on(returned),
            nth(2, spawned),
            on(notify_refused),
        ],
    },
    Tour {
        scenario: "pr8370-wedged-loop",
        stops: &[
            start(),
            on(call_started),
            on(flag_won),
            on(leaked),
            on(start_completed),
            on(stashed),
        ],
    },
    Tour {
        scenario: "issue6035-complete-during-trace",
        stops: &[
            start(),
            on(flag_won),
            on(start_completed),
            on(collected),
            on(lock_waiting),
        ],
    },
    Tour {
        scenario: "issue6051-timer-loop",
        stops: &[
            start(),
            on(call_started),
            on(gave_up),
            on(still_listed),
            on(start_completed),
            on(stashed),
            on(returned),
            on(owed),
        ],
    },
    Tour {
        scenario: "outside-wake-after-gather",
        stops: &[
            start(),
            on(flag_won),
            on(still_listed),
            on(start_completed),
            on(returned),
            on(owed),
        ],
    },
    Tour {
        scenario: "issue6343-slow-threads",
        stops: &[
            start(),
            on(flag_won),
            on(nudged),
            on(start_completed),
            on(stashed),
            on(returned),
        ],
    },
    Tour {
        scenario: "wake-self-during-trace",
        stops: &[
            start(),
            on(start_completed),
            on(traced),
            on(broke_s7a),
            on(returned),
            on(panicked),
        ],
    },
    Tour {
        scenario: "dump-during-shutdown",
        stops: &[
            start(),
            on(flag_won),
            on(start_completed),
            on(returned),
            on(owed),
        ],
    },
    Tour {
        scenario: "tcl-lsp-wedge",
        stops: &[
            start(),
            on(flag_won),
            on(still_listed),
            on(start_completed),
            on(returned),
        ],
    },
    Tour {
        scenario: "lifo-not-gathered",
        stops: &[
            start(),
            on(still_listed),
            on(start_completed),
            on(returned),
            on(timer_fired),
            on(unparked_with_work),
        ],
    },
    Tour {
        scenario: "issue5638-very-stuck",
        stops: &[
            start(),
            on(flag_won),
            on(leaked),
            on(start_completed),
            on(returned),
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
