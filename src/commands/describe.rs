//! Facts, dates and entities put into plain words, the same way in every
//! command: "Russian Supreme Court designated Taliban as “criminal
//! organization” (= terrorist organisation), in 2003." Every word comes
//! from the fact; nothing is added that the data does not hold.

use crate::commands::spec::MAX_NAME_CHARS;
use crate::data::resolve::{MatchKind, resolve};
use crate::data::text::{fold, is_typo_of};
use crate::data::{AsWhat, Dataset, DateValue, EntityId, Fact, FactDate, FactId, Source};
use crate::reply::{Citation, Reply, ReplyKind};

/// How deep relative dates ("a few months afterwards") are followed.
const MAX_ANCHOR_DEPTH: usize = 8;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u8) -> &'static str {
    MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("an unknown month")
}

/// Names joined the English way: "A", "A and B", "A, B and C".
pub fn join_names<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// `text` with its first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn entity_name(ds: &Dataset, id: EntityId) -> &str {
    &ds.entity(id).name
}

/// The entity as it reads inside a sentence: its `display` form where the
/// data gives one ("the Taliban"), else its name.
pub fn display_name(ds: &Dataset, id: EntityId) -> &str {
    let e = ds.entity(id);
    e.display.as_deref().unwrap_or(&e.name)
}

/// A date's value in words: "22 March 2024", "2003", "1979–1989",
/// "after 1999" (for a date relative to another fact), "at the time of
/// writing".
pub fn date_value(ds: &Dataset, value: &DateValue) -> String {
    date_value_at(ds, value, 0)
}

fn date_value_at(ds: &Dataset, value: &DateValue, depth: usize) -> String {
    match value {
        DateValue::Day { year, month, day } => format!("{day} {} {year}", month_name(*month)),
        DateValue::Month { year, month } => format!("{} {year}", month_name(*month)),
        DateValue::Year { year } => year.to_string(),
        DateValue::Range { from, to } => format!("{from}–{to}"),
        DateValue::Approximate { year } => format!("around {year}"),
        DateValue::After { fact } => format!("after {}", anchor(ds, *fact, depth)),
        DateValue::Before { fact } => format!("before {}", anchor(ds, *fact, depth)),
        DateValue::Present { month: Some(m) } => {
            format!("{}, at the time of writing", month_name(*m))
        }
        DateValue::Present { month: None } => "at the time of writing".to_string(),
    }
}

fn anchor(ds: &Dataset, fact: FactId, depth: usize) -> String {
    let anchor = ds.fact(fact);
    let label = anchor_label(ds, anchor);
    match &anchor.date {
        Some(date) if matches!(date.value, DateValue::Present { .. }) => label,
        Some(date) if depth < MAX_ANCHOR_DEPTH => {
            let value = date_value_at(ds, &date.value, depth + 1);
            format!("{label} ({value})")
        }
        _ => label,
    }
}

/// What a fact other dates hang on is called: the document or event it
/// was about ("UN Security Council Resolution 1267"), else its clause.
fn anchor_label(ds: &Dataset, fact: &Fact) -> String {
    use crate::data::EntityKind::{Document, Event};
    let named = fact
        .via
        .into_iter()
        .chain(fact.objects.iter().copied())
        .chain(std::iter::once(fact.subject))
        .find(|&e| matches!(ds.entity(e).kind, Document | Event));
    match named {
        Some(e) => display_name(ds, e).to_string(),
        None if matches!(
            fact.date.as_ref().map(|d| &d.value),
            Some(DateValue::Present { .. })
        ) =>
        {
            "the time of writing".to_string()
        }
        None => clause(ds, fact, false),
    }
}

/// The year a date falls in, following relative dates to their anchor.
pub fn date_year(ds: &Dataset, value: &DateValue) -> Option<i32> {
    let mut value = value;
    for _ in 0..MAX_ANCHOR_DEPTH {
        match value {
            DateValue::Day { year, .. }
            | DateValue::Month { year, .. }
            | DateValue::Year { year }
            | DateValue::Approximate { year } => return Some(*year),
            DateValue::Range { from, .. } => return Some(*from),
            DateValue::After { fact } | DateValue::Before { fact } => {
                value = &ds.fact(*fact).date.as_ref()?.value;
            }
            DateValue::Present { .. } => return None,
        }
    }
    None
}

/// Whether a date touches `year` (a range covers every year in it).
pub fn date_covers_year(ds: &Dataset, value: &DateValue, year: i32) -> bool {
    match value {
        DateValue::Range { from, to } => (*from..=*to).contains(&year),
        other => date_year(ds, other) == Some(year),
    }
}

