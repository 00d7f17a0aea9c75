//! The real command layer and the shipped data, through Discord: what a
//! person in a server sees for each command, autocomplete on a misspelt
//! name, `/ask`, and `/reload` of an edited (then broken) copy of `data/`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use factbot::commands::{self, Command};
use factbot::discord::convert::embed_from_reply;
use factbot::service::store::Store;
use serde_json::{Value, json};

use super::cli::copy_dir;
use super::payload::{self, Asker};
use super::{Running, assert_all_messages_mention_nobody, with_logs};

fn shipped_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// All the text of an embed (title, description, fields, footer).
fn embed_text(embed: &Value) -> String {
    let mut out = format!(
        "{}\n{}\n",
        embed["title"].as_str().unwrap_or(""),
        embed["description"].as_str().unwrap_or("")
    );
    for f in embed["fields"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "{}\n{}\n",
            f["name"].as_str().unwrap_or(""),
            f["value"].as_str().unwrap_or("")
        ));
    }
    out.push_str(embed["footer"]["text"].as_str().unwrap_or(""));
    out
}

/// The embed fields naming evidence, by fact id.
fn cited_facts(embed: &Value) -> Vec<String> {
    embed["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str()?.strip_prefix("Evidence · "))
        .map(|id| id.replace('\\', ""))
        .collect()
}

/// A command, its options as typed, words its embed must show, and a fact
/// it must cite as evidence.
struct Case<'a> {
    command: Command,
    options: Vec<(&'a str, Value)>,
    words: Vec<&'a str>,
    cites: Option<&'a str>,
}

impl<'a> Case<'a> {
    fn new(
        command: Command,
        options: Vec<(&'a str, Value)>,
        words: Vec<&'a str>,
        cites: Option<&'a str>,
    ) -> Case<'a> {
        Case {
            command,
            options,
            words,
            cites,
        }
    }
}

#[test]
fn each_command_answers_with_its_embed_and_citations() {
    with_logs("info", |logs| async move {
        let store = Arc::new(Store::open(shipped_data()).unwrap());
        let bot = Running::start(&logs, store.clone(), |_| {}).await;
        let who = Asker::member(7001);
        let court = "ru-supreme-court-designates-taliban";
        let version = store.snapshot().version.clone();

        let cases: Vec<Case> = vec![
            Case::new(
                Command::Designations {
                    designator: None,
                    target: Some("Taliban".into()),
                },
                vec![("target", json!("Taliban"))],
                vec!["Supreme Court of Russia", "UN Security Council", "2003"],
                Some(court),
            ),
            Case::new(
                Command::Entity {
                    name: "CSTO".into(),
                },
                vec![("name", json!("CSTO"))],
                vec!["Collective Security Treaty Organization", "alliance"],
                None,
            ),
            Case::new(
                Command::Source { fact: court.into() },
                vec![("fact", json!(court))],
                vec!["identified as a criminal organization by the Russian supreme court in 2003"],
                None,
            ),
            Case::new(
                Command::Timeline {
                    entity: Some("Taliban".into()),
                    from: Some(1999),
                    to: Some(2003),
                },
                vec![
                    ("entity", json!("Taliban")),
                    ("from", json!(1999)),
                    ("to", json!(2003)),
                ],
                // The timeline names each line's fact inline.
                vec!["1999", "2003", court],
                None,
            ),
            Case::new(
                Command::About,
                vec![],
                vec!["Asia Times", version.as_str()],
                None,
            ),
        ];
        for Case {
            command,
            options,
            words: expected_words,
            cites: expected_citation,
        } in &cases
        {
            let interaction = payload::command(command.name(), options, &who);
            let answer = bot.ask(&interaction).await;
            let embed = answer
                .embed()
                .unwrap_or_else(|| panic!("/{} has an embed", command.name()));
            // Markdown in data is escaped for Discord; read past it.
            let text = embed_text(embed).replace('\\', "");
            for word in expected_words {
                assert!(
                    text.contains(word),
                    "/{}: {word:?} missing in\n{text}",
                    command.name()
                );
            }
            if let Some(fact) = expected_citation {
                assert!(
                    cited_facts(embed).iter().any(|f| f == fact),
                    "/{} cites {fact}: {:?}",
                    command.name(),
                    cited_facts(embed)
                );
            }
            // Exactly what the command layer answers, fitted and rendered.
            let reply = commands::execute(&store.snapshot(), command).fit();
            assert_eq!(
                embed,
                &serde_json::to_value(embed_from_reply(&reply)).unwrap()
            );
        }
        assert_all_messages_mention_nobody(&bot.fake);
        bot.stop().await;
    });
}

#[test]
fn ask_answers_who_designated_whom_with_the_articles_words() {
    with_logs("info", |logs| async move {
        let store = Arc::new(Store::open(shipped_data()).unwrap());
        let bot = Running::start(&logs, store, |_| {}).await;
        let question = "Who designated the Taliban as a terrorist organisation, and when?";
        let ask = payload::command(
            "ask",
            &[("question", json!(question))],
            &Asker::member(7101),
        );
        let answer = bot.ask(&ask).await;
        assert_eq!(answer.callbacks[0]["type"], 4);
        let embed = answer.embed().unwrap();
        let description = embed["description"].as_str().unwrap();
        assert!(
            description.contains("Russia's Supreme Court designated the Taliban"),
            "{description}"
        );
        assert!(description.contains("2003"), "{description}");
        assert!(cited_facts(embed).contains(&"ru-supreme-court-designates-taliban".to_string()));
        let quote = embed_text(embed);
        assert!(
            quote.contains(
                "identified as a criminal organization by the Russian supreme court in 2003"
            ),
            "{quote}"
        );
        bot.stop().await;
    });
}

#[test]
fn autocomplete_suggests_the_entity_for_a_misspelt_name() {
    with_logs("info", |logs| async move {
        let store = Arc::new(Store::open(shipped_data()).unwrap());
        let bot = Running::start(&logs, store, |_| {}).await;
        for (command, option, typed) in [
            ("entity", "name", "Talibn"),
            ("designations", "designator", "Rusia"),
        ] {
            let interaction = payload::autocomplete(command, option, typed, &Asker::member(7201));
            let answer = bot.ask(&interaction).await;
            assert_eq!(answer.callbacks[0]["type"], 8);
            let choices = answer.callbacks[0]["data"]["choices"]
                .as_array()
                .unwrap()
                .clone();
            assert!(!choices.is_empty() && choices.len() <= 25, "{choices:?}");
            for c in &choices {
                assert!(c["name"].as_str().unwrap().chars().count() <= 100);
                assert!(c["value"].as_str().unwrap().chars().count() <= 100);
            }
            let expected = if typed == "Talibn" {
                "Taliban"
            } else {
                "Russia"
            };
            assert!(
                choices[0]["name"].as_str().unwrap().contains(expected),
                "{typed:?} → {choices:?}"
            );
        }
        let facts = payload::autocomplete("source", "fact", "court", &Asker::member(7201));
        let answer = bot.ask(&facts).await;
        let choices = answer.callbacks[0]["data"]["choices"]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            choices
                .iter()
                .any(|c| c["value"] == "ru-supreme-court-designates-taliban"),
            "{choices:?}"
        );
        bot.stop().await;
    });
}

