//! The Discord adapter: a serenity gateway bot that turns slash commands
//! into [`Command`]s, answers them from the dataset, and carries out
//! moderator reloads.
//!
//! Only this module knows Discord. It converts at the edge ([`convert`]:
//! options to `Command`, `Reply` to embed), and owns what talking to Discord
//! involves: registering commands ([`register`]), deferring slow answers,
//! checking who may reload ([`access`]), retrying when rate limited, and
//! logging each interaction. What the answers say is the command layer's
//! business, reached through [`Backend`].
//!
//! # Layout
//! - [`convert`]: pure conversions, shared with an HTTP-interactions mode.
//! - [`register`]: command registration on READY, skipped when unchanged.
//! - [`access`]: the moderator check for `/reload`.
//! - [`reload`]: reloads from `/reload`, SIGHUP and file changes, audited.
//! - [`watch`]: the debounced data-directory watcher.
//! - `handler`: the serenity event handlers; `respond`: sending, with retries.

pub mod access;
pub mod convert;
pub(crate) mod handler;
pub mod register;
pub mod reload;
pub mod respond;
pub mod watch;

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    ClientBuilder, CommandInteraction, CreateInteractionResponse, GatewayError, GatewayIntents,
    GuildId, HttpBuilder, RoleId, ShardManager,
};
use tokio::sync::Semaphore;

pub use handler::INTERACTION_TARGET;
pub use reload::{AUDIT_TARGET, Reloader, Trigger};

use crate::admin::{self, ShardStatus};
use crate::commands::{self, Command, CompletionKind};
use crate::config::{Config, DiscordConfig, Shards};
use crate::metrics::{MeteredStore, Metrics};
use crate::reply::Reply;
use crate::secret::Token;
use crate::store::{Diff, ReloadError, Store};

/// A command not answered within this time is deferred (Discord drops an
/// interaction not acknowledged within 3 seconds).
pub const DEFAULT_DEFER_AFTER: Duration = Duration::from_millis(750);
/// How long a shutdown waits for the gateway connection to close before
/// `run` returns anyway (it may be stuck reconnecting).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Commands running at once; more wait their turn.
pub const MAX_CONCURRENT_COMMANDS: usize = 16;

/// What the adapter needs from the rest of factbot: answers, completions,
/// reloads. [`Store`] provides it; tests substitute their own.
///
/// Methods may block (they run on a blocking thread).
pub trait Backend: Send + Sync + 'static {
    /// Answers a command (never `Command::Reload`, which the adapter
    /// handles through [`Backend::reload`]).
    fn execute(&self, command: &Command) -> Reply;
    /// Autocomplete choices `(label, value)` for what has been typed.
    fn complete(&self, kind: CompletionKind, typed: &str) -> Vec<(String, String)>;
    /// Re-reads and validates the data, swapping it in on success.
    fn reload(&self) -> Result<Diff, ReloadError>;
    /// The version being served.
    fn version(&self) -> String;
}

/// The autocomplete response to `interaction`: the backend's completions,
/// computed on a blocking thread once `workers` has a place, or none when
/// the interaction asks for no completion. Shared by the gateway handler
/// and the HTTP-interactions endpoint.
pub(crate) async fn autocomplete(
    backend: &Arc<dyn Backend>,
    workers: &Semaphore,
    interaction: &CommandInteraction,
) -> CreateInteractionResponse {
    let completions = match convert::completion_request(interaction) {
        Some((kind, typed)) => {
            let backend = Arc::clone(backend);
            let _permit = workers.acquire().await;
            tokio::task::spawn_blocking(move || backend.complete(kind, &typed))
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "autocomplete crashed (a bug)");
                    Vec::new()
                })
        }
        None => Vec::new(),
    };
    convert::autocomplete_response(completions)
}

impl Backend for Store {
    fn execute(&self, command: &Command) -> Reply {
        commands::execute(&self.snapshot(), command)
    }
    fn complete(&self, kind: CompletionKind, typed: &str) -> Vec<(String, String)> {
        commands::complete(&self.snapshot(), kind, typed)
    }
    fn reload(&self) -> Result<Diff, ReloadError> {
        Store::reload(self)
    }
    fn version(&self) -> String {
        self.snapshot().version.clone()
    }
}

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
        self.api_url == crate::config::DISCORD_API_URL
    }
}