/// The article's date words with the value where they do not already say
/// it: `in 2003`, `a few months afterwards (after 1999 (un-1267))`.
pub fn date_phrase(ds: &Dataset, date: &FactDate) -> String {
    let words = mid_sentence(date.words.trim());
    if let DateValue::After { fact } | DateValue::Before { fact } = &date.value {
        let after = matches!(date.value, DateValue::After { .. });
        let anchor = anchor(ds, *fact, 0);
        let relation = if after { "after" } else { "before" };
        // "a few months afterwards" reads "a few months after Resolution 1267 (1999)".
        for tail in [" afterwards", " afterward", " later", " earlier", " before"] {
            if let Some(span) = words.strip_suffix(tail) {
                return format!("{span} {relation} {anchor}");
            }
        }
        if matches!(fold(&words).as_str(), "previously" | "before" | "earlier") {
            return format!("{words}, before {anchor}");
        }
        return format!("{words} ({relation} {anchor})");
    }
    let value = date_value(ds, &date.value);
    let folded_words = fold(&words);
    // Only what the words do not already say: "in May (at the time of
    // writing)", not "in May (May, at the time of writing)".
    let rest: Vec<&str> = value
        .split(", ")
        .filter(|part| !folded_words.contains(&fold(part)))
        .collect();
    if rest.is_empty() {
        words
    } else {
        format!("{words} ({})", rest.join(", "))
    }
}

/// The date leading an answer to "when": "In 2003", "On 22 March 2024",
/// "From 1979 to 1989", "A few months afterwards (after 1999 (un-1267))".
pub fn date_lead(ds: &Dataset, date: &FactDate) -> String {
    let lead = match &date.value {
        DateValue::Day { .. } => format!("On {}", date_value(ds, &date.value)),
        DateValue::Month { .. } | DateValue::Year { .. } => {
            format!("In {}", date_value(ds, &date.value))
        }
        DateValue::Range { from, to } => format!("From {from} to {to}"),
        DateValue::Approximate { year } => format!("Around {year}"),
        DateValue::After { .. } | DateValue::Before { .. } | DateValue::Present { .. } => {
            return capitalise(&date_phrase(ds, date));
        }
    };
    if fold(&lead) == fold(&date.words) {
        lead
    } else {
        format!("{lead} (the article: “{}”)", date.words.trim())
    }
}

/// As what, keeping the article's word: `as “criminal organization” (=
/// terrorist organisation)`.
pub fn as_what(as_what: &AsWhat) -> String {
    match &as_what.meaning {
        Some(meaning) if fold(meaning) != fold(&as_what.article) => {
            format!("as “{}” (= {})", as_what.article, meaning)
        }
        _ => format!("as “{}”", as_what.article),
    }
}

/// What the fact is about beyond its subject: "Taliban", "Armenia and
/// Belarus (a military alliance)", "global sanctions to be withdrawn".
pub fn objects(ds: &Dataset, fact: &Fact) -> String {
    let names: Vec<&str> = fact.objects.iter().map(|&o| display_name(ds, o)).collect();
    let joined = join_names(&names);
    let Some(text) = fact.object_text.as_deref().map(str::trim) else {
        return joined;
    };
    if names.is_empty() {
        return text.to_string();
    }
    // The plain words already name every object: they say it best.
    let folded_text = format!(" {} ", fold_possessive(text));
    let names_all = fact.objects.iter().all(|&o| {
        let e = ds.entity(o);
        std::iter::once(&e.name)
            .chain(e.aliases.iter())
            .map(|n| fold_possessive(n))
            .any(|n| !n.is_empty() && folded_text.contains(&format!(" {n} ")))
    });
    let first_word = text.split_whitespace().next().unwrap_or("");
    if names_all {
        text.to_string()
    } else if matches!(
        first_word,
        "from" | "to" | "of" | "for" | "with" | "in" | "on" | "as" | "by" | "into" | "about"
    ) {
        format!("{joined} {text}")
    } else {
        format!("{joined} ({text})")
    }
}

/// A label's words without the mark of where its objects go ("found _
/// guilty" reads "found guilty"): for headings.
pub fn bare_label(label: &str) -> String {
    label.replace(" _", "")
}

/// A verb with its objects: "designated" and "the Taliban" read
/// "designated the Taliban". A label with "_" takes the objects' names in
/// its place and their other words after it: "found _ guilty" reads
/// "found the Taliban guilty of providing refuge ...". `rest` follows the
/// names as written (its own space or comma first).
pub fn with_objects(verb: &str, names: &str, rest: &str) -> String {
    let out = match verb.split_once(" _") {
        Some((before, after)) if !names.is_empty() => format!("{before} {names}{after}{rest}"),
        Some((before, after)) => format!("{before}{after} {}", rest.trim_start()),
        None if names.is_empty() => format!("{verb} {}", rest.trim_start()),
        None => format!("{verb} {names}{rest}"),
    };
    out.trim_end().to_string()
}

