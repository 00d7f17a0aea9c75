//! Replies for `/reload`: the reload itself is done by whoever owns the
//! dataset (console, Discord adapter) through [`crate::store::Store`];
//! these pure renderers say how it went.

use crate::reply::{Field, Reply, ReplyKind};
use crate::store::{Diff, ReloadError};

/// How many problems a failed reload lists before counting the rest.
pub const MAX_PROBLEMS_SHOWN: usize = 5;
/// How many ids each change list shows before counting the rest.
const MAX_IDS_SHOWN: usize = 10;

/// The reply to `/reload` where it cannot be carried out.
pub fn unavailable() -> Reply {
    Reply::private(
        ReplyKind::Refused,
        "Reload not available here",
        "Reloading reads the data directory from disk, which only the running bot or console can do.",
    )
}

/// The reply to `/reload` from someone without the right to reload.
pub fn refused() -> Reply {
    Reply::private(
        ReplyKind::Refused,
        "Not allowed",
        "Only moderators (Manage Server) can reload the dataset.",
    )
}

/// A successful reload: what changed.
pub fn success(diff: &Diff) -> Reply {
    let changes = diff.facts_added.len()
        + diff.facts_removed.len()
        + diff.facts_changed.len()
        + diff.entities_added.len()
        + diff.entities_removed.len()
        + diff.entities_changed.len();
    let body = if changes == 0 && diff.old_version == diff.new_version {
        format!("Reloaded: nothing changed (version {}).", diff.new_version)
    } else {
        format!(
            "Reloaded: version {} → {}, {changes} change{}.",
            diff.old_version,
            diff.new_version,
            if changes == 1 { "" } else { "s" }
        )
    };
    let mut reply = Reply::private(ReplyKind::Answer, "Dataset reloaded", body);
    for (name, ids) in [
        ("Facts added", &diff.facts_added),
        ("Facts removed", &diff.facts_removed),
        ("Facts changed", &diff.facts_changed),
        ("Entities added", &diff.entities_added),
        ("Entities removed", &diff.entities_removed),
        ("Entities changed", &diff.entities_changed),
    ] {
        if ids.is_empty() {
            continue;
        }
        let mut value = ids
            .iter()
            .take(MAX_IDS_SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if ids.len() > MAX_IDS_SHOWN {
            value.push_str(&format!(" and {} more", ids.len() - MAX_IDS_SHOWN));
        }
        reply.fields.push(Field {
            name: format!("{name} ({})", ids.len()),
            value,
            inline: false,
        });
    }
    reply
}

/// A failed reload: the first few located problems and a count; the old
/// dataset is still being served.
pub fn failure(error: &ReloadError) -> Reply {
    let body = match error {
        ReloadError::Read { dir, source } => format!(
            "Could not read the data directory {}: {source}. Still serving the previous dataset.",
            dir.display()
        ),
        ReloadError::Invalid(problems) => {
            let n = problems.0.len();
            let mut body = format!(
                "The new data has {n} problem{}; still serving the previous dataset. Fix them and reload (`factbot check` lists them all):",
                if n == 1 { "" } else { "s" }
            );
            for p in problems.0.iter().take(MAX_PROBLEMS_SHOWN) {
                body.push_str(&format!("\n• {p}"));
            }
            if n > MAX_PROBLEMS_SHOWN {
                body.push_str(&format!("\n… and {} more", n - MAX_PROBLEMS_SHOWN));
            }
            body
        }
    };
    Reply::private(ReplyKind::Failed, "Reload failed", body)
}
