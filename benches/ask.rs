//! `/ask` latency: one question answered in-process
//! (`factbot::commands::ask::run`) on the shipped data and on synthetic
//! datasets (`factbot::data::synthetic`, loaded like real data), with a
//! fixed mix of eight questions: who, when, yes-no, whom, why, casual,
//! misspelt, and one the data cannot answer. On synthetic data the
//! questions are built from the dataset's own entity names and relation
//! words, so they hit real facts.
//!
//! Criterion reports medians. Before criterion runs, each question is also
//! timed on its own over many runs, and `[latency]` lines give its p50 and
//! p99 and those of the whole mix. Where one question takes over a second
//! (a million facts, say), only a handful of runs are timed by hand and
//! criterion is skipped for that size.
//!
//! `cargo bench --bench ask`; `ASK_BENCH_SIZES=100000,1000000` sets the
//! synthetic sizes (default 100000; the shipped data is always measured);
//! `ASK_BENCH_RUNS=200` fixes the hand-timed runs per question.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use factbot::commands::ask;
use factbot::data::synthetic::{Spec, generate};
use factbot::data::{DataFiles, Dataset, EntityId, Fact, load};

/// One question slower than this: too slow for criterion's samples.
const SLOW: Duration = Duration::from_secs(1);
/// Hand-timed runs of a slow question.
const SLOW_RUNS: usize = 3;
/// Time spent on each question's hand-timed runs, when not fixed.
const BUDGET_PER_QUESTION: Duration = Duration::from_secs(2);

fn sizes() -> Vec<usize> {
    std::env::var("ASK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000])
}

fn fixed_runs() -> Option<usize> {
    std::env::var("ASK_BENCH_RUNS")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .filter(|&n| n > 0)
}

fn shipped() -> Dataset {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"));
    let files = DataFiles::read_dir(dir).expect("read data/");
    load(&files).expect("the shipped data/ is valid")
}

/// The mix on the shipped data.
fn shipped_questions() -> Vec<(&'static str, String)> {
    [
        (
            "who",
            "Who designated the Taliban as a terrorist organisation, and when?",
        ),
        ("when", "When was the CSTO formed?"),
        ("yes_no", "Is Kazakhstan a member of the CSTO?"),
        ("whom", "Which countries are members of the CSTO?"),
        (
            "why",
            "Why did the Russian Supreme Court designate the Taliban?",
        ),
        ("casual", "what does the taliban want"),
        ("misspelt", "wen did rusia designate the talibn?"),
        ("unanswerable", "When did China designate the Taliban?"),
    ]
    .into_iter()
    .map(|(name, q)| (name, q.to_owned()))
    .collect()
}

/// The first fact of `predicate` at or after `from` (wrapping round).
fn fact_of<'d>(ds: &'d Dataset, predicate: &str, from: usize) -> &'d Fact {
    let (after, before) = ds.facts.split_at(from.min(ds.facts.len()));
    after
        .iter()
        .chain(before)
        .find(|f| &*ds.predicate(f.predicate).id == predicate)
        .unwrap_or_else(|| panic!("the synthetic data has no {predicate} fact"))
}

/// A name with one letter dropped from its middle (a typo).
fn misspelt(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() > 4 {
        chars.remove(chars.len() / 2);
    }
    chars.into_iter().collect()
}

