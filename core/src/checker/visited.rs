//! The visited set: fingerprint to state id, readable while it is written.
//!
//! The search ([`super::bfs`]) looks every successor up here when it
//! expands a run of the frontier, and gives new states their ids when it
//! merges the runs, in frontier order. With [`super::Executor::
//! expand_all_while`] the two overlap: other threads expand the next batch
//! of runs while the calling thread merges the last one. The standard
//! library's `HashMap` cannot be read while it is written, so this table is
//! the search's own:
//!
//! - **one writer, any number of readers**. Only the merge inserts (the
//!   search has one merge at a time); expansions only read. Every field is
//!   an atomic, so a reader racing an insertion sees the new entry whole or
//!   not at all (the tag is stored last, with `Release`, and read first,
//!   with `Acquire`); an entry it did not see is looked up again by the
//!   merge, so the graph is the same either way;
//! - **it grows only through `&mut`** ([`Visited::reserve`]), which the
//!   search calls between batches, when no expansion is running, for as
//!   many entries as the next merge can add;
//! - **open addressing with linear probing**, 13 bytes a slot: a tag
//!   byte in an array of its own (0 for an empty slot, else seven bits of
//!   the fingerprint and the top bit set), and 12 bytes of entry (the
//!   fingerprint in two 32-bit halves, then the id); a power-of-two number
//!   of slots at most seven eighths full. A probe reads the tags first
//!   and an entry only where the tag matches, so a fingerprint not in the
//!   table (half the look-ups of a search) mostly reads the tag array,
//!   which is a thirteenth of the table and stays in the processor's
//!   cache far longer than the entries. The fingerprints are already well
//!   mixed (`fingerprint.rs`); a multiplicative (Fibonacci) hash of them
//!   picks the first slot, and its low bits give the tag.
//!
//! Nothing is ever removed. Ids are `u32`.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

/// The fewest slots a table has.
const MIN_SLOTS: usize = 16;

/// One slot's entry: the fingerprint's low and high halves, and the id
/// (its tag, in [`Visited::tags`], says whether it holds one).
#[derive(Default)]
struct Slot {
    low: AtomicU32,
    high: AtomicU32,
    id: AtomicU32,
}

/// Fingerprint (`u64`) to state id (`u32`), for every state the search has
/// found; see the module documentation for who may read and write it when.
pub struct Visited {
    /// One tag per slot: 0 for an empty slot, else `0x80` and seven bits
    /// of the entry's hash.
    tags: Box<[AtomicU8]>,
    /// A power of two of slots.
    slots: Box<[Slot]>,
    /// How many slots hold an entry (changed only by the one writer).
    len: AtomicU32,
    /// `64 - log2(slots.len())`: the shift that turns a hash into a slot.
    shift: u32,
}

