//! Gateway sharding against the fake Discord: a configured shard range
//! starts exactly those shards (their IDENTIFY payloads carry
//! `shard: [id, total]`), autosharding takes Discord's recommended count,
//! and `/healthz` turns ready only once every shard of the process is
//! connected.

use std::sync::Arc;
use std::time::Duration;

use factbot::config::Shards;
use factbot::discord::gateway::Bot;
use factbot::secret::Token;
use factbot::service::admin::{self, ReadinessCheck};
use factbot::service::backend::Backend;
use factbot::service::flow::Service;
use factbot::service::metrics::{Metrics, Outcome};
use serde_json::{Value, json};

use super::endpoint::Counting;
use super::get;
use crate::discord::fake::FakeDiscord;
use crate::discord::payload::{self, Asker};
use crate::discord::{TOKEN, WAIT, settings_for, with_logs};

/// A connected, not yet serving bot against a fresh fake, with `/healthz`
/// served from its shard status.
struct Started {
    fake: FakeDiscord,
    health_url: String,
    bot: Bot,
    _admin: admin::AdminServer,
}

async fn start() -> Started {
    let fake = FakeDiscord::start(TOKEN).await;
    let token = Token::new(TOKEN, "test").unwrap();
    let backend: Arc<dyn Backend> = Arc::new(Counting::default());
    let bot = Bot::connect(
        settings_for(&fake),
        &token,
        Arc::new(Service::new(backend, Arc::new(Metrics::new()))),
    )
    .await
    .expect("connect");
    let status = bot.shard_status();
    let ready: ReadinessCheck = Arc::new(move || status.readiness());
    let server = admin::start("127.0.0.1:0".parse().unwrap(), bot.metrics(), ready)
        .await
        .expect("admin endpoint");
    Started {
        fake,
        health_url: format!("http://{}/healthz", server.addr),
        bot,
        _admin: server,
    }
}

/// Polls `/healthz` (bounded) until it answers 200; returns every status
/// seen before that.
async fn wait_ready(client: &reqwest::Client, url: &str) -> Vec<u16> {
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut seen = Vec::new();
    loop {
        let answer = get(client, url).await;
        if answer.status == 200 {
            assert_eq!(answer.body.trim(), "ready");
            return seen;
        }
        seen.push(answer.status);
        assert!(
            tokio::time::Instant::now() < deadline,
            "/healthz never became ready; last: {} {}",
            answer.status,
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn shard_ids(identifies: &[Value]) -> Vec<Value> {
    identifies.iter().map(|d| d["shard"].clone()).collect()
}

#[test]
fn a_shard_range_starts_only_those_shards_and_is_ready_when_all_connect() {
    with_logs("info", |_logs| async move {
        let shards = Shards::Range {
            total: 4,
            first: 1,
            last: 2,
        };
        let started = start().await;
        let (fake, url, bot) = (&started.fake, &started.health_url, started.bot);
        let client = reqwest::Client::new();
        let before = get(&client, url).await;
        assert_eq!(before.status, 503, "not ready before connecting");
        assert!(before.body.contains("not ready"), "{}", before.body);

        let shutdown = bot.shutdown_handle();
        let metrics = bot.metrics();
        let serving = tokio::spawn(bot.serve(shards));
        let not_ready = wait_ready(&client, url).await;
        assert!(!not_ready.is_empty(), "was 503 until the shards connected");

        assert_eq!(
            shard_ids(&fake.identify_payloads()),
            [json!([1, 4]), json!([2, 4])],
            "shards 1 and 2 of 4, and nothing else"
        );

        // Gateway interactions are counted like HTTP ones.
        let asker = Asker::member(9101);
        let ask = payload::command("entity", &[("name", json!("Taliban"))], &asker);
        fake.dispatch("INTERACTION_CREATE", ask.payload.clone());
        let token = ask.token.clone();
        fake.wait_until("the answer", WAIT, move |f| {
            f.answer_to(&token).is_complete()
        })
        .await;
        let complete = payload::autocomplete("entity", "name", "ta", &asker);
        fake.dispatch("INTERACTION_CREATE", complete.payload.clone());
        let token = complete.token.clone();
        fake.wait_until("the choices", WAIT, move |f| {
            f.answer_to(&token).is_complete()
        })
        .await;
        // The count lands just after the answer is sent.
        let deadline = tokio::time::Instant::now() + WAIT;
        while metrics.interactions("entity", Outcome::Answer) + metrics.autocompletes() < 2 {
            assert!(tokio::time::Instant::now() < deadline, "never counted");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(metrics.interactions_total(), 1);
        assert_eq!(metrics.autocompletes(), 1);
        shutdown.shutdown().await;
        let served = tokio::time::timeout(WAIT, serving)
            .await
            .expect("stops in time")
            .expect("no panic");
        assert!(served.is_ok(), "{served:?}");
    });
}

#[test]
fn autosharding_runs_what_discord_recommends() {
    with_logs("info", |_logs| async move {
        let started = start().await;
        let (fake, url, bot) = (&started.fake, &started.health_url, started.bot);
        let client = reqwest::Client::new();
        let shutdown = bot.shutdown_handle();
        let serving = tokio::spawn(bot.serve(Shards::Auto));
        wait_ready(&client, url).await;
        assert!(
            fake.requests()
                .iter()
                .any(|r| r.method == "GET" && r.path == "/api/v10/gateway/bot"),
            "asked Discord how many shards to run"
        );
        // The fake recommends one shard.
        assert_eq!(shard_ids(&fake.identify_payloads()), [json!([0, 1])]);
        shutdown.shutdown().await;
        let _ = tokio::time::timeout(WAIT, serving).await;
    });
}
