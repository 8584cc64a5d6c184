//! The listing's pseudo-code: one line per program-counter label of each
//! kind of actor, in our own words (PROTOCOL.md sections 3 and 8–12, never
//! Tokio's text). A line changes with the variant's switches where the
//! switch changes what the step does; the outside actors' blocks, and the
//! shutdown path, appear only when the scenario has them.
//!
//! The lines are static data: each says when it shows ([`When`]), and a
//! step whose text depends on a switch has one line per alternative, of
//! which exactly one shows.

use rendezvous_core::variant::NotifyRule;
use rendezvous_core::Variant;

/// What decides which lines the listing shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The variant the run simulates.
    pub variant: Variant,
    /// Whether the scenario keeps the searching counter (section 8.3).
    pub searching: bool,
    /// Whether the scenario has callers that dump in a loop.
    pub callers: bool,
    /// Whether it has spawners.
    pub spawners: bool,
    /// Whether any task is woken from outside.
    pub wakers: bool,
    /// Whether it has a dropper (and so a shutdown path).
    pub dropper: bool,
}

/// The kind of actor a block of lines belongs to: its cursors are the
/// actors of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Handle::dump()` calls.
    Requester,
    /// Callers that dump in a loop.
    Caller,
    /// Worker threads.
    Worker,
    /// Spawners outside the runtime.
    Spawner,
    /// Outside wakers.
    Waker,
    /// The thread that drops the runtime.
    Dropper,
}

/// When a line (or a block) shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    Always,
    Cas,
    PlainStore,
    Nudges,
    NoNudge,
    Inline,
    Callers,
    Spawners,
    Wakers,
    Dropper,
    FlagRead,
    FlagNotRead,
    StealAny,
    Search,
    SearchLifo,
    Lifo,
    NoLifo,
    Logical,
    Physical,
    NoTimeout,
    Leaky,
    Rollback,
    DropGathered,
    KeepGathered,
    KeepLifo,
    NotifyAlways,
    SkipNotified,
    SkipBusy,
    UnderLock,
    Unlocked,
    NotifyOne,
    NotifyWaiters,
    EndBarrier,
    NoEndBarrier,
}

impl When {
    fn holds(self, shown: Shown) -> bool {
        let variant = shown.variant;
        let switches = variant.switches();
        let lifo = switches.lifo_gathered;
        let timeout = variant.has_start_timeout();
        match self {
            When::Always => true,
            When::Cas => variant.uses_cas(),
            When::PlainStore => !variant.uses_cas(),
            When::Nudges => variant.nudges(),
            When::NoNudge => !variant.nudges(),
            When::Inline => variant.requester_inline(),
            When::Callers => shown.callers,
            When::Spawners => shown.spawners,
            When::Wakers => shown.wakers,
            When::Dropper => shown.dropper,
            When::FlagRead => variant.maintenance_checks_flag(),
            When::FlagNotRead => !variant.maintenance_checks_flag(),
            When::StealAny => !shown.searching,
            When::Search => shown.searching && !lifo,
            When::SearchLifo => shown.searching && lifo,
            When::Lifo => lifo,
            When::NoLifo => !lifo,
            When::Logical => switches.logical_unpark,
            When::Physical => !switches.logical_unpark,
            When::NoTimeout => !timeout,
            When::Leaky => timeout && switches.leaky_barrier,
            When::Rollback => timeout && !switches.leaky_barrier,
            When::DropGathered => switches.drop_gathered,
            When::KeepGathered => !switches.drop_gathered && !lifo,
            When::KeepLifo => !switches.drop_gathered && lifo,
            When::NotifyAlways => switches.notify_rule == NotifyRule::Always,
            When::SkipNotified => switches.notify_rule == NotifyRule::SkipNotified,
            When::SkipBusy => switches.notify_rule == NotifyRule::SkipNotifiedOrBusy,
            When::UnderLock => switches.poll_under_lock,
            When::Unlocked => !switches.poll_under_lock,
            When::NotifyOne => variant.notify_one(),
            When::NotifyWaiters => !variant.notify_one(),
            When::EndBarrier => variant.has_end_barrier(),
            When::NoEndBarrier => !variant.has_end_barrier(),
        }
    }
}

