//! How much of each article the facts cover: the article is split into
//! sentences, the factual ones are picked out, and a sentence counts as
//! covered when some fact's quote overlaps it. `factbot check` prints the
//! share and, on request, the factual sentences no fact quotes.
//!
//! Pure functions over a [`Dataset`]; no IO.
//!
//! # Sentences
//! Each non-blank line of a text is a paragraph. A paragraph whose last
//! character (before closing quotes and brackets) is not `.`, `?`, `!`,
//! `…` or `:` is a heading (the title lines at the top, "Interests and
//! goals") and not factual. Other paragraphs are split after `.`, `?`,
//! `!` or `…` followed by a space or the end of the line, never inside
//! `( ... )` or `“ ... ”`, and not after common abbreviations ("Mr.") or
//! initials ("J."); closing quotes and brackets after the stop stay with
//! the sentence. An introduction ending in `:` ("In 2022, Putin said:")
//! is a factual sentence. The publisher's footer ("Read the original
//! article.", "This article was republished from ...") is not factual.

use std::fmt::Write as _;

use super::dataset::Dataset;
use super::model::SourceId;

/// What a sentence is, for coverage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentenceKind {
    /// States something: a fact should quote it.
    Factual,
    /// A title or section heading.
    Heading,
    /// The publisher's footer.
    Boilerplate,
}

/// One sentence of a source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// 1-based line of the text it is on.
    pub line: u32,
    pub kind: SentenceKind,
}

impl Sentence {
    /// The sentence's words.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Footers that say where the article comes from, not what happened.
const BOILERPLATE: [&str; 3] = [
    "Read the original article",
    "This article was republished from",
    "This article is republished from",
];

/// Words that end with a period without ending the sentence.
const ABBREVIATIONS: [&str; 16] = [
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Col", "Lt", "Sgt", "Jr", "Sr", "vs", "etc",
    "No", "approx",
];

/// Splits `text` into sentences and headings (see the module docs).
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for (number, line) in text.split('\n').enumerate() {
        let line_number = number as u32 + 1;
        let base = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let offset = base + (line.len() - line.trim_start().len());
        let body = trimmed.trim_end_matches(is_closer);
        let last = body.chars().next_back();
        if !matches!(last, Some('.' | '?' | '!' | '…' | ':')) {
            out.push(Sentence {
                start: offset,
                end: offset + trimmed.len(),
                line: line_number,
                kind: SentenceKind::Heading,
            });
            continue;
        }
        for (s, e) in split_paragraph(trimmed) {
            let sentence = &trimmed[s..e];
            let kind = if BOILERPLATE.iter().any(|b| sentence.starts_with(b)) {
                SentenceKind::Boilerplate
            } else {
                SentenceKind::Factual
            };
            out.push(Sentence {
                start: offset + s,
                end: offset + e,
                line: line_number,
                kind,
            });
        }
    }
    out
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»') || c.is_whitespace()
}

/// Byte ranges of the sentences of one paragraph (trimmed, non-empty).
fn split_paragraph(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut parens: u32 = 0;
    let mut quotes: u32 = 0;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '(' | '[' => parens += 1,
            ')' | ']' => parens = parens.saturating_sub(1),
            '“' | '«' => quotes += 1,
            '”' | '»' => quotes = quotes.saturating_sub(1),
            '.' | '?' | '!' | '…' if parens == 0 && !is_abbreviation(&p[start..at], c) => {
                // More stops ("?!", "..."), then closing quotes and brackets,
                // possibly after a space ("assistance. ”").
                let mut j = i + 1;
                while j < chars.len() && matches!(chars[j].1, '.' | '?' | '!' | '…') {
                    j += 1;
                }
                let mut end_quotes = quotes;
                let mut end = j;
                let mut k = j;
                loop {
                    while k < chars.len() && chars[k].1 == ' ' {
                        k += 1;
                    }
                    match chars.get(k).map(|&(_, c)| c) {
                        Some('”' | '»') => {
                            end_quotes = end_quotes.saturating_sub(1);
                            k += 1;
                            end = k;
                        }
                        Some(')' | ']' | '’' | '"' | '\'') if k == j || chars[k - 1].1 != ' ' => {
                            k += 1;
                            end = k;
                        }
                        _ => break,
                    }
                }
                let at_break = end == chars.len() || chars[end].1.is_whitespace();
                if end_quotes == 0 && at_break {
                    let end_byte = chars.get(end).map_or(p.len(), |&(b, _)| b);
                    out.push((start, end_byte));
                    quotes = 0;
                    i = end;
                    while i < chars.len() && chars[i].1.is_whitespace() {
                        i += 1;
                    }
                    start = chars.get(i).map_or(p.len(), |&(b, _)| b);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if start < p.len() && !p[start..].trim().is_empty() {
        out.push((start, p.len()));
    }
    out
}

/// Whether the stop `c` ends an abbreviation or an initial in `before`
/// (the sentence so far), so the sentence goes on.
fn is_abbreviation(before: &str, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || ch == '(' || ch == '“')
        .next()
        .unwrap_or("");
    ABBREVIATIONS.contains(&word)
        || (word.chars().count() == 1 && word.chars().all(|ch| ch.is_uppercase()))
        // "U.S." and "e.g.": letters with periods between them.
        || (word.len() >= 2 && word.contains('.') && word.split('.').all(|part| part.chars().count() <= 1))
}

/// The coverage of one source.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceCoverage {
    pub source: SourceId,
    pub sentences: Vec<Sentence>,
    /// Parallel to `sentences`: whether some quote overlaps it.
    pub covered: Vec<bool>,
}

