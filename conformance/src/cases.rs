//! The conformance cases: small programs that drive a real Tokio release
//! through the shapes of the casebook (PROTOCOL.md, section 15.4) and
//! classify each run into exactly one outcome.
//!
//! Every release's program (`../tokio-X.Y.Z/src/main.rs`) includes this one
//! file, so all releases run the same code, through Tokio's public API only:
//! `runtime::Builder`, `Handle::dump`, `spawn`, `tokio::time`, `yield_now`
//! and `std::thread::sleep` inside a task for a wedged worker.
//!
//! Usage: `PROGRAM <case> [--limit-ms L]`, or `PROGRAM list`. The last line a
//! run prints is `OUTCOME: <words>`, and the exit code says the same (see
//! [`Outcome::code`]). A watchdog thread ends the process when a wait (for a
//! dump, a spawned task, a runtime drop) lasts longer than the limit, so a
//! run never hangs; a panic whose message names `is_notified` ends it too.
//!
//! Tasks are told apart in a dump by name: each task's future is an `async
//! fn` with a distinctive name (`busy_task`, `wedged_task`, ...), which shows
//! in the task's trace. An entry that names no known task has an empty
//! trace: the task was running on another worker while the dump was taken
//! (PROTOCOL.md 9.5).

use std::fmt::Write as _;
use std::future::Future;
use std::io::Write as _;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Handle, Runtime};

/// The cases this program drives, with what each one stands for.
pub const CASES: &[(&str, &str)] = &[
    (
        "wedged-loop",
        "PR 8370, casebook C: one task blocks its worker for 1.2 s while dumps run in a loop",
    ),
    (
        "wedged-loop-yield",
        "casebook C as modelled: the same, with tasks that only yield (no timers, no defer list)",
    ),
    (
        "idle-dump-spawn",
        "issue 7478, casebook A: 2 parked workers, a dump, then spawns from outside",
    ),
    (
        "idle-dump-spawn-1w",
        "PR 8372, casebook B: the same with 1 worker",
    ),
    (
        "timer-loop",
        "issue 6051, casebook E/J: a task sleeping in a loop while dumps run under a timeout",
    ),
    (
        "complete-during-trace",
        "issue 6035 / PR 6036, casebook D: a task that completes when it is traced",
    ),
    (
        "wake-self-during-trace",
        "casebook G: a task that wakes itself when it is traced",
    ),
    (
        "dump-during-drop",
        "casebook H: a dump requested while the runtime is being dropped",
    ),
];

/// The one outcome a run is classified into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every dump returned and listed every task (or the case's checks all
    /// passed).
    Complete,
    /// A dump returned without an entry for the named task.
    Missing(String),
    /// A dump listed a task that was running on another worker throughout
    /// the dump (an entry with an empty trace).
    Running,
    /// A thread panicked with a message naming `is_notified`.
    PanicNotified,
    /// No dump returned within the limit.
    Deadlock,
    /// A task spawned from outside the runtime was not polled within the
    /// limit.
    SpawnNeverRan,
    /// Dropping the runtime did not finish within the limit.
    DropNeverFinished,
    /// A panic that names something else.
    OtherPanic,
}

impl Outcome {
    /// The words printed after `OUTCOME: `.
    pub fn words(&self) -> String {
        match self {
            Outcome::Complete => "dump returned and complete".to_owned(),
            Outcome::Missing(name) => format!("dump returned, task {name} missing"),
            Outcome::Running => "dump lists a task as running".to_owned(),
            Outcome::PanicNotified => "panic is_notified".to_owned(),
            Outcome::Deadlock => "deadlock".to_owned(),
            Outcome::SpawnNeverRan => "spawned task never ran".to_owned(),
            Outcome::DropNeverFinished => "runtime drop never finished".to_owned(),
            Outcome::OtherPanic => "panic other".to_owned(),
        }
    }

    /// The process exit code for this outcome.
    pub fn code(&self) -> i32 {
        match self {
            Outcome::Complete => 0,
            Outcome::Missing(_) => 10,
            Outcome::Running => 11,
            Outcome::PanicNotified => 12,
            Outcome::Deadlock => 13,
            Outcome::SpawnNeverRan => 14,
            Outcome::DropNeverFinished => 15,
            Outcome::OtherPanic => 16,
        }
    }

