//! factbot's configuration file (`config/factbot.toml`): where Discord's
//! API is, which guilds to register commands on, who may reload, where the
//! data lives and how to log; and for scaling out, which gateway shards to
//! run, where the HTTP interactions endpoint and the operations endpoint
//! listen, and the application's public key.
//!
//! Reading the file ([`Config::read`]) is kept apart from parsing it
//! ([`Config::parse`], from `&str`), and parsing apart from validating: the
//! TOML is first deserialized as written (unknown keys are errors, located
//! by line and column), then checked and turned into [`Config`], whose
//! values are ready to use. Every problem found in that check is reported
//! at once. Secrets never live here: the token comes from the environment
//! or a separate file (see [`crate::secret`]).

use std::fmt;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// Discord's own API base; anything else is a proxy or a local fake.
pub const DISCORD_API_URL: &str = "https://discord.com";
/// Where `factbot run` looks for its config when neither `--config` nor
/// `FACTBOT_CONFIG` says otherwise.
pub const DEFAULT_CONFIG_PATH: &str = "config/factbot.toml";
/// The environment variable naming the config file.
pub const CONFIG_ENV: &str = "FACTBOT_CONFIG";

/// A validated configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub discord: DiscordConfig,
    pub data: DataConfig,
    pub log: LogConfig,
    pub http: HttpConfig,
    pub admin: AdminConfig,
    pub state: StateConfig,
    pub moderation: ModerationConfig,
    pub limits: LimitsConfig,
}

/// `[discord]`: talking to Discord.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscordConfig {
    /// REST base URL without a trailing `/`, e.g. `https://discord.com`.
    pub api_url: String,
    /// Guilds to register the commands on at start; empty means globally.
    pub guild_ids: Vec<u64>,
    /// Roles whose members may `/reload`, besides Manage Server and
    /// Administrator.
    pub moderator_role_ids: Vec<u64>,
    /// A file holding the token, used when `DISCORD_TOKEN` is not set.
    pub token_file: Option<PathBuf>,
    /// The application's public key (64 hex digits), which HTTP
    /// interactions mode verifies requests with. Not a secret.
    pub public_key: Option<String>,
    /// Which gateway shards this process runs.
    pub shards: Shards,
}

/// `[discord] shards`: the gateway shards one process runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all in this process (`"auto"`).
    #[default]
    Auto,
    /// Shards `first..=last` of `total` (`{ total = N, range = [first, last] }`),
    /// so several processes can split one bot.
    Range { total: u32, first: u32, last: u32 },
}

impl Shards {
    /// The shard ids this process runs, when known without asking Discord.
    pub fn ids(self) -> Option<std::ops::RangeInclusive<u32>> {
        match self {
            Shards::Auto => None,
            Shards::Range { first, last, .. } => Some(first..=last),
        }
    }
}

/// `[http]`: HTTP interactions mode (`factbot serve-http`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// Where Discord's POSTs arrive (behind a TLS-terminating proxy).
    pub listen: SocketAddr,
}

/// `[admin]`: the operations endpoint (`/healthz`, `/metrics`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminConfig {
    /// Off unless set.
    pub listen: Option<SocketAddr>,
}

impl DiscordConfig {
    /// Whether requests go to Discord itself (not a proxy or a fake).
    pub fn is_discord(&self) -> bool {
        self.api_url == DISCORD_API_URL
    }
}

/// `[data]`: the dataset being served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataConfig {
    /// The data directory, relative to the working directory.
    pub dir: PathBuf,
    /// Reload when a file under `dir` changes.
    pub watch: bool,
}

/// `[state]`: where factbot keeps what it must remember across restarts
/// (the dataset's history): a SQLite file by default, or PostgreSQL for
/// several replicas sharing one history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateConfig {
    /// The directory of the SQLite file ([`STATE_SQLITE_FILE`]), used
    /// unless `url` is set.
    pub dir: PathBuf,
    /// A database URL (`postgres://...`, or `sqlite:PATH`) used instead of
    /// `dir`. Overridden by [`STATE_URL_ENV`] where the binary reads it.
    pub url: Option<DatabaseUrl>,
    /// How many history entries (and the files of their versions) are kept.
    pub keep: u32,
}

