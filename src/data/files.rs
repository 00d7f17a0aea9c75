//! Reading a data directory from disk: the only IO in the data layer.
//!
//! A dataset is the `*.toml` files directly in the directory and the source
//! texts they reference, and nothing else: an editor's backup, a `.tmp`
//! file or an unrelated file beside them is not read (not even opened), so
//! it neither changes the version nor costs a reload anything. The TOML
//! files are read first, the texts' paths are found in them
//! (`raw::file_references`, by lexing alone), and only those texts are
//! read. Every other file is listed by name in [`DataFiles::ignored`].
//!
//! The loader works on [`DataFiles`], a map of relative path to bytes, so it
//! can be driven from memory in tests and benchmarks.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::parallel::{MAX_THREADS, map_parallel};
use super::raw;

/// A dataset's files: relative path (with `/`) to bytes, and the names of
/// the files beside them that are not part of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataFiles {
    /// How to show the directory in messages (e.g. `data`).
    pub root: PathBuf,
    /// The dataset: the `*.toml` files directly in the directory and the
    /// texts they reference. The loader and the version cover exactly
    /// these.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The other files found in the directory and below it, never read:
    /// relative paths, sorted. Hidden entries and `README.md` files are
    /// not listed.
    pub ignored: Vec<String>,
}

/// How deep [`DataFiles::read_dir`] lists files below the data directory.
const MAX_DEPTH: usize = 8;

/// How many ignored files [`DataFiles::ignored_note`] names.
const NAMED_IGNORED: usize = 10;

impl DataFiles {
    /// Reads the dataset in `dir`: every `*.toml` file directly in it, then
    /// the text files those reference (a source's `file`, relative to
    /// `dir`), refusing files over [`MAX_FILE_BYTES`]. Other files are not
    /// opened; those in `dir` and its subdirectories are listed in
    /// [`DataFiles::ignored`]. Hidden entries and `README.md` files are
    /// neither read nor listed.
    ///
    /// A referenced text that is missing is left out, for the loader to
    /// report where it is referenced; so is a reference that is not a path
    /// inside `dir` (`../x`, `/x`), which is never read. Symbolic links to
    /// files are followed; links to directories are not (neither listed
    /// nor read through). Every error names the path.
    pub fn read_dir(dir: &Path) -> io::Result<DataFiles> {
        DataFiles::read_dir_within(dir, &DataLimits::default())
    }

