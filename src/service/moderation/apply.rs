//! Apply and Cancel on a preview, and finishing an apply that a crash
//! interrupted.
//!
//! Apply claims the preview (pending → applying, a compare-and-set, so
//! two presses cannot both apply), checks it was made against the version
//! served now and still on disk, then writes its files atomically and
//! reloads in one turn of the [`Reloader`](crate::service::reload::Reloader) (no file-watch reload runs in
//! between), which records the version in the history with who and the
//! note. `applying` is the journal: a process killed at any step finds the
//! preview still `applying` at its next start, and [`recover`] — run
//! before the data directory is opened — finishes it from the disk's
//! state: nothing renamed yet → back to pending (press Apply again); some
//! or all files renamed → the rest written, the version recorded as the
//! moderator's, the preview applied. So the directory always holds the
//! old or the new dataset, and the history's newest entry is what is
//! served.

use std::collections::BTreeMap;
use std::path::Path;

use super::commands::{Moderation, Who, audit_change, read_dir};
use super::press::{Action, Press};
use super::proposal::{self, applied_reply, closed_reply};
use crate::config::StateConfig;
use crate::data::{DataFiles, load};
use crate::reply::{Reply, ReplyKind};
use crate::service::access::{Caller, Refusal};
use crate::service::reload::{self, Trigger};
use crate::service::state::change::{Change, TriggerLabel, utc};
use crate::service::state::recorder::summary_since;
use crate::service::state::schema::now_ms;
use crate::service::state::{Origin, Preview, Recorded, State, Status};
use crate::service::store::ReloadError;
use crate::service::write::{self, WriteError};

/// What answers a button press.
#[derive(Clone, Debug, PartialEq)]
pub enum Pressed {
    /// Replaces the message that holds the buttons.
    Update(Reply),
    /// A private answer to whoever pressed; the message stays as it is.
    Private(Reply),
}

/// Why the files of an Apply were not written.
#[derive(Debug, thiserror::Error)]
enum ApplyError {
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("writing stopped unexpectedly (a bug)")]
    Crashed(#[from] tokio::task::JoinError),
}

impl Moderation {
    /// Answers a press on one of a preview's buttons by `caller`.
    pub async fn press(&self, caller: &Caller, id: &str) -> Pressed {
        let Some(press) = Press::parse(id) else {
            return Pressed::Private(Reply::private(
                ReplyKind::Unresolved,
                "Unknown button",
                "This button is not one factbot knows; run the command again.",
            ));
        };
        let (Some(guild), Ok(grant)) = (caller.guild, caller.access) else {
            let refusal = caller.access.err().unwrap_or(Refusal::DirectMessage);
            return Pressed::Private(reload::reply_from_refusal(refusal));
        };
        let who = Who {
            user: caller.user,
            guild,
        };
        let preview = match self.state.preview(&press.preview).await {
            Ok(Some(p)) if p.guild == guild => p,
            Ok(_) => {
                return Pressed::Private(Reply::private(
                    ReplyKind::NotFound,
                    "Preview not found",
                    "This preview is no longer kept (or belongs elsewhere); run the command \
                     again.",
                ));
            }
            Err(e) => {
                return Pressed::Private(Reply::private(
                    ReplyKind::Failed,
                    "Preview unavailable",
                    e.to_string(),
                ));
            }
        };
        let now = now_ms();
        let audit = |result: &str, detail: &str| {
            audit_change(preview.origin, who, result, &preview.id, detail);
        };
        match preview.status {
            Status::Pending => {}
            Status::Applying => {
                return Pressed::Private(Reply::private(
                    ReplyKind::Refused,
                    "Being applied",
                    "Someone pressed Apply on this preview a moment ago; it is being applied.",
                ));
            }
            decided => {
                audit("refused", decided.as_str());
                return Pressed::Update(closed_reply(
                    &preview,
                    "Already closed",
                    format!(
                        "This preview was {} {}; nothing more to do.",
                        decided.as_str(),
                        preview
                            .decided_at_ms
                            .map_or_else(String::new, |at| format!("at {} UTC", utc(at)))
                    ),
                    ReplyKind::Refused,
                ));
            }
        }
        if now > preview.expires_at_ms {
            audit("expired", press.action.as_str());
            return Pressed::Update(closed_reply(
                &preview,
                "Expired",
                format!(
                    "This preview's buttons stopped working at {} UTC; nothing was changed. Run \
                     the command again for a new preview.",
                    utc(preview.expires_at_ms)
                ),
                ReplyKind::Refused,
            ));
        }
        match press.action {
            Action::Cancel => {
                let moved = self
                    .state
                    .move_preview(
                        &preview.id,
                        Status::Pending,
                        Status::Cancelled,
                        Some(who.user),
                        now,
                    )
                    .await;
                match moved {
                    Ok(true) => {
                        audit("cancelled", "");
                        Pressed::Update(closed_reply(
                            &preview,
                            "Cancelled",
                            format!(
                                "Nothing was changed; still serving version {}.",
                                self.store.snapshot().version
                            ),
                            ReplyKind::Answer,
                        ))
                    }
                    Ok(false) => Pressed::Private(Reply::private(
                        ReplyKind::Refused,
                        "Already decided",
                        "Someone else pressed a button on this preview first.",
                    )),
                    Err(e) => Pressed::Private(Reply::private(
                        ReplyKind::Failed,
                        "Not cancelled",
                        e.to_string(),
                    )),
                }
            }
            Action::Apply => {
                let trigger = Trigger::Applied {
                    user: who.user,
                    guild,
                    grant,
                    origin: preview.origin,
                };
                self.apply(preview, who, trigger).await
            }
        }
    }

