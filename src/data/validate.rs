//! Checks that need more than one value, across all files: ids and
//! references, dates, names, and the source texts (checksums and verbatim
//! quotes). Builds the model as it goes; the model is only used when no
//! problem was found, so placeholders stand in for broken references.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use rustc_hash::FxHashMap;

use super::digests::{Digests, hex};
use super::files::{DataFiles, path_inside};
use super::model::{
    AsWhat, DateValue, Entity, EntityId, EntityKind, Fact, FactDate, FactId, GlossaryEntry,
    Predicate, PredicateId, Quote, Source, SourceId, Status,
};
use super::parallel::map_parallel;
use super::raw::{Item, Loc, Objects, RawData, RawDate, RawFact, SStr, Table};
use super::report::{FileId, Sink};
use super::text::fold;
use super::text::{closest, did_you_mean};
use super::verbatim::{Found, Needles, closest_passage};

/// The validated parts of a dataset, ready for `Dataset::new`.
pub(crate) struct Parts {
    pub sources: Vec<Source>,
    pub predicates: Vec<Predicate>,
    pub entities: Vec<Entity>,
    pub facts: Vec<Fact>,
}

/// Stands in for a reference that did not resolve (never escapes: a dataset
/// with a problem is not built).
const NONE: u32 = u32::MAX;

/// How many missing passages get a "closest passage" hint (each costs a
/// scan of the source text).
const MAX_PASSAGE_HINTS: usize = 20;
/// How many distinct unknown ids get a "did you mean" hint (each costs a
/// scan of the known ids).
const MAX_ID_HINTS: usize = 1000;

/// What a problem concerns, formatted only when a problem is reported.
#[derive(Clone, Copy)]
struct About<'r> {
    table: Table,
    id: &'r str,
}

impl fmt::Display for About<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\"", self.table.word(), self.id)
    }
}

/// The ids of one table: index of the item, or `None` for an item that
/// could not be read (references to it are not reported again).
type Ids<'r> = FxHashMap<&'r str, Option<u32>>;

struct Ctx<'a, 's> {
    sink: &'s mut Sink<'a>,
    /// Unknown references are not reported when a file failed to parse:
    /// what they point at may be in it.
    syntax_errors: bool,
    id_hints: HashMap<(Table, String), Option<String>>,
    passage_hints: usize,
}

impl<'a> Ctx<'a, '_> {
    fn problem(
        &mut self,
        file: FileId,
        at: usize,
        about: About,
        message: String,
        hint: Option<String>,
    ) {
        self.sink
            .at(file, at, Some(about.to_string()), message, hint);
    }

    /// Reports an empty (or blank) string; returns whether it had text.
    fn non_empty(&mut self, file: FileId, s: &SStr, about: About, key: &str) -> bool {
        if s.get_ref().as_str().trim().is_empty() {
            self.problem(
                file,
                s.at(),
                about,
                format!("\"{key}\" is empty"),
                Some("write the text, or remove the key if it is optional".to_owned()),
            );
            false
        } else {
            true
        }
    }

    fn non_empty_opt(&mut self, file: FileId, s: &Option<SStr>, about: About, key: &str) {
        if let Some(s) = s {
            self.non_empty(file, s, about, key);
        }
    }

    /// Resolves a reference into `ids`, reporting an unknown id.
    fn resolve(
        &mut self,
        file: FileId,
        reference: &SStr,
        ids: &Ids,
        target: Table,
        about: About,
    ) -> Option<u32> {
        let id = reference.get_ref().as_str();
        match ids.get(id) {
            Some(Some(index)) => return Some(*index),
            Some(None) => return None,
            None if self.syntax_errors => return None,
            None => {}
        }
        let hint = match self.id_hints.get(&(target, id.to_owned())) {
            Some(hint) => hint.clone(),
            None if self.id_hints.len() < MAX_ID_HINTS => {
                let hint = did_you_mean(id, ids.keys().copied());
                self.id_hints.insert((target, id.to_owned()), hint.clone());
                hint
            }
            None => None,
        };
        self.problem(
            file,
            reference.at(),
            about,
            format!("unknown {} \"{id}\"", target.word()),
            hint,
        );
        None
    }

    /// The closest passage of `text` to a missing `passage`, as a hint.
    fn passage_hint(&mut self, text: &str, passage: &str) -> Option<String> {
        if self.passage_hints >= MAX_PASSAGE_HINTS {
            return None;
        }
        self.passage_hints += 1;
        let closest = closest_passage(text, passage)?;
        let shown = if closest.chars().count() > 300 {
            let cut: String = closest.chars().take(300).collect();
            format!("{cut}…")
        } else {
            closest.to_owned()
        };
        Some(format!("closest passage: \"{shown}\""))
    }
}

