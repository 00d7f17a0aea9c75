//! Load harness: sustained interaction load on the real `factbot` binary
//! (built with the bench profile) serving the shipped `data/`, in both
//! deployment modes:
//! - **gateway**: `factbot run` against the fake Discord of the tests
//!   (`tests/it/discord/fake.rs`, included here), which dispatches
//!   INTERACTION_CREATE events over the websocket and receives the REST
//!   callbacks, keeping a fixed number of interactions in flight;
//! - **http**: `factbot serve-http`, sent signed POSTs by concurrent
//!   keep-alive clients.
//!
//! Reported per mode: interactions answered per second, bot-side latency
//! (p50/p99 of the `latency_us` the bot logs for each interaction: from
//! receiving it to having sent or returned the response), the harness' round
//! trip (p50/p99), errors, and the bot process' peak resident set (VmHWM).
//! The mix: `/entity`, `/ask`, `/designations`, `/timeline`, `/source`,
//! `/about` and entity autocomplete, over names and fact ids of the dataset.
//!
//! A third mode, **idle**, starts `factbot run` against the fake, waits for
//! the commands to be registered after READY, lets it settle for
//! `LOAD_SECONDS` and reports its resident set then (VmRSS): the memory a
//! server owner pays for a bot nobody is using. `FACTBOT_BIN` runs another
//! build of the binary (say, a plain `cargo build --release`, or an older
//! commit's) instead of the one cargo built for the harness.
//!
//! **ceiling** sends exactly `LOAD_CEILING_COUNT` (10 000) interactions to
//! `factbot serve-http` and fails unless its resident set grew by at most
//! 16 MiB over its figure after the warm-up. **soak** is
//! `tests/it/soak.rs` at length: `SOAK_MINUTES` (30) minutes of
//! `SOAK_MINUTE_SECONDS` (60) s of mixed traffic over the gateway, a reload
//! every `SOAK_RELOAD_SECONDS` (5) and a gateway drop every minute, per
//! minute: answered, errors, p50/p99, RSS; it fails on any error.
//!
//! `cargo bench --bench load_harness`; environment: `LOAD_SECONDS` (10),
//! `LOAD_CONCURRENCY` (32), `LOAD_MODES` (`gateway,http`; `idle`, `ceiling`,
//! `soak` too). The fake keeps the last 20 000 dispatches for RESUME, so
//! keep gateway runs under that.

#[allow(dead_code)]
#[path = "../tests/it/discord/fake.rs"]
mod fake;
#[allow(dead_code)]
#[path = "../tests/it/discord/payload.rs"]
mod payload;
#[allow(dead_code)]
#[path = "../tests/it/http/process.rs"]
mod process;
#[path = "../tests/it/soak.rs"]
mod soak;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer as _, SigningKey};
use factbot::service::store::Store;
use serde_json::{Value, json};

use fake::FakeDiscord;
use payload::Asker;
use process::Bot;

/// Interactions sent before measuring, so start-up costs are not counted.
const WARM_UP: usize = 200;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What a person might ask, built from the dataset.
struct Workload {
    entities: Vec<String>,
    facts: Vec<String>,
}

impl Workload {
    fn new(data: &Path) -> Workload {
        let store = Store::open(data.to_path_buf()).expect("the shipped data loads");
        let ds = store.snapshot();
        Workload {
            entities: ds.entities.iter().map(|e| e.name.to_string()).collect(),
            facts: ds.facts.iter().map(|f| f.id.to_string()).collect(),
        }
    }

    /// The `n`-th interaction of the mix.
    fn interaction(&self, n: usize) -> payload::Interaction {
        let asker = Asker::member(7_000 + (n % 50) as u64);
        let entity = &self.entities[(n * 7) % self.entities.len()];
        let fact = &self.facts[(n * 13) % self.facts.len()];
        match n % 8 {
            0 | 1 => payload::command("entity", &[("name", json!(entity))], &asker),
            2 => payload::command(
                "ask",
                &[(
                    "question",
                    json!(format!("What did {entity} do, and when?")),
                )],
                &asker,
            ),
            3 => payload::command("designations", &[("target", json!(entity))], &asker),
            4 => payload::command("timeline", &[("entity", json!(entity))], &asker),
            5 => payload::command("source", &[("fact", json!(fact))], &asker),
            6 => payload::command("about", &[], &asker),
            _ => {
                let typed: String = entity.chars().take(1 + n % 3).collect();
                payload::autocomplete("entity", "name", &typed, &asker)
            }
        }
    }
}