    /// [`DataFiles::read_dir`], refusing a dataset of more files or bytes
    /// than `limits` allow before reading past them (each file's size is
    /// checked before it is read), so a runaway directory cannot run the
    /// host out of memory.
    pub fn read_dir_within(dir: &Path, limits: &DataLimits) -> io::Result<DataFiles> {
        let mut budget = Budget {
            limits: *limits,
            bytes: 0,
            files: 0,
        };
        let meta = fs::metadata(dir).map_err(|e| with_path(dir, e))?;
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", dir.display()),
            ));
        }
        let mut listing = Listing::default();
        list(dir, "", 0, &mut listing)?;

        let mut files = BTreeMap::new();
        for name in listing.toml {
            let bytes = budget.read(&dir.join(&name))?;
            files.insert(name, bytes);
        }
        let texts: Vec<&str> = files
            .values()
            .filter_map(|bytes| std::str::from_utf8(bytes).ok())
            .collect();
        let references = |text: &&str| -> Vec<String> {
            raw::file_references(text)
                .iter()
                .filter_map(|written| path_inside(written).map(str::to_owned))
                .collect()
        };
        let referenced: BTreeSet<String> =
            map_parallel(&texts, MAX_THREADS, |text| text.len(), references)
                .into_iter()
                .flatten()
                .collect();
        for path in referenced {
            if files.contains_key(&path) {
                continue;
            }
            if let Some(bytes) = read_referenced(dir, &path, &mut budget)? {
                files.insert(path, bytes);
            }
        }
        let mut ignored: Vec<String> = listing
            .others
            .into_iter()
            .filter(|path| !files.contains_key(path))
            .collect();
        ignored.sort_unstable();
        Ok(DataFiles {
            root: dir.to_path_buf(),
            files,
            ignored,
        })
    }

    /// Builds an in-memory data directory shown as `root` in messages,
    /// with nothing ignored.
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
            ignored: Vec::new(),
        }
    }

    /// What [`DataFiles::read_dir`] would read had these files been on
    /// disk: the `*.toml` files at the top and the texts they reference;
    /// any other file moves to [`DataFiles::ignored`]. So the version of
    /// a directory about to be written is known before it is written.
    pub fn only_the_dataset(self) -> DataFiles {
        let referenced = self.referenced_texts();
        let (files, others): (BTreeMap<_, _>, BTreeMap<_, _>) = self
            .files
            .into_iter()
            .partition(|(path, _)| is_top_toml(path) || referenced.contains(path));
        let mut ignored = self.ignored;
        ignored.extend(others.into_keys());
        ignored.sort_unstable();
        ignored.dedup();
        DataFiles {
            root: self.root,
            files,
            ignored,
        }
    }

    /// The texts the `*.toml` files reference (paths inside the directory).
    pub fn referenced_texts(&self) -> BTreeSet<String> {
        self.files
            .iter()
            .filter(|(path, _)| is_top_toml(path))
            .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .flat_map(|text| {
                raw::file_references(text)
                    .iter()
                    .filter_map(|written| path_inside(written).map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .collect()
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

    /// A sentence naming the ignored files (the first ten), or `None` when
    /// there are none: `ignored 2 files that are not part of the dataset:
    /// facts.toml~, notes.tmp`.
    pub fn ignored_note(&self) -> Option<String> {
        let n = self.ignored.len();
        if n == 0 {
            return None;
        }
        let (files, are) = if n == 1 {
            ("file", "is")
        } else {
            ("files", "are")
        };
        let mut note = format!(
            "ignored {n} {files} that {are} not part of the dataset: {}",
            self.ignored[..n.min(NAMED_IGNORED)].join(", ")
        );
        if n > NAMED_IGNORED {
            note.push_str(&format!(" and {} more", n - NAMED_IGNORED));
        }
        Some(note)
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

/// Whether `relative` names a data file: `*.toml` directly in the
/// directory, not hidden.
fn is_top_toml(relative: &str) -> bool {
    !relative.contains('/') && relative.ends_with(".toml") && !passed_over(relative)
}

/// Whether an entry is passed over wherever it is: hidden (`.git`, an
/// editor's `.facts.toml.swp`) or a `README.md`.
fn passed_over(name: &str) -> bool {
    name.starts_with('.') || name == "README.md"
}

/// What a data directory holds, by relative path, before anything is read.
#[derive(Default)]
struct Listing {
    /// The `*.toml` files directly in the directory.
    toml: Vec<String>,
    /// Every other file, in the directory and below it.
    others: Vec<String>,
}

/// Lists the files under `dir` (its path relative to the data directory
/// is `prefix`) without opening any.
fn list(dir: &Path, prefix: &str, depth: usize, listing: &mut Listing) -> io::Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| with_path(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| with_path(dir, e))?;
        let path = entry.path();
        let os_name = entry.file_name();
        let name = os_name.to_string_lossy();
        if passed_over(&name) {
            continue;
        }
        let relative = format!("{prefix}{name}");
        let file_type = entry.file_type().map_err(|e| with_path(&path, e))?;
        if file_type.is_dir() {
            if depth < MAX_DEPTH {
                list(&path, &format!("{relative}/"), depth + 1, listing)?;
            }
            continue;
        }
        if prefix.is_empty() && name.ends_with(".toml") {
            if os_name.to_str().is_none() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{}: the file name is not valid UTF-8; rename it",
                        path.display()
                    ),
                ));
            }
            // Follows a symbolic link to see what it points at.
            let meta = fs::metadata(&path).map_err(|e| with_path(&path, e))?;
            if meta.is_file() {
                listing.toml.push(relative);
            }
            continue;
        }
        let is_file = file_type.is_file()
            || (file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_file()));
        if is_file {
            listing.others.push(relative);
        }
    }
    Ok(())
}

