//! Matching a read question against the dataset: the entities it
//! mentions (n-grams through [`resolve`], typos included), the predicates
//! its words point at (the data's words plus built-in synonyms), the
//! content words left over (misspellings corrected against the data's
//! vocabulary), and how well each fact agrees with all of that.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::data::fold::fold;
use crate::data::resolve::{MatchKind, resolve};
use crate::data::search::search;
use crate::data::{Dataset, EntityId, EntityKind, Fact, FactId, PredicateId};

use super::lexicon::{self, stem};
use super::question::{Kind, Question};
use crate::commands::describe::{close_spelling, date_covers_year};

/// Longest run of words tried as one entity name.
const MAX_NGRAM: usize = 5;
/// Longer words are not corrected (no one misspells them into a word).
const MAX_CORRECTED_LEN: usize = 24;
/// How many search hits are taken into account.
const SEARCH_HITS: usize = 40;

/// An entity the question names, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub entity: EntityId,
    /// Word positions `start..end` in [`Question::words`].
    pub start: usize,
    pub end: usize,
    pub kind: MatchKind,
}

/// Everything the question was found to say, in the data's terms.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub mentions: Vec<Mention>,
    /// Predicates the question's words point at, with a weight (higher is
    /// a closer match).
    pub predicates: HashMap<PredicateId, f32>,
    /// Stems of the words that pointed at a predicate.
    pub action_words: Vec<String>,
    /// Content words that are neither entities nor actions (stems), after
    /// correcting misspellings against the data's vocabulary.
    pub content: Vec<String>,
    /// The content words as typed (same order as `content`).
    pub content_typed: Vec<String>,
    /// Content words the data never uses anywhere (as typed).
    pub unknown: Vec<String>,
    /// The first entity named is the one acting ("whom did X designate",
    /// "did X designate ..."), not the one acted on ("who designated X").
    pub subject_first: bool,
    /// Search score per fact, normalised so the best hit is 1.0.
    pub search: HashMap<FactId, f32>,
    /// Asks about the article itself (author, publisher, licence).
    pub about_source: bool,
    /// Years the question names outside entity names ("Resolution 1267"
    /// names no year).
    pub years: Vec<i32>,
}

impl Analysis {
    pub fn entities(&self) -> Vec<EntityId> {
        let mut out: Vec<EntityId> = Vec::new();
        for m in &self.mentions {
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
        }
        out
    }
}

/// Stems that mark a question about the article itself.
const SOURCE_WORDS: &[&str] = &[
    "author",
    "wrote",
    "written",
    "writer",
    "write",
    "publish",
    "published",
    "publisher",
    "republish",
    "republished",
    "licence",
    "license",
    "licensed",
    "headline",
    "journalist",
];

