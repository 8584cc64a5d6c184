//! The notes of the guided tours (`web/src/tours.rs`): for every built-in
//! scenario with a tour, what to notice at each stop, and why the protocol
//! does it, in the order of the tour's stops. The page anchors each stop to
//! an event of the run and asks the worker for the stop's note when it shows
//! it ([`crate::Request::TourNote`]), so its first load carries no prose of
//! the tours. A test holds the two lists to the same scenarios and lengths.

/// Every tour's notes: the scenario, then one note per stop.
pub const NOTES: &[(&str, &[&str])] = &[
    (
        "quiet-runtime",
        &[
            "Three idle workers and one caller of dump(). Nothing is requested yet: the flag trace_requested is off and both barriers are empty.",
            "R0 wins the compare-and-swap on trace_requested. The CAS, not a plain store, is what makes R0 the only requester driving this dump.",
            "Parked workers never look at the flag, so R0 calls notify_all to unpark every worker; each gets a token.",
            "Every worker has loaded trace_requested and set itself to trace: at its next loop it calls trace_core instead of polling tasks.",
            "W0 leaves its park loop while the scheduler's Idle record still lists it as asleep: up to Tokio 1.53 a dump corrupts that record (S6).",
            "The last worker to arrive at trace_start completes the barrier and becomes the leader. Only the leader walks the tasks; the others wait at trace_end.",
            "The leader has gathered the queues, collected and traced every task while nobody else could poll one, and stashes the dump in trace_result.",
            "notify_one on result_ready wakes the waiting requester. If nobody were waiting yet, a permit would be stored instead (see early-result).",
            "The leader arrives last at trace_end, which releases every worker back to its tasks.",
            "R0 takes the dump, clears the flag with a second CAS and dump() returns: the whole protocol in one run.",
        ],
    ),
    (
        "busy-workers",
        &[
            "Three workers with queued tasks: they are busy, not parked, so the requester's nudge matters less than their maintenance ticks.",
            "R0 raises trace_requested. Busy workers only read the flag at maintenance, every event_interval ticks.",
            "notify_all finds nobody parked: the workers will notice the flag on their own, at their next maintenance.",
            "All three have read the flag at maintenance. A busy worker finishes the poll it is in before it can trace: tasks are never interrupted.",
            "The last arrival at trace_start is the leader.",
            "The leader takes every queued task into its own hands, so the dump covers them all.",
            "A dump stashed in trace_result, taken while no worker was polling: a consistent picture.",
            "trace_end completes and the workers go back to their queues.",
            "dump() returns and the flag is cleared, so the next request starts from scratch.",
        ],
    ),
    (
        "two-requesters",
        &[
            "Two callers ask for a dump at once. Only one dump can be in flight: the flag decides who drives it.",
            "R0 wins the CAS on trace_requested.",
            "R1's CAS fails: the flag is already set. R1 does not give up; it nudges the workers and tries again later.",
            "A worker completes trace_start and leads R0's dump.",
            "The result is for whoever holds the flag: notify_one wakes R0.",
            "R0 clears the flag and returns. Only now can R1's CAS succeed.",
            "R1 wins the flag on its next try and a second round of the protocol begins.",
            "Generation 2 of the barriers: this dump goes to R1.",
        ],
    ),
    (
        "early-result",
        &[
            "A scripted run where the leader finishes before the requester starts waiting for the result.",
            "W1 completes trace_start and leads.",
            "The dump is stashed in trace_result while R0 has not yet begun to wait on result_ready.",
            "notify_one finds no waiter, so Notify stores a permit. This is why Tokio uses notify_one and not notify_waiters: the wake-up is kept.",
            "R0 finds the stored permit and goes on at once, instead of sleeping for ever.",
            "R0 locks trace_result and takes the dump the permit announced.",
            "dump() returns a complete dump: the early result was not lost.",
        ],
    ),
    (
        "wedged-worker",
        &[
            "W1 is stuck in a task that blocks its thread (blocking-read). A blocked worker cannot reach trace_start.",
            "R0 raises the flag while W1 is stuck in its task.",
            "W0 reads the flag at maintenance and goes to trace_start, where it waits for W1, which cannot come.",
            "W0's wait times out. In every Tokio release so far the barrier keeps its arrival counted: count 1 is left behind.",
            "W0 arrives again and the leaked count completes the barrier: W0 becomes leader although W1 never arrived, and walks the tasks while W1 is still polling (S1 broken).",
            "The leader cannot trace blocking-read: it is running on W1. Tokio 1.29 to 1.53 list it with an empty trace; the fixed barrier withdraws a timed-out arrival instead.",
            "dump() returns the corrupt dump to its caller. Try the fixed variant to see the difference.",
        ],
    ),
    (
        "abandoned-dump",
        &[
            "Two callers; the first will give up waiting.",
            "R0 wins the flag.",
            "R0's caller gives up, but the requester runs on in its own thread: the protocol must still finish, or the flag would stay set for ever.",
            "The dump nobody wants is still taken.",
            "R0 finishes its dump() and clears the flag; the dump is dropped because its caller is gone.",
            "Now R1 can win the flag and get a dump of its own.",
            "The second round's dump is stashed for R1.",
        ],
    ),
    (
        "no-timeout",
        &[
            "What if trace_start had no timeout? A worker would wait at the barrier until everyone arrives.",
            "R0 raises the flag.",
            "The first worker reaches trace_start and waits: with no timeout it cannot go back to its tasks meanwhile.",
            "The other arrives at last and leads. Here that works, but one worker that never arrives would hold every other one for ever.",
            "The dump is stashed and R0 woken.",
            "dump() returns. Try dump-during-shutdown under no-timeout to see the schedule that hangs.",
        ],
    ),
    (
        "notify-waiters",
        &[
            "What if the leader used notify_waiters instead of notify_one?",
            "W1 leads, as in early-result.",
            "The dump is stashed before R0 waits for it.",
            "notify_waiters wakes only those already waiting and keeps no permit: the wake-up is lost.",
            "The workers go back to their loops while R0 waits on result_ready for ever, though the dump is ready in the slot.",
        ],
    ),
    (
        "no-nudge",
        &[
            "What if the requester did not call notify_all? Every worker is parked.",
            "R0 raises the flag, but parked workers do not read it.",
            "R0 finds trace_result empty and is about to nudge the workers.",
            "It skips notify_all: no worker is unparked, so none will ever see the flag.",
            "R0 waits for a result nobody will produce: dump() never returns (a deadlock).",
        ],
    ),
    (
        "plain-store",
        &[
            "What if requesters set the flag with a plain store instead of a CAS?",
            "R0 stores true.",
            "R1 stores true too, over R0's value: both believe they drive the dump.",
            "One dump round begins for two requesters.",
            "R0 takes the only dump.",
            "R0 stores false, clearing the flag under R1, whose dump will never come.",
        ],
    ),
    (
        "no-end-barrier",
        &[
            "What if there were no trace_end barrier after the walk?",
            "R0 raises the flag.",
            "W1 completes trace_start and leads.",
            "Without trace_end, W0 went back to its tasks as soon as trace_start released it, and polls one while the leader walks (S1 broken).",
            "The dump is stashed, though it was taken while W0 was running tasks.",
            "R0 gets its dump and clears the flag.",
        ],
    ),
    (
        "no-maintenance-check",
        &[
            "What if busy workers did not read the flag at maintenance?",
            "R0 raises the flag.",
            "notify_all finds nobody parked: busy workers are not helped by an unpark token.",
            "Only once a worker runs out of work and parks does it read the flag: the dump waits for the runtime to go idle.",
            "The workers meet at trace_start at last.",
            "dump() returns, far later than with maintenance checks.",
        ],
    ),
    (
        "inline-dump",
        &[
            "What if the requester ran inside its caller's future, so that giving up stops it?",
            "R0 wins the flag.",
            "R0's caller gives up, and the requester stops where it stands, with the flag still set.",
            "The workers take a dump nobody will collect.",
            "notify_one finds no waiter: a permit is stored for a requester that is gone.",
            "The flag is still set, so the workers start another round.",
            "A second dump replaces the first, which nobody took. R1 cannot get the flag: the rounds go on for ever.",
        ],
    ),
    (
        "issue7478-idle-dump",
        &[
            "Issue 7478: four parked workers, no tasks. A spawner waits for the dump to return, then spawns two tasks.",
            "The nudge wakes W0; it reads the flag and leaves its park loop still listed as asleep in Idle (S6). Every woken worker does the same.",
            "The dump itself goes well: the last arrival leads.",
            "dump() returns. The workers park again and list themselves a second time; num_unparked wraps below zero.",
            "The spawner pushes batch-1 on the injection queue.",
            "NotifyOne sees a wrapped count (every worker looks awake) and wakes nobody: the batch is never polled (L3).",
        ],
    ),
    (
        "issue7478-partial",
        &[
            "Issue 7478, the other half: W0 is busy, W1 parked. The spawner (S0) spawns late work whenever you step it.",
            "R0 raises the flag.",
            "The nudge wakes the parked W1.",
            "Both workers meet at trace_start.",
            "dump() returns. Step S0 now, or after the workers park, to see where late work runs, or why it does not.",
        ],
    ),
    (
        "pr8372-spawn-after-dump",
        &[
            "PR 8372's regression test: one parked worker, a dump, then a spawn once the worker has parked again.",
            "W0 leaves its park loop to trace while still listed as asleep (S6).",
            "With one worker, its own arrival completes trace_start.",
            "dump() returns. W0 parks again and lists itself twice; num_unparked wraps.",
            "The spawner pushes probe.",
            "NotifyOne wakes nobody: probe stays queued for ever (L3). Switch to idle-fix or tokio-1.54 to see the fix.",
        ],
    ),
    (
        "spawn-during-dump",
        &[
            "One parked worker; spawner S0 spawns while the leader walks, spawner S1 after the dump.",
            "W0 leaves its park loop to trace while still listed as asleep (S6).",
            "W0 leads its own dump.",
            "probe-1 was bound after the gather: it is already notified, so the walk skips it.",
            "The dump leaves probe-1 out (C1, by design since Tokio 1.35).",
            "dump() returns.",
            "S1 spawns probe-2 after the dump.",
            "NotifyOne wakes nobody: num_searching still counts a searcher claimed on W0's stale entry during the walk. probe-2 never runs (L3).",
        ],
    ),
    (
        "pr8370-wedged-loop",
        &[
            "PR 8370: W0 spins in a poll that never yields; a caller dumps in a loop.",
            "The caller starts its first round: a requester on a thread of its own.",
            "The requester raises the flag.",
            "A busy worker's wait at trace_start times out, and the barrier keeps its arrival counted.",
            "Leaked arrivals complete trace_start with W0 still spinning: a lone leader walks beside a running task (S1).",
            "The dump is stashed; the leader now waits at trace_end for a worker that is not coming.",
        ],
    ),
    (
        "issue6035-complete-during-trace",
        &[
            "Issue 6035 under Tokio 1.29-1.32: finisher completes when it is polled in trace mode.",
            "R0 raises the flag.",
            "A worker leads.",
            "The leader takes the owned-tasks lock and collects every task for tracing.",
            "The trace poll completes finisher, which must leave the owned list: that needs the lock the leader holds itself. It waits for ever (S8).",
        ],
    ),
    (
        "issue6051-timer-loop",
        &[
            "Issue 6051: a task sleeps on a timer; a caller dumps in a loop and gives up on each round after a timeout.",
            "Round 1: a requester on its own thread.",
            "The caller gives up on round 1; its requester runs on, abandoned.",
            "A woken worker leaves its park loop still listed as asleep (S6).",
            "A worker leads.",
            "The dump is stashed.",
            "A requester returns.",
            "The leader wakes the tasks it traced. Try the timer step (t0: timer fires) while a worker is parked, just before a dump, to put sleeper in a LIFO slot the walk does not gather.",
        ],
    ),
    (
        "outside-wake-after-gather",
        &[
            "W0 is busy, W1 parked, and a thread outside the runtime may wake listener at any moment (step t1:wake by hand).",
            "R0 raises the flag.",
            "W1 wakes to trace while still listed as asleep (S6).",
            "The workers meet; a leader walks. An outside wake now, after the gather, would leave listener notified and not gathered.",
            "dump() returns.",
            "The leader wakes the tasks it traced.",
        ],
    ),
    (
        "issue6343-slow-threads",
        &[
            "Issue 6343: three busy workers. Check it under timing any, where any thread may be descheduled past the timeout.",
            "R0 raises the flag.",
            "Nobody is parked: the workers see the flag at maintenance.",
            "In this run every worker arrives in time and the last one leads.",
            "A consistent dump. The checker finds the runs where a timeout leaks an arrival.",
            "dump() returns.",
        ],
    ),
    (
        "wake-self-during-trace",
        &[
            "Under Tokio 1.29-1.32: self-waker wakes itself when it is polled in trace mode.",
            "A worker leads.",
            "The trace poll of self-waker wakes it: it is rescheduled on the injection queue.",
            "Then the leader's own reschedule of every traced task adds a second entry (S7a).",
            "dump() returns.",
            "One entry runs; the second finds the NOTIFIED bit clear: `assertion failed: next.is_notified()` (S7).",
        ],
    ),
    (
        "dump-during-shutdown",
        &[
            "W0 is busy, W1 parked, and the runtime may be dropped at any moment (step the dropper, d0, by hand).",
            "R0 raises the flag. Drop the runtime now to see why trace_start has a timeout.",
            "Here the workers meet before any shutdown.",
            "dump() returns.",
            "The leader wakes the tasks it traced. Under no-timeout, a close before the workers meet leaves one waiting at trace_start for a worker that exited.",
        ],
    ),
    (
        "tcl-lsp-wedge",
        &[
            "W1 runs long-poll, which blocks its thread and wakes handler-2 into W1's LIFO slot; W0 runs handler.",
            "R0 raises the flag.",
            "A worker leaves its park loop to trace while still listed as asleep (S6).",
            "The workers meet. Under timing any a lone leader can form while long-poll still runs: check it.",
            "dump() returns.",
        ],
    ),
    (
        "lifo-not-gathered",
        &[
            "Two parked workers and sleeper, a task on a timer. The walk's gather takes run queues, not LIFO slots.",
            "A woken worker leaves its park loop still listed as asleep (S6).",
            "A worker leads; sleeper is idle, so it is collected and traced.",
            "dump() returns.",
            "sleeper's timer fires into a parked worker's LIFO slot. Fire it this way just before a dump (t0:fire-w0) to see the LIFO path.",
            "The worker wakes with sleeper in its LIFO slot: having local work, it takes itself off the sleepers list, and runs the slot first.",
        ],
    ),
    (
        "issue5638-very-stuck",
        &[
            "W1 is stuck in a poll that only ends when you release it; W0 runs work.",
            "R0 raises the flag.",
            "W0 times out at trace_start and leaks its arrival.",
            "W0 completes trace_start alone and walks while stuck is still in its poll (S1).",
            "dump() returns a dump that lists stuck as running with an empty trace.",
        ],
    ),
];