    /// Which outcome a run reports when it saw several: the higher rank.
    fn rank(&self) -> u8 {
        match self {
            Outcome::Complete => 0,
            Outcome::Missing(_) => 1,
            Outcome::Running => 2,
            Outcome::OtherPanic => 3,
            Outcome::SpawnNeverRan | Outcome::DropNeverFinished | Outcome::Deadlock => 4,
            Outcome::PanicNotified => 5,
        }
    }
}

/// Set once a final outcome has been printed; later reports are ignored.
static FINISHED: Mutex<bool> = Mutex::new(false);

/// Prints `OUTCOME: <words>` and ends the process with the outcome's code.
fn finish(outcome: &Outcome) -> ! {
    let mut finished = FINISHED.lock().unwrap_or_else(|poison| poison.into_inner());
    if !*finished {
        *finished = true;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "OUTCOME: {}", outcome.words());
        let _ = stdout.flush();
        std::process::exit(outcome.code());
    }
    drop(finished);
    // Another thread is printing the outcome and exiting.
    loop {
        std::thread::park();
    }
}

/// Prints a line of detail (not part of the classification).
fn note(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "NOTE: {text}");
    let _ = stdout.flush();
}

/// The watchdog's current wait: its deadline and what it means if it passes.
static WATCH: Mutex<Option<(Instant, Outcome)>> = Mutex::new(None);

/// Starts the watchdog thread, which ends the process with the armed outcome
/// once the armed deadline passes.
fn start_watchdog() {
    std::thread::Builder::new()
        .name("watchdog".to_owned())
        .spawn(|| loop {
            std::thread::sleep(Duration::from_millis(5));
            let expired = {
                let watch = WATCH.lock().unwrap_or_else(|poison| poison.into_inner());
                match &*watch {
                    Some((deadline, outcome)) if Instant::now() >= *deadline => {
                        Some(outcome.clone())
                    }
                    _ => None,
                }
            };
            if let Some(outcome) = expired {
                note("the watchdog's limit passed");
                finish(&outcome);
            }
        })
        .expect("the watchdog thread starts");
}

/// Arms the watchdog: unless [`disarm`] comes first, the run ends with
/// `outcome` after `limit`.
fn arm(limit: Duration, outcome: Outcome) {
    *WATCH.lock().unwrap_or_else(|poison| poison.into_inner()) =
        Some((Instant::now() + limit, outcome));
}

/// Disarms the watchdog.
fn disarm() {
    *WATCH.lock().unwrap_or_else(|poison| poison.into_inner()) = None;
}

/// Panics that named something other than `is_notified`.
static OTHER_PANICS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set on threads whose panics are expected (a dump thread racing a
    /// runtime drop); they are noted, not classified.
    static PANIC_EXPECTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs the panic hook: the default message goes to stderr, then a
/// message naming `is_notified` ends the run as [`Outcome::PanicNotified`].
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if message.contains("is_notified") {
            note(&format!("panic: {message}"));
            finish(&Outcome::PanicNotified);
        }
        if PANIC_EXPECTED.with(|expected| expected.get()) {
            note(&format!("expected panic: {message}"));
        } else {
            note(&format!("panic: {message}"));
            OTHER_PANICS.fetch_add(1, Ordering::SeqCst);
        }
    }));
}

/// The outcome of a whole run: the highest-ranked outcome seen.
struct Verdict {
    worst: Outcome,
}

impl Verdict {
    fn new() -> Verdict {
        Verdict {
            worst: Outcome::Complete,
        }
    }

    fn see(&mut self, outcome: Outcome) {
        if outcome != Outcome::Complete {
            note(&format!("seen: {}", outcome.words()));
        }
        if outcome.rank() > self.worst.rank() {
            self.worst = outcome;
        }
    }
}