pub fn analyse(ds: &Dataset, q: &Question) -> Analysis {
    let mut mentions = find_mentions(ds, q);
    // "What does the article say about X": a document named as the
    // speaker frames the question; it is not what is asked about.
    let mut speaker_frame: Vec<usize> = Vec::new();
    mentions.retain(|m| {
        let frame = ds.entity(m.entity).kind == EntityKind::Document
            && q.words.get(m.end).is_some_and(|w| is_saying(w));
        if frame {
            speaker_frame.push(m.end);
        }
        !frame
    });
    let covered: HashSet<usize> = mentions.iter().flat_map(|m| m.start..m.end).collect();
    let vocabulary = Vocabulary::build(ds);

    // Each free word, corrected for typos where the data knows a close word.
    let mut free: Vec<(usize, String)> = Vec::new();
    for (i, w) in q.words.iter().enumerate() {
        if covered.contains(&i) {
            continue;
        }
        free.push((i, vocabulary.correct(w)));
    }

    // "does the article say": the article saying is not an action asked about.
    let reported_speech = |i: usize| {
        i > 0
            && matches!(
                q.words[i].as_str(),
                "say" | "says" | "said" | "mention" | "mentions" | "tell"
            )
            && matches!(
                q.words[i - 1].as_str(),
                "article" | "text" | "it" | "source" | "author" | "report" | "piece"
            )
    };

    let about_source = free.iter().any(|(_, w)| SOURCE_WORDS.contains(&w.as_str()))
        || (free.iter().any(|(_, w)| w == "source")
            && q.words.iter().any(|w| w == "article" || w == "source"));

    let predicate_vocab = predicate_vocabulary(ds);
    let mut predicates: HashMap<PredicateId, f32> = HashMap::new();
    let mut action_words = Vec::new();
    let mut action_positions = Vec::new();
    let mut content = Vec::new();
    let mut content_typed = Vec::new();
    let mut unknown = Vec::new();
    for (i, word) in &free {
        let s = stem(word);
        let w = word.as_str();
        // A predicate's own words win over built-in synonyms: "list" is
        // the designation's word even though "delist" widens to it.
        let mut is_action = false;
        if !reported_speech(*i) && !lexicon::is_generic(w) && !speaker_frame.contains(i) {
            let own: Vec<PredicateId> = predicate_vocab
                .iter()
                .filter(|(_, own, _)| own.contains(&s))
                .map(|(p, _, _)| *p)
                .collect();
            let matched: Vec<(PredicateId, f32)> = if own.is_empty() {
                predicate_vocab
                    .iter()
                    .filter(|(_, _, widened)| widened.contains(&s))
                    .map(|(p, _, _)| (*p, 1.0))
                    .collect()
            } else {
                own.into_iter().map(|p| (p, 2.0)).collect()
            };
            for (p, weight) in matched {
                is_action = true;
                *predicates.entry(p).or_insert(0.0) += weight;
            }
        }
        if is_action {
            action_words.push(s);
            action_positions.push(*i);
            continue;
        }
        if lexicon::is_stop_word(w)
            || lexicon::is_generic(w)
            || w.chars().all(|c| c.is_ascii_digit())
            || w.chars().count() < 2
        {
            continue;
        }
        if !vocabulary.knows(w) {
            unknown.push(q.words[*i].clone());
        }
        content.push(s);
        content_typed.push(q.words[*i].clone());
    }

    let hits = search(ds, &q.text, SEARCH_HITS);
    let best = hits.iter().map(|h| h.score).fold(0.0_f32, f32::max);
    let search = hits
        .iter()
        .filter(|_| best > 0.0)
        .map(|h| (h.fact, h.score / best))
        .collect();

    let subject_first = subject_first(q, &mentions, &action_positions);
    let years = free
        .iter()
        .filter_map(|(_, w)| w.parse::<i32>().ok().filter(|y| q.years.contains(y)))
        .collect();
    Analysis {
        years,
        mentions,
        predicates,
        action_words,
        content,
        content_typed,
        unknown,
        subject_first,
        search,
        about_source,
    }
}

fn is_saying(word: &str) -> bool {
    matches!(
        word,
        "say" | "says" | "said" | "mention" | "mentions" | "tell" | "tells" | "report" | "reports"
    )
}

