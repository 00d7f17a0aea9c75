//! Stage 5, *decide*: answer, partial answer, or refusal. A fact answers
//! only when it holds at least [`THRESHOLD`] of the question's weight,
//! every entity named is one it is about or names, and no year asked
//! contradicts its date. One step of reasoning is allowed ([`reason`]):
//! yes or no with polarity, statements about every foreign state,
//! closed lists, order and years between dated facts, counts. Never more:
//! when the question wants a detail (a date, a reason, a number, a name,
//! a length) that the answering fact lacks, the decision says so rather
//! than answer with something else.
//!
//! [`reason`]: super::reason

use crate::data::OWN_WORD;
use crate::data::{Dataset, FactId};

use super::decision::{Decision, THRESHOLD, Verdict, supports};
use super::link::Links;
use super::read::{Asks, Detail, Question};
use super::reason;
use super::score::{Evidence, Holds, YearCheck, is_location};

/// A fact this close to the question may be shown as what the article
/// does say about the thing asked, under a refusal.
const NEAR: f32 = 0.4;
/// Confidences this close are a tie.
const TIE: f32 = 0.01;
/// Most facts one answer gives, when they are alike.
const MAX_ANSWER_FACTS: usize = 4;
/// Facts within this much confidence of the best are tried for a detail
/// the best one lacks (a date for "when").
const DETAIL_MARGIN: f32 = 0.15;

/// Decides from the scored facts (best first).
pub fn decide(ds: &Dataset, q: &Question, links: &Links, ranked: &[Evidence]) -> Decision {
    if matches!(q.asks, Asks::Order | Asks::YearsBetween) {
        // Order needs two dates; without them the article doesn't say.
        return reason::dates(ds, q, links, ranked).unwrap_or(Decision::Refuse { near: None });
    }
    // "Which of these is in the CSTO: China, Kazakhstan or Iran?"
    if let Some(d) = reason::among(ds, q, links, ranked) {
        return d;
    }
    // A country the data has no entity for: no fact is about it (only a
    // statement about every foreign state covers it, in `yes_no`).
    let supported: Vec<&Evidence> = ranked
        .iter()
        .filter(|e| supports(e) && links.other_country.is_none())
        .filter(|e| reason::asks_the_agent_of(ds, q, links, e))
        .collect();
    if q.asks == Asks::YesNo {
        // "Did Putin sign his order before Resolution 1267 was adopted?"
        let relative = links.years.is_empty()
            && links.entities().len() >= 2
            && q.words.iter().enumerate().any(|(i, w)| {
                (w == "before" || w == "after")
                    && links.mentions.iter().any(|m| {
                        (m.start == i + 1 || (m.start == i + 2 && q.words[i + 1] == "the"))
                            && matches!(
                                ds.entity(m.entity).kind,
                                crate::data::EntityKind::Document | crate::data::EntityKind::Event
                            )
                    })
            });
        if relative {
            // The claim is about order; without two dates it cannot be checked.
            return reason::dates(ds, q, links, ranked).unwrap_or_else(|| refuse(ds, q, ranked));
        }
        return yes_no(ds, q, links, ranked, &supported);
    }
    let Some(best) = supported.first() else {
        return refuse(ds, q, ranked);
    };
    let fact = ds.fact(best.fact);
    match q.asks {
        // The first answering fact that gives a count.
        Asks::HowMany => match supported
            .iter()
            .find_map(|e| reason::count(ds, links, e).map(|c| (e.fact, c)))
        {
            Some((fact, count)) => Decision::Count { fact, count },
            None => Decision::Partial {
                missing: Detail::Number,
                fact: best.fact,
            },
        },
        Asks::HowLong => match reason::duration(fact) {
            Some(years) => Decision::Duration {
                fact: best.fact,
                years,
            },
            None => Decision::Partial {
                missing: Detail::Length,
                fact: best.fact,
            },
        },
        _ => match q.detail.or_else(|| reason::asks_members(ds, q, links)) {
            Some(detail) => with_detail(ds, q, links, detail, &supported),
            // A second fact joins only when it is of the same action; as
            // many as [`MAX_ANSWER_FACTS`] when each says as much of the
            // same thing ("what does the Taliban want": all it wants).
            None => {
                let same = |e: &&&Evidence| ds.fact(e.fact).predicate == fact.predicate;
                let alike = |e: &&&Evidence| {
                    same(e)
                        && ds.fact(e.fact).subject == fact.subject
                        && e.confidence >= best.confidence - TIE
                };
                let all_alike = supported.iter().filter(alike).count() > 2;
                Decision::Answer(if all_alike {
                    supported
                        .iter()
                        .filter(alike)
                        .take(MAX_ANSWER_FACTS)
                        .map(|e| e.fact)
                        .collect()
                } else {
                    supported
                        .iter()
                        .take(2)
                        .filter(same)
                        .map(|e| e.fact)
                        .collect()
                })
            }
        },
    }
}