/// Runs the program: `args` are the command-line arguments after the
/// program name; `release` is the Tokio release it was built against.
pub fn main(release: &str) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(case) = args.first() else {
        eprintln!("usage: PROGRAM <case> [--limit-ms L] | PROGRAM list");
        std::process::exit(2);
    };
    if case == "list" {
        for (name, about) in CASES {
            println!("{name}\t{about}");
        }
        return;
    }
    let mut limit = Duration::from_millis(3000);
    let mut rest = args[1..].iter();
    while let Some(option) = rest.next() {
        match option.as_str() {
            "--limit-ms" => {
                let value = rest.next().and_then(|value| value.parse::<u64>().ok());
                let Some(value) = value else {
                    eprintln!("--limit-ms needs a number of milliseconds");
                    std::process::exit(2);
                };
                limit = Duration::from_millis(value);
            }
            other => {
                eprintln!("unknown option `{other}`");
                std::process::exit(2);
            }
        }
    }
    println!("TOKIO: {release}");
    println!("CASE: {case}");
    install_panic_hook();
    start_watchdog();
    let outcome = match case.as_str() {
        "wedged-loop" => wedged_loop(limit, false),
        "wedged-loop-yield" => wedged_loop(limit, true),
        "idle-dump-spawn" => idle_dump_spawn(limit, 2),
        "idle-dump-spawn-1w" => idle_dump_spawn(limit, 1),
        "timer-loop" => timer_loop(limit),
        "complete-during-trace" => complete_during_trace(limit),
        "wake-self-during-trace" => wake_self_during_trace(limit),
        "dump-during-drop" => dump_during_drop(limit),
        other => {
            eprintln!("unknown case `{other}`; `list` prints the cases");
            std::process::exit(2);
        }
    };
    let outcome = if OTHER_PANICS.load(Ordering::SeqCst) > 0 && outcome.rank() < 3 {
        Outcome::OtherPanic
    } else {
        outcome
    };
    finish(&outcome);
}

fn runtime(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_time()
        .build()
        .expect("the runtime builds")
}

/// One dump: how long `dump()` took, and each entry's trace as text.
struct Taken {
    took: Duration,
    traces: Vec<String>,
}

/// Takes a dump from outside the runtime (the calling thread is not a
/// worker, so the caller is not a task of the dump).
fn take_dump(handle: &Handle) -> Taken {
    let start = Instant::now();
    let dump = handle.block_on(handle.dump());
    let took = start.elapsed();
    if std::env::var_os("CONFORMANCE_SHOW_TRACES").is_some() {
        for task in dump.tasks().iter() {
            println!("TRACE:\n{}", task.trace());
        }
    }
    let traces = dump
        .tasks()
        .iter()
        .map(|task| task.trace().to_string())
        .collect();
    Taken { took, traces }
}

/// Classifies one returned dump against the tasks expected in it, each a
/// function name and how many tasks run it.
///
/// An entry that names no expected task has an empty trace: its task was
/// running elsewhere while the dump was taken, so the dump lists a task as
/// running. Otherwise the first expected name with too few entries is
/// missing.
fn classify_dump(traces: &[String], expected: &[(&str, usize)]) -> Outcome {
    let mut found = vec![0usize; expected.len()];
    let mut unnamed = 0usize;
    for trace in traces {
        match expected.iter().position(|(name, _)| trace.contains(name)) {
            Some(index) => found[index] += 1,
            None => unnamed += 1,
        }
    }
    if unnamed > 0 {
        return Outcome::Running;
    }
    for ((name, count), found) in expected.iter().zip(&found) {
        if found < count {
            return Outcome::Missing((*name).to_owned());
        }
    }
    Outcome::Complete
}

/// A short summary of a dump's entries for the notes: the first line of each
/// trace that names a case function, or `(empty)`.
fn summary(traces: &[String]) -> String {
    let mut text = String::new();
    for trace in traces {
        let name = [
            "wedged_task",
            "busy_task",
            "stuck_task",
            "spinner_task",
            "sleeper_task",
            "finisher_task",
            "self_waker_task",
            "idle_task",
            "probe_task",
        ]
        .into_iter()
        .find(|name| trace.contains(name));
        let _ = write!(text, "{} ", name.unwrap_or("(empty)"));
    }
    text.trim_end().to_owned()
}

// ---------------------------------------------------------------- tasks

/// A task's future behind a trait object. Polled through the vtable, the
/// `async fn`'s body is a frame of its own in a trace, so its name shows in
/// the dump (inlined into Tokio's root frame, it would not).
fn named(
    future: impl Future<Output = ()> + Send + 'static,
) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(future)
}

