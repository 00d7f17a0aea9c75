//! Which words carry meaning: the one stop-word list (small English words
//! never indexed or matched), the filler of chat ("so basically", "lol",
//! "tbh") and the general nouns of questions ("which countries"), and
//! splitting typed text into folded words.

use super::fold::fold;

/// How much a word of a question can say about what is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    /// A small English word ("the", "who"): never indexed, never matched.
    Stop,
    /// Chat filler and question talk ("really", "lol", "tell me", "article"):
    /// says nothing about the facts, so it neither helps nor hurts a match.
    Filler,
    /// A general noun ("country", "year", "people"): it may narrow what is
    /// asked, but is too common to decide an answer.
    General,
    /// A verb that undoes an action ("break off ties", "close an
    /// embassy", "stop"): it turns what a question asks into its opposite.
    Reversal,
    /// Everything else: a word the facts may or may not use.
    Content,
}

/// Whether a folded word is a small English word too common to index or
/// match ("who", "the"). "us" is not one: it is also the United States.
pub fn is_stop_word(word: &str) -> bool {
    // A `match` on strings dispatches on the length first: indexing calls
    // this for every word of a million facts.
    matches!(
        word,
        "a" | "about"
            | "after"
            | "against"
            | "all"
            | "also"
            | "am"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "before"
            | "being"
            | "both"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "during"
            | "each"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "he"
            | "her"
            | "his"
            | "how"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "me"
            | "my"
            | "of"
            | "on"
            | "or"
            | "our"
            | "she"
            | "should"
            | "so"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "why"
            | "with"
            | "you"
    )
}

/// Words of chat and of asking that say nothing about the facts.
const FILLER: &[&str] = &[
    "actually",
    "again",
    "ago",
    "anybody",
    "anyone",
    "anything",
    "anyway",
    "article",
    "author",
    "basically",
    "bit",
    "btw",
    "bro",
    "currently",
    "deal",
    "describe",
    "dude",
    "either",
    "else",
    "ever",
    "every",
    "exactly",
    "exist",
    "exists",
    "explain",
    "fr",
    "further",
    "give",
    "guess",
    "guys",
    "happen",
    "happened",
    "happening",
    "happens",
    "hey",
    "hi",
    "hello",
    "here",
    "him",
    "honestly",
    "idk",
    "imo",
    "just",
    "kind",
    "kinda",
    "know",
    "let",
    "like",
    "literally",
    "lol",
    "lmao",
    "mean",
    "mention",
    "mentioned",
    "mentions",
    "might",
    "more",
    "most",
    "much",
    "must",
    "ngl",
    "no",
    "not",
    "now",
    "nt",
    "ok",
    "okay",
    "once",
    "one",
    "only",
    "other",
    "others",
    "over",
    "piece",
    "please",
    "pls",
    "plz",
    "pretty",
    "quick",
    "question",
    "quite",
    "real",
    "really",
    "right",
    "same",
    "say",
    "says",
    "said",
    "seriously",
    "shall",
    "show",
    "some",
    "someone",
    "something",
    "sort",
    "still",
    "story",
    "stuff",
    "such",
    "sure",
    "supposed",
    "tbh",
    "tell",
    "text",
    "thanks",
    "thing",
    "things",
    "though",
    "thx",
    "today",
    "too",
    "u",
    "uh",
    "um",
    "up",
    "upon",
    "ur",
    "us",
    "very",
    "wait",
    "wanna",
    "way",
    "whatever",
    "whether",
    "while",
    "whose",
    "will",
    "wonder",
    "wondering",
    "would",
    "yeah",
    "yes",
    "yet",
    "yo",
    "your",
    "s",
    "t",
    "n",
    "even",
    "back",
    "rn",
    "tho",
    "tbf",
    "somewhere",
    "somehow",
    "anymore",
    "got",
    "get",
    "gets",
    "getting",
    "gonna",
    "whats",
    "thingy",
    "lot",
    "lots",
    "bunch",
    "care",
    "cares",
    "been",
    "smth",
    "sth",
    "nah",
    "nope",
    "lately",
    "usually",
    "days",
    "maybe",
    "something",
    "whatnot",
    "sorta",
    "between",
    "besides",
    "among",
    "become",
    "becomes",
    "especially",
    "suggest",
    "suggests",
    "meant",
    "likely",
    "soon",
    "mainly",
    "ish",
    "done",
    "doing",
    "allegedly",
    "supposedly",
    "reportedly",
    "apparently",
    "wise",
];

