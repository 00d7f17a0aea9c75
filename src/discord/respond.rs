//! Sending answers to Discord: the interaction callback, editing a deferred
//! response, follow-ups, and what to do when Discord says "slow down".
//!
//! With Discord itself serenity's rate limiter queues requests per route.
//! Behind a proxy (`api_url` set) that limiter is off, and a 429 reaches us
//! as an error: the request is retried a few times with a growing pause.
//! Errors are described without their URL, which holds the interaction's
//! token.

use std::future::Future;
use std::time::Duration;

use serenity::all::{
    CreateInteractionResponse, CreateInteractionResponseFollowup, EditInteractionResponse, Http,
    HttpError, InteractionId,
};

/// Attempts per request when rate limited.
pub const MAX_ATTEMPTS: u32 = 3;
/// The first pause after a 429; doubled each time.
pub const FIRST_PAUSE: Duration = Duration::from_millis(250);

/// The interaction a response answers: its id and token (which
/// authorises the response; never logged).
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub id: InteractionId,
    pub token: &'a str,
}

/// Answers an interaction (the one initial response it allows).
pub async fn create(
    http: &Http,
    to: Target<'_>,
    response: CreateInteractionResponse,
) -> serenity::Result<()> {
    with_retry(|| http.create_interaction_response(to.id, to.token, &response, Vec::new())).await
}

/// Fills in a deferred response.
pub async fn edit_original(
    http: &Http,
    to: Target<'_>,
    edit: EditInteractionResponse,
) -> serenity::Result<()> {
    with_retry(|| http.edit_original_interaction_response(to.token, &edit, Vec::new()))
        .await
        .map(drop)
}

/// Sends a follow-up message.
pub async fn followup(
    http: &Http,
    to: Target<'_>,
    message: CreateInteractionResponseFollowup,
) -> serenity::Result<()> {
    with_retry(|| http.create_followup_message(to.token, &message, Vec::new()))
        .await
        .map(drop)
}

/// Deletes the original (deferred) response.
pub async fn delete_original(http: &Http, to: Target<'_>) -> serenity::Result<()> {
    with_retry(|| http.delete_original_interaction_response(to.token)).await
}

async fn with_retry<T, F, Fut>(mut send: F) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    let mut pause = FIRST_PAUSE;
    let mut attempt = 1;
    loop {
        match send().await {
            Err(e) if is_rate_limited(&e) && attempt < MAX_ATTEMPTS => {
                tracing::warn!(
                    attempt,
                    pause_ms = pause.as_millis() as u64,
                    "Discord rate limited a response; retrying"
                );
                tokio::time::sleep(pause).await;
                pause *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Whether Discord (or the proxy) answered 429 Too Many Requests.
pub fn is_rate_limited(e: &serenity::Error) -> bool {
    status_of(e) == Some(429)
}

/// The HTTP status Discord answered with, if it answered.
pub fn status_of(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some(r.status_code.as_u16()),
        _ => None,
    }
}

/// A one-line description of a send error for logs: status and Discord's
/// message, never the request URL (it carries the interaction token).
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
