//! Moderators changing the dataset from chat: `/data upload` and `/data
//! rollback` make a validated **preview** with Apply and Cancel buttons;
//! `/data history` lists the versions. Written once for every transport:
//! the flow hands over the typed command or the pressed button and the
//! caller (already known to be a moderator in a server), and gets a
//! platform-neutral reply.
//!
//! A change goes: fetch the file (bounded, [`download`]) → build the
//! directory it would make and validate all of it in memory
//! ([`proposal`]) → store the preview (the state store, so buttons work
//! after a restart and on any replica) → answer privately with the diff
//! and the buttons. Apply ([`apply`]) checks the preview is still pending,
//! unexpired and made against the version served now, writes the files
//! atomically, reloads through the one [`Reloader`](crate::service::reload::Reloader) (which records the
//! version, who and the note in the history), and edits the preview to
//! say what was applied. Every attempt is audited.
//!
//! - [`press`]: the ids the buttons carry;
//! - [`download`]: fetching an attachment within limits;
//! - [`proposal`]: where a file goes, what changes, what the moderator sees;
//! - [`commands`]: [`Moderation`] and the three commands;
//! - [`apply`]: Apply, Cancel, and finishing an apply a crash interrupted.

pub mod apply;
pub mod commands;
pub mod download;
pub mod press;
pub mod proposal;

pub use apply::{Pressed, recover};
pub use commands::{HISTORY_PAGE, Moderation, Who};