/// `[moderation]`: how moderators change the data from Discord
/// (`/data upload`, `/data rollback`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModerationConfig {
    /// The largest file `/data upload` accepts, in bytes.
    pub max_upload_bytes: u64,
    /// How long fetching an uploaded file may take, in seconds.
    pub download_timeout_secs: u64,
    /// How long a preview's Apply and Cancel buttons work, in minutes.
    pub preview_minutes: u64,
    /// The hosts an uploaded file may be fetched from (Discord's CDN).
    pub attachment_hosts: Vec<String>,
}

/// `[limits]`: the bounds that keep a busy or misconfigured bot from
/// running its host out of memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitsConfig {
    /// Interactions being answered at once, per process; more are told
    /// privately that the bot is busy.
    pub max_in_flight: usize,
    /// The dataset a reload accepts (bytes, files, facts).
    pub data: crate::data::DataLimits,
}

/// Interactions answered at once unless `[limits] max_in_flight` says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

impl Default for LimitsConfig {
    fn default() -> LimitsConfig {
        LimitsConfig {
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            data: crate::data::DataLimits::default(),
        }
    }
}

/// Uploads accepted up to this size unless `[moderation] max_upload_bytes` says otherwise.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 1024 * 1024;
/// The hosts of Discord's attachment URLs.
pub const DISCORD_ATTACHMENT_HOSTS: &[&str] = &["cdn.discordapp.com", "media.discordapp.net"];

impl Default for ModerationConfig {
    fn default() -> ModerationConfig {
        ModerationConfig {
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            download_timeout_secs: 10,
            preview_minutes: 15,
            attachment_hosts: DISCORD_ATTACHMENT_HOSTS
                .iter()
                .map(|h| h.to_string())
                .collect(),
        }
    }
}

/// The SQLite file under `[state] dir`.
pub const STATE_SQLITE_FILE: &str = "factbot.sqlite3";
/// The environment variable that overrides `[state] url`.
pub const STATE_URL_ENV: &str = "FACTBOT_STATE_URL";
/// History entries kept unless `[state] keep` says otherwise.
pub const DEFAULT_KEEP: u32 = 50;

/// A database URL that never prints its password (`Debug` and `Display`
/// show `postgres://user:***@host/db`).
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Checks a URL: `postgres://`, `postgresql://` or `sqlite:`.
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        let url = url.trim();
        let known = ["postgres://", "postgresql://", "sqlite:"];
        if !known.iter().any(|p| url.starts_with(p)) {
            return Err(format!(
                "{:?} is not a database URL; write postgres://USER:PASSWORD@HOST:5432/DATABASE \
                 (or remove the key to use the SQLite file under [state] dir)",
                DatabaseUrl(url.to_string()).to_string()
            ));
        }
        Ok(DatabaseUrl(url.to_string()))
    }

    /// The URL itself, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it names a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `scheme://user:password@host...`: the password is what lies
        // between the first `:` after the scheme and the last `@` before
        // the path.
        let Some((scheme, rest)) = self.0.split_once("://") else {
            return f.write_str(&self.0);
        };
        let authority_end = rest.find('/').unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        match authority.rsplit_once('@') {
            Some((credentials, host)) if credentials.contains(':') => {
                let user = credentials.split(':').next().unwrap_or("");
                write!(f, "{scheme}://{user}:***@{host}{path}")
            }
            _ => f.write_str(&self.0),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// `[log]`: how log lines look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogConfig {
    pub format: LogFormat,
}

/// Log line format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured when the output is a terminal.
    #[default]
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            discord: DiscordConfig {
                api_url: DISCORD_API_URL.to_string(),
                guild_ids: Vec::new(),
                moderator_role_ids: Vec::new(),
                token_file: None,
                public_key: None,
                shards: Shards::Auto,
            },
            data: DataConfig {
                dir: PathBuf::from("data"),
                watch: false,
            },
            log: LogConfig {
                format: LogFormat::Pretty,
            },
            http: HttpConfig {
                listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            },
            admin: AdminConfig { listen: None },
            state: StateConfig {
                dir: PathBuf::from("state"),
                url: None,
                keep: DEFAULT_KEEP,
            },
            moderation: ModerationConfig::default(),
            limits: LimitsConfig::default(),
        }
    }
}

