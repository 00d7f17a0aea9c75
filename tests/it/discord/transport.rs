//! The transport, with a scripted backend in place of the command layer:
//! the bot's answer echoes the typed command it received, so these tests
//! see the whole path (gateway → conversion → backend → embed → REST).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use factbot::commands::{Command, CompletionKind};
use factbot::data::{Problem, Problems};
use factbot::discord::gateway::{Bot, DiscordError};
use factbot::discord::registration::registration as registration_payload;
use factbot::reply::{Citation, Reply, ReplyKind};
use factbot::secret::Token;
use factbot::service::backend::Backend;
use factbot::service::reload::Trigger;
use factbot::service::store::{Diff, ReloadError};
use serde_json::json;

use super::fake::{FakeDiscord, GatewayOp};
use super::payload::{self, Asker, GUILD};
use super::{
    Running, TOKEN, WAIT, assert_all_messages_mention_nobody, assert_mentions_nobody, with_logs,
};

/// Answers with the command it got; reloads succeed or fail on demand.
#[derive(Default)]
pub(crate) struct Scripted {
    version: Mutex<String>,
    fail_reload: Mutex<bool>,
    reloads: AtomicUsize,
}

impl Scripted {
    pub(crate) fn new() -> Arc<Scripted> {
        let s = Scripted::default();
        *s.version.lock().unwrap() = "v1".into();
        Arc::new(s)
    }
}

impl Backend for Scripted {
    fn execute(&self, command: &Command) -> Reply {
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
        // More and longer than Discord allows.
        (0..40)
            .map(|i| {
                (
                    format!("{kind:?} {typed} {i} {}", "x".repeat(150)),
                    format!("value-{i}"),
                )
            })
            .collect()
    }

    fn reload(&self) -> Result<Diff, ReloadError> {
        self.reloads.fetch_add(1, Ordering::SeqCst);
        if *self.fail_reload.lock().unwrap() {
            return Err(ReloadError::Invalid(Problems(vec![Problem {
                file: "data/facts.toml".into(),
                line: Some(12),
                column: Some(11),
                about: Some("fact \"f-1\"".into()),
                message: "unknown entity \"talliban\"".into(),
                hint: Some("did you mean \"taliban\"?".into()),
            }])));
        }
        let mut version = self.version.lock().unwrap();
        let old = version.clone();
        *version = format!("{old}+");
        Ok(Diff {
            facts_changed: vec!["f-1".into()],
            old_version: old,
            new_version: version.clone(),
            ..Diff::default()
        })
    }

    fn version(&self) -> String {
        self.version.lock().unwrap().clone()
    }
}

#[test]
fn handshake_registration_and_an_answer() {
    with_logs("debug", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        let fake = &bot.fake;

        // One IDENTIFY with the right token and no intents at all.
        assert_eq!(
            fake.gateway_ops()[0],
            GatewayOp::Identify {
                token_ok: true,
                intents: 0
            }
        );
        // Registration: fetched, then overwritten in bulk, on the guild only.
        let guild_path = format!(
            "/api/v10/applications/{}/guilds/{GUILD}/commands",
            super::fake::APP_ID
        );
        let requests = fake.requests();
        let put: Vec<_> = requests.iter().filter(|r| r.method == "PUT").collect();
        assert_eq!(put.len(), 1, "{requests:#?}");
        assert_eq!(put[0].path, guild_path);
        assert_eq!(put[0].body.as_ref(), Some(&registration_payload()));
        assert!(
            requests
                .iter()
                .any(|r| r.method == "GET" && r.path == guild_path)
        );
        assert!(fake.registered("global").is_empty());
        let names: Vec<String> = fake
            .registered(&GUILD.to_string())
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        let expected: Vec<&str> = factbot::commands::top_level()
            .iter()
            .map(|c| c.name())
            .collect();
        assert_eq!(names, expected);
        // Every REST call except the unauthenticated /gateway carried the token.
        assert!(
            requests
                .iter()
                .filter(|r| r.path != "/api/v10/gateway")
                .all(|r| r.authorized)
        );

        // A command is answered with one embed, publicly, pinging nobody.
        let ask = payload::command(
            "ask",
            &[("question", json!("Who designated the Taliban?"))],
            &Asker::member(1001),
        );
        let answer = bot.ask(&ask).await;
        assert_eq!(answer.callbacks.len(), 1);
        let callback = &answer.callbacks[0];
        assert_eq!(callback["type"], 4);
        assert_mentions_nobody(&callback["data"]);
        assert_eq!(
            callback["data"]["flags"].as_u64().unwrap_or(0) & 64,
            0,
            "not ephemeral: {callback}"
        );
        let embed = answer.embed().unwrap();
        assert_eq!(embed["title"], "/ask");
        assert_eq!(
            embed["description"],
            "Ask { question: \"Who designated the Taliban?\" }"
        );
        let name = embed["fields"][0]["name"].as_str().unwrap();
        assert!(
            name.starts_with("Evidence") && name.contains('f') && name.ends_with('1'),
            "{name}"
        );
        let evidence = embed["fields"][0]["value"].as_str().unwrap();
        assert!(
            evidence.contains("The quote") && evidence.contains("Headline (Publisher)"),
            "{evidence}"
        );

        // One log line for the interaction, with its fields.
        let lines = logs
            .wait_events("factbot::interaction", "interaction answered", 1)
            .await;
        assert_eq!(lines.len(), 1, "{lines:?}");
        let f = &lines[0]["fields"];
        assert_eq!(f["kind"], "command");
        assert_eq!(f["command"], "ask");
        assert_eq!(f["guild"], GUILD.to_string());
        assert_eq!(f["user"], 1001);
        assert_eq!(f["outcome"], "answer");
        assert_eq!(f["deferred"], false);
        assert!(f["latency_us"].as_u64().is_some());
        bot.stop().await;
    });
}

