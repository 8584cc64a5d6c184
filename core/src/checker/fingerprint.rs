//! State fingerprints: a 64-bit hash that is the same on every platform.
//!
//! `#[derive(Hash)]` feeds lengths through `write_usize`, whose width differs
//! between native targets and wasm32. This hasher widens every `usize` to
//! 64 bits, so a state has one fingerprint in the CLI and in the page, and
//! the checker's counts agree everywhere.

use super::packed::Pack;
use crate::state::{Dump, DumpEntry, EntryKind, Location, State};
use std::hash::Hasher;

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// A small multiply-rotate hasher with a strong final mix.
#[derive(Clone, Copy, Debug, Default)]
pub struct FingerprintHasher {
    hash: u64,
}

impl FingerprintHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FingerprintHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn write_isize(&mut self, value: isize) {
        self.add(value as i64 as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The finaliser of MurmurHash3, so nearby states spread out.
        let mut hash = self.hash;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        hash ^ (hash >> 33)
    }
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
pub fn fingerprint(state: &State) -> u64 {
    fingerprint_with(state, &mut Vec::with_capacity(256))
}

/// [`fingerprint`] with `scratch` as the buffer for the packed bytes (its
/// contents are replaced), so a search fingerprints without allocating.
pub fn fingerprint_with(state: &State, scratch: &mut Vec<u8>) -> u64 {
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
    }
    scratch.clear();
    view.pack(scratch);
    let mut hasher = FingerprintHasher::default();
    hasher.write(scratch);
    hasher.finish()
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

/// A hasher for maps keyed by fingerprints, which are hashes already.
#[derive(Clone, Copy, Debug, Default)]
pub struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`PassThroughHasher`]s.
pub type PassThroughBuild = std::hash::BuildHasherDefault<PassThroughHasher>;
