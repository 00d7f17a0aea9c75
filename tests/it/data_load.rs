//! Loading and validating datasets: the valid fixture loads; each broken
//! variant reports exactly the located problem a person needs to fix it;
//! nothing a data file can hold panics the loader; files beside the dataset
//! are ignored; the shipped `data/` loads with full coverage, and `factbot
//! check` says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use factbot::data::coverage::Coverage;
use factbot::data::{self, DataFiles, DateValue};
use proptest::prelude::*;

fn fixture() -> DataFiles {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut files = DataFiles::read_dir(&dir).unwrap();
    files.root = "data".into();
    files
}

/// The fixture with, in each `(file, from, to)`, the first `from` replaced
/// by `to`.
fn edited(edits: &[(&str, &str, &str)]) -> DataFiles {
    let mut files = fixture();
    for (file, from, to) in edits {
        let text = String::from_utf8(files.files[*file].clone()).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        files
            .files
            .insert((*file).to_owned(), text.replacen(from, to, 1).into_bytes());
    }
    files
}

fn problems(files: &DataFiles) -> Vec<String> {
    match data::load(files) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.0.iter().map(ToString::to_string).collect(),
    }
}

/// Applies the edits to the valid fixture and expects exactly these
/// problems, in this order.
#[track_caller]
fn check(edits: &[(&str, &str, &str)], expected: &[&str]) {
    assert_eq!(problems(&edited(edits)), expected);
}

#[test]
fn the_valid_fixture_loads_with_quote_offsets_and_resolved_dates() {
    let files = fixture();
    let ds = data::load(&files).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(
        (
            ds.sources.len(),
            ds.predicates.len(),
            ds.entities.len(),
            ds.facts.len()
        ),
        (1, 4, 3, 4)
    );
    let text = &ds.sources[0].text;
    for fact in &ds.facts {
        for quote in &fact.quotes {
            let at = quote.offset as usize;
            assert_eq!(&text[at..at + quote.text.len()], &*quote.text);
        }
    }
    let criticises = ds.fact(ds.fact_by_id("beaver-league-criticises-ban").unwrap());
    let bans = ds.fact_by_id("otter-council-bans-fishing").unwrap();
    assert_eq!(
        criticises.date.as_ref().unwrap().value,
        DateValue::After { fact: bans }
    );
    assert_eq!(
        &*criticises.as_what.as_ref().unwrap().article,
        "WET BLANKET"
    );
    assert_eq!(ds.version.len(), 12);
    assert_eq!(ds.version, data::load::version(&files));
    let coverage = Coverage::of(&ds);
    assert_eq!((coverage.covered(), coverage.factual()), (6, 6));
}

#[test]
fn toml_syntax_errors_are_located() {
    check(
        &[(
            "facts.toml",
            "id = \"otter-council-bans-fishing\"",
            "id = \"otter-council-bans-fishing",
        )],
        &["data/facts.toml:2:33: TOML syntax error: invalid basic string, expected `\"`"],
    );
}

#[test]
fn a_label_marks_where_its_objects_go_once_at_most() {
    check(
        &[(
            "predicates.toml",
            "label = \"said\"",
            "label = \"said _ about _\"",
        )],
        &[
            "data/predicates.toml:19:9: predicate \"said\": \"label\" \"said _ about _\" marks the place of its objects wrongly (write \"_\" once, as a word after the verb, where the objects go (\"found _ guilty\"), or leave it out to put them at the end)",
        ],
    );
}

