//! The built-in casebook: section 15.4's verdicts, one case per preset a
//! bullet names, with the caveats of section 15.3 applied.

use super::Case;
use crate::property::Property::{self, *};
use crate::variant::{Activity, Cancel, Timing, Variant};

/// One bullet of section 15.4: the presets it names and its verdict.
struct Bullet {
    presets: &'static [Variant],
    breaks: &'static [Property],
    reading: &'static [Property],
    unjudged: &'static [Property],
}

/// One scenario of section 15.4 and its case settings.
struct Entry {
    scenario: &'static str,
    references: &'static [&'static str],
    workers: Option<usize>,
    repeat: Option<usize>,
    timing: Timing,
    /// Whether an awake worker meets a parked one, so the first caveat's
    /// lone leader can form under a leaky preset.
    awake: bool,
    note: &'static str,
    bullets: &'static [Bullet],
}

const fn bullet(
    presets: &'static [Variant],
    breaks: &'static [Property],
    reading: &'static [Property],
) -> Bullet {
    Bullet {
        presets,
        breaks,
        reading,
        unjudged: &[],
    }
}

use Variant::{
    Fixed, IdleFix, NoTimeout, Tokio, Tokio129, Tokio133, Tokio151Lifo, Tokio154, Tokio154Fixed,
};

