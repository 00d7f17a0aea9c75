//! The signals `factbot run` and `factbot serve-http` obey: SIGHUP reloads
//! the dataset (through the one [`Reloader`], audited like `/reload`),
//! SIGINT and SIGTERM stop the process. Installed before anything connects
//! or listens, so a failure stops the start with a clear error.

use super::reload::{Reloader, Trigger};

/// The installed signal handlers.
pub struct Signals {
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    /// Installs the handlers. Must be called inside a tokio runtime.
    #[cfg(unix)]
    pub fn install() -> std::io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            hangup: signal(SignalKind::hangup())?,
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    #[cfg(not(unix))]
    pub fn install() -> std::io::Result<Signals> {
        Ok(Signals {})
    }

    /// Reloads through `reloader` on every SIGHUP; returns on SIGINT or
    /// SIGTERM, when the caller shuts its adapter down.
    #[cfg(unix)]
    pub async fn reload_until_stopped(&mut self, reloader: &Reloader) {
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
    pub async fn reload_until_stopped(&mut self, _reloader: &Reloader) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
