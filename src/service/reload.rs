//! Reloading the dataset on request — `/reload` from a moderator, SIGHUP, or
//! a change under the data directory — with one audit line per attempt.
//!
//! The reload itself (read, validate, swap) is [`Store`]'s; this module
//! runs it off the async threads, lets one run at a time, logs who asked
//! and what happened on the `factbot::audit` target, and turns the outcome
//! into the one reply every front end shows (the gateway, the HTTP
//! endpoint and the console). Replies use no markdown: every platform
//! shows them as written.
//!
//! [`Store`]: super::store::Store

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use super::access::{Grant, Refusal};
use super::backend::Backend;
use super::crash;
use super::state::change::TriggerLabel;
use super::state::previews::Origin;
use super::state::recorder::Recorder;
use super::store::{Diff, ReloadError};
use crate::data::Problems;
use crate::reply::{Field, Reply, ReplyKind};

/// The tracing target of audit lines.
pub const AUDIT_TARGET: &str = "factbot::audit";

/// How many problems a failed `/reload` shows (the rest are counted).
pub const PROBLEMS_SHOWN: usize = 5;
/// How many ids of each change a successful `/reload` lists.
const IDS_SHOWN: usize = 10;

/// Who or what asked for a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// `/reload` by a moderator.
    Command { user: u64, guild: u64, grant: Grant },
    /// SIGHUP.
    Signal,
    /// A file under the data directory changed (`[data] watch`).
    FileChange,
    /// Apply on a moderator's preview (`/data upload`, `/data rollback`),
    /// after its files were written.
    Applied {
        user: u64,
        guild: u64,
        grant: Grant,
        origin: Origin,
    },
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trigger::Command { .. } => f.write_str("command"),
            Trigger::Signal => f.write_str("sighup"),
            Trigger::FileChange => f.write_str("file_change"),
            Trigger::Applied { origin, .. } => f.write_str(origin.as_str()),
        }
    }
}

/// Runs reloads one at a time, audits them, and records in the history
/// (when it has one) each that changed the version.
pub struct Reloader {
    backend: Arc<dyn Backend>,
    one_at_a_time: tokio::sync::Mutex<()>,
    history: OnceLock<Recorder>,
}

impl Reloader {
    pub fn new(backend: Arc<dyn Backend>) -> Reloader {
        Reloader {
            backend,
            one_at_a_time: tokio::sync::Mutex::new(()),
            history: OnceLock::new(),
        }
    }

    /// Records every later reload that changes the version through
    /// `recorder` (`factbot run` and `serve-http` set it once at start;
    /// without it, reloads are only audited). A second call is ignored.
    pub fn keep_history(&self, recorder: Recorder) {
        let _ = self.history.set(recorder);
    }

    /// Reloads the dataset (blocking work off the async threads), logs an
    /// audit line, and returns what changed. A failed reload leaves the
    /// served dataset as it was.
    pub async fn reload(&self, trigger: Trigger) -> Result<Diff, ReloadError> {
        self.reload_noted(trigger, None).await
    }

    /// [`Reloader::reload`], with the moderator's note kept in the history.
    pub async fn reload_noted(
        &self,
        trigger: Trigger,
        note: Option<&str>,
    ) -> Result<Diff, ReloadError> {
        let _turn = self.one_at_a_time.lock().await;
        self.reload_in_turn(trigger, note).await
    }

    /// Runs `write` (blocking work that changes the data directory) and
    /// then reloads, in one turn: no other reload (a file watch, SIGHUP)
    /// runs between them, so the change is recorded as `trigger`'s. The
    /// reload does not run when `write` fails.
    pub async fn write_then_reload<T, E>(
        &self,
        trigger: Trigger,
        note: Option<&str>,
        write: impl FnOnce() -> Result<T, E> + Send + 'static,
    ) -> Result<(T, Result<Diff, ReloadError>), E>
    where
        T: Send + 'static,
        E: Send + 'static + From<tokio::task::JoinError>,
    {
        let _turn = self.one_at_a_time.lock().await;
        let written = tokio::task::spawn_blocking(write).await??;
        Ok((written, self.reload_in_turn(trigger, note).await))
    }

    /// The history this reloader records into, if it has one.
    pub fn history(&self) -> Option<&Recorder> {
        self.history.get()
    }

