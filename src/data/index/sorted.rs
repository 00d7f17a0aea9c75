//! Searching sorted sequences and selecting from them, the steps every
//! lookup of the indexes takes: where a run starts (binary search), where a
//! short one ends (galloping), and the few best of many candidates.

/// Keeps the `k` smallest items, sorted: a selection then a sort of `k`,
/// instead of sorting thousands of candidates to keep a few.
pub(crate) fn keep_smallest<T: Ord>(items: &mut Vec<T>, k: usize) {
    if items.len() > k && k > 0 {
        items.select_nth_unstable(k - 1);
    }
    items.truncate(k);
    items.sort_unstable();
}

/// First `i` in `0..len` for which `before(i)` is false (`before` must be
/// true on a prefix of the range and false after it).
pub(crate) fn partition_point(len: usize, mut before: impl FnMut(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// [`partition_point`] for an answer likely near the start: probes 1, 2, 4,
/// … places on (galloping), then binary-searches the last gap, so a short
/// run costs a few comparisons and a long one stays logarithmic.
pub(crate) fn gallop_point(len: usize, mut before: impl FnMut(usize) -> bool) -> usize {
    let mut lo = 0; // 0, or a place where `before` holds.
    let mut step = 1;
    while lo + step < len && before(lo + step) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step + 1).min(len);
    lo + partition_point(hi - lo, |i| before(lo + i))
}
