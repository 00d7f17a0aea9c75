//! Synthetic datasets of any size, for benchmarks and scale tests: valid by
//! construction, deterministic for a seed, with realistic string sizes.
//!
//! Layout: `predicates.toml`, `entities.toml`, and per article an
//! `article-NNNN.toml` holding its `[[source]]` and its facts, with the text
//! in `sources/article-NNNN.txt`. Each fact quotes 80–200 bytes of a
//! sentence of its article; each entity has 2–4 aliases.
//!
//! Not part of factbot's interface (hidden from the docs); benchmarks and
//! tests of other modules reuse it.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::digests::hex;
use super::files::DataFiles;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub facts: usize,
    /// At least 2.
    pub entities: usize,
    /// Facts per article (one source each).
    pub facts_per_source: usize,
    pub seed: u64,
}

impl Spec {
    /// `facts` facts, one entity per ten facts (at most 100,000, at least
    /// 2), one article per thousand facts.
    pub fn with_facts(facts: usize) -> Spec {
        Spec {
            facts,
            entities: (facts / 10).clamp(2, 100_000),
            facts_per_source: 1000,
            seed: 7,
        }
    }
}

/// A small deterministic random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "ro", "me", "lu", "ta", "vi", "sho", "der", "an", "bel", "cor", "dun", "es", "fal",
    "gor", "hin", "ist", "jor", "kel", "lin", "mar", "nor", "pel", "qua",
];
const ALIAS_SUFFIXES: [&str; 4] = ["Group", "Council", "Movement", "Authority"];
const KINDS: [&str; 6] = [
    "person",
    "organisation",
    "country",
    "group",
    "place",
    "document",
];
const PREDICATES: [(&str, &str, bool); 12] = [
    ("designated", "designated", true),
    ("sanctioned", "sanctioned", true),
    ("recognised", "recognised", false),
    ("met", "met", false),
    ("signed", "signed", false),
    ("supported", "supported", false),
    ("criticised", "criticised", false),
    ("invaded", "invaded", false),
    ("traded-with", "traded with", false),
    ("allied-with", "allied with", false),
    ("negotiated-with", "negotiated with", false),
    ("member-of", "is a member of", false),
];
const VERBS: [&str; 12] = [
    "designated",
    "sanctioned",
    "formally recognised",
    "met officials of",
    "signed an accord with",
    "openly supported",
    "sharply criticised",
    "sent troops against",
    "expanded its trade with",
    "formed an alliance with",
    "opened negotiations with",
    "joined",
];
const ROLES: [&str; 6] = [
    "a criminal organisation",
    "a trusted partner",
    "a regional power",
    "an observer",
    "a security provider",
    "a mediator",
];
const FILLER: [&str; 16] = [
    "citing growing concerns about regional stability",
    "according to officials familiar with the talks",
    "after months of quiet diplomacy",
    "despite objections from several neighbouring states",
    "in a move that surprised many analysts",
    "as part of a wider economic strategy",
    "following a series of border incidents",
    "while denying any change of policy",
    "amid a prolonged political and economic crisis",
    "with the stated aim of ending the conflict",
    "although no definitive decision has yet been made",
    "to the dismay of human rights groups",
    "in exchange for access to key trade corridors",
    "under pressure from its closest allies",
    "after a court ruling on the matter",
    "in the hope of attracting foreign investment",
];

