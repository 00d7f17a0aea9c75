//! The state store's behaviour, each test written once as a function of a
//! store's config and run on SQLite (a temporary directory) always, and on
//! PostgreSQL when `FACTBOT_TEST_POSTGRES_URL` is set (each test in a fresh
//! schema of its own, dropped afterwards, so tests running in parallel
//! threads never see each other's tables).

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use super::*;
use crate::config::{DatabaseUrl, StateConfig};
use crate::data::DataFiles;

const POSTGRES_ENV: &str = "FACTBOT_TEST_POSTGRES_URL";
const REQUIRE_ENV: &str = "FACTBOT_REQUIRE_POSTGRES";

/// Runs `test` on SQLite, then on PostgreSQL if configured (or fails when
/// `FACTBOT_REQUIRE_POSTGRES=1` and it is not).
async fn on_both<F, Fut>(test: F)
where
    F: Fn(StateConfig) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    test(StateConfig {
        dir: dir.path().join("state"),
        url: None,
        keep: 50,
    })
    .await;
    let Some(base) = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) else {
        if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") {
            panic!("{REQUIRE_ENV}=1 but {POSTGRES_ENV} is not set");
        }
        println!("skipped: set {POSTGRES_ENV} to run the store tests on PostgreSQL");
        return;
    };
    let schema = fresh_schema(&base).await;
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    test(StateConfig {
        dir: PathBuf::new(),
        url: Some(DatabaseUrl::parse(&url).unwrap()),
        keep: 50,
    })
    .await;
    drop_schema(&base, &schema).await;
}

/// A schema no other test uses: process id, a counter and the clock.
async fn fresh_schema(base: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "factbot_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        schema::now_ms()
    );
    admin(base, &format!("CREATE SCHEMA {name}")).await;
    name
}

async fn drop_schema(base: &str, name: &str) {
    admin(base, &format!("DROP SCHEMA {name} CASCADE")).await;
}

async fn admin(base: &str, statement: &str) {
    use sqlx::Connection as _;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(base)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
    sqlx::query(statement).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

fn with_keep(config: &StateConfig, keep: u32) -> StateConfig {
    StateConfig {
        keep,
        ..config.clone()
    }
}

fn files(pairs: &[(&str, &[u8])]) -> DataFiles {
    DataFiles::from_memory("data", pairs.iter().map(|(p, b)| (*p, b.to_vec())))
}

fn change<'a>(version: &'a str, parent: Option<&'a str>, files: &'a DataFiles) -> Change<'a> {
    Change {
        version,
        parent,
        trigger: TriggerLabel::Signal,
        user: None,
        at_ms: 1_700_000_000_000,
        note: None,
        summary: Summary::default(),
        files,
    }
}

async fn count(state: &State, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(state.pool_for_tests())
        .await
        .unwrap();
    n
}

async fn migrations_apply_once_on(config: StateConfig) {
    let first = State::open(&config).await.unwrap();
    let f = files(&[("a.toml", b"a")]);
    first.record(&change("v1", None, &f)).await.unwrap();
    let second = State::open(&config).await.unwrap();
    assert_eq!(
        count(&second, "schema_migrations").await,
        schema::MIGRATIONS.len() as i64
    );
    assert_eq!(second.history(10, 0).await.unwrap().len(), 1);
    // Applying again runs nothing.
    let postgres = config.url.as_ref().is_some_and(DatabaseUrl::is_postgres);
    assert_eq!(
        schema::migrate(second.pool_for_tests(), postgres)
            .await
            .unwrap(),
        0
    );
    first.close().await;
    second.close().await;
}

#[tokio::test]
async fn migrations_are_applied_once() {
    on_both(migrations_apply_once_on).await;
}

