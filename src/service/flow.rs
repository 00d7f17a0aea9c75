//! The one interaction flow, written once for every transport: an adapter
//! converts what arrived into a typed [`Command`] and a [`Caller`], and the
//! flow does the rest — authorise → execute → respond → log → count.
//!
//! What differs between transports is only how a response travels: the
//! gateway sends it over REST and may acknowledge a slow command first
//! (defer) and fill the answer in later; the HTTP endpoint returns it as
//! the HTTP response. Each adapter implements [`Respond`] for that, and
//! nothing else. So a command, a permission rule, a log field or a counter
//! is added here once and both modes have it.
//!
//! Commands run off the async threads, a bounded number at a time
//! ([`MAX_CONCURRENT_COMMANDS`]). `/reload` is dispatched on the typed
//! command, through the one [`Reloader`].

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::access::Caller;
use super::backend::Backend;
use super::metrics::{Metrics, Outcome};
use super::moderation::{Moderation, Pressed};
use super::reload::{self, Reloader, Trigger};
use crate::commands::spec::Audience;
use crate::commands::{Command, CompletionKind};
use crate::reply::{Reply, ReplyKind};

/// The tracing target of the one line logged per interaction.
pub const INTERACTION_TARGET: &str = "factbot::interaction";

/// Commands running at once; more wait their turn.
pub const MAX_CONCURRENT_COMMANDS: usize = 16;

/// A response that could not be sent: described for the log (never with
/// the request URL: it carries the interaction's token), and how it is
/// counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendError {
    pub why: String,
    /// `send_failed`, `rate_limited` (the wait Discord asked for would
    /// have passed the deadline) or `expired` (Discord no longer knew the
    /// interaction).
    pub outcome: Outcome,
}

impl SendError {
    pub fn failed(why: impl Into<String>) -> SendError {
        SendError {
            why: why.into(),
            outcome: Outcome::SendFailed,
        }
    }

    pub fn rate_limited(why: impl Into<String>) -> SendError {
        SendError {
            why: why.into(),
            outcome: Outcome::RateLimited,
        }
    }

    pub fn expired(why: impl Into<String>) -> SendError {
        SendError {
            why: why.into(),
            outcome: Outcome::Expired,
        }
    }
}

/// How an adapter's transport answers one interaction.
pub trait Respond: Send {
    /// The transport's name in the log line (`gateway`, `http`).
    fn transport(&self) -> &'static str;
    /// How long a command may run before it is acknowledged and answered
    /// later; `None` when the transport cannot defer (it answers inline,
    /// however long that takes).
    fn defer_after(&self) -> Option<Duration>;
    /// Acknowledges the interaction now; the reply follows.
    fn defer(&mut self, ephemeral: bool) -> impl Future<Output = Result<(), SendError>> + Send;
    /// Sends `reply`: as the response, or into the deferred one.
    fn reply(&mut self, reply: &Reply) -> impl Future<Output = Result<(), SendError>> + Send;
    /// Answers a button press by replacing the message that holds the
    /// button with `reply` (its buttons, or none, replace the old ones).
    fn update(&mut self, reply: &Reply) -> impl Future<Output = Result<(), SendError>> + Send;
    /// Sends autocomplete choices `(label, value)`; returns how many were
    /// sent (the transport fits them to its limits).
    fn choices(
        &mut self,
        choices: Vec<(String, String)>,
    ) -> impl Future<Output = Result<usize, SendError>> + Send;
}

/// What arrived, as the adapter read it.
#[derive(Clone, Debug)]
pub struct Request {
    /// The command's name as sent (counted as `other` if unknown).
    pub name: String,
    pub caller: Caller,
    /// When the interaction arrived; the latency logged runs from here.
    pub received: Instant,
}

/// A command request converted by the adapter: the typed command, or the
/// reply that says why it could not be read.
pub type Converted = Result<Command, Box<Reply>>;

/// What an interaction asks for, as the adapter converted it.
#[derive(Clone, Debug)]
pub enum Incoming {
    /// A slash command: the typed command, or why it cannot be read.
    Command(Converted),
    /// Autocomplete: the focused option's completion and what has been
    /// typed (`None` when that option completes nothing).
    Autocomplete(Option<(CompletionKind, String)>),
    /// A press on a button of one of factbot's replies: the id it carries.
    Button(String),
}

