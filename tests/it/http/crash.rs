//! Crash safety of Apply: the real `factbot serve-http` binary (built with
//! the `crash-points` feature, as the tests build it) is stopped at each
//! step of applying an upload — after the temporary write, after the
//! rename, after the swap but before the history records it — killed with
//! SIGKILL there, and started again. Each time the directory holds the
//! old or the new dataset, valid, and the restarted bot's history agrees
//! with what it serves (its newest entry is the served version, recorded
//! as the moderator's upload when the new files were in place).

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::process::Bot;
use super::{AppKey, post_signed};
use crate::discord::fake::FakeDiscord;
use crate::discord::moderation::{MANAGER, Setup, button_ids, changed_facts, text_of};
use crate::discord::payload::{self, Asker, File};
use crate::discord::{TOKEN, WAIT};

struct Served {
    bot: Bot,
    url: String,
}

fn start(config: &Path, state_url: &str, pause_at: Option<&str>) -> Served {
    let mut envs = vec![("FACTBOT_STATE_URL", state_url)];
    if let Some(step) = pause_at {
        envs.push((factbot::service::crash::PAUSE_ENV, step));
    }
    let mut bot = Bot::spawn(&["serve-http", "--config", config.to_str().unwrap()], &envs);
    let listen = bot.address("serving HTTP interactions", "listen");
    Served {
        bot,
        url: format!("http://{listen}/interactions"),
    }
}

async fn ask(client: &reqwest::Client, url: &str, key: &AppKey, body: &Value) -> Value {
    let answer = post_signed(client, url, key, body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

/// The newest line of `/data history` as the bot shows it.
async fn newest_entry(client: &reqwest::Client, served: &Served, key: &AppKey) -> String {
    let history = payload::subcommand("data", "history", &[], None, &Asker::manager(MANAGER));
    let listed = text_of(&ask(client, &served.url, key, &history.payload).await["data"]);
    listed.lines().nth(1).unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_each_step_of_apply_the_restart_serves_old_or_new_and_history_agrees() {
    let fake = FakeDiscord::start(TOKEN).await;
    let client = reqwest::Client::new();
    let manager = Asker::manager(MANAGER);
    for (step, lands) in [("written", false), ("renamed", true), ("swapped", true)] {
        let key = AppKey::generate(50);
        let setup = Setup::new();
        let old = setup.version_on_disk();
        let config = setup.dir.path().join("factbot.toml");
        std::fs::write(
            &config,
            format!(
                "[discord]\npublic_key = \"{}\"\n\n[data]\ndir = {:?}\n\n[http]\nlisten = \
                 \"127.0.0.1:0\"\n\n[moderation]\nattachment_hosts = [\"127.0.0.1\"]\n",
                key.public_hex(),
                setup.data_dir().to_str().unwrap()
            ),
        )
        .unwrap();
        let state_url = format!(
            "sqlite:{}",
            setup.dir.path().join("state.sqlite3").display()
        );

        let mut served = start(&config, &state_url, Some(step));
        let bytes = changed_facts();
        let file = File {
            name: "facts.toml".into(),
            url: fake.host_file("facts.toml", &bytes),
            size: bytes.len() as u64,
        };
        let upload = payload::subcommand("data", "upload", &[], Some(("file", &file)), &manager);
        let preview = ask(&client, &served.url, &key, &upload.payload).await;
        let apply = button_ids(&preview["data"])[0].clone();
        // The press never gets its answer: the bot stops at `step`.
        let press = payload::button(&apply, &manager).payload;
        let (url, pressing_key) = (served.url.clone(), AppKey::generate(50));
        let pressing = tokio::spawn(async move {
            let _ = post_signed(&reqwest::Client::new(), &url, &pressing_key, &press).await;
        });
        served.bot.wait_for_line(&format!("paused at {step}"), WAIT);
        served.bot.child.kill().unwrap(); // SIGKILL
        served.bot.child.wait().unwrap();
        pressing.abort();

        // On disk: the old or the new dataset, whole and valid.
        let files = factbot::data::DataFiles::read_dir(&setup.data_dir()).unwrap();
        let on_disk = factbot::data::load(&files)
            .unwrap_or_else(|p| panic!("{step}: the directory does not validate: {p}"))
            .version;
        let temporaries: Vec<_> = std::fs::read_dir(setup.data_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        if lands {
            assert_ne!(on_disk, old, "{step}: the new files were in place");
            assert_eq!(setup.facts(), bytes);
        } else {
            assert_eq!(on_disk, old, "{step}: nothing was renamed yet");
            assert_eq!(temporaries.len(), 1, "{step}: the temporary is left behind");
        }

        // Restarted: the history's newest entry is what is served.
        let mut again = start(&config, &state_url, None);
        let newest = newest_entry(&client, &again, &key).await;
        assert!(newest.ends_with("· serving"), "{step}: {newest}");
        assert!(
            newest.contains(&format!(" · {on_disk} · ")),
            "{step}: {newest}"
        );
        let swept = std::fs::read_dir(setup.data_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp"));
        assert!(swept, "{step}: the restart swept the temporary");
        if lands {
            assert!(
                newest.contains(&format!("upload by user {MANAGER}")),
                "{step}: the interrupted apply is recorded as the upload: {newest}"
            );
            again
                .bot
                .wait_for_line("finished an apply interrupted by a crash", WAIT);
        } else {
            // Nothing changed: the preview can be applied now.
            let applied = ask(
                &client,
                &again.url,
                &key,
                &payload::button(&apply, &manager).payload,
            )
            .await;
            assert!(
                text_of(&applied["data"]).starts_with("Applied: upload facts.toml"),
                "{step}: {applied}"
            );
            assert_eq!(setup.facts(), bytes);
            let newest = newest_entry(&client, &again, &key).await;
            assert!(
                newest.contains(&format!("upload by user {MANAGER}")),
                "{newest}"
            );
        }
        drop(again);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
