//! The records of the history: a [`Change`] to record and an [`Entry`]
//! read back. Plain data, no database.

use std::fmt;

use crate::data::DataFiles;
use crate::service::store::Diff;

/// Who or what changed the served dataset, as stored (`trigger` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerLabel {
    /// The dataset a process started with.
    Start,
    /// `/reload` by a moderator (with their user id).
    Command,
    /// SIGHUP.
    Signal,
    /// A file under the data directory changed.
    FileChange,
    /// The offline console.
    Console,
    /// `factbot rollback`, or `/data rollback` (with the moderator's id).
    Rollback,
    /// `/data upload` (with the moderator's id).
    Upload,
}

impl TriggerLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerLabel::Start => "start",
            TriggerLabel::Command => "command",
            TriggerLabel::Signal => "signal",
            TriggerLabel::FileChange => "file_change",
            TriggerLabel::Console => "console",
            TriggerLabel::Rollback => "rollback",
            TriggerLabel::Upload => "upload",
        }
    }
}

impl fmt::Display for TriggerLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many facts and entities a change added, removed and changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub facts_added: u64,
    pub facts_removed: u64,
    pub facts_changed: u64,
    pub entities_added: u64,
    pub entities_removed: u64,
    pub entities_changed: u64,
}

impl From<&Diff> for Summary {
    fn from(d: &Diff) -> Summary {
        let n = |v: &Vec<String>| v.len() as u64;
        Summary {
            facts_added: n(&d.facts_added),
            facts_removed: n(&d.facts_removed),
            facts_changed: n(&d.facts_changed),
            entities_added: n(&d.entities_added),
            entities_removed: n(&d.entities_removed),
            entities_changed: n(&d.entities_changed),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "facts +{} -{} ~{}, entities +{} -{} ~{}",
            self.facts_added,
            self.facts_removed,
            self.facts_changed,
            self.entities_added,
            self.entities_removed,
            self.entities_changed
        )
    }
}

/// A change of the served dataset, to record.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    /// The new version (`Dataset::version`, 12 hex digits).
    pub version: &'a str,
    /// The version served before, if any.
    pub parent: Option<&'a str>,
    pub trigger: TriggerLabel,
    /// The Discord user who asked, for [`TriggerLabel::Command`].
    pub user: Option<u64>,
    /// When, in unix milliseconds.
    pub at_ms: i64,
    pub note: Option<&'a str>,
    pub summary: Summary,
    /// The new version's files.
    pub files: &'a DataFiles,
}

/// One recorded change, read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its position in the history: later changes have larger numbers.
    pub seq: i64,
    pub version: String,
    pub parent: Option<String>,
    /// As stored: one of [`TriggerLabel`]'s labels (or a later one's).
    pub trigger: String,
    pub user: Option<u64>,
    pub at_ms: i64,
    pub note: Option<String>,
    pub summary: Summary,
}

/// `at_ms` (unix milliseconds) as a UTC date and time,
/// `2026-12-02 01:14:22`.
pub fn utc(at_ms: i64) -> String {
    crate::commands::about::date_time(at_ms.div_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(1_700_000_000_000), "2023-11-14 22:13:20");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00:00");
        assert_eq!(utc(1_798_761_599_999), "2026-12-31 23:59:59");
    }
}
