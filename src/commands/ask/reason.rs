//! One step of reasoning from the facts, never more: the polarity of a
//! yes/no answer, a statement about every foreign state applied to one,
//! a closed list read as "not among them", the order of and years between
//! two dated facts, a count of a fact's objects, a duration from a range,
//! a place that is not the one asked, a description the article gives
//! something else, a number other than the one asked, and which of the
//! things named are on a list.

use crate::commands::describe::{capitalise, date_year, display_name, join_names};
use crate::data::OWN_WORD;
use crate::data::{Dataset, DateValue, EntityId, EntityKind, Fact, FactId, Status};

use super::decision::{Decision, THRESHOLD, Verdict, supports};
use super::link::Links;
use super::read::{Asks, Detail, Question};
use super::score::{Evidence, Holds, is_location};
use crate::data::text::number;

/// Whether a (lower-case) label denies its action ("does not necessarily
/// trust", "show few signs of considering").
pub fn label_denies(label: &str) -> bool {
    label
        .split_whitespace()
        .any(|w| matches!(w, "not" | "no" | "never" | "few"))
}

/// Whether the fact states the negative ("has not recognised", "does not
/// necessarily trust", "failed to bring stability").
fn fact_negative(ds: &Dataset, fact: &Fact) -> bool {
    let label = ds.predicate(fact.predicate).label.to_lowercase();
    let label_negative = label_denies(&label) || label.split_whitespace().any(|w| w == "failed");
    fact.negated != label_negative
}

/// Yes or no from a fact that answers the question: negative facts,
/// negative questions and reversed actions ("did Russia cut ties") each
/// turn the answer over.
pub fn polarity(ds: &Dataset, q: &Question, links: &Links, fact: &Fact) -> Verdict {
    if links.actions().next().is_none() && !links.reversed {
        // "Is Kazan in Russia?": with no action named, the claim is that
        // the things named go together, as they do in the fact.
        let exact = links.mentions.iter().all(|m| m.sim >= 1.0) && links.entities().len() >= 2;
        let core = links.entities().iter().all(|&e| fact.is_about(e));
        // "in": a place it is in, or a list it is on.
        let named = links.entities();
        let place_or_list = (is_location(ds, fact) && named.first() == Some(&fact.subject))
            || (fact.objects.len() >= 2 && named.get(1) == Some(&fact.subject));
        if !(exact && core && place_or_list) {
            return Verdict::Unclear;
        }
    }
    let asks_failure = q
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "fail" | "failed" | "fails" | "failure"));
    let no = fact_negative(ds, fact) ^ (q.negated || asks_failure) ^ links.reversed;
    let label = &ds.predicate(fact.predicate).label;
    if no {
        return if label.contains("necessarily") {
            Verdict::NotNecessarily
        } else {
            Verdict::No
        };
    }
    let asks_intent = q.words.iter().any(|w| {
        [
            "consid", "review", "plan", "propos", "mull", "weigh", "think", "thinking",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    });
    // Not yet done: only when what is asked is that fact's own action.
    let own_action = links.actions().any(|t| {
        t.predicates
            .iter()
            .any(|(p, s)| *p == fact.predicate && *s >= OWN_WORD)
    });
    if matches!(fact.status, Some(Status::UnderReview | Status::Proposed))
        && !asks_intent
        && own_action
    {
        Verdict::NotYet
    } else {
        Verdict::Yes
    }
}