#[test]
fn unknown_keys_and_tables_get_a_suggestion() {
    check(
        &[(
            "facts.toml",
            "quotes = [\"The Otter",
            "qoutes = [\"The Otter",
        )],
        &[
            "data/facts.toml:1:1: fact \"otter-council-bans-fishing\": missing required key \"quotes\" in [[fact]] (required keys: id, source, subject, predicate, quotes)",
            "data/facts.toml:10:1: fact \"otter-council-bans-fishing\": unknown key \"qoutes\" in [[fact]] (did you mean \"quotes\"?)",
        ],
    );
    check(
        &[(
            "predicates.toml",
            "[[predicate]]\nid = \"said\"\nlabel = \"said\"",
            "colour = 3",
        )],
        &[
            "data/facts.toml:39:13: fact \"council-says-fishing-resumes\": unknown predicate \"said\"",
            "data/predicates.toml:17:1: predicate \"is\": unknown key \"colour\" in [[predicate]] (valid keys: id, label, inverse, designation, words)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "[[fact]]\nid = \"beaver-league-is-alliance\"",
            "[[facts]]\nid = \"beaver-league-is-alliance\"",
        )],
        &["data/facts.toml:22:3: unknown table \"facts\" (did you mean \"fact\"?)"],
    );
    check(
        &[(
            "facts.toml",
            "date = { precision = \"year\", year = 2019",
            "date = { precison = \"year\", year = 2019",
        )],
        &[
            "data/facts.toml:8:8: fact \"otter-council-bans-fishing\": missing required key \"precision\" in date (required keys: precision, words)",
            "data/facts.toml:8:10: fact \"otter-council-bans-fishing\": unknown key \"precison\" in date (did you mean \"precision\"?)",
        ],
    );
}

#[test]
fn missing_required_keys_and_wrong_types() {
    check(
        &[("facts.toml", "predicate = \"banned\"\n", "")],
        &[
            "data/facts.toml:1:1: fact \"otter-council-bans-fishing\": missing required key \"predicate\" in [[fact]] (required keys: id, source, subject, predicate, quotes)",
        ],
    );
    check(
        &[("facts.toml", "year = 2019", "year = \"2019\"")],
        &[
            "data/facts.toml:8:37: fact \"otter-council-bans-fishing\": wrong type for \"date.year\": invalid type: string \"2019\", expected an integer",
        ],
    );
    check(
        &[(
            "predicates.toml",
            "\"prohibit\"]",
            "\"prohibit\"]\n\n[[predicate]]\nid = \"x\"\nlabel = \"x\"\nwords = \"x\"",
        )],
        &[
            "data/predicates.toml:11:9: predicate \"x\": wrong type for \"words\": invalid type: string \"x\", expected an array",
        ],
    );
    check(
        &[(
            "predicates.toml",
            "[[predicate]]\nid = \"said\"\nlabel = \"said\"",
            "predicate = 3",
        )],
        &[
            "data/facts.toml:39:13: fact \"council-says-fishing-resumes\": unknown predicate \"said\"",
            "data/predicates.toml:17:1: predicate \"is\": unknown key \"predicate\" in [[predicate]] (valid keys: id, label, inverse, designation, words)",
        ],
    );
}

#[test]
fn a_broken_item_is_reported_once_not_at_every_reference() {
    // Two facts and an entity name "beaver-league"; only its own problem shows.
    check(
        &[("entities.toml", "kind = \"alliance\"", "kind = 3")],
        &[
            "data/entities.toml:9:8: entity \"beaver-league\": wrong type for \"kind\": invalid type: integer `3`, expected a string",
        ],
    );
}

#[test]
fn duplicate_and_malformed_ids() {
    check(
        &[(
            "entities.toml",
            "id = \"lakeview\"",
            "id = \"beaver-league\"",
        )],
        &[
            "data/entities.toml:14:6: entity \"beaver-league\": duplicate entity id (the first one is at data/entities.toml:8:6; rename one of them)",
            "data/facts.toml:28:9: fact \"beaver-league-is-alliance\": unknown entity \"lakeview\"",
        ],
    );
    // Across files: an entity defined again in facts.toml.
    check(
        &[(
            "facts.toml",
            "[[fact]]\nid = \"beaver-league-is-alliance\"",
            "[[entity]]\nid = \"lakeview\"\nkind = \"place\"\nname = \"Lake View\"\n\n[[fact]]\nid = \"beaver-league-is-alliance\"",
        )],
        &[
            "data/facts.toml:23:6: entity \"lakeview\": duplicate entity id (the first one is at data/entities.toml:14:6; rename one of them)",
        ],
    );
    check(
        &[
            ("entities.toml", "id = \"lakeview\"", "id = \"Lake View\""),
            (
                "facts.toml",
                "place = \"lakeview\"",
                "place = \"Lake View\"",
            ),
        ],
        &[
            "data/entities.toml:14:6: entity \"Lake View\": malformed id: it must start with a lowercase letter (ids are lowercase ASCII letters, digits and \"-\", e.g. \"lake-view\")",
        ],
    );
}

