//! A change to the data directory before it is applied, and what the
//! moderator sees of it: pure functions of the files and datasets (no IO),
//! so the rules are tested alone.
//!
//! - Where an uploaded file goes ([`upload_path`]): a `*.toml` file at the
//!   top of the directory; a source text where the data already cites a
//!   text of that name, otherwise beside the other texts.
//! - What the directory holds afterwards ([`with_upload`], [`changes`]).
//! - The preview ([`preview_reply`]) and what Apply, Cancel and refusals
//!   say.

use std::collections::BTreeMap;

use crate::data::{DataFiles, Dataset};
use crate::reply::{Button, ButtonStyle, Reply, ReplyKind};
use crate::service::reload::{self, Part};
use crate::service::state::change::utc;
use crate::service::state::{Origin, Preview};
use crate::service::store::{Diff, changed_entity_fields, changed_fact_fields};

use super::press::{Action, Press};

/// The longest uploaded file name accepted.
pub const MAX_NAME_CHARS: usize = 100;

/// Why an uploaded file cannot go into the data directory.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error(
        "“{0}” is not a name factbot writes: use letters, digits, `-`, `_` and `.`, not starting \
         with `.`, with no folder (e.g. facts.toml)"
    )]
    Unsafe(String),
    #[error(
        "“{0}” is not a dataset file: upload a data file (`.toml`) or a source text (`.txt`) \
         named as in the data directory"
    )]
    NotDataset(String),
    #[error("“{0}” is not UTF-8 text; save it as UTF-8 and upload it again")]
    NotText(String),
}

/// Where the uploaded file `name` goes, relative to the data directory.
pub fn upload_path(current: &DataFiles, name: &str) -> Result<String, NameError> {
    let safe = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !safe {
        return Err(NameError::Unsafe(name.to_string()));
    }
    if name.ends_with(".toml") {
        return Ok(name.to_string());
    }
    if !name.ends_with(".txt") {
        return Err(NameError::NotDataset(name.to_string()));
    }
    let base = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let texts = current.referenced_texts();
    if let Some(cited) = texts.iter().find(|path| base(path) == name) {
        return Ok(cited.clone());
    }
    // A new text goes beside the texts already cited.
    let folder = texts
        .iter()
        .find_map(|path| path.rsplit_once('/').map(|(folder, _)| folder.to_string()));
    Ok(match folder {
        Some(folder) => format!("{folder}/{name}"),
        None => name.to_string(),
    })
}

/// The directory's files with `bytes` at `path` (checked to be text).
pub fn with_upload(
    current: &DataFiles,
    path: &str,
    bytes: Vec<u8>,
) -> Result<DataFiles, NameError> {
    if std::str::from_utf8(&bytes).is_err() {
        return Err(NameError::NotText(
            path.rsplit('/').next().unwrap_or(path).to_string(),
        ));
    }
    let mut files = current.clone();
    files.files.insert(path.to_string(), bytes);
    Ok(files)
}

/// What turns `current` into `target`: each file written (its content)
/// or removed (`None`).
pub fn changes(current: &DataFiles, target: &DataFiles) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in &target.files {
        if current.files.get(path) != Some(bytes) {
            out.insert(path.clone(), Some(bytes.clone()));
        }
    }
    for path in current.files.keys() {
        if !target.files.contains_key(path) {
            out.insert(path.clone(), None);
        }
    }
    out
}

/// What a preview is of, for titles: `upload facts.toml`, `roll back to 3f9c…`.
pub fn what(preview: &Preview) -> String {
    match preview.origin {
        Origin::Upload => format!(
            "upload {}",
            preview
                .changes
                .keys()
                .next()
                .map_or("a file", |p| p.as_str())
        ),
        Origin::Rollback => format!("roll back to {}", preview.target_version),
    }
}

/// The files a change writes and removes, in words.
fn files_line(changes: &BTreeMap<String, Option<Vec<u8>>>, current: &DataFiles) -> String {
    let mut parts = Vec::new();
    for (path, content) in changes {
        parts.push(match (content, current.files.contains_key(path)) {
            (Some(bytes), true) => format!("replaces {path} ({} bytes)", bytes.len()),
            (Some(bytes), false) => format!("adds {path} ({} bytes)", bytes.len()),
            (None, _) => format!("removes {path}"),
        });
    }
    let mut line = parts.join(", ");
    if let Some(first) = line.get(..1) {
        line = first.to_uppercase() + &line[1..];
    }
    line + "."
}

