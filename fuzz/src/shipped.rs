//! The shipped dataset (`data/` at the repository root), read from disk
//! once per process: the targets replace one file of it or ask questions
//! of it, so every execution starts from the data users really get.

use std::path::PathBuf;
use std::sync::LazyLock;

use factbot::data::{DataFiles, Dataset, load};

/// The repository's `data/` directory.
pub fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
}

static FILES: LazyLock<DataFiles> = LazyLock::new(|| {
    let dir = data_dir();
    let mut files = DataFiles::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the shipped data {}: {e}", dir.display()));
    // Shown as `data/…`, as the bot shows it.
    files.root = PathBuf::from("data");
    files
});

static DATASET: LazyLock<Dataset> = LazyLock::new(load_dataset);

/// The shipped dataset's files, shown as `data/…` in messages.
pub fn files() -> &'static DataFiles {
    &FILES
}

/// The shipped dataset, loaded once.
pub fn dataset() -> &'static Dataset {
    &DATASET
}

/// A fresh copy of the shipped dataset (for owners that need one by
/// value, like the service's store).
pub fn load_dataset() -> Dataset {
    load(files()).unwrap_or_else(|problems| panic!("the shipped data does not load: {problems}"))
}