/// What the flow needs to answer: the backend, the reloader, the counters
/// and the bound on commands running at once. Shared by every request of
/// a process.
pub struct Service {
    backend: Arc<dyn Backend>,
    reloader: Arc<Reloader>,
    metrics: Arc<Metrics>,
    workers: Arc<Semaphore>,
    /// Interactions being answered now: at most `[limits] max_in_flight`;
    /// one more is told the bot is busy instead of waiting in memory.
    in_flight: Arc<Semaphore>,
    /// Changing the data from chat; set once when the state store opened.
    moderation: OnceLock<Arc<Moderation>>,
}

/// How an interaction ended: a command's outcome (autocomplete has none:
/// it is choices), whether it was deferred, and whether sending worked.
struct Ended {
    outcome: Option<Outcome>,
    deferred: bool,
    sent: Result<(), SendError>,
}

impl Ended {
    /// How the interaction is logged and counted: as it ended, or how
    /// sending its answer failed (a failed deferral stays `defer_failed`).
    fn counted(&self) -> Option<Outcome> {
        match &self.sent {
            Ok(()) => self.outcome,
            Err(e)
                if self.outcome == Some(Outcome::DeferFailed)
                    && e.outcome == Outcome::SendFailed =>
            {
                self.outcome
            }
            Err(e) => Some(e.outcome),
        }
    }
}

impl Service {
    /// A service answering from `backend` and counting in `metrics`.
    pub fn new(backend: Arc<dyn Backend>, metrics: Arc<Metrics>) -> Service {
        Service::with_in_flight(backend, metrics, crate::config::DEFAULT_MAX_IN_FLIGHT)
    }

    /// A service answering at most `max_in_flight` interactions at once.
    pub fn with_in_flight(
        backend: Arc<dyn Backend>,
        metrics: Arc<Metrics>,
        max_in_flight: usize,
    ) -> Service {
        Service {
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            reloader: Arc::new(Reloader::new(Arc::clone(&backend))),
            backend,
            metrics,
            workers: Arc::new(Semaphore::new(MAX_CONCURRENT_COMMANDS)),
            moderation: OnceLock::new(),
        }
    }

    /// Lets moderators change the data from chat through `moderation`
    /// (`/data …` and the preview buttons; without it they are told the
    /// history is off). A second call is ignored.
    pub fn moderate_with(&self, moderation: Moderation) {
        let _ = self.moderation.set(Arc::new(moderation));
    }

    /// The reloader `/reload` uses, for SIGHUP and the file watcher too.
    pub fn reloader(&self) -> Arc<Reloader> {
        Arc::clone(&self.reloader)
    }