/// The note of stop `stop` (0-based) of `scenario`'s tour.
///
/// Errors: the scenario has no tour, or its tour has no such stop.
pub fn note(scenario: &str, stop: usize) -> Result<&'static str, String> {
    let (_, notes) = NOTES
        .iter()
        .find(|(name, _)| *name == scenario)
        .ok_or_else(|| format!("the scenario {scenario} has no guided tour"))?;
    notes
        .get(stop)
        .copied()
        .ok_or_else(|| format!("the tour of {scenario} has no stop {}", stop + 1))
}

/// The body of the tour panel at stop `stop` of `scenario`'s tour, as
/// markup: the stop's note (`tour-note`, with `data-stop`), the previous,
/// next and end buttons (`tour-prev`, `tour-next`, `tour-end`, each with
/// `data-tour` naming the move, which the page makes from the stop it is
/// at), and a link to every stop (`tour-stop-<n>`, `#scenario=…&tour=<n>`).
/// Every text is escaped.
///
/// Errors: as [`note`].
pub fn stop_markup(scenario: &str, stop: usize) -> Result<String, String> {
    let note = note(scenario, stop)?;
    let count = NOTES
        .iter()
        .find(|(name, _)| *name == scenario)
        .map_or(0, |(_, notes)| notes.len());
    let disabled = |off: bool| if off { " disabled" } else { "" };
    let scenario = rendezvous_core::markup::escape(scenario);
    let mut html = format!(
        "<p class=\"tour-note\" data-testid=\"tour-note\" data-stop=\"{stop}\">{}</p>\
<div class=\"buttons\"><button type=\"button\" data-testid=\"tour-prev\" data-tour=\"prev\"{}>◀ Previous stop</button>\
<button type=\"button\" class=\"primary\" data-testid=\"tour-next\" data-tour=\"next\"{}>Next stop ▶</button>\
<button type=\"button\" data-testid=\"tour-end\" data-tour=\"end\">End the tour</button></div><ol class=\"tour-stops\">",
        rendezvous_core::markup::escape(note),
        disabled(stop == 0),
        disabled(stop + 1 >= count),
    );
    for index in 0..count {
        let current = index == stop;
        html += &format!(
            "<li{}><a data-testid=\"tour-stop-{index}\" href=\"#scenario={scenario}&amp;tour={index}\"{}>stop {}</a></li>",
            if current { " class=\"current\"" } else { "" },
            if current { " aria-current=\"step\"" } else { "" },
            index + 1
        );
    }
    Ok(html + "</ol>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tour_has_a_note_per_stop() {
        let tours = rendezvous_web::tours::TOURS;
        assert_eq!(tours.len(), NOTES.len());
        for (tour, (scenario, notes)) in tours.iter().zip(NOTES) {
            assert_eq!(tour.scenario, *scenario);
            assert_eq!(tour.stops.len(), notes.len(), "{scenario}");
            assert!(notes.iter().all(|note| note.len() > 10), "{scenario}");
        }
        assert!(note("quiet-runtime", 0)
            .unwrap()
            .starts_with("Three idle workers"));
        assert!(note("quiet-runtime", 99).is_err());
        assert!(note("nowhere", 0).is_err());
    }

    #[test]
    fn a_stop_is_its_note_its_moves_and_a_link_to_every_stop() {
        let first = stop_markup("no-nudge", 0).unwrap();
        let count = NOTES
            .iter()
            .find(|(name, _)| *name == "no-nudge")
            .unwrap()
            .1
            .len();
        assert!(first.starts_with(r#"<p class="tour-note" data-testid="tour-note" data-stop="0">"#));
        assert!(first.contains(r#"data-tour="prev" disabled>"#));
        assert!(first.contains(r#"data-tour="next">"#));
        assert_eq!(first.matches("<li").count(), count);
        assert!(first.contains(
            r##"<li class="current"><a data-testid="tour-stop-0" href="#scenario=no-nudge&amp;tour=0" aria-current="step">stop 1</a></li>"##
        ));
        let last = stop_markup("no-nudge", count - 1).unwrap();
        assert!(last.contains(r#"data-tour="prev">"#));
        assert!(last.contains(r#"data-tour="next" disabled>"#));
        assert!(stop_markup("no-nudge", count).is_err());
        assert!(stop_markup("nowhere", 0).is_err());
    }
}
