//! Lookup structures built once per dataset: ids, folded names, postings
//! from entities to facts, and the search index.
//!
//! Everything here is sized for a million facts in well under a kilobyte
//! each: ids are `u32`, lists are packed into one buffer with an offset
//! table ([`Csr`], [`StrTable`]) instead of a `Vec` or `HashMap` per item,
//! and each postings list is sorted by fact id. The name, text and date
//! indexes live next to the code that queries them
//! ([`NameIndex`], [`TextIndex`], [`DateIndex`]); this module holds the
//! shared building blocks and the entity and predicate postings.

use std::fmt;
use std::hash::BuildHasher;
use std::ops::Range;

use super::model::PredicateId;
use super::model::{Entity, EntityId, Fact, FactId, Predicate, Source};
use super::query::DateIndex;
use super::resolve::NameIndex;
use super::search::TextIndex;
use super::text::max_edits;
use super::text::{WordClass, expand, fold, stem, word_class};

/// The entity is the fact's subject.
pub(crate) const ROLE_SUBJECT: u8 = 1;
/// The entity is one of the fact's objects.
pub(crate) const ROLE_OBJECT: u8 = 2;
/// The entity is the fact's place.
pub(crate) const ROLE_PLACE: u8 = 4;
/// The entity is the document the fact was done through.
pub(crate) const ROLE_VIA: u8 = 8;

/// From this many facts on, [`Index::build`] builds the search index on a
/// thread of its own (below, a thread would cost more than it saves).
const PARALLEL_FACTS: usize = 20_000;

#[derive(Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Index {
    entity_ids: IdMap,
    fact_ids: IdMap,
    /// Per entity: the facts it takes part in, sorted by fact id.
    pub(crate) entity_facts: Csr<u32>,
    /// Parallel to `entity_facts.items`: the entity's roles (`ROLE_*` bits).
    pub(crate) entity_roles: Vec<u8>,
    /// Per predicate: its facts, sorted by fact id.
    pub(crate) predicate_facts: Csr<u32>,
    /// Stems of the words people use for each predicate.
    pub(crate) predicate_words: PredicateWords,
    /// Entities, most connected (most facts) first; ties by index.
    pub(crate) by_connections: Vec<EntityId>,
    pub(crate) names: NameIndex,
    pub(crate) text: TextIndex,
    pub(crate) dates: DateIndex,
    pub(crate) vocabulary: super::vocabulary::Vocabulary,
    /// Per source: its glossary, compiled.
    pub(crate) glossaries: Vec<super::glossary::Glossary>,
}

impl fmt::Debug for Index {
    /// A summary: the full index of a large dataset would be megabytes of text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("entities", &self.entity_ids.len())
            .field("facts", &self.fact_ids.len())
            .field("name_keys", &self.names.key_count())
            .field("terms", &self.text.term_count())
            .finish_non_exhaustive()
    }
}

impl Index {
    /// Builds every index. With `max_threads` > 1 and a large dataset, the
    /// search index (the largest part) is built on a second thread while
    /// this one builds the rest.
    pub(crate) fn build(
        sources: &[Source],
        predicates: &[Predicate],
        entities: &[Entity],
        facts: &[Fact],
        max_threads: usize,
    ) -> Index {
        let parallel = max_threads > 1 && facts.len() >= PARALLEL_FACTS;
        Index::build_parts(sources, predicates, entities, facts, parallel)
    }

    fn build_parts(
        sources: &[Source],
        predicates: &[Predicate],
        entities: &[Entity],
        facts: &[Fact],
        parallel: bool,
    ) -> Index {
        std::thread::scope(|scope| {
            let text = parallel.then(|| {
                std::thread::Builder::new()
                    .name("factbot-index".to_owned())
                    .spawn_scoped(scope, || TextIndex::build(predicates, entities, facts))
            });
            let entity_ids = IdMap::build(entities.iter().map(|e| &*e.id));
            let fact_ids = IdMap::build(facts.iter().map(|f| &*f.id));
            let (entity_facts, entity_roles) = entity_postings(entities.len(), facts);
            let predicate_facts = predicate_postings(predicates.len(), facts);
            let predicate_words = PredicateWords::build(predicates);
            let mut by_connections: Vec<EntityId> =
                (0..entities.len() as u32).map(EntityId).collect();
            by_connections.sort_by_key(|e| std::cmp::Reverse(entity_facts.get(e.0 as usize).len()));
            let names = NameIndex::build(entities, &entity_facts);
            let dates = DateIndex::build(sources.len(), facts);
            let chat: Vec<&str> = super::text::chat_words().collect();
            let vocabulary = super::vocabulary::Vocabulary::build(sources, predicates, &chat);
            let glossaries = sources
                .iter()
                .map(super::glossary::Glossary::build)
                .collect();
            let text = match text {
                Some(Ok(handle)) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread could be started: build it here.
                Some(Err(_)) | None => TextIndex::build(predicates, entities, facts),
            };
            Index {
                entity_ids,
                fact_ids,
                entity_facts,
                entity_roles,
                predicate_facts,
                predicate_words,
                by_connections,
                names,
                text,
                dates,
                vocabulary,
                glossaries,
            }
        })
    }

