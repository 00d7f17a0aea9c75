//! The names and aliases of the entities, folded, with the indexes that
//! match typed text against them: sorted keys for exact and prefix
//! lookups, word postings, a typo index over the names' words and the keys
//! weighted by connections.
//!
//! Built once per dataset from the entities alone, so it needs no
//! [`Dataset`](crate::data::Dataset); [`resolve`](crate::data::resolve)
//! ranks its matches and documents how a name is matched.

use rustc_hash::FxHashMap;

use super::deletions::DeletionIndex;
use super::packed::{Csr, StrTable, prefix_sums};
use super::range_best::RangeBest;
use super::sorted::keep_smallest;
use crate::data::model::{Entity, EntityId};
use crate::data::text::{edit_distance, fold, is_stop_word, max_edits};

/// Most words an unfinished last word expands to when driving the match.
pub(crate) const EXPANSIONS: usize = 16;

/// The words of a folded name that matter for word matching.
fn core_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !is_stop_word(w))
}

/// The word without a plural or possessive "s" ("talibans", "putins"), if
/// it has one. Keeps "ss" endings and short words.
pub(crate) fn strip_s(word: &str) -> Option<&str> {
    (word.len() >= 4 && word.ends_with('s') && !word.ends_with("ss"))
        .then(|| &word[..word.len() - 1])
}

/// Names and aliases, folded, with the indexes that match typed text
/// against them (see the [`resolve`](crate::data::resolve) module docs).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct NameIndex {
    /// Folded names and aliases, sorted.
    pub(crate) keys: StrTable,
    key_entity: Vec<u32>,
    /// Which of the entity's names: 0 for `name`, `i` for `aliases[i - 1]`.
    key_which: Vec<u16>,
    /// Per key: its core words (vocabulary ids) in order.
    pub(crate) key_words: Csr<u32>,
    /// Distinct core words of all keys, sorted.
    pub(crate) vocab: StrTable,
    /// Per word: the keys containing it, fewest words first, then by the
    /// entity's fact count (descending), then by key.
    pub(crate) word_keys: Csr<u32>,
    fuzzy: DeletionIndex,
    /// Keys weighted by their entity's fact count.
    pub(crate) popular: RangeBest,
}

