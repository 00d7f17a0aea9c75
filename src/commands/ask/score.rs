//! Stage 4, *score*: how much of the question one fact answers, as soft
//! evidence. Each entity named counts [`ENTITY_WEIGHT`] (in full when the
//! fact is about it, a third when its words only name it); each term
//! counts its weight when the fact's words hold it, or its predicate is
//! the one the word means; a year counts [`YEAR_WEIGHT`]. The confidence
//! is the share of the question's weight the fact holds, so a word the
//! data never uses lowers it by its weight instead of vetoing the answer.
//!
//! A fact's words are its quotes (with the article's paraphrased wordings
//! read as what they mean, from the source's glossary), object text,
//! reason, "as" words, date words, predicate label and the names of the
//! entities it involves that the question names (another thing's name is
//! not a word of the claim); never the editors' note, which is not
//! evidence. The claim's words are stemmed once per dataset (the index's
//! claim words), so scoring a fact looks stems up and re-reads no text;
//! its words name an entity when each word of one of its names (or of
//! its plural), but its stop words, is among them.

use crate::commands::describe::{date_covers_year, date_year};
use crate::data::text::{WordClass, fold, is_stop_word, stem};
use crate::data::{Dataset, DateValue, EntityId, EntityKind, Fact, FactId, Status};

use super::link::{ENTITY_WEIGHT, Links};
use super::read::{YearAsk, YearBound};

/// Share of [`ENTITY_WEIGHT`] a fact earns by only naming the entity in
/// its words.
const NAMED_SHARE: f32 = 1.0 / 3.0;
/// Weight of the years a question names.
pub const YEAR_WEIGHT: f32 = 2.0;

/// How a fact's date meets the years a question names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearCheck {
    NotAsked,
    Matches,
    /// The fact is dated, in another year.
    Conflicts,
    /// The fact has no date to check.
    Undated,
}

/// How a fact holds an entity the question names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    Subject,
    Object,
    /// Its place or the document it was done through.
    Circumstance,
    /// Only named in its words.
    Named,
    Absent,
}

impl Holds {
    pub fn in_role(self) -> bool {
        matches!(self, Holds::Subject | Holds::Object | Holds::Circumstance)
    }
}

/// How well one fact answers the question.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub fact: FactId,
    /// Per distinct entity named (in [`Links::entities`] order).
    pub holds: Vec<Holds>,
    /// Credit from terms (action and content words).
    pub term_credit: f32,
    /// The strongest action word pointing at the fact's predicate (0 when
    /// none does).
    pub action: f32,
    /// The question names no action, or the fact holds one it names (as
    /// its predicate or in its words).
    pub action_met: bool,
    /// How surely all the question's action words together point at the
    /// fact's predicate: the more specific match wins a tie.
    pub action_sum: f32,
    /// Words of the question the fact's own words hold (not only its
    /// predicate): of two facts as sure, the one saying the question's
    /// words ("a potential rapprochement") is ranked first.
    pub worded: usize,
    /// Content words of the question the fact holds nowhere.
    pub unmatched_content: usize,
    /// Of those, the words that name an action.
    pub unmatched_actions: usize,
    /// How the fact's date meets the years asked.
    pub year: YearCheck,
    /// Share of the question's weight the fact holds, 0 to 1.
    pub confidence: f32,
}

impl Evidence {
    /// How many entities named are the fact's subject or objects.
    pub fn core_roles(&self) -> usize {
        self.holds
            .iter()
            .filter(|h| matches!(h, Holds::Subject | Holds::Object))
            .count()
    }

    /// Every entity named is one the fact is about.
    pub fn all_in_role(&self) -> bool {
        self.holds.iter().all(|h| h.in_role())
    }
}

/// What scoring needs of the question, prepared once for all its
/// candidates: the entities named and their folded names, the terms'
/// claim stem ids, the question's whole weight.
pub struct Scorer<'a> {
    ds: &'a Dataset,
    links: &'a Links,
    entities: Vec<EntityId>,
    /// The stems of each name and alias of the entities named (and of
    /// its plural), with their claim stem ids; `name_of[i]` is the index
    /// in `entities` of name `i`.
    names: Vec<Vec<(Option<u32>, String)>>,
    name_of: Vec<usize>,
    /// For each term, the claim stem ids of its stem and of its `also`
    /// stems (none when no claim holds them).
    term_ids: Vec<Vec<u32>>,
    /// For each entity named, the terms (by index) its own name holds, and
    /// the stems of its name's words: a fact involving it has its name
    /// among its words.
    name_terms: Vec<Box<[u16]>>,
    name_stems: Vec<Vec<String>>,
    /// For each entity named as where something is ("a forum in Russia"),
    /// the places the facts put in it ("Kazan is in Russia"): a fact in
    /// such a place is in the entity too.
    places_within: Vec<Vec<EntityId>>,
    /// For each entity named, the entities its name may mean (none for a
    /// place named as where: "what happened in Moscow" is the city).
    meant: Vec<&'a [EntityId]>,
    total: f32,
    /// Reused buffers.
    named_in_role: Vec<usize>,
    named: Vec<bool>,
}

