//! The `factbot` binary: parses the command line, sets up logging, and
//! hands over to the library. Errors are printed as one clear chain and
//! exit with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use factbot::commands::{json, spec};
use factbot::console;

#[derive(Parser)]
#[command(
    name = "factbot",
    version,
    about = "Answers questions from a cited facts dataset, on Discord or offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Validate a dataset and print a summary (exits 1 with every error if invalid)
    Check {
        /// Data directory
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Also list the article's factual sentences that no fact quotes
        #[arg(long)]
        coverage: bool,
    },
    /// Answer one question from the data and print the reply
    Ask {
        /// The question, in plain words
        question: String,
        /// Data directory
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// Ask questions and run slash commands offline, line by line
    Console {
        /// Data directory
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// List the slash commands (--json: the registration JSON Discord expects)
    Commands {
        /// Print the JSON for Discord's bulk-overwrite endpoint
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Cmd::Check { data, coverage }) => {
            eprintln!("check {} {coverage}: not built yet", data.display());
            return ExitCode::from(2);
        }
        Some(Cmd::Ask { question, data }) => {
            console::ask_once(&data, &question).map(|text| print!("{text}"))
        }
        Some(Cmd::Console { data }) => console::run(&data),
        Some(Cmd::Commands { json }) => {
            print_commands(json);
            Ok(())
        }
        None => no_subcommand(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factbot: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// With no subcommand: the console, unless a Discord token is configured.
fn no_subcommand() -> anyhow::Result<()> {
    let token_set = std::env::var_os("DISCORD_TOKEN").is_some_and(|t| !t.is_empty());
    if token_set {
        anyhow::bail!("DISCORD_TOKEN is set, but this build has no Discord adapter yet");
    }
    console::run(std::path::Path::new("data"))
}

fn print_commands(as_json: bool) {
    if as_json {
        let json = json::registration();
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string())
        );
    } else {
        for c in spec::COMMANDS {
            println!("{:<58} {}", c.usage(), c.description);
        }
    }
}
