//! Synonym groups: the words people use for one action. A predicate
//! whose own words share a stem with a group is also found by the rest of
//! that group ("banned" finds a predicate whose words say "designate").
//! The data's own predicate `words` come first; these only widen them.

use std::sync::OnceLock;

use super::stem::stem;

/// Synonym groups (see the module docs).
pub const SYNONYMS: &[&[&str]] = &[
    &[
        "designate",
        "designated",
        "designation",
        "list",
        "listed",
        "listing",
        "label",
        "labelled",
        "labeled",
        "brand",
        "branded",
        "blacklist",
        "blacklisted",
        "outlaw",
        "outlawed",
        "ban",
        "banned",
        "classify",
        "classified",
        "deem",
        "deemed",
        "terrorist",
        "criminal",
        "identified",
        "identify",
    ],
    &[
        "sanction",
        "sanctioned",
        "sanctions",
        "embargo",
        "penalise",
        "penalize",
        "punish",
        "enforce",
        "enforced",
    ],
    &[
        "remove",
        "removed",
        "removal",
        "removing",
        "delist",
        "delisted",
        "unlist",
        "lift",
        "lifted",
        "drop",
        "dropped",
        "unban",
        "reconsider",
        "reconsidering",
        "reverse",
        "off",
    ],
    &[
        "consider",
        "considering",
        "considered",
        "review",
        "weigh",
        "mull",
        "contemplate",
        "think",
        "prepare",
        "preparing",
        "ready",
        "plan",
        "planning",
    ],
    &[
        "recognise",
        "recognised",
        "recognize",
        "recognized",
        "recognition",
        "acknowledge",
        "legitimise",
        "legitimize",
    ],
    &[
        "member",
        "members",
        "membership",
        "belong",
        "belongs",
        "join",
        "joined",
        "include",
        "includes",
        "included",
        "comprise",
        "consist",
    ],
    &[
        "form",
        "formed",
        "found",
        "founded",
        "create",
        "created",
        "establish",
        "established",
        "launch",
        "launched",
        "set",
        "start",
        "started",
        "begin",
        "began",
    ],
    &[
        "want",
        "wants",
        "wanted",
        "demand",
        "demands",
        "seek",
        "seeks",
        "aim",
        "aims",
        "goal",
        "goals",
        "hope",
        "desire",
        "wish",
        "need",
        "needs",
        "interest",
        "interests",
    ],
    &[
        "say",
        "said",
        "says",
        "state",
        "stated",
        "claim",
        "claimed",
        "assert",
        "asserted",
        "remark",
        "quote",
        "quoted",
        "speech",
        "statement",
        "declare",
        "declared",
    ],
    &["invite", "invited", "invitation", "host", "hosted"],
    &[
        "adopt", "adopted", "pass", "passed", "approve", "approved", "vote", "voted",
    ],
    &[
        "ratify",
        "ratified",
        "sign",
        "signed",
        "decree",
        "order",
        "implement",
        "implemented",
        "enact",
        "enacted",
    ],
    &[
        "accuse",
        "accused",
        "guilty",
        "convict",
        "convicted",
        "charge",
        "charged",
        "blame",
        "blamed",
    ],
    &[
        "link",
        "links",
        "linked",
        "tie",
        "ties",
        "connect",
        "connected",
        "associate",
        "associated",
    ],
    &[
        "attack", "attacked", "bomb", "bombed", "strike", "struck", "assault",
    ],
    &[
        "engage",
        "engaged",
        "talk",
        "talks",
        "discuss",
        "discussion",
        "discussions",
        "negotiate",
        "negotiation",
        "dialogue",
        "contact",
        "touch",
    ],
    &[
        "ally",
        "allies",
        "alliance",
        "partner",
        "partnership",
        "cooperate",
        "collaborate",
        "collaboration",
        "rapprochement",
        "closer",
    ],
    &[
        "fight", "fought", "war", "conflict", "battle", "invade", "invasion",
    ],
    &["profit", "benefit", "gain", "advantage"],
    &[
        "control",
        "rule",
        "ruled",
        "govern",
        "seize",
        "seized",
        "takeover",
        "power",
        "grab",
        "grabbed",
        "capture",
        "conquer",
        "conquered",
    ],
    // The outcome of an attempt, either way: the fact's polarity says
    // which ("did the US succeed" is answered by "the US failed").
    &[
        "fail",
        "failed",
        "failure",
        "succeed",
        "succeeded",
        "success",
        "successful",
    ],
    &[
        "violate",
        "violated",
        "violation",
        "violations",
        "abuse",
        "abuses",
    ],
    &[
        "shelter",
        "refuge",
        "harbour",
        "harbor",
        "sanctuary",
        "haven",
    ],
    &["write", "wrote", "written", "author", "authored", "writer"],
    &[
        "promote", "promoted", "pitch", "pitched", "push", "pushed", "tout", "touted", "peddle",
    ],
];

/// The stems of each synonym group, computed once.
fn group_stems() -> &'static [Vec<String>] {
    static STEMS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    STEMS.get_or_init(|| {
        SYNONYMS
            .iter()
            .map(|group| {
                let mut stems: Vec<String> = group.iter().map(|w| stem(w).into_owned()).collect();
                stems.sort();
                stems.dedup();
                stems
            })
            .collect()
    })
}

/// Whether a folded word is written in a synonym group ("ready"), not
/// only sharing a stem with one ("compred" stems as "comprise" does).
pub fn is_synonym_word(word: &str) -> bool {
    SYNONYMS.iter().any(|g| g.contains(&word))
}

/// The stems of every synonym group that shares a stem with `stems`,
/// after `stems` themselves.
pub fn expand(stems: &[String]) -> Vec<String> {
    let mut out: Vec<String> = stems.to_vec();
    for group in group_stems() {
        if group.iter().any(|s| stems.contains(s)) {
            for s in group {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_widen_only_matching_groups() {
        let expanded = expand(&[stem("designated").into_owned()]);
        assert!(expanded.contains(&stem("banned").into_owned()));
        assert!(expanded.contains(&stem("branded").into_owned()));
        assert!(!expanded.contains(&stem("invited").into_owned()));
    }
}
