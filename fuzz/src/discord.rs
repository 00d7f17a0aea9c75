//! What Discord must receive, checked on fitted replies and on the JSON of
//! interaction responses: every text within Discord's limits
//! (`factbot::discord::fit::limits`, counted by `discord_len`), no field
//! Discord would refuse as empty, and no live mention — the inverse of
//! `fit::neutralise`: every `@` is followed by a zero-width space, and
//! every `<` is escaped by an odd run of backslashes, so neither
//! `@everyone`, `@here` nor `<@id>`, `<@&id>`, `<#id>` can ping or link.
//! Also: every citation quotes its article verbatim.

use factbot::data::Dataset;
use factbot::discord::fit::{discord_len, limits};
use factbot::reply::Reply;
use serde_json::Value;

/// The zero-width space `neutralise` puts after every `@`.
const ZWSP: char = '\u{200B}';

/// Why `text` could ping or link anyone, or `None` if it cannot.
pub fn live_mention(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '@' if chars.get(i + 1) != Some(&ZWSP) => {
                return Some("an `@` without a zero-width space after it could ping");
            }
            '<' => {
                let escapes = chars[..i].iter().rev().take_while(|&&b| b == '\\').count();
                if escapes % 2 == 0 {
                    return Some("an unescaped `<` could be a mention or a link");
                }
            }
            _ => {}
        }
    }
    None
}

/// Panics if `text` (part `what` of a message) could ping or link anyone.
pub fn check_no_live_mention(text: &str, what: &str) {
    if let Some(why) = live_mention(text) {
        panic!("{what}: {why}: {text:?}");
    }
}

fn check_len(text: &str, max: usize, what: &str) {
    let len = discord_len(text);
    assert!(
        len <= max,
        "{what} is {len} characters, over Discord's {max}: {text:?}"
    );
}

/// Panics unless `reply`, fitted by `Reply::fit`, is within Discord's
/// limits and mentions no one.
pub fn check_fitted(reply: &Reply) {
    check_len(&reply.title, limits::TITLE, "the title");
    check_len(&reply.body, limits::DESCRIPTION, "the body");
    check_no_live_mention(&reply.title, "the title");
    check_no_live_mention(&reply.body, "the body");
    let fields = reply.embed_fields();
    assert!(
        fields.len() <= limits::FIELDS,
        "{} embed fields, over Discord's {}",
        fields.len(),
        limits::FIELDS
    );
    for f in &fields {
        check_len(&f.name, limits::FIELD_NAME, "a field's name");
        check_len(&f.value, limits::FIELD_VALUE, "a field's value");
        assert!(!f.name.trim().is_empty(), "an empty field name: {f:?}");
        assert!(!f.value.trim().is_empty(), "an empty field value: {f:?}");
        check_no_live_mention(&f.name, "a field's name");
        check_no_live_mention(&f.value, "a field's value");
    }
    if let Some(footer) = &reply.footer {
        check_len(footer, limits::FOOTER, "the footer");
        check_no_live_mention(footer, "the footer");
    }
    let total = reply.embed_len();
    assert!(
        total <= limits::EMBED_TOTAL,
        "the embed is {total} characters in all, over Discord's {}",
        limits::EMBED_TOTAL
    );
    assert!(reply.buttons.len() <= limits::BUTTONS, "too many buttons");
    for b in &reply.buttons {
        check_len(&b.label, limits::BUTTON_LABEL, "a button's label");
        check_len(&b.id, limits::CUSTOM_ID, "a button's id");
    }
}

/// Panics unless every citation of `reply` (before fitting) quotes the
/// article of its fact verbatim and names that article.
pub fn check_citations(ds: &Dataset, reply: &Reply) {
    for c in &reply.citations {
        let Some(fact) = ds.fact_by_id(&c.fact_id) else {
            panic!("a citation of a fact that does not exist: {c:?}");
        };
        let source = ds.source(ds.fact(fact).source);
        assert!(
            source.text.contains(c.quote.as_str()),
            "a citation's quote is not in its article {}: {c:?}",
            source.id
        );
        let label = format!("{} ({})", source.headline, source.publisher);
        assert_eq!(c.source, label, "a citation names another article: {c:?}");
    }
}

fn str_at<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn check_json_text(value: &Value, key: &str, max: usize, what: &str) {
    if let Some(text) = str_at(value, key) {
        check_len(text, max, what);
        check_no_live_mention(text, what);
    }
}

