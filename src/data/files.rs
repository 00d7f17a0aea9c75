//! Reading a data directory from disk: the only IO in the data layer.
//!
//! The loader works on [`DataFiles`], a map of relative path to bytes, so it
//! can be driven from memory in tests and benchmarks.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The contents of a data directory: relative path (with `/`) to bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataFiles {
    /// How to show the directory in messages (e.g. `data`).
    pub root: PathBuf,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// How deep [`DataFiles::read_dir`] descends below the data directory.
const MAX_DEPTH: usize = 8;

impl DataFiles {
    /// Reads every `*.toml` file directly under `dir` and every file the
    /// TOML may reference under it (recursively, skipping hidden entries and
    /// `README.md`), refusing files over [`MAX_FILE_BYTES`].
    ///
    /// Symbolic links to files are followed; links to directories are not
    /// (so a link loop cannot trap the reader). Every error names the path.
    pub fn read_dir(dir: &Path) -> io::Result<DataFiles> {
        let meta = fs::metadata(dir).map_err(|e| with_path(dir, e))?;
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", dir.display()),
            ));
        }
        let mut files = BTreeMap::new();
        read_into(dir, "", 0, &mut files)?;
        Ok(DataFiles {
            root: dir.to_path_buf(),
            files,
        })
    }

    /// Builds an in-memory data directory shown as `root` in messages.
    pub fn from_memory<I, P, B>(root: impl Into<PathBuf>, files: I) -> DataFiles
    where
        I: IntoIterator<Item = (P, B)>,
        P: Into<String>,
        B: Into<Vec<u8>>,
    {
        DataFiles {
            root: root.into(),
            files: files
                .into_iter()
                .map(|(p, b)| (p.into(), b.into()))
                .collect(),
        }
    }

    /// How a relative path is shown to the user: `data/facts.toml`.
    pub fn display_path(&self, relative: &str) -> String {
        if self.root.as_os_str().is_empty() {
            relative.to_owned()
        } else if relative.is_empty() {
            self.root.display().to_string()
        } else {
            format!("{}/{relative}", self.root.display())
        }
    }

    /// Writes every file under `dir` (creating directories as needed); used
    /// to put generated datasets on disk.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        for (relative, bytes) in &self.files {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| with_path(parent, e))?;
            }
            fs::write(&path, bytes).map_err(|e| with_path(&path, e))?;
        }
        Ok(())
    }

    /// Total size of all files, in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Largest data file factbot reads (a guard against a hostile directory).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A source's `file` as a key of [`DataFiles::files`] (a leading `./`
/// dropped), or `None` when it is not a path inside the data directory:
/// empty, absolute, with a `\`, or with an empty or `..` part. Such a path
/// is never read, and the loader reports it.
pub(crate) fn path_inside(written: &str) -> Option<&str> {
    let relative = written.strip_prefix("./").unwrap_or(written);
    let outside = relative.is_empty()
        || relative.starts_with('/')
        || relative.contains('\\')
        || relative
            .split('/')
            .any(|part| part == ".." || part.is_empty());
    (!outside).then_some(relative)
}

fn read_into(
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> io::Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| with_path(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| with_path(dir, e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the file name is not valid UTF-8; rename it",
                    path.display()
                ),
            ));
        };
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        let relative = format!("{prefix}{name}");
        let file_type = entry.file_type().map_err(|e| with_path(&path, e))?;
        if file_type.is_dir() {
            if depth < MAX_DEPTH {
                read_into(&path, &format!("{relative}/"), depth + 1, files)?;
            }
            continue;
        }
        // Follows a symbolic link to see what it points at.
        let meta = fs::metadata(&path).map_err(|e| with_path(&path, e))?;
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the file has {} bytes, more than the {} factbot reads",
                    path.display(),
                    meta.len(),
                    MAX_FILE_BYTES
                ),
            ));
        }
        let bytes = fs::read(&path).map_err(|e| with_path(&path, e))?;
        files.insert(relative, bytes);
    }
    Ok(())
}

fn with_path(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml_and_referenced_files_but_not_hidden_or_readme() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("facts.toml"), "x = 1").unwrap();
        fs::write(root.join("README.md"), "docs").unwrap();
        fs::write(root.join(".hidden.toml"), "y = 1").unwrap();
        fs::create_dir(root.join("sources")).unwrap();
        fs::write(root.join("sources/a.txt"), "text").unwrap();
        fs::write(root.join("sources/README.md"), "docs too").unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "no").unwrap();

        let files = DataFiles::read_dir(root).unwrap();
        let names: Vec<&str> = files.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["facts.toml", "sources/a.txt"]);
        assert_eq!(files.files["sources/a.txt"], b"text");
        assert_eq!(files.root, root);
    }

    #[test]
    fn paths_inside_the_directory() {
        assert_eq!(path_inside("sources/a.txt"), Some("sources/a.txt"));
        assert_eq!(path_inside("./sources/a.txt"), Some("sources/a.txt"));
        for outside in [
            "",
            "./",
            "/etc/passwd",
            "../a.txt",
            "a/../../b",
            "a//b",
            "a\\b",
        ] {
            assert_eq!(path_inside(outside), None, "{outside:?}");
        }
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = DataFiles::read_dir(&missing).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn a_file_is_not_a_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("facts.toml");
        fs::write(&file, "").unwrap();
        let err = DataFiles::read_dir(&file).unwrap_err();
        assert!(err.to_string().contains("is not a directory"), "{err}");
    }

    #[test]
    fn written_files_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let files =
            DataFiles::from_memory(dir.path(), [("a.toml", "a = 1"), ("sources/b.txt", "bee")]);
        files.write_to(dir.path()).unwrap();
        assert_eq!(DataFiles::read_dir(dir.path()).unwrap(), files);
    }

    #[test]
    fn display_path_joins_the_root() {
        let files = DataFiles::from_memory("data", [("a.toml", "")]);
        assert_eq!(files.display_path("a.toml"), "data/a.toml");
        assert_eq!(files.display_path(""), "data");
        let bare = DataFiles::default();
        assert_eq!(bare.display_path("a.toml"), "a.toml");
    }
}
