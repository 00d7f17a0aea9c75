//! Load benchmark: a bare TOML parse of every data file (into
//! `toml::Table`) against `data::load` (parse, validate, build) on
//! synthetic datasets of 10k, 100k and 1M facts; the loader both as it
//! runs (files read on up to 4 threads) and on one thread, like the bare
//! parse; plus the memory a loaded dataset keeps per fact, measured with a
//! counting allocator.
//!
//! Run with `cargo bench --bench load`; `FACTBOT_BENCH_SIZES=10000,100000`
//! limits the sizes. 1M facts are timed by hand, `FACTBOT_BENCH_RUNS` (3)
//! runs of each routine, printing the fastest and median run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use factbot::data::synthetic::{Spec, generate};
use factbot::data::{self, DataFiles, Dataset};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn sizes() -> Vec<usize> {
    std::env::var("FACTBOT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

/// What the loader is compared with: every data file parsed into a
/// `toml::Table`, nothing else.
fn bare_parse(files: &DataFiles) -> usize {
    let mut tables = 0;
    for (path, bytes) in &files.files {
        if path.contains('/') || !path.ends_with(".toml") {
            continue;
        }
        let text = std::str::from_utf8(bytes).expect("synthetic data is UTF-8");
        let table: toml::Table = toml::from_str(text).expect("synthetic data parses");
        tables += table.len();
        black_box(table);
    }
    tables
}

/// Heap the loaded dataset keeps, and the peak while loading, per fact.
fn memory_report(size: usize, files: &DataFiles) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let ds = data::load(files).expect("synthetic data is valid");
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = LIVE.load(Ordering::Relaxed) - before;
    // The model alone (without the indexes `Dataset::new` builds): a copy.
    let copy_start = LIVE.load(Ordering::Relaxed);
    let model = (
        ds.sources.clone(),
        ds.predicates.clone(),
        ds.entities.clone(),
        ds.facts.clone(),
    );
    let model_bytes = LIVE.load(Ordering::Relaxed) - copy_start;
    drop(model);
    println!(
        "memory {size} facts: dataset keeps {kept} bytes ({:.0} bytes/fact; the model alone {:.0}, indexes {:.0}), peak while loading {peak} bytes above the files ({:.0} bytes/fact); data files {} bytes ({:.0} bytes/fact)",
        kept as f64 / ds.facts.len() as f64,
        model_bytes as f64 / ds.facts.len() as f64,
        (kept - model_bytes) as f64 / ds.facts.len() as f64,
        peak as f64 / ds.facts.len() as f64,
        files.total_bytes(),
        files.total_bytes() as f64 / ds.facts.len() as f64,
    );
    drop(ds);
}

/// Sizes from this many facts on are timed by hand (a few runs each):
/// criterion's ten samples of four routines would take most of an hour.
const BY_HAND_FROM: usize = 1_000_000;

fn runs() -> usize {
    std::env::var("FACTBOT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

/// Times `f` `runs()` times; returns the fastest and the median run.
fn time_by_hand<R>(mut f: impl FnMut() -> R) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs().max(1))
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[times.len() / 2])
}

fn bench_by_hand(size: usize, files: &DataFiles) {
    let ds = data::load(files).expect("synthetic data is valid");
    let parts = || {
        (
            ds.sources.clone(),
            ds.predicates.clone(),
            ds.entities.clone(),
            ds.facts.clone(),
        )
    };
    let bare = time_by_hand(|| bare_parse(files));
    let load = time_by_hand(|| data::load(files).map(|ds| ds.facts.len()));
    let one = time_by_hand(|| data::load::load_on_threads(files, 1).map(|ds| ds.facts.len()));
    let mut index = Vec::new();
    for _ in 0..runs().max(1) {
        let (sources, predicates, entities, facts) = parts();
        let start = Instant::now();
        black_box(Dataset::new(
            sources,
            predicates,
            entities,
            facts,
            String::new(),
        ));
        index.push(start.elapsed());
    }
    index.sort();
    let index = (index[0], index[index.len() / 2]);
    println!(
        "by hand, {size} facts, {} runs each (fastest / median):",
        runs()
    );
    for (name, (fastest, median)) in [
        ("bare_toml_parse", bare),
        ("load_and_validate", load),
        ("load_and_validate_1_thread", one),
        ("dataset_new_indexes_only", index),
    ] {
        println!("  {name:<28} {fastest:>10.2?} / {median:>10.2?}");
    }
    let ratio = |t: (Duration, Duration)| t.1.as_secs_f64() / bare.1.as_secs_f64();
    println!(
        "  median ratio to bare parse: load {:.2}x, load on 1 thread {:.2}x, the same without Dataset::new {:.2}x",
        ratio(load),
        ratio(one),
        (one.1.as_secs_f64() - index.1.as_secs_f64()) / bare.1.as_secs_f64()
    );
}

fn bench_load(c: &mut Criterion) {
    for size in sizes() {
        let files = generate(&Spec::with_facts(size));
        memory_report(size, &files);
        if size >= BY_HAND_FROM {
            bench_by_hand(size, &files);
            continue;
        }
        let mut group = c.benchmark_group(format!("load/{size}"));
        group.throughput(Throughput::Elements(size as u64));
        if size >= 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(15));
        } else {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(5));
        }
        group.bench_function(BenchmarkId::new("bare_toml_parse", size), |b| {
            b.iter(|| bare_parse(black_box(&files)))
        });
        group.bench_function(BenchmarkId::new("load_and_validate", size), |b| {
            b.iter(|| data::load(black_box(&files)).map(|ds| ds.facts.len()))
        });
        group.bench_function(BenchmarkId::new("load_and_validate_1_thread", size), |b| {
            b.iter(|| data::load::load_on_threads(black_box(&files), 1).map(|ds| ds.facts.len()))
        });
        // The share of `load` that is `Dataset::new` building the query
        // indexes (not the loader's own work).
        let ds = data::load(&files).expect("synthetic data is valid");
        group.bench_function(BenchmarkId::new("dataset_new_indexes_only", size), |b| {
            b.iter_batched(
                || {
                    (
                        ds.sources.clone(),
                        ds.predicates.clone(),
                        ds.entities.clone(),
                        ds.facts.clone(),
                    )
                },
                |(sources, predicates, entities, facts)| {
                    Dataset::new(sources, predicates, entities, facts, String::new())
                },
                BatchSize::LargeInput,
            )
        });
        drop(ds);
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_load(&mut c);
    c.final_summary();
}
