//! `/source fact`: the article's exact words behind a fact, where they
//! sit in the article (paragraph and surrounding sentence), the article's
//! attribution, and the paraphrase note and glossary entries that explain
//! the quote's wording.

use crate::data::search::complete_fact;
use crate::data::text::fold;
use crate::data::{Dataset, Fact, GlossaryEntry, Quote, Source};
use crate::reply::{Field, Reply, ReplyKind};

use super::command::Command;
use super::describe::{self, citations, join_or};
use super::options::{CompletionKind, OptionSpec, OptionType, ParseError};
use super::spec::MAX_NAME_CHARS;
use super::spec::{Args, Audience, CommandSpec};

/// `/source`'s definition.
pub const SPEC: CommandSpec = CommandSpec {
    name: "source",
    description: "The article's exact words behind a fact, and its attribution",
    options: &[OptionSpec {
        name: "fact",
        description: "Fact id (as shown under answers)",
        kind: OptionType::String,
        required: true,
        autocomplete: Some(CompletionKind::Fact),
        min: Some(1),
        max: Some(MAX_NAME_CHARS),
    }],
    audience: Audience::Everyone,
    build,
};

fn build(args: &Args) -> Result<Command, ParseError> {
    Ok(Command::Source {
        fact: args.required_text("fact")?,
    })
}

/// A quote's place in its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based paragraph (blocks of text between blank lines).
    pub paragraph: usize,
    pub paragraphs: usize,
    /// The sentence or sentences the quote sits in, in full.
    pub context: String,
}

pub fn run(ds: &Dataset, typed: &str) -> Reply {
    let typed = typed.trim();
    let Some(id) = ds.fact_by_id(typed) else {
        if typed.chars().count() > MAX_NAME_CHARS as usize {
            return Reply::private(
                ReplyKind::Unresolved,
                "Which fact?",
                format!("Fact ids are at most {MAX_NAME_CHARS} characters long."),
            );
        }
        let suggestions: Vec<&str> = complete_fact(ds, typed, 5)
            .into_iter()
            .map(|s| s.value)
            .collect();
        let body = if suggestions.is_empty() {
            format!(
                "No fact has the id “{typed}”. Fact ids are shown under answers (e.g. after /ask)."
            )
        } else {
            format!(
                "No fact has the id “{typed}”. Did you mean {}?",
                join_or(&suggestions)
            )
        };
        return Reply::private(ReplyKind::Unresolved, "Which fact?", body);
    };
    let fact = ds.fact(id);
    let source = ds.source(fact.source);
    let mut reply = Reply::answer(
        format!("Source of {}", fact.id),
        describe::sentence(ds, fact),
    );
    let count = fact.quotes.len();
    for (i, quote) in fact.quotes.iter().enumerate() {
        let name = match locate(&source.text, quote) {
            Some(loc) => {
                let place = format!("paragraph {} of {}", loc.paragraph, loc.paragraphs);
                let name = if count == 1 {
                    format!("Quote · {place}")
                } else {
                    format!("Quote {} · {place}", i + 1)
                };
                let value = if fold(&loc.context) == fold(&quote.text) {
                    "The quote is the whole sentence.".to_string()
                } else {
                    format!("In context: “{}”", loc.context)
                };
                reply.fields.push(Field {
                    name,
                    value,
                    inline: false,
                });
                continue;
            }
            None => "Quote".to_string(),
        };
        reply.fields.push(Field {
            name,
            value: "Its place in the article could not be found.".to_string(),
            inline: false,
        });
    }
    reply.fields.push(Field {
        name: "Article".to_string(),
        value: attribution(source),
        inline: false,
    });
    if let Some(note) = &source.note {
        reply.fields.push(Field {
            name: "Note on the text".to_string(),
            value: note.trim().to_string(),
            inline: false,
        });
    }
    let glossary = glossary_for(source, fact);
    if !glossary.is_empty() {
        reply.fields.push(Field {
            name: "Wording explained".to_string(),
            value: glossary
                .iter()
                .map(|g| format!("“{}” = {}", g.article, g.meaning))
                .collect::<Vec<_>>()
                .join("\n"),
            inline: false,
        });
    }
    reply.citations = citations(ds, fact, fact.quotes.len());
    reply
}

