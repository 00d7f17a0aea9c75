//! From what a person types to entities: exact, folded (case, diacritics,
//! punctuation), and typo-tolerant matching over names and aliases, plus
//! completion for autocomplete. Pure; no IO.
//!
//! # How a name is matched
//! Every name and alias is folded ([`fold`]) into a *key*. What was typed is
//! folded the same way, then compared in three tiers, each scored in its own
//! band so that a better kind of match always ranks first:
//! - **Exact** (0.9–1.0): the key equals the input (1.0); or equals it once a
//!   plural or possessive `s` is dropped ("Talibans", "Putins": 0.97); or has
//!   the same words in the same order once small words such as "the" are
//!   ignored (0.93–0.95).
//! - **Prefix** (0.5–0.9): every typed word is a word of the key, the last one
//!   possibly unfinished ("supreme court" → Russian Supreme Court, "vladimir
//!   pu" → Vladimir Putin). Ranked by how much of the typed words and of the
//!   key they cover, and whether they start the key.
//! - **Fuzzy** (0.1–0.5): words within a few typos ("Moskow", "kirgizstan",
//!   "Tadjikistan"). Words of up to 3 letters must match exactly, 4–7 letters
//!   allow one edit, longer words two (`max_edits`).
//!
//! Ties go to the entity with more facts, then to the lower index.
//!
//! # Cost
//! No step scans all names: exact and prefix lookups binary-search the
//! sorted keys, typos are found through a deletion neighbourhood
//! (`DeletionIndex`) over the words of the keys, and word matches read the
//! word's postings, which list short keys of well-connected entities first
//! and are read up to a fixed cap.

use super::dataset::Dataset;
use super::index::names::{NameIndex, Via, WordMatch, strip_s};
use super::index::sorted::partition_point;
use super::model::{EntityId, Fact, FactId};
use super::text::{fold, is_stop_word};

/// How a typed name matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// Equal to a name or alias after folding (and, scored a little lower,
    /// after dropping a plural or possessive "s" or small words like "the").
    Exact,
    /// A name or alias starts with it, or contains every typed word (the
    /// last one possibly unfinished), after folding.
    Prefix,
    /// Within a small edit distance of a name or alias (typos).
    Fuzzy,
}

/// One candidate entity for what was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub entity: EntityId,
    /// The name or alias that matched, as written in the data.
    pub matched: Box<str>,
    pub kind: MatchKind,
    /// Higher is better; 1.0 for an exact match.
    pub score: f32,
}

/// Longest input considered, in characters (names are far shorter).
pub(crate) const MAX_TYPED_CHARS: usize = 200;
/// Most words of the input considered.
const MAX_TYPED_WORDS: usize = 8;
/// Most keys read from the postings of the word that drives the word match.
const DRIVER_CAP: usize = 192;
/// A prefix range up to this size is read whole; a larger one only for its
/// [`PREFIX_TOP`] best-connected keys.
const PREFIX_RANGE_ALL: usize = 40;
const PREFIX_TOP: usize = 32;

/// At most `max` characters of `text`, cut on a character boundary.
pub(crate) fn clip_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// One word of the input with the vocabulary words it matches.
struct TypedWord<'q> {
    text: &'q str,
    /// Whether it is the last word (which may be unfinished).
    last: bool,
    matches: Vec<WordMatch>,
    /// For the last word: the vocabulary ids of the words starting with it
    /// (a range, as the vocabulary is sorted).
    completes: std::ops::Range<u32>,
}

impl TypedWord<'_> {
    /// How well this typed word matches the vocabulary word `w`.
    ///
    /// An unfinished last word that a vocabulary word starts with is a
    /// prefix match even when it is also a typo away ("nationa" is on its
    /// way to "national").
    fn against(&self, names: &NameIndex, w: u32) -> Option<(f32, Via)> {
        let matched = self
            .matches
            .binary_search_by_key(&w, |m| m.word)
            .ok()
            .map(|i| self.matches[i]);
        if let Some(m) = matched
            && m.via == Via::Exact
        {
            return Some((m.sim, m.via));
        }
        if self.completes.contains(&w) {
            let word = names.vocab.get(w as usize);
            if word.len() > self.text.len() {
                let share = self.text.len() as f32 / word.len() as f32;
                return Some((0.5 + 0.3 * share, Via::Prefix));
            }
        }
        matched.map(|m| (m.sim, m.via))
    }
}