#[test]
fn an_entity_may_mean_only_other_entities_that_exist() {
    check(
        &[(
            "entities.toml",
            "aliases = [\"Beavers\"]",
            "aliases = [\"Beavers\"]\nmay_mean = [\"lakevew\", \"beaver-league\"]",
        )],
        &[
            "data/entities.toml:12:13: entity \"beaver-league\": unknown entity \"lakevew\" (did you mean \"lakeview\"?)",
            "data/entities.toml:12:24: entity \"beaver-league\": an entity's may_mean names the entity itself (list other entities a question naming this one may mean)",
        ],
    );
}

#[test]
fn dangling_references_suggest_the_nearest_id() {
    check(
        &[(
            "facts.toml",
            "source = \"example-news\"",
            "source = \"example-new\"",
        )],
        &[
            "data/facts.toml:3:10: fact \"otter-council-bans-fishing\": unknown source \"example-new\" (did you mean \"example-news\"?)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "subject = \"beaver-league\"",
            "subject = \"beaver-leage\"",
        )],
        &[
            "data/facts.toml:15:11: fact \"beaver-league-criticises-ban\": unknown entity \"beaver-leage\" (did you mean \"beaver-league\"?)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "object = \"otter-council\"",
            "object = [\"otter-council\", \"talliban\"]",
        )],
        &[
            "data/facts.toml:17:28: fact \"beaver-league-criticises-ban\": unknown entity \"talliban\"",
        ],
    );
    check(
        &[("facts.toml", "place = \"lakeview\"", "place = \"lakevew\"")],
        &[
            "data/facts.toml:28:9: fact \"beaver-league-is-alliance\": unknown entity \"lakevew\" (did you mean \"lakeview\"?)",
        ],
    );
    check(
        &[("facts.toml", "place = \"lakeview\"", "via = \"lakeviews\"")],
        &[
            "data/facts.toml:28:7: fact \"beaver-league-is-alliance\": unknown entity \"lakeviews\" (did you mean \"lakeview\"?)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "predicate = \"criticised\"",
            "predicate = \"criticized\"",
        )],
        &[
            "data/facts.toml:16:13: fact \"beaver-league-criticises-ban\": unknown predicate \"criticized\" (did you mean \"criticised\"?)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "fact = \"otter-council-bans-fishing\"",
            "fact = \"otter-council-bans-fishin\"",
        )],
        &[
            "data/facts.toml:19:38: fact \"beaver-league-criticises-ban\": unknown fact \"otter-council-bans-fishin\" (did you mean \"otter-council-bans-fishing\"?)",
        ],
    );
}

#[test]
fn unknown_kinds_statuses_and_precisions_list_the_valid_words() {
    check(
        &[("entities.toml", "kind = \"alliance\"", "kind = \"aliance\"")],
        &[
            "data/entities.toml:9:8: entity \"beaver-league\": unknown entity kind \"aliance\" (did you mean \"alliance\"? kinds: person, organisation, country, court, alliance, document, event, place, group, concept)",
        ],
    );
    check(
        &[("entities.toml", "kind = \"place\"", "kind = \"city\"")],
        &[
            "data/entities.toml:15:8: entity \"lakeview\": unknown entity kind \"city\" (kinds: person, organisation, country, court, alliance, document, event, place, group, concept)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "status = \"in-force\"",
            "status = \"inforce\"",
        )],
        &[
            "data/facts.toml:9:10: fact \"otter-council-bans-fishing\": unknown status \"inforce\" (did you mean \"in-force\"? statuses: in-force, under-review, proposed, ended, ongoing)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "precision = \"approximate\"",
            "precision = \"about\"",
        )],
        &[
            "data/facts.toml:29:22: fact \"beaver-league-is-alliance\": unknown date precision \"about\" (precisions: day, month, year, range, approximate, after, before, present)",
        ],
    );
}

