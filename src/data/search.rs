//! Ranked free-text search over facts: the base the `/ask` command builds
//! on. Pure; no IO.
//!
//! # Ranking
//! Each fact is a bag of words: its quotes, object text, reason, note, "as"
//! words, date words and id, the names and aliases of the entities it
//! involves, and its predicate's label and words. Words are folded
//! ([`fold`]), small words dropped (`is_stopword`) and lightly stemmed
//! (`stem`: "designates", "designated", "designating" are one word).
//! Facts are ranked by BM25 over those words, plus a boost for facts about
//! an entity the query names (a run of its words that is a name or alias,
//! exactly or within typos). A query word missing from the vocabulary is
//! replaced by the nearest words within one typo (words of 4 letters or
//! more), weighted down; alternatives of one word never add up. In a
//! completion the last word may be unfinished: it stands for the words it
//! starts, and is read as a typo only when it starts none.
//!
//! # Cost
//! Postings are sorted by fact id and scored document at a time with
//! MaxScore: once `limit` hits are known, words whose best possible
//! contribution cannot lift a fact into them are only probed (galloping
//! search), not walked.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::dataset::Dataset;
use super::index::sorted::gallop_point;
use super::index::text::{TextIndex, tf_factor};
use super::model::FactId;
use super::resolve::{
    MAX_SUGGESTIONS, MAX_TYPED_CHARS, Suggestion, clip_chars, entities_in_text, fact_suggestions,
};
use super::text::{edit_distance, fold, is_stop_word, max_edits, stem};

/// One search hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub fact: FactId,
    /// Higher is better.
    pub score: f32,
}

/// Longest query considered, in characters.
const MAX_QUERY_CHARS: usize = 1000;
/// Most query words considered.
const MAX_QUERY_WORDS: usize = 32;
/// Most vocabulary words a misspelt query word stands for.
const FUZZY_ALTERNATIVES: usize = 2;
/// Most facts of its shortest word a completion reads (a quarter of that
/// when too few facts have every word and the others are ranked). The
/// trade of time for recall, measured by `bench query` at 1M facts: with
/// 512, the fact two typed words come from is suggested for 92 of 256
/// queries; with 1024, for 106, at about 15 µs more per completion.
const COMPLETION_BUDGET: usize = 512;
/// A completion ranks the first this-many-times-`limit` facts with every
/// word, and suggests the best of them.
const COMPLETION_POOL: usize = 4;
/// Places a cursor checks one by one before galloping.
const LINEAR_SEEK: usize = 8;
/// Weight of "this fact involves an entity the query names", relative to
/// one BM25 word.
const ENTITY_BOOST: f32 = 1.0;

/// BM25's inverse document frequency (never negative).
fn idf(df: usize, n: usize) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// What the search index knows of one folded word.
#[derive(Clone, Debug, PartialEq)]
pub struct WordStats {
    /// The word read: as typed, or the vocabulary word it is a typo of.
    pub word: String,
    /// The word's stem, or the nearest known stem when the word is a typo
    /// of one (the one typo rule, capped at one edit here).
    pub stem: String,
    /// Whether `stem` is a correction.
    pub corrected: bool,
    /// How many facts use it (0: the data never does).
    pub facts: usize,
}

/// The word's stem and how many facts use it, correcting a typo against
/// the index's vocabulary: how informative a word of a question is.
pub fn word_stats(ds: &Dataset, word: &str) -> WordStats {
    let index = &ds.index.text;
    let stemmed = stem(word);
    let meant = ds.index.vocabulary.correct(word);
    if let Some(facts) = known(index, &stemmed)
        && !meant.is_some_and(|m| stem_collides(word, &stemmed, m))
    {
        return WordStats {
            word: word.to_string(),
            facts,
            stem: stemmed.into_owned(),
            corrected: false,
        };
    }
    if let Some(meant) = meant {
        let mut stats = word_stats_exact(ds, meant);
        stats.corrected = true;
        stats.word = meant.to_string();
        return stats;
    }
    word_stats_exact(ds, word)
}

