//! `/reload`: re-read the data directory, validated first. Reading the disk
//! is IO, so the command layer only defines it; the service layer carries
//! it out (`service::reload`, for the gateway, the HTTP endpoint and the
//! console alike) and says how it went.

use super::command::Command;
use super::options::ParseError;
use super::spec::{Args, Audience, CommandSpec};
use crate::reply::{Reply, ReplyKind};

/// `/reload`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "reload",
    description: "Moderators: reload the dataset from disk (validated first)",
    options: &[],
    audience: Audience::Moderators,
    build,
};

fn build(_: &Args) -> Result<Command, ParseError> {
    Ok(Command::Reload)
}

/// The reply to `/reload` where it cannot be carried out.
pub fn unavailable() -> Reply {
    Reply::private(
        ReplyKind::Refused,
        "Reload not available here",
        "Reloading reads the data directory from disk, which only the running bot or console can do.",
    )
}
