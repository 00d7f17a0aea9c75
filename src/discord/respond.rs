//! Sending to Discord's REST API: interaction callbacks, editing a deferred
//! response, follow-ups, and registering the commands; and what to do when
//! Discord says "slow down" or "too late".
//!
//! These requests go through factbot's own client ([`Rest`]) rather than
//! serenity's: serenity keeps a 429's body to itself, so it could not honour
//! `retry_after` nor tell a wait that would outlast the interaction from one
//! worth making. Here a 429 is waited out for exactly `retry_after` (for
//! every request when Discord says the limit is `global`), unless the wait
//! would pass the request's deadline — an interaction must be answered
//! within 3 seconds of arriving ([`ANSWER_WITHIN`]), its token then works
//! for 15 minutes ([`TOKEN_LIFETIME`]) — in which case it gives up at once.
//! A callback answered 404 with code 10062 ("Unknown interaction": it
//! expired) is never retried. Errors are described without their URL,
//! which holds the interaction's token, and the bot token is only ever in
//! the `Authorization` header.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use serenity::all::{Command as RegisteredCommand, GuildId, HttpError, InteractionId};
use tokio::time::Instant;

use crate::secret::Token;

/// Discord drops an interaction not answered within this time.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// How long an interaction's token works for edits and follow-ups.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// How long registering the commands may wait out rate limits.
pub const REGISTRATION_PATIENCE: Duration = Duration::from_secs(60);
/// Attempts per request, rate limits included.
pub const MAX_ATTEMPTS: u32 = 5;
/// Discord's error code for an interaction that expired or never existed.
pub const UNKNOWN_INTERACTION: i64 = 10062;
/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The interaction a response answers: its id and token (which
/// authorises the response; never logged).
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub id: InteractionId,
    pub token: &'a str,
}

/// Why a request did not succeed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RestError {
    #[error("Discord answered {status}: {message} (code {code})")]
    Status {
        status: u16,
        code: i64,
        message: String,
    },
    #[error(
        "rate limited for {:.2} s{}, past the deadline; gave up",
        retry_after.as_secs_f64(),
        if *global { " (global)" } else { "" }
    )]
    RateLimited { retry_after: Duration, global: bool },
    #[error("the interaction expired before it was answered (Discord code 10062)")]
    Expired,
    #[error("{0}")]
    Transport(String),
}

/// The REST client for interaction responses and registration.
pub struct Rest {
    client: reqwest::Client,
    /// `…/api/v10`, without a trailing `/`.
    api: String,
    token: Option<Token>,
    application: OnceLock<u64>,
    /// Until when every request waits, after a global rate limit.
    global_until: Mutex<Option<Instant>>,
}

impl Rest {
    /// A client for the API at `api_url` (Discord's, a proxy's or a fake's),
    /// with the bot token for the calls that need it (registration).
    pub fn new(api_url: &str, token: Option<Token>) -> Rest {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap_or_default();
        Rest {
            client,
            api: format!("{}/api/v10", api_url.trim_end_matches('/')),
            token,
            application: OnceLock::new(),
            global_until: Mutex::new(None),
        }
    }

    /// The application the webhooks of interactions belong to (learned
    /// from READY, or from the application's info).
    pub fn set_application(&self, id: u64) {
        let _ = self.application.set(id);
    }

    fn webhook(&self, token: &str) -> String {
        format!(
            "{}/webhooks/{}/{token}",
            self.api,
            self.application.get().copied().unwrap_or_default()
        )
    }

    /// Answers an interaction (the one initial response it allows), by
    /// `deadline`.
    pub async fn create(
        &self,
        to: Target<'_>,
        response: &impl Serialize,
        deadline: Instant,
    ) -> Result<(), RestError> {
        let url = format!("{}/interactions/{}/{}/callback", self.api, to.id, to.token);
        self.send(
            reqwest::Method::POST,
            &url,
            Some(json(response)),
            false,
            deadline,
        )
        .await
        .map(drop)
    }

    /// Fills in a deferred response.
    pub async fn edit_original(
        &self,
        to: Target<'_>,
        edit: &impl Serialize,
        deadline: Instant,
    ) -> Result<(), RestError> {
        let url = format!("{}/messages/@original", self.webhook(to.token));
        self.send(
            reqwest::Method::PATCH,
            &url,
            Some(json(edit)),
            false,
            deadline,
        )
        .await
        .map(drop)
    }

    /// Sends a follow-up message.
    pub async fn followup(
        &self,
        to: Target<'_>,
        message: &impl Serialize,
        deadline: Instant,
    ) -> Result<(), RestError> {
        let url = self.webhook(to.token);
        self.send(
            reqwest::Method::POST,
            &url,
            Some(json(message)),
            false,
            deadline,
        )
        .await
        .map(drop)
    }

    /// Deletes the original (deferred) response.
    pub async fn delete_original(
        &self,
        to: Target<'_>,
        deadline: Instant,
    ) -> Result<(), RestError> {
        let url = format!("{}/messages/@original", self.webhook(to.token));
        self.send(reqwest::Method::DELETE, &url, None, false, deadline)
            .await
            .map(drop)
    }