    async fn reload_in_turn(
        &self,
        trigger: Trigger,
        note: Option<&str>,
    ) -> Result<Diff, ReloadError> {
        let started = Instant::now();
        let backend = Arc::clone(&self.backend);
        let result = match tokio::task::spawn_blocking(move || backend.reload()).await {
            Ok(result) => result,
            Err(_) => Err(ReloadError::Crashed),
        };
        let ms = started.elapsed().as_millis() as u64;
        let (user, guild, grant) = who(trigger);
        match &result {
            Ok(diff) => tracing::info!(
                target: AUDIT_TARGET,
                action = "reload",
                trigger = %trigger,
                user,
                guild,
                grant,
                result = "ok",
                old_version = %diff.old_version,
                new_version = %diff.new_version,
                facts_added = diff.facts_added.len(),
                facts_removed = diff.facts_removed.len(),
                facts_changed = diff.facts_changed.len(),
                entities_added = diff.entities_added.len(),
                entities_removed = diff.entities_removed.len(),
                entities_changed = diff.entities_changed.len(),
                ms,
                "dataset reloaded"
            ),
            Err(e) => tracing::warn!(
                target: AUDIT_TARGET,
                action = "reload",
                trigger = %trigger,
                user,
                guild,
                grant,
                result = "failed",
                problems = problem_count(e),
                serving = %self.backend.version(),
                ms,
                error = %first_line(e),
                "reload failed; still serving the previous dataset"
            ),
        }
        if let (Ok(diff), Some(recorder)) = (&result, self.history.get())
            && diff.old_version != diff.new_version
        {
            let (label, user) = match trigger {
                Trigger::Command { user, .. } => (TriggerLabel::Command, Some(user)),
                Trigger::Signal => (TriggerLabel::Signal, None),
                Trigger::FileChange => (TriggerLabel::FileChange, None),
                Trigger::Applied { user, origin, .. } => (
                    match origin {
                        Origin::Upload => TriggerLabel::Upload,
                        Origin::Rollback => TriggerLabel::Rollback,
                    },
                    Some(user),
                ),
            };
            if matches!(trigger, Trigger::Applied { .. }) {
                crash::point(crash::SWAPPED);
            }
            match recorder.record_reload(diff, label, user, note).await {
                Ok(recorded) => tracing::debug!(
                    version = %diff.new_version,
                    recorded = ?recorded,
                    "reload recorded in the history"
                ),
                Err(e) => tracing::warn!(
                    version = %diff.new_version,
                    error = %e,
                    "the reload was not recorded in the history (the new dataset is served)"
                ),
            }
        }
        result
    }

    /// The version being served now.
    pub fn version(&self) -> String {
        self.backend.version()
    }
}

/// Logs the audit line of a refused moderator command (`action`: `reload`,
/// `data upload`, …).
pub fn audit_refusal(action: &str, user: u64, guild: Option<u64>, refusal: Refusal) {
    tracing::warn!(
        target: AUDIT_TARGET,
        action,
        trigger = "command",
        user,
        guild = guild.map_or_else(|| "dm".to_string(), |g| g.to_string()),
        result = "refused",
        reason = refusal.as_str(),
        "moderator command refused"
    );
}

fn who(trigger: Trigger) -> (Option<u64>, Option<u64>, Option<String>) {
    match trigger {
        Trigger::Command { user, guild, grant }
        | Trigger::Applied {
            user, guild, grant, ..
        } => (Some(user), Some(guild), Some(grant.to_string())),
        Trigger::Signal | Trigger::FileChange => (None, None, None),
    }
}

fn problem_count(e: &ReloadError) -> usize {
    match e {
        ReloadError::Invalid(p) => p.0.len(),
        _ => 1,
    }
}

fn first_line(e: &ReloadError) -> String {
    match e {
        ReloadError::Invalid(p) => {
            p.0.first()
                .map(|p| p.to_string())
                .unwrap_or_else(|| e.to_string())
        }
        other => other.to_string(),
    }
}

/// The private reply to someone who may not reload.
pub fn reply_from_refusal(refusal: Refusal) -> Reply {
    Reply::private(ReplyKind::Refused, "Not allowed", refusal.explain())
}

/// The moderator's reply to a reload: on success what changed and the new
/// version; on failure the first few located problems, how many there are,
/// and the version still being served.
pub fn reply_from_reload(result: &Result<Diff, ReloadError>, serving: &str) -> Reply {
    match result {
        Ok(diff) => reply_from_diff(diff),
        Err(ReloadError::Invalid(problems)) => reply_from_problems(
            "Reload refused",
            problems,
            serving,
            "Fix the files (factbot check lists every problem) and reload again.",
        ),
        Err(e) => {
            let mut reply = Reply::private(ReplyKind::Failed, "Reload failed", e.to_string());
            reply.footer = Some(format!("Still serving version {serving}"));
            reply
        }
    }
}

/// The private reply to a dataset that did not validate: `what` (e.g.
/// "Reload refused") with the count, the first few located problems, the
/// rest counted, `advice`, and the version still served.
pub fn reply_from_problems(what: &str, problems: &Problems, serving: &str, advice: &str) -> Reply {
    let n = problems.0.len();
    let mut body = String::new();
    for p in problems.0.iter().take(PROBLEMS_SHOWN) {
        body.push_str(&format!("• {p}\n"));
    }
    if n > PROBLEMS_SHOWN {
        body.push_str(&format!("…and {} more.\n", n - PROBLEMS_SHOWN));
    }
    body.push_str(&format!("\n{advice}"));
    let mut reply = Reply::private(
        ReplyKind::Failed,
        format!(
            "{what}: the data has {n} problem{}",
            if n == 1 { "" } else { "s" }
        ),
        body,
    );
    reply.footer = Some(format!("Still serving version {serving}"));
    reply
}

