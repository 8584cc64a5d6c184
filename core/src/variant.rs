//! Which version of the protocol a run simulates.
//!
//! A variant is plain data chosen per run: a *preset* standing for a range of
//! Tokio releases or for a fix (PROTOCOL.md sections 14 and 15.2), or one of
//! the what-if changes of section 5.2 (each applied on top of the preset
//! `fixed`, so only its own flaw shows). A preset is a bundle of
//! [`Switches`]; the step function reads only the switches.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How `[Collect]` treats a task (Tokio's `notify_for_tracing`, 9.4 4b).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotifyRule {
    /// 1.29 to 1.34: set the bit and add a handle, even if the bit was set.
    Always,
    /// 1.35 to 1.53: skip a task whose bit is set.
    SkipNotified,
    /// 1.54 on: also skip a task that is not idle.
    SkipNotifiedOrBusy,
}

/// The switches a preset bundles (PROTOCOL.md section 14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Switches {
    /// `barrier: leaky`: a timed-out `trace_start` waiter keeps its arrival
    /// counted (every release so far); false is PR 8370's rollback.
    pub leaky_barrier: bool,
    /// `walk: poll-under-lock` (1.29 to 1.32): trace polls happen while the
    /// leader holds the owned-tasks lock, each followed by `[Reschedule]`.
    pub poll_under_lock: bool,
    /// `notify-for-tracing`.
    pub notify_rule: NotifyRule,
    /// `gathered: drop` (1.29 to 1.34): `[Gather]` drops the handles it
    /// takes; false keeps them at the front of the tracelist.
    pub drop_gathered: bool,
    /// `lifo-gathered` (1.51.0 to 1.52.1): LIFO slots are stealable and
    /// gathered.
    pub lifo_gathered: bool,
    /// `traced-wake-unpark: logical-too` (1.54 on, PR 8372): a parked
    /// worker that leaves the park loop to trace takes itself off the
    /// sleepers list.
    pub logical_unpark: bool,
}

/// A version of the trace protocol: a preset or a what-if.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Tokio 1.35.0 to 1.53.x, except the four LIFO-steal releases.
    Tokio,
    /// `tokio` with PR 8370's barrier (unreleased): a timed-out waiter
    /// takes its arrival back, and one released as it times out counts as
    /// released.
    Fixed,
    /// What-if: `trace_start.wait()` without a timeout.
    NoTimeout,
    /// What-if: the leader wakes the requester with `notify_waiters()`,
    /// which stores no permit.
    NotifyWaiters,
    /// What-if: the requester never calls `notify_all()`.
    NoNudge,
    /// What-if: the requester sets and clears the flag with plain stores.
    PlainStore,
    /// What-if: nobody waits at `trace_end`.
    NoEndBarrier,
    /// What-if: busy workers never load the flag at their maintenance tick.
    NoMaintenanceCheck,
    /// What-if: the requester runs in the caller's task, so cancelling the
    /// caller stops the requester where it stands.
    InlineDump,
    /// Tokio 1.29.0 to 1.32.1.
    #[serde(rename = "tokio-1.29")]
    Tokio129,
    /// Tokio 1.33.0 to 1.34.0.
    #[serde(rename = "tokio-1.33")]
    Tokio133,
    /// Tokio 1.51.0, 1.51.1, 1.52.0 and 1.52.1 (LIFO slots gathered).
    #[serde(rename = "tokio-1.51-lifo")]
    Tokio151Lifo,
    /// Tokio 1.54.0 to 1.54.1.
    #[serde(rename = "tokio-1.54")]
    Tokio154,
    /// `tokio` with PR 8372 alone.
    IdleFix,
    /// `tokio-1.54` with PR 8370's barrier.
    #[serde(rename = "tokio-1.54-fixed")]
    Tokio154Fixed,
}

impl Variant {
    /// Every variant, in the order the page and the CLI list them: the
    /// presets by release, the fixes, then the what-ifs.
    pub const ALL: [Variant; 15] = [
        Variant::Tokio129,
        Variant::Tokio133,
        Variant::Tokio,
        Variant::Tokio151Lifo,
        Variant::Tokio154,
        Variant::Fixed,
        Variant::IdleFix,
        Variant::Tokio154Fixed,
        Variant::NoTimeout,
        Variant::NotifyWaiters,
        Variant::NoNudge,
        Variant::PlainStore,
        Variant::NoEndBarrier,
        Variant::NoMaintenanceCheck,
        Variant::InlineDump,
    ];

