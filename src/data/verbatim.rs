//! Finding many short passages in one source text at once: quotes, date
//! words and glossary wordings (verbatim), and "as" wordings (ignoring
//! case), plus the closest passage when a quote is missing.
//!
//! A million facts quote a few hundred megabytes of text, so the search must
//! not be O(quotes × text). Verbatim passages are found in one pass over the
//! text: at each position the next few bytes are hashed and checked against
//! a bit filter of the passages' first bytes, and only filter hits are
//! compared in full. Case-insensitive passages (few and short) go through
//! one Aho-Corasick automaton.

use rustc_hash::FxHashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// How many leading bytes of a passage are hashed.
const PREFIX: usize = 16;

/// Index of a passage in a [`Needles`] set.
pub(crate) type NeedleId = u32;

/// The distinct passages to look for in one source text.
#[derive(Debug, Default)]
pub(crate) struct Needles<'a> {
    exact: Vec<&'a str>,
    exact_ids: FxHashMap<&'a str, NeedleId>,
    caseless: Vec<&'a str>,
    caseless_ids: FxHashMap<&'a str, NeedleId>,
}

/// Where the passages of a [`Needles`] set were found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Byte offset of the first occurrence of each verbatim passage.
    pub exact: Vec<Option<u32>>,
    /// Whether each case-insensitive passage occurs.
    pub caseless: Vec<bool>,
}

impl<'a> Needles<'a> {
    /// Adds a passage that must occur verbatim (non-empty).
    pub(crate) fn exact(&mut self, passage: &'a str) -> NeedleId {
        *self.exact_ids.entry(passage).or_insert_with(|| {
            self.exact.push(passage);
            (self.exact.len() - 1) as NeedleId
        })
    }

    /// The id of a passage added with [`Needles::exact`].
    pub(crate) fn exact_id(&self, passage: &str) -> Option<NeedleId> {
        self.exact_ids.get(passage).copied()
    }

    /// Adds a passage that must occur ignoring case (non-empty).
    pub(crate) fn caseless(&mut self, passage: &'a str) -> NeedleId {
        *self.caseless_ids.entry(passage).or_insert_with(|| {
            self.caseless.push(passage);
            (self.caseless.len() - 1) as NeedleId
        })
    }

    /// The id of a passage added with [`Needles::caseless`].
    pub(crate) fn caseless_id(&self, passage: &str) -> Option<NeedleId> {
        self.caseless_ids.get(passage).copied()
    }

    /// Scans `text` once per kind of passage.
    pub(crate) fn find_in(&self, text: &str) -> Found {
        Found {
            exact: find_exact(&self.exact, text),
            caseless: find_caseless(&self.caseless, text),
        }
    }
}

/// Needles whose first `len` bytes (all of them, for shorter needles) are
/// looked up at every position of the text.
struct KeyClass {
    /// Key length in bytes, 1 to [`PREFIX`].
    len: usize,
    /// One bit per hash of a key: most positions are ruled out here.
    filter: Vec<u64>,
    /// Needles by key; removed as they are found.
    groups: FxHashMap<(u64, u64), Vec<NeedleId>>,
}

const FILTER_BITS: u32 = 16;

fn filter_slot(key: (u64, u64)) -> usize {
    let mixed = (key.0 ^ key.1.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - FILTER_BITS)) as usize
}

/// The first `len` bytes at `at` (zero-padded), as two little-endian words.
/// The caller guarantees `at + len <= bytes.len()`.
#[inline]
fn key_at(bytes: &[u8], at: usize, len: usize) -> (u64, u64) {
    if let Some(window) = bytes.get(at..at + PREFIX) {
        let mut a = [0u8; 8];
        let mut b = [0u8; 8];
        a.copy_from_slice(&window[..8]);
        b.copy_from_slice(&window[8..]);
        let (a, b) = (u64::from_le_bytes(a), u64::from_le_bytes(b));
        match len {
            PREFIX => (a, b),
            9.. => (a, b & (u64::MAX >> (8 * (PREFIX - len)))),
            8 => (a, 0),
            _ => (a & (u64::MAX >> (8 * (8 - len))), 0),
        }
    } else {
        let mut padded = [0u8; PREFIX];
        padded[..len].copy_from_slice(&bytes[at..at + len]);
        key_at(&padded, 0, len)
    }
}

