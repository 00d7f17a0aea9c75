//! The HTTP endpoint itself: the routes, the body limit, the signature
//! check of every request, and turning away what is not from Discord
//! (counted by reason). Verified bodies are answered by [`super::answer`].

use std::future::Future;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::all::{CreateInteractionResponse, RoleId};
use serenity::interactions_endpoint::Verifier;

use super::{answer, verify};
use crate::service::flow::Service;
use crate::service::metrics::{Metrics, Rejection};

/// The largest request body accepted. Discord's interaction payloads are a
/// few KiB; anything far bigger is not from Discord.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything a request needs, shared by all requests of one server.
pub struct Endpoint {
    pub verifier: Verifier,
    /// Answers every interaction (the flow both transports share).
    pub service: Arc<Service>,
    /// Roles whose members may `/reload`, besides Manage Server and
    /// Administrator.
    pub moderator_role_ids: Vec<RoleId>,
}

impl Endpoint {
    pub fn new(
        verifier: Verifier,
        service: Arc<Service>,
        moderator_role_ids: Vec<RoleId>,
    ) -> Endpoint {
        Endpoint {
            verifier,
            service,
            moderator_role_ids,
        }
    }

    fn metrics(&self) -> Arc<Metrics> {
        self.service.metrics()
    }
}

/// The routes: `POST /` and `POST /interactions` (either may be configured
/// as the application's Interactions Endpoint URL).
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/", post(interactions))
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(endpoint)
}

/// Serves the endpoint on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(endpoint))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn interactions(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let received = Instant::now();
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(&endpoint, Rejection::TooLarge);
        }
        Err(rejection) => return rejection.into_response(),
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Err(why) = verify::check(
        &endpoint.verifier,
        header(verify::SIGNATURE_HEADER),
        header(verify::TIMESTAMP_HEADER),
        &body,
        SystemTime::now(),
    ) {
        return refuse(&endpoint, why);
    }
    match answer::answer(
        &endpoint.service,
        &endpoint.moderator_role_ids,
        &body,
        received,
    )
    .await
    {
        // serenity writes `"data": null` after PONG; Discord documents
        // exactly `{"type": 1}`.
        Ok(CreateInteractionResponse::Pong) => {
            axum::Json(serde_json::json!({"type": 1})).into_response()
        }
        Ok(response) => axum::Json(response).into_response(),
        Err(why) => refuse(&endpoint, why),
    }
}

/// Counts and answers a request that was turned away.
fn refuse(endpoint: &Endpoint, why: Rejection) -> Response {
    endpoint.metrics().record_rejection(why);
    tracing::warn!(reason = why.as_str(), "interaction request rejected");
    let (status, message) = match why {
        Rejection::MissingHeaders | Rejection::BadSignature | Rejection::Stale => {
            (StatusCode::UNAUTHORIZED, "invalid request signature")
        }
        Rejection::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        Rejection::Malformed => (
            StatusCode::BAD_REQUEST,
            "not an interaction factbot handles",
        ),
    };
    (status, message).into_response()
}