/// A word the vocabulary doesn't hold whose stem is known only by
/// coincidence: one edit from a word meant whose stem keeps more of it
/// ("compred" is "compared", though it stems as "comprise" does).
fn stem_collides(word: &str, stemmed: &str, meant: &str) -> bool {
    edit_distance(word, meant) == 1 && stem(meant).len() > stemmed.len()
}

/// How many facts use a stem (0: the data never does).
pub fn stem_facts(ds: &Dataset, stem: &str) -> usize {
    known(&ds.index.text, stem).unwrap_or(0)
}

/// How many facts use a stem the index knows.
fn known(index: &TextIndex, stem: &str) -> Option<usize> {
    index.terms.find(stem).map(|t| index.df(t as u32))
}

/// [`word_stats`] without reading `word` as a typo of a vocabulary word.
fn word_stats_exact(ds: &Dataset, word: &str) -> WordStats {
    let index = &ds.index.text;
    let stemmed = stem(word);
    if let Some(facts) = known(index, &stemmed) {
        return WordStats {
            word: word.to_string(),
            facts,
            stem: stemmed.into_owned(),
            corrected: false,
        };
    }
    // "protect" for "protector": a stem that starts a known one.
    if stemmed.len() >= 6
        && let Some(&t) = index
            .completions(&stemmed)
            .iter()
            .find(|&&t| stemmed.len() * 4 >= index.terms.get(t as usize).len() * 3)
    {
        return WordStats {
            word: word.to_string(),
            stem: index.terms.get(t as usize).to_string(),
            corrected: true,
            facts: index.df(t),
        };
    }
    if !word.bytes().any(|b| b.is_ascii_digit())
        && let Some(t) = index
            .near(&stemmed)
            .first()
            .map(|&(t, _)| t)
            .or_else(|| two_edits(index, &stemmed))
    {
        return WordStats {
            word: word.to_string(),
            stem: index.terms.get(t as usize).to_string(),
            corrected: true,
            facts: index.df(t),
        };
    }
    WordStats {
        word: word.to_string(),
        stem: stemmed.into_owned(),
        corrected: false,
        facts: 0,
    }
}

/// A known stem two edits from `stem`, where the one typo rule allows two
/// ([`max_edits`]) but the index stores one: each one-letter deletion of
/// `stem`, looked up within one edit. A few probes, no scan.
fn two_edits(index: &TextIndex, stem: &str) -> Option<u32> {
    if max_edits(stem.len()) < 2 || !stem.is_ascii() {
        return None;
    }
    let mut variant = String::with_capacity(stem.len());
    for i in 0..stem.len() {
        variant.clear();
        variant.push_str(&stem[..i]);
        variant.push_str(&stem[i + 1..]);
        if let Some(&(t, _)) = index.near(&variant).first() {
            let term = index.terms.get(t as usize);
            if edit_distance(stem, term) <= 2 && term.len() >= 5 {
                return Some(t);
            }
        }
    }
    None
}

/// Facts ranked by how well their words (quotes, entity names and aliases,
/// predicate words, qualifiers) match the query, best first, at most `limit`.
/// Ties go to the lower fact index.
pub fn search(ds: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
    run(ds, query, limit, false)
}

/// [`search`] for completion: every word must match (the last one may be
/// unfinished and also matches the words it starts), and the work is
/// bounded (see [`COMPLETION_BUDGET`]).
pub(crate) fn search_completing(ds: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
    run(ds, query, limit, true)
}

/// A position in one postings list: a term's or an entity's facts.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    docs: &'a [u32],
    /// Term frequencies parallel to `docs`; empty for an entity's facts
    /// (which score `weight` each).
    tfs: &'a [u8],
    weight: f32,
    pos: usize,
    /// `docs[pos]`, or `u32::MAX` past the end.
    doc: u32,
}

impl<'a> Cursor<'a> {
    fn new(docs: &'a [u32], tfs: &'a [u8], weight: f32) -> Self {
        Cursor {
            docs,
            tfs,
            weight,
            pos: 0,
            doc: docs.first().copied().unwrap_or(u32::MAX),
        }
    }

    /// The same list, back at its start.
    fn restarted(&self) -> Self {
        Cursor::new(self.docs, self.tfs, self.weight)
    }

