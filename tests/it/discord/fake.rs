//! A fake Discord on 127.0.0.1: the REST endpoints a slash-command bot uses
//! and the gateway websocket, enough for a real serenity client to connect,
//! register commands, receive interactions and answer them.
//!
//! It records every REST request and gateway operation the bot sends, so
//! tests assert on what the bot actually put on the wire. Gateway sessions
//! follow Discord's protocol: HELLO, IDENTIFY (token checked) → READY,
//! heartbeats acknowledged, RESUME → missed dispatches replayed + RESUMED.
//! [`FakeDiscord::drop_connection`] closes the live connection the way
//! Discord does when it wants a client to reconnect (close code 4000).
//!
//! Every wait is bounded ([`FakeDiscord::wait_until`] takes a timeout).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};
use serenity::futures::{SinkExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::payload;

/// The application (and bot user) the fake pretends the bot is.
pub const APP_ID: u64 = 910_000_000_000_000_001;
pub const BOT_USER_ID: u64 = 910_000_000_000_000_001;
/// How often the fake asks for heartbeats.
pub const HEARTBEAT_MS: u64 = 5_000;
/// REST requests kept for the tests to read (the newest).
const RECORD_LIMIT: usize = 20_000;
/// Dispatches kept for RESUME replay.
const REPLAY_LIMIT: usize = 20_000;

/// One REST request the bot sent.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path without the query, e.g. `/api/v10/gateway`.
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// Whether `Authorization: Bot <token>` was sent with the right token.
    pub authorized: bool,
    /// When it arrived.
    pub at: std::time::Instant,
}

/// The REST routes the fake can rate limit or expire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Route {
    Callback,
    Edit,
    Followup,
    PutCommands,
}

/// A rate limit to answer the next requests of a route with.
#[derive(Clone, Copy, Debug)]
struct Limit {
    times: u32,
    retry_after: f64,
    global: bool,
}

/// One gateway operation the bot sent.
#[derive(Clone, Debug, PartialEq)]
pub enum GatewayOp {
    Identify {
        token_ok: bool,
        intents: u64,
    },
    Resume {
        seq: u64,
        token_ok: bool,
        session_ok: bool,
    },
    Heartbeat,
    Other(u64),
}

enum Frame {
    Text(String),
    Close(u16),
}

#[derive(Default)]
struct Gateway {
    seq: u64,
    session: Option<String>,
    /// Dispatches of the current session, for replay on RESUME.
    sent: std::collections::VecDeque<(u64, String)>,
    /// The live connection's outbox and id.
    live: Option<(u64, mpsc::UnboundedSender<Frame>)>,
    ops: Vec<GatewayOp>,
    /// The `d` of every IDENTIFY, as sent (shard ids, intents, ...).
    identifies: Vec<Value>,
    connections: u64,
}

struct Shared {
    token: String,
    ws_url: OnceLock<String>,
    requests: Mutex<Vec<Recorded>>,
    gateway: Mutex<Gateway>,
    /// Registered commands: key `global` or a guild id.
    commands: Mutex<BTreeMap<String, Vec<Value>>>,
    next_id: AtomicU64,
    /// 429s to answer, per route.
    limits: Mutex<BTreeMap<Route, Limit>>,
    /// How many upcoming interaction callbacks get 404 "Unknown interaction".
    expire_callbacks: AtomicU32,
    /// Whether heartbeats are acknowledged.
    ack_heartbeats: std::sync::atomic::AtomicBool,
    /// Files served as attachments (the CDN): path → bytes.
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    /// Bumped on every recorded request or gateway operation.
    changed: watch::Sender<u64>,
}

impl Shared {
    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    fn authorized(&self, header: Option<&str>) -> bool {
        header == Some(format!("Bot {}", self.token).as_str())
    }
}

/// A running fake Discord. Dropping it stops the server.
pub struct FakeDiscord {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeDiscord {
    /// Starts the fake on 127.0.0.1:0; `token` is the only bot token it
    /// accepts.
    pub async fn start(token: &str) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (changed, _) = watch::channel(0);
        let shared = Arc::new(Shared {
            token: token.to_string(),
            ws_url: OnceLock::new(),
            requests: Mutex::new(Vec::new()),
            gateway: Mutex::new(Gateway::default()),
            commands: Mutex::new(BTreeMap::new()),
            next_id: AtomicU64::new(920_000_000_000_000_000),
            limits: Mutex::new(BTreeMap::new()),
            expire_callbacks: AtomicU32::new(0),
            ack_heartbeats: std::sync::atomic::AtomicBool::new(true),
            files: Mutex::new(BTreeMap::new()),
            changed,
        });
        let _ = shared.ws_url.set(format!("ws://{addr}/gateway"));
        let app = Router::new()
            .route("/gateway", any(gateway))
            .fallback(rest)
            .with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeDiscord {
            addr,
            shared,
            server,
        }
    }