#[test]
fn registration_is_skipped_when_discord_already_has_the_commands() {
    with_logs("info", |logs| async move {
        let fake = FakeDiscord::start(TOKEN).await;
        fake.preregister(&GUILD.to_string(), &registration_payload());
        let bot = Running::start_with(&logs, fake, Scripted::new(), |_| {}).await;
        let requests = bot.fake.requests();
        assert!(requests.iter().all(|r| r.method != "PUT"), "{requests:#?}");
        let line = &logs.events("factbot::discord::register", "slash commands registered")[0];
        assert_eq!(line["fields"]["result"], "Unchanged");
        bot.stop().await;
    });
}

#[test]
fn without_guilds_the_commands_are_registered_globally() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |s| s.guild_ids.clear()).await;
        let puts: Vec<_> = bot
            .fake
            .requests()
            .into_iter()
            .filter(|r| r.method == "PUT")
            .collect();
        assert_eq!(puts.len(), 1);
        assert_eq!(
            puts[0].path,
            format!("/api/v10/applications/{}/commands", super::fake::APP_ID)
        );
        assert_eq!(
            bot.fake.registered("global").len(),
            factbot::commands::top_level().len()
        );
        bot.stop().await;
    });
}

#[test]
fn every_command_and_option_type_reaches_the_backend_typed() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        let who = Asker::member(1002);
        let cases = [
            (
                payload::command(
                    "timeline",
                    &[
                        ("entity", json!("Taliban")),
                        ("from", json!(1999)),
                        ("to", json!(2024)),
                    ],
                    &who,
                ),
                "Timeline { entity: Some(\"Taliban\"), from: Some(1999), to: Some(2024) }",
            ),
            (
                payload::command("designations", &[("target", json!("Taliban"))], &who),
                "Designations { designator: None, target: Some(\"Taliban\") }",
            ),
            (
                payload::command("entity", &[("name", json!("CSTO"))], &who),
                "Entity { name: \"CSTO\" }",
            ),
            (
                payload::command("source", &[("fact", json!("f-1"))], &who),
                "Source { fact: \"f-1\" }",
            ),
            (payload::command("about", &[], &Asker::dm(1003)), "About"),
        ];
        for (interaction, expected) in &cases {
            let answer = bot.ask(interaction).await;
            let description = answer.embed().unwrap()["description"]
                .as_str()
                .unwrap()
                .to_string();
            // The reply text is neutralised for Discord (markdown escaped).
            let plain = description.replace('\\', "");
            assert_eq!(plain, *expected);
        }
        // A stale or forged payload is answered privately, not dropped.
        let stale = payload::command("timeline", &[("from", json!("nineteen"))], &who);
        let answer = bot.ask(&stale).await;
        assert_eq!(answer.callbacks[0]["data"]["flags"], 64);
        let embed = answer.embed().unwrap();
        assert_eq!(embed["title"], "Could not read that command");
        let unknown = payload::command("frobnicate", &[], &who);
        let answer = bot.ask(&unknown).await;
        assert!(
            answer.embed().unwrap()["description"]
                .as_str()
                .unwrap()
                .contains("frobnicate")
        );
        assert_all_messages_mention_nobody(&bot.fake);
        bot.stop().await;
    });
}

