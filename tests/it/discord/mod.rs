//! End-to-end tests of the Discord adapter: factbot's real serenity client
//! against a fake Discord on 127.0.0.1 ([`fake`]), reached through
//! `api_url` exactly as a proxy would be.
//!
//! Each test runs on its own runtime whose threads log (JSON, captured in
//! memory) to a subscriber of its own, so tests can read the bot's log
//! lines, and every test checks that the token never appears in them.
//! - [`transport`]: the gateway handshake, registration, answering,
//!   deferring, autocomplete limits, permissions, resume, rate limits and a
//!   burst, with a scripted backend standing in for the command layer.
//! - [`answers`]: the real command layer and the shipped data.
//! - [`cli`]: `factbot run` as a process.
//! - [`failures`]: rate limits, expired interactions, reconnects and lost
//!   heartbeats.
//! - [`moderation`]: `/data upload`, history and rollback with the preview's
//!   buttons, on the real service with its state store.

mod answers;
mod cli;
mod failures;
pub(crate) mod fake;
pub(crate) mod moderation;
pub(crate) mod payload;
pub(crate) mod transport;

use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use factbot::config::Shards;
use factbot::discord::gateway::{Bot, DiscordError, ShutdownHandle};
use factbot::discord::settings::Settings;
use factbot::secret::Token;
use factbot::service::backend::Backend;
use factbot::service::flow::Service;
use factbot::service::metrics::Metrics;
use factbot::service::reload::Reloader;
use serde_json::Value;
use serenity::all::{GuildId, RoleId};
use tokio::task::JoinHandle;
use tracing_subscriber::fmt::MakeWriter;

use fake::{Answer, FakeDiscord};
use payload::Interaction;

/// The bot token the fake accepts. Looks like a real one; must never be logged.
pub const TOKEN: &str =
    "OTEwMDAwMDAwMDAwMDAwMDAx.GfAkEt.c2VjcmV0LXRva2VuLWZvci1lMmUtdGVzdHMtb25seQ";
/// The secret part of [`TOKEN`], searched for in logs on its own too.
pub const TOKEN_SECRET: &str = "c2VjcmV0LXRva2VuLWZvci1lMmUtdGVzdHMtb25seQ";
/// The warning the adapter logs for an interaction serenity could not read.
pub const DROPPED: &str =
    "an interaction did not match serenity's model and was dropped unanswered";
/// Bound on every wait for the bot.
pub const WAIT: Duration = Duration::from_secs(30);

/// Log output captured in memory.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