/// The stems of a folded text's words, but its stop words (which the
/// claim words leave out).
fn stems_of(folded: &str) -> Vec<String> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !is_stop_word(w))
        .map(|w| stem(w).into_owned())
        .collect()
}

/// Stems with their claim stem ids.
fn with_ids(ds: &Dataset, stems: Vec<String>) -> Vec<(Option<u32>, String)> {
    stems
        .into_iter()
        .map(|s| (ds.claim_stem_id(&s), s))
        .collect()
}

impl<'a> Scorer<'a> {
    pub fn new(ds: &'a Dataset, links: &'a Links) -> Scorer<'a> {
        let entities = links.entities();
        let mut names: Vec<Vec<(Option<u32>, String)>> = Vec::new();
        let mut name_of = Vec::new();
        for (i, &e) in entities.iter().enumerate() {
            let e = ds.entity(e);
            for n in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let n = fold(n);
                if n.len() < 3 {
                    continue;
                }
                // "Afghanistan's UN seat" names Afghanistan.
                let plural = (!n.ends_with('s')).then(|| format!("{n}s"));
                for n in std::iter::once(&n).chain(&plural) {
                    let stems = with_ids(ds, stems_of(n));
                    if !stems.is_empty()
                        && !(0..names.len()).any(|k| name_of[k] == i && names[k] == stems)
                    {
                        names.push(stems);
                        name_of.push(i);
                    }
                }
            }
        }
        let term_ids = links
            .terms
            .iter()
            .map(|t| {
                std::iter::once(&t.stem)
                    .chain(&t.also)
                    .filter_map(|s| ds.claim_stem_id(s))
                    .collect()
            })
            .collect();
        let (name_terms, name_stems) = entities
            .iter()
            .map(|&e| {
                let name = fold(&ds.entity(e).name);
                let terms: Vec<u16> = name.split(' ').flat_map(|w| terms_held(links, w)).collect();
                (terms.into_boxed_slice(), stems_of(&name))
            })
            .unzip();
        let places_within = entities
            .iter()
            .map(|&e| {
                if !links.is_located(e) {
                    return Vec::new();
                }
                ds.facts_of_entity(e)
                    .iter()
                    .map(|&f| ds.fact(FactId(f)))
                    .filter(|f| f.objects.contains(&e) && is_location(ds, f))
                    .map(|f| f.subject)
                    .collect()
            })
            .collect();
        let meant = entities
            .iter()
            .map(|&e| {
                if links.is_located(e) {
                    &[][..]
                } else {
                    &ds.entity(e).may_mean[..]
                }
            })
            .collect();
        Scorer {
            places_within,
            meant,
            ds,
            links,
            entities,
            names,
            name_of,
            term_ids,
            name_terms,
            name_stems,
            total: question_weight(links),
            named_in_role: Vec::new(),
            named: Vec::new(),
        }
    }

    /// Scores one fact against the question.
    pub fn score(&mut self, id: FactId) -> Evidence {
        let (ds, links) = (self.ds, self.links);
        let fact = ds.fact(id);
        // Which terms the fact's words hold: its claim's stems, looked up
        // in the index, and the names of the entities named it involves.
        let claim = ds.claim_stems(id);
        let holds_stem = |id: &u32| claim.binary_search(id).is_ok();
        let mut in_words: Vec<bool> = self
            .term_ids
            .iter()
            .map(|ids| ids.iter().any(holds_stem))
            .collect();
        let in_role = |e: EntityId| roles(fact).any(|r| r == e);
        let mut named_in_role = std::mem::take(&mut self.named_in_role);
        named_in_role.clear();
        named_in_role.extend((0..self.entities.len()).filter(|&i| in_role(self.entities[i])));
        for &i in &named_in_role {
            for &t in self.name_terms[i].iter() {
                in_words[usize::from(t)] = true;
            }
        }
        // Only an entity the fact is not about is looked for in its words:
        // it is named where each word of one of its names is among them.
        let mut named = std::mem::take(&mut self.named);
        named.clear();
        named.resize(self.entities.len(), false);
        for (stems, &i) in self.names.iter().zip(&self.name_of) {
            if named[i] || in_role(self.entities[i]) {
                continue;
            }
            named[i] = stems.iter().all(|(id, s)| {
                id.is_some_and(|id| holds_stem(&id))
                    || named_in_role
                        .iter()
                        .any(|&j| self.name_stems[j].contains(s))
            });
        }
        let holds: Vec<Holds> = self
            .entities
            .iter()
            .zip(&named)
            .zip(&self.places_within)
            .zip(&self.meant)
            .map(
                |(((&e, &named), within), meant)| match holds_meant(fact, e, named, meant) {
                    // "the forum in Russia": in Kazan, which is in Russia.
                    Holds::Absent | Holds::Named
                        if fact.place.is_some_and(|p| within.contains(&p)) =>
                    {
                        Holds::Circumstance
                    }
                    // A qualifying place the fact has none of is not against it.
                    Holds::Absent
                        if fact.place.is_none()
                            && !fact.objects.iter().any(|&o| {
                                matches!(ds.entity(o).kind, EntityKind::Place | EntityKind::Country)
                            })
                            && links.is_qualifier(e) =>
                    {
                        Holds::Named
                    }
                    h => h,
                },
            )
            .collect();
        self.named = named;
        self.named_in_role = named_in_role;
        evidence(ds, links, id, holds, &in_words, self.total)
    }
}

