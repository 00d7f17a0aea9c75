//! HTTP interactions mode: Discord POSTs each interaction to a public URL
//! and the bot answers in the HTTP response, with no gateway connection.
//!
//! Every request is verified first ([`verify`]); only then is the body
//! parsed into serenity's `Interaction` model and answered ([`answer`])
//! through the same flow ([`crate::service::flow`]) and conversions
//! ([`crate::discord::convert`]) as the gateway. Nothing is kept between
//! requests, so any number of replicas behind a load balancer give the same
//! answers from the same data.

pub mod answer;
pub mod endpoint;
pub mod verify;

pub use endpoint::{Endpoint, MAX_BODY_BYTES, router, serve};

use std::net::SocketAddr;
use std::sync::Arc;

use crate::config::Config;
use crate::discord::respond::Rest;
use crate::discord::settings::{Settings, rest_client};
use crate::discord::{register, respond};
use crate::secret::Token;
use crate::service::admin;
use crate::service::process::{Process, ProcessError};
use crate::service::store::Store;

/// The environment variable that overrides `[discord] public_key`.
pub const PUBLIC_KEY_ENV: &str = "DISCORD_PUBLIC_KEY";

/// Why `serve-http` stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "no Discord public key: set [discord] public_key in the config or the \
         {PUBLIC_KEY_ENV} environment variable (Developer Portal → General Information → Public Key)"
    )]
    NoPublicKey,
    #[error(transparent)]
    PublicKey(#[from] verify::PublicKeyError),
    #[error("cannot listen on {addr}: {source} (is another process using it?)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Process(#[from] ProcessError),
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
}

/// `factbot serve-http`: serves `store` over HTTP until SIGINT or SIGTERM,
/// with the operations endpoint if `[admin] listen` is set. SIGHUP (and,
/// with `[data] watch`, a change under the data directory) reloads the
/// dataset, exactly as in gateway mode. `public_key` overrides the config's.
/// With a bot `token`, the slash commands are registered first, as `factbot
/// run` does on READY (HTTP mode has no READY).
pub async fn run(
    config: &Config,
    public_key: Option<&str>,
    token: Option<Token>,
    store: Arc<Store>,
) -> Result<(), ServeError> {
    let public_key = public_key
        .or(config.discord.public_key.as_deref())
        .ok_or(ServeError::NoPublicKey)?;
    let verifier = verify::verifier(public_key)?;
    let mut process = Process::new(config, store).await?;
    match token {
        Some(token) => register_commands(config, &token).await,
        None => tracing::info!(
            "no bot token: slash commands are not registered by serve-http (register them once \
             with `factbot run`, or set DISCORD_TOKEN)"
        ),
    }
    let service = process.service();
    let settings = Settings::from_config(&config.discord);
    let endpoint = Arc::new(Endpoint::new(
        verifier,
        Arc::clone(&service),
        settings.moderator_role_ids,
    ));

    let listener = bind(config.http.listen).await?;
    tracing::info!(
        listen = %local_addr(&listener, config.http.listen),
        version = %service.version(),
        "serving HTTP interactions"
    );
    // The dataset is loaded before anything listens: ready at once.
    process.start_beside(config, admin::always_ready()).await?;
    let stop_signal = process.stop_signal();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        stop_signal.await;
        tracing::info!("shutting down: finishing the requests in flight");
        let _ = stop_tx.send(());
    });

    serve(listener, endpoint, async move {
        let _ = stop_rx.await;
    })
    .await
    .map_err(ServeError::Serve)?;
    tracing::info!("factbot stopped");
    Ok(())
}

/// Registers the commands on the configured guilds (or globally), skipping
/// scopes where they already match. Failures are logged, not fatal: the
/// endpoint answers whatever is registered.
async fn register_commands(config: &Config, token: &Token) {
    let settings = Settings::from_config(&config.discord);
    let http = rest_client(&settings, token);
    let application = match http.get_current_application_info().await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(
                error = %respond::describe(&e),
                "cannot read the application from Discord; slash commands not registered \
                 (check DISCORD_TOKEN)"
            );
            return;
        }
    };
    let rest = Rest::new(&settings.api_url, Some(token.clone()));
    rest.set_application(application.id.get());
    register::register_everywhere(&rest, &settings.guild_ids).await;
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Where `listener` really listens (the port chosen when `asked` had port 0).
fn local_addr(listener: &tokio::net::TcpListener, asked: SocketAddr) -> SocketAddr {
    listener.local_addr().unwrap_or(asked)
}
