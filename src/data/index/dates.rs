//! Every fact's place on one timeline and its effective years, computed
//! once per dataset: the date order and the year filters that the
//! [`query`](crate::data::query) module documents.
//!
//! Sorting by date would otherwise mean walking chains of relative dates
//! ("a few months after ...") on every query; here they are walked once,
//! and a query sorts by a rank and filters by years it reads.

use super::packed::{Csr, prefix_sums};
use crate::data::model::{DateValue, Fact};

/// A fact's effective years, for year filters.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Years {
    /// No place on the timeline.
    None,
    /// Inclusive span of years.
    Span(i32, i32),
    /// The article's present: no earlier than this year (the latest its
    /// source dates), if the source dates anything.
    Present(Option<i32>),
}

/// Rank on no timeline: sorts after every placed fact.
const UNPLACED: u32 = u32::MAX;

/// Every fact's place in date order, computed once per dataset (see the
/// [`query`](crate::data::query) module docs).
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct DateIndex {
    /// Placed facts in timeline order. Along `order[..present_start]` the
    /// first effective year never decreases.
    order: Vec<u32>,
    /// Where the present's facts start in `order`.
    present_start: usize,
    /// The longest span of effective years (`hi - lo`) of any fact.
    max_span: i32,
    /// Per fact: its position in `order`, or [`UNPLACED`].
    rank: Vec<u32>,
    years: Vec<Years>,
}

