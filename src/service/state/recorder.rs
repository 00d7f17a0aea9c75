//! What a running bot records: the dataset it started with, and every
//! reload that changed the version, with who asked. The reload itself has
//! already swapped the dataset; the recorder reads the directory again for
//! the files and records them only if they are still the served version's
//! (a file saved again in between waits for the next reload).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::change::{Change, Summary, TriggerLabel};
use super::error::{RecordError, StateError};
use super::history::{Recorded, State};
use super::schema::now_ms;
use crate::config::StateConfig;
use crate::data::{DataFiles, Dataset, load};
use crate::service::store::{Diff, Store};

/// Records into a [`State`] the versions served from one data directory.
pub struct Recorder {
    state: Arc<State>,
    dir: PathBuf,
}

impl Recorder {
    pub fn new(state: Arc<State>, dir: PathBuf) -> Recorder {
        Recorder { state, dir }
    }

    /// The store recorded into.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// Records the dataset a process starts serving (trigger `start`),
    /// unless it is already the newest entry, so that the first version
    /// served can be rolled back to.
    pub async fn record_start(&self, served: &Dataset) -> Result<Recorded, RecordError> {
        let newest = self.state.newest().await?;
        let parent = newest.map(|e| e.version);
        let summary = match &parent {
            Some(parent) if *parent != served.version => {
                summary_since(&self.state, parent, served).await?
            }
            _ => Summary::default(),
        };
        self.record(
            &served.version,
            parent.as_deref(),
            TriggerLabel::Start,
            None,
            None,
            summary,
        )
        .await
    }

    /// Records a reload that changed the version.
    pub async fn record_reload(
        &self,
        diff: &Diff,
        trigger: TriggerLabel,
        user: Option<u64>,
        note: Option<&str>,
    ) -> Result<Recorded, RecordError> {
        self.record(
            &diff.new_version,
            Some(&diff.old_version),
            trigger,
            user,
            note,
            Summary::from(diff),
        )
        .await
    }

    async fn record(
        &self,
        version: &str,
        parent: Option<&str>,
        trigger: TriggerLabel,
        user: Option<u64>,
        note: Option<&str>,
        summary: Summary,
    ) -> Result<Recorded, RecordError> {
        let files = read_version(&self.dir, version).await?;
        let change = Change {
            version,
            parent,
            trigger,
            user,
            at_ms: now_ms(),
            note,
            summary,
            files: &files,
        };
        Ok(self.state.record(&change).await?)
    }
}

/// Opens the state store for a bot about to serve `store` and records its
/// start. A store that cannot be opened or written is logged and leaves the
/// bot serving without history (`None`): the history helps moderators, it
/// must not keep the answers away.
pub async fn start(config: &StateConfig, store: &Store) -> Option<Recorder> {
    let state = match State::open(config).await {
        Ok(state) => Arc::new(state),
        Err(e) => {
            tracing::warn!(error = %e, "the dataset's history is off: the state store did not open");
            return None;
        }
    };
    let recorder = Recorder::new(Arc::clone(&state), store.dir().to_path_buf());
    let served = store.snapshot();
    match recorder.record_start(&served).await {
        Ok(recorded) => tracing::info!(
            store = %state.place(),
            version = %served.version,
            recorded = ?recorded,
            "dataset history open"
        ),
        Err(e) => tracing::warn!(
            store = %state.place(),
            error = %e,
            "the served version was not recorded in the history"
        ),
    }
    Some(recorder)
}

/// The files of `dir`, if they are still `version`'s.
async fn read_version(dir: &Path, version: &str) -> Result<DataFiles, RecordError> {
    let owned = dir.to_path_buf();
    let read = tokio::task::spawn_blocking(move || DataFiles::read_dir(&owned))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())));
    let files = read.map_err(|source| RecordError::Read {
        dir: dir.to_path_buf(),
        source,
    })?;
    let found = crate::data::load::version(&files);
    if found != version {
        return Err(RecordError::Moved {
            served: version.to_string(),
            found,
        });
    }
    Ok(files)
}

/// What changed from the kept version `parent` to `new`; empty when the
/// parent's files are not kept or no longer load.
pub async fn summary_since(
    state: &State,
    parent: &str,
    new: &Dataset,
) -> Result<Summary, StateError> {
    let Some(files) = state.files_of(parent).await? else {
        return Ok(Summary::default());
    };
    let old = load(&DataFiles::from_memory("", files));
    Ok(old.map_or_else(
        |_| Summary::default(),
        |old| Summary::from(&Diff::between(&old, new)),
    ))
}
