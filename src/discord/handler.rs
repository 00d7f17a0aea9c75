//! What the bot does with gateway events: register commands on READY,
//! answer commands and autocomplete, carry out `/reload`, and log one line
//! per interaction (target `factbot::interaction`: kind, command, guild,
//! user, outcome, whether it was deferred, latency).
//!
//! Commands run off the async threads, a bounded number at a time. A
//! command that has not finished within the defer budget is deferred (so
//! Discord's 3-second window is never missed) and the answer edited in.

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    CommandInteraction, ConnectionStage, Context, CreateInteractionResponse,
    CreateInteractionResponseMessage, Event, EventHandler, Http, Interaction, RawEventHandler,
    Ready, ResumedEvent, ShardStageUpdateEvent,
};
use serenity::async_trait;
use tokio::sync::Semaphore;

use super::reload::{self, Reloader, Trigger};
use super::{Backend, Settings, access, convert, register, respond};
use crate::admin::ShardStatus;
use crate::commands::Command;
use crate::metrics::Metrics;
use crate::reply::{Reply, ReplyKind};

/// The tracing target of the one line logged per interaction.
pub const INTERACTION_TARGET: &str = "factbot::interaction";

/// The gateway event handler.
pub(crate) struct Handler {
    pub settings: Arc<Settings>,
    pub backend: Arc<dyn Backend>,
    pub reloader: Arc<Reloader>,
    /// Bounds the commands running at once (each holds a blocking thread).
    pub workers: Arc<Semaphore>,
    /// Counts interactions for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Tracks which shards are connected, for `/healthz`.
    pub shards: Arc<ShardStatus>,
}

/// How an interaction ended, for its log line.
struct Outcome {
    /// What was answered: a reply kind, `refused`, `reloaded`, ...
    label: &'static str,
    deferred: bool,
    choices: Option<usize>,
    sent: serenity::Result<()>,
}

impl Outcome {
    fn new(label: &'static str, deferred: bool, sent: serenity::Result<()>) -> Outcome {
        Outcome {
            label,
            deferred,
            choices: None,
            sent,
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        if let Some(info) = ready.shard {
            self.shards.learn_total(info.total);
        }
        self.shards.connected(ctx.shard_id.0);
        tracing::info!(
            bot = %ready.user.name,
            bot_id = ready.user.id.get(),
            application_id = ready.application.id.get(),
            guilds = ready.guilds.len(),
            "connected to the Discord gateway"
        );
        for scope in register::scopes(&self.settings.guild_ids) {
            match register::ensure_registered(&ctx.http, scope).await {
                Ok(result) => {
                    tracing::info!(scope = %scope, result = ?result, "slash commands registered")
                }
                Err(e) => tracing::error!(
                    scope = %scope,
                    error = %respond::describe(&e),
                    "registering the slash commands failed; check that the bot was invited with \
                     the applications.commands scope"
                ),
            }
        }
    }

    async fn resume(&self, ctx: Context, _event: ResumedEvent) {
        self.shards.connected(ctx.shard_id.0);
        tracing::info!("gateway session resumed");
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        match event.new {
            ConnectionStage::Connected => self.shards.connected(event.shard_id.0),
            _ => self.shards.disconnected(event.shard_id.0),
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(c) => self.on_command(&ctx.http, c).await,
            Interaction::Autocomplete(c) => self.on_autocomplete(&ctx.http, c).await,
            other => tracing::debug!(
                kind = ?other.kind(),
                "ignored an interaction of a kind factbot does not use"
            ),
        }
    }
}

impl Handler {
    async fn on_command(&self, http: &Http, interaction: CommandInteraction) {
        let started = Instant::now();
        let outcome = if interaction.data.name == Command::Reload.name() {
            self.reload(http, &interaction).await
        } else {
            self.answer(http, &interaction).await
        };
        log_interaction("command", &interaction, started, &outcome);
        let counted = if outcome.sent.is_ok() {
            outcome.label
        } else {
            "send_failed"
        };
        self.metrics
            .record_interaction(&interaction.data.name, counted, started.elapsed());
    }

    async fn answer(&self, http: &Http, interaction: &CommandInteraction) -> Outcome {
        let command = match convert::command_from_interaction(interaction) {
            Ok(c) => c,
            Err(e) => {
                let reply = convert::reply_from_error(&e);
                let sent =
                    respond::create(http, interaction, convert::response_from_reply(&reply)).await;
                return Outcome::new("unreadable", false, sent);
            }
        };
        let backend = Arc::clone(&self.backend);
        let workers = Arc::clone(&self.workers);
        let mut job = tokio::spawn(async move {
            let _permit = workers.acquire_owned().await;
            tokio::task::spawn_blocking(move || backend.execute(&command)).await
        });

        let defer_after = self.settings.defer_after;
        let early = if defer_after.is_zero() {
            None
        } else {
            tokio::time::timeout(defer_after, &mut job).await.ok()
        };
        if let Some(joined) = early {
            let reply = reply_from_job(joined.and_then(|r| r));
            let sent =
                respond::create(http, interaction, convert::response_from_reply(&reply)).await;
            return Outcome::new(reply.kind.as_str(), false, sent);
        }

        // Too slow for one round trip: acknowledge now, answer when ready.
        let defer = CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new().allowed_mentions(convert::no_mentions()),
        );
        if let Err(e) = respond::create(http, interaction, defer).await {
            job.abort();
            return Outcome::new("defer_failed", true, Err(e));
        }
        let reply = reply_from_job(job.await.and_then(|r| r));
        let sent = if reply.ephemeral {
            // A deferred response is public; a private reply goes in an
            // ephemeral follow-up and the public placeholder is removed.
            match respond::followup(http, interaction, convert::followup_from_reply(&reply)).await {
                Ok(()) => respond::delete_original(http, interaction).await,
                Err(e) => Err(e),
            }
        } else {
            respond::edit_original(http, interaction, convert::edit_from_reply(&reply)).await
        };
        Outcome::new(reply.kind.as_str(), true, sent)
    }

