//! [`Dataset`]: the records of a validated dataset together with the
//! indexes built over them, the one value every query reads.
//!
//! It has a module of its own because it joins two layers: the records
//! ([`model`](super::model)) and the index built from them (`index`), which
//! needs only the records. The query API (`query`, `resolve`, `search`)
//! sits above both and reads them through a `&Dataset`.

use std::time::SystemTime;

use super::index::Index;
use super::model::{Entity, EntityId, Fact, FactId, Predicate, PredicateId, Source, SourceId};

/// A whole, validated dataset with its lookup indexes.
///
/// Immutable once built: a reload builds a new one and swaps it in.
#[derive(Debug)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub predicates: Vec<Predicate>,
    pub entities: Vec<Entity>,
    pub facts: Vec<Fact>,
    /// Content hash of every data file, short lowercase hex.
    pub version: String,
    /// When the dataset was read from disk (set by whoever read it; `None`
    /// for datasets built in memory).
    pub loaded_at: Option<SystemTime>,
    pub(crate) index: Index,
}

impl Dataset {
    /// Bytes held by each part of the lookup index (capacities; the
    /// allocator's overhead not included), so an operator can see what the
    /// dataset costs in memory (`factbot_dataset_index_bytes` on
    /// `/metrics`) and benchmarks can hold it to a budget.
    pub fn index_memory(&self) -> Vec<(&'static str, usize)> {
        self.index.heap_bytes()
    }

    /// Builds the lookup indexes over already-validated parts.
    ///
    /// The caller guarantees that every id inside the parts is in range
    /// (the loader checks this; tests build small datasets by hand).
    pub fn new(
        sources: Vec<Source>,
        predicates: Vec<Predicate>,
        entities: Vec<Entity>,
        facts: Vec<Fact>,
        version: String,
    ) -> Dataset {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        Dataset::new_on_threads(sources, predicates, entities, facts, version, threads)
    }

    /// [`Dataset::new`] with at most `max_threads` threads building the
    /// indexes (1: only the calling thread). For the loader and benchmarks;
    /// the result does not depend on it.
    #[doc(hidden)]
    pub fn new_on_threads(
        sources: Vec<Source>,
        predicates: Vec<Predicate>,
        entities: Vec<Entity>,
        facts: Vec<Fact>,
        version: String,
        max_threads: usize,
    ) -> Dataset {
        let index = Index::build(&sources, &predicates, &entities, &facts, max_threads);
        Dataset {
            sources,
            predicates,
            entities,
            facts,
            version,
            loaded_at: None,
            index,
        }
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }
    pub fn predicate(&self, id: PredicateId) -> &Predicate {
        &self.predicates[id.0 as usize]
    }
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }
    pub fn fact(&self, id: FactId) -> &Fact {
        &self.facts[id.0 as usize]
    }

    /// Looks up an entity by its exact id.
    pub fn entity_by_id(&self, id: &str) -> Option<EntityId> {
        self.index.entity_by_id(id)
    }
    /// Looks up a fact by its exact id.
    pub fn fact_by_id(&self, id: &str) -> Option<FactId> {
        self.index.fact_by_id(id)
    }
    /// The facts an entity takes part in (as subject, object, place or
    /// via), sorted by fact index.
    pub fn facts_of_entity(&self, entity: EntityId) -> &[u32] {
        self.index.facts_of(entity).0
    }
    /// The facts of a predicate, sorted by fact index.
    pub fn facts_of_predicate(&self, predicate: PredicateId) -> &[u32] {
        let i = predicate.0 as usize;
        if i + 1 >= self.index.predicate_facts.starts.len() {
            return &[];
        }
        self.index.predicate_facts.get(i)
    }
    /// The predicates people may mean by a stemmed word of a question,
    /// with how sure that is: 1.0 for the predicate's own words, less for
    /// words its synonym groups add.
    pub fn predicates_for(&self, stem: &str) -> &[(PredicateId, f32)] {
        self.index.predicate_words.get(stem)
    }
    /// A fact's claim as `/ask` reads it (its quotes read as meant from
    /// the source's glossary, object text, reason, "as" words, date words
    /// and predicate label), folded, " word word ", into `text`; `folded`
    /// is a scratch buffer. The index keeps only its stems; the text is
    /// for tests that read what a claim says.
    #[cfg(test)]
    pub(crate) fn claim_text(&self, fact: &Fact, text: &mut String, folded: &mut String) {
        let glossary = self.index.glossaries.get(fact.source.0 as usize);
        let label = &self.predicate(fact.predicate).label;
        super::index::claims::claim_text(fact, label, glossary, text, folded);
    }
    /// The stems of a fact's claim (its quotes read as meant, object text,
    /// reason, "as" words, date words and predicate label), as sorted ids
    /// from [`Dataset::claim_stem_id`].
    pub fn claim_stems(&self, fact: FactId) -> &[u32] {
        self.index.claims.of_fact(fact.0)
    }
    /// The id of a stem some fact's claim holds; `None` when none does.
    pub fn claim_stem_id(&self, stem: &str) -> Option<u32> {
        self.index.claims.stem_id(stem)
    }
}

/// A small hand-built dataset modelled on the article, for unit tests.
#[cfg(test)]
pub(crate) mod fixture {
    use super::Dataset;
    use crate::data::model::*;

    pub(crate) fn entity(id: &str, kind: EntityKind, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            display: None,
            note: None,
            may_mean: Vec::new(),
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