/// Registers the ids of one table, reporting malformed and duplicate ids.
fn register<'r, T>(
    ctx: &mut Ctx,
    items: &'r [Item<T>],
    id_of: impl Fn(&'r T) -> &'r SStr<'r>,
    table: Table,
    broken: impl Iterator<Item = &'r str>,
) -> Ids<'r> {
    let mut ids: Ids<'r> = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
    for (index, item) in items.iter().enumerate() {
        let id = id_of(&item.raw);
        let name = id.get_ref().as_str();
        let about = About { table, id: name };
        if let Some(why) = malformed_id(name) {
            ctx.problem(
                item.file,
                id.at(),
                about,
                format!("malformed id: {why}"),
                Some(id_rule_hint(name)),
            );
        }
        match ids.entry(name) {
            Entry::Vacant(v) => {
                v.insert(Some(index as u32));
            }
            Entry::Occupied(o) => {
                let first = o.get().map_or(String::new(), |i| {
                    let first = &items[i as usize];
                    ctx.sink.location(first.file, id_of(&first.raw).at())
                });
                ctx.problem(
                    item.file,
                    id.at(),
                    about,
                    format!("duplicate {} id", table.word()),
                    Some(format!("the first one is at {first}; rename one of them")),
                );
            }
        }
    }
    for id in broken {
        ids.entry(id).or_insert(None);
    }
    ids
}

/// Why `id` is not a valid id, if it is not.
fn malformed_id(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("it is empty")
    } else if id.len() > 64 {
        Some("it is longer than 64 characters")
    } else if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("it must start with a lowercase letter")
    } else if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Some("only lowercase ASCII letters, digits and \"-\" are allowed")
    } else {
        None
    }
}

fn id_rule_hint(id: &str) -> String {
    let slug = fold(id).replace(' ', "-");
    let slug = slug.trim_start_matches(|c: char| !c.is_ascii_lowercase());
    if slug.is_empty() || slug.len() > 64 || slug == id {
        "ids are lowercase ASCII letters, digits and \"-\", start with a letter, at most 64 characters"
            .to_owned()
    } else {
        format!("ids are lowercase ASCII letters, digits and \"-\", e.g. \"{slug}\"")
    }
}

/// Checks everything across files and builds the model, which is only
/// valid when the sink has no problems afterwards.
pub(crate) fn validate<'a>(
    raw: RawData<'a>,
    files: &'a DataFiles,
    digests: &Digests,
    max_threads: usize,
    sink: &mut Sink<'a>,
) -> Parts {
    let mut ctx = Ctx {
        sink,
        syntax_errors: raw.syntax_errors,
        id_hints: HashMap::new(),
        passage_hints: 0,
    };
    let broken = |table: Table| {
        raw.broken
            .iter()
            .filter(move |b| b.table == table)
            .map(|b| b.id)
    };
    let source_ids = register(
        &mut ctx,
        &raw.sources,
        |s| &s.id,
        Table::Source,
        broken(Table::Source),
    );
    let predicate_ids = register(
        &mut ctx,
        &raw.predicates,
        |p| &p.id,
        Table::Predicate,
        broken(Table::Predicate),
    );
    let entity_ids = register(
        &mut ctx,
        &raw.entities,
        |e| &e.id,
        Table::Entity,
        broken(Table::Entity),
    );
    let fact_ids = register(
        &mut ctx,
        &raw.facts,
        |f| &f.id,
        Table::Fact,
        broken(Table::Fact),
    );

    if raw.sources.is_empty()
        && !ctx.syntax_errors
        && !raw.broken.iter().any(|b| b.table == Table::Source)
    {
        ctx.sink.report.general(
            files.display_path(""),
            "the dataset has no sources".to_owned(),
            Some("add a [[source]] table for the article the facts come from".to_owned()),
        );
    }

    let predicates = predicates(&mut ctx, &raw);
    let entities = entities(&mut ctx, &raw, &entity_ids);
    let (mut sources, texts, mut needles) = sources(&mut ctx, &raw, files, digests);
    let refs = Refs {
        sources: &source_ids,
        predicates: &predicate_ids,
        entities: &entity_ids,
        facts: &fact_ids,
    };
    let mut facts = Vec::with_capacity(raw.facts.len());
    for (index, item) in raw.facts.iter().enumerate() {
        let fact = fact(&mut ctx, item, index as u32, &refs, &texts, &mut needles);
        facts.push(fact);
    }
    check_date_cycles(&mut ctx, &raw.facts, &facts);

    // One scan per source text for all its passages; texts are independent.
    let scans: Vec<(&Needles, Option<&str>)> = needles.iter().zip(texts.iter().copied()).collect();
    let found: Vec<Found> = map_parallel(
        &scans,
        max_threads,
        |(_, t)| t.map_or(0, str::len),
        |(n, t)| t.map(|t| n.find_in(t)).unwrap_or_default(),
    );
    for (s, item) in raw.sources.iter().enumerate() {
        let Some(text) = texts[s] else { continue };
        let about = About {
            table: Table::Source,
            id: item.raw.id.get_ref().as_str(),
        };
        for entry in &item.raw.glossary {
            let article = entry.article.get_ref().as_str();
            let Some(id) = needles[s].exact_id(article) else {
                continue;
            };
            if found[s].exact[id as usize].is_none() {
                let hint = ctx.passage_hint(text, article);
                ctx.problem(
                    item.file,
                    entry.article.at(),
                    about,
                    "glossary wording not found in the source text".to_owned(),
                    hint,
                );
            }
        }
        sources[s].glossary.shrink_to_fit();
    }
    for (fact, item) in facts.iter_mut().zip(&raw.facts) {
        check_fact_passages(&mut ctx, fact, item, &texts, &needles, &found);
    }
    Parts {
        sources,
        predicates,
        entities,
        facts,
    }
}

