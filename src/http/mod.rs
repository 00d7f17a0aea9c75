//! HTTP interactions mode: Discord POSTs each interaction to a public URL
//! and the bot answers in the HTTP response, with no gateway connection.
//!
//! Every request is verified first ([`verify`]); only then is the body
//! parsed into serenity's `Interaction` model and answered ([`answer`]) with
//! the same conversion code the gateway mode uses. Nothing is kept between
//! requests, so any number of replicas behind a load balancer give the same
//! answers from the same data.

pub mod answer;
pub mod verify;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::all::{CreateInteractionResponse, RoleId};
use serenity::interactions_endpoint::Verifier;
use tokio::sync::Semaphore;

use crate::admin;
use crate::config::Config;
use crate::discord::{
    self, Backend, DiscordError, MAX_CONCURRENT_COMMANDS, Reloader, register, respond, watch,
};
use crate::metrics::{MeteredStore, Metrics, Rejection};
use crate::secret::Token;
use crate::store::Store;

/// The largest request body accepted. Discord's interaction payloads are a
/// few KiB; anything far bigger is not from Discord.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The environment variable that overrides `[discord] public_key`.
pub const PUBLIC_KEY_ENV: &str = "DISCORD_PUBLIC_KEY";

/// Everything a request needs, shared by all requests of one server.
pub struct Endpoint {
    pub verifier: Verifier,
    /// Answers, completions and reloads (the served [`Store`], metered).
    pub backend: Arc<dyn Backend>,
    /// Runs `/reload` (and SIGHUP, file changes) one at a time, audited.
    pub reloader: Arc<Reloader>,
    /// Roles whose members may `/reload`, besides Manage Server and
    /// Administrator.
    pub moderator_role_ids: Vec<RoleId>,
    pub metrics: Arc<Metrics>,
    /// Bounds the commands running at once (each holds a blocking thread).
    pub workers: Semaphore,
}

impl Endpoint {
    pub fn new(
        verifier: Verifier,
        backend: Arc<dyn Backend>,
        moderator_role_ids: Vec<RoleId>,
        metrics: Arc<Metrics>,
    ) -> Endpoint {
        Endpoint {
            verifier,
            reloader: Arc::new(Reloader::new(Arc::clone(&backend))),
            backend,
            moderator_role_ids,
            metrics,
            workers: Semaphore::new(MAX_CONCURRENT_COMMANDS),
        }
    }
}

/// The routes: `POST /` and `POST /interactions` (either may be configured
/// as the application's Interactions Endpoint URL).
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/", post(interactions))
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(endpoint)
}

/// Serves the endpoint on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(endpoint))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn interactions(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let received = Instant::now();
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(&endpoint, Rejection::TooLarge);
        }
        Err(rejection) => return rejection.into_response(),
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Err(why) = verify::check(
        &endpoint.verifier,
        header(verify::SIGNATURE_HEADER),
        header(verify::TIMESTAMP_HEADER),
        &body,
        SystemTime::now(),
    ) {
        return refuse(&endpoint, why);
    }
    match answer::answer(&endpoint, &body, received).await {
        // serenity writes `"data": null` after PONG; Discord documents
        // exactly `{"type": 1}`.
        Ok(CreateInteractionResponse::Pong) => {
            axum::Json(serde_json::json!({"type": 1})).into_response()
        }
        Ok(response) => axum::Json(response).into_response(),
        Err(why) => refuse(&endpoint, why),
    }
}

/// Counts and answers a request that was turned away.
fn refuse(endpoint: &Endpoint, why: Rejection) -> Response {
    endpoint.metrics.record_rejection(why);
    tracing::warn!(reason = why.as_str(), "interaction request rejected");
    let (status, message) = match why {
        Rejection::MissingHeaders | Rejection::BadSignature | Rejection::Stale => {
            (StatusCode::UNAUTHORIZED, "invalid request signature")
        }
        Rejection::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        Rejection::Malformed => (
            StatusCode::BAD_REQUEST,
            "not an interaction factbot handles",
        ),
    };
    (status, message).into_response()
}

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
    Setup(#[from] DiscordError),
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
    let mut signals = discord::Signals::install()?;
    match token {
        Some(token) => register_commands(config, &token).await,
        None => tracing::info!(
            "no bot token: slash commands are not registered by serve-http (register them once \
             with `factbot run`, or set DISCORD_TOKEN)"
        ),
    }
    let metrics = Arc::new(Metrics::new());
    let backend = Arc::new(MeteredStore::new(store, Arc::clone(&metrics)));
    let moderator_role_ids = config
        .discord
        .moderator_role_ids
        .iter()
        .map(|r| RoleId::new(*r))
        .collect();
    let endpoint = Arc::new(Endpoint::new(
        verifier,
        backend.clone(),
        moderator_role_ids,
        Arc::clone(&metrics),
    ));

    let listener = bind(config.http.listen).await?;
    tracing::info!(
        listen = %local_addr(&listener, config.http.listen),
        version = %backend.version(),
        "serving HTTP interactions"
    );
    // The dataset is loaded before anything listens: ready at once.
    let _admin = match config.admin.listen {
        Some(addr) => Some(
            admin::start(addr, Arc::clone(&metrics), admin::always_ready())
                .await
                .map_err(|source| ServeError::Bind { addr, source })?,
        ),
        None => None,
    };
    let _watcher = if config.data.watch {
        let reloader = Arc::clone(&endpoint.reloader);
        Some(
            watch::watch_data_dir(&config.data.dir, reloader, watch::DEBOUNCE)
                .map_err(DiscordError::from)?,
        )
    } else {
        None
    };
    let reloader = Arc::clone(&endpoint.reloader);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        signals.reload_until_stopped(&reloader).await;
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
    let settings = discord::Settings::from_config(&config.discord);
    let http = discord::rest_client(&settings, token);
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
    http.set_application_id(application.id);
    for scope in register::scopes(&settings.guild_ids) {
        match register::ensure_registered(&http, scope).await {
            Ok(result) => {
                tracing::info!(scope = %scope, result = ?result, "slash commands registered")
            }
            Err(e) => tracing::error!(
                scope = %scope,
                error = %respond::describe(&e),
                "registering the slash commands failed; check that the bot was invited with the \
                 applications.commands scope"
            ),
        }
    }
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
