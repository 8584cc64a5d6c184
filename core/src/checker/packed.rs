//! The frontier's states in compact form.
//!
//! A [`State`] is plain data of a fixed size (2,072 bytes on 64-bit
//! targets): every run queue, dump and list is a `FixedVec` at its full
//! capacity, so that stepping copies it with one `memcpy`. A breadth-first
//! search holds two levels of states at once, and those levels, not the
//! visited set, are what limits how far a search can go: at 3 M states the
//! frontier of whole states reached 1 to 2 GB. Here each state is written
//! as bytes holding only its live elements (a length, then the items), a
//! byte for each small field, so a state of a 2- or 3-worker scenario takes
//! about 60 to 120 bytes.
//!
//! The encoding is lossless, the barrier generations included, and private
//! to the checker: it is never stored or sent, so it has no version. It is
//! written here rather than with a serde format because the state's serde
//! implementations follow the trace file's JSON (adjacently tagged enums,
//! which serde writes with one field for a unit variant and two for the
//! others), which the compact binary serde formats cannot read back.
//!
//! [`PackedLevel`] is one level of the search: the bytes of every state
//! one after another, and where each ends.

use crate::fixed::FixedVec;
use crate::state::{
    Barrier, Bound, Caller, CallerPc, DropperPc, Dump, DumpEntry, EntryKind, Idle, Location,
    LockResume, Notify, Requester, RequesterPc, Set, Spawner, SpawnerPc, State, TaskSt, TaskState,
    WakerPc, Worker, WorkerPc,
};

/// A value that can be written as compact bytes and read back.
pub(crate) trait Pack: Sized {
    /// Appends this value's bytes to `out`.
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads a value from the front of `input` and advances it past it;
    /// `None` when the bytes end early or hold a value no `pack` writes.
    fn unpack(input: &mut &[u8]) -> Option<Self>;
    /// [`Pack::unpack`] into `self`, overwriting it field by field, so a
    /// large value (a whole state) is not built again from nothing; `None`
    /// as for `unpack`, with `self` then partly overwritten.
    #[inline]
    fn unpack_into(&mut self, input: &mut &[u8]) -> Option<()> {
        *self = Self::unpack(input)?;
        Some(())
    }
}

#[inline]
fn byte(input: &mut &[u8]) -> Option<u8> {
    let (&first, rest) = input.split_first()?;
    *input = rest;
    Some(first)
}

impl Pack for u8 {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        byte(input)
    }
}

impl Pack for i8 {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(self.to_le_bytes()[0]);
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        byte(input).map(|b| i8::from_le_bytes([b]))
    }
}

impl Pack for bool {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        match byte(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

/// Unsigned numbers as LEB128: seven bits a byte, low first, so the small
/// values a state holds (ticks, steps left, generations) take one byte.
fn pack_varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn unpack_varint(input: &mut &[u8], max: u64) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = byte(input)?;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return (value <= max).then_some(value);
        }
    }
    None
}

/// An unsigned integer as a LEB128 varint, refused when wider than its type.
macro_rules! pack_varint {
    ($($ty:ty),+) => {$(
        impl Pack for $ty {
            #[inline]
            fn pack(&self, out: &mut Vec<u8>) {
                pack_varint(u64::from(*self), out);
            }
            #[inline]
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                unpack_varint(input, u64::from(<$ty>::MAX)).map(|v| v as $ty)
            }
        }
    )+};
}

pack_varint!(u16, u32);

impl<T: Pack> Pack for Option<T> {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.pack(out);
            }
        }
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        match byte(input)? {
            0 => Some(None),
            1 => T::unpack(input).map(Some),
            _ => None,
        }
    }
    #[inline]
    fn unpack_into(&mut self, input: &mut &[u8]) -> Option<()> {
        match byte(input)? {
            0 => *self = None,
            1 => match self {
                Some(value) => value.unpack_into(input)?,
                None => *self = Some(T::unpack(input)?),
            },
            _ => return None,
        }
        Some(())
    }
}

impl<T: Pack + Copy + Default, const N: usize> Pack for FixedVec<T, N> {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(self.len() as u8);
        for item in self.iter() {
            item.pack(out);
        }
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        let mut vec = FixedVec::new();
        vec.unpack_into(input)?;
        Some(vec)
    }
    #[inline]
    fn unpack_into(&mut self, input: &mut &[u8]) -> Option<()> {
        let len = byte(input)? as usize;
        if len > N {
            return None;
        }
        self.resize_default(len);
        for item in self.iter_mut() {
            item.unpack_into(input)?;
        }
        Some(())
    }
}

