//! Previews kept in the state store: a change a moderator asked for in
//! Discord (an upload or a rollback), validated and shown with Apply and
//! Cancel buttons, waiting for one of them. Kept here rather than in
//! memory so a button pressed after a restart, or on another replica
//! sharing the store, still works.
//!
//! A preview's `status` only moves forward, each step a compare-and-set
//! (`UPDATE … WHERE status = $from`), so two presses of Apply cannot both
//! apply: pending → applying → applied; pending → cancelled or stale.
//! `applying` is also the journal of an apply in progress: a process that
//! dies while applying finds it at its next start ([`State::applying`]).

use std::collections::BTreeMap;

use super::blobs;
use super::error::{StateError, query};
use super::history::State;

/// How long an applied, cancelled or stale preview is kept, so a late
/// press of its button is answered with what happened to it.
pub const DECIDED_KEPT_MS: i64 = 7 * 24 * 3600 * 1000;

/// What a preview would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `/data upload`: one file replaced or added.
    Upload,
    /// `/data rollback`: a kept version put back.
    Rollback,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Upload => "upload",
            Origin::Rollback => "rollback",
        }
    }

    pub fn parse(word: &str) -> Option<Origin> {
        match word {
            "upload" => Some(Origin::Upload),
            "rollback" => Some(Origin::Rollback),
            _ => None,
        }
    }
}

/// Where a preview stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    /// Apply was pressed and the files are being written (or the process
    /// died doing so).
    Applying,
    Applied,
    Cancelled,
    /// The dataset changed before Apply: it can no longer be applied.
    Stale,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Applying => "applying",
            Status::Applied => "applied",
            Status::Cancelled => "cancelled",
            Status::Stale => "stale",
        }
    }

    fn parse(word: &str) -> Option<Status> {
        [
            Status::Pending,
            Status::Applying,
            Status::Applied,
            Status::Cancelled,
            Status::Stale,
        ]
        .into_iter()
        .find(|s| s.as_str() == word)
    }
}

/// A preview as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub id: String,
    pub origin: Origin,
    /// The served version it was made against.
    pub base_version: String,
    /// The version the data directory holds once it is applied.
    pub target_version: String,
    /// Who asked for it, and where.
    pub user: u64,
    pub guild: u64,
    pub note: Option<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub status: Status,
    /// Who applied or cancelled it, and when.
    pub decided_by: Option<u64>,
    pub decided_at_ms: Option<i64>,
    /// Relative path → the new content, or `None` to remove the file.
    pub changes: BTreeMap<String, Option<Vec<u8>>>,
}

