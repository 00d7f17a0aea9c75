//! Answering a verified interaction body: PING with PONG, slash commands and
//! autocomplete through the one flow ([`crate::service::flow`]), exactly as
//! on the gateway: the body is read into serenity's `Interaction` model and
//! converted with [`crate::discord::convert`].
//!
//! What differs from the gateway is only how the response travels
//! ([`Respond`]): it is the HTTP answer instead of a REST callback, so
//! nothing is deferred.

use std::time::{Duration, Instant};

use serde::Deserialize;
use serenity::all::{CreateInteractionResponse, Interaction};

use serenity::all::RoleId;

use crate::discord::convert;
use crate::reply::{Reply, ReplyKind};
use crate::service::flow::{Respond, SendError, Service};
use crate::service::metrics::Rejection;

/// Discord's interaction type number for PING.
const PING: u8 = 1;

/// Only the `type` of an interaction, read before the full model so a PING
/// is answered whatever else it carries.
#[derive(Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: u8,
}

/// The response to a verified interaction body, or why there is none.
pub async fn answer(
    service: &Service,
    moderator_roles: &[RoleId],
    body: &[u8],
    received: Instant,
) -> Result<CreateInteractionResponse, Rejection> {
    let Kind { kind } = serde_json::from_slice(body).map_err(|_| Rejection::Malformed)?;
    if kind == PING {
        tracing::debug!("PING answered");
        return Ok(CreateInteractionResponse::Pong);
    }
    let interaction: Interaction = serde_json::from_slice(body).map_err(|e| {
        tracing::warn!(
            error = %e,
            "a signed interaction did not match serenity's model; answered 400"
        );
        Rejection::Malformed
    })?;
    let Some((asked, incoming)) = convert::incoming(&interaction) else {
        tracing::debug!(kind = ?interaction.kind(), "an interaction of a kind factbot does not use");
        return Err(Rejection::Malformed);
    };
    let request = convert::request(asked, moderator_roles, received);
    let mut inline = Inline::default();
    service.handle(&request, incoming, &mut inline).await;
    Ok(inline.response.unwrap_or_else(nothing_sent))
}

/// How a response travels in HTTP mode: it is the HTTP response, so it is
/// kept here for the endpoint to return; nothing is ever deferred.
#[derive(Default)]
struct Inline {
    response: Option<CreateInteractionResponse>,
}

impl Respond for Inline {
    fn transport(&self) -> &'static str {
        "http"
    }

    fn defer_after(&self) -> Option<Duration> {
        None
    }

    async fn defer(&mut self, _ephemeral: bool) -> Result<(), SendError> {
        Err(SendError::failed("HTTP interactions are answered inline"))
    }

    async fn reply(&mut self, reply: &Reply) -> Result<(), SendError> {
        self.response = Some(convert::response_from_reply(reply));
        Ok(())
    }

    async fn update(&mut self, reply: &Reply) -> Result<(), SendError> {
        self.response = Some(convert::update_from_reply(reply));
        Ok(())
    }

    async fn choices(&mut self, choices: Vec<(String, String)>) -> Result<usize, SendError> {
        let (response, count) = convert::autocomplete_response(choices);
        self.response = Some(response);
        Ok(count)
    }
}

/// The flow always replies; were it ever not to, Discord still gets an
/// answer rather than a hung request.
fn nothing_sent() -> CreateInteractionResponse {
    convert::response_from_reply(&Reply::private(
        ReplyKind::Failed,
        "Something went wrong",
        "factbot could not answer this; the problem has been logged.",
    ))
}
