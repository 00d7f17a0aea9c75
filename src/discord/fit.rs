//! Fitting a [`Reply`] into what Discord accepts, whatever the data holds:
//! Discord's limits ([`limits`]), counted as Discord counts
//! ([`discord_len`]), with markdown and mentions from data or users made
//! inert ([`neutralise`]), cuts marked, and what does not fit dropped and
//! counted. Both Discord transports fit every reply once, at the edge
//! ([`crate::discord::convert`]).

use crate::reply::{Button, Citation, Field, Reply, is_invisible_format, terminal_safe};

/// Discord's limits, applied to every reply by [`Reply::fit`].
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    /// All embed text together (title, description, field names and values, footer).
    pub const EMBED_TOTAL: usize = 6000;
    pub const MESSAGE_CONTENT: usize = 2000;
    pub const AUTOCOMPLETE_CHOICES: usize = 25;
    pub const CHOICE_NAME: usize = 100;
    pub const CHOICE_VALUE: usize = 100;
    /// Buttons in one action row.
    pub const BUTTONS: usize = 5;
    pub const BUTTON_LABEL: usize = 80;
    pub const CUSTOM_ID: usize = 100;
}

/// How many characters Discord counts in `text`.
///
/// Counted in UTF-16 code units: never fewer than Unicode scalar values, so
/// a text that fits by this count fits whichever way Discord counts.
pub fn discord_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The marker left where text was cut.
pub const CUT_MARKER: &str = "…";

/// `text` cut to at most `max` characters (by [`discord_len`]) on a char
/// boundary, ending with [`CUT_MARKER`] when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if discord_len(text) <= max {
        return text.to_string();
    }
    let marker = discord_len(CUT_MARKER);
    if max < marker {
        return String::new();
    }
    let budget = max - marker;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    // Prefer to cut after a word than in the middle of one, when that
    // loses little.
    let kept = &text[..end];
    let kept = match kept.rfind(char::is_whitespace) {
        Some(space) if kept.len() - space < 24 && space > 0 => &kept[..space],
        _ => kept,
    };
    let mut out = kept.trim_end().to_string();
    // A cut inside a neutralised mention (`@` then a zero-width space)
    // drops the `@`.
    while out.ends_with('@') {
        out.pop();
    }
    // A dangling escape would escape the marker itself.
    let trailing = out.chars().rev().take_while(|&c| c == '\\').count();
    if trailing % 2 == 1 {
        out.pop();
    }
    out.push_str(CUT_MARKER);
    out
}

/// Text from data or user input made inert on Discord: markdown is escaped
/// so it shows literally, mentions (`@everyone`, `@here`, `<@id>`, `<#id>`,
/// `<@&id>`) cannot ping or link, and control characters are dropped.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                at_line_start = true;
                continue;
            }
            '\t' => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => continue,
            '\\' | '*' | '_' | '~' | '`' | '|' | '<' | '>' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                // A zero-width space after `@` breaks every mention form.
                out.push('@');
                out.push('\u{200B}');
            }
            '#' | '-' | '+' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if at_line_start => {
                // "1. " at a line start would become a numbered list.
                out.push(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() {
                        out.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if chars.peek() == Some(&'.') {
                    chars.next();
                    out.push_str("\\.");
                }
            }
            c => out.push(c),
        }
        if !(at_line_start && c.is_whitespace()) {
            at_line_start = false;
        }
    }
    out
}

impl Citation {
    /// The citation as an embed field's name on Discord.
    pub fn field_name(&self) -> String {
        format!("Evidence · {}", self.fact_id)
    }

    /// The citation as an embed field's value on Discord.
    pub fn field_value(&self) -> String {
        format!("“{}” — {}", self.quote, self.source)
    }
}