/// The terms (by index in `links.terms`) a folded word holds: its stem
/// is the term's or one of its synonyms'.
fn terms_held(links: &Links, word: &str) -> Box<[u16]> {
    let s = stem(word);
    links
        .terms
        .iter()
        .enumerate()
        .filter(|(_, t)| *s == *t.stem || t.also.iter().any(|a| *a == *s))
        .filter_map(|(i, _)| u16::try_from(i).ok())
        .collect()
}

/// The fact says where something is.
pub fn is_location(ds: &Dataset, fact: &Fact) -> bool {
    ds.predicate(fact.predicate).id.as_ref() == "located-in"
}

/// The entities a fact is about: subject, objects, place, via.
pub fn roles(fact: &Fact) -> impl Iterator<Item = EntityId> + '_ {
    std::iter::once(fact.subject)
        .chain(fact.objects.iter().copied())
        .chain(fact.place)
        .chain(fact.via)
}

/// How the fact holds the entity named, or else one the name may mean
/// ("the UN" for the UN Security Council the fact is about).
fn holds_meant(fact: &Fact, entity: EntityId, named: bool, meant: &[EntityId]) -> Holds {
    match holds(fact, entity, named) {
        own @ (Holds::Absent | Holds::Named) => meant
            .iter()
            .map(|&meant| holds(fact, meant, false))
            .find(|h| h.in_role())
            .unwrap_or(own),
        own => own,
    }
}

fn holds(fact: &Fact, entity: EntityId, named: bool) -> Holds {
    if fact.subject == entity {
        Holds::Subject
    } else if fact.objects.contains(&entity) {
        Holds::Object
    } else if fact.place == Some(entity) || fact.via == Some(entity) {
        Holds::Circumstance
    } else if named {
        Holds::Named
    } else {
        Holds::Absent
    }
}

/// How the fact's date meets the years asked (all of them).
fn year_check(ds: &Dataset, fact: &Fact, years: &[YearAsk]) -> YearCheck {
    if years.is_empty() {
        return YearCheck::NotAsked;
    }
    let still = matches!(fact.status, Some(Status::Ongoing | Status::InForce));
    let Some(date) = &fact.date else {
        // Still true at the time of writing: true after any year asked.
        return if still && years.iter().all(|y| y.bound == YearBound::After) {
            YearCheck::Matches
        } else {
            YearCheck::Undated
        };
    };
    let present = matches!(date.value, DateValue::Present { .. });
    let (from, to) = match date.value {
        DateValue::Range { from, to } => (from, to),
        ref v => match date_year(ds, v) {
            Some(y) => (y, y),
            None if present => (i32::MAX, i32::MAX),
            None => return YearCheck::Undated,
        },
    };
    let ok = years.iter().all(|y| match y.bound {
        YearBound::In if present => false,
        YearBound::In => date_covers_year(ds, &date.value, y.year) || (from..=to).contains(&y.year),
        YearBound::After => to > y.year || (still && from <= y.year),
        YearBound::Before => from < y.year,
        YearBound::By => from <= y.year,
        YearBound::Decade => from <= y.year + 9 && to >= y.year,
    });
    if ok {
        YearCheck::Matches
    } else {
        YearCheck::Conflicts
    }
}

