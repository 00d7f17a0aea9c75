//! "Every problem points inside the file it names": a refusal lists at
//! least one problem, and each located one has a 1-based line and column
//! that exist in that file (the column may be one past the line's end,
//! where something is missing).

use factbot::data::Problems;

/// The length in characters of each line of `bytes` (split at `\n`; bytes
/// that are not UTF-8 count one character each, as a replacement).
pub fn line_lengths(bytes: &[u8]) -> Vec<usize> {
    bytes
        .split(|&b| b == b'\n')
        .map(|line| String::from_utf8_lossy(line).chars().count())
        .collect()
}

/// Whether a 1-based (line, column) exists in a text with these line
/// lengths: line ≤ lines + 1, column ≤ that line's length + 1.
pub fn within(lines: &[usize], line: u32, column: Option<u32>) -> bool {
    let line = line as usize;
    if line == 0 || line > lines.len() + 1 {
        return false;
    }
    let length = lines.get(line - 1).copied().unwrap_or(0);
    match column {
        None => true,
        Some(column) => column >= 1 && column as usize <= length + 1,
    }
}

/// Checks a refusal of a dataset in which `shown` (as messages show it,
/// e.g. `data/facts.toml`) holds `bytes`.
pub fn check_problems(problems: &Problems, shown: &str, bytes: &[u8]) {
    assert!(
        !problems.0.is_empty(),
        "a dataset was refused with no problem listed"
    );
    let lines = line_lengths(bytes);
    for p in &problems.0 {
        assert!(
            !p.message.trim().is_empty(),
            "a problem has no message: {p:?}"
        );
        if p.file != shown {
            continue;
        }
        match p.line {
            Some(line) => assert!(
                within(&lines, line, p.column),
                "problem located outside {shown} ({} lines): {p}",
                lines.len()
            ),
            None => assert!(p.column.is_none(), "a column without a line: {p:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_one_based_and_allow_one_past_the_end() {
        let lines = line_lengths(b"ab\n\nxyz");
        assert_eq!(lines, [2, 0, 3]);
        assert!(within(&lines, 1, Some(3)));
        assert!(!within(&lines, 1, Some(4)));
        assert!(within(&lines, 2, Some(1)));
        assert!(within(&lines, 4, Some(1)));
        assert!(!within(&lines, 4, Some(2)));
        assert!(!within(&lines, 5, None));
        assert!(!within(&lines, 0, None));
        assert!(!within(&lines, 1, Some(0)));
    }
}