/// "Did X do it to Y": a fact where Y did it to X does not answer. The
/// entity named before the first action word is the one acting, unless
/// the question is passive ("was X designated by Y").
pub fn same_direction(ds: &Dataset, q: &Question, links: &Links, ev: &Evidence) -> bool {
    let fact = ds.fact(ev.fact);
    let Some(action) = links.actions().next() else {
        return true;
    };
    let by = q.words.iter().skip(action.pos).any(|w| w == "by");
    // "Was Pakistan included in ...": passive, unless it reads as active
    // ("Is Russia worried about ...").
    let maybe_passive = q.opens_with_copula() && action.word.ends_with("ed");
    // "Is X a member of Y" reads the predicate from its object's side.
    if reads_from_object(ds, fact, &action.word) {
        return true;
    }
    let before = links
        .mentions
        .iter()
        .find(|m| m.end <= action.pos)
        .map(|m| m.entity);
    let after = links
        .mentions
        .iter()
        .find(|m| m.start > action.pos)
        .map(|m| m.entity);
    let (Some(actor), Some(acted)) = (before, after) else {
        return true;
    };
    // The one acting in the question is acted on in the fact, or the other
    // way round: "Did the Taliban designate Russia?" is not "Russia's
    // Supreme Court designated the Taliban".
    let fits = |actor: EntityId, acted: EntityId| {
        let swapped = fact.objects.contains(&actor) && fact.subject != actor;
        !(swapped || (fact.subject == acted && fact.objects.contains(&actor)))
    };
    if by {
        fits(acted, actor)
    } else {
        fits(actor, acted) || (maybe_passive && fits(acted, actor))
    }
}

/// "Who invited the Taliban?": a fact in which the Taliban acts, or was
/// invited by no one named ("was invited to"), does not name who did it.
pub fn asks_the_agent_of(ds: &Dataset, q: &Question, links: &Links, ev: &Evidence) -> bool {
    if q.asks != Asks::Who {
        return true;
    }
    let Some(action) = links.actions().next() else {
        return true;
    };
    // "Who was the initiative meant to engage?" asks whom: a fact whose
    // words hold the action answers with its objects.
    let whom = links.mentions.first().is_some_and(|m| m.start < action.pos);
    // Who did it is the agent of the action asked (its own words; a
    // synonym names a related action), not of another.
    if ev.action < OWN_WORD && !(whom && ev.unmatched_actions == 0) {
        return false;
    }
    let Some(first) = links.mentions.first() else {
        return true;
    };
    if whom {
        return true;
    }
    let fact = ds.fact(ev.fact);
    let p = ds.predicate(fact.predicate);
    let named = links.entities();
    // "who took part in X": the predicate read from its object's side;
    // the answer is an object the question does not name.
    if reads_from_object(ds, fact, &action.word) {
        return fact.objects.iter().any(|o| !named.contains(o));
    }
    let symmetric = p.inverse.as_deref() == Some(&*p.label);
    let passive = p.label.starts_with("was ") || p.label.starts_with("were ");
    symmetric || (fact.subject != first.entity && !passive)
}

/// Whether the question's action word is the predicate's inverse wording
/// and not its label ("is X a member of", "who took part in X").
fn reads_from_object(ds: &Dataset, fact: &Fact, word: &str) -> bool {
    let p = ds.predicate(fact.predicate);
    let Some(inverse) = p.inverse.as_deref() else {
        return false;
    };
    // By stem ("take part" reads "took part in"), and where both sides
    // share the stem ("has as members", "is a member of"), by the form typed.
    let stem = crate::data::text::stem(word);
    let has = |text: &str, exact: bool| {
        crate::data::text::fold(text).split(' ').any(|w| {
            if exact {
                w == word
            } else {
                crate::data::text::stem(w) == stem
            }
        })
    };
    has(inverse, false) && (!has(&p.label, false) || (has(inverse, true) && !has(&p.label, true)))
}

/// "Which Central Asian countries ...": the members of a group named.
pub fn asks_members(ds: &Dataset, q: &Question, links: &Links) -> Option<Detail> {
    let first = links.mentions.first()?;
    // "which X", or "which countries are the X".
    let before = &q.words[..first.start];
    let which = before
        .last()
        .is_some_and(|w| matches!(w.as_str(), "which" | "what"))
        || (before.len() <= 5
            && before
                .first()
                .is_some_and(|w| matches!(w.as_str(), "which" | "what"))
            && before
                .iter()
                .any(|w| matches!(w.as_str(), "are" | "is" | "were")));
    (which && ds.entity(first.entity).kind == EntityKind::Group).then_some(Detail::Members)
}

