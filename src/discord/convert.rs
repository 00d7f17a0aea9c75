//! Conversion at the edge, and nothing else: Discord's interaction data to
//! a typed [`Command`] and the flow's [`Request`] (who asked, may they
//! moderate), a [`Reply`] to an embed fitted to Discord's limits, and
//! completions to autocomplete choices.
//!
//! Every function here is pure (no IO, no clock), so both transports share
//! them: the HTTP endpoint deserializes a [`CommandInteraction`] from the
//! request body and calls the same code as the gateway.

use serenity::all::{
    AutocompleteChoice, Colour, CommandData, CommandDataOption, CommandDataOptionValue,
    CommandInteraction, ComponentInteraction, CreateActionRow, CreateAllowedMentions,
    CreateAutocompleteResponse, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    EditInteractionResponse, Interaction,
};

use std::time::Instant;

use serenity::all::{ButtonStyle, RoleId};

use super::access;
use super::fit::fit_choices;
use super::respond::Target;
use crate::commands;
use crate::commands::options::{Attachment, OptionValue, ParseError};
use crate::commands::{Command, CompletionKind};
use crate::reply::{Reply, ReplyKind};
use crate::service::flow::{Converted, Incoming, Request};
use crate::service::moderation::press;

/// Why an interaction could not be turned into a [`Command`]. These mean
/// Discord's copy of the commands differs from ours (an old registration)
/// or the payload was forged; the asker gets the message, privately.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error(
        "factbot has no command /{0}; the command list may be out of date, try again in a minute"
    )]
    UnknownCommand(String),
    #[error("/{command}: `{option}` has a kind of value factbot does not take")]
    UnsupportedValue { command: String, option: String },
    #[error("{0}")]
    Invalid(#[from] ParseError),
}

/// An interaction factbot answers: a command (or its autocomplete), or a
/// press on one of its buttons.
#[derive(Clone, Copy, Debug)]
pub enum Asked<'a> {
    Command(&'a CommandInteraction),
    Component(&'a ComponentInteraction),
}

impl<'a> Asked<'a> {
    /// Where its response goes.
    pub fn target(&self) -> Target<'a> {
        match self {
            Asked::Command(c) => Target {
                id: c.id,
                token: &c.token,
            },
            Asked::Component(c) => Target {
                id: c.id,
                token: &c.token,
            },
        }
    }
}

/// What the interaction flow needs to know about what was asked: the
/// command's name (a button press is named by the command whose reply
/// holds the button, as its id says, e.g. `data upload`), who sent it and whether they may
/// moderate, and when it arrived.
pub fn request(asked: Asked<'_>, moderator_roles: &[RoleId], received: Instant) -> Request {
    let (name, caller) = match asked {
        Asked::Command(c) => (
            named_options(&c.data).0,
            access::caller(c.user.id, c.guild_id, c.member.as_deref(), moderator_roles),
        ),
        Asked::Component(c) => (
            press::request_name(&c.data.custom_id),
            access::caller(c.user.id, c.guild_id, c.member.as_ref(), moderator_roles),
        ),
    };
    Request {
        name,
        caller,
        received,
    }
}

/// The interaction the flow answers, and what it asks for: a command,
/// autocomplete or a button press; `None` for kinds factbot does not use.
pub fn incoming(interaction: &Interaction) -> Option<(Asked<'_>, Incoming)> {
    match interaction {
        Interaction::Command(c) => Some((Asked::Command(c), Incoming::Command(converted(c)))),
        Interaction::Autocomplete(c) => Some((
            Asked::Command(c),
            Incoming::Autocomplete(completion_request(c)),
        )),
        Interaction::Component(c) => Some((
            Asked::Component(c),
            Incoming::Button(c.data.custom_id.clone()),
        )),
        _ => None,
    }
}

/// The typed command, or the private reply saying why it cannot be read.
pub fn converted(interaction: &CommandInteraction) -> Converted {
    command_from_interaction(interaction).map_err(|e| Box::new(reply_from_error(&e)))
}

/// The typed command an interaction asks for.
pub fn command_from_interaction(interaction: &CommandInteraction) -> Result<Command, ConvertError> {
    command_from_data(&interaction.data)
}