    /// The `api_url` to give the bot.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every REST request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Every gateway operation so far.
    pub fn gateway_ops(&self) -> Vec<GatewayOp> {
        self.shared.gateway.lock().unwrap().ops.clone()
    }

    /// The `d` of every IDENTIFY received, token removed.
    pub fn identify_payloads(&self) -> Vec<Value> {
        self.shared.gateway.lock().unwrap().identifies.clone()
    }

    /// How many websocket connections the bot opened.
    pub fn connections(&self) -> u64 {
        self.shared.gateway.lock().unwrap().connections
    }

    /// The commands registered in `scope` (`global` or a guild id).
    pub fn registered(&self, scope: &str) -> Vec<Value> {
        self.shared
            .commands
            .lock()
            .unwrap()
            .get(scope)
            .cloned()
            .unwrap_or_default()
    }

    /// Pre-registers commands, as if left from an earlier run.
    pub fn preregister(&self, scope: &str, payload: &Value) {
        let stored = stored_commands(&self.shared, scope, payload);
        self.shared
            .commands
            .lock()
            .unwrap()
            .insert(scope.to_string(), stored);
    }

    /// Serves `bytes` as an attachment named `name` (the CDN's part of
    /// Discord) and returns its URL.
    pub fn host_file(&self, name: &str, bytes: &[u8]) -> String {
        let path = format!(
            "/attachments/{}/{}/{name}",
            payload::CHANNEL,
            self.shared.next_id()
        );
        self.shared
            .files
            .lock()
            .unwrap()
            .insert(path.clone(), bytes.to_vec());
        format!("http://{}{path}", self.addr)
    }

    /// An attachment URL the CDN answers 404 to (deleted, or expired).
    pub fn missing_file(&self, name: &str) -> String {
        format!(
            "http://{}/attachments/{}/1/{name}",
            self.addr,
            payload::CHANNEL
        )
    }

    /// Answers the next `n` interaction callbacks with 429 Too Many Requests
    /// (`retry_after` 0.05 s).
    pub fn rate_limit_next_callbacks(&self, n: u32) {
        self.rate_limit(Route::Callback, n, 0.05, false);
    }

    /// Answers the next `times` requests of `route` with 429, asking to
    /// retry after `retry_after` seconds (for every route if `global`).
    pub fn rate_limit(&self, route: Route, times: u32, retry_after: f64, global: bool) {
        self.shared.limits.lock().unwrap().insert(
            route,
            Limit {
                times,
                retry_after,
                global,
            },
        );
    }

    /// Answers the next `n` interaction callbacks 404 with code 10062
    /// ("Unknown interaction"), as Discord does once 3 s have passed.
    pub fn expire_next_callbacks(&self, n: u32) {
        self.shared.expire_callbacks.store(n, Ordering::SeqCst);
    }

    /// Stops (or resumes) acknowledging heartbeats, as a gateway that
    /// stopped answering would.
    pub fn acknowledge_heartbeats(&self, yes: bool) {
        self.shared.ack_heartbeats.store(yes, Ordering::SeqCst);
    }

    /// Sends a raw gateway payload (e.g. op 7 RECONNECT, op 9 INVALID
    /// SESSION) on the live connection; whether one was open.
    pub fn send_op(&self, payload: Value) -> bool {
        let gw = self.shared.gateway.lock().unwrap();
        match &gw.live {
            Some((_, tx)) => tx.send(Frame::Text(payload.to_string())).is_ok(),
            None => false,
        }
    }

