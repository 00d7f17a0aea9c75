//! The platform-neutral answer every command produces: a title, a body,
//! fields, the citations behind it, and whether only the asker sees it.
//!
//! Each front end renders a [`Reply`] its own way and neither adds nor drops
//! content: the Discord transports as an embed within Discord's limits
//! (`discord::fit`), the console as plain text (or JSON, for scripts).

use serde::{Serialize, Serializer};

/// What sort of answer a reply is (drives colour and logging, not content).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyKind {
    /// The data answers the question.
    Answer,
    /// Nothing in the data matches; a normal, private reply.
    NotFound,
    /// Something typed could not be resolved ("did you mean ...?").
    Unresolved,
    /// The asker may not do this (e.g. `/reload` without rights).
    Refused,
    /// Something went wrong that the asker cannot fix (e.g. a reload failed).
    Failed,
}

/// Serialised as its [`ReplyKind::as_str`] word (`"not_found"`), the word
/// logs and metrics use.
impl Serialize for ReplyKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl ReplyKind {
    /// A short word for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyKind::Answer => "answer",
            ReplyKind::NotFound => "not_found",
            ReplyKind::Unresolved => "unresolved",
            ReplyKind::Refused => "refused",
            ReplyKind::Failed => "failed",
        }
    }
}

/// A named block of a reply (an embed field on Discord).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// The evidence behind part of a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub fact_id: String,
    /// The article's exact words.
    pub quote: String,
    /// The source's headline and publisher, e.g. `Putin wants to get closer
    /// to the Taliban (Asia Times)`.
    pub source: String,
}

/// How a button looks: the main action, a neutral one, or one that
/// discards something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Danger,
}

/// A button under a reply (a Discord message component): pressing it sends
/// `id` back, which the service that made the reply reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Button {
    /// What comes back when it is pressed (at most 100 characters).
    pub id: String,
    pub label: String,
    pub style: ButtonStyle,
}

/// A command's answer, ready to be shown anywhere.
///
/// Serialised (for `factbot ask --json`) with its fields in this order,
/// `kind` as its [`ReplyKind::as_str`] word and `footer` as `null` when
/// there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub kind: ReplyKind,
    pub title: String,
    pub body: String,
    pub fields: Vec<Field>,
    pub citations: Vec<Citation>,
    /// Ids of facts offered as related, not as the answer (e.g. by `/ask`
    /// when the article doesn't say): for scripts and tests, which can
    /// tell them apart from citations. Not shown; the fields that list
    /// them are.
    pub suggestions: Vec<String>,
    pub footer: Option<String>,
    /// Only the asker sees it (Discord: ephemeral).
    pub ephemeral: bool,
    /// Buttons under the reply, in order (none for most replies; then
    /// left out of the JSON).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
}

impl Reply {
    /// A public answer with a title and body.
    pub fn answer(title: impl Into<String>, body: impl Into<String>) -> Reply {
        Reply {
            kind: ReplyKind::Answer,
            title: title.into(),
            body: body.into(),
            fields: Vec::new(),
            citations: Vec::new(),
            suggestions: Vec::new(),
            footer: None,
            ephemeral: false,
            buttons: Vec::new(),
        }
    }

    /// A private reply of the given kind.
    pub fn private(kind: ReplyKind, title: impl Into<String>, body: impl Into<String>) -> Reply {
        Reply {
            kind,
            ephemeral: true,
            ..Reply::answer(title, body)
        }
    }
}

/// Characters that render as nothing but can reorder or hide text.
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Text from data made safe for a terminal: control characters (escape
/// sequences included) are dropped, tabs become spaces.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_invisible_format(c) => None,
            c => Some(c),
        })
        .collect()
}