    fn score(&self, index: &TextIndex) -> f32 {
        match self.tfs.get(self.pos) {
            Some(&tf) => {
                let dl = index.doc_len[self.doc as usize];
                self.weight * tf_factor(tf, dl, index.avg_len)
            }
            None => self.weight,
        }
    }

    fn move_to(&mut self, pos: usize) {
        self.pos = pos;
        self.doc = self.docs.get(pos).copied().unwrap_or(u32::MAX);
    }

    /// Moves to the first fact ≥ `target` (galloping search).
    fn seek(&mut self, target: u32) {
        if self.doc >= target {
            return;
        }
        // Most seeks move a few places: count them without branches first.
        if let Some(next) = self.docs.get(self.pos..self.pos + LINEAR_SEEK) {
            let below = next.iter().filter(|&&d| d < target).count();
            if below < LINEAR_SEEK {
                self.move_to(self.pos + below);
                return;
            }
        }
        let rest = &self.docs[self.pos..];
        self.move_to(self.pos + gallop_point(rest.len(), |i| rest[i] < target));
    }
}

/// One query word (or named entity): the alternatives it stands for
/// (itself, typo corrections, completions). A fact scores the best of them,
/// so alternatives never add up.
struct Clause<'a> {
    cursors: Vec<Cursor<'a>>,
    /// The most this clause adds to any fact's score.
    ub: f32,
    /// The first fact any cursor is at (kept, so a clause already past a
    /// target is skipped without looking at its cursors).
    doc: u32,
}

impl<'a> Clause<'a> {
    fn new(cursors: Vec<Cursor<'a>>, ub: f32) -> Self {
        let mut clause = Clause {
            cursors,
            ub,
            doc: 0,
        };
        clause.update_doc();
        clause
    }

    /// Back to the start of every list.
    fn restart(&mut self) {
        for c in &mut self.cursors {
            *c = c.restarted();
        }
        self.update_doc();
    }

    fn update_doc(&mut self) {
        self.doc = self.cursors.iter().map(|c| c.doc).min().unwrap_or(u32::MAX);
    }

    fn doc(&self) -> u32 {
        self.doc
    }

    /// The clause's score on `doc` (0 if absent); moves past `doc` if `advance`.
    fn score(&mut self, index: &TextIndex, doc: u32, advance: bool) -> f32 {
        let mut best = 0.0f32;
        if self.doc > doc {
            return best;
        }
        for c in &mut self.cursors {
            if c.doc == doc {
                best = best.max(c.score(index));
                if advance {
                    c.move_to(c.pos + 1);
                }
            }
        }
        if advance {
            self.update_doc();
        }
        best
    }

    fn seek(&mut self, target: u32) {
        if self.doc >= target {
            return;
        }
        for c in &mut self.cursors {
            c.seek(target);
        }
        self.update_doc();
    }
}

/// A scored fact in the top-k heap: "greater" means worse, so the heap's
/// top is the hit to drop first.
#[derive(PartialEq)]
struct Ranked(f32, u32);

impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

