//! Loading and validating datasets: the valid fixture loads; each broken
//! variant reports exactly the located problem a person needs to fix it.

use std::path::Path;

use factbot::data::{self, DataFiles};

fn fixture() -> DataFiles {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut files = DataFiles::read_dir(&dir).unwrap();
    files.root = "data".into();
    files
}

/// The fixture with `from` replaced by `to` (once) in `file`.
fn edited(edits: &[(&str, &str, &str)]) -> DataFiles {
    let mut files = fixture();
    for (file, from, to) in edits {
        let text = String::from_utf8(files.files[*file].clone()).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        files
            .files
            .insert((*file).to_owned(), text.replacen(from, to, 1).into_bytes());
    }
    files
}

fn problems(files: &DataFiles) -> Vec<String> {
    match data::load(files) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_valid_fixture_loads() {
    let files = fixture();
    let ds = data::load(&files).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(ds.facts.len(), 4);
    assert!(problems(&files).is_empty());
}
