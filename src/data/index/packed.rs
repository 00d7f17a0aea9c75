//! Lists and strings packed into one buffer each, with an offset table:
//! the storage every index here is made of.
//!
//! A million facts leave no room for a `Vec`, `String` or `HashMap` per
//! item: [`Csr`] holds rows of items, [`StrTable`] strings, [`IdMap`] the
//! exact ids, and [`Interner`] numbers words while an index is built. Each is
//! a few flat buffers, cheap to allocate and to scan.

use std::hash::BuildHasher;
use std::ops::Range;

use super::sorted::{gallop_point, partition_point};

/// `[0, c0, c0 + c1, ...]`: row starts for a [`Csr`] from row lengths.
pub(crate) fn prefix_sums(counts: &[u32]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut sum = 0u32;
    starts.push(0);
    for &c in counts {
        sum += c;
        starts.push(sum);
    }
    starts
}

/// Rows of items packed in one buffer ("compressed sparse rows"): row `i`
/// is `items[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Csr<T> {
    pub(crate) starts: Vec<u32>,
    pub(crate) items: Vec<T>,
}

impl<T> Default for Csr<T> {
    fn default() -> Self {
        Csr {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Csr<T> {
    /// Appends a row.
    pub(crate) fn push_row(&mut self, row: impl IntoIterator<Item = T>) {
        self.items.extend(row);
        self.starts.push(self.items.len() as u32);
    }

    pub(crate) fn rows(&self) -> usize {
        self.starts.len() - 1
    }

    pub(crate) fn range(&self, i: usize) -> Range<usize> {
        self.starts[i] as usize..self.starts[i + 1] as usize
    }

    pub(crate) fn get(&self, i: usize) -> &[T] {
        &self.items[self.range(i)]
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.items.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.items.capacity() * std::mem::size_of::<T>()
    }
}

/// Strings packed in one buffer. Built sorted where lookups binary-search it.
///
/// Every [`SAMPLE`]-th string's first eight bytes are also kept as one
/// integer, in a small array a lookup binary-searches first: at a million
/// strings it stays in cache, where a plain binary search over the strings
/// misses the cache at nearly every step.
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct StrTable {
    blob: String,
    ends: Vec<u32>,
    /// `head(get(SAMPLE * j))` for each `j`.
    samples: Vec<u64>,
}

/// One string in this many is sampled (see [`StrTable`]).
const SAMPLE: usize = 32;

/// The first eight bytes of `s` as a big-endian integer, zero-padded: for
/// any strings, `a < b` implies `head(a) <= head(b)`.
fn head(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

impl StrTable {
    pub(crate) fn push(&mut self, s: &str) {
        if self.ends.len().is_multiple_of(SAMPLE) {
            self.samples.push(head(s));
        }
        self.blob.push_str(s);
        self.ends.push(self.blob.len() as u32);
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.blob[start..self.ends[i] as usize]
    }

    /// First index whose string is not less than `s` (table sorted).
    pub(crate) fn lower_bound(&self, s: &str) -> usize {
        let key = head(s);
        // Sampled strings with a smaller head are less than `s`; those with
        // a larger head are greater. The answer lies between.
        let below = self.samples.partition_point(|&h| h < key);
        let above = below + self.samples[below..].partition_point(|&h| h == key);
        let lo = (below.max(1) - 1) * SAMPLE;
        let hi = (above * SAMPLE).min(self.len());
        lo + partition_point(hi - lo, |i| self.get(lo + i) < s)
    }

    /// Indexes of the strings equal to `s` (table sorted).
    pub(crate) fn equal_range(&self, s: &str) -> Range<usize> {
        let lo = self.lower_bound(s);
        lo..self.run_end(lo, |t| t == s)
    }

    /// Index of a string equal to `s` (table sorted).
    pub(crate) fn find(&self, s: &str) -> Option<usize> {
        let i = self.lower_bound(s);
        (i < self.len() && self.get(i) == s).then_some(i)
    }

    /// Indexes of the strings starting with `prefix` (table sorted).
    pub(crate) fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let lo = self.lower_bound(prefix);
        lo..self.run_end(lo, |t| t.starts_with(prefix))
    }

    /// The end of the run of strings from `lo` on for which `within` holds
    /// (true on a prefix of them): galloping, as runs are mostly short.
    fn run_end(&self, lo: usize, within: impl Fn(&str) -> bool) -> usize {
        lo + gallop_point(self.len() - lo, |i| within(self.get(lo + i)))
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.blob.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.samples.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.blob.capacity() + self.ends.capacity() * 4 + self.samples.capacity() * 8
    }
}

/// The order of `len` strings (`get(i)` is the `i`-th): indexes sorted by
/// string, equal strings by index. Most comparisons are settled by the
/// strings' first eight bytes taken as one integer, so sorting a million
/// ids rarely calls `memcmp`.
pub(crate) fn str_order<'s>(len: usize, get: impl Fn(usize) -> &'s str) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..len).map(|i| (head(get(i)), i as u32)).collect();
    // Zero padding keeps the order: a string that is a prefix of another
    // gets a key no greater than it, and equal keys compare in full.
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| get(a.1 as usize).cmp(get(b.1 as usize)))
            .then(a.1.cmp(&b.1))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Interns words while building an index: each distinct word gets the next
