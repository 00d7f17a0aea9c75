//! Fuzz target `upload`: the input as a file uploaded with `/data upload`
//! (the first byte picks its name: a data file such as `facts.toml`, or
//! the source text), applied to the shipped dataset as moderation does
//! (`proposal::upload_path`, `with_upload`, `only_the_dataset`, `load`).
//!
//! Properties: nothing panics; a refused dataset lists at least one
//! problem, each naming the uploaded file located inside it; an accepted
//! dataset's version is `load::version` of the files it was loaded from.

use factbot::data::load::{self, version};
use factbot::service::moderation::proposal::{upload_path, with_upload};
use factbot_fuzz::{located, shipped};

/// The names an upload is given, picked by the input's first byte.
const NAMES: [&str; 5] = [
    "facts.toml",
    "entities.toml",
    "predicates.toml",
    "sources.toml",
    "asia-times-putin-taliban.txt",
];

fn main() {
    let current = shipped::files();
    afl::fuzz!(|data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else {
            return;
        };
        let name = NAMES[pick as usize % NAMES.len()];
        let path = upload_path(current, name)
            .unwrap_or_else(|e| panic!("the shipped name {name} was refused: {e}"));
        if name.ends_with(".txt") {
            assert_eq!(
                path, "sources/asia-times-putin-taliban.txt",
                "the text moved"
            );
        } else {
            assert_eq!(path, name, "a data file went elsewhere");
        }
        let Ok(candidate) = with_upload(current, &path, bytes.to_vec()) else {
            assert!(std::str::from_utf8(bytes).is_err(), "UTF-8 text refused");
            return;
        };
        let files = candidate.only_the_dataset();
        match load::load(&files) {
            Ok(dataset) => assert_eq!(
                dataset.version,
                version(&files),
                "the loaded version is not the files' version"
            ),
            Err(problems) => located::check_problems(&problems, &files.display_path(&path), bytes),
        }
    });
}
