//! The gateway transport (`factbot run`): a serenity client connected to
//! Discord's gateway, answering each interaction through the one flow of
//! [`crate::service::flow`] and sending the responses over REST.
//!
//! What is the gateway's own: connecting (a token check first, so a wrong
//! token fails the start clearly), sharding, readiness for `/healthz`,
//! registering commands on READY ([`handler`]), and how a response travels:
//! a callback, or a deferral and an edit when the answer is slow
//! (`responder`).

pub mod handler;
mod responder;

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayError, GatewayIntents, ShardManager};

use super::respond;
use super::respond::Rest;
use super::settings::{Settings, rest_client};
use crate::config::{Config, Shards};
use crate::secret::Token;
use crate::service::admin::ShardStatus;
use crate::service::flow::Service;
use crate::service::metrics::Metrics;
use crate::service::process::{Process, ProcessError};
use crate::service::store::Store;

/// How long a shutdown waits for the gateway connection to close before
/// `run` returns anyway (it may be stuck reconnecting).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

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
    #[error(transparent)]
    Process(#[from] ProcessError),
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
    service: Arc<Service>,
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
    /// handlers answering through `service`, and the gateway URL (one `GET
    /// /gateway`). Slash commands need no privileged intents, and in fact
    /// no intents at all.
    pub async fn connect(
        settings: Settings,
        token: &Token,
        service: Arc<Service>,
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
        let shards = Arc::new(ShardStatus::new());
        let rest = Arc::new(Rest::new(&settings.api_url, Some(token.clone())));
        let handler = handler::Handler {
            rest,
            settings: Arc::new(settings),
            service: Arc::clone(&service),
            shards: Arc::clone(&shards),
        };
        let client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
            .event_handler(handler)
            .raw_event_handler(handler::DroppedEvents)
            .await
            .map_err(|e| DiscordError::Connect(Box::new(e)))?;
        Ok(Bot {
            client,
            service,
            shards,
        })
    }

    /// What the bot counts (interactions, latency, reloads).
    pub fn metrics(&self) -> Arc<Metrics> {
        self.service.metrics()
    }

    /// Which of this process' shards are connected (its readiness).
    pub fn shard_status(&self) -> Arc<ShardStatus> {
        Arc::clone(&self.shards)
    }

    /// The reloader `/reload` uses, for SIGHUP and the file watcher.
    pub fn reloader(&self) -> Arc<crate::service::reload::Reloader> {
        self.service.reloader()
    }

    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(Arc::clone(&self.client.shard_manager))
    }

    /// Connects to the gateway and serves until shut down (Ok) or until the
    /// connection fails for good: all the shards Discord recommends
    /// (`GET /gateway/bot`), or the range `first..=last` of `total`, so
    /// several processes can split one bot.
    pub async fn serve(mut self, shards: Shards) -> Result<(), DiscordError> {
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

/// `factbot run`: serves `store` on Discord until SIGINT or SIGTERM;
/// SIGHUP (and, with `[data] watch`, a change under the data directory)
/// reloads the dataset.
pub async fn run(config: &Config, token: Token, store: Arc<Store>) -> Result<(), DiscordError> {
    let mut process = Process::new(config, store).await?;
    let settings = Settings::from_config(&config.discord);
    let bot = Bot::connect(settings, &token, process.service()).await?;
    drop(token);
    // `/healthz` is ready once every shard of this process is connected.
    let shards = bot.shard_status();
    process
        .start_beside(config, Arc::new(move || shards.readiness()))
        .await?;
    let stopping = Arc::new(tokio::sync::Notify::new());
    let shutdown = bot.shutdown_handle();
    let signal_task = tokio::spawn({
        let (stop_signal, stopping) = (process.stop_signal(), Arc::clone(&stopping));
        async move {
            stop_signal.await;
            tracing::info!("shutting down: closing the gateway connection");
            stopping.notify_one();
            shutdown.shutdown().await;
        }
    });

    tracing::info!("factbot is starting; stop it with Ctrl-C or SIGTERM, reload with SIGHUP");
    let served = tokio::select! {
        served = bot.serve(config.discord.shards) => served,
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