const ENTRIES: &[Entry] = &[
    Entry {
        scenario: "issue7478-idle-dump",
        references: &["tokio-rs/tokio#7478"],
        workers: Some(2),
        repeat: None,
        timing: Timing::Timely,
        awake: false,
        note: "A dump wakes parked workers without updating Idle; up to 1.53 the batch spawned after it is never polled (all sleeping).",
        bullets: &[
            bullet(&[Tokio, Tokio129, Tokio133, Tokio151Lifo, Fixed], &[S6, L3, Deadlock], &[]),
            bullet(&[IdleFix, Tokio154], &[], &[]),
        ],
    },
    Entry {
        scenario: "issue7478-partial",
        references: &["tokio-rs/tokio#7478"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "The dump wakes the parked W1 while it is listed; late work runs only on W0, then not at all.",
        bullets: &[
            bullet(&[Fixed, Tokio], &[S6, L3, C1], &[]),
            bullet(&[Tokio154Fixed, IdleFix, Tokio154], &[C1], &[]),
        ],
    },
    Entry {
        scenario: "pr8372-spawn-after-dump",
        references: &["tokio-rs/tokio#8372", "tokio-rs/tokio#8373"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: false,
        note: "PR 8372's regression test: a task spawned once every worker has parked after a dump is never run up to 1.53.",
        bullets: &[
            bullet(&[Tokio], &[S6, L3, Deadlock], &[]),
            bullet(&[IdleFix, Tokio154], &[], &[]),
        ],
    },
    Entry {
        scenario: "pr8372-spawn-after-dump",
        references: &["tokio-rs/tokio#8372", "tokio-rs/tokio#8373"],
        workers: Some(2),
        repeat: None,
        timing: Timing::Timely,
        awake: false,
        note: "The same with two workers.",
        bullets: &[
            bullet(&[Tokio], &[S6, L3, Deadlock], &[]),
            bullet(&[IdleFix, Tokio154], &[], &[]),
        ],
    },
    Entry {
        scenario: "spawn-during-dump",
        references: &["tokio-rs/tokio#8372", "tokio-rs/tokio#8373"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: false,
        note: "A spawn during the walk leaks num_searching on the stale sleeper's behalf; the spawn after the dump never runs.",
        bullets: &[
            bullet(&[Tokio], &[S6, L3, C1], &[]),
            bullet(&[Tokio129, Tokio133], &[S6, L3, S7a, S7], &[S7a, S7]),
            Bullet {
                presets: &[Tokio154],
                breaks: &[],
                reading: &[],
                unjudged: &[C1],
            },
        ],
    },
    Entry {
        scenario: "pr8370-wedged-loop",
        references: &["tokio-rs/tokio#8370"],
        workers: Some(2),
        repeat: Some(1),
        timing: Timing::Timely,
        awake: true,
        note: "PR 8370's shape: leaked arrivals let a lone leader trace beside the wedged task, which then has two entries under one bit. Checked with two workers (three pass the default bound). Under tokio-1.29 the checker also finds L1: a worker that panics never arrives at trace_start again.",
        bullets: &[
            Bullet {
                presets: &[Tokio, Tokio133, Tokio151Lifo],
                breaks: &[S1, S7a, S7, L2],
                reading: &[],
                unjudged: &[S2],
            },
            Bullet {
                presets: &[Tokio129],
                breaks: &[S1, S7a, S7, L2, L1],
                reading: &[],
                unjudged: &[S2],
            },
            Bullet {
                presets: &[Tokio154],
                breaks: &[S1, C1, L2],
                reading: &[S7],
                unjudged: &[S2],
            },
            bullet(&[Fixed, Tokio154Fixed], &[L1], &[]),
        ],
    },
    Entry {
        scenario: "issue6035-complete-during-trace",
        references: &["tokio-rs/tokio#6035", "tokio-rs/tokio#6036"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "Up to 1.32 the leader traces under the owned-tasks lock; a task that completes in trace mode makes it wait for itself.",
        bullets: &[
            bullet(&[Tokio129], &[S8, L1, L2], &[]),
            bullet(&[Tokio133, Tokio, Tokio151Lifo, Tokio154, Fixed], &[], &[]),
        ],
    },
    Entry {
        scenario: "issue6051-timer-loop",
        references: &["tokio-rs/tokio#6051", "tokio-rs/tokio#6185", "tokio-rs/tokio#6194"],
        workers: Some(1),
        repeat: None,
        timing: Timing::Timely,
        awake: false,
        note: "A timer fires into a LIFO slot the walk does not gather: a panic up to 1.34, a task missing from the dump from 1.35. Checked with one worker: at two the timer loop passes the default bound, so the lone-leader half of section 15.4's verdict (S1, L2, read from Tokio's code) is left unjudged here; pr8370-wedged-loop shows that path.",
        bullets: &[
            bullet(&[Tokio129, Tokio133], &[S7a, S7, S6, L1], &[]),
            bullet(&[Tokio], &[C1, S6], &[]),
            bullet(&[Tokio154], &[C1], &[]),
            bullet(&[Tokio151Lifo], &[S6], &[]),
        ],
    },
    Entry {
        scenario: "outside-wake-after-gather",
        references: &["tokio-rs/tokio#6194"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "An outside wake after the gather: a second entry and a panic up to 1.34, a task missing from the dump from 1.35. Under tokio-1.29 a lone leader that panics in a trace poll also holds the owned-tasks lock for ever, so L1 can break there too (left unjudged).",
        bullets: &[
            Bullet {
                presets: &[Tokio129],
                breaks: &[S7a, S7, L3],
                reading: &[],
                unjudged: &[L1],
            },
            bullet(&[Tokio133], &[S7a, S7, L3], &[]),
            bullet(&[Tokio, Tokio151Lifo, Fixed], &[C1, L3], &[]),
            bullet(&[Tokio154, Tokio154Fixed, IdleFix], &[C1], &[]),
        ],
    },
    Entry {
        scenario: "issue6343-slow-threads",
        references: &["tokio-rs/tokio#6343"],
        workers: Some(2),
        repeat: None,
        timing: Timing::Any,
        awake: true,
        note: "Threads descheduled past the timeout leak arrivals; a lone leader forms (the link to the issue is a reading).",
        bullets: &[
            bullet(&[Tokio], &[S1, S7a, S7, L2, S2], &[L2, S2]),
            bullet(&[Tokio154], &[S1, C1, L2, S2], &[S7, L2, S2]),
            bullet(&[Fixed], &[L1], &[]),
        ],
    },
    Entry {
        scenario: "wake-self-during-trace",
        references: &["tokio-rs/tokio#8391", "tokio-rs/tokio#8393"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "A task that wakes itself in trace mode: rescheduled twice up to 1.32, once from 1.33.",
        bullets: &[
            bullet(&[Tokio129], &[S7a, S7], &[S7a, S7]),
            bullet(&[Tokio133, Tokio, Tokio154, Fixed], &[], &[]),
        ],
    },
    Entry {
        scenario: "dump-during-shutdown",
        references: &["tokio-rs/tokio#5717", "tokio-rs/tokio@2ad3939ec"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "Why trace_start has a timeout: without it, a dump during shutdown deadlocks the worker and the thread dropping the runtime.",
        bullets: &[
            Bullet {
                presets: &[NoTimeout],
                breaks: &[L4, L2],
                reading: &[],
                unjudged: &[L1Shutdown],
            },
            bullet(&[Fixed], &[L1Shutdown], &[]),
            bullet(&[Tokio], &[L1Shutdown, L4], &[L4]),
        ],
    },
    Entry {
        scenario: "dump-during-shutdown",
        references: &["tokio-rs/tokio#5717", "tokio-rs/tokio@2ad3939ec"],
        workers: None,
        repeat: None,
        timing: Timing::Any,
        awake: true,
        note: "The same under timing any: L4 still holds with the fixed barrier.",
        bullets: &[Bullet {
            presets: &[Fixed],
            breaks: &[L1Shutdown],
            reading: &[],
            unjudged: &[L1],
        }],
    },
    Entry {
        scenario: "tcl-lsp-wedge",
        references: &["bitwisecook/tcl-lsp#1657"],
        workers: None,
        repeat: None,
        timing: Timing::Any,
        awake: true,
        note: "A lone leader lists the wedged poll as running with an empty trace, and leaves the handler notified in its LIFO slot out.",
        bullets: &[
            bullet(&[Tokio], &[S1, C1, L2, S2, S7a, S7], &[L2, S2, S7a, S7]),
            bullet(&[Tokio154], &[S1, C1, L2, S2], &[L2, S2]),
            bullet(&[Fixed], &[L1], &[]),
        ],
    },
    Entry {
        scenario: "lifo-not-gathered",
        references: &[
            "tokio-rs/tokio#8092",
            "tokio-rs/tokio#4941",
            "tokio-rs/tokio#7431",
            "tokio-rs/tokio#8100",
        ],
        workers: Some(1),
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "The walk's gather takes the run queues but not the LIFO slots (except in 1.51.0-1.52.1).",
        bullets: &[
            bullet(&[Tokio129, Tokio133], &[S7a, S7], &[]),
            bullet(&[Tokio, Tokio154], &[C1], &[]),
            bullet(&[Tokio151Lifo], &[], &[]),
        ],
    },
    Entry {
        scenario: "issue5638-very-stuck",
        references: &["tokio-rs/tokio#5638"],
        workers: None,
        repeat: None,
        timing: Timing::Timely,
        awake: true,
        note: "No dump while a task is stuck in its poll, except by a lone leader that lists it as running.",
        bullets: &[
            bullet(&[Fixed], &[L1], &[]),
            bullet(&[Tokio], &[S1, L2, S7a, S7], &[S1, L2, S7a, S7]),
            bullet(&[Tokio154], &[S1, C1, L2], &[S1, C1, L2]),
        ],
    },
];

/// Whether the variant keeps PR 8372's defect (every preset up to 1.53).
fn keeps_idle_defect(variant: Variant) -> bool {
    !variant.switches().logical_unpark
}

/// The built-in casebook, in section 15.4's order.
pub fn builtin() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in ENTRIES {
        for bullet in entry.bullets {
            for &preset in bullet.presets {
                let mut unjudged: Vec<Property> = bullet.unjudged.to_vec();
                // Third caveat: S6 breaks under every preset up to 1.53
                // wherever a dump wakes a parked worker.
                if keeps_idle_defect(preset) {
                    unjudged.push(S6);
                }
                // First caveat: a lone leader where an awake worker meets
                // a parked one, under every leaky preset.
                if entry.awake && preset.leaky_timeout() {
                    unjudged.extend([S1, S7a, S7, L2]);
                    // A walk that skips notified tasks also leaves out one
                    // whose handle another worker holds or polls.
                    if preset.switches().notify_rule != crate::variant::NotifyRule::Always {
                        unjudged.push(C1);
                    }
                    // A lone leader left waiting at trace_end for ever polls
                    // nothing more, so outside work queued behind it may
                    // never run.
                    if entry.outside_work() {
                        unjudged.push(L3);
                    }
                }
                // Second caveat: callers with repeat 2 or more can break S3
                // through the stale dump of 5.3.
                if entry.repeat.unwrap_or(2) >= 2 && entry.scenario_has_loop() {
                    unjudged.push(S3);
                }
                unjudged.retain(|property| {
                    !bullet.breaks.contains(property) && !bullet.reading.contains(property)
                });
                unjudged.sort();
                unjudged.dedup();
                cases.push(Case {
                    scenario: entry.scenario.to_owned(),
                    preset,
                    workers: entry.workers,
                    repeat: entry.repeat,
                    timing: entry.timing,
                    activity: Activity::Idle,
                    cancel: Cancel::Off,
                    breaks: bullet.breaks.to_vec(),
                    unjudged,
                    reading: bullet.reading.to_vec(),
                    references: entry.references.iter().map(|r| (*r).to_owned()).collect(),
                    note: entry.note.to_owned(),
                });
            }
        }
    }
    cases
}

impl Entry {
    fn outside_work(&self) -> bool {
        matches!(
            self.scenario,
            "issue7478-partial" | "outside-wake-after-gather" | "spawn-during-dump"
        )
    }

    fn scenario_has_loop(&self) -> bool {
        matches!(self.scenario, "pr8370-wedged-loop" | "issue6051-timer-loop")
    }
}
