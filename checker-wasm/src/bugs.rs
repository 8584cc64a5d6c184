//! The "Real bugs" panel's table: each public task-dump defect of Tokio
//! that the casebook reproduces (PROTOCOL.md section 15.4), with what
//! users saw, the releases it affects, and the two runs the panel shows.
//!
//! Each row names one case of the core's built-in casebook
//! (`rendezvous_core::casebook::builtin`) for the bug and one for the fix;
//! a unit test checks that those cases exist and say what the row says, so
//! this table cannot drift from the casebook. The table is kept here, not
//! read from the casebook, so the page's wasm carries only these few
//! sentences and not the casebook's notes.

use rendezvous_core::{Property, Timing, Variant};

/// One public defect, as the panel shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bug {
    /// A short name for the defect, in our words.
    pub title: &'static str,
    /// What users saw, in one sentence of our own.
    pub saw: &'static str,
    /// The public reports: `owner/repo#number` (an issue or pull request)
    /// or `owner/repo@commit`; see [`reference_url`].
    pub references: &'static [&'static str],
    /// The releases that have the defect, and where it is fixed.
    pub releases: &'static str,
    /// The built-in scenario that reproduces it.
    pub scenario: &'static str,
    /// The worker count it is checked with (the casebook case's), or
    /// `None` for the scenario's own.
    pub workers: Option<usize>,
    /// The timing assumption of its cases.
    pub timing: Timing,
    /// A preset that has the defect: *Show the bug* checks under it.
    pub bug: Variant,
    /// A preset without it: *Show the fix* checks under it.
    pub fix: Variant,
    /// The properties the defect breaks under [`Bug::bug`] and that hold
    /// under [`Bug::fix`], the headline first: the one closest to what
    /// users saw. *Show the bug* replays the checker's shortest
    /// counterexample for the headline, which ends at its first violation.
    pub properties: &'static [Property],
}

use Property::{Deadlock, S7a, L1, L2, L3, L4, S1, S6, S7, S8};
use Variant::{Fixed, NoTimeout, Tokio, Tokio129, Tokio133, Tokio151Lifo, Tokio154, Tokio154Fixed};

/// The state bound of the panel's checks: the casebook's own, so every
/// case the panel shows is decided in the page as it is by
/// `rendezvous casebook`.
pub const BUG_MAX_STATES: u64 = 5_000_000;

