//! `factbot rollback VERSION`: puts a kept version's files back in the data
//! directory, so the bot serves it again on its next reload (SIGHUP or the
//! file watch).
//!
//! Nothing is written unless the whole resulting dataset validates in
//! memory first. Each file is then replaced atomically (written to a
//! temporary file beside it, fsynced, renamed over it), files the version
//! does not have are removed, and the directories are fsynced, so a crash
//! leaves every file either old or new, never half written. A reload that
//! runs in the middle sees a mix, which either fails validation (and keeps
//! the old dataset) or is followed by the reload of the final state.

use std::io;
use std::path::{Path, PathBuf};

use super::change::{Change, Summary, TriggerLabel};
use super::error::StateError;
use super::history::{Recorded, State};
use crate::data::{DataFiles, Problems, load};
use crate::service::store::Diff;
use crate::service::write::{WriteError, Written, is_inside, write_all};

/// What a rollback did.
#[derive(Debug)]
pub struct RolledBack {
    /// The version the directory held before.
    pub from: String,
    /// The version it holds now.
    pub to: String,
    /// Files written and removed.
    pub written: usize,
    pub removed: usize,
    pub summary: Summary,
    pub recorded: Recorded,
}

/// Why a rollback was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum RollbackError {
    #[error("version {version} is not in the history; `factbot history` lists the versions kept")]
    NotKept { version: String },
    #[error(
        "version {version} no longer validates, so it was not written (the data directory is \
         unchanged):\n{problems}"
    )]
    Invalid { version: String, problems: Problems },
    #[error(
        "the data directory holds version {current}, which the history does not keep: rolling \
         back would lose it. Reload it first (so it is recorded), copy it elsewhere, or pass \
         --force"
    )]
    Unrecorded { current: String },
    #[error("the history names a file outside the data directory ({path}); nothing was written")]
    UnsafePath { path: String },
    #[error("cannot read the data directory {dir}: {source}")]
    Read {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    State(#[from] StateError),
}

/// Puts version `version` back in `dir` and records it (trigger
/// `rollback`). Refuses a version not kept, one that does not validate,
/// and (unless `force`) a directory holding a version the history lacks.
pub async fn rollback(
    state: &State,
    dir: &Path,
    version: &str,
    force: bool,
    at_ms: i64,
    note: Option<&str>,
) -> Result<RolledBack, RollbackError> {
    let files = state
        .files_of(version)
        .await?
        .ok_or_else(|| RollbackError::NotKept {
            version: version.to_string(),
        })?;
    if let Some(path) = files.keys().find(|p| !is_inside(p)) {
        return Err(RollbackError::UnsafePath { path: path.clone() });
    }
    let target = DataFiles::from_memory(dir, files);
    let new = load(&target).map_err(|problems| RollbackError::Invalid {
        version: version.to_string(),
        problems,
    })?;
    let read = |dir: &Path| {
        DataFiles::read_dir(dir).map_err(|source| RollbackError::Read {
            dir: dir.to_path_buf(),
            source,
        })
    };
    let current = read(dir)?;
    let from = crate::data::load::version(&current);
    if from != new.version && !force && !state.keeps(&from).await? {
        return Err(RollbackError::Unrecorded { current: from });
    }
    let Written { written, removed } = write_all(dir, &current, &target)?;
    let now = read(dir)?;
    let to = crate::data::load::version(&now);
    let summary = load(&current).map_or_else(
        |_| Summary::default(),
        |old| Summary::from(&Diff::between(&old, &new)),
    );
    let recorded = state
        .record(&Change {
            version: &new.version,
            parent: Some(&from),
            trigger: TriggerLabel::Rollback,
            user: None,
            at_ms,
            note,
            summary,
            files: &target,
        })
        .await?;
    Ok(RolledBack {
        from,
        to,
        written,
        removed,
        summary,
        recorded,
    })
}
