//! Where each step of the listing lives in Tokio 1.54.1's source, so a
//! reader can hold the page and Tokio side by side.
//!
//! Each link is a file (an index into [`FILES`]) and a line range at the
//! `tokio-1.54.1` tag; the URL is built from [`TAG_URL`] and the file's
//! folder when the line is drawn, so the page carries each path once and
//! three numbers per link. A step with no code of its own in 1.54.1 (a
//! start condition, a terminal state, a what-if, `[Reschedule]` of
//! 1.29–1.32) has no link.

/// The source tree of Tokio 1.54.1 on GitHub, at its release tag.
pub const TAG_URL: &str = "https://github.com/tokio-rs/tokio/blob/tokio-1.54.1/tokio/src/";

/// The files the listing links to, relative to [`TAG_URL`]: each as its
/// folder and the short name the listing shows (with the folder's last part
/// where the name alone is ambiguous).
pub const FILES: [(&str, &str); 14] = [
    ("runtime/scheduler/multi_thread/", "worker.rs"),
    ("runtime/scheduler/multi_thread/", "idle.rs"),
    ("runtime/scheduler/multi_thread/", "trace.rs"),
    ("runtime/scheduler/multi_thread/", "handle/taskdump.rs"),
    ("runtime/scheduler/multi_thread/", "worker/taskdump.rs"),
    ("runtime/scheduler/", "multi_thread/handle.rs"),
    ("runtime/task/", "trace/mod.rs"),
    ("runtime/task/", "state.rs"),
    ("runtime/task/", "harness.rs"),
    ("runtime/task/", "list.rs"),
    ("loom/std/", "barrier.rs"),
    ("", "runtime/handle.rs"),
    ("runtime/", "runtime.rs"),
    ("runtime/blocking/", "pool.rs"),
];

const WORKER: u8 = 0;
const IDLE: u8 = 1;
const TRACE: u8 = 2;
const HANDLE_DUMP: u8 = 3;
const WORKER_DUMP: u8 = 4;
const MT_HANDLE: u8 = 5;
const TRACE_MOD: u8 = 6;
const STATE: u8 = 7;
const HARNESS: u8 = 8;
const LIST: u8 = 9;
const BARRIER: u8 = 10;
const RT_HANDLE: u8 = 11;
const RUNTIME: u8 = 12;
const POOL: u8 = 13;

