//! Stage 6, *compose*: the decision in plain sentences. The first
//! paragraph is the answer (or the plain statement that the article
//! doesn't say); related facts go in a field below it, never in the
//! answer; every fact shown is cited with its quote.

use crate::commands::describe::{
    capitalise, citations, clause, date_lead, details, display_name, join_names, sentence,
    with_objects,
};
use crate::data::OWN_WORD;
use crate::data::{Dataset, Fact, FactId};
use crate::reply::{Field, Reply, ReplyKind};

use super::decision::Decision;
use super::decision::Verdict;
use super::decision::supports;
use super::link::Links;
use super::read::{Asks, Detail, Question, YearBound};
use super::score::Evidence;

/// How many other agreeing facts are listed under an answer.
const MAX_ALSO: usize = 4;
/// How many related facts a refusal offers.
const MAX_RELATED: usize = 3;
/// Related facts must hold at least this share of the question.
const MIN_RELATED: f32 = 0.25;

pub fn compose(
    ds: &Dataset,
    q: &Question,
    links: &Links,
    decision: &Decision,
    ranked: &[Evidence],
) -> Reply {
    let (kind, body, shown): (ReplyKind, String, Vec<FactId>) = match decision {
        Decision::Answer(facts) => {
            // A reason the facts share is given once, after the last.
            let body = facts
                .iter()
                .enumerate()
                .map(|(i, &f)| {
                    let fact = ds.fact(f);
                    let s = answer_sentence(ds, q, fact);
                    let shared = facts.get(i + 1).is_some_and(|&n| {
                        fact.reason.is_some() && ds.fact(n).reason == fact.reason
                    });
                    let shared_before = i > 0
                        && fact.reason.is_some()
                        && ds.fact(facts[i - 1]).reason == fact.reason;
                    match &fact.reason {
                        Some(r) if shared => s.replacen(
                            &format!(" Reason given: {}.", r.trim().trim_end_matches('.')),
                            "",
                            1,
                        ),
                        Some(_) if shared_before => {
                            s.replacen(" Reason given:", " Reason given for each:", 1)
                        }
                        _ => s,
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let profile = match links.entities().as_slice() {
                [one]
                    if matches!(q.asks, Asks::Who | Asks::What)
                        && links.terms.iter().all(|t| t.weight == 0.0) =>
                {
                    let e = ds.entity(*one);
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(": {}", n.trim().trim_end_matches('.')));
                    format!(
                        "{} ({}){}. ",
                        e.name,
                        e.kind.as_str(),
                        note.unwrap_or_default()
                    )
                }
                _ => String::new(),
            };
            (ReplyKind::Answer, format!("{profile}{body}"), facts.clone())
        }
        Decision::YesNo {
            verdict,
            fact,
            because,
        } => {
            let s = sentence(ds, ds.fact(*fact));
            let lead = match verdict {
                Verdict::Yes => "Yes.",
                Verdict::No => "No.",
                Verdict::NotNecessarily => "Not necessarily.",
                Verdict::NotYet => {
                    "Not done, as far as the article says: it is only under consideration."
                }
                Verdict::Unclear => "The article says:",
            };
            let mut body = format!("{lead} {s}");
            if let Some(b) = because {
                body.push(' ');
                body.push_str(b);
            }
            (ReplyKind::Answer, body, vec![*fact])
        }
        Decision::Among {
            fact,
            chosen,
            not_in,
            from,
        } => {
            let f = ds.fact(*fact);
            let named_by = from.map(|o| format!(" {}", sentence(ds, ds.fact(o))));
            let names: Vec<&str> = chosen.iter().map(|&c| display_name(ds, c)).collect();
            let lead = match (names.as_slice(), not_in) {
                ([], false) => "None of them is on the article's list.".to_string(),
                ([], true) => "All of them are on the article's list.".to_string(),
                (one, false) => format!(
                    "{}, going by the article's list.",
                    capitalise(&join_names(one))
                ),
                (one, true) => format!(
                    "{} {} not on the article's list.",
                    capitalise(&join_names(one)),
                    if one.len() == 1 { "is" } else { "are" }
                ),
            };
            (
                ReplyKind::Answer,
                format!(
                    "{lead}{} {}",
                    named_by.as_deref().unwrap_or(""),
                    sentence(ds, f)
                ),
                std::iter::once(*fact).chain(*from).collect(),
            )
        }
        Decision::Count { fact, count } => {
            let f = ds.fact(*fact);
            let names: Vec<&str> = f
                .objects
                .iter()
                .filter(|o| !links.excluded.contains(o))
                .map(|&o| display_name(ds, o))
                .collect();
            let body = if f.objects.len() >= 2 {
                format!("{count}: {}. {}", join_names(&names), sentence(ds, f))
            } else {
                // The count is in the fact's words; the article names none.
                format!("{count}, as the article puts it: {}", sentence(ds, f))
            };
            (ReplyKind::Answer, body, vec![*fact])
        }
        Decision::Dates {
            earlier,
            later,
            asks,
            years,
            swapped,
        } => {
            let (e, l) = (ds.fact(*earlier), ds.fact(*later));
            let lead = match asks {
                Asks::YearsBetween => format!("{years} {}.", plural(*years, "year")),
                _ => {
                    let first_named = if *swapped { l } else { e };
                    let has = |list: &[&str]| q.words.iter().any(|w| list.contains(&w.as_str()));
                    let asked_after = has(&["after", "later"]);
                    let asked_before = has(&["before", "earlier"]);
                    // "which came first", "which is more recent": both, in order.
                    let in_order = has(&[
                        "first", "older", "oldest", "earliest", "recent", "newer", "newest",
                        "latest", "last",
                    ]);
                    match (first_named.id == e.id, asked_before, asked_after) {
                        _ if in_order => "In order:".to_string(),
                        (true, true, _) | (true, false, false) => "Before:".to_string(),
                        (false, _, true) | (false, false, false) => "After:".to_string(),
                        (true, false, true) => "No, before:".to_string(),
                        (false, true, false) => "No, after:".to_string(),
                    }
                }
            };
            let gap = if *years > 0 {
                format!(", {years} {} later", plural(*years, "year"))
            } else {
                String::new()
            };
            let body = format!(
                "{lead} {}; {}{gap}.",
                capitalise(&clause(ds, e, true)),
                clause(ds, l, true)
            );
            (ReplyKind::Answer, body, vec![*earlier, *later])
        }
        Decision::Since { fact, year, years } => {
            let f = ds.fact(*fact);
            let body = format!(
                "{years} {}, to {year}: {}",
                plural(*years, "year"),
                sentence(ds, f)
            );
            (ReplyKind::Answer, body, vec![*fact])
        }
        Decision::Duration { fact, years } => {
            let f = ds.fact(*fact);
            let body = format!("{years} {}: {}", plural(*years, "year"), sentence(ds, f));
            (ReplyKind::Answer, body, vec![*fact])
        }
        Decision::Partial { missing, fact } => {
            let f = ds.fact(*fact);
            let body = format!(
                "The article doesn't say {}: it gives no {} for this. What it says: {}",
                detail_question(*missing),
                detail_noun(*missing),
                sentence(ds, f)
            );
            // Not an answer: named for /source, never cited as one.
            (ReplyKind::NotFound, body, Vec::new())
        }
        Decision::OtherYear { fact } => {
            let f = ds.fact(*fact);
            let body = format!("No. {}", sentence(ds, f));
            (ReplyKind::Answer, body, vec![*fact])
        }
        Decision::Refuse { near } => {
            let mut body = doesnt_say(ds, q, links, ranked);
            if let Some(f) = near {
                body.push_str(" What it does say: ");
                body.push_str(&sentence(ds, ds.fact(*f)));
            }
            (ReplyKind::NotFound, body, Vec::new())
        }
    };

    let answered = kind == ReplyKind::Answer;
    // The fact a refusal tells of is not listed again below it.
    let told: Vec<FactId> = match decision {
        Decision::Partial { fact, .. } => vec![*fact],
        Decision::Refuse { near } => near.iter().copied().collect(),
        _ => Vec::new(),
    };
    let mut reply = if answered {
        Reply::answer(q.text.clone(), body)
    } else {
        Reply::private(kind, q.text.clone(), body)
    };
    for (i, &id) in shown.iter().enumerate() {
        reply
            .citations
            .extend(citations(ds, ds.fact(id), if i == 0 { 2 } else { 1 }));
    }
    let others: Vec<&Evidence> = ranked
        .iter()
        .filter(|e| !shown.contains(&e.fact) && !told.contains(&e.fact))
        .filter(|e| {
            if answered {
                supports(e)
            } else {
                e.confidence >= MIN_RELATED
            }
        })
        .take(if answered { MAX_ALSO } else { MAX_RELATED })
        .collect();
    if !others.is_empty() {
        let value = others
            .iter()
            .map(|e| line(ds, ds.fact(e.fact)))
            .collect::<Vec<_>>()
            .join("\n");
        reply.fields.push(Field {
            name: if answered {
                "Also in the article".to_string()
            } else {
                "Related, not an answer".to_string()
            },
            value,
            inline: false,
        });
        if !answered {
            reply.suggestions = others
                .iter()
                .map(|e| ds.fact(e.fact).id.to_string())
                .collect();
        }
    } else if !answered {
        reply
            .body
            .push_str(" Try /designations, /timeline or /about to see what it covers.");
    }
    reply.footer = Some(match shown.first() {
        Some(&f) if answered => format!(
            "From the article only · the exact words: /source fact:{}",
            ds.fact(f).id
        ),
        _ => "factbot answers only from the article's facts".to_string(),
    });
    reply
}

fn plural(n: i32, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn detail_noun(detail: Detail) -> &'static str {
    match detail {
        Detail::Date => "date",
        Detail::Month => "month",
        Detail::Day => "day",
        Detail::Reason => "reason",
        Detail::Place => "place",
        Detail::Number => "number",
        Detail::Length => "length or duration",
        Detail::Name => "name",
        Detail::Members => "list of members",
    }
}

fn detail_question(detail: Detail) -> &'static str {
    match detail {
        Detail::Date => "when",
        Detail::Month => "in which month",
        Detail::Day => "on which day",
        Detail::Reason => "why",
        Detail::Place => "where",
        Detail::Number => "how many",
        Detail::Length => "how long",
        Detail::Name => "who, by name",
        Detail::Members => "which ones",
    }
}

/// The answer sentence for what the question asks.
fn answer_sentence(ds: &Dataset, q: &Question, fact: &Fact) -> String {
    match q.asks {
        Asks::When if fact.date.is_some() => {
            let date = fact
                .date
                .as_ref()
                .map(|d| date_lead(ds, d))
                .unwrap_or_default();
            format!("{date}: {}.{}", clause(ds, fact, false), details(fact))
        }
        Asks::Why if fact.reason.is_some() => {
            let reason = fact
                .reason
                .as_deref()
                .unwrap_or("")
                .trim()
                .trim_end_matches('.');
            format!(
                "Reason given: {reason}. {}.",
                capitalise(&clause(ds, fact, true))
            )
        }
        Asks::Where if fact.place.is_some() => {
            let place = fact.place.map(|p| display_name(ds, p)).unwrap_or("");
            format!("In {place}: {}", sentence(ds, fact))
        }
        _ => sentence(ds, fact),
    }
}

/// "• The Supreme Court of Russia designated ... [fact-id]"
fn line(ds: &Dataset, fact: &Fact) -> String {
    format!("• {} [{}]", capitalise(&clause(ds, fact, true)), fact.id)
}

/// The plain statement that the article doesn't say what is asked.
fn doesnt_say(ds: &Dataset, q: &Question, links: &Links, ranked: &[Evidence]) -> String {
    let names: Vec<&str> = links
        .entities()
        .iter()
        .map(|&e| display_name(ds, e))
        .collect();
    let year = match links.years.as_slice() {
        [] => String::new(),
        years => {
            let bound = match years[0].bound {
                YearBound::In => "in",
                YearBound::After => "after",
                YearBound::Before => "before",
                YearBound::By => "by",
                YearBound::Decade => "in the decade from",
            };
            let list: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
            format!(" {bound} {}", join_names(&list))
        }
    };
    let unknown: Vec<String> = links
        .terms
        .iter()
        .filter(|t| t.unknown)
        .map(|t| format!("“{}”", t.word))
        .chain(links.other_country.iter().map(|c| format!("“{c}”")))
        .collect();
    let connection = if names.is_empty() {
        String::new()
    } else {
        format!(" in connection with {}", join_names(&names))
    };
    if !unknown.is_empty() {
        return format!(
            "The article doesn't say anything about {}{connection}{year}.",
            join_names(&unknown)
        );
    }
    // "Is the Taliban a military alliance?": the claim, in the question's
    // own words.
    if q.asks == Asks::YesNo
        && let Some(claim) = copular(ds, q, links)
    {
        return format!("The article doesn't say that {claim}.");
    }
    let action = links
        .actions()
        .find(|t| t.predicates.iter().any(|(_, s)| *s >= OWN_WORD));
    if let Some(t) = action {
        let typed = &t.word;
        let label = surest_label(ds, q, links).unwrap_or_else(|| links_label(ds, q, t));
        // "doesn't say that Russia does not necessarily trust the West"
        // says the opposite of what it means.
        let negative = super::reason::label_denies(&label);
        // "doesn't say that Russia has relations with the Taliban" when it
        // does: what was asked beyond the action is what it does not say.
        let said = ranked.iter().any(|e| {
            e.action >= OWN_WORD
                && e.holds.len() >= 2
                && e.core_roles() == e.holds.len()
                && super::reason::same_direction(ds, q, links, e)
        });
        if (negative || said) && !names.is_empty() {
            return format!(
                "The article doesn't say that about {}{year}.",
                join_names(&names)
            );
        }
        return match (q.asks, names.as_slice()) {
            (Asks::Who, [one]) if action_before_names(links, t) => {
                format!("The article doesn't say who {typed} {one}{year}.")
            }
            (_, []) => format!("The article doesn't say who {typed} what{year}."),
            // Not "that Asia Times published anyone or anything" when it
            // published the article: what was asked of it is not said.
            (_, [one]) => format!("The article doesn't say that about {one}{year}."),
            (Asks::YesNo, [first, rest @ ..]) => format!(
                "The article doesn't say that {first} {}{year}.",
                with_objects(&label, &join_names(rest), "")
            ),
            (_, [first, rest @ ..]) if label == "said" => format!(
                "The article doesn't say what {first} said about {}{year}.",
                join_names(rest)
            ),
            (_, [first, rest @ ..]) => format!(
                "The article doesn't say that {first} {}{year}.",
                with_objects(&label, &join_names(rest), "")
            ),
        };
    }
    if !names.is_empty() {
        return format!(
            "The article doesn't say that about {}{year}.",
            join_names(&names)
        );
    }
    "The article doesn't say anything that answers this.".to_string()
}

/// The predicate label a term means most surely, or the word as typed.
fn links_label(ds: &Dataset, q: &Question, t: &super::link::Term) -> String {
    t.predicates
        .iter()
        .filter(|(_, s)| *s >= OWN_WORD)
        .map(|(p, _)| claim_label(ds, q, *p))
        .next()
        .unwrap_or_else(|| t.word.clone())
}

/// A predicate's label as the question's claim reads: "did Russia invite
/// the Taliban" claims "Russia invited", the passive label's inverse.
fn claim_label(ds: &Dataset, q: &Question, p: crate::data::PredicateId) -> String {
    let p = ds.predicate(p);
    let passive = p.label.starts_with("was ") || p.label.starts_with("were ");
    let asked_passive = q.opens_with_copula();
    match &p.inverse {
        Some(inverse) if passive && !asked_passive => inverse.to_string(),
        _ => p.label.to_string(),
    }
}

/// The label of the action the question's words point at most surely
/// together ("considering recognising": considering recognition, not
/// removal).
fn surest_label(ds: &Dataset, q: &Question, links: &Links) -> Option<String> {
    let mut best: Option<(crate::data::PredicateId, f32)> = None;
    for t in links.actions() {
        for &(p, s) in &t.predicates {
            if s < OWN_WORD || best.is_some_and(|(b, _)| b == p) {
                continue;
            }
            let total = phrase_total(links, p);
            if best.is_none_or(|(_, b)| total > b) {
                best = Some((p, total));
            }
        }
    }
    best.map(|(p, _)| claim_label(ds, q, p))
}

/// How surely the question's action words together point at `p`, the
/// words of one phrase ("carry out") counted once.
fn phrase_total(links: &Links, p: crate::data::PredicateId) -> f32 {
    let strength = |t: &super::link::Term| {
        t.predicates
            .iter()
            .find(|(o, _)| *o == p)
            .map_or(0.0, |(_, s)| *s)
    };
    let phrase_word = |t: &super::link::Term| {
        let s = strength(t);
        s > 0.0 && s < 1.0
    };
    let mut total = 0.0;
    let mut last: Option<&super::link::Term> = None;
    for u in links.actions() {
        let continues =
            last.is_some_and(|l| l.pos + 1 == u.pos && phrase_word(l) && phrase_word(u));
        if !continues {
            total += strength(u);
        }
        last = Some(u);
    }
    total
}

/// "Is the Taliban a military alliance?", "is China considering
/// recognising the Taliban?": the claim in the question's own words after
/// its subject, with the data's names for the things it names, when it
/// opens with a copula and its subject.
fn copular(ds: &Dataset, q: &Question, links: &Links) -> Option<String> {
    let copula = q.words.first()?.as_str();
    let subject = links.mentions.first()?;
    let opens = q.opens_with_copula()
        && (subject.start == 1 || (subject.start == 2 && q.words[1] == "the"));
    // "is russia taliban rapprochement ...": two names in a row are no
    // subject and claim.
    let next_named = links.mentions.iter().any(|m| m.start == subject.end);
    if !opens || subject.end == q.words.len() || !links.years.is_empty() || next_named {
        return None;
    }
    let mut out = vec![
        display_name(ds, subject.entity).to_string(),
        copula.to_string(),
    ];
    let mut i = subject.end;
    while i < q.words.len() {
        if let Some(m) = links.mentions.iter().find(|m| m.start == i) {
            // "the Taliban": the display form brings its own article.
            if out.last().is_some_and(|w| w == "the") {
                out.pop();
            }
            out.push(display_name(ds, m.entity).to_string());
            i = m.end;
            continue;
        }
        let w = &q.words[i];
        if !w.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        out.push(w.clone());
        i += 1;
    }
    Some(out.join(" "))
}

/// "who signed X": the action comes before every name.
fn action_before_names(links: &Links, t: &super::link::Term) -> bool {
    links.mentions.iter().all(|m| m.start > t.pos)
}
