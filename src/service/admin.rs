//! The operations endpoint: `/healthz` for orchestrators and `/metrics` for
//! Prometheus, on a separate listener (`[admin] listen`, off by default) so
//! neither is exposed where Discord or users can reach the bot.
//!
//! Also the client side of `/healthz` ([`probe`]), used by `factbot
//! healthcheck` so a container image needs no curl.

use std::collections::BTreeSet;
use std::future::Future;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::metrics::Metrics;

/// Whether the process can answer interactions now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Not yet (or no longer), and why, in a few words.
    NotReady(String),
}

/// Asked on every `/healthz`; must be cheap and must not block.
pub type ReadinessCheck = Arc<dyn Fn() -> Readiness + Send + Sync>;

/// A check that is always ready: for modes where the dataset is loaded
/// before anything listens (the HTTP endpoint).
pub fn always_ready() -> ReadinessCheck {
    Arc::new(|| Readiness::Ready)
}

/// Which gateway shards this process runs and which are connected; the
/// readiness of gateway mode. The gateway adapter marks shards as they
/// become ready and as they drop.
#[derive(Debug, Default)]
pub struct ShardStatus {
    inner: Mutex<ShardSets>,
}

#[derive(Debug, Default)]
struct ShardSets {
    /// `None` until the shard range is known (autosharding asks Discord).
    expected: Option<BTreeSet<u32>>,
    connected: BTreeSet<u32>,
}

impl ShardStatus {
    pub fn new() -> ShardStatus {
        ShardStatus::default()
    }

    /// The shards this process is responsible for.
    pub fn expect(&self, shards: impl IntoIterator<Item = u32>) {
        self.lock().expected = Some(shards.into_iter().collect());
    }

    /// With autosharding the process runs every shard, and learns how many
    /// there are from the first READY: all `0..total`, unless already known.
    pub fn learn_total(&self, total: u32) {
        let mut sets = self.lock();
        if sets.expected.is_none() {
            sets.expected = Some((0..total).collect());
        }
    }

    /// A shard finished its handshake (READY or RESUMED).
    pub fn connected(&self, shard: u32) {
        self.lock().connected.insert(shard);
    }

    /// A shard lost its connection and is reconnecting.
    pub fn disconnected(&self, shard: u32) {
        self.lock().connected.remove(&shard);
    }

    /// Ready when every expected shard is connected.
    pub fn readiness(&self) -> Readiness {
        let sets = self.lock();
        let Some(expected) = &sets.expected else {
            return Readiness::NotReady("the shard range is not known yet".into());
        };
        let missing: Vec<String> = expected
            .difference(&sets.connected)
            .map(u32::to_string)
            .collect();
        if missing.is_empty() {
            Readiness::Ready
        } else {
            Readiness::NotReady(format!("shards not connected: {}", missing.join(", ")))
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ShardSets> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Clone)]
struct AdminState {
    metrics: Arc<Metrics>,
    ready: ReadinessCheck,
}

/// The routes: `GET /healthz` and `GET /metrics`.
pub fn router(metrics: Arc<Metrics>, ready: ReadinessCheck) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .with_state(AdminState { metrics, ready })
}

/// A running operations endpoint; it stops when dropped.
pub struct AdminServer {
    /// Where it listens (the real port when port 0 was asked for).
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for AdminServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds `addr` and serves the operations endpoint in the background.
pub async fn start(
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    ready: ReadinessCheck,
) -> std::io::Result<AdminServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(listen = %addr, "serving /healthz and /metrics");
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router(metrics, ready)).await {
            tracing::error!(error = %e, "the operations endpoint stopped");
        }
    });
    Ok(AdminServer { addr, task })
}

/// Serves the operations endpoint on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    metrics: Arc<Metrics>,
    ready: ReadinessCheck,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(metrics, ready))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn healthz(State(state): State<AdminState>) -> impl IntoResponse {
    match (state.ready)() {
        Readiness::Ready => (StatusCode::OK, "ready\n".to_owned()),
        Readiness::NotReady(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        ),
    }
}

async fn metrics_text(State(state): State<AdminState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// Why a health probe failed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(
        "cannot reach the operations endpoint at {addr}: {source} (is [admin] listen set and the bot running?)"
    )]
    Connect {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the operations endpoint at {addr} did not answer properly: {detail}")]
    Protocol { addr: SocketAddr, detail: String },
    #[error("not ready ({status}): {body}")]
    NotReady { status: u16, body: String },
}

/// `GET /healthz` on `addr` over plain HTTP/1.0, bounded by `timeout` per
/// step. `Ok` only on a 200.
pub fn probe(addr: SocketAddr, timeout: Duration) -> Result<(), ProbeError> {
    let connect = |source| ProbeError::Connect { addr, source };
    let protocol = |detail: String| ProbeError::Protocol { addr, detail };
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(connect)?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(connect)?;
    let request = format!("GET /healthz HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| protocol(format!("sending the request failed: {e}")))?;
    // The answer is a status line, a few headers and a one-line body.
    let mut response = Vec::new();
    stream
        .take(16 * 1024)
        .read_to_end(&mut response)
        .map_err(|e| protocol(format!("reading the answer failed: {e}")))?;
    let text = String::from_utf8_lossy(&response);
    let status = text
        .lines()
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| protocol("no HTTP status line".into()))?;
    if status == 200 {
        return Ok(());
    }
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.trim().to_owned())
        .unwrap_or_default();
    Err(ProbeError::NotReady { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_ready_only_when_all_expected_are_connected() {
        let s = ShardStatus::new();
        assert!(matches!(s.readiness(), Readiness::NotReady(_)));
        s.expect(2..=3);
        s.connected(2);
        assert_eq!(
            s.readiness(),
            Readiness::NotReady("shards not connected: 3".into())
        );
        s.connected(3);
        assert_eq!(s.readiness(), Readiness::Ready);
        s.disconnected(2);
        assert!(matches!(s.readiness(), Readiness::NotReady(_)));
    }

    #[test]
    fn autosharding_learns_the_total_once() {
        let s = ShardStatus::new();
        s.learn_total(2);
        s.connected(0);
        assert!(matches!(s.readiness(), Readiness::NotReady(_)));
        s.learn_total(1);
        s.connected(1);
        assert_eq!(s.readiness(), Readiness::Ready);

        let ranged = ShardStatus::new();
        ranged.expect([3]);
        ranged.learn_total(8);
        ranged.connected(3);
        assert_eq!(ranged.readiness(), Readiness::Ready, "a known range stays");
    }
}
