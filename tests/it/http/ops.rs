//! The operations endpoint over the real store and command layer: every
//! counter of `/metrics` (read with a Prometheus parser) moves with the
//! traffic and the reloads that happened, and nothing else moves it. And
//! `factbot healthcheck`, the probe container images use, follows
//! `/healthz`.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use factbot::service::admin;
use factbot::service::backend::Backend;
use factbot::service::metrics::MeteredStore;
use factbot::service::store::Store;
use serde_json::json;

use super::endpoint::Server;
use super::replicas::{sample, scrape, served_version};
use super::{AppKey, get, post};
use crate::discord::payload::{self, Asker};

fn copy_shipped_data(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, target).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_traffic_and_reloads_and_healthz_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    copy_shipped_data(dir.path());
    let store = Arc::new(Store::open(dir.path().to_path_buf()).expect("the shipped data loads"));
    let facts = store.snapshot().facts.len() as f64;
    let entities = store.snapshot().entities.len() as f64;
    let first_version = store.snapshot().version.clone();

    // The HTTP endpoint's metrics, served by an operations endpoint.
    let metrics_owner = Arc::new(factbot::service::metrics::Metrics::new());
    let backend: Arc<dyn Backend> = Arc::new(MeteredStore::new(
        Arc::clone(&store),
        Arc::clone(&metrics_owner),
    ));
    let server = Server::start_with_metrics(backend, AppKey::generate(50), metrics_owner).await;
    let ops = admin::start(
        "127.0.0.1:0".parse().unwrap(),
        Arc::clone(&server.metrics),
        admin::always_ready(),
    )
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let health = get(&client, &format!("http://{}/healthz", ops.addr)).await;
    assert_eq!((health.status, health.body.trim()), (200, "ready"));

    let s = scrape(&client, ops.addr).await;
    assert_eq!(served_version(&s), first_version);
    assert_eq!(sample(&s, "factbot_dataset_facts", &[]), facts);
    assert_eq!(sample(&s, "factbot_dataset_entities", &[]), entities);
    for (name, labels) in [
        ("factbot_autocomplete_total", vec![]),
        ("factbot_reload_attempts_total", vec![]),
        ("factbot_interaction_duration_seconds_count", vec![]),
        (
            "factbot_interactions_total",
            vec![("command", "entity"), ("outcome", "answer")],
        ),
    ] {
        assert_eq!(sample(&s, name, &labels), 0.0, "{name} starts at 0");
    }

    // Traffic: answers, an unresolved name, autocomplete, a forged request.
    let member = Asker::member(9001);
    for name in ["Taliban", "Russia"] {
        let a = server
            .ask(&payload::command("entity", &[("name", json!(name))], &member).payload)
            .await;
        assert_eq!(a.status, 200);
    }
    server
        .ask(&payload::command("entity", &[("name", json!("Qwxzv Plorb"))], &member).payload)
        .await;
    server
        .ask(&payload::autocomplete("entity", "name", "ta", &member).payload)
        .await;
    let forged = post(
        &client,
        &server.url,
        b"{}".to_vec(),
        Some("00".repeat(64)),
        Some(super::now_timestamp()),
    )
    .await;
    assert_eq!(forged.status, 401);

    // Reloads: one that succeeds (a new alias), one that fails (a broken file).
    let manager = Asker::manager(9002);
    let entities_file = dir.path().join("entities.toml");
    let text = std::fs::read_to_string(&entities_file).unwrap();
    std::fs::write(
        &entities_file,
        text.replacen(
            "aliases = [\"Afghan\", \"AFG\"]",
            "aliases = [\"Afghan\", \"AFG\", \"Zetastan\"]",
            1,
        ),
    )
    .unwrap();
    let reloaded = server
        .ask(&payload::command("reload", &[], &manager).payload)
        .await;
    assert_eq!(reloaded.status, 200);
    let second_version = store.snapshot().version.clone();
    assert_ne!(second_version, first_version);
    std::fs::write(&entities_file, "[[entity]]\nid = \"broken\n").unwrap();
    server
        .ask(&payload::command("reload", &[], &manager).payload)
        .await;

    let s = scrape(&client, ops.addr).await;
    let count = |command: &str, outcome: &str| {
        sample(
            &s,
            "factbot_interactions_total",
            &[("command", command), ("outcome", outcome)],
        )
    };
    assert_eq!(count("entity", "answer"), 2.0);
    let unresolved = count("entity", "unresolved") + count("entity", "not_found");
    assert_eq!(unresolved, 1.0, "the unknown name is one private reply");
    assert_eq!(count("reload", "reloaded"), 1.0);
    assert_eq!(count("reload", "reload_failed"), 1.0);
    assert_eq!(sample(&s, "factbot_autocomplete_total", &[]), 1.0);
    assert_eq!(
        sample(&s, "factbot_interaction_duration_seconds_count", &[]),
        5.0
    );
    assert_eq!(
        sample(
            &s,
            "factbot_http_rejected_total",
            &[("reason", "bad_signature")]
        ),
        1.0
    );
    assert_eq!(sample(&s, "factbot_reload_attempts_total", &[]), 2.0);
    assert_eq!(sample(&s, "factbot_reload_successes_total", &[]), 1.0);
    assert_eq!(sample(&s, "factbot_last_reload_success", &[]), 0.0);
    assert_eq!(
        served_version(&s),
        second_version,
        "the failed reload left the good version in place"
    );
}

/// Runs `factbot healthcheck --addr <addr>` and returns its exit code.
async fn healthcheck(addr: std::net::SocketAddr) -> (Option<i32>, String) {
    tokio::task::spawn_blocking(move || {
        let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
            .args(["healthcheck", "--addr", &addr.to_string()])
            .env_remove("FACTBOT_CONFIG")
            .output()
            .expect("run factbot healthcheck");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_healthcheck_subcommand_follows_healthz() {
    let ready = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&ready);
    let check: admin::ReadinessCheck = Arc::new(move || {
        if flag.load(Ordering::SeqCst) {
            admin::Readiness::Ready
        } else {
            admin::Readiness::NotReady("shards not connected: 0".into())
        }
    });
    let ops = admin::start(
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(factbot::service::metrics::Metrics::new()),
        check,
    )
    .await
    .unwrap();

    let (code, stderr) = healthcheck(ops.addr).await;
    assert_eq!(code, Some(1), "not ready yet");
    assert!(
        stderr.contains("503") && stderr.contains("shards not connected: 0"),
        "{stderr}"
    );

    ready.store(true, Ordering::SeqCst);
    let (code, stderr) = healthcheck(ops.addr).await;
    assert_eq!(code, Some(0), "{stderr}");

    // A wildcard address is probed on the loopback interface.
    let wildcard: std::net::SocketAddr = format!("0.0.0.0:{}", ops.addr.port()).parse().unwrap();
    assert_eq!(healthcheck(wildcard).await.0, Some(0));

    let port = ops.addr.port();
    drop(ops);
    // Nothing listens any more: the probe fails with a hint.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed_addr = closed.local_addr().unwrap();
    drop(closed);
    let (code, stderr) = healthcheck(closed_addr).await;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("cannot reach"), "{stderr} (port {port})");
}
