//! What the bot does with gateway events: register commands on READY,
//! track which shards are connected (readiness), and hand every command
//! and autocomplete interaction to the one flow
//! ([`crate::service::flow`]) with a REST `Responder`.

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    ConnectionStage, Context, Event, EventHandler, Interaction, RawEventHandler, Ready,
    ResumedEvent, ShardStageUpdateEvent,
};
use serenity::async_trait;

use super::responder::Responder;
use crate::discord::respond::Rest;
use crate::discord::settings::Settings;
use crate::discord::{convert, register};
use crate::service::admin::ShardStatus;
use crate::service::flow::Service;

/// The gateway event handler.
pub(crate) struct Handler {
    pub settings: Arc<Settings>,
    /// Answers every interaction (the flow both transports share).
    pub service: Arc<Service>,
    /// Tracks which shards are connected, for `/healthz`.
    pub shards: Arc<ShardStatus>,
    /// Sends the responses and registers the commands.
    pub rest: Arc<Rest>,
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
        self.rest.set_application(ready.application.id.get());
        register::register_everywhere(&self.rest, &self.settings.guild_ids).await;
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

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        let received = Instant::now();
        let Some((asked, incoming)) = convert::incoming(&interaction) else {
            tracing::debug!(
                kind = ?interaction.kind(),
                "ignored an interaction of a kind factbot does not use"
            );
            return;
        };
        let request = convert::request(asked, &self.settings.moderator_role_ids, received);
        let mut responder = Responder::new(
            &self.rest,
            asked.target(),
            self.settings.defer_after,
            received,
        );
        self.service
            .handle(&request, incoming, &mut responder)
            .await;
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