    pub(crate) fn entity_by_id(&self, id: &str) -> Option<EntityId> {
        self.entity_ids.get(id).map(EntityId)
    }

    pub(crate) fn fact_by_id(&self, id: &str) -> Option<FactId> {
        self.fact_ids.get(id).map(FactId)
    }

    /// The facts an entity takes part in (sorted by id) and its role in each.
    pub(crate) fn facts_of(&self, entity: EntityId) -> (&[u32], &[u8]) {
        let i = entity.0 as usize;
        if i + 1 >= self.entity_facts.starts.len() {
            return (&[], &[]);
        }
        let range = self.entity_facts.range(i);
        (
            &self.entity_facts.items[range.clone()],
            &self.entity_roles[range],
        )
    }

    /// How many facts an entity takes part in.
    pub(crate) fn connections(&self, entity: EntityId) -> usize {
        self.facts_of(entity).0.len()
    }

    /// Bytes held by each part of the index (capacity, not counting the
    /// allocator's own overhead): for benchmarks and memory budgets.
    pub(crate) fn heap_bytes(&self) -> Vec<(&'static str, usize)> {
        let mut parts = vec![
            ("entity ids", self.entity_ids.heap_bytes()),
            ("fact ids", self.fact_ids.heap_bytes()),
            (
                "entity postings",
                self.entity_facts.heap_bytes() + self.entity_roles.capacity(),
            ),
            ("predicate postings", self.predicate_facts.heap_bytes()),
            (
                "entities by connections",
                self.by_connections.capacity() * 4,
            ),
        ];
        parts.extend(self.names.heap_bytes());
        parts.extend(self.text.heap_bytes());
        parts.push(("dates", self.dates.heap_bytes()));
        parts.push(("vocabulary", self.vocabulary.heap_bytes()));
        parts.push((
            "glossaries",
            self.glossaries.iter().map(|g| g.heap_bytes()).sum(),
        ));
        parts
    }

    /// Fact ids sorted, with the fact each belongs to: for id-prefix completion.
    pub(crate) fn fact_ids(&self) -> &IdMap {
        &self.fact_ids
    }
}

/// Builds entity → facts postings with roles. References out of range are
/// skipped (the loader never produces them).
fn entity_postings(entity_count: usize, facts: &[Fact]) -> (Csr<u32>, Vec<u8>) {
    let mut roles_of_fact: Vec<(u32, u8)> = Vec::new();
    let each_fact = |fact: &Fact, out: &mut Vec<(u32, u8)>| {
        out.clear();
        let mut add = |e: EntityId, role: u8| {
            if (e.0 as usize) < entity_count {
                match out.iter_mut().find(|(x, _)| *x == e.0) {
                    Some((_, r)) => *r |= role,
                    None => out.push((e.0, role)),
                }
            }
        };
        add(fact.subject, ROLE_SUBJECT);
        for &o in &fact.objects {
            add(o, ROLE_OBJECT);
        }
        if let Some(p) = fact.place {
            add(p, ROLE_PLACE);
        }
        if let Some(v) = fact.via {
            add(v, ROLE_VIA);
        }
    };
    let mut counts = vec![0u32; entity_count];
    for fact in facts {
        each_fact(fact, &mut roles_of_fact);
        for &(e, _) in &roles_of_fact {
            counts[e as usize] += 1;
        }
    }
    let starts = prefix_sums(&counts);
    let total = *starts.last().unwrap_or(&0) as usize;
    let mut items = vec![0u32; total];
    let mut roles = vec![0u8; total];
    let mut fill: Vec<u32> = starts[..entity_count].to_vec();
    for (f, fact) in facts.iter().enumerate() {
        each_fact(fact, &mut roles_of_fact);
        for &(e, role) in &roles_of_fact {
            let at = fill[e as usize] as usize;
            items[at] = f as u32;
            roles[at] = role;
            fill[e as usize] += 1;
        }
    }
    (Csr { starts, items }, roles)
}

fn predicate_postings(predicate_count: usize, facts: &[Fact]) -> Csr<u32> {
    let mut counts = vec![0u32; predicate_count];
    for fact in facts {
        if let Some(c) = counts.get_mut(fact.predicate.0 as usize) {
            *c += 1;
        }
    }
    let starts = prefix_sums(&counts);
    let mut items = vec![0u32; *starts.last().unwrap_or(&0) as usize];
    let mut fill: Vec<u32> = starts[..predicate_count].to_vec();
    for (f, fact) in facts.iter().enumerate() {
        if let Some(at) = fill.get_mut(fact.predicate.0 as usize) {
            items[*at as usize] = f as u32;
            *at += 1;
        }
    }
    Csr { starts, items }
}