/// Why the bot stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error(
        "Discord refused the bot token: check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)"
    )]
    BadToken,
    #[error("Discord refused the gateway intents the bot asked for")]
    BadIntents,
    #[error("cannot reach the Discord API at {api_url}: {why}")]
    Unreachable { api_url: String, why: String },
    #[error("cannot connect to Discord: {0}")]
    Connect(#[source] Box<serenity::Error>),
    #[error("the Discord connection ended: {0}")]
    Gateway(#[source] Box<serenity::Error>),
    #[error("cannot listen for signals: {0}")]
    Signals(#[source] std::io::Error),
    #[error("cannot watch the data directory: {0}")]
    Watch(#[from] notify::Error),
    #[error(
        "cannot serve the operations endpoint on {addr}: {source} (is another process using it?)"
    )]
    Admin {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

impl DiscordError {
    fn from_gateway(e: serenity::Error) -> DiscordError {
        match e {
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => DiscordError::BadToken,
            serenity::Error::Gateway(
                GatewayError::InvalidGatewayIntents | GatewayError::DisallowedGatewayIntents,
            ) => DiscordError::BadIntents,
            other => DiscordError::Gateway(Box::new(other)),
        }
    }
}

/// A connected (not yet serving) bot.
pub struct Bot {
    client: serenity::Client,
    reloader: Arc<Reloader>,
    metrics: Arc<Metrics>,
    shards: Arc<ShardStatus>,
}

/// Stops a serving bot from elsewhere (a signal handler, a test).
#[derive(Clone)]
pub struct ShutdownHandle(Arc<ShardManager>);

impl ShutdownHandle {
    /// Closes every gateway connection; [`Bot::serve`] then returns.
    pub async fn shutdown(&self) {
        self.0.shutdown_all().await;
    }
}

impl Bot {
    /// Builds the client: the REST client (pointed at `api_url`), the
    /// handlers, and the gateway URL (one `GET /gateway`). Slash commands
    /// need no privileged intents, and in fact no intents at all.
    pub async fn connect(
        settings: Settings,
        token: &Token,
        backend: Arc<dyn Backend>,
    ) -> Result<Bot, DiscordError> {
        Bot::connect_metered(settings, token, backend, Arc::new(Metrics::new())).await
    }

    /// [`Bot::connect`], counting interactions in `metrics` (served on
    /// `/metrics` when the operations endpoint is on).
    pub async fn connect_metered(
        settings: Settings,
        token: &Token,
        backend: Arc<dyn Backend>,
        metrics: Arc<Metrics>,
    ) -> Result<Bot, DiscordError> {
        let http = rest_client(&settings, token);
        // One cheap call first, so a wrong token or an unreachable API
        // fails the start with a clear message (serenity would otherwise
        // fall back to Discord's gateway and retry forever).
        match http.get_current_user().await {
            Ok(me) => tracing::info!(bot = %me.name, bot_id = me.id.get(), "token accepted"),
            Err(e) if respond::status_of(&e) == Some(401) => return Err(DiscordError::BadToken),
            Err(e) => {
                return Err(DiscordError::Unreachable {
                    api_url: settings.api_url.clone(),
                    why: respond::describe(&e),
                });
            }
        }
        let reloader = Arc::new(Reloader::new(Arc::clone(&backend)));
        let shards = Arc::new(ShardStatus::new());
        let handler = handler::Handler {
            settings: Arc::new(settings),
            backend,
            reloader: Arc::clone(&reloader),
            workers: Arc::new(Semaphore::new(MAX_CONCURRENT_COMMANDS)),
            metrics: Arc::clone(&metrics),
            shards: Arc::clone(&shards),
        };
        let client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
            .event_handler(handler)
            .raw_event_handler(handler::DroppedEvents)
            .await
            .map_err(|e| DiscordError::Connect(Box::new(e)))?;
        Ok(Bot {
            client,
            reloader,
            metrics,
            shards,
        })
    }

    /// What the bot counts (interactions, latency, reloads).
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
    }

    /// Which of this process' shards are connected (its readiness).
    pub fn shard_status(&self) -> Arc<ShardStatus> {
        Arc::clone(&self.shards)
    }

    /// The reloader `/reload` uses, for SIGHUP and the file watcher.
    pub fn reloader(&self) -> Arc<Reloader> {
        Arc::clone(&self.reloader)
    }

    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(Arc::clone(&self.client.shard_manager))
    }

    /// Connects to the gateway and serves until shut down (Ok) or until
    /// the connection fails for good.
    pub async fn serve(mut self) -> Result<(), DiscordError> {
        self.shards.expect([0]);
        self.client
            .start()
            .await
            .map_err(DiscordError::from_gateway)
    }

    /// [`Bot::serve`] with the configured shards: all that Discord
    /// recommends (`GET /gateway/bot`), or the range `first..=last` of
    /// `total`, so several processes can split one bot.
    pub async fn serve_shards(mut self, shards: Shards) -> Result<(), DiscordError> {
        let served = match shards {
            Shards::Auto => self.client.start_autosharded().await,
            Shards::Range { total, first, last } => {
                self.shards.expect(first..=last);
                tracing::info!(
                    first,
                    last,
                    total,
                    "starting gateway shards {first}..={last} of {total}"
                );
                // serenity takes a `Range` but runs its end shard too
                // (`start_connection(range.start, range.end, total)`), so
                // `first..last` starts shards first..=last.
                self.client.start_shard_range(first..last, total).await
            }
        };
        served.map_err(DiscordError::from_gateway)
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

/// `factbot run`: serves `store` on Discord until SIGINT or SIGTERM;
/// SIGHUP (and, with `[data] watch`, a change under the data directory)
/// reloads the dataset.
pub async fn run(config: &Config, token: Token, store: Arc<Store>) -> Result<(), DiscordError> {
    let signals = Signals::install()?;
    let metrics = Arc::new(Metrics::new());
    let backend = Arc::new(MeteredStore::new(store, Arc::clone(&metrics)));
    let settings = Settings::from_config(&config.discord);
    let bot = Bot::connect_metered(settings, &token, backend, metrics).await?;
    drop(token);
    // `/healthz` is ready once every shard of this process is connected.
    let _admin = match config.admin.listen {
        Some(addr) => {
            let shards = bot.shard_status();
            let ready: admin::ReadinessCheck = Arc::new(move || shards.readiness());
            let server = admin::start(addr, bot.metrics(), ready)
                .await
                .map_err(|source| DiscordError::Admin { addr, source })?;
            Some(server)
        }
        None => None,
    };
    let reloader = bot.reloader();
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal_task = tokio::spawn(signals.handle(
        bot.shutdown_handle(),
        Arc::clone(&reloader),
        Arc::clone(&stopping),
    ));
    let _watcher = if config.data.watch {
        Some(watch::watch_data_dir(
            &config.data.dir,
            reloader,
            watch::DEBOUNCE,
        )?)
    } else {
        None
    };

    tracing::info!("factbot is starting; stop it with Ctrl-C or SIGTERM, reload with SIGHUP");
    let served = tokio::select! {
        served = bot.serve_shards(config.discord.shards) => served,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!(
                grace_s = SHUTDOWN_GRACE.as_secs(),
                "the gateway connection did not close in time; stopping anyway"
            );
            Ok(())
        }
    };
    signal_task.abort();
    tracing::info!("factbot stopped");
    served
}

/// The signals `factbot run` (and `factbot serve-http`) obey, installed
/// before connecting so a failure stops the start.
pub(crate) struct Signals {
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    pub(crate) fn install() -> Result<Signals, DiscordError> {
        use tokio::signal::unix::{SignalKind, signal};
        let install = |kind| signal(kind).map_err(DiscordError::Signals);
        Ok(Signals {
            hangup: install(SignalKind::hangup())?,
            terminate: install(SignalKind::terminate())?,
            interrupt: install(SignalKind::interrupt())?,
        })
    }

    #[cfg(not(unix))]
    pub(crate) fn install() -> Result<Signals, DiscordError> {
        Ok(Signals {})
    }

    /// SIGHUP reloads; SIGINT or SIGTERM shuts the bot down (and wakes
    /// `stopping`).
    #[cfg(unix)]
    async fn handle(
        mut self,
        shutdown: ShutdownHandle,
        reloader: Arc<Reloader>,
        stopping: Arc<tokio::sync::Notify>,
    ) {
        self.reload_until_stopped(&reloader).await;
        tracing::info!("shutting down: closing the gateway connection");
        stopping.notify_one();
        shutdown.shutdown().await;
    }

    /// Reloads through `reloader` on every SIGHUP; returns on SIGINT or
    /// SIGTERM.
    #[cfg(unix)]
    pub(crate) async fn reload_until_stopped(&mut self, reloader: &Reloader) {
        loop {
            tokio::select! {
                Some(()) = self.hangup.recv() => {
                    tracing::info!("SIGHUP: reloading the dataset");
                    // The outcome is audited by the reloader.
                    let _ = reloader.reload(Trigger::Signal).await;
                }
                _ = self.terminate.recv() => break,
                _ = self.interrupt.recv() => break,
            }
        }
    }

    /// Returns on Ctrl-C.
    #[cfg(not(unix))]
    pub(crate) async fn reload_until_stopped(&mut self, _reloader: &Reloader) {
        let _ = tokio::signal::ctrl_c().await;
    }

    #[cfg(not(unix))]
    async fn handle(
        self,
        shutdown: ShutdownHandle,
        _reloader: Arc<Reloader>,
        stopping: Arc<tokio::sync::Notify>,
    ) {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("shutting down: closing the gateway connection");
            stopping.notify_one();
            shutdown.shutdown().await;
        }
    }
}
