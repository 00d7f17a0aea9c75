//! `/ask question`: a free-text question answered from the facts,
//! deterministically and offline, in explicit stages:
//!
//! 1. `read`: what the question asks for (who, when, yes or no, a
//!    comparison, ...), the detail it wants, its years and negation;
//! 2. `link`: entities through the name index, actions through the
//!    predicates' words and synonyms, every other word weighted by how
//!    informative it is;
//! 3. `retrieve`: candidate facts from the indexes (entity and predicate
//!    postings, search hits), never a scan of all facts;
//! 4. `score`: soft evidence, the share of the question's weight each
//!    fact holds;
//! 5. `decide`: answer, partial answer or refusal, with one threshold
//!    and one step of reasoning (`reason`);
//! 6. `compose`: the reply, the answer in its first paragraph.
//!
//! When no fact answers, the reply says plainly that the article doesn't
//! say, and lists the closest facts as related facts, never as the answer.

mod compose;
mod decide;
mod decision;
mod link;
mod read;
mod reason;
mod retrieve;
mod score;

pub use decision::THRESHOLD;
pub use read::{Asks, Detail, Question, read};

use crate::commands::spec::MAX_QUESTION_CHARS;
use crate::data::{Dataset, Source};
use crate::reply::{Field, Reply, ReplyKind};

use super::command::Command;
use super::describe::citations;
use super::options::{OptionSpec, OptionType, ParseError};
use super::spec::{Args, Audience, CommandSpec};

/// `/ask`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "ask",
    description: "Ask a question in plain English; the answer quotes the article",
    options: &[OptionSpec {
        name: "question",
        description: "Your question, e.g. Who designated the Taliban, and when?",
        kind: OptionType::String,
        required: true,
        autocomplete: None,
        min: Some(1),
        max: Some(MAX_QUESTION_CHARS),
    }],
    audience: Audience::Everyone,
    build,
};

fn build(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Ask {
        question: args.required_text("question")?,
    })
}

pub fn run(ds: &Dataset, text: &str) -> Reply {
    // The option's own bound, whoever calls: the same cap everywhere.
    let text: String = text.chars().take(MAX_QUESTION_CHARS as usize).collect();
    let q = read::read(&text);
    if q.words.is_empty() {
        return Reply::private(
            ReplyKind::NotFound,
            "Ask a question",
            "Ask about the article in plain words, e.g. “Who designated the Taliban as a terrorist organisation, and when?”",
        );
    }
    if let Some(reply) = both(ds, &q) {
        return reply;
    }
    let (q, links) = match main_clause(ds, &q) {
        // "What did Putin sign after the UN resolution was adopted?": of
        // the answer, what is known to come after what set the scene; when
        // none is, the article doesn't say. A main clause the facts do not
        // answer is read whole, as if no clause split it.
        Some(Scene::After(main, links, scene)) => {
            let ranked = rank(ds, &main, &links);
            if let decision::Decision::Answer(facts) = decide::decide(ds, &main, &links, &ranked) {
                let after: Vec<_> = facts
                    .into_iter()
                    .filter(|&f| {
                        reason::later(ds, f, scene, false).is_some_and(|(later, ..)| later)
                    })
                    .collect();
                let decision = if after.is_empty() {
                    decision::Decision::Refuse { near: None }
                } else {
                    decision::Decision::Answer(after)
                };
                return compose::compose(ds, &main, &links, &decision, &ranked);
            }
            let links = link::link(ds, &q);
            (q, links)
        }
        Some(Scene::Set(main, links)) => (main, links),
        // "Did Russia designate the Taliban even after recognising them?"
        Some(Scene::Unfounded(scene, links, ranked)) => {
            let refusal = decision::Decision::Refuse { near: None };
            return compose::compose(ds, &scene, &links, &refusal, &ranked);
        }
        None => {
            let links = link::link(ds, &q);
            (q, links)
        }
    };
    if links.about_source && q.detail.is_none() && !ds.sources.is_empty() {
        return about_source(ds, &q);
    }
    let ranked = rank(ds, &q, &links);
    let decision = decide::decide(ds, &q, &links, &ranked);
    compose::compose(ds, &q, &links, &decision, &ranked)
}