/// Every defect the panel lists, oldest report first within a theme.
pub const BUGS: &[Bug] = &[
    Bug {
        title: "A dump during shutdown never returns",
        saw: "Asking for a dump while the runtime shut down could wait for ever, because workers that had exited never arrived at trace_start.",
        references: &["tokio-rs/tokio#5717", "tokio-rs/tokio@2ad3939ec"],
        releases: "Before 1.29.0 (task dumps' first release has trace_start's timeout)",
        scenario: "dump-during-shutdown",
        workers: None,
        timing: Timing::Timely,
        bug: NoTimeout,
        fix: Fixed,
        properties: &[L4],
    },
    Bug {
        title: "A dump deadlocks when a traced task completes",
        saw: "A dump taken while a task finished inside its trace poll hung the runtime: the dump never came back and the workers stopped.",
        references: &["tokio-rs/tokio#6035", "tokio-rs/tokio#6036"],
        releases: "1.29–1.32; fixed in 1.33",
        scenario: "issue6035-complete-during-trace",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio129,
        fix: Tokio133,
        properties: &[S8, L1],
    },
    Bug {
        title: "A task that wakes itself when traced is listed twice",
        saw: "A task that woke itself while being traced was queued twice, and a later poll could panic on its NOTIFIED bit.",
        references: &["tokio-rs/tokio#8391", "tokio-rs/tokio#8393"],
        releases: "1.29–1.32; fixed in 1.33",
        scenario: "wake-self-during-trace",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio129,
        fix: Tokio133,
        properties: &[S7a, S7],
    },
    Bug {
        title: "Panic `next.is_notified()` after a timer fires",
        saw: "Dumping in a loop beside a task that sleeps panicked a worker with `assertion failed: next.is_notified()`.",
        references: &[
            "tokio-rs/tokio#6051",
            "tokio-rs/tokio#6185",
            "tokio-rs/tokio#6194",
        ],
        releases: "1.29–1.34; fixed in 1.35",
        scenario: "issue6051-timer-loop",
        workers: Some(1),
        timing: Timing::Timely,
        bug: Tokio133,
        fix: Tokio,
        properties: &[S7, S7a],
    },
    Bug {
        title: "A wake from outside after the gather",
        saw: "A task woken from outside the runtime during a dump was queued twice and the same panic followed.",
        references: &["tokio-rs/tokio#6194"],
        releases: "1.29–1.34; the fix of 1.35 is shown with PR 8370's, since the leaky barrier alone breaks S7a too",
        scenario: "outside-wake-after-gather",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio133,
        fix: Tokio154Fixed,
        properties: &[S7, S7a],
    },
    Bug {
        title: "A task in a LIFO slot is not gathered",
        saw: "A task waiting in a worker's LIFO slot during a dump made the dump panic (up to 1.34) or left it out of the dump (from 1.35).",
        references: &[
            "tokio-rs/tokio#8092",
            "tokio-rs/tokio#4941",
            "tokio-rs/tokio#7431",
            "tokio-rs/tokio#8100",
        ],
        releases: "Panics in 1.29–1.34; missing from the dump from 1.35, except 1.51.0–1.52.1",
        scenario: "lifo-not-gathered",
        workers: Some(1),
        timing: Timing::Timely,
        bug: Tokio133,
        fix: Tokio151Lifo,
        properties: &[S7, S7a],
    },
    Bug {
        title: "Panic with slow worker threads",
        saw: "Under load, a dump panicked with `next.is_notified()`: two workers traced at once after a timed-out barrier.",
        references: &["tokio-rs/tokio#6343", "tokio-rs/tokio#8370"],
        releases: "1.35–1.54; PR 8370 fixes the barrier",
        scenario: "issue6343-slow-threads",
        workers: Some(2),
        timing: Timing::Any,
        bug: Tokio,
        fix: Fixed,
        properties: &[S7, S1, S7a, L2],
    },
    Bug {
        title: "A very stuck task leaves a lone leader",
        saw: "With one task stuck in its poll, dumps timed out, and a later one could be traced by a lone leader beside the running task.",
        references: &["tokio-rs/tokio#5638", "tokio-rs/tokio#8370"],
        releases: "1.29–1.54; PR 8370 fixes the barrier",
        scenario: "issue5638-very-stuck",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio,
        fix: Fixed,
        properties: &[S1, L2],
    },
    Bug {
        title: "An empty trace during a wedge",
        saw: "While one handler wedged a worker, a dump came back nearly empty and the runtime then hung in trace_end.",
        references: &["bitwisecook/tcl-lsp#1657", "tokio-rs/tokio#8370"],
        releases: "1.29–1.54; PR 8370 fixes the barrier",
        scenario: "tcl-lsp-wedge",
        workers: None,
        timing: Timing::Any,
        bug: Tokio154,
        fix: Fixed,
        properties: &[S1, L2],
    },
    Bug {
        title: "Tasks spawned after a dump never run",
        saw: "After a dump on an idle runtime, newly spawned tasks were never polled: every worker slept with work queued.",
        references: &["tokio-rs/tokio#7478", "tokio-rs/tokio#8372"],
        releases: "1.29–1.53; fixed in 1.54",
        scenario: "issue7478-idle-dump",
        workers: Some(2),
        timing: Timing::Timely,
        bug: Tokio,
        fix: Tokio154,
        properties: &[Deadlock, L3, S6],
    },
    Bug {
        title: "Only some workers run after a dump",
        saw: "After a dump, work spawned later ran on one worker only, then on none.",
        references: &["tokio-rs/tokio#7478"],
        releases: "1.29–1.53; fixed in 1.54",
        scenario: "issue7478-partial",
        workers: None,
        timing: Timing::Timely,
        bug: Fixed,
        fix: Tokio154Fixed,
        properties: &[L3, S6],
    },
    Bug {
        title: "A spawn once all workers park again",
        saw: "A task spawned once every worker had parked after a dump stayed queued for ever.",
        references: &["tokio-rs/tokio#8373", "tokio-rs/tokio#8372"],
        releases: "1.29–1.53; fixed in 1.54",
        scenario: "pr8372-spawn-after-dump",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio,
        fix: Tokio154,
        properties: &[Deadlock, L3, S6],
    },
    Bug {
        title: "A spawn during the dump",
        saw: "A task spawned while the leader walked the tasks left the runtime thinking a worker was searching, and the next spawn never ran.",
        references: &["tokio-rs/tokio#8372", "tokio-rs/tokio#8373"],
        releases: "1.29–1.53; fixed in 1.54",
        scenario: "spawn-during-dump",
        workers: None,
        timing: Timing::Timely,
        bug: Tokio,
        fix: Tokio154,
        properties: &[L3, S6],
    },
];

