//! `/ask question`: a free-text question answered from the facts,
//! deterministically and offline.
//!
//! The question is read (`question`: what it asks for, its words and
//! years), matched against the data (`matching`: entities through
//! `resolve`, actions through predicate words and built-in synonyms,
//! leftover content words), every fact is scored, and only facts that
//! agree with everything the question names may answer. The answer is one
//! or two sentences built from the fact's own parts with its verbatim
//! quote cited. When no fact agrees, the reply says plainly that the
//! article doesn't say, and lists the closest facts as suggestions, never
//! as the answer.

mod lexicon;
mod matching;
mod question;

pub use question::{Kind, Question, read};

use crate::commands::spec::MAX_QUESTION_CHARS;
use crate::data::{Dataset, EntityId, Fact, Source, Status};
use crate::reply::{Field, Reply, ReplyKind};

use super::describe::{
    capitalise, citations, clause, date_lead, details, entity_name, join_names, sentence,
};
use matching::{Agreement, Analysis};

/// How many other agreeing facts are listed under an answer.
const MAX_ALSO: usize = 4;
/// How many suggestions a "doesn't say" reply offers.
const MAX_SUGGESTIONS: usize = 3;
/// A second fact joins the answer's body when it scores this close to the best.
const SECOND_SENTENCE_SHARE: f32 = 0.85;
/// Suggestions must score at least this much agreement.
const MIN_SUGGESTION_SCORE: f32 = 1.0;

pub fn run(ds: &Dataset, text: &str) -> Reply {
    // Discord caps the option; the console and other callers get the same cap.
    let text: String = text.chars().take(MAX_QUESTION_CHARS as usize).collect();
    let q = question::read(&text);
    if q.words.is_empty() {
        return Reply::private(
            ReplyKind::NotFound,
            "Ask a question",
            "Ask about the article in plain words, e.g. “Who designated the Taliban as a terrorist organisation, and when?”",
        );
    }
    let a = matching::analyse(ds, &q);
    if a.about_source && a.mentions.is_empty() && !ds.sources.is_empty() {
        return about_source(ds, &q);
    }
    let ranked = matching::rank(ds, &q, &a);
    let supporting: Vec<&Agreement> = ranked.iter().filter(|g| g.supports(&a)).collect();
    if supporting.is_empty() {
        return doesnt_say(ds, &q, &a, &ranked);
    }
    answer(ds, &q, &a, &supporting)
}

fn answer(ds: &Dataset, q: &Question, a: &Analysis, supporting: &[&Agreement]) -> Reply {
    let top = ds.fact(supporting[0].fact);
    let profile_question = a.predicates.is_empty()
        && a.content.is_empty()
        && a.years.is_empty()
        && a.entities().len() == 1
        && matches!(q.kind, Kind::Who | Kind::What | Kind::Where);

    let mut body = if profile_question {
        describe_entity(ds, a.entities()[0])
    } else {
        String::new()
    };
    let lead = match q.kind {
        Kind::When => when_answer(ds, top),
        Kind::Why => why_answer(ds, top),
        Kind::HowMany => count_answer(ds, a, top, supporting),
        Kind::YesNo => yes_no_answer(ds, q, a, top),
        Kind::Where => where_answer(ds, top),
        Kind::Who | Kind::Whom | Kind::What => sentence(ds, top),
    };
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(&lead);

    // A second agreeing fact as a second sentence, where it answers as well.
    let mut shown = vec![supporting[0].fact];
    if !matches!(q.kind, Kind::YesNo | Kind::HowMany)
        && let Some(second) = supporting.get(1)
        && second.score >= supporting[0].score * SECOND_SENTENCE_SHARE
        && (q.kind != Kind::When || ds.fact(second.fact).date.is_some())
        && (q.kind != Kind::Why || ds.fact(second.fact).reason.is_some())
    {
        let fact = ds.fact(second.fact);
        body.push(' ');
        body.push_str(&match q.kind {
            Kind::When => when_answer(ds, fact),
            Kind::Why => why_answer(ds, fact),
            _ => sentence(ds, fact),
        });
        shown.push(second.fact);
    }

    let mut reply = Reply::answer(q.text.clone(), body);
    for (i, &id) in shown.iter().enumerate() {
        reply
            .citations
            .extend(citations(ds, ds.fact(id), if i == 0 { 2 } else { 1 }));
    }
    let also: Vec<String> = supporting
        .iter()
        .filter(|g| !shown.contains(&g.fact))
        .take(MAX_ALSO)
        .map(|g| line(ds, ds.fact(g.fact)))
        .collect();
    if !also.is_empty() {
        let more = supporting.len() - shown.len() - also.len();
        let mut value = also.join("\n");
        if more > 0 {
            value.push_str(&format!("\n… and {more} more"));
        }
        reply.fields.push(Field {
            name: "Also in the article".to_string(),
            value,
            inline: false,
        });
    }
    reply.footer = Some(format!(
        "From the article only · the exact words: /source fact:{}",
        top.id
    ));
    reply
}