/// First offsets of each needle: every position of the text is tested
/// against a bit filter per key length, and only filter hits are looked up
/// and compared, so one pass costs a few nanoseconds per byte whatever the
/// number of needles.
fn find_exact(needles: &[&str], text: &str) -> Vec<Option<u32>> {
    let mut first = vec![None; needles.len()];
    let bytes = text.as_bytes();
    let mut classes: Vec<KeyClass> = Vec::new();
    let mut remaining = 0usize;
    for (id, needle) in needles.iter().enumerate() {
        let n = needle.as_bytes();
        if n.is_empty() || n.len() > bytes.len() {
            continue;
        }
        let len = n.len().min(PREFIX);
        let class = match classes.iter().position(|c| c.len == len) {
            Some(c) => c,
            None => {
                classes.push(KeyClass {
                    len,
                    filter: vec![0; (1 << FILTER_BITS) / 64],
                    groups: FxHashMap::default(),
                });
                classes.len() - 1
            }
        };
        let class = &mut classes[class];
        let key = key_at(n, 0, len);
        let slot = filter_slot(key);
        class.filter[slot / 64] |= 1 << (slot % 64);
        class.groups.entry(key).or_default().push(id as NeedleId);
        remaining += 1;
    }
    if remaining == 0 {
        return first;
    }
    // Longest keys first: they rule out the most.
    classes.sort_by_key(|c| std::cmp::Reverse(c.len));
    let shortest = classes.last().map_or(1, |c| c.len);
    for at in 0..=bytes.len() - shortest {
        for class in &mut classes {
            if at + class.len > bytes.len() {
                continue;
            }
            let key = key_at(bytes, at, class.len);
            let slot = filter_slot(key);
            if class.filter[slot / 64] & (1 << (slot % 64)) == 0 {
                continue;
            }
            let Some(group) = class.groups.get_mut(&key) else {
                continue;
            };
            let mut i = 0;
            while i < group.len() {
                let id = group[i] as usize;
                if bytes[at..].starts_with(needles[id].as_bytes()) {
                    first[id] = Some(at as u32);
                    group.swap_remove(i);
                    remaining -= 1;
                } else {
                    i += 1;
                }
            }
            if group.is_empty() {
                class.groups.remove(&key);
            }
        }
        if remaining == 0 {
            break;
        }
    }
    first
}

fn find_caseless(needles: &[&str], text: &str) -> Vec<bool> {
    let mut found = vec![false; needles.len()];
    if needles.is_empty() {
        return found;
    }
    let automaton: Option<AhoCorasick> = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(needles)
        .ok();
    if let Some(automaton) = &automaton {
        for hit in automaton.find_overlapping_iter(text) {
            found[hit.pattern().as_usize()] = true;
        }
    }
    // ASCII case folding misses "ÉTAT" for "état": fold the rest fully.
    let mut lower_text: Option<String> = None;
    for (id, needle) in needles.iter().enumerate() {
        if found[id] || (automaton.is_some() && needle.is_ascii() && text.is_ascii()) {
            continue;
        }
        let lower = lower_text.get_or_insert_with(|| text.to_lowercase());
        found[id] = lower.contains(&needle.to_lowercase());
    }
    found
}

/// The longest quote whose passage's ends are refined by edit distance.
const REFINED_QUOTE: usize = 300;

/// The passage of `text` that looks most like `quote`: the run of words
/// sharing the most words with it, with its ends then moved a few words to
/// be closest in edit distance. `None` when the text has no words.
pub(crate) fn closest_passage<'t>(text: &'t str, quote: &str) -> Option<&'t str> {
    let text_words = words(text);
    let quote_words: Vec<String> = words(quote)
        .into_iter()
        .map(|(s, e)| quote[s..e].to_lowercase())
        .collect();
    if text_words.is_empty() || quote_words.is_empty() {
        return None;
    }
    let wanted: std::collections::HashSet<&str> = quote_words.iter().map(String::as_str).collect();
    let lower: Vec<String> = text_words
        .iter()
        .map(|&(s, e)| text[s..e].to_lowercase())
        .collect();
    let hits: Vec<u32> = lower
        .iter()
        .map(|w| u32::from(wanted.contains(w.as_str())))
        .collect();
    let n = quote_words.len().min(text_words.len());
    let mut score: u32 = hits[..n].iter().sum();
    let (mut best, mut best_score) = (0, score);
    for start in 1..=text_words.len() - n {
        score = score + hits[start + n - 1] - hits[start - 1];
        if score > best_score {
            (best, best_score) = (start, score);
        }
    }
    // Refine the start, then the end, by a few words each, by edit distance
    // to the quote: at most 15 comparisons of at most `REFINED_QUOTE` bytes, so a
    // file whose every quote is missing costs milliseconds, not seconds.
    let last = text_words.len() - 1;
    let (mut from, mut to) = (best, best + n - 1);
    if quote.len() <= REFINED_QUOTE {
        let distance = |s: usize, e: usize| {
            super::text::edit_distance(&text[text_words[s].0..text_words[e].1], quote)
        };
        let mut best_distance = distance(from, to);
        for s in best.saturating_sub(3)..=(best + 3).min(to) {
            let d = distance(s, to);
            if d < best_distance {
                (best_distance, from) = (d, s);
            }
        }
        for e in (best + n - 1).saturating_sub(3).max(from)..=(best + n + 2).min(last) {
            let d = distance(from, e);
            if d < best_distance {
                (best_distance, to) = (d, e);
            }
        }
    }
    Some(&text[text_words[from].0..text_words[to].1])
}