/// One line: a label (empty for a heading or a closing brace) and its
/// pseudo-code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The program-counter label, as the core spells it.
    pub label: &'static str,
    /// Our pseudo-code of the step.
    pub code: &'static str,
}

/// A block of lines, such as the requester's `dump()` or `trace_core`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Whose steps these are.
    pub kind: Kind,
    /// The lines, heading and closing brace included.
    pub lines: Vec<Line>,
}

type Source = (When, &'static str, &'static str);

const A: When = When::Always;

#[rustfmt::skip]
const REQUESTER: &[Source] = &[
    (A, "", "fn dump() {  // on its own thread"),
    (When::Cas, "Cas", "  won = cas(requested: false→true)"),
    (When::PlainStore, "Cas", "  requested = true  // plain store"),
    (A, "Backoff", "  lost: wake all; yield; → Cas"),
    (A, "Take", "  got = take(result); some? → Clear"),
    (When::Nudges, "Nudge", "  wake all workers (Idle untouched)"),
    (When::NoNudge, "Nudge", "  (no-nudge: wakes nobody)"),
    (A, "Wait", "  await result_ready; → Take"),
    (When::Cas, "Clear", "  cas(requested: true→false)"),
    (When::PlainStore, "Clear", "  requested = false  // plain"),
    (A, "ClearBackoff", "  lost: wake all; yield; → Clear"),
    (A, "Done", "  return got"),
    (When::Inline, "Cancelled", "  (inline-dump: stopped by caller)"),
    (When::Callers, "NotStarted", "  (round not started yet)"),
    (A, "", "}"),
];

#[rustfmt::skip]
const CALLER: &[Source] = &[
    (A, "", "loop {  // caller"),
    (A, "CallStart", "  start this round's dump()"),
    (A, "CallWait", "  await it, or give up on it"),
    (A, "CallDone", "  all rounds over"),
    (A, "", "}"),
];

#[rustfmt::skip]
const RUN_LOOP: &[Source] = &[
    (A, "", "loop {  // each worker"),
    (A, "Top", "  closed? exit; traced? trace; tick++"),
    (When::FlagRead, "Maintenance", "  k-th tick: driver; read closed, flag"),
    (When::FlagNotRead, "Maintenance", "  k-th tick: driver; read closed only"),
    (A, "Next", "  task = LIFO | run queue | injection"),
    (When::StealAny, "Search", "  steal one | injection"),
    (When::Search, "Search", "  if < N/2 search: steal | injection"),
    (When::SearchLifo, "Search", "  if < N/2 search: steal (LIFO too)"),
    (A, "PollBegin", "  stop searching; run (bit clear? panic)"),
    (A, "PollEnd", "  poll; woken? requeue+notify; LIFO next"),
    (A, "ParkCheck", "  work, traced, owed wakes? → Top; sleep"),
    (When::NoLifo, "LastSearcherCheck", "  work queued? notify one"),
    (When::Lifo, "LastSearcherCheck", "  work queued (LIFO too)? notify one"),
    (A, "Parked", "  sleep until unparked"),
    (A, "ParkMaintenance", "  read closed, flag"),
    (When::Logical, "FromParked", "  work or traced? unlist; listed? sleep"),
    (When::Physical, "FromParked", "  work? unlist; traced? go, still listed"),
    (A, "", "}"),
];

