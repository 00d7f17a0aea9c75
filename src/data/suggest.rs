//! "Did you mean ...?" hints: the known name closest to a misspelt one.

use strsim::{jaro_winkler, levenshtein};

/// The candidate closest to `word`, if any is close enough to be what the
/// user meant: a few edits away, or sharing a long beginning.
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let len = word.chars().count();
    let max_edits = (len / 3).max(2);
    let mut best: Option<(&str, usize)> = None;
    let mut best_jw: Option<(&str, f64)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let clen = candidate.chars().count();
        if clen.abs_diff(len) <= max_edits {
            let d = levenshtein(word, candidate);
            if d <= max_edits && best.is_none_or(|(_, b)| d < b) {
                best = Some((candidate, d));
            }
        }
        if best.is_none() {
            let s = jaro_winkler(word, candidate);
            if s >= 0.88 && best_jw.is_none_or(|(_, b)| s > b) {
                best_jw = Some((candidate, s));
            }
        }
    }
    best.map(|(c, _)| c).or(best_jw.map(|(c, _)| c))
}

/// `did you mean "taliban"?`, when a candidate is close enough.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean \"{c}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn phrases_the_hint() {
        assert_eq!(
            did_you_mean("qoutes", ["quotes", "id"]).as_deref(),
            Some("did you mean \"quotes\"?")
        );
    }
}
