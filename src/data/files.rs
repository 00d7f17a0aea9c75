//! Reading a data directory from disk: the only IO in the data layer.
//!
//! The loader works on [`DataFiles`], a map of relative path to bytes, so it
//! can be driven from memory in tests and benchmarks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The contents of a data directory: relative path (with `/`) to bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataFiles {
    /// How to show the directory in messages (e.g. `data`).
    pub root: PathBuf,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl DataFiles {
    /// Reads every `*.toml` file directly under `dir` and every file the
    /// TOML may reference under it (recursively, skipping hidden entries and
    /// `README.md`), refusing files over [`MAX_FILE_BYTES`].
    pub fn read_dir(dir: &Path) -> std::io::Result<DataFiles> {
        todo!("read {}", dir.display())
    }
}

/// Largest data file factbot reads (a guard against a hostile directory).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
