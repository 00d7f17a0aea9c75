//! INTERACTION_CREATE payloads shaped like Discord's documented examples
//! (receiving-and-responding#interaction-object): slash commands (type 2)
//! and autocomplete (type 4), asked by a guild member (with `member` and
//! computed `permissions`) or in a DM (with `user`).

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::fake::APP_ID;

pub const GUILD: u64 = 940_000_000_000_000_001;
pub const CHANNEL: u64 = 940_000_000_000_000_002;
pub const MOD_ROLE: u64 = 940_000_000_000_000_003;
pub const PLAIN_ROLE: u64 = 940_000_000_000_000_004;

/// Manage Server.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// What an ordinary member has: view channel, send messages, read message
/// history, use application commands.
pub const EVERYONE: u64 = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31);

static NEXT: AtomicU64 = AtomicU64::new(950_000_000_000_000_000);

/// Who asks.
#[derive(Clone, Debug)]
pub enum Asker {
    Member {
        user: u64,
        permissions: u64,
        roles: Vec<u64>,
    },
    Dm {
        user: u64,
    },
}

impl Asker {
    pub fn member(user: u64) -> Asker {
        Asker::Member {
            user,
            permissions: EVERYONE,
            roles: vec![PLAIN_ROLE],
        }
    }
    pub fn manager(user: u64) -> Asker {
        Asker::Member {
            user,
            permissions: EVERYONE | MANAGE_GUILD,
            roles: vec![],
        }
    }
    pub fn moderator_by_role(user: u64) -> Asker {
        Asker::Member {
            user,
            permissions: EVERYONE,
            roles: vec![PLAIN_ROLE, MOD_ROLE],
        }
    }
    pub fn dm(user: u64) -> Asker {
        Asker::Dm { user }
    }
}

/// An interaction to send, and how to find the bot's answer.
#[derive(Clone, Debug)]
pub struct Interaction {
    pub id: u64,
    pub token: String,
    pub payload: Value,
}

fn user(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("user{}", id % 10_000),
        "discriminator": "0",
        "global_name": format!("User {}", id % 10_000),
        "avatar": null,
        "public_flags": 0
    })
}

fn command_id(name: &str) -> String {
    // Stable per name, like a registered command's id.
    let n: u64 = name
        .bytes()
        .fold(0, |acc, b| acc.wrapping_mul(31).wrapping_add(b as u64));
    (960_000_000_000_000_000 + n % 1_000_000).to_string()
}

fn interaction(kind: u8, name: &str, options: Value, asker: &Asker) -> Interaction {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let token = format!("itoken-{id}-aW50ZXJhY3Rpb24");
    let mut payload = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": {
            "id": command_id(name),
            "name": name,
            "type": 1,
            "options": options,
        },
        "channel_id": CHANNEL.to_string(),
        "token": token,
        "version": 1,
        "locale": "en-GB",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
    });
    match asker {
        Asker::Member {
            user: u,
            permissions,
            roles,
        } => {
            let p = payload.as_object_mut().unwrap();
            p.insert("guild_id".into(), GUILD.to_string().into());
            p.insert("guild_locale".into(), "en-US".into());
            p.insert("app_permissions".into(), "2248473465835073".into());
            p.insert("context".into(), 0.into());
            p.insert(
                "authorizing_integration_owners".into(),
                json!({"0": GUILD.to_string()}),
            );
            p.insert(
                "channel".into(),
                json!({"id": CHANNEL.to_string(), "type": 0, "name": "general", "guild_id": GUILD.to_string(), "permissions": permissions.to_string()}),
            );
            p.insert(
                "member".into(),
                json!({
                    "user": user(*u),
                    "roles": roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                    "premium_since": null,
                    "permissions": permissions.to_string(),
                    "pending": false,
                    "nick": null,
                    "mute": false,
                    "joined_at": "2024-03-01T12:00:00.000000+00:00",
                    "deaf": false,
                    "flags": 0,
                    "avatar": null,
                    "communication_disabled_until": null
                }),
            );
        }
        Asker::Dm { user: u } => {
            let p = payload.as_object_mut().unwrap();
            p.insert("user".into(), user(*u));
            p.insert("app_permissions".into(), "1126967206737472".into());
            p.insert("context".into(), 1.into());
            p.insert("authorizing_integration_owners".into(), json!({"0": "0"}));
            p.insert(
                "channel".into(),
                json!({"id": CHANNEL.to_string(), "type": 1, "recipients": [user(*u)]}),
            );
        }
    }
    Interaction { id, token, payload }
}

/// A slash command (`type: 2`) with `(name, value)` options; values that
/// are JSON integers become INTEGER options (type 4), strings STRING (3).
pub fn command(name: &str, options: &[(&str, Value)], asker: &Asker) -> Interaction {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| json!({"name": n, "type": if v.is_i64() { 4 } else { 3 }, "value": v}))
        .collect();
    interaction(2, name, Value::Array(options), asker)
}

/// A subcommand (`/data upload`): the group's one option holds the
/// subcommand's options; a [`File`] becomes an ATTACHMENT option (type 11)
/// resolved in `data.resolved.attachments`, as Discord sends it.
pub fn subcommand(
    group: &str,
    sub: &str,
    options: &[(&str, Value)],
    file: Option<(&str, &File)>,
    asker: &Asker,
) -> Interaction {
    let mut inner: Vec<Value> = options
        .iter()
        .map(|(n, v)| json!({"name": n, "type": if v.is_i64() { 4 } else { 3 }, "value": v}))
        .collect();
    let attachment_id = NEXT.fetch_add(1, Ordering::Relaxed).to_string();
    if let Some((name, _)) = file {
        inner.insert(0, json!({"name": name, "type": 11, "value": attachment_id}));
    }
    let mut made = interaction(
        2,
        group,
        json!([{"name": sub, "type": 1, "options": inner}]),
        asker,
    );
    if let Some((_, f)) = file {
        made.payload["data"]["resolved"] = json!({"attachments": {attachment_id.clone(): {
            "id": attachment_id,
            "filename": f.name,
            "size": f.size,
            "url": f.url,
            "proxy_url": f.url,
            "content_type": "text/plain; charset=utf-8",
        }}});
    }
    made
}

/// An attached file as Discord describes it.
#[derive(Clone, Debug)]
pub struct File {
    pub name: String,
    pub url: String,
    /// The size Discord reports.
    pub size: u64,
}

/// The autocomplete of a subcommand's option.
pub fn sub_autocomplete(
    group: &str,
    sub: &str,
    focused: &str,
    typed: &str,
    asker: &Asker,
) -> Interaction {
    let options = json!([{"name": sub, "type": 1, "options": [
        {"name": focused, "type": 3, "value": typed, "focused": true}
    ]}]);
    interaction(4, group, options, asker)
}

/// A press (`type: 3`) on the button `custom_id` under one of the bot's
/// ephemeral messages.
pub fn button(custom_id: &str, asker: &Asker) -> Interaction {
    let mut made = interaction(3, "", json!([]), asker);
    made.payload["data"] = json!({"custom_id": custom_id, "component_type": 2});
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    made.payload["message"] = super::fake::bot_message(id, &json!({"flags": 64}));
    made
}

/// An autocomplete request (`type: 4`) with `focused` being typed.
pub fn autocomplete(name: &str, focused: &str, typed: &str, asker: &Asker) -> Interaction {
    let options = json!([{"name": focused, "type": 3, "value": typed, "focused": true}]);
    interaction(4, name, options, asker)
}
