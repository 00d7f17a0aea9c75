//! Registering the slash commands with Discord from their one definition
//! ([`crate::commands::COMMANDS`]).
//!
//! On every READY the adapter fetches what is registered (per configured
//! guild, or globally) and overwrites it in bulk only when it differs, so a
//! restart with unchanged commands sends no writes (Discord limits command
//! creation to 200 a day per guild).

use std::fmt;

use serenity::all::{
    Command as RegisteredCommand, CommandOption, CommandOptionType, CommandType, GuildId,
    InteractionContext, Permissions,
};

use super::respond::{Rest, RestError};

use super::registration::registration as registration_payload;
use crate::commands;
use crate::commands::TopLevel;
use crate::commands::options::OptionType;
use crate::commands::spec::{Audience, CommandSpec};

/// Where commands are registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere the bot is (Discord may take a while to show changes).
    Global,
    /// One guild (changes show at once).
    Guild(GuildId),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Global => f.write_str("global"),
            Scope::Guild(g) => write!(f, "guild {g}"),
        }
    }
}

/// What registration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    /// The registered commands already matched; nothing was written.
    Unchanged,
    /// The commands were overwritten in bulk.
    Overwritten,
}

/// The scopes for the configured guilds: each guild, or global when none.
pub fn scopes(guild_ids: &[GuildId]) -> Vec<Scope> {
    if guild_ids.is_empty() {
        vec![Scope::Global]
    } else {
        guild_ids.iter().map(|g| Scope::Guild(*g)).collect()
    }
}

/// Registers the commands in every configured scope (each guild, or
/// globally), logging what happened in each. Failures are logged, not
/// fatal: the bot answers whatever is registered. Both transports call
/// this: the gateway on READY, the HTTP endpoint at start.
pub async fn register_everywhere(rest: &Rest, guild_ids: &[GuildId]) {
    for scope in scopes(guild_ids) {
        match ensure_registered(rest, scope).await {
            Ok(result) => {
                tracing::info!(scope = %scope, result = ?result, "slash commands registered")
            }
            Err(e) => tracing::error!(
                scope = %scope,
                error = %e,
                "registering the slash commands failed; check that the bot was invited with the \
                 applications.commands scope"
            ),
        }
    }
}

/// Makes the commands registered in `scope` match the spec.
/// (Rate limits are waited out as Discord asks, for up to
/// [`REGISTRATION_PATIENCE`](super::respond::REGISTRATION_PATIENCE).)
pub async fn ensure_registered(rest: &Rest, scope: Scope) -> Result<Registration, RestError> {
    let guild = match scope {
        Scope::Global => None,
        Scope::Guild(g) => Some(g),
    };
    let existing = rest.commands(guild).await?;
    if matches_spec(&existing) {
        return Ok(Registration::Unchanged);
    }
    rest.put_commands(guild, &registration_payload()).await?;
    Ok(Registration::Overwritten)
}

/// Whether the registered commands are exactly the spec's (same names,
/// descriptions, options, bounds and permissions; order of commands aside).
pub fn matches_spec(existing: &[RegisteredCommand]) -> bool {
    let tops = commands::top_level();
    existing.len() == tops.len()
        && tops.iter().all(|top| {
            existing
                .iter()
                .find(|c| c.name == top.name())
                .is_some_and(|c| command_matches(top, c))
        })
}

fn command_matches(top: &TopLevel, c: &RegisteredCommand) -> bool {
    let (permissions, contexts) = match top.audience() {
        Audience::Everyone => (None, None),
        Audience::Moderators => (
            Some(Permissions::MANAGE_GUILD),
            Some(vec![InteractionContext::Guild]),
        ),
    };
    let options_match = match top {
        TopLevel::Single(spec) => {
            c.description == spec.description && options_match(spec, &c.options)
        }
        TopLevel::Group {
            description,
            subcommands,
            ..
        } => {
            c.description == *description
                && c.options.len() == subcommands.len()
                && subcommands.iter().zip(&c.options).all(|((name, spec), o)| {
                    o.kind == CommandOptionType::SubCommand
                        && o.name == *name
                        && o.description == spec.description
                        && options_match(spec, &o.options)
                })
        }
    };
    c.kind == CommandType::ChatInput
        && c.default_member_permissions == permissions
        && (contexts.is_none() || c.contexts == contexts)
        && options_match
}