#[test]
fn malformed_dates() {
    let date = "precision = \"year\", year = 2019";
    let with = |replacement: &'static str| [("facts.toml", date, replacement)];
    check(
        &with("precision = \"day\", year = 2019"),
        &[
            "data/facts.toml:8:8: fact \"otter-council-bans-fishing\": a \"day\" date needs \"month\" (a \"day\" date takes year, month, day)",
            "data/facts.toml:8:8: fact \"otter-council-bans-fishing\": a \"day\" date needs \"day\" (a \"day\" date takes year, month, day)",
        ],
    );
    check(
        &with("precision = \"year\", year = 2019, month = 3"),
        &[
            "data/facts.toml:8:51: fact \"otter-council-bans-fishing\": a \"year\" date has no \"month\" (a \"year\" date takes year)",
        ],
    );
    check(
        &with("precision = \"month\", year = 2019, month = 13"),
        &[
            "data/facts.toml:8:52: fact \"otter-council-bans-fishing\": month 13 is not between 1 and 12",
        ],
    );
    check(
        &with("precision = \"day\", year = 2019, month = 2, day = 29"),
        &[
            "data/facts.toml:8:59: fact \"otter-council-bans-fishing\": day 29 does not exist in month 2 of 2019 (that month has 28 days)",
        ],
    );
    assert_eq!(
        problems(&edited(&with(
            "precision = \"day\", year = 2020, month = 2, day = 29"
        ))),
        Vec::<String>::new(),
        "2020 is a leap year"
    );
    check(
        &with("precision = \"range\", year = 2019, to_year = 2001"),
        &[
            "data/facts.toml:8:8: fact \"otter-council-bans-fishing\": the range ends in 2001, before it starts in 2019 (swap year and to_year)",
        ],
    );
    check(
        &with("precision = \"year\", year = 20190"),
        &[
            "data/facts.toml:8:37: fact \"otter-council-bans-fishing\": year 20190 is out of range (write the year in full, between -9999 and 9999)",
        ],
    );
    check(
        &[(
            "facts.toml",
            "fact = \"otter-council-bans-fishing\"",
            "fact = \"beaver-league-criticises-ban\"",
        )],
        &[
            "data/facts.toml:19:38: fact \"beaver-league-criticises-ban\": the fact is dated after itself (point \"fact\" at the fact this one is dated against)",
        ],
    );
    check(
        &with("precision = \"before\", fact = \"beaver-league-criticises-ban\""),
        &[
            "data/facts.toml:8:8: fact \"otter-council-bans-fishing\": the dates form a cycle: \"otter-council-bans-fishing\" → \"beaver-league-criticises-ban\" → \"otter-council-bans-fishing\" (date one of these facts by a year instead)",
        ],
    );
}

#[test]
fn empty_strings_and_quotes() {
    let quotes = "quotes = [\"The Otter Council banned river fishing in 2019, citing falling fish numbers.\"]";
    check(
        &[("facts.toml", quotes, "quotes = [\"\"]")],
        &[
            "data/facts.toml:10:11: fact \"otter-council-bans-fishing\": a quote is empty (write a passage of the source text, verbatim)",
        ],
    );
    check(
        &[("facts.toml", quotes, "quotes = []")],
        &[
            "data/facts.toml:10:10: fact \"otter-council-bans-fishing\": the fact has no quotes (add at least one passage of the source text, verbatim)",
        ],
    );
    check(
        &[("entities.toml", "name = \"Lakeview\"", "name = \" \"")],
        &[
            "data/entities.toml:16:8: entity \"lakeview\": \"name\" is empty (write the text, or remove the key if it is optional)",
        ],
    );
    check(
        &[("facts.toml", "object_text = \"river fishing\"\n", "")],
        &[
            "data/facts.toml:1:1: fact \"otter-council-bans-fishing\": the fact has neither \"object\" nor \"object_text\" (add object = \"<entity id>\" or object_text = \"<plain words>\")",
        ],
    );
}

#[test]
fn passages_must_be_in_the_source_text() {
    check(
        &[(
            "facts.toml",
            "banned river fishing in 2019",
            "banned lake fishing in 2019",
        )],
        &[
            "data/facts.toml:10:11: fact \"otter-council-bans-fishing\": quote not found in the source text (closest passage: \"The Otter Council banned river fishing in 2019, citing falling fish numbers\")",
        ],
    );
    check(
        &[(
            "facts.toml",
            "words = \"around 1990\"",
            "words = \"about 1990\"",
        )],
        &[
            "data/facts.toml:29:58: fact \"beaver-league-is-alliance\": date words not found in the source text (closest passage: \"around 1990\")",
        ],
    );
    check(
        &[(
            "sources.toml",
            "article = \"wet blanket\"",
            "article = \"damp blanket\"",
        )],
        &[
            "data/sources.toml:12:15: source \"example-news\": glossary wording not found in the source text (closest passage: \"wet blanket\")",
        ],
    );
    // "as" wordings match ignoring case ("WET BLANKET" is fine), but must be there.
    check(
        &[(
            "facts.toml",
            "article = \"WET BLANKET\"",
            "article = \"DAMP BLANKET\"",
        )],
        &[
            "data/facts.toml:18:18: fact \"beaver-league-criticises-ban\": \"as\" wording not found in the source text (even ignoring case) (closest passage: \"wet blanket\")",
        ],
    );
}

