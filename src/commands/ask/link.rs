//! Stage 2, *link*: the question's words in the data's terms. Entities
//! through the name index (exact names and aliases, typos included),
//! actions through the predicates' words and the synonym groups, and every
//! other word as a term weighted by how informative it is: rare in the
//! facts weighs much, common weighs little, chat filler nothing, and a
//! word the facts never use weighs most (it is what the data may not
//! cover). Everything is looked up in indexes built once per dataset.

use crate::data::OWN_WORD;
use crate::data::resolve::name_spans;
use crate::data::search::{stem_facts, word_stats};
use crate::data::text::{WordClass, expand, is_synonym_word, plain_words, word_class};
use crate::data::{Dataset, EntityId, EntityKind, PredicateId};

use super::read::{Detail, Question, YearAsk};

/// Weight of one entity the question names (what scoring earns in full
/// for a fact about it).
pub const ENTITY_WEIGHT: f32 = 3.0;
/// Weight of a general noun ("country", "year").
const GENERAL_WEIGHT: f32 = 0.5;
/// Fewest weight a word naming an action gets (as much as an entity).
const ACTION_WEIGHT: f32 = ENTITY_WEIGHT;
/// Fewest weight a word the facts never use gets.
const UNKNOWN_WEIGHT: f32 = 2.0 * ENTITY_WEIGHT;
/// Fewest weight a content word gets (a word in nearly every fact).
const MIN_CONTENT_WEIGHT: f32 = 0.5;

/// An entity the question names, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// A name that only qualifies the question: a place ("... in
    /// Russia?"), or what a document named is about ("the resolution on
    /// the Taliban"). A fact that names no place of its own may leave it
    /// out.
    pub qualifier: bool,
    /// Named as where something is ("a forum in Russia").
    pub located: bool,
    pub entity: EntityId,
    /// Word positions `start..end` in [`Question::words`].
    pub start: usize,
    pub end: usize,
    /// 1.0 when typed exactly, less for a typo.
    pub sim: f32,
}

/// A word of the question that is not part of a name.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub pos: usize,
    /// The word as read.
    pub word: String,
    /// Its stem (corrected when the word is a typo of a known one).
    pub stem: String,
    /// For a word the facts never use, the stems of its synonyms they do
    /// use ("sheltering": "refuge"), and for a number its other spelling
    /// ("5": "five"); a fact holding one holds the word.
    pub also: Vec<String>,
    pub class: WordClass,
    /// How much it counts (see the module docs).
    pub weight: f32,
    /// The facts never use it.
    pub unknown: bool,
    /// Predicates it may mean, with how sure that is.
    pub predicates: Vec<(PredicateId, f32)>,
}

/// The question, linked to the data.
#[derive(Clone, Debug, PartialEq)]
pub struct Links {
    pub mentions: Vec<Mention>,
    pub terms: Vec<Term>,
    /// Asks about the article itself (who wrote or published it).
    pub about_source: bool,
    /// A country name the data has no entity for ("turkey"), where the
    /// question names one.
    pub other_country: Option<String>,
    /// The question asks about undoing an action ("did Russia cut ties").
    pub reversed: bool,
    /// Years asked, outside names ("Resolution 1267" names no year).
    pub years: Vec<YearAsk>,
    /// Entities set aside ("not counting Russia"): neither asked about nor
    /// counted.
    pub excluded: Vec<EntityId>,
}

impl Links {
    /// The distinct entities named, in order of mention.
    pub fn entities(&self) -> Vec<EntityId> {
        let mut out: Vec<EntityId> = Vec::new();
        for m in &self.mentions {
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
        }
        out
    }

    /// Whether the entity is named as where something is.
    pub fn is_located(&self, e: EntityId) -> bool {
        self.mentions.iter().any(|m| m.entity == e && m.located)
    }

    /// Whether the entity is named only as a qualifying place.
    pub fn is_qualifier(&self, e: EntityId) -> bool {
        self.mentions.iter().all(|m| m.entity != e || m.qualifier)
    }

