//! What defines a slash command — name, description, options and who may
//! use it ([`CommandSpec`]) — and reading its checked option values into a
//! typed [`Command`] ([`Args`]). Each command's module holds its own
//! definition next to its handler; [`super::registry`] lists them, and
//! registration, the console's parser, the metrics and the README's
//! command table all read that one list.

use std::cell::Cell;

use super::command::Command;
use super::options::{
    Attachment, CompletionKind, OptionSpec, OptionType, OptionValue, ParseError, closest,
};

/// Who may run a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// Members with Manage Server or Administrator, or a configured
    /// moderator role; the adapter decides who that is and the interaction
    /// flow refuses everyone else.
    Moderators,
}

/// One slash command.
#[derive(Clone, Copy, Debug)]
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    pub audience: Audience,
    /// Reads the checked option values into the typed [`Command`].
    pub build: fn(&Args) -> Result<Command, ParseError>,
}

/// The longest free-text question accepted, in characters.
pub const MAX_QUESTION_CHARS: i64 = 500;
/// The longest entity name or fact id accepted, in characters.
pub const MAX_NAME_CHARS: i64 = 100;

pub const fn entity_option(
    name: &'static str,
    description: &'static str,
    required: bool,
) -> OptionSpec {
    OptionSpec {
        name,
        description,
        kind: OptionType::String,
        required,
        autocomplete: Some(CompletionKind::Entity),
        min: Some(1),
        max: Some(MAX_NAME_CHARS),
    }
}

pub const fn year_option(name: &'static str, description: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        description,
        kind: OptionType::Integer,
        required: false,
        autocomplete: None,
        min: Some(-3000),
        max: Some(3000),
    }
}

impl CommandSpec {
    /// The option named `name`.
    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }

    /// How the command is typed, e.g.
    /// `/timeline [entity:<entity>] [from:<year>] [to:<year>]`.
    pub fn usage(&self) -> String {
        let mut out = format!("/{}", self.name);
        for o in self.options {
            let part = format!("{}:{}", o.name, o.placeholder());
            if o.required {
                out.push_str(&format!(" {part}"));
            } else {
                out.push_str(&format!(" [{part}]"));
            }
        }
        out
    }

    /// The [`Command`] that named, typed option values ask for, checked
    /// against this definition first: every option known, given once,
    /// required ones present, lengths and ranges within bounds. The same
    /// checks whoever typed the values (the console, a Discord client).
    pub fn command(&self, options: Vec<(String, OptionValue)>) -> Result<Command, ParseError> {
        let spec = self;
        let bad = |option: &str, problem: String| ParseError::BadValue {
            command: spec.name.to_string(),
            option: option.to_string(),
            problem,
        };
        let mut seen: Vec<(&'static str, OptionValue)> = Vec::new();
        for (name, value) in options {
            let Some(o) = spec.option(&name) else {
                return Err(ParseError::UnknownOption {
                    command: spec.name.to_string(),
                    suggestion: closest(&name, spec.options.iter().map(|o| o.name)),
                    option: name,
                    usage: spec.usage(),
                });
            };
            if seen.iter().any(|(n, _)| *n == o.name) {
                return Err(ParseError::DuplicateOption {
                    command: spec.name.to_string(),
                    option: name,
                });
            }
            match (&value, o.kind) {
                (OptionValue::Text(text), OptionType::String) => {
                    let len = text.chars().count() as i64;
                    if text.trim().is_empty() {
                        return Err(bad(o.name, "is empty".to_string()));
                    }
                    if let Some(max) = o.max.filter(|&max| len > max) {
                        return Err(bad(
                            o.name,
                            format!("is {len} characters long; at most {max}"),
                        ));
                    }
                    if let Some(min) = o.min.filter(|&min| len < min) {
                        return Err(bad(o.name, format!("needs at least {min} characters")));
                    }
                }
                (OptionValue::Integer(n), OptionType::Integer) => {
                    if o.min.is_some_and(|min| *n < min) || o.max.is_some_and(|max| *n > max) {
                        return Err(bad(
                            o.name,
                            format!("must be {}", o.bounds().unwrap_or_default()),
                        ));
                    }
                }
                (OptionValue::Attachment(_), OptionType::Attachment) => {}
                (_, OptionType::Integer) => {
                    return Err(bad(o.name, "must be a whole number like 2003".to_string()));
                }
                (_, OptionType::String) => {
                    return Err(bad(o.name, "must be text".to_string()));
                }
                (_, OptionType::Attachment) => {
                    return Err(bad(o.name, "must be an attached file".to_string()));
                }
            }
            seen.push((o.name, value));
        }
        if let Some(missing) = spec
            .options
            .iter()
            .find(|o| o.required && !seen.iter().any(|(n, _)| *n == o.name))
        {
            return Err(ParseError::MissingOption {
                command: spec.name.to_string(),
                option: missing.name.to_string(),
                usage: spec.usage(),
            });
        }
        (spec.build)(&Args {
            spec,
            values: &seen,
            read: Cell::new(0),
        })
    }
}

