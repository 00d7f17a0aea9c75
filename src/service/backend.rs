//! What the interaction flow needs from the rest of factbot: answers,
//! completions, reloads and the version served. [`Store`] provides it
//! (metered by [`super::metrics::MeteredStore`] in a running bot); tests
//! substitute their own to script slow, failing or crashing answers.

use super::store::{Diff, ReloadError, Store};
use crate::commands::{self, Command, CompletionKind};
use crate::reply::Reply;

/// Answers, completions, reloads. Methods may block: the flow calls them
/// on a blocking thread.
pub trait Backend: Send + Sync + 'static {
    /// Answers a command (never `Command::Reload`, which the flow carries
    /// out through [`Backend::reload`]).
    fn execute(&self, command: &Command) -> Reply;
    /// Autocomplete choices `(label, value)` for what has been typed.
    fn complete(&self, kind: CompletionKind, typed: &str) -> Vec<(String, String)>;
    /// Re-reads and validates the data, swapping it in on success.
    fn reload(&self) -> Result<Diff, ReloadError>;
    /// The version being served.
    fn version(&self) -> String;
}

impl Backend for Store {
    fn execute(&self, command: &Command) -> Reply {
        commands::execute(&self.snapshot(), command)
    }
    fn complete(&self, kind: CompletionKind, typed: &str) -> Vec<(String, String)> {
        commands::complete(&self.snapshot(), kind, typed)
    }
    fn reload(&self) -> Result<Diff, ReloadError> {
        Store::reload(self)
    }
    fn version(&self) -> String {
        self.snapshot().version.clone()
    }
}