/// The best supported fact that carries the detail asked for, or a
/// partial answer from the best one.
fn with_detail(
    ds: &Dataset,
    q: &Question,
    links: &Links,
    detail: Detail,
    supported: &[&Evidence],
) -> Decision {
    let best = supported[0];
    // "Who was the initiative meant to engage?": the fact's words hold an
    // action the question names by one of its own words.
    let own_action = links
        .actions()
        .any(|t| t.predicates.iter().any(|(_, s)| *s >= 1.0));
    let holds_own_action = |e: &Evidence| own_action && e.unmatched_actions == 0;
    let carries = |e: &Evidence| {
        let id = e.fact;
        let f = ds.fact(id);
        match detail {
            Detail::Date => f.date.is_some(),
            Detail::Month => f.date.as_ref().is_some_and(|d| {
                matches!(
                    d.value,
                    crate::data::DateValue::Day { .. }
                        | crate::data::DateValue::Month { .. }
                        | crate::data::DateValue::Present { month: Some(_) }
                )
            }),
            Detail::Day => f
                .date
                .as_ref()
                .is_some_and(|d| matches!(d.value, crate::data::DateValue::Day { .. })),
            Detail::Reason => f.reason.is_some(),
            // "where was it republished from": the action's object.
            Detail::Place => {
                f.place.is_some() || is_location(ds, f) || (e.action > 0.0 && !f.objects.is_empty())
            }
            // "Who was behind the attack?": a group or a state answers who
            // did an action as well as a person; "who is Russia's foreign
            // minister" and "what is he called" want a person.
            // (The action must be one of its own words, not a word of one
            // of its phrases: "minister" of "register a minister".)
            Detail::Name if q.asks == Asks::Who && (e.action >= 1.0 || holds_own_action(e)) => {
                reason::names_an_agent(ds, links, f)
            }
            Detail::Name => reason::names_a_person(ds, f),
            // Of a predicate of members or participants ("members" means it).
            Detail::Members => {
                Some(f.subject) == links.mentions.first().map(|m| m.entity)
                    && reason::of_members(ds, f.predicate)
            }
            Detail::Number | Detail::Length => false,
        }
    };
    let with: Vec<FactId> = supported
        .iter()
        // A less sure fact of another action is not the answer: "why does
        // being taken off the list matter" is not answered by why it was
        // put on it.
        .filter(|e| {
            e.confidence >= best.confidence - DETAIL_MARGIN
                && carries(e)
                && (e.confidence >= best.confidence - TIE
                    || ds.fact(e.fact).predicate == ds.fact(best.fact).predicate)
        })
        .map(|e| e.fact)
        .take(2)
        .collect();
    if with.is_empty() {
        Decision::Partial {
            missing: detail,
            fact: best.fact,
        }
    } else {
        Decision::Answer(with)
    }
}

