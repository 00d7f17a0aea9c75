//! Parsing and validating a dataset from [`DataFiles`]: every problem is
//! collected and reported at once; a dataset with any problem never loads.
//!
//! The files are the dataset's own ([`DataFiles::files`]: the `*.toml`
//! files directly in the directory and the texts they reference; files
//! [`DataFiles::read_dir`] ignored play no part). The work is split in
//! three passes:
//! 1. every file is hashed (SHA-256, for the version and the source
//!    checksums) and each `*.toml` file directly in the directory is parsed
//!    with `toml` into spanned serde types (`raw`: syntax, keys, types).
//!    Files are independent, so large directories are handled by a few
//!    threads at once; results are merged in file order, so the outcome
//!    never depends on the threads;
//! 2. `validate`: ids, references, dates, names and the source texts are
//!    checked across files, and the model is built;
//! 3. the dataset's indexes are built by [`Dataset::new`].
//!
//! Problems carry byte offsets until they are reported; line and column are
//! only computed for the files that have problems.

use std::cell::OnceCell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use super::files::DataFiles;
use super::model::Dataset;
use super::problem::{Problem, Problems};
use super::raw::{self, RawData};
use super::validate;

/// Below this many bytes in all, files are read (and source texts searched)
/// on the calling thread only.
const PARALLEL_BYTES: usize = 1 << 20;
/// At most this many threads read files.
pub(crate) const MAX_THREADS: usize = 4;

/// SHA-256 of each file, by relative path.
pub(crate) type Digests<'a> = FxHashMap<&'a str, [u8; 32]>;

/// Parses and validates every file; `Err` lists all problems found.
pub fn load(files: &DataFiles) -> Result<Dataset, Problems> {
    load_on_threads(files, MAX_THREADS)
}

/// [`load`] with at most `max_threads` threads reading files (1: only the
/// calling thread). For benchmarks; the result does not depend on it.
#[doc(hidden)]
pub fn load_on_threads(files: &DataFiles, max_threads: usize) -> Result<Dataset, Problems> {
    let jobs: Vec<Job> = files
        .files
        .iter()
        .map(|(relative, bytes)| Job {
            relative,
            bytes,
            toml: !relative.contains('/') && relative.ends_with(".toml"),
        })
        .collect();
    let results = run(&jobs, max_threads);

    let mut sink = Sink::default();
    let mut raw = RawData::default();
    let mut digests: Digests = FxHashMap::default();
    digests.reserve(jobs.len());
    let mut version = Sha256::new();
    let mut toml_files = 0;
    for (job, result) in jobs.iter().zip(results) {
        digests.insert(job.relative, result.digest);
        version.update(job.relative.as_bytes());
        version.update([0]);
        version.update((job.bytes.len() as u64).to_le_bytes());
        version.update(result.digest);
        let Some(parsed) = result.parsed else {
            continue;
        };
        toml_files += 1;
        let display = files.display_path(job.relative);
        let file = match parsed.text {
            Ok(text) => sink.add_file(display, text),
            Err(valid) => sink.add_invalid_utf8(display, job.bytes, valid),
        };
        sink.report.append(file, parsed.report);
        raw.append(parsed.raw, file);
    }
    if toml_files == 0 {
        sink.report.general(
            files.display_path(""),
            "no data files: the directory has no *.toml file".to_owned(),
            Some(
                "put sources.toml, entities.toml, predicates.toml and facts.toml there".to_owned(),
            ),
        );
        return Err(sink.into_problems());
    }
    let parts = validate::validate(raw, files, &digests, max_threads, &mut sink);
    if !sink.is_empty() {
        return Err(sink.into_problems());
    }
    let mut version = hex(&version.finalize());
    version.truncate(12);
    Ok(Dataset::new_on_threads(
        parts.sources,
        parts.predicates,
        parts.entities,
        parts.facts,
        version,
        max_threads,
    ))
}

/// The dataset's version: the first 12 hex digits of a SHA-256 over every
/// file's path, length and SHA-256, in path order (the same as
/// `Dataset::version` after a successful [`load`]). The files are those of
/// [`DataFiles::files`], the dataset's own: a backup, a temporary or any
/// other file that [`DataFiles::read_dir`] ignored does not change it.
pub fn version(files: &DataFiles) -> String {
    let mut hasher = Sha256::new();
    for (path, bytes) in &files.files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(Sha256::digest(bytes));
    }
    let mut hex = hex(&hasher.finalize());
    hex.truncate(12);
    hex
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// One file to hash and maybe parse.
struct Job<'a> {
    relative: &'a str,
    bytes: &'a [u8],
    /// A data file (parsed) rather than a file it may reference.
    toml: bool,
}

