//! The `factbot` binary: parses the command line, sets up logging, and
//! hands over to the library. Errors are printed as one clear chain and
//! exit with status 2.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    /// Answer interactions over HTTP (the application's Interactions
    /// Endpoint URL) instead of a gateway connection
    ServeHttp {
        /// Address to listen on, behind a TLS-terminating reverse proxy
        #[arg(long, env = "FACTBOT_HTTP_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Data directory
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The application's public key (64 hex digits, from the Developer Portal)
        #[arg(long, env = "FACTBOT_DISCORD_PUBLIC_KEY")]
        public_key: String,
        /// Serve /healthz and /metrics on this address (off when absent)
        #[arg(long, env = "FACTBOT_ADMIN_LISTEN")]
        admin_listen: Option<SocketAddr>,
    },
    /// Exit 0 if a running factbot's /healthz answers 200 (for container health checks)
    Healthcheck {
        /// Address of the operations endpoint ([admin] listen)
        #[arg(long, env = "FACTBOT_ADMIN_LISTEN", default_value = "127.0.0.1:9090")]
        addr: SocketAddr,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Cmd::Check { data, coverage }) => {
            eprintln!("check {} {coverage}: not built yet", data.display());
            ExitCode::from(2)
        }
        Some(Cmd::ServeHttp {
            listen,
            data,
            public_key,
            admin_listen,
        }) => serve_http(factbot::http::Settings {
            listen,
            admin_listen,
            public_key,
            data_dir: data,
        }),
        Some(Cmd::Healthcheck { addr }) => healthcheck(addr),
        None => ExitCode::SUCCESS,
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default: info).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn serve_http(settings: factbot::http::Settings) -> ExitCode {
    init_tracing();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(factbot::http::run(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: {}",
                anyhow::Error::from(e)
                    .chain()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(": ")
            );
            ExitCode::from(2)
        }
    }
}

/// Probes `/healthz` on the loopback interface when `addr` is a wildcard
/// listen address such as `0.0.0.0:9090`.
fn healthcheck(mut addr: SocketAddr) -> ExitCode {
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    match factbot::admin::probe(addr, Duration::from_secs(3)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("unhealthy: {e}");
            ExitCode::FAILURE
        }
    }
}
