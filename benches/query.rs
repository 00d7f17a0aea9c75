//! Benchmarks of the query API on synthetic datasets of 10k, 100k and 1M
//! facts (with 1k, 10k and 100k entities), built in memory by a small
//! deterministic generator: multi-word names with 2–4 aliases, Zipf-skewed
//! connections and vocabulary, quotes of 80–200 bytes, every kind of date.
//!
//! Targets: resolve and completion < 100 µs (misspelt too), search < 1 ms,
//! and ≤ 1 KiB of memory per fact for the whole `Dataset` at 1M facts. The
//! memory figures are printed before each size's benchmarks: bytes live
//! according to a counting global allocator (requested sizes; the
//! allocator's own overhead is estimated from the allocation count), and the
//! process's peak resident set.
//!
//! `cargo bench --bench query`; `QUERY_BENCH_SIZES=10000,100000` limits the
//! sizes; `QUERY_BENCH_PROFILE=search_question,resolve_exact` runs only those
//! operations, each in a loop for 10 s without criterion (for a profiler).

use std::alloc::{GlobalAlloc, Layout, System};

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use factbot::data::query::{DesignationFilter, TimelineFilter, designations, timeline};
use factbot::data::resolve::{complete_entity, resolve};
use factbot::data::search::complete_fact;
use factbot::data::search::search;
use factbot::data::*;

/// Counts live bytes and allocations, and the peak of live bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
            BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now =
                    LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// Ranks drawn with probability ∝ 1 / (rank + 1)^s.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut sum = 0.0;
        Zipf(
            (0..n)
                .map(|r| {
                    sum += 1.0 / ((r + 1) as f64).powf(s);
                    sum
                })
                .collect(),
        )
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().unwrap();
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

const SYLLABLES: [&str; 48] = [
    "ka", "ri", "lo", "ven", "tar", "mi", "so", "bel", "dor", "an", "is", "ul", "ko", "zan", "ter",
    "gra", "pol", "vi", "ne", "ra", "sta", "mon", "che", "lu", "den", "fa", "go", "hi", "jo", "qu",
    "we", "xi", "ze", "bra", "cro", "dri", "fle", "gli", "pre", "tri", "sko", "slo", "ny", "ar",
    "or", "en", "ost", "umb",
];
const ORG_NOUNS: [&str; 20] = [
    "Council",
    "Party",
    "Front",
    "Union",
    "Court",
    "Ministry",
    "Committee",
    "Agency",
    "Bank",
    "Institute",
    "Movement",
    "Army",
    "Alliance",
    "Assembly",
    "Commission",
    "Organisation",
    "Foundation",
    "Corporation",
    "Group",
    "League",
];
const ORG_ADJECTIVES: [&str; 20] = [
    "National",
    "Supreme",
    "Democratic",
    "Islamic",
    "People's",
    "United",
    "Federal",
    "Central",
    "Eastern",
    "Western",
    "Northern",
    "Southern",
    "Revolutionary",
    "Popular",
    "Independent",
    "Socialist",
    "Liberal",
    "Royal",
    "Free",
    "Patriotic",
];
const PLACE_SUFFIXES: [&str; 8] = ["stan", "ia", "land", "burg", "ovo", "abad", "grad", "istan"];
const FILLER: [&str; 20] = [
    "the", "of", "and", "to", "in", "a", "was", "by", "that", "with", "for", "on", "is", "as",
    "its", "from", "has", "were", "which", "an",
];

/// `count` distinct generated words, made of 2–4 syllables plus `suffixes`.
fn words(rng: &mut Rng, count: usize, suffixes: &[&str]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let mut w = String::new();
        for _ in 0..2 + rng.below(3) {
            w.push_str(rng.pick(&SYLLABLES));
        }
        if !suffixes.is_empty() {
            w.push_str(rng.pick(suffixes));
        }
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(40).collect()
}