    /// What the process counts.
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
    }

    /// The version being served.
    pub fn version(&self) -> String {
        self.backend.version()
    }

    /// Answers one interaction through `respond`, whichever transport it
    /// came by.
    pub async fn handle(&self, request: &Request, incoming: Incoming, respond: &mut impl Respond) {
        let Ok(_in_flight) = Arc::clone(&self.in_flight).try_acquire_owned() else {
            return self.busy(request, incoming, respond).await;
        };
        match incoming {
            Incoming::Command(command) => self.command(request, command, respond).await,
            Incoming::Autocomplete(wanted) => self.autocomplete(request, wanted, respond).await,
            Incoming::Button(id) => self.button(request, &id, respond).await,
        }
    }

    /// Answers a slash command: authorise, execute (deferring when slow),
    /// respond, log one line, count.
    async fn command(&self, request: &Request, command: Converted, respond: &mut impl Respond) {
        let ended = match command {
            Err(unreadable) => Ended {
                outcome: Some(Outcome::Unreadable),
                deferred: false,
                sent: respond.reply(&unreadable).await,
            },
            Ok(command) => match self.refusal(request, &command) {
                Some(refused) => Ended {
                    outcome: Some(Outcome::Refused),
                    deferred: false,
                    sent: respond.reply(&refused).await,
                },
                None if command == Command::Reload => self.reload(request, respond).await,
                None if command.is_carried_out_by_the_service() => {
                    self.moderate(request, &command, respond).await
                }
                None => self.execute(command, respond).await,
            },
        };
        self.log_and_count(request, "command", respond.transport(), &ended);
    }

    /// The one log line of a command or button press, and its count: as
    /// it ended, or `send_failed` when its answer could not be sent.
    fn log_and_count(
        &self,
        request: &Request,
        kind: &'static str,
        transport: &'static str,
        ended: &Ended,
    ) {
        let counted = ended.counted().unwrap_or(Outcome::Failed);
        log(request, kind, transport, ended, None);
        self.metrics
            .record_interaction(&request.name, counted, request.received.elapsed());
    }

    /// Answers an autocomplete request: the backend's completions for what
    /// has been typed (`None` when the focused option completes nothing).
    async fn autocomplete(
        &self,
        request: &Request,
        wanted: Option<(CompletionKind, String)>,
        respond: &mut impl Respond,
    ) {
        let completions = match wanted {
            Some((CompletionKind::Version, typed)) => {
                match (self.moderation.get(), request.caller.access) {
                    (Some(moderation), Ok(_)) => moderation.complete_versions(&typed).await,
                    _ => Vec::new(),
                }
            }
            Some((kind, typed)) => {
                let backend = Arc::clone(&self.backend);
                let _permit = self.workers.acquire().await;
                tokio::task::spawn_blocking(move || backend.complete(kind, &typed))
                    .await
                    .unwrap_or_else(|e| {
                        tracing::error!(error = %e, "autocomplete crashed (a bug)");
                        Vec::new()
                    })
            }
            None => Vec::new(),
        };
        let (sent, count) = match respond.choices(completions).await {
            Ok(count) => (Ok(()), Some(count)),
            Err(e) => (Err(e), None),
        };
        let ended = Ended {
            outcome: None,
            deferred: false,
            sent,
        };
        log(request, "autocomplete", respond.transport(), &ended, count);
        self.metrics.record_autocomplete();
    }

    /// Authorises: the refusal to send, if the command is for moderators
    /// and the caller is not one (audited).
    fn refusal(&self, request: &Request, command: &Command) -> Option<Reply> {
        if command.spec().audience != Audience::Moderators {
            return None;
        }
        let refusal = request.caller.access.err()?;
        reload::audit_refusal(
            &request.name,
            request.caller.user,
            request.caller.guild,
            refusal,
        );
        Some(reload::reply_from_refusal(refusal))
    }

    /// Runs a command on a blocking thread; if it is not done within the
    /// transport's defer budget, acknowledges first and answers when ready.
    async fn execute(&self, command: Command, respond: &mut impl Respond) -> Ended {
        let backend = Arc::clone(&self.backend);
        let workers = Arc::clone(&self.workers);
        let mut job = tokio::spawn(async move {
            let _permit = workers.acquire_owned().await;
            tokio::task::spawn_blocking(move || backend.execute(&command)).await
        });
        let early = match respond.defer_after() {
            None => Some((&mut job).await),
            Some(budget) if budget.is_zero() => None,
            Some(budget) => tokio::time::timeout(budget, &mut job).await.ok(),
        };
        if let Some(joined) = early {
            let reply = reply_from_job(joined.and_then(|r| r));
            return Ended {
                outcome: Some(Outcome::of(reply.kind)),
                deferred: false,
                sent: respond.reply(&reply).await,
            };
        }
        // Too slow for one round trip: acknowledge now, answer when ready.
        if let Err(e) = respond.defer(false).await {
            job.abort();
            return Ended {
                outcome: Some(Outcome::DeferFailed),
                deferred: true,
                sent: Err(e),
            };
        }
        let reply = reply_from_job(job.await.and_then(|r| r));
        Ended {
            outcome: Some(Outcome::of(reply.kind)),
            deferred: true,
            sent: respond.reply(&reply).await,
        }
    }

    /// `/reload` by an authorised moderator: always deferred where the
    /// transport can (a reload reads and validates every file).
    async fn reload(&self, request: &Request, respond: &mut impl Respond) -> Ended {
        let (Some(guild), Ok(grant)) = (request.caller.guild, request.caller.access) else {
            // `authorise` let only a moderator in a server through.
            return Ended {
                outcome: Some(Outcome::Refused),
                deferred: false,
                sent: Ok(()),
            };
        };
        let deferred = match defer_privately(respond).await {
            Ok(deferred) => deferred,
            Err(ended) => return ended,
        };
        let trigger = Trigger::Command {
            user: request.caller.user,
            guild,
            grant,
        };
        let result = self.reloader.reload(trigger).await;
        let reply = reload::reply_from_reload(&result, &self.reloader.version());
        Ended {
            outcome: Some(if result.is_ok() {
                Outcome::Reloaded
            } else {
                Outcome::ReloadFailed
            }),
            deferred,
            sent: respond.reply(&reply).await,
        }
    }
}