/// From stems of question words to the predicates they may mean: each
/// predicate's own words, label, inverse and id (sure), and the words its
/// synonym groups add (less sure). Built once per dataset; a few entries
/// per predicate, so its size does not grow with the facts.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct PredicateWords {
    /// (stem, predicates with strength), sorted by stem.
    entries: Vec<(Box<str>, Vec<PredicateStrength>)>,
}

/// A predicate a word may mean, and how sure that is (0 to 1).
pub(crate) type PredicateStrength = (PredicateId, f32);

/// How sure a word of one of a predicate's phrases makes it.
const PHRASE_STRENGTH: f32 = 0.95;
/// The least strength of a predicate's own words (its phrases' words
/// included): what a question's action must reach to be the one asked.
pub const OWN_WORD: f32 = PHRASE_STRENGTH;

/// How sure a synonym makes a predicate, against its own words' 1.0.
const SYNONYM_STRENGTH: f32 = 0.6;

impl PredicateWords {
    fn build(predicates: &[Predicate]) -> PredicateWords {
        let mut pairs: Vec<(String, PredicateId, f32)> = Vec::new();
        for (i, p) in predicates.iter().enumerate() {
            let id = PredicateId(i as u32);
            let mut own: Vec<String> = Vec::new();
            // A word of a phrase ("ban" in "lift the ban") is the
            // predicate's own, but a predicate that has it as a word of
            // its own ("ban" for designated) is surer.
            let mut partial: Vec<String> = Vec::new();
            let texts = p
                .words
                .iter()
                .map(|w| (&**w, true))
                .chain([(&*p.label, false), (&*p.id, false)])
                .chain(p.inverse.as_deref().map(|i| (i, false)));
            for (text, listed) in texts {
                let folded = fold(text);
                let phrase = listed && folded.contains(' ');
                for w in folded.split(' ') {
                    // "countries in": a general noun says nothing of the action.
                    if w.is_empty() || word_class(w) != WordClass::Content {
                        continue;
                    }
                    let s = stem(w).into_owned();
                    let list = if phrase { &mut partial } else { &mut own };
                    if !list.contains(&s) {
                        list.push(s);
                    }
                }
            }
            partial.retain(|s| !own.contains(s));
            let widened = expand(&own);
            for (k, s) in widened.into_iter().enumerate() {
                let strength = if k < own.len() { 1.0 } else { SYNONYM_STRENGTH };
                pairs.push((s, id, strength));
            }
            for s in partial {
                if !pairs.iter().any(|(w, p, _)| *w == s && *p == id) {
                    pairs.push((s, id, PHRASE_STRENGTH));
                }
            }
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut entries: Vec<(Box<str>, Vec<PredicateStrength>)> = Vec::new();
        for (s, id, strength) in pairs {
            match entries.last_mut() {
                Some((last, list)) if **last == *s => list.push((id, strength)),
                _ => entries.push((s.into_boxed_str(), vec![(id, strength)])),
            }
        }
        PredicateWords { entries }
    }

    pub(crate) fn get(&self, stem: &str) -> &[(PredicateId, f32)] {
        match self.entries.binary_search_by(|(s, _)| (**s).cmp(stem)) {
            Ok(i) => &self.entries[i].1,
            Err(_) => &[],
        }
    }
}

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

/// Keeps the `k` smallest items, sorted: a selection then a sort of `k`,
/// instead of sorting thousands of candidates to keep a few.
pub(crate) fn keep_smallest<T: Ord>(items: &mut Vec<T>, k: usize) {
    if items.len() > k && k > 0 {
        items.select_nth_unstable(k - 1);
    }
    items.truncate(k);
    items.sort_unstable();
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

    /// The words, by id.
    pub(crate) fn into_words(self) -> StrTable {
        self.words
    }
}

/// First `i` in `0..len` for which `before(i)` is false (`before` must be
/// true on a prefix of the range and false after it).
pub(crate) fn partition_point(len: usize, mut before: impl FnMut(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// [`partition_point`] for an answer likely near the start: probes 1, 2, 4,
/// … places on (galloping), then binary-searches the last gap, so a short
/// run costs a few comparisons and a long one stays logarithmic.
pub(crate) fn gallop_point(len: usize, mut before: impl FnMut(usize) -> bool) -> usize {
    let mut lo = 0; // 0, or a place where `before` holds.
    let mut step = 1;
    while lo + step < len && before(lo + step) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step + 1).min(len);
    lo + partition_point(hi - lo, |i| before(lo + i))
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
    fn build<'a>(ids: impl Iterator<Item = &'a str>) -> IdMap {
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

    fn heap_bytes(&self) -> usize {
        self.sorted.heap_bytes() + self.item.capacity() * 4
    }

    /// The item with this id (the first one if the id repeats).
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.sorted.find(id).map(|i| self.item[i])
    }
}

/// Typo-tolerant lookup of words (SymSpell's deletion neighbourhood): every
/// word is indexed under the hashes of all strings made by deleting up to
/// [`max_edits`] of its bytes. Two words within that many edits (insertions,
/// deletions, substitutions, transpositions) share at least one such string,
/// so a query's deletion variants find every candidate in a few hash-bucket
/// probes, with no scan over the vocabulary. Candidates are then verified
/// with a real edit distance.
#[derive(Debug)]
pub(crate) struct DeletionIndex {
    /// Variant hashes, sorted; `words[i]` is the word that produced `hashes[i]`.
    hashes: Vec<u32>,
    words: Vec<u32>,
    /// `buckets[b]..buckets[b + 1]`: the entries whose hash's top bits are `b`.
    buckets: Vec<u32>,
    bits: u32,
    /// Edits indexed for a word of a given length.
    edits: fn(usize) -> usize,
}

/// Equal when built over the same words (the `edits` rule is not compared:
/// function pointers have no meaningful equality).
#[cfg(test)]
impl PartialEq for DeletionIndex {
    fn eq(&self, other: &Self) -> bool {
        (&self.hashes, &self.words, &self.buckets, self.bits)
            == (&other.hashes, &other.words, &other.buckets, other.bits)
    }
}

impl Default for DeletionIndex {
    fn default() -> Self {
        DeletionIndex {
            hashes: Vec::new(),
            words: Vec::new(),
            buckets: Vec::new(),
            bits: 0,
            edits: max_edits,
        }
    }
}

impl DeletionIndex {
    /// Indexes `words` (word id, folded ASCII text), each within
    /// `edits(len)` edits ([`max_edits`] or less).
    pub(crate) fn build<'a>(
        words: impl Iterator<Item = (u32, &'a str)>,
        edits: fn(usize) -> usize,
    ) -> DeletionIndex {
        let mut entries: Vec<(u32, u32)> = Vec::new();
        let mut variants = Vec::new();
        for (id, word) in words {
            deletion_hashes(word.as_bytes(), edits(word.len()), &mut variants);
            entries.extend(variants.iter().map(|&h| (h, id)));
        }
        entries.sort_unstable();
        entries.dedup();
        let bits = (usize::BITS - (entries.len() / 2).max(1).leading_zeros()).clamp(1, 24);
        let mut buckets = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &entries {
            buckets[(h >> (32 - bits)) as usize + 1] += 1;
        }
        for b in 1..buckets.len() {
            buckets[b] += buckets[b - 1];
        }
        let (hashes, words) = entries.into_iter().unzip();
        DeletionIndex {
            hashes,
            words,
            buckets,
            bits,
            edits,
        }
    }