    /// The presets of section 15.2 (the rest are what-ifs).
    pub const PRESETS: [Variant; 8] = [
        Variant::Tokio129,
        Variant::Tokio133,
        Variant::Tokio,
        Variant::Tokio151Lifo,
        Variant::Tokio154,
        Variant::Fixed,
        Variant::IdleFix,
        Variant::Tokio154Fixed,
    ];

    /// The name used in URLs, the CLI and trace files.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Tokio => "tokio",
            Variant::Fixed => "fixed",
            Variant::NoTimeout => "no-timeout",
            Variant::NotifyWaiters => "notify-waiters",
            Variant::NoNudge => "no-nudge",
            Variant::PlainStore => "plain-store",
            Variant::NoEndBarrier => "no-end-barrier",
            Variant::NoMaintenanceCheck => "no-maintenance-check",
            Variant::InlineDump => "inline-dump",
            Variant::Tokio129 => "tokio-1.29",
            Variant::Tokio133 => "tokio-1.33",
            Variant::Tokio151Lifo => "tokio-1.51-lifo",
            Variant::Tokio154 => "tokio-1.54",
            Variant::IdleFix => "idle-fix",
            Variant::Tokio154Fixed => "tokio-1.54-fixed",
        }
    }

    /// The Tokio releases the variant stands for, as the page and the CLI
    /// label it (section 15.2).
    pub fn releases(self) -> &'static str {
        match self {
            Variant::Tokio129 => "Tokio 1.29–1.32",
            Variant::Tokio133 => "Tokio 1.33–1.34",
            Variant::Tokio => "Tokio 1.35–1.53",
            Variant::Tokio151Lifo => "Tokio 1.51.0–1.52.1",
            Variant::Tokio154 => "Tokio 1.54",
            Variant::Fixed => "Tokio 1.35–1.53 + PR 8370",
            Variant::IdleFix => "Tokio 1.35–1.53 + PR 8372",
            Variant::Tokio154Fixed => "Tokio 1.54 + PR 8370",
            _ => "what-if, on top of fixed",
        }
    }

    /// Whether the variant is a preset (a release range or a fix) rather
    /// than a what-if.
    pub fn is_preset(self) -> bool {
        Variant::PRESETS.contains(&self)
    }

    /// One sentence saying what the variant changes.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Tokio => {
                "Tokio 1.35–1.53: a worker that times out at trace_start leaves its arrival counted, the walk skips tasks already notified, and a dump leaves woken workers listed as asleep."
            }
            Variant::Fixed => {
                "Tokio 1.35–1.53 with PR 8370's barrier: a timed-out waiter takes its arrival back; one released as it times out counts as released."
            }
            Variant::Tokio129 => {
                "Tokio 1.29–1.32: the leader polls traced tasks while holding the owned-tasks lock, re-schedules each one, and notifies every task for tracing even if it is already notified."
            }
            Variant::Tokio133 => {
                "Tokio 1.33–1.34: collect, unlock, then poll; every task is notified for tracing even if it already is, and gathered handles are dropped."
            }
            Variant::Tokio151Lifo => {
                "Tokio 1.51.0–1.52.1: as 1.35–1.53, but LIFO slots can be stolen and are gathered by the leader."
            }
            Variant::Tokio154 => {
                "Tokio 1.54: the walk also skips running tasks (PR 8568), and a worker woken to trace takes itself off the sleepers list (PR 8372); the barrier still leaks."
            }
            Variant::IdleFix => {
                "Tokio 1.35–1.53 with PR 8372 alone: a worker woken to trace takes itself off the sleepers list."
            }
            Variant::Tokio154Fixed => "Tokio 1.54 with PR 8370's barrier.",
            Variant::NoTimeout => {
                "What-if (on top of fixed): trace_start waits without a timeout, so one wedged worker stalls all the others, and a dump during shutdown deadlocks."
            }
            Variant::NotifyWaiters => {
                "What-if (on top of fixed): the leader uses notify_waiters(), which keeps no permit: a wake-up sent before the requester waits is lost."
            }
            Variant::NoNudge => {
                "What-if (on top of fixed): the requester never unparks the workers, so parked workers never see the flag."
            }
            Variant::PlainStore => {
                "What-if (on top of fixed): the requester sets the flag with a plain store, so two dumps can both think they own the request."
            }
            Variant::NoEndBarrier => {
                "What-if (on top of fixed): nobody waits at trace_end, so other workers run tasks while the leader traces."
            }
            Variant::NoMaintenanceCheck => {
                "What-if (on top of fixed): busy workers never load the flag, so a dump waits until every worker runs out of work."
            }
            Variant::InlineDump => {
                "What-if (on top of fixed): the requester runs in the caller's task: cancelling the caller stops it, possibly with the flag still set."
            }
        }
    }

    /// The switches of the variant (section 14); a what-if has `fixed`'s.
    pub fn switches(self) -> Switches {
        let tokio = Switches {
            leaky_barrier: true,
            poll_under_lock: false,
            notify_rule: NotifyRule::SkipNotified,
            drop_gathered: false,
            lifo_gathered: false,
            logical_unpark: false,
        };
        match self {
            Variant::Tokio => tokio,
            Variant::Tokio129 => Switches {
                poll_under_lock: true,
                notify_rule: NotifyRule::Always,
                drop_gathered: true,
                ..tokio
            },
            Variant::Tokio133 => Switches {
                notify_rule: NotifyRule::Always,
                drop_gathered: true,
                ..tokio
            },
            Variant::Tokio151Lifo => Switches {
                lifo_gathered: true,
                ..tokio
            },
            Variant::Tokio154 => Switches {
                notify_rule: NotifyRule::SkipNotifiedOrBusy,
                logical_unpark: true,
                ..tokio
            },
            Variant::IdleFix => Switches {
                logical_unpark: true,
                ..tokio
            },
            Variant::Tokio154Fixed => Switches {
                leaky_barrier: false,
                ..Variant::Tokio154.switches()
            },
            _ => Switches {
                leaky_barrier: false,
                ..tokio
            },
        }
    }

    /// Whether `trace_start` waits with a timeout at all.
    pub fn has_start_timeout(self) -> bool {
        self != Variant::NoTimeout
    }

    /// Whether a timed-out `trace_start` waiter leaks its arrival.
    pub fn leaky_timeout(self) -> bool {
        self.switches().leaky_barrier
    }

    /// Whether workers rendezvous at `trace_end`.
    pub fn has_end_barrier(self) -> bool {
        self != Variant::NoEndBarrier
    }

    /// Whether the requester calls `notify_all()` to unpark workers.
    pub fn nudges(self) -> bool {
        self != Variant::NoNudge
    }

    /// Whether the requester uses compare-and-swap on the flag.
    pub fn uses_cas(self) -> bool {
        self != Variant::PlainStore
    }

    /// Whether a busy worker loads the flag at its maintenance tick.
    pub fn maintenance_checks_flag(self) -> bool {
        self != Variant::NoMaintenanceCheck
    }

    /// Whether the leader wakes the requester with `notify_one()` (which
    /// keeps a permit) rather than `notify_waiters()`.
    pub fn notify_one(self) -> bool {
        self != Variant::NotifyWaiters
    }

    /// Whether cancelling the caller stops the requester itself.
    pub fn requester_inline(self) -> bool {
        self == Variant::InlineDump
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Variant {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .iter()
            .copied()
            .find(|variant| variant.name() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
                format!(
                    "unknown variant `{text}`; expected one of: {}",
                    names.join(", ")
                )
            })
    }
}

