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

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use super::dataset::Dataset;
use super::digests::{Digests, hex};
use super::files::DataFiles;
use super::parallel::{MAX_THREADS, map_parallel};
use super::problem::Problems;
use super::raw::{self, RawData};
use super::report::{Report, Sink};
use super::validate;

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

/// A parsed data file; its problems point at [`FileId`](super::report::FileId) 0 until merged.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parallel::PARALLEL_BYTES;

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
}