impl NameIndex {
    pub(crate) fn build(entities: &[Entity], entity_facts: &Csr<u32>) -> NameIndex {
        let mut raw: Vec<(String, u32, u16)> = Vec::new();
        for (e, entity) in entities.iter().enumerate() {
            let names = std::iter::once(&entity.name).chain(&entity.aliases);
            for (which, name) in names.enumerate().take(usize::from(u16::MAX)) {
                let key = fold(name);
                if !key.is_empty() {
                    raw.push((key, e as u32, which as u16));
                }
            }
        }
        raw.sort_unstable();
        // The same folded key twice for one entity: keep the earliest name.
        raw.dedup_by(|later, earlier| later.0 == earlier.0 && later.1 == earlier.1);

        let mut words: Vec<&str> = raw.iter().flat_map(|(k, _, _)| core_words(k)).collect();
        words.sort_unstable();
        words.dedup();
        let word_id: FxHashMap<&str, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, i as u32))
            .collect();
        let mut vocab = StrTable::default();
        for w in &words {
            vocab.push(w);
        }

        let fact_count = |e: u32| -> u32 {
            if (e as usize) < entity_facts.rows() {
                entity_facts.get(e as usize).len() as u32
            } else {
                0
            }
        };
        let mut keys = StrTable::default();
        let mut key_words = Csr::default();
        let mut key_entity = Vec::with_capacity(raw.len());
        let mut key_which = Vec::with_capacity(raw.len());
        let mut weights = Vec::with_capacity(raw.len());
        let mut word_counts = vec![0u32; words.len()];
        for (key, e, which) in &raw {
            keys.push(key);
            key_entity.push(*e);
            key_which.push(*which);
            weights.push(fact_count(*e));
            let start = key_words.items.len();
            key_words.push_row(core_words(key).map(|w| word_id[w]));
            let mut row: Vec<u32> = key_words.items[start..].to_vec();
            row.sort_unstable();
            row.dedup();
            for w in row {
                word_counts[w as usize] += 1;
            }
        }
        drop(word_id);
        drop(words);

        let starts = prefix_sums(&word_counts);
        let mut items = vec![0u32; *starts.last().unwrap_or(&0) as usize];
        let mut fill: Vec<u32> = starts[..word_counts.len()].to_vec();
        for k in 0..key_words.rows() {
            let mut row = key_words.get(k).to_vec();
            row.sort_unstable();
            row.dedup();
            for w in row {
                items[fill[w as usize] as usize] = k as u32;
                fill[w as usize] += 1;
            }
        }
        let mut word_keys = Csr { starts, items };
        for w in 0..word_keys.rows() {
            let range = word_keys.range(w);
            word_keys.items[range].sort_by_key(|&k| {
                let k = k as usize;
                (key_words.get(k).len(), std::cmp::Reverse(weights[k]), k)
            });
        }

        let fuzzy = DeletionIndex::build(
            (0..vocab.len())
                .map(|i| (i as u32, vocab.get(i)))
                .filter(|(_, w)| !w.bytes().any(|b| b.is_ascii_digit())),
            max_edits,
        );
        let mut names = NameIndex {
            keys,
            key_entity,
            key_which,
            key_words,
            vocab,
            word_keys,
            fuzzy,
            popular: RangeBest::build(weights),
        };
        names.keys.shrink_to_fit();
        names.vocab.shrink_to_fit();
        names.key_words.shrink_to_fit();
        names.fuzzy.shrink_to_fit();
        names
    }

    pub(crate) fn key_count(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn heap_bytes(&self) -> Vec<(&'static str, usize)> {
        vec![
            (
                "names: keys",
                self.keys.heap_bytes()
                    + self.key_entity.capacity() * 4
                    + self.key_which.capacity() * 2
                    + self.key_words.heap_bytes(),
            ),
            (
                "names: words",
                self.vocab.heap_bytes() + self.word_keys.heap_bytes(),
            ),
            ("names: typo index", self.fuzzy.heap_bytes()),
            ("names: by connections", self.popular.heap_bytes()),
        ]
    }

    /// How each vocabulary word matches a typed word: exact (1.0), without
    /// a plural `s` (0.97), or, when neither exists, within the allowed
    /// typos. Sorted by word id.
    pub(crate) fn word_matches(&self, typed: &str) -> Vec<WordMatch> {
        let mut out = Vec::new();
        if let Some(w) = self.vocab.find(typed) {
            out.push(WordMatch::new(w as u32, 1.0, Via::Exact));
        }
        if let Some(w) = strip_s(typed).and_then(|s| self.vocab.find(s)) {
            out.push(WordMatch::new(w as u32, 0.97, Via::Exact));
        }
        if out.is_empty() && max_edits(typed.len()) > 0 {
            let mut candidates = Vec::new();
            self.fuzzy.candidates(typed, &mut candidates);
            for w in candidates {
                let word = self.vocab.get(w as usize);
                let allowed = max_edits(typed.len()).min(max_edits(word.len()));
                let d = edit_distance(typed, word);
                if d <= allowed {
                    let longest = typed.len().max(word.len()) as f32;
                    out.push(WordMatch::new(
                        w,
                        0.9 * (1.0 - d as f32 / longest),
                        Via::Fuzzy,
                    ));
                }
            }
        }
        out.sort_by_key(|m| m.word);
        out
    }

    /// Up to [`EXPANSIONS`] vocabulary words that `typed` is a proper prefix
    /// of, shortest first.
    /// `completes` is the vocabulary range of the words starting with it.
    pub(crate) fn expansions(&self, typed: &str, completes: std::ops::Range<u32>) -> Vec<u32> {
        if typed.len() < 2 {
            return Vec::new();
        }
        let range = completes.start as usize..completes.end as usize;
        let mut found: Vec<(usize, u32)> = range
            .take(4096)
            .map(|w| (self.vocab.get(w).len(), w as u32))
            .filter(|&(len, _)| len > typed.len())
            .collect();
        keep_smallest(&mut found, EXPANSIONS);
        found.into_iter().map(|(_, w)| w).collect()
    }

    pub(crate) fn entity(&self, key: u32) -> EntityId {
        EntityId(self.key_entity[key as usize])
    }

    /// The name or alias behind a key, as written in the data.
    pub(crate) fn written<'d>(&self, entities: &'d [Entity], key: u32) -> &'d str {
        let entity = &entities[self.entity(key).0 as usize];
        match self.key_which[key as usize] {
            0 => &entity.name,
            i => entity
                .aliases
                .get(usize::from(i) - 1)
                .map_or(&*entity.name, |a| &**a),
        }
    }
}

/// How a vocabulary word matched a typed word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Via {
    Exact,
    Prefix,
    Fuzzy,
}

/// A vocabulary word that a typed word matches, and how closely (0 to 1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordMatch {
    pub(crate) word: u32,
    pub(crate) sim: f32,
    pub(crate) via: Via,
}

impl WordMatch {
    fn new(word: u32, sim: f32, via: Via) -> WordMatch {
        WordMatch { word, sim, via }
    }
}
