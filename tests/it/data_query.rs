//! The query API on the shipped `data/`: who designated the Taliban and
//! why, the CSTO's members, the 2017 talks and who took part, timelines,
//! search, completion, and realistic misspellings resolving to the right
//! entity.

use std::path::Path;
use std::sync::OnceLock;

use factbot::data::query::{DesignationFilter, TimelineFilter, designations, profile, timeline};
use factbot::data::resolve::{MatchKind, complete_entity, resolve};
use factbot::data::search::complete_fact;
use factbot::data::search::search;
use factbot::data::{self, DataFiles, Dataset, DateValue, EntityId, FactId, Status};

fn shipped() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let files = DataFiles::read_dir(&dir).expect("read data/");
        data::load(&files).unwrap_or_else(|p| panic!("data/ does not load:\n{p}"))
    })
}

fn entity(id: &str) -> EntityId {
    shipped()
        .entity_by_id(id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

fn ids(facts: &[FactId]) -> Vec<&'static str> {
    facts.iter().map(|&f| &*shipped().fact(f).id).collect()
}

/// The entity `typed` resolves to first, with how it matched.
fn resolved(typed: &str) -> Option<(&'static str, MatchKind)> {
    let ds = shipped();
    resolve(ds, typed, 5)
        .first()
        .map(|r| (&*ds.entity(r.entity).id, r.kind))
}

#[test]
fn who_designated_the_taliban_in_date_order() {
    let ds = shipped();
    let filter = DesignationFilter {
        designator: None,
        target: Some(entity("taliban")),
    };
    let found = ids(&designations(ds, &filter));
    let at = |id: &str| {
        found
            .iter()
            .position(|f| *f == id)
            .unwrap_or_else(|| panic!("{id} missing from {found:?}"))
    };
    // The UN Security Council through resolution 1267 in 1999, Putin's order
    // a few months afterwards, Russia's Supreme Court in 2003, the removal
    // Russia is considering now; Russia's listing, undated, last.
    assert_eq!(found[0], "unsc-res-1267-taliban", "{found:?}");
    assert!(at("unsc-res-1267-taliban") < at("putin-order-sanctions"));
    assert!(at("putin-order-sanctions") < at("ru-supreme-court-designates-taliban"));
    assert!(at("ru-supreme-court-designates-taliban") < at("russia-considering-removal"));
    assert_eq!(found.last(), Some(&"russia-lists-taliban-terrorist"));

    let unsc = ds.fact(ds.fact_by_id("unsc-res-1267-taliban").unwrap());
    assert_eq!(ds.entity(unsc.subject).id.as_ref(), "unsc");
    assert_eq!(
        unsc.via.map(|v| &*ds.entity(v).id),
        Some("unsc-resolution-1267")
    );
    assert_eq!(
        unsc.date.as_ref().map(|d| &d.value),
        Some(&DateValue::Year { year: 1999 })
    );

    let removal = ds.fact(ds.fact_by_id("russia-considering-removal").unwrap());
    assert_eq!(removal.status, Some(Status::UnderReview));
}

#[test]
fn the_supreme_court_designation_with_its_reasons() {
    let ds = shipped();
    let court = resolve(ds, "Russia's Supreme Court", 1)[0].entity;
    assert_eq!(court, entity("russian-supreme-court"));
    let filter = DesignationFilter {
        designator: Some(court),
        target: Some(entity("taliban")),
    };
    let found = designations(ds, &filter);
    assert_eq!(ids(&found), ["ru-supreme-court-designates-taliban"]);
    let fact = ds.fact(found[0]);
    assert_eq!(
        fact.date.as_ref().map(|d| &d.value),
        Some(&DateValue::Year { year: 2003 })
    );
    let reason = fact.reason.as_deref().unwrap_or_default();
    for word in ["Chechnya", "Uzbekistan", "Tajikistan", "Kyrgyzstan"] {
        assert!(reason.contains(word), "{reason}");
    }
    let as_what = fact.as_what.as_ref().expect("as what");
    assert_eq!(as_what.meaning.as_deref(), Some("terrorist organisation"));
}

#[test]
fn the_cstos_members() {
    let ds = shipped();
    let csto = resolve(ds, "CSTO", 1)[0].entity;
    let p = profile(ds, csto);
    let members = p
        .groups
        .iter()
        .find(|g| g.as_subject && &*ds.predicate(g.predicate).id == "has-member")
        .expect("a has-member group");
    let mut names: Vec<&str> = members
        .facts
        .iter()
        .flat_map(|&f| ds.fact(f).objects.iter().map(|&o| &*ds.entity(o).id))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "armenia",
            "belarus",
            "kazakhstan",
            "kyrgyzstan",
            "tajikistan"
        ]
    );
    // Subject groups come first.
    assert!(p.groups[0].as_subject);
    let hits = search(ds, "who are the members of the CSTO", 3);
    assert_eq!(ds.fact(hits[0].fact).id.as_ref(), "csto-members");
}

