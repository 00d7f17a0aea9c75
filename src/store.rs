//! The dataset currently being served, and reloading it safely.
//!
//! Readers take a cheap snapshot (`Arc<Dataset>`) and answer from it; a
//! reload reads the directory, validates the new dataset fully, and only
//! then swaps it in. A failed reload changes nothing. Shared by the
//! console, the Discord adapter and the HTTP endpoint.

use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::data::{Dataset, Problems};

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
}

impl Store {
    /// Reads and validates `dir`; fails with every problem if invalid.
    pub fn open(dir: PathBuf) -> Result<Store, ReloadError> {
        todo!("open {}", dir.display())
    }

    /// The dataset to answer from now.
    pub fn snapshot(&self) -> Arc<Dataset> {
        self.current.load_full()
    }

    /// Re-reads the directory, validates, and swaps on success.
    pub fn reload(&self) -> Result<Diff, ReloadError> {
        todo!("reload {}", self.dir.display())
    }
}
