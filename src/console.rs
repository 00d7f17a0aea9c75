//! The offline console: the same commands and answers as on Discord, in a
//! terminal or a pipe.
//!
//! A line starting with `/` is a slash command typed exactly as on Discord
//! (`/timeline entity:Taliban from:1999`); any other line is a question
//! for `/ask`. `/reload` re-reads the data directory through the
//! [`Store`]. On a terminal the console offers history and tab completion
//! (command names, option names, entity names and fact ids); when stdin is
//! not a terminal it reads plain lines and prints nothing but the replies.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::commands::options::ParseError;
use crate::commands::parse;
use crate::commands::{self, Command, CompletionKind};
use crate::commands::{COMMANDS, find};
use crate::data::Dataset;
use crate::reply::{Reply, terminal_safe};
use crate::service::reload::reply_from_reload;
use crate::service::store::Store;

/// What the console does with one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Print this text.
    Print(String),
    /// Leave the console.
    Quit,
    /// Nothing to do (an empty line).
    Nothing,
}

/// Answers one line: a slash command, a question, `help` or `quit`.
pub fn respond(store: &Store, line: &str) -> Outcome {
    let line = line.trim();
    match line {
        "" => return Outcome::Nothing,
        "quit" | "exit" | "/quit" | "/exit" => return Outcome::Quit,
        "help" | "/help" | "?" => return Outcome::Print(help()),
        _ => {}
    }
    let command = if line.starts_with('/') {
        match parse::parse(line) {
            Ok(c) => c,
            Err(e) => return Outcome::Print(error_text(&e)),
        }
    } else {
        Command::Ask {
            question: line.to_string(),
        }
    };
    let reply = match command {
        // Whoever runs the console owns the data directory.
        Command::Reload => {
            let result = store.reload();
            reply_from_reload(&result, &store.snapshot().version)
        }
        other => commands::execute(&store.snapshot(), &other),
    };
    Outcome::Print(reply.to_plain_text())
}

/// The console's rendering of a reply.
impl Reply {
    /// The reply as plain text for a terminal: title, body, fields,
    /// citations (fact id, quote, source) and footer, with control
    /// characters from data removed.
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        let title = terminal_safe(&self.title);
        if !title.trim().is_empty() {
            out.push_str(title.trim_end());
            out.push('\n');
        }
        let body = terminal_safe(&self.body);
        if !body.trim().is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(body.trim_end());
            out.push('\n');
        }
        for field in &self.fields {
            out.push('\n');
            out.push_str(terminal_safe(&field.name).trim_end());
            out.push('\n');
            for line in terminal_safe(&field.value).lines() {
                out.push_str("  ");
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        if !self.citations.is_empty() {
            out.push_str("\nEvidence\n");
            for c in &self.citations {
                out.push_str(&format!(
                    "  [{}] “{}”\n    — {}\n",
                    terminal_safe(&c.fact_id),
                    terminal_safe(&c.quote).replace('\n', " "),
                    terminal_safe(&c.source)
                ));
            }
        }
        if let Some(footer) = &self.footer {
            out.push('\n');
            out.push_str(terminal_safe(footer).trim_end());
            out.push('\n');
        }
        out
    }
}

fn error_text(e: &ParseError) -> String {
    format!("error: {e}\n")
}

/// The list of commands with their usage, for `help`.
pub fn help() -> String {
    let mut out =
        String::from("Type a question in plain words, or a slash command as on Discord:\n");
    for c in COMMANDS {
        out.push_str(&format!("  {:<58} {}\n", c.usage(), c.description));
    }
    out.push_str("Quote values with spaces if another option follows: /timeline entity:\"Vladimir Putin\" from:2000\n");
    out.push_str("quit (or Ctrl-D) leaves.\n");
    out
}

/// The answer to one question from the dataset in `data` (`factbot ask`),
/// for the caller to print as plain text or JSON.
pub fn ask_once(data: &Path, question: &str) -> anyhow::Result<Reply> {
    let store = Store::open(data.to_path_buf())?;
    Ok(commands::execute(
        &store.snapshot(),
        &Command::Ask {
            question: question.to_string(),
        },
    ))
}