/// When a barrier wait may time out (PROTOCOL.md section 6, assumptions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timing {
    /// Only while some worker that is not waiting at `trace_start` cannot
    /// arrive soon: it is inside a blocking poll, parked with no unpark
    /// pending, blocked in an unfinished `trace_end` round, exited or
    /// panicked (PROTOCOL.md section 6).
    #[default]
    Timely,
    /// At any moment: a thread can always be delayed past the timeout.
    Any,
}

/// Whether anything outside the protocol wakes parked workers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    /// Only the protocol unparks a worker.
    #[default]
    Idle,
    /// I/O and timers may unpark any parked worker at any moment.
    Active,
}

/// Whether callers of `dump()` may give up at the requester's await points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cancel {
    /// Callers wait for their dump.
    #[default]
    Off,
    /// Callers may give up at `[Backoff]`, `[Wait]` and `[ClearBackoff]`,
    /// and looping callers on a round (`[CallGiveUp]`).
    On,
}

/// The assumptions a run or a check is made under, reported with its result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assumptions {
    /// When a barrier wait may time out.
    #[serde(default)]
    pub timing: Timing,
    /// Whether parked workers may be woken by the outside world.
    #[serde(default)]
    pub activity: Activity,
    /// Whether callers may give up.
    #[serde(default)]
    pub cancel: Cancel,
}

macro_rules! named_setting {
    ($ty:ident, $($variant:ident => $name:literal),+) => {
        impl $ty {
            /// The name used in the CLI, URLs and trace files.
            pub fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl FromStr for $ty {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(format!(
                        "unknown {} `{text}`; expected one of: {}",
                        stringify!($ty).to_ascii_lowercase(),
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}

named_setting!(Timing, Timely => "timely", Any => "any");
named_setting!(Activity, Idle => "idle", Active => "active");
named_setting!(Cancel, Off => "off", On => "on");