/// The fact's verb (negated where it is negative) with its objects.
pub fn verb_phrase(ds: &Dataset, fact: &Fact) -> String {
    verb_with_objects(ds, fact, &verb(ds, fact))
}

/// `verb` with the fact's objects (see [`with_objects`]).
pub fn verb_with_objects(ds: &Dataset, fact: &Fact, verb: &str) -> String {
    let objects = objects(ds, fact);
    let names: Vec<&str> = fact.objects.iter().map(|&o| display_name(ds, o)).collect();
    let names = join_names(&names);
    match objects.strip_prefix(names.as_str()) {
        Some(rest) if !names.is_empty() => with_objects(verb, &names, rest),
        _ => with_objects(verb, "", &objects),
    }
}

/// Folds text with possessive 's dropped ("Afghanistan's" → "afghanistan").
fn fold_possessive(text: &str) -> String {
    fold(&text.replace("'s", "").replace("’s", ""))
}

/// Date words as they read mid-sentence: "In 2022" becomes "in 2022",
/// "For now" "for now"; names keep their capitals.
fn mid_sentence(words: &str) -> String {
    let first = words.split_whitespace().next().unwrap_or("");
    let common = [
        "In",
        "For",
        "On",
        "At",
        "By",
        "From",
        "Since",
        "Until",
        "After",
        "Before",
        "A",
        "The",
        "Now",
        "Previously",
        "Around",
        "About",
        "Early",
        "Late",
        "Last",
        "This",
    ];
    if common.contains(&first) {
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        words.to_string()
    }
}

/// The verb phrase of a fact, negated where the fact is negative.
fn verb(ds: &Dataset, fact: &Fact) -> String {
    let label = ds.predicate(fact.predicate).label.trim();
    if !fact.negated {
        return label.to_string();
    }
    let plural = plural_subject(ds, fact);
    let first = label.split_whitespace().next().unwrap_or("");
    if first.ends_with("ed") || matches!(first, "said" | "made" | "held" | "kept" | "found") {
        format!("{} not {label}", if plural { "have" } else { "has" })
    } else if matches!(
        first,
        "is" | "was" | "are" | "were" | "has" | "had" | "have"
    ) {
        label.replacen(first, &format!("{first} not"), 1)
    } else {
        format!("{} not {label}", if plural { "do" } else { "does" })
    }
}

/// Whether the subject reads as plural ("foreign states", "Gulf monarchies").
fn plural_subject(ds: &Dataset, fact: &Fact) -> bool {
    let e = ds.entity(fact.subject);
    let last = e.name.split_whitespace().last().unwrap_or("");
    matches!(e.kind, crate::data::EntityKind::Group)
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
}

/// The fact's core clause, without a final full stop: subject, verb,
/// objects, as what, via, place and date.
pub fn clause(ds: &Dataset, fact: &Fact, with_date: bool) -> String {
    let subject = display_name(ds, fact.subject);
    let mut phrase = verb_phrase(ds, fact);
    // "Russia adopted its 2023 foreign policy concept", not "Russia's".
    if let Some(at) = phrase.find(&format!(" {subject}'s ")) {
        phrase.replace_range(at..at + subject.len() + 4, " its ");
    }
    let mut out = format!("{subject} {phrase}");
    if let Some(a) = &fact.as_what {
        out.push(' ');
        out.push_str(&as_what(a));
    }
    if let Some(via) = fact.via {
        out.push_str(&format!(" through {}", display_name(ds, via)));
    }
    // "the forum in Kazan (KazanForum)" already says where.
    if let Some(place) = fact.place
        && !out.contains(&format!(" in {}", display_name(ds, place)))
    {
        out.push_str(&format!(" in {}", display_name(ds, place)));
    }
    if with_date && let Some(date) = &fact.date {
        let phrase = date_phrase(ds, date);
        // "formed the CSTO, formed in 2002" says the verb once.
        let verb = ds.predicate(fact.predicate).label.trim();
        let said = match phrase.split_once(' ') {
            Some((first, rest)) if first.eq_ignore_ascii_case(verb) => rest,
            _ => &phrase,
        };
        out.push_str(", ");
        out.push_str(said);
    }
    out
}

/// The fact as a sentence, with its status and reason where the data
/// gives them: "Russian Supreme Court designated Taliban as “criminal
/// organization” (= terrorist organisation), in 2003. Reason given: ..."
pub fn sentence(ds: &Dataset, fact: &Fact) -> String {
    let mut out = capitalise(&clause(ds, fact, true));
    out.push('.');
    out.push_str(&details(fact));
    out
}

