//! Writing the data directory so that a crash at any moment leaves it
//! holding either the old files or the new ones, each whole: every new
//! file is first written to a temporary name beside it and fsynced, then
//! all are renamed over their targets, then the directories are fsynced.
//! The temporary names (`.NAME.factbot-PID.tmp`) are never read as data
//! (not `*.toml`, referenced by nothing) and are swept at the next write
//! or start.
//!
//! Used by every change made through factbot: `factbot rollback`, and
//! Apply on a preview in Discord.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use super::crash;
use crate::data::DataFiles;

/// A file that could not be written or removed, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}{}", read_only_hint(source))]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl WriteError {
    /// Whether the directory cannot be written at all (a read-only mount,
    /// or permissions), rather than a one-off failure.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self.source.kind(),
            io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
        )
    }
}

fn read_only_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            " (the data directory is read-only for factbot: mount it writable, or change the \
             files on the host and /reload)"
        }
        _ => "",
    }
}

/// What a write did: files written and removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub removed: usize,
}

/// Whether a relative path stays inside the data directory: plain names
/// only, no `..`, no root, no `.` parts.
pub fn is_inside(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Makes `dir` hold exactly `target`'s files, given that it holds
/// `current`'s: writes those that differ, removes those `target` lacks.
pub fn write_all(
    dir: &Path,
    current: &DataFiles,
    target: &DataFiles,
) -> Result<Written, WriteError> {
    let mut changes = Vec::new();
    for (relative, bytes) in &target.files {
        if current.files.get(relative) != Some(bytes) {
            changes.push((relative.as_str(), Some(bytes.as_slice())));
        }
    }
    for relative in current.files.keys() {
        if !target.files.contains_key(relative) {
            changes.push((relative.as_str(), None));
        }
    }
    apply_changes(dir, &changes)
}

/// Writes (`Some`) and removes (`None`) files of `dir`, relative paths
/// checked by [`is_inside`] first: temporaries written and fsynced, then
/// renamed, then removals, then the directories fsynced.
pub fn apply_changes(dir: &Path, changes: &[(&str, Option<&[u8]>)]) -> Result<Written, WriteError> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError { path, source }
    };
    if let Some((bad, _)) = changes.iter().find(|(p, _)| !is_inside(p)) {
        return Err(WriteError {
            path: dir.join(bad),
            source: io::Error::new(io::ErrorKind::InvalidInput, "outside the data directory"),
        });
    }
    sweep_temporaries(dir);
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut touched = BTreeSet::new();
    for (relative, content) in changes {
        let Some(bytes) = content else { continue };
        let path = dir.join(relative);
        let parent = path.parent().unwrap_or(dir).to_path_buf();
        match write_temporary(&path, bytes) {
            Ok(temporary) => staged.push((temporary, path)),
            Err(source) => {
                for (temporary, _) in &staged {
                    let _ = fs::remove_file(temporary);
                }
                return Err(WriteError { path, source });
            }
        }
        touched.insert(parent);
    }
    crash::point(crash::WRITTEN);
    for (temporary, path) in &staged {
        fs::rename(temporary, path).map_err(failed(path))?;
    }
    let mut removed = 0;
    for (relative, content) in changes {
        if content.is_none() {
            let path = dir.join(relative);
            match fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(failed(&path)(e)),
            }
            touched.insert(path.parent().unwrap_or(dir).to_path_buf());
        }
    }
    for dir in touched {
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(failed(&dir))?;
    }
    crash::point(crash::RENAMED);
    Ok(Written {
        written: staged.len(),
        removed,
    })
}

/// Writes `bytes` beside `path` under a temporary name, fsynced; returns
/// that name.
fn write_temporary(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}{TEMPORARY_MARK}{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temporary),
        Err(e) => {
            let _ = fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// What marks a temporary name as factbot's.
const TEMPORARY_MARK: &str = ".factbot-";

/// Removes temporaries a process left in `dir` when it died mid-write
/// (best effort: they are never read as data either way).
pub fn sweep_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(TEMPORARY_MARK) && name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
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

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn changes_replace_add_and_remove_files_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("old.toml"), "old").unwrap();
        fs::write(dir.path().join(".x.toml.factbot-1.tmp"), "left by a crash").unwrap();
        let done = apply_changes(
            dir.path(),
            &[
                ("sub/facts.toml", Some(b"one".as_slice())),
                ("old.toml", None),
                ("gone.toml", None),
            ],
        )
        .unwrap();
        assert_eq!(
            done,
            Written {
                written: 1,
                removed: 1
            }
        );
        assert_eq!(fs::read(dir.path().join("sub/facts.toml")).unwrap(), b"one");
        assert_eq!(names(dir.path()), ["sub"]);
        assert_eq!(names(&dir.path().join("sub")), ["facts.toml"]);
    }

    #[test]
    fn a_path_leaving_the_directory_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = apply_changes(
            dir.path(),
            &[
                ("a.toml", Some(b"a".as_slice())),
                ("../x.toml", Some(b"x".as_slice())),
            ],
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("outside the data directory"),
            "{err}"
        );
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_read_only_directory_is_named_as_such() {
        let e = WriteError {
            path: "data/facts.toml".into(),
            source: io::Error::from(io::ErrorKind::ReadOnlyFilesystem),
        };
        assert!(e.is_read_only());
        assert!(e.to_string().contains("read-only"), "{e}");
    }
}
