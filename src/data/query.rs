//! Questions the dataset answers directly: designations, timelines and
//! entity profiles. Pure functions over `&Dataset`; no IO.
//!
//! # Date order
//! Every fact gets a place on one timeline, computed once (`DateIndex`):
//! - absolute dates by their start: a year sorts before the months and days
//!   of that year, a month before its days, a range (1979–1989) at its first
//!   year, "around 2000" at 2000;
//! - a fact dated `after` another comes right after it, one dated `before`
//!   right before it; chains follow ("after B, which is after A": A, B, C),
//!   several facts relative to one anchor keep their data order;
//! - the article's present comes last: those with a month by month, then
//!   those without;
//! - equal dates keep data order. Undated facts, and facts relative to an
//!   undated fact or to a cycle, have no place (designations and profiles
//!   list them last, in data order; timelines leave them out).
//!
//! # Year filters
//! A fact's *effective years* are its year, its range, or, for a relative
//! date, its anchor's. A year filter keeps a fact whose effective years
//! overlap the bounds. The present has no year: it is taken to be no
//! earlier than the latest year its source dates, so a `to` bound before
//! that year excludes it; a `from` bound never does.

use super::dataset::Dataset;
use super::index::{ROLE_OBJECT, ROLE_SUBJECT};
use super::model::{EntityId, FactId, PredicateId};

/// Filter for [`designations`]: either side may be left open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesignationFilter {
    pub designator: Option<EntityId>,
    pub target: Option<EntityId>,
}

/// Facts whose predicate is a designation (designated, sanctioned, listed,
/// considering removal, ...), with the designator as subject and the
/// target among the objects, in date order (undated last, in data order).
pub fn designations(ds: &Dataset, filter: &DesignationFilter) -> Vec<FactId> {
    let index = &ds.index;
    let candidates: Vec<u32> = match (filter.designator, filter.target) {
        (Some(e), _) => with_role(ds, e, ROLE_SUBJECT),
        (None, Some(e)) => with_role(ds, e, ROLE_OBJECT),
        (None, None) => {
            let mut all: Vec<u32> = ds
                .predicates
                .iter()
                .enumerate()
                .filter(|(p, pred)| pred.designation && *p < index.predicate_facts.rows())
                .flat_map(|(p, _)| index.predicate_facts.get(p).iter().copied())
                .collect();
            all.sort_unstable();
            all
        }
    };
    let mut found: Vec<u32> = candidates
        .into_iter()
        .filter(|&f| {
            let fact = ds.fact(FactId(f));
            ds.predicates
                .get(fact.predicate.0 as usize)
                .is_some_and(|p| p.designation)
                && filter.designator.is_none_or(|d| fact.subject == d)
                && filter.target.is_none_or(|t| fact.objects.contains(&t))
        })
        .collect();
    index.dates.sort(&mut found);
    found.into_iter().map(FactId).collect()
}

/// The facts where `entity` has `role` (sorted by index).
fn with_role(ds: &Dataset, entity: EntityId, role: u8) -> Vec<u32> {
    let (facts, roles) = ds.index.facts_of(entity);
    facts
        .iter()
        .zip(roles)
        .filter(|(_, r)| *r & role != 0)
        .map(|(&f, _)| f)
        .collect()
}

/// Filter for [`timeline`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineFilter {
    /// Only facts this entity takes part in (subject, object, place or via).
    pub entity: Option<EntityId>,
    /// Inclusive year bounds; facts dated only relatively are placed by
    /// their anchor's year.
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// Dated facts in date order. Ranges sort by their start, relative dates
/// right after (or before) their anchor fact, the article's present last.
/// See the module docs for how year bounds treat ranges and the present.
pub fn timeline(ds: &Dataset, filter: &TimelineFilter) -> Vec<FactId> {
    let dates = &ds.index.dates;
    let keep = |f: u32| dates.within(f, filter.from, filter.to);
    match filter.entity {
        Some(e) => {
            let mut facts: Vec<u32> = ds
                .index
                .facts_of(e)
                .0
                .iter()
                .copied()
                .filter(|&f| dates.is_placed(f) && keep(f))
                .collect();
            dates.sort(&mut facts);
            facts.into_iter().map(FactId).collect()
        }
        None => dates
            .candidates(filter.from, filter.to)
            .filter(|&f| keep(f))
            .map(FactId)
            .collect(),
    }
}

