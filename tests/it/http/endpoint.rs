//! The interactions endpoint in process, with a scripted backend that
//! counts what it is asked to do: verified requests are answered exactly as
//! the gateway answers them (same bytes as the callback the fake Discord
//! receives), and every request that fails verification or the size limit
//! is turned away with the right status before anything runs.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use factbot::commands::{Command, CompletionKind};
use factbot::data::{Problem, Problems};
use factbot::discord::http::{Endpoint, MAX_BODY_BYTES};
use factbot::reply::{Citation, Reply, ReplyKind};
use factbot::service::backend::Backend;
use factbot::service::flow::Service;
use factbot::service::metrics::{Metrics, Outcome, Rejection};
use factbot::service::store::{Diff, ReloadError};
use serde_json::{Value, json};
use serenity::all::RoleId;

use super::{Answer, AppKey, now_timestamp, post, post_signed};
use crate::discord::payload::{self, Asker};
use crate::discord::{Running, with_logs};

/// Answers with the command it got; counts every call.
#[derive(Default)]
pub struct Counting {
    pub executed: AtomicUsize,
    pub completed: AtomicUsize,
    pub reloads: AtomicUsize,
    pub fail_reload: Mutex<bool>,
    version: Mutex<u32>,
}

impl Counting {
    pub fn calls(&self) -> usize {
        self.executed.load(Ordering::SeqCst)
            + self.completed.load(Ordering::SeqCst)
            + self.reloads.load(Ordering::SeqCst)
    }
}

impl Backend for Counting {
    fn execute(&self, command: &Command) -> Reply {
        self.executed.fetch_add(1, Ordering::SeqCst);
        match command {
            Command::Entity { name } if name == "nobody" => Reply::private(
                ReplyKind::NotFound,
                "No such entity",
                format!("Nothing in the data is called {name:?}."),
            ),
            other => {
                let mut reply = Reply::answer(format!("/{}", other.name()), format!("{other:?}"));
                reply.citations.push(Citation {
                    fact_id: "f-1".into(),
                    quote: "The quote, @everyone".into(),
                    source: "Headline (Publisher)".into(),
                });
                reply
            }
        }
    }

    fn complete(&self, kind: CompletionKind, typed: &str) -> Vec<(String, String)> {
        self.completed.fetch_add(1, Ordering::SeqCst);
        (0..30)
            .map(|i| (format!("{kind:?} {typed} {i}"), format!("value-{i}")))
            .collect()
    }

    fn reload(&self) -> Result<Diff, ReloadError> {
        self.reloads.fetch_add(1, Ordering::SeqCst);
        if *self.fail_reload.lock().unwrap() {
            return Err(ReloadError::Invalid(Problems(vec![Problem {
                file: "data/facts.toml".into(),
                line: Some(3),
                column: Some(1),
                about: None,
                message: "broken on purpose".into(),
                hint: None,
            }])));
        }
        let mut v = self.version.lock().unwrap();
        let old = format!("v{v}");
        *v += 1;
        Ok(Diff {
            old_version: old,
            new_version: format!("v{v}"),
            ..Diff::default()
        })
    }

    fn version(&self) -> String {
        format!("v{}", self.version.lock().unwrap())
    }
}

/// An endpoint served on 127.0.0.1:0 in the current runtime.
pub struct Server {
    pub url: String,
    pub metrics: Arc<Metrics>,
    pub key: AppKey,
    pub client: reqwest::Client,
}

impl Server {
    pub async fn start(backend: Arc<dyn Backend>, key: AppKey) -> Server {
        Server::start_with_metrics(backend, key, Arc::new(Metrics::new())).await
    }

    pub async fn start_with_metrics(
        backend: Arc<dyn Backend>,
        key: AppKey,
        metrics: Arc<Metrics>,
    ) -> Server {
        Server::start_service(Arc::new(Service::new(backend, metrics)), key).await
    }

