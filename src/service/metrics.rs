//! What the running bot has done, counted for operators and rendered in
//! Prometheus' text exposition format (served by [`super::admin`] at
//! `/metrics`).
//!
//! The registry is a fixed set of atomics: recording is lock-free and never
//! allocates on the interaction path, and label sets are bounded (commands
//! come from [`crate::commands::COMMANDS`], outcomes are an
//! [`Outcome`]), so a hostile request cannot grow the output. One
//! [`Metrics`] is shared by the gateway adapter, the HTTP endpoint and the
//! reload paths of a process.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use super::backend::Backend;
use super::store::{Diff, ReloadError, Store};
use crate::commands::COMMANDS;
use crate::data::Dataset;
use crate::reply::ReplyKind;

/// Upper bounds (seconds) of the latency histogram's buckets, `+Inf` aside.
/// Answers take microseconds; reloads and slow disks take up to seconds.
pub const LATENCY_BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// How an interaction ended, as it is counted and logged: what the reply
/// was ([`ReplyKind`]), what `/reload` did, or how answering failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Answer,
    NotFound,
    Unresolved,
    Refused,
    Failed,
    Reloaded,
    ReloadFailed,
    /// The interaction could not be read as a command.
    Unreadable,
    /// Acknowledging a slow command failed.
    DeferFailed,
    /// The reply could not be sent.
    SendFailed,
    /// Discord asked to wait longer than the interaction could (its 3
    /// seconds, or its token's 15 minutes); given up at once.
    RateLimited,
    /// Discord no longer knew the interaction (code 10062): too late.
    Expired,
    /// Too many interactions in flight; answered "busy, try again".
    Busy,
}

impl Outcome {
    /// Every outcome, in the order they are exposed.
    pub const ALL: [Outcome; 13] = [
        Outcome::Answer,
        Outcome::NotFound,
        Outcome::Unresolved,
        Outcome::Refused,
        Outcome::Failed,
        Outcome::Reloaded,
        Outcome::ReloadFailed,
        Outcome::Unreadable,
        Outcome::DeferFailed,
        Outcome::SendFailed,
        Outcome::RateLimited,
        Outcome::Expired,
        Outcome::Busy,
    ];

    /// The label value in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answer => "answer",
            Outcome::NotFound => "not_found",
            Outcome::Unresolved => "unresolved",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::Reloaded => "reloaded",
            Outcome::ReloadFailed => "reload_failed",
            Outcome::Unreadable => "unreadable",
            Outcome::DeferFailed => "defer_failed",
            Outcome::SendFailed => "send_failed",
            Outcome::RateLimited => "rate_limited",
            Outcome::Expired => "expired",
            Outcome::Busy => "busy",
        }
    }

    /// The outcome of answering with a reply of `kind`.
    pub fn of(kind: ReplyKind) -> Outcome {
        match kind {
            ReplyKind::Answer => Outcome::Answer,
            ReplyKind::NotFound => Outcome::NotFound,
            ReplyKind::Unresolved => Outcome::Unresolved,
            ReplyKind::Refused => Outcome::Refused,
            ReplyKind::Failed => Outcome::Failed,
        }
    }

    fn slot(self) -> usize {
        Outcome::ALL.iter().position(|&o| o == self).unwrap_or(0)
    }
}

/// The label used for a command name that is not in the spec (an
/// interaction for a command this build does not know).
const OTHER_COMMAND: &str = "other";

/// Why the HTTP endpoint turned a request away before running anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Signature or timestamp header absent.
    MissingHeaders,
    /// The Ed25519 signature does not match the public key and body.
    BadSignature,
    /// Timestamp more than the allowed skew away from now (a replay).
    Stale,
    /// Body larger than the endpoint accepts.
    TooLarge,
    /// Signed, but not an interaction factbot understands.
    Malformed,
}

impl Rejection {
    const ALL: [Rejection; 5] = [
        Rejection::MissingHeaders,
        Rejection::BadSignature,
        Rejection::Stale,
        Rejection::TooLarge,
        Rejection::Malformed,
    ];

    /// The label value used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::MissingHeaders => "missing_headers",
            Rejection::BadSignature => "bad_signature",
            Rejection::Stale => "stale",
            Rejection::TooLarge => "too_large",
            Rejection::Malformed => "malformed",
        }
    }
}