#[test]
fn autocomplete_answers_at_most_25_choices_within_limits() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        let interaction = payload::autocomplete("entity", "name", "talib", &Asker::member(1004));
        let answer = bot.ask(&interaction).await;
        let callback = &answer.callbacks[0];
        assert_eq!(callback["type"], 8);
        let choices = callback["data"]["choices"].as_array().unwrap();
        assert_eq!(choices.len(), 25);
        for c in choices {
            let name = c["name"].as_str().unwrap();
            assert!(name.chars().count() <= 100, "{name}");
            assert!(name.starts_with("Entity talib"), "{name}");
            assert!(c["value"].as_str().unwrap().starts_with("value-"));
        }
        let line = &logs
            .wait_events("factbot::interaction", "interaction answered", 1)
            .await[0];
        assert_eq!(line["fields"]["kind"], "autocomplete");
        assert_eq!(line["fields"]["choices"], 25);
        bot.stop().await;
    });
}

#[test]
fn slow_answers_are_deferred_then_filled_in() {
    with_logs("info", |logs| async move {
        // A zero budget defers every command.
        let bot = Running::start(&logs, Scripted::new(), |s| s.defer_after = Duration::ZERO).await;
        let public = payload::command("entity", &[("name", json!("CSTO"))], &Asker::member(1005));
        let answer = bot.ask(&public).await;
        assert_eq!(answer.callbacks.len(), 1);
        assert_eq!(answer.callbacks[0]["type"], 5);
        assert_eq!(answer.edits.len(), 1);
        assert_mentions_nobody(&answer.edits[0]);
        assert_eq!(answer.edits[0]["embeds"][0]["title"], "/entity");

        // A private answer cannot be an edit of a public deferral: it goes
        // in an ephemeral follow-up and the placeholder is deleted.
        let private =
            payload::command("entity", &[("name", json!("nobody"))], &Asker::member(1005));
        let answer = bot.ask(&private).await;
        assert_eq!(answer.callbacks[0]["type"], 5);
        assert!(answer.edits.is_empty());
        assert_eq!(answer.followups.len(), 1);
        assert_eq!(answer.followups[0]["flags"], 64);
        assert_mentions_nobody(&answer.followups[0]);
        assert!(answer.deleted_original);

        let lines = logs
            .wait_events("factbot::interaction", "interaction answered", 2)
            .await;
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l["fields"]["deferred"] == true));
        // The first answer's line may be written after the second's.
        let outcomes: Vec<&str> = lines
            .iter()
            .filter_map(|l| l["fields"]["outcome"].as_str())
            .collect();
        assert_eq!(
            outcomes.iter().filter(|&&o| o == "not_found").count(),
            1,
            "{outcomes:?}"
        );
        bot.stop().await;
    });
}