/// The name of the command `data` asks for (`ask`, or a subcommand such
/// as `data upload`) and the options given to it.
pub fn named_options(data: &CommandData) -> (String, &[CommandDataOption]) {
    match data.options.as_slice() {
        [only] => match &only.value {
            CommandDataOptionValue::SubCommand(options) => {
                (format!("{} {}", data.name, only.name), options.as_slice())
            }
            _ => (data.name.clone(), &data.options),
        },
        _ => (data.name.clone(), &data.options),
    }
}

/// The typed command in an interaction's `data`: option values are taken
/// as Discord typed them and checked against the spec by the same
/// [`CommandSpec::command`](crate::commands::spec::CommandSpec::command) the console uses (required options, bounds, types).
/// An attachment is the file Discord resolved for it (name, URL, size).
pub fn command_from_data(data: &CommandData) -> Result<Command, ConvertError> {
    let (name, given) = named_options(data);
    let spec = commands::find(&name).ok_or_else(|| ConvertError::UnknownCommand(name.clone()))?;
    let unsupported = |option: &CommandDataOption| ConvertError::UnsupportedValue {
        command: spec.name.to_string(),
        option: option.name.clone(),
    };
    let options = given
        .iter()
        .map(|option| {
            let value = match &option.value {
                CommandDataOptionValue::String(s) => OptionValue::Text(s.clone()),
                CommandDataOptionValue::Integer(n) => OptionValue::Integer(*n),
                // While autocompleting, the focused option is always text.
                CommandDataOptionValue::Autocomplete { value, .. } => {
                    OptionValue::Text(value.clone())
                }
                CommandDataOptionValue::Attachment(id) => {
                    let file = data
                        .resolved
                        .attachments
                        .get(id)
                        .ok_or_else(|| unsupported(option))?;
                    OptionValue::Attachment(Attachment {
                        name: file.filename.clone(),
                        url: file.url.clone(),
                        size: u64::from(file.size),
                    })
                }
                _ => return Err(unsupported(option)),
            };
            Ok((option.name.clone(), value))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(spec.command(options)?)
}

/// What an autocomplete interaction asks for: the completion kind of the
/// focused option and what has been typed so far. `None` when the focused
/// option has no completion in the spec.
pub fn completion_request(interaction: &CommandInteraction) -> Option<(CompletionKind, String)> {
    let focused = interaction.data.autocomplete()?;
    let (name, _) = named_options(&interaction.data);
    let kind = commands::find(&name)?
        .options
        .iter()
        .find(|o| o.name == focused.name)?
        .autocomplete?;
    Some((kind, focused.value.to_string()))
}

/// The interaction response for autocomplete completions, and how many
/// choices it holds once fitted.
pub fn autocomplete_response(
    completions: Vec<(String, String)>,
) -> (CreateInteractionResponse, usize) {
    let fitted = fit_choices(completions);
    let count = fitted.len();
    let choices = fitted
        .into_iter()
        .map(|(label, value)| AutocompleteChoice::new(label, value))
        .collect();
    (
        CreateInteractionResponse::Autocomplete(
            CreateAutocompleteResponse::new().set_choices(choices),
        ),
        count,
    )
}

/// Allowed mentions that allow nothing: no reply pings anyone, whatever
/// the data or the question holds. Serialized as
/// `{"parse":[],"users":[],"roles":[]}`.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// The embed colour of a kind of reply.
pub fn colour_of(kind: ReplyKind) -> Colour {
    match kind {
        ReplyKind::Answer => Colour::new(0x2B6CB0),
        ReplyKind::NotFound => Colour::new(0x718096),
        ReplyKind::Unresolved => Colour::new(0xD69E2E),
        ReplyKind::Refused => Colour::new(0xC05621),
        ReplyKind::Failed => Colour::new(0xC53030),
    }
}

/// The reply as an embed: title, body as description, the reply's fields,
/// one field per citation (fact id, quote, source), and the footer.
///
/// The reply is taken as it is; [`response_from_reply`] and friends fit it
/// to Discord's limits first ([`Reply::fit`], which also neutralises
/// markdown and mentions in text from data or users).
pub fn embed_from_reply(reply: &Reply) -> CreateEmbed {
    let mut embed = CreateEmbed::new().colour(colour_of(reply.kind));
    if !reply.title.is_empty() {
        embed = embed.title(reply.title.clone());
    }
    if !reply.body.is_empty() {
        embed = embed.description(reply.body.clone());
    }
    embed = embed.fields(
        reply
            .embed_fields()
            .into_iter()
            .map(|f| (f.name, f.value, f.inline)),
    );
    if let Some(footer) = &reply.footer {
        embed = embed.footer(CreateEmbedFooter::new(footer.clone()));
    }
    embed
}

/// The message for an immediate response to a command: the fitted reply as
/// one embed, ephemeral when the reply is, mentioning no one.
pub fn response_from_reply(reply: &Reply) -> CreateInteractionResponse {
    let reply = reply.clone().fit();
    CreateInteractionResponse::Message(message_from_reply(&reply))
}

/// The response to a button press that replaces the message holding the
/// button with the fitted reply (its buttons, or none, replace the old).
pub fn update_from_reply(reply: &Reply) -> CreateInteractionResponse {
    let reply = reply.clone().fit();
    CreateInteractionResponse::UpdateMessage(message_from_reply(&reply))
}

fn message_from_reply(reply: &Reply) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embed(embed_from_reply(reply))
        .ephemeral(reply.ephemeral)
        .components(components_from_reply(reply))
        .allowed_mentions(no_mentions())
}

/// The reply's buttons as one action row (none when it has no buttons).
pub fn components_from_reply(reply: &Reply) -> Vec<CreateActionRow> {
    if reply.buttons.is_empty() {
        return Vec::new();
    }
    let buttons = reply
        .buttons
        .iter()
        .map(|b| {
            CreateButton::new(b.id.clone())
                .label(b.label.clone())
                .style(match b.style {
                    crate::reply::ButtonStyle::Primary => ButtonStyle::Primary,
                    crate::reply::ButtonStyle::Secondary => ButtonStyle::Secondary,
                    crate::reply::ButtonStyle::Danger => ButtonStyle::Danger,
                })
        })
        .collect();
    vec![CreateActionRow::Buttons(buttons)]
}

/// The edit that fills in a deferred response with the fitted reply.
/// (Whether it is ephemeral was decided when deferring.)
pub fn edit_from_reply(reply: &Reply) -> EditInteractionResponse {
    let reply = reply.clone().fit();
    EditInteractionResponse::new()
        .embed(embed_from_reply(&reply))
        .components(components_from_reply(&reply))
        .allowed_mentions(no_mentions())
}

/// A follow-up message carrying the fitted reply.
pub fn followup_from_reply(reply: &Reply) -> CreateInteractionResponseFollowup {
    let reply = reply.clone().fit();
    CreateInteractionResponseFollowup::new()
        .embed(embed_from_reply(&reply))
        .ephemeral(reply.ephemeral)
        .components(components_from_reply(&reply))
        .allowed_mentions(no_mentions())
}

/// The private reply telling the asker why their interaction was not
/// understood.
pub fn reply_from_error(error: &ConvertError) -> Reply {
    Reply::private(
        ReplyKind::Unresolved,
        "Could not read that command",
        error.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::options::OptionType;
    use crate::reply::{Citation, Field};
    use serde_json::{Value, json};

    fn data(name: &str, options: Value) -> CommandData {
        serde_json::from_value(json!({"id": "1", "name": name, "type": 1, "options": options}))
            .unwrap()
    }

    fn check(name: &str, options: Value, expected: Result<Command, ConvertError>) {
        assert_eq!(command_from_data(&data(name, options)), expected);
    }

    #[test]
    fn options_become_typed_commands() {
        check(
            "ask",
            json!([{"name": "question", "type": 3, "value": "  Who designated the Taliban? "}]),
            Ok(Command::Ask {
                question: "Who designated the Taliban?".into(),
            }),
        );
        check(
            "timeline",
            json!([{"name": "to", "type": 4, "value": 2024}, {"name": "entity", "type": 3, "value": "Taliban"}]),
            Ok(Command::Timeline {
                entity: Some("Taliban".into()),
                from: None,
                to: Some(2024),
            }),
        );
        check(
            "designations",
            json!([]),
            Ok(Command::Designations {
                designator: None,
                target: None,
            }),
        );
        check("about", json!([]), Ok(Command::About));
        check("reload", json!([]), Ok(Command::Reload));
    }

    /// An attachment as Discord resolves it in `data.resolved`.
    fn attachment() -> Value {
        json!({"77": {
            "id": "77", "filename": "facts.toml", "size": 120,
            "url": "https://cdn.discordapp.com/attachments/1/77/facts.toml",
            "proxy_url": "https://media.discordapp.net/attachments/1/77/facts.toml",
            "content_type": "application/toml"
        }})
    }

    #[test]
    fn every_spec_command_converts() {
        for spec in commands::COMMANDS {
            let options: Vec<Value> = spec
                .options
                .iter()
                .map(|o| match o.kind {
                    OptionType::String => json!({"name": o.name, "type": 3, "value": "x"}),
                    OptionType::Integer => json!({"name": o.name, "type": 4, "value": 2}),
                    OptionType::Attachment => json!({"name": o.name, "type": 11, "value": "77"}),
                })
                .collect();
            // A subcommand arrives as the group's one option.
            let data = match spec.name.split_once(' ') {
                None => data(spec.name, Value::Array(options)),
                Some((group, sub)) => serde_json::from_value(json!({
                    "id": "1", "name": group, "type": 1,
                    "options": [{"name": sub, "type": 1, "options": options}],
                    "resolved": {"attachments": attachment()},
                }))
                .unwrap(),
            };
            let command =
                command_from_data(&data).unwrap_or_else(|e| panic!("/{}: {e}", spec.name));
            assert_eq!(command.name(), spec.name);
        }
        let upload: CommandData = serde_json::from_value(json!({
            "id": "1", "name": "data", "type": 1,
            "options": [{"name": "upload", "type": 1, "options": [
                {"name": "file", "type": 11, "value": "77"},
                {"name": "note", "type": 3, "value": "fix a date"},
            ]}],
            "resolved": {"attachments": attachment()},
        }))
        .unwrap();
        assert_eq!(
            command_from_data(&upload),
            Ok(Command::DataUpload {
                file: Attachment {
                    name: "facts.toml".into(),
                    url: "https://cdn.discordapp.com/attachments/1/77/facts.toml".into(),
                    size: 120,
                },
                note: Some("fix a date".into()),
            })
        );
    }

    #[test]
    fn stale_or_forged_options_are_errors_not_panics() {
        let err = |name: &str, options: Value| command_from_data(&data(name, options)).unwrap_err();
        assert_eq!(
            err("nope", json!([])),
            ConvertError::UnknownCommand("nope".into())
        );
        let missing = err("ask", json!([]));
        assert!(matches!(
            missing,
            ConvertError::Invalid(ParseError::MissingOption { .. })
        ));
        let blank = err(
            "ask",
            json!([{"name": "question", "type": 3, "value": "   "}]),
        );
        assert!(matches!(
            blank,
            ConvertError::Invalid(ParseError::BadValue { .. })
        ));
        let unknown = err("ask", json!([{"name": "q", "type": 3, "value": "x"}]));
        assert!(matches!(
            unknown,
            ConvertError::Invalid(ParseError::UnknownOption { .. })
        ));
        let text_year = err(
            "timeline",
            json!([{"name": "from", "type": 3, "value": "1999"}]),
        );
        assert!(matches!(
            text_year,
            ConvertError::Invalid(ParseError::BadValue { .. })
        ));
        let boolean = err(
            "entity",
            json!([{"name": "name", "type": 5, "value": true}]),
        );
        assert!(matches!(boolean, ConvertError::UnsupportedValue { .. }));
        let e = err(
            "timeline",
            json!([{"name": "from", "type": 4, "value": 99999}]),
        );
        assert!(
            e.to_string().starts_with("/timeline: `from` must be"),
            "{e}"
        );
        let long = "x".repeat(501);
        let e = err(
            "ask",
            json!([{"name": "question", "type": 3, "value": long}]),
        );
        assert!(e.to_string().contains("at most 500"), "{e}");
    }

    fn interaction(options: Value) -> CommandInteraction {
        serde_json::from_value(json!({
            "id": "10", "application_id": "20", "type": 4, "token": "t", "version": 1,
            "channel_id": "30", "locale": "en-GB", "entitlements": [], "attachment_size_limit": 1024,
            "user": {"id": "40", "username": "u", "discriminator": "0", "avatar": null},
            "data": {"id": "1", "name": "timeline", "type": 1, "options": options},
        }))
        .unwrap()
    }

    #[test]
    fn autocomplete_asks_for_the_focused_options_completion() {
        let i = interaction(json!([
            {"name": "from", "type": 4, "value": 1999},
            {"name": "entity", "type": 3, "value": "talib", "focused": true}
        ]));
        assert_eq!(
            completion_request(&i),
            Some((CompletionKind::Entity, "talib".to_string()))
        );
        // An empty query is fine while typing.
        let i = interaction(json!([{"name": "entity", "type": 3, "value": "", "focused": true}]));
        assert_eq!(
            completion_request(&i),
            Some((CompletionKind::Entity, String::new()))
        );
        // A focused option without completion asks for nothing.
        let i = interaction(json!([{"name": "from", "type": 4, "value": "19", "focused": true}]));
        assert_eq!(completion_request(&i), None);
    }

    #[test]
    fn choices_are_at_most_25_and_within_100_characters() {
        let mut completions: Vec<(String, String)> = (0..30)
            .map(|i| (format!("{i} {}", "é".repeat(120)), format!("v{i}")))
            .collect();
        completions.insert(0, ("too long a value".into(), "v".repeat(101)));
        completions.insert(0, ("empty value".into(), String::new()));
        let (response, count) = autocomplete_response(completions);
        let json = serde_json::to_value(response).unwrap();
        let choices = json["data"]["choices"].as_array().unwrap();
        assert_eq!(choices.len(), 25);
        assert_eq!(count, 25);
        assert_eq!(choices[0]["value"], "v0");
        for c in choices {
            assert!(c["name"].as_str().unwrap().chars().count() <= 100);
        }
    }

    fn sample_reply() -> Reply {
        let mut reply = Reply::answer(
            "Designations of Taliban",
            "Russia's Supreme Court designated it.",
        );
        reply.fields.push(Field {
            name: "When".into(),
            value: "2003".into(),
            inline: true,
        });
        reply.citations.push(Citation {
            fact_id: "ru-court-2003".into(),
            quote: "In 2003, Russia's Supreme Court designated".into(),
            source: "Putin wants to get closer to the Taliban (Asia Times)".into(),
        });
        reply.footer = Some("Dataset abc123".into());
        reply
    }

    #[test]
    fn a_reply_becomes_one_embed_with_its_citations() {
        let embed = serde_json::to_value(embed_from_reply(&sample_reply())).unwrap();
        assert_eq!(embed["title"], "Designations of Taliban");
        assert_eq!(
            embed["description"],
            "Russia's Supreme Court designated it."
        );
        assert_eq!(embed["color"], 0x2B6CB0);
        assert_eq!(embed["fields"][0]["name"], "When");
        assert_eq!(embed["fields"][0]["inline"], true);
        let evidence = &embed["fields"][1];
        assert_eq!(evidence["name"], "Evidence · ru-court-2003");
        let value = evidence["value"].as_str().unwrap();
        assert!(
            value.contains("In 2003, Russia's Supreme Court designated"),
            "{value}"
        );
        assert!(value.contains("(Asia Times)"), "{value}");
        assert_eq!(embed["footer"]["text"], "Dataset abc123");
    }

    #[test]
    fn responses_mention_nobody_and_follow_ephemerality() {
        let response = serde_json::to_value(response_from_reply(&sample_reply())).unwrap();
        assert_eq!(response["type"], 4);
        assert_eq!(
            response["data"]["allowed_mentions"],
            json!({"parse": [], "users": [], "roles": []})
        );
        assert_eq!(response["data"]["flags"].as_u64().unwrap_or(0) & 64, 0);
        let private = Reply::private(ReplyKind::Refused, "Not allowed", "No.");
        let response = serde_json::to_value(response_from_reply(&private)).unwrap();
        assert_eq!(response["data"]["flags"], 64);
        let edit = serde_json::to_value(edit_from_reply(&sample_reply())).unwrap();
        assert_eq!(edit["allowed_mentions"]["parse"], json!([]));
        let followup = serde_json::to_value(followup_from_reply(&private)).unwrap();
        assert_eq!(followup["allowed_mentions"]["parse"], json!([]));
        assert_eq!(followup["flags"], 64);
    }
}
