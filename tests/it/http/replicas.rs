//! `factbot serve-http` as deployed behind a load balancer: two processes
//! of the real binary on their own 127.0.0.1 ports, reading one data
//! directory (a copy of the shipped `data/`). They answer the same request
//! with the same bytes; after the data changes and both get SIGHUP, both
//! serve the new version, and again alike. `/healthz`, `/metrics` and the
//! reload counters are read from each process' operations endpoint. With
//! PostgreSQL they share one history, which `/data history` lists alike.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use super::process::Bot;
use super::{AppKey, get, post_signed};
use crate::discord::payload::{self, Asker};

/// One running replica and where it listens.
struct Replica {
    process: Bot,
    interactions: String,
    admin: SocketAddr,
}

impl Replica {
    fn start(config: &Path, envs: &[(&str, &str)]) -> Replica {
        let config = config.to_str().expect("utf-8 path");
        let mut process = Bot::spawn(&["serve-http", "--config", config], envs);
        let interactions = process.address("serving HTTP interactions", "listen");
        let admin = process.address("serving /healthz and /metrics", "listen");
        Replica {
            process,
            interactions: format!("http://{interactions}/interactions"),
            admin,
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Scrapes `/metrics` with a Prometheus parser.
pub async fn scrape(client: &reqwest::Client, admin: SocketAddr) -> prometheus_parse::Scrape {
    let answer = get(client, &format!("http://{admin}/metrics")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    prometheus_parse::Scrape::parse(answer.body.lines().map(|l| Ok(l.to_owned())))
        .expect("/metrics is Prometheus text")
}

/// The value of a counter or gauge sample with these labels.
pub fn sample(scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    let found = scrape
        .samples
        .iter()
        .find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .unwrap_or_else(|| panic!("no sample {name} {labels:?}"));
    match found.value {
        prometheus_parse::Value::Counter(v)
        | prometheus_parse::Value::Gauge(v)
        | prometheus_parse::Value::Untyped(v) => v,
        ref other => panic!("{name} is not a scalar: {other:?}"),
    }
}

/// The `version` label of `factbot_dataset_info`.
pub fn served_version(scrape: &prometheus_parse::Scrape) -> String {
    scrape
        .samples
        .iter()
        .find(|s| s.metric == "factbot_dataset_info")
        .and_then(|s| s.labels.get("version"))
        .expect("factbot_dataset_info{version}")
        .to_owned()
}

/// Each replica's response to `body` (signed now).
async fn ask_both(
    client: &reqwest::Client,
    key: &AppKey,
    replicas: &[Replica],
    body: &Value,
) -> Vec<Value> {
    let mut out = Vec::new();
    for r in replicas {
        let answer = post_signed(client, &r.interactions, key, body).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        out.push(answer.json());
    }
    out
}

/// The questions both replicas are asked, before and after the reload.
fn questions() -> Vec<Value> {
    let member = Asker::member(8001);
    [
        payload::command("entity", &[("name", json!("Taliban"))], &member),
        payload::command("entity", &[("name", json!("Zetastan"))], &member),
        payload::command(
            "ask",
            &[("question", json!("Who designated the Taliban, and when?"))],
            &member,
        ),
        payload::command("designations", &[("target", json!("Taliban"))], &member),
        payload::command("timeline", &[("entity", json!("Russia"))], &member),
        payload::autocomplete("entity", "name", "ru", &member),
    ]
    .into_iter()
    .map(|i| i.payload)
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_answer_alike_and_both_serve_a_reloaded_dataset() {
    let key = AppKey::generate(40);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
    let config = dir.path().join("factbot.toml");
    std::fs::write(
        &config,
        format!(
            "[discord]\npublic_key = \"{}\"\n\n[data]\ndir = {:?}\n\n[http]\nlisten = \
             \"127.0.0.1:0\"\n\n[admin]\nlisten = \"127.0.0.1:0\"\n",
            key.public_hex(),
            data.to_str().unwrap()
        ),
    )
    .unwrap();
    // With PostgreSQL (as in CI), both share one history in a schema of
    // their own; otherwise each keeps its own SQLite history.
    let shared = shared_postgres().await;
    let envs: Vec<(&str, &str)> = shared
        .as_ref()
        .map(|(url, _)| vec![("FACTBOT_STATE_URL", url.as_str())])
        .unwrap_or_default();
    let replicas = [
        Replica::start(&config, &envs),
        Replica::start(&config, &envs),
    ];
    let client = reqwest::Client::new();

    for r in &replicas {
        let health = get(&client, &format!("http://{}/healthz", r.admin)).await;
        assert_eq!((health.status, health.body.trim()), (200, "ready"));
    }
    let before: Vec<String> = {
        let mut v = Vec::new();
        for r in &replicas {
            v.push(served_version(&scrape(&client, r.admin).await));
        }
        v
    };
    assert_eq!(before[0], before[1], "both load the same version");

    let mut answers_before = Vec::new();
    for q in questions() {
        let both = ask_both(&client, &key, &replicas, &q).await;
        assert_eq!(both[0], both[1], "replicas differ on {}", q["data"]);
        answers_before.push(both[0].clone());
    }

    // A new alias for Afghanistan, then SIGHUP to each replica.
    let entities = data.join("entities.toml");
    let text = std::fs::read_to_string(&entities).unwrap();
    let edited = text.replacen(
        "aliases = [\"Afghan\", \"AFG\"]",
        "aliases = [\"Afghan\", \"AFG\", \"Zetastan\"]",
        1,
    );
    assert_ne!(
        edited, text,
        "the shipped data still has Afghanistan's aliases"
    );
    std::fs::write(&entities, edited).unwrap();
    for r in &replicas {
        r.process.hangup();
    }

    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    for r in &replicas {
        loop {
            let s = scrape(&client, r.admin).await;
            if sample(&s, "factbot_reload_attempts_total", &[]) >= 1.0 {
                assert_eq!(sample(&s, "factbot_reload_successes_total", &[]), 1.0);
                assert_eq!(sample(&s, "factbot_last_reload_success", &[]), 1.0);
                assert_ne!(served_version(&s), before[0], "a new version is served");
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "replica {} never reloaded; log:\n{}",
                r.process.pid(),
                r.process.seen.join("\n")
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let after: Vec<String> = {
        let mut v = Vec::new();
        for r in &replicas {
            v.push(served_version(&scrape(&client, r.admin).await));
        }
        v
    };
    assert_eq!(after[0], after[1], "both serve the same new version");

    for (q, old) in questions().iter().zip(&answers_before) {
        let both = ask_both(&client, &key, &replicas, q).await;
        assert_eq!(
            both[0], both[1],
            "replicas differ after reload on {}",
            q["data"]
        );
        if q["data"]["options"][0]["value"] == "Zetastan" {
            assert_ne!(&both[0], old, "the new alias resolves after the reload");
            assert!(
                both[0].to_string().contains("Afghanistan"),
                "Zetastan is Afghanistan now: {}",
                both[0]
            );
        }
    }
    if let Some((_, schema)) = shared {
        // One history, listed alike by both: the start, then the reload
        // both replicas made (recorded once).
        let history =
            payload::subcommand("data", "history", &[], None, &Asker::manager(8002)).payload;
        let both = ask_both(&client, &key, &replicas, &history).await;
        assert_eq!(both[0], both[1], "replicas list different histories");
        let listed = crate::discord::moderation::text_of(&both[0]["data"]);
        let entries: Vec<&str> = listed
            .lines()
            .skip(1)
            .filter(|l| l.contains(" UTC · "))
            .collect();
        assert_eq!(entries.len(), 2, "{listed}");
        assert!(
            entries[0].contains(&after[0]) && entries[0].contains("signal"),
            "{listed}"
        );
        assert!(
            entries[1].contains(&before[0]) && entries[1].contains("start"),
            "{listed}"
        );
        drop(replicas);
        postgres_admin(&format!("DROP SCHEMA {schema} CASCADE")).await;
    }
}

/// The test database's URL when PostgreSQL is there (`.ci/run` starts it),
/// with a fresh schema of this test's own: (url, schema). `None` (the
/// test says it skipped) when it is not, unless it is required.
async fn shared_postgres() -> Option<(String, String)> {
    const POSTGRES_ENV: &str = "FACTBOT_TEST_POSTGRES_URL";
    let Some(base) = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) else {
        if std::env::var("FACTBOT_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("FACTBOT_REQUIRE_POSTGRES=1 but {POSTGRES_ENV} is not set");
        }
        println!("skipped the shared history: set {POSTGRES_ENV} to run it on PostgreSQL");
        return None;
    };
    let schema = format!("factbot_replicas_{}", std::process::id());
    postgres_admin(&format!("CREATE SCHEMA {schema}")).await;
    let separator = if base.contains('?') { '&' } else { '?' };
    Some((
        format!("{base}{separator}options[search_path]={schema}"),
        schema,
    ))
}

async fn postgres_admin(statement: &str) {
    use sqlx::Connection as _;
    let base = std::env::var("FACTBOT_TEST_POSTGRES_URL").unwrap();
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&base)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(statement).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}
