//! How factbot reads words, in one place: folding (case, diacritics,
//! punctuation), splitting a question into words, the one stemmer, the one
//! stop-word list and the filler words of chat, the one typo rule, and the
//! synonym groups of actions.
//!
//! Name resolution, the search index, `/ask` and every "did you mean" call
//! these functions and nothing else, so a word is judged the same way
//! wherever it is typed: "designated" meets "designation" in a question,
//! in a search and in a completion alike, and a misspelling one command
//! forgives is forgiven by all of them.

mod fold;
mod stem;
mod synonyms;
mod typo;
mod words;

pub use fold::fold;
pub(crate) use fold::fold_into;
pub use stem::{stem, stem_parts};
pub use synonyms::{SYNONYMS, expand, is_synonym_word};
pub use typo::{closest, did_you_mean, edit_distance, is_typo_of, max_edits};
pub use words::{
    QUESTION_WORDS, WordClass, chat_words, is_stop_word, number, number_other_form, plain_word,
    plain_words, tokens, word_class,
};
