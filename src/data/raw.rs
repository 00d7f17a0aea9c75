//! The data files as written: serde types that mirror the TOML tables, with
//! spans for every value a later check may point at, and the first pass
//! that turns one file's text into them.
//!
//! Parsing is deliberately shallow: it checks syntax, keys and types only.
//! Everything that needs more than one value (references, dates, quotes in
//! the source text) is checked afterwards in `validate`, so one file with a
//! bad value does not hide the problems of the others.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, ValueDeserializer};

use super::report::{FileId, Report};
use super::text::did_you_mean;

/// A string from a data file: borrowed from the file's text unless TOML
/// escapes forced a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Str<'a>(pub(crate) Cow<'a, str>);

impl Str<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn to_box(&self) -> Box<str> {
        Box::from(&*self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for StrVisitor<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
    }
}

/// A value and the byte offset where it is written: toml's `Spanned` cut
/// down to its start, which is all a problem needs, to keep the raw items
/// of a million facts small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Loc<T> {
    at: u32,
    value: T,
}

impl<T> Loc<T> {
    pub(crate) fn new(at: usize, value: T) -> Loc<T> {
        Loc {
            at: u32::try_from(at).unwrap_or(u32::MAX),
            value,
        }
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.value
    }

    /// Byte offset of the value in its file.
    pub(crate) fn at(&self) -> usize {
        self.at as usize
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loc<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(Loc::new(spanned.span().start, spanned.into_inner()))
    }
}

/// A string with where it stands in its file.
pub(crate) type SStr<'a> = Loc<Str<'a>>;