fn entities(rng: &mut Rng, count: usize) -> Vec<Entity> {
    let places = words(rng, count / 5 + 100, &PLACE_SUFFIXES);
    let surnames = words(rng, count / 2 + 100, &[]);
    let firsts = words(rng, 2000.min(count + 100), &[]);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let (kind, name, mut aliases) = match i % 5 {
            0 | 1 => {
                let first = capitalised(&rng.pick(&firsts));
                let middle = capitalised(&rng.pick(&firsts));
                let last = capitalised(&surnames[(i / 5 * 2 + i % 5) % surnames.len()]);
                (
                    EntityKind::Person,
                    format!("{first} {last}"),
                    vec![
                        last.clone(),
                        format!("{}. {last}", &first[..1]),
                        format!("{first} {middle} {last}"),
                        format!("President {last}"),
                    ],
                )
            }
            2 | 3 => {
                let adj = rng.pick(&ORG_ADJECTIVES);
                let noun = rng.pick(&ORG_NOUNS);
                let place = capitalised(&rng.pick(&places));
                let acronym: String = [adj, noun, &place]
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .collect();
                (
                    EntityKind::Organisation,
                    format!("{adj} {noun} of {place}"),
                    vec![
                        format!("{acronym}{}", i % 97),
                        format!("{place} {noun}"),
                        format!("{place}'s {adj} {noun}"),
                        format!("{adj} {noun} ({place})"),
                    ],
                )
            }
            _ => {
                let place = capitalised(&places[i / 5 % places.len()]);
                (
                    EntityKind::Country,
                    place.clone(),
                    vec![
                        format!("Republic of {place}"),
                        format!("{place}i"),
                        place.to_uppercase().chars().take(3).collect::<String>()
                            + &(i % 89).to_string(),
                        format!("{place} region"),
                    ],
                )
            }
        };
        aliases.truncate(2 + rng.below(3));
        out.push(Entity {
            id: format!("e{i}-{}", slug(&name)).into(),
            kind,
            name: name.into(),
            aliases: aliases.into_iter().map(Into::into).collect(),
            display: None,
            note: rng.chance(0.05).then(|| "A note about this entity.".into()),
            may_mean: Vec::new(),
        });
    }
    out
}

fn predicates() -> Vec<Predicate> {
    let mut out = Vec::new();
    for (id, label, designation, words) in [
        (
            "designated",
            "designated",
            true,
            &["designate", "list", "label", "ban", "terrorist"][..],
        ),
        (
            "sanctioned",
            "imposed sanctions on",
            true,
            &["sanction", "penalise"],
        ),
        ("found-guilty", "found guilty", true, &["guilty", "convict"]),
        (
            "considering-removal",
            "is considering removing from its list",
            true,
            &["delist", "remove"],
        ),
    ] {
        out.push(Predicate {
            id: id.into(),
            label: label.into(),
            inverse: Some(format!("was {label} by").into()),
            designation,
            words: words.iter().map(|w| (*w).into()).collect(),
        });
    }
    for i in 0..36 {
        out.push(Predicate {
            id: format!("relation-{i}").into(),
            label: format!("relates {i} to").into(),
            inverse: None,
            designation: false,
            words: vec![format!("relation{i}").into(), "relation".into()],
        });
    }
    out
}

/// Text of `min..max` bytes from the Zipf vocabulary, with some names.
fn text(
    rng: &mut Rng,
    vocab: &[String],
    zipf: &Zipf,
    names: &[&str],
    min: usize,
    max: usize,
) -> String {
    let target = min + rng.below(max - min);
    let mut out = String::with_capacity(target + 16);
    while out.len() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        if !names.is_empty() && rng.chance(0.08) {
            out.push_str(rng.pick(names));
        } else {
            out.push_str(&vocab[zipf.sample(rng)]);
        }
    }
    let mut cut = out.len().min(max);
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out.push('.');
    out
}

