//! Who may run moderator commands (`/reload`), decided from the interaction
//! alone: Discord's side of [`crate::service::access`].
//!
//! Discord hides `/reload` from members without Manage Server (it is
//! registered with `default_member_permissions`), but server admins can
//! change that per guild, and an HTTP-interactions payload can be forged
//! if the signature check were ever skipped: the adapter decides again on
//! every use. Allowed: members with Manage Server or Administrator (the
//! `permissions` Discord computed for the member in that channel), or with a
//! role listed in `moderator_role_ids`. Refused: everyone else, and anyone
//! in a DM.

use serenity::all::{CommandInteraction, GuildId, Member, Permissions, RoleId, UserId};

use crate::service::access::{Caller, Grant, Refusal};

/// The [`Caller`] of an interaction from its parts: who, where, and
/// whether they may moderate.
pub fn caller(
    user: UserId,
    guild: Option<GuildId>,
    member: Option<&Member>,
    moderator_roles: &[RoleId],
) -> Caller {
    Caller {
        user: user.get(),
        guild: guild.map(GuildId::get),
        access: member_access(guild, member, moderator_roles),
    }
}

/// Whether the asker of `interaction` may run a moderator command.
pub fn moderator_access(
    interaction: &CommandInteraction,
    moderator_roles: &[RoleId],
) -> Result<Grant, Refusal> {
    member_access(
        interaction.guild_id,
        interaction.member.as_deref(),
        moderator_roles,
    )
}

/// The same decision from its parts: where it was asked and by whom.
pub fn member_access(
    guild: Option<GuildId>,
    member: Option<&Member>,
    moderator_roles: &[RoleId],
) -> Result<Grant, Refusal> {
    let (Some(_), Some(member)) = (guild, member) else {
        return Err(Refusal::DirectMessage);
    };
    let permissions = member.permissions.unwrap_or_else(Permissions::empty);
    if permissions.contains(Permissions::ADMINISTRATOR) {
        return Ok(Grant::Administrator);
    }
    if permissions.contains(Permissions::MANAGE_GUILD) {
        return Ok(Grant::ManageGuild);
    }
    member
        .roles
        .iter()
        .find(|r| moderator_roles.contains(r))
        .map(|r| Grant::Role(r.get()))
        .ok_or(Refusal::NotModerator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(permissions: Option<&str>, roles: &[u64]) -> Member {
        let mut json = serde_json::json!({
            "user": {"id": "5", "username": "someone", "discriminator": "0", "avatar": null},
            "roles": roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "deaf": false, "mute": false, "flags": 0,
        });
        if let Some(p) = permissions {
            json["permissions"] = p.into();
        }
        serde_json::from_value(json).unwrap()
    }

    const GUILD: Option<GuildId> = Some(GuildId::new(1));

    #[test]
    fn manage_server_or_administrator_is_enough() {
        let manage = Permissions::MANAGE_GUILD.bits().to_string();
        let admin = Permissions::ADMINISTRATOR.bits().to_string();
        assert_eq!(
            member_access(GUILD, Some(&member(Some(&manage), &[])), &[]),
            Ok(Grant::ManageGuild)
        );
        assert_eq!(
            member_access(GUILD, Some(&member(Some(&admin), &[])), &[]),
            Ok(Grant::Administrator)
        );
    }

    #[test]
    fn a_moderator_role_is_enough() {
        let roles = [RoleId::new(77)];
        let m = member(Some("1024"), &[3, 77]);
        assert_eq!(member_access(GUILD, Some(&m), &roles), Ok(Grant::Role(77)));
    }

    #[test]
    fn everyone_else_and_direct_messages_are_refused() {
        let roles = [RoleId::new(77)];
        let plain = member(Some("1024"), &[3]);
        assert_eq!(
            member_access(GUILD, Some(&plain), &roles),
            Err(Refusal::NotModerator)
        );
        let unknown = member(None, &[]);
        assert_eq!(
            member_access(GUILD, Some(&unknown), &roles),
            Err(Refusal::NotModerator)
        );
        assert_eq!(
            member_access(None, None, &roles),
            Err(Refusal::DirectMessage)
        );
        let manage = Permissions::MANAGE_GUILD.bits().to_string();
        assert_eq!(
            member_access(None, Some(&member(Some(&manage), &[])), &roles),
            Err(Refusal::DirectMessage)
        );
    }
}