#[test]
fn the_2017_talks_and_who_took_part() {
    let ds = shipped();
    let in_2017 = ids(&timeline(
        ds,
        &TimelineFilter {
            entity: None,
            from: Some(2017),
            to: Some(2017),
        },
    ));
    assert!(
        in_2017.contains(&"russia-launched-moscow-format"),
        "{in_2017:?}"
    );
    let format = resolve(ds, "moscow format", 1)[0].entity;
    assert_eq!(format, entity("moscow-format"));
    let p = profile(ds, format);
    let mut took_part: Vec<&str> = p
        .groups
        .iter()
        .filter(|g| g.as_subject)
        .flat_map(|g| &g.facts)
        .filter(|&&f| &*ds.predicate(ds.fact(f).predicate).id == "included")
        .flat_map(|&f| ds.fact(f).objects.iter().map(|&o| &*ds.entity(o).id))
        .collect();
    took_part.sort();
    assert_eq!(
        took_part,
        ["central-asian-states", "china", "iran", "pakistan"]
    );
    let hits = search(ds, "who took part in the 2017 talks", 5);
    let hit_ids: Vec<&str> = hits.iter().map(|h| &*ds.fact(h.fact).id).collect();
    assert!(
        hit_ids.contains(&"moscow-format-participants"),
        "{hit_ids:?}"
    );
}

#[test]
fn the_talibans_timeline_runs_from_1999_to_now() {
    let ds = shipped();
    let facts = timeline(
        ds,
        &TimelineFilter {
            entity: Some(entity("taliban")),
            from: None,
            to: None,
        },
    );
    let found = ids(&facts);
    assert_eq!(found[0], "unsc-res-1267-taliban", "{found:?}");
    let last = ds.fact(*facts.last().unwrap());
    assert!(matches!(
        last.date.as_ref().map(|d| &d.value),
        Some(DateValue::Present { .. })
    ));
    // Undated facts are not on a timeline.
    assert!(!found.contains(&"russia-lists-taliban-terrorist"));
    let before_2000 = timeline(
        ds,
        &TimelineFilter {
            entity: Some(entity("taliban")),
            from: None,
            to: Some(1999),
        },
    );
    assert!(
        ids(&before_2000).contains(&"putin-order-sanctions"),
        "after 1999, in 1999"
    );
}

#[test]
fn realistic_misspellings_resolve_to_the_right_entity() {
    let cases = [
        ("talibans", "taliban"),
        ("Taleban", "taliban"),
        ("Moskow", "moscow"),
        ("kirgizstan", "kyrgyzstan"),
        ("Kyrgystan", "kyrgyzstan"),
        ("UNSC", "unsc"),
        ("Putins", "putin"),
        ("Vladmir Putin", "putin"),
        ("Tadjikistan", "tajikistan"),
        ("Tajikstan", "tajikistan"),
        ("Uzbekhistan", "uzbekistan"),
        ("Kazakstan", "kazakhstan"),
        ("Kazahkstan", "kazakhstan"),
        ("Pakistn", "pakistan"),
        ("chechnia", "chechnya"),
        ("Belorussia", "belarus"),
        ("Armenija", "armenia"),
        ("Afganistan", "afghanistan"),
        ("Isis k", "isis-k"),
        ("supreme court", "russian-supreme-court"),
        ("united nations security council", "unsc"),
        ("united nations securty council", "unsc"),
        ("eurasian economic union", "eaeu"),
        ("Collective Security Treaty Organisation", "csto"),
        ("Krokus City Hall", "crocus-city-hall"),
        ("resolution 1267", "unsc-resolution-1267"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(typed, id)| {
            let got = resolved(typed);
            (got.map(|g| g.0) != Some(*id)).then(|| format!("{typed:?} → {got:?}, expected {id}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn completion_on_the_shipped_data() {
    let ds = shipped();
    let kaz: Vec<&str> = complete_entity(ds, "kaz", 25)
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert!(
        kaz.contains(&"kazakhstan") && kaz.contains(&"kazan"),
        "{kaz:?}"
    );
    // Nothing typed: the most connected entities first.
    let connections = |id: &str| {
        let e = entity(id);
        ds.facts
            .iter()
            .filter(|f| {
                f.subject == e || f.objects.contains(&e) || f.place == Some(e) || f.via == Some(e)
            })
            .count()
    };
    let most = complete_entity(ds, "", 25);
    assert_eq!(most.len(), 25);
    assert!(
        most.windows(2)
            .all(|w| connections(w[0].value) >= connections(w[1].value)),
        "{most:?}"
    );
    assert!(
        most.iter().take(3).any(|s| s.value == "taliban"),
        "{most:?}"
    );
    let facts: Vec<&str> = complete_fact(ds, "1267", 25)
        .into_iter()
        .map(|s| s.value)
        .collect();
    assert!(facts.contains(&"unsc-res-1267-taliban"), "{facts:?}");
    let supreme = complete_fact(ds, "ru-sup", 25);
    assert_eq!(supreme[0].value, "ru-supreme-court-designates-taliban");
    for s in complete_fact(ds, "", 25)
        .iter()
        .chain(&complete_entity(ds, "", 25))
    {
        assert!(
            s.label.chars().count() <= 100 && s.value.chars().count() <= 100,
            "{s:?}"
        );
    }
}

#[test]
fn search_answers_questions_about_the_article() {
    let ds = shipped();
    let top = |q: &str| -> Vec<&str> {
        search(ds, q, 3)
            .iter()
            .map(|h| &*ds.fact(h.fact).id)
            .collect()
    };
    let designated = top("who designated the Taliban a terrorist organisation");
    assert!(
        designated.contains(&"ru-supreme-court-designates-taliban")
            || designated.contains(&"russia-lists-taliban-terrorist"),
        "{designated:?}"
    );
    assert!(
        top("Crocus City Hall attack")
            .iter()
            .any(|f| f.contains("crocus")),
        "{:?}",
        top("Crocus City Hall attack")
    );
    assert!(search(ds, "", 5).is_empty());
}
