//! The Discord side of the config (`[discord]`), typed with Discord's ids,
//! and the REST client both transports use (the gateway for everything,
//! the HTTP endpoint to register commands).

use std::time::Duration;

use serenity::all::{GuildId, HttpBuilder, RoleId};

use crate::config::{DISCORD_API_URL, DiscordConfig};
use crate::secret::Token;

/// A command not answered within this time is deferred (Discord drops an
/// interaction not acknowledged within 3 seconds).
pub const DEFAULT_DEFER_AFTER: Duration = Duration::from_millis(750);

/// The adapter's settings, from `[discord]` in the config.
#[derive(Clone, Debug)]
pub struct Settings {
    /// REST base URL; anything but Discord's turns off serenity's rate
    /// limiter (the proxy is expected to do that job).
    pub api_url: String,
    /// Register on these guilds; empty means globally.
    pub guild_ids: Vec<GuildId>,
    pub moderator_role_ids: Vec<RoleId>,
    /// See [`DEFAULT_DEFER_AFTER`]; zero defers every command.
    pub defer_after: Duration,
}

impl Settings {
    pub fn from_config(config: &DiscordConfig) -> Settings {
        Settings {
            api_url: config.api_url.clone(),
            guild_ids: config.guild_ids.iter().map(|g| GuildId::new(*g)).collect(),
            moderator_role_ids: config
                .moderator_role_ids
                .iter()
                .map(|r| RoleId::new(*r))
                .collect(),
            defer_after: DEFAULT_DEFER_AFTER,
        }
    }

    fn is_discord(&self) -> bool {
        self.api_url == DISCORD_API_URL
    }
}

/// The REST client for `settings.api_url`: Discord's, or a proxy (with the
/// client's own rate limiter off, as the proxy does that job).
pub fn rest_client(settings: &Settings, token: &Token) -> serenity::all::Http {
    let mut http = HttpBuilder::new(token.expose());
    if !settings.is_discord() {
        tracing::info!(
            api_url = %settings.api_url,
            "using a Discord API proxy; the client's own rate limiter is off"
        );
        http = http
            .proxy(settings.api_url.clone())
            .ratelimiter_disabled(true);
    }
    http.build()
}
