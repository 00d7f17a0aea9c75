//! The three `/data` commands: `upload` and `rollback` make a preview,
//! `history` lists the versions; [`Moderation`] holds what they need.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::download;
use super::proposal;
use crate::commands::Command;
use crate::commands::options::Attachment;
use crate::config::ModerationConfig;
use crate::data::{DataFiles, load};
use crate::reply::{Reply, ReplyKind};
use crate::service::access::Caller;
use crate::service::reload::{self, AUDIT_TARGET, Reloader};
use crate::service::state::change::utc;
use crate::service::state::schema::now_ms;
use crate::service::state::{Origin, Preview, State, Status};
use crate::service::store::{Diff, Store};

/// Versions listed per page of `/data history`.
pub const HISTORY_PAGE: u32 = 10;

/// What moderators change the data through: the history, the served
/// store, the one reloader, the limits of `[moderation]`.
pub struct Moderation {
    pub(super) state: Arc<State>,
    pub(super) store: Arc<Store>,
    pub(super) reloader: Arc<Reloader>,
    config: ModerationConfig,
    client: reqwest::Client,
}

impl Moderation {
    pub fn new(
        state: Arc<State>,
        store: Arc<Store>,
        reloader: Arc<Reloader>,
        config: ModerationConfig,
    ) -> Moderation {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Moderation {
            state,
            store,
            reloader,
            config,
            client,
        }
    }

    /// Carries out `/data upload`, `/data history` or `/data rollback` for
    /// `caller`, a moderator in a server.
    pub async fn run(&self, caller: &Caller, command: &Command) -> Reply {
        let (Some(guild), Ok(_)) = (caller.guild, caller.access) else {
            return reload::reply_from_refusal(
                caller
                    .access
                    .err()
                    .unwrap_or(crate::service::access::Refusal::DirectMessage),
            );
        };
        let who = Who {
            user: caller.user,
            guild,
        };
        match command {
            Command::DataUpload { file, note } => self.upload(who, file, note.as_deref()).await,
            Command::DataRollback { version, note } => {
                self.rollback(who, version, note.as_deref()).await
            }
            Command::DataHistory { page } => self.history(*page).await,
            _ => crate::commands::data::unavailable(),
        }
    }

    async fn upload(&self, who: Who, file: &Attachment, note: Option<&str>) -> Reply {
        let refused = |title: &str, why: String, result: &str| {
            audit_change(Origin::Upload, who, result, &file.name, &why);
            let mut reply = Reply::private(ReplyKind::Failed, title, why);
            reply.footer = Some("Nothing was changed".into());
            reply
        };
        let current = match self.read_dir().await {
            Ok(current) => current,
            Err(reply) => return reply,
        };
        let path = match proposal::upload_path(&current, &file.name) {
            Ok(path) => path,
            Err(e) => return refused("Upload refused", e.to_string(), "refused"),
        };
        let bytes = match download::fetch(&self.client, &self.config, &file.url, file.size).await {
            Ok(bytes) => bytes,
            Err(e) => return refused("Upload failed", e.to_string(), "download_failed"),
        };
        if current.files.get(&path) == Some(&bytes) {
            return refused(
                "Nothing to change",
                format!("{path} is already exactly this file."),
                "unchanged",
            );
        }
        let candidate = match proposal::with_upload(&current, &path, bytes) {
            Ok(files) => files,
            Err(e) => return refused("Upload refused", e.to_string(), "refused"),
        };
        let mut changes = std::collections::BTreeMap::new();
        changes.insert(path.clone(), candidate.files.get(&path).cloned());
        self.propose(
            who,
            Origin::Upload,
            &current,
            candidate,
            changes,
            note,
            &path,
        )
        .await
    }

