//! The article's paraphrased wordings read as what they mean: each
//! source's glossary ("register a minister" = keep its embassy open),
//! folded and compiled once per dataset, so that matching a question
//! against a quote reads the quote as meant without rebuilding anything.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::model::Source;
use super::text::fold;

/// One source's glossary, folded (" article words " → " meaning ").
#[derive(Debug, Default)]
pub(crate) struct Glossary {
    finder: Option<AhoCorasick>,
    meanings: Vec<String>,
}

impl Glossary {
    pub(crate) fn build(source: &Source) -> Glossary {
        let articles: Vec<String> = source
            .glossary
            .iter()
            .map(|g| format!(" {} ", fold(&g.article)))
            .collect();
        let meanings = source
            .glossary
            .iter()
            .map(|g| format!(" {} ", fold(&g.meaning)))
            .collect();
        let finder = (!articles.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&articles)
                    .ok()
            })
            .flatten();
        Glossary { finder, meanings }
    }

    /// `text` (folded, " word word ") with its paraphrased wordings
    /// replaced by their meanings, if it holds any.
    pub(crate) fn read(&self, text: &str) -> Option<String> {
        let finder = self.finder.as_ref()?;
        finder
            .is_match(text)
            .then(|| finder.replace_all(text, &self.meanings))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.finder.as_ref().map_or(0, AhoCorasick::memory_usage)
            + self
                .meanings
                .iter()
                .map(|m| m.capacity() + 24)
                .sum::<usize>()
    }
}

#[cfg(test)]
impl PartialEq for Glossary {
    fn eq(&self, other: &Glossary) -> bool {
        self.meanings == other.meanings
    }
}