/// `object = "id"` or `object = ["id", ...]`.
#[derive(Debug)]
pub(crate) enum Objects<'a> {
    One(Str<'a>),
    Many(Vec<SStr<'a>>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Objects<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectsVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ObjectsVisitor<'a> {
            type Value = Objects<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an entity id or a list of entity ids")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Objects<'a>, E> {
                Ok(Objects::One(Str(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Objects<'a>, E> {
                Ok(Objects::One(Str(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Objects<'a>, E> {
                Ok(Objects::One(Str(Cow::Owned(v))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Objects<'a>, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(Objects::Many(ids))
            }
        }
        deserializer.deserialize_any(ObjectsVisitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource<'a> {
    #[serde(borrow)]
    pub id: SStr<'a>,
    #[serde(borrow)]
    pub file: SStr<'a>,
    #[serde(borrow)]
    pub sha256: SStr<'a>,
    #[serde(borrow)]
    pub headline: SStr<'a>,
    #[serde(borrow)]
    pub publisher: SStr<'a>,
    #[serde(borrow, default)]
    pub author: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub author_affiliation: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub republished_from: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub licence: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub url: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub note: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub glossary: Vec<RawGlossary<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGlossary<'a> {
    #[serde(borrow)]
    pub article: SStr<'a>,
    #[serde(borrow)]
    pub meaning: SStr<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPredicate<'a> {
    #[serde(borrow)]
    pub id: SStr<'a>,
    #[serde(borrow)]
    pub label: SStr<'a>,
    #[serde(borrow, default)]
    pub inverse: Option<SStr<'a>>,
    #[serde(default)]
    pub designation: bool,
    #[serde(borrow, default)]
    pub words: Vec<SStr<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntity<'a> {
    #[serde(borrow)]
    pub id: SStr<'a>,
    #[serde(borrow)]
    pub kind: SStr<'a>,
    #[serde(borrow)]
    pub name: SStr<'a>,
    #[serde(borrow, default)]
    pub aliases: Vec<SStr<'a>>,
    #[serde(borrow, default)]
    pub display: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub note: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub may_mean: Vec<SStr<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFact<'a> {
    #[serde(borrow)]
    pub id: SStr<'a>,
    #[serde(borrow)]
    pub source: SStr<'a>,
    #[serde(borrow)]
    pub subject: SStr<'a>,
    #[serde(borrow)]
    pub predicate: SStr<'a>,
    #[serde(borrow, default)]
    pub object: Option<Loc<Objects<'a>>>,
    #[serde(borrow, default)]
    pub object_text: Option<SStr<'a>>,
    #[serde(default)]
    pub negated: bool,
    #[serde(borrow, default, rename = "as")]
    pub as_what: Option<Box<RawAs<'a>>>,
    #[serde(borrow, default)]
    pub reason: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub place: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub via: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub date: Option<Box<Loc<RawDate<'a>>>>,
    #[serde(borrow, default)]
    pub status: Option<SStr<'a>>,
    #[serde(borrow, default)]
    pub note: Option<SStr<'a>>,
    #[serde(borrow)]
    pub quotes: Loc<Vec<SStr<'a>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAs<'a> {
    #[serde(borrow)]
    pub article: SStr<'a>,
    #[serde(borrow, default)]
    pub meaning: Option<SStr<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDate<'a> {
    #[serde(borrow)]
    pub precision: SStr<'a>,
    #[serde(borrow)]
    pub words: SStr<'a>,
    #[serde(default)]
    pub year: Option<Loc<i64>>,
    #[serde(default)]
    pub month: Option<Loc<i64>>,
    #[serde(default)]
    pub day: Option<Loc<i64>>,
    #[serde(default)]
    pub to_year: Option<Loc<i64>>,
    #[serde(borrow, default)]
    pub fact: Option<SStr<'a>>,
}

/// The keys a table may and must have, for messages that list them.
pub(crate) struct TableSpec {
    /// How the table is written, e.g. `[[fact]]` or `date`.
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub required: &'static [&'static str],
}

pub(crate) const SOURCE: TableSpec = TableSpec {
    name: "[[source]]",
    keys: &[
        "id",
        "file",
        "sha256",
        "headline",
        "publisher",
        "author",
        "author_affiliation",
        "republished_from",
        "licence",
        "url",
        "note",
        "glossary",
    ],
    required: &["id", "file", "sha256", "headline", "publisher"],
};
const GLOSSARY: TableSpec = TableSpec {
    name: "glossary entry",
    keys: &["article", "meaning"],
    required: &["article", "meaning"],
};
pub(crate) const PREDICATE: TableSpec = TableSpec {
    name: "[[predicate]]",
    keys: &["id", "label", "inverse", "designation", "words"],
    required: &["id", "label"],
};
pub(crate) const ENTITY: TableSpec = TableSpec {
    name: "[[entity]]",
    keys: &["id", "kind", "name", "aliases", "display", "note"],
    required: &["id", "kind", "name"],
};
pub(crate) const FACT: TableSpec = TableSpec {
    name: "[[fact]]",
    keys: &[
        "id",
        "source",
        "subject",
        "predicate",
        "object",
        "object_text",
        "negated",
        "as",
        "reason",
        "place",
        "via",
        "date",
        "status",
        "note",
        "quotes",
    ],
    required: &["id", "source", "subject", "predicate", "quotes"],
};
const AS: TableSpec = TableSpec {
    name: "as",
    keys: &["article", "meaning"],
    required: &["article"],
};
const DATE: TableSpec = TableSpec {
    name: "date",
    keys: &[
        "precision",
        "words",
        "year",
        "month",
        "day",
        "to_year",
        "fact",
    ],
    required: &["precision", "words"],
};

/// The four tables a data file may hold.
const TABLES: [&str; 4] = ["source", "predicate", "entity", "fact"];

/// One item of a table, with its file and where its table starts.
#[derive(Debug)]
pub(crate) struct Item<T> {
    pub file: FileId,
    /// Where the item's table is written (its `[[fact]]` header).
    pub at: usize,
    pub raw: T,
}

/// An item that could not be read, remembered by id so that references to
/// it do not each report a second problem.
#[derive(Debug)]
pub(crate) struct Broken<'a> {
    pub table: Table,
    pub id: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Table {
    Source,
    Predicate,
    Entity,
    Fact,
}

/// Everything read from the data files, in file order.
#[derive(Debug, Default)]
pub(crate) struct RawData<'a> {
    pub sources: Vec<Item<RawSource<'a>>>,
    pub predicates: Vec<Item<RawPredicate<'a>>>,
    pub entities: Vec<Item<RawEntity<'a>>>,
    pub facts: Vec<Item<RawFact<'a>>>,
    pub broken: Vec<Broken<'a>>,
    /// Whether any file had a TOML syntax error (its items are missing, so
    /// references into it are not reported).
    pub syntax_errors: bool,
}

/// The string of every `file = "..."` in a data file, in order: the paths
/// of the source texts it references. Only `[[source]]` has a `file` key,
/// so in a valid file these are its sources' files (in an invalid one there
/// may be more, never fewer: every source [`parse_file`] reads is among
/// them).
///
/// The file is lexed, not parsed, so finding what else to read costs far
/// less than the parse the loader does afterwards: a `file` key is a key
/// token, `=` and a string token in a row, whitespace, line breaks and
/// comments aside (the parser lets an inline table break a line after
/// `=`); inside a string nothing is a token.
pub(crate) fn file_references(text: &str) -> Vec<Cow<'_, str>> {
    use toml_parser::lexer::TokenKind;

    let source = toml_parser::Source::new(text);
    let mut out = Vec::new();
    // The two tokens before this one, whitespace, line breaks and
    // comments aside.
    let mut before: [Option<toml_parser::lexer::Token>; 2] = [None, None];
    for token in source.lex() {
        let kind = token.kind();
        if matches!(
            kind,
            TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment
        ) {
            continue;
        }
        let is_string = matches!(
            kind,
            TokenKind::BasicString
                | TokenKind::LiteralString
                | TokenKind::MlBasicString
                | TokenKind::MlLiteralString
        );
        if let [Some(key), Some(equals)] = before
            && is_string
            && equals.kind() == TokenKind::Equals
            && is_file_key(&source, key)
            && let Some(raw) = source.get(token)
        {
            let mut value = Cow::Borrowed("");
            let mut error: Option<toml_parser::ParseError> = None;
            let _ = raw.decode_scalar(&mut value, &mut error);
            if error.is_none() {
                out.push(value);
            }
        }
        before = [before[1], Some(token)];
    }
    out
}

/// Whether a token is the key `file` (bare or quoted).
fn is_file_key(source: &toml_parser::Source<'_>, token: toml_parser::lexer::Token) -> bool {
    use toml_parser::lexer::TokenKind;

    let Some(raw) = source.get(token) else {
        return false;
    };
    match token.kind() {
        TokenKind::Atom => raw.as_str() == "file",
        TokenKind::BasicString | TokenKind::LiteralString => {
            let mut key = Cow::Borrowed("");
            let mut error: Option<toml_parser::ParseError> = None;
            raw.decode_key(&mut key, &mut error);
            error.is_none() && key == "file"
        }
        _ => false,
    }
}

/// Parses one data file's text into `out`, reporting problems to `report`.
///
/// Items are deserialized straight away; only for the few that fail is the
/// file parsed again to explain why (every unknown and missing key with a
/// hint, or else serde's type error), so valid data pays nothing for it.
pub(crate) fn parse_file<'a>(
    file: FileId,
    text: &'a str,
    out: &mut RawData<'a>,
    report: &mut Report,
) {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        out.syntax_errors = true;
        for e in errors {
            let at = e.span().map_or(0, |s| s.start);
            report.at(
                file,
                at,
                None,
                format!("TOML syntax error: {}", e.message().trim_end()),
                None,
            );
        }
        return;
    }
    let mut failures: Vec<(Table, usize, toml::de::Error)> = Vec::new();
    for (key, value) in doc.into_inner() {
        let Some(table) = table_of(file, &key, report) else {
            continue;
        };
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            let name = key.get_ref().as_ref();
            report.at(
                file,
                span.start,
                None,
                format!("\"{name}\" must be an array of tables"),
                Some(format!("write each one under a [[{name}]] header")),
            );
            continue;
        };
        out.reserve(table, items.len());
        for (n, item) in items.into_iter().enumerate() {
            let at = item.span().start;
            let result = match table {
                Table::Source => read(item).map(|raw| out.sources.push(Item { file, at, raw })),
                Table::Predicate => {
                    read(item).map(|raw| out.predicates.push(Item { file, at, raw }))
                }
                Table::Entity => read(item).map(|raw| out.entities.push(Item { file, at, raw })),
                Table::Fact => read(item).map(|raw| out.facts.push(Item { file, at, raw })),
            };
            if let Err(e) = result {
                failures.push((table, n, e));
            }
        }
    }
    if !failures.is_empty() {
        explain_failures(file, text, failures, out, report);
    }
}

fn read<'a, T: Deserialize<'a>>(item: Spanned<DeValue<'a>>) -> Result<T, toml::de::Error> {
    T::deserialize(ValueDeserializer::from(item))
}

/// Which table a top-level key names; reports an unknown one.
fn table_of(file: FileId, key: &Spanned<DeString>, report: &mut Report) -> Option<Table> {
    match key.get_ref().as_ref() {
        "source" => Some(Table::Source),
        "predicate" => Some(Table::Predicate),
        "entity" => Some(Table::Entity),
        "fact" => Some(Table::Fact),
        other => {
            let hint = did_you_mean(other, TABLES.iter().copied()).unwrap_or_else(|| {
                "a data file holds [[source]], [[predicate]], [[entity]] and [[fact]] tables"
                    .to_owned()
            });
            report.at(
                file,
                key.span().start,
                None,
                format!("unknown table \"{other}\""),
                Some(hint),
            );
            None
        }
    }
}

/// Reports why items failed to deserialize, from a second parse of the
/// file, and remembers their ids so that references to them are not
/// reported again.
fn explain_failures<'a>(
    file: FileId,
    text: &'a str,
    failures: Vec<(Table, usize, toml::de::Error)>,
    out: &mut RawData<'a>,
    report: &mut Report,
) {
    let doc = DeTable::parse(text).ok().map(Spanned::into_inner);
    for (table, n, error) in failures {
        let item = doc
            .as_ref()
            .and_then(|doc| match doc.get(table.word()).map(|v| v.get_ref()) {
                Some(DeValue::Array(items)) => items.get(n),
                _ => None,
            });
        let kind = table.word();
        let t = item.and_then(|i| match i.get_ref() {
            DeValue::Table(t) => Some((t, i.span())),
            _ => None,
        });
        let id = t
            .as_ref()
            .and_then(|(t, _)| match t.get("id").map(|v| v.get_ref()) {
                Some(DeValue::String(id)) => Some(id),
                _ => None,
            });
        let about = match id {
            Some(id) => format!("{kind} \"{}\"", id.as_ref() as &str),
            None => format!("{kind} #{}", n + 1),
        };
        if let Some(Cow::Borrowed(id)) = id {
            out.broken.push(Broken { table, id });
        }
        let Some((t, span)) = t else {
            let at = error.span().map_or(0, |s| s.start);
            report.at(
                file,
                at,
                None,
                format!("each {kind} must be a table"),
                Some(format!("write it under a [[{kind}]] header")),
            );
            continue;
        };
        if check_keys(file, t, span.clone(), spec_of(table), &about, report) {
            let at = error.span().map_or(span.start, |s| s.start);
            report.at(file, at, Some(about), type_error_message(&error), None);
        }
    }
}

fn spec_of(table: Table) -> &'static TableSpec {
    match table {
        Table::Source => &SOURCE,
        Table::Predicate => &PREDICATE,
        Table::Entity => &ENTITY,
        Table::Fact => &FACT,
    }
}

impl<'a> RawData<'a> {
    fn reserve(&mut self, table: Table, n: usize) {
        match table {
            Table::Source => self.sources.reserve(n),
            Table::Predicate => self.predicates.reserve(n),
            Table::Entity => self.entities.reserve(n),
            Table::Fact => self.facts.reserve(n),
        }
    }

    /// Appends the items of another file, parsed on its own, after this
    /// one's, as items of `file`.
    pub(crate) fn append(&mut self, mut other: RawData<'a>, file: FileId) {
        other.sources.iter_mut().for_each(|i| i.file = file);
        other.predicates.iter_mut().for_each(|i| i.file = file);
        other.entities.iter_mut().for_each(|i| i.file = file);
        other.facts.iter_mut().for_each(|i| i.file = file);
        self.sources.append(&mut other.sources);
        self.predicates.append(&mut other.predicates);
        self.entities.append(&mut other.entities);
        self.facts.append(&mut other.facts);
        self.broken.append(&mut other.broken);
        self.syntax_errors |= other.syntax_errors;
    }
}

/// Turns serde's "invalid type: integer `3`, expected a string" and the key
/// path toml adds into one sentence.
fn type_error_message(e: &toml::de::Error) -> String {
    let shown = e.to_string();
    let key = shown
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("in `").and_then(|l| l.strip_suffix('`')));
    let mut message = e.message().trim_end().to_owned();
    for (serde_word, ours) in [
        ("expected i64", "expected an integer"),
        ("expected a sequence", "expected an array"),
        ("expected a borrowed string", "expected a string"),
        (
            "expected struct RawDate",
            "expected a table like { precision = \"year\", year = 2003, words = \"in 2003\" }",
        ),
        (
            "expected struct RawAs",
            "expected a table like { article = \"...\" }",
        ),
        (
            "expected struct RawGlossary",
            "expected a table like { article = \"...\", meaning = \"...\" }",
        ),
    ] {
        message = message.replace(serde_word, ours);
    }
    match key {
        Some(key) => format!("wrong type for \"{key}\": {message}"),
        None => message,
    }
}

impl Table {
    /// The table's name in the data files: `fact` for `[[fact]]`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Table::Source => "source",
            Table::Predicate => "predicate",
            Table::Entity => "entity",
            Table::Fact => "fact",
        }
    }
}