    async fn rollback(&self, who: Who, version: &str, note: Option<&str>) -> Reply {
        let refused = |title: &str, why: String, result: &str| {
            audit_change(Origin::Rollback, who, result, version, &why);
            let mut reply = Reply::private(ReplyKind::Failed, title, why);
            reply.footer = Some("Nothing was changed".into());
            reply
        };
        let files = match self.state.files_of(version).await {
            Ok(Some(files)) => files,
            Ok(None) => {
                return refused(
                    "Rollback refused",
                    format!(
                        "Version {version} is not in the history; /data history lists the \
                         versions kept."
                    ),
                    "not_kept",
                );
            }
            Err(e) => return refused("Rollback failed", e.to_string(), "failed"),
        };
        if let Some(bad) = files.keys().find(|p| !crate::service::write::is_inside(p)) {
            return refused(
                "Rollback refused",
                format!("The history names a file outside the data directory ({bad})."),
                "refused",
            );
        }
        let current = match self.read_dir().await {
            Ok(current) => current,
            Err(reply) => return reply,
        };
        if load::version(&current) == version {
            return refused(
                "Nothing to change",
                format!("The data directory already holds version {version}."),
                "unchanged",
            );
        }
        let target = DataFiles::from_memory(&current.root, files);
        let changes = proposal::changes(&current, &target);
        self.propose(
            who,
            Origin::Rollback,
            &current,
            target,
            changes,
            note,
            version,
        )
        .await
    }

    /// Validates `candidate` (the whole directory after the change), and
    /// stores and shows the preview, or shows the problems.
    #[allow(clippy::too_many_arguments)]
    async fn propose(
        &self,
        who: Who,
        origin: Origin,
        current: &DataFiles,
        candidate: DataFiles,
        changes: std::collections::BTreeMap<String, Option<Vec<u8>>>,
        note: Option<&str>,
        subject: &str,
    ) -> Reply {
        let served = self.store.snapshot();
        let base = load::version(current);
        if base != served.version {
            return Reply::private(
                ReplyKind::Failed,
                "The data directory changed",
                format!(
                    "The files on disk (version {base}) are not the ones served (version {}); \
                     /reload first, then try again.",
                    served.version
                ),
            );
        }
        let dataset_files = candidate.only_the_dataset();
        let limits = *self.store.limits();
        let too_big = |why: String| {
            audit_change(origin, who, "too_large", subject, &why);
            let mut reply = Reply::private(ReplyKind::Failed, "Too large", why);
            reply.footer = Some("Nothing was changed".into());
            reply
        };
        if let Some(why) = limits.exceeded_by(&dataset_files) {
            return too_big(why);
        }
        let loaded = tokio::task::spawn_blocking(move || load(&dataset_files)).await;
        let new = match loaded {
            Ok(Ok(new)) => match limits.too_many_facts(new.facts.len()) {
                Some(why) => return too_big(why),
                None => new,
            },
            Ok(Err(problems)) => {
                audit_change(
                    origin,
                    who,
                    "invalid",
                    subject,
                    &format!("{} problems", problems.0.len()),
                );
                return reload::reply_from_problems(
                    match origin {
                        Origin::Upload => "Upload refused",
                        Origin::Rollback => "Rollback refused",
                    },
                    &problems,
                    &served.version,
                    "Nothing was changed. Fix the file and upload it again (factbot check lists \
                     every problem).",
                );
            }
            Err(_) => {
                return Reply::private(
                    ReplyKind::Failed,
                    "Validation failed",
                    "factbot could not validate this change; the problem has been logged.",
                );
            }
        };
        let now = now_ms();
        let preview = Preview {
            id: preview_id(&base, &new.version, who, now),
            origin,
            base_version: base,
            target_version: new.version.clone(),
            user: who.user,
            guild: who.guild,
            note: note.map(str::to_string),
            created_at_ms: now,
            expires_at_ms: now + (self.config.preview_minutes as i64) * 60_000,
            status: Status::Pending,
            decided_by: None,
            decided_at_ms: None,
            changes,
        };
        if let Err(e) = self.state.save_preview(&preview).await {
            return Reply::private(ReplyKind::Failed, "Preview not saved", e.to_string());
        }
        let diff = Diff::between(&served, &new);
        audit_change(origin, who, "previewed", subject, &preview.id);
        proposal::preview_reply(&preview, current, &served, &new, &diff)
    }