/// One link: the step's label, the file (an index into [`FILES`]), and
/// its first and last line.
pub type Link = (&'static str, u8, u16, u16);

/// Every link, in the listing's order; a step with two has its main one
/// first.
pub const LINKS: [Link; 60] = [
    // The requester: `Handle::dump` and `TraceStatus`.
    ("Cas", TRACE, 32, 35),
    ("Backoff", TRACE, 37, 38),
    ("Take", HANDLE_DUMP, 13, 14),
    ("Nudge", HANDLE_DUMP, 16, 16),
    ("Wait", HANDLE_DUMP, 17, 17),
    ("Clear", TRACE, 52, 55),
    ("ClearBackoff", TRACE, 57, 58),
    ("Done", RT_HANDLE, 678, 685),
    // A caller: each `dump()` call runs on a thread of its own.
    ("CallStart", RT_HANDLE, 650, 657),
    ("CallWait", RT_HANDLE, 685, 685),
    // The worker's loop, `Context::run`.
    ("Top", WORKER, 580, 588),
    ("Maintenance", WORKER, 810, 827),
    ("Next", WORKER, 1091, 1161),
    ("Search", WORKER, 1168, 1204),
    ("Search", IDLE, 108, 119),
    ("PollBegin", WORKER, 648, 653),
    ("PollBegin", STATE, 117, 145),
    ("PollEnd", WORKER, 705, 735),
    ("PollEnd", HARNESS, 153, 177),
    ("ParkCheck", WORKER, 1231, 1255),
    ("ParkCheck", IDLE, 86, 106),
    ("LastSearcherCheck", WORKER, 1484, 1495),
    ("Parked", WORKER, 846, 851),
    ("ParkMaintenance", WORKER, 1290, 1303),
    ("FromParked", WORKER, 1258, 1287),
    ("FromParked", IDLE, 133, 149),
    // `trace_core`, the barrier and the leader's walk.
    ("TraceBegin", WORKER_DUMP, 11, 16),
    ("StartArrive", WORKER_DUMP, 18, 21),
    ("StartArrive", BARRIER, 173, 190),
    ("StartWait", BARRIER, 178, 185),
    ("StartWait", WORKER_DUMP, 23, 26),
    ("Gather", WORKER_DUMP, 59, 75),
    ("Gather", TRACE_MOD, 415, 423),
    ("Collect", TRACE_MOD, 438, 447),
    ("Collect", STATE, 286, 296),
    ("Unlock", TRACE_MOD, 448, 451),
    ("TracePoll", TRACE_MOD, 453, 461),
    ("TracePoll", TRACE_MOD, 299, 328),
    ("OwnedLockWait", LIST, 202, 212),
    ("Stash", TRACE, 42, 43),
    ("NotifyResult", TRACE, 44, 44),
    ("EndArrive", BARRIER, 132, 148),
    ("EndArrive", WORKER_DUMP, 28, 31),
    ("EndWait", BARRIER, 139, 141),
    // Shutdown, and the panic of a poll whose bit is clear.
    ("PreShutdown", WORKER, 1307, 1321),
    ("PreShutdown", LIST, 167, 183),
    ("ShutdownCore", WORKER, 1512, 1532),
    ("Panicked", STATE, 117, 120),
    // Outside the runtime: spawners, outside wakes, the dropper.
    ("SpawnBind", MT_HANDLE, 81, 91),
    ("SpawnBind", LIST, 127, 147),
    ("SpawnPush", WORKER, 1373, 1374),
    ("SpawnNotify", WORKER, 1472, 1476),
    ("SpawnNotify", IDLE, 51, 82),
    ("WakePush", HARNESS, 96, 109),
    ("WakePush", WORKER, 1354, 1376),
    ("WakeNotify", WORKER, 1375, 1375),
    ("WakeNotify", IDLE, 51, 82),
    ("Close", RUNTIME, 505, 519),
    ("Close", WORKER, 1451, 1455),
    ("Join", POOL, 314, 340),
];

/// The links of the step labelled `label`, main one first.
pub fn links(label: &str) -> impl Iterator<Item = &'static Link> + '_ {
    LINKS.iter().filter(move |link| link.0 == label)
}

/// The URL of `link`: its file at the tag, with its line range.
pub fn url(&(_, file, first, last): &Link) -> String {
    let (folder, name) = FILES[file as usize];
    format!("{TAG_URL}{folder}{name}#L{first}-L{last}")
}

/// A short name for `link`'s place, such as `worker.rs:580`: the file's
/// short name and the first line.
pub fn place(&(_, file, first, _): &Link) -> String {
    format!("{}:{first}", FILES[file as usize].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many lines each of [`FILES`] has at the tag, so that every
    /// range stays inside its file.
    const FILE_LINES: [u16; 14] = [
        1567, 248, 61, 26, 76, 141, 463, 657, 569, 368, 223, 747, 593, 780,
    ];

    #[test]
    fn every_link_is_a_range_inside_its_file() {
        for link @ &(label, file, first, last) in &LINKS {
            let lines = FILE_LINES[file as usize];
            assert!(
                1 <= first && first <= last && last <= lines,
                "{label}: lines {first}–{last} of a file of {lines}"
            );
            let (folder, name) = FILES[file as usize];
            assert!(folder.is_empty() || folder.ends_with('/'), "{folder}");
            let url = url(link);
            assert_eq!(url, format!("{TAG_URL}{folder}{name}#L{first}-L{last}"));
            assert!(
                url.starts_with("https://github.com/tokio-rs/tokio/blob/tokio-1.54.1/tokio/src/")
            );
        }
    }

    #[test]
    fn every_link_is_listed_once_and_every_short_name_is_one_file() {
        for (index, link) in LINKS.iter().enumerate() {
            assert!(!LINKS[..index].contains(link), "{link:?} twice");
        }
        for (index, (_, name)) in FILES.iter().enumerate() {
            assert!(
                FILES[..index].iter().all(|(_, other)| other != name),
                "{name}"
            );
        }
    }

    #[test]
    fn a_link_names_its_place_and_its_url() {
        let place = |label| links(label).map(place).collect::<Vec<_>>();
        assert_eq!(place("Top"), ["worker.rs:580"]);
        assert_eq!(
            place("Gather"),
            ["worker/taskdump.rs:59", "trace/mod.rs:415"]
        );
        assert_eq!(
            place("SpawnBind"),
            ["multi_thread/handle.rs:81", "list.rs:127"]
        );
        assert_eq!(place("Done"), ["runtime/handle.rs:678"]);
        assert!(place("Reschedule").is_empty());
        let gather: Vec<String> = links("Gather").map(url).collect();
        assert_eq!(
            gather,
            [
                format!("{TAG_URL}runtime/scheduler/multi_thread/worker/taskdump.rs#L59-L75"),
                format!("{TAG_URL}runtime/task/trace/mod.rs#L415-L423"),
            ]
        );
    }
}