    /// The terms that point at an action (a predicate).
    pub fn actions(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.predicates.is_empty())
    }

    /// How sure the question's action words make `predicate` (0 when none
    /// points at it).
    pub fn action_strength(&self, predicate: PredicateId) -> f32 {
        self.actions()
            .flat_map(|t| t.predicates.iter())
            .filter(|(p, _)| *p == predicate)
            .map(|(_, s)| *s)
            .fold(0.0, f32::max)
    }
}

/// Words that ask about the article itself.
const SOURCE_WORDS: &[&str] = &[
    "author",
    "wrote",
    "written",
    "writer",
    "write",
    "publish",
    "published",
    "publisher",
    "republish",
    "republished",
    "licence",
    "license",
    "licensed",
    "headline",
    "journalist",
];

/// Links the question's words to the data.
pub fn link(ds: &Dataset, q: &Question) -> Links {
    let words: Vec<&str> = plain_words(&q.words);
    let mut mentions: Vec<Mention> = Vec::new();
    for span in name_spans(ds, &words) {
        let one = span.end - span.start == 1;
        let word = words[span.start];
        // A lone short word that is also plain English ("us", "it") names
        // an entity only when typed in capitals.
        let plain_english = one && word_class(word) != WordClass::Content;
        let after_the = span.start > 0 && words[span.start - 1] == "the";
        if plain_english && !after_the && !q.acronyms.iter().any(|a| a == word) {
            continue;
        }
        // A typo needs a long enough name to be sure of.
        let letters: usize = words[span.start..span.end].iter().map(|w| w.len()).sum();
        if span.sim < 1.0 && letters < 5 {
            continue;
        }
        // "the article says", "according to the article": the article
        // framing the question is not what it asks about.
        let frame_word = |w: &&str| {
            matches!(
                *w,
                "say"
                    | "says"
                    | "said"
                    | "mention"
                    | "mentions"
                    | "describe"
                    | "describes"
                    | "suggest"
                    | "suggests"
                    | "claim"
                    | "claims"
                    | "call"
                    | "calls"
            )
        };
        // "did Putin write the article": the thing an action is done to is
        // what is asked about.
        let after_action = || {
            words[..span.start]
                .iter()
                .rev()
                .find(|w| !matches!(**w, "the" | "this" | "that"))
                .is_some_and(|w| {
                    word_class(w) == WordClass::Content
                        && !ds.predicates_for(&crate::data::text::stem(w)).is_empty()
                })
        };
        let framing = (words[span.start..span.end].iter().all(|w| {
            matches!(*w, "article" | "text" | "piece" | "the" | "this")
                || crate::data::text::is_typo_of(w, "article")
        }) && !after_action())
            || (span.start >= 2 && words[span.start - 2] == "according");
        // Only the article frames: "the concept mentions Afghanistan" is a
        // claim about another document.
        let e = ds.entity(span.entity);
        let the_article = e.kind == EntityKind::Document
            && std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| n.to_lowercase().contains("article"));
        if the_article && (words.get(span.end).is_some_and(frame_word) || framing) {
            continue;
        }
        let kind = ds.entity(span.entity).kind;
        let qualifier = span.start > 0
            && words[span.start - 1] == "in"
            && span.end == words.len()
            && matches!(kind, EntityKind::Country | EntityKind::Place);
        let located = span.start > 0 && matches!(words[span.start - 1], "in" | "at" | "inside");
        let m = Mention {
            qualifier,
            located,
            entity: span.entity,
            start: span.start,
            end: span.end,
            sim: span.sim,
        };
        // Of several entities a span may name, keep the closest.
        match mentions
            .iter_mut()
            .find(|o| o.start == m.start && o.end == m.end)
        {
            Some(o) if o.sim >= m.sim => {}
            Some(o) => *o = m,
            None => mentions.push(m),
        }
    }
    mentions.sort_by_key(|m| m.start);
    // "the UN resolution on the Taliban": what a document named is about
    // only says which document, where a fact bears that out.
    for i in 1..mentions.len() {
        let (doc, about) = (&mentions[i - 1], &mentions[i]);
        let between = &words[doc.end..about.start];
        let describes = matches!(
            between,
            ["on" | "against" | "about"] | ["on" | "against" | "about", "the"]
        ) && ds.entity(doc.entity).kind == EntityKind::Document
            && ds
                .facts_of_entity(doc.entity)
                .iter()
                .any(|&f| ds.fact(crate::data::FactId(f)).is_about(about.entity));
        if describes {
            mentions[i].qualifier = true;
        }
    }
    // "not counting Russia", "except Armenia": set aside, not asked about.
    // The words that set it aside, if any: how many come before the name.
    let set_aside = |m: &Mention| {
        let before = &words[..m.start];
        if matches!(before.last(), Some(&("excluding" | "except"))) {
            Some(1)
        } else if before.ends_with(&["not", "counting"])
            || before.ends_with(&["apart", "from"])
            || before.ends_with(&["other", "than"])
        {
            Some(2)
        } else {
            None
        }
    };
    let mut excluded: Vec<EntityId> = Vec::new();
    let mut aside_spans: Vec<std::ops::Range<usize>> = Vec::new();
    mentions.retain(|m| match set_aside(m) {
        Some(marker) => {
            if !excluded.contains(&m.entity) {
                excluded.push(m.entity);
            }
            aside_spans.push(m.start - marker..m.end);
            false
        }
        None => true,
    });
    // "Russia's foreign policy concept": the possessor is part of the
    // thing's own name, not a second thing asked about.
    let names_within = |outer: EntityId, inner: EntityId| {
        let e = ds.entity(outer);
        let inner = crate::data::text::fold(&ds.entity(inner).name);
        std::iter::once(&e.name).chain(e.display.iter()).any(|n| {
            format!(" {} ", crate::data::text::fold(n)).contains(&format!(" {inner} "))
                || crate::data::text::fold(n).starts_with(&format!("{inner}s "))
        })
    };
    let possessors: Vec<usize> = mentions
        .windows(2)
        .enumerate()
        .filter(|(_, w)| {
            w[0].end == w[1].start
                && words[w[0].end - 1].ends_with('s')
                && names_within(w[1].entity, w[0].entity)
        })
        .map(|(i, _)| i)
        .collect();
    // Its words stay read as part of that name, not as a word to match.
    let mut possessed = Vec::new();
    for i in possessors.into_iter().rev() {
        let m = mentions.remove(i);
        possessed.push(m.start..m.end);
    }
    let covered = |i: usize| {
        mentions.iter().any(|m| (m.start..m.end).contains(&i))
            || possessed.iter().chain(&aside_spans).any(|r| r.contains(&i))
    };

    let n = ds.facts.len().max(1) as f32;
    // A word the facts never use weighs most: at least two entities.
    let max_weight = (1.0 + n / 0.5).ln().max(UNKNOWN_WEIGHT);
    let mut terms = Vec::new();
    let mut other_country = None;
    let mut reversed = false;
    // `words` are read as plain words already ("govt" → "government").
    for (pos, word) in words.iter().enumerate() {
        if covered(pos) || q.years.iter().any(|y| y.pos == pos) {
            continue;
        }
        // "what is it called": the name asked for, not an action.
        if q.detail == Some(Detail::Name) && matches!(*word, "called" | "named" | "name" | "names")
        {
            continue;
        }
        // "how long did the war last": the length asked for.
        if q.detail == Some(Detail::Length) && matches!(*word, "last" | "lasted" | "take" | "took")
        {
            continue;
        }
        let class = word_class(word);
        // A one-letter word says nothing, but a digit is a number asked.
        let digit = word.bytes().all(|b| b.is_ascii_digit());
        if class == WordClass::Stop || (word.len() < 2 && !digit) {
            continue;
        }
        if class == WordClass::Reversal {
            reversed = true;
            continue;
        }
        // "break off", "shut down": the particle belongs to the reversal.
        if pos > 0
            && word_class(words[pos - 1]) == WordClass::Reversal
            && matches!(*word, "off" | "up" | "down" | "away" | "out")
        {
            continue;
        }
        let mut stats = word_stats(ds, word);
        // A word of a synonym group is that word, not a typo of another
        // ("ready" is not "lead").
        if stats.corrected {
            let own = crate::data::text::stem(word);
            if is_synonym_word(word) {
                stats.facts = stem_facts(ds, &own);
                stats.stem = own.into_owned();
                stats.word = (*word).to_string();
                stats.corrected = false;
            }
        }
        // A typo of a filler or general word is that word ("countires").
        let class = match word_class(&stats.word) {
            WordClass::Stop | WordClass::Reversal => WordClass::Filler,
            c => c,
        };
        if class == WordClass::Content && is_country_name(word) && stats.facts == 0 {
            other_country = Some((*word).to_string());
            continue;
        }
        // A word the facts never use may be a synonym of one they do
        // ("sheltering" for "refuge"): it counts as that word. Each with
        // how many facts use it.
        let mut also: Vec<(String, usize)> = if class == WordClass::Content && stats.facts == 0 {
            expand(std::slice::from_ref(&stats.stem))
                .into_iter()
                .skip(1)
                .map(|s| {
                    let n = stem_facts(ds, &s);
                    (s, n)
                })
                .filter(|&(_, n)| n > 0)
                .collect()
        } else {
            Vec::new()
        };
        // "5" is "five" in the facts' words, and the other way round.
        if let Some(other) = crate::data::text::number_other_form(word) {
            let other = crate::data::text::stem(&other).into_owned();
            let n = stem_facts(ds, &other);
            also.push((other, n));
        }
        let facts = also.iter().map(|&(_, n)| n).fold(stats.facts, usize::max);
        let also: Vec<String> = also.into_iter().map(|(s, _)| s).collect();
        // Filler and general words name no action ("right", "countries").
        let predicates = if class == WordClass::Content {
            ds.predicates_for(&stats.stem).to_vec()
        } else {
            Vec::new()
        };
        let weight = match class {
            WordClass::Filler => 0.0,
            WordClass::General => GENERAL_WEIGHT,
            _ if facts == 0 => max_weight,
            _ => (1.0 + n / (facts as f32 + 0.5))
                .ln()
                .max(MIN_CONTENT_WEIGHT),
        };
        if weight == 0.0 && predicates.is_empty() {
            continue;
        }
        // An action asked weighs as much as an entity: a fact of another
        // action does not answer.
        let weight = if predicates.iter().any(|(_, s)| *s >= OWN_WORD) {
            weight.max(ACTION_WEIGHT)
        } else {
            weight
        };
        terms.push(Term {
            pos,
            word: (*word).to_string(),
            stem: stats.stem,
            also,
            class,
            weight,
            unknown: facts == 0 && class == WordClass::Content,
            predicates,
        });
    }
    let about_source = words.iter().any(|w| SOURCE_WORDS.contains(w))
        && mentions
            .iter()
            .all(|m| ds.entity(m.entity).kind == EntityKind::Document);
    let years = q
        .years
        .iter()
        .copied()
        .filter(|y| !covered(y.pos))
        .collect();
    Links {
        years,
        excluded,
        mentions,
        terms,
        about_source,
        other_country,
        reversed,
    }
}

