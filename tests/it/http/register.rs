//! HTTP mode receives no READY, so `serve-http` registers the slash commands
//! itself when it has a bot token, exactly as `factbot run` does; without a
//! token it starts all the same and says how to register them.

use std::path::Path;

use super::AppKey;
use super::process::Bot;
use crate::discord::fake::FakeDiscord;
use crate::discord::payload::GUILD;
use crate::discord::{TOKEN, WAIT};

fn config(dir: &Path, api_url: &str, key: &AppKey) -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let path = dir.join("factbot.toml");
    std::fs::write(
        &path,
        format!(
            "[discord]\napi_url = \"{api_url}\"\nguild_ids = [\"{GUILD}\"]\npublic_key = \"{}\"\n\n\
             [data]\ndir = {:?}\n\n[http]\nlisten = \"127.0.0.1:0\"\n",
            key.public_hex(),
            data.to_str().unwrap()
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_token_serve_http_registers_the_commands() {
    let fake = FakeDiscord::start(TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &fake.api_url(), &AppKey::generate(60));
    let mut bot = Bot::spawn(
        &["serve-http", "--config", &config],
        &[("DISCORD_TOKEN", TOKEN)],
    );
    fake.wait_until("the commands registered on the guild", WAIT, |f| {
        !f.registered(&GUILD.to_string()).is_empty()
    })
    .await;
    let names: Vec<String> = fake
        .registered(&GUILD.to_string())
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<&str> = factbot::commands::top_level()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(names, expected);
    bot.wait_for_line("serving HTTP interactions", WAIT);
    assert!(
        !bot.seen
            .iter()
            .any(|l| l.contains(crate::discord::TOKEN_SECRET)),
        "the token never appears in the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_serve_http_starts_and_says_how_to_register() {
    let fake = FakeDiscord::start(TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &fake.api_url(), &AppKey::generate(61));
    let mut bot = Bot::spawn(&["serve-http", "--config", &config], &[]);
    bot.wait_for_line("serving HTTP interactions", WAIT);
    assert!(
        bot.seen
            .iter()
            .any(|l| l.contains("slash commands are not registered by serve-http")),
        "{}",
        bot.seen.join("\n")
    );
    assert!(fake.requests().is_empty(), "nothing was sent to Discord");
}
