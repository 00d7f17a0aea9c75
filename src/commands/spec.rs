//! The one definition of every slash command: name, description, options
//! and who may use it. Discord registration, `factbot commands --json`, the
//! console's parser and the README's command table are all derived from
//! [`COMMANDS`].

/// What an option's autocomplete completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Entity,
    Fact,
}

/// The type of an option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionType {
    String,
    Integer,
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

/// Who may run a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// Members with Manage Server or Administrator, or a configured
    /// moderator role; the Discord adapter checks this.
    Moderators,
}

/// One slash command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    pub audience: Audience,
}

/// The longest free-text question accepted, in characters.
pub const MAX_QUESTION_CHARS: i64 = 500;
/// The longest entity name or fact id accepted, in characters.
pub const MAX_NAME_CHARS: i64 = 100;

const fn entity_option(
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

const fn year_option(name: &'static str, description: &'static str) -> OptionSpec {
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

/// Every command factbot offers, in the order they are documented.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "ask",
        description: "Ask a question in plain English; the answer quotes the article",
        options: &[OptionSpec {
            name: "question",
            description: "Your question, e.g. Who designated the Taliban, and when?",
            kind: OptionType::String,
            required: true,
            autocomplete: None,
            min: Some(1),
            max: Some(MAX_QUESTION_CHARS),
        }],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "designations",
        description: "Who designated or sanctioned whom, as what, and when",
        options: &[
            entity_option("designator", "Who designated (e.g. Russia)", false),
            entity_option("target", "Who was designated (e.g. Taliban)", false),
        ],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "timeline",
        description: "Dated facts in order, for one entity or all",
        options: &[
            entity_option("entity", "Only facts about this entity", false),
            year_option("from", "From this year (inclusive)"),
            year_option("to", "Up to this year (inclusive)"),
        ],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "entity",
        description: "Profile of a person, country or organisation: kind, aliases, key facts",
        options: &[entity_option("name", "Name or alias (e.g. CSTO)", true)],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "source",
        description: "The article's exact words behind a fact, and its attribution",
        options: &[OptionSpec {
            name: "fact",
            description: "Fact id (as shown under answers)",
            kind: OptionType::String,
            required: true,
            autocomplete: Some(CompletionKind::Fact),
            min: Some(1),
            max: Some(MAX_NAME_CHARS),
        }],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "about",
        description: "The loaded dataset: sources, counts, version, loaded at",
        options: &[],
        audience: Audience::Everyone,
    },
    CommandSpec {
        name: "reload",
        description: "Moderators: reload the dataset from disk (validated first)",
        options: &[],
        audience: Audience::Moderators,
    },
];

/// The spec of the command named `name`.
pub fn find(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.name == name)
}

impl OptionSpec {
    /// What the option's value looks like in usage lines: `<entity>`,
    /// `<year>`, `<fact id>`, `<text>`.
    pub fn placeholder(&self) -> &'static str {
        match (self.kind, self.autocomplete) {
            (_, Some(CompletionKind::Entity)) => "<entity>",
            (_, Some(CompletionKind::Fact)) => "<fact id>",
            (OptionType::Integer, None) => "<year>",
            (OptionType::String, None) => "<text>",
        }
    }

    /// The bounds in words, e.g. `1–500 characters` or `-3000 to 3000`.
    pub fn bounds(&self) -> Option<String> {
        match (self.kind, self.min, self.max) {
            (_, None, None) => None,
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