#[test]
fn source_files_must_exist_and_be_unchanged() {
    check(
        &[(
            "sources.toml",
            "file = \"sources/tiny.txt\"",
            "file = \"sources/tiny.text\"",
        )],
        &[
            "data/sources.toml:5:8: source \"example-news\": the source file \"sources/tiny.text\" does not exist (did you mean \"sources/tiny.txt\"?)",
        ],
    );
    check(
        &[(
            "sources.toml",
            "file = \"sources/tiny.txt\"",
            "file = \"../tiny.txt\"",
        )],
        &[
            "data/sources.toml:5:8: source \"example-news\": the source file \"../tiny.txt\" is not a path inside the data directory (write it relative to the data directory, e.g. \"sources/article.txt\")",
        ],
    );
    let actual = "5d60379b8d7ea3020af23c8d7dbb3afbc24b35cfecc4ec73fb1594c2dbd935e4";
    let recorded = "5d61379b8d7ea3020af23c8d7dbb3afbc24b35cfecc4ec73fb1594c2dbd935e4";
    check(
        &[("sources.toml", actual, recorded)],
        &[&format!(
            "data/sources.toml:6:10: source \"example-news\": the source text changed: sha256 expected {recorded}, actual {actual} (if the change is intended, update sha256 to \"{actual}\")"
        )],
    );
    let mut files = fixture();
    files
        .files
        .insert("sources/tiny.txt".into(), b"Otters \xff ban".to_vec());
    assert_eq!(
        problems(&files),
        ["data/sources/tiny.txt:1:8: the file is not valid UTF-8 (save it as UTF-8 text)"]
    );
}

#[test]
fn a_missing_source_on_disk_suggests_the_ignored_file_beside_it() {
    // On disk the unreferenced text is not read, only listed as ignored;
    // the problem is the same as when it is in memory.
    let dir = tempfile::tempdir().unwrap();
    fixture().write_to(dir.path()).unwrap();
    let sources = dir.path().join("sources.toml");
    let text = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(
        &sources,
        text.replace("sources/tiny.txt", "sources/tiny.text"),
    )
    .unwrap();
    let mut files = DataFiles::read_dir(dir.path()).unwrap();
    files.root = "data".into();
    assert_eq!(files.ignored, ["sources/tiny.txt"]);
    assert!(!files.files.contains_key("sources/tiny.txt"));
    assert_eq!(
        problems(&files),
        [
            "data/sources.toml:5:8: source \"example-news\": the source file \"sources/tiny.text\" does not exist (did you mean \"sources/tiny.txt\"?)"
        ]
    );
}

#[test]
fn names_must_not_collide_after_folding() {
    check(
        &[(
            "entities.toml",
            "aliases = [\"Beavers\"]",
            "aliases = [\"Beavers\", \"the Council\"]",
        )],
        &[
            "data/entities.toml:11:23: entity \"beaver-league\": the name \"the Council\" is also a name of entity \"otter-council\" (both read \"the council\") (names and aliases must differ in more than case, accents and punctuation; see data/entities.toml:5:18)",
        ],
    );
    check(
        &[("entities.toml", "name = \"Lakeview\"", "name = \"!!!\"")],
        &[
            "data/entities.toml:16:8: entity \"lakeview\": the name \"!!!\" has no letters or digits (names are matched by their letters and digits)",
        ],
    );
}