/// Reads a referenced text at `relative` (already known to be inside the
/// directory), or `None` when there is no such file for the dataset: it
/// does not exist, is not a file, is hidden or a `README.md`, or lies
/// behind a symbolic link to a directory. The loader then reports the
/// reference.
fn read_referenced(dir: &Path, relative: &str, budget: &mut Budget) -> io::Result<Option<Vec<u8>>> {
    if relative.contains('\0') {
        return Ok(None);
    }
    let parts: Vec<&str> = relative.split('/').collect();
    let mut path = dir.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        if passed_over(part) {
            return Ok(None);
        }
        path.push(part);
        let last = i + 1 == parts.len();
        // The text itself may be a link to a file; a directory on the way
        // may not be a link.
        let meta = if last {
            fs::metadata(&path)
        } else {
            fs::symlink_metadata(&path)
        };
        match meta {
            Ok(meta) if (last && meta.is_file()) || (!last && meta.is_dir()) => {}
            Ok(_) => return Ok(None),
            Err(e) if is_absent(&e) => return Ok(None),
            Err(e) => return Err(with_path(&path, e)),
        }
    }
    budget.read(&path).map(Some)
}

/// Whether an error only says that there is no such file.
fn is_absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound
            | io::ErrorKind::NotADirectory
            | io::ErrorKind::InvalidFilename
            | io::ErrorKind::InvalidInput
    )
}

/// How much of a data directory is read at most (`[limits]` in the
/// config).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataLimits {
    /// All the dataset's files together, in bytes.
    pub max_bytes: u64,
    /// How many files (data files and texts).
    pub max_files: u64,
    /// How many facts, once loaded (checked by whoever serves it).
    pub max_facts: usize,
}

/// A dataset read within these bounds unless configured otherwise.
pub const DEFAULT_MAX_DATA_BYTES: u64 = 512 * 1024 * 1024;
pub const DEFAULT_MAX_DATA_FILES: u64 = 10_000;
pub const DEFAULT_MAX_FACTS: usize = 2_000_000;

impl Default for DataLimits {
    fn default() -> DataLimits {
        DataLimits {
            max_bytes: DEFAULT_MAX_DATA_BYTES,
            max_files: DEFAULT_MAX_DATA_FILES,
            max_facts: DEFAULT_MAX_FACTS,
        }
    }
}

impl DataLimits {
    /// Why `files` would be refused, if they would: what a directory
    /// holding them could not be read as.
    pub fn exceeded_by(&self, files: &DataFiles) -> Option<String> {
        let bytes = files.total_bytes() as u64;
        let count = files.files.len() as u64;
        if bytes > self.max_bytes {
            return Some(format!(
                "the dataset would have {bytes} bytes, more than the {} factbot reads ([limits] \
                 max_data_bytes)",
                self.max_bytes
            ));
        }
        if count > self.max_files {
            return Some(format!(
                "the dataset would have {count} files, more than the {} factbot reads ([limits] \
                 max_data_files)",
                self.max_files
            ));
        }
        None
    }

    /// Why a dataset of `facts` facts would not be served, if it would not.
    pub fn too_many_facts(&self, facts: usize) -> Option<String> {
        (facts > self.max_facts).then(|| {
            format!(
                "the dataset would have {facts} facts, more than the {} factbot serves ([limits] \
                 max_facts)",
                self.max_facts
            )
        })
    }
}

/// What is left of the limits while a directory is read.
struct Budget {
    limits: DataLimits,
    bytes: u64,
    files: u64,
}

impl Budget {
    /// Reads a file of the dataset, refusing one over [`MAX_FILE_BYTES`]
    /// or past the limits.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        self.files += 1;
        if self.files > self.limits.max_files {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the dataset has more than {} files, the most factbot reads ([limits] \
                     max_data_files)",
                    path.display(),
                    self.limits.max_files
                ),
            ));
        }
        let left = self.limits.max_bytes.saturating_sub(self.bytes);
        let bytes = read_file(path, left.min(MAX_FILE_BYTES)).map_err(|e| {
            // Too big for the budget, but not for factbot on its own.
            let fits_alone = fs::metadata(path).is_ok_and(|m| m.len() <= MAX_FILE_BYTES);
            if e.kind() == io::ErrorKind::FileTooLarge && fits_alone {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{}: with this file the dataset has more than {} bytes, the most factbot \
                         reads ([limits] max_data_bytes)",
                        path.display(),
                        self.limits.max_bytes
                    ),
                )
            } else {
                e
            }
        })?;
        self.bytes += bytes.len() as u64;
        Ok(bytes)
    }
}