#[test]
fn reload_is_refused_to_members_and_in_dms_and_done_for_moderators() {
    with_logs("info", |logs| async move {
        let backend = Scripted::new();
        let bot = Running::start(&logs, backend.clone(), |_| {}).await;

        let member = bot
            .ask(&payload::command("reload", &[], &Asker::member(2001)))
            .await;
        let callback = &member.callbacks[0];
        assert_eq!(callback["type"], 4);
        assert_eq!(callback["data"]["flags"], 64, "ephemeral");
        let text = callback["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap();
        assert!(text.contains("Manage Server"), "{text}");

        let dm = bot
            .ask(&payload::command("reload", &[], &Asker::dm(2002)))
            .await;
        assert_eq!(dm.callbacks[0]["data"]["flags"], 64);
        let text = dm.callbacks[0]["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap();
        assert!(text.contains("direct messages"), "{text}");
        assert_eq!(
            backend.reloads.load(Ordering::SeqCst),
            0,
            "refusals do not reload"
        );

        for (user, asker) in [
            (2003, Asker::manager(2003)),
            (2004, Asker::moderator_by_role(2004)),
        ] {
            let answer = bot.ask(&payload::command("reload", &[], &asker)).await;
            assert_eq!(answer.callbacks[0]["type"], 5, "deferred");
            assert_eq!(answer.callbacks[0]["data"]["flags"], 64, "ephemeral");
            let embed = &answer.edits[0]["embeds"][0];
            assert_eq!(embed["title"], "Dataset reloaded", "user {user}");
            let all = embed.to_string();
            assert!(all.contains("f-1") || all.contains("f\\\\-1"), "{all}");
        }
        assert_eq!(backend.reloads.load(Ordering::SeqCst), 2);

        *backend.fail_reload.lock().unwrap() = true;
        let failed = bot
            .ask(&payload::command("reload", &[], &Asker::manager(2005)))
            .await;
        let embed = failed.edits[0]["embeds"][0].to_string();
        assert!(embed.contains("data/facts.toml:12:11"), "{embed}");
        assert!(embed.contains("talliban"), "{embed}");
        assert!(
            embed.contains("v1++"),
            "names the version still served: {embed}"
        );

        // One audit line per attempt: who, where, result.
        let audit: Vec<_> = logs
            .lines()
            .into_iter()
            .filter(|l| l["target"] == "factbot::audit")
            .collect();
        let results: Vec<(&str, String, String)> = audit
            .iter()
            .map(|l| {
                let f = &l["fields"];
                (
                    f["result"].as_str().unwrap(),
                    f["user"].to_string(),
                    f["guild"]
                        .as_str()
                        .map_or_else(|| f["guild"].to_string(), str::to_string),
                )
            })
            .collect();
        let g = GUILD.to_string();
        assert_eq!(
            results,
            vec![
                ("refused", "2001".to_string(), g.clone()),
                ("refused", "2002".to_string(), "dm".to_string()),
                ("ok", "2003".to_string(), g.clone()),
                ("ok", "2004".to_string(), g.clone()),
                ("failed", "2005".to_string(), g.clone()),
            ]
        );
        assert_eq!(audit[2]["fields"]["grant"], "manage_guild");
        assert_eq!(
            audit[3]["fields"]["grant"],
            format!("role:{}", payload::MOD_ROLE)
        );

        // SIGHUP and file changes go through the same reloader.
        *backend.fail_reload.lock().unwrap() = false;
        bot.reloader.reload(Trigger::Signal).await.unwrap();
        let last = logs
            .lines()
            .into_iter()
            .rfind(|l| l["target"] == "factbot::audit")
            .unwrap();
        assert_eq!(last["fields"]["trigger"], "sighup");
        assert_eq!(last["fields"]["result"], "ok");
        bot.stop().await;
    });
}

#[test]
fn a_dropped_connection_is_resumed_and_the_next_interaction_answered() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        let first = payload::command("about", &[], &Asker::member(3001));
        bot.ask(&first).await;

        assert!(bot.fake.drop_connection());
        // Sent while the bot is away: kept and replayed on RESUME.
        let missed = payload::command("about", &[], &Asker::member(3002));
        bot.fake
            .dispatch("INTERACTION_CREATE", missed.payload.clone());
        let answer = bot.answer(&missed).await;
        assert_eq!(answer.callbacks[0]["type"], 4);

        let ops = bot.fake.gateway_ops();
        let identifies = ops
            .iter()
            .filter(|o| matches!(o, GatewayOp::Identify { .. }))
            .count();
        assert_eq!(identifies, 1, "resumed, not re-identified: {ops:?}");
        assert!(
            ops.iter().any(|o| matches!(
                o,
                GatewayOp::Resume {
                    token_ok: true,
                    session_ok: true,
                    ..
                }
            )),
            "{ops:?}"
        );
        assert_eq!(bot.fake.connections(), 2);
        logs.wait_for("gateway session resumed").await;

        // And the resumed session keeps working.
        let next = payload::command("about", &[], &Asker::member(3003));
        assert_eq!(bot.ask(&next).await.callbacks[0]["type"], 4);
        bot.stop().await;
    });
}

