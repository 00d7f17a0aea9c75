//! Architecture invariants, stated as absences and checked by reading the
//! sources, so they cannot rot: the data layer knows neither Discord nor an
//! async runtime and does IO only in `files.rs`, and only the Discord and
//! HTTP adapters know serenity.

use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, recursively (none if it does not exist).
pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Files under `dir` whose code (comments aside) mentions `word`.
fn mentioning(files: &[PathBuf], word: &str) -> Vec<String> {
    files
        .iter()
        .filter(|path| {
            fs::read_to_string(path).unwrap().lines().any(|line| {
                let code = line.split("//").next().unwrap_or("");
                code.contains(word)
            })
        })
        .map(|p| p.strip_prefix(src()).unwrap_or(p).display().to_string())
        .collect()
}

#[test]
fn the_data_layer_knows_neither_discord_nor_async_runtimes() {
    let data = rust_files(&src().join("data"));
    assert!(data.len() >= 5, "src/data/ has its modules: {data:?}");
    for word in ["serenity", "tokio"] {
        assert_eq!(
            mentioning(&data, word),
            Vec::<String>::new(),
            "{word} in src/data/"
        );
    }
}

#[test]
fn only_the_data_directory_reader_does_io_in_the_data_layer() {
    // Loading is a pure function of the files' contents.
    let data: Vec<PathBuf> = rust_files(&src().join("data"))
        .into_iter()
        .filter(|p| !p.ends_with("data/files.rs"))
        .collect();
    assert!(data.iter().any(|p| p.ends_with("load.rs")));
    for word in ["std::fs", "std::io", "File::", "read_dir"] {
        assert_eq!(
            mentioning(&data, word),
            Vec::<String>::new(),
            "{word} in src/data/ outside files.rs"
        );
    }
}

#[test]
fn only_the_discord_and_http_adapters_know_serenity() {
    let adapters = [src().join("discord"), src().join("http")];
    let others: Vec<PathBuf> = rust_files(&src())
        .into_iter()
        .filter(|p| !adapters.iter().any(|a| p.starts_with(a)))
        .collect();
    assert!(others.iter().any(|p| p.ends_with("lib.rs")));
    assert_eq!(mentioning(&others, "serenity"), Vec::<String>::new());
}

#[test]
fn the_checks_see_a_mention() {
    // The checks above would pass vacuously if `mentioning` never matched.
    let lib = vec![src().join("lib.rs")];
    assert_eq!(mentioning(&lib, "pub mod data"), ["lib.rs"]);
    assert_eq!(
        mentioning(&lib, "code map that is only in a comment"),
        Vec::<String>::new()
    );
}

#[test]
fn words_are_read_in_one_place() {
    // Folding, stemming, stop words and the typo rule live in
    // src/data/text/; a copy elsewhere would judge a word differently.
    let text = src().join("data").join("text");
    let others: Vec<PathBuf> = rust_files(&src())
        .into_iter()
        .filter(|p| !p.starts_with(&text))
        .collect();
    assert!(
        rust_files(&text).len() >= 4,
        "src/data/text/ has its modules"
    );
    for word in [
        "strsim::",
        "fn stem(",
        "fn fold(",
        "fn is_stop_word(",
        "fn max_edits(",
        "fn edit_distance(",
        "fn did_you_mean(",
        "SYNONYMS: &",
    ] {
        assert_eq!(
            mentioning(&others, word),
            Vec::<String>::new(),
            "{word} outside src/data/text/"
        );
    }
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let graph = crate::imports::Graph::read(&src());
    assert!(graph.modules.len() > 40, "the graph sees the crate's files");
    let cycles = graph.cycles();
    assert!(
        cycles.is_empty(),
        "import cycles between files (break each by moving what both need \
         into a module of its own):\n{}",
        cycles
            .iter()
            .map(|c| {
                let edges: Vec<String> = c
                    .iter()
                    .flat_map(|from| {
                        graph.edges[from]
                            .iter()
                            .filter(|to| c.contains(to))
                            .map(move |to| format!("    {from} → {to}"))
                    })
                    .collect();
                format!("  {}:\n{}", c.join(" ⇄ "), edges.join("\n"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
}