/// "Which country both kept its embassy in Afghanistan and designated the
/// Taliban?": each action asked on its own; the one both answers have
/// acting answers, with a fact of each. `None` when the question is not
/// of that form, or no one did both.
fn both(ds: &Dataset, q: &Question) -> Option<Reply> {
    if !matches!(q.asks, Asks::Who | Asks::What) {
        return None;
    }
    let w = &q.words;
    let b = w.iter().position(|x| x == "both")?;
    let a = b + 1 + w[b + 1..].iter().position(|x| x == "and")?;
    if b == 0 || a == b + 1 || a + 1 >= w.len() {
        return None;
    }
    let answer = |action: &[String]| {
        let part = read::read(&[&w[..b], action].concat().join(" "));
        let links = link::link(ds, &part);
        match decide::decide(ds, &part, &links, &rank(ds, &part, &links)) {
            decision::Decision::Answer(facts) => Some(facts),
            _ => None,
        }
    };
    let first = answer(&w[b + 1..a])?;
    let second = answer(&w[a + 1..])?;
    let subject = |f: &crate::data::FactId| ds.fact(*f).subject;
    let (one, other) = first.iter().find_map(|f| {
        second
            .iter()
            .find(|g| subject(g) == subject(f))
            .map(|g| (*f, *g))
    })?;
    let links = link::link(ds, q);
    let ranked = rank(ds, q, &links);
    let decision = decision::Decision::Answer(vec![one, other]);
    Some(compose::compose(ds, q, &links, &decision, &ranked))
}

/// A clause that sets the scene of the claim, checked against the facts.
enum Scene {
    /// A fact bears it out: the main clause, linked, is what is asked.
    Set(Question, link::Links),
    /// "after the UN resolution was adopted", borne out by that fact: the
    /// main clause is asked, of what came after it.
    After(Question, link::Links, crate::data::FactId),
    /// No fact does: the question rests on what the article doesn't say
    /// (the scene, asked on its own, linked and ranked).
    Unfounded(Question, link::Links, Vec<score::Evidence>),
}

/// "Did Russia stay in touch with the Taliban even after calling them
/// terrorists?": the scene the clause sets, about the things the main
/// clause names, is borne out when a fact of its action says it did
/// happen.
fn main_clause(ds: &Dataset, q: &Question) -> Option<Scene> {
    let clause = read::scene_clause(q)?;
    let mut main = read::read(&q.words[..clause.start].join(" "));
    main.text.clone_from(&q.text);
    main.acronyms.clone_from(&q.acronyms);
    let main_links = link::link(ds, &main);
    // "after the UN resolution was adopted": was the UN resolution adopted.
    let scene_words: Option<Vec<&str>> = clause.passive.map(|aux| {
        std::iter::once(q.words[aux].as_str())
            .chain(q.words[clause.body..aux].iter().map(String::as_str))
            .chain(q.words[aux + 1..].iter().map(String::as_str))
            .collect()
    });
    // A relative clause is about the thing named just before it.
    let names: Vec<&str> = main_links
        .mentions
        .iter()
        .filter(|m| !clause.relative || m.end == clause.start)
        .flat_map(|m| main.words[m.start..m.end].iter().map(String::as_str))
        .collect();
    let scene_text = match scene_words {
        Some(words) => words.join(" "),
        None if names.is_empty() => return None,
        None => {
            let words: Vec<&str> = names
                .into_iter()
                .chain(q.words[clause.body..].iter().map(String::as_str))
                .collect();
            format!("did {}", words.join(" "))
        }
    };
    let mut scene = read::read(&scene_text);
    scene.text.clone_from(&q.text);
    scene.acronyms.clone_from(&q.acronyms);
    let scene_links = link::link(ds, &scene);
    let named_action = scene_links.actions().next().is_some();
    let ranked = rank(ds, &scene, &scene_links);
    // Of the action it names, done; or, naming none ("that mentions"
    // reads as filler), a fact about all it names together.
    let set = ranked.iter().find(|e| {
        let fact = ds.fact(e.fact);
        decision::supports(e)
            && if named_action {
                e.action >= crate::data::OWN_WORD
                    && reason::polarity(ds, &scene, &scene_links, fact) == decision::Verdict::Yes
            } else {
                e.all_in_role() && !fact.negated
            }
    });
    Some(match set {
        Some(e) if clause.passive.is_some() => Scene::After(main, main_links, e.fact),
        Some(_) => Scene::Set(main, main_links),
        None => Scene::Unfounded(scene, scene_links, ranked),
    })
}