/// Reads a file of the dataset, refusing one over `max` bytes.
fn read_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut file = File::open(path).map_err(|e| with_path(path, e))?;
    let len = file.metadata().map_err(|e| with_path(path, e))?.len();
    if len > max {
        return Err(too_big(path, len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // One byte more than allowed tells a file that grew since.
    (&mut file)
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| with_path(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_big(path, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_big(path: &Path, len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{}: the file has {len} bytes, more than the {MAX_FILE_BYTES} factbot reads",
            path.display(),
        ),
    )
}

fn with_path(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load;

    /// A `[[source]]` table whose text is at `file`.
    fn source_at(file: &str) -> String {
        format!(
            "[[source]]\nid = \"a\"\nfile = \"{file}\"\nsha256 = \"{}\"\nheadline = \"A\"\npublisher = \"P\"\n\n",
            "0".repeat(64)
        )
    }

    fn names(files: &DataFiles) -> Vec<&str> {
        files.files.keys().map(String::as_str).collect()
    }

    #[test]
    fn reads_toml_and_referenced_files_but_not_hidden_or_readme() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("facts.toml"), source_at("sources/a.txt")).unwrap();
        fs::write(root.join("README.md"), "docs").unwrap();
        fs::write(root.join(".hidden.toml"), "y = 1").unwrap();
        fs::create_dir(root.join("sources")).unwrap();
        fs::write(root.join("sources/a.txt"), "text").unwrap();
        fs::write(root.join("sources/README.md"), "docs too").unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(".git/config"), "no").unwrap();

        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(names(&files), ["facts.toml", "sources/a.txt"]);
        assert_eq!(files.files["sources/a.txt"], b"text");
        assert_eq!(files.root, root);
        assert_eq!(files.ignored, Vec::<String>::new(), "README.md and hidden");
    }

    #[test]
    fn backups_temporary_and_unreferenced_files_are_ignored_and_leave_the_version() {
        let clean = tempfile::tempdir().unwrap();
        let dataset = DataFiles::from_memory(
            "",
            [
                ("sources.toml", source_at("sources/a.txt")),
                ("facts.toml", "[[fact]]\nid = \"f\"\n".to_owned()),
                ("sources/a.txt", "text".to_owned()),
            ],
        );
        dataset.write_to(clean.path()).unwrap();
        let cluttered = tempfile::tempdir().unwrap();
        let root = cluttered.path();
        dataset.write_to(root).unwrap();
        fs::write(root.join("facts.toml~"), "[[fact]]\nid = \"old\"\n").unwrap();
        fs::write(root.join("notes.tmp"), "scratch").unwrap();
        fs::write(root.join("unreferenced.txt"), "not a source").unwrap();
        fs::write(root.join("sources/draft.txt"), "not yet").unwrap();
        fs::create_dir_all(root.join("old/2023")).unwrap();
        fs::write(root.join("old/2023/a.txt"), "older text").unwrap();
        fs::write(root.join("old/facts.toml"), "[[fact]]\nid = \"g\"\n").unwrap();

        let clean = DataFiles::read_dir(clean.path()).unwrap();
        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(
            names(&files),
            ["facts.toml", "sources.toml", "sources/a.txt"]
        );
        assert_eq!(files.files, clean.files);
        assert_eq!(
            files.ignored,
            [
                "facts.toml~",
                "notes.tmp",
                "old/2023/a.txt",
                "old/facts.toml",
                "sources/draft.txt",
                "unreferenced.txt"
            ]
        );
        assert_eq!(load::version(&files), load::version(&clean));
        assert_eq!(clean.ignored, Vec::<String>::new());
    }

    #[test]
    fn a_referenced_source_in_a_subdirectory_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let toml = format!(
            "{}{}",
            source_at("texts/2024/march/a.txt"),
            source_at("./texts/b.txt")
        );
        fs::write(root.join("sources.toml"), toml).unwrap();
        fs::create_dir_all(root.join("texts/2024/march")).unwrap();
        fs::write(root.join("texts/2024/march/a.txt"), "deep").unwrap();
        fs::write(root.join("texts/b.txt"), "shallow").unwrap();

        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(
            names(&files),
            ["sources.toml", "texts/2024/march/a.txt", "texts/b.txt"]
        );
        assert_eq!(files.files["texts/2024/march/a.txt"], b"deep");
        assert_eq!(files.ignored, Vec::<String>::new());
    }

    #[test]
    fn a_large_unrelated_file_is_ignored_and_a_large_source_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("sources.toml"), source_at("a.txt")).unwrap();
        fs::write(root.join("a.txt"), "text").unwrap();
        // Sparse: no disk space is used.
        let big = File::create(root.join("dump.bin")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();

        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(names(&files), ["a.txt", "sources.toml"]);
        assert_eq!(files.ignored, ["dump.bin"]);

        fs::write(root.join("sources.toml"), source_at("dump.bin")).unwrap();
        let err = DataFiles::read_dir(root).unwrap_err();
        assert!(
            err.to_string()
                .contains("dump.bin: the file has 536870913 bytes, more than the 536870912"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_source_is_left_for_the_loader_to_report() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("sources.toml"), source_at("sources/a.text")).unwrap();
        fs::create_dir(root.join("sources")).unwrap();
        fs::write(root.join("sources/a.txt"), "text").unwrap();

        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(names(&files), ["sources.toml"]);
        assert_eq!(files.ignored, ["sources/a.txt"]);
    }

    #[test]
    fn a_reference_outside_the_directory_is_never_read() {
        let outer = tempfile::tempdir().unwrap();
        let secret = outer.path().join("secret.txt");
        fs::write(&secret, "secret").unwrap();
        let root = outer.path().join("data");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(outer.path(), root.join("up")).unwrap();
        let absolute = secret.display().to_string();
        for (written, problem) in [
            ("../secret.txt", "is not a path inside the data directory"),
            (&absolute, "is not a path inside the data directory"),
            (
                "sources/../../secret.txt",
                "is not a path inside the data directory",
            ),
            ("up/secret.txt", "does not exist"),
        ] {
            fs::write(root.join("sources.toml"), source_at(written)).unwrap();
            let files = DataFiles::read_dir(&root).unwrap();
            assert_eq!(names(&files), ["sources.toml"], "{written}");
            let problems = load::load(&files).unwrap_err().to_string();
            let expected = format!("the source file \"{written}\" {problem}");
            assert!(problems.contains(&expected), "{problems}");
        }
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
    fn the_ignored_note_names_up_to_ten_files() {
        let mut files = DataFiles::default();
        assert_eq!(files.ignored_note(), None);
        files.ignored = vec!["facts.toml~".into()];
        assert_eq!(
            files.ignored_note().unwrap(),
            "ignored 1 file that is not part of the dataset: facts.toml~"
        );
        files.ignored.push("notes.tmp".into());
        assert_eq!(
            files.ignored_note().unwrap(),
            "ignored 2 files that are not part of the dataset: facts.toml~, notes.tmp"
        );
        files.ignored = (0..12).map(|i| format!("{i:02}.tmp")).collect();
        assert_eq!(
            files.ignored_note().unwrap(),
            "ignored 12 files that are not part of the dataset: 00.tmp, 01.tmp, 02.tmp, 03.tmp, \
             04.tmp, 05.tmp, 06.tmp, 07.tmp, 08.tmp, 09.tmp and 2 more"
        );
    }

    #[test]
    fn a_name_that_is_not_utf8_is_ignored_unless_it_is_a_data_file() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;

        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("sources.toml"), source_at("a.txt")).unwrap();
        fs::write(root.join("a.txt"), "text").unwrap();
        fs::write(root.join(OsStr::from_bytes(b"caf\xe9.txt")), "").unwrap();
        let files = DataFiles::read_dir(root).unwrap();
        assert_eq!(names(&files), ["a.txt", "sources.toml"]);
        assert_eq!(files.ignored, ["caf\u{fffd}.txt"]);

        fs::write(root.join(OsStr::from_bytes(b"caf\xe9.toml")), "").unwrap();
        let err = DataFiles::read_dir(root).unwrap_err();
        assert!(
            err.to_string().contains("not valid UTF-8; rename it"),
            "{err}"
        );
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
        let files = DataFiles::from_memory(
            dir.path(),
            [
                ("a.toml", source_at("sources/b.txt")),
                ("sources/b.txt", "bee".to_owned()),
            ],
        );
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
