//! State fingerprints: a 64-bit hash that is the same on every platform.
//!
//! A fingerprint hashes a state's packed bytes (`packed.rs`), which are the
//! same on native targets and wasm32, so a state has one fingerprint in the
//! CLI and in the page, and the checker's counts agree everywhere.

use super::packed::Pack;
use crate::state::{Dump, DumpEntry, EntryKind, Location, State};

/// The finaliser of MurmurHash3: a bijection on 64 bits that spreads
/// nearby hashes apart, so every bit of a fingerprint depends on every
/// byte.
#[inline]
fn finalise(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// The fingerprint of a state, as the checker tells states apart.
///
/// It hashes the state's packed bytes (`packed.rs`: each live field once,
/// about 60 to 120 bytes for 2 or 3 workers) eight at a time, after the
/// barrier generations (which equality leaves out) are set to zero and
/// every dump is reduced to what the search reads of it (below). Hashing
/// the bytes rather than each field through `Hash` is about three times
/// quicker, and the bytes are the same on every platform.
///
/// A dump that has left its walk (in `trace_result` or in a requester's
/// hands) is never read again by the step function; the properties read
/// only whom it is fresh for (S3), whether it leaves a task out (C1) and
/// whether it lists a task as running. So two states whose finished dumps
/// agree on those three facts have the same futures and the same verdicts,
/// and the fingerprint hashes only them: the entries themselves (which
/// location each task was found at) are for people, not for the search.
/// The same holds for the locations recorded during a walk.
///
/// A worker's `trace_cursor` (the next task its `[Collect]` looks at)
/// is read only during a walk, while the worker holds the dump it builds
/// (`tracing`): by `[Collect]` (`core/src/model/trace.rs`) and by S4's
/// window (`property.rs`). `[Gather]` starts each walk with the cursor at
/// 0, and `[Stash]` ends it, leaving the cursor where the walk stopped.
/// Outside a walk the cursor is dead, so it is hashed as 0 there. Two
/// states that differ only in a dead cursor have the same futures and
/// verdicts (`core/tests/dead_cursor.rs` checks this step by step on
/// states of every casebook case and of the largest built-in rows);
/// telling them apart tripled some rows' state counts (quiet-runtime w3
/// under `tokio-1.29`: 9,134,314 states before, 2,802,286 after).
pub fn fingerprint(state: &State) -> u64 {
    fingerprint_with(state, &mut Vec::with_capacity(256))
}

/// [`fingerprint`] with `scratch` as the buffer for the packed bytes (its
/// contents are replaced), so a search fingerprints without allocating.
pub fn fingerprint_with(state: &State, scratch: &mut Vec<u8>) -> u64 {
    scratch.clear();
    view(state).pack(scratch);
    hash_packed(scratch)
}

/// The state as the checker tells it apart: barrier generations zeroed and
/// every dump reduced to what the search reads of it ([`fingerprint`]).
fn view(state: &State) -> State {
    let mut view = *state;
    view.trace_start.generation = 0;
    view.trace_end.generation = 0;
    if let Some(dump) = view.trace_result.as_mut() {
        *dump = dump_view(dump);
    }
    for requester in view.requesters.iter_mut() {
        if let Some(dump) = requester.dump.as_mut() {
            *dump = dump_view(dump);
        }
    }
    for worker in view.workers.iter_mut() {
        // A walk's dump is read only at `[Stash]`, for which tasks it
        // lists, leaves out or lists as running; where each was found,
        // and the order of the entries, are for people.
        if let Some(dump) = worker.tracing.as_mut() {
            for entry in dump.entries.iter_mut() {
                entry.location = Location::Idle;
            }
            dump.entries
                .sort_unstable_by_key(|entry| (entry.task, entry.kind as u8));
            dump.leader = 0;
        }
        for entry in worker.tracelist.iter_mut() {
            entry.location = Location::Idle;
        }
        // A dead cursor (see `fingerprint`).
        if worker.tracing.is_none() {
            worker.trace_cursor = 0;
        }
    }
    view
}

/// Odd constants of the packed-bytes hash (those of wyhash).
const PACKED_K0: u64 = 0xa076_1d64_78bd_642f;
const PACKED_K1: u64 = 0xe703_7ed1_a0b4_28db;

/// The 128-bit product of `a` and `b`, its two halves folded by xor: every
/// bit of either input reaches every bit of the result, which a plain
/// 64-bit multiply does not (its low bits never see the inputs' high ones).
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A 64-bit hash of packed bytes, eight at a time, the same on every
/// platform (little-endian words, the length mixed in first). Packed
/// fields sit side by side within a word, so each word is mixed by a
/// folded 128-bit multiply. The fingerprint used to feed each field
/// through `Hash` into a 64-bit multiply-rotate step, whose low bits never
/// see a word's high ones: it merged 0.1 % of the states of the
/// casebook's largest `any` cases (see the test below).
fn hash_packed(bytes: &[u8]) -> u64 {
    let mut hash = PACKED_K0 ^ (bytes.len() as u64).wrapping_mul(PACKED_K1);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = fold_mul(hash ^ u64::from_le_bytes(word) ^ PACKED_K0, PACKED_K1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = fold_mul(hash ^ u64::from_le_bytes(word) ^ PACKED_K0, PACKED_K1);
    }
    finalise(hash)
}

/// The facts of a finished dump that a property reads.
fn dump_view(dump: &Dump) -> Dump {
    let mut view = Dump {
        fresh_for: dump.fresh_for,
        ..Dump::default()
    };
    if dump.is_incomplete() {
        view.entries.push(DumpEntry {
            kind: EntryKind::Missing,
            ..DumpEntry::default()
        });
    }
    if dump.is_corrupt() {
        view.entries.push(DumpEntry {
            kind: EntryKind::EmptyTrace,
            ..DumpEntry::default()
        });
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::variant::{Assumptions, Timing, Variant};
    use std::collections::{HashSet, VecDeque};
    use std::hash::{DefaultHasher, Hash, Hasher};

    /// Fingerprints tell apart every pair of states an independent hash
    /// (the standard library's SipHash over the same view, through `Hash`)
    /// tells apart, over the first 400,000 states of a breadth-first
    /// search of wedged-worker with timeouts at any moment. The
    /// multiply-rotate hash the fingerprint used before merged 0.1 % of the
    /// states of the casebook's largest `any` cases; this search met some
    /// of its collisions.
    #[test]
    fn fingerprints_do_not_collide_where_siphash_does_not() {
        const LIMIT: usize = 1_500_000;
        let case = crate::casebook::builtin()
            .into_iter()
            .find(|case| {
                case.scenario == "issue6343-slow-threads"
                    && case.preset == Variant::Tokio
                    && case.timing == Timing::Any
            })
            .expect("the casebook's case");
        let model = Model::new(
            case.scenario().expect("its scenario"),
            case.preset,
            Assumptions {
                timing: case.timing,
                ..Assumptions::default()
            },
        )
        .expect("a builtin model");
        let sip = |state: &State| {
            let mut hasher = DefaultHasher::new();
            view(state).hash(&mut hasher);
            hasher.finish()
        };
        let initial = model.initial_state();
        let mut seen = HashSet::from([sip(&initial)]);
        let mut fingerprints = HashSet::from([fingerprint(&initial)]);
        let mut queue = VecDeque::from([initial]);
        let (mut actions, mut events) = (Vec::new(), Vec::new());
        while let Some(state) = queue.pop_front() {
            if seen.len() >= LIMIT {
                break;
            }
            model.actions(&state, &mut actions);
            for &action in &actions {
                let mut next = state;
                model.step(&mut next, action, &mut events);
                if seen.insert(sip(&next)) {
                    fingerprints.insert(fingerprint(&next));
                    queue.push_back(next);
                }
            }
        }
        assert!(seen.len() >= LIMIT, "only {} states", seen.len());
        assert_eq!(fingerprints.len(), seen.len());
    }
}