    async fn apply(&self, preview: Preview, who: Who, trigger: Trigger) -> Pressed {
        let state = &self.state;
        let claimed = state
            .move_preview(
                &preview.id,
                Status::Pending,
                Status::Applying,
                Some(who.user),
                now_ms(),
            )
            .await;
        match claimed {
            Ok(true) => {}
            Ok(false) => {
                return Pressed::Private(Reply::private(
                    ReplyKind::Refused,
                    "Already decided",
                    "Someone else pressed a button on this preview first.",
                ));
            }
            Err(e) => {
                return Pressed::Private(Reply::private(
                    ReplyKind::Failed,
                    "Not applied",
                    e.to_string(),
                ));
            }
        }
        let id = preview.id.clone();
        let release = |to: Status| {
            let id = id.clone();
            async move {
                let _ = state
                    .move_preview(&id, Status::Applying, to, None, now_ms())
                    .await;
            }
        };
        let served = self.store.snapshot().version.clone();
        let on_disk = read_dir(self.store.dir())
            .await
            .map(|files| load::version(&files))
            .unwrap_or_default();
        if served != preview.base_version || on_disk != preview.base_version {
            release(Status::Stale).await;
            let now = if served == on_disk {
                served
            } else {
                format!("{served}, {on_disk} on disk")
            };
            audit_change(preview.origin, who, "stale", &preview.id, &now);
            return Pressed::Update(closed_reply(
                &preview,
                "Not applied",
                format!(
                    "The dataset changed since this preview (now v{now}); nothing was \
                     changed. {}",
                    match preview.origin {
                        Origin::Upload => "Upload the file again.",
                        Origin::Rollback => "Run /data rollback again.",
                    }
                ),
                ReplyKind::Refused,
            ));
        }
        let dir = self.store.dir().to_path_buf();
        let changes = preview.changes.clone();
        let written = self
            .reloader
            .write_then_reload(trigger, preview.note.as_deref(), move || {
                write_changes(&dir, &changes).map_err(ApplyError::from)
            })
            .await;
        match written {
            Err(e) => {
                // Nothing was renamed into place unless a rename itself
                // failed; either way the served dataset is unchanged and
                // the preview can be tried again.
                release(Status::Pending).await;
                audit_change(
                    preview.origin,
                    who,
                    "write_failed",
                    &preview.id,
                    &e.to_string(),
                );
                let read_only = matches!(&e, ApplyError::Write(w) if w.is_read_only());
                Pressed::Private(Reply::private(
                    ReplyKind::Failed,
                    if read_only {
                        "The data directory is read-only"
                    } else {
                        "Not applied"
                    },
                    e.to_string(),
                ))
            }
            Ok((_, Err(e))) => {
                release(Status::Stale).await;
                audit_change(
                    preview.origin,
                    who,
                    "reload_failed",
                    &preview.id,
                    &e.to_string(),
                );
                let mut reply = reload::reply_from_reload(&Err(e), &self.store.snapshot().version);
                reply.title = "Written, but the reload failed".into();
                Pressed::Private(reply)
            }
            Ok((_, Ok(diff))) => {
                release(Status::Applied).await;
                let seq = match state.newest().await {
                    Ok(Some(e)) if e.version == diff.new_version => Some(e.seq),
                    _ => None,
                };
                audit_change(
                    preview.origin,
                    who,
                    "applied",
                    &preview.id,
                    &diff.new_version,
                );
                Pressed::Update(applied_reply(&preview, &diff, seq))
            }
        }
    }
}

