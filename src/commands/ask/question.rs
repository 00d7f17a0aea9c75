//! Reading a question: its words (folded, possessives dropped), what it
//! asks for (who, when, why, how many, yes or no, ...), and the years it
//! names.

use crate::data::fold::fold;

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Who did it (the subject), or who/what took part.
    Who,
    /// To whom it was done (the object).
    Whom,
    When,
    Why,
    Where,
    /// "What ...", "Which ...", "How ..." and statements ("Taliban
    /// designation").
    What,
    /// "How many ...": a count.
    HowMany,
    /// "Did ...", "Is ...", "Has ...": yes or no.
    YesNo,
}

/// A question, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The question as typed (trimmed).
    pub text: String,
    /// Folded words, possessive `'s` dropped: "Russia's" gives "russia".
    pub words: Vec<String>,
    pub kind: Kind,
    /// Asks for a date too ("who ..., and when?").
    pub wants_date: bool,
    /// Asks for a reason too.
    pub wants_reason: bool,
    /// Years named in the question.
    pub years: Vec<i32>,
    /// Words typed in capitals ("US", "UN"), folded: an acronym, even
    /// where the folded word is also a common word.
    pub acronyms: Vec<String>,
}

/// Auxiliaries that open a yes/no question.
const YES_NO_OPENERS: &[&str] = &[
    "is", "are", "was", "were", "did", "do", "does", "has", "have", "had", "can", "could", "will",
    "would", "should", "whether", "may", "might",
];

/// Common misspellings of question words a fuzzy match would miss (too
/// short for edit distance to be safe).
fn question_word_typo(word: &str) -> Option<&'static str> {
    Some(match word {
        "wen" | "whn" | "wehn" | "hwen" | "whe" => "when",
        "hwo" | "woh" | "whoo" => "who",
        "wat" | "wht" | "waht" | "whta" | "whatt" => "what",
        "wy" | "whi" | "wyh" => "why",
        "hw" | "hoow" => "how",
        "wich" | "whcih" | "whihc" => "which",
        "wher" | "whre" | "wehre" => "where",
        _ => return None,
    })
}

/// Reads `text` as a question.
pub fn read(text: &str) -> Question {
    let text = text.trim().to_string();
    // Drop possessive 's (straight or curly apostrophe) before folding, so
    // "Russia's" reads as "Russia".
    let mut cleaned = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '\'' | '’' | 'ʼ')
            && chars.get(i + 1).is_some_and(|n| matches!(n, 's' | 'S'))
            && chars.get(i + 2).is_none_or(|n| !n.is_alphanumeric())
        {
            i += 2;
            continue;
        }
        if matches!(c, '\'' | '’' | 'ʼ') {
            // "wo n't" / "don't": keep the word in one piece.
            i += 1;
            continue;
        }
        cleaned.push(c);
        i += 1;
    }
    let words: Vec<String> = fold(&cleaned)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| question_word_typo(w).map_or_else(|| w.to_string(), str::to_string))
        .collect();

    let has = |w: &str| words.iter().any(|x| x == w);
    let has_pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let first = words.first().map(String::as_str).unwrap_or("");

    let asks_when = has("when")
        || has_pair("what", "year")
        || has_pair("which", "year")
        || has_pair("what", "date")
        || has_pair("what", "time")
        || has_pair("how", "long");
    let asks_why = has("why")
        || has_pair("what", "reason")
        || has_pair("what", "grounds")
        || has_pair("what", "reasons");
    let first_wh = words
        .iter()
        .find(|w| super::lexicon::QUESTION_WORDS.contains(&w.as_str()))
        .map(String::as_str);

    let kind = if has_pair("how", "many") || has_pair("how", "much") || has_pair("number", "of") {
        Kind::HowMany
    } else if YES_NO_OPENERS.contains(&first) {
        Kind::YesNo
    } else {
        match first_wh {
            Some("when") => Kind::When,
            Some("why") => Kind::Why,
            Some("whom") => Kind::Whom,
            Some("who" | "whose") => Kind::Who,
            Some("where") => Kind::Where,
            _ if asks_when => Kind::When,
            _ if asks_why => Kind::Why,
            _ => Kind::What,
        }
    };
    let years = words
        .iter()
        .filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (1000..=2200).contains(y))
        .collect();
    let acronyms = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase()))
        .map(fold)
        .collect();
    Question {
        acronyms,
        text,
        wants_date: asks_when || kind == Kind::When,
        wants_reason: asks_why || kind == Kind::Why,
        kind,
        years,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_is_asked() {
        for (q, kind) in [
            ("Who designated the Taliban?", Kind::Who),
            ("Whom did Russia designate?", Kind::Whom),
            ("When did Russia designate the Taliban?", Kind::When),
            ("In what year was the CSTO formed?", Kind::When),
            ("wen was the CSTO formed", Kind::When),
            ("Why did the court ban the Taliban?", Kind::Why),
            ("What does the Taliban want?", Kind::What),
            ("Which countries are in the CSTO?", Kind::What),
            ("How many countries are in the CSTO?", Kind::HowMany),
            ("Did China designate the Taliban?", Kind::YesNo),
            ("Is Russia considering delisting the Taliban?", Kind::YesNo),
            ("Where is the forum?", Kind::Where),
            ("taliban designation", Kind::What),
        ] {
            assert_eq!(read(q).kind, kind, "{q}");
        }
    }

    #[test]
    fn reads_words_years_and_extra_asks() {
        let q = read("Who designated the Taliban as a terrorist organisation, and when?");
        assert_eq!(q.kind, Kind::Who);
        assert!(q.wants_date);
        assert!(!q.wants_reason);
        let q = read("What did Russia’s court decide in 2003, and why?");
        assert_eq!(q.words[2], "russia");
        assert_eq!(q.years, vec![2003]);
        assert!(q.wants_reason);
        assert_eq!(read("").words, Vec::<String>::new());
        assert_eq!(read("Moscow won't").words, vec!["moscow", "wont"]);
    }
}
