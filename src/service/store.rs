//! The dataset currently being served, and reloading it safely.
//!
//! Readers take a cheap snapshot (`Arc<Dataset>`) and answer from it; a
//! reload reads the directory, validates the new dataset fully, and only
//! then swaps it in. A failed reload changes nothing. Shared by the
//! console, the Discord adapter and the HTTP endpoint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use arc_swap::ArcSwap;

use crate::data::{DataFiles, DataLimits, Dataset, DateValue, Fact, Problems, load};

/// Why a reload did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error("cannot read the data directory {dir}: {source}")]
    Read {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
    #[error("the reload stopped unexpectedly (a bug); the dataset was not changed")]
    Crashed,
    #[error(
        "the dataset has {facts} facts, more than the {max} factbot serves ([limits] max_facts); \
         the dataset was not changed"
    )]
    TooManyFacts { facts: usize, max: usize },
}

/// What changed between two datasets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub facts_added: Vec<String>,
    pub facts_removed: Vec<String>,
    pub facts_changed: Vec<String>,
    pub entities_added: Vec<String>,
    pub entities_removed: Vec<String>,
    pub entities_changed: Vec<String>,
    pub old_version: String,
    pub new_version: String,
}

/// The served dataset and where it is reloaded from.
pub struct Store {
    dir: PathBuf,
    current: ArcSwap<Dataset>,
    limits: DataLimits,
}

impl Store {
    /// Reads and validates `dir`; fails with every problem if invalid.
    pub fn open(dir: PathBuf) -> Result<Store, ReloadError> {
        Store::open_within(dir, DataLimits::default())
    }

    /// [`Store::open`] refusing, now and at every reload, a dataset beyond
    /// `limits` (`[limits]` in the config).
    pub fn open_within(dir: PathBuf, limits: DataLimits) -> Result<Store, ReloadError> {
        let dataset = read(&dir, &limits)?;
        let mut store = Store::with_dataset(dir, dataset);
        store.limits = limits;
        Ok(store)
    }

    /// A store serving `dataset`, reloading from `dir` (for callers that
    /// built or loaded the dataset themselves, e.g. tests).
    pub fn with_dataset(dir: PathBuf, dataset: Dataset) -> Store {
        Store {
            dir,
            current: ArcSwap::from_pointee(dataset),
            limits: DataLimits::default(),
        }
    }

    /// The limits every reload is held to.
    pub fn limits(&self) -> &DataLimits {
        &self.limits
    }

    /// The directory reloads read.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The dataset to answer from now.
    pub fn snapshot(&self) -> Arc<Dataset> {
        self.current.load_full()
    }

    /// Re-reads the directory, validates, and swaps on success.
    pub fn reload(&self) -> Result<Diff, ReloadError> {
        let new = read(&self.dir, &self.limits)?;
        let old = self.current.load();
        let diff = Diff::between(&old, &new);
        self.current.store(Arc::new(new));
        Ok(diff)
    }
}

