//! `/reload`: re-read the data directory, validated first. Reading the disk
//! is IO, so the command layer only defines it; the service layer carries
//! it out (`service::reload`, for the gateway, the HTTP endpoint and the
//! console alike) and says how it went.

use crate::reply::{Reply, ReplyKind};

/// The reply to `/reload` where it cannot be carried out.
pub fn unavailable() -> Reply {
    Reply::private(
        ReplyKind::Refused,
        "Reload not available here",
        "Reloading reads the data directory from disk, which only the running bot or console can do.",
    )
}