/// General nouns and vague words of questions.
const GENERAL: &[&str] = &[
    "country",
    "countries",
    "nation",
    "nations",
    "state",
    "states",
    "people",
    "person",
    "persons",
    "group",
    "groups",
    "organisation",
    "organisations",
    "organization",
    "organizations",
    "year",
    "years",
    "date",
    "dates",
    "time",
    "times",
    "side",
    "sides",
    "source",
    "sources",
    "fact",
    "facts",
    "information",
    "info",
    "detail",
    "details",
    "entity",
    "entities",
    "name",
    "names",
    "called",
    "type",
    "part",
    "involved",
    "involve",
    "official",
    "officially",
    "recently",
    "exact",
    "long",
    "since",
    "until",
    "ways",
    "reason",
    "reasons",
    "purpose",
    "many",
    "number",
    "happen",
    "exactly",
    "big",
    "main",
    "whole",
    "according",
    "thing",
    "look",
    "looks",
    "seem",
    "seems",
    "bad",
    // "what did the US fail to achieve": the thing asked.
    "achieve",
    "achieved",
    "accomplish",
    "accomplished",
];

/// Verbs that undo an action (see [`WordClass::Reversal`]).
const REVERSALS: &[&str] = &[
    "abandon",
    "abandoned",
    "break",
    "broke",
    "broken",
    "close",
    "closed",
    "cut",
    "end",
    "ended",
    "halt",
    "halted",
    "leave",
    "left",
    "quit",
    "reject",
    "rejected",
    "sever",
    "severed",
    "shut",
    "stop",
    "stopped",
    "withdraw",
    "withdrew",
];

/// The filler and general words, for correcting a misspelt one.
pub fn chat_words() -> impl Iterator<Item = &'static str> {
    FILLER.iter().chain(GENERAL).chain(REVERSALS).copied()
}

/// Question words.
pub const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "when", "why", "what", "which", "how", "where",
];

/// What a folded question word can say (see [`WordClass`]).
pub fn word_class(word: &str) -> WordClass {
    if is_stop_word(word) || QUESTION_WORDS.contains(&word) {
        WordClass::Stop
    } else if FILLER.contains(&word) {
        WordClass::Filler
    } else if GENERAL.contains(&word) {
        WordClass::General
    } else if REVERSALS.contains(&word) {
        WordClass::Reversal
    } else {
        WordClass::Content
    }
}

/// Chat abbreviations and slang, read as the plain word they stand for
/// ("govt" → "government", "scared" → "concerned").
pub fn plain_word(word: &str) -> &str {
    match word {
        "govt" | "gov" | "goverment" => "government",
        "uni" => "university",
        "doc" | "docs" => "document",
        "money" | "cash" | "funds" => "assets",
        "scared" | "afraid" | "freaked" => "concerned",
        "vibe" | "vibes" => "resonate",
        "cozy" | "cozies" | "cosy" | "cosies" => "closer",
        "behind" => "responsible",
        "ran" => "published",
        "living" | "job" => "work",
        "guy" => "role",
        "intl" => "international",
        "convo" | "convos" => "talks",
        "final" => "definitive",
        "achieve" | "accomplish" => "aims",
        "body" | "bodies" => "organisation",
        other => other,
    }
}

/// Idioms read as the one word they mean, or as nothing ("" for filler):
/// "what does Russia get out of it" asks what it would benefit.
const IDIOMS: &[(&[&str], &str)] = &[
    (&["in", "the", "first", "place"], ""),
    (&["at", "the", "end", "of", "the", "day"], ""),
    (&["get", "out", "of"], "benefit"),
    (&["gets", "out", "of"], "benefit"),
    // "want out of all this": not "carry out".
    (&["out", "of"], ""),
    (&["made", "up", "of"], "members"),
    (&["make", "up"], "members"),
    (&["on", "good", "terms"], "relations"),
    (&["point", "of"], "aims"),
    (&["lean", "on"], "use"),
    // "what does the Taliban think of Russia": its view of it.
    (&["think", "of"], "trust"),
    (&["thinks", "of"], "trust"),
    (&["get", "along"], "relations"),
    (&["getting", "along"], "relations"),
    // "could Afghanistan cash in on the corridor": benefit from it.
    (&["cash", "in"], "benefit"),
    (&["cashing", "in"], "benefit"),
];