/// Stages 3 and 4: the candidates retrieved for the question, scored,
/// best first.
fn rank(ds: &Dataset, q: &Question, links: &link::Links) -> Vec<score::Evidence> {
    let mut scorer = score::Scorer::new(ds, links);
    let mut ranked: Vec<score::Evidence> = retrieve::retrieve(ds, &q.text, links)
        .into_iter()
        .map(|f| scorer.score(f))
        .collect();
    // Ties: the surer action, then a fact whose subject is the first
    // entity named ("what is the CSTO" is best told by facts about it).
    let first = links.mentions.first().map(|m| m.entity);
    let about_first = |e: &score::Evidence| Some(ds.fact(e.fact).subject) == first;
    // "Which countries ...": a fact listing countries.
    let kind_asked = q.words.iter().find_map(|w| match w.as_str() {
        "country" | "countries" | "states" | "nations" => Some(crate::data::EntityKind::Country),
        "people" | "person" | "who" => Some(crate::data::EntityKind::Person),
        _ => None,
    });
    let lists_kind = |e: &score::Evidence| {
        kind_asked.is_some_and(|k| {
            ds.fact(e.fact)
                .objects
                .iter()
                .any(|&o| ds.entity(o).kind == k)
        })
    };
    ranked.sort_by(|x, y| {
        y.confidence
            .total_cmp(&x.confidence)
            .then(y.action.total_cmp(&x.action))
            .then(y.action_sum.total_cmp(&x.action_sum))
            .then(y.worded.cmp(&x.worded))
            .then(y.core_roles().cmp(&x.core_roles()))
            .then(about_first(y).cmp(&about_first(x)))
            .then(lists_kind(y).cmp(&lists_kind(x)))
            .then(x.fact.cmp(&y.fact))
    });
    ranked
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
    // "What is the article's headline?": the headline first.
    let asks_headline = q
        .words
        .iter()
        .any(|w| matches!(w.as_str(), "headline" | "title" | "titled" | "called"));
    if asks_headline {
        let headlines: Vec<String> = ds
            .sources
            .iter()
            .map(|s| format!("The article's headline is “{}”.", s.headline))
            .collect();
        lines.insert(0, headlines.join(" "));
    }
    let mut reply = Reply::answer(q.text.clone(), lines.join("\n"));
    for source in &ds.sources {
        reply.fields.push(Field {
            name: "Headline".to_string(),
            value: source.headline.to_string(),
            inline: false,
        });
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
    let mut out = String::from("The article was ");
    if let Some(author) = &source.author {
        out.push_str(&format!("written by {author}"));
        if let Some(aff) = &source.author_affiliation {
            out.push_str(&format!(" ({aff})"));
        }
        out.push_str(" and ");
    }
    out.push_str(&format!("published by {}.", source.publisher));
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

#[cfg(test)]
pub(crate) mod testing {
    use crate::data::{DataFiles, Dataset, load};

    /// The shipped dataset, for tests that pin answers on real data.
    pub(crate) fn shipped() -> Dataset {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let files = DataFiles::read_dir(&dir).expect("the shipped data directory");
        load(&files).expect("the shipped data is valid")
    }
}
