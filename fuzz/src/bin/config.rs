//! Fuzz target `config`: the input as a `factbot.toml`.
//!
//! Properties: `Config::parse` never panics; a refused config lists at
//! least one problem, each with a message and located inside the text.

use factbot::config::{Config, ConfigError};
use factbot_fuzz::located;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match Config::parse(text, "fuzz") {
            Ok(_) => {}
            Err(ConfigError::Invalid(invalid)) => {
                assert_eq!(invalid.origin, "fuzz", "the problems name another file");
                assert!(!invalid.problems.is_empty(), "refused with no problem");
                let lines = located::line_lengths(data);
                for p in &invalid.problems {
                    assert!(
                        !p.message.trim().is_empty(),
                        "a problem with no message: {p:?}"
                    );
                    match p.line {
                        Some(line) => assert!(
                            located::within(&lines, line, p.column),
                            "a problem outside the text ({} lines): {p:?}",
                            lines.len()
                        ),
                        None => assert!(p.column.is_none(), "a column without a line: {p:?}"),
                    }
                }
            }
            Err(ConfigError::Read { .. }) => panic!("parsing text read a file"),
        }
    });
}