/// A fieldless enum as one byte, its index in the list given, which must
/// be the declaration order (checked when compiled) and name every
/// variant (the `match` fails to compile otherwise).
macro_rules! pack_unit_enum {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl Pack for $ty {
            #[inline]
            fn pack(&self, out: &mut Vec<u8>) {
                match self {
                    $($ty::$variant)|+ => out.push(*self as u8),
                }
            }
            #[inline]
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                const _: () = {
                    let mut index = 0;
                    while index < ALL.len() {
                        assert!(ALL[index] as usize == index);
                        index += 1;
                    }
                };
                ALL.get(byte(input)? as usize).copied()
            }
        }
    };
}

/// A struct as its fields one after another, in the order given, which
/// must name every field (the pattern and the literal fail to compile
/// otherwise). Fields listed after `flags` are bools, packed as the bits
/// of one byte (at most eight), first field lowest.
macro_rules! pack_struct {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        pack_struct!($ty { $($field),+ } flags { });
    };
    ($ty:ident { $($field:ident),+ $(,)? } flags { $($flag:ident),* $(,)? }) => {
        impl Pack for $ty {
            #[inline]
            fn pack(&self, out: &mut Vec<u8>) {
                let $ty { $($field,)+ $($flag),* } = self;
                $($field.pack(out);)+
                pack_struct!(@pack_flags out; $($flag),*);
            }
            #[inline]
            fn unpack(input: &mut &[u8]) -> Option<Self> {
                $(let $field = Pack::unpack(input)?;)+
                pack_struct!(@unpack_flags input; $($flag),*);
                Some($ty { $($field,)+ $($flag),* })
            }
            #[inline]
            fn unpack_into(&mut self, input: &mut &[u8]) -> Option<()> {
                {
                    // `pack` and `unpack` name every field; here the
                    // flags are set after the borrow of the others ends.
                    let $ty { $($field,)+ .. } = self;
                    $($field.unpack_into(input)?;)+
                }
                pack_struct!(@unpack_flags input; $($flag),*);
                $(self.$flag = $flag;)*
                Some(())
            }
        }
    };
    (@pack_flags $out:ident; ) => {};
    (@pack_flags $out:ident; $($flag:ident),+) => {{
        let mut bits = 0u8;
        let mut bit = 1u8;
        $(
            if *$flag {
                bits |= bit;
            }
            bit <<= 1;
        )+
        let _ = bit;
        $out.push(bits);
    }};
    (@unpack_flags $input:ident; ) => {};
    (@unpack_flags $input:ident; $($flag:ident),+) => {
        let bits = byte($input)?;
        let mut bit = 1u8;
        let mut used = 0u8;
        $(
            let $flag = bits & bit != 0;
            used |= bit;
            bit <<= 1;
        )+
        let _ = bit;
        if bits & !used != 0 {
            return None;
        }
    };
}

pack_unit_enum!(WorkerPc {
    Top,
    Maintenance,
    Next,
    Search,
    PollBegin,
    PollEnd,
    ParkCheck,
    LastSearcherCheck,
    Parked,
    ParkMaintenance,
    FromParked,
    TraceBegin,
    StartArrive,
    StartWait,
    Gather,
    Collect,
    Unlock,
    TracePoll,
    Reschedule,
    OwnedLockWait,
    Stash,
    NotifyResult,
    EndArrive,
    EndWait,
    PreShutdown,
    ShutdownCore,
    Exited,
    Panicked,
});
pack_unit_enum!(RequesterPc {
    Cas,
    Backoff,
    Take,
    Nudge,
    Wait,
    Clear,
    ClearBackoff,
    Done,
    Cancelled,
    NotStarted,
});
pack_unit_enum!(LockResume {
    None,
    Collect,
    TraceComplete,
    PollComplete,
    PreShutdown,
});
pack_unit_enum!(EntryKind {
    Traced,
    EmptyTrace,
    Missing
});
pack_unit_enum!(CallerPc {
    CallStart,
    CallWait,
    CallDone
});
pack_unit_enum!(SpawnerPc {
    SpawnWait,
    SpawnBind,
    SpawnPush,
    SpawnNotify,
    SpawnDone,
});
pack_unit_enum!(WakerPc {
    WakePush,
    WakeNotify,
    WakeDone
});
pack_unit_enum!(DropperPc {
    DropWait,
    Close,
    Join,
    Joined
});
pack_unit_enum!(Bound {
    Handles,
    IdleBookkeeping
});