    /// The requests of `route` so far.
    pub fn requests_of(&self, route: Route) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| route_of(&r.method, &r.path) == Some(route))
            .collect()
    }

    /// Sends a dispatch (op 0) on the live connection, or keeps it for
    /// replay when the bot resumes.
    pub fn dispatch(&self, event: &str, data: Value) {
        let mut gw = self.shared.gateway.lock().unwrap();
        push_dispatch(&mut gw, event, data);
    }

    /// Closes the live gateway connection with code 4000 (Discord's
    /// "unknown error, reconnect"). Returns whether one was open.
    pub fn drop_connection(&self) -> bool {
        let live = self.shared.gateway.lock().unwrap().live.take();
        match live {
            Some((_, tx)) => tx.send(Frame::Close(4000)).is_ok(),
            None => false,
        }
    }

    /// Waits until `done(self)` holds, re-checking on every request or
    /// gateway operation; panics naming `what` after `timeout`.
    pub async fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&FakeDiscord) -> bool,
    ) {
        let mut rx = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if done(self) {
                return;
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => continue,
                Ok(Err(_)) => panic!("fake Discord stopped while waiting for {what}"),
                Err(_) => {
                    if done(self) {
                        return;
                    }
                    panic!("timed out after {timeout:?} waiting for {what}")
                }
            }
        }
    }

    /// What the bot sent in answer to the interaction with this token:
    /// the callback body, then edits of the original and follow-ups.
    pub fn answer_to(&self, interaction_token: &str) -> Answer {
        let mut answer = Answer::default();
        let callback_suffix = format!("/{interaction_token}/callback");
        let webhook = format!("/webhooks/{APP_ID}/{interaction_token}");
        for r in self.requests() {
            if r.method == "POST" && r.path.ends_with(&callback_suffix) {
                answer.callbacks.push(r.body.clone().unwrap_or(Value::Null));
            } else if r.path == format!("/api/v10{webhook}/messages/@original") {
                match r.method.as_str() {
                    "PATCH" => answer.edits.push(r.body.clone().unwrap_or(Value::Null)),
                    "DELETE" => answer.deleted_original = true,
                    _ => {}
                }
            } else if r.method == "POST" && r.path == format!("/api/v10{webhook}") {
                answer.followups.push(r.body.clone().unwrap_or(Value::Null));
            }
        }
        answer
    }
}

/// What the bot sent for one interaction.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// Bodies of `POST /interactions/{id}/{token}/callback` (including ones
    /// the fake refused with 429).
    pub callbacks: Vec<Value>,
    pub edits: Vec<Value>,
    pub followups: Vec<Value>,
    pub deleted_original: bool,
}

impl Answer {
    /// The message the asker finally sees: the last follow-up, else the
    /// last edit, else the callback's data.
    pub fn message(&self) -> Option<&Value> {
        self.followups
            .last()
            .or(self.edits.last())
            .or_else(|| self.callbacks.last().map(|c| &c["data"]))
    }

    /// The first embed of [`Answer::message`].
    pub fn embed(&self) -> Option<&Value> {
        self.message()
            .map(|m| &m["embeds"][0])
            .filter(|e| !e.is_null())
    }

    /// Whether the answer is complete: an immediate message or
    /// autocomplete, or a deferral followed by an edit or a follow-up.
    pub fn is_complete(&self) -> bool {
        match self.callbacks.last().and_then(|c| c["type"].as_u64()) {
            Some(4) | Some(7) | Some(8) => true,
            Some(5) => {
                !self.edits.is_empty() || (!self.followups.is_empty() && self.deleted_original)
            }
            _ => false,
        }
    }
}

fn push_dispatch(gw: &mut Gateway, event: &str, data: Value) {
    gw.seq += 1;
    let text = json!({"op": 0, "s": gw.seq, "t": event, "d": data}).to_string();
    gw.sent.push_back((gw.seq, text.clone()));
    if gw.sent.len() > REPLAY_LIMIT {
        gw.sent.pop_front();
    }
    if let Some((_, tx)) = &gw.live {
        let _ = tx.send(Frame::Text(text));
    }
}

fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID.to_string(),
        "username": "factbot",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "flags": 0,
        "public_flags": 0
    })
}

fn ready(session: &str, ws_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [],
        "session_id": session,
        "resume_gateway_url": ws_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0}
    })
}

async fn gateway(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| connection(shared, socket))
}