/// Finds entity names in the words: longest runs first, exact matches
/// always, prefix and typo matches only for longer, contentful runs.
fn find_mentions(ds: &Dataset, q: &Question) -> Vec<Mention> {
    let words = &q.words;
    let mut found: Vec<Mention> = Vec::new();
    let taken = |found: &[Mention], start: usize, end: usize| {
        found.iter().any(|m| start < m.end && m.start < end)
    };
    for n in (1..=MAX_NGRAM.min(words.len())).rev() {
        for start in 0..=words.len() - n {
            let end = start + n;
            if taken(&found, start, end) {
                continue;
            }
            let run = &words[start..end];
            let (first, last) = (&run[0], &run[n - 1]);
            // Runs may hold stop words inside ("Bank of England") but not
            // at their edges, and never consist of question words alone.
            let article_first = matches!(first.as_str(), "the" | "this");
            if n > 1
                && ((lexicon::is_stop_word(first) && !article_first) || lexicon::is_stop_word(last))
            {
                continue;
            }
            let phrase = run.join(" ");
            let letters = phrase.chars().filter(|c| c.is_alphanumeric()).count();
            let contentful = run
                .iter()
                .any(|w| !lexicon::is_stop_word(w) && !lexicon::is_generic(w));
            if letters < 2 {
                continue;
            }
            let Some(best) = resolve(ds, &phrase, 3).into_iter().next() else {
                continue;
            };
            let accept = match best.kind {
                _ if article_first && n > 1 => best.kind == MatchKind::Exact,
                MatchKind::Exact => {
                    // A lone stop word that happens to be an alias ("US"
                    // folds to "us") counts only when typed in capitals;
                    // we cannot see case here, so skip those.
                    !(n == 1 && lexicon::is_stop_word(first) && !q.acronyms.contains(first))
                }
                MatchKind::Prefix => {
                    contentful && letters >= 5 && prefix_covers(ds, best.entity, &phrase)
                }
                MatchKind::Fuzzy => {
                    contentful && letters >= 5 && close_spelling(&phrase, &best.matched)
                }
            };
            if accept
                && !found.iter().any(|m| {
                    m.entity == best.entity
                        && m.kind == MatchKind::Exact
                        && best.kind != MatchKind::Exact
                })
            {
                found.push(Mention {
                    entity: best.entity,
                    start,
                    end,
                    kind: best.kind,
                });
            }
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// Whether a typed prefix covers enough of some name of the entity to be
/// taken for it ("Collective Security" for the CSTO's full name, not
/// "Russia" for "Russian Supreme Court").
fn prefix_covers(ds: &Dataset, entity: EntityId, phrase: &str) -> bool {
    let e = ds.entity(entity);
    std::iter::once(&e.name)
        .chain(e.aliases.iter())
        .map(|n| fold(n))
        .any(|n| {
            n.starts_with(phrase)
                && (n.len() == phrase.len() || n.as_bytes().get(phrase.len()) == Some(&b' '))
                && phrase.len() * 5 >= n.len() * 3
        })
}

/// Each predicate's own stems (words, label, inverse, id) and those
/// widened by the built-in synonyms.
fn predicate_vocabulary(ds: &Dataset) -> Vec<(PredicateId, Vec<String>, Vec<String>)> {
    ds.predicates
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut own: Vec<String> = Vec::new();
            let sources = p
                .words
                .iter()
                .map(|w| &**w)
                .chain(std::iter::once(&*p.label))
                .chain(p.inverse.as_deref())
                .chain(std::iter::once(&*p.id));
            for text in sources {
                for w in fold(text).split(' ') {
                    if w.is_empty()
                        || lexicon::is_stop_word(w) && !matches!(w, "off" | "say" | "said")
                    {
                        continue;
                    }
                    let s = stem(w);
                    if !own.contains(&s) {
                        own.push(s);
                    }
                }
            }
            let widened = lexicon::expand(&own);
            (PredicateId(i as u32), own, widened)
        })
        .collect()
}

/// Every word the data uses (articles, names, facts, predicates) and the
/// built-in lexicon: what a question's words are checked and corrected
/// against.
struct Vocabulary {
    words: HashSet<String>,
    /// Words of 3 letters or more by length (folded words are ASCII), each
    /// list sorted: typo candidates, in a stable order.
    by_len: BTreeMap<usize, Vec<String>>,
}

impl Vocabulary {
    fn build(ds: &Dataset) -> Vocabulary {
        let mut words: HashSet<String> = HashSet::new();
        let mut add = |text: &str| {
            for w in fold(text).split(' ') {
                if !w.is_empty() {
                    words.insert(w.to_string());
                }
            }
        };
        for s in &ds.sources {
            add(&s.text);
            add(&s.headline);
            add(&s.publisher);
            for g in &s.glossary {
                add(&g.meaning);
            }
        }
        for e in &ds.entities {
            add(&e.name);
            e.aliases.iter().for_each(|a| add(a));
            e.note.as_deref().map(&mut add);
        }
        for p in &ds.predicates {
            add(&p.label);
            p.words.iter().for_each(|w| add(w));
            p.inverse.as_deref().map(&mut add);
        }
        for f in &ds.facts {
            f.object_text.as_deref().map(&mut add);
            f.reason.as_deref().map(&mut add);
            f.note.as_deref().map(&mut add);
            if let Some(a) = &f.as_what {
                add(&a.article);
                a.meaning.as_deref().map(&mut add);
            }
        }
        for list in [
            lexicon::STOP_WORDS,
            lexicon::GENERIC_WORDS,
            lexicon::QUESTION_WORDS,
        ] {
            words.extend(list.iter().map(|w| w.to_string()));
        }
        for group in lexicon::SYNONYMS {
            words.extend(group.iter().map(|w| w.to_string()));
        }
        let mut by_len: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for w in words.iter().filter(|w| w.len() >= 3) {
            by_len.entry(w.len()).or_default().push(w.clone());
        }
        by_len.values_mut().for_each(|v| v.sort());
        Vocabulary { words, by_len }
    }

    /// Whether the data uses `word` or another form of it. Forms share
    /// their first three letters, so only those words are stemmed.
    fn knows(&self, word: &str) -> bool {
        if self.words.contains(word) {
            return true;
        }
        let s = stem(word);
        let prefix = word.get(..3).unwrap_or(word);
        self.words
            .iter()
            .any(|w| w.starts_with(prefix) && stem(w) == s)
    }

    /// The word itself if known, else the closest known word within a
    /// small edit distance (1 for 4–6 letters, 2 for longer), else itself.
    fn correct(&self, word: &str) -> String {
        let len = word.len();
        if !(4..=MAX_CORRECTED_LEN).contains(&len)
            || word.chars().any(|c| c.is_ascii_digit())
            || self.knows(word)
        {
            return word.to_string();
        }
        let max = if len >= 7 { 2 } else { 1 };
        let mut best: Option<(usize, &String)> = None;
        let candidates = self
            .by_len
            .range(len - max..=len + max)
            .flat_map(|(_, v)| v);
        for candidate in candidates {
            let d = strsim::damerau_levenshtein(word, candidate);
            if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, candidate));
            }
        }
        best.map_or_else(|| word.to_string(), |(_, w)| w.clone())
    }
}