#[test]
fn a_rate_limited_response_is_retried() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.rate_limit_next_callbacks(2);
        let interaction = payload::command("about", &[], &Asker::member(3101));
        bot.fake
            .dispatch("INTERACTION_CREATE", interaction.payload.clone());
        let token = interaction.token.clone();
        bot.fake
            .wait_until("three callback attempts", WAIT, move |f| {
                f.answer_to(&token).callbacks.len() == 3
            })
            .await;
        let line = &logs
            .wait_events("factbot::interaction", "interaction answered", 1)
            .await[0];
        assert_eq!(line["fields"]["outcome"], "answer");
        assert_eq!(
            logs.events(
                "factbot::discord::respond",
                "Discord rate limited a request; waiting as it asked"
            )
            .len(),
            2
        );
        bot.stop().await;
    });
}

#[test]
fn an_event_serenity_cannot_read_is_reported_not_silently_dropped() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        let mut broken = payload::command("about", &[], &Asker::member(3201));
        broken.payload.as_object_mut().unwrap().remove("token");
        bot.fake.dispatch("INTERACTION_CREATE", broken.payload);
        logs.wait_for(super::DROPPED).await;
        bot.stop_expecting_drops().await;
    });
}

#[test]
fn a_wrong_token_or_an_unreachable_api_stops_the_start_with_a_clear_error() {
    with_logs("info", |_logs| async move {
        let fake = FakeDiscord::start(TOKEN).await;
        let mut settings = super::settings_for(&fake);
        settings.guild_ids.clear();
        let wrong = Token::new("d3Jvbmc.d3Jvbmc.d3Jvbmctd3Jvbmctd3Jvbmc", "test").unwrap();
        let err = Bot::connect(settings.clone(), &wrong, super::service(Scripted::new()))
            .await
            .err()
            .expect("a wrong token is refused");
        assert!(matches!(err, DiscordError::BadToken), "{err:?}");
        assert!(err.to_string().contains("DISCORD_TOKEN"));
        assert!(!err.to_string().contains("d3Jvbmctd3Jvbmctd3Jvbmc"));
        let requests = fake.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].path, "/api/v10/users/@me");
        assert!(!requests[0].authorized);
        assert!(fake.gateway_ops().is_empty(), "never reached the gateway");

        // An API that is not there (nothing listens on port 1) is named.
        settings.api_url = "http://127.0.0.1:1".into();
        let err = Bot::connect(settings.clone(), &wrong, super::service(Scripted::new()))
            .await
            .err()
            .expect("an unreachable API is an error");
        assert!(matches!(err, DiscordError::Unreachable { .. }), "{err:?}");
        assert!(err.to_string().contains(&settings.api_url), "{err}");
    });
}

#[test]
fn the_token_never_appears_in_trace_logs() {
    // `with_logs` checks every test's logs; this one logs everything
    // serenity has to say, at trace level, through a full round trip.
    with_logs("trace", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |s| s.defer_after = Duration::ZERO).await;
        let interaction = payload::command("about", &[], &Asker::member(5001));
        bot.ask(&interaction).await;
        assert!(bot.fake.drop_connection());
        let next = payload::command("about", &[], &Asker::member(5002));
        bot.ask(&next).await;
        // The token did travel (IDENTIFY, RESUME, every REST call), so the
        // check in `with_logs` is not vacuous.
        assert!(
            bot.fake
                .gateway_ops()
                .iter()
                .any(|o| matches!(o, GatewayOp::Resume { token_ok: true, .. }))
        );
        assert!(bot.fake.requests().iter().any(|r| r.authorized));
        bot.stop().await;
        assert!(logs.text().lines().count() > 50, "trace logging is on");
    });
}

#[test]
fn a_burst_of_file_changes_triggers_one_debounced_reload() {
    with_logs("info", |logs| async move {
        let dir = tempfile::tempdir().unwrap();
        let backend = Scripted::new();
        let reloader = Arc::new(factbot::service::reload::Reloader::new(backend.clone()));
        let _watch = factbot::service::watch::watch_data_dir(
            dir.path(),
            reloader,
            factbot::service::watch::DEBOUNCE,
        )
        .unwrap();
        // Several writes in quick succession, as an editor saving does.
        for i in 0..5 {
            std::fs::write(dir.path().join("facts.toml"), format!("# edit {i}\n")).unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let lines = logs
            .wait_events("factbot::audit", "dataset reloaded", 1)
            .await;
        assert_eq!(lines[0]["fields"]["trigger"], "file_change");
        // Quiet now: no second reload follows within a few debounce periods.
        tokio::time::sleep(3 * factbot::service::watch::DEBOUNCE).await;
        assert_eq!(backend.reloads.load(Ordering::SeqCst), 1);
    });
}