/// Folded input prepared for matching.
struct Typed<'q> {
    text: &'q str,
    /// The input with plural or possessive `s` dropped (all words, or the
    /// last word only).
    variants: Vec<String>,
    words: Vec<TypedWord<'q>>,
}

impl<'q> Typed<'q> {
    fn new(names: &NameIndex, text: &'q str) -> Typed<'q> {
        let all: Vec<&str> = text.split(' ').take(MAX_TYPED_WORDS).collect();
        let mut variants = Vec::new();
        let stripped: Vec<&str> = all.iter().map(|w| strip_s(w).unwrap_or(w)).collect();
        variants.push(stripped.join(" "));
        if let Some((last, rest)) = all.split_last() {
            let mut v: Vec<&str> = rest.to_vec();
            v.push(strip_s(last).unwrap_or(last));
            variants.push(v.join(" "));
        }
        variants.retain(|v| v != text);
        variants.sort();
        variants.dedup();
        let core: Vec<&str> = all
            .iter()
            .copied()
            .filter(|w| !w.is_empty() && !is_stop_word(w))
            .collect();
        let ends_typing = all.last().is_some_and(|w| !is_stop_word(w));
        let words = core
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let last = ends_typing && i + 1 == core.len();
                let completes = if last {
                    let r = names.vocab.prefix_range(w);
                    r.start as u32..r.end as u32
                } else {
                    0..0
                };
                let mut matches = names.word_matches(w);
                if !completes.is_empty() {
                    // Being typed, not misspelt: real words start with it.
                    matches.retain(|m| m.via == Via::Exact);
                }
                TypedWord {
                    text: w,
                    last,
                    matches,
                    completes,
                }
            })
            .collect();
        Typed {
            text,
            variants,
            words,
        }
    }

    /// Keys sharing a word with the input: the postings of its rarest word
    /// (with its expansions if it is unfinished), up to [`DRIVER_CAP`].
    fn word_candidates(&self, names: &NameIndex, out: &mut Vec<u32>) {
        let mut best: Option<(usize, Vec<u32>, usize)> = None;
        for w in &self.words {
            let mut lists: Vec<u32> = w.matches.iter().map(|m| m.word).collect();
            // Keys whose first word completes an unfinished word come from
            // the prefix range already: fewer are read for other positions.
            let cap = if lists.is_empty() {
                DRIVER_CAP / 6
            } else {
                DRIVER_CAP
            };
            if w.last {
                lists.extend(names.expansions(w.text, w.completes.clone()));
            }
            let total: usize = lists
                .iter()
                .map(|&l| names.word_keys.get(l as usize).len())
                .sum();
            if !lists.is_empty() && best.as_ref().is_none_or(|(t, _, _)| total < *t) {
                best = Some((total, lists, cap));
            }
        }
        let Some((_, lists, cap)) = best else { return };
        // Merge the lists in their common order (fewest words, then best
        // connected), so the cap keeps the best keys of all of them.
        let rank = |k: u32| {
            let k = k as usize;
            (
                names.key_words.get(k).len(),
                std::cmp::Reverse(names.popular.weight(k)),
                k,
            )
        };
        let mut heads: std::collections::BinaryHeap<_> = lists
            .iter()
            .filter_map(|&l| {
                let list = names.word_keys.get(l as usize);
                list.first()
                    .map(|&k| std::cmp::Reverse((rank(k), list, 0usize)))
            })
            .collect();
        let mut taken = 0;
        while let Some(std::cmp::Reverse((_, list, i))) = heads.pop() {
            if taken == cap {
                return;
            }
            out.push(list[i]);
            taken += 1;
            if let Some(&k) = list.get(i + 1) {
                heads.push(std::cmp::Reverse((rank(k), list, i + 1)));
            }
        }
    }

    /// Scores one key against the input; `None` when it does not match.
    ///
    /// `exact` lists the keys equal to the input (score 1.0) or to one of
    /// its variants (0.97), found by lookup beforehand.
    fn score(&self, names: &NameIndex, key: u32, exact: &[(u32, f32)]) -> Option<(MatchKind, f32)> {
        if let Some(&(_, score)) = exact.iter().find(|(k, _)| *k == key) {
            return Some((MatchKind::Exact, score));
        }
        let key_words = names.key_words.get(key as usize);
        if self.words.is_empty() || key_words.is_empty() {
            // Only small words on one side: compare the whole text.
            let text = names.keys.get(key as usize);
            return (text.starts_with(self.text)).then(|| {
                let share = self.text.len() as f32 / text.len() as f32;
                (MatchKind::Prefix, 0.5 + 0.39 * share)
            });
        }
        let mut sim_sum = 0.0;
        let mut matched = 0;
        let mut any_fuzzy = false;
        let mut any_prefix = false;
        let mut all_full = true;
        let mut in_order = true;
        let mut last_pos: Option<usize> = None;
        let mut first_pos = None;
        let mut used = 0u64;
        for (i, typed) in self.words.iter().enumerate() {
            let mut best: Option<(f32, Via, usize)> = None;
            for (j, &w) in key_words.iter().enumerate() {
                if let Some((sim, via)) = typed.against(names, w)
                    && best.is_none_or(|(s, _, _)| sim > s)
                {
                    best = Some((sim, via, j));
                }
            }
            match best {
                Some((sim, via, j)) => {
                    matched += 1;
                    sim_sum += sim;
                    any_fuzzy |= via == Via::Fuzzy;
                    any_prefix |= via == Via::Prefix;
                    all_full &= sim >= 1.0;
                    if last_pos.is_some_and(|p| j <= p) {
                        in_order = false;
                    }
                    last_pos = Some(j);
                    if i == 0 {
                        first_pos = Some(j);
                    }
                    used |= 1u64 << j.min(63);
                }
                None => {
                    any_fuzzy = true;
                    in_order = false;
                }
            }
        }
        if matched == 0 || matched * 2 < self.words.len() {
            return None;
        }
        let n_typed = self.words.len();
        if matched == n_typed && !any_fuzzy && !any_prefix && n_typed == key_words.len() && in_order
        {
            return Some((MatchKind::Exact, if all_full { 0.95 } else { 0.93 }));
        }
        let typed_sim = sim_sum / n_typed as f32;
        let key_cover = used.count_ones() as f32 / key_words.len().min(64) as f32;
        let starts = if first_pos == Some(0) && in_order {
            1.0
        } else {
            0.0
        };
        let quality = 0.6 * typed_sim + 0.3 * key_cover + 0.1 * starts;
        if any_fuzzy {
            Some((MatchKind::Fuzzy, 0.1 + 0.39 * quality))
        } else {
            Some((MatchKind::Prefix, 0.5 + 0.39 * quality))
        }
    }
}