fn facts(rng: &mut Rng, count: usize, entities: &[Entity], predicates: &[Predicate]) -> Vec<Fact> {
    let mut vocab: Vec<String> = FILLER.iter().map(|w| w.to_string()).collect();
    vocab.extend(words(rng, 30_000, &[]));
    let words_zipf = Zipf::new(vocab.len(), 1.0);
    let entity_zipf = Zipf::new(entities.len(), 0.8);
    // Spread popular entities over kinds rather than always the first ones.
    let mut popularity: Vec<u32> = (0..entities.len() as u32).collect();
    for i in (1..popularity.len()).rev() {
        popularity.swap(i, rng.below(i + 1));
    }
    let pick_entity = |rng: &mut Rng| EntityId(popularity[entity_zipf.sample(rng)]);
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let subject = pick_entity(rng);
        let mut objects = vec![pick_entity(rng)];
        if rng.chance(0.3) {
            objects.push(pick_entity(rng));
        }
        let predicate = if rng.chance(0.12) {
            rng.below(4)
        } else {
            4 + rng.below(predicates.len() - 4)
        };
        let names: Vec<&str> = std::iter::once(subject)
            .chain(objects.iter().copied())
            .map(|e| &*entities[e.0 as usize].name)
            .collect();
        let quotes = (0..if rng.chance(0.8) { 1 } else { 2 })
            .map(|_| Quote {
                text: text(rng, &vocab, &words_zipf, &names, 80, 200).into(),
                offset: rng.below(1 << 20) as u32,
            })
            .collect();
        let roll = rng.below(100);
        let year = 1950 + rng.below(75) as i32;
        let value = match roll {
            0..=59 => Some(DateValue::Year { year }),
            60..=69 => Some(DateValue::Month {
                year,
                month: 1 + rng.below(12) as u8,
            }),
            70..=79 => Some(DateValue::Day {
                year,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
            }),
            80..=82 => Some(DateValue::Range {
                from: year,
                to: year + rng.below(10) as i32,
            }),
            83..=84 => Some(DateValue::Approximate { year }),
            85..=89 if i > 0 => Some(DateValue::After {
                fact: FactId(rng.below(i) as u32),
            }),
            90..=91 if i > 0 => Some(DateValue::Before {
                fact: FactId(rng.below(i) as u32),
            }),
            92..=94 => Some(DateValue::Present {
                month: rng.chance(0.5).then(|| 1 + rng.below(12) as u8),
            }),
            _ => None,
        };
        out.push(Fact {
            id: fact_id(
                &mut seen_ids,
                &entities[subject.0 as usize],
                &predicates[predicate],
                &entities[objects[0].0 as usize],
            )
            .into(),
            source: SourceId(0),
            subject,
            predicate: PredicateId(predicate as u32),
            objects,
            object_text: rng
                .chance(0.1)
                .then(|| text(rng, &vocab, &words_zipf, &[], 20, 60).into()),
            negated: rng.chance(0.03),
            as_what: rng.chance(0.1).then(|| AsWhat {
                article: "criminal organisation".into(),
                meaning: Some("terrorist organisation".into()),
            }),
            reason: rng
                .chance(0.15)
                .then(|| text(rng, &vocab, &words_zipf, &[], 40, 100).into()),
            place: rng.chance(0.2).then(|| pick_entity(rng)),
            via: rng.chance(0.05).then(|| pick_entity(rng)),
            date: value.map(|value| FactDate {
                value,
                words: "in that year".into(),
            }),
            status: rng.chance(0.2).then(|| rng.pick(&Status::ALL)),
            note: rng
                .chance(0.05)
                .then(|| text(rng, &vocab, &words_zipf, &[], 20, 60).into()),
            quotes,
        });
    }
    out
}

