//! Snapshots of every built-in scenario's default run: each step narrated,
//! then the final status and the safety properties.
//!
//! The expectations live in `snapshots/<name>.txt`. After a deliberate
//! change to the model or its narration, refresh them with
//! `UPDATE_EXPECT=1 cargo test -p rendezvous-core --test snapshots` and
//! read the diff.

mod common;

use expect_test::expect_file;
use rendezvous_core::scenario::builtin_names;

/// Where a snapshot stops a run that never ends (`inline-dump` spins for
/// ever by design, and `lifo-not-gathered`'s timer keeps firing); every
/// other default run ends well before it.
const SNAPSHOT_MAX_STEPS: usize = 500;

/// Checks the default run of built-in scenario `name` against its snapshot.
fn check_default_run(name: &str) {
    let run = common::default_run(name, SNAPSHOT_MAX_STEPS);
    let report = common::narrated_report(&run, SNAPSHOT_MAX_STEPS);
    expect_file![format!("snapshots/{name}.txt")].assert_eq(&report);
}

macro_rules! snapshot_tests {
    ($($test:ident => $name:literal,)+) => {
        $(
            #[test]
            fn $test() {
                check_default_run($name);
            }
        )+

        #[test]
        fn every_builtin_scenario_has_a_snapshot() {
            let tested = [$($name),+];
            assert_eq!(builtin_names(), tested);
        }
    };
}

snapshot_tests! {
    quiet_runtime => "quiet-runtime",
    busy_workers => "busy-workers",
    two_requesters => "two-requesters",
    early_result => "early-result",
    wedged_worker => "wedged-worker",
    abandoned_dump => "abandoned-dump",
    no_timeout => "no-timeout",
    notify_waiters => "notify-waiters",
    no_nudge => "no-nudge",
    plain_store => "plain-store",
    no_end_barrier => "no-end-barrier",
    no_maintenance_check => "no-maintenance-check",
    inline_dump => "inline-dump",
    issue7478_idle_dump => "issue7478-idle-dump",
    issue7478_partial => "issue7478-partial",
    pr8372_spawn_after_dump => "pr8372-spawn-after-dump",
    spawn_during_dump => "spawn-during-dump",
    pr8370_wedged_loop => "pr8370-wedged-loop",
    issue6035_complete_during_trace => "issue6035-complete-during-trace",
    issue6051_timer_loop => "issue6051-timer-loop",
    outside_wake_after_gather => "outside-wake-after-gather",
    issue6343_slow_threads => "issue6343-slow-threads",
    wake_self_during_trace => "wake-self-during-trace",
    dump_during_shutdown => "dump-during-shutdown",
    tcl_lsp_wedge => "tcl-lsp-wedge",
    lifo_not_gathered => "lifo-not-gathered",
    issue5638_very_stuck => "issue5638-very-stuck",
}