/// The question's whole weight: what a fact answering all of it holds.
pub fn question_weight(links: &Links) -> f32 {
    let entities = links.entities().len() as f32 * ENTITY_WEIGHT;
    let terms: f32 = links.terms.iter().map(|t| t.weight).sum();
    let years = if links.years.is_empty() {
        0.0
    } else {
        YEAR_WEIGHT
    };
    // A country the data has no entity for is named, and no fact holds it.
    let other = if links.other_country.is_some() {
        ENTITY_WEIGHT
    } else {
        0.0
    };
    entities + terms + years + other
}

/// The evidence from how the fact holds the entities and terms.
fn evidence(
    ds: &Dataset,
    links: &Links,
    id: FactId,
    holds: Vec<Holds>,
    in_words: &[bool],
    total: f32,
) -> Evidence {
    let fact = ds.fact(id);
    let entity_credit: f32 = holds
        .iter()
        .map(|h| match h {
            Holds::Absent => 0.0,
            Holds::Named => ENTITY_WEIGHT * NAMED_SHARE,
            _ => ENTITY_WEIGHT,
        })
        .sum();
    let mut term_credit = 0.0;
    let mut action_met = links.actions().next().is_none();
    let mut unmatched_content = 0;
    let mut unmatched_actions = 0;
    for (t, &in_words) in links.terms.iter().zip(in_words) {
        let by_predicate = t
            .predicates
            .iter()
            .filter(|(p, _)| *p == fact.predicate)
            .map(|(_, s)| *s)
            .fold(0.0, f32::max);
        let share = if in_words { 1.0 } else { by_predicate };
        action_met |= !t.predicates.is_empty() && share > 0.0;
        // An action word the fact does not hold counts too, unless the
        // fact is of an action the question names.
        if share == 0.0 && t.class == WordClass::Content {
            unmatched_content += 1;
            unmatched_actions += usize::from(!t.predicates.is_empty());
        }
        term_credit += t.weight * share;
    }
    let year = year_check(ds, fact, &links.years);
    let year_credit = if year == YearCheck::Matches {
        YEAR_WEIGHT
    } else {
        0.0
    };
    let confidence = if total > 0.0 {
        ((entity_credit + term_credit + year_credit) / total).min(1.0)
    } else {
        0.0
    };
    Evidence {
        fact: id,
        holds,
        term_credit,
        action: links.action_strength(fact.predicate),
        action_met,
        worded: in_words.iter().filter(|&&w| w).count(),
        unmatched_content,
        unmatched_actions,
        action_sum: links
            .actions()
            .flat_map(|t| t.predicates.iter())
            .filter(|(p, _)| *p == fact.predicate)
            .map(|(_, s)| *s)
            .sum(),
        year,
        confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ask::link::link;
    use crate::commands::ask::read::read;
    use crate::commands::ask::testing::shipped;

    fn confidence(q: &str, fact: &str) -> f32 {
        let ds = shipped();
        let q = read(q);
        let l = link(&ds, &q);
        let id = ds.fact_by_id(fact).expect("a shipped fact");
        Scorer::new(&ds, &l).score(id).confidence
    }

    #[test]
    fn filler_neither_helps_nor_hurts() {
        let plain = confidence(
            "who designated the taliban in 2003",
            "ru-supreme-court-designates-taliban",
        );
        let casual = confidence(
            "so basically who really designated the taliban in 2003 lol",
            "ru-supreme-court-designates-taliban",
        );
        assert!(plain > 0.9, "{plain}");
        assert_eq!(plain, casual);
    }

    #[test]
    fn an_unknown_word_lowers_confidence_by_its_weight() {
        let with = confidence(
            "who is the taliban's defence minister",
            "russia-kept-embassy-kabul",
        );
        assert!(
            with < crate::commands::ask::THRESHOLD * 0.6,
            "a paraphrased word is not evidence: {with}"
        );
    }

    #[test]
    fn a_possessive_in_the_facts_words_names_the_entity() {
        let ds = shipped();
        let q = read("does the taliban want afghanistan's un seat");
        let l = link(&ds, &q);
        let id = ds
            .fact_by_id("taliban-wants-un-seat")
            .expect("a shipped fact");
        let ev = Scorer::new(&ds, &l).score(id);
        // Afghanistan is only in its words: "Afghanistan's UN seat".
        assert_eq!(ev.holds, [Holds::Subject, Holds::Named, Holds::Object]);
    }

    #[test]
    fn glossary_reads_paraphrase_as_its_meaning() {
        let ds = shipped();
        let f = ds.fact(ds.fact_by_id("russia-kept-embassy-kabul").expect("shipped"));
        let (mut w, mut scratch) = (String::new(), String::new());
        ds.claim_text(f, &mut w, &mut scratch);
        assert!(w.contains(" embassy "), "{w}");
        assert!(!w.contains(" minister "), "{w}");
    }
}
