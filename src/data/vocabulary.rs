//! The words the data is written in, for reading a misspelt question word
//! as the word meant: every word of the source texts and of the
//! predicates' words, and the small words of chat ([`crate::data::text`]).
//! Names are not here: the name index reads their typos. A question word the search index does not
//! know is corrected here, within the one typo rule ([`max_edits`]), and
//! only then stemmed: "recogntion" reads "recognition", "countires"
//! "countries". Its size follows the articles, not the facts.

use super::index::deletions::DeletionIndex;
use super::model::{Predicate, Source};
use super::text::{WordClass, edit_distance, fold, max_edits, word_class};

#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct Vocabulary {
    /// Distinct folded words, sorted.
    words: Vec<Box<str>>,
    fuzzy: DeletionIndex,
}

impl Vocabulary {
    pub(crate) fn build(
        sources: &[Source],
        predicates: &[Predicate],
        chat_words: &[&str],
    ) -> Vocabulary {
        let mut words: Vec<Box<str>> = Vec::new();
        let mut add = |text: &str| {
            for w in fold(text).split(' ') {
                if w.len() >= 4 && w.is_ascii() && !w.bytes().any(|b| b.is_ascii_digit()) {
                    words.push(w.into());
                }
            }
        };
        for s in sources {
            add(&s.text);
        }
        for p in predicates {
            p.words.iter().for_each(|w| add(w));
        }
        chat_words.iter().for_each(|w| add(w));
        words.sort_unstable();
        words.dedup();
        let fuzzy = DeletionIndex::build(
            words.iter().enumerate().map(|(i, w)| (i as u32, &**w)),
            max_edits,
        );
        Vocabulary { words, fuzzy }
    }

    /// The word meant by a misspelt `word` (nearest within the typo rule,
    /// then the one filler or general word it may be), if any.
    pub(crate) fn correct(&self, word: &str) -> Option<&str> {
        if word.len() < 4
            || !word.is_ascii()
            || self.words.binary_search_by(|w| (**w).cmp(word)).is_ok()
        {
            return None;
        }
        let mut candidates = Vec::new();
        self.fuzzy.candidates(word, &mut candidates);
        let allowed = max_edits(word.len());
        candidates
            .into_iter()
            .map(|i| &*self.words[i as usize])
            .map(|w| (edit_distance(word, w), w))
            .filter(|&(d, w)| d <= allowed.min(max_edits(w.len())))
            .min_by_key(|&(d, w)| (d, word_class(w) == WordClass::Content, w))
            .map(|(_, w)| w)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.iter().map(|w| w.len() + 16).sum::<usize>() + self.fuzzy.heap_bytes()
    }
}