impl Reply {
    /// The embed fields as Discord shows them: the reply's fields, then one
    /// field per citation ([`Citation::field_name`], [`Citation::field_value`]).
    ///
    /// After [`Reply::fit`], these are ≤ 25, each within Discord's limits.
    pub fn embed_fields(&self) -> Vec<Field> {
        let mut out = self.fields.clone();
        out.extend(self.citations.iter().map(|c| Field {
            name: c.field_name(),
            value: c.field_value(),
            inline: false,
        }));
        out
    }

    /// Every character of the embed Discord counts towards its 6000 limit.
    pub fn embed_len(&self) -> usize {
        discord_len(&self.title)
            + discord_len(&self.body)
            + self
                .embed_fields()
                .iter()
                .map(|f| discord_len(&f.name) + discord_len(&f.value))
                .sum::<usize>()
            + self.footer.as_deref().map_or(0, discord_len)
    }

    /// Makes the reply ready for Discord, whatever the data holds: text is
    /// [`neutralise`]d, then cut to Discord's limits ([`limits`]) with a
    /// visible [`CUT_MARKER`]; fields and citations that do not fit are
    /// dropped and counted in the footer.
    ///
    /// Call it once, at the edge that talks to Discord: neutralising twice
    /// would escape the escapes.
    pub fn fit(self) -> Reply {
        let Reply {
            kind,
            title,
            body,
            fields,
            citations,
            suggestions,
            footer,
            ephemeral,
            buttons,
        } = self;

        let non_empty = |s: String| {
            if s.trim().is_empty() {
                "\u{200B}".to_string()
            } else {
                s
            }
        };
        let mut fields: Vec<Field> = fields
            .into_iter()
            .map(|f| Field {
                name: non_empty(truncate(&neutralise(&f.name), limits::FIELD_NAME)),
                value: non_empty(truncate(&neutralise(&f.value), limits::FIELD_VALUE)),
                inline: f.inline,
            })
            .collect();
        let mut citations: Vec<Citation> =
            citations.into_iter().map(|c| fit_citation(&c)).collect();

        // At most 25 embed fields, citations included: keep a fair share of
        // both.
        let mut dropped_fields = 0;
        let mut dropped_citations = 0;
        while fields.len() + citations.len() > limits::FIELDS {
            if citations.len() > fields.len().min(limits::FIELDS / 2) || fields.is_empty() {
                citations.pop();
                dropped_citations += 1;
            } else {
                fields.pop();
                dropped_fields += 1;
            }
        }

        let footer_text = footer.map(|f| neutralise(&f));
        let mut reply = Reply {
            kind,
            title: truncate(&neutralise(&title), limits::TITLE),
            body: truncate(&neutralise(&body), limits::DESCRIPTION),
            fields,
            citations,
            // Ids: nothing Discord shows.
            suggestions,
            footer: None,
            ephemeral,
            // An id too long for Discord would make it refuse the whole
            // message: such a button is dropped rather than cut.
            buttons: buttons
                .into_iter()
                .filter(|b| discord_len(&b.id) <= limits::CUSTOM_ID)
                .take(limits::BUTTONS)
                .map(|b| Button {
                    label: truncate(&b.label, limits::BUTTON_LABEL),
                    ..b
                })
                .collect(),
        };
        let fit_footer = |reply: &mut Reply, dropped_fields: usize, dropped_citations: usize| {
            let note = dropped_note(dropped_fields, dropped_citations);
            let text = match (&footer_text, note) {
                (Some(f), Some(n)) => Some(format!("{n} · {f}")),
                (Some(f), None) => Some(f.clone()),
                (None, Some(n)) => Some(n),
                (None, None) => None,
            };
            reply.footer = text.map(|t| truncate(&t, limits::FOOTER));
        };
        fit_footer(&mut reply, dropped_fields, dropped_citations);

        // At most 6000 characters in all: drop extras before cutting text.
        while reply.embed_len() > limits::EMBED_TOTAL {
            let over = reply.embed_len() - limits::EMBED_TOTAL;
            if reply.fields.len() > 1 {
                reply.fields.pop();
                dropped_fields += 1;
            } else if reply.citations.len() > 1 {
                reply.citations.pop();
                dropped_citations += 1;
            } else if discord_len(&reply.body) > 200 {
                let keep = discord_len(&reply.body).saturating_sub(over).max(200);
                reply.body = truncate(&reply.body, keep);
            } else if let Some(f) = reply
                .fields
                .first_mut()
                .filter(|f| discord_len(&f.value) > 100)
            {
                let keep = discord_len(&f.value).saturating_sub(over).max(100);
                f.value = truncate(&f.value, keep);
            } else if !reply.citations.is_empty() {
                reply.citations.pop();
                dropped_citations += 1;
            } else if !reply.fields.is_empty() {
                reply.fields.pop();
                dropped_fields += 1;
            } else if reply
                .footer
                .as_deref()
                .is_some_and(|f| discord_len(f) > 200)
            {
                let f = reply.footer.take().unwrap_or_default();
                let keep = discord_len(&f).saturating_sub(over).max(200);
                reply.footer = Some(truncate(&f, keep));
                continue;
            } else {
                // Title ≤ 256, body ≤ 200, footer ≤ 200: cannot exceed 6000.
                let keep = discord_len(&reply.body).saturating_sub(over);
                reply.body = truncate(&reply.body, keep);
                continue;
            }
            fit_footer(&mut reply, dropped_fields, dropped_citations);
        }
        reply
    }
}