fn reply_from_diff(diff: &Diff) -> Reply {
    let changed = !(diff.facts_added.is_empty()
        && diff.facts_removed.is_empty()
        && diff.facts_changed.is_empty()
        && diff.entities_added.is_empty()
        && diff.entities_removed.is_empty()
        && diff.entities_changed.is_empty());
    let body = if changed {
        format!(
            "Now serving version {} (was {}).",
            diff.new_version, diff.old_version
        )
    } else {
        format!(
            "No facts or entities changed; serving version {}.",
            diff.new_version
        )
    };
    let mut reply = Reply::private(ReplyKind::Answer, "Dataset reloaded", body);
    reply.fields = diff_fields(diff, &|_, _| Vec::new());
    reply
}

/// Which part of a dataset an id names, for [`diff_fields`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Fact,
    Entity,
}

/// The "Facts" and "Entities" fields of a reply about a change: counts,
/// then the first ids of each kind of change (`+` added, `−` removed, `~`
/// changed, with the names `changed_fields` gives in parentheses).
pub fn diff_fields(
    diff: &Diff,
    changed_fields: &dyn Fn(Part, &str) -> Vec<&'static str>,
) -> Vec<Field> {
    let mut fields = Vec::new();
    for (part, name, added, removed, changed) in [
        (
            Part::Fact,
            "Facts",
            &diff.facts_added,
            &diff.facts_removed,
            &diff.facts_changed,
        ),
        (
            Part::Entity,
            "Entities",
            &diff.entities_added,
            &diff.entities_removed,
            &diff.entities_changed,
        ),
    ] {
        let mut value = format!(
            "{} added, {} removed, {} changed",
            added.len(),
            removed.len(),
            changed.len()
        );
        for (sign, ids) in [("+", added), ("−", removed), ("~", changed)] {
            if ids.is_empty() {
                continue;
            }
            let shown: Vec<String> = ids
                .iter()
                .take(IDS_SHOWN)
                .map(|id| {
                    let fields = if sign == "~" {
                        changed_fields(part, id)
                    } else {
                        Vec::new()
                    };
                    if fields.is_empty() {
                        id.clone()
                    } else {
                        format!("{id} ({})", fields.join(", "))
                    }
                })
                .collect();
            value.push_str(&format!("\n{sign} {}", shown.join(", ")));
            if ids.len() > IDS_SHOWN {
                value.push_str(&format!(" …and {} more", ids.len() - IDS_SHOWN));
            }
        }
        fields.push(Field {
            name: name.to_string(),
            value,
            inline: false,
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Problem, Problems};

    fn problem(line: u32) -> Problem {
        Problem {
            file: "data/facts.toml".into(),
            line: Some(line),
            column: Some(3),
            about: Some("fact \"x\"".into()),
            message: "unknown entity \"talliban\"".into(),
            hint: Some("did you mean \"taliban\"?".into()),
        }
    }

    #[test]
    fn a_failed_reload_shows_the_first_problems_and_a_count() {
        let problems = Problems((1..=7).map(problem).collect());
        let reply = reply_from_reload(&Err(ReloadError::Invalid(problems)), "abc123");
        assert_eq!(reply.kind, ReplyKind::Failed);
        assert!(reply.ephemeral);
        assert_eq!(reply.title, "Reload refused: the data has 7 problems");
        assert!(reply.body.starts_with(
            "• data/facts.toml:1:3: fact \"x\": unknown entity \"talliban\" (did you mean \"taliban\"?)\n"
        ));
        assert_eq!(reply.body.matches('•').count(), PROBLEMS_SHOWN);
        assert!(reply.body.contains("…and 2 more."));
        assert_eq!(
            reply.footer.as_deref(),
            Some("Still serving version abc123")
        );
    }

    #[test]
    fn a_successful_reload_lists_the_changes() {
        let diff = Diff {
            facts_added: vec!["a".into()],
            facts_changed: (0..12).map(|i| format!("f{i}")).collect(),
            entities_removed: vec!["e".into()],
            old_version: "v1".into(),
            new_version: "v2".into(),
            ..Diff::default()
        };
        let reply = reply_from_reload(&Ok(diff), "v2");
        assert_eq!(reply.kind, ReplyKind::Answer);
        assert!(reply.ephemeral);
        assert_eq!(reply.body, "Now serving version v2 (was v1).");
        assert_eq!(reply.fields[0].name, "Facts");
        assert!(
            reply.fields[0]
                .value
                .starts_with("1 added, 0 removed, 12 changed\n+ a\n~ f0")
        );
        assert!(reply.fields[0].value.ends_with("…and 2 more"));
        assert_eq!(reply.fields[1].value, "0 added, 1 removed, 0 changed\n− e");
    }

    #[test]
    fn an_unchanged_reload_says_so() {
        let diff = Diff {
            old_version: "v1".into(),
            new_version: "v1".into(),
            ..Diff::default()
        };
        let reply = reply_from_reload(&Ok(diff), "v1");
        assert_eq!(
            reply.body,
            "No facts or entities changed; serving version v1."
        );
    }
}