/// The web address of a reference: an issue or pull request
/// (`owner/repo#n`: GitHub's issue address also opens a pull request) or a
/// commit (`owner/repo@hash`). `None` for text of neither form.
pub fn reference_url(reference: &str) -> Option<String> {
    let valid = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    };
    if let Some((repo, number)) = reference.split_once('#') {
        (valid(repo) && repo.contains('/') && number.parse::<u32>().is_ok())
            .then(|| format!("https://github.com/{repo}/issues/{number}"))
    } else if let Some((repo, commit)) = reference.split_once('@') {
        (valid(repo) && repo.contains('/') && commit.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| format!("https://github.com/{repo}/commit/{commit}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendezvous_core::casebook::{builtin, Case};
    use rendezvous_core::Scenario;

    /// The built-in case for `bug`'s scenario, workers and timing under
    /// `preset`.
    fn case(bug: &Bug, preset: Variant) -> Case {
        builtin()
            .into_iter()
            .find(|case| {
                case.scenario == bug.scenario
                    && case.workers == bug.workers
                    && case.repeat.is_none()
                    && case.timing == bug.timing
                    && case.preset == preset
            })
            .unwrap_or_else(|| panic!("no case for {} under {preset}", bug.title))
    }

    /// What the checker found for `bug`'s case under `preset`, and how
    /// many states it explored, as pinned by the core's casebook test
    /// (`core/tests/snapshots/casebook.txt`, which runs the checker on
    /// every case).
    fn found(bug: &Bug, preset: Variant) -> (Vec<String>, u64) {
        let mut head = format!("{} {preset}", bug.scenario);
        if let Some(workers) = bug.workers {
            head += &format!(" w{workers}");
        }
        head += &format!(" {}:", bug.timing.name());
        let line = PINNED
            .lines()
            .find(|line| line.starts_with(&head))
            .unwrap_or_else(|| panic!("no pinned row `{head}`"));
        let found = line.split("| found ").nth(1).unwrap().split(" |").next();
        let states = line
            .rsplit("states ")
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let found = found.unwrap().split(' ').map(str::to_owned).collect();
        (found, states)
    }

    const PINNED: &str = include_str!("../../core/tests/snapshots/casebook.txt");

    #[test]
    fn every_bug_is_a_case_that_breaks_and_a_case_that_holds() {
        for bug in BUGS {
            assert!(!bug.properties.is_empty(), "{}", bug.title);
            let broken = case(bug, bug.bug);
            let (found_broken, states) = found(bug, bug.bug);
            assert!(states <= BUG_MAX_STATES, "{}: {states} states", bug.title);
            for property in bug.properties {
                assert!(
                    broken.breaks.contains(property),
                    "{}: {property:?} is not expected to break under {}",
                    bug.title,
                    bug.bug
                );
                assert!(found_broken.contains(&property.code().to_owned()));
            }
            let fixed = case(bug, bug.fix);
            let (found_fixed, states) = found(bug, bug.fix);
            assert!(states <= BUG_MAX_STATES, "{}: {states} states", bug.title);
            for property in bug.properties {
                assert!(
                    !fixed.breaks.contains(property)
                        && !found_fixed.contains(&property.code().to_owned()),
                    "{}: {property:?} breaks under {}",
                    bug.title,
                    bug.fix
                );
            }
            // The casebook's references all appear in the panel's row.
            for reference in &broken.references {
                assert!(
                    bug.references.contains(&reference.as_str()),
                    "{}: {reference} is missing",
                    bug.title
                );
            }
        }
    }

    #[test]
    fn the_page_builds_the_cases_scenario() {
        for bug in BUGS {
            let from_case = case(bug, bug.bug).scenario().unwrap();
            let mut from_page = Scenario::builtin(bug.scenario, bug.workers).unwrap();
            from_page.variant = bug.bug;
            assert_eq!(from_page, from_case, "{}", bug.title);
        }
    }

    #[test]
    fn every_reference_has_an_address() {
        for bug in BUGS {
            for reference in bug.references {
                let url = reference_url(reference)
                    .unwrap_or_else(|| panic!("{}: `{reference}` has no address", bug.title));
                assert!(url.starts_with("https://github.com/"), "{url}");
            }
        }
        assert_eq!(
            reference_url("tokio-rs/tokio#6035").as_deref(),
            Some("https://github.com/tokio-rs/tokio/issues/6035")
        );
        assert_eq!(
            reference_url("tokio-rs/tokio@2ad3939ec").as_deref(),
            Some("https://github.com/tokio-rs/tokio/commit/2ad3939ec")
        );
        assert_eq!(reference_url("tokio#12"), None);
        assert_eq!(reference_url("tokio-rs/tokio#twelve"), None);
        assert_eq!(reference_url("a/b@xyz"), None);
    }
}
