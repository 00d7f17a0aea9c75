//! Lookup structures built once per dataset: ids, folded names, postings
//! from entities and predicates to facts, the timeline and the search
//! index.
//!
//! Everything here is sized for a million facts in well under a kilobyte
//! each: ids are `u32`, lists are packed into one buffer with an offset
//! table ([`Csr`], [`StrTable`](packed::StrTable)) instead of a `Vec` or
//! `HashMap` per item, and each postings list is sorted by fact id.
//!
//! The index is built from the records ([`model`](super::model)) alone and
//! never sees a `Dataset`; the query API (`query`, `resolve`, `search`)
//! reads it through one. Its files, each importing only those after it:
//! - this module: [`Index`], the entity and predicate postings (with the
//!   `ROLE_*` bits) and the predicates' words;
//! - [`names`], [`text`] and [`dates`]: the name, search and date indexes
//!   ([`NameIndex`], [`TextIndex`], [`DateIndex`]), each with the
//!   low-level lookups its query module calls;
//! - [`claims`]: each fact's claim words as `/ask` scores them
//!   ([`ClaimWords`]);
//! - the building blocks they share: [`packed`] storage, [`sorted`]
//!   search, typo lookup ([`deletions`]) and [`range_best`].

pub(crate) mod claims;
pub(crate) mod dates;
pub(crate) mod deletions;
pub(crate) mod names;
pub(crate) mod packed;
pub(crate) mod range_best;
pub(crate) mod sorted;
pub(crate) mod text;

use std::fmt;

use self::claims::ClaimWords;
use self::dates::DateIndex;
use self::names::NameIndex;
use self::packed::{Csr, IdMap, prefix_sums};
use self::text::TextIndex;
use super::model::PredicateId;
use super::model::{Entity, EntityId, Fact, FactId, Predicate, Source};
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
    /// Per fact: the stems of its claim as `/ask` reads it.
    pub(crate) claims: ClaimWords,
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
        let glossaries: Vec<super::glossary::Glossary> = sources
            .iter()
            .map(super::glossary::Glossary::build)
            .collect();
        let mut index = std::thread::scope(|scope| {
            let text = parallel.then(|| {
                std::thread::Builder::new()
                    .name("factbot-index".to_owned())
                    .spawn_scoped(scope, || TextIndex::build(predicates, entities, facts))
            });
            let glossaries = &glossaries;
            let claims = parallel.then(|| {
                std::thread::Builder::new()
                    .name("factbot-claims".to_owned())
                    .spawn_scoped(scope, || ClaimWords::build(predicates, glossaries, facts))
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
            let claims = match claims {
                Some(Ok(handle)) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Some(Err(_)) | None => ClaimWords::build(predicates, glossaries, facts),
            };
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
                // Borrowed by the threads until here.
                glossaries: Vec::new(),
                claims,
            }
        });
        index.glossaries = glossaries;
        index
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
        parts.push(("claim words", self.claims.heap_bytes()));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