/// The preview: what Apply would change, with Apply and Cancel buttons.
pub fn preview_reply(
    preview: &Preview,
    current: &DataFiles,
    old: &Dataset,
    new: &Dataset,
    diff: &Diff,
) -> Reply {
    let mut body = files_line(&preview.changes, current);
    if preview.base_version == preview.target_version {
        body.push_str(
            "\nNothing the bot answers from changes: no data file cites this text yet. Apply \
             stores it in the data directory; then upload the data file that cites it.",
        );
    } else {
        body.push_str(&format!(
            "\nApplying makes the bot serve version {} (now {}).",
            preview.target_version, preview.base_version
        ));
    }
    if let Some(note) = &preview.note {
        body.push_str(&format!("\nNote: {note}"));
    }
    body.push_str("\n\nPress Apply to make the change, or Cancel.");
    let mut reply = Reply::private(
        ReplyKind::Answer,
        format!("Preview: {}", what(preview)),
        body,
    );
    reply.fields = reload::diff_fields(diff, &|part, id| match part {
        Part::Fact => changed_fact_fields(old, new, id),
        Part::Entity => changed_entity_fields(old, new, id),
    });
    reply.footer = Some(format!(
        "Preview {} · the buttons work until {} UTC",
        preview.id,
        utc(preview.expires_at_ms)
    ));
    let button = |action, label: &str, style| Button {
        id: Press {
            action,
            origin: preview.origin,
            preview: preview.id.clone(),
        }
        .id(),
        label: label.to_string(),
        style,
    };
    reply.buttons = vec![
        button(Action::Apply, "Apply", ButtonStyle::Primary),
        button(Action::Cancel, "Cancel", ButtonStyle::Secondary),
    ];
    reply
}

/// What replaces the preview once applied.
pub fn applied_reply(preview: &Preview, diff: &Diff, seq: Option<i64>) -> Reply {
    let mut body = if diff.old_version == diff.new_version {
        format!(
            "Written to the data directory; the bot still serves version {}.",
            diff.new_version
        )
    } else {
        format!(
            "Now serving version {} (was {}).",
            diff.new_version, diff.old_version
        )
    };
    match seq {
        Some(seq) => body.push_str(&format!(" Recorded in the history as entry {seq}.")),
        None if diff.old_version != diff.new_version => {
            body.push_str(" The history did not record it (see the bot's log).")
        }
        None => {}
    }
    let mut reply = Reply::private(
        ReplyKind::Answer,
        format!("Applied: {}", what(preview)),
        body,
    );
    reply.fields = reload::diff_fields(diff, &|_, _| Vec::new());
    reply
}

/// What replaces a preview that was not applied, and why.
pub fn closed_reply(preview: &Preview, title: &str, body: String, kind: ReplyKind) -> Reply {
    let mut reply = Reply::private(kind, format!("{title}: {}", what(preview)), body);
    reply.footer = Some(format!("Preview {}", preview.id));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current() -> DataFiles {
        DataFiles::from_memory(
            "data",
            [
                (
                    "sources.toml",
                    "[[source]]\nid = \"a\"\nfile = \"sources/a.txt\"\n",
                ),
                ("sources/a.txt", "text"),
                ("facts.toml", ""),
            ],
        )
    }

    #[test]
    fn an_uploaded_file_goes_where_the_data_expects_it() {
        let c = current();
        assert_eq!(upload_path(&c, "facts.toml").unwrap(), "facts.toml");
        assert_eq!(upload_path(&c, "second.toml").unwrap(), "second.toml");
        assert_eq!(upload_path(&c, "a.txt").unwrap(), "sources/a.txt");
        assert_eq!(upload_path(&c, "b.txt").unwrap(), "sources/b.txt");
        for unsafe_name in [
            "../x.toml",
            "a/b.toml",
            ".hidden.toml",
            "",
            "x y.toml",
            "..",
            "c:\\x.toml",
        ] {
            assert_eq!(
                upload_path(&c, unsafe_name),
                Err(NameError::Unsafe(unsafe_name.into())),
                "{unsafe_name}"
            );
        }
        assert_eq!(
            upload_path(&c, "notes.md"),
            Err(NameError::NotDataset("notes.md".into()))
        );
        assert!(matches!(
            with_upload(&c, "facts.toml", vec![0xff, 0xfe]),
            Err(NameError::NotText(_))
        ));
    }

    #[test]
    fn changes_list_what_is_written_and_removed() {
        let c = current();
        let mut target = c.clone();
        target.files.insert("facts.toml".into(), b"x".to_vec());
        target.files.remove("sources/a.txt");
        let changes = changes(&c, &target);
        assert_eq!(
            changes.into_iter().collect::<Vec<_>>(),
            [
                ("facts.toml".to_string(), Some(b"x".to_vec())),
                ("sources/a.txt".to_string(), None)
            ]
        );
    }
}