/// An id as a curator writes one, "subject-predicate-object", with a
/// counter only when that repeats.
fn fact_id(
    seen: &mut HashMap<String, u32>,
    subject: &Entity,
    predicate: &Predicate,
    object: &Entity,
) -> String {
    let short = |e: &Entity| slug(&e.name).chars().take(20).collect::<String>();
    let base = format!("{}-{}-{}", short(subject), predicate.id, short(object));
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

fn source() -> Source {
    Source {
        id: "synthetic".into(),
        file: "sources/synthetic.txt".into(),
        text: "A synthetic source.".into(),
        sha256: "0".repeat(64).into(),
        headline: "Synthetic".into(),
        publisher: "Bench".into(),
        author: None,
        author_affiliation: None,
        republished_from: None,
        licence: None,
        url: None,
        note: None,
        glossary: Vec::new(),
    }
}

/// Up to two typos in the name's longest word (one for words under 8 letters).
fn misspell(rng: &mut Rng, name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    let longest = (0..words.len())
        .max_by_key(|&i| words[i].len())
        .unwrap_or(0);
    let mut w: Vec<u8> = words[longest].bytes().collect();
    if w.len() < 5 || !w.is_ascii() {
        return name.to_string();
    }
    let edits = if w.len() >= 8 { 2 } else { 1 };
    for _ in 0..edits {
        let at = 1 + rng.below(w.len() - 2);
        match rng.below(4) {
            0 => w[at] = b'a' + rng.below(26) as u8,
            1 => {
                w.remove(at);
            }
            2 => w.insert(at, b'a' + rng.below(26) as u8),
            _ => w.swap(at, at + 1),
        }
    }
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[longest] = String::from_utf8(w).unwrap_or_default();
    out.join(" ")
}

/// Query workloads drawn from the dataset.
struct Workload {
    exact: Vec<String>,
    misspelt: Vec<String>,
    prefixes: Vec<String>,
    fact_words: Vec<String>,
    fact_words_source: Vec<String>,
    fact_ids: Vec<String>,
    entities: Vec<EntityId>,
    questions: Vec<String>,
    misspelt_questions: Vec<String>,
}

fn workload(rng: &mut Rng, ds: &Dataset) -> Workload {
    const N: usize = 256;
    let mut w = Workload {
        exact: Vec::new(),
        misspelt: Vec::new(),
        prefixes: Vec::new(),
        fact_words: Vec::new(),
        fact_words_source: Vec::new(),
        fact_ids: Vec::new(),
        entities: Vec::new(),
        questions: Vec::new(),
        misspelt_questions: Vec::new(),
    };
    for _ in 0..N {
        let e = &ds.entities[rng.below(ds.entities.len())];
        let name: &str = if rng.chance(0.5) || e.aliases.is_empty() {
            &e.name
        } else {
            &e.aliases[rng.below(e.aliases.len())]
        };
        w.exact.push(if rng.chance(0.5) {
            name.to_lowercase()
        } else {
            name.to_string()
        });
        w.misspelt.push(misspell(rng, &e.name));
        let cut = name
            .char_indices()
            .nth(3 + rng.below(6))
            .map_or(name.len(), |(i, _)| i);
        w.prefixes.push(name[..cut].to_string());
        let f = &ds.facts[rng.below(ds.facts.len())];
        let quote_words: Vec<&str> = f.quotes[0]
            .text
            .split(' ')
            .filter(|x| x.len() > 3)
            .collect();
        let picked: Vec<&str> = (0..3).map(|_| rng.pick(&quote_words)).collect();
        w.fact_words.push(format!(
            "{} {}",
            picked[0],
            &picked[1][..picked[1].len().min(4)]
        ));
        w.fact_words_source.push(f.id.to_string());
        w.fact_ids
            .push(f.id.chars().take(4 + rng.below(8)).collect());
        // Entities weighted as questions are: popular ones more often.
        w.entities.push(ds.facts[rng.below(ds.facts.len())].subject);
        let who = &ds.entity(f.subject).name;
        w.questions.push(format!(
            "what did {who} say about {} and {}",
            picked[0], picked[2]
        ));
        w.misspelt_questions.push(format!(
            "who {} {}",
            misspell(rng, picked[0]),
            misspell(rng, who)
        ));
    }
    w
}

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Nanoseconds this thread has run on a CPU (Linux), which, unlike wall
/// time, leaves out time spent waiting for a core on a busy machine.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn sizes() -> Vec<usize> {
    std::env::var("QUERY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}

fn bench(c: &mut Criterion) {
    for facts_n in sizes() {
        let entities_n = (facts_n / 10).clamp(100, 100_000);
        let base = LIVE.load(Relaxed);
        let base_blocks = BLOCKS.load(Relaxed);
        PEAK.store(base, Relaxed);
        let mut rng = Rng(42);
        let started = Instant::now();
        let ents = entities(&mut rng, entities_n);
        let preds = predicates();
        let fs = facts(&mut rng, facts_n, &ents, &preds);
        let generated = started.elapsed();
        let parts = LIVE.load(Relaxed) - base;
        let started = Instant::now();
        let ds = Dataset::new(vec![source()], preds, ents, fs, "bench".into());
        let built = started.elapsed();
        let total = LIVE.load(Relaxed) - base;
        let blocks = BLOCKS.load(Relaxed) - base_blocks;
        let peak = PEAK.load(Relaxed) - base;
        eprintln!(
            "\n[memory] {facts_n} facts, {entities_n} entities: generated in {generated:.1?}, indexed in {built:.1?}\n\
             [memory]   parts (facts, entities, ...): {:.0} B/fact\n\
             [memory]   index:                        {:.0} B/fact\n\
             [memory]   whole Dataset:                {:.0} B/fact requested, {} live blocks \
             (≈ {:.0} B/fact with 16 B malloc overhead per block)\n\
             [memory]   peak while building:          {:.0} B/fact; process VmHWM {} MiB, VmRSS {} MiB",
            parts as f64 / facts_n as f64,
            (total - parts) as f64 / facts_n as f64,
            total as f64 / facts_n as f64,
            blocks,
            (total + 16 * blocks) as f64 / facts_n as f64,
            peak as f64 / facts_n as f64,
            status_kib("VmHWM:").unwrap_or(0) / 1024,
            status_kib("VmRSS:").unwrap_or(0) / 1024,
        );

        for (part, bytes) in ds.index_memory() {
            eprintln!(
                "[memory]     {part:<26} {:>7.1} B/fact",
                bytes as f64 / facts_n as f64
            );
        }

        let w = workload(&mut rng, &ds);
        let ds = &ds;
        // What completion's bounded work costs in quality: how often the
        // fact a query's words were taken from is among its suggestions.
        let found = w
            .fact_words
            .iter()
            .zip(&w.fact_words_source)
            .filter(|(typed, id)| complete_fact(ds, typed, 25).iter().any(|s| s.value == *id))
            .count();
        eprintln!(
            "[recall] complete_fact_words: the fact the words come from is suggested for {found} of {} queries",
            w.fact_words.len()
        );
        let ops: Vec<(&str, Op)> = vec![
            ("resolve_exact", op(&w.exact, |t| resolve(ds, t, 5).len())),
            (
                "resolve_misspelt",
                op(&w.misspelt, |t| resolve(ds, t, 5).len()),
            ),
            (
                "complete_entity_prefix",
                op(&w.prefixes, |t| complete_entity(ds, t, 25).len()),
            ),
            (
                "complete_entity_misspelt",
                op(&w.misspelt, |t| complete_entity(ds, t, 25).len()),
            ),
            (
                "complete_entity_empty",
                op(&[""], |t| complete_entity(ds, t, 25).len()),
            ),
            (
                "complete_fact_id",
                op(&w.fact_ids, |t| complete_fact(ds, t, 25).len()),
            ),
            (
                "complete_fact_words",
                op(&w.fact_words, |t| complete_fact(ds, t, 25).len()),
            ),
            (
                "designations_target",
                op(&w.entities, |&e| {
                    designations(
                        ds,
                        &DesignationFilter {
                            designator: None,
                            target: Some(e),
                        },
                    )
                    .len()
                }),
            ),
            (
                "timeline_entity",
                op(&w.entities, |&e| {
                    timeline(
                        ds,
                        &TimelineFilter {
                            entity: Some(e),
                            from: None,
                            to: None,
                        },
                    )
                    .len()
                }),
            ),
            (
                "timeline_entity_years",
                op(&w.entities, |&e| {
                    timeline(
                        ds,
                        &TimelineFilter {
                            entity: Some(e),
                            from: Some(1990),
                            to: Some(2010),
                        },
                    )
                    .len()
                }),
            ),
            (
                "timeline_years_all_entities",
                op(&[()], |_| {
                    timeline(
                        ds,
                        &TimelineFilter {
                            entity: None,
                            from: Some(2001),
                            to: Some(2001),
                        },
                    )
                    .len()
                }),
            ),
            (
                "search_question",
                op(&w.questions, |t| search(ds, t, 10).len()),
            ),
            (
                "search_misspelt",
                op(&w.misspelt_questions, |t| search(ds, t, 10).len()),
            ),
            (
                "search_two_words",
                op(&w.fact_words, |t| search(ds, t, 10).len()),
            ),
        ];
        let profile = std::env::var("QUERY_BENCH_PROFILE").ok();
        let mut g = c.benchmark_group(format!("query/{facts_n}"));
        g.sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for (name, mut run) in ops {
            match &profile {
                // One operation in a tight loop, for a profiler.
                Some(p) if p.split(',').any(|p| p == name) => {
                    let started = Instant::now();
                    let cpu = thread_cpu_ns();
                    let mut n = 0u64;
                    while started.elapsed() < Duration::from_secs(10) {
                        run();
                        n += 1;
                    }
                    let on_cpu = thread_cpu_ns().zip(cpu).map(|(b, a)| (b - a) / n);
                    eprintln!(
                        "[profile] {name}: {:.1?} per call, {:.1} µs on CPU",
                        started.elapsed() / n as u32,
                        on_cpu.unwrap_or(0) as f64 / 1000.0
                    );
                }
                Some(_) => {}
                None => {
                    g.bench_function(BenchmarkId::new(name, facts_n), |b| b.iter(&mut run));
                }
            }
        }
        g.finish();
    }
}

/// A benchmarked operation.
type Op<'a> = Box<dyn FnMut() + 'a>;

/// An operation running `run` on each workload item in turn.
fn op<'a, I>(items: &'a [I], mut run: impl FnMut(&I) -> usize + 'a) -> Op<'a> {
    let mut i = 0;
    Box::new(move || {
        i = (i + 1) % items.len();
        black_box(run(&items[i]));
    })
}

criterion_group!(benches, bench);
criterion_main!(benches);