/// The mix on synthetic data, from facts spread through the dataset.
fn synthetic_questions(ds: &Dataset) -> Vec<(&'static str, String)> {
    let n = ds.facts.len();
    let name = |e: EntityId| ds.entity(e).name.to_string();
    let designated = fact_of(ds, "designated", n / 3);
    let sanctioned = fact_of(ds, "sanctioned", n / 2);
    let recognised = fact_of(ds, "recognised", 2 * n / 3);
    let criticised = fact_of(ds, "criticised", n / 5);
    let (d_subject, d_object) = (name(designated.subject), name(designated.objects[0]));
    let (s_subject, s_object) = (name(sanctioned.subject), name(sanctioned.objects[0]));
    let (r_subject, r_object) = (name(recognised.subject), name(recognised.objects[0]));
    let c_subject = name(criticised.subject);
    vec![
        ("who", format!("Who designated {d_object}?")),
        (
            "when",
            format!("When was {s_object} sanctioned by {s_subject}?"),
        ),
        ("yes_no", format!("Has {r_subject} recognised {r_object}?")),
        ("whom", format!("Who has {c_subject} criticised?")),
        ("why", format!("Why did {d_subject} designate {d_object}?")),
        (
            "casual",
            format!("{} sanctioned who??", s_subject.to_lowercase()),
        ),
        (
            "misspelt",
            format!(
                "wen was {} sanctiond by {}",
                misspelt(&s_object).to_lowercase(),
                s_subject.to_lowercase()
            ),
        ),
        (
            "unanswerable",
            format!("What is the population of {r_subject}?"),
        ),
    ]
}

/// The `p`th percentile (nearest rank) of sorted samples.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

/// Times each question on its own and prints its p50 and p99, then the
/// mix's; returns whether a question is too slow for criterion.
fn hand_timed(label: &str, ds: &Dataset, questions: &[(&str, String)]) -> bool {
    // One run each first: it warms caches and tells how many runs fit.
    let first: Vec<Duration> = questions
        .iter()
        .map(|(_, q)| {
            let started = Instant::now();
            black_box(ask::run(ds, q));
            started.elapsed()
        })
        .collect();
    let slow = first.iter().any(|&t| t > SLOW);
    let mut mix = Vec::new();
    for ((name, q), first) in questions.iter().zip(&first) {
        let runs = match fixed_runs() {
            Some(n) => n,
            None if slow => SLOW_RUNS,
            None => {
                let fit = BUDGET_PER_QUESTION.as_nanos() / first.as_nanos().max(1);
                usize::try_from(fit).unwrap_or(usize::MAX).clamp(20, 1000)
            }
        };
        let mut samples: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                black_box(ask::run(black_box(ds), black_box(q)));
                started.elapsed()
            })
            .collect();
        samples.sort_unstable();
        let kind = ask::run(ds, q).kind.as_str();
        eprintln!(
            "[latency] ask/{label} {name:<12} p50 {:>10.1?}  p99 {:>10.1?}  ({runs} runs; {kind}) {q:?}",
            percentile(&samples, 50),
            percentile(&samples, 99),
        );
        mix.extend(samples);
    }
    mix.sort_unstable();
    eprintln!(
        "[latency] ask/{label} {:<12} p50 {:>10.1?}  p99 {:>10.1?}  ({} runs)",
        "mix",
        percentile(&mix, 50),
        percentile(&mix, 99),
        mix.len()
    );
    if slow {
        eprintln!("[latency] ask/{label}: a question takes over {SLOW:?}; criterion skipped");
    }
    slow
}

fn bench_dataset(c: &mut Criterion, label: &str, ds: &Dataset, questions: &[(&str, String)]) {
    if hand_timed(label, ds, questions) {
        return;
    }
    let mut group = c.benchmark_group("ask");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (name, q) in questions {
        group.bench_function(BenchmarkId::new(*name, label), |b| {
            b.iter(|| ask::run(black_box(ds), black_box(q)))
        });
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    let ds = shipped();
    bench_dataset(c, "shipped", &ds, &shipped_questions());
    drop(ds);
    for size in sizes() {
        let started = Instant::now();
        let ds = load(&generate(&Spec::with_facts(size))).expect("synthetic data is valid");
        eprintln!(
            "\n[dataset] {size} facts, {} entities: generated and loaded in {:.1?}",
            ds.entities.len(),
            started.elapsed()
        );
        let questions = synthetic_questions(&ds);
        bench_dataset(c, &size.to_string(), &ds, &questions);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
