//! The platform-neutral answer every command produces: a title, a body,
//! fields, the citations behind it, and whether only the asker sees it.
//!
//! The Discord adapter turns a [`Reply`] into an embed and the console into
//! plain text; neither adds or drops content. Limits mirror Discord's so a
//! reply that fits here fits there, whatever the data holds.

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
}

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// The evidence behind part of a reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub fact_id: String,
    /// The article's exact words.
    pub quote: String,
    /// The source's headline and publisher, e.g. `Putin wants to get closer
    /// to the Taliban (Asia Times)`.
    pub source: String,
}

/// A command's answer, ready to be shown anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub kind: ReplyKind,
    pub title: String,
    pub body: String,
    pub fields: Vec<Field>,
    pub citations: Vec<Citation>,
    pub footer: Option<String>,
    /// Only the asker sees it (Discord: ephemeral).
    pub ephemeral: bool,
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
            footer: None,
            ephemeral: false,
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
