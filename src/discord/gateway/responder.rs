//! How a response travels on the gateway transport: over REST, as the
//! interaction's callback, or — when the flow defers a slow command — as an
//! acknowledgement first and the answer edited in (or, for a private
//! answer, sent as an ephemeral follow-up with the public placeholder
//! removed). Rate limits are waited out as Discord asks, within the
//! interaction's deadlines ([`crate::discord::respond`]).

use std::time::Duration;

use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage};
use tokio::time::Instant;

use crate::discord::convert;
use crate::discord::respond::{ANSWER_WITHIN, Rest, RestError, TOKEN_LIFETIME, Target};
use crate::reply::Reply;
use crate::service::flow::{Respond, SendError};

/// Answers one interaction over REST.
pub(crate) struct Responder<'a> {
    rest: &'a Rest,
    to: Target<'a>,
    defer_after: Duration,
    /// When the interaction arrived: its deadlines run from here.
    received: Instant,
    /// Set once acknowledged: whether the acknowledgement was private.
    deferred: Option<bool>,
}

impl<'a> Responder<'a> {
    pub(crate) fn new(
        rest: &'a Rest,
        to: Target<'a>,
        defer_after: Duration,
        received: std::time::Instant,
    ) -> Responder<'a> {
        Responder {
            rest,
            to,
            defer_after,
            received: Instant::from_std(received),
            deferred: None,
        }
    }

    /// The initial response must arrive within 3 s of the interaction.
    fn answer_by(&self) -> Instant {
        self.received + ANSWER_WITHIN
    }

    /// Edits and follow-ups work as long as the token does.
    fn token_lasts(&self) -> Instant {
        self.received + TOKEN_LIFETIME
    }
}

fn sent(result: Result<(), RestError>) -> Result<(), SendError> {
    result.map_err(|e| match e {
        RestError::RateLimited { .. } => SendError::rate_limited(e.to_string()),
        RestError::Expired => SendError::expired(e.to_string()),
        other => SendError::failed(other.to_string()),
    })
}

impl Respond for Responder<'_> {
    fn transport(&self) -> &'static str {
        "gateway"
    }

    fn defer_after(&self) -> Option<Duration> {
        Some(self.defer_after)
    }

    async fn defer(&mut self, ephemeral: bool) -> Result<(), SendError> {
        let defer = CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new()
                .ephemeral(ephemeral)
                .allowed_mentions(convert::no_mentions()),
        );
        sent(self.rest.create(self.to, &defer, self.answer_by()).await)?;
        self.deferred = Some(ephemeral);
        Ok(())
    }

    async fn reply(&mut self, reply: &Reply) -> Result<(), SendError> {
        let (rest, to) = (self.rest, self.to);
        sent(match self.deferred {
            None => {
                rest.create(to, &convert::response_from_reply(reply), self.answer_by())
                    .await
            }
            // A public acknowledgement cannot become private: the private
            // reply goes in an ephemeral follow-up and the placeholder goes.
            Some(false) if reply.ephemeral => {
                let by = self.token_lasts();
                match rest
                    .followup(to, &convert::followup_from_reply(reply), by)
                    .await
                {
                    Ok(()) => rest.delete_original(to, by).await,
                    Err(e) => Err(e),
                }
            }
            Some(_) => {
                rest.edit_original(to, &convert::edit_from_reply(reply), self.token_lasts())
                    .await
            }
        })
    }

    async fn update(&mut self, reply: &Reply) -> Result<(), SendError> {
        let update = convert::update_from_reply(reply);
        sent(self.rest.create(self.to, &update, self.answer_by()).await)
    }

    async fn choices(&mut self, choices: Vec<(String, String)>) -> Result<usize, SendError> {
        let (response, count) = convert::autocomplete_response(choices);
        sent(self.rest.create(self.to, &response, self.answer_by()).await)?;
        Ok(count)
    }
}
