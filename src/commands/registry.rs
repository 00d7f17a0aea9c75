//! The one list of commands ([`COMMANDS`]) and what reads it: finding a
//! command by name, answering a typed [`Command`], autocomplete, and the
//! README's command table.
//!
//! Adding a command: a module with its definition (`SPEC`), its builder
//! and its handler; a variant in [`Command`]; its row here — in
//! [`COMMANDS`], and in the two matches below, which the compiler checks
//! are complete. Registration, the console, metrics and the README follow.

use super::command::Command;
use super::options::CompletionKind;
use super::spec::{self, Audience, CommandSpec};
use super::{about, ask, data, designations, entity, reload, source, timeline};
use crate::data::Dataset;
use crate::data::resolve::complete_entity;
use crate::data::search::complete_fact;
use crate::reply::Reply;

/// Every command factbot offers, in the order they are documented.
pub const COMMANDS: &[CommandSpec] = &[
    ask::SPEC,
    designations::SPEC,
    timeline::SPEC,
    entity::SPEC,
    source::SPEC,
    about::SPEC,
    reload::SPEC,
    data::UPLOAD,
    data::HISTORY,
    data::ROLLBACK,
];

/// The groups of subcommands: a command named `"data upload"` is the
/// subcommand `upload` of `/data`. (name, description.)
pub const GROUPS: &[(&str, &str)] = &[(
    "data",
    "Moderators: change the dataset (upload a file, see its history, roll back)",
)];

/// A command as a platform lists it: one command, or a group of
/// subcommands sharing the first word of their names.
#[derive(Clone, Debug)]
pub enum TopLevel {
    Single(&'static CommandSpec),
    Group {
        name: &'static str,
        description: &'static str,
        /// Each with the subcommand's own name (`upload`).
        subcommands: Vec<(&'static str, &'static CommandSpec)>,
    },
}

impl TopLevel {
    /// The name registered at the top level.
    pub fn name(&self) -> &'static str {
        match self {
            TopLevel::Single(spec) => spec.name,
            TopLevel::Group { name, .. } => name,
        }
    }

    /// Who may use it: moderators only if every command in it is theirs.
    pub fn audience(&self) -> Audience {
        match self {
            TopLevel::Single(spec) => spec.audience,
            TopLevel::Group { subcommands, .. } => {
                if subcommands
                    .iter()
                    .all(|(_, s)| s.audience == Audience::Moderators)
                {
                    Audience::Moderators
                } else {
                    Audience::Everyone
                }
            }
        }
    }
}

/// [`COMMANDS`] as top-level commands, in order (a group where its first
/// subcommand is).
pub fn top_level() -> Vec<TopLevel> {
    let mut out: Vec<TopLevel> = Vec::new();
    for spec in COMMANDS {
        let Some((group, sub)) = spec.name.split_once(' ') else {
            out.push(TopLevel::Single(spec));
            continue;
        };
        match out
            .iter_mut()
            .find(|t| matches!(t, TopLevel::Group { name, .. } if *name == group))
        {
            Some(TopLevel::Group { subcommands, .. }) => subcommands.push((sub, spec)),
            _ => {
                let (name, description) = GROUPS
                    .iter()
                    .find(|(n, _)| *n == group)
                    .copied()
                    .unwrap_or(("", ""));
                out.push(TopLevel::Group {
                    name,
                    description,
                    subcommands: vec![(sub, spec)],
                });
            }
        }
    }
    out
}

/// The most autocomplete suggestions offered at once.
pub const MAX_CHOICES: usize = 25;

/// The definition of the command named `name`.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

impl Command {
    /// The command's definition: name, options, who may run it.
    pub fn spec(&self) -> &'static CommandSpec {
        match self {
            Command::Ask { .. } => &ask::SPEC,
            Command::Designations { .. } => &designations::SPEC,
            Command::Timeline { .. } => &timeline::SPEC,
            Command::Entity { .. } => &entity::SPEC,
            Command::Source { .. } => &source::SPEC,
            Command::About => &about::SPEC,
            Command::Reload => &reload::SPEC,
            Command::DataUpload { .. } => &data::UPLOAD,
            Command::DataHistory { .. } => &data::HISTORY,
            Command::DataRollback { .. } => &data::ROLLBACK,
        }
    }

    /// The command's name as registered (`ask`, `designations`, ...).
    pub fn name(&self) -> &'static str {
        self.spec().name
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
        Command::DataUpload { .. } | Command::DataHistory { .. } | Command::DataRollback { .. } => {
            data::unavailable()
        }
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
        // The history is not in the dataset: the service completes these.
        CompletionKind::Version => Vec::new(),
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(suggestions.len());
    for s in suggestions {
        if !out.iter().any(|(_, v)| v == s.value) {
            out.push((s.label, s.value.to_owned()));
        }
    }
    out
}