/// Reports unknown and missing keys of `t` (and of its nested tables);
/// returns whether there were none.
fn check_keys(
    file: FileId,
    t: &DeTable<'_>,
    span: Range<usize>,
    spec: &TableSpec,
    about: &str,
    report: &mut Report,
) -> bool {
    let mut ok = true;
    for (key, value) in t.iter() {
        let name: &str = key.get_ref().as_ref();
        if !spec.keys.contains(&name) {
            ok = false;
            let hint = did_you_mean(name, spec.keys.iter().copied())
                .unwrap_or_else(|| format!("valid keys: {}", spec.keys.join(", ")));
            report.at(
                file,
                key.span().start,
                Some(about.to_owned()),
                format!("unknown key \"{name}\" in {}", spec.name),
                Some(hint),
            );
            continue;
        }
        let nested = match (spec.name, name) {
            ("[[fact]]", "date") => Some(&DATE),
            ("[[fact]]", "as") => Some(&AS),
            _ => None,
        };
        if let (Some(nested), DeValue::Table(inner)) = (nested, value.get_ref()) {
            ok &= check_keys(file, inner, value.span(), nested, about, report);
        }
        if let ("[[source]]", DeValue::Array(entries)) = (spec.name, value.get_ref())
            && name == "glossary"
        {
            for entry in entries.iter() {
                if let DeValue::Table(inner) = entry.get_ref() {
                    ok &= check_keys(file, inner, entry.span(), &GLOSSARY, about, report);
                }
            }
        }
    }
    for required in spec.required {
        if !t.contains_key(*required) {
            ok = false;
            report.at(
                file,
                span.start,
                Some(about.to_owned()),
                format!("missing required key \"{required}\" in {}", spec.name),
                Some(format!("required keys: {}", spec.required.join(", "))),
            );
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn references(text: &str) -> Vec<String> {
        file_references(text)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    #[test]
    fn file_references_are_the_strings_of_file_keys() {
        let text = r#"
[[source]]
id = "a"
file = "sources/a.txt"
glossary = [{ article = "file = \"in/a/string.txt\"", meaning = "x" }]
[[source]]
"file" = 'sources/quoted.txt'
[[source]]
file	=	"""sources/multi-line.txt"""

[[fact]]
source = "file"
note = """
file = "in/a/multi-line/string.txt"
"""
quotes = ['file = "in/a/literal.txt"']
# file = "commented.txt"
x.file = 3
"#;
        assert_eq!(
            references(text),
            [
                "sources/a.txt",
                "sources/quoted.txt",
                "sources/multi-line.txt"
            ]
        );
        let inline =
            "source = [{ id = \"b\", file = \"sources/b\\u0021.txt\" }, { file = 'c.txt' }]";
        assert_eq!(references(inline), ["sources/b!.txt", "c.txt"]);
        // Found by the property below: the parser lets an inline table
        // break a line after `=`.
        let broken = "source = [{ id = \"d\", file =\n\"\\u002etxt\", sha256 = \"00\", \
                      headline = \"D\", publisher = \"P\" }]\n";
        let mut raw = RawData::default();
        let mut sink = crate::data::report::Sink::default();
        parse_file(0, broken, &mut raw, &mut sink.report);
        assert_eq!(raw.sources[0].raw.file.get_ref().as_str(), ".txt");
        assert_eq!(references(broken), [".txt"]);
        assert_eq!(
            references("file = \"bad \\q escape\""),
            Vec::<String>::new()
        );
    }

    /// Data files holding sources, written in the ways TOML allows.
    const WITH_SOURCES: [&str; 2] = [
        "[[source]]\nid = \"a\"\nfile = \"sources/a.txt\"\nsha256 = \"00\"\nheadline = \"A\"\n\
         publisher = \"P\"\n\n[[source]]\n\"id\" = 'b'\n'file' = \"\"\"sources/b.txt\"\"\"\n\
         sha256 = \"00\"\nheadline = \"B\"\npublisher = \"P\"\n\n[[fact]]\nid = \"f\"\n\
         source = \"a\"\nsubject = \"s\"\npredicate = \"p\"\nquotes = [\"file = 'x'\"]\n",
        "source = [\n  { id = \"c\", file = 'c.txt', sha256 = \"00\", headline = \"C\", \
         publisher = \"P\" },\n  { id = \"d\", headline = \"D\", file = \"d\\u002etxt\", \
         sha256 = \"00\", publisher = \"P\" },\n]\n",
    ];

    #[test]
    fn the_files_with_sources_parse() {
        let mut found = Vec::new();
        for text in WITH_SOURCES {
            let mut raw = RawData::default();
            let mut sink = crate::data::report::Sink::default();
            parse_file(0, text, &mut raw, &mut sink.report);
            assert!(sink.is_empty(), "{text}");
            let files: Vec<String> = raw
                .sources
                .iter()
                .map(|s| s.raw.file.get_ref().as_str().to_owned())
                .collect();
            assert_eq!(references(text), files, "{text}");
            found.extend(files);
        }
        assert_eq!(found, ["sources/a.txt", "sources/b.txt", "c.txt", "d.txt"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// The reader of the data directory reads every text the loader
        /// will look for, however the file is edited.
        #[test]
        fn every_source_file_the_parse_reads_is_a_file_reference(
            base in prop::sample::select(WITH_SOURCES.to_vec()),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 0..6),
        ) {
            let mut text: Vec<char> = base.chars().collect();
            for (at, op, c) in edits {
                if text.is_empty() {
                    break;
                }
                let i = at.index(text.len());
                match op {
                    0 => { text.remove(i); }
                    1 => text.insert(i, c),
                    2 => text[i] = c,
                    _ => text.insert(i, ['"', '\'', '[', ']', '{', '}', '=', '\n', ',', '\\', ' '][i % 11]),
                }
            }
            let text: String = text.into_iter().collect();
            let mut raw = RawData::default();
            parse_file(0, &text, &mut raw, &mut Report::default());
            let found = references(&text);
            for source in &raw.sources {
                let file = source.raw.file.get_ref().as_str();
                prop_assert!(found.iter().any(|f| f == file), "{file:?} not in {found:?}");
            }
        }
    }
}