fn predicates(ctx: &mut Ctx, raw: &RawData) -> Vec<Predicate> {
    let mut out = Vec::with_capacity(raw.predicates.len());
    for item in &raw.predicates {
        let p = &item.raw;
        let about = About {
            table: Table::Predicate,
            id: p.id.get_ref().as_str(),
        };
        ctx.non_empty(item.file, &p.label, about, "label");
        // "_" marks where the objects go ("found _ guilty"): once at most,
        // as a word of its own, never first.
        let label = p.label.get_ref().as_str();
        let marks = label.split_whitespace().filter(|w| w.contains('_')).count();
        if marks > 1 || (marks == 1 && !label.split_whitespace().skip(1).any(|w| w == "_")) {
            ctx.problem(
                item.file,
                p.label.at(),
                about,
                format!("\"label\" {label:?} marks the place of its objects wrongly"),
                Some("write \"_\" once, as a word after the verb, where the objects go (\"found _ guilty\"), or leave it out to put them at the end".to_owned()),
            );
        }
        ctx.non_empty_opt(item.file, &p.inverse, about, "inverse");
        for word in &p.words {
            ctx.non_empty(item.file, word, about, "words");
        }
        out.push(Predicate {
            id: p.id.get_ref().to_box(),
            label: p.label.get_ref().to_box(),
            inverse: p.inverse.as_ref().map(|s| s.get_ref().to_box()),
            designation: p.designation,
            words: p.words.iter().map(|w| w.get_ref().to_box()).collect(),
        });
    }
    out
}

