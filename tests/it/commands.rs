//! The command layer on the shipped dataset: rendered replies of every
//! command (insta snapshots, plain text), Discord's limits and inert text
//! under hostile data (proptest), the registration JSON, the README's
//! command table, and the store's reload and diff.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use factbot::commands::parse::parse;
use factbot::commands::{COMMANDS, markdown_table};
use factbot::commands::{Command, CompletionKind, complete, execute};
use factbot::data::{
    AsWhat, DataFiles, Dataset, DateValue, Entity, EntityId, EntityKind, Fact, FactDate, FactId,
    GlossaryEntry, Predicate, PredicateId, Quote, Source, SourceId, Status, load,
};
use factbot::discord::fit::{discord_len, limits};
use factbot::discord::registration as json;
use factbot::reply::{Reply, ReplyKind};
use factbot::service::reload::reply_from_reload;
use factbot::service::store::{ReloadError, Store};
use proptest::prelude::*;

/// The shipped `data/` directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The shipped dataset, loaded once.
pub fn shipped() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let files = DataFiles::read_dir(&data_dir()).expect("read data/");
        load(&files).unwrap_or_else(|p| panic!("the shipped data/ is invalid:\n{p}"))
    })
}

/// Runs a slash line (or a question) as the console would, as plain text.
fn run(line: &str) -> String {
    let command = if line.starts_with('/') {
        parse(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    } else {
        Command::Ask {
            question: line.to_string(),
        }
    };
    execute(shipped(), &command).to_plain_text()
}

// --- Snapshots of every command on the shipped data ---------------------------

#[test]
fn snapshot_ask() {
    insta::assert_snapshot!(
        "ask_who_designated",
        run("Who designated the Taliban as a terrorist organisation, and when?")
    );
    insta::assert_snapshot!("ask_when", run("/ask question:When was the CSTO formed?"));
    insta::assert_snapshot!(
        "ask_not_in_article",
        run("When did China designate the Taliban?")
    );
}

#[test]
fn snapshot_designations() {
    insta::assert_snapshot!("designations_all", run("/designations"));
    insta::assert_snapshot!(
        "designations_filtered",
        run("/designations designator:Russia target:the Taliban")
    );
    insta::assert_snapshot!(
        "designations_unknown",
        run("/designations designator:Atlantis")
    );
}

#[test]
fn snapshot_timeline() {
    insta::assert_snapshot!("timeline_all", run("/timeline"));
    insta::assert_snapshot!(
        "timeline_putin",
        run("/timeline entity:Putin from:1990 to:2010")
    );
}

#[test]
fn snapshot_entity() {
    insta::assert_snapshot!("entity_csto", run("/entity name:CSTO"));
    insta::assert_snapshot!("entity_typo", run("/entity name:Kazakstan"));
}

#[test]
fn snapshot_source() {
    insta::assert_snapshot!(
        "source_court",
        run("/source fact:ru-supreme-court-designates-taliban")
    );
    insta::assert_snapshot!("source_unknown", run("/source fact:putin-2022"));
}

#[test]
fn snapshot_about() {
    insta::assert_snapshot!("about", run("/about"));
}

#[test]
fn reload_is_not_run_by_execute() {
    let reply = execute(shipped(), &Command::Reload);
    assert_eq!(reply.kind, ReplyKind::Refused);
    assert!(reply.ephemeral);
}

#[test]
fn every_command_answers_on_the_shipped_data() {
    for c in COMMANDS {
        let line = match c.name {
            "ask" => "/ask question:Who is Vladimir Putin?",
            "designations" => "/designations target:Taliban",
            "timeline" => "/timeline from:1999 to:2003",
            "entity" => "/entity name:Taliban",
            "source" => "/source fact:russia-considering-removal",
            "about" => "/about",
            // Carried out by the service (IO): tests/it/moderation.rs.
            "reload" | "data upload" | "data history" | "data rollback" => continue,
            other => panic!("no example for /{other}"),
        };
        let reply = execute(shipped(), &parse(line).unwrap());
        assert_eq!(
            reply.kind,
            ReplyKind::Answer,
            "{line}\n{}",
            reply.to_plain_text()
        );
        let fitted = reply.fit();
        assert_within_limits(&fitted);
    }
}

#[test]
fn nothing_found_and_unresolved_are_private() {
    for (line, kind) in [
        ("/designations designator:China", ReplyKind::NotFound),
        ("/timeline from:1500 to:1600", ReplyKind::NotFound),
        ("/entity name:Atlantis", ReplyKind::Unresolved),
        ("/source fact:no-such-fact", ReplyKind::Unresolved),
        (
            "/ask question:Who won the 2018 World Cup?",
            ReplyKind::NotFound,
        ),
    ] {
        let reply = execute(shipped(), &parse(line).unwrap());
        assert_eq!(reply.kind, kind, "{line}");
        assert!(reply.ephemeral, "{line}");
    }
}

#[test]
fn timeline_says_how_many_more() {
    let text = run("/timeline");
    let dated = shipped().facts.iter().filter(|f| f.date.is_some()).count();
    let shown = text.lines().filter(|l| l.starts_with("• ")).count();
    assert!(shown < dated, "the shipped data should need cutting");
    assert!(
        text.contains(&format!(
            "… and {} more — narrow with from/to",
            dated - shown
        )),
        "{text}"
    );
}

#[test]
fn autocomplete_stays_within_discords_limits() {
    for (kind, typed) in [
        (CompletionKind::Entity, ""),
        (CompletionKind::Entity, "ru"),
        (CompletionKind::Entity, "talibn"),
        (CompletionKind::Fact, ""),
        (CompletionKind::Fact, "putin"),
    ] {
        let choices = complete(shipped(), kind, typed);
        assert!(choices.len() <= limits::AUTOCOMPLETE_CHOICES);
        for (name, value) in &choices {
            assert!((1..=100).contains(&name.chars().count()), "{name}");
            assert!((1..=100).contains(&value.chars().count()), "{value}");
        }
    }
    let taliban = complete(shipped(), CompletionKind::Entity, "talib");
    assert!(taliban.iter().any(|(_, v)| v == "taliban"), "{taliban:?}");
}

// --- Registration JSON and the README table ------------------------------------

#[test]
fn registration_json_matches_the_spec() {
    let all = json::registration();
    let all = all.as_array().unwrap();
    let tops = factbot::commands::top_level();
    assert_eq!(all.len(), tops.len());
    let check_options = |options: &[serde_json::Value],
                         spec: &factbot::commands::spec::CommandSpec| {
        assert_eq!(options.len(), spec.options.len(), "/{}", spec.name);
        for (o, os) in options.iter().zip(spec.options) {
            assert_eq!(o["name"], os.name);
            assert_eq!(o["required"], os.required);
            assert_eq!(
                o["type"],
                factbot::discord::registration::option_type(os.kind)
            );
            assert_eq!(o.get("autocomplete").is_some(), os.autocomplete.is_some());
        }
    };
    for (c, top) in all.iter().zip(&tops) {
        assert_eq!(c["name"], top.name());
        assert_eq!(c["type"], 1);
        let options = c["options"].as_array().cloned().unwrap_or_default();
        match top {
            factbot::commands::TopLevel::Single(spec) => {
                assert_eq!(c["description"], spec.description);
                check_options(&options, spec);
            }
            factbot::commands::TopLevel::Group { subcommands, .. } => {
                assert_eq!(options.len(), subcommands.len());
                for (sub, (name, spec)) in options.iter().zip(subcommands) {
                    assert_eq!(sub["type"], 1);
                    assert_eq!(sub["name"], *name);
                    assert_eq!(sub["description"], spec.description);
                    let inner = sub["options"].as_array().cloned().unwrap_or_default();
                    check_options(&inner, spec);
                }
            }
        }
    }
    let data = all.iter().find(|c| c["name"] == "data").unwrap();
    assert_eq!(data["default_member_permissions"], "32");
    assert_eq!(data["dm_permission"], false);
    let reload = all.iter().find(|c| c["name"] == "reload").unwrap();
    assert_eq!(reload["default_member_permissions"], "32");
    assert_eq!(reload["dm_permission"], false);
}

#[test]
fn readme_command_table_is_generated_from_the_spec() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let (start, end) = ("<!-- commands:start -->\n", "<!-- commands:end -->");
    let expected = markdown_table();
    let found = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(table, _)| table);
    assert_eq!(
        found,
        Some(expected.as_str()),
        "README.md's command table is out of date; put this between {start:?} and {end:?}:\n\n{expected}"
    );
}

