//! Stage 1, *read*: what a question asks for (who, when, how many, yes or
//! no, a comparison, ...), the detail it wants (a date, a reason, a
//! number, a name, a length), and its constraints (years, negation),
//! from its words alone. Chat filler around the question ("so basically
//! ... lol") is skipped; nothing here looks at the data.

use crate::data::text::tokens;

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asks {
    /// Who did it (the subject), or who took part.
    Who,
    /// To whom it was done (the object).
    Whom,
    /// "What ...", "Which ...", "How ..." and bare statements.
    What,
    When,
    Where,
    Why,
    /// "How many ...": a count.
    HowMany,
    /// "How long ...": a length or a duration.
    HowLong,
    /// "Did ...", "Is ...": yes or no.
    YesNo,
    /// "Was X before or after Y?", "Which came first?".
    Order,
    /// "How many years between X and Y?".
    YearsBetween,
}

/// A detail a question wants that a fact may not carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Date,
    /// A month ("in which month").
    Month,
    /// A day ("on which day").
    Day,
    Reason,
    Place,
    /// A number the facts would have to state ("how many people died").
    Number,
    /// A length or a duration.
    Length,
    /// Which members of a group ("which Central Asian countries").
    Members,
    /// A person's name or what someone is called ("who is the defence
    /// minister", "what is the ambassador called").
    Name,
}

/// A year a question names and how: "in 2003", "after 2003", "before 2003".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearAsk {
    pub year: i32,
    pub bound: YearBound,
    /// Position of the year's word in [`Question::words`].
    pub pos: usize,
}

/// How a year bounds the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearBound {
    In,
    After,
    Before,
    /// "by 2023": in it or before.
    By,
    /// "in the 1990s": the ten years from it.
    Decade,
}

/// A question, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The question as typed (trimmed).
    pub text: String,
    /// Folded words (see [`tokens`]), question-word typos corrected.
    pub words: Vec<String>,
    pub asks: Asks,
    /// Asks for a date too ("who ..., and when?").
    pub wants_date: bool,
    /// Asks for a reason too.
    pub wants_reason: bool,
    /// The detail asked for, where the answer must carry one.
    pub detail: Option<Detail>,
    /// Years named in the question, with how they bound the answer.
    pub years: Vec<YearAsk>,
    /// The question is put negatively ("didn't", "not", "never").
    pub negated: bool,
    /// Words typed in capitals ("US", "UN"), folded.
    pub acronyms: Vec<String>,
}

/// Forms of "be" that open a question about what something is.
const COPULAS: &[&str] = &["is", "was", "are", "were"];

impl Question {
    /// The question opens with a form of "be" ("Is the Taliban ...",
    /// "was Pakistan included ..."): a claim about the thing named next,
    /// or a passive one.
    pub fn opens_with_copula(&self) -> bool {
        self.words
            .first()
            .is_some_and(|w| COPULAS.contains(&w.as_str()))
    }
}

/// Auxiliaries that open a yes/no question.
const YES_NO_OPENERS: &[&str] = &[
    "is", "are", "was", "were", "did", "do", "does", "has", "have", "had", "can", "could", "will",
    "would", "should", "whether", "may", "might", "isnt", "arent", "wasnt", "didnt", "dont",
    "doesnt", "hasnt", "havent", "wont", "cant",
];

/// Chat openers skipped before the question proper.
const OPENERS: &[&str] = &[
    "so",
    "ok",
    "okay",
    "but",
    "and",
    "wait",
    "hey",
    "yo",
    "um",
    "uh",
    "like",
    "basically",
    "honestly",
    "lol",
    "tbh",
    "ngl",
    "btw",
    "quick",
    "question",
    "q",
    "also",
    "then",
    "hmm",
    "well",
    "right",
    "alright",
    "please",
    "pls",
    "guys",
    "bro",
    "real",
    "srs",
    "seriously",
    "just",
    "curious",
    "anyone",
    "know",
    "does",
    "anybody",
    "i",
    "wonder",
    "wondering",
];

/// Words that put a question negatively.
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nt", "dont", "doesnt", "didnt", "isnt", "hasnt", "havent", "wasnt",
    "werent", "arent", "wont", "cant", "couldnt", "neither", "nor",
];