fn yes_no(
    ds: &Dataset,
    q: &Question,
    links: &Links,
    ranked: &[Evidence],
    supported: &[&Evidence],
) -> Decision {
    // The facts of the action the question names most surely.
    let best_action = ranked.iter().map(|e| e.action_sum).fold(0.0, f32::max);
    // "Is the Taliban ...": a claim about the thing named first.
    let copula = q.opens_with_copula() && links.mentions.first().is_some_and(|m| m.start <= 2);
    // Yes or no needs a fact about what the claim is about (its first
    // entity acting; the others at least named), acting as asked.
    let fitting: Vec<&&Evidence> = supported
        .iter()
        .filter(|e| {
            e.holds.first().is_none_or(|h| h.in_role()) && reason::same_direction(ds, q, links, e)
        })
        // A yes or no states the whole claim: every content word is in it
        // (an action word aside, for a fact of the surest action asked).
        // "Is the Taliban a military alliance?" is a claim about what the
        // Taliban is: a fact about it only as another's ally lacks half.
        .filter(|e| {
            e.unmatched_content == 0
                || (e.action_sum >= best_action
                    && e.unmatched_content == e.unmatched_actions
                    && !(copula && e.holds.first() != Some(&Holds::Subject)))
        })
        .collect();
    // A fact of the action asked beats one that only has its words; and
    // where a fact of that action about the same thing does not fit ("was
    // the Taliban invited to a forum in China": it was, in Kazan), one that
    // only has its words does not answer either ("did Russia invite the
    // Taliban": the invitation's fact names no one inviting).
    let of_action = |e: &Evidence| e.action >= OWN_WORD;
    let fitting: Vec<&&Evidence> = if fitting.iter().any(|e| of_action(e)) {
        fitting.into_iter().filter(|e| of_action(e)).collect()
    } else if ranked
        .iter()
        .any(|e| of_action(e) && e.holds.iter().any(|h| h.in_role()))
    {
        Vec::new()
    } else {
        fitting
    };
    // Of the facts that answer as well, the one the action words point at
    // most specifically ("on the list of terrorists": designated).
    let top = fitting.first().map_or(0.0, |e| e.confidence);
    if let Some(best) = fitting
        .iter()
        .filter(|e| e.confidence >= top - TIE)
        .reduce(|a, b| if b.action_sum > a.action_sum { b } else { a })
    {
        let verdict = reason::polarity(ds, q, links, ds.fact(best.fact));
        // "Is the CSTO an economic union?": a fact that only names both
        // says less than the description the article gives another thing.
        if verdict == Verdict::Unclear
            && let Some(d) = reason::other_kind(ds, q, links, ranked)
        {
            return d;
        }
        return Decision::YesNo {
            verdict,
            fact: best.fact,
            because: None,
        };
    }
    if let Some(d) = reason::every_state(ds, links, ranked) {
        return d;
    }
    if let Some(d) = reason::closed_list(ds, links, ranked) {
        return d;
    }
    if let Some(d) = reason::other_kind(ds, q, links, ranked) {
        return d;
    }
    if let Some(d) = reason::other_number(ds, links, ranked) {
        return d;
    }
    // "Was the CSTO formed in 2003?": the fact that answers all but the
    // year is dated otherwise.
    if let Some(e) = ranked.iter().find(|e| {
        e.year == YearCheck::Conflicts
            && ds
                .fact(e.fact)
                .date
                .as_ref()
                .is_some_and(|d| !matches!(d.value, crate::data::DateValue::Present { .. }))
            && e.confidence >= THRESHOLD * other_year_share(links)
            // What the claim is about acts or is acted on; a place may be
            // where ("fighting in Afghanistan").
            && e.holds.iter().all(|h| h.in_role())
            && e.holds
                .first()
                .is_some_and(|h| matches!(h, Holds::Subject | Holds::Object))
            && e.action > 0.0
    }) {
        return Decision::OtherYear { fact: e.fact };
    }
    if let Some(d) = reason::other_place(ds, q, links, ranked) {
        return d;
    }
    refuse(ds, q, ranked)
}

