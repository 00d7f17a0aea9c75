//! Folding text for matching: diacritics removed (via `deunicode`), lower
//! case, everything but letters and digits turned to spaces, runs of spaces
//! collapsed, apostrophes dropped. "Kyrgyzstan", "KYRGYZSTAN." and
//! "Kyrgyzstán" all fold to "kyrgyzstan"; "Putin's" folds to "putins".

/// Folds `text` for comparison (see the module docs).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into a buffer, which is cleared first: for indexing millions
/// of texts without an allocation each. ASCII text (nearly all of it) skips
/// the transliteration.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        fold_ascii(text.as_bytes(), out);
    } else {
        fold_ascii(deunicode::deunicode(text).as_bytes(), out);
    }
}

fn fold_ascii(ascii: &[u8], out: &mut String) {
    let mut pending_space = false;
    for &b in ascii {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else if b == b'\'' {
            // "Putin's" and "Putins" are the same word to a person typing.
        } else {
            pending_space = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        for (input, expected) in [
            ("Kyrgyzstan", "kyrgyzstan"),
            ("KYRGYZSTAN.", "kyrgyzstan"),
            ("Kyrgyzstán", "kyrgyzstan"),
            ("Putin’s", "putins"),
            ("Putin's", "putins"),
            ("  U.N.  Security-Council ", "u n security council"),
            ("", ""),
            ("¡!", ""),
        ] {
            assert_eq!(fold(input), expected, "fold({input:?})");
        }
    }
}