/// id. The words are packed in one buffer under a hash table of ids, with no
/// allocation per word.
#[derive(Default)]
pub(crate) struct Interner {
    ids: hashbrown::HashTable<u32>,
    words: StrTable,
}

impl Interner {
    pub(crate) fn id(&mut self, word: &str) -> u32 {
        let hasher = rustc_hash::FxBuildHasher;
        let Interner { ids, words } = self;
        let entry = ids.entry(
            hasher.hash_one(word),
            |&id| words.get(id as usize) == word,
            |&id| hasher.hash_one(words.get(id as usize)),
        );
        *entry
            .or_insert_with(|| {
                words.push(word);
                (words.len() - 1) as u32
            })
            .get()
    }

    /// The words sorted (so that a word is found by binary search), and
    /// for each id the index of its word there.
    pub(crate) fn into_sorted(self) -> (StrTable, Vec<u32>) {
        let words = self.words;
        let order = str_order(words.len(), |i| words.get(i));
        let mut rank = vec![0u32; words.len()];
        let mut sorted = StrTable::default();
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
            sorted.push(words.get(old as usize));
        }
        sorted.shrink_to_fit();
        (sorted, rank)
    }
}

/// Exact id → index, as a sorted string table (about 40 bytes an id, where a
/// `HashMap<Box<str>, u32>` costs over 100).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct IdMap {
    /// The ids, sorted.
    pub(crate) sorted: StrTable,
    /// For each sorted id, the index of its item.
    pub(crate) item: Vec<u32>,
}

impl IdMap {
    pub(crate) fn build<'a>(ids: impl Iterator<Item = &'a str>) -> IdMap {
        let ids: Vec<&str> = ids.collect();
        let item = str_order(ids.len(), |i| ids[i]);
        let mut sorted = StrTable::default();
        sorted.blob.reserve_exact(ids.iter().map(|s| s.len()).sum());
        sorted.ends.reserve_exact(ids.len());
        for &i in &item {
            sorted.push(ids[i as usize]);
        }
        IdMap { sorted, item }
    }

    pub(crate) fn len(&self) -> usize {
        self.item.len()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.sorted.heap_bytes() + self.item.capacity() * 4
    }

    /// The item with this id (the first one if the id repeats).
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.sorted.find(id).map(|i| self.item[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn str_table_lookups() {
        let mut t = StrTable::default();
        for s in ["alpha", "beta", "beta", "betamax", "gamma"] {
            t.push(s);
        }
        assert_eq!(t.find("beta"), Some(1));
        assert_eq!(t.equal_range("beta"), 1..3);
        assert_eq!(t.find("bet"), None);
        assert_eq!(t.prefix_range("bet"), 1..4);
        assert_eq!(t.prefix_range("z"), 5..5);
        assert_eq!(t.prefix_range(""), 0..5);
        assert_eq!(t.get(4), "gamma");
    }

    proptest! {
        /// Lookups through the samples agree with scans, on tables large
        /// enough for many samples and with long shared heads.
        #[test]
        fn str_table_lookups_match_a_scan(
            mut words in proptest::collection::vec("(designat|f1|)[a-c]{0,3}", 0..300),
            probes in proptest::collection::vec("(designat|f1|)[a-c]{0,3}", 1..20),
        ) {
            words.sort();
            let mut t = StrTable::default();
            for w in &words {
                t.push(w);
            }
            for p in &probes {
                let lower = words.iter().take_while(|w| *w < p).count();
                let equal = words.iter().filter(|w| *w == p).count();
                let prefixed = words.iter().filter(|w| w.starts_with(p.as_str())).count();
                prop_assert_eq!(t.lower_bound(p), lower);
                prop_assert_eq!(t.equal_range(p), lower..lower + equal);
                let start = words.iter().take_while(|w| *w < p).count();
                prop_assert_eq!(t.prefix_range(p), start..start + prefixed);
                prop_assert_eq!(t.find(p).is_some(), equal > 0);
            }
        }
    }

    #[test]
    fn str_order_sorts_by_bytes_then_index() {
        let words = [
            "designation",
            "design",
            "",
            "designationz",
            "design",
            "a\u{0}",
            "a",
            "zebra",
            "designatio",
            "é",
        ];
        let order = str_order(words.len(), |i| words[i]);
        let mut expected: Vec<u32> = (0..words.len() as u32).collect();
        expected.sort_by_key(|&i| (words[i as usize], i));
        assert_eq!(order, expected);
    }

    #[test]
    fn interner_gives_each_word_one_id() {
        let mut interner = Interner::default();
        let ids: Vec<u32> = ["russia", "taliban", "russia", "", "taliban", "csto"]
            .iter()
            .map(|w| interner.id(w))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 1, 3]);
        let (sorted, rank) = interner.into_sorted();
        assert_eq!(
            (0..sorted.len()).map(|i| sorted.get(i)).collect::<Vec<_>>(),
            ["", "csto", "russia", "taliban"]
        );
        assert_eq!(rank, [2, 3, 0, 1]);
    }

    #[test]
    fn id_map_finds_exact_ids_only() {
        let m = IdMap::build(["b", "a", "c-d"].into_iter());
        assert_eq!(m.get("a"), Some(1));
        assert_eq!(m.get("c-d"), Some(2));
        assert_eq!(m.get("c"), None);
        assert_eq!(m.get(""), None);
    }
}