async fn connection(shared: Arc<Shared>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Frame>();
    let id = shared.next_id();
    shared.gateway.lock().unwrap().connections += 1;
    let _ = tx.send(Frame::Text(
        json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}).to_string(),
    ));
    let writer = tokio::spawn(async move {
        while let Some(frame) = rx.recv().await {
            match frame {
                Frame::Text(text) => {
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Frame::Close(code) => {
                    let frame = CloseFrame {
                        code,
                        reason: "fake Discord: reconnect".into(),
                    };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        let text = match message {
            Message::Text(t) => t.as_str().to_string(),
            Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
            Message::Close(_) => break,
            _ => continue,
        };
        let Ok(payload) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        on_gateway_payload(&shared, id, &tx, &payload);
        shared.bump();
    }
    {
        let mut gw = shared.gateway.lock().unwrap();
        if gw.live.as_ref().is_some_and(|(live, _)| *live == id) {
            gw.live = None;
        }
    }
    writer.abort();
    shared.bump();
}

fn on_gateway_payload(
    shared: &Shared,
    id: u64,
    tx: &mpsc::UnboundedSender<Frame>,
    payload: &Value,
) {
    let op = payload["op"].as_u64().unwrap_or(u64::MAX);
    let d = &payload["d"];
    let mut gw = shared.gateway.lock().unwrap();
    match op {
        2 => {
            let token_ok = shared.authorized(d["token"].as_str());
            let mut sent = d.clone();
            sent["token"] = Value::Null;
            gw.identifies.push(sent);
            gw.ops.push(GatewayOp::Identify {
                token_ok,
                intents: d["intents"].as_u64().unwrap_or(u64::MAX),
            });
            if !token_ok {
                let _ = tx.send(Frame::Close(4004));
                return;
            }
            let session = format!("session-{}", shared.next_id());
            gw.session = Some(session.clone());
            gw.seq = 0;
            gw.sent.clear();
            gw.live = Some((id, tx.clone()));
            let ws_url = shared.ws_url.get().cloned().unwrap_or_default();
            push_dispatch(&mut gw, "READY", ready(&session, &ws_url));
        }
        6 => {
            let token_ok = shared.authorized(d["token"].as_str());
            let session_ok = gw.session.as_deref() == d["session_id"].as_str();
            let seq = d["seq"].as_u64().unwrap_or(0);
            gw.ops.push(GatewayOp::Resume {
                seq,
                token_ok,
                session_ok,
            });
            if !token_ok {
                let _ = tx.send(Frame::Close(4004));
                return;
            }
            if !session_ok {
                let _ = tx.send(Frame::Text(json!({"op": 9, "d": false}).to_string()));
                return;
            }
            gw.live = Some((id, tx.clone()));
            for (_, text) in gw.sent.iter().filter(|(s, _)| *s > seq) {
                let _ = tx.send(Frame::Text(text.clone()));
            }
            push_dispatch(&mut gw, "RESUMED", json!({}));
        }
        1 => {
            gw.ops.push(GatewayOp::Heartbeat);
            if shared.ack_heartbeats.load(Ordering::SeqCst) {
                let _ = tx.send(Frame::Text(json!({"op": 11}).to_string()));
            }
        }
        other => gw.ops.push(GatewayOp::Other(other)),
    }
}

fn stored_commands(shared: &Shared, scope: &str, payload: &Value) -> Vec<Value> {
    payload
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut c| {
            let obj = c.as_object_mut().expect("a command is an object");
            obj.insert("id".into(), shared.next_id().to_string().into());
            obj.insert("application_id".into(), APP_ID.to_string().into());
            obj.insert("version".into(), shared.next_id().to_string().into());
            obj.entry("type").or_insert(1.into());
            obj.entry("default_member_permissions")
                .or_insert(Value::Null);
            obj.entry("nsfw").or_insert(false.into());
            if scope != "global" {
                obj.insert("guild_id".into(), scope.into());
            }
            c
        })
        .collect()
}

fn message(shared: &Shared, body: &Value) -> Value {
    bot_message(shared.next_id(), body)
}

/// A message the bot sent, as Discord returns it: its embeds, flags and
/// content taken from `body`.
pub fn bot_message(id: u64, body: &Value) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": "930000000000000001",
        "author": bot_user(),
        "content": body["content"].as_str().unwrap_or(""),
        "timestamp": "2025-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 20,
        "flags": body["flags"].as_u64().unwrap_or(0),
        "webhook_id": APP_ID.to_string(),
        "application_id": APP_ID.to_string()
    })
}

fn status(code: StatusCode, body: Value) -> Response {
    (code, axum::Json(body)).into_response()
}

async fn rest(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let headers: &HeaderMap = &parts.headers;
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let authorized = shared.authorized(authorization.as_deref());
    let body_json: Option<Value> = if body.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(&body)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned())),
        )
    };
    let path = parts.uri.path().to_string();
    let method = parts.method.clone();
    if path.starts_with("/attachments/") {
        // The CDN: no authorization, no recording.
        let file = shared.files.lock().unwrap().get(&path).cloned();
        return match file {
            Some(bytes) => (StatusCode::OK, bytes).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    {
        let mut requests = shared.requests.lock().unwrap();
        // Only the newest are kept: a load or soak run sends millions.
        if requests.len() >= RECORD_LIMIT {
            requests.drain(..RECORD_LIMIT / 2);
        }
        requests.push(Recorded {
            method: method.to_string(),
            path: path.clone(),
            body: body_json.clone(),
            authorized,
            at: std::time::Instant::now(),
        });
    }
    let limited = route_of(method.as_str(), &path).and_then(|r| {
        let mut limits = shared.limits.lock().unwrap();
        let limit = limits.get_mut(&r).filter(|l| l.times > 0)?;
        limit.times -= 1;
        Some(*limit)
    });
    let response = match limited {
        Some(limit) => {
            let mut response = status(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"message": "You are being rate limited.", "retry_after": limit.retry_after, "global": limit.global, "code": 0}),
            );
            let headers = response.headers_mut();
            headers.insert(
                "retry-after",
                limit.retry_after.ceil().to_string().parse().unwrap(),
            );
            if limit.global {
                headers.insert("x-ratelimit-global", "true".parse().unwrap());
            }
            response
        }
        None => route(
            &shared,
            &method,
            &path,
            body_json.as_ref().unwrap_or(&Value::Null),
            authorized,
        ),
    };
    shared.bump();
    response
}