/// Byte ranges of the words (runs of letters and digits) of `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The Taliban was found guilty in 1999. The Taliban action was \
        identified as a criminal organization by the Russian supreme court in 2003.";

    #[test]
    fn finds_first_offsets_of_passages_sharing_prefixes() {
        let mut needles = Needles::default();
        let a = needles.exact("The Taliban was found guilty");
        let b = needles.exact("The Taliban action");
        let c = needles.exact("in 2003");
        let d = needles.exact("The Taliban was not here");
        let e = needles.exact("The Taliban");
        assert_eq!(needles.exact("in 2003"), c, "duplicates share an id");
        let found = needles.find_in(TEXT);
        assert_eq!(found.exact[a as usize], Some(0));
        assert_eq!(
            found.exact[b as usize],
            TEXT.find("The Taliban action").map(|o| o as u32)
        );
        assert_eq!(
            found.exact[c as usize],
            TEXT.find("in 2003").map(|o| o as u32)
        );
        assert_eq!(found.exact[d as usize], None);
        assert_eq!(found.exact[e as usize], Some(0));
    }

    #[test]
    fn finds_passages_ignoring_case_also_beyond_ascii() {
        let mut needles = Needles::default();
        let a = needles.caseless("CRIMINAL Organization");
        let b = needles.caseless("terrorist organisation");
        let c = needles.caseless("ÉTAT");
        let found = needles.find_in(&format!("{TEXT} L'état."));
        assert!(found.caseless[a as usize]);
        assert!(!found.caseless[b as usize]);
        assert!(found.caseless[c as usize]);
    }

    #[test]
    fn a_passage_longer_than_the_text_is_not_found() {
        let mut needles = Needles::default();
        let a = needles.exact("a long passage");
        assert_eq!(needles.find_in("short").exact[a as usize], None);
    }

    #[test]
    fn closest_passage_finds_the_misquoted_words() {
        let quote = "identified as a criminal organisation by the Russian supreme court";
        assert_eq!(
            closest_passage(TEXT, quote),
            Some("identified as a criminal organization by the Russian supreme court")
        );
        assert_eq!(closest_passage("", quote), None);
        assert_eq!(closest_passage(TEXT, "…"), None);
    }

    proptest::proptest! {
        #[test]
        fn finds_the_first_occurrence_like_str_find(
            text in "[ab cé]{0,70}",
            invented in proptest::collection::vec("[ab cé]{1,20}", 0..6),
            cuts in proptest::collection::vec((0usize..80, 1usize..24), 0..6),
        ) {
            // Passages cut from the text, and invented ones (mostly absent).
            let chars: Vec<char> = text.chars().collect();
            let mut passages = invented;
            for (from, len) in cuts {
                if from < chars.len() {
                    let to = (from + len).min(chars.len());
                    passages.push(chars[from..to].iter().collect());
                }
            }
            let mut needles = Needles::default();
            let ids: Vec<NeedleId> = passages.iter().map(|p| needles.exact(p)).collect();
            let found = needles.find_in(&text);
            for (passage, id) in passages.iter().zip(ids) {
                proptest::prop_assert_eq!(
                    found.exact[id as usize],
                    text.find(passage.as_str()).map(|o| o as u32),
                    "{:?} in {:?}", passage, text
                );
            }
        }
    }
}
