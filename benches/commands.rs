//! Command latency: `execute` per command in-process on the shipped data,
//! and `factbot ask` end to end as a cold process (spawning the binary
//! built with the bench profile, which loads and validates `data/` each
//! time).
//!
//! Run with `cargo bench --bench commands`.

use std::hint::black_box;
use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use factbot::commands::parse::parse;
use factbot::commands::{Command, CompletionKind, complete, execute};
use factbot::data::{DataFiles, Dataset, load};

const QUESTION: &str = "Who designated the Taliban as a terrorist organisation, and when?";

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

fn shipped() -> Dataset {
    let files = DataFiles::read_dir(data_dir()).expect("read data/");
    load(&files).expect("the shipped data/ is valid")
}

fn execute_per_command(c: &mut Criterion) {
    let ds = shipped();
    let mut group = c.benchmark_group("execute");
    for (name, line) in [
        ("ask_designation", format!("/ask question:{QUESTION}")),
        (
            "ask_not_in_article",
            "/ask question:When did China designate the Taliban?".to_string(),
        ),
        (
            "ask_typos",
            "/ask question:wen did rusia designate the talibn?".to_string(),
        ),
        ("designations_all", "/designations".to_string()),
        (
            "designations_filtered",
            "/designations designator:Russia target:Taliban".to_string(),
        ),
        ("timeline_all", "/timeline".to_string()),
        (
            "timeline_entity",
            "/timeline entity:Putin from:1990 to:2010".to_string(),
        ),
        ("entity", "/entity name:Taliban".to_string()),
        (
            "source",
            "/source fact:ru-supreme-court-designates-taliban".to_string(),
        ),
        ("about", "/about".to_string()),
    ] {
        let command: Command = parse(&line).expect("a valid line");
        group.bench_function(name, |b| {
            b.iter(|| execute(black_box(&ds), black_box(&command)))
        });
    }
    let command = parse(&format!("/ask question:{QUESTION}")).expect("a valid line");
    group.bench_function("ask_designation_fit", |b| {
        b.iter(|| execute(black_box(&ds), black_box(&command)).fit())
    });
    group.bench_function("complete_entity", |b| {
        b.iter(|| complete(black_box(&ds), CompletionKind::Entity, black_box("talib")))
    });
    group.finish();
}

fn ask_cold_process(c: &mut Criterion) {
    let binary = env!("CARGO_BIN_EXE_factbot");
    let mut group = c.benchmark_group("process");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("factbot_ask_cold", |b| {
        b.iter(|| {
            let out = Process::new(binary)
                .args(["ask", QUESTION, "--data"])
                .arg(data_dir())
                .output()
                .expect("spawn factbot");
            assert!(out.status.success(), "factbot ask failed");
            black_box(out.stdout.len())
        })
    });
    group.finish();
}

criterion_group!(benches, execute_per_command, ask_cold_process);
criterion_main!(benches);