impl Service {
    /// `/data …` by an authorised moderator: deferred privately where the
    /// transport can (a download and a full validation may take a while).
    async fn moderate(
        &self,
        request: &Request,
        command: &Command,
        respond: &mut impl Respond,
    ) -> Ended {
        let deferred = match defer_privately(respond).await {
            Ok(deferred) => deferred,
            Err(ended) => return ended,
        };
        let reply = match self.moderation.get() {
            Some(moderation) => moderation.run(&request.caller, command).await,
            None => history_off(),
        };
        Ended {
            outcome: Some(Outcome::of(reply.kind)),
            deferred,
            sent: respond.reply(&reply).await,
        }
    }

    /// A press on a button: only moderators may press factbot's buttons
    /// (refused privately otherwise, and audited); the press replaces the
    /// message or is answered privately, logged and counted under the
    /// command that made the message.
    async fn button(&self, request: &Request, id: &str, respond: &mut impl Respond) {
        let ended = match request.caller.access {
            Err(refusal) => {
                reload::audit_refusal(
                    &request.name,
                    request.caller.user,
                    request.caller.guild,
                    refusal,
                );
                Ended {
                    outcome: Some(Outcome::Refused),
                    deferred: false,
                    sent: respond.reply(&reload::reply_from_refusal(refusal)).await,
                }
            }
            Ok(_) => {
                let pressed = match self.moderation.get() {
                    Some(moderation) => moderation.press(&request.caller, id).await,
                    None => Pressed::Private(history_off()),
                };
                let (kind, sent) = match &pressed {
                    Pressed::Update(reply) => (reply.kind, respond.update(reply).await),
                    Pressed::Private(reply) => (reply.kind, respond.reply(reply).await),
                };
                Ended {
                    outcome: Some(Outcome::of(kind)),
                    deferred: false,
                    sent,
                }
            }
        };
        self.log_and_count(request, "button", respond.transport(), &ended);
    }
}

/// Acknowledges privately where the transport can defer (a moderator's
/// command that reads files or downloads one); whether it deferred, or how
/// the interaction ended when the acknowledgement could not be sent.
async fn defer_privately(respond: &mut impl Respond) -> Result<bool, Ended> {
    let deferred = respond.defer_after().is_some();
    if deferred && let Err(e) = respond.defer(true).await {
        return Err(Ended {
            outcome: Some(Outcome::DeferFailed),
            deferred,
            sent: Err(e),
        });
    }
    Ok(deferred)
}

impl Service {
    /// Answers an interaction that came while [`Service::in_flight`] was
    /// full, at once and without running anything: privately "busy" (no
    /// choices, for autocomplete), logged and counted as `busy`.
    async fn busy(&self, request: &Request, incoming: Incoming, respond: &mut impl Respond) {
        let sent = match incoming {
            Incoming::Autocomplete(_) => respond.choices(Vec::new()).await.map(drop),
            Incoming::Command(_) | Incoming::Button(_) => {
                respond
                    .reply(&Reply::private(
                        ReplyKind::Failed,
                        "factbot is busy",
                        "Too many questions are being answered right now; try again in a few \
                         seconds.",
                    ))
                    .await
            }
        };
        let ended = Ended {
            outcome: Some(Outcome::Busy),
            deferred: false,
            sent,
        };
        self.log_and_count(request, "busy", respond.transport(), &ended);
    }
}

/// The reply to a `/data` command or button when there is no state store.
fn history_off() -> Reply {
    Reply::private(
        ReplyKind::Failed,
        "The dataset's history is off",
        "Changing the data from chat needs the state store, which did not open when the bot \
         started; the bot's log says why ([state] in the config).",
    )
}

/// The reply from a finished command job; a crash becomes a private apology.
fn reply_from_job(joined: Result<Reply, tokio::task::JoinError>) -> Reply {
    joined.unwrap_or_else(|e| {
        tracing::error!(error = %e, "a command crashed (a bug)");
        Reply::private(
            ReplyKind::Failed,
            "Something went wrong",
            "factbot could not answer this; the problem has been logged.",
        )
    })
}