/// Why a config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(ConfigProblems),
}

/// Every problem found in one config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblems {
    /// The file as shown to the user.
    pub origin: String,
    pub problems: Vec<ConfigProblem>,
}

/// One thing wrong with a config file, located where possible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// 1-based line and column.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl fmt::Display for ConfigProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.origin)?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
                if let Some(column) = p.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": {}", p.message)?;
        }
        Ok(())
    }
}

// The file as written. Spanned values let validation point at a line.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    discord: RawDiscord,
    #[serde(default)]
    data: RawData,
    #[serde(default)]
    log: RawLog,
    #[serde(default)]
    http: RawHttp,
    #[serde(default)]
    admin: RawAdmin,
    #[serde(default)]
    state: RawState,
    #[serde(default)]
    moderation: RawModeration,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_in_flight: Option<Spanned<i64>>,
    max_data_bytes: Option<Spanned<i64>>,
    max_data_files: Option<Spanned<i64>>,
    max_facts: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModeration {
    max_upload_bytes: Option<Spanned<i64>>,
    download_timeout_secs: Option<Spanned<i64>>,
    preview_minutes: Option<Spanned<i64>>,
    attachment_hosts: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiscord {
    api_url: Option<Spanned<String>>,
    #[serde(default)]
    guild_ids: Vec<Spanned<RawId>>,
    #[serde(default)]
    moderator_role_ids: Vec<Spanned<RawId>>,
    token_file: Option<Spanned<String>>,
    public_key: Option<Spanned<String>>,
    /// `"auto"` or `{ total = N, range = [first, last] }`, read by hand for
    /// clearer messages than an untagged enum gives.
    shards: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHttp {
    listen: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdmin {
    listen: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawState {
    dir: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    keep: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    dir: Option<Spanned<String>>,
    #[serde(default)]
    watch: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    #[serde(default)]
    format: LogFormat,
}

/// A Discord id as written: a TOML integer, or a string of digits (ids
/// copied from Discord are often pasted with quotes).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawId {
    Integer(i64),
    Text(String),
}

impl Config {
    /// Reads and parses the config file at `path`.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// The config `factbot run` uses: `explicit` (from `--config` or
    /// `FACTBOT_CONFIG`) must exist; without it, [`DEFAULT_CONFIG_PATH`] is
    /// read if present, and the defaults are used otherwise.
    pub fn locate(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        match explicit {
            Some(path) => Ok((Config::read(path)?, Some(path.to_path_buf()))),
            None => {
                let path = Path::new(DEFAULT_CONFIG_PATH);
                if path.exists() {
                    Ok((Config::read(path)?, Some(path.to_path_buf())))
                } else {
                    Ok((Config::default(), None))
                }
            }
        }
    }

    /// Parses and validates config text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
        let invalid = |problems| {
            ConfigError::Invalid(ConfigProblems {
                origin: origin.to_string(),
                problems,
            })
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = locate(text, e.span());
            invalid(vec![ConfigProblem {
                line,
                column,
                message: e.message().trim().to_string(),
            }])
        })?;
        raw.validate(text).map_err(invalid)
    }
}

impl RawConfig {
    fn validate(self, text: &str) -> Result<Config, Vec<ConfigProblem>> {
        let mut problems = Vec::new();
        let mut problem = |span: Range<usize>, message: String| {
            let (line, column) = locate(text, Some(span));
            problems.push(ConfigProblem {
                line,
                column,
                message,
            });
        };
        let defaults = Config::default();

        let api_url = match self.discord.api_url {
            None => defaults.discord.api_url,
            Some(url) => match check_api_url(url.get_ref()) {
                Ok(url) => url,
                Err(why) => {
                    problem(url.span(), format!("[discord] api_url: {why}"));
                    String::new()
                }
            },
        };
        let mut ids = |list: Vec<Spanned<RawId>>, key: &str| {
            let mut out: Vec<u64> = Vec::new();
            for id in list {
                let span = id.span();
                match check_id(id.into_inner()) {
                    Ok(id) if out.contains(&id) => {
                        problem(span, format!("[discord] {key}: {id} is listed twice"))
                    }
                    Ok(id) => out.push(id),
                    Err(why) => problem(span, format!("[discord] {key}: {why}")),
                }
            }
            out
        };
        let guild_ids = ids(self.discord.guild_ids, "guild_ids");
        let moderator_role_ids = ids(self.discord.moderator_role_ids, "moderator_role_ids");
        let token_file = match self.discord.token_file {
            Some(f) if f.get_ref().trim().is_empty() => {
                problem(
                    f.span(),
                    "[discord] token_file is empty: remove the key or name a file".into(),
                );
                None
            }
            other => other.map(|f| PathBuf::from(f.into_inner())),
        };
        let dir = match self.data.dir {
            Some(d) if d.get_ref().trim().is_empty() => {
                problem(
                    d.span(),
                    "[data] dir is empty: name the data directory, e.g. \"data\"".into(),
                );
                PathBuf::new()
            }
            Some(d) => PathBuf::from(d.into_inner()),
            None => defaults.data.dir,
        };

        let public_key = match self.discord.public_key {
            None => None,
            Some(key) => match check_public_key(key.get_ref()) {
                Ok(key) => Some(key),
                Err(why) => {
                    problem(key.span(), format!("[discord] public_key: {why}"));
                    None
                }
            },
        };
        let shards = match self.discord.shards {
            None => Shards::Auto,
            Some(value) => {
                let span = value.span();
                check_shards(value.get_ref()).unwrap_or_else(|why| {
                    problem(span, format!("[discord] shards: {why}"));
                    Shards::Auto
                })
            }
        };
        let mut listen = |value: Option<Spanned<String>>, key: &str| {
            let value = value?;
            match check_listen(value.get_ref()) {
                Ok(addr) => Some(addr),
                Err(why) => {
                    problem(value.span(), format!("{key}: {why}"));
                    None
                }
            }
        };
        let http_listen = listen(self.http.listen, "[http] listen").unwrap_or(defaults.http.listen);
        let admin_listen = listen(self.admin.listen, "[admin] listen");

        let state_dir = match self.state.dir {
            Some(d) if d.get_ref().trim().is_empty() => {
                problem(
                    d.span(),
                    "[state] dir is empty: name a writable directory, e.g. \"state\"".into(),
                );
                PathBuf::new()
            }
            Some(d) => PathBuf::from(d.into_inner()),
            None => defaults.state.dir,
        };
        let state_url = match self.state.url {
            None => None,
            Some(url) => match DatabaseUrl::parse(url.get_ref()) {
                Ok(url) => Some(url),
                Err(why) => {
                    problem(url.span(), format!("[state] url: {why}"));
                    None
                }
            },
        };
        let keep = match self.state.keep {
            None => defaults.state.keep,
            Some(keep) => match u32::try_from(*keep.get_ref()) {
                Ok(n) if n >= 1 => n,
                _ => {
                    problem(
                        keep.span(),
                        format!(
                            "[state] keep: {} is not a number of versions to keep; write at \
                             least 1 (default {DEFAULT_KEEP})",
                            keep.get_ref()
                        ),
                    );
                    DEFAULT_KEEP
                }
            },
        };

        let mut positive = |value: Option<Spanned<i64>>, key: &str, max: i64, default: u64| {
            let Some(value) = value else { return default };
            let n = *value.get_ref();
            if (1..=max).contains(&n) {
                n as u64
            } else {
                problem(
                    value.span(),
                    format!("{key}: {n} is out of range; write 1 to {max} (default {default})"),
                );
                default
            }
        };
        let limit_defaults = LimitsConfig::default();
        let limits = LimitsConfig {
            max_in_flight: positive(
                self.limits.max_in_flight,
                "[limits] max_in_flight",
                1_000_000,
                limit_defaults.max_in_flight as u64,
            ) as usize,
            data: crate::data::DataLimits {
                max_bytes: positive(
                    self.limits.max_data_bytes,
                    "[limits] max_data_bytes",
                    i64::MAX,
                    limit_defaults.data.max_bytes,
                ),
                max_files: positive(
                    self.limits.max_data_files,
                    "[limits] max_data_files",
                    i64::MAX,
                    limit_defaults.data.max_files,
                ),
                max_facts: positive(
                    self.limits.max_facts,
                    "[limits] max_facts",
                    i64::MAX,
                    limit_defaults.data.max_facts as u64,
                ) as usize,
            },
        };
        let moderation_defaults = ModerationConfig::default();
        let max_upload_bytes = positive(
            self.moderation.max_upload_bytes,
            "[moderation] max_upload_bytes",
            64 * 1024 * 1024,
            moderation_defaults.max_upload_bytes,
        );
        let download_timeout_secs = positive(
            self.moderation.download_timeout_secs,
            "[moderation] download_timeout_secs",
            600,
            moderation_defaults.download_timeout_secs,
        );
        let preview_minutes = positive(
            self.moderation.preview_minutes,
            "[moderation] preview_minutes",
            7 * 24 * 60,
            moderation_defaults.preview_minutes,
        );
        let attachment_hosts = match self.moderation.attachment_hosts {
            None => moderation_defaults.attachment_hosts,
            Some(hosts) => {
                let mut out = Vec::new();
                for host in hosts {
                    let name = host.get_ref().trim().to_ascii_lowercase();
                    if name.is_empty() || name.contains(['/', ':', ' ', '@']) {
                        problem(
                            host.span(),
                            format!(
                                "[moderation] attachment_hosts: {:?} is not a host name (write \
                                 e.g. \"cdn.discordapp.com\", no scheme or path)",
                                host.get_ref()
                            ),
                        );
                    } else {
                        out.push(name);
                    }
                }
                out
            }
        };

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            discord: DiscordConfig {
                api_url,
                guild_ids,
                moderator_role_ids,
                token_file,
                public_key,
                shards,
            },
            data: DataConfig {
                dir,
                watch: self.data.watch,
            },
            log: LogConfig {
                format: self.log.format,
            },
            http: HttpConfig {
                listen: http_listen,
            },
            admin: AdminConfig {
                listen: admin_listen,
            },
            state: StateConfig {
                dir: state_dir,
                url: state_url,
                keep,
            },
            moderation: ModerationConfig {
                max_upload_bytes,
                download_timeout_secs,
                preview_minutes,
                attachment_hosts,
            },
            limits,
        })
    }
}