/// Panics unless an interaction response, as JSON, is one Discord accepts
/// and that pings nobody: a message (type 4 or 7) has `allowed_mentions`
/// allowing nothing and embeds, content and buttons within the limits;
/// autocomplete (type 8) has at most 25 choices of 1–100 characters.
pub fn check_response(json: &Value) {
    let kind = json.get("type").and_then(Value::as_u64);
    let data = json.get("data").unwrap_or(&Value::Null);
    match kind {
        Some(1) | Some(5) | Some(6) => {}
        Some(4) | Some(7) => check_message(data),
        Some(8) => {
            let choices = data
                .get("choices")
                .and_then(Value::as_array)
                .unwrap_or_else(|| panic!("autocomplete without choices: {json}"));
            assert!(
                choices.len() <= limits::AUTOCOMPLETE_CHOICES,
                "too many choices"
            );
            for choice in choices {
                let name = str_at(choice, "name").unwrap_or_default();
                assert!(
                    (1..=limits::CHOICE_NAME).contains(&discord_len(name)),
                    "a choice's name is empty or too long: {choice}"
                );
                let value = match choice.get("value") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                assert!(
                    (1..=limits::CHOICE_VALUE).contains(&discord_len(&value)),
                    "a choice's value is empty or too long: {choice}"
                );
            }
        }
        _ => panic!("an interaction response of an unknown type: {json}"),
    }
}

fn check_message(data: &Value) {
    let mentions = data
        .get("allowed_mentions")
        .unwrap_or_else(|| panic!("a message without allowed_mentions: {data}"));
    assert_eq!(
        mentions.get("parse"),
        Some(&Value::Array(Vec::new())),
        "allowed_mentions.parse must be []: {data}"
    );
    for key in ["users", "roles"] {
        if let Some(list) = mentions.get(key) {
            assert_eq!(list, &Value::Array(Vec::new()), "{key} allowed: {data}");
        }
    }
    check_json_text(data, "content", limits::MESSAGE_CONTENT, "the content");
    let embeds = data.get("embeds").and_then(Value::as_array);
    for embed in embeds.into_iter().flatten() {
        check_embed(embed);
    }
    let rows = data.get("components").and_then(Value::as_array);
    for row in rows.into_iter().flatten() {
        let buttons = row.get("components").and_then(Value::as_array);
        let buttons = buttons.map_or(&[][..], Vec::as_slice);
        assert!(buttons.len() <= limits::BUTTONS, "too many buttons: {row}");
        for b in buttons {
            if let Some(label) = str_at(b, "label") {
                check_len(label, limits::BUTTON_LABEL, "a button's label");
            }
            if let Some(id) = str_at(b, "custom_id") {
                check_len(id, limits::CUSTOM_ID, "a button's id");
            }
        }
    }
}

fn check_embed(embed: &Value) {
    let mut total = 0;
    let mut count = |value: &Value, key: &str, max: usize, what: &str| {
        check_json_text(value, key, max, what);
        total += str_at(value, key).map_or(0, discord_len);
    };
    count(embed, "title", limits::TITLE, "the title");
    count(embed, "description", limits::DESCRIPTION, "the description");
    if let Some(footer) = embed.get("footer") {
        count(footer, "text", limits::FOOTER, "the footer");
    }
    let fields = embed.get("fields").and_then(Value::as_array);
    let fields = fields.map_or(&[][..], Vec::as_slice);
    assert!(fields.len() <= limits::FIELDS, "too many fields: {embed}");
    for f in fields {
        count(f, "name", limits::FIELD_NAME, "a field's name");
        count(f, "value", limits::FIELD_VALUE, "a field's value");
        for key in ["name", "value"] {
            let text = str_at(f, key).unwrap_or_default();
            assert!(!text.trim().is_empty(), "a field with an empty {key}: {f}");
        }
    }
    assert!(
        total <= limits::EMBED_TOTAL,
        "an embed of {total} characters, over Discord's {}",
        limits::EMBED_TOTAL
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use factbot::discord::fit::neutralise;

    #[test]
    fn neutralised_text_passes_and_raw_mentions_do_not() {
        for text in ["@everyone", "<@123>", "\\<@&1>", "a @here b", "<#9>"] {
            assert_eq!(live_mention(&neutralise(text)), None, "{text:?}");
            assert!(live_mention(text).is_some(), "{text:?} should be refused");
        }
        assert!(
            live_mention("\\\\<@\u{200B}1>").is_some(),
            "an escaped backslash"
        );
    }
}