    /// Ids of the words that may be within the indexed edits of `query`
    /// (unverified, sorted, deduplicated), appended to `out`.
    pub(crate) fn candidates(&self, query: &str, out: &mut Vec<u32>) {
        if self.hashes.is_empty() {
            return;
        }
        let mut variants = Vec::new();
        deletion_hashes(query.as_bytes(), (self.edits)(query.len()), &mut variants);
        let start = out.len();
        for h in variants {
            let b = (h >> (32 - self.bits)) as usize;
            let range = self.buckets[b] as usize..self.buckets[b + 1] as usize;
            for i in range {
                if self.hashes[i] == h {
                    out.push(self.words[i]);
                }
            }
        }
        out[start..].sort_unstable();
        let mut kept = start;
        for i in start..out.len() {
            if kept == start || out[i] != out[kept - 1] {
                out[kept] = out[i];
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.hashes.shrink_to_fit();
        self.words.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.hashes.capacity() + self.words.capacity() + self.buckets.capacity()) * 4
    }
}

/// Hashes of `word` and of every string made by deleting up to `edits`
/// bytes of it (sorted, deduplicated).
fn deletion_hashes(word: &[u8], edits: usize, out: &mut Vec<u32>) {
    out.clear();
    out.push(hash(word));
    let mut buf = Vec::with_capacity(word.len());
    if edits >= 1 {
        for i in 0..word.len() {
            buf.clear();
            buf.extend_from_slice(&word[..i]);
            buf.extend_from_slice(&word[i + 1..]);
            out.push(hash(&buf));
            if edits >= 2 {
                for j in i + 1..word.len() {
                    buf.clear();
                    buf.extend_from_slice(&word[..i]);
                    buf.extend_from_slice(&word[i + 1..j]);
                    buf.extend_from_slice(&word[j + 1..]);
                    out.push(hash(&buf));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// FNV-1a with a final avalanche, so the top bits pick buckets evenly.
fn hash(bytes: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> 32) as u32
}

/// A max-segment tree over item weights: the best items of any index range
/// without scanning it (for prefix ranges covering thousands of names).
/// Each node holds its best leaf's weight next to its index, so queries
/// compare without chasing indexes.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct RangeBest {
    /// Leaves at `n..2n`; node `i` holds (weight, index) of the best leaf below it.
    nodes: Vec<(u32, u32)>,
}

impl RangeBest {
    pub(crate) fn build(weights: Vec<u32>) -> RangeBest {
        let n = weights.len();
        let mut nodes = vec![(0u32, 0u32); 2 * n];
        for (i, w) in weights.into_iter().enumerate() {
            nodes[n + i] = (w, i as u32);
        }
        for i in (1..n).rev() {
            nodes[i] = better(nodes[2 * i], nodes[2 * i + 1]);
        }
        RangeBest { nodes }
    }

    fn len(&self) -> usize {
        self.nodes.len() / 2
    }

    /// The weight of item `i` (0 if out of range).
    pub(crate) fn weight(&self, i: usize) -> u32 {
        if i < self.len() {
            self.nodes[self.len() + i].0
        } else {
            0
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * 8
    }

    /// The best item in `lo..hi` (non-empty).
    fn best(&self, lo: usize, hi: usize) -> (u32, u32) {
        let n = self.len();
        let (mut l, mut r) = (lo + n, hi + n);
        let mut best = self.nodes[l];
        while l < r {
            if l & 1 == 1 {
                best = better(best, self.nodes[l]);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                best = better(best, self.nodes[r]);
            }
            l /= 2;
            r /= 2;
        }
        best
    }

    /// Up to `k` items of `range`, heaviest first (ties by index).
    pub(crate) fn top(&self, range: Range<usize>, k: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(k.min(range.len()));
        if range.is_empty() || range.end > self.len() {
            return out;
        }
        // Max-heap of (weight, lower index first, the range the best came from).
        let mut heap = std::collections::BinaryHeap::new();
        let push = |heap: &mut std::collections::BinaryHeap<_>, lo: usize, hi: usize| {
            if lo < hi {
                let (w, b) = self.best(lo, hi);
                heap.push((w, std::cmp::Reverse(b), lo, hi));
            }
        };
        push(&mut heap, range.start, range.end);
        while out.len() < k {
            let Some((_, std::cmp::Reverse(b), lo, hi)) = heap.pop() else {
                break;
            };
            out.push(b);
            push(&mut heap, lo, b as usize);
            push(&mut heap, b as usize + 1, hi);
        }
        out
    }
}

/// The heavier of two (weight, index) nodes; the lower index on ties.
fn better(a: (u32, u32), b: (u32, u32)) -> (u32, u32) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::text::edit_distance;
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
    fn the_index_is_the_same_built_on_one_thread_or_two() {
        let files = crate::data::synthetic::generate(&crate::data::synthetic::Spec {
            facts: 2000,
            entities: 300,
            facts_per_source: 500,
            seed: 5,
        });
        let ds = crate::data::load::load_on_threads(&files, 1).unwrap();
        let (s, p, e, f) = (&ds.sources, &ds.predicates, &ds.entities, &ds.facts);
        let sequential = Index::build_parts(s, p, e, f, false);
        let parallel = Index::build_parts(s, p, e, f, true);
        assert!(sequential.text.term_count() > 1000);
        assert!(sequential == parallel, "the two builds differ");
        assert!(sequential == ds.index, "the loader's build differs");
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
        let words = interner.into_words();
        assert_eq!(words.len(), 4);
        assert_eq!(
            (words.get(0), words.get(2), words.get(3)),
            ("russia", "", "csto")
        );
    }

    #[test]
    fn id_map_finds_exact_ids_only() {
        let m = IdMap::build(["b", "a", "c-d"].into_iter());
        assert_eq!(m.get("a"), Some(1));
        assert_eq!(m.get("c-d"), Some(2));
        assert_eq!(m.get("c"), None);
        assert_eq!(m.get(""), None);
    }

    #[test]
    fn deletion_index_finds_words_within_the_allowed_edits() {
        let words = [
            "kyrgyzstan",
            "moscow",
            "pakistan",
            "tajikistan",
            "iran",
            "chechnya",
        ];
        let idx = DeletionIndex::build(
            words.iter().enumerate().map(|(i, w)| (i as u32, *w)),
            max_edits,
        );
        let found = |q: &str| {
            let mut out = Vec::new();
            idx.candidates(q, &mut out);
            out.into_iter()
                .filter(|&w| {
                    let w = words[w as usize];
                    edit_distance(q, w) <= max_edits(q.len()).min(max_edits(w.len()))
                })
                .map(|w| words[w as usize])
                .collect::<Vec<_>>()
        };
        assert_eq!(found("kirgizstan"), ["kyrgyzstan"]);
        assert_eq!(found("moskow"), ["moscow"]);
        assert_eq!(found("mocsow"), ["moscow"], "transposition");
        assert_eq!(found("pakistn"), ["pakistan"]);
        assert_eq!(found("tadjikistan"), ["tajikistan"]);
        assert_eq!(found("chechnia"), ["chechnya"]);
        assert_eq!(found("iram"), ["iran"], "4 letters allow one edit");
        assert!(found("irxx").is_empty(), "two edits on 4 letters");
        assert!(found("ira").is_empty(), "3 letters: no typos");
        assert!(found("").is_empty());
    }

    #[test]
    fn deletion_index_on_an_empty_vocabulary() {
        let idx = DeletionIndex::build(std::iter::empty(), max_edits);
        let mut out = Vec::new();
        idx.candidates("anything", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn range_best_returns_heaviest_first_with_index_ties() {
        let t = RangeBest::build(vec![5, 1, 9, 9, 0, 7, 3]);
        assert_eq!(t.top(0..7, 3), [2, 3, 5]);
        assert_eq!(t.top(1..5, 10), [2, 3, 1, 4]);
        assert_eq!(t.top(4..5, 2), [4]);
        assert!(t.top(3..3, 2).is_empty());
        assert!(t.top(0..99, 2).is_empty());
    }
}

/// A small hand-built dataset modelled on the article, for unit tests.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::data::model::*;

    pub(crate) fn entity(id: &str, kind: EntityKind, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            display: None,
            note: None,
        }
    }

    pub(crate) fn predicate(id: &str, label: &str, designation: bool, words: &[&str]) -> Predicate {
        Predicate {
            id: id.into(),
            label: label.into(),
            inverse: None,
            designation,
            words: words.iter().map(|w| (*w).into()).collect(),
        }
    }

    /// A fact in builder form: `Fact` plus names instead of indexes.
    pub(crate) struct F {
        pub id: &'static str,
        pub subject: &'static str,
        pub predicate: &'static str,
        pub objects: &'static [&'static str],
        pub date: Option<DateValue>,
        pub quote: &'static str,
    }

    pub(crate) fn dataset(
        entities: Vec<Entity>,
        predicates: Vec<Predicate>,
        facts: &[F],
    ) -> Dataset {
        let ent = |id: &str| {
            EntityId(
                entities
                    .iter()
                    .position(|e| &*e.id == id)
                    .unwrap_or_else(|| panic!("{id}")) as u32,
            )
        };
        let pred = |id: &str| {
            PredicateId(
                predicates
                    .iter()
                    .position(|p| &*p.id == id)
                    .unwrap_or_else(|| panic!("{id}")) as u32,
            )
        };
        let fact_ix =
            |id: &str| FactId(facts.iter().position(|f| f.id == id).unwrap_or(usize::MAX) as u32);
        let built: Vec<Fact> = facts
            .iter()
            .map(|f| Fact {
                id: f.id.into(),
                source: SourceId(0),
                subject: ent(f.subject),
                predicate: pred(f.predicate),
                objects: f.objects.iter().map(|o| ent(o)).collect(),
                object_text: None,
                negated: false,
                as_what: None,
                reason: None,
                place: None,
                via: None,
                date: f.date.clone().map(|value| FactDate {
                    value,
                    words: "then".into(),
                }),
                status: None,
                note: None,
                quotes: vec![Quote {
                    text: f.quote.into(),
                    offset: 0,
                }],
            })
            .collect();
        let _ = fact_ix;
        Dataset::new(vec![source()], predicates, entities, built, "test".into())
    }

    pub(crate) fn source() -> Source {
        Source {
            id: "asia-times".into(),
            file: "sources/a.txt".into(),
            text: "".into(),
            sha256: "".into(),
            headline: "Putin wants to get closer to the Taliban".into(),
            publisher: "Asia Times".into(),
            author: None,
            author_affiliation: None,
            republished_from: None,
            licence: None,
            url: None,
            note: None,
            glossary: Vec::new(),
        }
    }

    /// The article's cast: entities with aliases, misspellable names,
    /// diacritics and non-Latin aliases.
    pub(crate) fn entities() -> Vec<Entity> {
        use EntityKind::*;
        vec![
            entity(
                "taliban",
                Group,
                "Taliban",
                &["The Taliban", "Taliban movement", "Afghan government"],
            ),
            entity(
                "russia",
                Country,
                "Russia",
                &["Russian Federation", "Kremlin"],
            ),
            entity("moscow", Place, "Moscow", &["Москва"]),
            entity("putin", Person, "Vladimir Putin", &["Putin", "Путин"]),
            entity(
                "unsc",
                Organisation,
                "UN Security Council",
                &[
                    "United Nations Security Council",
                    "UNSC",
                    "Security Council",
                ],
            ),
            entity(
                "unscr-1267",
                Document,
                "UN Security Council Resolution 1267",
                &["Resolution 1267", "UNSCR 1267"],
            ),
            entity(
                "ru-supreme-court",
                Court,
                "Russian Supreme Court",
                &["Supreme Court of Russia"],
            ),
            entity(
                "csto",
                Alliance,
                "Collective Security Treaty Organization",
                &["CSTO", "Collective Security Treaty Organisation"],
            ),
            entity(
                "eaeu",
                Alliance,
                "Eurasian Economic Union",
                &["EAEU", "EEU"],
            ),
            entity("armenia", Country, "Armenia", &[]),
            entity(
                "belarus",
                Country,
                "Belarus",
                &["Belorussia", "Byelorussia"],
            ),
            entity("kazakhstan", Country, "Kazakhstan", &[]),
            entity(
                "kyrgyzstan",
                Country,
                "Kyrgyzstan",
                &["Kyrgyz Republic", "Kirghizia"],
            ),
            entity("tajikistan", Country, "Tajikistan", &[]),
            entity("uzbekistan", Country, "Uzbekistan", &[]),
            entity("pakistan", Country, "Pakistan", &[]),
            entity(
                "china",
                Country,
                "China",
                &["People's Republic of China", "PRC"],
            ),
            entity("iran", Country, "Iran", &[]),
            entity("chechnya", Place, "Chechnya", &["Chechen Republic"]),
            entity("afghanistan", Country, "Afghanistan", &[]),
            entity(
                "isis-k",
                Group,
                "ISIS-K",
                &["Islamic State Khorasan Province", "ISKP"],
            ),
            entity("crocus", Place, "Crocus City Hall", &[]),
            entity("kazan", Place, "Kazan", &[]),
            entity("turkiye", Country, "Türkiye", &["Turkey"]),
            entity("us", Country, "United States", &["US", "USA"]),
            entity("soviet-union", Country, "Soviet Union", &["USSR"]),
            entity("courtney", Person, "Courtney Smith", &[]),
            entity("lonely", Concept, "Lonely Concept", &[]),
        ]
    }

    pub(crate) fn predicates() -> Vec<Predicate> {
        vec![
            predicate(
                "designated",
                "designated",
                true,
                &["designate", "list", "label", "ban", "terrorist"],
            ),
            predicate("sanctioned", "imposed sanctions on", true, &["sanction"]),
            predicate(
                "considering-removal",
                "is considering removing from its list",
                true,
                &["delist", "remove"],
            ),
            predicate("member-of", "is a member of", false, &["member", "belongs"]),
            predicate("formed", "was formed", false, &["founded", "created"]),
            predicate("held-talks", "held talks with", false, &["talks", "engage"]),
            predicate("attacked", "attacked", false, &["attack"]),
            predicate("said", "said", false, &["speech"]),
        ]
    }

    /// The article's facts, plus a few that exercise every kind of date.
    pub(crate) fn facts() -> Vec<F> {
        use DateValue::*;
        let f = |id, subject, predicate, objects, date, quote| F {
            id,
            subject,
            predicate,
            objects,
            date,
            quote,
        };
        vec![
            f(
                "ru-considers-delisting",
                "russia",
                "considering-removal",
                &["taliban"],
                Some(Present { month: None }),
                "Russia is now considering taking the Taliban off its record of criminal organisations",
            ),
            f(
                "unsc-resolution-1267",
                "unsc",
                "designated",
                &["taliban"],
                Some(Year { year: 1999 }),
                "The Taliban was found guilty of providing refuge and education to foreign terrorists in the UN security council resolution 1267, which was adopted in 1999.",
            ),
            f(
                "putin-decree-sanctions",
                "putin",
                "sanctioned",
                &["taliban"],
                Some(After { fact: FactId(1) }),
                "Vladimir Putin ratified a order implementing the UN resolution and enforcing sanctions against the Taliban a few months afterwards.",
            ),
            f(
                "ru-supreme-court-designates-taliban",
                "ru-supreme-court",
                "designated",
                &["taliban"],
                Some(Year { year: 2003 }),
                "The Taliban action was identified as a criminal organization by the Russian supreme court in 2003",
            ),
            f(
                "russia-2017-talks",
                "russia",
                "held-talks",
                &["taliban", "china", "iran", "pakistan"],
                Some(Year { year: 2017 }),
                "Russia launched a local effort in 2017 to engage the Kabul state and the Taliban.",
            ),
            f(
                "csto-formed",
                "csto",
                "formed",
                &[],
                Some(Year { year: 2002 }),
                "the Collective Security Treaty Organization ( a military alliance with Armenia Belarus, Kazakhstan, Kyrgyzstan, and Tajikistan, formed in 2002 )",
            ),
            f(
                "armenia-in-csto",
                "armenia",
                "member-of",
                &["csto"],
                None,
                "a military alliance with Armenia",
            ),
            f(
                "belarus-in-csto",
                "belarus",
                "member-of",
                &["csto"],
                None,
                "a military alliance with Armenia Belarus",
            ),
            f(
                "kazakhstan-in-csto",
                "kazakhstan",
                "member-of",
                &["csto"],
                None,
                "Kazakhstan",
            ),
            f(
                "kyrgyzstan-in-csto",
                "kyrgyzstan",
                "member-of",
                &["csto"],
                None,
                "Kyrgyzstan",
            ),
            f(
                "tajikistan-in-csto",
                "tajikistan",
                "member-of",
                &["csto"],
                None,
                "and Tajikistan",
            ),
            f(
                "soviet-war",
                "soviet-union",
                "attacked",
                &["afghanistan"],
                Some(Range {
                    from: 1979,
                    to: 1989,
                }),
                "the Soviet Union was involved in an armed conflict there from 1979 to 1989",
            ),
            f(
                "crocus-attack",
                "isis-k",
                "attacked",
                &["crocus"],
                Some(Day {
                    year: 2024,
                    month: 3,
                    day: 22,
                }),
                "the new ISIS-K attack on the Crocus City Hall, Moscow",
            ),
            f(
                "warnings-before-crocus",
                "us",
                "said",
                &["russia"],
                Some(Before { fact: FactId(12) }),
                "warnings were given before the attack",
            ),
            f(
                "putin-2022-speech",
                "putin",
                "said",
                &[],
                Some(Year { year: 2022 }),
                "In 2022, Putin said: Any civilization's capacity to chart its own course",
            ),
            f(
                "kazan-invitation",
                "russia",
                "held-talks",
                &["taliban"],
                Some(Present { month: Some(5) }),
                "The Taliban's invitation to an global economic community taking place in Kazan, Russia, in May",
            ),
            f(
                "around-2000",
                "russia",
                "said",
                &["taliban"],
                Some(Approximate { year: 2000 }),
                "around 2000 the Kremlin said things about the Taliban",
            ),
            f(
                "chain-after-decree",
                "russia",
                "sanctioned",
                &["taliban"],
                Some(After { fact: FactId(2) }),
                "and then further sanctions followed the decree",
            ),
            f(
                "march-2024",
                "russia",
                "said",
                &["isis-k"],
                Some(Month {
                    year: 2024,
                    month: 3,
                }),
                "in March 2024 Moscow blamed others",
            ),
            f(
                "after-undated",
                "russia",
                "said",
                &["armenia"],
                Some(After { fact: FactId(6) }),
                "after the membership of Armenia",
            ),
            f(
                "cycle-a",
                "iran",
                "said",
                &[],
                Some(After { fact: FactId(21) }),
                "cycle one",
            ),
            f(
                "cycle-b",
                "iran",
                "said",
                &[],
                Some(After { fact: FactId(20) }),
                "cycle two",
            ),
            f(
                "eaeu-members",
                "russia",
                "member-of",
                &["eaeu"],
                None,
                "the Eurasian Economic Union ( an economic union of five post-Soviet states )",
            ),
        ]
    }

    /// The fixture dataset.
    pub(crate) fn article() -> Dataset {
        dataset(entities(), predicates(), &facts())
    }

    pub(crate) fn eid(ds: &Dataset, id: &str) -> EntityId {
        ds.entity_by_id(id)
            .unwrap_or_else(|| panic!("no entity {id}"))
    }

    pub(crate) fn fid(ds: &Dataset, id: &str) -> FactId {
        ds.fact_by_id(id).unwrap_or_else(|| panic!("no fact {id}"))
    }

    pub(crate) fn fact_ids(ds: &Dataset, facts: &[FactId]) -> Vec<String> {
        facts.iter().map(|&f| ds.fact(f).id.to_string()).collect()
    }

    #[test]
    fn fixture_builds_and_indexes_ids() {
        let ds = article();
        assert_eq!(ds.fact(fid(&ds, "cycle-a")).id.as_ref(), "cycle-a");
        assert_eq!(ds.entity(eid(&ds, "isis-k")).name.as_ref(), "ISIS-K");
        assert_eq!(ds.fact_by_id("nope"), None);
        // Anchor indexes in the fixture must point at the intended facts.
        assert_eq!(fid(&ds, "unsc-resolution-1267").0, 1);
        assert_eq!(fid(&ds, "putin-decree-sanctions").0, 2);
        assert_eq!(fid(&ds, "armenia-in-csto").0, 6);
        assert_eq!(fid(&ds, "crocus-attack").0, 12);
        assert_eq!(fid(&ds, "cycle-a").0, 20);
        assert_eq!(fid(&ds, "cycle-b").0, 21);
        let dbg = format!("{ds:?}");
        assert!(dbg.contains("Index"), "{dbg}");
    }
}
