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
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::interactions_endpoint::Verifier;

use crate::admin;
use crate::metrics::{Metrics, Rejection};
use crate::store::{ReloadError, Store};

/// The largest request body accepted. Discord's interaction payloads are a
/// few KiB; anything far bigger is not from Discord.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything a request needs, shared by all requests of one server.
pub struct Endpoint {
    pub verifier: Verifier,
    pub store: Arc<Store>,
    pub metrics: Arc<Metrics>,
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

/// What `factbot serve-http` needs to run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where Discord's POSTs arrive (behind a TLS-terminating proxy).
    pub listen: SocketAddr,
    /// The operations endpoint, if enabled.
    pub admin_listen: Option<SocketAddr>,
    /// The application's public key, 64 hex digits.
    pub public_key: String,
    pub data_dir: PathBuf,
}

/// Why `serve-http` stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    PublicKey(#[from] verify::PublicKeyError),
    #[error("cannot load the dataset: {0}")]
    Data(#[from] ReloadError),
    #[error("cannot listen on {addr}: {source} (is another process using it?)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
}

/// Runs HTTP interactions mode until SIGINT or SIGTERM: loads the dataset
/// (refusing to start on an invalid one), then serves the endpoint and,
/// if configured, the operations endpoint. SIGHUP reloads the dataset.
pub async fn run(settings: Settings) -> Result<(), ServeError> {
    let verifier = verify::verifier(&settings.public_key)?;
    let store = Arc::new(Store::open(settings.data_dir.clone())?);
    let metrics = Arc::new(Metrics::new());
    metrics.set_dataset(&store.snapshot());
    let endpoint = Arc::new(Endpoint {
        verifier,
        store: Arc::clone(&store),
        metrics: Arc::clone(&metrics),
    });

    let listener = bind(settings.listen).await?;
    tracing::info!(
        listen = %local_addr(&listener, settings.listen),
        version = %store.snapshot().version,
        "serving HTTP interactions"
    );
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = move |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };

    let admin = match settings.admin_listen {
        Some(addr) => {
            let listener = bind(addr).await?;
            tracing::info!(
                listen = %local_addr(&listener, addr),
                "serving /healthz and /metrics"
            );
            Some(tokio::spawn(admin::serve(
                listener,
                Arc::clone(&metrics),
                admin::always_ready(),
                stopped(stop_rx.clone()),
            )))
        }
        None => None,
    };
    tokio::spawn(reload_on_sighup(Arc::clone(&store), Arc::clone(&metrics)));
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        let _ = stop_tx.send(true);
    });

    serve(listener, endpoint, stopped(stop_rx))
        .await
        .map_err(ServeError::Serve)?;
    if let Some(admin) = admin
        && let Ok(Err(e)) = admin.await
    {
        return Err(ServeError::Serve(e));
    }
    Ok(())
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

/// Reloads the dataset on every SIGHUP; a failed reload keeps the old one.
async fn reload_on_sighup(store: Arc<Store>, metrics: Arc<Metrics>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hup) = signal(SignalKind::hangup()) else {
        tracing::warn!("cannot listen for SIGHUP; reload with /reload instead");
        return;
    };
    while hup.recv().await.is_some() {
        let store = Arc::clone(&store);
        let outcome = tokio::task::spawn_blocking(move || {
            let result = store.reload();
            (result, store.snapshot())
        })
        .await;
        match outcome {
            Ok((Ok(diff), ds)) => {
                metrics.record_reload(Some(&ds));
                tracing::info!(old = %diff.old_version, new = %diff.new_version, "dataset reloaded on SIGHUP");
            }
            Ok((Err(e), _)) => {
                metrics.record_reload(None);
                tracing::error!(error = %e, "reload on SIGHUP failed; still serving the previous dataset");
            }
            Err(e) => tracing::error!(error = %e, "reload task failed"),
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let term = async {
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}