/// Runs the console over stdin until `quit` or end of input.
pub fn run(data: &Path) -> anyhow::Result<()> {
    let store = Arc::new(Store::open(data.to_path_buf())?);
    if std::io::stdin().is_terminal() {
        interactive(store)
    } else {
        piped(&store)
    }
}

fn piped(store: &Store) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        match respond(store, &line) {
            Outcome::Print(text) => {
                writeln!(stdout, "{text}")?;
                stdout.flush()?;
            }
            Outcome::Quit => break,
            Outcome::Nothing => {}
        }
    }
    Ok(())
}

fn interactive(store: Arc<Store>) -> anyhow::Result<()> {
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<ConsoleHelper, rustyline::history::DefaultHistory> =
        Editor::with_config(config)?;
    editor.set_helper(Some(ConsoleHelper {
        store: Arc::clone(&store),
    }));
    let ds = store.snapshot();
    println!(
        "factbot console: {} facts from {} source{} (version {}). Ask a question, or type help.",
        ds.facts.len(),
        ds.sources.len(),
        if ds.sources.len() == 1 { "" } else { "s" },
        ds.version
    );
    drop(ds);
    loop {
        match editor.readline("factbot> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    editor.add_history_entry(line.as_str())?;
                }
                match respond(&store, &line) {
                    Outcome::Print(text) => println!("{text}"),
                    Outcome::Quit => break,
                    Outcome::Nothing => {}
                }
            }
            Err(ReadlineError::Eof) => break,
            Err(ReadlineError::Interrupted) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Tab completion over the served dataset.
struct ConsoleHelper {
    store: Arc<Store>,
}

impl Completer for ConsoleHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, candidates) = completions(&self.store.snapshot(), line, pos);
        Ok((
            start,
            candidates
                .into_iter()
                .map(|(display, replacement)| Pair {
                    display,
                    replacement,
                })
                .collect(),
        ))
    }
}

impl Hinter for ConsoleHelper {
    type Hint = String;
}
impl Highlighter for ConsoleHelper {}
impl Validator for ConsoleHelper {}
impl Helper for ConsoleHelper {}

/// Completions for `line` with the cursor at byte `pos`: where the
/// replaced text starts, and (shown, inserted) pairs. Completes command
/// names after `/`, option names inside a command, and option values that
/// have autocomplete (entity names, fact ids).
pub fn completions(ds: &Dataset, line: &str, pos: usize) -> (usize, Vec<(String, String)>) {
    let pos = pos.min(line.len());
    let Some(before) = line.get(..pos) else {
        return (pos, Vec::new());
    };
    let Some(rest) = before.strip_prefix('/') else {
        return (pos, Vec::new());
    };
    // The command name itself.
    let Some(name_end) = rest.find(char::is_whitespace) else {
        let candidates = COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(rest))
            .map(|c| (format!("/{}", c.name), format!("/{} ", c.name)))
            .collect();
        return (0, candidates);
    };
    let Some(spec) = find(&rest[..name_end]) else {
        return (pos, Vec::new());
    };
    // The word under the cursor.
    let word_start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    match word.split_once(':') {
        None => {
            let candidates = spec
                .options
                .iter()
                .filter(|o| o.name.starts_with(word))
                .map(|o| (format!("{}:", o.name), format!("{}:", o.name)))
                .collect();
            (word_start, candidates)
        }
        Some((option, typed)) => {
            let Some(kind) = spec.option(option).and_then(|o| o.autocomplete) else {
                return (pos, Vec::new());
            };
            // Replace from the value's start, an opening quote included:
            // ids need none.
            let value_start = pos - typed.len();
            let choices = commands::complete(ds, kind, typed.trim_start_matches('"'));
            let candidates = choices
                .into_iter()
                .map(|(label, value)| {
                    let shown = match kind {
                        CompletionKind::Entity => format!("{value}  ({label})"),
                        CompletionKind::Fact | CompletionKind::Version => label,
                    };
                    (shown, format!("{value} "))
                })
                .collect();
            (value_start, candidates)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_terminal_escapes() {
        let mut reply = Reply::answer("T\u{1b}[2J", "body");
        reply.footer = Some("foot".into());
        assert_eq!(reply.to_plain_text(), "T[2J\n\nbody\n\nfoot\n");
    }
}
