//! The inverted index over the facts' words: each fact's words (its quotes
//! and qualifiers, its entities' names and aliases, its predicate's words)
//! folded and stemmed into terms, each term's facts with their counts, and a
//! typo index over the terms.
//!
//! Built once per dataset from the records alone, so it needs no
//! [`Dataset`](crate::data::Dataset); [`search`](crate::data::search) ranks
//! facts with it and documents which words count and how they are ranked.

use super::deletions::DeletionIndex;
use super::packed::{Csr, Interner, StrTable, prefix_sums};
use super::sorted::keep_smallest;
use crate::data::model::{Entity, EntityId, Fact, Predicate};
use crate::data::text::{edit_distance, fold_into, is_stop_word, max_edits, stem_parts};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// Most vocabulary words an unfinished last word expands to (completion).
const PREFIX_ALTERNATIVES: usize = 8;

/// Buffers for analysing many texts without allocating for each.
#[derive(Default)]
struct Scratch {
    folded: String,
    stem: String,
}

impl Scratch {
    /// Calls `f` with each searchable word of `text` (folded, no
    /// stopwords, stemmed), in order.
    fn for_each_stem(&mut self, text: &str, mut f: impl FnMut(&str)) {
        fold_into(text, &mut self.folded);
        for word in self.folded.split(' ') {
            if word.is_empty() || is_stop_word(word) {
                continue;
            }
            match stem_parts(word) {
                (kept, None) => f(kept),
                (kept, Some(tail)) => {
                    self.stem.clear();
                    self.stem.push_str(kept);
                    self.stem.push_str(tail);
                    f(&self.stem);
                }
            }
        }
    }
}

/// The inverted index over facts (see the [`search`](crate::data::search)
/// module docs).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct TextIndex {
    /// Stems, sorted.
    pub(crate) terms: StrTable,
    /// Per term: the facts containing it, sorted.
    pub(crate) postings: Csr<u32>,
    /// Parallel to `postings.items`: occurrences in that fact (saturating).
    pub(crate) tfs: Vec<u8>,
    /// Per term: its largest BM25 term-frequency factor over its facts.
    pub(crate) term_ub: Vec<f32>,
    /// Per fact: its number of words (saturating).
    pub(crate) doc_len: Vec<u16>,
    pub(crate) avg_len: f32,
    fuzzy: DeletionIndex,
}

impl TextIndex {
    pub(crate) fn build(
        predicates: &[Predicate],
        entities: &[Entity],
        facts: &[Fact],
    ) -> TextIndex {
        let mut vocab = Interner::default();
        let mut scratch = Scratch::default();
        let mut words_of = |texts: &mut dyn Iterator<Item = &str>, row: &mut Vec<u32>| {
            for t in texts {
                scratch.for_each_stem(t, |w| row.push(vocab.id(w)));
            }
        };
        let mut row = Vec::new();
        let mut entity_terms: Csr<u32> = Csr::default();
        for e in entities {
            row.clear();
            let names = std::iter::once(&e.name).chain(&e.aliases);
            words_of(&mut names.map(|n| &**n), &mut row);
            row.sort_unstable();
            row.dedup();
            entity_terms.push_row(row.iter().copied());
        }
        let mut predicate_terms: Csr<u32> = Csr::default();
        for p in predicates {
            row.clear();
            let texts = [&p.label, &p.id]
                .into_iter()
                .chain(&p.inverse)
                .chain(&p.words);
            words_of(&mut texts.map(|t| &**t), &mut row);
            row.sort_unstable();
            row.dedup();
            predicate_terms.push_row(row.iter().copied());
        }

        // Each fact's distinct terms with their counts, in fact order.
        let mut fact_terms: Csr<u32> = Csr::default();
        let mut fact_tfs: Vec<u8> = Vec::new();
        let mut doc_len = Vec::with_capacity(facts.len());
        let mut total_len = 0u64;
        let mut texts: Vec<&str> = Vec::new();
        for fact in facts {
            texts.clear();
            texts.push(&fact.id);
            texts.extend(fact.quotes.iter().map(|q| &*q.text));
            texts.extend(fact.object_text.as_deref());
            texts.extend(fact.reason.as_deref());
            texts.extend(fact.note.as_deref());
            if let Some(a) = &fact.as_what {
                texts.push(&a.article);
                texts.extend(a.meaning.as_deref());
            }
            if let Some(d) = &fact.date {
                texts.push(&d.words);
            }
            row.clear();
            words_of(&mut texts.iter().copied(), &mut row);
            let add_entity = |e: EntityId, row: &mut Vec<u32>| {
                if (e.0 as usize) < entity_terms.rows() {
                    row.extend_from_slice(entity_terms.get(e.0 as usize));
                }
            };
            add_entity(fact.subject, &mut row);
            for &o in &fact.objects {
                add_entity(o, &mut row);
            }
            if let Some(p) = fact.place {
                add_entity(p, &mut row);
            }
            if let Some(v) = fact.via {
                add_entity(v, &mut row);
            }
            if (fact.predicate.0 as usize) < predicate_terms.rows() {
                row.extend_from_slice(predicate_terms.get(fact.predicate.0 as usize));
            }
            doc_len.push(row.len().min(usize::from(u16::MAX)) as u16);
            total_len += row.len() as u64;
            row.sort_unstable();
            for run in row.chunk_by(|a, b| a == b) {
                fact_terms.items.push(run[0]);
                fact_tfs.push(run.len().min(255) as u8);
            }
            fact_terms.starts.push(fact_terms.items.len() as u32);
        }
        drop(entity_terms);
        drop(predicate_terms);
        let avg_len = if facts.is_empty() {
            1.0
        } else {
            (total_len as f32 / facts.len() as f32).max(1.0)
        };

        // Number terms in sorted order, then turn the facts' rows into the
        // terms' postings: filling them fact by fact keeps each sorted.
        let (terms, rank) = vocab.into_sorted();
        let mut df = vec![0u32; rank.len()];
        for &t in &fact_terms.items {
            df[rank[t as usize] as usize] += 1;
        }
        let starts = prefix_sums(&df);
        drop(df);
        let total = fact_terms.items.len();
        let mut items = vec![0u32; total];
        let mut tfs = vec![0u8; total];
        let mut term_ub = vec![0.0f32; rank.len()];
        let mut fill: Vec<u32> = starts[..rank.len()].to_vec();
        for (f, &len) in doc_len.iter().enumerate() {
            let range = fact_terms.range(f);
            for (&t, &tf) in fact_terms.items[range.clone()].iter().zip(&fact_tfs[range]) {
                let t = rank[t as usize] as usize;
                let at = fill[t] as usize;
                items[at] = f as u32;
                tfs[at] = tf;
                fill[t] += 1;
                term_ub[t] = term_ub[t].max(tf_factor(tf, len, avg_len));
            }
        }
        drop(fact_terms);
        drop(fact_tfs);
        let postings = Csr { starts, items };
        let fuzzy = DeletionIndex::build(
            (0..terms.len())
                .map(|i| (i as u32, terms.get(i)))
                .filter(|(_, t)| !t.bytes().any(|b| b.is_ascii_digit())),
            search_edits,
        );
        TextIndex {
            terms,
            postings,
            tfs,
            term_ub,
            doc_len,
            avg_len,
            fuzzy,
        }
    }