    /// One page of the history, newest first, the served version marked.
    async fn history(&self, page: u32) -> Reply {
        let offset = (page.max(1) - 1) * HISTORY_PAGE;
        let (entries, total) = match (
            self.state.history(HISTORY_PAGE, offset).await,
            self.state.history_len().await,
        ) {
            (Ok(entries), Ok(total)) => (entries, total),
            (Err(e), _) | (_, Err(e)) => {
                return Reply::private(ReplyKind::Failed, "History unavailable", e.to_string());
            }
        };
        let pages = total.div_ceil(u64::from(HISTORY_PAGE)).max(1);
        if entries.is_empty() {
            return Reply::private(
                ReplyKind::NotFound,
                "Dataset history",
                if total == 0 {
                    "Nothing is recorded yet.".to_string()
                } else {
                    format!("There is no page {page}; the history has {pages}.")
                },
            );
        }
        let serving = self.store.snapshot().version.clone();
        let mut body = String::new();
        for e in &entries {
            let who = match e.user {
                Some(user) => format!("{} by user {user}", e.trigger),
                None => e.trigger.clone(),
            };
            body.push_str(&format!(
                "{} · {} · {} UTC · {who} · {}",
                e.seq,
                e.version,
                utc(e.at_ms),
                e.summary
            ));
            if let Some(note) = &e.note {
                body.push_str(&format!(" · “{note}”"));
            }
            if e.version == serving {
                body.push_str(" · serving");
            }
            body.push('\n');
        }
        let mut reply = Reply::private(
            ReplyKind::Answer,
            format!("Dataset history (page {page} of {pages})"),
            body,
        );
        reply.footer = Some(if u64::from(page) < pages {
            format!(
                "{total} versions kept · /data history page:{} for older ones · /data rollback \
                 version:<v> to go back",
                page + 1
            )
        } else {
            format!("{total} versions kept · /data rollback to go back")
        });
        reply
    }

    /// Autocomplete for `/data rollback version:`: the kept versions that
    /// start with what was typed, newest first.
    pub async fn complete_versions(&self, typed: &str) -> Vec<(String, String)> {
        let typed = typed.trim().to_ascii_lowercase();
        let entries = self.state.history(100, 0).await.unwrap_or_default();
        let mut out: Vec<(String, String)> = Vec::new();
        for e in entries {
            if !e.version.starts_with(&typed) || out.iter().any(|(_, v)| *v == e.version) {
                continue;
            }
            let label = format!("{} · {} UTC · {}", e.version, utc(e.at_ms), e.trigger);
            out.push((label, e.version));
            if out.len() == crate::commands::MAX_CHOICES {
                break;
            }
        }
        out
    }

    /// The data directory's files now, or the reply saying it cannot be
    /// read.
    async fn read_dir(&self) -> Result<DataFiles, Reply> {
        let dir = self.store.dir().to_path_buf();
        read_dir(&dir).await.map_err(|e| {
            Reply::private(
                ReplyKind::Failed,
                "The data directory cannot be read",
                format!("{}: {e}", dir.display()),
            )
        })
    }
}

/// A moderator in a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Who {
    pub user: u64,
    pub guild: u64,
}

/// Reads the dataset's files off the async threads.
pub(super) async fn read_dir(dir: &Path) -> std::io::Result<DataFiles> {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || DataFiles::read_dir(&dir))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())))
}

/// A preview's id: 16 hex digits, unguessable enough that a forged press
/// cannot name another server's preview, and different for two previews
/// of one change.
fn preview_id(base: &str, target: &str, who: Who, now: i64) -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let digest = Sha256::digest(format!(
        "{base}/{target}/{}/{}/{now}/{nanos}/{n}/{}",
        who.user,
        who.guild,
        std::process::id()
    ));
    crate::data::hex(&digest[..8])
}

/// The audit line of a moderator's change: previewed, refused, applied…
pub(crate) fn audit_change(origin: Origin, who: Who, result: &str, subject: &str, detail: &str) {
    tracing::info!(
        target: AUDIT_TARGET,
        action = super::press::command_of(origin),
        user = who.user,
        guild = who.guild,
        result,
        subject,
        detail,
        "moderator change"
    );
}
