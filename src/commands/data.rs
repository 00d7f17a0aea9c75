//! `/data upload`, `/data history` and `/data rollback`: moderators change
//! the dataset from Discord. Fetching a file, the history and writing the
//! data directory are IO, so the command layer only defines the three
//! subcommands (a name with a space is a subcommand of `/data`); the
//! service layer carries them out (`service::moderation`).

use super::command::Command;
use super::options::{CompletionKind, OptionSpec, OptionType, ParseError};
use super::spec::{Args, Audience, CommandSpec};
use crate::reply::{Reply, ReplyKind};

/// The longest note a moderator may leave on a change, in characters.
pub const MAX_NOTE_CHARS: i64 = 200;

const NOTE: OptionSpec = OptionSpec {
    name: "note",
    description: "Why: kept in the history with the change",
    kind: OptionType::String,
    required: false,
    autocomplete: None,
    min: Some(1),
    max: Some(MAX_NOTE_CHARS),
};

/// `/data upload file:<file> [note:<text>]`.
pub const UPLOAD: CommandSpec = CommandSpec {
    name: "data upload",
    description: "Moderators: replace or add one data file, with a preview before it applies",
    options: &[
        OptionSpec {
            name: "file",
            description: "A data file (.toml) or a source text it cites, named as in the data directory",
            kind: OptionType::Attachment,
            required: true,
            autocomplete: None,
            min: None,
            max: None,
        },
        NOTE,
    ],
    audience: Audience::Moderators,
    build: build_upload,
};

/// `/data history [page:<page>]`.
pub const HISTORY: CommandSpec = CommandSpec {
    name: "data history",
    description: "Moderators: the versions of the dataset, newest first",
    options: &[OptionSpec {
        name: "page",
        description: "Which page (10 versions each)",
        kind: OptionType::Integer,
        required: false,
        autocomplete: None,
        min: Some(1),
        max: Some(1000),
    }],
    audience: Audience::Moderators,
    build: build_history,
};

/// `/data rollback version:<version> [note:<text>]`.
pub const ROLLBACK: CommandSpec = CommandSpec {
    name: "data rollback",
    description: "Moderators: go back to a kept version, with a preview before it applies",
    options: &[
        OptionSpec {
            name: "version",
            description: "A version from /data history",
            kind: OptionType::String,
            required: true,
            autocomplete: Some(CompletionKind::Version),
            min: Some(1),
            max: Some(64),
        },
        NOTE,
    ],
    audience: Audience::Moderators,
    build: build_rollback,
};

fn build_upload(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::DataUpload {
        file: args.attachment("file")?,
        note: args.text("note")?,
    })
}

fn build_history(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::DataHistory {
        page: args.integer("page")?.unwrap_or(1).max(1) as u32,
    })
}

fn build_rollback(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::DataRollback {
        version: args.required_text("version")?,
        note: args.text("note")?,
    })
}

/// The reply to a `/data` command where there is no history or data
/// directory to change (the offline console).
pub fn unavailable() -> Reply {
    Reply::private(
        ReplyKind::Refused,
        "Not available here",
        "Changing the data from chat needs the running bot; on the host, use `factbot history` and \
         `factbot rollback VERSION`.",
    )
}