// --- Store: open, reload, diff, failures -----------------------------------------

fn copy_data(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(&data_dir(), to);
}

#[test]
fn a_dataset_beyond_the_limits_is_refused_with_a_message_and_the_old_one_served() {
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    let files = factbot::data::DataFiles::read_dir(dir.path()).unwrap();
    let size = files.total_bytes() as u64;
    let limits = |max_bytes, max_files, max_facts| factbot::data::DataLimits {
        max_bytes,
        max_files,
        max_facts,
    };
    let refused = |limits| match Store::open_within(dir.path().to_path_buf(), limits) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("opened beyond {limits:?}"),
    };
    assert!(refused(limits(size - 1, 100, 1000)).contains("[limits] max_data_bytes"));
    assert!(
        refused(limits(size, 2, 1000))
            .contains("more than 2 files, the most factbot reads ([limits] max_data_files)")
    );
    assert!(
        refused(limits(size, 100, 10))
            .contains("more than the 10 factbot serves ([limits] max_facts)")
    );

    // Served within the limits, a reload that grows past them is refused
    // and the old dataset stays.
    let store =
        Store::open_within(dir.path().to_path_buf(), limits(size + 100, 100, 1000)).unwrap();
    let before = store.snapshot().version.clone();
    let facts_path = dir.path().join("facts.toml");
    let mut facts = std::fs::read_to_string(&facts_path).unwrap();
    facts.push_str(&format!("\n# {}\n", "x".repeat(200)));
    std::fs::write(&facts_path, facts).unwrap();
    let err = store.reload().unwrap_err();
    assert!(matches!(err, ReloadError::Read { .. }), "{err}");
    let said = reply_from_reload(&Err(err), &before);
    assert!(
        said.body.contains("[limits] max_data_bytes"),
        "{}",
        said.body
    );
    assert_eq!(store.snapshot().version, before);
}