/// The coverage of every source of a dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    pub sources: Vec<SourceCoverage>,
}

impl Coverage {
    /// Computes which sentences of each source some quote overlaps.
    pub fn of(ds: &Dataset) -> Coverage {
        let mut ranges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ds.sources.len()];
        for fact in &ds.facts {
            let Some(list) = ranges.get_mut(fact.source.0 as usize) else {
                continue;
            };
            for quote in &fact.quotes {
                let start = quote.offset as usize;
                list.push((start, start + quote.text.len()));
            }
        }
        let sources = ds
            .sources
            .iter()
            .zip(ranges)
            .enumerate()
            .map(|(i, (source, mut quoted))| {
                let sentences = sentences(&source.text);
                quoted.sort_unstable();
                let covered = overlapping(&sentences, &quoted);
                SourceCoverage {
                    source: SourceId(i as u32),
                    sentences,
                    covered,
                }
            })
            .collect();
        Coverage { sources }
    }

    /// How many sentences are factual.
    pub fn factual(&self) -> usize {
        self.factual_sentences().count()
    }

    /// How many factual sentences some quote overlaps.
    pub fn covered(&self) -> usize {
        self.factual_sentences().filter(|&(_, _, c)| c).count()
    }

    /// The covered share of factual sentences, in percent (100 when there
    /// are none).
    pub fn percent(&self) -> f64 {
        match self.factual() {
            0 => 100.0,
            n => self.covered() as f64 * 100.0 / n as f64,
        }
    }

    /// The factual sentences no quote overlaps, in source and text order.
    pub fn uncovered(&self) -> impl Iterator<Item = (SourceId, &Sentence)> {
        self.factual_sentences()
            .filter(|&(_, _, c)| !c)
            .map(|(s, sentence, _)| (s, sentence))
    }

    fn factual_sentences(&self) -> impl Iterator<Item = (SourceId, &Sentence, bool)> {
        self.sources.iter().flat_map(|sc| {
            sc.sentences
                .iter()
                .zip(&sc.covered)
                .filter(|(s, _)| s.kind == SentenceKind::Factual)
                .map(move |(s, &c)| (sc.source, s, c))
        })
    }
}

/// What `factbot check` prints for a valid dataset: the counts, the
/// coverage, the version and, with `list_uncovered`, every factual sentence
/// no quote overlaps, located as `data/sources/x.txt:LINE`. `root` is how
/// the data directory is shown (e.g. `data`).
pub fn summary(ds: &Dataset, root: &str, list_uncovered: bool) -> String {
    let coverage = Coverage::of(ds);
    let mut out = String::new();
    let _ = writeln!(out, "sources:    {}", ds.sources.len());
    let _ = writeln!(out, "entities:   {}", ds.entities.len());
    let _ = writeln!(out, "facts:      {}", ds.facts.len());
    let _ = writeln!(out, "predicates: {}", ds.predicates.len());
    let _ = writeln!(
        out,
        "coverage:   {} of {} factual sentences ({:.1}%)",
        coverage.covered(),
        coverage.factual(),
        coverage.percent()
    );
    let _ = writeln!(out, "version:    {}", ds.version);
    if list_uncovered {
        let mut any = false;
        for (source, sentence) in coverage.uncovered() {
            if !any {
                out.push_str("factual sentences no fact quotes:\n");
                any = true;
            }
            let source = ds.source(source);
            let path = if root.is_empty() {
                source.file.to_string()
            } else {
                format!("{root}/{}", source.file)
            };
            let _ = writeln!(
                out,
                "  {path}:{}: {}",
                sentence.line,
                sentence.text(&source.text)
            );
        }
        if !any {
            out.push_str("every factual sentence is quoted by a fact\n");
        }
    }
    out
}

