//! The `factbot` binary: parses the command line, sets up logging, and
//! hands over to the library. Errors are printed as one clear chain and
//! exit with status 2.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use factbot::config::{CONFIG_ENV, Config, DatabaseUrl, LogFormat, STATE_URL_ENV, StateConfig};
use factbot::data::{self, DataFiles};
use factbot::reply::Reply;
use factbot::secret::{TOKEN_ENV, Token};
use factbot::service::state::{self, State};
use factbot::service::store::Store;

use factbot::console;
use factbot::discord::registration;
use factbot::eval;

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
        /// Print the reply as JSON, for scripts: kind, title, body, fields,
        /// citations, suggestions (related fact ids, not an answer), footer, ephemeral
        #[arg(long)]
        json: bool,
    },
    /// Grade /ask on question files (TOML, [[q]] tables): correct, wrong or missed per
    /// category, and the facts not asked about plainly, casually and misspelt. Exits 1
    /// on any wrong answer, a category under 95% correct or a fact not asked all three ways
    Eval {
        /// Question files, e.g. tests/questions/*.toml
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
    /// Answer interactions over HTTP (the application's Interactions Endpoint
    /// URL) instead of the gateway, until SIGINT/SIGTERM; SIGHUP reloads the data
    ServeHttp {
        /// Config file [default: config/factbot.toml if present, else built-in defaults]
        #[arg(long, env = CONFIG_ENV)]
        config: Option<PathBuf>,
        /// Address to listen on [default: [http] listen, 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
    /// List the dataset's history, newest first: version, parent, when (UTC), who, note and
    /// what changed ([state] in the config; FACTBOT_STATE_URL overrides its url)
    History {
        /// Config file [default: config/factbot.toml if present, else built-in defaults]
        #[arg(long, env = CONFIG_ENV)]
        config: Option<PathBuf>,
        /// How many entries to show
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Write a version kept in the history back to the data directory, after validating it
    /// (each file replaced atomically); a running bot serves it on its next reload
    Rollback {
        /// The version, as `factbot history` lists it
        version: String,
        /// Config file [default: config/factbot.toml if present, else built-in defaults]
        #[arg(long, env = CONFIG_ENV)]
        config: Option<PathBuf>,
        /// A note recorded with the rollback
        #[arg(long)]
        note: Option<String>,
        /// Roll back even if the data directory holds a version the history does not keep
        #[arg(long)]
        force: bool,
    },
    /// Exit 0 if a running factbot's /healthz answers 200 (for container health checks)
    Healthcheck {
        /// Config file whose [admin] listen is probed
        #[arg(long, env = CONFIG_ENV)]
        config: Option<PathBuf>,
        /// Address of the operations endpoint [default: [admin] listen]
        #[arg(long)]
        addr: Option<SocketAddr>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Cmd::Check { data, coverage }) => return check(&data, coverage),
        Some(Cmd::Ask {
            question,
            data,
            json,
        }) => console::ask_once(&data, &question).and_then(|reply| print_reply(&reply, json)),
        Some(Cmd::Eval { files, data }) => return eval(&files, &data),
        Some(Cmd::Console { data }) => console::run(&data),
        Some(Cmd::Commands { json }) => {
            print_commands(json);
            Ok(())
        }
        Some(Cmd::Run { config }) => run(config),
        Some(Cmd::ServeHttp { config, listen }) => serve_http(config, listen),
        Some(Cmd::Healthcheck { config, addr }) => return healthcheck(config, addr),
        Some(Cmd::History { config, limit }) => history(config, limit),
        Some(Cmd::Rollback {
            version,
            config,
            note,
            force,
        }) => rollback(config, &version, note.as_deref(), force),
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
        let json = registration::registration();
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_else(|_| json.to_string())
        );
    } else {
        for c in factbot::commands::COMMANDS {
            println!("{:<58} {}", c.usage(), c.description);
        }
    }
}

/// Prints a reply as plain text, or as pretty JSON with a final newline.
fn print_reply(reply: &Reply, as_json: bool) -> anyhow::Result<()> {
    if as_json {
        let json = serde_json::to_string_pretty(reply).context("cannot write the reply as JSON")?;
        println!("{json}");
    } else {
        print!("{}", reply.to_plain_text());
    }
    Ok(())
}

