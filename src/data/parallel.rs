//! Running independent pieces of the load on a few threads: hashing and
//! parsing files, and searching the source texts for quotes.
//!
//! Both the loader and the validator fan work out this way, and the outcome
//! must never depend on the threads: results come back in item order, and
//! small inputs stay on the calling thread, where a thread would cost more
//! than it saves.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many threads read files.
pub(crate) const MAX_THREADS: usize = 4;

/// Below this many bytes in all, files are read (and source texts searched)
/// on the calling thread only.
pub(crate) const PARALLEL_BYTES: usize = 1 << 20;

/// `items.iter().map(f).collect()`, on up to `max_threads` threads when the
/// items weigh (in bytes, say) at least [`PARALLEL_BYTES`] in all. The
/// results are in item order whatever the threads did.
pub(crate) fn map_parallel<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let total: usize = items.iter().map(&weight).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(max_threads)
        .min(items.len());
    if threads <= 1 || total < PARALLEL_BYTES {
        return items.iter().map(f).collect();
    }
    // Heaviest first, so no thread is left with one big item at the end.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&items[i])));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(n) else { break };
                    let result = f(&items[i]);
                    // A poisoned lock only means another worker panicked,
                    // which the scope re-raises anyway.
                    let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                    done.push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}