/// "Did China recognise the Taliban?" from "no foreign state has
/// recognised the Taliban": a negative fact about a group of states
/// covers any one state.
pub fn every_state(ds: &Dataset, links: &Links, ranked: &[Evidence]) -> Option<Decision> {
    let entities = links.entities();
    let state_named = links.other_country.is_some()
        || entities
            .iter()
            .any(|&e| ds.entity(e).kind == EntityKind::Country);
    if !state_named {
        return None;
    }
    // What the statement must be about: every entity named but the states.
    let about_the_rest = |ev: &Evidence| {
        entities
            .iter()
            .zip(&ev.holds)
            .all(|(&e, h)| h.in_role() || ds.entity(e).kind == EntityKind::Country)
    };
    // Of the action asked most surely of those things: "is China
    // considering recognising them" is not answered by "no state has
    // recognised them".
    let surest = ranked
        .iter()
        .filter(|e| about_the_rest(e))
        .map(|e| e.action_sum)
        .fold(0.0, f32::max);
    let ev = ranked.iter().find(|ev| {
        let fact = ds.fact(ev.fact);
        let subject = ds.entity(fact.subject);
        ev.action_sum >= surest
            && fact.negated
            && ev.confidence >= THRESHOLD * 0.45
            && subject.kind == EntityKind::Group
            && is_every_state(&subject.name)
            && ev.action >= OWN_WORD
            && about_the_rest(ev)
            && ev.holds.contains(&Holds::Object)
    })?;
    Some(Decision::YesNo {
        verdict: Verdict::No,
        fact: ev.fact,
        because: Some("The article says this of every foreign state.".to_string()),
    })
}

/// A group named for all states ("foreign states", "other countries").
fn is_every_state(name: &str) -> bool {
    let last = name.split_whitespace().last().unwrap_or("").to_lowercase();
    matches!(last.as_str(), "states" | "countries" | "nations")
        && !name.contains(|c: char| c.is_uppercase())
}

/// "Is Iran a member of the CSTO?" from the CSTO's listed members: no,
/// when the list is of entities of Iran's kind, Iran is not on it, and
/// no other fact ties Iran to the CSTO.
pub fn closed_list(ds: &Dataset, links: &Links, ranked: &[Evidence]) -> Option<Decision> {
    let entities = links.entities();
    if entities.len() != 2 {
        return None;
    }
    // "Is China in the CSTO?" names no action: a list is what it asks.
    let no_action = links.actions().next().is_none();
    for ev in ranked.iter().filter(|e| e.action >= OWN_WORD || no_action) {
        let fact = ds.fact(ev.fact);
        if fact.objects.len() < 2 || fact.negated {
            continue;
        }
        let (holder, asked) = match (ev.holds[0], ev.holds[1]) {
            (Holds::Subject, Holds::Absent | Holds::Named) => (entities[0], entities[1]),
            (Holds::Absent | Holds::Named, Holds::Subject) => (entities[1], entities[0]),
            _ => continue,
        };
        let kind = ds.entity(asked).kind;
        if fact.subject != holder || fact.objects.iter().any(|&o| ds.entity(o).kind != kind) {
            continue;
        }
        if shares_a_fact(ds, asked, holder) {
            return None;
        }
        let name = display_name(ds, asked);
        return Some(Decision::YesNo {
            verdict: Verdict::No,
            fact: ev.fact,
            because: Some(format!(
                "{} is not among them in the article.",
                capitalise(name)
            )),
        });
    }
    None
}

/// "Is the EAEU a military alliance?": no, when the article describes it
/// as something else and gives that description to another thing ("the
/// CSTO, a military alliance"). A description it gives nothing else is
/// not read as a contrast: the article may simply not say.
pub fn other_kind(
    ds: &Dataset,
    q: &Question,
    links: &Links,
    ranked: &[Evidence],
) -> Option<Decision> {
    let copula = q.opens_with_copula();
    let [entity] = links.entities()[..] else {
        return None;
    };
    let content = links
        .terms
        .iter()
        .filter(|t| t.class == crate::data::text::WordClass::Content)
        .count();
    if !copula || content == 0 || q.negated {
        return None;
    }
    let describes = |ev: &Evidence| {
        let fact = ds.fact(ev.fact);
        fact.objects.is_empty() && ds.predicate(fact.predicate).label.contains("described as")
    };
    let own = ranked.iter().find(|ev| {
        describes(ev) && ds.fact(ev.fact).subject == entity && ev.unmatched_content == content
    })?;
    ranked.iter().find(|ev| {
        describes(ev)
            && ds.fact(ev.fact).subject != entity
            && ev.unmatched_content == 0
            && !ev.holds.iter().any(|h| h.in_role())
    })?;
    Some(Decision::YesNo {
        verdict: Verdict::No,
        fact: own.fact,
        because: None,
    })
}

