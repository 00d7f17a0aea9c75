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

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use super::change::{Change, Summary, TriggerLabel};
use super::error::StateError;
use super::history::{Recorded, State};
use crate::data::{DataFiles, Problems, load};
use crate::service::store::Diff;

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
    #[error("cannot write {path}: {source} (files before it in the list may already be replaced)")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
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
    let (written, removed) = write_all(dir, &current, &target)?;
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

/// Whether a stored relative path stays inside the data directory.
fn is_inside(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Makes `dir` hold exactly `target`'s files: writes those that differ
/// from `current`, removes those `target` lacks; (written, removed).
fn write_all(
    dir: &Path,
    current: &DataFiles,
    target: &DataFiles,
) -> Result<(usize, usize), RollbackError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RollbackError::Write { path, source }
    };
    let mut touched = BTreeSet::new();
    let mut written = 0;
    for (relative, bytes) in &target.files {
        if current.files.get(relative) == Some(bytes) {
            continue;
        }
        let path = dir.join(relative);
        write_atomically(&path, bytes).map_err(failed(&path))?;
        touched.insert(path.parent().unwrap_or(dir).to_path_buf());
        written += 1;
    }
    let mut removed = 0;
    for relative in current.files.keys() {
        if !target.files.contains_key(relative) {
            let path = dir.join(relative);
            fs::remove_file(&path).map_err(failed(&path))?;
            touched.insert(path.parent().unwrap_or(dir).to_path_buf());
            removed += 1;
        }
    }
    for dir in touched {
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(failed(&dir))?;
    }
    Ok((written, removed))
}

/// Replaces `path` by `bytes`: a temporary file in the same directory
/// (ignored by the loader: not `*.toml`, referenced by nothing), fsynced,
/// then renamed over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.rollback-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_paths_must_stay_inside_the_directory() {
        assert!(is_inside("facts.toml"));
        assert!(is_inside("articles/a.txt"));
        for bad in ["", "/etc/passwd", "../x.toml", "a/../../b", "./x"] {
            assert!(!is_inside(bad), "{bad}");
        }
    }

    #[test]
    fn atomic_writes_replace_the_file_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/facts.toml");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("facts.toml")]);
    }
}