/// Nouns for people asked about by name ("which official").
const PERSON_NOUNS: &[&str] = &[
    "official",
    "officials",
    "minister",
    "judge",
    "leader",
    "president",
    "person",
    "man",
    "woman",
    "ambassador",
    "diplomat",
    "spokesman",
    "spokesperson",
    "head",
    "chief",
];

/// Common misspellings of question words (too short for the typo rule).
fn question_word_typo(word: &str) -> Option<&'static str> {
    Some(match word {
        "wen" | "whn" | "wehn" | "hwen" | "whe" => "when",
        "hwo" | "woh" | "whoo" => "who",
        "wat" | "wht" | "waht" | "whta" | "whatt" | "wut" => "what",
        "wy" | "whi" | "wyh" => "why",
        "hw" | "hoow" => "how",
        "wich" | "whcih" | "whihc" => "which",
        "wher" | "whre" | "wehre" => "where",
        "whats" => "what",
        "whos" => "who",
        "wheres" => "where",
        "hows" => "how",
        _ => return None,
    })
}

/// A follow-up put as "what about X, is it ...?": the question after the
/// comma, its first pronoun read as X ("is pakistan in the csto").
fn follow_up(text: &str) -> Option<Vec<String>> {
    let (before, after) = text.split_once(',')?;
    let lead = tokens(before);
    let at = lead.iter().position(|w| w == "about")?;
    let opened = lead[..at.checked_sub(1)?]
        .iter()
        .all(|w| OPENERS.contains(&w.as_str()));
    if !opened || !matches!(lead[at - 1].as_str(), "what" | "how") || at + 1 == lead.len() {
        return None;
    }
    let mut rest = tokens(after);
    let first = rest.first()?.as_str();
    if !YES_NO_OPENERS.contains(&first) && !crate::data::text::QUESTION_WORDS.contains(&first) {
        return None;
    }
    let thing = &lead[at + 1..];
    let pronoun = rest.iter().position(|w| {
        matches!(
            w.as_str(),
            "it" | "they" | "them" | "he" | "she" | "him" | "her"
        )
    })?;
    rest.splice(pronoun..=pronoun, thing.iter().cloned());
    Some(rest)
}

/// Words that open a clause setting the scene of the claim.
const SCENE_OPENERS: &[&str] = &["after", "while", "despite"];

/// A clause at the end of a question that qualifies its claim rather than
/// being what is asked: `/ask` checks it against the facts on its own,
/// then answers the main clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Where it begins in [`Question::words`], its opening words included.
    pub start: usize,
    /// Where its own words begin, after "even after", "that" and the like.
    pub body: usize,
    /// "... the foreign policy concept | that mentions Afghanistan": about
    /// the thing named just before it. Otherwise ("... | even after
    /// calling them terrorists") about the things the main clause names.
    pub relative: bool,
    /// "... | after the UN resolution was adopted": a clause with its own
    /// subject, in the passive; where its "was" or "were" is.
    pub passive: Option<usize>,
}

/// The clause that qualifies the claim, after a main clause of three
/// words or more: "after", "while" or "despite" (an "even" before it
/// included) followed by a verb, or "that" or "which" followed by one
/// ("that mentions Afghanistan").
pub fn scene_clause(q: &Question) -> Option<Clause> {
    let w = &q.words;
    (3..w.len()).find_map(|i| {
        let opener = w[i].as_str();
        if matches!(opener, "that" | "which") {
            let verb = w.get(i + 1)?;
            let is_verb = verb.len() > 3
                && !crate::data::text::is_stop_word(verb)
                && (verb.ends_with('s') || verb.ends_with("ed") || verb.ends_with("ing"));
            return is_verb.then_some(Clause {
                start: i,
                body: i + 1,
                relative: true,
                passive: None,
            });
        }
        if !SCENE_OPENERS.contains(&opener) {
            return None;
        }
        let mut verb = i + 1;
        if w.get(verb)
            .is_some_and(|x| matches!(x.as_str(), "it" | "they" | "he" | "she" | "we"))
        {
            verb += 1;
        }
        let word = w.get(verb)?;
        let is_verb = word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed"));
        let start = if w[i - 1] == "even" { i - 1 } else { i };
        if is_verb {
            return Some(Clause {
                start,
                body: i + 1,
                relative: false,
                passive: None,
            });
        }
        // "after the UN resolution was adopted": a thing, then "was" or
        // "were" and the last word, a participle.
        let aux = w.len().checked_sub(2)?;
        let participle = &w[aux + 1];
        (opener == "after"
            && aux > i + 1
            && matches!(w[aux].as_str(), "was" | "were")
            && participle.len() > 4
            && (participle.ends_with("ed") || participle.ends_with("en")))
        .then_some(Clause {
            start,
            body: i + 1,
            relative: false,
            passive: Some(aux),
        })
    })
}