fn route(shared: &Shared, method: &Method, path: &str, body: &Value, authorized: bool) -> Response {
    let unauthorized = || {
        status(
            StatusCode::UNAUTHORIZED,
            json!({"message": "401: Unauthorized", "code": 0}),
        )
    };
    let not_found = || {
        status(
            StatusCode::NOT_FOUND,
            json!({"message": "404: Not Found", "code": 0}),
        )
    };
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let app = APP_ID.to_string();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => status(
            StatusCode::OK,
            json!({"url": shared.ws_url.get().cloned().unwrap_or_default()}),
        ),
        ("GET", ["gateway", "bot"]) if authorized => status(
            StatusCode::OK,
            json!({
                "url": shared.ws_url.get().cloned().unwrap_or_default(),
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            }),
        ),
        ("GET", ["users", "@me"]) if authorized => status(StatusCode::OK, bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) if authorized => status(
            StatusCode::OK,
            json!({
                "id": app,
                "name": "factbot",
                "icon": null,
                "description": "",
                "bot_public": false,
                "bot_require_code_grant": false,
                "verify_key": "0".repeat(64),
                "flags": 0
            }),
        ),
        (_, ["oauth2", "applications", "@me"]) => unauthorized(),
        (_, ["gateway", "bot"]) | (_, ["users", "@me"]) => unauthorized(),
        (_, ["applications", a, ..]) if *a != app => not_found(),
        (_, ["applications", ..]) if !authorized => unauthorized(),
        ("GET", ["applications", _, "commands"]) => status(
            StatusCode::OK,
            Value::Array(scope_commands(shared, "global")),
        ),
        ("GET", ["applications", _, "guilds", guild, "commands"]) => {
            status(StatusCode::OK, Value::Array(scope_commands(shared, guild)))
        }
        ("PUT", ["applications", _, "commands"]) => put_commands(shared, "global", body),
        ("PUT", ["applications", _, "guilds", guild, "commands"]) => {
            put_commands(shared, guild, body)
        }
        ("POST", ["interactions", _, _, "callback"]) => {
            let expired = shared
                .expire_callbacks
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if expired {
                status(
                    StatusCode::NOT_FOUND,
                    json!({"message": "Unknown interaction", "code": 10062}),
                )
            } else {
                StatusCode::NO_CONTENT.into_response()
            }
        }
        ("PATCH", ["webhooks", a, _, "messages", "@original"]) if *a == app => {
            status(StatusCode::OK, message(shared, body))
        }
        ("DELETE", ["webhooks", a, _, "messages", "@original"]) if *a == app => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["webhooks", a, _]) if *a == app => status(StatusCode::OK, message(shared, body)),
        _ => not_found(),
    }
}

/// Which limitable route a request is.
fn route_of(method: &str, path: &str) -> Option<Route> {
    let rest = path.strip_prefix("/api/v10/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", ["interactions", _, _, "callback"]) => Some(Route::Callback),
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => Some(Route::Edit),
        ("POST", ["webhooks", _, _]) => Some(Route::Followup),
        ("PUT", ["applications", ..]) => Some(Route::PutCommands),
        _ => None,
    }
}

fn scope_commands(shared: &Shared, scope: &str) -> Vec<Value> {
    shared
        .commands
        .lock()
        .unwrap()
        .get(scope)
        .cloned()
        .unwrap_or_default()
}

fn put_commands(shared: &Shared, scope: &str, body: &Value) -> Response {
    if !body.is_array() {
        return status(
            StatusCode::BAD_REQUEST,
            json!({"message": "Invalid Form Body", "code": 50035}),
        );
    }
    let stored = stored_commands(shared, scope, body);
    shared
        .commands
        .lock()
        .unwrap()
        .insert(scope.to_string(), stored.clone());
    status(StatusCode::OK, Value::Array(stored))
}