#[test]
fn store_reloads_and_reports_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    let store = Store::open(dir.path().to_path_buf()).unwrap();
    let first = store.snapshot();
    assert!(first.loaded_at.is_some());

    let unchanged = store.reload().unwrap();
    assert!(unchanged.is_empty());
    assert_eq!(unchanged.old_version, unchanged.new_version);
    let said = reply_from_reload(&Ok(unchanged.clone()), &unchanged.new_version);
    assert!(
        said.body.contains("No facts or entities changed"),
        "{}",
        said.body
    );

    // Remove one fact, change another's note, add an entity.
    let facts_path = dir.path().join("facts.toml");
    let facts = std::fs::read_to_string(&facts_path).unwrap();
    let block_start = facts
        .find("[[fact]]\nid = \"kazan-located-in-russia\"")
        .unwrap();
    let block_end = block_start + 1 + facts[block_start + 1..].find("[[fact]]").unwrap();
    let mut facts = format!("{}{}", &facts[..block_start], &facts[block_end..]);
    facts = facts.replacen(
        "note = \"The article's headline.\"",
        "note = \"The article's headline, as published.\"",
        1,
    );
    std::fs::write(&facts_path, facts).unwrap();
    let entities_path = dir.path().join("entities.toml");
    let mut entities = std::fs::read_to_string(&entities_path).unwrap();
    entities.push_str("\n[[entity]]\nid = \"tatarstan\"\nkind = \"place\"\nname = \"Tatarstan\"\n");
    std::fs::write(&entities_path, entities).unwrap();

    let diff = store.reload().unwrap();
    assert_eq!(diff.facts_removed, vec!["kazan-located-in-russia"]);
    assert_eq!(diff.facts_changed, vec!["putin-wants-closer-ties-taliban"]);
    assert!(diff.facts_added.is_empty());
    assert_eq!(diff.entities_added, vec!["tatarstan"]);
    assert_ne!(diff.old_version, diff.new_version);
    assert_eq!(store.snapshot().version, diff.new_version);
    let text = reply_from_reload(&Ok(diff.clone()), &diff.new_version).to_plain_text();
    assert!(
        text.contains("0 added, 1 removed, 1 changed")
            && text.contains("− kazan-located-in-russia"),
        "{text}"
    );

    // A broken dataset is refused; the last good one keeps serving.
    let served = store.snapshot().version.clone();
    std::fs::write(&facts_path, "[[fact]]\nid = \"broken\"\n").unwrap();
    let error = store.reload().unwrap_err();
    assert!(matches!(error, ReloadError::Invalid(_)), "{error}");
    assert_eq!(store.snapshot().version, served);
    let reply = reply_from_reload(&Err(error), &served);
    assert_eq!(reply.kind, ReplyKind::Failed);
    assert!(reply.body.contains("facts.toml"), "{}", reply.body);
    let footer = reply.footer.unwrap_or_default();
    assert!(footer.contains("Still serving"), "{footer}");

    // So is a directory that is gone.
    drop(dir);
    let error = store.reload().unwrap_err();
    assert!(matches!(error, ReloadError::Read { .. }), "{error}");
    assert_eq!(store.snapshot().version, served);
}

