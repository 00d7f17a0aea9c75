//! The best-weighted items of any range of a sorted table, without scanning
//! the range: how a short prefix, which many names start with, still yields
//! the best-connected ones at once.

use std::ops::Range;

/// A max-segment tree over item weights: the best items of any index range
/// without scanning it (for prefix ranges covering thousands of names).
/// Each node holds its best leaf's weight next to its index, so queries
/// compare without chasing indexes.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct RangeBest {
    /// Leaves at `n..2n`; node `i` holds (weight, index) of the best leaf below it.
    nodes: Vec<(u32, u32)>,
}

impl RangeBest {
    pub(crate) fn build(weights: Vec<u32>) -> RangeBest {
        let n = weights.len();
        let mut nodes = vec![(0u32, 0u32); 2 * n];
        for (i, w) in weights.into_iter().enumerate() {
            nodes[n + i] = (w, i as u32);
        }
        for i in (1..n).rev() {
            nodes[i] = better(nodes[2 * i], nodes[2 * i + 1]);
        }
        RangeBest { nodes }
    }

    fn len(&self) -> usize {
        self.nodes.len() / 2
    }

    /// The weight of item `i` (0 if out of range).
    pub(crate) fn weight(&self, i: usize) -> u32 {
        if i < self.len() {
            self.nodes[self.len() + i].0
        } else {
            0
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.nodes.capacity() * 8
    }

    /// The best item in `lo..hi` (non-empty).
    fn best(&self, lo: usize, hi: usize) -> (u32, u32) {
        let n = self.len();
        let (mut l, mut r) = (lo + n, hi + n);
        let mut best = self.nodes[l];
        while l < r {
            if l & 1 == 1 {
                best = better(best, self.nodes[l]);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                best = better(best, self.nodes[r]);
            }
            l /= 2;
            r /= 2;
        }
        best
    }

    /// Up to `k` items of `range`, heaviest first (ties by index).
    pub(crate) fn top(&self, range: Range<usize>, k: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(k.min(range.len()));
        if range.is_empty() || range.end > self.len() {
            return out;
        }
        // Max-heap of (weight, lower index first, the range the best came from).
        let mut heap = std::collections::BinaryHeap::new();
        let push = |heap: &mut std::collections::BinaryHeap<_>, lo: usize, hi: usize| {
            if lo < hi {
                let (w, b) = self.best(lo, hi);
                heap.push((w, std::cmp::Reverse(b), lo, hi));
            }
        };
        push(&mut heap, range.start, range.end);
        while out.len() < k {
            let Some((_, std::cmp::Reverse(b), lo, hi)) = heap.pop() else {
                break;
            };
            out.push(b);
            push(&mut heap, lo, b as usize);
            push(&mut heap, b as usize + 1, hi);
        }
        out
    }
}

/// The heavier of two (weight, index) nodes; the lower index on ties.
fn better(a: (u32, u32), b: (u32, u32)) -> (u32, u32) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_best_returns_heaviest_first_with_index_ties() {
        let t = RangeBest::build(vec![5, 1, 9, 9, 0, 7, 3]);
        assert_eq!(t.top(0..7, 3), [2, 3, 5]);
        assert_eq!(t.top(1..5, 10), [2, 3, 1, 4]);
        assert_eq!(t.top(4..5, 2), [4]);
        assert!(t.top(3..3, 2).is_empty());
        assert!(t.top(0..99, 2).is_empty());
    }
}