    fn commands_url(&self, guild: Option<GuildId>) -> String {
        let app = self.application.get().copied().unwrap_or_default();
        match guild {
            None => format!("{}/applications/{app}/commands", self.api),
            Some(g) => format!("{}/applications/{app}/guilds/{g}/commands", self.api),
        }
    }

    /// The commands registered globally (`None`) or on a guild.
    pub async fn commands(
        &self,
        guild: Option<GuildId>,
    ) -> Result<Vec<RegisteredCommand>, RestError> {
        let deadline = Instant::now() + REGISTRATION_PATIENCE;
        let body = self
            .send(
                reqwest::Method::GET,
                &self.commands_url(guild),
                None,
                true,
                deadline,
            )
            .await?;
        serde_json::from_value(body.unwrap_or(Value::Null))
            .map_err(|e| RestError::Transport(format!("Discord's command list did not read: {e}")))
    }

    /// Overwrites the commands registered globally or on a guild.
    pub async fn put_commands(
        &self,
        guild: Option<GuildId>,
        payload: &Value,
    ) -> Result<(), RestError> {
        let deadline = Instant::now() + REGISTRATION_PATIENCE;
        self.send(
            reqwest::Method::PUT,
            &self.commands_url(guild),
            Some(payload.clone()),
            true,
            deadline,
        )
        .await
        .map(drop)
    }

    /// Sends one request, waiting out rate limits that end before
    /// `deadline`; the JSON answer, if any.
    async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<Value>,
        authorized: bool,
        deadline: Instant,
    ) -> Result<Option<Value>, RestError> {
        let mut attempt = 1;
        loop {
            let global_wait = self
                .global_until
                .lock()
                .map(|until| until.map(|t| t.saturating_duration_since(Instant::now())))
                .unwrap_or_default()
                .filter(|w| !w.is_zero());
            if let Some(wait) = global_wait {
                self.wait_or_give_up(wait, true, deadline, attempt).await?;
            }
            let mut request = self.client.request(method.clone(), url);
            if let Some(body) = &body {
                request = request
                    .header("content-type", "application/json")
                    .body(body.to_string());
            }
            if authorized && let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bot {}", token.expose()));
            }
            let response = request
                .send()
                .await
                .map_err(|e| RestError::Transport(transport(&e)))?;
            let status = response.status().as_u16();
            let retry_header = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<f64>().ok());
            let global_header = response
                .headers()
                .get("x-ratelimit-global")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
            let text = response.text().await.unwrap_or_default();
            let answer: Option<Value> = serde_json::from_str(&text).ok();
            if (200..300).contains(&status) {
                return Ok(answer);
            }
            let field = |name: &str| answer.as_ref().and_then(|a| a.get(name).cloned());
            if status == 429 && attempt < MAX_ATTEMPTS {
                let seconds = field("retry_after")
                    .and_then(|v| v.as_f64())
                    .or(retry_header)
                    .unwrap_or(1.0)
                    .clamp(0.0, 3600.0);
                let wait = Duration::from_secs_f64(seconds);
                let global = global_header || field("global").is_some_and(|g| g == true);
                if global && let Ok(mut until) = self.global_until.lock() {
                    *until = Some(Instant::now() + wait);
                }
                self.wait_or_give_up(wait, global, deadline, attempt)
                    .await?;
                attempt += 1;
                continue;
            }
            let code = field("code").and_then(|c| c.as_i64()).unwrap_or(0);
            if status == 404 && code == UNKNOWN_INTERACTION {
                return Err(RestError::Expired);
            }
            return Err(RestError::Status {
                status,
                code,
                message: field("message")
                    .and_then(|m| m.as_str().map(str::to_string))
                    .unwrap_or_else(|| text.chars().take(200).collect()),
            });
        }
    }

    async fn wait_or_give_up(
        &self,
        wait: Duration,
        global: bool,
        deadline: Instant,
        attempt: u32,
    ) -> Result<(), RestError> {
        if Instant::now() + wait > deadline {
            return Err(RestError::RateLimited {
                retry_after: wait,
                global,
            });
        }
        tracing::warn!(
            attempt,
            retry_after_ms = wait.as_millis() as u64,
            global,
            "Discord rate limited a request; waiting as it asked"
        );
        tokio::time::sleep(wait).await;
        Ok(())
    }
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A request that got no answer, in words (never its URL).
fn transport(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the request to Discord timed out".into()
    } else if e.is_connect() {
        "could not connect to the Discord API".into()
    } else {
        "the request to Discord failed before it answered".into()
    }
}

/// The HTTP status Discord answered a serenity request with, if it did.
pub fn status_of(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some(r.status_code.as_u16()),
        _ => None,
    }
}

/// A one-line description of a serenity request's error for logs: status
/// and Discord's message, never the request URL.
pub fn describe(e: &serenity::Error) -> String {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => format!(
            "Discord answered {} to {:?}: {} (code {})",
            r.status_code.as_u16(),
            r.method,
            r.error.message,
            r.error.code
        ),
        serenity::Error::Http(HttpError::Request(r)) => match r.status() {
            Some(status) => format!("request failed with status {status}"),
            None if r.is_timeout() => "request timed out".to_string(),
            None if r.is_connect() => "could not connect to the Discord API".to_string(),
            None => "request failed before Discord answered".to_string(),
        },
        other => other.to_string(),
    }
}