/// Ranked candidates for what a person typed (best first, at most `limit`).
/// Empty when nothing is close enough.
pub fn resolve(ds: &Dataset, typed: &str, limit: usize) -> Vec<Resolution> {
    if limit == 0 {
        return Vec::new();
    }
    let folded = fold(clip_chars(typed, MAX_TYPED_CHARS));
    if folded.is_empty() {
        return Vec::new();
    }
    let names = &ds.index.names;
    let input = Typed::new(names, &folded);

    let mut exact: Vec<(u32, f32)> = names
        .keys
        .equal_range(input.text)
        .map(|k| (k as u32, 1.0))
        .collect();
    for v in &input.variants {
        exact.extend(names.keys.equal_range(v).map(|k| (k as u32, 0.97)));
    }
    let mut keys: Vec<u32> = exact.iter().map(|&(k, _)| k).collect();
    let range = names.keys.prefix_range(input.text);
    if range.len() <= PREFIX_RANGE_ALL {
        keys.extend(range.map(|k| k as u32));
    } else {
        keys.extend(names.popular.top(range, PREFIX_TOP));
    }
    input.word_candidates(names, &mut keys);
    keys.sort_unstable();
    keys.dedup();

    // Best key per entity.
    let mut scored: Vec<(EntityId, f32, MatchKind, u32)> = keys
        .into_iter()
        .filter_map(|k| {
            let (kind, score) = input.score(names, k, &exact)?;
            Some((names.entity(k), score, kind, k))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.3.cmp(&b.3)));
    scored.dedup_by_key(|s| s.0);
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| ds.index.connections(b.0).cmp(&ds.index.connections(a.0)))
            .then(a.0.cmp(&b.0))
    });
    scored.truncate(limit);
    scored
        .into_iter()
        .map(|(entity, score, kind, key)| Resolution {
            entity,
            matched: names.written(&ds.entities, key).into(),
            kind,
            score,
        })
        .collect()
}