fn fit_citation(c: &Citation) -> Citation {
    let fact_id = truncate(&neutralise(&c.fact_id), limits::FIELD_NAME - 16);
    let source = truncate(&neutralise(&c.source), 300);
    // The value is “quote” — source: leave the quote what remains.
    let frame = discord_len("“” — ") + discord_len(&source);
    let quote = truncate(
        &neutralise(&c.quote),
        limits::FIELD_VALUE.saturating_sub(frame),
    );
    Citation {
        fact_id,
        quote,
        source,
    }
}

fn dropped_note(fields: usize, citations: usize) -> Option<String> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} more {}", if n == 1 { one } else { many });
    match (fields, citations) {
        (0, 0) => None,
        (f, 0) => Some(format!("{} not shown", plural(f, "entry", "entries"))),
        (0, c) => Some(format!("{} not shown", plural(c, "quote", "quotes"))),
        (f, c) => Some(format!(
            "{} and {} not shown",
            plural(f, "entry", "entries"),
            plural(c, "quote", "quotes")
        )),
    }
}

/// Autocomplete choices within Discord's limits: at most 25, names and
/// values 1–100 characters (empty ones dropped), duplicates of a value
/// dropped. Names are shown as plain text by Discord, so they are not
/// escaped.
pub fn fit_choices(choices: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in choices {
        let name = truncate(
            &terminal_safe(&name).replace('\n', " "),
            limits::CHOICE_NAME,
        );
        if name.trim().is_empty() || value.is_empty() || discord_len(&value) > limits::CHOICE_VALUE
        {
            // A cut value would no longer name anything: skip it.
            continue;
        }
        if out.iter().any(|(_, v)| *v == value) {
            continue;
        }
        out.push((name, value));
        if out.len() == limits::AUTOCOMPLETE_CHOICES {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::ReplyKind;

    #[test]
    fn truncate_cuts_on_char_boundaries_with_a_marker() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 0), "");
        // Astral characters count two UTF-16 units and are never split.
        let emoji = "😀😀😀";
        let cut = truncate(emoji, 5);
        assert_eq!(cut, "😀😀…");
        assert!(discord_len(&cut) <= 5);
        // A cut prefers a word boundary close by.
        assert_eq!(truncate("designated the Taliban", 18), "designated the…");
        // Never leaves a dangling escape or a half-neutralised mention.
        assert_eq!(truncate("ab\\*cd", 4), "ab…");
        assert_eq!(truncate("x @\u{200B}everyone", 4), "x…");
    }

    #[test]
    fn neutralise_makes_markdown_and_mentions_inert() {
        assert_eq!(neutralise("**bold** _x_"), "\\*\\*bold\\*\\* \\_x\\_");
        assert_eq!(neutralise("@everyone"), "@\u{200B}everyone");
        assert_eq!(neutralise("<@123>"), "\\<@\u{200B}123\\>");
        assert_eq!(
            neutralise("# Title\n- item\n1. one\n> q"),
            "\\# Title\n\\- item\n1\\. one\n\\> q"
        );
        assert_eq!(neutralise("1979-1989 #1"), "1979-1989 #1");
        assert_eq!(neutralise("a\u{1b}[31mb\u{202E}c"), "a\\[31mbc");
        assert_eq!(neutralise("[link](x)"), "\\[link\\](x)");
    }

    #[test]
    fn fit_keeps_a_small_reply_as_it_is_but_escaped() {
        let mut reply = Reply::answer("Title", "Body with *stars*");
        reply.citations.push(Citation {
            fact_id: "f1".into(),
            quote: "a quote".into(),
            source: "Headline (Publisher)".into(),
        });
        let fitted = reply.clone().fit();
        assert_eq!(fitted.body, "Body with \\*stars\\*");
        assert_eq!(fitted.citations, reply.citations);
        assert_eq!(fitted.footer, None);
        let fields = fitted.embed_fields();
        assert_eq!(fields[0].name, "Evidence · f1");
        assert_eq!(fields[0].value, "“a quote” — Headline (Publisher)");
    }

    #[test]
    fn fit_drops_what_does_not_fit_and_says_so() {
        let mut reply = Reply::answer("T", "b".repeat(5000));
        for i in 0..30 {
            reply.fields.push(Field {
                name: format!("field {i}"),
                value: "v".repeat(2000),
                inline: false,
            });
        }
        reply.footer = Some("footer".into());
        let fitted = reply.fit();
        assert!(discord_len(&fitted.body) <= limits::DESCRIPTION);
        assert!(fitted.body.ends_with(CUT_MARKER));
        assert!(fitted.embed_len() <= limits::EMBED_TOTAL);
        assert!(
            fitted
                .fields
                .iter()
                .all(|f| discord_len(&f.value) <= limits::FIELD_VALUE)
        );
        let footer = fitted.footer.unwrap();
        assert!(footer.contains("more entries not shown"), "{footer}");
        assert!(footer.ends_with("footer"), "{footer}");
    }

    #[test]
    fn serialises_with_the_kind_as_its_word_and_suggestions_apart() {
        let mut reply = Reply::private(ReplyKind::NotFound, "T", "B");
        reply.fields.push(Field {
            name: "Related, not an answer".into(),
            value: "• f1".into(),
            inline: false,
        });
        reply.suggestions.push("f1".into());
        assert_eq!(
            serde_json::to_value(&reply).unwrap(),
            serde_json::json!({
                "kind": "not_found",
                "title": "T",
                "body": "B",
                "fields": [{"name": "Related, not an answer", "value": "• f1", "inline": false}],
                "citations": [],
                "suggestions": ["f1"],
                "footer": null,
                "ephemeral": true,
            })
        );
        // Fitting for Discord keeps them.
        assert_eq!(reply.fit().suggestions, ["f1"]);
    }

    #[test]
    fn choices_are_capped_and_deduplicated() {
        let many: Vec<(String, String)> = (0..40)
            .map(|i| (format!("{}{i}", "n".repeat(120)), format!("v{}", i % 30)))
            .chain([
                ("empty".into(), String::new()),
                ("long".into(), "x".repeat(101)),
            ])
            .collect();
        let fitted = fit_choices(many);
        assert_eq!(fitted.len(), limits::AUTOCOMPLETE_CHOICES);
        assert!(
            fitted
                .iter()
                .all(|(n, v)| n.chars().count() <= 100 && !v.is_empty())
        );
    }
}