/// A task that yields and sleeps in a loop, never blocking its worker.
async fn busy_task() {
    loop {
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Yields the way the model's busy tasks do: wakes its own task during the
/// poll and returns pending once (in a trace-mode poll it only records its
/// trace), so Tokio queues the task at the back of
/// the worker's run queue (`yield_now` in the task harness). Tokio's own
/// `yield_now` defers the wake instead, and a deferred wake goes to the LIFO
/// slot.
struct SelfYield(bool);

impl Future for SelfYield {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // An instrumented leaf, so that a trace-mode poll records this
        // task's frames; outside a dump it is ready at once and changes
        // nothing.
        if tracing_now(cx) {
            return Poll::Pending;
        }
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// A task that only yields ([`SelfYield`]), never sleeping.
async fn spinner_task() {
    loop {
        SelfYield(false).await;
    }
}

/// Like [`wedged_task`], with only [`SelfYield`] yields.
async fn stuck_task() {
    let mut wedged = false;
    loop {
        if !wedged && WEDGE_NOW.load(Ordering::SeqCst) {
            wedged = true;
            WEDGE_EPOCH.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(1200));
            WEDGE_EPOCH.fetch_add(1, Ordering::SeqCst);
        }
        SelfYield(false).await;
    }
}

/// Counts the wedge's edges: odd while `wedged_task` blocks its worker.
static WEDGE_EPOCH: AtomicU64 = AtomicU64::new(0);
/// Set by the main thread when `wedged_task` should block its worker.
static WEDGE_NOW: AtomicBool = AtomicBool::new(false);

/// A task that, once told to, blocks its worker for 1.2 s without yielding,
/// then behaves like [`busy_task`].
async fn wedged_task() {
    let mut wedged = false;
    loop {
        if !wedged && WEDGE_NOW.load(Ordering::SeqCst) {
            wedged = true;
            WEDGE_EPOCH.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(1200));
            WEDGE_EPOCH.fetch_add(1, Ordering::SeqCst);
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// A task that waits for ever on a long timer.
async fn idle_task() {
    tokio::time::sleep(Duration::from_secs(3600)).await;
}

/// A task that sleeps a few milliseconds in a loop (issue 6051's shape).
async fn sleeper_task() {
    let mut round = 0u64;
    loop {
        round += 1;
        tokio::time::sleep(Duration::from_millis(1 + round % 3)).await;
    }
}

/// Tasks spawned from outside that have been polled.
static PROBES_RAN: AtomicUsize = AtomicUsize::new(0);

/// A task spawned from outside the runtime: it only counts itself.
async fn probe_task() {
    PROBES_RAN.fetch_add(1, Ordering::SeqCst);
}

/// Whether this poll is a trace-mode poll of a task dump, found through the
/// public API so that it works on releases without `Handle::is_tracing`
/// (1.29 to 1.33): a sleep whose deadline has passed is ready at its first
/// poll, except in trace mode, where Tokio's instrumented leaf returns
/// pending before looking at the timer.
fn tracing_now(cx: &mut Context<'_>) -> bool {
    let past = tokio::time::Instant::now() - Duration::from_secs(1);
    let sleep = tokio::time::sleep_until(past);
    let mut sleep = std::pin::pin!(sleep);
    sleep.as_mut().poll(cx).is_pending()
}

/// Trace-mode polls seen by [`FinishWhenTraced`] and [`WakeSelfWhenTraced`].
static TRACED_POLLS: AtomicUsize = AtomicUsize::new(0);

/// The future of PR 6036's test: wakes itself and stays pending, except in
/// a trace-mode poll, where it completes.
struct FinishWhenTraced;

impl Future for FinishWhenTraced {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if tracing_now(cx) {
            TRACED_POLLS.fetch_add(1, Ordering::SeqCst);
            Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// A task that completes only when a dump traces it.
async fn finisher_task() {
    FinishWhenTraced.await;
}

/// A future that is idle outside dumps and wakes itself in a trace-mode
/// poll (the multi-thread counterpart of issue 8391's trigger).
struct WakeSelfWhenTraced;

impl Future for WakeSelfWhenTraced {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if tracing_now(cx) {
            TRACED_POLLS.fetch_add(1, Ordering::SeqCst);
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

/// A task that wakes itself whenever it is traced, and is idle otherwise.
async fn self_waker_task() {
    WakeSelfWhenTraced.await;
}

// ---------------------------------------------------------------- cases

/// PR 8370's shape (casebook C): two workers, eight busy tasks, one task
/// that blocks its worker for 1.2 s; dumps back to back from before the
/// wedge until two dumps after it. The busy tasks yield and sleep, or, with
/// `yield_only`, only yield as the model's busy tasks do.
fn wedged_loop(limit: Duration, yield_only: bool) -> Outcome {
    let rt = runtime(2);
    let handle = rt.handle().clone();
    for _ in 0..8 {
        if yield_only {
            handle.spawn(named(spinner_task()));
        } else {
            handle.spawn(named(busy_task()));
        }
    }
    if yield_only {
        handle.spawn(named(stuck_task()));
    } else {
        handle.spawn(named(wedged_task()));
    }
    std::thread::sleep(Duration::from_millis(50));
    WEDGE_NOW.store(true, Ordering::SeqCst);
    let started = Instant::now();
    while WEDGE_EPOCH.load(Ordering::SeqCst) == 0 {
        if started.elapsed() > limit {
            note("the wedged task never started");
            return Outcome::Deadlock;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let expected = if yield_only {
        [("stuck_task", 1), ("spinner_task", 8)]
    } else {
        [("wedged_task", 1), ("busy_task", 8)]
    };
    let mut verdict = Verdict::new();
    let mut after_wedge = 0;
    let mut index = 0;
    while after_wedge < 2 {
        index += 1;
        let before = WEDGE_EPOCH.load(Ordering::SeqCst);
        arm(limit, Outcome::Deadlock);
        let taken = take_dump(&handle);
        disarm();
        let after = WEDGE_EPOCH.load(Ordering::SeqCst);
        let wedged_throughout = before == after && before % 2 == 1;
        let outcome = classify_dump(&taken.traces, &expected);
        note(&format!(
            "dump {index} took {} ms, wedged throughout: {wedged_throughout}, {} entries: {}",
            taken.took.as_millis(),
            taken.traces.len(),
            summary(&taken.traces)
        ));
        if before % 2 == 0 && before > 0 {
            after_wedge += 1;
        }
        verdict.see(outcome);
    }
    // A second handle to a task shows when that task's poll ends.
    std::thread::sleep(Duration::from_millis(200));
    verdict.worst
}

/// Issue 7478's and PR 8372's shape (casebook A and B): every worker parked,
/// a dump, then tasks spawned from outside, three rounds.
fn idle_dump_spawn(limit: Duration, workers: usize) -> Outcome {
    let rt = runtime(workers);
    let handle = rt.handle().clone();
    // A first batch, awaited, so that every worker has run and then parks.
    handle.block_on(async {
        let batch: Vec<_> = (0..4).map(|_| tokio::spawn(named(probe_task()))).collect();
        for task in batch {
            let _ = task.await;
        }
    });
    let mut verdict = Verdict::new();
    let mut spawned = 4;
    for round in 1..=3 {
        std::thread::sleep(Duration::from_millis(100));
        arm(limit, Outcome::Deadlock);
        let taken = take_dump(&handle);
        disarm();
        note(&format!(
            "round {round}: dump took {} ms, {} entries",
            taken.took.as_millis(),
            taken.traces.len()
        ));
        verdict.see(classify_dump(&taken.traces, &[]));
        std::thread::sleep(Duration::from_millis(50));
        for _ in 0..2 {
            handle.spawn(named(probe_task()));
        }
        spawned += 2;
        arm(limit, Outcome::SpawnNeverRan);
        while PROBES_RAN.load(Ordering::SeqCst) < spawned {
            std::thread::sleep(Duration::from_millis(1));
        }
        disarm();
    }
    verdict.worst
}

/// Issue 6051's shape (casebook E and J): a task sleeping a few
/// milliseconds in a loop, and dumps in a loop, each under a one-second
/// `timeout` (a dump given up on is not classified).
fn timer_loop(limit: Duration) -> Outcome {
    let rt = runtime(2);
    let handle = rt.handle().clone();
    handle.spawn(named(sleeper_task()));
    std::thread::sleep(Duration::from_millis(20));
    let mut verdict = Verdict::new();
    let started = Instant::now();
    let (mut returned, mut gave_up) = (0, 0);
    arm(limit, Outcome::Deadlock);
    while started.elapsed() < Duration::from_millis(1500) && returned < 200 {
        let result = handle.block_on(async {
            tokio::time::timeout(Duration::from_secs(1), Handle::current().dump()).await
        });
        match result {
            Ok(dump) => {
                arm(limit, Outcome::Deadlock);
                returned += 1;
                let traces: Vec<String> = dump
                    .tasks()
                    .iter()
                    .map(|task| task.trace().to_string())
                    .collect();
                let outcome = classify_dump(&traces, &[("sleeper_task", 1)]);
                if outcome != Outcome::Complete {
                    note(&format!("dump {returned}: {}", summary(&traces)));
                }
                verdict.see(outcome);
            }
            Err(_) => gave_up += 1,
        }
    }
    disarm();
    note(&format!("{returned} dumps returned, {gave_up} given up"));
    std::thread::sleep(Duration::from_millis(100));
    verdict.worst
}

/// Issue 6035's shape (casebook D): a task that completes when traced, an
/// idle task, three rounds of spawn and dump.
fn complete_during_trace(limit: Duration) -> Outcome {
    let rt = runtime(2);
    let handle = rt.handle().clone();
    handle.spawn(named(idle_task()));
    let mut verdict = Verdict::new();
    for round in 1..=3 {
        handle.spawn(named(finisher_task()));
        std::thread::sleep(Duration::from_millis(20));
        // Finishers complete only in trace-mode polls; those still alive
        // (spawned, never traced) are expected in this dump.
        let alive = round - TRACED_POLLS.load(Ordering::SeqCst);
        arm(limit, Outcome::Deadlock);
        let taken = take_dump(&handle);
        disarm();
        note(&format!(
            "round {round}: dump took {} ms, {} entries: {}; trace-mode polls so far {}",
            taken.took.as_millis(),
            taken.traces.len(),
            summary(&taken.traces),
            TRACED_POLLS.load(Ordering::SeqCst)
        ));
        verdict.see(classify_dump(
            &taken.traces,
            &[("finisher_task", alive), ("idle_task", 1)],
        ));
        std::thread::sleep(Duration::from_millis(20));
    }
    verdict.worst
}

/// Casebook G: a task that wakes itself when traced, an idle task, three
/// dumps.
fn wake_self_during_trace(limit: Duration) -> Outcome {
    let rt = runtime(2);
    let handle = rt.handle().clone();
    handle.spawn(named(self_waker_task()));
    handle.spawn(named(idle_task()));
    std::thread::sleep(Duration::from_millis(50));
    let mut verdict = Verdict::new();
    for round in 1..=3 {
        arm(limit, Outcome::Deadlock);
        let taken = take_dump(&handle);
        disarm();
        note(&format!(
            "round {round}: dump took {} ms, {} entries: {}",
            taken.took.as_millis(),
            taken.traces.len(),
            summary(&taken.traces)
        ));
        verdict.see(classify_dump(
            &taken.traces,
            &[("self_waker_task", 1), ("idle_task", 1)],
        ));
        // The rescheduled handles run here.
        std::thread::sleep(Duration::from_millis(50));
    }
    verdict.worst
}

/// Casebook H: five runtimes, each with one busy task; a dump is requested
/// from another thread and, after a short delay, the runtime is dropped.
fn dump_during_drop(limit: Duration) -> Outcome {
    static RETURNED: AtomicUsize = AtomicUsize::new(0);
    for (round, delay_us) in [0u64, 200, 500, 1000, 3000].into_iter().enumerate() {
        let rt = runtime(2);
        let handle = rt.handle().clone();
        handle.spawn(named(busy_task()));
        std::thread::sleep(Duration::from_millis(20));
        let requester = handle.clone();
        std::thread::spawn(move || {
            PANIC_EXPECTED.with(|expected| expected.set(true));
            let _ = requester.block_on(requester.dump());
            RETURNED.fetch_add(1, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_micros(delay_us));
        let start = Instant::now();
        arm(limit, Outcome::DropNeverFinished);
        drop(rt);
        disarm();
        note(&format!(
            "round {}: drop took {} ms",
            round + 1,
            start.elapsed().as_millis()
        ));
    }
    std::thread::sleep(Duration::from_millis(50));
    note(&format!(
        "{} of 5 dumps returned (a dump that overlaps the drop may never return)",
        RETURNED.load(Ordering::SeqCst)
    ));
    Outcome::Complete
}