/// Checks an API base URL and returns it without a trailing `/`.
fn check_api_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("{url:?} must start with https:// (or http:// for a local proxy)")
        })?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("{url:?} has no host"));
    }
    if trimmed.contains(['?', '#']) || trimmed.chars().any(char::is_whitespace) {
        return Err(format!(
            "{url:?} must be a plain base URL (no spaces, query or fragment), e.g. {DISCORD_API_URL}"
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks an application public key: 64 hex digits, returned lowercase.
fn check_public_key(key: &str) -> Result<String, String> {
    let key = key.trim();
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "{key:?} is not a public key; copy \"Public Key\" (64 hexadecimal digits) from the \
             application's General Information page in the Developer Portal"
        ));
    }
    Ok(key.to_ascii_lowercase())
}

/// Checks `shards`: `"auto"` or `{ total = N, range = [first, last] }` with
/// `first <= last < total`.
fn check_shards(value: &toml::Value) -> Result<Shards, String> {
    const FORMS: &str = "write \"auto\" or { total = 4, range = [0, 1] }";
    match value {
        toml::Value::String(s) if s == "auto" => Ok(Shards::Auto),
        toml::Value::String(s) => Err(format!("{s:?} is not a shard setting; {FORMS}")),
        toml::Value::Table(t) => {
            if let Some(unknown) = t.keys().find(|k| *k != "total" && *k != "range") {
                return Err(format!("unknown key `{unknown}`; {FORMS}"));
            }
            let total = match t.get("total") {
                Some(toml::Value::Integer(n)) if (1..=i64::from(u32::MAX)).contains(n) => *n as u32,
                Some(other) => {
                    return Err(format!(
                        "total must be a positive number of shards, got {other}"
                    ));
                }
                None => return Err(format!("total is missing; {FORMS}")),
            };
            let range: Vec<i64> = match t.get("range") {
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .map(|v| v.as_integer())
                    .collect::<Option<Vec<i64>>>()
                    .filter(|r| r.len() == 2)
                    .ok_or_else(|| format!("range must be two shard ids [first, last]; {FORMS}"))?,
                Some(other) => {
                    return Err(format!("range must be [first, last], got {other}; {FORMS}"));
                }
                None => return Err(format!("range is missing; {FORMS}")),
            };
            let (first, last) = (range[0], range[1]);
            if first < 0 || first > last || last >= i64::from(total) {
                return Err(format!(
                    "range [{first}, {last}] must satisfy 0 <= first <= last < total ({total}); \
                     shard ids run from 0 to {}",
                    total - 1
                ));
            }
            Ok(Shards::Range {
                total,
                first: first as u32,
                last: last as u32,
            })
        }
        other => Err(format!("{other} is not a shard setting; {FORMS}")),
    }
}