    pub(crate) fn term_count(&self) -> usize {
        self.terms.len()
    }

    pub(crate) fn heap_bytes(&self) -> Vec<(&'static str, usize)> {
        vec![
            (
                "search: terms",
                self.terms.heap_bytes() + self.term_ub.capacity() * 4,
            ),
            (
                "search: postings",
                self.postings.heap_bytes() + self.tfs.capacity(),
            ),
            ("search: fact lengths", self.doc_len.capacity() * 2),
            ("search: typo index", self.fuzzy.heap_bytes()),
        ]
    }

    pub(crate) fn df(&self, term: u32) -> usize {
        self.postings.get(term as usize).len()
    }

    /// Vocabulary terms within the allowed typos of `stem`, nearest first
    /// (then most frequent), with their distances.
    pub(crate) fn near(&self, stem: &str) -> Vec<(u32, usize)> {
        let mut candidates = Vec::new();
        self.fuzzy.candidates(stem, &mut candidates);
        let mut found: Vec<(u32, usize)> = candidates
            .into_iter()
            .filter_map(|t| {
                let term = self.terms.get(t as usize);
                let allowed = search_edits(stem.len()).min(search_edits(term.len()));
                let d = edit_distance(stem, term);
                (d <= allowed).then_some((t, d))
            })
            .collect();
        found.sort_by_key(|&(t, d)| (d, std::cmp::Reverse(self.df(t)), t));
        found
    }

    /// Up to [`PREFIX_ALTERNATIVES`] terms starting with `prefix` (but not
    /// equal to it), most frequent first.
    pub(crate) fn completions(&self, prefix: &str) -> Vec<u32> {
        if prefix.len() < 2 {
            return Vec::new();
        }
        // Selected in batches, so a common prefix (up to 4096 words) needs
        // no list of all its words.
        let mut found: Vec<(std::cmp::Reverse<usize>, u32)> =
            Vec::with_capacity(2 * PREFIX_ALTERNATIVES);
        for t in self.terms.prefix_range(prefix).take(4096) {
            if self.terms.get(t).len() > prefix.len() {
                found.push((std::cmp::Reverse(self.df(t as u32)), t as u32));
                if found.len() == 2 * PREFIX_ALTERNATIVES {
                    keep_smallest(&mut found, PREFIX_ALTERNATIVES);
                }
            }
        }
        keep_smallest(&mut found, PREFIX_ALTERNATIVES);
        found.into_iter().map(|(_, t)| t).collect()
    }
}

/// Typos allowed in a search word: one at most (half the memory of two;
/// names in a question still get two through the name index).
fn search_edits(len: usize) -> usize {
    max_edits(len).min(1)
}

/// BM25's term-frequency factor, `tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`.
pub(crate) fn tf_factor(tf: u8, doc_len: u16, avg_len: f32) -> f32 {
    let tf = f32::from(tf);
    let norm = 1.0 - B + B * f32::from(doc_len) / avg_len;
    tf * (K1 + 1.0) / (tf + K1 * norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_folds_drops_stopwords_and_stems() {
        let mut out = Vec::new();
        Scratch::default().for_each_stem("Who DESIGNATED the Tālibans? Countries", |s| {
            out.push(s.to_owned())
        });
        assert_eq!(out, ["design", "taliban", "country"]);
    }
}
