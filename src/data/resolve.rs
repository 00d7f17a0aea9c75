//! From what a person types to entities: exact, folded (case, diacritics,
//! punctuation), and typo-tolerant matching over names and aliases, plus
//! completion for autocomplete. Pure; no IO.

use super::model::{Dataset, EntityId};

/// How a typed name matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// Equal to a name or alias after folding.
    Exact,
    /// A name or alias starts with it (after folding).
    Prefix,
    /// Within a small edit distance of a name or alias (typos).
    Fuzzy,
}

/// One candidate entity for what was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub entity: EntityId,
    /// The name or alias that matched, as written in the data.
    pub matched: Box<str>,
    pub kind: MatchKind,
    /// Higher is better; 1.0 for an exact match.
    pub score: f32,
}

/// Ranked candidates for what a person typed (best first, at most `limit`).
/// Empty when nothing is close enough.
pub fn resolve(ds: &Dataset, typed: &str, limit: usize) -> Vec<Resolution> {
    todo!(
        "resolve {typed:?} (limit {limit}) over {} entities",
        ds.entities.len()
    )
}

/// One autocomplete suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// What to show (≤ 100 characters).
    pub label: String,
    /// What the option's value becomes (an entity or fact id, ≤ 100 characters).
    pub value: String,
}

/// Up to `limit` (≤ 25) entity suggestions for a prefix or a misspelt fragment.
pub fn complete_entity(ds: &Dataset, typed: &str, limit: usize) -> Vec<Suggestion> {
    todo!(
        "complete {typed:?} (limit {limit}) over {} entities",
        ds.entities.len()
    )
}

/// Up to `limit` (≤ 25) fact-id suggestions for a fragment of an id or of a fact's words.
pub fn complete_fact(ds: &Dataset, typed: &str, limit: usize) -> Vec<Suggestion> {
    todo!(
        "complete {typed:?} (limit {limit}) over {} facts",
        ds.facts.len()
    )
}
