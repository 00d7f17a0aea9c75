//! The command layer on the shipped dataset: rendered replies of every
//! command (insta snapshots, plain text), Discord's limits under hostile
//! data (proptest), the registration JSON, the README's command table, and
//! the store's reload and diff.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use factbot::data::{DataFiles, Dataset, load};

/// The shipped `data/` directory.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The shipped dataset, loaded once.
pub fn shipped() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let files = DataFiles::read_dir(&data_dir()).expect("read data/");
        load(&files).unwrap_or_else(|p| panic!("the shipped data/ is invalid:\n{p}"))
    })
}
