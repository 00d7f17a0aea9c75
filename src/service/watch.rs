//! Reloading when the data directory changes (`[data] watch = true`).
//!
//! Editors save in bursts (temporary file, rename, metadata), so changes
//! are debounced: a reload starts once the directory has been quiet for
//! [`DEBOUNCE`], or at the latest [`MAX_DELAY`] after the first change of a
//! burst. The reload is the same as `/reload` and SIGHUP (validated first,
//! audited, the old dataset kept on failure).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::reload::{Reloader, Trigger};

/// Quiet time after the last change before reloading.
pub const DEBOUNCE: Duration = Duration::from_millis(500);
/// Longest wait after the first change of a burst.
pub const MAX_DELAY: Duration = Duration::from_secs(5);

/// A running watch; dropping it stops watching.
pub struct DataWatcher {
    _watcher: notify::RecommendedWatcher,
    task: JoinHandle<()>,
}

impl Drop for DataWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Watches `dir` (recursively) and reloads through `reloader` after each
/// debounced burst of changes. Must be called inside a tokio runtime.
pub fn watch_data_dir(
    dir: &Path,
    reloader: Arc<Reloader>,
    debounce: Duration,
) -> Result<DataWatcher, notify::Error> {
    // One pending signal is enough: any change means "reload soon".
    let (tx, rx) = mpsc::channel::<()>(1);
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(e) if matters(&e.kind) => {
                let _ = tx.try_send(());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "watching the data directory failed"),
        })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    tracing::info!(dir = %dir.display(), "watching the data directory for changes");
    let task = tokio::spawn(debounce_loop(rx, reloader, debounce));
    Ok(DataWatcher {
        _watcher: watcher,
        task,
    })
}

/// Changes that may alter the dataset (reading files, as a reload does,
/// does not count).
fn matters(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

async fn debounce_loop(mut rx: mpsc::Receiver<()>, reloader: Arc<Reloader>, debounce: Duration) {
    while rx.recv().await.is_some() {
        let deadline = Instant::now() + MAX_DELAY.max(debounce);
        loop {
            let quiet_until = (Instant::now() + debounce).min(deadline);
            match tokio::time::timeout_at(quiet_until, rx.recv()).await {
                Ok(Some(())) if Instant::now() < deadline => continue,
                Ok(None) => return,
                _ => break,
            }
        }
        // The outcome is audited by the reloader; nothing else to do here.
        let _ = reloader.reload(Trigger::FileChange).await;
    }
}