/// The one line per interaction (target [`INTERACTION_TARGET`]).
fn log(
    request: &Request,
    kind: &'static str,
    transport: &'static str,
    ended: &Ended,
    choices: Option<usize>,
) {
    let latency_us = request.received.elapsed().as_micros() as u64;
    let guild = request
        .caller
        .guild
        .map_or_else(|| "dm".to_string(), |g| g.to_string());
    let (command, user, outcome) = (
        request.name.as_str(),
        request.caller.user,
        ended.counted().map_or("choices", Outcome::as_str),
    );
    match &ended.sent {
        Ok(()) => tracing::info!(
            target: INTERACTION_TARGET,
            kind,
            command,
            guild = %guild,
            user,
            outcome,
            deferred = ended.deferred,
            choices,
            transport,
            latency_us,
            "interaction answered"
        ),
        Err(SendError { why: error, .. }) => tracing::warn!(
            target: INTERACTION_TARGET,
            kind,
            command,
            guild = %guild,
            user,
            outcome,
            deferred = ended.deferred,
            transport,
            latency_us,
            error = %error,
            "answering an interaction failed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::access::{Caller, Grant, Refusal};
    use crate::service::store::{Diff, ReloadError};

    /// Answers every command with its name; reloads change nothing.
    struct Echo;

    impl Backend for Echo {
        fn execute(&self, command: &Command) -> Reply {
            Reply::answer(command.name(), "")
        }
        fn complete(&self, _: CompletionKind, typed: &str) -> Vec<(String, String)> {
            vec![(typed.to_string(), typed.to_string())]
        }
        fn reload(&self) -> Result<Diff, ReloadError> {
            Ok(Diff::default())
        }
        fn version(&self) -> String {
            "v1".into()
        }
    }

    /// Records what the flow asked of the transport.
    #[derive(Default)]
    struct Recorder {
        can_defer: Option<Duration>,
        calls: Vec<String>,
    }

    impl Respond for Recorder {
        fn transport(&self) -> &'static str {
            "test"
        }
        fn defer_after(&self) -> Option<Duration> {
            self.can_defer
        }
        async fn defer(&mut self, ephemeral: bool) -> Result<(), SendError> {
            self.calls.push(format!("defer ephemeral={ephemeral}"));
            Ok(())
        }
        async fn reply(&mut self, reply: &Reply) -> Result<(), SendError> {
            self.calls
                .push(format!("reply {}: {}", reply.kind.as_str(), reply.title));
            Ok(())
        }
        async fn update(&mut self, reply: &Reply) -> Result<(), SendError> {
            self.calls
                .push(format!("update {}: {}", reply.kind.as_str(), reply.title));
            Ok(())
        }
        async fn choices(&mut self, choices: Vec<(String, String)>) -> Result<usize, SendError> {
            self.calls.push(format!("choices {}", choices.len()));
            Ok(choices.len())
        }
    }

    fn request(name: &str, access: Result<Grant, Refusal>) -> Request {
        Request {
            name: name.into(),
            caller: Caller {
                user: 7,
                guild: Some(1),
                access,
            },
            received: Instant::now(),
        }
    }

    fn service() -> Service {
        Service::new(Arc::new(Echo), Arc::new(Metrics::new()))
    }

    #[tokio::test]
    async fn a_moderator_command_is_refused_to_others_and_counted() {
        let service = service();
        let mut to = Recorder::default();
        let asked = request("reload", Err(Refusal::NotModerator));
        let incoming = Incoming::Command(Ok(Command::Reload));
        service.handle(&asked, incoming, &mut to).await;
        assert_eq!(to.calls, ["reply refused: Not allowed"]);
        assert_eq!(
            service.metrics().interactions("reload", Outcome::Refused),
            1
        );
    }

    #[tokio::test]
    async fn a_reload_is_deferred_privately_where_the_transport_can_and_inline_where_not() {
        let service = service();
        let moderator = request("reload", Ok(Grant::ManageGuild));
        let mut gateway = Recorder {
            can_defer: Some(Duration::from_secs(1)),
            ..Recorder::default()
        };
        let incoming = || Incoming::Command(Ok(Command::Reload));
        service.handle(&moderator, incoming(), &mut gateway).await;
        assert_eq!(
            gateway.calls,
            ["defer ephemeral=true", "reply answer: Dataset reloaded"]
        );
        let mut http = Recorder::default();
        service.handle(&moderator, incoming(), &mut http).await;
        assert_eq!(http.calls, ["reply answer: Dataset reloaded"]);
        assert_eq!(
            service.metrics().interactions("reload", Outcome::Reloaded),
            2
        );
    }

    #[tokio::test]
    async fn buttons_are_for_moderators_and_data_commands_need_the_history() {
        let service = service();
        let mut to = Recorder::default();
        let member = request("data upload", Err(Refusal::NotModerator));
        let press = || Incoming::Button("factbot:apply:upload:00ff".into());
        service.handle(&member, press(), &mut to).await;
        let moderator = request("data upload", Ok(Grant::ManageGuild));
        service.handle(&moderator, press(), &mut to).await;
        let history = Incoming::Command(Ok(Command::DataHistory { page: 1 }));
        let listing = request("data history", Ok(Grant::ManageGuild));
        service.handle(&listing, history, &mut to).await;
        assert_eq!(
            to.calls,
            [
                "reply refused: Not allowed",
                "reply failed: The dataset's history is off",
                "reply failed: The dataset's history is off",
            ]
        );
        let metrics = service.metrics();
        assert_eq!(metrics.interactions("data upload", Outcome::Refused), 1);
        assert_eq!(metrics.interactions("data upload", Outcome::Failed), 1);
    }

    /// Answers only once released, to hold an interaction in flight.
    struct Held(std::sync::Mutex<std::sync::mpsc::Receiver<()>>);

    impl Backend for Held {
        fn execute(&self, command: &Command) -> Reply {
            let _ = self.0.lock().unwrap().recv();
            Reply::answer(command.name(), "")
        }
        fn complete(&self, _: CompletionKind, _: &str) -> Vec<(String, String)> {
            Vec::new()
        }
        fn reload(&self) -> Result<Diff, ReloadError> {
            Ok(Diff::default())
        }
        fn version(&self) -> String {
            "v1".into()
        }
    }

    #[tokio::test]
    async fn past_the_in_flight_cap_an_interaction_is_told_busy_at_once() {
        let (release, held) = std::sync::mpsc::channel();
        let backend = Arc::new(Held(std::sync::Mutex::new(held)));
        let service = Arc::new(Service::with_in_flight(
            backend,
            Arc::new(Metrics::new()),
            1,
        ));
        let first = {
            let service = Arc::clone(&service);
            tokio::spawn(async move {
                let mut to = Recorder::default();
                let asked = request("about", Err(Refusal::NotModerator));
                service
                    .handle(&asked, Incoming::Command(Ok(Command::About)), &mut to)
                    .await;
                to.calls
            })
        };
        // The first is in flight (it holds the only place) until released.
        while service.in_flight.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let mut to = Recorder::default();
        let asked = request("about", Err(Refusal::NotModerator));
        service
            .handle(&asked, Incoming::Command(Ok(Command::About)), &mut to)
            .await;
        assert_eq!(to.calls, ["reply failed: factbot is busy"]);
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap(), ["reply answer: about"]);
        let metrics = service.metrics();
        assert_eq!(metrics.interactions("about", Outcome::Busy), 1);
        assert_eq!(metrics.interactions("about", Outcome::Answer), 1);
    }

    #[tokio::test]
    async fn a_command_past_its_budget_is_deferred_then_answered() {
        let service = service();
        let everyone = request("about", Err(Refusal::NotModerator));
        let mut zero = Recorder {
            can_defer: Some(Duration::ZERO),
            ..Recorder::default()
        };
        let incoming = Incoming::Command(Ok(Command::About));
        service.handle(&everyone, incoming, &mut zero).await;
        assert_eq!(zero.calls, ["defer ephemeral=false", "reply answer: about"]);
    }

    #[tokio::test]
    async fn an_unreadable_command_and_autocomplete_are_answered_and_counted() {
        let service = service();
        let asked = request("ask", Err(Refusal::DirectMessage));
        let unreadable = Reply::private(ReplyKind::Unresolved, "Could not read that", "");
        let mut to = Recorder::default();
        let incoming = Incoming::Command(Err(Box::new(unreadable)));
        service.handle(&asked, incoming, &mut to).await;
        let wanted = Some((CompletionKind::Entity, "tal".to_string()));
        service
            .handle(&asked, Incoming::Autocomplete(wanted), &mut to)
            .await;
        assert_eq!(
            to.calls,
            ["reply unresolved: Could not read that", "choices 1"]
        );
        let metrics = service.metrics();
        assert_eq!(metrics.interactions("ask", Outcome::Unreadable), 1);
        assert_eq!(metrics.autocompletes(), 1);
    }

    #[test]
    fn the_history_off_reply_reads_as_one_sentence() {
        // Seen in fuzz/interaction_json's answers: a string continued
        // without `\` kept the next line's indentation.
        let reply = history_off();
        assert!(!reply.body.contains("  "), "{:?}", reply.body);
    }
}
