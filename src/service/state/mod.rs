//! What factbot remembers across restarts, starting with the dataset's
//! history: every version served, who or what changed it, a summary of the
//! change, and the files of each version, so a moderator can see what
//! happened and roll back.
//!
//! One code path serves SQLite (embedded, the default: a file under
//! `[state] dir`) and PostgreSQL (`[state] url`, for several replicas
//! sharing one history): the queries go through sqlx's `Any` driver, use
//! `$1` placeholders and only the types both engines read alike (`TEXT`,
//! `BIGINT`); file contents are stored as base64 `TEXT` because `BLOB` and
//! `BYTEA` are spelt differently. The one place the engines differ is the
//! lock that keeps two replicas from migrating at once ([`schema`]).
//!
//! - [`error`]: [`StateError`], each kind telling the operator what to fix;
//! - [`change`]: what is recorded ([`Change`]) and read back ([`Entry`]);
//! - [`schema`]: the migrations, applied once each at open;
//! - [`blobs`]: content addresses (SHA-256) and the text encoding of bytes;
//! - [`history`]: [`State`], the store itself: open, record, list, prune;
//! - [`recorder`]: [`Recorder`], what a running bot uses to record its start
//!   and every reload that changed the version;
//! - [`previews`]: changes previewed in Discord, waiting for Apply or
//!   Cancel (and the journal of an apply in progress);
//! - [`rollback`]: writing a kept version back to the data directory,
//!   validated first and atomically per file.

pub mod blobs;
pub mod change;
pub mod error;
pub mod history;
pub mod previews;
pub mod recorder;
pub mod rollback;
pub mod schema;

pub use change::{Change, Entry, Summary, TriggerLabel};
pub use error::{RecordError, StateError};
pub use history::{Recorded, State};
pub use previews::{Origin, Preview, Status};
pub use recorder::Recorder;

#[cfg(test)]
mod tests;