/// The share of [`THRESHOLD`] a fact whose date conflicts must reach:
/// the year's own weight is what it cannot earn.
fn other_year_share(links: &Links) -> f32 {
    if links.years.is_empty() { 1.0 } else { 0.8 }
}

/// A refusal, with what the article does say about the thing asked when
/// a fact about every entity named comes close.
fn refuse(_ds: &Dataset, _q: &Question, ranked: &[Evidence]) -> Decision {
    let about_all = |e: &&Evidence| {
        e.confidence >= NEAR
            && !e.holds.is_empty()
            && e.all_in_role()
            && e.term_credit > 0.0
            && e.year != YearCheck::Conflicts
    };
    // "Did the Taliban carry out the Crocus attack?": the same action on
    // the same thing, by someone else, is what the article does say.
    let by_another = |e: &&Evidence| {
        e.action >= OWN_WORD
            && e.holds.len() >= 2
            && !e.holds[0].in_role()
            && e.holds[1..].iter().all(|h| h.in_role())
    };
    let near = ranked
        .iter()
        .find(about_all)
        .or_else(|| ranked.iter().find(by_another))
        .map(|e| e.fact);
    Decision::Refuse { near }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ask::testing::shipped;
    use crate::commands::ask::{link, read};

    /// The decision for `question`, its candidates ranked as `/ask` ranks them.
    fn decision(ds: &Dataset, question: &str) -> Decision {
        let q = read::read(question);
        let links = link::link(ds, &q);
        decide(ds, &q, &links, &crate::commands::ask::rank(ds, &q, &links))
    }

    fn fact(ds: &Dataset, id: &str) -> FactId {
        ds.fact_by_id(id).expect("a shipped fact")
    }

    #[test]
    fn who_did_an_action_is_answered_by_a_group_and_who_holds_a_post_by_a_person() {
        let ds = shipped();
        assert_eq!(
            decision(&ds, "who was behind the crocus attack"),
            Decision::Answer(vec![fact(&ds, "isis-k-attacked-crocus")])
        );
        // "minister" is only a word of one of an action's phrases.
        assert!(matches!(
            decision(&ds, "Who is Russia's foreign minister?"),
            Decision::Partial {
                missing: Detail::Name,
                ..
            } | Decision::Refuse { .. }
        ));
    }

    #[test]
    fn a_description_the_article_gives_another_thing_is_a_no() {
        let ds = shipped();
        for (question, described) in [
            ("Is the EAEU a military alliance?", "eaeu-economic-union"),
            ("Is the CSTO an economic union?", "csto-military-alliance"),
        ] {
            assert_eq!(
                decision(&ds, question),
                Decision::YesNo {
                    verdict: Verdict::No,
                    fact: fact(&ds, described),
                    because: None,
                },
                "{question}"
            );
        }
        // Its own description is no contrast.
        assert!(!matches!(
            decision(&ds, "Is the CSTO a military alliance?"),
            Decision::YesNo {
                verdict: Verdict::No,
                ..
            }
        ));
    }

    #[test]
    fn which_of_the_things_named_are_on_a_list() {
        let ds = shipped();
        let entity = |id: &str| ds.entity_by_id(id).expect("a shipped entity");
        assert_eq!(
            decision(
                &ds,
                "Which of these is in the CSTO: China, Kazakhstan or Iran?"
            ),
            Decision::Among {
                fact: fact(&ds, "csto-members"),
                chosen: vec![entity("kazakhstan")],
                not_in: false,
                from: None,
            }
        );
        assert!(matches!(
            decision(&ds, "which countries the taliban wanted to grab are not in the csto"),
            Decision::Among { chosen, not_in: true, from: Some(_), .. }
                if chosen == vec![entity("uzbekistan")]
        ));
        // A list with a group on it ("the Central Asian states") may hold
        // any of them: no answer from it.
        assert!(!matches!(
            decision(&ds, "which of the moscow format countries are in the csto"),
            Decision::Among { .. }
        ));
    }
}