impl State {
    /// Stores a new preview (its status as given, normally pending), and
    /// forgets decided previews older than [`DECIDED_KEPT_MS`] and pending
    /// ones long expired.
    pub async fn save_preview(&self, preview: &Preview) -> Result<(), StateError> {
        let mut tx = self
            .pool()
            .begin()
            .await
            .map_err(query("starting a transaction"))?;
        let cutoff = preview.created_at_ms - DECIDED_KEPT_MS;
        for statement in [
            "DELETE FROM preview_files WHERE preview IN \
             (SELECT id FROM previews WHERE status <> 'applying' AND expires_at_ms < $1)",
            "DELETE FROM previews WHERE status <> 'applying' AND expires_at_ms < $1",
        ] {
            sqlx::query(statement)
                .bind(cutoff)
                .execute(&mut *tx)
                .await
                .map_err(query("forgetting old previews"))?;
        }
        sqlx::query(
            "INSERT INTO previews (id, origin, base_version, target_version, user_id, guild_id, \
             note, created_at_ms, expires_at_ms, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&preview.id)
        .bind(preview.origin.as_str())
        .bind(&preview.base_version)
        .bind(&preview.target_version)
        .bind(preview.user as i64)
        .bind(preview.guild as i64)
        .bind(preview.note.as_deref())
        .bind(preview.created_at_ms)
        .bind(preview.expires_at_ms)
        .bind(preview.status.as_str())
        .execute(&mut *tx)
        .await
        .map_err(query("storing a preview"))?;
        for (path, content) in &preview.changes {
            sqlx::query("INSERT INTO preview_files (preview, path, content) VALUES ($1, $2, $3)")
                .bind(&preview.id)
                .bind(path)
                .bind(content.as_deref().map(blobs::encode))
                .execute(&mut *tx)
                .await
                .map_err(query("storing a preview's files"))?;
        }
        tx.commit().await.map_err(query("committing a preview"))?;
        Ok(())
    }

    /// The preview `id`, with its files, if it is kept.
    pub async fn preview(&self, id: &str) -> Result<Option<Preview>, StateError> {
        let row: Option<sqlx::any::AnyRow> = sqlx::query(
            "SELECT id, origin, base_version, target_version, user_id, guild_id, note, \
             created_at_ms, expires_at_ms, status, decided_by, decided_at_ms \
             FROM previews WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(query("reading a preview"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut preview = preview_from_row(&row)?;
        let files: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT path, content FROM preview_files WHERE preview = $1")
                .bind(id)
                .fetch_all(self.pool())
                .await
                .map_err(query("reading a preview's files"))?;
        for (path, content) in files {
            let bytes = match content {
                None => None,
                Some(text) => Some(blobs::decode(&text).ok_or_else(|| StateError::Damaged {
                    what: format!("the content of {path} in preview {id}"),
                })?),
            };
            preview.changes.insert(path, bytes);
        }
        Ok(Some(preview))
    }

    /// Moves preview `id` from `from` to `to` if it is still `from`;
    /// whether it moved. `by` is recorded as who decided.
    pub async fn move_preview(
        &self,
        id: &str,
        from: Status,
        to: Status,
        by: Option<u64>,
        at_ms: i64,
    ) -> Result<bool, StateError> {
        let done = sqlx::query(
            "UPDATE previews SET status = $1, decided_by = COALESCE($2, decided_by), \
             decided_at_ms = $3 WHERE id = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(by.map(|u| u as i64))
        .bind(at_ms)
        .bind(id)
        .bind(from.as_str())
        .execute(self.pool())
        .await
        .map_err(query("updating a preview"))?;
        Ok(done.rows_affected() == 1)
    }

    /// The previews being applied: normally none; after a crash while
    /// applying, the one to finish.
    pub async fn applying(&self) -> Result<Vec<Preview>, StateError> {
        let ids: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM previews WHERE status = 'applying' ORDER BY id")
                .fetch_all(self.pool())
                .await
                .map_err(query("finding previews being applied"))?;
        let mut out = Vec::with_capacity(ids.len());
        for (id,) in ids {
            out.extend(self.preview(&id).await?);
        }
        Ok(out)
    }
}

fn preview_from_row(row: &sqlx::any::AnyRow) -> Result<Preview, StateError> {
    use sqlx::Row as _;
    let damaged = |what: &str| StateError::Damaged {
        what: format!("a preview's {what}"),
    };
    let text = |i: usize| -> Result<String, StateError> {
        row.try_get(i).map_err(query("reading a preview"))
    };
    let int = |i: usize| -> Result<i64, StateError> {
        row.try_get(i).map_err(query("reading a preview"))
    };
    let maybe_int = |i: usize| -> Result<Option<i64>, StateError> {
        row.try_get(i).map_err(query("reading a preview"))
    };
    Ok(Preview {
        id: text(0)?,
        origin: Origin::parse(&text(1)?).ok_or_else(|| damaged("origin"))?,
        base_version: text(2)?,
        target_version: text(3)?,
        user: int(4)? as u64,
        guild: int(5)? as u64,
        note: row.try_get(6).map_err(query("reading a preview"))?,
        created_at_ms: int(7)?,
        expires_at_ms: int(8)?,
        status: Status::parse(&text(9)?).ok_or_else(|| damaged("status"))?,
        decided_by: maybe_int(10)?.map(|u| u as u64),
        decided_at_ms: maybe_int(11)?,
        changes: BTreeMap::new(),
    })
}
