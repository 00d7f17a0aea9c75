//! What `/ask` decided to say, shared by the stage that decides
//! ([`super::decide`], with [`super::reason`]'s one step of reasoning) and
//! the stage that writes it ([`super::compose`]). A module of its own so
//! that deciding and reasoning both use it without importing each other.

use crate::data::{EntityId, FactId};

use super::read::{Asks, Detail};
use super::score::{Evidence, Holds, YearCheck};

/// The one threshold: the share of a question's weight a fact must hold
/// to answer it. Below it, the article "doesn't say".
pub const THRESHOLD: f32 = 0.65;

/// What the reply will say.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// These facts answer (the first best).
    Answer(Vec<FactId>),
    /// Yes or no, from a fact.
    YesNo {
        verdict: Verdict,
        fact: FactId,
        /// Why the fact decides it, where that takes a sentence.
        because: Option<String>,
    },
    /// Of the things named, those on the fact's list (or, asked "not
    /// in", those not on it).
    Among {
        fact: FactId,
        chosen: Vec<EntityId>,
        not_in: bool,
        /// The fact that named the things asked about, when the question
        /// named them through it ("the countries the Taliban wanted").
        from: Option<FactId>,
    },
    /// The article gives a count: the fact's objects.
    Count { fact: FactId, count: usize },
    /// Two dated facts in order, or the years between them.
    Dates {
        earlier: FactId,
        later: FactId,
        asks: Asks,
        years: i32,
        /// The question named `later` first.
        swapped: bool,
    },
    /// Years from a dated fact to the year asked ("by 2023, how many
    /// years ...").
    Since { fact: FactId, year: i32, years: i32 },
    /// A duration, from a dated range.
    Duration { fact: FactId, years: i32 },
    /// The facts say something about what is asked, but not the detail
    /// asked for.
    Partial { missing: Detail, fact: FactId },
    /// A year asked contradicts the dated fact that otherwise answers.
    OtherYear { fact: FactId },
    /// Nothing answers; `near` is what the article does say about the
    /// thing asked, if anything comes close.
    Refuse { near: Option<FactId> },
}

/// A yes/no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Yes,
    No,
    /// A fact that says "does not necessarily".
    NotNecessarily,
    /// Under review or proposed, asked as if done.
    NotYet,
    /// The fact is about the same things, but names no action asked.
    Unclear,
}

/// Whether a fact's evidence answers the question.
pub fn supports(ev: &Evidence) -> bool {
    ev.confidence >= THRESHOLD
        && ev.action_met
        && matches!(ev.year, YearCheck::NotAsked | YearCheck::Matches)
        && ev.holds.iter().all(|h| *h != Holds::Absent)
        && (ev.holds.is_empty() || ev.holds.iter().any(|h| h.in_role()))
}