/// How well one fact agrees with the question.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub fact: FactId,
    /// The fact's predicate weight (0 when the question names no action
    /// or another one).
    pub predicate: f32,
    /// Mentioned entities the fact involves (as subject, object, place,
    /// via, or by name in its words).
    pub entities_found: usize,
    pub entities_asked: usize,
    /// Share of the content words found in the fact's words.
    pub coverage: f32,
    /// Years asked that the fact's date matches; `None` when no year was asked.
    pub year_ok: Option<bool>,
    pub score: f32,
}

impl Agreement {
    /// The fact answers the question: every named entity and year agrees,
    /// the asked action (if any) is the fact's, and any content words
    /// beyond those are in the fact.
    pub fn supports(&self, a: &Analysis) -> bool {
        let entities_ok = self.entities_found == self.entities_asked;
        let action_ok = a.predicates.is_empty() || self.predicate > 0.0;
        let year_ok = self.year_ok != Some(false);
        let content_ok = if a.predicates.is_empty() {
            // With no action named, the content words are what is asked.
            a.content.is_empty() || self.coverage >= 0.99
        } else {
            true
        };
        let something_named = self.entities_asked > 0
            || !a.predicates.is_empty()
            || self.year_ok.is_some()
            || self.coverage >= 0.99;
        entities_ok && action_ok && year_ok && content_ok && something_named && a.unknown.is_empty()
    }
}

/// Scores every fact against the question, best first.
pub fn rank(ds: &Dataset, q: &Question, a: &Analysis) -> Vec<Agreement> {
    let entities = a.entities();
    let max_pred = a.predicates.values().copied().fold(0.0_f32, f32::max);
    let mut out: Vec<Agreement> = ds
        .facts
        .iter()
        .enumerate()
        .filter_map(|(i, fact)| {
            let id = FactId(i as u32);
            let predicate = a.predicates.get(&fact.predicate).copied().unwrap_or(0.0);
            let roles = roles(fact);
            let in_roles = entities.iter().filter(|e| roles.contains(e)).count();
            let search = a.search.get(&id).copied().unwrap_or(0.0);
            // Cheap rejection before reading the fact's words.
            if in_roles == 0 && predicate == 0.0 && search == 0.0 && a.years.is_empty() {
                return None;
            }
            let text = fact_words(ds, fact, !a.content.is_empty());
            let entities_found = entities
                .iter()
                .filter(|e| roles.contains(e) || names_in(ds, **e, &text))
                .count();
            let coverage = if a.content.is_empty() {
                0.0
            } else {
                a.content.iter().filter(|s| text.stems.contains(*s)).count() as f32
                    / a.content.len() as f32
            };
            let year_ok = (!a.years.is_empty()).then(|| {
                fact.date
                    .as_ref()
                    .is_some_and(|d| a.years.iter().any(|&y| date_covers_year(ds, &d.value, y)))
            });
            let mut score = 0.0;
            if max_pred > 0.0 {
                score += 3.0 * predicate / max_pred;
            }
            score += 2.0 * in_roles as f32 + 1.0 * (entities_found - in_roles) as f32;
            score += 1.5 * coverage + 0.75 * search;
            if year_ok == Some(true) {
                score += 1.5;
            }
            if q.wants_date && fact.date.is_some() {
                score += if q.kind == Kind::When { 1.5 } else { 0.5 };
            }
            if q.wants_reason && fact.reason.is_some() {
                score += 0.75;
            }
            score += role_bonus(a, fact);
            Some(Agreement {
                fact: id,
                predicate,
                entities_found,
                entities_asked: entities.len(),
                coverage,
                year_ok,
                score,
            })
        })
        .collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.fact.cmp(&y.fact)));
    out
}

