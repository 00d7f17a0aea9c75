//! The one stemmer: a word reduced so that its forms meet ("designate",
//! "designated", "designating", "designation" → "design"; "recognise",
//! "recognized", "recognition" → "recogn"; "took" → "take").
//!
//! Kept rather than Snowball English (`rust-stemmers`), which was measured
//! against it: Snowball keeps "recognised" and "recognized", "took" and
//! "take", "membership" and "member" apart, allocates for each word, and
//! is several times slower (figures in the README).
//!
//! Every rule cuts the word's end, so a stem is a prefix of its word
//! (completion reads an unfinished word as the start of stems); the two
//! exceptions are "-ies"/"-ied" → "-y" and a short table of irregular
//! verbs. It is not a linguist's stemmer: it only has to map the words of
//! a question and of the data the same way.

use std::borrow::Cow;

/// The stem of a folded word (see the module docs). Words with digits or
/// non-ASCII letters are kept as they are.
pub fn stem(word: &str) -> Cow<'_, str> {
    match stem_parts(word) {
        (kept, None) => Cow::Borrowed(kept),
        (kept, Some(tail)) => {
            let mut s = String::with_capacity(kept.len() + tail.len());
            s.push_str(kept);
            s.push_str(tail);
            Cow::Owned(s)
        }
    }
}

/// The stem as a prefix of `word` (or a static irregular form) and what
/// follows it, if anything ("countries" → ("countr", Some("y"))): lets an
/// index stem millions of words without allocating.
pub fn stem_parts(word: &str) -> (&str, Option<&'static str>) {
    if word.is_empty() || !word.is_ascii() || word.bytes().any(|b| b.is_ascii_digit()) {
        return (word, None);
    }
    if let Some(base) = irregular(word) {
        return (base, None);
    }
    let mut s = word;
    if s.len() > 4 && (s.ends_with("ies") || s.ends_with("ied")) {
        return (&s[..s.len() - 3], Some("y"));
    }
    if s.ends_with("sses") {
        s = &s[..s.len() - 2];
    } else if s.len() > 3
        && s.ends_with('s')
        && !s.ends_with("ss")
        && !s.ends_with("us")
        && !s.ends_with("is")
    {
        s = &s[..s.len() - 1];
    }
    s = strip_suffix(s);
    // "-ise"/"-ize" verbs meet their nouns: "recognise", "recognised" → "recogn".
    for tail in ["ise", "ize", "is", "iz"] {
        if let Some(base) = s.strip_suffix(tail)
            && base.len() >= 5
            && (tail.len() == 3 || s.len() < word.len())
        {
            s = base;
            break;
        }
    }
    // "face" meets "facing", "rule" meets "ruled".
    if s.len() >= 4 && s.ends_with('e') {
        s = &s[..s.len() - 1];
    }
    if s.len() >= 8 && s.ends_with("at") {
        s = &s[..s.len() - 2];
    }
    // "bann" → "ban", "labell" → "label".
    let b = s.as_bytes();
    if b.len() >= 4
        && b[b.len() - 1] == b[b.len() - 2]
        && !matches!(b[b.len() - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b's')
    {
        s = &s[..s.len() - 1];
    }
    (s, None)
}

/// The first derivational or inflectional ending that applies.
fn strip_suffix(s: &str) -> &str {
    // (ending, shortest base left)
    for (suffix, min_base) in [
        ("isation", 3),
        ("ization", 3),
        ("ation", 3),
        ("ition", 3),
        ("ment", 4),
        ("ship", 4),
        ("ing", 3),
        ("ed", 3),
        ("al", 5),
    ] {
        // "implement" keeps its "-ment" ("imple" is no word).
        if let Some(base) = s.strip_suffix(suffix)
            && base.len() >= min_base
            && !(suffix == "ment" && base.ends_with("le"))
        {
            return base;
        }
    }
    s
}

/// Irregular forms, mapped to one base.
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
        "broke" | "broken" | "breaks" | "breaking" | "break" => "break",
        "cut" | "cuts" | "cutting" => "cut",
        "news" => "news",
        "chose" | "chosen" => "choose",
        "lost" => "lose",
        "brought" => "bring",
        "knew" | "known" => "know",
        "found" | "founded" | "founding" | "founds" | "find" | "finds" | "finding" => "found",
        _ => return None,
    })
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
            &["sanction", "sanctions", "sanctioned", "sanctioning"],
            &["country", "countries"],
            &["taliban", "talibans"],
            &["russia", "russias"],
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
            &["member", "members", "membership"],
            &["form", "formed", "formation"],
            &["want", "wants", "wanted"],
            &["invite", "invited", "invitation"],
            &["say", "said", "says"],
            &["organisation", "organization", "organisations"],
            &["take", "took", "taken"],
            &["implement", "implemented", "implementation"],
            &["govern", "government", "governments"],
            &["engage", "engaged", "engagement"],
            &["face", "faces", "facing", "faced"],
            &["rule", "ruled", "rules", "ruling"],
        ] {
            let stems: Vec<Cow<str>> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
        assert_ne!(stem("russia"), stem("russian"));
        for kept in [
            "taliban", "class", "isis", "1267", "us", "belarus", "crisis",
        ] {
            assert_eq!(stem(kept), kept);
        }
    }

    #[test]
    fn stems_are_prefixes_but_for_y_and_irregulars() {
        for word in [
            "designation",
            "recognised",
            "organisations",
            "labelled",
            "formed",
        ] {
            let (kept, tail) = stem_parts(word);
            assert!(tail.is_none() && word.starts_with(kept), "{word} -> {kept}");
        }
        assert_eq!(stem_parts("countries"), ("countr", Some("y")));
    }
}
