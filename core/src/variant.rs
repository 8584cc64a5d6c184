//! Which version of the protocol a run simulates.
//!
//! A variant is plain data chosen per run: the real Tokio 1.48 protocol, the
//! same with the barrier timeout fixed, or one of the what-if changes of
//! PROTOCOL.md section 5.2 (each applied on top of the fixed barrier, so only
//! its own flaw shows).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A version of the trace protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Tokio 1.48 to 1.53 as shipped: a timed-out `trace_start` waiter keeps
    /// its arrival counted (the leak of section 5.1).
    Tokio,
    /// The fixed `wait_timeout`: a timed-out waiter takes its arrival back,
    /// and a waiter released just as it times out counts as released.
    Fixed,
    /// `trace_start.wait()` without a timeout.
    NoTimeout,
    /// The leader wakes the requester with `notify_waiters()`, which stores
    /// no permit.
    NotifyWaiters,
    /// The requester never calls `notify_all()`.
    NoNudge,
    /// The requester sets and clears the flag with plain stores, not CAS.
    PlainStore,
    /// Nobody waits at `trace_end`.
    NoEndBarrier,
    /// Busy workers never load the flag at their maintenance tick.
    NoMaintenanceCheck,
    /// The requester runs in the caller's task, so cancelling the caller
    /// stops the requester where it stands.
    InlineDump,
}

impl Variant {
    /// Every variant, in the order the page and the CLI list them.
    pub const ALL: [Variant; 9] = [
        Variant::Tokio,
        Variant::Fixed,
        Variant::NoTimeout,
        Variant::NotifyWaiters,
        Variant::NoNudge,
        Variant::PlainStore,
        Variant::NoEndBarrier,
        Variant::NoMaintenanceCheck,
        Variant::InlineDump,
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
        }
    }

    /// One sentence saying what the variant changes.
    pub fn summary(self) -> &'static str {
        match self {
            Variant::Tokio => {
                "Tokio 1.48 as shipped: a worker that times out at trace_start leaves its arrival counted."
            }
            Variant::Fixed => {
                "The fixed barrier: a timed-out waiter takes its arrival back; one released as it times out counts as released."
            }
            Variant::NoTimeout => {
                "trace_start waits without a timeout, so one wedged worker stalls all the others."
            }
            Variant::NotifyWaiters => {
                "The leader uses notify_waiters(), which keeps no permit: a wake-up sent before the requester waits is lost."
            }
            Variant::NoNudge => {
                "The requester never unparks the workers, so parked workers never see the flag."
            }
            Variant::PlainStore => {
                "The requester sets the flag with a plain store, so two dumps can both think they own the request."
            }
            Variant::NoEndBarrier => {
                "Nobody waits at trace_end, so other workers run tasks while the leader traces."
            }
            Variant::NoMaintenanceCheck => {
                "Busy workers never load the flag, so a dump waits until every worker runs out of work."
            }
            Variant::InlineDump => {
                "The requester runs in the caller's task: cancelling the caller stops it, possibly with the flag still set."
            }
        }
    }

    /// Whether `trace_start` waits with a timeout at all.
    pub fn has_start_timeout(self) -> bool {
        self != Variant::NoTimeout
    }

    /// Whether a timed-out `trace_start` waiter leaks its arrival (Tokio 1.48).
    pub fn leaky_timeout(self) -> bool {
        self == Variant::Tokio
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
    /// Only while some worker that has not arrived cannot arrive soon: it is
    /// inside a blocking poll, or parked with no unpark pending.
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
    /// Callers may give up at `[Backoff]`, `[Wait]` and `[ClearBackoff]`.
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