#[test]
fn open_refuses_an_invalid_directory() {
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    std::fs::write(dir.path().join("facts.toml"), "this is not toml = = =").unwrap();
    match Store::open(dir.path().to_path_buf()) {
        Err(ReloadError::Invalid(problems)) => assert!(!problems.0.is_empty()),
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("an invalid dataset opened"),
    }
}

// --- Discord's limits under hostile data ---------------------------------------

/// Checks a fitted reply against every Discord limit and that text from
/// data cannot ping or format.
fn assert_within_limits(reply: &Reply) {
    assert!(discord_len(&reply.title) <= limits::TITLE, "title");
    assert!(discord_len(&reply.body) <= limits::DESCRIPTION, "body");
    let fields = reply.embed_fields();
    assert!(fields.len() <= limits::FIELDS, "{} fields", fields.len());
    for f in &fields {
        assert!(
            (1..=limits::FIELD_NAME).contains(&discord_len(&f.name)),
            "field name {:?}",
            f.name
        );
        assert!(
            (1..=limits::FIELD_VALUE).contains(&discord_len(&f.value)),
            "field value"
        );
    }
    if let Some(footer) = &reply.footer {
        assert!(discord_len(footer) <= limits::FOOTER, "footer");
    }
    assert!(
        reply.embed_len() <= limits::EMBED_TOTAL,
        "total {}",
        reply.embed_len()
    );
    let texts = std::iter::once(reply.title.as_str())
        .chain(std::iter::once(reply.body.as_str()))
        .chain(reply.footer.as_deref())
        .chain(
            fields
                .iter()
                .flat_map(|f| [f.name.as_str(), f.value.as_str()]),
        );
    for text in texts {
        assert_inert(text);
    }
}

/// No mention can fire and no markdown character is unescaped.
fn assert_inert(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '@' {
            assert_eq!(chars.get(i + 1), Some(&'\u{200B}'), "live @ in {text:?}");
        }
        if matches!(c, '*' | '_' | '~' | '`' | '|' | '<' | '>' | '[' | ']') {
            let backslashes = chars[..i].iter().rev().take_while(|&&b| b == '\\').count();
            assert!(backslashes % 2 == 1, "unescaped {c:?} at {i} in {text:?}");
        }
    }
}

/// Hostile text: long, Unicode (astral, combining, right-to-left),
/// markdown and mentions.
fn hostile() -> impl Strategy<Value = String> {
    hostile_up_to(20)
}

/// Hostile text repeated up to `max_repeat` more times.
fn hostile_up_to(max_repeat: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("@everyone".to_string()),
        Just("@here".to_string()),
        Just("<@123456789012345678>".to_string()),
        Just("<#42>".to_string()),
        Just("<@&7>".to_string()),
        Just("**bold** __under__ ~~gone~~ `code` ||spoiler||".to_string()),
        Just("\n# Heading\n> quote\n- item\n1. first\n".to_string()),
        Just("[link](https://example.com)".to_string()),
        Just("\\".to_string()),
        Just("😀👩‍👩‍👧‍👦".to_string()),
        Just("e\u{301}\u{302}".to_string()),
        Just("\u{202E}evil\u{202C}\u{1b}[31m".to_string()),
        "[a-zA-Z ]{1,40}",
        "\\PC{1,30}",
    ];
    prop::collection::vec(piece, 1..12).prop_flat_map(move |pieces| {
        let text = pieces.concat();
        (Just(text), 0..=max_repeat).prop_map(|(t, repeat)| t.repeat(1 + repeat))
    })
}

