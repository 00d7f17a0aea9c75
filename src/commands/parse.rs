//! From a typed slash line (`/timeline entity:Taliban from:1999`) to a
//! [`Command`], exactly as a Discord user types it, with clear errors and
//! "did you mean" hints. Used by the console; the values are checked and
//! built into a [`Command`] by its definition
//! ([`CommandSpec::command`]), as a Discord interaction's are.
//!
//! Rules: `/name` then `option:value` pairs. A value runs up to the next
//! `word:` that starts an option, or is `"quoted"` (with `\"` and `\\`
//! escapes). A command whose only option is free text (`/ask`) takes the
//! rest of the line. A bare value without `option:` fills the first
//! required option (`/entity CSTO`).

use super::command::Command;
use super::options::{OptionType, OptionValue, ParseError, closest};
use super::registry::{COMMANDS, find};
use super::spec::CommandSpec;

/// Parses one slash line, e.g. `/designations designator:Russia target:"the Taliban"`.
pub fn parse(line: &str) -> Result<Command, ParseError> {
    let line = line.trim();
    let rest = line.strip_prefix('/').ok_or(ParseError::NoSlash)?;
    let word_end = |s: &str| s.find(char::is_whitespace).unwrap_or(s.len());
    let mut name_end = word_end(rest);
    // A subcommand is the group's name and one more word: `/data history`.
    if find(&rest[..name_end].to_lowercase()).is_none() {
        let second = rest[name_end..].trim_start();
        let at = rest.len() - second.len();
        let candidate = format!("{} {}", &rest[..name_end], &second[..word_end(second)]);
        if !second.is_empty() && find(&candidate.to_lowercase()).is_some() {
            name_end = at + word_end(second);
        }
    }
    let name = &rest[..name_end];
    let spec = find(&name.to_lowercase()).ok_or_else(|| ParseError::UnknownCommand {
        name: name.to_string(),
        suggestion: closest(name, COMMANDS.iter().map(|c| c.name)),
        commands: COMMANDS
            .iter()
            .map(|c| format!("/{}", c.name))
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let args = rest[name_end..].trim();
    let pairs = split_options(spec, args)?;
    let mut typed = Vec::with_capacity(pairs.len());
    for (option, raw) in pairs {
        let Some(o) = spec.option(&option) else {
            return Err(ParseError::UnknownOption {
                command: spec.name.to_string(),
                suggestion: closest(&option, spec.options.iter().map(|o| o.name)),
                option,
                usage: spec.usage(),
            });
        };
        let value = match o.kind {
            OptionType::String => OptionValue::Text(raw),
            OptionType::Integer => match raw.trim().parse::<i64>() {
                Ok(n) => OptionValue::Integer(n),
                Err(_) => {
                    return Err(ParseError::BadValue {
                        command: spec.name.to_string(),
                        option,
                        problem: format!("must be a whole number like 2003, not {raw:?}"),
                    });
                }
            },
            OptionType::Attachment => {
                return Err(ParseError::BadValue {
                    command: spec.name.to_string(),
                    option,
                    problem: "takes a file attached in Discord; on the host, edit the data \
                              directory and /reload"
                        .to_string(),
                });
            }
        };
        typed.push((option, value));
    }
    spec.command(typed)
}

/// Splits `args` into (option, raw value) pairs.
fn split_options(spec: &CommandSpec, args: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    // Free text (`/ask`) takes the rest of the line, `question:` or not.
    if let [only] = spec.options
        && only.kind == OptionType::String
        && only.autocomplete.is_none()
    {
        let value = match option_start(args) {
            Some((word, after)) if word == only.name => after.trim(),
            _ => args,
        };
        let value = match quoted(spec, only.name, value) {
            Ok((inner, after)) if value.starts_with('"') && after.trim().is_empty() => inner,
            _ => value.to_string(),
        };
        return Ok(vec![(only.name.to_string(), value)]);
    }

    // A bare value fills the first required option (or the only option).
    if option_start(args).is_none() {
        let target = spec
            .options
            .iter()
            .find(|o| o.required)
            .or(if spec.options.len() == 1 {
                spec.options.first()
            } else {
                None
            });
        return match target {
            Some(o) => {
                let value = if args.starts_with('"') {
                    let (value, after) = quoted(spec, o.name, args)?;
                    if !after.trim().is_empty() {
                        return Err(stray(spec, after.trim()));
                    }
                    value
                } else {
                    args.to_string()
                };
                out.push((o.name.to_string(), value));
                Ok(out)
            }
            None => Err(stray(spec, args)),
        };
    }

    let mut rest = args;
    while !rest.is_empty() {
        let Some((option, after_colon)) = option_start(rest) else {
            return Err(stray(spec, rest));
        };
        let option = option.to_string();
        let (value, after) = if after_colon.starts_with('"') {
            quoted(spec, &option, after_colon)?
        } else {
            let end = next_option_start(after_colon).unwrap_or(after_colon.len());
            (after_colon[..end].trim().to_string(), &after_colon[end..])
        };
        out.push((option, value));
        rest = after.trim_start();
    }
    Ok(out)
}

fn stray(spec: &CommandSpec, text: &str) -> ParseError {
    ParseError::StrayText {
        command: spec.name.to_string(),
        text: text.to_string(),
        usage: spec.usage(),
    }
}

/// If `s` starts with `word:`, the word and what follows the colon.
fn option_start(s: &str) -> Option<(&str, &str)> {
    let word_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(s.len());
    if word_end == 0 || !s[word_end..].starts_with(':') {
        return None;
    }
    let word = &s[..word_end];
    if !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((word, &s[word_end + 1..]))
}

/// Byte offset of the next whitespace-preceded `word:` in `s`.
fn next_option_start(s: &str) -> Option<usize> {
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        if prev_space && option_start(&s[i..]).is_some() {
            return Some(i);
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// Reads a `"quoted value"` at the start of `s`; returns it and the rest.
fn quoted<'a>(
    spec: &CommandSpec,
    option: &str,
    s: &'a str,
) -> Result<(String, &'a str), ParseError> {
    let mut value = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, next)) => value.push(next),
                None => break,
            },
            '"' => return Ok((value, &s[i + 1..])),
            c => value.push(c),
        }
    }
    Err(ParseError::UnclosedQuote {
        command: spec.name.to_string(),
        option: option.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Command {
        parse(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    fn err(line: &str) -> String {
        match parse(line) {
            Ok(c) => panic!("{line} parsed as {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn parses_commands_as_people_type_them() {
        assert_eq!(ok("/about"), Command::About);
        assert_eq!(ok("  /reload  "), Command::Reload);
        assert_eq!(
            ok("/designations designator:Russia target:Taliban"),
            Command::Designations {
                designator: Some("Russia".into()),
                target: Some("Taliban".into())
            }
        );
        assert_eq!(
            ok("/designations target:the Taliban movement"),
            Command::Designations {
                designator: None,
                target: Some("the Taliban movement".into())
            }
        );
        assert_eq!(
            ok("/timeline entity:\"Russian Supreme Court\" from:1999 to:2003"),
            Command::Timeline {
                entity: Some("Russian Supreme Court".into()),
                from: Some(1999),
                to: Some(2003)
            }
        );
        assert_eq!(
            ok("/timeline from:-10"),
            Command::Timeline {
                entity: None,
                from: Some(-10),
                to: None
            }
        );
        assert_eq!(
            ok("/entity name:CSTO"),
            Command::Entity {
                name: "CSTO".into()
            }
        );
        assert_eq!(
            ok("/entity Vladimir Putin"),
            Command::Entity {
                name: "Vladimir Putin".into()
            }
        );
        assert_eq!(
            ok("/source fact:un-1267"),
            Command::Source {
                fact: "un-1267".into()
            }
        );
        assert_eq!(
            ok(r#"/source fact:"say \"hi\" \\ there""#),
            Command::Source {
                fact: r#"say "hi" \ there"#.into()
            }
        );
    }

    #[test]
    fn ask_takes_the_rest_of_the_line() {
        assert_eq!(
            ok("/ask question:Who said: time:now?"),
            Command::Ask {
                question: "Who said: time:now?".into()
            }
        );
        assert_eq!(
            ok("/ask When did Russia designate the Taliban?"),
            Command::Ask {
                question: "When did Russia designate the Taliban?".into()
            }
        );
    }

    #[test]
    fn explains_mistakes_with_hints() {
        assert_eq!(
            err("/timelin entity:Taliban"),
            "there is no command /timelin (did you mean /timeline?); commands: /ask, /designations, /timeline, /entity, /source, /about, /reload, /data upload, /data history, /data rollback"
        );
        assert_eq!(
            err("/timeline frm:2000"),
            "/timeline has no option `frm` (did you mean from?); usage: /timeline [entity:<entity>] [from:<year>] [to:<year>]"
        );
        assert_eq!(
            err("/timeline from:last year"),
            "/timeline: `from` must be a whole number like 2003, not \"last year\""
        );
        assert_eq!(
            err("/timeline from:5000"),
            "/timeline: `from` must be -3000 to 3000"
        );
        assert_eq!(
            err("/entity"),
            "/entity needs `name`; usage: /entity name:<entity>"
        );
        assert_eq!(
            err("/entity name:\"CSTO"),
            "/entity: unclosed quote in `name`; end the value with \""
        );
        assert_eq!(
            err("/source fact:a fact:b"),
            "/source was given `fact` twice"
        );
        assert_eq!(err("/entity name:   "), "/entity: `name` is empty");
        assert!(err("/about now").contains("is not an option"));
        assert!(err("about").contains("starts with `/`"));
        let long = format!("/entity name:{}", "x".repeat(101));
        assert_eq!(
            err(&long),
            "/entity: `name` is 101 characters long; at most 100"
        );
    }

    #[test]
    fn every_command_parses_from_its_own_usage_example() {
        for c in COMMANDS {
            let mut line = format!("/{}", c.name);
            if let Some(file) = c.options.iter().find(|o| o.kind == OptionType::Attachment) {
                let line = format!("{line} {}:x.toml", file.name);
                let err = parse(&line).unwrap_err().to_string();
                assert!(err.contains("attached in Discord"), "{line}: {err}");
                continue;
            }
            for o in c.options {
                let value = match o.kind {
                    OptionType::Integer => "2".to_string(),
                    OptionType::String => "\"some value\"".to_string(),
                    OptionType::Attachment => unreachable!(),
                };
                line.push_str(&format!(" {}:{}", o.name, value));
            }
            assert_eq!(ok(&line).name(), c.name, "{line}");
        }
    }
}
