//! The bot token, held in a type that never prints it.
//!
//! A Discord bot token is a password: whoever has it *is* the bot. It comes
//! from the `DISCORD_TOKEN` environment variable or from a file named in the
//! config, and from then on lives only inside [`Token`], whose `Debug` and
//! `Display` print `[redacted]`. Only [`Token::expose`] gives the text, and
//! the one caller is the code that hands it to serenity. Errors about a token
//! say where it came from and what is wrong with it, never what it is.

use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

/// The environment variable the token is read from.
pub const TOKEN_ENV: &str = "DISCORD_TOKEN";

/// A Discord bot token. Prints as `[redacted]`; the memory is wiped on drop.
#[derive(Clone)]
pub struct Token(SecretString);

/// Why no usable token was found. Never contains the token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(
        "no Discord bot token: set the {TOKEN_ENV} environment variable, or `token_file` under \
         [discord] in the config (the Discord developer portal shows the token under Bot → Reset Token)"
    )]
    Missing,
    #[error("cannot read the token file {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the token from {origin} is not a bot token: {what}")]
    Malformed { origin: String, what: &'static str },
}

impl Token {
    /// Wraps `text` (trimmed) after checking it looks like a token; `origin`
    /// names where it came from for the error message.
    pub fn new(text: &str, origin: &str) -> Result<Token, TokenError> {
        let text = text.trim();
        let text = text.strip_prefix("Bot ").unwrap_or(text).trim();
        let malformed = |what| TokenError::Malformed {
            origin: origin.to_string(),
            what,
        };
        if text.is_empty() {
            return Err(malformed("it is empty"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(malformed("it contains spaces or control characters"));
        }
        if !text.is_ascii() {
            return Err(malformed("it contains non-ASCII characters"));
        }
        Ok(Token(SecretString::new(text.to_string())))
    }

    /// The token from `DISCORD_TOKEN` when it is set (and not empty), else
    /// from `token_file`. `env_value` is the variable's value, passed in so
    /// callers and tests decide where the environment comes from.
    pub fn resolve(
        env_value: Option<&str>,
        token_file: Option<&Path>,
    ) -> Result<Token, TokenError> {
        if let Some(value) = env_value.filter(|v| !v.trim().is_empty()) {
            return Token::new(value, TOKEN_ENV);
        }
        if let Some(path) = token_file {
            let text = std::fs::read_to_string(path).map_err(|source| TokenError::File {
                path: path.to_path_buf(),
                source,
            })?;
            return Token::new(&text, &format!("the token file {}", path.display()));
        }
        Err(TokenError::Missing)
    }

    /// The token's text, for handing to the Discord client. Never log it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB";

    #[test]
    fn debug_and_display_never_show_the_token() {
        let token = Token::new(SAMPLE, "test").unwrap();
        assert_eq!(format!("{token}"), "[redacted]");
        assert_eq!(format!("{token:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&token)), "Some([redacted])");
        assert_eq!(token.expose(), SAMPLE);
    }

    #[test]
    fn a_bot_prefix_and_surrounding_whitespace_are_dropped() {
        let token = Token::new(&format!("  Bot {SAMPLE}\n"), "test").unwrap();
        assert_eq!(token.expose(), SAMPLE);
    }

    #[test]
    fn malformed_tokens_are_refused_without_echoing_them() {
        for bad in ["", "   ", "abc def", "tøken"] {
            let err = Token::new(bad, "DISCORD_TOKEN").unwrap_err().to_string();
            assert!(
                err.starts_with("the token from DISCORD_TOKEN is not a bot token"),
                "{err}"
            );
            if !bad.trim().is_empty() {
                assert!(!err.contains(bad.trim()), "{err}");
            }
        }
    }

    #[test]
    fn the_environment_wins_over_the_file_and_an_empty_variable_is_unset() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "from-file\n").unwrap();
        let t = Token::resolve(Some("from-env"), Some(&file)).unwrap();
        assert_eq!(t.expose(), "from-env");
        let t = Token::resolve(Some(" "), Some(&file)).unwrap();
        assert_eq!(t.expose(), "from-file");
        assert!(matches!(
            Token::resolve(None, None),
            Err(TokenError::Missing)
        ));
        let missing = dir.path().join("nope");
        let err = Token::resolve(None, Some(&missing)).unwrap_err();
        assert!(
            err.to_string().contains("cannot read the token file"),
            "{err}"
        );
    }
}
