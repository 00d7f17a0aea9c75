//! The one typo rule: how many edits a word of a given length may be off
//! by and still be taken for a known word, used by name resolution, the
//! search index, `/ask` and every "did you mean" hint.

/// Edits allowed when matching a folded word of `len` bytes: none for
/// short words (too many near neighbours), one up to 7, two up to 20, one
/// again up to 40 (bounds the deletion neighbourhood of the indexes),
/// none beyond.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=20 => 2,
        21..=40 => 1,
        _ => 0,
    }
}

/// Edit distance (optimal string alignment: insertions, deletions,
/// substitutions, adjacent transpositions) between folded words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Whether `typed` is within the allowed edits of `known` (by the shorter
/// of the two).
pub fn is_typo_of(typed: &str, known: &str) -> bool {
    let len = typed.chars().count().min(known.chars().count());
    let allowed = max_edits(len);
    typed.len().abs_diff(known.len()) <= allowed && edit_distance(typed, known) <= allowed
}

/// The candidate `word` is a typo of (nearest first, then the first
/// given), or else the one candidate it is the start of: what the user
/// meant, if anything is close enough. An exact match is no suggestion.
/// A hint is only offered, never acted on, so a short word (`frm`) may be
/// one edit off where a match would take none.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut best: Option<(&str, usize)> = None;
    let mut started: Option<&str> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let d = edit_distance(word, candidate);
        if is_typo_of(word, candidate) || (d == 1 && word.len() >= 2) {
            if best.is_none_or(|(_, b)| d < b) {
                best = Some((candidate, d));
            }
        } else if started.is_none() && !word.is_empty() && candidate.starts_with(word) {
            started = Some(candidate);
        }
    }
    best.map(|(c, _)| c).or(started)
}

/// `did you mean "taliban"?`, when a candidate is close enough.
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean \"{c}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_edits_scale_with_length() {
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(5), 1);
        assert_eq!(max_edits(12), 2);
        assert!(is_typo_of("talibn", "taliban"));
        assert!(is_typo_of("kazahkstan", "kazakhstan"));
        assert!(!is_typo_of("us", "un"), "short words take no typo");
        assert!(!is_typo_of("cst", "csto"));
        assert!(!is_typo_of("designation", "recognition"));
    }

    #[test]
    fn suggests_the_nearest_known_word() {
        let ids = ["taliban", "russia", "putin", "un-security-council"];
        assert_eq!(closest("talliban", ids), Some("taliban"));
        assert_eq!(closest("rusia", ids), Some("russia"));
        assert_eq!(
            closest("un-security-counsil", ids),
            Some("un-security-council")
        );
        assert_eq!(closest("zebra", ids), None);
        assert_eq!(
            closest("taliban", ids),
            None,
            "an exact match is no suggestion"
        );
        assert_eq!(closest("pu", ids), Some("putin"), "a start of one name");
        assert_eq!(
            did_you_mean("qoutes", ["quotes", "id"]).as_deref(),
            Some("did you mean \"quotes\"?")
        );
    }
}