/// Reads `text` as a question.
pub fn read(text: &str) -> Question {
    let text = text.trim().to_string();
    let words: Vec<String> = follow_up(&text)
        .unwrap_or_else(|| tokens(&text))
        .into_iter()
        .map(|w| question_word_typo(&w).map_or(w, str::to_string))
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let start = words
        .iter()
        .position(|w| !OPENERS.contains(&w.as_str()) || YES_NO_OPENERS.contains(&w.as_str()))
        .unwrap_or(0);
    let first = words.get(start).map(String::as_str).unwrap_or("");
    let first_wh = words
        .iter()
        .find(|w| crate::data::text::QUESTION_WORDS.contains(&w.as_str()))
        .map(String::as_str);

    // "when" asks a date unless another question word came first ("what
    // did Russia do when ...").
    let asks_when = first_wh == Some("when")
        || pair("and", "when")
        || words.last().is_some_and(|w| w == "when")
        || pair("what", "year")
        || pair("which", "year")
        || pair("what", "date")
        || pair("what", "time")
        || pair("how", "recently");
    let asks_why =
        has("why") || pair("what", "reason") || pair("what", "reasons") || pair("what", "grounds");
    let years_between = ((pair("how", "many") || pair("how", "long"))
        && (has("years") || has("year"))
        && [
            "between",
            "after",
            "before",
            "separate",
            "separates",
            "apart",
            "passed",
        ]
        .iter()
        .any(|w| has(w)))
        // "by 2023, how many years had ...": from a dated fact to the year.
        || ((pair("how", "many") || pair("how", "long"))
            && (has("years") || has("year"))
            && words.windows(2).any(|p| {
                matches!(p[0].as_str(), "by" | "until" | "till")
                    && p[1].len() == 4
                    && p[1].bytes().all(|b| b.is_ascii_digit())
            }))
        || (pair("how", "old") && has("when"));
    let order = (has("before") || has("after") || has("earlier") || has("later"))
        && (pair("before", "or")
            || pair("after", "or")
            || pair("or", "after")
            || pair("or", "before"))
        || pair("came", "first")
        || pair("happened", "first")
        || pair("come", "first")
        || (has("first") && has("or") && first_wh == Some("which"))
        || (has("older") || has("earlier") || has("newer") || has("later") || has("recent"))
            && has("or");

    // "how much does X trust Y" asks a degree, not a number.
    let how_much_verb = words
        .windows(3)
        .any(|w| w[0] == "how" && w[1] == "much" && matches!(w[2].as_str(), "do" | "does" | "did"));
    let asks = if years_between {
        Asks::YearsBetween
    } else if order {
        Asks::Order
    } else if pair("how", "many") || (pair("how", "much") && !how_much_verb) || pair("number", "of")
    {
        Asks::HowMany
    } else if pair("how", "long") || pair("how", "far") || pair("what", "length") {
        Asks::HowLong
    } else if YES_NO_OPENERS.contains(&first)
        || (first_wh.is_none() && words.last().is_some_and(|w| w == "right"))
    {
        Asks::YesNo
    } else {
        match first_wh {
            Some("when") => Asks::When,
            Some("why") => Asks::Why,
            Some("whom") => Asks::Whom,
            Some("who" | "whose") => Asks::Who,
            Some("where") => Asks::Where,
            _ if asks_when => Asks::When,
            _ if asks_why => Asks::Why,
            _ => Asks::What,
        }
    };
    let who_is = words
        .windows(2)
        .any(|p| p[0] == "who" && COPULAS.contains(&p[1].as_str()));
    // "what is it called" asks a name; "who called the West godless" asks who.
    let called_last = words.last().is_some_and(|w| w == "called");
    // "which official", "what judge": a person asked for by name.
    let which_person = words
        .windows(2)
        .chain(words.windows(3).map(|w| &w[1..]))
        .any(|p| {
            matches!(p[0].as_str(), "which" | "what") && PERSON_NOUNS.contains(&p[1].as_str())
        })
        || words.windows(3).any(|w| {
            matches!(w[0].as_str(), "which" | "what") && PERSON_NOUNS.contains(&w[2].as_str())
        });
    let asks_name =
        has("name") || has("named") || called_last || has("whose") || who_is || which_person;
    // "these days" means now, not a day asked for.
    let asks_day = words.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "day" | "days")
            && (i == 0
                || !matches!(
                    words[i - 1].as_str(),
                    "these" | "those" | "some" | "nowadays"
                ))
    });
    // "who was (usually) in the talks": who took part, its members.
    let who_in = words.windows(2).enumerate().any(|(i, p)| {
        p[0] == "who"
            && COPULAS.contains(&p[1].as_str())
            && words[i + 2..]
                .iter()
                .find(|w| crate::data::text::word_class(w) != crate::data::text::WordClass::Filler)
                .is_some_and(|w| w == "in")
    });
    let detail = match asks {
        Asks::Who if who_in => Some(Detail::Members),
        Asks::When | Asks::What if asks_day => Some(Detail::Day),
        Asks::When | Asks::What if has("month") || has("months") => Some(Detail::Month),
        Asks::When => Some(Detail::Date),
        Asks::Why => Some(Detail::Reason),
        Asks::Where => Some(Detail::Place),
        Asks::HowMany => Some(Detail::Number),
        Asks::HowLong => Some(Detail::Length),
        Asks::Who | Asks::What if asks_name => Some(Detail::Name),
        _ => None,
    };
    let years = words
        .iter()
        .enumerate()
        .filter_map(|(pos, w)| {
            let (digits, decade) = match w.strip_suffix('s') {
                Some(d) if d.ends_with('0') => (d, true),
                _ => (w.as_str(), false),
            };
            (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Some((pos, digits.parse::<i32>().ok()?, decade)))
                .flatten()
        })
        .filter(|(_, y, _)| (1000..=2200).contains(y))
        .map(|(pos, year, decade)| {
            let before = pos
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .map(String::as_str);
            let bound = match before {
                _ if decade => YearBound::Decade,
                Some("after" | "since") => YearBound::After,
                Some("before" | "prior") => YearBound::Before,
                Some("by" | "until" | "till") => YearBound::By,
                _ => YearBound::In,
            };
            YearAsk { year, bound, pos }
        })
        .collect();
    let acronyms = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase))
        .map(crate::data::text::fold)
        .collect();
    let negated = words.iter().any(|w| NEGATIONS.contains(&w.as_str()));
    Question {
        wants_date: asks_when || asks == Asks::When,
        wants_reason: asks_why || asks == Asks::Why,
        text,
        words,
        asks,
        detail,
        years,
        negated,
        acronyms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_is_asked() {
        for (q, asks) in [
            ("Who designated the Taliban?", Asks::Who),
            ("Whom did Russia designate?", Asks::Whom),
            ("When did Russia designate the Taliban?", Asks::When),
            ("In what year was the CSTO formed?", Asks::When),
            ("wen was the CSTO formed", Asks::When),
            ("Why did the court ban the Taliban?", Asks::Why),
            ("What does the Taliban want?", Asks::What),
            ("Which countries are in the CSTO?", Asks::What),
            ("How many countries are in the CSTO?", Asks::HowMany),
            ("how long is the lapis lazuli corridor?", Asks::HowLong),
            ("Did China designate the Taliban?", Asks::YesNo),
            ("so basically is iran in the csto lol", Asks::YesNo),
            ("so basically who runs the csto lol", Asks::Who),
            ("Where is the forum?", Asks::Where),
            ("taliban designation", Asks::What),
            (
                "was the csto formed before or after the supreme court ruling?",
                Asks::Order,
            ),
            ("which came first, the csto or the eaeu?", Asks::Order),
            (
                "how many years between resolution 1267 and the court ruling?",
                Asks::YearsBetween,
            ),
            (
                "by 2023, how many years had the taliban been on the list?",
                Asks::YearsBetween,
            ),
            ("how many years did the war last?", Asks::HowMany),
        ] {
            assert_eq!(read(q).asks, asks, "{q}");
        }
    }

    #[test]
    fn reads_details_years_and_negation() {
        let q = read("Who designated the Taliban as a terrorist organisation, and when?");
        assert_eq!(q.asks, Asks::Who);
        assert!(q.wants_date && !q.wants_reason);
        let q = read("What did Russia’s court decide in 2003, and why?");
        assert_eq!(q.words[2], "russias");
        assert_eq!(
            q.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            vec![2003]
        );
        assert_eq!(
            read("did it end after 2003").years[0].bound,
            YearBound::After
        );
        assert_eq!(read("was it listed by 2003").years[0].bound, YearBound::By);
        assert!(q.wants_reason);
        assert_eq!(
            read("what is the taliban ambassador called?").detail,
            Some(Detail::Name)
        );
        assert_eq!(read("how many people died?").detail, Some(Detail::Number));
        assert!(read("didn't russia ban them?").negated);
        assert!(!read("did russia ban them?").negated);
        assert_eq!(read("").words, Vec::<String>::new());
        assert_eq!(read("Did the US sanction Russia?").acronyms, vec!["us"]);
        assert_eq!(
            read("how are russia and the taliban these days").detail,
            None
        );
        assert_eq!(read("which day did it start").detail, Some(Detail::Day));
        // A follow-up is the question after its comma, about the thing named.
        let q = read("and what about pakistan, is it in the csto?");
        assert_eq!(q.asks, Asks::YesNo);
        assert_eq!(q.words, ["is", "pakistan", "in", "the", "csto"]);
        assert_eq!(read("what about iran, when did it join?").asks, Asks::When);
        assert_eq!(
            read("what about the csto, who is in it").words,
            ["who", "is", "in", "the", "csto"]
        );
        assert_eq!(
            read("what about it, really?").words,
            ["what", "about", "it", "really"]
        );
    }

    #[test]
    fn a_clause_that_sets_the_scene_is_found_after_the_claim() {
        let at = |text: &str| {
            let q = read(text);
            scene_clause(&q).map(|c| q.words[c.start..].join(" "))
        };
        assert_eq!(
            at("Did Russia stay in touch with the Taliban even after calling them terrorists?")
                .as_deref(),
            Some("even after calling them terrorists")
        );
        assert_eq!(
            at("How did Russia deal with the Taliban while it called them a terrorist organisation?")
                .as_deref(),
            Some("while it called them a terrorist organisation")
        );
        // "after" before a thing, not a verb, is a bound of the claim.
        assert_eq!(
            at("did russia designate the taliban after the 2002 talks"),
            None
        );
        assert_eq!(
            at("did russia break off ties with the taliban after 2003?"),
            None
        );
        assert_eq!(
            at("When did Russia adopt the foreign policy concept that mentions Afghanistan?")
                .as_deref(),
            Some("that mentions afghanistan")
        );
        // "that" opening what was said is no relative clause.
        assert_eq!(at("did putin say that the taliban are allies"), None);
        // A clause with its own subject, in the passive.
        let q = read("what did Vladimir Putin sign after the UN resolution was adopted");
        let clause = scene_clause(&q).expect("a passive clause");
        assert_eq!(
            q.words[clause.start..].join(" "),
            "after the un resolution was adopted"
        );
        assert_eq!(clause.passive.map(|aux| q.words[aux].as_str()), Some("was"));
        assert_eq!(
            at("did russia designate the taliban after the talks began"),
            None
        );
    }
}