/// Whether a predicate lists members or participants ("members" is one
/// of its own words).
pub fn of_members(ds: &Dataset, predicate: crate::data::PredicateId) -> bool {
    ds.predicates_for("member")
        .iter()
        .any(|&(p, s)| p == predicate && s >= OWN_WORD)
}

/// "Which of these is in the CSTO: China, Kazakhstan or Iran?": those
/// named that are on the list of members, or of the action asked, the
/// article gives (asked "not in", those that are not). "Was any of China, Iran or Pakistan a CSTO
/// member?" is a yes or no from the same list. A thing named that the
/// facts tie to the list's holder some other way leaves it unsure.
pub fn among(ds: &Dataset, q: &Question, links: &Links, ranked: &[Evidence]) -> Option<Decision> {
    if !q.words.iter().any(|w| w == "which" || w == "any") {
        return None;
    }
    let entities = links.entities();
    if entities.len() < 2 {
        return None;
    }
    for ev in ranked {
        let fact = ds.fact(ev.fact);
        // A list of members, or of the action asked ("which of Kazakhstan
        // and Uzbekistan did the Taliban try to take over").
        if fact.negated
            || fact.objects.len() < 2
            || !entities.contains(&fact.subject)
            || !(of_members(ds, fact.predicate) || ev.action >= OWN_WORD)
        {
            continue;
        }
        let kind = ds.entity(fact.objects[0]).kind;
        if fact.objects.iter().any(|&o| ds.entity(o).kind != kind) {
            continue;
        }
        let mut candidates: Vec<EntityId> = entities
            .iter()
            .copied()
            .filter(|&e| e != fact.subject && ds.entity(e).kind == kind)
            .collect();
        // "the countries the Taliban wanted to take over": the things a
        // fact about another thing named lists.
        let mut from = None;
        if candidates.len() < 2 {
            let Some(other) = ranked.iter().find(|o| {
                let f = ds.fact(o.fact);
                o.fact != ev.fact
                    && !f.negated
                    && f.subject != fact.subject
                    && entities.contains(&f.subject)
                    && o.action_met
                    && f.objects.len() >= 2
                    && f.objects.iter().all(|&x| ds.entity(x).kind == kind)
            }) else {
                continue;
            };
            candidates = ds.fact(other.fact).objects.clone();
            from = Some(other.fact);
        }
        let on = |c: &EntityId| fact.objects.contains(c);
        if candidates
            .iter()
            .filter(|c| !on(c))
            .any(|&c| shares_a_fact(ds, c, fact.subject))
        {
            return None;
        }
        if q.asks == Asks::YesNo {
            let listed: Vec<&str> = candidates
                .iter()
                .filter(|c| on(c))
                .map(|&c| display_name(ds, c))
                .collect();
            let named: Vec<&str> = candidates.iter().map(|&c| display_name(ds, c)).collect();
            let (verdict, because) = if listed.is_empty() {
                (
                    Verdict::No,
                    format!(
                        "None of {} is among them in the article.",
                        join_names(&named)
                    ),
                )
            } else {
                (
                    Verdict::Yes,
                    format!(
                        "{} {} among them in the article.",
                        capitalise(&join_names(&listed)),
                        if listed.len() == 1 { "is" } else { "are" }
                    ),
                )
            };
            return Some(Decision::YesNo {
                verdict: if q.negated { flip(verdict) } else { verdict },
                fact: ev.fact,
                because: Some(because),
            });
        }
        let chosen = candidates
            .into_iter()
            .filter(|c| on(c) != q.negated)
            .collect();
        return Some(Decision::Among {
            fact: ev.fact,
            chosen,
            not_in: q.negated,
            from,
        });
    }
    None
}