/// One mode's figures.
struct Report {
    mode: &'static str,
    answered: usize,
    seconds: f64,
    errors: usize,
    bot_us: Vec<u64>,
    round_trip_us: Vec<u64>,
    peak_rss_kib: Option<u64>,
    /// Resident set after the warm-up and at the end (HTTP mode).
    rss_kib: Option<(u64, u64)>,
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

impl Report {
    fn print(&mut self) {
        self.bot_us.sort_unstable();
        self.round_trip_us.sort_unstable();
        println!(
            "{:<8} {:>8} answered in {:>5.1} s = {:>7.0}/s | bot-side p50 {:>6} µs p99 {:>6} µs | \
             round trip p50 {:>6} µs p99 {:>6} µs | errors {} | peak RSS {}",
            self.mode,
            self.answered,
            self.seconds,
            self.answered as f64 / self.seconds,
            percentile(&self.bot_us, 0.50),
            percentile(&self.bot_us, 0.99),
            percentile(&self.round_trip_us, 0.50),
            percentile(&self.round_trip_us, 0.99),
            self.errors,
            self.peak_rss_kib.map_or_else(
                || "unknown".to_string(),
                |k| format!("{:.1} MiB", k as f64 / 1024.0)
            ),
        );
    }
}

/// The `latency_us` of an "interaction answered" JSON log line.
fn answered_latency(line: &str) -> Option<u64> {
    if !line.contains("interaction answered") {
        return None;
    }
    let v: Value = serde_json::from_str(line).ok()?;
    v["fields"]["latency_us"].as_u64()
}

fn write_config(dir: &Path, extra: &str, data: &Path) -> PathBuf {
    let path = dir.join("factbot.toml");
    let text = format!(
        "{extra}\n[data]\ndir = {:?}\n\n[log]\nformat = \"json\"\n",
        data.to_str().expect("utf-8 path")
    );
    std::fs::write(&path, text).expect("write config");
    path
}

/// A fake Discord and `factbot run` against it, its commands registered
/// (the temporary directory holds its config).
fn gateway_bot(data: &Path) -> (tokio::runtime::Runtime, FakeDiscord, tempfile::TempDir, Bot) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (runtime, fake, bot) = soak::gateway_bot(dir.path(), data);
    (runtime, fake, dir, bot)
}

