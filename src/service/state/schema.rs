//! The state store's tables, as an ordered list of migrations applied once
//! each when a store opens. A migration is never edited once released: a
//! change is a new entry at the end.
//!
//! Opening is safe when two replicas open one PostgreSQL database at once:
//! the migrations run in one transaction that first takes a
//! transaction-scoped advisory lock, so the second replica waits and then
//! finds them applied (without the lock, two concurrent `CREATE TABLE IF
//! NOT EXISTS` can still collide in PostgreSQL's catalog). SQLite needs no
//! lock: its write transaction already excludes other writers.

use sqlx::AnyPool;

use super::error::{StateError, is_conflict};

/// How often opening retries when another process held the database.
const MIGRATE_ATTEMPTS: u64 = 5;

/// The migrations, in order: (id, name, statements).
pub const MIGRATIONS: &[(i64, &str, &[&str])] = &[
    (
        1,
        "history",
        &[
            "CREATE TABLE blobs (
            hash TEXT PRIMARY KEY,
            size BIGINT NOT NULL,
            content TEXT NOT NULL
        )",
            "CREATE TABLE manifests (
            version TEXT NOT NULL,
            path TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (version, path)
        )",
            "CREATE INDEX manifests_hash ON manifests (hash)",
            "CREATE TABLE history (
            seq BIGINT PRIMARY KEY,
            version TEXT NOT NULL,
            parent TEXT,
            trigger_label TEXT NOT NULL,
            user_id BIGINT,
            at_ms BIGINT NOT NULL,
            note TEXT,
            facts_added BIGINT NOT NULL,
            facts_removed BIGINT NOT NULL,
            facts_changed BIGINT NOT NULL,
            entities_added BIGINT NOT NULL,
            entities_removed BIGINT NOT NULL,
            entities_changed BIGINT NOT NULL
        )",
            "CREATE INDEX history_version ON history (version)",
        ],
    ),
    (
        2,
        "previews",
        &[
            // A change a moderator previewed in Discord, waiting for Apply or
            // Cancel; `status` moves pending → applying → applied (or
            // cancelled, stale), each step a compare-and-set.
            "CREATE TABLE previews (
            id TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            base_version TEXT NOT NULL,
            target_version TEXT NOT NULL,
            user_id BIGINT NOT NULL,
            guild_id BIGINT NOT NULL,
            note TEXT,
            created_at_ms BIGINT NOT NULL,
            expires_at_ms BIGINT NOT NULL,
            status TEXT NOT NULL,
            decided_by BIGINT,
            decided_at_ms BIGINT
        )",
            "CREATE INDEX previews_status ON previews (status)",
            // The files the change writes (base64 content) or removes (NULL).
            "CREATE TABLE preview_files (
            preview TEXT NOT NULL,
            path TEXT NOT NULL,
            content TEXT,
            PRIMARY KEY (preview, path)
        )",
        ],
    ),
];

/// Any fixed number: the key of the advisory lock migrations hold on
/// PostgreSQL ("factbot" in ASCII, as an integer).
const MIGRATION_LOCK: i64 = 0x66_6163_7462_6f74;

/// Applies the migrations not yet applied; returns how many ran. Tries
/// again, after a pause, when another process was writing at that moment
/// (two processes opening one new SQLite file at once).
pub async fn migrate(pool: &AnyPool, postgres: bool) -> Result<usize, StateError> {
    let mut attempt = 1;
    loop {
        match migrate_once(pool, postgres).await {
            Err(StateError::Migrate { source, .. })
                if attempt < MIGRATE_ATTEMPTS && is_conflict(&source) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(20 * attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn migrate_once(pool: &AnyPool, postgres: bool) -> Result<usize, StateError> {
    let failed = |id, name| move |source| StateError::Migrate { id, name, source };
    let mut tx = pool.begin().await.map_err(failed(0, "begin"))?;
    if postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(failed(0, "lock"))?;
    }
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            id BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at_ms BIGINT NOT NULL
        )",
    )
    .execute(&mut *tx)
    .await
    .map_err(failed(0, "schema_migrations"))?;
    let applied: Vec<(i64,)> = sqlx::query_as("SELECT id FROM schema_migrations")
        .fetch_all(&mut *tx)
        .await
        .map_err(failed(0, "schema_migrations"))?;
    let now = now_ms();
    let mut ran = 0;
    for &(id, name, statements) in MIGRATIONS {
        if applied.iter().any(|&(a,)| a == id) {
            continue;
        }
        for statement in statements {
            sqlx::query(statement)
                .execute(&mut *tx)
                .await
                .map_err(failed(id, name))?;
        }
        sqlx::query("INSERT INTO schema_migrations (id, name, applied_at_ms) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(failed(id, name))?;
        ran += 1;
    }
    tx.commit().await.map_err(failed(0, "commit"))?;
    Ok(ran)
}

/// The wall clock in unix milliseconds (the service layer reads the clock;
/// the domain never does).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
