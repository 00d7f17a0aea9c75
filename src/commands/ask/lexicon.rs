//! The small built-in English `/ask` needs: a crude stemmer, words that
//! carry no content, and synonym groups for the actions the data's
//! predicates describe. The data's own predicate `words` come first; these
//! only widen them ("banned" finds a predicate whose words say
//! "designate").

use std::sync::OnceLock;

/// A word reduced to a rough stem so forms of one word meet:
/// "designated", "designates" and "designation" all become "design";
/// "recognized" and "recognition" become "recognis".
pub fn stem(word: &str) -> String {
    if let Some(irregular) = irregular(word) {
        return irregular.to_string();
    }
    let mut w = if word.contains("iz") {
        word.replace("iz", "is")
    } else {
        word.to_string()
    };
    for (suffix, replacement) in [
        ("ifications", "ify"),
        ("ification", "ify"),
        ("isations", "ise"),
        ("isation", "ise"),
        ("itions", "ise"),
        ("ition", "ise"),
        ("ations", ""),
        ("ation", ""),
        ("ments", ""),
        ("ment", ""),
        ("ship", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("al", ""),
        ("s", ""),
    ] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && base.ends_with('s'))
            && (suffix != "es" || base.ends_with(['s', 'x', 'z', 'h', 'i']))
            && !(suffix == "al" && base.chars().count() < 5)
        {
            w = format!("{base}{replacement}");
            break;
        }
    }
    if w.chars().count() > 4 && w.ends_with('e') {
        w.pop();
    }
    if w.chars().count() >= 6 && (w.ends_with("at") || w.ends_with("it")) {
        w.truncate(w.len() - 2);
    }
    // "bann" -> "ban", "labell" -> "label"
    let bytes = w.as_bytes();
    if bytes.len() >= 4
        && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
        && !matches!(
            bytes[bytes.len() - 1],
            b'a' | b'e' | b'i' | b'o' | b'u' | b's'
        )
    {
        w.pop();
    }
    w
}

fn irregular(word: &str) -> Option<&'static str> {
    Some(match word {
        "said" | "says" | "saying" | "say" => "say",
        "wrote" | "written" | "writes" | "writing" | "write" => "write",
        "won" | "wins" | "win" | "winning" => "win",
        "took" | "taken" | "takes" | "taking" | "take" => "take",
        "made" | "makes" | "making" | "make" => "make",
        "held" | "holds" | "holding" | "hold" => "hold",
        "kept" | "keeps" | "keeping" | "keep" => "keep",
        "began" | "begun" | "begins" | "beginning" | "begin" => "begin",
        "did" | "does" | "done" | "doing" | "do" => "do",
        "has" | "had" | "having" | "have" => "have",
        "was" | "were" | "is" | "are" | "been" | "being" | "be" | "am" => "be",
        "sought" | "seeks" | "seeking" | "seek" => "seek",
        "gave" | "given" | "gives" | "giving" | "give" => "give",
        "met" | "meets" | "meeting" | "meet" => "meet",
        "fought" | "fights" | "fighting" | "fight" => "fight",
        "led" | "leads" | "leading" | "lead" => "lead",
        "went" | "gone" | "goes" | "going" | "go" => "go",
        "became" | "becomes" | "becoming" | "become" => "become",
        "formation" | "formed" | "forms" | "forming" | "form" => "form",
        "thought" | "thinks" | "thinking" | "think" => "think",
        "got" | "gets" | "getting" | "get" => "get",
        "news" => "news",
        "us" => "us",
        "chose" | "chosen" => "choose",
        "lost" => "lose",
        "brought" => "bring",
        "knew" | "known" => "know",
        "found" => "found",
        _ => return None,
    })
}

/// Words that carry no content in a question.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "currently",
    "did",
    "do",
    "does",
    "done",
    "during",
    "each",
    "either",
    "else",
    "ever",
    "every",
    "exactly",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "please",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "someone",
    "something",
    "such",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "many",
    "s",
    "t",
    "n",
    "explain",
    "describe",
    "show",
    "give",
    "know",
    "according",
    "article",
    "says",
    "say",
    "said",
    "mention",
    "mentioned",
    "mentions",
    "happened",
    "happen",
    "happens",
    "exist",
    "exists",
    "still",
    "now",
    "today",
    "yes",
    "no",
    "not",
    "nt",
    "ok",
    "okay",
    "hi",
    "hello",
    "happening",
];

/// Nouns so general they never decide an answer ("which countries ...").
pub const GENERIC_WORDS: &[&str] = &[
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
    "thing",
    "things",
    "year",
    "years",
    "date",
    "dates",
    "time",
    "times",
    "side",
    "sides",
    "others",
    "source",
    "sources",
    "text",
    "fact",
    "facts",
    "information",
    "detail",
    "details",
    "entity",
    "entities",
    "name",
    "names",
    "called",
    "kind",
    "type",
    "part",
    "role",
    "involved",
    "involve",
    "relationship",
    "relation",
    "relations",
    "official",
    "officially",
    "first",
    "last",
    "recently",
    "exact",
    "long",
    "ago",
    "since",
    "until",
    "like",
    "way",
    "ways",
    "members",
    "reason",
    "reasons",
    "purpose",
    "why",
];

/// Question words and what they ask for.
pub const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "when", "why", "what", "which", "how", "where",
];