fn entities(ctx: &mut Ctx, raw: &RawData, ids: &Ids) -> Vec<Entity> {
    let mut out = Vec::with_capacity(raw.entities.len());
    // Folded name -> (entity index, file, offset of the name).
    let mut names: FxHashMap<String, (usize, FileId, usize)> =
        FxHashMap::with_capacity_and_hasher(raw.entities.len() * 3, Default::default());
    for (index, item) in raw.entities.iter().enumerate() {
        let e = &item.raw;
        let about = About {
            table: Table::Entity,
            id: e.id.get_ref().as_str(),
        };
        let kind_word = e.kind.get_ref().as_str();
        let kind = EntityKind::parse(kind_word).unwrap_or_else(|| {
            let valid: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            ctx.problem(
                item.file,
                e.kind.at(),
                about,
                format!("unknown entity kind \"{kind_word}\""),
                Some(choice_hint(kind_word, &valid, "kinds")),
            );
            EntityKind::Concept
        });
        ctx.non_empty_opt(item.file, &e.note, about, "note");
        ctx.non_empty_opt(item.file, &e.display, about, "display");
        for (key, name) in
            std::iter::once(("name", &e.name)).chain(e.aliases.iter().map(|a| ("aliases", a)))
        {
            if !ctx.non_empty(item.file, name, about, key) {
                continue;
            }
            let written = name.get_ref().as_str();
            let folded = fold(written);
            if folded.is_empty() {
                ctx.problem(
                    item.file,
                    name.at(),
                    about,
                    format!("the name \"{written}\" has no letters or digits"),
                    Some("names are matched by their letters and digits".to_owned()),
                );
                continue;
            }
            match names.entry(folded) {
                Entry::Vacant(v) => {
                    v.insert((index, item.file, name.at()));
                }
                Entry::Occupied(o) => {
                    let &(other, file, at) = o.get();
                    if other != index {
                        let other_id = raw.entities[other].raw.id.get_ref().as_str();
                        let first = ctx.sink.location(file, at);
                        ctx.problem(
                            item.file,
                            name.at(),
                            about,
                            format!(
                                "the name \"{written}\" is also a name of entity \"{other_id}\" (both read \"{}\")",
                                o.key()
                            ),
                            Some(format!(
                                "names and aliases must differ in more than case, accents and punctuation; see {first}"
                            )),
                        );
                    }
                }
            }
        }
        let mut may_mean = Vec::with_capacity(e.may_mean.len());
        for reference in &e.may_mean {
            let Some(other) = ctx.resolve(item.file, reference, ids, Table::Entity, about) else {
                continue;
            };
            if other as usize == index {
                ctx.problem(
                    item.file,
                    reference.at(),
                    about,
                    "an entity's may_mean names the entity itself".to_owned(),
                    Some("list other entities a question naming this one may mean".to_owned()),
                );
            } else {
                may_mean.push(EntityId(other));
            }
        }
        out.push(Entity {
            may_mean,
            id: e.id.get_ref().to_box(),
            kind,
            name: e.name.get_ref().to_box(),
            aliases: e.aliases.iter().map(|a| a.get_ref().to_box()).collect(),
            display: e.display.as_ref().map(|n| n.get_ref().to_box()),
            note: e.note.as_ref().map(|n| n.get_ref().to_box()),
        });
    }
    out
}

/// `did you mean "person"? kinds: person, organisation, ...`.
fn choice_hint(word: &str, valid: &[&str], what: &str) -> String {
    let list = valid.join(", ");
    match closest(word, valid.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"? {what}: {list}"),
        None => format!("{what}: {list}"),
    }
}

type SourceParts<'a, 'r> = (Vec<Source>, Vec<Option<&'a str>>, Vec<Needles<'r>>);

fn sources<'a, 'r>(
    ctx: &mut Ctx<'a, '_>,
    raw: &'r RawData<'a>,
    files: &'a DataFiles,
    digests: &Digests,
) -> SourceParts<'a, 'r> {
    let mut out = Vec::with_capacity(raw.sources.len());
    let mut texts = Vec::with_capacity(raw.sources.len());
    let mut needles = Vec::with_capacity(raw.sources.len());
    // A text file read by several sources is registered once.
    let mut registered: HashMap<&str, Option<&'a str>> = HashMap::new();
    for item in &raw.sources {
        let s = &item.raw;
        let about = About {
            table: Table::Source,
            id: s.id.get_ref().as_str(),
        };
        for (key, value) in [("headline", &s.headline), ("publisher", &s.publisher)] {
            ctx.non_empty(item.file, value, about, key);
        }
        for (key, value) in [
            ("author", &s.author),
            ("author_affiliation", &s.author_affiliation),
            ("republished_from", &s.republished_from),
            ("licence", &s.licence),
            ("url", &s.url),
            ("note", &s.note),
        ] {
            ctx.non_empty_opt(item.file, value, about, key);
        }
        let text = source_text(ctx, item.file, &s.file, about, files, &mut registered);
        let digest = path_inside(s.file.get_ref().as_str()).and_then(|r| digests.get(r));
        if let (Some(_), Some(digest)) = (text, digest) {
            check_sha256(ctx, item.file, &s.sha256, about, digest);
        }
        let mut wanted = Needles::default();
        for entry in &s.glossary {
            if ctx.non_empty(item.file, &entry.article, about, "glossary.article") {
                wanted.exact(entry.article.get_ref().as_str());
            }
            ctx.non_empty(item.file, &entry.meaning, about, "glossary.meaning");
        }
        out.push(Source {
            id: s.id.get_ref().to_box(),
            file: s.file.get_ref().to_box(),
            text: text.map(Box::from).unwrap_or_default(),
            sha256: s.sha256.get_ref().to_box(),
            headline: s.headline.get_ref().to_box(),
            publisher: s.publisher.get_ref().to_box(),
            author: s.author.as_ref().map(|v| v.get_ref().to_box()),
            author_affiliation: s.author_affiliation.as_ref().map(|v| v.get_ref().to_box()),
            republished_from: s.republished_from.as_ref().map(|v| v.get_ref().to_box()),
            licence: s.licence.as_ref().map(|v| v.get_ref().to_box()),
            url: s.url.as_ref().map(|v| v.get_ref().to_box()),
            note: s.note.as_ref().map(|v| v.get_ref().to_box()),
            glossary: s
                .glossary
                .iter()
                .map(|g| GlossaryEntry {
                    article: g.article.get_ref().to_box(),
                    meaning: g.meaning.get_ref().to_box(),
                })
                .collect(),
        });
        texts.push(text);
        needles.push(wanted);
    }
    (out, texts, needles)
}