struct JobResult<'a> {
    digest: [u8; 32],
    parsed: Option<Parsed<'a>>,
}

/// A parsed data file; its problems point at [`FileId`] 0 until merged.
struct Parsed<'a> {
    /// The text, or how many leading bytes are valid UTF-8.
    text: Result<&'a str, usize>,
    raw: RawData<'a>,
    report: Report,
}

fn run_job<'a>(job: &Job<'a>) -> JobResult<'a> {
    let digest = Sha256::digest(job.bytes).into();
    let parsed = job.toml.then(|| {
        let mut raw = RawData::default();
        let mut report = Report::default();
        let text = std::str::from_utf8(job.bytes).map_err(|e| e.valid_up_to());
        if let Ok(text) = text {
            raw::parse_file(0, text, &mut raw, &mut report);
        }
        Parsed { text, raw, report }
    });
    JobResult { digest, parsed }
}

/// Runs every job, on a few threads when there is enough work, and returns
/// the results in job order.
fn run<'a>(jobs: &[Job<'a>], max_threads: usize) -> Vec<JobResult<'a>> {
    map_parallel(jobs, max_threads, |j| j.bytes.len(), run_job)
}

/// `items.iter().map(f).collect()`, on up to `max_threads` threads when the
/// items weigh (in bytes, say) at least [`PARALLEL_BYTES`] in all. The
/// results are in item order whatever the threads did.
pub(crate) fn map_parallel<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let total: usize = items.iter().map(&weight).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(max_threads)
        .min(items.len());
    if threads <= 1 || total < PARALLEL_BYTES {
        return items.iter().map(f).collect();
    }
    // Heaviest first, so no thread is left with one big item at the end.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&items[i])));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(n) else { break };
                    let result = f(&items[i]);
                    // A poisoned lock only means another worker panicked,
                    // which the scope re-raises anyway.
                    let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                    done.push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Index of a file registered with a [`Sink`].
pub(crate) type FileId = u32;

/// A problem whose place is still a byte offset.
struct Pending {
    file: FileId,
    offset: usize,
    about: Option<String>,
    message: String,
    hint: Option<String>,
}

/// Problems found by one pass, located by file and byte offset.
#[derive(Default)]
pub(crate) struct Report {
    located: Vec<Pending>,
    general: Vec<Problem>,
}

impl Report {
    /// Reports a problem at a byte offset of a file.
    pub(crate) fn at(
        &mut self,
        file: FileId,
        offset: usize,
        about: Option<String>,
        message: String,
        hint: Option<String>,
    ) {
        self.located.push(Pending {
            file,
            offset,
            about,
            message,
            hint,
        });
    }

    /// Reports a problem about a whole file or directory.
    pub(crate) fn general(&mut self, file: String, message: String, hint: Option<String>) {
        self.general.push(Problem {
            file,
            line: None,
            column: None,
            about: None,
            message,
            hint,
        });
    }

    /// Takes over the problems of a file's own report, whose offsets point
    /// into `file`.
    fn append(&mut self, file: FileId, other: Report) {
        self.located
            .extend(other.located.into_iter().map(|p| Pending { file, ..p }));
        self.general.extend(other.general);
    }

    fn is_empty(&self) -> bool {
        self.located.is_empty() && self.general.is_empty()
    }
}

/// The files problems point into, and the problems.
#[derive(Default)]
pub(crate) struct Sink<'a> {
    files: Vec<SinkFile<'a>>,
    pub(crate) report: Report,
}