/// Entities named in free text (a question), for boosting search: the
/// longest runs of words that are a whole name or alias, exactly (weight
/// 1.0) or within typos (weight below 1), scanned left to right.
pub(crate) fn entities_in_text(ds: &Dataset, folded: &str) -> Vec<(EntityId, f32)> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found: Vec<(EntityId, f32)> = name_spans(ds, &words)
        .into_iter()
        .map(|s| (s.entity, s.sim))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    found.dedup_by_key(|f| f.0);
    found
}

/// A run of words that names an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct NameSpan {
    pub entity: EntityId,
    /// Word positions `start..end`.
    pub start: usize,
    pub end: usize,
    /// 1.0 for a name or alias typed exactly; below 1 within typos.
    pub sim: f32,
}

/// The runs of `words` (folded) that are a whole name or alias, exactly or
/// within typos, longest first, scanned left to right: found through the
/// name index, so the cost grows with the words typed, not the dataset.
/// A run may name several entities (each gets a span).
pub fn name_spans(ds: &Dataset, words: &[&str]) -> Vec<NameSpan> {
    const MAX_WORDS: usize = 32;
    const MAX_NAME_WORDS: usize = 6;
    const BLOCK_CAP: usize = 256;
    let names = &ds.index.names;
    let words = &words[..words.len().min(MAX_WORDS)];
    let matches: Vec<Vec<WordMatch>> = words
        .iter()
        .map(|w| {
            if is_stop_word(w) {
                Vec::new()
            } else {
                names.word_matches(w)
            }
        })
        .collect();
    let mut found: Vec<NameSpan> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if is_stop_word(words[i]) || matches[i].is_empty() {
            i += 1;
            continue;
        }
        let mut advanced = false;
        for n in (1..=MAX_NAME_WORDS.min(words.len() - i)).rev() {
            let span = &words[i..i + n];
            if span.last().is_some_and(|w| is_stop_word(w)) {
                continue;
            }
            let gram = span.join(" ");
            let before = found.len();
            for text in std::iter::once(gram.as_str()).chain(span_variant(span).as_deref()) {
                for k in names.keys.equal_range(text) {
                    found.push(NameSpan {
                        entity: names.entity(k as u32),
                        start: i,
                        end: i + n,
                        sim: 1.0,
                    });
                }
            }
            if found.len() == before {
                // Word by word: keys with exactly these core words, in order.
                let core: Vec<usize> = (i..i + n).filter(|&p| !is_stop_word(words[p])).collect();
                if core.iter().all(|&p| !matches[p].is_empty()) {
                    let Some(&driver) = core.iter().min_by_key(|&&p| {
                        matches[p]
                            .iter()
                            .map(|m| names.word_keys.get(m.word as usize).len())
                            .sum::<usize>()
                    }) else {
                        continue;
                    };
                    for m in &matches[driver] {
                        let list = names.word_keys.get(m.word as usize);
                        let lo = partition_point(list.len(), |x| {
                            names.key_words.get(list[x] as usize).len() < core.len()
                        });
                        for &k in list[lo..].iter().take(BLOCK_CAP) {
                            let kw = names.key_words.get(k as usize);
                            if kw.len() != core.len() {
                                break;
                            }
                            let mut sim = 0.0;
                            let all = core.iter().zip(kw).all(|(&p, &w)| {
                                match matches[p].binary_search_by_key(&w, |m| m.word) {
                                    Ok(x) => {
                                        sim += matches[p][x].sim;
                                        true
                                    }
                                    Err(_) => false,
                                }
                            });
                            if all {
                                found.push(NameSpan {
                                    entity: names.entity(k),
                                    start: i,
                                    end: i + n,
                                    sim: sim / core.len() as f32,
                                });
                            }
                        }
                    }
                }
            }
            if found.len() > before {
                i += n;
                advanced = true;
                break;
            }
        }
        if !advanced {
            i += 1;
        }
    }
    found
}

/// The words with a plural or possessive `s` dropped, if any word has one.
fn span_variant(span: &[&str]) -> Option<String> {
    let stripped: Vec<&str> = span.iter().map(|w| strip_s(w).unwrap_or(w)).collect();
    (stripped.as_slice() != span).then(|| stripped.join(" "))
}

/// One autocomplete suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion<'a> {
    /// What to show (≤ 100 characters).
    pub label: String,
    /// What the option's value becomes: an entity or fact id, whole and
    /// borrowed from the dataset. Never cut, since a cut id names nothing: a
    /// caller with a length limit skips ids longer than it.
    pub value: &'a str,
}