/// For sentences in text order and quoted ranges sorted by start: whether
/// each sentence overlaps some range.
fn overlapping(sentences: &[Sentence], quoted: &[(usize, usize)]) -> Vec<bool> {
    // Every range seen so far starts before the current sentence ends (the
    // sentences' ends only grow), so it overlaps iff the furthest end among
    // them lies past the sentence's start.
    let mut next = 0;
    let mut furthest_end = 0;
    sentences
        .iter()
        .map(|s| {
            while next < quoted.len() && quoted[next].0 < s.end {
                furthest_end = furthest_end.max(quoted[next].1);
                next += 1;
            }
            next > 0 && furthest_end > s.start
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(&str, SentenceKind)> {
        sentences(text)
            .into_iter()
            .map(|s| (s.text(text), s.kind))
            .collect()
    }

    use SentenceKind::{Boilerplate, Factual, Heading};

    #[test]
    fn titles_and_headings_are_not_factual() {
        let text = "Putin wants to get closer to the Taliban – Asia Times\n\n\
                    Russia is now considering it. Both sides gain.\n\nInterests and goals\n";
        assert_eq!(
            split(text),
            [
                (
                    "Putin wants to get closer to the Taliban – Asia Times",
                    Heading
                ),
                ("Russia is now considering it.", Factual),
                ("Both sides gain.", Factual),
                ("Interests and goals", Heading),
            ]
        );
    }

    #[test]
    fn parentheses_and_quotes_stay_in_their_sentence() {
        let text = "Central Asia is a hotspot ( the Soviet Union fought there. It left in 1989 ). \
                    Russia mentions “the European space for assistance. ”\n\
                    He said “Go home.” Then he left.";
        assert_eq!(
            split(text),
            [
                (
                    "Central Asia is a hotspot ( the Soviet Union fought there. It left in 1989 ).",
                    Factual
                ),
                (
                    "Russia mentions “the European space for assistance. ”",
                    Factual
                ),
                ("He said “Go home.”", Factual),
                ("Then he left.", Factual),
            ]
        );
    }

    #[test]
    fn introductions_count_and_footers_do_not() {
        let text = "In 2022, Putin said:\n\nAny civilization’s capacity matters. Really?! Yes…\n\n\
                    This article was republished from The Conversation. Read the original article.";
        assert_eq!(
            split(text),
            [
                ("In 2022, Putin said:", Factual),
                ("Any civilization’s capacity matters.", Factual),
                ("Really?!", Factual),
                ("Yes…", Factual),
                (
                    "This article was republished from The Conversation.",
                    Boilerplate
                ),
                ("Read the original article.", Boilerplate),
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let text =
            "Mr. Smith met J. R. Doe in the U.S. on Monday. The talks ended at 3.5 p.m. today.";
        assert_eq!(
            split(text),
            [
                ("Mr. Smith met J. R. Doe in the U.S. on Monday.", Factual),
                ("The talks ended at 3.5 p.m. today.", Factual),
            ]
        );
    }

    #[test]
    fn lines_and_offsets_point_into_the_text() {
        let text = "Title\n\n  First one. Second one.\n";
        let s = sentences(text);
        assert_eq!(s[1].line, 3);
        assert_eq!(&text[s[1].start..s[1].end], "First one.");
        assert_eq!(&text[s[2].start..s[2].end], "Second one.");
    }

    #[test]
    fn overlap_needs_a_shared_byte() {
        let text = "One two. Three four. Five six.";
        let s = sentences(text);
        // "two. Three" touches the first two sentences; nothing the third.
        let start = text.find("two").unwrap();
        let covered = overlapping(&s, &[(start, start + "two. Three".len())]);
        assert_eq!(covered, [true, true, false]);
        let end_of_first = text.find('.').unwrap() + 1;
        assert_eq!(overlapping(&s, &[(0, end_of_first)]), [true, false, false]);
        assert_eq!(overlapping(&s, &[]), [false, false, false]);
    }
}
