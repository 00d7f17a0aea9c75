//! Lookup structures built once per dataset: ids, folded names, postings
//! from entities to facts, and the search index.

use std::collections::HashMap;

use super::model::{Entity, EntityId, Fact, FactId, Predicate, Source};

#[derive(Debug, Default)]
pub(crate) struct Index {
    entity_ids: HashMap<Box<str>, EntityId>,
    fact_ids: HashMap<Box<str>, FactId>,
}

impl Index {
    pub(crate) fn build(
        _sources: &[Source],
        _predicates: &[Predicate],
        entities: &[Entity],
        facts: &[Fact],
    ) -> Index {
        Index {
            entity_ids: entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), EntityId(i as u32)))
                .collect(),
            fact_ids: facts
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), FactId(i as u32)))
                .collect(),
        }
    }

    pub(crate) fn entity_by_id(&self, id: &str) -> Option<EntityId> {
        self.entity_ids.get(id).copied()
    }

    pub(crate) fn fact_by_id(&self, id: &str) -> Option<FactId> {
        self.fact_ids.get(id).copied()
    }
}