/// Checks a listen address: an IP address and a port.
fn check_listen(addr: &str) -> Result<SocketAddr, String> {
    addr.trim().parse().map_err(|_| {
        format!(
            "{addr:?} is not an address to listen on; write an IP address and a port, e.g. \
             \"127.0.0.1:8080\" (this machine only) or \"0.0.0.0:8080\" (every interface)"
        )
    })
}

/// Checks a Discord id (a snowflake: a positive 64-bit integer).
fn check_id(id: RawId) -> Result<u64, String> {
    match id {
        RawId::Integer(n) if n > 0 => Ok(n as u64),
        RawId::Integer(n) => Err(format!("{n} is not a Discord id (ids are positive)")),
        RawId::Text(s) => match s.trim().parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "{s:?} is not a Discord id; copy it with Developer Mode on (right click → Copy ID)"
            )),
        },
    }
}

/// 1-based line and column of the start of `span` in `text`.
fn locate(text: &str, span: Option<Range<usize>>) -> (Option<u32>, Option<u32>) {
    let Some(span) = span else {
        return (None, None);
    };
    let start = span.start.min(text.len());
    let before = text.get(..start).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (Some(line as u32), Some(column as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> String {
        match Config::parse(text, "factbot.toml") {
            Ok(c) => panic!("expected problems, got {c:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        assert_eq!(Config::parse("", "x").unwrap(), Config::default());
        let c = Config::default();
        assert!(c.discord.is_discord());
        assert_eq!(c.data.dir, PathBuf::from("data"));
        assert_eq!(c.log.format, LogFormat::Pretty);
    }

    #[test]
    fn the_committed_config_parses_to_the_defaults() {
        let text = include_str!("../config/factbot.toml");
        assert_eq!(
            Config::parse(text, "config/factbot.toml").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
[discord]
api_url = "http://127.0.0.1:8080/"
guild_ids = [123456789012345678, "223456789012345678"]
moderator_role_ids = [42]
token_file = "/run/secrets/discord"

[data]
dir = "/srv/factbot/data"
watch = true

[log]
format = "json"
"#;
        let c = Config::parse(text, "x").unwrap();
        assert_eq!(c.discord.api_url, "http://127.0.0.1:8080");
        assert!(!c.discord.is_discord());
        assert_eq!(
            c.discord.guild_ids,
            vec![123456789012345678, 223456789012345678]
        );
        assert_eq!(c.discord.moderator_role_ids, vec![42]);
        assert_eq!(
            c.discord.token_file,
            Some(PathBuf::from("/run/secrets/discord"))
        );
        assert_eq!(c.data.dir, PathBuf::from("/srv/factbot/data"));
        assert!(c.data.watch);
        assert_eq!(c.log.format, LogFormat::Json);
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = problems("[discord]\nguild_ids = []\nguilds = [1]\n");
        assert!(
            err.starts_with("factbot.toml:3:1: unknown field `guilds`"),
            "{err}"
        );
        let err = problems("[data]\ndir = \"data\"\n\n[logging]\nformat = \"json\"\n");
        assert!(err.starts_with("factbot.toml:4:"), "{err}");
        assert!(err.contains("unknown field `logging`"), "{err}");
    }

    #[test]
    fn wrong_types_and_values_are_located() {
        let err = problems("[log]\nformat = \"xml\"\n");
        assert!(err.starts_with("factbot.toml:2:10:"), "{err}");
        assert!(err.contains("pretty") && err.contains("json"), "{err}");
        let err = problems("[data]\nwatch = \"yes\"\n");
        assert!(err.starts_with("factbot.toml:2:9:"), "{err}");
    }

    #[test]
    fn every_invalid_value_is_reported_at_once() {
        let text = "[discord]\napi_url = \"discord.com\"\nguild_ids = [0, \"abc\", 7, 7]\n\
                    moderator_role_ids = [-1]\ntoken_file = \"\"\n[data]\ndir = \" \"\n";
        let err = problems(text);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 7, "{err}");
        assert!(
            lines[0].starts_with(
                "factbot.toml:2:11: [discord] api_url: \"discord.com\" must start with https://"
            ),
            "{err}"
        );
        assert!(
            lines[1].starts_with("factbot.toml:3:14: [discord] guild_ids: 0 is not"),
            "{err}"
        );
        assert!(
            lines[2]
                .starts_with("factbot.toml:3:17: [discord] guild_ids: \"abc\" is not a Discord id"),
            "{err}"
        );
        assert!(
            lines[3].starts_with("factbot.toml:3:27: [discord] guild_ids: 7 is listed twice"),
            "{err}"
        );
        assert!(
            lines[4].contains("moderator_role_ids: -1 is not a Discord id"),
            "{err}"
        );
        assert!(
            lines[5].starts_with("factbot.toml:5:14: [discord] token_file is empty"),
            "{err}"
        );
        assert!(
            lines[6].starts_with("factbot.toml:7:7: [data] dir is empty"),
            "{err}"
        );
    }

    #[test]
    fn api_urls_must_be_plain_bases() {
        assert_eq!(
            check_api_url("https://discord.com/").unwrap(),
            "https://discord.com"
        );
        assert_eq!(
            check_api_url("http://proxy:3000/discord").unwrap(),
            "http://proxy:3000/discord"
        );
        for bad in [
            "ftp://x",
            "https://",
            "https://x?y=1",
            "https://a b",
            "127.0.0.1:80",
        ] {
            assert!(check_api_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scale_out_keys_are_read() {
        let text = r#"
[discord]
public_key = "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"
shards = { total = 8, range = [2, 5] }

[http]
listen = "0.0.0.0:8443"

[admin]
listen = "127.0.0.1:9090"
"#;
        let c = Config::parse(text, "x").unwrap();
        assert_eq!(
            c.discord.public_key.as_deref(),
            Some("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")
        );
        assert_eq!(
            c.discord.shards,
            Shards::Range {
                total: 8,
                first: 2,
                last: 5
            }
        );
        assert_eq!(c.discord.shards.ids(), Some(2..=5));
        assert_eq!(c.http.listen, "0.0.0.0:8443".parse().unwrap());
        assert_eq!(c.admin.listen, Some("127.0.0.1:9090".parse().unwrap()));

        let c = Config::parse("[discord]\nshards = \"auto\"\n", "x").unwrap();
        assert_eq!(c.discord.shards, Shards::Auto);
        assert_eq!(
            c.admin.listen, None,
            "the operations endpoint is off by default"
        );
    }

    #[test]
    fn bad_scale_out_keys_are_located_with_a_hint() {
        let cases = [
            (
                "[discord]\nshards = \"all\"\n",
                "2:10: [discord] shards: \"all\" is not",
            ),
            (
                "[discord]\nshards = { total = 4, range = [3, 4] }\n",
                "2:10: [discord] shards: range [3, 4] must satisfy 0 <= first <= last < total (4)",
            ),
            (
                "[discord]\nshards = { total = 4, range = [2, 1] }\n",
                "[discord] shards: range [2, 1] must satisfy",
            ),
            (
                "[discord]\nshards = { total = 0, range = [0, 0] }\n",
                "total must be a positive number",
            ),
            ("[discord]\nshards = { total = 2 }\n", "range is missing"),
            (
                "[discord]\nshards = { total = 2, range = [0, 1], first = 0 }\n",
                "unknown key `first`",
            ),
            (
                "[discord]\npublic_key = \"abc\"\n",
                "2:14: [discord] public_key: \"abc\" is not a public key",
            ),
            (
                "[http]\nlisten = \"localhost:80\"\n",
                "2:10: [http] listen: \"localhost:80\" is not an address",
            ),
            (
                "[admin]\nlisten = \"9090\"\n",
                "[admin] listen: \"9090\" is not",
            ),
            ("[admin]\nport = 9090\n", "unknown field `port`"),
        ];
        for (text, expected) in cases {
            let err = problems(text);
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn limits_are_read_and_checked() {
        let c = Config::parse(
            "[limits]\nmax_in_flight = 8\nmax_data_bytes = 1000\nmax_data_files = 3\nmax_facts = 10\n",
            "test",
        )
        .unwrap();
        assert_eq!(c.limits.max_in_flight, 8);
        assert_eq!(
            c.limits.data,
            crate::data::DataLimits {
                max_bytes: 1000,
                max_files: 3,
                max_facts: 10
            }
        );
        let err = Config::parse("[limits]\nmax_facts = 0\n", "test")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("2:13: [limits] max_facts: 0 is out of range"),
            "{err}"
        );
    }

    #[test]
    fn moderation_keys_are_read_and_checked() {
        let c = Config::parse(
            "[moderation]\nmax_upload_bytes = 2048\ndownload_timeout_secs = 3\npreview_minutes = 5\nattachment_hosts = [\"127.0.0.1\"]\n",
            "test",
        )
        .unwrap();
        assert_eq!(c.moderation.max_upload_bytes, 2048);
        assert_eq!(c.moderation.download_timeout_secs, 3);
        assert_eq!(c.moderation.preview_minutes, 5);
        assert_eq!(c.moderation.attachment_hosts, ["127.0.0.1"]);
        assert_eq!(Config::default().moderation.preview_minutes, 15);
        for (text, expected) in [
            (
                "[moderation]\npreview_minutes = 0\n",
                "2:19: [moderation] preview_minutes: 0 is out of range",
            ),
            (
                "[moderation]\nattachment_hosts = [\"https://cdn.discordapp.com/x\"]\n",
                "is not a host name",
            ),
            ("[moderation]\nsize = 1\n", "unknown field `size`"),
        ] {
            let err = Config::parse(text, "test").unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn state_keys_are_read_and_checked() {
        let c = Config::parse(
            "[state]\ndir = \"/var/lib/factbot\"\nurl = \"postgres://factbot:s3cret@db:5432/factbot\"\nkeep = 7\n",
            "x",
        )
        .unwrap();
        assert_eq!(c.state.dir, PathBuf::from("/var/lib/factbot"));
        assert_eq!(c.state.keep, 7);
        let url = c.state.url.unwrap();
        assert!(url.is_postgres());
        assert_eq!(url.expose(), "postgres://factbot:s3cret@db:5432/factbot");
        assert_eq!(url.to_string(), "postgres://factbot:***@db:5432/factbot");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(Config::default().state.keep, DEFAULT_KEEP);

        let cases = [
            (
                "[state]\nkeep = 0\n",
                "2:8: [state] keep: 0 is not a number",
            ),
            ("[state]\ndir = \"\"\n", "2:7: [state] dir is empty"),
            (
                "[state]\nurl = \"mysql://u:hunter2@h/db\"\n",
                "2:7: [state] url: \"mysql://u:***@h/db\" is not a database URL",
            ),
            ("[state]\npath = \"x\"\n", "unknown field `path`"),
        ];
        for (text, expected) in cases {
            let err = problems(text);
            assert!(err.contains(expected), "{text:?}: {err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn a_missing_explicit_file_is_an_error_naming_it() {
        let err = Config::locate(Some(Path::new("/nonexistent/factbot.toml"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read the config file /nonexistent/factbot.toml"),
            "{err}"
        );
    }
}
