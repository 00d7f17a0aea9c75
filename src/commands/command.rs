//! The typed command a person asked for: which command, and its arguments
//! already read and checked against its definition. What every front end
//! hands the command layer, and what [`super::registry::execute`] answers.

use super::options::Attachment;

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
    /// `/data upload file:<file> [note:<text>]` (moderators; carried out by
    /// the service)
    DataUpload {
        file: Attachment,
        note: Option<String>,
    },
    /// `/data history [page:<page>]` (moderators)
    DataHistory { page: u32 },
    /// `/data rollback version:<version> [note:<text>]` (moderators)
    DataRollback {
        version: String,
        note: Option<String>,
    },
}

impl Command {
    /// Whether the service carries the command out (it needs IO: the disk,
    /// the history, a download) rather than [`super::registry::execute`].
    pub fn is_carried_out_by_the_service(&self) -> bool {
        matches!(
            self,
            Command::Reload
                | Command::DataUpload { .. }
                | Command::DataHistory { .. }
                | Command::DataRollback { .. }
        )
    }
}