/// Finds and decodes a source's text file, reporting what is wrong.
fn source_text<'a, 'k>(
    ctx: &mut Ctx<'a, '_>,
    file: FileId,
    path: &'k SStr,
    about: About,
    files: &'a DataFiles,
    registered: &mut HashMap<&'k str, Option<&'a str>>,
) -> Option<&'a str> {
    let written = path.get_ref().as_str();
    let Some(relative) = path_inside(written) else {
        ctx.problem(
            file,
            path.at(),
            about,
            format!("the source file \"{written}\" is not a path inside the data directory"),
            Some(
                "write it relative to the data directory, e.g. \"sources/article.txt\"".to_owned(),
            ),
        );
        return None;
    };
    if let Some(text) = registered.get(relative) {
        return *text;
    }
    let Some(bytes) = files.files.get(relative) else {
        // The texts read and the files ignored: a typo may name either.
        let others = files
            .files
            .keys()
            .chain(&files.ignored)
            .filter(|k| !k.ends_with(".toml"))
            .map(String::as_str);
        let hint = did_you_mean(relative, others).unwrap_or_else(|| {
            format!("put the article's text at {}", files.display_path(relative))
        });
        ctx.problem(
            file,
            path.at(),
            about,
            format!("the source file \"{relative}\" does not exist"),
            Some(hint),
        );
        registered.insert(path.get_ref().as_str(), None);
        return None;
    };
    let text = ctx
        .sink
        .add_utf8_file(files.display_path(relative), bytes)
        .map(|(_, text)| text);
    registered.insert(path.get_ref().as_str(), text);
    text
}

fn check_sha256(ctx: &mut Ctx, file: FileId, recorded: &SStr, about: About, digest: &[u8; 32]) {
    let actual = hex(digest);
    let expected = recorded.get_ref().as_str();
    if !expected.eq_ignore_ascii_case(&actual) {
        ctx.problem(
            file,
            recorded.at(),
            about,
            format!("the source text changed: sha256 expected {expected}, actual {actual}"),
            Some(format!(
                "if the change is intended, update sha256 to \"{actual}\""
            )),
        );
    }
}

/// The id tables facts refer into.
struct Refs<'r, 'i> {
    sources: &'i Ids<'r>,
    predicates: &'i Ids<'r>,
    entities: &'i Ids<'r>,
    facts: &'i Ids<'r>,
}