/// Most suggestions offered at once (as many as any front end shows).
pub(crate) const MAX_SUGGESTIONS: usize = 25;
/// Longest label or value of a suggestion, in characters.
const MAX_CHOICE_CHARS: usize = 100;

/// Cuts `text` to at most `max` characters, ending with "…" when cut.
fn cut_in_place(text: &mut String, max: usize) {
    if text.len() <= max {
        return; // Bytes bound characters.
    }
    if let Some((at, _)) = text.char_indices().nth(max.saturating_sub(1))
        && text[at..].chars().nth(1).is_some()
    {
        text.truncate(at);
        text.push('…');
    }
}

/// A label written part by part, then cut to at most `max` characters;
/// parts past what can show are not copied. One writer serves all the
/// suggestions of a completion, so only the finished labels are allocated.
struct Label {
    text: String,
    max: usize,
}

impl Label {
    fn new(max: usize) -> Label {
        Label {
            text: String::with_capacity(4 * max + 64),
            max,
        }
    }

    fn push(&mut self, part: &str) {
        // Past 4 × max bytes nothing more can show, even in 4-byte characters.
        if self.text.len() <= 4 * self.max {
            self.text.push_str(part);
        }
    }

    /// The label written so far, cut; the writer is empty again.
    fn take(&mut self) -> String {
        cut_in_place(&mut self.text, self.max);
        let label = self.text.as_str().to_owned();
        self.text.clear();
        label
    }
}

/// The suggestion for `entity`, its label written in `label`.
fn entity_suggestion<'a>(
    ds: &'a Dataset,
    label: &mut Label,
    entity: EntityId,
    matched: Option<&str>,
) -> Suggestion<'a> {
    let e = ds.entity(entity);
    label.push(&e.name);
    if let Some(m) = matched.filter(|&m| m != &*e.name) {
        label.push(" (");
        label.push(m);
        label.push(")");
    }
    Suggestion {
        label: label.take(),
        value: &e.id,
    }
}

/// Up to `limit` (≤ 25) entity suggestions for a prefix or a misspelt fragment.
///
/// Ranked as [`resolve`] ranks (exact, then prefix, then fuzzy); with
/// nothing typed, the most connected entities. A label shows the alias that
/// matched when it is not the display name: "Russian Supreme Court (Supreme
/// Court of Russia)".
pub fn complete_entity<'a>(ds: &'a Dataset, typed: &str, limit: usize) -> Vec<Suggestion<'a>> {
    let limit = limit.min(MAX_SUGGESTIONS);
    let mut label = Label::new(MAX_CHOICE_CHARS);
    if fold(clip_chars(typed, MAX_TYPED_CHARS)).is_empty() {
        return ds
            .index
            .by_connections
            .iter()
            .take(limit)
            .map(|&e| entity_suggestion(ds, &mut label, e, None))
            .collect();
    }
    resolve(ds, typed, limit)
        .into_iter()
        .map(|r| entity_suggestion(ds, &mut label, r.entity, Some(&r.matched)))
        .collect()
}