impl DateIndex {
    pub(crate) fn build(source_count: usize, facts: &[Fact]) -> DateIndex {
        let n = facts.len();
        // Anchors of relative dates; children in data order.
        let anchor = |f: &Fact| match f.date.as_ref().map(|d| &d.value) {
            Some(DateValue::After { fact }) => Some((fact.0, true)),
            Some(DateValue::Before { fact }) => Some((fact.0, false)),
            _ => None,
        };
        let mut after_count = vec![0u32; n];
        let mut before_count = vec![0u32; n];
        for f in facts {
            match anchor(f) {
                Some((a, true)) if (a as usize) < n => after_count[a as usize] += 1,
                Some((a, false)) if (a as usize) < n => before_count[a as usize] += 1,
                _ => {}
            }
        }
        let after = children(facts, &after_count, |f| match anchor(f) {
            Some((a, true)) => Some(a),
            _ => None,
        });
        let before = children(facts, &before_count, |f| match anchor(f) {
            Some((a, false)) => Some(a),
            _ => None,
        });

        // Roots: facts with an absolute date or the present, in date order.
        let mut roots: Vec<(u8, i32, u8, u8, u32)> = Vec::new();
        let mut latest: Vec<Option<i32>> = vec![None; source_count];
        for (i, f) in facts.iter().enumerate() {
            let Some(date) = &f.date else { continue };
            let key = match date.value {
                DateValue::Day { year, month, day } => (0, year, month, day),
                DateValue::Month { year, month } => (0, year, month, 0),
                DateValue::Year { year } | DateValue::Approximate { year } => (0, year, 0, 0),
                DateValue::Range { from, .. } => (0, from, 0, 0),
                DateValue::Present { month } => (1, 0, month.unwrap_or(13), 0),
                DateValue::After { .. } | DateValue::Before { .. } => continue,
            };
            roots.push((key.0, key.1, key.2, key.3, i as u32));
            if let (0, Some(l)) = (key.0, latest.get_mut(f.source.0 as usize)) {
                let end = match date.value {
                    DateValue::Range { from, to } => from.max(to),
                    _ => key.1,
                };
                *l = Some(l.map_or(end, |l: i32| l.max(end)));
            }
        }
        roots.sort_unstable();

        let mut order = Vec::with_capacity(n);
        let mut rank = vec![UNPLACED; n];
        let mut years = vec![Years::None; n];
        // In-order walk: befores, the fact, afters (iterative: chains may be long).
        enum Step {
            Visit(u32, Years),
            Emit(u32, Years),
        }
        let mut stack: Vec<Step> = Vec::new();
        for &(_, _, _, _, root) in &roots {
            let fact = &facts[root as usize];
            let y = match fact.date.as_ref().map(|d| &d.value) {
                Some(DateValue::Range { from, to }) => Years::Span(*from.min(to), *from.max(to)),
                Some(DateValue::Present { .. }) => {
                    Years::Present(latest.get(fact.source.0 as usize).copied().flatten())
                }
                Some(
                    DateValue::Day { year, .. }
                    | DateValue::Month { year, .. }
                    | DateValue::Year { year }
                    | DateValue::Approximate { year },
                ) => Years::Span(*year, *year),
                _ => Years::None,
            };
            stack.push(Step::Visit(root, y));
            while let Some(step) = stack.pop() {
                match step {
                    Step::Emit(f, y) => {
                        if rank[f as usize] == UNPLACED {
                            rank[f as usize] = order.len() as u32;
                            years[f as usize] = y;
                            order.push(f);
                        }
                    }
                    Step::Visit(f, y) => {
                        for &c in after.get(f as usize).rev() {
                            stack.push(Step::Visit(c, y));
                        }
                        stack.push(Step::Emit(f, y));
                        for &c in before.get(f as usize).rev() {
                            stack.push(Step::Visit(c, y));
                        }
                    }
                }
            }
        }
        let present_start =
            order.partition_point(|&f| !matches!(years[f as usize], Years::Present(_)));
        let max_span = years
            .iter()
            .map(|y| match y {
                Years::Span(lo, hi) => hi.saturating_sub(*lo),
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        DateIndex {
            order,
            present_start,
            max_span,
            rank,
            years,
        }
    }

    /// The placed facts, in date order, that may meet the year bounds: a
    /// binary search skips the years before `from` and after `to`.
    pub(crate) fn candidates(
        &self,
        from: Option<i32>,
        to: Option<i32>,
    ) -> impl Iterator<Item = u32> + '_ {
        let dated = &self.order[..self.present_start];
        let lo = |f: u32| match self.years[f as usize] {
            Years::Span(lo, _) => lo,
            _ => i32::MIN,
        };
        let start = from.map_or(0, |from| {
            let earliest = from.saturating_sub(self.max_span);
            dated.partition_point(|&f| lo(f) < earliest)
        });
        let end = to.map_or(dated.len(), |to| dated.partition_point(|&f| lo(f) <= to));
        let start = start.min(end);
        dated[start..end]
            .iter()
            .chain(&self.order[self.present_start..])
            .copied()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.order.capacity() * 4
            + self.rank.capacity() * 4
            + self.years.capacity() * std::mem::size_of::<Years>()
    }

    /// The fact's position on the timeline ([`UNPLACED`] if none).
    pub(crate) fn rank(&self, fact: u32) -> u32 {
        self.rank.get(fact as usize).copied().unwrap_or(UNPLACED)
    }

    pub(crate) fn is_placed(&self, fact: u32) -> bool {
        self.rank(fact) != UNPLACED
    }

    /// Sorts facts into date order, unplaced ones last in index order.
    pub(crate) fn sort(&self, facts: &mut [u32]) {
        facts.sort_unstable_by_key(|&f| (self.rank(f), f));
    }

    /// Whether a placed fact's effective years meet the bounds.
    pub(crate) fn within(&self, fact: u32, from: Option<i32>, to: Option<i32>) -> bool {
        match self.years.get(fact as usize) {
            Some(Years::Span(lo, hi)) => {
                from.is_none_or(|from| *hi >= from) && to.is_none_or(|to| *lo <= to)
            }
            Some(Years::Present(latest)) => match (to, latest) {
                (None, _) => true,
                (Some(to), Some(latest)) => to >= *latest,
                (Some(_), None) => false,
            },
            Some(Years::None) | None => false,
        }
    }
}

/// Per anchor, the facts that point at it through `anchor_of`, in data order.
fn children(facts: &[Fact], counts: &[u32], anchor_of: impl Fn(&Fact) -> Option<u32>) -> Children {
    let starts = prefix_sums(counts);
    let mut items = vec![0u32; *starts.last().unwrap_or(&0) as usize];
    let mut fill: Vec<u32> = starts[..counts.len()].to_vec();
    for (i, f) in facts.iter().enumerate() {
        if let Some(a) = anchor_of(f)
            && (a as usize) < counts.len()
        {
            items[fill[a as usize] as usize] = i as u32;
            fill[a as usize] += 1;
        }
    }
    Children(Csr { starts, items })
}

struct Children(Csr<u32>);

impl Children {
    fn get(&self, f: usize) -> std::slice::Iter<'_, u32> {
        if f < self.0.rows() {
            self.0.get(f).iter()
        } else {
            [].iter()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::data::dataset::fixture::article;
    use crate::data::model::FactId;
    use crate::data::query::{TimelineFilter, timeline};

    #[test]
    fn year_bounds_by_binary_search_equal_a_full_scan() {
        let ds = article();
        let dates = &ds.index.dates;
        let bounds = [
            None,
            Some(1978),
            Some(1979),
            Some(1985),
            Some(1990),
            Some(1999),
            Some(2003),
            Some(2024),
            Some(2030),
        ];
        for from in bounds {
            for to in bounds {
                let scan: Vec<FactId> = dates
                    .order
                    .iter()
                    .copied()
                    .filter(|&f| dates.within(f, from, to))
                    .map(FactId)
                    .collect();
                let filter = TimelineFilter {
                    entity: None,
                    from,
                    to,
                };
                assert_eq!(timeline(&ds, &filter), scan, "{from:?}..{to:?}");
            }
        }
    }
}
