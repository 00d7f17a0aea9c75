//! Discord's failure modes, each against the fake Discord with the real
//! serenity client: rate limits on a callback, an edit, a follow-up and
//! command registration (waited out exactly as `retry_after` asks, for
//! every request when `global`; given up at once, logged and counted, when
//! the wait would pass the interaction's deadline), an expired interaction
//! (404 10062: logged once, counted, never retried), and the gateway
//! telling the bot to reconnect (op 7), invalidating its session (op 9,
//! resumable or not) and no longer acknowledging heartbeats.

use std::time::Duration;

use serde_json::json;

use super::fake::{FakeDiscord, GatewayOp, Route};
use super::payload::{self, Asker};
use super::transport::Scripted;
use super::{Running, TOKEN, WAIT, with_logs};
use factbot::service::metrics::Outcome;

/// Sends `interaction` and waits until the bot made `n` requests of
/// `route` for it (a 429'd request is recorded too).
async fn ask_until(
    bot: &Running,
    interaction: &payload::Interaction,
    route: Route,
    n: usize,
) -> super::fake::Answer {
    bot.fake
        .dispatch("INTERACTION_CREATE", interaction.payload.clone());
    let token = interaction.token.clone();
    bot.fake
        .wait_until(&format!("{n} requests of {route:?}"), WAIT, move |f| {
            let a = f.answer_to(&token);
            match route {
                Route::Callback => a.callbacks.len() >= n,
                Route::Edit => a.edits.len() >= n,
                Route::Followup => a.followups.len() >= n,
                Route::PutCommands => false,
            }
        })
        .await;
    bot.fake.answer_to(&interaction.token)
}

/// The gap between the first two requests of `route`.
fn gap(fake: &FakeDiscord, route: Route) -> Duration {
    let requests = fake.requests_of(route);
    assert!(
        requests.len() >= 2,
        "{route:?}: {} requests",
        requests.len()
    );
    requests[1].at.duration_since(requests[0].at)
}

#[test]
fn a_rate_limited_callback_waits_exactly_as_long_as_discord_asks() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.rate_limit(Route::Callback, 1, 1.2, false);
        let interaction = payload::command("about", &[], &Asker::member(4001));
        let answer = ask_until(&bot, &interaction, Route::Callback, 2).await;
        assert_eq!(answer.callbacks.len(), 2, "one 429, then the answer");
        let waited = gap(&bot.fake, Route::Callback);
        assert!(
            waited >= Duration::from_millis(1200),
            "retried after {waited:?}"
        );
        let line = &logs
            .wait_events("factbot::interaction", "interaction answered", 1)
            .await[0];
        assert_eq!(line["fields"]["outcome"], "answer");
        let waits = logs.events(
            "factbot::discord::respond",
            "Discord rate limited a request; waiting as it asked",
        );
        assert_eq!(waits.len(), 1);
        assert_eq!(waits[0]["fields"]["retry_after_ms"], 1200);
        bot.stop().await;
    });
}

#[test]
fn a_rate_limit_past_the_deadline_is_given_up_at_once_logged_and_counted() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.rate_limit(Route::Callback, 1, 10.0, false);
        let interaction = payload::command("about", &[], &Asker::member(4002));
        bot.fake
            .dispatch("INTERACTION_CREATE", interaction.payload.clone());
        let line = logs
            .wait_events("factbot::interaction", "answering an interaction failed", 1)
            .await;
        assert_eq!(line[0]["fields"]["outcome"], "rate_limited");
        assert!(
            line[0]["fields"]["error"]
                .as_str()
                .unwrap()
                .contains("rate limited for 10.00 s"),
            "{line:?}"
        );
        assert_eq!(
            bot.fake.answer_to(&interaction.token).callbacks.len(),
            1,
            "not retried"
        );
        assert_eq!(bot.metrics().interactions("about", Outcome::RateLimited), 1);
        bot.stop().await;
    });
}

#[test]
fn a_global_rate_limit_holds_every_request_until_it_ends() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.rate_limit(Route::Callback, 1, 1.0, true);
        let first = payload::command("about", &[], &Asker::member(4003));
        bot.fake
            .dispatch("INTERACTION_CREATE", first.payload.clone());
        let token = first.token.clone();
        bot.fake
            .wait_until("the 429", WAIT, move |f| {
                !f.answer_to(&token).callbacks.is_empty()
            })
            .await;
        let limited_at = bot.fake.requests_of(Route::Callback)[0].at;
        // Once the bot has read the 429 (it logs the wait) another
        // interaction, during the global limit, waits too.
        logs.wait_for("Discord rate limited a request; waiting as it asked")
            .await;
        let second = bot
            .ask(&payload::command("about", &[], &Asker::member(4004)))
            .await;
        assert_eq!(second.callbacks.len(), 1);
        bot.fake
            .wait_until("the first answered after its 429", WAIT, |f| {
                f.requests_of(Route::Callback).len() == 3
            })
            .await;
        let calls = bot.fake.requests_of(Route::Callback);
        assert_eq!(calls.len(), 3);
        for later in &calls[1..] {
            let after = later.at.duration_since(limited_at);
            assert!(
                after >= Duration::from_millis(1000),
                "sent {after:?} after a global 429"
            );
        }
        bot.stop().await;
    });
}