/// An entity's display name: a capitalised word of syllables, unique per
/// index.
fn entity_name(mut i: usize) -> String {
    let mut name = String::new();
    loop {
        name.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
        if i == 0 {
            break;
        }
    }
    // At least three syllables, for realistic lengths.
    while name.len() < 6 {
        name.push_str("ra");
    }
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn entity_id(i: usize) -> String {
    format!("{}-{i}", entity_name(i).to_ascii_lowercase())
}

/// One sentence of an article and what a fact quoting it says.
struct Sentence {
    text: String,
    subject: usize,
    object: usize,
    predicate: usize,
    year: i32,
    role: Option<usize>,
}

/// Generates a dataset as specified, in memory.
pub fn generate(spec: &Spec) -> DataFiles {
    let mut rng = Rng(spec.seed);
    let entities = spec.entities.max(2);
    let mut files = Vec::new();

    let mut predicates = String::new();
    for (id, label, designation) in PREDICATES {
        let _ = writeln!(
            predicates,
            "[[predicate]]\nid = \"{id}\"\nlabel = \"{label}\"\ndesignation = {designation}\nwords = [\"{label}\"]\n"
        );
    }
    files.push(("predicates.toml".to_owned(), predicates.into_bytes()));

    let mut entity_toml = String::with_capacity(entities * 160);
    for i in 0..entities {
        let name = entity_name(i);
        let _ = write!(
            entity_toml,
            "[[entity]]\nid = \"{}\"\nkind = \"{}\"\nname = \"{name}\"\naliases = [",
            entity_id(i),
            KINDS[i % KINDS.len()],
        );
        let aliases = 2 + rng.below(3);
        for (k, suffix) in ALIAS_SUFFIXES.iter().take(aliases).enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            let _ = write!(entity_toml, "{sep}\"{name} {suffix}\"");
        }
        entity_toml.push_str("]\n");
        if rng.chance(20) {
            let _ = writeln!(
                entity_toml,
                "note = \"Also written {name}e in older reports.\""
            );
        }
        entity_toml.push('\n');
    }
    files.push(("entities.toml".to_owned(), entity_toml.into_bytes()));

    let per_source = spec.facts_per_source.max(1);
    let sources = spec.facts.div_ceil(per_source).max(1);
    let mut fact_number = 0;
    for s in 0..sources {
        let facts_here = per_source.min(spec.facts - fact_number.min(spec.facts));
        let sentence_count = (facts_here * 7 / 10).max(1);
        let sentences: Vec<Sentence> = (0..sentence_count)
            .map(|_| sentence(&mut rng, entities))
            .collect();
        let mut text = format!("Article {s} – Synthetic Times\n\n");
        for (i, sentence) in sentences.iter().enumerate() {
            text.push_str(&sentence.text);
            text.push(if i % 5 == 4 { '\n' } else { ' ' });
            if i % 5 == 4 {
                text.push('\n');
            }
        }
        let name = format!("article-{s:04}");
        let sha = hex(&Sha256::digest(text.as_bytes()));
        let mut toml = String::with_capacity(facts_here * 480 + 512);
        let _ = write!(
            toml,
            "[[source]]\nid = \"{name}\"\nfile = \"sources/{name}.txt\"\nsha256 = \"{sha}\"\n\
             headline = \"Article {s}\"\npublisher = \"Synthetic Times\"\n\
             glossary = [{{ article = \"{}\", meaning = \"a partner of convenience\" }}]\n\n",
            ROLES[1]
        );
        for k in 0..facts_here {
            let id_number = fact_number;
            fact_number += 1;
            let sentence = &sentences[(k * 7 + k / sentence_count) % sentence_count];
            write_fact(&mut toml, &mut rng, id_number, &name, sentence, entities);
        }
        files.push((format!("{name}.toml"), toml.into_bytes()));
        files.push((format!("sources/{name}.txt"), text.into_bytes()));
    }
    DataFiles::from_memory("synthetic", files)
}

fn sentence(rng: &mut Rng, entities: usize) -> Sentence {
    let subject = rng.below(entities);
    let mut object = rng.below(entities);
    if object == subject {
        object = (object + 1) % entities;
    }
    let predicate = rng.below(PREDICATES.len());
    let year = 1950 + rng.below(75) as i32;
    let role = rng.chance(30).then(|| rng.below(ROLES.len()));
    let mut text = format!(
        "{} {} {} in {year}",
        entity_name(subject),
        VERBS[predicate],
        entity_name(object)
    );
    if let Some(role) = role {
        let _ = write!(text, " as {}", ROLES[role]);
    }
    let clauses = 1 + rng.below(3);
    for _ in 0..clauses {
        let _ = write!(text, ", {}", rng.pick(&FILLER));
    }
    text.push('.');
    Sentence {
        text,
        subject,
        object,
        predicate,
        year,
        role,
    }
}