/// Whether the question's shape agrees with the entity's role in the
/// fact: "who designated X" wants X as object, "whom did X designate"
/// wants X as subject.
fn role_bonus(a: &Analysis, fact: &Fact) -> f32 {
    let Some(first) = a.mentions.first() else {
        return 0.0;
    };
    let agrees = if a.subject_first {
        fact.subject == first.entity
    } else {
        fact.objects.contains(&first.entity)
    };
    if agrees { 0.5 } else { 0.0 }
}

/// "who/whom did|does|has X ..." puts X before the verb: X acts. "Who
/// designated X" puts X after it: X is acted on.
fn subject_first(q: &Question, mentions: &[Mention], action_positions: &[usize]) -> bool {
    let Some(first) = mentions.first() else {
        return true;
    };
    if q.kind == Kind::Whom {
        return true;
    }
    let aux_before = first.start > 0
        && matches!(
            q.words[first.start - 1].as_str(),
            "did"
                | "does"
                | "do"
                | "has"
                | "have"
                | "had"
                | "is"
                | "was"
                | "are"
                | "were"
                | "will"
                | "would"
                | "can"
        );
    let action_before = action_positions.iter().any(|&p| p < first.start);
    aux_before || !action_before
}

fn roles(fact: &Fact) -> Vec<EntityId> {
    let mut out = vec![fact.subject];
    out.extend(fact.objects.iter().copied());
    out.extend(fact.place);
    out.extend(fact.via);
    out
}

/// A fact's words, folded and stemmed, for matching content words.
pub struct FactWords {
    /// " word word ... " with spaces at both ends.
    pub folded: String,
    pub stems: HashSet<String>,
}

/// `with_stems`: also stem every word (only needed for content words).
pub fn fact_words(ds: &Dataset, fact: &Fact, with_stems: bool) -> FactWords {
    let mut parts: Vec<String> = fact.quotes.iter().map(|q| q.text.to_string()).collect();
    parts.extend(fact.object_text.as_deref().map(str::to_string));
    parts.extend(fact.reason.as_deref().map(str::to_string));
    // Not the note: it is the editors' comment, not what the article states.
    if let Some(a) = &fact.as_what {
        parts.push(a.article.to_string());
        parts.extend(a.meaning.as_deref().map(str::to_string));
    }
    if let Some(d) = &fact.date {
        parts.push(d.words.to_string());
    }
    let p = ds.predicate(fact.predicate);
    parts.push(p.label.to_string());
    // Names only: an alias ("President Putin") is not something the
    // fact says.
    for e in roles(fact) {
        parts.push(ds.entity(e).name.to_string());
    }
    let folded = format!(" {} ", fold(&parts.join(" ")));
    let stems = if with_stems {
        folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(stem)
            .collect()
    } else {
        HashSet::new()
    };
    FactWords { folded, stems }
}

/// Whether a name or alias of the entity appears among the fact's words,
/// also as the start of a longer word ("Russia" in "Russian").
fn names_in(ds: &Dataset, entity: EntityId, text: &FactWords) -> bool {
    let e = ds.entity(entity);
    std::iter::once(&e.name).chain(e.aliases.iter()).any(|n| {
        let n = fold(n);
        !n.is_empty()
            && (text.folded.contains(&format!(" {n} "))
                || (n.len() >= 5
                    && text.folded.contains(&format!(" {n}"))
                    && text.folded.match_indices(&format!(" {n}")).any(|(i, _)| {
                        let rest = &text.folded[i + 1 + n.len()..];
                        rest.find(' ').is_some_and(|k| k <= 2)
                    })))
    })
}