fn fact<'r>(
    ctx: &mut Ctx,
    item: &'r Item<RawFact<'_>>,
    index: u32,
    refs: &Refs,
    texts: &[Option<&str>],
    needles: &mut [Needles<'r>],
) -> Fact {
    let f = &item.raw;
    let file = item.file;
    let about = About {
        table: Table::Fact,
        id: f.id.get_ref().as_str(),
    };
    let source = ctx.resolve(file, &f.source, refs.sources, Table::Source, about);
    let subject = ctx.resolve(file, &f.subject, refs.entities, Table::Entity, about);
    let predicate = ctx.resolve(file, &f.predicate, refs.predicates, Table::Predicate, about);
    let mut objects = Vec::new();
    match f.object.as_ref().map(|o| (o.at(), o.get_ref())) {
        None => {}
        Some((span, Objects::One(id))) => {
            let reference = Loc::new(span, id.clone());
            objects.reserve_exact(1);
            objects.extend(
                ctx.resolve(file, &reference, refs.entities, Table::Entity, about)
                    .map(EntityId),
            );
        }
        Some((span, Objects::Many(ids))) => {
            if ids.is_empty() {
                ctx.problem(
                    file,
                    span,
                    about,
                    "\"object\" is an empty list".to_owned(),
                    Some("name at least one entity id, or remove the key".to_owned()),
                );
            }
            objects.reserve_exact(ids.len());
            for id in ids {
                objects.extend(
                    ctx.resolve(file, id, refs.entities, Table::Entity, about)
                        .map(EntityId),
                );
            }
        }
    }
    ctx.non_empty_opt(file, &f.object_text, about, "object_text");
    if f.object.is_none() && f.object_text.is_none() {
        ctx.problem(
            file,
            item.at,
            about,
            "the fact has neither \"object\" nor \"object_text\"".to_owned(),
            Some("add object = \"<entity id>\" or object_text = \"<plain words>\"".to_owned()),
        );
    }
    let place = f
        .place
        .as_ref()
        .and_then(|p| ctx.resolve(file, p, refs.entities, Table::Entity, about));
    let via = f
        .via
        .as_ref()
        .and_then(|v| ctx.resolve(file, v, refs.entities, Table::Entity, about));
    ctx.non_empty_opt(file, &f.reason, about, "reason");
    ctx.non_empty_opt(file, &f.note, about, "note");
    let status = f.status.as_ref().and_then(|s| {
        let word = s.get_ref().as_str();
        let status = Status::parse(word);
        if status.is_none() {
            let valid: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            ctx.problem(
                file,
                s.at(),
                about,
                format!("unknown status \"{word}\""),
                Some(choice_hint(word, &valid, "statuses")),
            );
        }
        status
    });
    // Passages are only looked for when the source text is there.
    let mut wanted = source
        .filter(|&s| texts[s as usize].is_some())
        .map(|s| &mut needles[s as usize]);
    let as_what = f.as_what.as_ref().map(|a| {
        if ctx.non_empty(file, &a.article, about, "as.article")
            && let Some(w) = wanted.as_deref_mut()
        {
            w.caseless(a.article.get_ref().as_str());
        }
        ctx.non_empty_opt(file, &a.meaning, about, "as.meaning");
        AsWhat {
            article: a.article.get_ref().to_box(),
            meaning: a.meaning.as_ref().map(|m| m.get_ref().to_box()),
        }
    });
    let date = f.date.as_ref().and_then(|d| {
        let value = date_value(ctx, file, d, about, index, refs.facts);
        if ctx.non_empty(file, &d.get_ref().words, about, "date.words")
            && let Some(w) = wanted.as_deref_mut()
        {
            w.exact(d.get_ref().words.get_ref().as_str());
        }
        value.map(|value| FactDate {
            value,
            words: d.get_ref().words.get_ref().to_box(),
        })
    });
    if f.quotes.get_ref().is_empty() {
        ctx.problem(
            file,
            f.quotes.at(),
            about,
            "the fact has no quotes".to_owned(),
            Some("add at least one passage of the source text, verbatim".to_owned()),
        );
    }
    let mut quotes = Vec::with_capacity(f.quotes.get_ref().len());
    for q in f.quotes.get_ref() {
        let text = q.get_ref().as_str();
        // Until the texts are scanned, `offset` holds the passage's needle
        // id (or NONE when it is not looked for).
        let mut offset = NONE;
        if text.trim().is_empty() {
            ctx.problem(
                file,
                q.at(),
                about,
                "a quote is empty".to_owned(),
                Some("write a passage of the source text, verbatim".to_owned()),
            );
        } else if let Some(w) = wanted.as_deref_mut() {
            offset = w.exact(text);
        }
        quotes.push(Quote {
            text: Box::from(text),
            offset,
        });
    }
    Fact {
        id: f.id.get_ref().to_box(),
        source: SourceId(source.unwrap_or(NONE)),
        subject: EntityId(subject.unwrap_or(NONE)),
        predicate: PredicateId(predicate.unwrap_or(NONE)),
        objects,
        object_text: f.object_text.as_ref().map(|o| o.get_ref().to_box()),
        negated: f.negated,
        as_what,
        reason: f.reason.as_ref().map(|r| r.get_ref().to_box()),
        place: place.map(EntityId),
        via: via.map(EntityId),
        date,
        status,
        note: f.note.as_ref().map(|n| n.get_ref().to_box()),
        quotes,
    }
}

