//! [`State`]: the history of the served dataset, on SQLite or PostgreSQL
//! through one set of queries.
//!
//! A version's files are kept content-addressed: `blobs` holds each
//! distinct file content once (keyed by its SHA-256), `manifests` maps a
//! version's relative paths to those keys, and `history` lists the changes,
//! newest with the largest `seq`. Only the newest `keep` entries are kept;
//! a manifest no entry names and a blob no manifest names go with them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use super::blobs;
use super::change::{Change, Entry, Summary};
use super::error::{StateError, is_conflict, query};
use super::schema;
use crate::config::{STATE_SQLITE_FILE, StateConfig};

/// How often `record` tries when another writer (a replica, or `factbot
/// rollback` beside a running bot) wrote at the same moment.
const RECORD_ATTEMPTS: u64 = 5;

/// The state store.
pub struct State {
    pool: AnyPool,
    keep: u32,
    /// Where it is, for messages (no password).
    place: String,
}

/// What [`State::record`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// A new entry, numbered `seq`.
    Added { seq: i64 },
    /// Nothing: the newest entry already has this version (e.g. another
    /// replica recorded the same reload, or a rollback was recorded before
    /// the bot reloaded it).
    AlreadyNewest,
}

impl State {
    /// Opens the store `config` names (creating the SQLite file and its
    /// directory if needed) and applies any migration not yet applied.
    pub async fn open(config: &StateConfig) -> Result<State, StateError> {
        let (url, place, postgres) = match &config.url {
            Some(url) => (url.expose().to_string(), url.to_string(), url.is_postgres()),
            None => {
                let file = sqlite_file(&config.dir)?;
                (sqlite_url(&file), file.display().to_string(), false)
            }
        };
        let url = if !postgres && config.url.is_some() && !url.contains("mode=") {
            // A `sqlite:` URL: create the file like the default does.
            format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
        } else {
            url
        };
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 4 } else { 2 })
            .connect(&url)
            .await
            .map_err(|source| StateError::Open {
                place: place.clone(),
                source,
            })?;
        schema::migrate(&pool, postgres).await?;
        Ok(State {
            pool,
            keep: config.keep,
            place,
        })
    }

    /// Where the store is, for messages: the SQLite file, or the URL with
    /// its password hidden.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// Records a change unless the newest entry already has its version:
    /// stores the version's files (only contents not stored yet), appends
    /// the entry and prunes to `keep` entries, in one transaction.
    pub async fn record(&self, change: &Change<'_>) -> Result<Recorded, StateError> {
        let mut attempt = 1;
        loop {
            match self.record_once(change).await {
                Err(StateError::Query { source, .. })
                    if attempt < RECORD_ATTEMPTS && is_conflict(&source) =>
                {
                    tokio::time::sleep(std::time::Duration::from_millis(10 * attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn record_once(&self, change: &Change<'_>) -> Result<Recorded, StateError> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(query("starting a transaction"))?;
        let newest: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, version FROM history ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await
                .map_err(query("reading the newest entry"))?;
        if newest.as_ref().is_some_and(|(_, v)| v == change.version) {
            return Ok(Recorded::AlreadyNewest);
        }
        let (has_manifest,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM manifests WHERE version = $1")
                .bind(change.version)
                .fetch_one(&mut *tx)
                .await
                .map_err(query("reading a manifest"))?;
        if has_manifest == 0 {
            for (path, bytes) in &change.files.files {
                let hash = blobs::address(bytes);
                let (known,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blobs WHERE hash = $1")
                    .bind(&hash)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(query("reading a file's content"))?;
                if known == 0 {
                    sqlx::query("INSERT INTO blobs (hash, size, content) VALUES ($1, $2, $3)")
                        .bind(&hash)
                        .bind(bytes.len() as i64)
                        .bind(blobs::encode(bytes))
                        .execute(&mut *tx)
                        .await
                        .map_err(query("storing a file's content"))?;
                }
                sqlx::query("INSERT INTO manifests (version, path, hash) VALUES ($1, $2, $3)")
                    .bind(change.version)
                    .bind(path)
                    .bind(&hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(query("storing a manifest"))?;
            }
        }
        let seq = newest.map_or(1, |(seq, _)| seq + 1);
        let s = change.summary;
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO history (seq, version, parent, trigger_label, user_id, at_ms, note, \
             facts_added, facts_removed, facts_changed, \
             entities_added, entities_removed, entities_changed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(seq)
        .bind(change.version)
        .bind(change.parent)
        .bind(change.trigger.as_str())
        .bind(change.user.map(|u| u as i64))
        .bind(change.at_ms)
        .bind(change.note)
        .bind(count(s.facts_added))
        .bind(count(s.facts_removed))
        .bind(count(s.facts_changed))
        .bind(count(s.entities_added))
        .bind(count(s.entities_removed))
        .bind(count(s.entities_changed))
        .execute(&mut *tx)
        .await
        .map_err(query("adding a history entry"))?;
        for (statement, doing) in [
            (
                "DELETE FROM history WHERE seq NOT IN \
                 (SELECT seq FROM history ORDER BY seq DESC LIMIT $1)",
                "pruning old entries",
            ),
            (
                "DELETE FROM manifests WHERE version NOT IN (SELECT version FROM history)",
                "pruning old manifests",
            ),
            (
                "DELETE FROM blobs WHERE hash NOT IN (SELECT hash FROM manifests)",
                "pruning unused files",
            ),
        ] {
            let q = sqlx::query(statement);
            let q = if statement.contains("$1") {
                q.bind(i64::from(self.keep))
            } else {
                q
            };
            q.execute(&mut *tx).await.map_err(query(doing))?;
        }
        tx.commit().await.map_err(query("committing a change"))?;
        Ok(Recorded::Added { seq })
    }

    /// Up to `limit` entries, newest first, skipping the `offset` newest.
    pub async fn history(&self, limit: u32, offset: u32) -> Result<Vec<Entry>, StateError> {
        let rows: Vec<sqlx::any::AnyRow> = sqlx::query(
            "SELECT seq, version, parent, trigger_label, user_id, at_ms, note, \
             facts_added, facts_removed, facts_changed, \
             entities_added, entities_removed, entities_changed \
             FROM history ORDER BY seq DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await
        .map_err(query("listing the history"))?;
        rows.iter().map(entry).collect()
    }

    /// How many entries are kept.
    pub async fn history_len(&self) -> Result<u64, StateError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM history")
            .fetch_one(&self.pool)
            .await
            .map_err(query("counting the history"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The newest entry, if any.
    pub async fn newest(&self) -> Result<Option<Entry>, StateError> {
        Ok(self.history(1, 0).await?.into_iter().next())
    }

    /// Whether the files of `version` are kept.
    pub async fn keeps(&self, version: &str) -> Result<bool, StateError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM manifests WHERE version = $1")
            .bind(version)
            .fetch_one(&self.pool)
            .await
            .map_err(query("reading a manifest"))?;
        Ok(n > 0)
    }

    /// The files of `version` (relative path → bytes), or `None` if it is
    /// not kept.
    pub async fn files_of(
        &self,
        version: &str,
    ) -> Result<Option<BTreeMap<String, Vec<u8>>>, StateError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT m.path, m.hash, b.content FROM manifests m \
             JOIN blobs b ON b.hash = m.hash WHERE m.version = $1 ORDER BY m.path",
        )
        .bind(version)
        .fetch_all(&self.pool)
        .await
        .map_err(query("reading a version's files"))?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut files = BTreeMap::new();
        for (path, hash, content) in rows {
            let bytes = blobs::decode(&content)
                .filter(|b| blobs::address(b) == hash)
                .ok_or_else(|| StateError::Damaged {
                    what: format!("the content of {path} in version {version}"),
                })?;
            files.insert(path, bytes);
        }
        Ok(Some(files))
    }

    #[cfg(test)]
    pub(crate) fn pool_for_tests(&self) -> &AnyPool {
        &self.pool
    }

    /// The connections, for the other tables' queries (`previews`).
    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the connections (waiting for queries in flight).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Reads one `history` row (columns in the order `history` selects).
fn entry(row: &sqlx::any::AnyRow) -> Result<Entry, StateError> {
    use sqlx::Row as _;
    let int = |i: usize| -> Result<i64, StateError> {
        row.try_get(i).map_err(query("reading a history entry"))
    };
    let text = |i: usize| -> Result<Option<String>, StateError> {
        row.try_get(i).map_err(query("reading a history entry"))
    };
    let count = |i: usize| int(i).map(|n| u64::try_from(n).unwrap_or(0));
    let user: Option<i64> = row.try_get(4).map_err(query("reading a history entry"))?;
    Ok(Entry {
        seq: int(0)?,
        version: text(1)?.unwrap_or_default(),
        parent: text(2)?,
        trigger: text(3)?.unwrap_or_default(),
        user: user.map(|u| u as u64),
        at_ms: int(5)?,
        note: text(6)?,
        summary: Summary {
            facts_added: count(7)?,
            facts_removed: count(8)?,
            facts_changed: count(9)?,
            entities_added: count(10)?,
            entities_removed: count(11)?,
            entities_changed: count(12)?,
        },
    })
}

/// The SQLite file under `dir`, creating `dir` if needed.
fn sqlite_file(dir: &Path) -> Result<PathBuf, StateError> {
    std::fs::create_dir_all(dir).map_err(|source| StateError::Dir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let dir = std::fs::canonicalize(dir).map_err(|source| StateError::Dir {
        dir: dir.to_path_buf(),
        source,
    })?;
    Ok(dir.join(STATE_SQLITE_FILE))
}

/// A `sqlite://` URL for `file`, created if missing; `%`, `?`, `#` and
/// spaces percent-encoded (sqlx decodes them).
fn sqlite_url(file: &Path) -> String {
    let mut url = String::from("sqlite://");
    for c in file.display().to_string().chars() {
        match c {
            '%' | '?' | '#' | ' ' => url.push_str(&format!("%{:02X}", c as u32)),
            c => url.push(c),
        }
    }
    url.push_str("?mode=rwc");
    url
}