/// Reads and validates a data directory, stamping when it was read.
fn read(dir: &Path, limits: &DataLimits) -> Result<Dataset, ReloadError> {
    let files = DataFiles::read_dir_within(dir, limits).map_err(|source| ReloadError::Read {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut dataset = load(&files).map_err(ReloadError::Invalid)?;
    if dataset.facts.len() > limits.max_facts {
        return Err(ReloadError::TooManyFacts {
            facts: dataset.facts.len(),
            max: limits.max_facts,
        });
    }
    dataset.loaded_at = Some(SystemTime::now());
    Ok(dataset)
}

impl Diff {
    /// What changed from `old` to `new`: facts and entities matched by id,
    /// compared by content (references compared by the ids they point at,
    /// so reordering a file changes nothing). Ids are sorted.
    pub fn between(old: &Dataset, new: &Dataset) -> Diff {
        let old_facts: HashMap<&str, String> = old
            .facts
            .iter()
            .map(|f| (&*f.id, fact_content(old, f)))
            .collect();
        let new_facts: HashMap<&str, String> = new
            .facts
            .iter()
            .map(|f| (&*f.id, fact_content(new, f)))
            .collect();
        let (facts_added, facts_removed, facts_changed) = compare(&old_facts, &new_facts);
        let old_entities: HashMap<&str, _> = old.entities.iter().map(|e| (&*e.id, e)).collect();
        let new_entities: HashMap<&str, _> = new.entities.iter().map(|e| (&*e.id, e)).collect();
        let (entities_added, entities_removed, entities_changed) =
            compare(&old_entities, &new_entities);
        Diff {
            facts_added,
            facts_removed,
            facts_changed,
            entities_added,
            entities_removed,
            entities_changed,
            old_version: old.version.clone(),
            new_version: new.version.clone(),
        }
    }

    /// Whether nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.facts_added.is_empty()
            && self.facts_removed.is_empty()
            && self.facts_changed.is_empty()
            && self.entities_added.is_empty()
            && self.entities_removed.is_empty()
            && self.entities_changed.is_empty()
    }
}

/// (added, removed, changed) ids between two maps, each sorted.
fn compare<V: PartialEq>(
    old: &HashMap<&str, V>,
    new: &HashMap<&str, V>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let added = new
        .keys()
        .filter(|k| !old.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let removed = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .map(|k| k.to_string())
        .collect();
    let changed = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_some_and(|o| o != *v))
        .map(|(k, _)| k.to_string())
        .collect();
    (sorted(added), sorted(removed), sorted(changed))
}

/// A fact's content with every reference spelled as the id it points at.
fn fact_content(ds: &Dataset, fact: &Fact) -> String {
    format!("{:?}", fact_parts(ds, fact))
}

/// A fact's fields, named as in `facts.toml`, each with every reference
/// spelled as the id it points at (so reordering a file changes nothing).
fn fact_parts(ds: &Dataset, fact: &Fact) -> [(&'static str, String); 14] {
    let entity = |id| ds.entity(id).id.to_string();
    let date = fact.date.as_ref().map(|d| {
        let value = match &d.value {
            DateValue::After { fact } => format!("after {}", ds.fact(*fact).id),
            DateValue::Before { fact } => format!("before {}", ds.fact(*fact).id),
            other => format!("{other:?}"),
        };
        (value, d.words.to_string())
    });
    [
        ("source", ds.source(fact.source).id.to_string()),
        ("subject", entity(fact.subject)),
        ("predicate", ds.predicate(fact.predicate).id.to_string()),
        (
            "object",
            format!(
                "{:?}",
                fact.objects.iter().map(|&o| entity(o)).collect::<Vec<_>>()
            ),
        ),
        ("object_text", format!("{:?}", fact.object_text)),
        ("negated", fact.negated.to_string()),
        ("as", format!("{:?}", fact.as_what)),
        ("reason", format!("{:?}", fact.reason)),
        ("place", format!("{:?}", fact.place.map(entity))),
        ("via", format!("{:?}", fact.via.map(entity))),
        ("date", format!("{date:?}")),
        ("status", format!("{:?}", fact.status)),
        ("note", format!("{:?}", fact.note)),
        (
            "quotes",
            format!(
                "{:?}",
                fact.quotes.iter().map(|q| &*q.text).collect::<Vec<_>>()
            ),
        ),
    ]
}

/// The fields of fact `id` that differ between `old` and `new` (named as
/// in `facts.toml`); empty if it is not in both.
pub fn changed_fact_fields(old: &Dataset, new: &Dataset, id: &str) -> Vec<&'static str> {
    let find = |ds: &Dataset| {
        ds.facts
            .iter()
            .find(|f| &*f.id == id)
            .map(|f| fact_parts(ds, f))
    };
    match (find(old), find(new)) {
        (Some(a), Some(b)) => a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.1 != y.1)
            .map(|(x, _)| x.0)
            .collect(),
        _ => Vec::new(),
    }
}

/// The fields of entity `id` that differ between `old` and `new`.
pub fn changed_entity_fields(old: &Dataset, new: &Dataset, id: &str) -> Vec<&'static str> {
    let find = |ds: &Dataset| ds.entities.iter().find(|e| &*e.id == id).cloned();
    let (Some(a), Some(b)) = (find(old), find(new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, differs) in [
        ("kind", a.kind != b.kind),
        ("name", a.name != b.name),
        ("aliases", a.aliases != b.aliases),
        ("display", a.display != b.display),
        ("note", a.note != b.note),
        ("may_mean", a.may_mean != b.may_mean),
    ] {
        if differs {
            out.push(name);
        }
    }
    out
}