#[test]
fn reload_by_a_moderator_shows_the_diff_and_a_broken_file_keeps_the_old_answers() {
    with_logs("info", |logs| async move {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(&shipped_data(), &data);
        let store = Arc::new(Store::open(data.clone()).unwrap());
        let first_version = store.snapshot().version.clone();
        let bot = Running::start(&logs, store.clone(), |_| {}).await;
        let moderator = Asker::moderator_by_role(7301);

        // Refused to a plain member and in a DM: nothing reloads.
        for asker in [Asker::member(7302), Asker::dm(7303)] {
            let answer = bot.ask(&payload::command("reload", &[], &asker)).await;
            assert_eq!(answer.callbacks[0]["data"]["flags"], 64);
            assert_eq!(
                answer.callbacks[0]["data"]["embeds"][0]["title"],
                "Not allowed"
            );
        }
        assert_eq!(store.snapshot().version, first_version);

        // Edit one fact's note; a moderator reloads and sees the diff.
        let facts = data.join("facts.toml");
        let text = std::fs::read_to_string(&facts).unwrap();
        let edited = text.replacen(
            "note = \"Still in force when the article was written",
            "note = \"Edited for the test. Still in force when the article was written",
            1,
        );
        assert_ne!(edited, text, "the edit applies");
        std::fs::write(&facts, &edited).unwrap();
        let answer = bot.ask(&payload::command("reload", &[], &moderator)).await;
        assert_eq!(answer.callbacks[0]["type"], 5);
        let embed = &answer.edits[0]["embeds"][0];
        let shown = embed_text(embed).replace('\\', "");
        assert_eq!(embed["title"], "Dataset reloaded");
        assert!(shown.contains("0 added, 0 removed, 1 changed"), "{shown}");
        assert!(
            shown.contains("ru-supreme-court-designates-taliban"),
            "{shown}"
        );
        let second_version = store.snapshot().version.clone();
        assert_ne!(second_version, first_version);
        assert!(
            shown.contains(&second_version),
            "names the new version: {shown}"
        );

        // Break a reference: the reload is refused with the located problem.
        let broken = edited.replacen("object = \"taliban\"", "object = \"talliban\"", 1);
        std::fs::write(&facts, &broken).unwrap();
        let line = broken
            .lines()
            .position(|l| l.contains("\"talliban\""))
            .unwrap()
            + 1;
        let answer = bot.ask(&payload::command("reload", &[], &moderator)).await;
        let embed = &answer.edits[0]["embeds"][0];
        let shown = embed_text(embed).replace('\\', "");
        assert_eq!(embed["title"], "Reload refused: the data has 1 problem");
        assert!(
            shown.contains(&format!("facts.toml:{line}:")),
            "located: {shown}"
        );
        assert!(shown.contains("talliban"), "{shown}");
        assert!(shown.contains(&second_version), "still serving: {shown}");
        assert_eq!(store.snapshot().version, second_version);

        // The next question still gets the old answer.
        let ask = payload::command(
            "designations",
            &[("target", json!("Taliban"))],
            &Asker::member(7304),
        );
        let answer = bot.ask(&ask).await;
        let embed = answer.embed().unwrap();
        assert!(embed_text(embed).contains("Supreme Court of Russia"));
        assert!(cited_facts(embed).contains(&"ru-supreme-court-designates-taliban".to_string()));

        // Audited: two refusals, one success, one failure.
        let results: Vec<String> = logs
            .lines()
            .into_iter()
            .filter(|l| l["target"] == "factbot::audit")
            .map(|l| l["fields"]["result"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(results, ["refused", "refused", "ok", "failed"]);
        bot.stop().await;
    });
}

#[test]
fn a_burst_of_500_interactions_is_answered_in_full() {
    const N: usize = 500;
    with_logs("info", |logs| async move {
        let store = Arc::new(Store::open(shipped_data()).unwrap());
        let bot = Running::start(&logs, store, |_| {}).await;
        let interactions: Vec<_> = (0..N)
            .map(|i| mixed(i, &Asker::member(4000 + (i as u64 % 50))))
            .collect();
        for i in &interactions {
            bot.fake.dispatch("INTERACTION_CREATE", i.payload.clone());
        }
        let tokens: Vec<String> = interactions.iter().map(|i| i.token.clone()).collect();
        bot.fake
            .wait_until(
                "every interaction answered",
                Duration::from_secs(120),
                move |f| {
                    let callbacks = f
                        .requests()
                        .iter()
                        .filter(|r| r.path.ends_with("/callback"))
                        .count();
                    callbacks >= tokens.len()
                },
            )
            .await;
        for i in &interactions {
            let answer = bot.fake.answer_to(&i.token);
            assert_eq!(
                answer.callbacks.len(),
                1,
                "interaction {} answered once",
                i.id
            );
            assert!(answer.is_complete());
        }
        // Bot-side latency (receipt → response sent), from the log lines.
        let mut latencies: Vec<u64> = logs
            .wait_events("factbot::interaction", "interaction answered", N)
            .await
            .iter()
            .filter_map(|l| l["fields"]["latency_us"].as_u64())
            .collect();
        assert_eq!(latencies.len(), N, "one log line per interaction");
        latencies.sort_unstable();
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1)];
        println!(
            "burst of {N} interactions: bot-side latency p50 = {:.2} ms, p99 = {:.2} ms, max = {:.2} ms",
            pct(0.50) as f64 / 1000.0,
            pct(0.99) as f64 / 1000.0,
            latencies[N - 1] as f64 / 1000.0
        );
        // For comparison, the same commands one at a time.
        let mut unloaded = Vec::new();
        for i in 0..20 {
            let one = mixed(i, &Asker::member(4999));
            bot.ask(&one).await;
            let lines = logs
                .wait_events("factbot::interaction", "interaction answered", N + i + 1)
                .await;
            unloaded.push(lines[N + i]["fields"]["latency_us"].as_u64().unwrap());
        }
        unloaded.sort_unstable();
        println!(
            "one at a time: bot-side latency p50 = {:.2} ms, max = {:.2} ms (20 interactions, same mix)",
            unloaded[9] as f64 / 1000.0,
            unloaded[19] as f64 / 1000.0
        );
        assert_all_messages_mention_nobody(&bot.fake);
        bot.stop().await;
    });
}

/// The burst's mix: every command that reads the data, and autocomplete.
fn mixed(i: usize, asker: &Asker) -> payload::Interaction {
    match i % 5 {
        0 => payload::command(
            "ask",
            &[("question", json!("Who designated the Taliban, and when?"))],
            asker,
        ),
        1 => payload::command("designations", &[("target", json!("Taliban"))], asker),
        2 => payload::command("entity", &[("name", json!("CSTO"))], asker),
        3 => payload::command("timeline", &[("entity", json!("Putin"))], asker),
        _ => payload::autocomplete("entity", "name", "rus", asker),
    }
}