/// `factbot check`: prints a summary and exits 0 for a valid dataset,
/// prints every problem and exits 1 for an invalid one, exits 2 when the
/// directory cannot be read; then names the files it ignored, if any.
fn check(dir: &Path, list_uncovered: bool) -> ExitCode {
    let files = match DataFiles::read_dir(dir)
        .with_context(|| format!("cannot read the data directory {}", dir.display()))
    {
        Ok(files) => files,
        Err(e) => return exit_with(Err(e)),
    };
    let code = match data::load(&files) {
        Ok(ds) => {
            let root = dir.display().to_string();
            print!("{}", data::coverage::summary(&ds, &root, list_uncovered));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprint!("{problems}");
            ExitCode::from(1)
        }
    };
    if let Some(note) = files.ignored_note() {
        println!("{note}");
    }
    code
}

/// `factbot eval`: grades `/ask` on the question files and prints the
/// report; exits 0 when it passes, 1 when it does not, 2 when a file
/// cannot be read or holds a malformed question, or the data is invalid.
fn eval(files: &[PathBuf], dir: &Path) -> ExitCode {
    let (questions, ds) = match questions_and_data(files, dir) {
        Ok(loaded) => loaded,
        Err(e) => return exit_with(Err(e)),
    };
    let report = eval::grade(&ds, &questions);
    print!("{report}");
    if report.passes() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The questions of `files` and the dataset in `dir`, every fact id they
/// name checked.
fn questions_and_data(
    files: &[PathBuf],
    dir: &Path,
) -> anyhow::Result<(Vec<eval::Question>, data::Dataset)> {
    let questions = read_questions(files)?;
    let files = DataFiles::read_dir(dir)
        .with_context(|| format!("cannot read the data directory {}", dir.display()))?;
    let ds = data::load(&files).map_err(|problems| {
        anyhow::anyhow!("{problems}").context(format!(
            "the dataset in {} is invalid; fix it and grade again",
            dir.display()
        ))
    })?;
    let unknown = eval::check_facts(&ds, &questions);
    if !unknown.is_empty() {
        return Err(eval::QuestionProblems(unknown).into());
    }
    Ok((questions, ds))
}

/// Every question of `files`, in order, or every problem in them.
fn read_questions(files: &[PathBuf]) -> anyhow::Result<Vec<eval::Question>> {
    let mut questions = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the question file {}", path.display()))?;
        match eval::parse(&path.display().to_string(), &text) {
            Ok(mut qs) => questions.append(&mut qs),
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    if problems.is_empty() {
        Ok(questions)
    } else {
        Err(eval::QuestionProblems(problems).into())
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
    let (mut config, path) = Config::locate(config_path.as_deref())?;
    config.state = state_config(&config)?;
    init_tracing(config.log.format);
    match &path {
        Some(p) => tracing::info!(config = %p.display(), "config loaded"),
        None => tracing::info!("no config file; using the defaults"),
    }
    let env_token = std::env::var(TOKEN_ENV).ok();
    let token = Token::resolve(env_token.as_deref(), config.discord.token_file.as_deref())?;
    let store = open_store(&config)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let served = runtime.block_on(factbot::discord::gateway::run(
        &config,
        token,
        Arc::new(store),
    ));
    // Tasks still reconnecting must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    served?;
    Ok(())
}

/// `factbot serve-http`: like `run`, with the HTTP interactions endpoint
/// in place of the gateway (the public key instead of the token).
fn serve_http(config_path: Option<PathBuf>, listen: Option<SocketAddr>) -> anyhow::Result<()> {
    let (mut config, path) = Config::locate(config_path.as_deref())?;
    config.state = state_config(&config)?;
    if let Some(listen) = listen {
        config.http.listen = listen;
    }
    init_tracing(config.log.format);
    match &path {
        Some(p) => tracing::info!(config = %p.display(), "config loaded"),
        None => tracing::info!("no config file; using the defaults"),
    }
    let env_key = std::env::var(factbot::discord::http::PUBLIC_KEY_ENV).ok();
    // The token is optional here: with it, the commands are registered.
    let env_token = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty());
    let token = if env_token.is_some() || config.discord.token_file.is_some() {
        Some(Token::resolve(
            env_token.as_deref(),
            config.discord.token_file.as_deref(),
        )?)
    } else {
        None
    };
    let store = open_store(&config)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(factbot::discord::http::run(
        &config,
        env_key.as_deref(),
        token,
        Arc::new(store),
    ))?;
    Ok(())
}

/// `factbot healthcheck`: exit 0 when `/healthz` answers 200. A wildcard
/// listen address (`0.0.0.0:9090`) is probed on the loopback interface.
fn healthcheck(config_path: Option<PathBuf>, addr: Option<SocketAddr>) -> ExitCode {
    let addr = match addr {
        Some(addr) => addr,
        None => match Config::locate(config_path.as_deref()) {
            Ok((config, _)) => match config.admin.listen {
                Some(addr) => addr,
                None => {
                    eprintln!(
                        "unhealthy: the operations endpoint is off; set [admin] listen in the \
                         config (or pass --addr)"
                    );
                    return ExitCode::FAILURE;
                }
            },
            Err(e) => {
                eprintln!("unhealthy: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    match factbot::service::admin::probe(addr, Duration::from_secs(3)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("unhealthy: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the configured data directory for serving (refusing an invalid
/// dataset with every problem) and logs what was loaded, after finishing
/// any change a crash interrupted (`service::moderation::recover`).
fn open_store(config: &Config) -> anyhow::Result<Store> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(factbot::service::moderation::recover(
            &config.state,
            &config.data.dir,
        ));
    let store =
        Store::open_within(config.data.dir.clone(), config.limits.data).with_context(|| {
            format!(
                "the dataset in {} cannot be served; fix it and start again",
                config.data.dir.display()
            )
        })?;
    let dataset = store.snapshot();
    tracing::info!(
        data = %config.data.dir.display(),
        version = %dataset.version,
        facts = dataset.facts.len(),
        "dataset loaded"
    );
    Ok(store)
}

/// `[state]` with `FACTBOT_STATE_URL`, when set, in place of its `url`.
fn state_config(config: &Config) -> anyhow::Result<StateConfig> {
    let mut state = config.state.clone();
    if let Some(url) = std::env::var(STATE_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        let url =
            DatabaseUrl::parse(&url).map_err(|why| anyhow::anyhow!("{STATE_URL_ENV}: {why}"))?;
        state.url = Some(url);
    }
    Ok(state)
}

/// Opens the state store of the config at `config_path` and runs `then`
/// with it (and the config) on a small runtime.
fn with_state<T>(
    config_path: Option<PathBuf>,
    then: impl AsyncFnOnce(&Config, &State) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let (config, _) = Config::locate(config_path.as_deref())?;
    let state_config = state_config(&config)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let state = State::open(&state_config).await?;
        let result = then(&config, &state).await;
        state.close().await;
        result
    })
}

/// `factbot history`: the newest `limit` entries, one a line.
fn history(config_path: Option<PathBuf>, limit: u32) -> anyhow::Result<()> {
    with_state(config_path, async |_, state| {
        let entries = state.history(limit, 0).await?;
        if entries.is_empty() {
            println!(
                "no history yet in {} (factbot run and serve-http record the dataset they serve)",
                state.place()
            );
        }
        for e in entries {
            let who = match e.user {
                Some(user) => format!("{} (user {user})", e.trigger),
                None => e.trigger.clone(),
            };
            let parent = e.parent.as_deref().unwrap_or("-");
            let mut line = format!(
                "{}  from {parent:<12}  {} UTC  {who:<26}  {}",
                e.version,
                state::change::utc(e.at_ms),
                e.summary
            );
            if let Some(note) = &e.note {
                line.push_str(&format!("  \"{note}\""));
            }
            println!("{line}");
        }
        Ok(())
    })
}

/// `factbot rollback`: puts a kept version back in the data directory.
fn rollback(
    config_path: Option<PathBuf>,
    version: &str,
    note: Option<&str>,
    force: bool,
) -> anyhow::Result<()> {
    with_state(config_path, async |config, state| {
        let dir = &config.data.dir;
        let now = state::schema::now_ms();
        let done = state::rollback::rollback(state, dir, version, force, now, note).await?;
        println!(
            "{} now holds version {} (was {}): {} file{} written, {} removed; {}",
            dir.display(),
            done.to,
            done.from,
            done.written,
            if done.written == 1 { "" } else { "s" },
            done.removed,
            done.summary
        );
        println!(
            "A running factbot serves it after its next reload: SIGHUP, /reload, or at once \
             with [data] watch = true."
        );
        Ok(())
    })
}