    /// Serves `service` (e.g. one with its history and moderation).
    pub async fn start_service(service: Arc<Service>, key: AppKey) -> Server {
        let metrics = service.metrics();
        let verifier =
            factbot::discord::http::verify::verifier(&key.public_hex()).expect("valid key");
        let endpoint = Arc::new(Endpoint::new(
            verifier,
            service,
            vec![RoleId::new(payload::MOD_ROLE)],
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(factbot::discord::http::serve(
            listener,
            endpoint,
            std::future::pending(),
        ));
        Server {
            url: format!("http://{addr}/interactions"),
            metrics,
            key,
            client: reqwest::Client::new(),
        }
    }

    pub async fn ask(&self, body: &Value) -> Answer {
        post_signed(&self.client, &self.url, &self.key, body).await
    }
}

/// A PING as Discord sends it when the endpoint URL is saved.
fn ping() -> Value {
    json!({
        "id": "980000000000000001",
        "application_id": payload::GUILD.to_string(),
        "type": 1,
        "token": "ping-token",
        "version": 1
    })
}

#[tokio::test]
async fn a_signed_ping_gets_pong_at_both_paths() {
    let backend = Arc::new(Counting::default());
    let server = Server::start(backend.clone(), AppKey::generate(1)).await;
    let answer = server.ask(&ping()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json(), json!({"type": 1}));

    let root = server.url.trim_end_matches("interactions").to_string();
    let answer = post_signed(&server.client, &root, &server.key, &ping()).await;
    assert_eq!((answer.status, answer.json()), (200, json!({"type": 1})));
    assert_eq!(backend.calls(), 0);
    assert_eq!(server.metrics.interactions_total(), 0);
}

/// The interactions both modes are asked, covering every kind of answer.
fn interactions() -> Vec<payload::Interaction> {
    let member = Asker::member(7001);
    vec![
        payload::command("entity", &[("name", json!("Taliban"))], &member),
        payload::command("entity", &[("name", json!("nobody"))], &member),
        payload::command(
            "timeline",
            &[("entity", json!("Russia")), ("from", json!(1990))],
            &member,
        ),
        payload::command("about", &[], &Asker::dm(7002)),
        // An option the spec does not have: the conversion error reply.
        payload::command("entity", &[("nickname", json!("x"))], &member),
        // /reload by someone who may not.
        payload::command("reload", &[], &member),
        payload::autocomplete("entity", "name", "tal", &member),
    ]
}

#[test]
fn a_signed_command_gets_the_same_response_as_over_the_gateway() {
    with_logs("info", |logs| async move {
        let backend = Arc::new(Counting::default());
        // Never defer in the gateway: the comparison is of immediate answers.
        let running = Running::start(&logs, backend.clone(), |s| {
            s.defer_after = Duration::from_secs(60)
        })
        .await;
        let server = Server::start(backend.clone(), AppKey::generate(2)).await;

        for interaction in interactions() {
            let gateway = running.ask(&interaction).await;
            let via_gateway = gateway.callbacks.last().expect("a callback").clone();
            let via_http = server.ask(&interaction.payload).await;
            assert_eq!(via_http.status, 200, "{}", via_http.body);
            assert_eq!(
                via_http.json(),
                via_gateway,
                "HTTP and gateway differ for {}",
                interaction.payload["data"]
            );
        }
        assert_eq!(server.metrics.interactions("entity", Outcome::Answer), 1);
        assert_eq!(server.metrics.interactions("entity", Outcome::NotFound), 1);
        assert_eq!(
            server.metrics.interactions("entity", Outcome::Unreadable),
            1
        );
        assert_eq!(server.metrics.interactions("reload", Outcome::Refused), 1);
        assert_eq!(server.metrics.autocompletes(), 1);
        assert_eq!(backend.reloads.load(Ordering::SeqCst), 0, "nobody reloaded");
        running.stop().await;
    });
}

#[test]
fn a_moderator_reload_answers_inline_what_the_gateway_edits_in() {
    with_logs("info", |logs| async move {
        let backend = Arc::new(Counting::default());
        let running = Running::start(&logs, backend.clone(), |_| {}).await;
        let server = Server::start(backend.clone(), AppKey::generate(3)).await;

        let gateway = running
            .ask(&payload::command("reload", &[], &Asker::manager(7003)))
            .await;
        let http = server
            .ask(&payload::command("reload", &[], &Asker::moderator_by_role(7004)).payload)
            .await;
        assert_eq!(http.status, 200, "{}", http.body);
        let http = http.json();
        assert_eq!(http["type"], 4, "answered inline, not deferred: {http}");
        assert_eq!(http["data"]["flags"], 64, "privately: {http}");
        let gateway_embed = gateway.embed().expect("an embed").clone();
        let http_embed = &http["data"]["embeds"][0];
        assert_eq!(http_embed["title"], gateway_embed["title"]);
        assert!(
            http_embed["description"]
                .as_str()
                .is_some_and(|t| t.contains("v2")),
            "the second reload reports the new version: {http_embed}"
        );
        assert_eq!(backend.reloads.load(Ordering::SeqCst), 2);
        assert_eq!(server.metrics.interactions("reload", Outcome::Reloaded), 1);

        *backend.fail_reload.lock().unwrap() = true;
        let failed = server
            .ask(&payload::command("reload", &[], &Asker::manager(7003)).payload)
            .await
            .json();
        let text = failed["data"]["embeds"][0].to_string();
        assert!(text.contains("broken on purpose"), "{text}");
        assert!(text.contains("v2"), "still serving v2: {text}");
        assert_eq!(
            server.metrics.interactions("reload", Outcome::ReloadFailed),
            1
        );
        running.stop().await;
    });
}

#[tokio::test]
async fn unverifiable_requests_are_turned_away_before_anything_runs() {
    let backend = Arc::new(Counting::default());
    let server = Server::start(backend.clone(), AppKey::generate(4)).await;
    let body = serde_json::to_vec(
        &payload::command("entity", &[("name", json!("Taliban"))], &Asker::member(1)).payload,
    )
    .unwrap();
    let ts = now_timestamp();
    let good_signature = server.key.sign(&ts, &body);
    let send = |body: Vec<u8>, sig: Option<String>, ts: Option<String>| {
        let client = server.client.clone();
        let url = server.url.clone();
        async move { post(&client, &url, body, sig, ts).await }
    };

    let other_key = AppKey::generate(5);
    let wrong_key = send(
        body.clone(),
        Some(other_key.sign(&ts, &body)),
        Some(ts.clone()),
    )
    .await;
    let mut tampered_body = body.clone();
    let at = tampered_body
        .windows(7)
        .position(|w| w == b"Taliban")
        .expect("the name is in the body");
    tampered_body[at + 6] = b'm';
    let tampered = send(
        tampered_body,
        Some(good_signature.clone()),
        Some(ts.clone()),
    )
    .await;
    let no_signature = send(body.clone(), None, Some(ts.clone())).await;
    let no_timestamp = send(body.clone(), Some(good_signature.clone()), None).await;
    let garbage_signature = send(body.clone(), Some("not hex".into()), Some(ts.clone())).await;

    let now: u64 = ts.parse().unwrap();
    let old = (now - 6 * 60).to_string();
    let stale = send(body.clone(), Some(server.key.sign(&old, &body)), Some(old)).await;
    let ahead = (now + 6 * 60).to_string();
    let future = send(
        body.clone(),
        Some(server.key.sign(&ahead, &body)),
        Some(ahead),
    )
    .await;

    // Correctly signed, but far bigger than any interaction.
    let mut huge =
        payload::command("ask", &[("question", json!("why?"))], &Asker::member(1)).payload;
    huge["padding"] = json!("x".repeat(MAX_BODY_BYTES + 1024));
    let huge = serde_json::to_vec(&huge).unwrap();
    let too_large = send(
        huge.clone(),
        Some(server.key.sign(&ts, &huge)),
        Some(ts.clone()),
    )
    .await;

    let statuses = [
        ("wrong key", wrong_key.status, 401),
        ("tampered body", tampered.status, 401),
        ("no signature", no_signature.status, 401),
        ("no timestamp", no_timestamp.status, 401),
        ("garbage signature", garbage_signature.status, 401),
        ("stale timestamp", stale.status, 401),
        ("future timestamp", future.status, 401),
        ("oversized body", too_large.status, 413),
    ];
    for (what, got, expected) in statuses {
        assert_eq!(got, expected, "{what}");
    }
    assert_eq!(backend.calls(), 0, "nothing ran");
    assert_eq!(server.metrics.interactions_total(), 0);
    let m = &server.metrics;
    assert_eq!(m.rejections(Rejection::BadSignature), 3);
    assert_eq!(m.rejections(Rejection::MissingHeaders), 2);
    assert_eq!(m.rejections(Rejection::Stale), 2);
    assert_eq!(m.rejections(Rejection::TooLarge), 1);

    // The probe works: the same request, properly signed, runs once.
    let ok = send(body.clone(), Some(good_signature), Some(ts)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(backend.executed.load(Ordering::SeqCst), 1);
    assert_eq!(server.metrics.interactions("entity", Outcome::Answer), 1);
}

#[tokio::test]
async fn signed_bodies_that_are_not_interactions_get_400() {
    let backend = Arc::new(Counting::default());
    let server = Server::start(backend.clone(), AppKey::generate(6)).await;
    for body in [
        json!("just a string"),
        json!({"type": 2}),
        json!({"type": 3, "id": "1"}),
    ] {
        let answer = server.ask(&body).await;
        assert_eq!(answer.status, 400, "{body}: {}", answer.body);
    }
    let ts = now_timestamp();
    let not_json = b"{not json".to_vec();
    let sig = server.key.sign(&ts, &not_json);
    let answer = post(&server.client, &server.url, not_json, Some(sig), Some(ts)).await;
    assert_eq!(answer.status, 400);
    assert_eq!(backend.calls(), 0);
    assert_eq!(server.metrics.rejections(Rejection::Malformed), 4);
}
