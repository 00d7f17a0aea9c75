//! The `factbot` binary: parses the command line, sets up logging, and
//! hands over to the library. Errors are printed as one clear chain and
//! exit with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Cmd::Check { data, coverage }) => {
            eprintln!("check {} {coverage}: not built yet", data.display());
            ExitCode::from(2)
        }
        None => ExitCode::SUCCESS,
    }
}
