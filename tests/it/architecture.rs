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

/// Files whose code mentions `word`: comments, string literals and unit
/// test modules aside (tests may read the disk and name anything).
fn mentioning(files: &[PathBuf], word: &str) -> Vec<String> {
    files
        .iter()
        .filter(|path| crate::imports::code_of(&fs::read_to_string(path).unwrap()).contains(word))
        .map(|p| p.strip_prefix(src()).unwrap_or(p).display().to_string())
        .collect()
}

/// The domain: the dataset, the commands and the reply they make.
fn domain() -> Vec<PathBuf> {
    let mut files = rust_files(&src().join("data"));
    files.extend(rust_files(&src().join("commands")));
    files.push(src().join("reply.rs"));
    files
}

#[test]
fn the_domain_knows_no_platform_runtime_or_clock() {
    let domain = domain();
    assert!(domain.len() >= 20, "the domain has its modules: {domain:?}");
    for word in [
        "serenity",
        "axum",
        "tokio",
        "notify::",
        "Discord",
        "discord",
        "SystemTime::now",
        "Instant::now",
        "std::net",
        "std::thread::sleep",
    ] {
        assert_eq!(
            mentioning(&domain, word),
            Vec::<String>::new(),
            "{word} in src/data/, src/commands/ or src/reply.rs"
        );
    }
}

#[test]
fn only_the_data_directory_reader_reads_the_disk_in_the_domain() {
    let others: Vec<PathBuf> = domain()
        .into_iter()
        .filter(|p| !p.ends_with("data/files.rs"))
        .collect();
    for word in ["std::fs", "fs::", "File::", "read_dir"] {
        assert_eq!(
            mentioning(&others, word),
            Vec::<String>::new(),
            "{word} in the domain outside src/data/files.rs"
        );
    }
}

#[test]
fn only_the_data_directory_writer_replaces_files() {
    // Writing a file in place could leave it half written after a crash:
    // every change to the data directory goes through the one atomic
    // writer (temporary file, fsync, rename, directory fsync).
    let all = rust_files(&src());
    for word in ["fs::rename", "sync_all"] {
        assert_eq!(
            mentioning(&all, word),
            vec!["service/write.rs".to_string()],
            "{word} outside src/service/write.rs"
        );
    }
}

#[test]
fn no_queue_on_an_input_path_is_unbounded() {
    // A queue that grows without bound turns a burst into an out-of-memory
    // crash: channels are tokio's bounded ones, interactions are capped by
    // the flow's semaphores ([limits] max_in_flight).
    let all = rust_files(&src());
    for word in ["unbounded_channel", "std::sync::mpsc", "mpsc::unbounded"] {
        assert_eq!(
            mentioning(&all, word),
            Vec::<String>::new(),
            "{word} in src/"
        );
    }
    assert_eq!(
        mentioning(&all, "mpsc::channel"),
        vec!["service/watch.rs".to_string()],
        "the file watch's queue (bounded: one pending reload) is the only channel"
    );
}

#[test]
fn the_service_layer_knows_no_discord_library() {
    let service = rust_files(&src().join("service"));
    assert!(service.len() >= 5, "src/service/ has its modules");
    assert_eq!(mentioning(&service, "serenity"), Vec::<String>::new());
}

/// Where a file sits: its layer (a file may import only files of its own
/// layer or lower ones) and, for the adapters, which adapter it is.
fn layer_of(file: &str) -> (u8, &'static str) {
    let top = file.split('/').next().unwrap_or(file);
    match top {
        "data" => (0, ""),
        "reply.rs" | "config.rs" | "secret.rs" => (1, ""),
        "commands" => (2, ""),
        "eval.rs" => (3, ""),
        "service" => (4, ""),
        "console.rs" => (5, "console"),
        "discord" if file.starts_with("discord/gateway/") => (5, "gateway"),
        "discord" if file.starts_with("discord/http/") => (5, "http"),
        // What the two Discord transports share sits below them.
        "discord" => (5, "discord"),
        "lib.rs" => (6, ""),
        other => panic!("{file}: no layer for {other} (add it to layer_of)"),
    }
}

#[test]
fn no_file_imports_upward_and_no_adapter_imports_another() {
    let graph = crate::imports::Graph::read(&src());
    let mut wrong = Vec::new();
    for (from, targets) in &graph.edges {
        let (from_layer, from_adapter) = layer_of(from);
        for to in targets {
            let (to_layer, to_adapter) = layer_of(to);
            let upward = to_layer > from_layer;
            let across = from_layer == 5
                && to_layer == 5
                && from_adapter != to_adapter
                && !(from_adapter != "discord"
                    && to_adapter == "discord"
                    && from_adapter != "console");
            if upward || across {
                wrong.push(format!("  {from} → {to}"));
            }
        }
    }
    assert!(
        graph.edges.keys().any(|f| f.starts_with("discord/http/"))
            && graph
                .edges
                .keys()
                .any(|f| f.starts_with("discord/gateway/")),
        "both transports are seen"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_the_discord_adapter_knows_serenity() {
    let adapters = [src().join("discord")];
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
    let gateway = vec![src().join("discord/gateway/mod.rs")];
    assert_eq!(mentioning(&gateway, "serenity"), ["discord/gateway/mod.rs"]);
    // What only unit tests do is not the module's code.
    let with_tests = vec![src().join("commands/ask.rs")];
    assert_eq!(mentioning(&with_tests, "read_dir"), Vec::<String>::new());
    assert!(
        fs::read_to_string(&with_tests[0])
            .unwrap()
            .contains("read_dir")
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

#[test]
fn every_test_architecture_md_names_exists() {
    // The invariants name the tests that enforce them; a renamed or
    // deleted test must not leave a claim behind.
    let root = src().parent().unwrap().to_path_buf();
    let text = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let invariants = &text[text.find("## Invariants").expect("an Invariants section")..];
    let mut sources = String::new();
    for dir in ["src", "tests"] {
        for file in rust_files(&root.join(dir)) {
            sources.push_str(&fs::read_to_string(file).unwrap());
        }
    }
    let named: Vec<&str> = invariants
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| t.contains('_') && t.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    assert!(
        named.len() >= 10,
        "the invariants name their tests: {named:?}"
    );
    for name in named {
        assert!(
            sources.contains(&format!("fn {name}(")),
            "ARCHITECTURE.md names `{name}`, which no test defines"
        );
    }
}