fn flip(v: Verdict) -> Verdict {
    match v {
        Verdict::Yes => Verdict::No,
        Verdict::No => Verdict::Yes,
        other => other,
    }
}

fn shares_a_fact(ds: &Dataset, a: EntityId, b: EntityId) -> bool {
    let (fa, fb) = (ds.facts_of_entity(a), ds.facts_of_entity(b));
    fa.iter().any(|f| fb.binary_search(f).is_ok())
}

/// "Is Crocus City Hall in Kazan?": a fact that places it elsewhere.
pub fn other_place(
    ds: &Dataset,
    q: &Question,
    links: &Links,
    ranked: &[Evidence],
) -> Option<Decision> {
    let entities = links.entities();
    // Only a question that puts something "in" or "at" a place.
    let last = links.mentions.last()?;
    if last.start == 0 || !matches!(q.words[last.start - 1].as_str(), "in" | "at") {
        return None;
    }
    let ev = ranked.iter().find(|ev| {
        let fact = ds.fact(ev.fact);
        let named_place = entities.last().copied();
        let elsewhere = fact.place.is_some() && fact.place != named_place;
        (is_location(ds, fact) || elsewhere)
            && (ev.action >= OWN_WORD || links.actions().next().is_none())
            && ev.holds.first() == Some(&Holds::Subject)
            && entities.len() == 2
            && ev.holds.get(1).is_some_and(|h| !h.in_role())
            && matches!(
                ds.entity(entities[1]).kind,
                EntityKind::Place | EntityKind::Country
            )
    })?;
    Some(Decision::YesNo {
        verdict: Verdict::No,
        fact: ev.fact,
        because: None,
    })
}

/// The fact names a person in one of its roles.
pub fn names_a_person(ds: &Dataset, fact: &Fact) -> bool {
    std::iter::once(fact.subject)
        .chain(fact.objects.iter().copied())
        .any(|e| ds.entity(e).kind == EntityKind::Person)
}

/// Whether the fact names someone who acts, other than those asked
/// about: a person, organisation, state, court, alliance or group.
pub fn names_an_agent(ds: &Dataset, links: &Links, fact: &Fact) -> bool {
    let named = links.entities();
    std::iter::once(fact.subject)
        .chain(fact.objects.iter().copied())
        .filter(|e| !named.contains(e))
        .any(|e| {
            matches!(
                ds.entity(e).kind,
                EntityKind::Person
                    | EntityKind::Organisation
                    | EntityKind::Country
                    | EntityKind::Court
                    | EntityKind::Alliance
                    | EntityKind::Group
            )
        })
}

/// How many objects the answering fact lists: the count asked for, when
/// the question asks about the fact's subject.
pub fn count(ds: &Dataset, links: &Links, ev: &Evidence) -> Option<usize> {
    let fact = ds.fact(ev.fact);
    let asked = links.entities();
    let about_subject = asked.is_empty() || asked.contains(&fact.subject);
    if !about_subject || fact.negated {
        return None;
    }
    // "not counting Armenia": what is set aside is not counted.
    let counted = fact
        .objects
        .iter()
        .filter(|o| !links.excluded.contains(o))
        .count();
    if fact.objects.len() >= 2 {
        return Some(counted);
    }
    // "five post-Soviet states": a number the fact's words give, which
    // says nothing of whether what is set aside is among them.
    if !links.excluded.is_empty() {
        return None;
    }
    let first = fact.object_text.as_deref()?.split_whitespace().next()?;
    number(&first.to_lowercase())
}