/// Synonym groups: words people use for one action. A predicate whose own
/// words (or label) share a stem with a group is also found by the rest of
/// that group.
pub const SYNONYMS: &[&[&str]] = &[
    &[
        "designate",
        "designated",
        "designation",
        "list",
        "listed",
        "listing",
        "label",
        "labelled",
        "labeled",
        "brand",
        "branded",
        "blacklist",
        "blacklisted",
        "outlaw",
        "outlawed",
        "ban",
        "banned",
        "classify",
        "classified",
        "deem",
        "deemed",
        "terrorist",
        "criminal",
        "identified",
        "identify",
    ],
    &[
        "sanction",
        "sanctioned",
        "sanctions",
        "embargo",
        "penalise",
        "penalize",
        "punish",
        "enforce",
        "enforced",
    ],
    &[
        "remove",
        "removed",
        "removal",
        "removing",
        "delist",
        "delisted",
        "unlist",
        "lift",
        "lifted",
        "drop",
        "dropped",
        "unban",
        "reconsider",
        "reconsidering",
        "reverse",
        "off",
    ],
    &[
        "consider",
        "considering",
        "considered",
        "review",
        "weigh",
        "mull",
        "contemplate",
        "think",
    ],
    &[
        "recognise",
        "recognised",
        "recognize",
        "recognized",
        "recognition",
        "acknowledge",
        "legitimise",
        "legitimize",
    ],
    &[
        "member",
        "members",
        "membership",
        "belong",
        "belongs",
        "join",
        "joined",
        "include",
        "includes",
        "included",
        "comprise",
        "consist",
    ],
    &[
        "form",
        "formed",
        "found",
        "founded",
        "create",
        "created",
        "establish",
        "established",
        "launch",
        "launched",
        "set",
        "start",
        "started",
        "begin",
        "began",
    ],
    &[
        "want",
        "wants",
        "wanted",
        "demand",
        "demands",
        "seek",
        "seeks",
        "aim",
        "aims",
        "goal",
        "goals",
        "hope",
        "desire",
        "wish",
        "need",
        "needs",
        "interest",
        "interests",
    ],
    &[
        "say",
        "said",
        "says",
        "state",
        "stated",
        "claim",
        "claimed",
        "assert",
        "asserted",
        "remark",
        "quote",
        "quoted",
        "speech",
        "statement",
        "declare",
        "declared",
    ],
    &["invite", "invited", "invitation", "host", "hosted"],
    &[
        "adopt", "adopted", "pass", "passed", "approve", "approved", "vote", "voted",
    ],
    &[
        "ratify",
        "ratified",
        "sign",
        "signed",
        "decree",
        "order",
        "implement",
        "implemented",
        "enact",
        "enacted",
    ],
    &[
        "accuse",
        "accused",
        "guilty",
        "convict",
        "convicted",
        "charge",
        "charged",
        "blame",
        "blamed",
    ],
    &[
        "link",
        "links",
        "linked",
        "tie",
        "ties",
        "connect",
        "connected",
        "associate",
        "associated",
    ],
    &[
        "attack", "attacked", "bomb", "bombed", "strike", "struck", "assault",
    ],
    &[
        "engage",
        "engaged",
        "talk",
        "talks",
        "discuss",
        "discussion",
        "discussions",
        "negotiate",
        "negotiation",
        "dialogue",
        "contact",
        "touch",
    ],
    &[
        "ally",
        "allies",
        "alliance",
        "partner",
        "partnership",
        "cooperate",
        "collaborate",
        "collaboration",
        "rapprochement",
        "closer",
    ],
    &[
        "fight", "fought", "war", "conflict", "battle", "invade", "invasion",
    ],
    &["profit", "benefit", "gain", "advantage"],
    &[
        "control", "rule", "ruled", "govern", "seize", "seized", "takeover", "power",
    ],
    &["fail", "failed", "failure"],
    &[
        "violate",
        "violated",
        "violation",
        "violations",
        "abuse",
        "abuses",
    ],
    &[
        "shelter",
        "refuge",
        "harbour",
        "harbor",
        "sanctuary",
        "haven",
    ],
    &["write", "wrote", "written", "author", "authored", "writer"],
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

pub fn is_generic(word: &str) -> bool {
    GENERIC_WORDS.contains(&word)
}

/// The stems of each synonym group, computed once.
fn group_stems() -> &'static [Vec<String>] {
    static STEMS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    STEMS.get_or_init(|| {
        SYNONYMS
            .iter()
            .map(|group| {
                let mut stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
                stems.sort();
                stems.dedup();
                stems
            })
            .collect()
    })
}

/// The stems of every synonym group that shares a stem with `stems`.
pub fn expand(stems: &[String]) -> Vec<String> {
    let mut out: Vec<String> = stems.to_vec();
    for group in group_stems() {
        if group.iter().any(|s| stems.contains(s)) {
            for s in group {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_word_share_a_stem() {
        for group in [
            &[
                "designate",
                "designated",
                "designates",
                "designation",
                "designations",
                "designating",
            ][..],
            &["list", "listed", "lists", "listing"],
            &["ban", "banned", "bans", "banning"],
            &["label", "labelled", "labeled", "labels"],
            &[
                "recognise",
                "recognised",
                "recognized",
                "recognition",
                "recognize",
            ],
            &["remove", "removed", "removal", "removing"],
            &["sanction", "sanctioned", "sanctions"],
            &["member", "members", "membership"],
            &["form", "formed", "formation"],
            &["want", "wants", "wanted"],
            &["invite", "invited", "invitation"],
            &["ratify", "ratified", "ratification"],
            &["say", "said", "says"],
            &["organisation", "organization", "organisations"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
        assert_ne!(stem("russia"), stem("russian"));
        assert_eq!(stem("taliban"), "taliban");
        assert_eq!(stem("class"), "class");
    }

    #[test]
    fn synonyms_widen_only_matching_groups() {
        let expanded = expand(&[stem("designated")]);
        assert!(expanded.contains(&stem("banned")));
        assert!(expanded.contains(&stem("branded")));
        assert!(!expanded.contains(&stem("invited")));
    }
}