/// "Taliban is a group (the article's “Taliban action”)."
fn describe_entity(ds: &Dataset, id: EntityId) -> String {
    let e = ds.entity(id);
    let mut out = format!("{} ({})", e.name, e.kind.as_str());
    if let Some(note) = &e.note {
        out.push_str(&format!(": {}", note.trim().trim_end_matches('.')));
    }
    out.push('.');
    out
}

fn when_answer(ds: &Dataset, fact: &Fact) -> String {
    match &fact.date {
        Some(date) => format!(
            "{}: {}.{}",
            date_lead(ds, date),
            clause(ds, fact, false),
            details(fact)
        ),
        None => format!("The article gives no date for this. {}", sentence(ds, fact)),
    }
}

fn why_answer(ds: &Dataset, fact: &Fact) -> String {
    let Some(reason) = &fact.reason else {
        return format!(
            "The article gives no reason for this. {}",
            sentence(ds, fact)
        );
    };
    let mut out = format!(
        "Reason given: {}. {}",
        reason.trim().trim_end_matches('.'),
        capitalise(&clause(ds, fact, true))
    );
    out.push('.');
    if let Some(status) = fact.status {
        out.push_str(&format!(" Status: {}.", status.describe()));
    }
    out
}

fn where_answer(ds: &Dataset, fact: &Fact) -> String {
    match fact.place {
        Some(place) => format!("In {}: {}", entity_name(ds, place), sentence(ds, fact)),
        None => sentence(ds, fact),
    }
}

/// "5: Armenia, Belarus, ... ." then the fact: counts the entities on the
/// other side of the asked entity, across the agreeing facts of the top
/// fact's predicate.
fn count_answer(ds: &Dataset, a: &Analysis, top: &Fact, supporting: &[&Agreement]) -> String {
    let asked = a.entities();
    let mut counted: Vec<EntityId> = Vec::new();
    let mut used = 0;
    for g in supporting {
        let fact = ds.fact(g.fact);
        if fact.predicate != top.predicate {
            continue;
        }
        used += 1;
        let others: Vec<EntityId> = if asked.contains(&fact.subject) || asked.is_empty() {
            fact.objects.clone()
        } else {
            vec![fact.subject]
        };
        for e in others {
            if !asked.contains(&e) && !counted.contains(&e) {
                counted.push(e);
            }
        }
    }
    if counted.is_empty() {
        return sentence(ds, top);
    }
    let names: Vec<&str> = counted.iter().map(|&e| entity_name(ds, e)).collect();
    let mut out = format!("{}: {}.", counted.len(), join_names(&names));
    if used == 1 {
        out.push(' ');
        out.push_str(&sentence(ds, top));
    }
    out
}