fn run(ds: &Dataset, query: &str, limit: usize, completing: bool) -> Vec<Hit> {
    let index = &ds.index.text;
    let n = ds.facts.len();
    if limit == 0 || n == 0 {
        return Vec::new();
    }
    let folded = fold(clip_chars(query, MAX_QUERY_CHARS));
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let words = &words[..words.len().min(MAX_QUERY_WORDS)];

    // Per query word, the terms it stands for, with weights.
    let mut groups: Vec<Vec<(u32, f32)>> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let last = completing && i + 1 == words.len();
        if is_stop_word(word) && !last {
            continue;
        }
        let stemmed = stem(word);
        let mut group = Vec::new();
        if last {
            group.extend(index.completions(word).into_iter().map(|t| (t, 0.7)));
        }
        if let Some(t) = index.terms.find(&stemmed) {
            group.push((t as u32, 1.0));
        } else if !last || (word.len() >= 4 && group.is_empty()) {
            // An unfinished word that starts some words is not a typo.
            for (t, d) in index.near(&stemmed).into_iter().take(FUZZY_ALTERNATIVES) {
                group.push((t, 1.0 - 0.2 * d as f32));
            }
        }
        group.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        group.dedup_by_key(|t| t.0);
        if !group.is_empty() && !groups.contains(&group) {
            groups.push(group);
        }
    }

    let mut clauses: Vec<Clause> = groups
        .iter()
        .map(|group| {
            let cursors: Vec<Cursor> = group
                .iter()
                .map(|&(t, w)| {
                    let range = index.postings.range(t as usize);
                    Cursor::new(
                        &index.postings.items[range.clone()],
                        &index.tfs[range.clone()],
                        w * idf(range.len(), n),
                    )
                })
                .collect();
            let ub = group
                .iter()
                .zip(&cursors)
                .map(|(&(t, _), c)| c.weight * index.term_ub[t as usize])
                .fold(0.0, f32::max);
            Clause::new(cursors, ub)
        })
        .collect();
    if completing {
        // Facts with every word first, then the best of the others.
        let k = limit.min(n);
        let mut hits = top_k_matching_all(index, &mut clauses, k, COMPLETION_BUDGET);
        if hits.len() < k {
            for c in &mut clauses {
                c.restart();
            }
            for hit in top_k(index, clauses, k, COMPLETION_BUDGET / 4) {
                if hits.len() == k {
                    break;
                }
                if !hits.iter().any(|h| h.fact == hit.fact) {
                    hits.push(hit);
                }
            }
        }
        return hits;
    }
    for (entity, w) in entities_in_text(ds, &folded) {
        let (docs, _) = ds.index.facts_of(entity);
        if !docs.is_empty() {
            let weight = ENTITY_BOOST * w * idf(docs.len(), n);
            clauses.push(Clause::new(vec![Cursor::new(docs, &[], weight)], weight));
        }
    }
    top_k(index, clauses, limit.min(n), usize::MAX)
}

/// Completion: the best `k` facts matching every clause, found by walking
/// the shortest clause and leapfrogging with the others. Visits at most
/// `budget` candidate facts, so a very common word costs a bounded time, and
/// stops once [`COMPLETION_POOL`] times `k` facts match: the suggestions are
/// the best of the first matches in data order (all of them in a small
/// dataset).
fn top_k_matching_all(
    index: &TextIndex,
    clauses: &mut [Clause],
    k: usize,
    budget: usize,
) -> Vec<Hit> {
    let size = |c: &Clause| c.cursors.iter().map(|x| x.docs.len()).sum::<usize>();
    clauses.sort_by_key(size);
    let Some((driver, others)) = clauses.split_first_mut() else {
        return Vec::new();
    };
    let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
    let mut matched = 0;
    let mut doc = driver.doc();
    for _ in 0..budget {
        if doc == u32::MAX || matched >= COMPLETION_POOL * k {
            break;
        }
        // Leapfrog: each other clause moves to `doc` or past it; one that
        // passes it has no fact before where it stops, so the driver skips
        // there. Scores are only computed for facts with every word.
        let mut next = doc;
        for c in others.iter_mut() {
            c.seek(doc);
            next = c.doc();
            if next != doc {
                break;
            }
        }
        if next != doc {
            driver.seek(next);
            doc = driver.doc();
            continue;
        }
        matched += 1;
        let mut score = driver.score(index, doc, true);
        for c in others.iter_mut() {
            score += c.score(index, doc, false);
        }
        heap.push(Ranked(score, doc));
        if heap.len() > k {
            heap.pop();
        }
        doc = driver.doc();
    }
    into_hits(heap)
}

/// Best first; ties by fact index.
fn into_hits(heap: BinaryHeap<Ranked>) -> Vec<Hit> {
    let mut hits: Vec<Hit> = heap
        .into_iter()
        .map(|Ranked(score, fact)| Hit {
            fact: FactId(fact),
            score,
        })
        .collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact)));
    hits
}