/// A command's option values, checked against its definition, as its
/// builder reads them. Asking for an option the definition does not have
/// is an error with a hint (a misspelt name in a builder is caught by the
/// tests, never turned into an empty value).
pub struct Args<'a> {
    spec: &'a CommandSpec,
    values: &'a [(&'static str, OptionValue)],
    /// A bit per option of the definition that has been read.
    read: Cell<u64>,
}

impl<'a> Args<'a> {
    /// Values read as if checked, for tests of the builders.
    #[cfg(test)]
    pub(crate) fn for_test(
        spec: &'a CommandSpec,
        values: &'a [(&'static str, OptionValue)],
    ) -> Args<'a> {
        Args {
            spec,
            values,
            read: Cell::new(0),
        }
    }

    /// The text given for `name`, trimmed, if any.
    pub fn text(&self, name: &str) -> Result<Option<String>, ParseError> {
        self.known(name)?;
        Ok(self.values.iter().find_map(|(n, v)| match v {
            OptionValue::Text(t) if *n == name => Some(t.trim().to_string()),
            _ => None,
        }))
    }

    /// The text given for the required option `name`.
    pub fn required_text(&self, name: &str) -> Result<String, ParseError> {
        self.text(name)?.ok_or_else(|| ParseError::MissingOption {
            command: self.spec.name.to_string(),
            option: name.to_string(),
            usage: self.spec.usage(),
        })
    }

    /// The year given for `name`, if any (bounds were checked).
    pub fn year(&self, name: &str) -> Result<Option<i32>, ParseError> {
        self.known(name)?;
        Ok(self.values.iter().find_map(|(n, v)| match v {
            OptionValue::Integer(i) if *n == name => i32::try_from(*i).ok(),
            _ => None,
        }))
    }

    /// The whole number given for `name`, if any (bounds were checked).
    pub fn integer(&self, name: &str) -> Result<Option<i64>, ParseError> {
        self.known(name)?;
        Ok(self.values.iter().find_map(|(n, v)| match v {
            OptionValue::Integer(i) if *n == name => Some(*i),
            _ => None,
        }))
    }

    /// The file attached for the required option `name`.
    pub fn attachment(&self, name: &str) -> Result<Attachment, ParseError> {
        self.known(name)?;
        self.values
            .iter()
            .find_map(|(n, v)| match v {
                OptionValue::Attachment(a) if *n == name => Some(a.clone()),
                _ => None,
            })
            .ok_or_else(|| ParseError::MissingOption {
                command: self.spec.name.to_string(),
                option: name.to_string(),
                usage: self.spec.usage(),
            })
    }

    /// Whether every option of the definition has been read (for tests of
    /// the builders).
    pub fn all_read(&self) -> bool {
        let all = (1u64 << self.spec.options.len()) - 1;
        self.read.get() & all == all
    }

    fn known(&self, name: &str) -> Result<(), ParseError> {
        match self.spec.options.iter().position(|o| o.name == name) {
            Some(i) => {
                self.read.set(self.read.get() | (1 << i));
                Ok(())
            }
            None => Err(ParseError::UnknownOption {
                command: self.spec.name.to_string(),
                option: name.to_string(),
                suggestion: closest(name, self.spec.options.iter().map(|o| o.name)),
                usage: self.spec.usage(),
            }),
        }
    }
}