async fn history_is_newest_first_and_pages_on(config: StateConfig) {
    let state = State::open(&config).await.unwrap();
    assert_eq!(state.newest().await.unwrap(), None);
    let f = files(&[("a.toml", b"a")]);
    for (i, version) in ["v1", "v2", "v3", "v4", "v5"].into_iter().enumerate() {
        let parent = (i > 0).then(|| format!("v{i}"));
        let mut c = change(version, parent.as_deref(), &f);
        c.at_ms += i as i64;
        if version == "v3" {
            c.trigger = TriggerLabel::Command;
            c.user = Some(123_456_789_012_345_678);
            c.note = Some("fixed a date");
            c.summary = Summary {
                facts_added: 1,
                facts_changed: 2,
                entities_removed: 3,
                ..Summary::default()
            };
        }
        assert!(matches!(
            state.record(&c).await.unwrap(),
            Recorded::Added { .. }
        ));
    }
    // The same version again is not a new entry.
    assert_eq!(
        state.record(&change("v5", Some("v5"), &f)).await.unwrap(),
        Recorded::AlreadyNewest
    );
    let all = state.history(10, 0).await.unwrap();
    let versions: Vec<&str> = all.iter().map(|e| e.version.as_str()).collect();
    assert_eq!(versions, ["v5", "v4", "v3", "v2", "v1"]);
    let page: Vec<String> = state
        .history(2, 1)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.version)
        .collect();
    assert_eq!(page, ["v4", "v3"]);
    let v3 = &all[2];
    assert_eq!(v3.parent.as_deref(), Some("v2"));
    assert_eq!(v3.trigger, "command");
    assert_eq!(v3.user, Some(123_456_789_012_345_678));
    assert_eq!(v3.note.as_deref(), Some("fixed a date"));
    assert_eq!(v3.at_ms, 1_700_000_000_002);
    assert_eq!(v3.summary.facts_added, 1);
    assert_eq!(v3.summary.facts_changed, 2);
    assert_eq!(v3.summary.entities_removed, 3);
    assert_eq!(all[4].parent, None);
    assert_eq!(all[4].user, None);
    assert_eq!(all[4].trigger, "signal");
    state.close().await;
}

#[tokio::test]
async fn history_is_newest_first_and_pages() {
    on_both(history_is_newest_first_and_pages_on).await;
}

async fn shared_files_are_stored_once_on(config: StateConfig) {
    let state = State::open(&config).await.unwrap();
    let article: &[u8] = b"A long article text shared by both versions.";
    let one = files(&[("facts.toml", b"one"), ("articles/a.txt", article)]);
    let two = files(&[("facts.toml", b"two"), ("articles/a.txt", article)]);
    state.record(&change("v1", None, &one)).await.unwrap();
    state.record(&change("v2", Some("v1"), &two)).await.unwrap();
    assert_eq!(
        count(&state, "blobs").await,
        3,
        "the article once, two facts files"
    );
    assert_eq!(count(&state, "manifests").await, 4);
    // Back to v1: its manifest and blobs are reused, nothing new stored.
    state.record(&change("v1", Some("v2"), &one)).await.unwrap();
    assert_eq!(count(&state, "blobs").await, 3);
    assert_eq!(count(&state, "manifests").await, 4);
    state.close().await;
}

#[tokio::test]
async fn shared_files_are_stored_once() {
    on_both(shared_files_are_stored_once_on).await;
}

async fn only_keep_entries_and_their_files_are_kept_on(config: StateConfig) {
    let state = State::open(&with_keep(&config, 2)).await.unwrap();
    let kept: &[u8] = b"kept in every version";
    let sets: Vec<DataFiles> = (1..=4)
        .map(|i| {
            DataFiles::from_memory(
                "data",
                [
                    ("facts.toml".to_string(), format!("facts {i}").into_bytes()),
                    ("same.txt".to_string(), kept.to_vec()),
                ],
            )
        })
        .collect();
    for (i, f) in sets.iter().enumerate() {
        let version = format!("v{}", i + 1);
        state.record(&change(&version, None, f)).await.unwrap();
    }
    let versions: Vec<String> = state
        .history(10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.version)
        .collect();
    assert_eq!(versions, ["v4", "v3"]);
    assert_eq!(state.files_of("v1").await.unwrap(), None);
    assert_eq!(state.files_of("v2").await.unwrap(), None);
    assert!(state.files_of("v3").await.unwrap().is_some());
    assert_eq!(count(&state, "manifests").await, 4);
    assert_eq!(
        count(&state, "blobs").await,
        3,
        "facts 3, facts 4, the shared file"
    );
    state.close().await;
}

#[tokio::test]
async fn only_keep_entries_and_their_files_are_kept() {
    on_both(only_keep_entries_and_their_files_are_kept_on).await;
}

async fn files_round_trip_byte_for_byte_on(config: StateConfig) {
    let state = State::open(&config).await.unwrap();
    let binary: Vec<u8> = (0..=255u8).chain([0, 0, 255, 13, 10]).collect();
    let text = "é ✓ \u{0} tabs\tand\r\nnewlines\n".as_bytes().to_vec();
    let f = DataFiles::from_memory(
        "data",
        [
            ("articles/binary.bin".to_string(), binary.clone()),
            ("facts.toml".to_string(), text.clone()),
            ("empty.toml".to_string(), Vec::new()),
        ],
    );
    state.record(&change("v1", None, &f)).await.unwrap();
    let back = state.files_of("v1").await.unwrap().unwrap();
    let expected: BTreeMap<String, Vec<u8>> = f.files.clone();
    assert_eq!(back, expected);
    assert_eq!(state.files_of("nope").await.unwrap(), None);
    state.close().await;
}