/// Writes a preview's changes into `dir` (see [`write::apply_changes`]).
fn write_changes(
    dir: &Path,
    changes: &BTreeMap<String, Option<Vec<u8>>>,
) -> Result<(), WriteError> {
    let borrowed: Vec<(&str, Option<&[u8]>)> = changes
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_deref()))
        .collect();
    write::apply_changes(dir, &borrowed).map(drop)
}

/// Finishes, before the data directory in `dir` is opened, any apply a
/// crash interrupted (see the module's docs); logs what it did. A state
/// store that does not open is left to the normal start to report.
pub async fn recover(config: &StateConfig, dir: &Path) {
    write::sweep_temporaries(dir);
    let Ok(state) = State::open(config).await else {
        return;
    };
    let applying = match state.applying().await {
        Ok(applying) => applying,
        Err(e) => {
            tracing::warn!(error = %e, "could not check for an interrupted apply");
            state.close().await;
            return;
        }
    };
    for preview in applying {
        if let Err(e) = finish(&state, dir, &preview).await {
            tracing::warn!(
                preview = %preview.id,
                error = %e,
                "an apply interrupted by a crash could not be finished; the preview is closed"
            );
            let _ = state
                .move_preview(&preview.id, Status::Applying, Status::Stale, None, now_ms())
                .await;
        }
    }
    state.close().await;
}

/// Why [`finish`] could not finish.
#[derive(Debug, thiserror::Error)]
enum FinishError {
    #[error("cannot read the data directory: {0}")]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    State(#[from] crate::service::state::StateError),
    #[error(
        "the data directory holds version {found}, neither the old {base} nor the new {target}"
    )]
    Elsewhere {
        found: String,
        base: String,
        target: String,
    },
    #[error("the finished directory does not validate: {0}")]
    Invalid(#[from] ReloadError),
}

async fn finish(state: &State, dir: &Path, preview: &Preview) -> Result<(), FinishError> {
    let read = || DataFiles::read_dir(dir);
    let version = load::version(&read()?);
    let renamed_all = version == preview.target_version;
    if !renamed_all
        && version == preview.base_version
        && preview.base_version != preview.target_version
    {
        // Killed before anything was renamed: nothing changed.
        state
            .move_preview(
                &preview.id,
                Status::Applying,
                Status::Pending,
                None,
                now_ms(),
            )
            .await?;
        tracing::warn!(
            preview = %preview.id,
            version = %version,
            "an apply was interrupted before it changed anything; its preview can be applied again"
        );
        return Ok(());
    }
    // Killed after the first rename: finish writing (idempotent).
    write_changes(dir, &preview.changes)?;
    let files = read()?;
    let found = load::version(&files);
    if found != preview.target_version {
        return Err(FinishError::Elsewhere {
            found,
            base: preview.base_version.clone(),
            target: preview.target_version.clone(),
        });
    }
    let new = load(&files).map_err(ReloadError::Invalid)?;
    let summary = summary_since(state, &preview.base_version, &new).await?;
    let recorded = state
        .record(&Change {
            version: &new.version,
            parent: Some(&preview.base_version),
            trigger: match preview.origin {
                Origin::Upload => TriggerLabel::Upload,
                Origin::Rollback => TriggerLabel::Rollback,
            },
            user: preview.decided_by.or(Some(preview.user)),
            at_ms: now_ms(),
            note: preview.note.as_deref(),
            summary,
            files: &files,
        })
        .await?;
    state
        .move_preview(
            &preview.id,
            Status::Applying,
            Status::Applied,
            None,
            now_ms(),
        )
        .await?;
    tracing::warn!(
        preview = %preview.id,
        version = %new.version,
        recorded = matches!(recorded, Recorded::Added { .. }),
        "finished an apply interrupted by a crash: {}",
        proposal::what(preview)
    );
    Ok(())
}