/// Status and reason as extra sentences (each with a leading space).
pub fn details(fact: &Fact) -> String {
    let mut out = String::new();
    if let Some(status) = fact.status {
        out.push_str(&format!(" Status: {}.", status.describe()));
    }
    if let Some(reason) = &fact.reason {
        out.push_str(&format!(
            " Reason given: {}.",
            reason.trim().trim_end_matches('.')
        ));
    }
    out
}

/// The source named for citations: `headline (publisher)`.
pub fn source_label(source: &Source) -> String {
    format!("{} ({})", source.headline, source.publisher)
}

/// Citations for a fact: each of its quotes (at most `max`), verbatim.
pub fn citations(ds: &Dataset, fact: &Fact, max: usize) -> Vec<Citation> {
    let source = source_label(ds.source(fact.source));
    fact.quotes
        .iter()
        .take(max)
        .map(|q| Citation {
            fact_id: fact.id.to_string(),
            quote: q.text.to_string(),
            source: source.clone(),
        })
        .collect()
}

/// Finds the entity an option names: its id (as autocomplete sends),
/// or a name or alias, typos included. An unclear or unknown name becomes
/// a private "did you mean" reply.
pub fn resolve_entity(ds: &Dataset, option: &str, typed: &str) -> Result<Resolved, Box<Reply>> {
    let typed = typed.trim();
    if typed.chars().count() > MAX_NAME_CHARS as usize {
        return Err(Box::new(Reply::private(
            ReplyKind::Unresolved,
            format!("Which {option}?"),
            format!("Names are at most {MAX_NAME_CHARS} characters long."),
        )));
    }
    if let Some(id) = ds.entity_by_id(typed) {
        return Ok(Resolved {
            entity: id,
            note: None,
        });
    }
    let candidates = resolve(ds, typed, 5);
    let folded = fold(typed);
    let clear = match candidates.as_slice() {
        [] => None,
        [only] => Some(only),
        [best, ..] if best.kind == MatchKind::Exact => Some(best),
        [best, second, ..]
            if is_typo_of(&folded, &fold(&best.matched))
                && !is_typo_of(&folded, &fold(&second.matched)) =>
        {
            Some(best)
        }
        [best, second, ..] if best.score - second.score >= 0.1 => Some(best),
        _ => None,
    };
    if let Some(best) = clear {
        let note = (best.kind != MatchKind::Exact).then(|| {
            format!(
                "{option}: showing {} for “{typed}”",
                entity_name(ds, best.entity)
            )
        });
        return Ok(Resolved {
            entity: best.entity,
            note,
        });
    }
    let mut names: Vec<String> = Vec::new();
    for c in &candidates {
        let name = format!("“{}”", entity_name(ds, c.entity));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let body = if names.is_empty() {
        format!(
            "No one and nothing in the data is called “{typed}”. Try /entity with part of a name, or /about for what the data covers."
        )
    } else {
        format!(
            "“{typed}” could mean more than one thing: did you mean {}?",
            join_or(&names)
        )
    };
    Err(Box::new(Reply::private(
        ReplyKind::Unresolved,
        format!("Which {option}?"),
        body,
    )))
}

/// An entity an option resolved to, with a note when a typo was fixed.
pub struct Resolved {
    pub entity: EntityId,
    pub note: Option<String>,
}

/// Names joined with "or": "A", "A or B", "A, B or C".
pub fn join_or<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} or {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_names_the_english_way() {
        assert_eq!(join_names::<&str>(&[]), "");
        assert_eq!(join_names(&["A"]), "A");
        assert_eq!(join_names(&["A", "B"]), "A and B");
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
        assert_eq!(join_or(&["A", "B", "C"]), "A, B or C");
        assert_eq!(capitalise("état"), "État");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn as_what_keeps_the_article_word_and_meaning() {
        let a = AsWhat {
            article: "criminal organization".into(),
            meaning: Some("terrorist organisation".into()),
        };
        assert_eq!(
            as_what(&a),
            "as “criminal organization” (= terrorist organisation)"
        );
        let same = AsWhat {
            article: "terrorist".into(),
            meaning: Some("Terrorist".into()),
        };
        assert_eq!(as_what(&same), "as “terrorist”");
    }

    #[test]
    fn a_label_places_its_objects_where_it_marks_them() {
        assert_eq!(
            with_objects("found _ guilty", "the Taliban", " of providing refuge"),
            "found the Taliban guilty of providing refuge"
        );
        assert_eq!(
            with_objects("found _ guilty", "", "of providing refuge"),
            "found guilty of providing refuge"
        );
        assert_eq!(
            with_objects("is an ally of", "the Taliban", ", which finds it useful"),
            "is an ally of the Taliban, which finds it useful"
        );
        assert_eq!(with_objects("designated", "", ""), "designated");
        assert_eq!(bare_label("found _ guilty"), "found guilty");
    }
}
