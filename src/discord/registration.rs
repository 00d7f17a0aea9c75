//! The registration JSON for Discord's bulk-overwrite endpoint
//! (`PUT /applications/{id}/commands`), derived from the commands' one
//! definition ([`COMMANDS`](crate::commands::COMMANDS)): printed by `factbot commands --json`,
//! registered by [`super::register`]. `/reload` (audience
//! `Audience::Moderators`) is shown by default only to members with Manage
//! Server and only in guilds; the flow checks again when it runs.

use serde_json::{Value, json};

use crate::commands::options::{OptionSpec, OptionType};
use crate::commands::spec::Audience;
use crate::commands::{TopLevel, top_level};

/// Discord's permission bit for Manage Server (`MANAGE_GUILD`, 1 << 5).
pub const MANAGE_GUILD: &str = "32";

/// Discord's `CHAT_INPUT` application command type.
const CHAT_INPUT: u8 = 1;
/// Interaction contexts: 0 = a server, 1 = the bot's DMs.
const CONTEXT_GUILD: u8 = 0;
const CONTEXT_BOT_DM: u8 = 1;
/// Installation type: installed to a server.
const GUILD_INSTALL: u8 = 0;

/// Discord's option type of a subcommand.
pub const SUB_COMMAND: u8 = 1;

/// Every command as Discord's bulk-overwrite endpoint expects it.
pub fn registration() -> Value {
    Value::Array(top_level().iter().map(command).collect())
}

/// One top-level command's registration object (a group's subcommands as
/// its options).
pub fn command(top: &TopLevel) -> Value {
    let (permissions, contexts, dm) = match top.audience() {
        Audience::Everyone => (Value::Null, vec![CONTEXT_GUILD, CONTEXT_BOT_DM], true),
        // Reloading is a server moderator's job: never in DMs.
        Audience::Moderators => (json!(MANAGE_GUILD), vec![CONTEXT_GUILD], false),
    };
    let (description, options) = match top {
        TopLevel::Single(spec) => (spec.description, spec.options.iter().map(option).collect()),
        TopLevel::Group {
            description,
            subcommands,
            ..
        } => (
            *description,
            subcommands
                .iter()
                .map(|(name, spec)| {
                    let mut sub = json!({
                        "type": SUB_COMMAND,
                        "name": name,
                        "description": spec.description,
                    });
                    if !spec.options.is_empty() {
                        sub["options"] = spec.options.iter().map(option).collect();
                    }
                    sub
                })
                .collect::<Vec<_>>(),
        ),
    };
    let mut out = json!({
        "name": top.name(),
        "description": description,
        "type": CHAT_INPUT,
        "default_member_permissions": permissions,
        "dm_permission": dm,
        "contexts": contexts,
        "integration_types": [GUILD_INSTALL],
    });
    if !options.is_empty() {
        out["options"] = Value::Array(options);
    }
    out
}

/// Discord's `ApplicationCommandOptionType` number.
pub fn option_type(kind: OptionType) -> u8 {
    match kind {
        OptionType::String => 3,
        OptionType::Integer => 4,
        OptionType::Attachment => 11,
    }
}

fn option(spec: &OptionSpec) -> Value {
    let mut out = json!({
        "type": option_type(spec.kind),
        "name": spec.name,
        "description": spec.description,
        "required": spec.required,
    });
    if spec.autocomplete.is_some() {
        out["autocomplete"] = json!(true);
    }
    let (min_key, max_key) = match spec.kind {
        OptionType::String => ("min_length", "max_length"),
        OptionType::Integer => ("min_value", "max_value"),
        OptionType::Attachment => return out,
    };
    if let Some(min) = spec.min {
        out[min_key] = json!(min);
    }
    if let Some(max) = spec.max {
        out[max_key] = json!(max);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_needs_manage_server_and_others_do_not() {
        let all = registration();
        let all = all.as_array().unwrap();
        assert_eq!(all.len(), top_level().len());
        for c in all {
            let expected = if c["name"] == "reload" || c["name"] == "data" {
                json!("32")
            } else {
                Value::Null
            };
            assert_eq!(c["default_member_permissions"], expected, "{c}");
        }
    }

    #[test]
    fn follows_discords_rules_for_commands() {
        for c in registration().as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            assert!(
                (1..=32).contains(&name.len())
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch == '_'),
                "bad name {name}"
            );
            let desc = c["description"].as_str().unwrap();
            assert!(
                (1..=100).contains(&desc.chars().count()),
                "{name}: description too long"
            );
            assert_eq!(c["type"], 1);
            let options = c["options"].as_array().cloned().unwrap_or_default();
            assert!(options.len() <= 25);
            // A group's subcommands follow the same rules, one level down.
            let subcommands: Vec<Value> = options
                .iter()
                .filter(|o| o["type"] == SUB_COMMAND)
                .cloned()
                .collect();
            assert!(subcommands.is_empty() || subcommands.len() == options.len());
            let lists: Vec<Vec<Value>> = if subcommands.is_empty() {
                vec![options]
            } else {
                subcommands
                    .iter()
                    .map(|sub| {
                        let sname = sub["name"].as_str().unwrap();
                        assert!((1..=32).contains(&sname.len()) && !sname.contains(' '));
                        let sdesc = sub["description"].as_str().unwrap();
                        assert!((1..=100).contains(&sdesc.chars().count()), "{name} {sname}");
                        sub["options"].as_array().cloned().unwrap_or_default()
                    })
                    .collect()
            };
            for options in lists {
                let mut seen_optional = false;
                for o in &options {
                    let oname = o["name"].as_str().unwrap();
                    assert!((1..=32).contains(&oname.len()));
                    let odesc = o["description"].as_str().unwrap();
                    assert!((1..=100).contains(&odesc.chars().count()), "{name}.{oname}");
                    let required = o["required"].as_bool().unwrap();
                    assert!(
                        !(required && seen_optional),
                        "{name}: required after optional"
                    );
                    seen_optional |= !required;
                    match o["type"].as_u64().unwrap() {
                        3 => {
                            assert!(o.get("min_value").is_none());
                            let max = o["max_length"].as_u64().unwrap();
                            assert!((1..=6000).contains(&max));
                        }
                        4 => assert!(o.get("min_length").is_none()),
                        11 => {
                            assert!(o.get("min_length").is_none() && o.get("min_value").is_none())
                        }
                        t => panic!("unexpected option type {t}"),
                    }
                }
            }
        }
    }

    #[test]
    fn ask_registers_its_question_with_length_bounds() {
        let ask = command(&TopLevel::Single(crate::commands::find("ask").unwrap()));
        assert_eq!(
            ask["options"][0],
            json!({
                "type": 3,
                "name": "question",
                "description": "Your question, e.g. Who designated the Taliban, and when?",
                "required": true,
                "min_length": 1,
                "max_length": 500,
            })
        );
        let timeline = command(&TopLevel::Single(
            crate::commands::find("timeline").unwrap(),
        ));
        assert_eq!(timeline["options"][1]["min_value"], json!(-3000));
        assert_eq!(timeline["options"][0]["autocomplete"], json!(true));
    }
}
