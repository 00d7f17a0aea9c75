//! Stage 3, *retrieve*: the facts worth scoring, from the indexes alone.
//! The facts of each entity named, the facts of the actions named when no
//! entity narrows them, and the best free-text search hits; never a scan
//! of every fact, so the cost follows what the question names, not the
//! size of the dataset.

use crate::data::OWN_WORD;
use crate::data::search::search;
use crate::data::{Dataset, FactId};

use super::link::Links;

/// Most facts taken from one entity or predicate.
const PER_POSTING: usize = 2048;
/// Most search hits taken.
const SEARCH_HITS: usize = 40;
/// Most candidates scored.
const MAX_CANDIDATES: usize = 4096;

/// The candidate facts for a linked question, in fact order, no repeats.
pub fn retrieve(ds: &Dataset, text: &str, links: &Links) -> Vec<FactId> {
    let mut out: Vec<u32> = Vec::new();
    for e in links.entities() {
        out.extend(ds.facts_of_entity(e).iter().take(PER_POSTING));
    }
    if links.mentions.is_empty() {
        for t in links.actions() {
            for &(p, strength) in &t.predicates {
                if strength >= OWN_WORD {
                    out.extend(ds.facts_of_predicate(p).iter().take(PER_POSTING));
                }
            }
        }
    }
    out.extend(search(ds, text, SEARCH_HITS).into_iter().map(|h| h.fact.0));
    out.sort_unstable();
    out.dedup();
    out.truncate(MAX_CANDIDATES);
    out.into_iter().map(FactId).collect()
}
