//! Parsing and validating a dataset from [`DataFiles`]: every problem is
//! collected and reported at once; a dataset with any problem never loads.

use super::files::DataFiles;
use super::model::Dataset;
use super::problem::Problems;

/// Parses and validates every file; `Err` lists all problems found.
pub fn load(files: &DataFiles) -> Result<Dataset, Problems> {
    todo!("load {} files", files.files.len())
}