#[tokio::test]
async fn files_round_trip_byte_for_byte() {
    on_both(files_round_trip_byte_for_byte_on).await;
}

async fn two_replicas_see_one_history_on(config: StateConfig) {
    // Opened at once, as two replicas starting together would.
    let (a, b) = tokio::join!(State::open(&config), State::open(&config));
    let (a, b) = (a.unwrap(), b.unwrap());
    let one = files(&[("facts.toml", b"one")]);
    let two = files(&[("facts.toml", b"two")]);
    a.record(&change("v1", None, &one)).await.unwrap();
    b.record(&change("v2", Some("v1"), &two)).await.unwrap();
    // Both record the same reload: one entry.
    let v3 = change("v3", Some("v2"), &one);
    let (ra, rb) = tokio::join!(a.record(&v3), b.record(&v3));
    let added = [ra.unwrap(), rb.unwrap()]
        .iter()
        .filter(|r| matches!(r, Recorded::Added { .. }))
        .count();
    assert_eq!(
        added, 1,
        "one replica recorded v3, the other found it newest"
    );
    let ha = a.history(10, 0).await.unwrap();
    let hb = b.history(10, 0).await.unwrap();
    assert_eq!(ha, hb);
    assert_eq!(ha[0].version, "v3");
    assert_eq!(
        count(&a, "schema_migrations").await,
        schema::MIGRATIONS.len() as i64,
        "each migration applied once"
    );
    a.close().await;
    b.close().await;
}

#[tokio::test]
async fn two_replicas_see_one_history() {
    on_both(two_replicas_see_one_history_on).await;
}

fn preview(id: &str, created_at_ms: i64) -> Preview {
    let mut changes = BTreeMap::new();
    changes.insert("facts.toml".to_string(), Some(b"new".to_vec()));
    changes.insert("old.toml".to_string(), None);
    Preview {
        id: id.into(),
        origin: Origin::Upload,
        base_version: "v1".into(),
        target_version: "v2".into(),
        user: 7,
        guild: 9,
        note: Some("fix a date".into()),
        created_at_ms,
        expires_at_ms: created_at_ms + 60_000,
        status: Status::Pending,
        decided_by: None,
        decided_at_ms: None,
        changes,
    }
}

async fn previews_round_trip_and_move_once_on(config: StateConfig) {
    let state = State::open(&config).await.unwrap();
    let now = 1_700_000_000_000;
    let saved = preview("00aa", now);
    state.save_preview(&saved).await.unwrap();
    assert_eq!(state.preview("00aa").await.unwrap(), Some(saved.clone()));
    assert_eq!(state.preview("ffff").await.unwrap(), None);
    // Two presses of Apply: only one claims it.
    let (a, b) = tokio::join!(
        state.move_preview("00aa", Status::Pending, Status::Applying, Some(1), now),
        state.move_preview("00aa", Status::Pending, Status::Applying, Some(2), now),
    );
    assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|m| **m).count(), 1);
    let applying = state.applying().await.unwrap();
    assert_eq!(applying.len(), 1);
    assert_eq!(applying[0].status, Status::Applying);
    assert_eq!(applying[0].changes, saved.changes);
    assert!(
        state
            .move_preview("00aa", Status::Applying, Status::Applied, None, now + 1)
            .await
            .unwrap()
    );
    let applied = state.preview("00aa").await.unwrap().unwrap();
    assert_eq!(applied.status, Status::Applied);
    assert!(
        matches!(applied.decided_by, Some(1 | 2)),
        "who applied stays"
    );
    assert!(state.applying().await.unwrap().is_empty());
    // A preview decided long ago is forgotten when a new one is saved.
    state
        .save_preview(&preview("00bb", now + previews::DECIDED_KEPT_MS + 120_000))
        .await
        .unwrap();
    assert_eq!(state.preview("00aa").await.unwrap(), None);
    assert!(state.preview("00bb").await.unwrap().is_some());
    state.close().await;
}

#[tokio::test]
async fn previews_round_trip_and_move_once() {
    on_both(previews_round_trip_and_move_once_on).await;
}