#[rustfmt::skip]
const TRACE_CORE: &[Source] = &[
    (A, "", "trace_core {"),
    (A, "TraceBegin", "  traced = false"),
    (A, "StartArrive", "  arrive at trace_start; last leads"),
    (When::NoTimeout, "StartWait", "  wait for release (no timeout)"),
    (When::Leaky, "StartWait", "  wait; timeout keeps arrival counted"),
    (When::Rollback, "StartWait", "  wait; timeout takes arrival back"),
    (When::DropGathered, "Gather", "  drop all queued handles (no LIFO)"),
    (When::KeepGathered, "Gather", "  take all queued handles (no LIFO)"),
    (When::KeepLifo, "Gather", "  take all queued handles + LIFO slots"),
    (When::NotifyAlways, "Collect", "  per task: set bit, add handle, always"),
    (When::SkipNotified, "Collect", "  per task: bit set? skip; else add"),
    (When::SkipBusy, "Collect", "  per task: set/busy? skip; else add"),
    (When::Unlocked, "Unlock", "  unlock owned tasks; then poll"),
    (When::Unlocked, "TracePoll", "  trace-poll one; owe it a wake"),
    (When::UnderLock, "TracePoll", "  trace-poll one, locked; owe a wake"),
    (When::UnderLock, "Reschedule", "  set bit, inject, notify one"),
    (When::UnderLock, "Unlock", "  unlock owned tasks (after polls)"),
    (A, "OwnedLockWait", "  wait for the owned-tasks lock"),
    (A, "Stash", "  lock(result) = dump"),
    (When::NotifyOne, "NotifyResult", "  result_ready.notify_one()"),
    (When::NotifyWaiters, "NotifyResult", "  result_ready.notify_waiters()"),
    (When::EndBarrier, "EndArrive", "  arrive at trace_end"),
    (When::NoEndBarrier, "EndArrive", "  (no-end-barrier: skipped)"),
    (A, "EndWait", "  wait for all; → Top"),
    (A, "", "}"),
];

#[rustfmt::skip]
const EXIT: &[Source] = &[
    (A, "", "// how a worker stops"),
    (When::Dropper, "PreShutdown", "  lock owned; close, cancel idle tasks"),
    (When::Dropper, "ShutdownCore", "  hand in core; last empties queues"),
    (When::Dropper, "Exited", "  thread ends"),
    (A, "Panicked", "  ran a handle, bit clear (S7)"),
];

#[rustfmt::skip]
const SPAWNER: &[Source] = &[
    (A, "", "spawn(tasks) {  // outside"),
    (A, "SpawnWait", "  wait for its moment"),
    (A, "SpawnBind", "  bind next, bit set (needs lock)"),
    (A, "SpawnPush", "  push on the injection queue"),
    (A, "SpawnNotify", "  notify one; more? → SpawnBind"),
    (A, "SpawnDone", "  done"),
    (A, "", "}"),
];

#[rustfmt::skip]
const WAKER: &[Source] = &[
    (A, "", "wake(t) {  // from outside"),
    (A, "WakePush", "  idle, bit clear? set, inject"),
    (A, "WakeNotify", "  notify one"),
    (A, "WakeDone", "  done"),
    (A, "", "}"),
];

#[rustfmt::skip]
const DROPPER: &[Source] = &[
    (A, "", "drop(runtime) {"),
    (A, "DropWait", "  wait for its moment"),
    (A, "Close", "  close injection; wake all"),
    (A, "Join", "  join every worker"),
    (A, "Joined", "  dropped"),
    (A, "", "}"),
];

/// Every block, in the listing's order, with when it shows.
#[rustfmt::skip]
const BLOCKS: [(Kind, When, &[Source]); 8] = [
    (Kind::Requester, A, REQUESTER),
    (Kind::Caller, When::Callers, CALLER),
    (Kind::Worker, A, RUN_LOOP),
    (Kind::Worker, A, TRACE_CORE),
    (Kind::Worker, A, EXIT),
    (Kind::Spawner, When::Spawners, SPAWNER),
    (Kind::Waker, When::Wakers, WAKER),
    (Kind::Dropper, When::Dropper, DROPPER),
];

/// Every block the listing shows for `shown`, in order, each with the
/// lines that show.
pub fn blocks(shown: Shown) -> Vec<Block> {
    BLOCKS
        .iter()
        .filter(|(_, when, _)| when.holds(shown))
        .map(|&(kind, _, sources)| Block {
            kind,
            lines: sources
                .iter()
                .filter(|(when, ..)| when.holds(shown))
                .map(|&(_, label, code)| Line { label, code })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_opens_with_a_heading_and_has_steps() {
        for variant in Variant::ALL {
            for bits in 0..32u8 {
                let shown = Shown {
                    variant,
                    searching: bits & 1 != 0,
                    callers: bits & 2 != 0,
                    spawners: bits & 4 != 0,
                    wakers: bits & 8 != 0,
                    dropper: bits & 16 != 0,
                };
                for block in blocks(shown) {
                    assert_eq!(block.lines[0].label, "", "{block:?}");
                    assert!(block.lines.iter().any(|line| !line.label.is_empty()));
                }
            }
        }
    }
}