/// An entity and the facts it takes part in, grouped by predicate.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub entity: EntityId,
    /// Groups where the entity is the subject first, then the others; in
    /// predicate order within each; facts in date order within a group.
    pub groups: Vec<ProfileGroup>,
}

/// The facts of a profile with one predicate, and the entity's role in them.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileGroup {
    pub predicate: PredicateId,
    /// True where the entity is the subject, false where it is an object,
    /// place or document.
    pub as_subject: bool,
    pub facts: Vec<FactId>,
}

/// The facts `entity` takes part in, grouped by predicate and role (see
/// [`Profile::groups`]). An entity with no facts has no groups.
pub fn profile(ds: &Dataset, entity: EntityId) -> Profile {
    let (facts, roles) = ds.index.facts_of(entity);
    // (not subject, predicate, date rank, fact): sorting gives the groups in order.
    let mut keyed: Vec<(bool, u32, u32, u32)> = facts
        .iter()
        .zip(roles)
        .map(|(&f, &r)| {
            let p = ds.fact(FactId(f)).predicate.0;
            (r & ROLE_SUBJECT == 0, p, ds.index.dates.rank(f), f)
        })
        .collect();
    keyed.sort_unstable();
    let mut groups: Vec<ProfileGroup> = Vec::new();
    for (not_subject, p, _, f) in keyed {
        match groups.last_mut() {
            Some(g) if g.predicate.0 == p && g.as_subject != not_subject => g.facts.push(FactId(f)),
            _ => groups.push(ProfileGroup {
                predicate: PredicateId(p),
                as_subject: !not_subject,
                facts: vec![FactId(f)],
            }),
        }
    }
    Profile { entity, groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DateValue::*;
    use crate::data::dataset::fixture::{F, article, dataset, eid, entities, fact_ids, predicates};

    fn tl(ds: &Dataset, entity: Option<&str>, from: Option<i32>, to: Option<i32>) -> Vec<String> {
        let filter = TimelineFilter {
            entity: entity.map(|e| eid(ds, e)),
            from,
            to,
        };
        fact_ids(ds, &timeline(ds, &filter))
    }

    fn des(ds: &Dataset, designator: Option<&str>, target: Option<&str>) -> Vec<String> {
        let filter = DesignationFilter {
            designator: designator.map(|e| eid(ds, e)),
            target: target.map(|e| eid(ds, e)),
        };
        fact_ids(ds, &designations(ds, &filter))
    }

    #[test]
    fn timeline_orders_every_kind_of_date() {
        let ds = article();
        assert_eq!(
            tl(&ds, None, None, None),
            [
                "soviet-war",                          // range 1979–1989, at its start
                "unsc-resolution-1267",                // 1999
                "putin-decree-sanctions",              // after 1999's resolution
                "chain-after-decree",                  // after the decree: chains follow
                "around-2000",                         // approximate, at its year
                "csto-formed",                         // 2002
                "ru-supreme-court-designates-taliban", // 2003
                "russia-2017-talks",
                "putin-2022-speech",
                "march-2024",             // a month before its days
                "warnings-before-crocus", // right before its anchor
                "crocus-attack",          // 2024-03-22
                "kazan-invitation",       // the present, "in May"
                "ru-considers-delisting", // the present, "now": last
            ]
        );
    }

    #[test]
    fn timeline_leaves_out_undated_dangling_and_cyclic_facts() {
        let ds = article();
        let all = tl(&ds, None, None, None);
        for id in [
            "armenia-in-csto",
            "after-undated",
            "cycle-a",
            "cycle-b",
            "eaeu-members",
        ] {
            assert!(!all.contains(&id.to_string()), "{id}");
        }
    }

    #[test]
    fn timeline_year_bounds_use_effective_years() {
        let ds = article();
        // The range overlaps; relative dates take their anchor's year.
        assert_eq!(
            tl(&ds, None, Some(1985), Some(1999)),
            [
                "soviet-war",
                "unsc-resolution-1267",
                "putin-decree-sanctions",
                "chain-after-decree"
            ]
        );
        assert_eq!(
            tl(&ds, None, Some(2000), Some(2003)),
            [
                "around-2000",
                "csto-formed",
                "ru-supreme-court-designates-taliban"
            ]
        );
        assert_eq!(tl(&ds, None, Some(1990), Some(1998)), Vec::<String>::new());
        // The present is no earlier than the source's latest year (2024):
        // a `to` before it excludes it, a `from` never does.
        assert_eq!(tl(&ds, None, Some(2024), Some(2024)).len(), 5);
        assert!(
            !tl(&ds, None, None, Some(2023))
                .iter()
                .any(|f| f == "kazan-invitation")
        );
        assert_eq!(
            tl(&ds, None, Some(2030), None),
            ["kazan-invitation", "ru-considers-delisting"]
        );
        // Inverted bounds select nothing dated by year.
        assert!(tl(&ds, None, Some(2010), Some(2000)).is_empty());
    }

    #[test]
    fn timeline_of_one_entity() {
        let ds = article();
        assert_eq!(
            tl(&ds, Some("taliban"), None, None),
            [
                "unsc-resolution-1267",
                "putin-decree-sanctions",
                "chain-after-decree",
                "around-2000",
                "ru-supreme-court-designates-taliban",
                "russia-2017-talks",
                "kazan-invitation",
                "ru-considers-delisting",
            ]
        );
        assert_eq!(tl(&ds, Some("taliban"), Some(2003), Some(2017)).len(), 2);
        assert!(tl(&ds, Some("lonely"), None, None).is_empty());
        // Objects count as taking part.
        assert_eq!(tl(&ds, Some("crocus"), None, None), ["crocus-attack"]);
    }

    #[test]
    fn relative_chains_in_both_directions() {
        let f = |id, date| F {
            id,
            subject: "russia",
            predicate: "said",
            objects: &[],
            date: Some(date),
            quote: "q",
        };
        let ds = dataset(
            entities(),
            predicates(),
            &[
                f("b", After { fact: FactId(2) }),
                f("f", Before { fact: FactId(4) }),
                f("a", Year { year: 2000 }),
                f("c", After { fact: FactId(0) }),
                f("e", Before { fact: FactId(2) }),
                f("d", After { fact: FactId(2) }),
                f("z", Year { year: 1990 }),
                f("self", After { fact: FactId(7) }),
                f("nowhere", After { fact: FactId(999) }),
                f("p", Present { month: None }),
            ],
        );
        assert_eq!(
            tl(&ds, None, None, None),
            ["z", "f", "e", "a", "b", "c", "d", "p"]
        );
        assert_eq!(
            tl(&ds, None, Some(2000), Some(2000)),
            ["f", "e", "a", "b", "c", "d", "p"]
        );
        // Source dates up to 2000: the present counts from then.
        assert_eq!(
            tl(&ds, None, None, Some(2000)).last().map(String::as_str),
            Some("p")
        );
        assert_eq!(tl(&ds, None, None, Some(1999)), ["z"]);
    }

    #[test]
    fn present_without_dated_facts_is_kept_only_without_a_to_bound() {
        let f = |id, date| F {
            id,
            subject: "russia",
            predicate: "said",
            objects: &[],
            date: Some(date),
            quote: "q",
        };
        let ds = dataset(
            entities(),
            predicates(),
            &[
                f("now", Present { month: None }),
                f("may", Present { month: Some(5) }),
            ],
        );
        assert_eq!(tl(&ds, None, None, None), ["may", "now"]);
        assert_eq!(tl(&ds, None, Some(1), None), ["may", "now"]);
        assert!(tl(&ds, None, None, Some(3000)).is_empty());
    }

    #[test]
    fn who_designated_the_taliban() {
        let ds = article();
        assert_eq!(
            des(&ds, None, Some("taliban")),
            [
                "unsc-resolution-1267",
                "putin-decree-sanctions",
                "chain-after-decree",
                "ru-supreme-court-designates-taliban",
                "ru-considers-delisting",
            ]
        );
        assert_eq!(des(&ds, None, None), des(&ds, None, Some("taliban")));
        assert_eq!(
            des(&ds, Some("russia"), None),
            ["chain-after-decree", "ru-considers-delisting"]
        );
        assert_eq!(
            des(&ds, Some("russia"), Some("taliban")),
            des(&ds, Some("russia"), None)
        );
        assert_eq!(
            des(&ds, Some("ru-supreme-court"), Some("taliban")),
            ["ru-supreme-court-designates-taliban"]
        );
        // Not designations: membership, talks; and the Taliban designated nobody.
        assert!(des(&ds, Some("armenia"), None).is_empty());
        assert!(des(&ds, Some("taliban"), None).is_empty());
        assert!(des(&ds, Some("russia"), Some("armenia")).is_empty());
    }

    #[test]
    fn undated_designations_come_last_in_data_order() {
        let f = |id, date| F {
            id,
            subject: "unsc",
            predicate: "designated",
            objects: &["taliban"],
            date,
            quote: "q",
        };
        let ds = dataset(
            entities(),
            predicates(),
            &[
                f("u1", None),
                f("y2000", Some(Year { year: 2000 })),
                f("u2", None),
                f("y1999", Some(Year { year: 1999 })),
            ],
        );
        assert_eq!(
            des(&ds, None, Some("taliban")),
            ["y1999", "y2000", "u1", "u2"]
        );
    }

    #[test]
    fn profile_groups_subject_roles_first_in_predicate_order() {
        let ds = article();
        let p = profile(&ds, eid(&ds, "russia"));
        let shown: Vec<(String, bool, Vec<String>)> = p
            .groups
            .iter()
            .map(|g| {
                (
                    ds.predicate(g.predicate).id.to_string(),
                    g.as_subject,
                    fact_ids(&ds, &g.facts),
                )
            })
            .collect();
        let s = |p: &str, subj: bool, f: &[&str]| {
            (
                p.to_string(),
                subj,
                f.iter().map(|x| x.to_string()).collect(),
            )
        };
        assert_eq!(
            shown,
            [
                s("sanctioned", true, &["chain-after-decree"]),
                s("considering-removal", true, &["ru-considers-delisting"]),
                s("member-of", true, &["eaeu-members"]),
                s(
                    "held-talks",
                    true,
                    &["russia-2017-talks", "kazan-invitation"]
                ),
                s(
                    "said",
                    true,
                    &["around-2000", "march-2024", "after-undated"]
                ),
                s("said", false, &["warnings-before-crocus"]),
            ]
        );
        assert_eq!(p.entity, eid(&ds, "russia"));
        assert!(profile(&ds, eid(&ds, "lonely")).groups.is_empty());
        let csto = profile(&ds, eid(&ds, "csto"));
        assert_eq!(csto.groups.len(), 2);
        assert!(csto.groups[0].as_subject && !csto.groups[1].as_subject);
        assert_eq!(csto.groups[1].facts.len(), 5, "the five members");
    }

    #[test]
    fn out_of_range_entity_is_harmless() {
        let ds = article();
        let ghost = EntityId(9_999);
        assert!(profile(&ds, ghost).groups.is_empty());
        let filter = TimelineFilter {
            entity: Some(ghost),
            from: None,
            to: None,
        };
        assert!(timeline(&ds, &filter).is_empty());
        let filter = DesignationFilter {
            designator: Some(ghost),
            target: None,
        };
        assert!(designations(&ds, &filter).is_empty());
    }

    #[test]
    fn long_chains_do_not_overflow_the_stack() {
        let n = 30_000u32;
        let mut facts = Vec::with_capacity(n as usize);
        for i in 0..n {
            let date = if i == 0 {
                Year { year: 2000 }
            } else {
                After {
                    fact: FactId(i - 1),
                }
            };
            facts.push(crate::data::Fact {
                id: format!("f{i}").into(),
                source: crate::data::SourceId(0),
                subject: EntityId(0),
                predicate: PredicateId(0),
                objects: vec![],
                object_text: None,
                negated: false,
                as_what: None,
                reason: None,
                place: None,
                via: None,
                date: Some(crate::data::FactDate {
                    value: date,
                    words: "then".into(),
                }),
                status: None,
                note: None,
                quotes: vec![crate::data::Quote {
                    text: "q".into(),
                    offset: 0,
                }],
            });
        }
        let ds = Dataset::new(
            vec![crate::data::dataset::fixture::source()],
            predicates(),
            entities(),
            facts,
            "t".into(),
        );
        let all = timeline(&ds, &TimelineFilter::default());
        assert_eq!(all.len(), n as usize);
        assert!(all.windows(2).all(|w| w[0].0 + 1 == w[1].0));
    }
}