const PRECISIONS: [&str; 8] = [
    "day",
    "month",
    "year",
    "range",
    "approximate",
    "after",
    "before",
    "present",
];

/// Checks a date's fields against its precision and builds its value.
fn date_value(
    ctx: &mut Ctx,
    file: FileId,
    date: &Loc<RawDate>,
    about: About,
    index: u32,
    fact_ids: &Ids,
) -> Option<DateValue> {
    let d = date.get_ref();
    let precision = d.precision.get_ref().as_str();
    let (needs, may): (&[&str], &[&str]) = match precision {
        "day" => (&["year", "month", "day"], &[]),
        "month" => (&["year", "month"], &[]),
        "year" | "approximate" => (&["year"], &[]),
        "range" => (&["year", "to_year"], &[]),
        "after" | "before" => (&["fact"], &[]),
        "present" => (&[], &["month"]),
        other => {
            ctx.problem(
                file,
                d.precision.at(),
                about,
                format!("unknown date precision \"{other}\""),
                Some(choice_hint(other, &PRECISIONS, "precisions")),
            );
            return None;
        }
    };
    let fields: [(&str, Option<usize>); 5] = [
        ("year", d.year.as_ref().map(|v| v.at())),
        ("month", d.month.as_ref().map(|v| v.at())),
        ("day", d.day.as_ref().map(|v| v.at())),
        ("to_year", d.to_year.as_ref().map(|v| v.at())),
        ("fact", d.fact.as_ref().map(|v| v.at())),
    ];
    let takes = || {
        let all: Vec<&str> = needs.iter().chain(may).copied().collect();
        if all.is_empty() {
            format!("a \"{precision}\" date takes only precision and words")
        } else {
            format!("a \"{precision}\" date takes {}", all.join(", "))
        }
    };
    let mut ok = true;
    for (name, span) in &fields {
        match span {
            Some(span) if !needs.contains(name) && !may.contains(name) => {
                ok = false;
                ctx.problem(
                    file,
                    *span,
                    about,
                    format!("a \"{precision}\" date has no \"{name}\""),
                    Some(takes()),
                );
            }
            None if needs.contains(name) => {
                ok = false;
                ctx.problem(
                    file,
                    date.at(),
                    about,
                    format!("a \"{precision}\" date needs \"{name}\""),
                    Some(takes()),
                );
            }
            _ => {}
        }
    }
    if !ok {
        return None;
    }
    let year = d
        .year
        .as_ref()
        .and_then(|y| checked_year(ctx, file, y, about));
    let to_year = d
        .to_year
        .as_ref()
        .and_then(|y| checked_year(ctx, file, y, about));
    let month = d.month.as_ref().and_then(|m| {
        let value = *m.get_ref();
        if (1..=12).contains(&value) {
            Some(value as u8)
        } else {
            ctx.problem(
                file,
                m.at(),
                about,
                format!("month {value} is not between 1 and 12"),
                None,
            );
            None
        }
    });
    match precision {
        "day" => {
            let (Some(year), Some(month), Some(day)) = (year, month, d.day.as_ref()) else {
                return None;
            };
            let value = *day.get_ref();
            let last = days_in_month(year, month);
            if !(1..=i64::from(last)).contains(&value) {
                ctx.problem(
                    file,
                    day.at(),
                    about,
                    format!("day {value} does not exist in month {month} of {year}"),
                    Some(format!("that month has {last} days")),
                );
                return None;
            }
            Some(DateValue::Day {
                year,
                month,
                day: value as u8,
            })
        }
        "month" => Some(DateValue::Month {
            year: year?,
            month: month?,
        }),
        "year" => Some(DateValue::Year { year: year? }),
        "approximate" => Some(DateValue::Approximate { year: year? }),
        "range" => {
            let (from, to) = (year?, to_year?);
            if from > to {
                ctx.problem(
                    file,
                    date.at(),
                    about,
                    format!("the range ends in {to}, before it starts in {from}"),
                    Some("swap year and to_year".to_owned()),
                );
                return None;
            }
            Some(DateValue::Range { from, to })
        }
        "after" | "before" => {
            let reference = d.fact.as_ref()?;
            let target = ctx.resolve(file, reference, fact_ids, Table::Fact, about)?;
            if target == index {
                ctx.problem(
                    file,
                    reference.at(),
                    about,
                    format!("the fact is dated {precision} itself"),
                    Some("point \"fact\" at the fact this one is dated against".to_owned()),
                );
                return None;
            }
            let fact = FactId(target);
            Some(if precision == "after" {
                DateValue::After { fact }
            } else {
                DateValue::Before { fact }
            })
        }
        _ => {
            if d.month.is_some() && month.is_none() {
                return None;
            }
            Some(DateValue::Present { month })
        }
    }
}

