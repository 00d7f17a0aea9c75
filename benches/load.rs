//! Load benchmark: a bare TOML parse of every data file (into
//! `toml::Table`) against `data::load` (parse, validate, build) on
//! synthetic datasets of 10k, 100k and 1M facts; the loader both as it
//! runs (files read on up to 4 threads) and on one thread, like the bare
//! parse; plus the memory a loaded dataset keeps per fact, measured with a
//! counting allocator.
//!
//! Run with `cargo bench --bench load`; `FACTBOT_BENCH_SIZES=10000,100000`
//! limits the sizes. Before criterion's measurements, each size gets a
//! summary table timed by hand (`FACTBOT_BENCH_RUNS` interleaved runs,
//! default 5, 3 at 1M, where criterion is skipped), with CPU time beside
//! wall time since the machine may be busy with other work.
//!
//! `LOAD_BENCH_PROFILE=bare|load|new|threads` runs only that routine, once
//! per size, with nothing else timed (for a profiler such as `perf record`).

use std::alloc::{GlobalAlloc, Layout, System};

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
use factbot::data::synthetic::{Spec, generate};
use factbot::data::{self, DataFiles, Dataset, Entity, Fact, Predicate, Source};

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

/// What `Dataset::new` indexes: a copy of a loaded dataset's model.
type Model = (Vec<Source>, Vec<Predicate>, Vec<Entity>, Vec<Fact>);

fn model_of(ds: &Dataset) -> Model {
    (
        ds.sources.clone(),
        ds.predicates.clone(),
        ds.entities.clone(),
        ds.facts.clone(),
    )
}

/// `Dataset::new` on the calling thread only (its CPU time is then the
/// thread's).
fn index_on_one_thread((sources, predicates, entities, facts): Model) -> Dataset {
    Dataset::new_on_threads(sources, predicates, entities, facts, String::new(), 1)
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
    let model = model_of(&ds);
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

/// Sizes from this many facts on are only timed by hand: criterion's ten
/// samples of four routines would take most of an hour.
const CRITERION_BELOW: usize = 1_000_000;

fn runs(size: usize) -> usize {
    std::env::var("FACTBOT_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if size >= CRITERION_BELOW { 3 } else { 5 })
        .max(1)
}

/// CPU time this thread has used so far (`/proc/thread-self/schedstat`,
/// nanoseconds on a CPU), or `None` where that is not available. On a
/// machine shared with other work it is far steadier than wall time.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// CPU time the whole process has used so far, every thread included
/// (`/proc/self/stat`, user plus system, in clock ticks of 10 ms).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at 3.
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Wall and CPU time of one run of `f` (CPU time only counts the calling
/// thread: use it for single-threaded routines).
fn time_once<R>(f: impl FnOnce() -> R) -> (Duration, Option<Duration>) {
    time_with(thread_cpu, f)
}

/// Wall time and the CPU time of every thread of one run of `f`.
fn time_once_all_threads<R>(f: impl FnOnce() -> R) -> (Duration, Option<Duration>) {
    time_with(process_cpu, f)
}

/// Wall time of one run of `f`, and the CPU time `cpu_clock` counts.
fn time_with<R>(
    cpu_clock: fn() -> Option<Duration>,
    f: impl FnOnce() -> R,
) -> (Duration, Option<Duration>) {
    let cpu = cpu_clock();
    let start = Instant::now();
    black_box(f());
    let wall = start.elapsed();
    let cpu = cpu.zip(cpu_clock()).map(|(before, after)| after - before);
    (wall, cpu)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The summary table: each routine run `runs()` times, interleaved so
/// that a change in the machine's load hits them all alike; medians.
fn time_by_hand(size: usize, files: &DataFiles) {
    let ds = data::load(files).expect("synthetic data is valid");
    let runs = runs(size);
    let mut wall: [Vec<Duration>; 4] = Default::default();
    let mut cpu: [Vec<Duration>; 4] = Default::default();
    for _ in 0..runs {
        let model = model_of(&ds);
        let timed = [
            time_once(|| bare_parse(files)),
            time_once(|| data::load::load_on_threads(files, 1).map(|ds| ds.facts.len())),
            time_once(|| index_on_one_thread(model)),
            time_once_all_threads(|| data::load(files).map(|ds| ds.facts.len())),
        ];
        for (i, (w, c)) in timed.into_iter().enumerate() {
            wall[i].push(w);
            cpu[i].extend(c);
        }
    }
    let wall = wall.map(median);
    let cpu = cpu.map(|c| (!c.is_empty()).then(|| median(c)));
    println!(
        "by hand, {size} facts, median of {runs} interleaved runs (wall / CPU of the thread; of all threads for the last):"
    );
    for (i, name) in [
        "bare_toml_parse",
        "load_and_validate_1_thread",
        "dataset_new_1_thread",
        "load_and_validate (threads)",
    ]
    .iter()
    .enumerate()
    {
        match cpu[i] {
            Some(c) => println!("  {name:<28} {:>10.3?} / {c:>10.3?}", wall[i]),
            None => println!("  {name:<28} {:>10.3?}", wall[i]),
        }
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    if let (Some(bare), Some(one), Some(index)) = (cpu[0], cpu[1], cpu[2]) {
        println!(
            "  ratio to the bare parse, CPU: load on 1 thread {:.2}x, without Dataset::new {:.2}x{}",
            ratio(one, bare),
            ratio(one.saturating_sub(index), bare),
            cpu[3].map_or(String::new(), |all| format!(
                ", load on threads (all threads' CPU) {:.2}x",
                ratio(all, bare)
            ))
        );
    }
    println!(
        "  ratio to the bare parse, wall: load on 1 thread {:.2}x, without Dataset::new {:.2}x, load on threads {:.2}x",
        ratio(wall[1], wall[0]),
        ratio(wall[1].saturating_sub(wall[2]), wall[0]),
        ratio(wall[3], wall[0])
    );
}

/// One routine, once, for a profiler (`LOAD_BENCH_PROFILE`).
fn profile(routine: &str, files: &DataFiles) {
    let (wall, cpu) = match routine {
        "bare" => time_once(|| bare_parse(files)),
        "load" => time_once(|| data::load::load_on_threads(files, 1).map(|ds| ds.facts.len())),
        "threads" => time_once_all_threads(|| data::load(files).map(|ds| ds.facts.len())),
        "new" => {
            let model = model_of(&data::load(files).expect("synthetic data is valid"));
            time_once(|| index_on_one_thread(model))
        }
        other => panic!("LOAD_BENCH_PROFILE: unknown routine {other:?} (bare, load, new, threads)"),
    };
    println!("profile {routine}: wall {wall:.3?}, CPU {cpu:.3?}");
}

fn bench_load(c: &mut Criterion) {
    let only = std::env::var("LOAD_BENCH_PROFILE").ok();
    for size in sizes() {
        let files = generate(&Spec::with_facts(size));
        if let Some(routine) = &only {
            profile(routine, &files);
            continue;
        }
        memory_report(size, &files);
        time_by_hand(size, &files);
        if size >= CRITERION_BELOW {
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
        group.bench_function(BenchmarkId::new("dataset_new_1_thread", size), |b| {
            b.iter_batched(|| model_of(&ds), index_on_one_thread, BatchSize::LargeInput)
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
