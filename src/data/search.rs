//! Ranked free-text search over facts: the base the `/ask` command builds
//! on. Pure; no IO.

use super::model::{Dataset, FactId};

/// One search hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub fact: FactId,
    /// Higher is better.
    pub score: f32,
}

/// Facts ranked by how well their words (quotes, entity names and aliases,
/// predicate words, qualifiers) match the query, best first, at most `limit`.
pub fn search(ds: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
    todo!(
        "search {query:?} (limit {limit}) over {} facts",
        ds.facts.len()
    )
}