#[test]
fn a_dataset_needs_data_files_and_sources() {
    let mut files = fixture();
    files.files.remove("sources.toml");
    let got = problems(&files);
    assert_eq!(
        got[0],
        "data: the dataset has no sources (add a [[source]] table for the article the facts come from)"
    );
    assert_eq!(got.len(), 5, "and each fact's source is unknown: {got:#?}");

    let empty = DataFiles::from_memory("data", [("sources/tiny.txt", "text")]);
    assert_eq!(
        problems(&empty),
        [
            "data: no data files: the directory has no *.toml file (put sources.toml, entities.toml, predicates.toml and facts.toml there)"
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_and_line_order() {
    check(
        &[
            (
                "facts.toml",
                "subject = \"otter-council\"\npredicate = \"banned\"",
                "subject = \"otter-counci\"\npredicate = \"baned\"",
            ),
            ("entities.toml", "kind = \"place\"", "kind = \"city\""),
            ("sources.toml", "5d60", "5d61"),
            ("facts.toml", "year = 2021", "year = 2021, month = 1"),
        ],
        &[
            "data/entities.toml:15:8: entity \"lakeview\": unknown entity kind \"city\" (kinds: person, organisation, country, court, alliance, document, event, place, group, concept)",
            "data/facts.toml:4:11: fact \"otter-council-bans-fishing\": unknown entity \"otter-counci\" (did you mean \"otter-council\"?)",
            "data/facts.toml:5:13: fact \"otter-council-bans-fishing\": unknown predicate \"baned\" (did you mean \"banned\"?)",
            "data/facts.toml:41:51: fact \"council-says-fishing-resumes\": a \"year\" date has no \"month\" (a \"year\" date takes year)",
            "data/sources.toml:6:10: source \"example-news\": the source text changed: sha256 expected 5d61379b8d7ea3020af23c8d7dbb3afbc24b35cfecc4ec73fb1594c2dbd935e4, actual 5d60379b8d7ea3020af23c8d7dbb3afbc24b35cfecc4ec73fb1594c2dbd935e4 (if the change is intended, update sha256 to \"5d60379b8d7ea3020af23c8d7dbb3afbc24b35cfecc4ec73fb1594c2dbd935e4\")",
        ],
    );
    let err = data::load(&edited(&[(
        "entities.toml",
        "kind = \"place\"",
        "kind = \"city\"",
    )]))
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the dataset has 1 problem:\ndata/entities.toml:15:8:"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_as_a_data_file_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut files = fixture();
        files.files.insert("facts.toml".into(), bytes);
        let _ = data::load(&files);
    }

    #[test]
    fn mutated_valid_toml_never_panics(
        file in prop::sample::select(vec!["facts.toml", "entities.toml", "sources.toml", "predicates.toml"]),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..6),
    ) {
        let mut files = fixture();
        let mut text: Vec<char> = String::from_utf8(files.files[file].clone()).unwrap().chars().collect();
        for (at, op, c) in edits {
            if text.is_empty() {
                break;
            }
            let i = at.index(text.len());
            match op {
                0 => { text.remove(i); }
                1 => text.insert(i, c),
                2 => text[i] = c,
                // Structural characters are the interesting ones.
                _ => text.insert(i, ['"', '[', ']', '{', '}', '=', '\n', ',', '\\'][i % 9]),
            }
        }
        files.files.insert(file.into(), text.into_iter().collect::<String>().into_bytes());
        let _ = data::load(&files);
    }
}

fn shipped_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
fn the_shipped_data_loads_and_covers_the_article() {
    let files = DataFiles::read_dir(&shipped_data()).unwrap();
    let ds = data::load(&files).unwrap_or_else(|p| panic!("{p}"));
    assert!(!ds.facts.is_empty());
    let coverage = Coverage::of(&ds);
    let uncovered: Vec<&str> = coverage
        .uncovered()
        .map(|(s, sentence)| sentence.text(&ds.source(s).text))
        .collect();
    assert!(
        coverage.percent() >= 98.0,
        "coverage {:.1}%, uncovered: {uncovered:#?}",
        coverage.percent()
    );
}

/// A fuzzed source text that had lost every quote took seconds to refuse:
/// each missing quote got a "closest passage" hint costing 49 edit
/// distances of up to 600 characters. Hints now stop after the first 20,
/// each costing 15 distances of at most 300 bytes.
#[test]
fn a_source_text_that_lost_every_quote_gets_only_the_first_hints() {
    let mut files = DataFiles::read_dir(&shipped_data()).unwrap();
    let name = "sources/asia-times-putin-taliban.txt";
    let text = String::from_utf8(files.files[name].clone()).unwrap();
    let reversed: Vec<&str> = text.split_whitespace().rev().collect();
    files
        .files
        .insert(name.into(), reversed.join(" ").into_bytes());
    let problems = problems(&files);
    let missing = problems
        .iter()
        .filter(|p| p.contains("not found in the source text"));
    let hinted = problems.iter().filter(|p| p.contains("(closest passage: "));
    assert!(missing.count() > 40, "{problems:#?}");
    assert_eq!(hinted.count(), 20, "{problems:#?}");
}

fn factbot_check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn factbot_check_summarises_the_shipped_data() {
    let dir = shipped_data();
    let (code, stdout, stderr) = factbot_check(&["--data", dir.to_str().unwrap(), "--coverage"]);
    assert_eq!(code, 0, "{stderr}");
    for line in [
        "sources:",
        "entities:",
        "facts:",
        "predicates:",
        "coverage:",
        "version:",
    ] {
        assert!(stdout.contains(line), "no {line} in {stdout}");
    }
    assert!(stdout.contains("factual sentences ("), "{stdout}");
}

#[test]
fn factbot_check_names_the_files_it_ignored_and_keeps_the_version() {
    let shipped = shipped_data();
    let dir = tempfile::tempdir().unwrap();
    DataFiles::read_dir(&shipped)
        .unwrap()
        .write_to(dir.path())
        .unwrap();
    std::fs::copy(shipped.join("README.md"), dir.path().join("README.md")).unwrap();
    let facts = std::fs::read_to_string(dir.path().join("facts.toml")).unwrap();
    // An editor's backup of an older draft.
    let backup = facts.replacen("[[fact]]", "[[fact]]\n# draft", 1);
    std::fs::write(dir.path().join("facts.toml~"), backup).unwrap();

    let version = |stdout: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with("version:"))
            .map(str::to_owned)
    };
    let (code, clean, stderr) = factbot_check(&["--data", shipped.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!clean.contains("ignored"), "{clean}");
    let (code, cluttered, stderr) = factbot_check(&["--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        cluttered.ends_with("\nignored 1 file that is not part of the dataset: facts.toml~\n"),
        "{cluttered}"
    );
    assert!(version(&clean).is_some(), "{clean}");
    assert_eq!(version(&cluttered), version(&clean));
}

#[test]
fn factbot_check_prints_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    edited(&[
        ("entities.toml", "kind = \"place\"", "kind = \"city\""),
        (
            "facts.toml",
            "subject = \"beaver-league\"",
            "subject = \"beaver-leage\"",
        ),
    ])
    .write_to(dir.path())
    .unwrap();
    let (code, stdout, stderr) = factbot_check(&["--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    let shown = dir.path().display();
    assert_eq!(
        stderr,
        format!(
            "the dataset has 2 problems:\n\
             {shown}/entities.toml:15:8: entity \"lakeview\": unknown entity kind \"city\" (kinds: person, organisation, country, court, alliance, document, event, place, group, concept)\n\
             {shown}/facts.toml:15:11: fact \"beaver-league-criticises-ban\": unknown entity \"beaver-leage\" (did you mean \"beaver-league\"?)\n"
        )
    );
}

#[test]
fn factbot_check_lists_uncovered_sentences() {
    let dir = tempfile::tempdir().unwrap();
    // Drop the fact quoting "The Beaver League is ..." and "It was formed ...".
    let files = edited(&[(
        "facts.toml",
        "  \"The Beaver League is a loose alliance of dam builders.\",\n  \"It was formed around 1990 in Lakeview.\",\n",
        "  \"The Beaver League is a loose alliance\",\n",
    )]);
    files.write_to(dir.path()).unwrap();
    let (code, stdout, stderr) =
        factbot_check(&["--data", dir.path().to_str().unwrap(), "--coverage"]);
    assert_eq!(code, 0, "{stderr}");
    let shown = dir.path().display();
    assert!(
        stdout.contains("coverage:   5 of 6 factual sentences (83.3%)\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(&format!(
            "factual sentences no fact quotes:\n  {shown}/sources/tiny.txt:9: It was formed around 1990 in Lakeview.\n"
        )),
        "{stdout}"
    );
}

#[test]
fn factbot_check_exits_2_when_the_directory_cannot_be_read() {
    let (code, stdout, stderr) = factbot_check(&["--data", "/nonexistent/factbot-data"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: cannot read the data directory /nonexistent/factbot-data: /nonexistent/factbot-data: "),
        "{stderr}"
    );
}