impl Visited {
    /// A table with room for `capacity` entries before it must grow.
    pub fn with_capacity(capacity: usize) -> Visited {
        let slots = slots_for(capacity);
        Visited {
            tags: (0..slots).map(|_| AtomicU8::new(0)).collect(),
            slots: (0..slots).map(|_| Slot::default()).collect(),
            len: AtomicU32::new(0),
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed) as usize
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many entries it can hold before it must grow (seven eighths of
    /// its slots).
    pub fn capacity(&self) -> usize {
        self.slots.len() / 8 * 7
    }

    /// The bytes its slots take: 13 a slot (a tag and an entry).
    pub fn bytes(&self) -> u64 {
        (self.slots.len() * (std::mem::size_of::<Slot>() + 1)) as u64
    }

    /// The slot `key`'s probe starts at, and its tag.
    fn first_slot(&self, key: u64) -> (usize, u8) {
        let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((hash >> self.shift) as usize, 0x80 | (hash as u8 & 0x7f))
    }

    /// The id of `key`, if an entry for it is in the table (or, while the
    /// writer inserts it, perhaps not yet).
    pub fn get(&self, key: u64) -> Option<u32> {
        self.find(key).ok()
    }

    /// `Ok(id)` for a key in the table, `Err(slot)` with the empty slot
    /// that ends its probe sequence otherwise.
    fn find(&self, key: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let (low, high) = (key as u32, (key >> 32) as u32);
        let (mut index, tag) = self.first_slot(key);
        loop {
            let found = self.tags[index].load(Ordering::Acquire);
            if found == 0 {
                return Err(index);
            }
            if found == tag {
                let slot = &self.slots[index];
                if slot.low.load(Ordering::Relaxed) == low
                    && slot.high.load(Ordering::Relaxed) == high
                {
                    return Ok(slot.id.load(Ordering::Relaxed));
                }
            }
            index = (index + 1) & mask;
        }
    }

    /// The id of `key` if it is in the table; otherwise `new_id()`'s id,
    /// inserted, or `None` (nothing inserted) when `new_id` gives none.
    /// Returns the id and whether it was inserted.
    ///
    /// Only one caller may insert at a time (the search's merge); readers
    /// may run at once. The table must have room ([`Visited::reserve`]):
    /// inserting into a full table panics.
    pub fn get_or_insert_with(
        &self,
        key: u64,
        new_id: impl FnOnce() -> Option<u32>,
    ) -> Option<(u32, bool)> {
        match self.find(key) {
            Ok(id) => Some((id, false)),
            Err(index) => {
                let id = new_id()?;
                assert!(self.len() < self.capacity(), "the visited set is full");
                let slot = &self.slots[index];
                slot.low.store(key as u32, Ordering::Relaxed);
                slot.high.store((key >> 32) as u32, Ordering::Relaxed);
                slot.id.store(id, Ordering::Relaxed);
                self.tags[index].store(self.first_slot(key).1, Ordering::Release);
                self.len
                    .store(self.len.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
                Some((id, true))
            }
        }
    }

    /// Grows the table, if need be, so that `additional` more entries fit
    /// without growing again. Takes `&mut`: no reader may run meanwhile.
    pub fn reserve(&mut self, additional: usize) {
        let wanted = self.len() + additional;
        if wanted <= self.capacity() {
            return;
        }
        let mut grown = Visited::with_capacity(wanted.max(self.capacity() * 2));
        for (tag, slot) in self.tags.iter_mut().zip(self.slots.iter_mut()) {
            if *tag.get_mut() != 0 {
                let key = u64::from(*slot.low.get_mut()) | u64::from(*slot.high.get_mut()) << 32;
                if let Err(index) = grown.find(key) {
                    let target = &mut grown.slots[index];
                    *target.low.get_mut() = key as u32;
                    *target.high.get_mut() = (key >> 32) as u32;
                    *target.id.get_mut() = *slot.id.get_mut();
                    *grown.tags[index].get_mut() = grown.first_slot(key).1;
                }
            }
        }
        *grown.len.get_mut() = *self.len.get_mut();
        *self = grown;
    }
}

/// The power-of-two number of slots for `capacity` entries at most seven
/// eighths full.
fn slots_for(capacity: usize) -> usize {
    (capacity.saturating_mul(8).div_ceil(7))
        .max(MIN_SLOTS)
        .next_power_of_two()
}

impl std::fmt::Debug for Visited {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Visited")
            .field("len", &self.len())
            .field("slots", &self.slots.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_inserted_and_nothing_else_across_growth() {
        let mut table = Visited::with_capacity(0);
        let key = |index: u64| index.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ (index << 7);
        for index in 0..100_000u64 {
            table.reserve(1);
            let (id, inserted) = table
                .get_or_insert_with(key(index), || Some(index as u32))
                .expect("an id");
            assert!(inserted);
            assert_eq!(id, index as u32);
        }
        assert_eq!(table.len(), 100_000);
        assert!(table.len() <= table.capacity());
        for index in 0..100_000u64 {
            assert_eq!(table.get(key(index)), Some(index as u32));
            assert_eq!(
                table.get_or_insert_with(key(index), || panic!("already there")),
                Some((index as u32, false))
            );
        }
        for index in 100_000..110_000u64 {
            assert_eq!(table.get(key(index)), None);
        }
    }

    #[test]
    fn keys_equal_in_one_half_are_told_apart_and_zero_is_a_key() {
        let mut table = Visited::with_capacity(4);
        table.reserve(4);
        let keys = [0u64, 1, 1 << 32, (1 << 32) | 1];
        for (id, key) in keys.iter().enumerate() {
            assert_eq!(
                table.get_or_insert_with(*key, || Some(id as u32)),
                Some((id as u32, true))
            );
        }
        for (id, key) in keys.iter().enumerate() {
            assert_eq!(table.get(*key), Some(id as u32));
        }
    }

    #[test]
    fn declining_an_id_inserts_nothing() {
        let table = Visited::with_capacity(4);
        assert_eq!(table.get_or_insert_with(7, || None), None);
        assert_eq!(table.get(7), None);
        assert!(table.is_empty());
    }

    #[test]
    fn a_full_table_grows_only_when_asked_and_says_what_it_takes() {
        let mut table = Visited::with_capacity(14);
        assert_eq!(table.capacity(), 14);
        assert_eq!(table.bytes(), 16 * 13);
        table.reserve(14);
        assert_eq!(table.capacity(), 14);
        table.reserve(15);
        assert_eq!(table.capacity(), 28);
        assert_eq!(table.bytes(), 32 * 13);
    }
}