impl Pack for Set {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(self.0);
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        byte(input).map(Set)
    }
}

impl Pack for Location {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        let (tag, worker) = match *self {
            Location::QueuedOn(worker) => (0, worker),
            Location::Injection => (1, 0),
            Location::Idle => (2, 0),
            Location::RunningOn(worker) => (3, worker),
            Location::HeldBy(worker) => (4, worker),
            Location::Lifo(worker) => (5, worker),
            Location::Complete => (6, 0),
            Location::InHand => (7, 0),
            Location::Popped(worker) => (8, worker),
        };
        out.push(tag);
        if matches!(tag, 0 | 3 | 4 | 5 | 8) {
            out.push(worker);
        }
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Some(match byte(input)? {
            0 => Location::QueuedOn(byte(input)?),
            1 => Location::Injection,
            2 => Location::Idle,
            3 => Location::RunningOn(byte(input)?),
            4 => Location::HeldBy(byte(input)?),
            5 => Location::Lifo(byte(input)?),
            6 => Location::Complete,
            7 => Location::InHand,
            8 => Location::Popped(byte(input)?),
            _ => return None,
        })
    }
}

impl Pack for TaskSt {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        match *self {
            TaskSt::Idle => out.push(0),
            TaskSt::Running(worker) => out.extend([1, worker]),
            TaskSt::Traced(worker) => out.extend([2, worker]),
            TaskSt::Complete => out.push(3),
        }
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Option<Self> {
        Some(match byte(input)? {
            0 => TaskSt::Idle,
            1 => TaskSt::Running(byte(input)?),
            2 => TaskSt::Traced(byte(input)?),
            3 => TaskSt::Complete,
            _ => return None,
        })
    }
}

pack_struct!(Barrier { count, generation });
pack_struct!(Notify { waiters, permit });
pack_struct!(DumpEntry {
    task,
    location,
    kind
});
pack_struct!(Dump {
    entries,
    leader,
    fresh_for,
    expected
});
pack_struct!(Worker {
    pc,
    tick,
    local,
    lifo,
    running,
    tracing,
    tracelist,
    trace_cursor,
    owed,
    lock_resume,
} flags {
    is_traced,
    is_shutdown,
    is_searching,
    unpark_token,
    released,
});
pack_struct!(Requester {
    pc,
    dump,
} flags {
    won,
    queued,
    woken,
    abandoned,
    overlaps_close,
});
pack_struct!(TaskState {
    left,
    st,
} flags {
    released,
    bit,
    owned,
    exists,
    ended_pending,
    cancelled,
    outside_pending,
});
pack_struct!(Idle {
    num_unparked,
    num_searching,
    sleepers
});
pack_struct!(Caller { pc, round });
pack_struct!(Spawner { pc, next, hand });
pack_struct!(State {
    trace_start,
    trace_end,
    result_ready,
    trace_result,
    injection,
    idle,
    owned_lock,
    bound,
    workers,
    requesters,
    callers,
    spawners,
    wakers,
    dropper,
    tasks,
} flags {
    trace_requested,
    closed,
    owned_closed,
});

/// One level of the search, packed: the states' bytes one after another
/// and the offset where each ends. Memory: the packed bytes (about 60 to
/// 120 a state for 2 or 3 workers) and 8 bytes of offset a state.
#[derive(Debug, Default)]
pub(crate) struct PackedLevel {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl PackedLevel {
    /// Appends `state`.
    pub fn push(&mut self, state: &State) {
        state.pack(&mut self.bytes);
        self.ends.push(self.bytes.len());
    }

    /// Appends a state already packed (bytes written by [`Pack::pack`] of a
    /// [`State`]).
    pub fn push_packed(&mut self, packed: &[u8]) {
        self.bytes.extend_from_slice(packed);
        self.ends.push(self.bytes.len());
    }

    /// How many states it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The packed bytes of the state at `index`. Panics if `index` is out
    /// of range.
    fn bytes_of(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.bytes[start..self.ends[index]]
    }