struct SinkFile<'a> {
    display: String,
    text: &'a str,
    /// Byte offset of each line's start, built on the first problem.
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Sink<'a> {
    /// Registers a file so problems can point into it.
    pub(crate) fn add_file(&mut self, display: String, text: &'a str) -> FileId {
        self.files.push(SinkFile {
            display,
            text,
            line_starts: OnceCell::new(),
        });
        (self.files.len() - 1) as FileId
    }

    /// Registers a file that is not UTF-8 from byte `valid` on, reporting
    /// where.
    fn add_invalid_utf8(&mut self, display: String, bytes: &'a [u8], valid: usize) -> FileId {
        // The prefix is valid by definition; it locates the bad byte.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let file = self.add_file(display, prefix);
        self.at(
            file,
            valid,
            None,
            "the file is not valid UTF-8".to_owned(),
            Some("save it as UTF-8 text".to_owned()),
        );
        file
    }

    /// Registers a file that must be UTF-8; reports where it is not.
    pub(crate) fn add_utf8_file(
        &mut self,
        display: String,
        bytes: &'a [u8],
    ) -> Option<(FileId, &'a str)> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Some((self.add_file(display, text), text)),
            Err(e) => {
                self.add_invalid_utf8(display, bytes, e.valid_up_to());
                None
            }
        }
    }

    /// `data/facts.toml:12:5`, for hints pointing at another place.
    pub(crate) fn location(&self, file: FileId, offset: usize) -> String {
        let (line, column) = self.line_column(file, offset);
        format!("{}:{line}:{column}", self.files[file as usize].display)
    }

    fn line_column(&self, file: FileId, offset: usize) -> (u32, u32) {
        let f = &self.files[file as usize];
        let starts = f.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    f.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        });
        let offset = offset.min(f.text.len());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let column = f
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// Reports a problem at a byte offset of a registered file.
    pub(crate) fn at(
        &mut self,
        file: FileId,
        offset: usize,
        about: Option<String>,
        message: String,
        hint: Option<String>,
    ) {
        self.report.at(file, offset, about, message, hint);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.report.is_empty()
    }

    /// The problems in file, line and column order (stable otherwise).
    pub(crate) fn into_problems(self) -> Problems {
        let Sink { files, report } = self;
        let located = Sink {
            files,
            report: Report::default(),
        };
        let mut problems = report.general;
        for p in report.located {
            let (line, column) = located.line_column(p.file, p.offset);
            problems.push(Problem {
                file: located.files[p.file as usize].display.clone(),
                line: Some(line),
                column: Some(column),
                about: p.about,
                message: p.message,
                hint: p.hint,
            });
        }
        problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Problems(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let mut sink = Sink::default();
        let file = sink.add_file("f.toml".into(), "ab\nçd = 1\n\nx");
        assert_eq!(sink.line_column(file, 0), (1, 1));
        assert_eq!(sink.line_column(file, 2), (1, 3));
        assert_eq!(sink.line_column(file, 3), (2, 1));
        assert_eq!(sink.line_column(file, 5), (2, 2), "ç is one column");
        assert_eq!(sink.line_column(file, 11), (3, 1));
        assert_eq!(sink.line_column(file, 12), (4, 1));
        assert_eq!(sink.line_column(file, 13), (4, 2));
        assert_eq!(sink.line_column(file, 99), (4, 2), "clamped to the end");
    }

    #[test]
    fn version_depends_on_paths_and_bytes() {
        let a = DataFiles::from_memory("data", [("a.toml", "x")]);
        let b = DataFiles::from_memory("data", [("b.toml", "x")]);
        let c = DataFiles::from_memory("data", [("a.toml", "y")]);
        assert_eq!(version(&a).len(), 12);
        assert_ne!(version(&a), version(&b));
        assert_ne!(version(&a), version(&c));
        assert_eq!(version(&a), version(&a.clone()));
    }

    #[test]
    fn jobs_give_the_same_results_on_one_thread_or_several() {
        let files = crate::data::synthetic::generate(&crate::data::synthetic::Spec {
            facts: 3000,
            entities: 200,
            facts_per_source: 500,
            seed: 3,
        });
        assert!(
            files.total_bytes() > PARALLEL_BYTES,
            "big enough for threads"
        );
        let jobs: Vec<Job> = files
            .files
            .iter()
            .map(|(relative, bytes)| Job {
                relative,
                bytes,
                toml: relative.ends_with(".toml"),
            })
            .collect();
        let one: Vec<[u8; 32]> = jobs.iter().map(run_job).map(|r| r.digest).collect();
        let many: Vec<[u8; 32]> = run(&jobs, 2).into_iter().map(|r| r.digest).collect();
        assert_eq!(one, many);
        let ds = load(&files).unwrap();
        assert_eq!(ds.version, version(&files));
        let sequential = load_on_threads(&files, 1).unwrap();
        assert_eq!(ds.facts, sequential.facts);
        assert_eq!(ds.entities, sequential.entities);
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}