fn write_fact(
    toml: &mut String,
    rng: &mut Rng,
    number: usize,
    source: &str,
    sentence: &Sentence,
    entities: usize,
) {
    let (predicate, _, _) = PREDICATES[sentence.predicate];
    let _ = write!(
        toml,
        "[[fact]]\nid = \"f{number}-{predicate}\"\nsource = \"{source}\"\nsubject = \"{}\"\npredicate = \"{predicate}\"\n",
        entity_id(sentence.subject)
    );
    if rng.chance(15) {
        let second = (sentence.object + 1 + rng.below(entities - 1)) % entities;
        let second = if second == sentence.object {
            (second + 1) % entities
        } else {
            second
        };
        let _ = writeln!(
            toml,
            "object = [\"{}\", \"{}\"]",
            entity_id(sentence.object),
            entity_id(second)
        );
    } else {
        let _ = writeln!(toml, "object = \"{}\"", entity_id(sentence.object));
    }
    if let Some(role) = sentence.role {
        let _ = writeln!(toml, "as = {{ article = \"{}\" }}", ROLES[role]);
    }
    if rng.chance(30) {
        let _ = writeln!(toml, "reason = \"{}\"", rng.pick(&FILLER));
    }
    if rng.chance(10) {
        let _ = writeln!(toml, "place = \"{}\"", entity_id(rng.below(entities)));
    }
    if rng.chance(80) {
        let _ = writeln!(
            toml,
            "date = {{ precision = \"year\", year = {year}, words = \"in {year}\" }}",
            year = sentence.year
        );
    }
    if rng.chance(30) {
        toml.push_str("status = \"in-force\"\n");
    }
    let quote = quote_of(&sentence.text, rng);
    if rng.chance(25) {
        // A second, shorter quote: the sentence's opening words.
        let opening = cut_at_word(&sentence.text, 40 + rng.below(40));
        let _ = writeln!(toml, "quotes = [\"{quote}\", \"{opening}\"]\n");
    } else {
        let _ = writeln!(toml, "quotes = [\"{quote}\"]\n");
    }
}

/// 80–200 bytes of `sentence`, from its start, ending at a word boundary.
fn quote_of<'s>(sentence: &'s str, rng: &mut Rng) -> &'s str {
    cut_at_word(sentence, 80 + rng.below(121))
}

/// The longest prefix of `text` of at most `max` bytes ending at a word
/// end (the whole text if it fits).
fn cut_at_word(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let cut = text[..max].rfind(' ').unwrap_or(max);
    text[..cut].trim_end_matches(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_datasets_are_valid_and_deterministic() {
        let spec = Spec {
            facts: 2500,
            entities: 300,
            facts_per_source: 1000,
            seed: 1,
        };
        let files = generate(&spec);
        assert_eq!(files, generate(&spec));
        let ds = crate::data::load(&files).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(ds.facts.len(), 2500);
        assert_eq!(ds.entities.len(), 300);
        assert_eq!(ds.sources.len(), 3);
        for fact in &ds.facts {
            for quote in &fact.quotes {
                assert!((20..=200).contains(&quote.text.len()), "{:?}", quote.text);
            }
        }
        for entity in &ds.entities {
            assert!((2..=4).contains(&entity.aliases.len()));
        }
    }

    #[test]
    fn names_are_unique() {
        let names: std::collections::HashSet<String> = (0..100_000).map(entity_name).collect();
        assert_eq!(names.len(), 100_000);
    }
}