#[test]
fn rate_limited_edits_and_follow_ups_are_waited_out() {
    with_logs("info", |logs| async move {
        // A zero budget defers every command: the answer is an edit, or a
        // follow-up for a private one.
        let bot = Running::start(&logs, Scripted::new(), |s| s.defer_after = Duration::ZERO).await;
        bot.fake.rate_limit(Route::Edit, 1, 0.6, false);
        let public = payload::command("entity", &[("name", json!("CSTO"))], &Asker::member(4005));
        let edited = ask_until(&bot, &public, Route::Edit, 2).await;
        assert_eq!(edited.edits.len(), 2, "one 429, then the edit");
        assert!(gap(&bot.fake, Route::Edit) >= Duration::from_millis(600));
        bot.fake.rate_limit(Route::Followup, 1, 0.6, false);
        let private = bot
            .ask(&payload::command(
                "entity",
                &[("name", json!("nobody"))],
                &Asker::member(4006),
            ))
            .await;
        assert_eq!(private.followups.len(), 2, "one 429, then the follow-up");
        assert!(private.deleted_original);
        assert!(gap(&bot.fake, Route::Followup) >= Duration::from_millis(600));
        let lines = logs
            .wait_events("factbot::interaction", "interaction answered", 2)
            .await;
        assert!(lines.iter().all(|l| l["fields"]["deferred"] == true));
        bot.stop().await;
    });
}

#[test]
fn a_rate_limited_registration_is_waited_out() {
    with_logs("info", |logs| async move {
        let fake = FakeDiscord::start(TOKEN).await;
        fake.rate_limit(Route::PutCommands, 1, 0.5, false);
        let bot = Running::start_with(&logs, fake, Scripted::new(), |_| {}).await;
        let puts = bot.fake.requests_of(Route::PutCommands);
        assert_eq!(puts.len(), 2);
        assert!(gap(&bot.fake, Route::PutCommands) >= Duration::from_millis(500));
        assert_eq!(
            bot.fake.registered(&payload::GUILD.to_string()).len(),
            factbot::commands::top_level().len()
        );
        bot.stop().await;
    });
}

#[test]
fn an_expired_interaction_is_logged_once_counted_and_never_retried() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.expire_next_callbacks(1);
        let interaction = payload::command("about", &[], &Asker::member(4007));
        bot.fake
            .dispatch("INTERACTION_CREATE", interaction.payload.clone());
        let lines = logs
            .wait_events("factbot::interaction", "answering an interaction failed", 1)
            .await;
        assert_eq!(lines[0]["fields"]["outcome"], "expired");
        // The next interaction goes through, so the first was not retried
        // in the meantime.
        bot.ask(&payload::command("about", &[], &Asker::member(4008)))
            .await;
        assert_eq!(bot.fake.answer_to(&interaction.token).callbacks.len(), 1);
        assert_eq!(
            logs.events("factbot::interaction", "answering an interaction failed")
                .len(),
            1
        );
        assert_eq!(bot.metrics().interactions("about", Outcome::Expired), 1);
        bot.stop().await;
    });
}

/// Waits until the bot has started `n` sessions (IDENTIFY or a good
/// RESUME) in all, then checks it answers on the newest. (An interaction
/// sent before the session starts would be lost with the old one.)
async fn reconnected(bot: &Running, n: usize, user: u64) {
    bot.fake
        .wait_until(&format!("session {n}"), WAIT, move |f| {
            let ops = f.gateway_ops();
            count(&ops, true) + count(&ops, false) >= n
        })
        .await;
    let answer = bot
        .ask(&payload::command("about", &[], &Asker::member(user)))
        .await;
    assert_eq!(answer.callbacks[0]["type"], 4);
}

fn count(ops: &[GatewayOp], identify: bool) -> usize {
    ops.iter()
        .filter(|o| {
            if identify {
                matches!(o, GatewayOp::Identify { .. })
            } else {
                matches!(
                    o,
                    GatewayOp::Resume {
                        session_ok: true,
                        ..
                    }
                )
            }
        })
        .count()
}

#[test]
fn op_7_reconnect_and_op_9_invalid_session_both_ways_keep_the_bot_answering() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        // op 7: reconnect and resume.
        assert!(bot.fake.send_op(json!({"op": 7, "d": null})));
        reconnected(&bot, 2, 4101).await;
        let ops = bot.fake.gateway_ops();
        assert_eq!((count(&ops, true), count(&ops, false)), (1, 1), "{ops:?}");
        // op 9, resumable: reconnect and resume.
        assert!(bot.fake.send_op(json!({"op": 9, "d": true})));
        reconnected(&bot, 3, 4102).await;
        let ops = bot.fake.gateway_ops();
        assert_eq!((count(&ops, true), count(&ops, false)), (1, 2), "{ops:?}");
        // op 9, not resumable: a new session (IDENTIFY again).
        assert!(bot.fake.send_op(json!({"op": 9, "d": false})));
        bot.fake
            .wait_until("a second IDENTIFY", WAIT, |f| {
                count(&f.gateway_ops(), true) == 2
            })
            .await;
        let answer = bot
            .ask(&payload::command("about", &[], &Asker::member(4103)))
            .await;
        assert_eq!(answer.callbacks[0]["type"], 4);
        bot.stop().await;
    });
}

#[test]
fn a_gateway_that_stops_acknowledging_heartbeats_is_left_for_a_new_connection() {
    with_logs("info", |logs| async move {
        let bot = Running::start(&logs, Scripted::new(), |_| {}).await;
        bot.fake.acknowledge_heartbeats(false);
        // serenity notices at its next heartbeat that the last one was
        // never acknowledged (the fake asks for one every 5 s).
        bot.fake
            .wait_until("a reconnection", Duration::from_secs(40), |f| {
                f.connections() >= 2
            })
            .await;
        bot.fake.acknowledge_heartbeats(true);
        reconnected(&bot, 2, 4201).await;
        let ops = bot.fake.gateway_ops();
        assert!(
            count(&ops, false) + count(&ops, true) >= 2,
            "a new or resumed session: {ops:?}"
        );
        bot.stop().await;
    });
}