/// Suggestions for `facts` (at most [`MAX_SUGGESTIONS`]): "id: subject
/// predicate objects".
///
/// Completion runs on every keystroke, and at a million facts its time goes
/// to memory reads and short-lived allocations. So the records are read
/// level by level for all suggestions at once (the facts, then their
/// subjects' and first objects' entities), which lets the cache misses of a
/// level overlap (`complete_fact_id` in `bench query` at 1M facts: 50 µs,
/// against 74 µs fact by fact); the levels are kept on the stack; and the
/// labels are written in one reused [`Label`], so each suggestion allocates
/// only its label.
pub(crate) fn fact_suggestions<'a>(ds: &'a Dataset, facts: &[u32]) -> Vec<Suggestion<'a>> {
    let facts = &facts[..facts.len().min(MAX_SUGGESTIONS)];
    let mut records: [Option<&Fact>; MAX_SUGGESTIONS] = [None; MAX_SUGGESTIONS];
    for (record, &f) in records.iter_mut().zip(facts) {
        *record = Some(ds.fact(FactId(f)));
    }
    let records = records.iter().flatten();
    let mut names: [(&str, Option<&str>); MAX_SUGGESTIONS] = [("", None); MAX_SUGGESTIONS];
    for (name, f) in names.iter_mut().zip(records.clone()) {
        let first_object = f.objects.first().map(|&o| &*ds.entity(o).name);
        *name = (&ds.entity(f.subject).name, first_object);
    }
    let mut label = Label::new(MAX_CHOICE_CHARS);
    records
        .zip(names)
        .map(|(f, (subject, first_object))| {
            label.push(&f.id);
            label.push(": ");
            label.push(subject);
            if f.negated {
                label.push(" did not");
            }
            label.push(" ");
            label.push(&ds.predicate(f.predicate).label);
            if let Some(first) = first_object {
                label.push(" ");
                label.push(first);
            }
            for &o in f.objects.iter().skip(1).take(MAX_CHOICE_CHARS - 1) {
                label.push(", ");
                label.push(&ds.entity(o).name);
            }
            if let Some(t) = &f.object_text {
                label.push(" ");
                label.push(t);
            }
            Suggestion {
                label: label.take(),
                value: &f.id,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dataset::fixture::article;
    use crate::data::search::complete_fact;
    use proptest::prelude::*;

    /// Resolves `typed` and returns the best entity's id, the matched
    /// name and the kind.
    fn best(ds: &Dataset, typed: &str) -> Option<(String, String, MatchKind)> {
        resolve(ds, typed, 5).into_iter().next().map(|r| {
            (
                ds.entity(r.entity).id.to_string(),
                r.matched.to_string(),
                r.kind,
            )
        })
    }

    fn check(ds: &Dataset, typed: &str, id: &str, kind: MatchKind) {
        let got = best(ds, typed);
        assert_eq!(
            got.as_ref().map(|(i, _, k)| (i.as_str(), *k)),
            Some((id, kind)),
            "resolve({typed:?}) = {got:?}, all: {:?}",
            resolve(ds, typed, 5)
        );
    }

    #[test]
    fn exact_names_and_aliases_score_one() {
        let ds = article();
        for (typed, id, matched) in [
            ("Taliban", "taliban", "Taliban"),
            ("UNSC", "unsc", "UNSC"),
            (
                "united nations security council",
                "unsc",
                "United Nations Security Council",
            ),
            ("eurasian economic union", "eaeu", "Eurasian Economic Union"),
            ("Isis k", "isis-k", "ISIS-K"),
            ("  KAZAKHSTAN!! ", "kazakhstan", "Kazakhstan"),
            ("turkiye", "turkiye", "Türkiye"),
            ("Москва", "moscow", "Москва"),
        ] {
            let r = &resolve(&ds, typed, 3)[0];
            assert_eq!(ds.entity(r.entity).id.as_ref(), id, "{typed}");
            assert_eq!(&*r.matched, matched, "{typed}");
            assert_eq!((r.kind, r.score), (MatchKind::Exact, 1.0), "{typed}");
        }
    }

    #[test]
    fn plural_and_possessive_s_and_small_words_are_exact_but_lower() {
        let ds = article();
        for typed in ["talibans", "Taliban's", "Putins", "Putin's"] {
            let r = &resolve(&ds, typed, 3)[0];
            assert_eq!(r.kind, MatchKind::Exact, "{typed}");
            assert!((0.9..1.0).contains(&r.score), "{typed}: {}", r.score);
        }
        check(&ds, "the soviet union", "soviet-union", MatchKind::Exact);
        let r = &resolve(&ds, "the soviet union", 1)[0];
        assert!(r.score < 0.97);
    }

    #[test]
    fn misspellings_resolve_fuzzily() {
        let ds = article();
        for (typed, id) in [
            ("Moskow", "moscow"),
            ("kirgizstan", "kyrgyzstan"),
            ("Tadjikistan", "tajikistan"),
            ("Uzbekhistan", "uzbekistan"),
            ("Kazakstan", "kazakhstan"),
            ("Pakistn", "pakistan"),
            ("chechnia", "chechnya"),
            ("Armenija", "armenia"),
            ("Belarrus", "belarus"),
            ("united nations securty council", "unsc"),
            ("Vladimir Puttin", "putin"),
        ] {
            check(&ds, typed, id, MatchKind::Fuzzy);
            let r = &resolve(&ds, typed, 1)[0];
            assert!((0.1..0.5).contains(&r.score), "{typed}: {}", r.score);
        }
        // Aliases carry spellings too far for typo matching.
        check(&ds, "Belorussia", "belarus", MatchKind::Exact);
    }

    #[test]
    fn words_of_longer_names_match_as_weaker_prefix_matches() {
        let ds = article();
        check(&ds, "supreme court", "ru-supreme-court", MatchKind::Prefix);
        check(&ds, "court", "ru-supreme-court", MatchKind::Prefix);
        check(&ds, "vladimir pu", "putin", MatchKind::Prefix);
        check(&ds, "Resolution 12", "unscr-1267", MatchKind::Prefix);
        // An unfinished word one letter short is typing, not a typo.
        check(&ds, "kazakhsta", "kazakhstan", MatchKind::Prefix);
        check(&ds, "collective securit", "csto", MatchKind::Prefix);
        let court = resolve(&ds, "court", 5);
        assert!(court.iter().all(|r| r.score < 0.9), "{court:?}");
        // A whole word beats a word that merely starts with it.
        let pos = |id: &str| {
            court
                .iter()
                .position(|r| ds.entity(r.entity).id.as_ref() == id)
        };
        assert!(pos("ru-supreme-court") < pos("courtney"), "{court:?}");
    }

    #[test]
    fn prefixes_rank_above_fuzzy_and_below_exact() {
        let ds = article();
        let got = resolve(&ds, "kaz", 10);
        let ids: Vec<&str> = got
            .iter()
            .map(|r| ds.entity(r.entity).id.as_ref())
            .collect();
        assert!(
            ids.contains(&"kazan") && ids.contains(&"kazakhstan"),
            "{ids:?}"
        );
        assert!(got.iter().all(|r| r.kind == MatchKind::Prefix));
        // Kazan is the closer prefix (shorter name).
        assert_eq!(ids[0], "kazan");
        let kinds: Vec<MatchKind> = resolve(&ds, "Iran", 10).iter().map(|r| r.kind).collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(kinds, sorted, "exact, then prefix, then fuzzy");
    }

    #[test]
    fn results_are_ranked_deduplicated_and_limited() {
        let ds = article();
        let got = resolve(&ds, "security", 10);
        let mut entities: Vec<_> = got.iter().map(|r| r.entity).collect();
        entities.sort();
        entities.dedup();
        assert!(got.len() >= 3, "{got:?}");
        assert_eq!(entities.len(), got.len(), "one result per entity");
        assert!(got.windows(2).all(|w| w[0].score >= w[1].score), "{got:?}");
        assert_eq!(resolve(&ds, "security", 1).len(), 1);
        assert!(resolve(&ds, "security", 0).is_empty());
    }

    #[test]
    fn ties_go_to_the_better_connected_entity_then_the_lower_index() {
        use crate::data::EntityKind::Group;
        use crate::data::dataset::fixture::{F, dataset, entity, predicates};
        let f = |id, subject| F {
            id,
            subject,
            predicate: "said",
            objects: &[],
            date: None,
            quote: "words",
        };
        let ds = dataset(
            vec![
                entity("one", Group, "Alpha One", &[]),
                entity("two", Group, "Alpha Two", &[]),
                entity("six", Group, "Alpha Six", &[]),
            ],
            predicates(),
            &[f("a", "two"), f("b", "two"), f("c", "one"), f("d", "six")],
        );
        let got = resolve(&ds, "alpha", 3);
        assert!(got.iter().all(|r| r.score == got[0].score), "{got:?}");
        let ids: Vec<&str> = got
            .iter()
            .map(|r| ds.entity(r.entity).id.as_ref())
            .collect();
        assert_eq!(ids, ["two", "one", "six"]);
    }

    #[test]
    fn nothing_close_gives_nothing() {
        let ds = article();
        for typed in ["", "   ", "!!!", "zzzzzzqqq", "xq", "🙂", "\u{0}\u{7}"] {
            assert!(
                resolve(&ds, typed, 5).is_empty(),
                "{typed:?}: {:?}",
                resolve(&ds, typed, 5)
            );
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let ds = article();
        let long = "taliban ".repeat(2_000);
        assert_eq!(best(&ds, &long).map(|b| b.0), Some("taliban".to_string()));
        let _ = resolve(&ds, &"ж".repeat(10_000), 5);
        let _ = resolve(&ds, &"a".repeat(10_000), 5);
        let _ = resolve(&ds, "\u{202e}taliban\u{0}", 5);
        let _ = resolve(&ds, "🇷🇺🇦🇫 talibán 👍", 5);
    }

    #[test]
    fn entities_named_in_questions() {
        let ds = article();
        let found = |q: &str| -> Vec<String> {
            let mut ids: Vec<String> = entities_in_text(&ds, &fold(q))
                .into_iter()
                .map(|(e, _)| ds.entity(e).id.to_string())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(found("Who designated the Taliban?"), ["taliban"]);
        assert_eq!(
            found("did the united nations security council ban the talibans"),
            ["taliban", "unsc"]
        );
        assert_eq!(
            found("what did Moskow say about kirgizstan"),
            ["kyrgyzstan", "moscow"]
        );
        assert_eq!(found("Russian supreme court"), ["ru-supreme-court"]);
        assert!(found("the of and").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn entity_completion() {
        let ds = article();
        let got = complete_entity(&ds, "", 5);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].value, "russia", "most connected first: {got:?}");
        assert_eq!(got[1].value, "taliban");
        let got = complete_entity(&ds, "kyrgyz rep", 25);
        assert_eq!(got[0].value, "kyrgyzstan");
        assert_eq!(got[0].label, "Kyrgyzstan (Kyrgyz Republic)");
        let got = complete_entity(&ds, "Kazak", 25);
        assert_eq!(got[0].value, "kazakhstan");
        assert_eq!(
            complete_entity(&ds, "a", 100).len().min(25),
            complete_entity(&ds, "a", 100).len()
        );
        assert!(complete_entity(&ds, "a", 100).len() <= 25);
        let got = complete_entity(&ds, "moskow", 25);
        assert_eq!(got[0].value, "moscow");
    }

    #[test]
    fn labels_are_cut_on_char_boundaries() {
        let cut = |text: &str| {
            let mut label = Label::new(100);
            label.push(text);
            label.take()
        };
        assert_eq!(cut("short"), "short");
        let long = "é".repeat(150);
        let c = cut(&long);
        assert_eq!(c.chars().count(), 100);
        assert!(c.ends_with('…'));
        assert_eq!(cut(&"👍".repeat(101)).chars().count(), 100);
        assert_eq!(cut(&"a".repeat(100)), "a".repeat(100));
    }

    #[test]
    fn long_names_make_labels_within_limits_and_values_stay_whole() {
        use crate::data::dataset::fixture::{F, dataset, entity, predicates};
        let long_name = format!("The {} Committee 😀", "Very ".repeat(40));
        let long_id: &'static str = Box::leak("x".repeat(120).into_boxed_str());
        let ds = dataset(
            vec![entity(
                long_id,
                crate::data::EntityKind::Organisation,
                &long_name,
                &["VLC"],
            )],
            predicates(),
            &[F {
                id: long_id,
                subject: long_id,
                predicate: "said",
                objects: &[],
                date: None,
                quote: "words",
            }],
        );
        for s in complete_entity(&ds, "vlc", 25)
            .into_iter()
            .chain(complete_entity(&ds, "", 25))
            .chain(complete_fact(&ds, "", 25))
            .chain(complete_fact(&ds, "xxx", 25))
        {
            assert!(s.label.chars().count() <= 100, "{s:?}");
            // A cut id would name nothing: the value is the whole id.
            assert_eq!(s.value, long_id, "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn arbitrary_input_never_panics(typed in any::<String>(), limit in 0usize..40) {
            let ds = article();
            let got = resolve(&ds, &typed, limit);
            prop_assert!(got.len() <= limit);
            for r in &got {
                prop_assert!(r.score.is_finite() && r.score > 0.0 && r.score <= 1.0);
            }
            for s in complete_entity(&ds, &typed, limit).into_iter().chain(complete_fact(&ds, &typed, limit)) {
                prop_assert!(s.label.chars().count() <= 100);
                prop_assert!(ds.entity_by_id(s.value).is_some() || ds.fact_by_id(s.value).is_some());
            }
            prop_assert!(complete_entity(&ds, &typed, limit).len() <= limit.min(25));
        }

        #[test]
        fn names_resolve_to_themselves_in_any_case(i in 0usize..28, upper in any::<bool>()) {
            let ds = article();
            let e = &ds.entities[i];
            let typed = if upper { e.name.to_uppercase() } else { e.name.to_lowercase() };
            let got = resolve(&ds, &typed, 1);
            prop_assert_eq!(got[0].entity.0 as usize, i);
            prop_assert_eq!(got[0].kind, MatchKind::Exact);
        }
    }
}
