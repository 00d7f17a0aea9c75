//! How a response travels on the gateway transport: over REST, as the
//! interaction's callback, or — when the flow defers a slow command — as an
//! acknowledgement first and the answer edited in (or, for a private
//! answer, sent as an ephemeral follow-up with the public placeholder
//! removed). Sends are retried on rate limits ([`crate::discord::respond`]).

use std::time::Duration;

use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage, Http};

use crate::discord::respond::Target;
use crate::discord::{convert, respond};
use crate::reply::Reply;
use crate::service::flow::{Respond, SendError};

/// Answers one interaction over REST.
pub(crate) struct Responder<'a> {
    http: &'a Http,
    to: Target<'a>,
    defer_after: Duration,
    /// Set once acknowledged: whether the acknowledgement was private.
    deferred: Option<bool>,
}

impl<'a> Responder<'a> {
    pub(crate) fn new(http: &'a Http, to: Target<'a>, defer_after: Duration) -> Responder<'a> {
        Responder {
            http,
            to,
            defer_after,
            deferred: None,
        }
    }
}

fn sent(result: serenity::Result<()>) -> Result<(), SendError> {
    result.map_err(|e| SendError(respond::describe(&e)))
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
        sent(respond::create(self.http, self.to, defer).await)?;
        self.deferred = Some(ephemeral);
        Ok(())
    }

    async fn reply(&mut self, reply: &Reply) -> Result<(), SendError> {
        let (http, to) = (self.http, self.to);
        sent(match self.deferred {
            None => respond::create(http, to, convert::response_from_reply(reply)).await,
            // A public acknowledgement cannot become private: the private
            // reply goes in an ephemeral follow-up and the placeholder goes.
            Some(false) if reply.ephemeral => {
                match respond::followup(http, to, convert::followup_from_reply(reply)).await {
                    Ok(()) => respond::delete_original(http, to).await,
                    Err(e) => Err(e),
                }
            }
            Some(_) => respond::edit_original(http, to, convert::edit_from_reply(reply)).await,
        })
    }

    async fn update(&mut self, reply: &Reply) -> Result<(), SendError> {
        let update = convert::update_from_reply(reply);
        sent(respond::create(self.http, self.to, update).await)
    }

    async fn choices(&mut self, choices: Vec<(String, String)>) -> Result<usize, SendError> {
        let (response, count) = convert::autocomplete_response(choices);
        sent(respond::create(self.http, self.to, response).await)?;
        Ok(count)
    }
}
