//! A command's options: their definition (name, type, bounds, completion),
//! the values people give them, and what is wrong when a value, an option
//! or a command name cannot be used ([`ParseError`], with a "did you mean"
//! hint from the one typo rule of [`crate::data::text`]).

use std::fmt;

use crate::data::text;

/// What an option's autocomplete completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Entity,
    Fact,
    /// A version kept in the dataset's history (answered by the service,
    /// which holds the history).
    Version,
}

/// The type of an option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionType {
    String,
    Integer,
    /// A file the person attached.
    Attachment,
}

/// One option of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionType,
    pub required: bool,
    /// Which completion the option's autocomplete uses, if any.
    pub autocomplete: Option<CompletionKind>,
    /// Bounds: characters for strings, values for integers.
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl OptionSpec {
    /// What the option's value looks like in usage lines: `<entity>`,
    /// `<year>`, `<fact id>`, `<text>`.
    pub fn placeholder(&self) -> &'static str {
        match (self.kind, self.autocomplete) {
            (_, Some(CompletionKind::Entity)) => "<entity>",
            (_, Some(CompletionKind::Fact)) => "<fact id>",
            (_, Some(CompletionKind::Version)) => "<version>",
            (OptionType::Attachment, None) => "<file>",
            (OptionType::Integer, None) if self.name == "page" => "<page>",
            (OptionType::Integer, None) => "<year>",
            (OptionType::String, None) => "<text>",
        }
    }

    /// The bounds in words, e.g. `1–500 characters` or `-3000 to 3000`.
    pub fn bounds(&self) -> Option<String> {
        match (self.kind, self.min, self.max) {
            (_, None, None) | (OptionType::Attachment, _, _) => None,
            (OptionType::String, min, max) => Some(format!(
                "{}–{} characters",
                min.unwrap_or(0),
                max.map_or("any".to_string(), |m| m.to_string())
            )),
            (OptionType::Integer, Some(min), Some(max)) => Some(format!("{min} to {max}")),
            (OptionType::Integer, Some(min), None) => Some(format!("at least {min}")),
            (OptionType::Integer, None, Some(max)) => Some(format!("at most {max}")),
        }
    }
}

/// A typed option value before it becomes part of a
/// [`Command`](super::Command).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    Text(String),
    Integer(i64),
    Attachment(Attachment),
}

/// A file attached to a command: its name as sent, where to fetch it, and
/// its size as the platform reported it (checked again when fetched).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub url: String,
    pub size: u64,
}

/// Why a slash line is not a command.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("a command starts with `/`, e.g. /about")]
    NoSlash,
    #[error("there is no command /{name}{}; commands: {commands}", hint(suggestion.as_deref(), "/"))]
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
        /// The commands there are, e.g. `/ask, /about`.
        commands: String,
    },
    #[error("/{command} has no option `{option}`{}; usage: {usage}", hint(suggestion.as_deref(), ""))]
    UnknownOption {
        command: String,
        option: String,
        suggestion: Option<String>,
        usage: String,
    },
    #[error("/{command} needs `{option}`; usage: {usage}")]
    MissingOption {
        command: String,
        option: String,
        usage: String,
    },
    #[error("/{command} was given `{option}` twice")]
    DuplicateOption { command: String, option: String },
    #[error("/{command}: `{option}` {problem}")]
    BadValue {
        command: String,
        option: String,
        problem: String,
    },
    #[error("/{command}: unclosed quote in `{option}`; end the value with \"")]
    UnclosedQuote { command: String, option: String },
    #[error("/{command}: {text:?} is not an option; write it as option:value (usage: {usage})")]
    StrayText {
        command: String,
        text: String,
        usage: String,
    },
}

fn hint(suggestion: Option<&str>, prefix: &str) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {prefix}{s}?)"),
        None => String::new(),
    }
}

/// The closest of `candidates` to a mistyped `typed` (the one typo rule
/// of [`crate::data::text`]), if any is close.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    text::closest(&typed.to_lowercase(), candidates).map(str::to_string)
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::Text(t) => write!(f, "{t}"),
            OptionValue::Integer(i) => write!(f, "{i}"),
            OptionValue::Attachment(a) => write!(f, "{}", a.name),
        }
    }
}
