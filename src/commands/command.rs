//! The typed command a person asked for: which command, and its arguments
//! already read and checked against its definition. What every front end
//! hands the command layer, and what [`super::registry::execute`] answers.

/// A parsed command with typed arguments, as a person asked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `/ask question:<text>`
    Ask { question: String },
    /// `/designations [designator:<entity>] [target:<entity>]`
    Designations {
        designator: Option<String>,
        target: Option<String>,
    },
    /// `/timeline [entity:<entity>] [from:<year>] [to:<year>]`
    Timeline {
        entity: Option<String>,
        from: Option<i32>,
        to: Option<i32>,
    },
    /// `/entity name:<entity>`
    Entity { name: String },
    /// `/source fact:<fact id>`
    Source { fact: String },
    /// `/about`
    About,
    /// `/reload` (moderators only; carried out by the dataset's owner)
    Reload,
}