fn gateway(workload: &Workload, data: &Path, seconds: u64, in_flight: usize) -> Report {
    let (runtime, fake, _dir, mut bot) = gateway_bot(data);

    let mut sent_at: std::collections::VecDeque<Instant> = Default::default();
    let mut report = Report {
        mode: "gateway",
        answered: 0,
        seconds: 0.0,
        errors: 0,
        bot_us: Vec::new(),
        round_trip_us: Vec::new(),
        peak_rss_kib: None,
        rss_kib: None,
    };
    let mut n = 0usize;
    let mut done = 0usize;
    let mut started = Instant::now();
    let mut deadline = None;
    loop {
        let measuring = done >= WARM_UP;
        if measuring && deadline.is_none() {
            started = Instant::now();
            deadline = Some(started + Duration::from_secs(seconds));
        }
        let open = deadline.is_none_or(|d| Instant::now() < d);
        while open && sent_at.len() < in_flight {
            let interaction = workload.interaction(n);
            fake.dispatch("INTERACTION_CREATE", interaction.payload);
            sent_at.push_back(Instant::now());
            n += 1;
        }
        if sent_at.is_empty() {
            break;
        }
        let Some(line) = bot.next_line(Duration::from_secs(30)) else {
            report.errors += sent_at.len();
            eprintln!(
                "gateway: no answer for 30 s; giving up on {} in flight",
                sent_at.len()
            );
            break;
        };
        let outcome = match answered_latency(&line) {
            Some(latency) => Ok(latency),
            None if line.contains("answering an interaction failed") => Err(()),
            None => continue,
        };
        // Answers come back in about the order sent; the oldest is the
        // best estimate of the one just answered.
        let sent = sent_at.pop_front().expect("one in flight");
        done += 1;
        if measuring {
            match outcome {
                Ok(latency) => {
                    report.answered += 1;
                    report.bot_us.push(latency);
                    report.round_trip_us.push(sent.elapsed().as_micros() as u64);
                }
                Err(()) => report.errors += 1,
            }
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    report.peak_rss_kib = bot.peak_rss_kib();
    drop(bot);
    drop(fake);
    runtime.shutdown_timeout(Duration::from_secs(2));
    report
}

/// `factbot run` connected and registered, then left alone for `seconds`:
/// its resident set and the anonymous part of it (heap and stacks), KiB.
fn idle(data: &Path, seconds: u64) -> (u64, u64) {
    let (runtime, fake, _dir, bot) = gateway_bot(data);
    std::thread::sleep(Duration::from_secs(seconds));
    let rss = bot.rss_kib().expect("the bot's /proc status");
    let anonymous = bot.anonymous_rss_kib().expect("the bot's /proc status");
    drop(bot);
    drop(fake);
    runtime.shutdown_timeout(Duration::from_secs(2));
    (rss, anonymous)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HTTP mode for `seconds`, or for exactly `count` interactions.
fn http(
    workload: &Arc<Workload>,
    data: &Path,
    seconds: u64,
    concurrency: usize,
    count: Option<usize>,
) -> Report {
    let key = SigningKey::from_bytes(&[42u8; 32]);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write_config(
        dir.path(),
        &format!(
            "[discord]\npublic_key = \"{}\"\n\n[http]\nlisten = \"127.0.0.1:0\"\n",
            hex(key.verifying_key().as_bytes())
        ),
        data,
    );
    let config = config.to_str().expect("utf-8 path");
    let mut bot = Bot::spawn(&["serve-http", "--config", config], &[]);
    let addr = bot.address("serving HTTP interactions", "listen");
    let url = format!("http://{addr}/interactions");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let client = reqwest::Client::new();
    let key = Arc::new(key);
    let next = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));

    let run = |until: Instant, count: Option<usize>| {
        let tasks: Vec<_> = (0..concurrency)
            .map(|_| {
                let (client, url, key, next, errors, workload) = (
                    client.clone(),
                    url.clone(),
                    Arc::clone(&key),
                    Arc::clone(&next),
                    Arc::clone(&errors),
                    Arc::clone(workload),
                );
                runtime.spawn(async move {
                    let mut round_trips = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed) as usize;
                        if count.is_some_and(|c| n >= c) || Instant::now() >= until {
                            break;
                        }
                        let body = serde_json::to_vec(&workload.interaction(n).payload)
                            .expect("serialize");
                        let ts = SystemTime::now()
                            .duration_since(UNIX_EPOCH)
                            .expect("clock")
                            .as_secs()
                            .to_string();
                        let signature = hex(&key.sign(&[ts.as_bytes(), &body].concat()).to_bytes());
                        let sent = Instant::now();
                        let ok = match client
                            .post(&url)
                            .header("content-type", "application/json")
                            .header("x-signature-ed25519", signature)
                            .header("x-signature-timestamp", ts)
                            .body(body)
                            .send()
                            .await
                        {
                            Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                            Err(_) => false,
                        };
                        if ok {
                            round_trips.push(sent.elapsed().as_micros() as u64);
                        } else {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    round_trips
                })
            })
            .collect();
        runtime.block_on(async {
            let mut all = Vec::new();
            for t in tasks {
                all.extend(t.await.expect("client task"));
            }
            all
        })
    };

    let far = Instant::now() + Duration::from_secs(3600);
    run(far, Some(WARM_UP));
    errors.store(0, Ordering::Relaxed);
    next.store(WARM_UP as u64, Ordering::Relaxed);
    let warm_rss = bot.rss_kib().unwrap_or(0);
    let started = Instant::now();
    let until = match count {
        Some(_) => far,
        None => started + Duration::from_secs(seconds),
    };
    let round_trip_us = run(until, count.map(|c| c + WARM_UP));
    let elapsed = started.elapsed().as_secs_f64();
    let end_rss = bot.rss_kib().unwrap_or(0);

    // The bot logs one line per answer; skip the warm-up's.
    let mut bot_us = Vec::new();
    let mut skipped = 0;
    while let Some(line) = bot.next_line(Duration::from_secs(2)) {
        if let Some(latency) = answered_latency(&line) {
            if skipped < WARM_UP {
                skipped += 1;
            } else {
                bot_us.push(latency);
            }
        }
    }
    let report = Report {
        mode: "http",
        answered: round_trip_us.len(),
        seconds: elapsed,
        errors: errors.load(Ordering::Relaxed) as usize,
        bot_us,
        round_trip_us,
        peak_rss_kib: bot.peak_rss_kib(),
        rss_kib: Some((warm_rss, end_rss)),
    };
    drop(bot);
    runtime.shutdown_timeout(Duration::from_secs(2));
    report
}

/// The stated bound: 10,000 interactions through the HTTP endpoint grow
/// the resident set by at most this much over its figure after warm-up.
const CEILING_GROWTH_KIB: u64 = 16 * 1024;

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no arguments.
    let seconds: u64 = env_or("LOAD_SECONDS", 10);
    let concurrency: usize = env_or("LOAD_CONCURRENCY", 32);
    let modes: String = env_or("LOAD_MODES", "gateway,http".to_string());
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let workload = Arc::new(Workload::new(&data));
    println!(
        "load harness: {seconds} s per mode, {concurrency} in flight, {} entities and {} facts, \
         {} CPUs",
        workload.entities.len(),
        workload.facts.len(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for mode in modes.split(',').map(str::trim) {
        let mut report = match mode {
            "gateway" => gateway(&workload, &data, seconds, concurrency),
            "http" => http(&workload, &data, seconds, concurrency, None),
            "ceiling" => {
                let count: usize = env_or("LOAD_CEILING_COUNT", 10_000);
                let mut report = http(&workload, &data, seconds, concurrency, Some(count));
                report.mode = "ceiling";
                report.print();
                let (warm, end) = report.rss_kib.unwrap_or_default();
                let grew = end.saturating_sub(warm);
                println!(
                    "ceiling  {count} interactions over HTTP: RSS {:.1} MiB after warm-up, {:.1} MiB \
                     after (+{:.1} MiB; bound +{:.0} MiB) | errors {}",
                    warm as f64 / 1024.0,
                    end as f64 / 1024.0,
                    grew as f64 / 1024.0,
                    CEILING_GROWTH_KIB as f64 / 1024.0,
                    report.errors
                );
                if grew > CEILING_GROWTH_KIB || report.errors > 0 {
                    eprintln!("ceiling: over the bound, or errors");
                    std::process::exit(1);
                }
                continue;
            }
            "soak" => {
                let plan = soak::Soak {
                    minutes: env_or("SOAK_MINUTES", 30),
                    minute: Duration::from_secs(env_or("SOAK_MINUTE_SECONDS", 60)),
                    reload_every: Duration::from_secs(env_or("SOAK_RELOAD_SECONDS", 5)),
                    in_flight: concurrency,
                };
                println!(
                    "soak: {} minutes of {:?}, reload every {:?}, gateway drop every minute, {} in \
                     flight",
                    plan.minutes, plan.minute, plan.reload_every, plan.in_flight
                );
                let minutes = soak::run(&plan);
                for (i, m) in minutes.iter().enumerate() {
                    println!("soak minute {:>2}: {m}", i + 1);
                }
                let errors: usize = minutes.iter().map(|m| m.errors).sum();
                println!("soak: {errors} errors in all");
                if errors > 0 {
                    std::process::exit(1);
                }
                continue;
            }
            "idle" => {
                let (rss, anonymous) = idle(&data, seconds);
                println!(
                    "idle     RSS {:.1} MiB ({:.1} MiB anonymous) after READY and {seconds} s",
                    rss as f64 / 1024.0,
                    anonymous as f64 / 1024.0
                );
                continue;
            }
            other => {
                eprintln!("unknown mode {other:?}; use gateway, http, idle, ceiling and/or soak");
                std::process::exit(2);
            }
        };
        report.print();
    }
}
