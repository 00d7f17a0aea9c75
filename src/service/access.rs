//! Who may run a moderator command, as the service sees it: the decision's
//! outcome ([`Grant`] or [`Refusal`]), what the asker reads when refused,
//! and the words logs and audit lines use.
//!
//! The decision itself reads a platform's member data (permissions, roles),
//! so each adapter makes it (`discord::access` for Discord) and hands the
//! service a [`Caller`]; the interaction flow then applies it to every
//! command whose definition says moderators only.

use std::fmt;

/// Why a member may run a moderator command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grant {
    Administrator,
    ManageGuild,
    /// A configured moderator role (its id).
    Role(u64),
    /// The console: whoever runs it owns the data directory.
    Console,
}

/// Why someone may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Asked in a direct message: there is no server to moderate.
    DirectMessage,
    /// A member without the permission or a moderator role.
    NotModerator,
}

impl Refusal {
    /// The sentence the asker reads.
    pub fn explain(self) -> &'static str {
        match self {
            Refusal::DirectMessage => {
                "/reload works only in a server, not in direct messages: run it in a channel of a \
                 server where you moderate the bot."
            }
            Refusal::NotModerator => {
                "Only moderators can reload the dataset: members with the Manage Server or \
                 Administrator permission, or with a moderator role set in the bot's config."
            }
        }
    }

    /// A short word for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::DirectMessage => "direct_message",
            Refusal::NotModerator => "not_moderator",
        }
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grant::Administrator => f.write_str("administrator"),
            Grant::ManageGuild => f.write_str("manage_guild"),
            Grant::Role(id) => write!(f, "role:{id}"),
            Grant::Console => f.write_str("console"),
        }
    }
}

/// Who sent an interaction, and whether they may moderate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The platform's user id.
    pub user: u64,
    /// The server it was sent in; `None` in a direct message.
    pub guild: Option<u64>,
    /// The adapter's moderator decision for this member here.
    pub access: Result<Grant, Refusal>,
}
