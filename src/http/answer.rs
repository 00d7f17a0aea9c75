//! Answering a verified interaction body: PING with PONG, slash commands and
//! autocomplete inline, through the same code as the gateway mode: the
//! body is read into serenity's `Interaction` model and converted with
//! [`crate::discord::convert`]; `/reload` goes through the same moderator
//! check ([`crate::discord::access`]) and
//! [`Reloader`](crate::discord::Reloader) (audited alike).
//!
//! What differs from the gateway is only the transport: the response is
//! the HTTP answer instead of a REST callback, so nothing is deferred.

use std::sync::Arc;
use std::time::Instant;

use serde::Deserialize;
use serenity::all::{CommandInteraction, CreateInteractionResponse, Interaction};

use super::Endpoint;
use crate::commands::Command;
use crate::discord::reload::{self, Trigger};
use crate::discord::{INTERACTION_TARGET, access, convert};
use crate::metrics::Rejection;
use crate::reply::Reply;

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
    endpoint: &Endpoint,
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
    match interaction {
        Interaction::Command(c) => Ok(command(endpoint, &c, received).await),
        Interaction::Autocomplete(c) => Ok(autocomplete(endpoint, &c, received).await),
        other => {
            tracing::debug!(kind = ?other.kind(), "an interaction of a kind factbot does not use");
            Err(Rejection::Malformed)
        }
    }
}

async fn command(
    endpoint: &Endpoint,
    interaction: &CommandInteraction,
    received: Instant,
) -> CreateInteractionResponse {
    let (outcome, reply) = if interaction.data.name == Command::Reload.name() {
        reload(endpoint, interaction).await
    } else {
        match convert::command_from_interaction(interaction) {
            Ok(command) => {
                let reply = execute(endpoint, command).await;
                (reply.kind.as_str(), reply)
            }
            Err(e) => ("unreadable", convert::reply_from_error(&e)),
        }
    };
    let response = convert::response_from_reply(&reply);
    let took = received.elapsed();
    endpoint
        .metrics
        .record_interaction(&interaction.data.name, outcome, took);
    log_interaction("command", interaction, outcome, took);
    response
}

/// Runs a command off the async threads, a bounded number at a time.
async fn execute(endpoint: &Endpoint, command: Command) -> Reply {
    let backend = Arc::clone(&endpoint.backend);
    let _permit = endpoint.workers.acquire().await;
    let joined = tokio::task::spawn_blocking(move || backend.execute(&command)).await;
    crate::discord::handler::reply_from_job(joined)
}

/// `/reload`: the gateway's moderator rules, carried out inline.
async fn reload(endpoint: &Endpoint, interaction: &CommandInteraction) -> (&'static str, Reply) {
    let grant = match access::moderator_access(interaction, &endpoint.moderator_role_ids) {
        Ok(grant) => grant,
        Err(refusal) => {
            reload::audit_refusal(interaction.user.id, interaction.guild_id, refusal);
            return ("refused", reload::reply_from_refusal(refusal));
        }
    };
    let Some(guild) = interaction.guild_id else {
        // moderator_access refuses DMs, so this is not reached.
        return (
            "refused",
            reload::reply_from_refusal(access::Refusal::DirectMessage),
        );
    };
    let trigger = Trigger::Command {
        user: interaction.user.id,
        guild,
        grant,
    };
    let result = endpoint.reloader.reload(trigger).await;
    let reply = reload::reply_from_reload(&result, &endpoint.reloader.version());
    let outcome = if result.is_ok() {
        "reloaded"
    } else {
        "reload_failed"
    };
    (outcome, reply)
}

async fn autocomplete(
    endpoint: &Endpoint,
    interaction: &CommandInteraction,
    received: Instant,
) -> CreateInteractionResponse {
    let response =
        crate::discord::autocomplete(&endpoint.backend, &endpoint.workers, interaction).await;
    endpoint.metrics.record_autocomplete();
    log_interaction("autocomplete", interaction, "choices", received.elapsed());
    response
}

/// The one line per interaction, with the gateway's target and fields.
fn log_interaction(
    kind: &'static str,
    interaction: &CommandInteraction,
    outcome: &str,
    took: std::time::Duration,
) {
    let guild = interaction
        .guild_id
        .map_or_else(|| "dm".to_string(), |g| g.get().to_string());
    tracing::info!(
        target: INTERACTION_TARGET,
        kind,
        command = interaction.data.name.as_str(),
        guild = %guild,
        user = interaction.user.id.get(),
        outcome,
        deferred = false,
        transport = "http",
        latency_us = took.as_micros() as u64,
        "interaction answered"
    );
}
