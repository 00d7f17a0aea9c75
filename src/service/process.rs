//! What a serving process runs beside its transport, the same for `factbot
//! run` and `factbot serve-http`: the [`Service`] over the served store
//! (metered, with its history), the signals (SIGHUP reloads; SIGINT and SIGTERM stop), the
//! operations endpoint when `[admin] listen` is set, and the data-directory
//! watch when `[data] watch` is on. Each transport adds only what is its
//! own: connecting or listening, its readiness, and how it stops.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use super::admin::{self, AdminServer, ReadinessCheck};
use super::flow::Service;
use super::metrics::{MeteredStore, Metrics};
use super::moderation::Moderation;
use super::signals::Signals;
use super::state;
use super::store::Store;
use super::watch::{self, DataWatcher};
use crate::config::Config;

/// Why a serving process could not start its shared parts.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("cannot listen for signals: {0}")]
    Signals(#[source] std::io::Error),
    #[error("cannot watch the data directory: {0}")]
    Watch(#[from] notify::Error),
    #[error(
        "cannot serve the operations endpoint on {addr}: {source} (is another process using it?)"
    )]
    Admin {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// The service a serving process answers through: over `store`, counting
/// in fresh metrics, recording every change of the dataset in the history
/// of `[state]` and letting moderators change the data from chat (when the
/// store opens; otherwise the bot serves without history and says so).
pub async fn service_for(config: &Config, store: Arc<Store>) -> Arc<Service> {
    let metrics = Arc::new(Metrics::new());
    let history = state::recorder::start(&config.state, &store).await;
    let backend = Arc::new(MeteredStore::new(Arc::clone(&store), Arc::clone(&metrics)));
    let service = Arc::new(Service::with_in_flight(
        backend,
        metrics,
        config.limits.max_in_flight,
    ));
    if let Some(recorder) = history {
        let state = Arc::clone(recorder.state());
        service.reloader().keep_history(recorder);
        service.moderate_with(Moderation::new(
            state,
            store,
            service.reloader(),
            config.moderation.clone(),
        ));
    }
    service
}

/// The shared parts of a serving process; they stop when it is dropped.
pub struct Process {
    service: Arc<Service>,
    signals: Option<Signals>,
    admin: Option<AdminServer>,
    watcher: Option<DataWatcher>,
}

impl Process {
    /// Installs the signal handlers (first, so a failure stops the start)
    /// and builds the service over `store`, counting in fresh metrics and
    /// recording every change of the dataset in the history of `[state]`
    /// (when the store opens; otherwise the bot serves without history and
    /// says so).
    pub async fn new(config: &Config, store: Arc<Store>) -> Result<Process, ProcessError> {
        let signals = Signals::install().map_err(ProcessError::Signals)?;
        Ok(Process {
            service: service_for(config, store).await,
            signals: Some(signals),
            admin: None,
            watcher: None,
        })
    }

    /// The service the transport answers through.
    pub fn service(&self) -> Arc<Service> {
        Arc::clone(&self.service)
    }

    /// Starts the operations endpoint (`/healthz` answering `ready`) and
    /// the data-directory watch, as configured.
    pub async fn start_beside(
        &mut self,
        config: &Config,
        ready: ReadinessCheck,
    ) -> Result<(), ProcessError> {
        if let Some(addr) = config.admin.listen {
            let server = admin::start(addr, self.service.metrics(), ready)
                .await
                .map_err(|source| ProcessError::Admin { addr, source })?;
            self.admin = Some(server);
        }
        if config.data.watch {
            let reloader = self.service.reloader();
            self.watcher = Some(watch::watch_data_dir(
                &config.data.dir,
                reloader,
                watch::DEBOUNCE,
            )?);
        }
        Ok(())
    }

    /// Resolves on SIGINT or SIGTERM, reloading on every SIGHUP until then
    /// (through the one reloader, audited). Only the first call listens;
    /// a later one never resolves.
    pub fn stop_signal(&mut self) -> impl Future<Output = ()> + Send + 'static {
        let signals = self.signals.take();
        let reloader = self.service.reloader();
        async move {
            match signals {
                Some(mut signals) => signals.reload_until_stopped(&reloader).await,
                None => std::future::pending().await,
            }
        }
    }
}