/// Whether a folded word is the name of a country: the data may have no
/// entity for it, but a statement about every foreign state covers it.
fn is_country_name(word: &str) -> bool {
    COUNTRIES.binary_search(&word).is_ok()
}

/// One-word country names, folded, sorted.
const COUNTRIES: &[&str] = &[
    "albania",
    "algeria",
    "angola",
    "argentina",
    "australia",
    "austria",
    "azerbaijan",
    "bahrain",
    "bangladesh",
    "belgium",
    "bhutan",
    "bolivia",
    "brazil",
    "bulgaria",
    "cambodia",
    "cameroon",
    "canada",
    "chile",
    "colombia",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "denmark",
    "ecuador",
    "egypt",
    "eritrea",
    "estonia",
    "ethiopia",
    "finland",
    "france",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kenya",
    "kuwait",
    "laos",
    "latvia",
    "lebanon",
    "libya",
    "lithuania",
    "luxembourg",
    "malaysia",
    "mali",
    "malta",
    "mexico",
    "moldova",
    "mongolia",
    "morocco",
    "myanmar",
    "nepal",
    "netherlands",
    "nigeria",
    "norway",
    "oman",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "romania",
    "rwanda",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "somalia",
    "spain",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "tanzania",
    "thailand",
    "tunisia",
    "turkey",
    "turkiye",
    "turkmenistan",
    "uganda",
    "ukraine",
    "uruguay",
    "venezuela",
    "vietnam",
    "yemen",
    "zambia",
    "zimbabwe",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ask::read::read;
    use crate::commands::ask::testing::shipped as article;

    #[test]
    fn country_names_are_sorted() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_typo_is_read_as_the_word_meant_not_a_stem_it_collides_with() {
        let ds = article();
        let stem_of = |text: &str, word: &str| {
            let l = link(&ds, &read(text));
            l.terms
                .iter()
                .find(|t| t.word == word)
                .map(|t| t.stem.clone())
                .expect("a term")
        };
        // "compred" stems as "comprise" does; one edit off "compared".
        assert_eq!(
            stem_of("how does russia want to be compred to the us", "compred"),
            "compar"
        );
        // A word written in a synonym group is that word, not a typo.
        assert_eq!(
            stem_of("is russia ready to recognise the taliban", "ready"),
            "ready"
        );
    }

    #[test]
    fn links_entities_actions_and_weighs_words() {
        let ds = article();
        let q = read("so basically did russia really designate the talibn lol");
        let l = link(&ds, &q);
        let names: Vec<&str> = l.entities().iter().map(|&e| &*ds.entity(e).id).collect();
        assert_eq!(names, ["russia", "taliban"]);
        let designated = (0..ds.predicates.len() as u32)
            .map(crate::data::PredicateId)
            .find(|&p| &*ds.predicate(p).id == "designated")
            .expect("the fixture's predicate");
        assert_eq!(l.action_strength(designated), 1.0);
        assert!(
            l.terms
                .iter()
                .all(|t| t.word != "really" && t.word != "lol"),
            "filler carries nothing"
        );
        let q = read("who is the taliban's defence minister?");
        let l = link(&ds, &q);
        let defence = l
            .terms
            .iter()
            .find(|t| t.word == "defence")
            .expect("a term");
        assert!(defence.unknown);
        assert!(l.terms.iter().all(|t| t.weight <= defence.weight));
        // "Russia's 2017 ... talks": the possessor is part of the thing's
        // name, neither a second entity nor a word to find in the facts.
        let l = link(
            &ds,
            &read("did china take part in russia's 2017 afghanistan talks"),
        );
        assert!(l.terms.iter().all(|t| t.word != "russias"), "{:?}", l.terms);
        assert!(l.entities().iter().all(|&e| &*ds.entity(e).id != "russia"));
        // "want out of all this" and "done" name no action.
        let l = link(
            &ds,
            &read("what do the taliban want done, what do they want out of it"),
        );
        assert!(
            l.terms.iter().all(|t| t.word != "out" && t.word != "done"),
            "{:?}",
            l.terms
        );
        // "in the artcle" frames the question, typo or not.
        let l = link(&ds, &read("how is central asia descibed in the artcle"));
        let names: Vec<&str> = l.entities().iter().map(|&e| &*ds.entity(e).id).collect();
        assert_eq!(names, ["central-asia"]);
        // A word the facts never use counts as its synonym that they do.
        let l = link(&ds, &read("was the taliban sheltering terrorists"));
        let sheltering = l
            .terms
            .iter()
            .find(|t| t.word == "sheltering")
            .expect("a term");
        assert!(!sheltering.unknown, "{sheltering:?}");
        assert!(
            sheltering.also.iter().any(|s| s == "refug"),
            "{sheltering:?}"
        );
        // "not counting Russia": set aside, neither an entity nor a term.
        let l = link(
            &ds,
            &read("how many members does the csto have, not counting russia"),
        );
        let names: Vec<&str> = l.entities().iter().map(|&e| &*ds.entity(e).id).collect();
        assert_eq!(names, ["csto"]);
        assert_eq!(l.excluded.len(), 1);
        assert!(
            l.terms
                .iter()
                .all(|t| t.word != "counting" && t.word != "russia")
        );
        let l = link(&ds, &read("did turkey recognise the taliban?"));
        assert_eq!(l.other_country.as_deref(), Some("turkey"));
        let l = link(&ds, &read("tell us about the taliban"));
        assert_eq!(
            l.entities().len(),
            1,
            "lowercase “us” is not the United States"
        );
    }
}