/// A small dataset whose every string is hostile.
fn hostile_dataset(texts: Vec<String>) -> Dataset {
    let t = |i: usize| texts[i % texts.len()].clone().into_boxed_str();
    let source = Source {
        id: "s".into(),
        file: "s.txt".into(),
        text: t(0),
        sha256: "0".into(),
        headline: t(1),
        publisher: t(2),
        author: Some(t(3)),
        author_affiliation: Some(t(4)),
        republished_from: Some(t(5)),
        licence: Some(t(6)),
        url: Some(t(7)),
        note: Some(t(8)),
        glossary: vec![GlossaryEntry {
            article: t(9),
            meaning: t(10),
        }],
    };
    let predicates = vec![
        Predicate {
            id: "designated".into(),
            label: t(11),
            inverse: Some(t(12)),
            designation: true,
            words: vec!["designate".into(), t(13)],
        },
        Predicate {
            id: "said".into(),
            label: t(14),
            inverse: None,
            designation: false,
            words: vec!["say".into()],
        },
    ];
    let entities: Vec<Entity> = (0..4)
        .map(|i| Entity {
            id: format!("e{i}").into(),
            kind: EntityKind::ALL[i % EntityKind::ALL.len()],
            name: t(15 + i),
            aliases: vec![t(20 + i)],
            display: None,
            note: Some(t(25 + i)),
            may_mean: Vec::new(),
        })
        .collect();
    let facts: Vec<Fact> = (0..40)
        .map(|i| Fact {
            id: format!("f{i}").into(),
            source: SourceId(0),
            subject: EntityId((i % 4) as u32),
            predicate: PredicateId((i % 2) as u32),
            objects: vec![
                EntityId(((i + 1) % 4) as u32),
                EntityId(((i + 2) % 4) as u32),
            ],
            object_text: Some(t(30 + i)),
            negated: i % 7 == 0,
            as_what: Some(AsWhat {
                article: t(31 + i),
                meaning: Some(t(32 + i)),
            }),
            reason: Some(t(33 + i)),
            place: Some(EntityId(((i + 3) % 4) as u32)),
            via: Some(EntityId((i % 4) as u32)),
            date: Some(FactDate {
                value: match i % 4 {
                    0 => DateValue::Year {
                        year: 1990 + i as i32,
                    },
                    1 => DateValue::After { fact: FactId(0) },
                    2 => DateValue::Range {
                        from: 1979,
                        to: 1989,
                    },
                    _ => DateValue::Present { month: Some(5) },
                },
                words: t(34 + i),
            }),
            status: Some(Status::ALL[i % Status::ALL.len()]),
            note: Some(t(35 + i)),
            quotes: vec![
                Quote {
                    text: t(36 + i),
                    offset: (i * 7919) as u32,
                },
                Quote {
                    text: t(37 + i),
                    offset: u32::MAX,
                },
            ],
        })
        .collect();
    Dataset::new(vec![source], predicates, entities, facts, t(38).into())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn fitted_replies_stay_within_discords_limits(
        texts in prop::collection::vec(hostile_up_to(4), 8..16),
        question in hostile_up_to(2),
    ) {
        let ds = hostile_dataset(texts);
        let commands = [
            Command::About,
            Command::Designations { designator: None, target: None },
            Command::Designations { designator: Some("e0".into()), target: Some(question.clone()) },
            Command::Timeline { entity: None, from: None, to: None },
            Command::Timeline { entity: Some("e1".into()), from: Some(1980), to: Some(2100) },
            Command::Entity { name: "e2".into() },
            Command::Entity { name: question.clone() },
            Command::Source { fact: "f3".into() },
            Command::Source { fact: question.clone() },
            Command::Ask { question: question.clone() },
            Command::Reload,
        ];
        for command in &commands {
            let fitted = execute(&ds, command).fit();
            assert_within_limits(&fitted);
        }
        for kind in [CompletionKind::Entity, CompletionKind::Fact] {
            let choices = complete(&ds, kind, &question);
            prop_assert!(choices.len() <= limits::AUTOCOMPLETE_CHOICES);
            for (name, value) in choices {
                prop_assert!((1..=100).contains(&name.chars().count()));
                prop_assert!((1..=100).contains(&value.chars().count()));
            }
        }
    }

    #[test]
    fn any_reply_fits(
        title in hostile(),
        body in hostile(),
        fields in prop::collection::vec((hostile(), hostile()), 0..40),
        quotes in prop::collection::vec((hostile(), hostile()), 0..40),
        footer in prop::option::of(hostile()),
    ) {
        let mut reply = Reply::answer(title, body);
        reply.fields = fields
            .into_iter()
            .map(|(name, value)| factbot::reply::Field { name, value, inline: false })
            .collect();
        reply.citations = quotes
            .into_iter()
            .map(|(fact_id, quote)| factbot::reply::Citation { fact_id, quote, source: "s".into() })
            .collect();
        reply.footer = footer;
        assert_within_limits(&reply.fit());
    }

    #[test]
    fn the_parser_never_panics(line in "\\PC{0,200}") {
        let _ = parse(&format!("/{line}"));
        let _ = parse(&line);
    }
}
