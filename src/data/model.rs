//! The validated dataset: sources, predicates, entities and facts, with
//! references already resolved to indexes.
//!
//! Values of these types only come out of the loader (`data::load`) or out of
//! [`Dataset::new`](crate::data::Dataset::new), so every reference in them
//! points at something that exists. Strings are boxed to keep a fact small (the memory target is
//! ≤ 1 KiB per fact at a million facts).

/// Index of a [`Source`] in [`Dataset::sources`](crate::data::Dataset::sources).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);
/// Index of a [`Predicate`] in [`Dataset::predicates`](crate::data::Dataset::predicates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PredicateId(pub u32);
/// Index of an [`Entity`] in [`Dataset::entities`](crate::data::Dataset::entities).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);
/// Index of a [`Fact`] in [`Dataset::facts`](crate::data::Dataset::facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub u32);

/// One article the facts are drawn from, with its full text.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: Box<str>,
    /// Path of the text file, relative to the data directory.
    pub file: Box<str>,
    /// The article text, byte for byte as in `file`.
    pub text: Box<str>,
    /// SHA-256 of `text`, lowercase hex, as recorded in the data.
    pub sha256: Box<str>,
    pub headline: Box<str>,
    pub publisher: Box<str>,
    pub author: Option<Box<str>>,
    pub author_affiliation: Option<Box<str>>,
    pub republished_from: Option<Box<str>>,
    pub licence: Option<Box<str>>,
    pub url: Option<Box<str>>,
    /// Editorial note on the text (for example: it was machine-paraphrased).
    pub note: Option<Box<str>>,
    /// What the article's odd wordings stand for.
    pub glossary: Vec<GlossaryEntry>,
}

/// An odd wording of the article and what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct GlossaryEntry {
    /// The article's own words (occurs verbatim in the source text).
    pub article: Box<str>,
    /// What they stand for.
    pub meaning: Box<str>,
}

/// A relation facts can state ("designated", "member of", ...), with the
/// words people use for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Predicate {
    pub id: Box<str>,
    /// Verb phrase for sentences: "{subject} {label} {objects}".
    pub label: Box<str>,
    /// Phrase seen from the object: "{object} {inverse} {subject}".
    pub inverse: Option<Box<str>>,
    /// Whether facts with this predicate are designations or sanctions
    /// (listed by `/designations`).
    pub designation: bool,
    /// Words and synonyms that point at this predicate in a question.
    pub words: Vec<Box<str>>,
}

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Organisation,
    Country,
    Court,
    Alliance,
    Document,
    Event,
    Place,
    Group,
    Concept,
}

impl EntityKind {
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Person,
        EntityKind::Organisation,
        EntityKind::Country,
        EntityKind::Court,
        EntityKind::Alliance,
        EntityKind::Document,
        EntityKind::Event,
        EntityKind::Place,
        EntityKind::Group,
        EntityKind::Concept,
    ];

    /// The word used in data files and replies.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Country => "country",
            EntityKind::Court => "court",
            EntityKind::Alliance => "alliance",
            EntityKind::Document => "document",
            EntityKind::Event => "event",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
            EntityKind::Concept => "concept",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Someone or something facts are about.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: Box<str>,
    pub kind: EntityKind,
    /// Display name.
    pub name: Box<str>,
    /// Other names: abbreviations, spellings, the article's paraphrased wordings.
    pub aliases: Vec<Box<str>>,
    /// How the name reads inside a sentence, where that differs ("the
    /// Taliban", "Russia's Supreme Court").
    pub display: Option<Box<str>>,
    pub note: Option<Box<str>>,
    /// Entities a question naming this one may mean, where a fact holds
    /// none of this one: "the UN" for its Security Council, "Moscow" for
    /// the Russian state.
    pub may_mean: Vec<EntityId>,
}

/// "As what" a subject acted on an object, keeping the article's word.
#[derive(Clone, Debug, PartialEq)]
pub struct AsWhat {
    /// The article's own words (occur in the source text, case-insensitively).
    pub article: Box<str>,
    /// What they mean, where the paraphrase changed them.
    pub meaning: Option<Box<str>>,
}

/// How precisely a fact is dated.
#[derive(Clone, Debug, PartialEq)]
pub enum DateValue {
    Day {
        year: i32,
        month: u8,
        day: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    Year {
        year: i32,
    },
    /// An inclusive span of years, e.g. the Soviet war 1979–1989.
    Range {
        from: i32,
        to: i32,
    },
    /// "around {year}".
    Approximate {
        year: i32,
    },
    /// Dated only relative to another fact ("a few months afterwards").
    After {
        fact: FactId,
    },
    /// Before another fact.
    Before {
        fact: FactId,
    },
    /// At the time the article was written ("now", "in May").
    Present {
        month: Option<u8>,
    },
}

/// A fact's date: its value and the article's own words for it.
#[derive(Clone, Debug, PartialEq)]
pub struct FactDate {
    pub value: DateValue,
    /// The article's date words ("in 1999", "a few months afterwards").
    pub words: Box<str>,
}

/// Where a fact stands, where the article says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    InForce,
    UnderReview,
    Proposed,
    Ended,
    Ongoing,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::InForce,
        Status::UnderReview,
        Status::Proposed,
        Status::Ended,
        Status::Ongoing,
    ];

    /// The word used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::UnderReview => "under-review",
            Status::Proposed => "proposed",
            Status::Ended => "ended",
            Status::Ongoing => "ongoing",
        }
    }

    /// The words used in replies.
    pub fn describe(self) -> &'static str {
        match self {
            Status::InForce => "in force",
            Status::UnderReview => "under review",
            Status::Proposed => "proposed",
            Status::Ended => "ended",
            Status::Ongoing => "ongoing",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A verbatim passage of a source that backs a fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub text: Box<str>,
    /// Byte offset of the first occurrence in the source text.
    pub offset: u32,
}

/// One statement the article makes: subject, predicate, objects, qualifiers,
/// and the verbatim evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub id: Box<str>,
    pub source: SourceId,
    pub subject: EntityId,
    pub predicate: PredicateId,
    /// Entity objects (may be empty when `object_text` says it all).
    pub objects: Vec<EntityId>,
    /// A non-entity object in plain words ("global sanctions to be withdrawn").
    pub object_text: Option<Box<str>>,
    /// True for a negative statement ("no foreign state has recognised ...").
    pub negated: bool,
    pub as_what: Option<AsWhat>,
    pub reason: Option<Box<str>>,
    pub place: Option<EntityId>,
    pub via: Option<EntityId>,
    pub date: Option<FactDate>,
    pub status: Option<Status>,
    pub note: Option<Box<str>>,
    /// At least one.
    pub quotes: Vec<Quote>,
}

impl Fact {
    /// The entity is the fact's subject or one of its objects.
    pub fn is_about(&self, e: EntityId) -> bool {
        self.subject == e || self.objects.contains(&e)
    }
}