/// Document-at-a-time MaxScore over the clauses (see the module docs),
/// scoring at most `budget` facts.
fn top_k(index: &TextIndex, mut clauses: Vec<Clause>, k: usize, budget: usize) -> Vec<Hit> {
    clauses.retain(|c| c.doc() != u32::MAX && c.ub > 0.0);
    clauses.sort_by(|a, b| a.ub.total_cmp(&b.ub));
    // bound[i]: the most clauses 0..=i together can add.
    let bound: Vec<f32> = clauses
        .iter()
        .scan(0.0, |sum, c| {
            *sum += c.ub;
            Some(*sum)
        })
        .collect();
    let mut heap: BinaryHeap<Ranked> = BinaryHeap::with_capacity(k + 1);
    let mut threshold = f32::NEG_INFINITY;
    // Clauses first_essential.. must be walked; the ones before it cannot
    // lift a fact into the top k on their own.
    let mut first_essential = 0;
    for _ in 0..budget {
        let essential = &clauses[first_essential..];
        let doc = essential.iter().map(Clause::doc).min().unwrap_or(u32::MAX);
        if doc == u32::MAX {
            break;
        }
        let mut score = 0.0;
        for c in &mut clauses[first_essential..] {
            score += c.score(index, doc, true);
        }
        let mut pruned = false;
        for i in (0..first_essential).rev() {
            if score + bound[i] <= threshold {
                pruned = true;
                break;
            }
            let c = &mut clauses[i];
            c.seek(doc);
            score += c.score(index, doc, false);
        }
        if pruned || score <= threshold {
            continue;
        }
        heap.push(Ranked(score, doc));
        if heap.len() > k {
            heap.pop();
        }
        if heap.len() == k {
            threshold = heap.peek().map_or(f32::NEG_INFINITY, |r| r.0);
            while first_essential < clauses.len() && bound[first_essential] <= threshold {
                first_essential += 1;
            }
            if first_essential == clauses.len() {
                break;
            }
        }
    }
    into_hits(heap)
}