/// "Does the EAEU have six members?": no, when the fact that answers all
/// but the number gives another in its object ("five post-Soviet
/// states"); of a list of things, the things it names, counted.
pub fn other_number(ds: &Dataset, links: &Links, ranked: &[Evidence]) -> Option<Decision> {
    let mut numbers = links.terms.iter().filter_map(|t| number(&t.word));
    let (Some(asked), None) = (numbers.next(), numbers.next()) else {
        return None;
    };
    let ev = ranked.iter().find(|ev| {
        ev.action >= OWN_WORD
            && !ev.holds.is_empty()
            && ev.all_in_role()
            && ev.unmatched_content == 1
            && !ds.fact(ev.fact).negated
    })?;
    let fact = ds.fact(ev.fact);
    // "Does the CSTO have six members?": the article names five; what it
    // names is the answer, not a yes or no about a whole it may not list.
    if fact.objects.len() >= 2 {
        return Some(Decision::Count {
            fact: ev.fact,
            count: fact.objects.len(),
        });
    }
    let given = fact
        .object_text
        .as_deref()?
        .split_whitespace()
        .find_map(|w| number(&w.to_lowercase()))?;
    (given != asked).then_some(Decision::YesNo {
        verdict: Verdict::No,
        fact: ev.fact,
        because: None,
    })
}

/// Years a dated range lasted.
pub fn duration(fact: &Fact) -> Option<i32> {
    match fact.date.as_ref()?.value {
        DateValue::Range { from, to } => Some(to - from),
        _ => None,
    }
}

/// "By 2023, how many years had the Taliban been on Russia's terror
/// list?": from the year of the best dated fact that answers to the year
/// asked.
fn since(ds: &Dataset, asked: super::read::YearAsk, ranked: &[Evidence]) -> Option<Decision> {
    let ev = ranked.iter().find(|e| {
        supports(e)
            && ds.fact(e.fact).date.as_ref().is_some_and(|d| {
                matches!(
                    d.value,
                    DateValue::Year { .. } | DateValue::Month { .. } | DateValue::Day { .. }
                )
            })
    })?;
    let from = date_year(ds, &ds.fact(ev.fact).date.as_ref()?.value)?;
    let years = asked.year - from;
    (years >= 0).then_some(Decision::Since {
        fact: ev.fact,
        year: asked.year,
        years,
    })
}

/// Countries, people and groups act in many dated facts; documents and
/// events have dates of their own.
fn acts_often(ds: &Dataset, e: EntityId) -> bool {
    matches!(
        ds.entity(e).kind,
        EntityKind::Country | EntityKind::Person | EntityKind::Group
    )
}

/// Which of the entities named are the two things compared: of more
/// than two, on each side of "or", "before", "after" or "than", the first
/// named with dates of its own, else the first named ("putin's decree on
/// the UN resolution ... before or after the CSTO was formed": the decree
/// and the CSTO; "... after Russia started the Moscow format talks": the
/// talks). Indexes into `entities`.
fn compared(ds: &Dataset, q: &Question, links: &Links, entities: &[EntityId]) -> Vec<usize> {
    let all: Vec<usize> = (0..entities.len()).collect();
    let first_start = links.mentions.iter().map(|m| m.start).min();
    let split = q.words.iter().enumerate().position(|(i, w)| {
        first_start.is_some_and(|s| i > s)
            && matches!(w.as_str(), "or" | "before" | "after" | "than")
    });
    let (true, Some(split)) = (entities.len() > 2, split) else {
        return all;
    };
    let first_on = |before: bool| {
        links
            .mentions
            .iter()
            .filter(|m| (m.end <= split) == before)
            .min_by_key(|m| (acts_often(ds, m.entity), m.start))
            .and_then(|m| entities.iter().position(|&e| e == m.entity))
    };
    match (first_on(true), first_on(false)) {
        (Some(a), Some(b)) if a != b => vec![a, b],
        _ => all,
    }
}

