//! Folding text for matching: diacritics removed (via `deunicode`), lower
//! case, everything but letters and digits turned to spaces, runs of spaces
//! collapsed, apostrophes dropped. "Kyrgyzstan", "KYRGYZSTAN." and
//! "Kyrgyzstán" all fold to "kyrgyzstan"; "Putin's" folds to "putins".

/// Folds `text` for comparison (see the module docs).
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // "Putin's" and "Putins" are the same word to a person typing.
        } else {
            pending_space = true;
        }
    }
    out
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