pub struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> LogWriter {
        LogWriter(Arc::clone(&self.0))
    }
}

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Every JSON log line.
    pub fn lines(&self) -> Vec<Value> {
        self.text()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Lines of `target` whose message is `message`.
    pub fn events(&self, target: &str, message: &str) -> Vec<Value> {
        self.lines()
            .into_iter()
            .filter(|l| l["target"] == target && l["fields"]["message"] == message)
            .collect()
    }

    /// Waits (bounded) until `n` lines of `target` with `message` are
    /// logged (a log line may land just after the answer it describes),
    /// and returns them.
    pub async fn wait_events(&self, target: &str, message: &str, n: usize) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let events = self.events(target, message);
            if events.len() >= n {
                return events;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {n} log lines {message:?} of {target}, got {}",
                events.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Whether any line's message is `message`.
    pub fn has_message(&self, message: &str) -> bool {
        self.lines()
            .iter()
            .any(|l| l["fields"]["message"] == message)
    }

    /// Waits (bounded) until a line with `message` is logged.
    pub async fn wait_for(&self, message: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self.has_message(message) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for the log line {message:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Runs `test` on a fresh multi-threaded runtime whose threads log into
/// the returned capture at `filter` (an EnvFilter), then checks that the
/// token never appeared in the logs.
pub fn with_logs<F, Fut>(filter: &str, test: F)
where
    F: FnOnce(Logs) -> Fut,
    Fut: Future<Output = ()>,
{
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(logs.clone())
        .finish();
    let dispatch = tracing::Dispatch::new(subscriber);
    let for_threads = dispatch.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            // The runtime's threads live as long as the runtime: keep the
            // subscriber for their whole life.
            std::mem::forget(tracing::dispatcher::set_default(&for_threads));
        })
        .build()
        .expect("runtime");
    {
        let _here = tracing::dispatcher::set_default(&dispatch);
        runtime.block_on(test(logs.clone()));
    }
    runtime.shutdown_timeout(Duration::from_secs(5));
    let text = logs.text();
    assert!(!text.is_empty(), "nothing was logged");
    assert!(
        !text.contains(TOKEN_SECRET),
        "the bot token appeared in the logs"
    );
}

/// A bot serving against a fake Discord.
pub struct Running {
    pub fake: FakeDiscord,
    logs: Logs,
    pub shutdown: ShutdownHandle,
    pub reloader: Arc<Reloader>,
    metrics: Arc<Metrics>,
    serving: JoinHandle<Result<(), DiscordError>>,
}

/// One gateway shard, as a small bot runs.
pub const ONE_SHARD: Shards = Shards::Range {
    total: 1,
    first: 0,
    last: 0,
};

/// The interaction flow over `backend`, counting in fresh metrics.
pub fn service(backend: Arc<dyn Backend>) -> Arc<Service> {
    Arc::new(Service::new(backend, Arc::new(Metrics::new())))
}

/// Settings pointing at `fake`, registering on the test guild, with the
/// test moderator role.
pub fn settings_for(fake: &FakeDiscord) -> Settings {
    Settings {
        api_url: fake.api_url(),
        guild_ids: vec![GuildId::new(payload::GUILD)],
        moderator_role_ids: vec![RoleId::new(payload::MOD_ROLE)],
        defer_after: factbot::discord::settings::DEFAULT_DEFER_AFTER,
    }
}

impl Running {
    /// Starts a fake Discord and the bot against it, and waits until the
    /// bot has registered its commands (so it has handled READY).
    pub async fn start(
        logs: &Logs,
        backend: Arc<dyn Backend>,
        tweak: impl FnOnce(&mut Settings),
    ) -> Running {
        let fake = FakeDiscord::start(TOKEN).await;
        Running::start_with(logs, fake, backend, tweak).await
    }

    pub async fn start_with(
        logs: &Logs,
        fake: FakeDiscord,
        backend: Arc<dyn Backend>,
        tweak: impl FnOnce(&mut Settings),
    ) -> Running {
        Running::start_service(logs, fake, service(backend), tweak).await
    }

    /// Starts the bot with a service already built (e.g. by
    /// `service::process::service_for`, with its history).
    pub async fn start_service(
        logs: &Logs,
        fake: FakeDiscord,
        service: Arc<Service>,
        tweak: impl FnOnce(&mut Settings),
    ) -> Running {
        let mut settings = settings_for(&fake);
        tweak(&mut settings);
        let scopes = settings.guild_ids.len().max(1);
        let token = Token::new(TOKEN, "test").unwrap();
        let metrics = service.metrics();
        let bot = tokio::time::timeout(WAIT, Bot::connect(settings, &token, service))
            .await
            .expect("connect in time")
            .expect("connect");
        let running = Running {
            shutdown: bot.shutdown_handle(),
            reloader: bot.reloader(),
            metrics,
            serving: tokio::spawn(bot.serve(ONE_SHARD)),
            fake,
            logs: logs.clone(),
        };
        let deadline = tokio::time::Instant::now() + WAIT;
        while logs
            .events("factbot::discord::register", "slash commands registered")
            .len()
            < scopes
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot did not register its commands in time; logs:\n{}",
                logs.text()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        running
    }

    /// What the bot counts.
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
    }

    /// Sends an interaction and waits for the bot's complete answer.
    pub async fn ask(&self, interaction: &Interaction) -> Answer {
        self.fake
            .dispatch("INTERACTION_CREATE", interaction.payload.clone());
        self.answer(interaction).await
    }

    /// Waits for the complete answer to an already dispatched interaction.
    pub async fn answer(&self, interaction: &Interaction) -> Answer {
        let token = interaction.token.clone();
        self.fake
            .wait_until(
                &format!("the answer to interaction {}", interaction.id),
                WAIT,
                move |f| f.answer_to(&token).is_complete(),
            )
            .await;
        self.fake.answer_to(&interaction.token)
    }

    /// Shuts the bot down and checks it stopped cleanly, and that no
    /// interaction was dropped for not matching serenity's model.
    pub async fn stop(self) {
        assert!(
            !self.logs.has_message(DROPPED),
            "an interaction payload was dropped by serenity"
        );
        self.stop_expecting_drops().await;
    }

    /// Shuts the bot down and checks it stopped cleanly.
    pub async fn stop_expecting_drops(self) {
        self.shutdown.shutdown().await;
        let served = tokio::time::timeout(WAIT, self.serving)
            .await
            .expect("the bot stops in time")
            .expect("the bot task did not panic");
        assert!(served.is_ok(), "serve ended with {served:?}");
    }
}

/// Checks what every message factbot sends must carry: allowed mentions
/// that allow nothing.
pub fn assert_mentions_nobody(message: &Value) {
    let am = &message["allowed_mentions"];
    assert_eq!(am["parse"], serde_json::json!([]), "allowed_mentions: {am}");
    assert_eq!(am["users"], serde_json::json!([]), "allowed_mentions: {am}");
    assert_eq!(am["roles"], serde_json::json!([]), "allowed_mentions: {am}");
}

/// Every message-carrying request the bot sent (callbacks of type 4 and 5,
/// edits, follow-ups) mentions nobody.
pub fn assert_all_messages_mention_nobody(fake: &FakeDiscord) {
    let mut checked = 0;
    for r in fake.requests() {
        let Some(body) = &r.body else { continue };
        if r.path.ends_with("/callback") {
            if matches!(body["type"].as_u64(), Some(4) | Some(5)) {
                assert_mentions_nobody(&body["data"]);
                checked += 1;
            }
        } else if r.path.contains("/webhooks/") && matches!(r.method.as_str(), "PATCH" | "POST") {
            assert_mentions_nobody(body);
            checked += 1;
        }
    }
    assert!(checked > 0, "no message was sent");
}
