//! Fuzz target `data_file`: the input replaces one file of the shipped
//! dataset (the first byte picks which), and the dataset is loaded.
//!
//! Properties: `load` never panics; a refused dataset lists at least one
//! problem; every problem naming the fuzzed file is located inside it.

use factbot::data::load;
use factbot_fuzz::{located, shipped};

/// The files that can be replaced, picked by the input's first byte.
const TARGETS: [&str; 5] = [
    "facts.toml",
    "entities.toml",
    "predicates.toml",
    "sources.toml",
    "sources/asia-times-putin-taliban.txt",
];

fn main() {
    let shipped = shipped::files();
    afl::fuzz!(|data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else {
            return;
        };
        let relative = TARGETS[pick as usize % TARGETS.len()];
        let mut files = shipped.clone();
        files.files.insert(relative.to_owned(), bytes.to_vec());
        if let Err(problems) = load(&files) {
            located::check_problems(&problems, &files.display_path(relative), bytes);
        }
    });
}