    async fn reload(&self, http: &Http, interaction: &CommandInteraction) -> Outcome {
        let grant = match access::moderator_access(interaction, &self.settings.moderator_role_ids) {
            Ok(grant) => grant,
            Err(refusal) => {
                reload::audit_refusal(interaction.user.id, interaction.guild_id, refusal);
                let reply = reload::reply_from_refusal(refusal);
                let sent =
                    respond::create(http, interaction, convert::response_from_reply(&reply)).await;
                return Outcome::new("refused", false, sent);
            }
        };
        let Some(guild) = interaction.guild_id else {
            // moderator_access refuses DMs, so this is not reached.
            return Outcome::new("refused", false, Ok(()));
        };
        // A reload reads and validates every file: always deferred.
        let defer = CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new()
                .ephemeral(true)
                .allowed_mentions(convert::no_mentions()),
        );
        if let Err(e) = respond::create(http, interaction, defer).await {
            return Outcome::new("defer_failed", true, Err(e));
        }
        let trigger = Trigger::Command {
            user: interaction.user.id,
            guild,
            grant,
        };
        let result = self.reloader.reload(trigger).await;
        let reply = reload::reply_from_reload(&result, &self.reloader.version());
        let sent =
            respond::edit_original(http, interaction, convert::edit_from_reply(&reply)).await;
        let label = if result.is_ok() {
            "reloaded"
        } else {
            "reload_failed"
        };
        Outcome::new(label, true, sent)
    }

    async fn on_autocomplete(&self, http: &Http, interaction: CommandInteraction) {
        let started = Instant::now();
        let response = super::autocomplete(&self.backend, &self.workers, &interaction).await;
        let count = match &response {
            CreateInteractionResponse::Autocomplete(a) => serde_json::to_value(a)
                .ok()
                .and_then(|v| v.get("choices").and_then(|c| c.as_array()).map(Vec::len)),
            _ => None,
        };
        let sent = respond::create(http, &interaction, response).await;
        let mut outcome = Outcome::new("choices", false, sent);
        outcome.choices = count;
        log_interaction("autocomplete", &interaction, started, &outcome);
        self.metrics.record_autocomplete();
    }
}

/// The reply from a finished command job; a crash becomes a private apology.
pub(crate) fn reply_from_job(joined: Result<Reply, tokio::task::JoinError>) -> Reply {
    joined.unwrap_or_else(|e| {
        tracing::error!(error = %e, "a command crashed (a bug)");
        Reply::private(
            ReplyKind::Failed,
            "Something went wrong",
            "factbot could not answer this; the problem has been logged.",
        )
    })
}

fn log_interaction(
    kind: &'static str,
    interaction: &CommandInteraction,
    started: Instant,
    outcome: &Outcome,
) {
    let latency_us = started.elapsed().as_micros() as u64;
    let guild = interaction
        .guild_id
        .map_or_else(|| "dm".to_string(), |g| g.get().to_string());
    let user = interaction.user.id.get();
    let command = interaction.data.name.as_str();
    match &outcome.sent {
        Ok(()) => tracing::info!(
            target: INTERACTION_TARGET,
            kind,
            command,
            guild = %guild,
            user,
            outcome = outcome.label,
            deferred = outcome.deferred,
            choices = outcome.choices,
            latency_us,
            "interaction answered"
        ),
        Err(e) => tracing::warn!(
            target: INTERACTION_TARGET,
            kind,
            command,
            guild = %guild,
            user,
            outcome = outcome.label,
            deferred = outcome.deferred,
            latency_us,
            error = %respond::describe(e),
            "answering an interaction failed"
        ),
    }
}

/// Makes events that serenity could not read visible: they arrive as
/// `Event::Unknown`, are logged at debug level by serenity, and never reach
/// [`Handler`]. An interaction lost that way is a warning.
pub(crate) struct DroppedEvents;

#[async_trait]
impl RawEventHandler for DroppedEvents {
    async fn raw_event(&self, _ctx: Context, event: Event) {
        if let Event::Unknown(unknown) = &event {
            if unknown.kind == "INTERACTION_CREATE" {
                tracing::warn!(
                    event = %unknown.kind,
                    "an interaction did not match serenity's model and was dropped unanswered"
                );
            } else {
                tracing::debug!(event = %unknown.kind, "ignored a gateway event serenity does not model");
            }
        }
    }
}