fn options_match(spec: &CommandSpec, options: &[CommandOption]) -> bool {
    options.len() == spec.options.len()
        && spec
            .options
            .iter()
            .zip(options)
            .all(|(os, o)| option_matches(os, o))
}

fn option_matches(os: &commands::options::OptionSpec, o: &CommandOption) -> bool {
    let kind = match os.kind {
        OptionType::String => CommandOptionType::String,
        OptionType::Integer => CommandOptionType::Integer,
        OptionType::Attachment => CommandOptionType::Attachment,
    };
    let bounds_match = match os.kind {
        OptionType::String => {
            o.min_length.map(i64::from) == os.min
                && o.max_length.map(i64::from) == os.max
                && o.min_value.is_none()
                && o.max_value.is_none()
        }
        OptionType::Integer => {
            o.min_value.as_ref().and_then(|n| n.as_i64()) == os.min
                && o.max_value.as_ref().and_then(|n| n.as_i64()) == os.max
                && o.min_length.is_none()
                && o.max_length.is_none()
        }
        OptionType::Attachment => {
            o.min_value.is_none()
                && o.max_value.is_none()
                && o.min_length.is_none()
                && o.max_length.is_none()
        }
    };
    o.name == os.name
        && o.description == os.description
        && o.kind == kind
        && o.required == os.required
        && o.autocomplete == os.autocomplete.is_some()
        && o.choices.is_empty()
        && o.options.is_empty()
        && bounds_match
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Discord answers after a bulk overwrite: the payload plus ids.
    fn as_registered(payload: &serde_json::Value) -> Vec<RegisteredCommand> {
        let commands = payload.as_array().unwrap();
        commands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut c = c.clone();
                c["id"] = (1000 + i).to_string().into();
                c["application_id"] = "42".into();
                c["version"] = "1".into();
                c["type"] = 1.into();
                serde_json::from_value(c).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_payload_matches_its_own_spec() {
        let registered = as_registered(&registration_payload());
        assert!(matches_spec(&registered));
        assert!(!matches_spec(&registered[1..]));
        assert!(!matches_spec(&[]));
    }

    #[test]
    fn a_changed_description_or_bound_is_noticed() {
        let mut payload = registration_payload();
        payload[0]["description"] = "old text".into();
        assert!(!matches_spec(&as_registered(&payload)));

        let mut payload = registration_payload();
        let timeline = payload
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|c| c["name"] == "timeline")
            .unwrap();
        timeline["options"][1]["min_value"] = 0.into();
        assert!(!matches_spec(&as_registered(&payload)));
    }

    #[test]
    fn reload_is_for_managers_in_guilds_only() {
        let payload = registration_payload();
        let reload = payload
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "reload")
            .unwrap();
        assert_eq!(
            reload["default_member_permissions"],
            Permissions::MANAGE_GUILD.bits().to_string()
        );
        assert_eq!(reload["contexts"], serde_json::json!([0]));
        let ask = payload
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "ask")
            .unwrap();
        assert!(
            ask["default_member_permissions"].is_null(),
            "everyone may ask"
        );
    }

    #[test]
    fn integer_bounds_are_exact_integers() {
        let payload = registration_payload();
        let timeline = payload
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "timeline")
            .unwrap();
        let from = &timeline["options"][1];
        assert_eq!(from["name"], "from");
        assert_eq!(from["type"], 4);
        assert!(from["min_value"].is_i64(), "{from}");
        assert_eq!(from["min_value"], serde_json::json!(-3000));
        assert_eq!(from["max_value"], serde_json::json!(3000));
    }

    #[test]
    fn scopes_follow_the_configured_guilds() {
        assert_eq!(scopes(&[]), vec![Scope::Global]);
        let g = GuildId::new(9);
        assert_eq!(scopes(&[g]), vec![Scope::Guild(g)]);
    }
}