/// A cumulative latency histogram over [`LATENCY_BUCKETS`].
struct Histogram {
    /// Per-bucket (non-cumulative) counts; the last slot is `+Inf`.
    buckets: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    fn new() -> Histogram {
        Histogram {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
            sum_nanos: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    fn observe(&self, took: Duration) {
        let secs = took.as_secs_f64();
        let slot = LATENCY_BUCKETS
            .iter()
            .position(|&bound| secs <= bound)
            .unwrap_or(LATENCY_BUCKETS.len());
        self.buckets[slot].fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

/// The dataset currently served, as last reported to the registry.
#[derive(Default)]
struct DatasetInfo {
    version: Option<String>,
    facts: u64,
    entities: u64,
    /// Bytes of each part of the lookup index.
    index: Vec<(&'static str, usize)>,
}

/// The process-wide registry. Cheap to share behind an `Arc`.
pub struct Metrics {
    /// `[command][outcome]`; the last command row is [`OTHER_COMMAND`].
    interactions: Vec<[AtomicU64; Outcome::ALL.len()]>,
    latency: Histogram,
    autocomplete: AtomicU64,
    rejected: [AtomicU64; Rejection::ALL.len()],
    reload_attempts: AtomicU64,
    reload_successes: AtomicU64,
    /// 1 after a successful reload (or the first load), 0 after a failed one.
    last_reload_success: AtomicI64,
    dataset: Mutex<DatasetInfo>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            interactions: (0..=COMMANDS.len())
                .map(|_| std::array::from_fn(|_| AtomicU64::new(0)))
                .collect(),
            latency: Histogram::new(),
            autocomplete: AtomicU64::new(0),
            rejected: std::array::from_fn(|_| AtomicU64::new(0)),
            reload_attempts: AtomicU64::new(0),
            reload_successes: AtomicU64::new(0),
            last_reload_success: AtomicI64::new(1),
            dataset: Mutex::new(DatasetInfo::default()),
        }
    }

    /// Counts one answered command and how long the bot took (from
    /// receiving the interaction to having the response ready).
    pub fn record_interaction(&self, command: &str, outcome: Outcome, took: Duration) {
        let (row, col) = cell(command, outcome);
        self.interactions[row][col].fetch_add(1, Ordering::Relaxed);
        self.latency.observe(took);
    }

    /// Counts one answered autocomplete request.
    pub fn record_autocomplete(&self) {
        self.autocomplete.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one HTTP request turned away before anything ran.
    pub fn record_rejection(&self, why: Rejection) {
        let slot = Rejection::ALL
            .iter()
            .position(|&r| r == why)
            .unwrap_or_default();
        self.rejected[slot].fetch_add(1, Ordering::Relaxed);
    }

    /// Records a reload attempt and its outcome; on success pass the new
    /// dataset so the version and size gauges follow it.
    pub fn record_reload(&self, loaded: Option<&Dataset>) {
        self.reload_attempts.fetch_add(1, Ordering::Relaxed);
        match loaded {
            Some(ds) => {
                self.reload_successes.fetch_add(1, Ordering::Relaxed);
                self.last_reload_success.store(1, Ordering::Relaxed);
                self.set_dataset(ds);
            }
            None => self.last_reload_success.store(0, Ordering::Relaxed),
        }
    }

    /// Points the dataset gauges at `ds` (at startup, and after reloads).
    pub fn set_dataset(&self, ds: &Dataset) {
        let mut info = self
            .dataset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        info.version = Some(ds.version.clone());
        info.facts = ds.facts.len() as u64;
        info.entities = ds.entities.len() as u64;
        info.index = ds.index_memory();
    }

    /// How many interactions were counted for `command` with `outcome`.
    pub fn interactions(&self, command: &str, outcome: Outcome) -> u64 {
        let (row, col) = cell(command, outcome);
        self.interactions[row][col].load(Ordering::Relaxed)
    }

    /// How many interactions were counted in all, whatever the command.
    pub fn interactions_total(&self) -> u64 {
        self.interactions
            .iter()
            .flatten()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }

    /// How many autocomplete requests were answered.
    pub fn autocompletes(&self) -> u64 {
        self.autocomplete.load(Ordering::Relaxed)
    }

    /// How many HTTP requests were rejected for `why`.
    pub fn rejections(&self, why: Rejection) -> u64 {
        let slot = Rejection::ALL
            .iter()
            .position(|&r| r == why)
            .unwrap_or_default();
        self.rejected[slot].load(Ordering::Relaxed)
    }

    /// Renders every metric in Prometheus' text exposition format 0.0.4.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        header(
            &mut out,
            "factbot_interactions_total",
            "counter",
            "Slash commands answered, by command and outcome.",
        );
        let names = COMMANDS
            .iter()
            .map(|c| c.name)
            .chain(std::iter::once(OTHER_COMMAND));
        for (name, row) in names.zip(&self.interactions) {
            for (outcome, count) in Outcome::ALL.iter().map(|o| o.as_str()).zip(row) {
                let _ = writeln!(
                    out,
                    "factbot_interactions_total{{command=\"{name}\",outcome=\"{outcome}\"}} {}",
                    count.load(Ordering::Relaxed)
                );
            }
        }

        header(
            &mut out,
            "factbot_interaction_duration_seconds",
            "histogram",
            "Time from receiving a slash command to having its response ready.",
        );
        let mut cumulative = 0u64;
        for (bound, count) in LATENCY_BUCKETS.iter().zip(&self.latency.buckets) {
            cumulative += count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "factbot_interaction_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = self.latency.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "factbot_interaction_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(out, "factbot_interaction_duration_seconds_sum {sum}");
        let _ = writeln!(out, "factbot_interaction_duration_seconds_count {count}");

        simple(
            &mut out,
            "factbot_autocomplete_total",
            "counter",
            "Autocomplete requests answered.",
            self.autocomplete.load(Ordering::Relaxed),
        );

        header(
            &mut out,
            "factbot_http_rejected_total",
            "counter",
            "HTTP interaction requests turned away before anything ran, by reason.",
        );
        for (why, count) in Rejection::ALL.iter().zip(&self.rejected) {
            let _ = writeln!(
                out,
                "factbot_http_rejected_total{{reason=\"{}\"}} {}",
                why.as_str(),
                count.load(Ordering::Relaxed)
            );
        }

        simple(
            &mut out,
            "factbot_reload_attempts_total",
            "counter",
            "Dataset reloads attempted (command, signal or file watch).",
            self.reload_attempts.load(Ordering::Relaxed),
        );
        simple(
            &mut out,
            "factbot_reload_successes_total",
            "counter",
            "Dataset reloads that validated and were swapped in.",
            self.reload_successes.load(Ordering::Relaxed),
        );
        simple(
            &mut out,
            "factbot_last_reload_success",
            "gauge",
            "1 if the last reload (or the first load) succeeded, 0 if it failed.",
            self.last_reload_success.load(Ordering::Relaxed),
        );

        let info = self
            .dataset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(version) = &info.version {
            header(
                &mut out,
                "factbot_dataset_info",
                "gauge",
                "The dataset being served; its content version is the label.",
            );
            let _ = writeln!(
                out,
                "factbot_dataset_info{{version=\"{}\"}} 1",
                escape_label(version)
            );
        }
        simple(
            &mut out,
            "factbot_dataset_facts",
            "gauge",
            "Facts in the dataset being served.",
            info.facts,
        );
        simple(
            &mut out,
            "factbot_dataset_entities",
            "gauge",
            "Entities in the dataset being served.",
            info.entities,
        );
        header(
            &mut out,
            "factbot_dataset_index_bytes",
            "gauge",
            "Bytes held by each part of the served dataset's lookup index.",
        );
        for (part, bytes) in &info.index {
            let _ = writeln!(
                out,
                "factbot_dataset_index_bytes{{part=\"{}\"}} {bytes}",
                escape_label(part)
            );
        }
        out
    }
}

/// The counter of `command` with `outcome`; an unknown command name
/// counts as `other`.
fn cell(command: &str, outcome: Outcome) -> (usize, usize) {
    let row = COMMANDS
        .iter()
        .position(|c| c.name == command)
        .unwrap_or(COMMANDS.len());
    (row, outcome.slot())
}

/// The served [`Store`] as the adapters' [`Backend`], counting every reload
/// (from `/reload`, SIGHUP or the file watcher) in [`Metrics`] and keeping
/// the dataset gauges on the version being served.
pub struct MeteredStore {
    pub store: std::sync::Arc<Store>,
    pub metrics: std::sync::Arc<Metrics>,
}

impl MeteredStore {
    /// Wraps `store`, pointing the dataset gauges at what it serves now.
    pub fn new(store: std::sync::Arc<Store>, metrics: std::sync::Arc<Metrics>) -> MeteredStore {
        metrics.set_dataset(&store.snapshot());
        MeteredStore { store, metrics }
    }
}

impl Backend for MeteredStore {
    fn execute(&self, command: &crate::commands::Command) -> crate::reply::Reply {
        Backend::execute(&*self.store, command)
    }
    fn complete(
        &self,
        kind: crate::commands::CompletionKind,
        typed: &str,
    ) -> Vec<(String, String)> {
        Backend::complete(&*self.store, kind, typed)
    }
    fn reload(&self) -> Result<Diff, ReloadError> {
        let result = self.store.reload();
        match &result {
            Ok(_) => self.metrics.record_reload(Some(&self.store.snapshot())),
            Err(_) => self.metrics.record_reload(None),
        }
        result
    }
    fn version(&self) -> String {
        Backend::version(&*self.store)
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn simple(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

/// Escapes a label value as the exposition format requires.
fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> prometheus_parse::Scrape {
        prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
            .expect("exposition text parses")
    }

    fn value(scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
        let sample = scrape
            .samples
            .iter()
            .find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .unwrap_or_else(|| panic!("no sample {name} {labels:?}"));
        match &sample.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => *v,
            other => panic!("{name} is not a scalar: {other:?}"),
        }
    }

    #[test]
    fn counters_move_with_what_is_recorded() {
        let m = Metrics::new();
        m.record_interaction("ask", Outcome::Answer, Duration::from_micros(300));
        m.record_interaction("ask", Outcome::Answer, Duration::from_millis(3));
        m.record_interaction("entity", Outcome::Unresolved, Duration::from_secs(9));
        m.record_interaction("no-such-command", Outcome::Failed, Duration::ZERO);
        m.record_autocomplete();
        m.record_rejection(Rejection::Stale);
        let s = parse(&m.render());
        let ask = [("command", "ask"), ("outcome", "answer")];
        assert_eq!(value(&s, "factbot_interactions_total", &ask), 2.0);
        let entity = [("command", "entity"), ("outcome", "unresolved")];
        assert_eq!(value(&s, "factbot_interactions_total", &entity), 1.0);
        let other = [("command", "other"), ("outcome", "failed")];
        assert_eq!(value(&s, "factbot_interactions_total", &other), 1.0);
        assert_eq!(value(&s, "factbot_autocomplete_total", &[]), 1.0);
        let stale = [("reason", "stale")];
        assert_eq!(value(&s, "factbot_http_rejected_total", &stale), 1.0);
        assert_eq!(m.interactions_total(), 4);
    }

    #[test]
    fn histogram_is_cumulative_and_counts_everything() {
        let m = Metrics::new();
        for micros in [50, 700, 700, 20_000] {
            m.record_interaction("about", Outcome::Answer, Duration::from_micros(micros));
        }
        m.record_interaction("about", Outcome::Answer, Duration::from_secs(60));
        let s = parse(&m.render());
        let hist = s
            .samples
            .iter()
            .find(|s| s.metric == "factbot_interaction_duration_seconds")
            .expect("histogram sample");
        let prometheus_parse::Value::Histogram(buckets) = &hist.value else {
            panic!("not a histogram: {:?}", hist.value);
        };
        let at = |le: f64| {
            buckets
                .iter()
                .find(|b| b.less_than == le)
                .map(|b| b.count)
                .expect("bucket")
        };
        assert_eq!(at(0.0001), 1.0);
        assert_eq!(at(0.001), 3.0);
        assert_eq!(at(0.025), 4.0);
        assert_eq!(at(2.5), 4.0);
        assert_eq!(at(f64::INFINITY), 5.0);
        assert_eq!(
            value(&s, "factbot_interaction_duration_seconds_count", &[]),
            5.0
        );
    }

    #[test]
    fn reloads_move_the_dataset_gauges() {
        let m = Metrics::new();
        let ds = Dataset::new(Vec::new(), Vec::new(), Vec::new(), Vec::new(), "v1".into());
        m.set_dataset(&ds);
        m.record_reload(None);
        let s = parse(&m.render());
        assert_eq!(value(&s, "factbot_reload_attempts_total", &[]), 1.0);
        assert_eq!(value(&s, "factbot_reload_successes_total", &[]), 0.0);
        assert_eq!(value(&s, "factbot_last_reload_success", &[]), 0.0);
        assert_eq!(value(&s, "factbot_dataset_info", &[("version", "v1")]), 1.0);

        let ds2 = Dataset::new(Vec::new(), Vec::new(), Vec::new(), Vec::new(), "v2".into());
        m.record_reload(Some(&ds2));
        let s = parse(&m.render());
        assert_eq!(value(&s, "factbot_reload_successes_total", &[]), 1.0);
        assert_eq!(value(&s, "factbot_last_reload_success", &[]), 1.0);
        assert_eq!(value(&s, "factbot_dataset_info", &[("version", "v2")]), 1.0);
        let parts = ds2.index_memory();
        assert!(!parts.is_empty());
        for (part, bytes) in parts {
            let got = value(&s, "factbot_dataset_index_bytes", &[("part", part)]);
            assert_eq!(got, bytes as f64, "{part}");
        }
        assert!(
            !s.samples
                .iter()
                .any(|x| x.labels.get("version") == Some("v1")),
            "the old version is gone"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