/// Up to `limit` (≤ 25) fact-id suggestions for a fragment of an id or of a fact's words.
///
/// Facts whose id starts with what was typed come first (in id order), then
/// facts found by [`search`] on the typed words, the
/// last word possibly unfinished (id fragments such as "1267" are words of
/// a fact). With nothing typed, the first facts.
pub fn complete_fact<'a>(ds: &'a Dataset, typed: &str, limit: usize) -> Vec<Suggestion<'a>> {
    let limit = limit.min(MAX_SUGGESTIONS);
    let typed = clip_chars(typed, MAX_TYPED_CHARS);
    let folded = fold(typed);
    if folded.is_empty() {
        let first: Vec<u32> = (0..ds.facts.len().min(limit) as u32).collect();
        return fact_suggestions(ds, &first);
    }
    let ids = ds.index.fact_ids();
    let mut facts: Vec<u32> = Vec::with_capacity(limit);
    let id_prefix = folded.replace(' ', "-");
    for i in ids.sorted.prefix_range(&id_prefix).take(limit) {
        facts.push(ids.item[i]);
    }
    if facts.len() < limit {
        for hit in search_completing(ds, typed, limit) {
            if facts.len() == limit {
                break;
            }
            if !facts.contains(&hit.fact.0) {
                facts.push(hit.fact.0);
            }
        }
    }
    fact_suggestions(ds, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dataset::fixture::{article, fid};
    use proptest::prelude::*;

    fn top(ds: &Dataset, query: &str, n: usize) -> Vec<String> {
        search(ds, query, n)
            .into_iter()
            .map(|h| ds.fact(h.fact).id.to_string())
            .collect()
    }

    #[test]
    fn fact_completion() {
        let ds = article();
        let first = complete_fact(&ds, "", 3);
        assert_eq!(
            first.iter().map(|s| s.value).collect::<Vec<_>>(),
            [
                "ru-considers-delisting",
                "unsc-resolution-1267",
                "putin-decree-sanctions"
            ]
        );
        assert!(
            first[1]
                .label
                .starts_with("unsc-resolution-1267: UN Security Council designated Taliban")
        );
        // Id prefixes first, in id order.
        let got = complete_fact(&ds, "ru-", 25);
        assert_eq!(got[0].value, "ru-considers-delisting");
        assert_eq!(got[1].value, "ru-supreme-court-designates-taliban");
        // Id fragments and words.
        let got = complete_fact(&ds, "1267", 25);
        assert_eq!(got[0].value, "unsc-resolution-1267");
        let got = complete_fact(&ds, "supreme cou", 25);
        assert_eq!(
            got[0].value, "ru-supreme-court-designates-taliban",
            "{got:?}"
        );
        let got = complete_fact(&ds, "crocus", 25);
        assert_eq!(got[0].value, "crocus-attack");
        // Facts with every typed word first (the last one possibly
        // unfinished), then facts with some of them.
        let got = complete_fact(&ds, "isis crocu", 25);
        assert_eq!(got[0].value, "crocus-attack", "{got:?}");
        assert!(got.len() > 1, "then facts with one of the words: {got:?}");
        let got = complete_fact(&ds, "armenia crocu", 25);
        assert!(got.iter().any(|s| s.value == "crocus-attack"), "{got:?}");
        assert!(got.iter().any(|s| s.value == "armenia-in-csto"), "{got:?}");
        let got = complete_fact(&ds, "crokus", 25);
        assert_eq!(got[0].value, "crocus-attack", "typos too");
        assert!(complete_fact(&ds, "a", 1000).len() <= 25);
        assert!(complete_fact(&ds, "qqqqzzzz", 25).is_empty());
    }

    #[test]
    fn finds_facts_by_their_words() {
        let ds = article();
        assert_eq!(
            top(&ds, "who designated the taliban in 1999", 1),
            ["unsc-resolution-1267"]
        );
        assert_eq!(
            top(&ds, "criminal organization supreme court", 1),
            ["ru-supreme-court-designates-taliban"]
        );
        assert_eq!(top(&ds, "crocus city hall attack", 1), ["crocus-attack"]);
        assert_eq!(top(&ds, "Kazan invitation", 1), ["kazan-invitation"]);
        // Inflections meet: "sanctioning" finds "sanctions".
        assert_eq!(top(&ds, "putin sanctioning", 1), ["putin-decree-sanctions"]);
    }

    #[test]
    fn predicate_words_and_entity_aliases_are_searchable() {
        let ds = article();
        // "delist" is only a word of the predicate; "Kremlin" an alias of Russia.
        assert_eq!(top(&ds, "delist", 1), ["ru-considers-delisting"]);
        let got = top(&ds, "kremlin delist", 3);
        assert_eq!(got[0], "ru-considers-delisting");
        // "CSTO" is only an alias: it finds the facts about the alliance.
        let got = top(&ds, "CSTO members", 10);
        assert!(
            got.iter().filter(|f| f.ends_with("-in-csto")).count() == 5,
            "{got:?}"
        );
    }

    #[test]
    fn typos_in_query_words_still_find() {
        let ds = article();
        assert_eq!(top(&ds, "crokus atack", 1), ["crocus-attack"]);
        assert_eq!(top(&ds, "Tadjikistan", 1), ["tajikistan-in-csto"]);
        assert_eq!(top(&ds, "soviet conflikt", 1), ["soviet-war"]);
    }

    #[test]
    fn naming_an_entity_boosts_its_facts() {
        let ds = article();
        // "security council" alone favours the UNSC's fact over the CSTO's
        // "Collective Security Treaty" facts because it is an alias.
        assert_eq!(top(&ds, "security council", 1), ["unsc-resolution-1267"]);
        let plain = search(&ds, "Moskow", 5);
        assert!(!plain.is_empty(), "the misspelt city finds its facts");
    }

    #[test]
    fn ranking_is_deterministic_with_ties_by_index() {
        let ds = article();
        let hits = search(&ds, "csto", 25);
        assert!(
            hits.windows(2)
                .all(|w| w[0].score > w[1].score
                    || (w[0].score == w[1].score && w[0].fact < w[1].fact)),
            "{hits:?}"
        );
        assert_eq!(hits, search(&ds, "csto", 25));
        // A smaller limit returns a prefix of the larger result.
        let few = search(&ds, "csto", 3);
        assert_eq!(few[..], hits[..3]);
    }

    #[test]
    fn maxscore_matches_exhaustive_scoring() {
        let ds = article();
        for q in [
            "taliban russia",
            "csto members armenia",
            "the taliban designated sanctions 1999",
            "moscow",
        ] {
            let all = search(&ds, q, ds.facts.len());
            for k in 1..6 {
                let some = search(&ds, q, k);
                let n = k.min(all.len());
                assert_eq!(some.len(), n, "{q} {k}");
                for (a, b) in some.iter().zip(&all) {
                    assert_eq!(a.fact, b.fact, "{q} top {k}: {some:?} vs {all:?}");
                    assert!((a.score - b.score).abs() < 1e-4);
                }
            }
        }
    }

    #[test]
    fn completion_expands_the_last_word() {
        let ds = article();
        let ids: Vec<FactId> = search_completing(&ds, "crocu", 3)
            .into_iter()
            .map(|h| h.fact)
            .collect();
        assert_eq!(ids.first(), Some(&fid(&ds, "crocus-attack")));
        assert!(
            search(&ds, "crocu", 3).is_empty()
                || search(&ds, "crocu", 3)[0].fact == fid(&ds, "crocus-attack")
        );
    }

    #[test]
    fn an_unfinished_word_is_a_typo_only_when_it_starts_no_word() {
        use crate::data::dataset::fixture::{F, dataset, entity, predicates};
        let fact = |id, quote| F {
            id,
            subject: "alpha",
            predicate: "said",
            objects: &[],
            date: None,
            quote,
        };
        let ds = dataset(
            vec![entity(
                "alpha",
                crate::data::EntityKind::Organisation,
                "Alpha",
                &[],
            )],
            predicates(),
            &[fact("one", "the cabinet met"), fact("two", "Cabo met")],
        );
        let ids = |typed| -> Vec<String> {
            search_completing(&ds, typed, 5)
                .into_iter()
                .map(|h| ds.fact(h.fact).id.to_string())
                .collect()
        };
        // "cabi" starts "cabinet": it is not read as a typo of "cabo".
        assert_eq!(ids("cabi"), ["one"]);
        // "cabinot" starts nothing: it is a typo, of "cabinet".
        assert_eq!(ids("cabinot"), ["one"]);
    }

    #[test]
    fn empty_and_hostile_queries() {
        let ds = article();
        for q in ["", "   ", "the who what", "!!!", "🙂🙂", "\u{0}\u{1b}[31m"] {
            assert!(search(&ds, q, 10).is_empty(), "{q:?}");
        }
        assert!(search(&ds, "taliban", 0).is_empty());
        let long = "taliban sanctions ".repeat(1000);
        assert!(!search(&ds, &long, 5).is_empty());
        let _ = search(&ds, &"ž".repeat(10_000), 5);
        let _ = search(&ds, &"x".repeat(10_000), 5);
        let empty = crate::data::dataset::fixture::dataset(Vec::new(), Vec::new(), &[]);
        assert!(search(&empty, "taliban", 5).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn cursor_seeks_land_where_a_scan_does(
            mut docs in proptest::collection::vec(0u32..5000, 0..300),
            mut targets in proptest::collection::vec(0u32..5100, 1..40),
        ) {
            docs.sort_unstable();
            docs.dedup();
            targets.sort_unstable();
            let mut cursor = Cursor::new(&docs, &[], 1.0);
            for &t in &targets {
                cursor.seek(t);
                let expected = docs.iter().position(|&d| d >= t).unwrap_or(docs.len());
                prop_assert_eq!(cursor.pos, expected);
                prop_assert_eq!(cursor.doc, docs.get(expected).copied().unwrap_or(u32::MAX));
                prop_assert_eq!(gallop_point(docs.len(), |i| docs[i] < t), expected);
            }
        }

        #[test]
        fn arbitrary_queries_never_panic(q in any::<String>(), limit in 0usize..30) {
            let ds = article();
            let hits = search(&ds, &q, limit);
            prop_assert!(hits.len() <= limit);
            prop_assert!(hits.iter().all(|h| h.score.is_finite() && (h.fact.0 as usize) < ds.facts.len()));
        }
    }
}
