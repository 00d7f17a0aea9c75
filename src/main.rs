//! The `factbot` binary: parses the command line, sets up logging, and
//! hands over to the library. Errors are printed as one clear chain and
//! exit with status 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use factbot::config::{CONFIG_ENV, Config, LogFormat};
use factbot::data::{self, DataFiles};
use factbot::secret::{TOKEN_ENV, Token};
use factbot::store::Store;

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
    /// Serve the dataset on Discord (token from DISCORD_TOKEN) until SIGINT/SIGTERM;
    /// SIGHUP reloads the data
    Run {
        /// Config file [default: config/factbot.toml if present, else built-in defaults]
        #[arg(long, env = CONFIG_ENV)]
        config: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Cmd::Check { data, coverage }) => return check(&data, coverage),
        Some(Cmd::Ask { question, data }) => {
            console::ask_once(&data, &question).map(|text| print!("{text}"))
        }
        Some(Cmd::Console { data }) => console::run(&data),
        Some(Cmd::Commands { json }) => {
            print_commands(json);
            Ok(())
        }
        Some(Cmd::Run { config }) => run(config),
        None => no_subcommand(),
    };
    exit_with(result)
}

/// With no subcommand: the Discord bot when a token is configured in the
/// environment, else the offline console over `data`.
fn no_subcommand() -> anyhow::Result<()> {
    let token_set = std::env::var_os(TOKEN_ENV).is_some_and(|t| !t.is_empty());
    if token_set {
        run(None)
    } else {
        console::run(Path::new("data"))
    }
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

/// `factbot check`: prints a summary and exits 0 for a valid dataset,
/// prints every problem and exits 1 for an invalid one, exits 2 when the
/// directory cannot be read.
fn check(dir: &Path, list_uncovered: bool) -> ExitCode {
    let files = match DataFiles::read_dir(dir)
        .with_context(|| format!("cannot read the data directory {}", dir.display()))
    {
        Ok(files) => files,
        Err(e) => return exit_with(Err(e)),
    };
    match data::load(&files) {
        Ok(ds) => {
            let root = dir.display().to_string();
            print!("{}", data::coverage::summary(&ds, &root, list_uncovered));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{problems}");
            ExitCode::from(1)
        }
    }
}

/// Prints an error chain on stderr and maps it to exit status 2.
fn exit_with(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Sets up logging once for the process: RUST_LOG filters (default
/// `info`), lines are pretty or JSON on stderr.
fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Pretty => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// `factbot run`: config, logging, token, data (refusing to start on any
/// problem), then the Discord adapter until a shutdown signal.
fn run(config_path: Option<PathBuf>) -> anyhow::Result<()> {
    let (config, path) = Config::locate(config_path.as_deref())?;
    init_tracing(config.log.format);
    match &path {
        Some(p) => tracing::info!(config = %p.display(), "config loaded"),
        None => tracing::info!("no config file; using the defaults"),
    }
    let env_token = std::env::var(TOKEN_ENV).ok();
    let token = Token::resolve(env_token.as_deref(), config.discord.token_file.as_deref())?;
    let store = Store::open(config.data.dir.clone()).with_context(|| {
        format!(
            "the dataset in {} cannot be served; fix it and start again",
            config.data.dir.display()
        )
    })?;
    tracing::info!(
        data = %config.data.dir.display(),
        version = %store.snapshot().version,
        facts = store.snapshot().facts.len(),
        "dataset loaded"
    );
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let served = runtime.block_on(factbot::discord::run(&config, token, Arc::new(store)));
    // Tasks still reconnecting must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    served?;
    Ok(())
}
