//! A fixed-capacity vector that is `Copy`.
//!
//! The checker copies a whole state for every transition, so every part of
//! the state is plain data: copying it is one `memcpy`, with no per-field
//! clone calls and no heap. Equality, hashing and serialisation look only at
//! the live elements, so unused capacity never tells two states apart.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// Up to `N` elements of `T`, stored inline.
#[derive(Clone, Copy)]
pub struct FixedVec<T: Copy + Default, const N: usize> {
    len: u8,
    items: [T; N],
}

impl<T: Copy + Default, const N: usize> FixedVec<T, N> {
    /// An empty vector.
    pub fn new() -> Self {
        FixedVec {
            len: 0,
            items: [T::default(); N],
        }
    }

    /// How many elements it can hold.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Appends `item`, or hands it back when full.
    pub fn try_push(&mut self, item: T) -> Result<(), T> {
        if (self.len as usize) < N {
            self.items[self.len as usize] = item;
            self.len += 1;
            Ok(())
        } else {
            Err(item)
        }
    }

    /// Appends `item`; a full vector drops it. Callers keep the invariant
    /// that capacity suffices (each task is in at most one place).
    pub fn push(&mut self, item: T) {
        let _ = self.try_push(item);
    }

    /// Removes and returns the element at `index`, shifting the rest.
    pub fn remove(&mut self, index: usize) -> T {
        let len = self.len as usize;
        assert!(index < len, "remove at {index} of {len}");
        let item = self.items[index];
        self.items.copy_within(index + 1..len, index);
        self.len -= 1;
        self.items[self.len as usize] = T::default();
        item
    }

    /// Removes the first `count` elements and returns them.
    pub fn take_front(&mut self, count: usize) -> Self {
        let count = count.min(self.len as usize);
        let mut front = FixedVec::new();
        front.items[..count].copy_from_slice(&self.items[..count]);
        front.len = count as u8;
        let len = self.len as usize;
        self.items.copy_within(count..len, 0);
        for item in &mut self.items[len - count..len] {
            *item = T::default();
        }
        self.len -= count as u8;
        front
    }

    /// Removes every element and returns them.
    pub fn take_all(&mut self) -> Self {
        std::mem::take(self)
    }

    /// Keeps only the elements for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let mut out = FixedVec::new();
        for item in self.iter() {
            if keep(item) {
                out.push(*item);
            }
        }
        *self = out;
    }

    /// Removes every element.
    pub fn clear(&mut self) {
        *self = FixedVec::new();
    }

    /// Sets the length to `len`, at most `N`: elements past it are reset
    /// to the default, new ones start as the default. For the checker's
    /// packed frontier, which then overwrites the live elements in place.
    pub(crate) fn resize_default(&mut self, len: usize) {
        let len = len.min(N);
        let old = self.len as usize;
        if len < old {
            for item in &mut self.items[len..old] {
                *item = T::default();
            }
        }
        self.len = len as u8;
    }
}

impl<T: Copy + Default, const N: usize> Default for FixedVec<T, N> {
    fn default() -> Self {
        FixedVec::new()
    }
}

impl<T: Copy + Default, const N: usize> Deref for FixedVec<T, N> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items[..self.len as usize]
    }
}

impl<T: Copy + Default, const N: usize> DerefMut for FixedVec<T, N> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items[..self.len as usize]
    }
}

impl<T: Copy + Default, const N: usize> Extend<T> for FixedVec<T, N> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.push(item);
        }
    }
}

impl<T: Copy + Default, const N: usize> FromIterator<T> for FixedVec<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut out = FixedVec::new();
        out.extend(iter);
        out
    }
}

impl<T: Copy + Default, const N: usize> IntoIterator for FixedVec<T, N> {
    type Item = T;
    type IntoIter = std::iter::Take<std::array::IntoIter<T, N>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len as usize)
    }
}

impl<'a, T: Copy + Default, const N: usize> IntoIterator for &'a FixedVec<T, N> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Copy + Default, const N: usize> IntoIterator for &'a mut FixedVec<T, N> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: Copy + Default + PartialEq, const N: usize> PartialEq for FixedVec<T, N> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Copy + Default + Eq, const N: usize> Eq for FixedVec<T, N> {}

impl<T: Copy + Default + Hash, const N: usize> Hash for FixedVec<T, N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u8(self.len);
        // One call for the whole slice: byte slices hash in a single write.
        T::hash_slice(self, state);
    }
}

impl<T: Copy + Default + fmt::Debug, const N: usize> fmt::Debug for FixedVec<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Copy + Default + Serialize, const N: usize> Serialize for FixedVec<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Copy + Default + Deserialize<'de>, const N: usize> Deserialize<'de>
    for FixedVec<T, N>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        if items.len() > N {
            return Err(serde::de::Error::custom(format!(
                "at most {N} elements, got {}",
                items.len()
            )));
        }
        Ok(items.into_iter().collect())
    }
}