/// Order and years between: the best dated fact for each of the two
/// things the question names (entities, or else its best two dated facts).
pub fn dates(ds: &Dataset, q: &Question, links: &Links, ranked: &[Evidence]) -> Option<Decision> {
    if let (Asks::YearsBetween, [asked]) = (q.asks, links.years.as_slice())
        && asked.bound == super::read::YearBound::By
    {
        return since(ds, *asked, ranked);
    }
    let dated = |ev: &&Evidence| {
        ds.fact(ev.fact)
            .date
            .as_ref()
            .is_some_and(|d| date_year(ds, &d.value).is_some())
    };
    let entities = links.entities();
    let mut picked: Vec<(FactId, usize)> = Vec::new();
    // Each entity's best dated fact about it, in the order named, those
    // that act often last ("the UN resolution against the Taliban or the
    // Soviet-Afghan war").
    let mut order = compared(ds, q, links, &entities);
    order.sort_by_key(|&i| acts_often(ds, entities[i]));
    for i in order {
        let first_pos = links
            .mentions
            .iter()
            .filter(|m| m.entity == entities[i])
            .map(|m| m.start)
            .min()
            .unwrap_or(0);
        let free =
            |ev: &&Evidence| ev.holds[i].in_role() && picked.iter().all(|(f, _)| *f != ev.fact);
        // A fact about it alone dates it best: "Putin's order implementing
        // Resolution 1267" dates the order, not the resolution.
        let alone = |ev: &&Evidence| {
            ev.holds
                .iter()
                .enumerate()
                .all(|(j, h)| j == i || !h.in_role())
        };
        if let Some(ev) = ranked
            .iter()
            .filter(dated)
            .filter(free)
            .find(alone)
            .or_else(|| ranked.iter().filter(dated).find(free))
        {
            picked.push((ev.fact, first_pos));
        }
        if picked.len() == 2 {
            break;
        }
    }
    if picked.len() < 2 && entities.len() < 2 {
        for ev in ranked
            .iter()
            .filter(dated)
            .filter(|e| e.confidence >= THRESHOLD / 2.0)
        {
            if picked.iter().all(|(f, _)| *f != ev.fact) {
                picked.push((ev.fact, usize::MAX));
            }
            if picked.len() == 2 {
                break;
            }
        }
    }
    let [(a, named_a), (b, named_b)] = picked.as_slice() else {
        return None;
    };
    // "the end of the war": a range's last year.
    let end = q
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "end" | "ended" | "ending" | "finished" | "over"));
    let (a_later, ya, yb) = later(ds, *a, *b, end)?;
    let (earlier, later) = if a_later { (*b, *a) } else { (*a, *b) };
    Some(Decision::Dates {
        earlier,
        later,
        asks: q.asks,
        years: (ya - yb).abs(),
        // Which the question named first (entities are picked by kind).
        swapped: if a_later {
            named_a <= named_b
        } else {
            named_b < named_a
        },
    })
}

/// Whether fact `a` came after fact `b`, with their years (a range's last
/// year when `end`): by a date relative to the other, or to a fact of the
/// same year about the same thing ("a few months after" Resolution 1267),
/// else by year. `None` when either is undated or a year cannot tell.
pub fn later(ds: &Dataset, a: FactId, b: FactId, end: bool) -> Option<(bool, i32, i32)> {
    let year = |f: FactId| match ds.fact(f).date.as_ref().map(|d| &d.value) {
        Some(DateValue::Range { to, .. }) if end => Some(*to),
        Some(v) => date_year(ds, v),
        None => None,
    };
    let (ya, yb) = (year(a)?, year(b)?);
    // A date relative to the other fact orders them even within a year.
    // Dated relative to the other fact, or to a fact of the same year
    // about the same thing ("a few months after" Resolution 1267).
    let same_event = |anchor: FactId, other: FactId| {
        let absolute = matches!(
            ds.fact(other).date.as_ref().map(|d| &d.value),
            Some(DateValue::Year { .. } | DateValue::Month { .. } | DateValue::Day { .. })
        );
        anchor == other
            || (absolute && year(anchor) == year(other) && {
                let (x, y) = (ds.fact(anchor), ds.fact(other));
                super::score::roles(x).any(|e| {
                    ds.entity(e).kind != EntityKind::Country
                        && super::score::roles(y).any(|o| o == e)
                })
            })
    };
    let relative = |f: FactId, other: FactId| match ds.fact(f).date.as_ref().map(|d| &d.value) {
        Some(DateValue::After { fact }) if same_event(*fact, other) => Some(true),
        Some(DateValue::Before { fact }) if same_event(*fact, other) => Some(false),
        _ => None,
    };
    let a_later = relative(a, b)
        .or(relative(b, a).map(|x| !x))
        .unwrap_or(ya > yb);
    if ya == yb && relative(a, b).is_none() && relative(b, a).is_none() {
        return None;
    }
    Some((a_later, ya, yb))
}