/// Headline, publisher, author, affiliation, republished-from, licence
/// and URL, one per line.
pub fn attribution(source: &Source) -> String {
    let mut lines = vec![format!("{} — {}", source.headline, source.publisher)];
    match (&source.author, &source.author_affiliation) {
        (Some(a), Some(f)) => lines.push(format!("By {a} ({f})")),
        (Some(a), None) => lines.push(format!("By {a}")),
        (None, Some(f)) => lines.push(format!("Author's affiliation: {f}")),
        (None, None) => {}
    }
    if let Some(r) = &source.republished_from {
        lines.push(format!("Republished from {r}"));
    }
    if let Some(l) = &source.licence {
        lines.push(format!("Licence: {l}"));
    }
    if let Some(u) = &source.url {
        lines.push(u.to_string());
    }
    lines.join("\n")
}

/// Glossary entries whose wording occurs in the fact's quotes or as-what.
pub fn glossary_for<'a>(source: &'a Source, fact: &Fact) -> Vec<&'a GlossaryEntry> {
    let mut text: String = fact
        .quotes
        .iter()
        .map(|q| fold(&q.text))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(a) = &fact.as_what {
        text.push(' ');
        text.push_str(&fold(&a.article));
    }
    let text = format!(" {text} ");
    source
        .glossary
        .iter()
        .filter(|g| {
            let words = fold(&g.article);
            !words.is_empty() && text.contains(&format!(" {words} "))
        })
        .collect()
}

/// Where `quote` sits in `text`: its paragraph and the sentences around
/// it. Uses the quote's recorded offset when it is right, else searches.
pub fn locate(text: &str, quote: &Quote) -> Option<Location> {
    let offset = quote.offset as usize;
    let start = if text.is_char_boundary(offset)
        && text
            .get(offset..)
            .is_some_and(|t| t.starts_with(&*quote.text))
    {
        offset
    } else {
        text.find(&*quote.text)?
    };
    let end = start + quote.text.len();

    // Paragraphs: runs of non-blank lines.
    let mut paragraphs = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, para_start) {
            (false, None) => para_start = Some(pos),
            (true, Some(s)) => {
                paragraphs.push((s, pos));
                para_start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = para_start {
        paragraphs.push((s, text.len()));
    }
    let index = paragraphs
        .iter()
        .position(|&(s, e)| start >= s && start < e)?;
    let (p_start, p_end) = paragraphs[index];

    // Sentences inside the paragraph: end after . ? ! (and closing quotes)
    // followed by whitespace.
    let para = &text[p_start..p_end];
    let mut bounds = vec![0];
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!' | ':') {
            let mut j = i + c.len_utf8();
            while let Some(&(k, next)) = chars.peek() {
                if matches!(next, '”' | '"' | '’' | '\'' | ')') {
                    chars.next();
                    j = k + next.len_utf8();
                } else {
                    break;
                }
            }
            if chars.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
                bounds.push(j);
            }
        }
    }
    bounds.push(para.len());
    let (q_start, q_end) = (start - p_start, (end - p_start).min(para.len()));
    let s_start = bounds
        .iter()
        .rev()
        .find(|&&b| b <= q_start)
        .copied()
        .unwrap_or(0);
    let s_end = bounds
        .iter()
        .find(|&&b| b >= q_end)
        .copied()
        .unwrap_or(para.len());
    let context = para[s_start..s_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(Location {
        paragraph: index + 1,
        paragraphs: paragraphs.len(),
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(text: &str, offset: u32) -> Quote {
        Quote {
            text: text.into(),
            offset,
        }
    }

    #[test]
    fn finds_paragraph_and_sentence() {
        let text =
            "Title line\n\nFirst one. Second has the words here. Third.\n\nLast paragraph.\n";
        let q = "the words";
        let offset = text.find(q).unwrap() as u32;
        assert_eq!(
            locate(text, &quote(q, offset)),
            Some(Location {
                paragraph: 2,
                paragraphs: 3,
                context: "Second has the words here.".into()
            })
        );
        // A wrong offset falls back to searching.
        assert_eq!(
            locate(text, &quote("Last paragraph.", 3))
                .unwrap()
                .paragraph,
            3
        );
        // An offset inside a multi-byte character does not panic.
        assert!(locate("é é", &quote("é", 1)).is_some());
        assert_eq!(locate(text, &quote("absent", 0)), None);
    }

    #[test]
    fn a_quote_across_sentences_gets_them_all() {
        let text = "A b. C d. E f.";
        let loc = locate(text, &quote("b. C", 2)).unwrap();
        assert_eq!(loc.context, "A b. C d.");
    }
}