/// The README's command table, generated from [`COMMANDS`] (a test checks
/// README.md holds exactly this between its `commands` markers).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| command | what it does | options | who |\n| --- | --- | --- | --- |\n");
    for c in COMMANDS {
        let options = if c.options.is_empty() {
            "none".to_string()
        } else {
            c.options
                .iter()
                .map(|o| {
                    let mut notes =
                        vec![if o.required { "required" } else { "optional" }.to_string()];
                    if o.autocomplete.is_some() {
                        notes.push("autocomplete".to_string());
                    }
                    notes.extend(o.bounds());
                    format!("`{}`: {} ({})", o.name, o.description, notes.join(", "))
                })
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let who = match c.audience {
            Audience::Everyone => "everyone",
            Audience::Moderators => "Manage Server",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.usage(),
            c.description,
            options,
            who
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::options::{Attachment, OptionType, OptionValue, ParseError};
    use crate::commands::spec::Args;

    /// A value for every option of `spec`, within its bounds.
    fn every_option(spec: &CommandSpec) -> Vec<(String, OptionValue)> {
        spec.options
            .iter()
            .map(|o| {
                let value = match o.kind {
                    OptionType::String => OptionValue::Text("Taliban".into()),
                    OptionType::Integer => OptionValue::Integer(o.min.unwrap_or(0).max(1)),
                    OptionType::Attachment => OptionValue::Attachment(Attachment {
                        name: "facts.toml".into(),
                        url: "https://cdn.example/facts.toml".into(),
                        size: 10,
                    }),
                };
                (o.name.to_string(), value)
            })
            .collect()
    }

    #[test]
    fn every_command_builds_from_its_definition_and_reads_every_option() {
        for spec in COMMANDS {
            let command = spec
                .command(every_option(spec))
                .unwrap_or_else(|e| panic!("/{}: {e}", spec.name));
            assert_eq!(command.spec().name, spec.name);
            assert_eq!(
                find(spec.name).map(|c| c.description),
                Some(spec.description)
            );
            // The builder asked for each option it was given, by its name.
            let given: Vec<(&'static str, OptionValue)> = spec
                .options
                .iter()
                .zip(every_option(spec))
                .map(|(o, (_, v))| (o.name, v))
                .collect();
            let args = Args::for_test(spec, &given);
            (spec.build)(&args).unwrap();
            assert!(args.all_read(), "/{} leaves an option unread", spec.name);
        }
    }

    #[test]
    fn a_misspelt_option_in_a_builder_is_an_error_with_a_hint() {
        let spec = find("timeline").unwrap();
        let args = Args::for_test(spec, &[]);
        let err = args.text("entty").unwrap_err();
        assert!(
            matches!(&err, ParseError::UnknownOption { suggestion: Some(s), .. } if s == "entity"),
            "{err:?}"
        );
        assert!(err.to_string().contains("did you mean entity?"), "{err}");
    }

    #[test]
    fn every_subcommand_belongs_to_a_listed_group() {
        for top in top_level() {
            assert!(!top.name().is_empty() && !top.name().contains(' '));
        }
        let data = top_level()
            .into_iter()
            .find(|t| t.name() == "data")
            .unwrap();
        let TopLevel::Group { subcommands, .. } = &data else {
            panic!("/data is a group");
        };
        let names: Vec<_> = subcommands.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["upload", "history", "rollback"]);
        assert_eq!(data.audience(), Audience::Moderators);
    }

    #[test]
    fn command_names_are_unique() {
        for (i, a) in COMMANDS.iter().enumerate() {
            assert!(COMMANDS[i + 1..].iter().all(|b| b.name != a.name));
        }
    }

    #[test]
    fn moderator_commands_are_marked_in_their_definition() {
        assert_eq!(Command::Reload.spec().audience, Audience::Moderators);
        assert_eq!(find("ask").unwrap().audience, Audience::Everyone);
    }
}