    /// The state at `index`. Panics if `index` is out of range or its
    /// bytes were not written by [`PackedLevel::push`] (a bug: nothing else
    /// writes them).
    pub fn get(&self, index: usize) -> State {
        let mut input = self.bytes_of(index);
        match State::unpack(&mut input) {
            Some(state) if input.is_empty() => state,
            _ => unreachable!("the frontier's bytes are written by `pack` only"),
        }
    }

    /// The state at `index`, written over `state` (any state: every field
    /// is overwritten), which saves building a whole state each time.
    /// Panics as [`PackedLevel::get`] does.
    pub fn get_into(&self, index: usize, state: &mut State) {
        let mut input = self.bytes_of(index);
        match state.unpack_into(&mut input) {
            Some(()) if input.is_empty() => {}
            _ => unreachable!("the frontier's bytes are written by `pack` only"),
        }
    }

    /// Removes every state, keeping the memory.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// The bytes it has reserved, packed states and offsets.
    pub fn capacity_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::scenario::{builtin_names, Scenario};
    use crate::variant::{Assumptions, Variant};

    /// Packs and unpacks every state of seeded random walks through every
    /// built-in scenario under every variant, and checks each comes back
    /// the same, including what equality leaves out (barrier generations),
    /// by comparing the debug form.
    #[test]
    fn every_state_of_random_walks_round_trips() {
        let mut seed: u64 = 0x5eed;
        let mut sizes = (0usize, 0usize, 0usize);
        for name in builtin_names() {
            let scenario = Scenario::builtin(name, None).expect("a builtin");
            for variant in Variant::ALL {
                let model = Model::new(scenario.clone(), variant, Assumptions::default())
                    .expect("a builtin model");
                for _ in 0..8 {
                    let mut state = model.initial_state();
                    // Written over by each state in turn: unpacking in
                    // place must overwrite everything the last one left.
                    let mut previous = state;
                    let (mut actions, mut events) = (Vec::new(), Vec::new());
                    for _ in 0..200 {
                        let mut level = PackedLevel::default();
                        level.push(&state);
                        level.push(&state);
                        let back = level.get(1);
                        let mut into = previous;
                        level.get_into(0, &mut into);
                        assert_eq!(
                            format!("{into:?}"),
                            format!("{state:?}"),
                            "{name} {variant:?}"
                        );
                        previous = state;
                        assert_eq!(
                            format!("{back:?}"),
                            format!("{state:?}"),
                            "{name} {variant:?}"
                        );
                        let bytes = level.bytes.len() / 2;
                        sizes = (sizes.0 + bytes, sizes.1 + 1, sizes.2.max(bytes));
                        model.actions(&state, &mut actions);
                        if actions.is_empty() {
                            break;
                        }
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let action = actions[(seed >> 33) as usize % actions.len()];
                        model.step(&mut state, action, &mut events);
                    }
                }
            }
        }
        // The point of packing: far smaller than the state itself.
        let mean = sizes.0 / sizes.1;
        assert!(mean < 200, "mean packed state {mean} bytes");
        assert!(sizes.2 < 400, "largest packed state {} bytes", sizes.2);
    }

    /// Bytes no `pack` writes are refused, not misread: a truncated state,
    /// an unknown enum tag, a bool that is neither 0 nor 1, a vector longer
    /// than its capacity, and a number too wide for its field.
    #[test]
    fn malformed_bytes_are_refused() {
        let model = Model::new(
            Scenario::builtin("wedged-worker", None).expect("a builtin"),
            Variant::Tokio,
            Assumptions::default(),
        )
        .expect("a builtin model");
        let mut bytes = Vec::new();
        model.initial_state().pack(&mut bytes);
        for cut in 0..bytes.len() {
            assert!(State::unpack(&mut &bytes[..cut]).is_none(), "cut at {cut}");
        }
        assert!(WorkerPc::unpack(&mut &[28u8][..]).is_none());
        assert!(bool::unpack(&mut &[2u8][..]).is_none());
        assert!(FixedVec::<u8, 3>::unpack(&mut &[4u8, 0, 0, 0, 0][..]).is_none());
        assert!(u16::unpack(&mut &[0xff, 0xff, 0x04][..]).is_none());
        assert_eq!(u16::unpack(&mut &[0xff, 0xff, 0x03][..]), Some(u16::MAX));
        assert!(Location::unpack(&mut &[9u8][..]).is_none());
        assert!(TaskSt::unpack(&mut &[4u8][..]).is_none());
    }
}
