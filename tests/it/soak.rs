//! A soak run: the real `factbot run` binary against the fake Discord under
//! mixed traffic (commands, autocomplete, `/ask`) for a number of
//! "minutes", while the data is changed and reloaded (SIGHUP) every few
//! seconds and the gateway connection is dropped once a minute. Reported
//! per minute: interactions answered, errors (an interaction answered
//! with a failure or never, a reload that failed), bot-side latency p50
//! and p99 (the `latency_us` the bot logs) and the bot's resident set.
//!
//! Written once for both runs: `cargo test` keeps a short one (a few
//! two-second minutes, `a_short_soak_has_no_errors_and_a_flat_resident_set`)
//! and the load harness runs the long one (`LOAD_MODES=soak`, 30 minutes
//! by default), which includes this file.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::fake::FakeDiscord;
use crate::payload::{self, Asker, GUILD};
use crate::process::Bot;

/// The token the fake accepts (not a real one).
const TOKEN: &str = "OTEwMDAwMDAwMDAwMDAwMDAx.GfAkEt.c29hay1ydW4tdG9rZW4tb25seS1mb3ItdGVzdHM";

/// How long and how hard.
#[derive(Clone, Copy, Debug)]
pub struct Soak {
    pub minutes: usize,
    /// How long a "minute" is (60 s in the long run).
    pub minute: Duration,
    /// How often the data changes and the bot gets SIGHUP.
    pub reload_every: Duration,
    /// Interactions kept in flight.
    pub in_flight: usize,
}

/// One minute's figures.
#[derive(Clone, Debug, Default)]
pub struct Minute {
    pub answered: usize,
    pub errors: usize,
    pub reloads: usize,
    pub drops: usize,
    pub p50_us: u64,
    pub p99_us: u64,
    pub rss_kib: u64,
}

impl std::fmt::Display for Minute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "answered {:>6} | errors {} | reloads {:>2} | drops {} | bot-side p50 {:>6} µs p99 \
             {:>7} µs | RSS {:.1} MiB",
            self.answered,
            self.errors,
            self.reloads,
            self.drops,
            self.p50_us,
            self.p99_us,
            self.rss_kib as f64 / 1024.0
        )
    }
}

/// The `n`-th interaction of the mix.
fn interaction(n: usize) -> payload::Interaction {
    const NAMES: [&str; 6] = ["Taliban", "Russia", "CSTO", "Kazakhstan", "Putin", "UN"];
    let asker = Asker::member(8_000 + (n % 40) as u64);
    let name = NAMES[n % NAMES.len()];
    match n % 6 {
        0 => payload::command("entity", &[("name", json!(name))], &asker),
        1 => payload::command(
            "ask",
            &[("question", json!(format!("so what's up with {name} lol")))],
            &asker,
        ),
        2 => payload::command("designations", &[("target", json!(name))], &asker),
        3 => payload::command("timeline", &[("entity", json!(name))], &asker),
        4 => payload::command("about", &[], &asker),
        _ => payload::autocomplete("entity", "name", &name[..2], &asker),
    }
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

/// The data directory's copy changes between two versions: a fact's note.
fn flip(data: &Path, n: usize) {
    let path = data.join("facts.toml");
    let text = std::fs::read_to_string(&path).expect("facts.toml");
    let (from, to) = if n.is_multiple_of(2) {
        (
            "note = \"The article's headline.\"",
            "note = \"The article's headline (soak).\"",
        )
    } else {
        (
            "note = \"The article's headline (soak).\"",
            "note = \"The article's headline.\"",
        )
    };
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write facts.toml");
}

/// A fake Discord and `factbot run` against it serving `data` (its config
/// written in `dir`, JSON logs), its commands registered.
pub fn gateway_bot(dir: &Path, data: &Path) -> (tokio::runtime::Runtime, FakeDiscord, Bot) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let fake = runtime.block_on(FakeDiscord::start(TOKEN));
    let config = dir.join("factbot.toml");
    std::fs::write(
        &config,
        format!(
            "[discord]\napi_url = \"{}\"\nguild_ids = [\"{GUILD}\"]\n\n[data]\ndir = {:?}\n\n[log]\n\
             format = \"json\"\n",
            fake.api_url(),
            data.to_str().expect("utf-8 path")
        ),
    )
    .expect("write config");
    let mut bot = Bot::spawn(
        &["run", "--config", config.to_str().expect("utf-8 path")],
        &[("DISCORD_TOKEN", TOKEN)],
    );
    bot.wait_for_line("slash commands registered", Duration::from_secs(60));
    (runtime, fake, bot)
}

