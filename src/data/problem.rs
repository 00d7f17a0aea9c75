//! Problems found while loading a dataset, each located and with a hint:
//! `data/facts.toml:42:13: fact "ru-court-2003": unknown entity "talliban"
//! (did you mean "taliban"?)`.

use std::fmt;

/// One thing wrong with the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file as shown to the user, e.g. `data/facts.toml`.
    pub file: String,
    /// 1-based line and column, where known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// What it concerns, e.g. `fact "ru-court-2003"`.
    pub about: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, e.g. `did you mean "taliban"?`.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(about) = &self.about {
            write!(f, "{about}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Every problem found in one load, in file and line order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "the dataset has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}
