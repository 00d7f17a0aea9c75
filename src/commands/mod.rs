//! The command layer: each slash command defined once ([`spec`]), parsed
//! into a typed [`Command`], and executed against a dataset into a
//! platform-neutral [`Reply`].
//!
//! Invariant: handlers are sans-IO. `execute` never touches the network,
//! the disk or the clock; `/reload` is carried out by whoever owns the
//! dataset (console, Discord adapter) through [`crate::store`].

pub mod about;
pub mod ask;
pub mod describe;
pub mod designations;
pub mod entity;
pub mod parse;
pub mod reload;
pub mod source;
pub mod spec;
pub mod timeline;

pub use spec::CompletionKind;

use crate::data::Dataset;
use crate::data::resolve::{complete_entity, complete_fact};
use crate::reply::Reply;

/// The most autocomplete suggestions offered at once.
pub const MAX_CHOICES: usize = 25;

/// A parsed command with typed arguments, as a person asked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `/ask question:<text>`
    Ask { question: String },
    /// `/designations [designator:<entity>] [target:<entity>]`
    Designations {
        designator: Option<String>,
        target: Option<String>,
    },
    /// `/timeline [entity:<entity>] [from:<year>] [to:<year>]`
    Timeline {
        entity: Option<String>,
        from: Option<i32>,
        to: Option<i32>,
    },
    /// `/entity name:<entity>`
    Entity { name: String },
    /// `/source fact:<fact id>`
    Source { fact: String },
    /// `/about`
    About,
    /// `/reload` (moderators only; carried out by the dataset's owner)
    Reload,
}

impl Command {
    /// The command's name as registered (`ask`, `designations`, ...).
    pub fn name(&self) -> &'static str {
        self.spec().name
    }

    /// The command's definition: name, options, who may run it.
    pub fn spec(&self) -> &'static spec::CommandSpec {
        let name = match self {
            Command::Ask { .. } => "ask",
            Command::Designations { .. } => "designations",
            Command::Timeline { .. } => "timeline",
            Command::Entity { .. } => "entity",
            Command::Source { .. } => "source",
            Command::About => "about",
            Command::Reload => "reload",
        };
        spec::find(name).unwrap_or(&spec::COMMANDS[0])
    }
}

/// Answers a command from the dataset. Never fails: "nothing found" and
/// "can't resolve that" are ordinary private replies. `Command::Reload` is
/// not handled here (it needs IO) and gets a private "not available" reply.
pub fn execute(ds: &Dataset, command: &Command) -> Reply {
    match command {
        Command::Ask { question } => ask::run(ds, question),
        Command::Designations { designator, target } => {
            designations::run(ds, designator.as_deref(), target.as_deref())
        }
        Command::Timeline { entity, from, to } => timeline::run(ds, entity.as_deref(), *from, *to),
        Command::Entity { name } => entity::run(ds, name),
        Command::Source { fact } => source::run(ds, fact),
        Command::About => about::run(ds),
        Command::Reload => reload::unavailable(),
    }
}

/// Autocomplete choices (label, value): at most [`MAX_CHOICES`], each
/// value once. (A transport fits labels to its own limits.)
pub fn complete(ds: &Dataset, kind: CompletionKind, typed: &str) -> Vec<(String, String)> {
    // No option takes more than this; a longer text completes nothing new.
    let typed: String = typed.chars().take(spec::MAX_NAME_CHARS as usize).collect();
    let typed = typed.as_str();
    let suggestions = match kind {
        CompletionKind::Entity => complete_entity(ds, typed, MAX_CHOICES),
        CompletionKind::Fact => complete_fact(ds, typed, MAX_CHOICES),
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(suggestions.len());
    for s in suggestions {
        if !out.iter().any(|(_, v)| v == s.value) {
            out.push((s.label, s.value.to_owned()));
        }
    }
    out
}