/// Runs `soak` on a copy of the shipped data; the figures of each minute.
pub fn run(soak: &Soak) -> Vec<Minute> {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    factbot::data::DataFiles::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .and_then(|files| files.write_to(&data))
        .expect("copy the shipped data");
    let (runtime, fake, mut bot) = gateway_bot(dir.path(), &data);

    let mut minutes = Vec::new();
    let mut in_flight = 0usize;
    let mut n = 0usize;
    let mut flips = 0usize;
    let started = Instant::now();
    let mut next_reload = started + soak.reload_every;
    for minute in 0..soak.minutes {
        let ends = started + soak.minute * (minute as u32 + 1);
        let mut this = Minute::default();
        let mut latencies = Vec::new();
        if minute > 0 && fake.drop_connection() {
            this.drops += 1;
        }
        while Instant::now() < ends {
            while in_flight < soak.in_flight {
                fake.dispatch("INTERACTION_CREATE", interaction(n).payload);
                n += 1;
                in_flight += 1;
            }
            if Instant::now() >= next_reload {
                flip(&data, flips);
                flips += 1;
                bot.hangup();
                next_reload += soak.reload_every;
            }
            let Some(line) = bot.next_line(Duration::from_secs(30)) else {
                eprintln!("soak: no log line for 30 s with {in_flight} in flight");
                this.errors += in_flight;
                in_flight = 0;
                continue;
            };
            let Ok(v) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            match v["fields"]["message"].as_str() {
                Some("interaction answered") => {
                    in_flight = in_flight.saturating_sub(1);
                    this.answered += 1;
                    latencies.extend(v["fields"]["latency_us"].as_u64());
                }
                Some("answering an interaction failed") => {
                    in_flight = in_flight.saturating_sub(1);
                    this.errors += 1;
                    eprintln!("soak: {line}");
                }
                Some("dataset reloaded") => this.reloads += 1,
                Some("reload failed; still serving the previous dataset") => {
                    this.errors += 1;
                    eprintln!("soak: {line}");
                }
                _ => {}
            }
        }
        latencies.sort_unstable();
        this.p50_us = percentile(&latencies, 0.50);
        this.p99_us = percentile(&latencies, 0.99);
        this.rss_kib = bot.rss_kib().unwrap_or(0);
        minutes.push(this);
    }
    drop(bot);
    drop(fake);
    runtime.shutdown_timeout(Duration::from_secs(2));
    minutes
}

#[test]
fn a_short_soak_has_no_errors_and_a_flat_resident_set() {
    let soak = Soak {
        minutes: 4,
        minute: Duration::from_secs(2),
        reload_every: Duration::from_millis(700),
        in_flight: 8,
    };
    let minutes = run(&soak);
    for (i, m) in minutes.iter().enumerate() {
        println!("minute {}: {m}", i + 1);
    }
    assert_eq!(
        minutes.iter().map(|m| m.errors).sum::<usize>(),
        0,
        "{minutes:#?}"
    );
    assert!(minutes.iter().all(|m| m.answered > 0), "{minutes:#?}");
    assert!(
        minutes.iter().map(|m| m.reloads).sum::<usize>() >= 4,
        "{minutes:#?}"
    );
    assert_eq!(minutes.iter().map(|m| m.drops).sum::<usize>(), 3);
    // After the first minute has warmed everything up, the resident set
    // stays within 8 MiB of it.
    let first = minutes[0].rss_kib;
    let last = minutes.last().map_or(0, |m| m.rss_kib);
    assert!(
        last <= first + 8 * 1024,
        "RSS grew from {first} KiB to {last} KiB"
    );
}