/// [`plain_word`] for each word, idioms first read as what they mean.
/// Positions are kept: an idiom's first word becomes its meaning, its
/// other words (and a filler idiom's every word) become "just", filler.
pub fn plain_words(words: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = words.iter().map(|w| plain_word(w)).collect();
    let mut i = 0;
    while i < out.len() {
        let idiom = IDIOMS.iter().find(|(phrase, _)| {
            words.len() >= i + phrase.len()
                && phrase
                    .iter()
                    .zip(&words[i..])
                    .all(|(p, w)| *p == w.as_str())
        });
        let Some((phrase, meaning)) = idiom else {
            i += 1;
            continue;
        };
        for (k, slot) in out[i..i + phrase.len()].iter_mut().enumerate() {
            *slot = if k == 0 && !meaning.is_empty() {
                meaning
            } else {
                "just"
            };
        }
        i += phrase.len();
    }
    out
}

/// Typed text as folded words. Apostrophes join their word ("won't" reads
/// "wont", "Russia's" reads "russias", as names are folded): the stemmer
/// and the name index read a possessive `s` as the word itself.
pub fn tokens(text: &str) -> Vec<String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`'))
        .collect();
    fold(&cleaned)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Small numbers as people spell them.
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// A small number written out or in digits ("five", "5").
pub fn number(word: &str) -> Option<usize> {
    NUMBER_WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| i + 1)
        .or_else(|| word.parse().ok().filter(|&n: &usize| n > 0 && n < 1000))
}

/// The other way of writing a small number: "5" for "five", "five" for
/// "5".
pub fn number_other_form(word: &str) -> Option<String> {
    let n = number(word)?;
    let spelled = *NUMBER_WORDS.get(n.checked_sub(1)?)?;
    Some(if word == spelled {
        n.to_string()
    } else {
        spelled.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_words() {
        assert_eq!(word_class("the"), WordClass::Stop);
        assert_eq!(word_class("who"), WordClass::Stop);
        assert!(!is_stop_word("us"), "the United States");
        assert_eq!(word_class("basically"), WordClass::Filler);
        assert_eq!(word_class("lol"), WordClass::Filler);
        assert_eq!(word_class("countries"), WordClass::General);
        assert_eq!(word_class("taliban"), WordClass::Content);
        assert_eq!(word_class("minister"), WordClass::Content);
        assert_eq!(word_class("cut"), WordClass::Reversal);
    }

    #[test]
    fn idioms_read_as_what_they_mean_keeping_positions() {
        let words = tokens("what does russia get out of it in the first place");
        assert_eq!(
            plain_words(&words),
            [
                "what", "does", "russia", "benefit", "just", "just", "it", "just", "just", "just",
                "just"
            ]
        );
        let words = tokens("are they on good terms, is the govt made up of");
        assert_eq!(
            plain_words(&words),
            [
                "are",
                "they",
                "relations",
                "just",
                "just",
                "is",
                "the",
                "government",
                "members",
                "just",
                "just"
            ]
        );
        assert_eq!(plain_words(&tokens("get")), ["get"]);
        // "cash in" is to benefit; "cash" alone is money.
        assert_eq!(
            plain_words(&tokens("could it cash in")),
            ["could", "it", "benefit", "just"]
        );
        assert_eq!(plain_words(&tokens("the cash")), ["the", "assets"]);
    }

    #[test]
    fn tokens_drop_possessives_and_join_contractions() {
        assert_eq!(tokens("Russia’s court"), ["russias", "court"]);
        assert_eq!(tokens("Moscow won't"), ["moscow", "wont"]);
        assert_eq!(
            tokens("the Taliban's 'ambassador'"),
            ["the", "talibans", "ambassador"]
        );
        assert!(tokens("¡!").is_empty());
    }

    #[test]
    fn numbers_read_both_ways() {
        assert_eq!(number("five"), Some(5));
        assert_eq!(number("5"), Some(5));
        assert_eq!(number("fivefold"), None);
        assert_eq!(number_other_form("5").as_deref(), Some("five"));
        assert_eq!(number_other_form("five").as_deref(), Some("5"));
        assert_eq!(number_other_form("2023"), None);
    }
}