fn yes_no_answer(ds: &Dataset, q: &Question, a: &Analysis, fact: &Fact) -> String {
    let asked_about_intent = a.action_words.iter().any(|w| {
        [
            "consid", "review", "plan", "propos", "mull", "weigh", "think",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    });
    let s = sentence(ds, fact);
    // A negative fact ("has not recognised", "does not necessarily trust")
    // answers a positive question with no, and a negative one with yes.
    let label = ds.predicate(fact.predicate).label.to_lowercase();
    let label_words: Vec<&str> = label.split_whitespace().collect();
    let label_negative = label_words
        .iter()
        .any(|w| matches!(*w, "not" | "no" | "never"));
    let fact_negative = fact.negated != label_negative;
    let question_negative = q.words.iter().any(|w| {
        matches!(
            w.as_str(),
            "not" | "never" | "no" | "nt" | "dont" | "doesnt" | "didnt" | "isnt" | "hasnt"
        )
    }) || a
        .action_words
        .iter()
        .any(|w| w.starts_with("dis") || w.starts_with("mis"));
    if a.predicates.is_empty() {
        // No action named: the fact is about the same things, but whether
        // it answers yes or no is for the asker to judge.
        return format!("The article says: {s}");
    }
    if fact_negative != question_negative {
        if label_words.contains(&"necessarily") {
            format!("Not necessarily. {s}")
        } else {
            format!("No. {s}")
        }
    } else if fact_negative {
        format!("Yes. {s}")
    } else if matches!(fact.status, Some(Status::UnderReview | Status::Proposed))
        && !asked_about_intent
    {
        format!(
            "Not done, as far as the article says: it is {}. {s}",
            fact.status.map_or("", Status::describe)
        )
    } else {
        format!("Yes. {s}")
    }
}

/// "• Russian Supreme Court designated ... [fact-id]"
fn line(ds: &Dataset, fact: &Fact) -> String {
    format!("• {} [{}]", capitalise(&clause(ds, fact, true)), fact.id)
}

/// The article doesn't answer: say so, and offer the closest facts as
/// suggestions.
fn doesnt_say(ds: &Dataset, q: &Question, a: &Analysis, ranked: &[Agreement]) -> Reply {
    let names: Vec<&str> = a.entities().iter().map(|&e| entity_name(ds, e)).collect();
    let year = match a.years.as_slice() {
        [] => String::new(),
        years => format!(
            " in {}",
            join_names(&years.iter().map(i32::to_string).collect::<Vec<_>>())
        ),
    };
    let quoted =
        |words: &[String]| join_names(&words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>());
    let connection = if names.is_empty() {
        String::new()
    } else {
        format!(" in connection with {}", join_names(&names))
    };
    let best_predicate = a
        .predicates
        .iter()
        .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(x.0)))
        .map(|(p, _)| ds.predicate(*p));
    let statement = if !a.unknown.is_empty() {
        format!(
            "The article doesn't say anything about {}{connection}{year}.",
            quoted(&a.unknown)
        )
    } else if let Some(p) = best_predicate {
        let label = &p.label;
        match names.as_slice() {
            [] => format!("The article doesn't say who {label} whom{year}."),
            [one] if a.subject_first => {
                format!("The article doesn't say that {one} {label} anyone or anything{year}.")
            }
            [one] => format!("The article doesn't say that anyone {label} {one}{year}."),
            [first, rest @ ..] => format!(
                "The article doesn't say that {first} {label} {}{year}.",
                join_names(rest)
            ),
        }
    } else if !a.content_typed.is_empty() {
        format!(
            "The article doesn't say anything about {}{connection}{year}.",
            quoted(&a.content_typed)
        )
    } else if !names.is_empty() || !year.is_empty() {
        let about = if names.is_empty() {
            "anything".to_string()
        } else {
            format!("anything about {}", join_names(&names))
        };
        format!("The article doesn't say {about}{year}.")
    } else {
        "The article doesn't say anything that answers this.".to_string()
    };

    let related: Vec<&Fact> = ranked
        .iter()
        .filter(|g| g.score >= MIN_SUGGESTION_SCORE)
        .take(MAX_SUGGESTIONS)
        .map(|g| ds.fact(g.fact))
        .collect();
    let suggestions: Vec<String> = related.iter().map(|fact| line(ds, fact)).collect();
    let mut body = statement;
    if suggestions.is_empty() {
        body.push_str(" Try /designations, /timeline or /about to see what it covers.");
    } else {
        body.push_str(
            " The closest things it does say are below: they are related facts, not an answer.",
        );
    }
    let mut reply = Reply::private(ReplyKind::NotFound, q.text.clone(), body);
    if !suggestions.is_empty() {
        reply.fields.push(Field {
            name: "Related, not an answer".to_string(),
            value: suggestions.join("\n"),
            inline: false,
        });
    }
    reply.suggestions = related.iter().map(|fact| fact.id.to_string()).collect();
    reply.footer = Some("factbot answers only from the article's facts".to_string());
    reply
}

/// Who wrote and published the article: from the source's own record.
fn about_source(ds: &Dataset, q: &Question) -> Reply {
    let mut lines = Vec::new();
    let mut reply_citations = Vec::new();
    for source in &ds.sources {
        lines.push(describe_source(source));
        // Cite a fact whose quote names the author, where there is one.
        if let Some(author) = &source.author
            && let Some(fact) = ds.facts.iter().find(|f| {
                ds.source(f.source).id == source.id
                    && f.quotes.iter().any(|qt| qt.text.contains(&**author))
            })
        {
            reply_citations.extend(citations(ds, fact, 1));
        }
    }
    let mut reply = Reply::answer(q.text.clone(), lines.join("\n"));
    for source in &ds.sources {
        if let Some(note) = &source.note {
            reply.fields.push(Field {
                name: "Note on the text".to_string(),
                value: note.trim().to_string(),
                inline: false,
            });
        }
    }
    reply.citations = reply_citations;
    reply.footer = Some("Full attribution: /about".to_string());
    reply
}

/// "“Putin wants ...” was published by Asia Times; written by Intigam
/// Mamedov (...); republished from The Conversation under ..."
fn describe_source(source: &Source) -> String {
    let mut out = format!(
        "The article “{}” was published by {}",
        source.headline, source.publisher
    );
    if let Some(author) = &source.author {
        out.push_str(&format!(" and written by {author}"));
        if let Some(aff) = &source.author_affiliation {
            out.push_str(&format!(" ({aff})"));
        }
    }
    out.push('.');
    if let Some(from) = &source.republished_from {
        out.push_str(&format!(" It was republished from {from}"));
        match &source.licence {
            Some(l) => out.push_str(&format!(" under {l}.")),
            None => out.push('.'),
        }
    } else if let Some(l) = &source.licence {
        out.push_str(&format!(" Licence: {l}."));
    }
    out
}
