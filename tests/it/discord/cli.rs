//! `factbot run` as a process: config and token errors are reported
//! clearly before anything connects; with a valid setup it serves the
//! fake Discord, reloads on SIGHUP and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::fake::FakeDiscord;
use super::payload::{self, Asker, GUILD};
use super::{TOKEN, TOKEN_SECRET, WAIT};

fn factbot() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factbot"));
    // The history goes to a file of this test run, not the working
    // directory's `state/`; a test of the history names its own.
    let state = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-state.sqlite3");
    cmd.env_remove("DISCORD_TOKEN")
        .env_remove("FACTBOT_CONFIG")
        .env("FACTBOT_STATE_URL", format!("sqlite:{}", state.display()))
        .env("RUST_LOG", "warn");
    cmd
}

#[test]
fn an_unknown_config_key_stops_run_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[discord]\nguilds = [1]\n").unwrap();
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .env("DISCORD_TOKEN", "abc.def.ghi")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2:1: unknown field `guilds`", config.display())),
        "{stderr}"
    );
}

#[test]
fn the_config_can_come_from_factbot_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("f.toml");
    std::fs::write(&config, "[log]\nformat = \"xml\"\n").unwrap();
    let out = factbot()
        .arg("run")
        .env("FACTBOT_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("f.toml:2:10:"), "{stderr}");
}

#[test]
fn a_missing_token_says_where_to_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ok.toml");
    std::fs::write(&config, "[data]\ndir = \"data\"\n").unwrap();
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no Discord bot token"), "{stderr}");
    assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
}

/// Copies a directory tree (the shipped data) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Lines a child process writes on stderr, collected by a thread.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<String>>>);

impl Lines {
    fn collect(stream: impl Read + Send + 'static) -> Lines {
        let lines = Lines::default();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                sink.0.lock().unwrap().push(line);
            }
        });
        lines
    }

    fn all(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    async fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if self.0.lock().unwrap().iter().any(|l| done(l)) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}; stderr:\n{}",
                self.all()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name}");
}

#[test]
fn run_serves_reloads_on_sighup_and_stops_cleanly_on_sigterm() {
    // The bot logs in its own process (checked below), not in this one.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let fake = FakeDiscord::start(TOKEN).await;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data").as_path(),
            &data,
        );
        let config = dir.path().join("factbot.toml");
        std::fs::write(
            &config,
            format!(
                "[discord]\napi_url = \"{}\"\nguild_ids = [\"{GUILD}\"]\n\n[data]\ndir = {:?}\n\n[log]\nformat = \"json\"\n\n[state]\ndir = {:?}\n",
                fake.api_url(),
                data.display().to_string(),
                dir.path().join("state").display().to_string()
            ),
        )
        .unwrap();
        let mut child = factbot()
            .args(["run", "--config"])
            .arg(&config)
            .env_remove("FACTBOT_STATE_URL")
            .env("DISCORD_TOKEN", TOKEN)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Lines::collect(child.stderr.take().unwrap());

        fake.wait_until("the commands registered on the guild", WAIT, |f| {
            !f.registered(&GUILD.to_string()).is_empty()
        })
        .await;
        let about = payload::command("about", &[], &Asker::member(6001));
        fake.dispatch("INTERACTION_CREATE", about.payload.clone());
        let token = about.token.clone();
        fake.wait_until("the answer to /about", WAIT, move |f| {
            f.answer_to(&token).is_complete()
        })
        .await;
        stderr
            .wait_for("the interaction's log line", |l| {
                l.contains("interaction answered")
            })
            .await;

        // A changed fact, so the reload changes the version and is recorded.
        let facts = data.join("facts.toml");
        let text = std::fs::read_to_string(&facts).unwrap();
        std::fs::write(&facts, text.replacen("The article's headline.", "The headline.", 1)).unwrap();
        signal(&child, "HUP");
        stderr
            .wait_for("a SIGHUP reload audit line", |l| {
                l.contains("\"target\":\"factbot::audit\"") && l.contains("\"trigger\":\"sighup\"")
            })
            .await;
        let history = || {
            let out = factbot()
                .args(["history", "--config"])
                .arg(&config)
                .env_remove("FACTBOT_STATE_URL")
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        let deadline = std::time::Instant::now() + WAIT;
        let listed = loop {
            let listed = history();
            if listed.lines().count() == 2 || std::time::Instant::now() > deadline {
                break listed;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let lines: Vec<&str> = listed.lines().collect();
        assert_eq!(lines.len(), 2, "the start and the reload: {listed}");
        assert!(lines[0].contains(" UTC  signal "), "{listed}");
        assert!(lines[0].contains("facts +0 -0 ~1"), "{listed}");
        assert!(lines[1].contains("from -") && lines[1].contains(" UTC  start "), "{listed}");

        signal(&child, "TERM");
        let deadline = std::time::Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "factbot did not stop after SIGTERM; stderr:\n{}",
                    stderr.all()
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        assert!(
            status.success(),
            "exit status {status}; stderr:\n{}",
            stderr.all()
        );
        let all = stderr.all();
        assert!(all.contains("factbot stopped"), "{all}");
        assert!(!all.contains(TOKEN_SECRET), "the token was logged");
    });
}

#[test]
fn run_refuses_to_start_on_invalid_data_listing_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data").as_path(),
        &data,
    );
    let facts = data.join("facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    let broken = text
        .replacen("object = \"taliban\"", "object = \"talliban\"", 1)
        .replacen("subject = \"russia\"", "subject = \"rusia\"", 1);
    std::fs::write(&facts, broken).unwrap();
    let config = dir.path().join("factbot.toml");
    std::fs::write(
        &config,
        format!("[data]\ndir = {:?}\n", data.display().to_string()),
    )
    .unwrap();
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .env("DISCORD_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be served"), "{stderr}");
    assert!(stderr.contains("\"talliban\""), "{stderr}");
    assert!(stderr.contains("\"rusia\""), "{stderr}");
    assert!(stderr.contains("facts.toml:"), "{stderr}");
    assert!(!stderr.contains(TOKEN_SECRET));
}