fn checked_year(ctx: &mut Ctx, file: FileId, year: &Loc<i64>, about: About) -> Option<i32> {
    let value = *year.get_ref();
    if (-9999..=9999).contains(&value) {
        Some(value as i32)
    } else {
        ctx.problem(
            file,
            year.at(),
            about,
            format!("year {value} is out of range"),
            Some("write the year in full, between -9999 and 9999".to_owned()),
        );
        None
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Reports chains of "after"/"before" dates that come back to themselves.
fn check_date_cycles(ctx: &mut Ctx, raw: &[Item<RawFact>], facts: &[Fact]) {
    let next = |i: usize| match facts[i].date.as_ref().map(|d| &d.value) {
        Some(DateValue::After { fact } | DateValue::Before { fact }) => Some(fact.0 as usize),
        _ => None,
    };
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; facts.len()];
    let mut path = Vec::new();
    for start in 0..facts.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            if i >= facts.len() || state[i] == 2 {
                break;
            }
            if state[i] == 1 {
                // The cycle is the path from the first visit of `i`.
                let from = path.iter().position(|&p| p == i).unwrap_or(0);
                let cycle = &path[from..];
                let names: Vec<String> = cycle
                    .iter()
                    .chain(std::iter::once(&i))
                    .map(|&c: &usize| format!("\"{}\"", facts[c].id))
                    .collect();
                let first = cycle.iter().copied().min().unwrap_or(i);
                let item = &raw[first];
                let at = item.raw.date.as_ref().map_or(item.at, |d| d.at());
                ctx.problem(
                    item.file,
                    at,
                    About {
                        table: Table::Fact,
                        id: item.raw.id.get_ref().as_str(),
                    },
                    format!("the dates form a cycle: {}", names.join(" → ")),
                    Some("date one of these facts by a year instead".to_owned()),
                );
                break;
            }
            state[i] = 1;
            path.push(i);
            at = next(i);
        }
        for &p in &path {
            state[p] = 2;
        }
        path.clear();
    }
}

/// Checks a fact's passages against its source's text and fills in the
/// quotes' offsets.
fn check_fact_passages(
    ctx: &mut Ctx,
    fact: &mut Fact,
    item: &Item<RawFact>,
    texts: &[Option<&str>],
    needles: &[Needles],
    found: &[Found],
) {
    let s = fact.source.0 as usize;
    let Some(Some(text)) = texts.get(s) else {
        return;
    };
    let (needles, found) = (&needles[s], &found[s]);
    let f = &item.raw;
    let about = About {
        table: Table::Fact,
        id: f.id.get_ref().as_str(),
    };
    for (quote, written) in fact.quotes.iter_mut().zip(f.quotes.get_ref()) {
        if quote.offset == NONE {
            continue;
        }
        match found.exact[quote.offset as usize] {
            Some(offset) => quote.offset = offset,
            None => {
                let hint = ctx.passage_hint(text, &quote.text);
                ctx.problem(
                    item.file,
                    written.at(),
                    about,
                    "quote not found in the source text".to_owned(),
                    hint,
                );
            }
        }
    }
    if let Some(date) = &f.date {
        let words = &date.get_ref().words;
        if let Some(id) = needles.exact_id(words.get_ref().as_str())
            && found.exact[id as usize].is_none()
        {
            let hint = ctx.passage_hint(text, words.get_ref().as_str());
            ctx.problem(
                item.file,
                words.at(),
                about,
                "date words not found in the source text".to_owned(),
                hint,
            );
        }
    }
    if let Some(a) = &f.as_what
        && let Some(id) = needles.caseless_id(a.article.get_ref().as_str())
        && !found.caseless[id as usize]
    {
        let hint = ctx.passage_hint(text, a.article.get_ref().as_str());
        ctx.problem(
            item.file,
            a.article.at(),
            about,
            "\"as\" wording not found in the source text (even ignoring case)".to_owned(),
            hint,
        );
    }
}
