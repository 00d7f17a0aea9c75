//! Questions the dataset answers directly: designations, timelines and
//! entity profiles. Pure functions over `&Dataset`; no IO.

use super::model::{Dataset, EntityId, FactId, PredicateId};

/// Filter for [`designations`]: either side may be left open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesignationFilter {
    pub designator: Option<EntityId>,
    pub target: Option<EntityId>,
}

/// Facts whose predicate is a designation (designated, sanctioned, listed,
/// considering removal, ...), with the designator as subject and the
/// target among the objects, in date order.
pub fn designations(ds: &Dataset, filter: &DesignationFilter) -> Vec<FactId> {
    todo!("designations {:?} over {} facts", filter, ds.facts.len())
}

/// Filter for [`timeline`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineFilter {
    /// Only facts this entity takes part in (subject, object, place or via).
    pub entity: Option<EntityId>,
    /// Inclusive year bounds; facts dated only relatively are placed by
    /// their anchor's year.
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// Dated facts in date order. Ranges sort by their start, relative dates
/// right after (or before) their anchor fact, the article's present last.
pub fn timeline(ds: &Dataset, filter: &TimelineFilter) -> Vec<FactId> {
    todo!("timeline {:?} over {} facts", filter, ds.facts.len())
}

/// An entity and the facts it takes part in, grouped by predicate.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub entity: EntityId,
    /// Groups in predicate order; facts in date order within a group.
    pub groups: Vec<ProfileGroup>,
}

/// The facts of a profile with one predicate, and the entity's role in them.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileGroup {
    pub predicate: PredicateId,
    /// True where the entity is the subject, false where it is an object,
    /// place or document.
    pub as_subject: bool,
    pub facts: Vec<FactId>,
}

pub fn profile(ds: &Dataset, entity: EntityId) -> Profile {
    todo!("profile {:?} over {} facts", entity, ds.facts.len())
}
