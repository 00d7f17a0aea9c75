//! Moderators changing the data from Discord, end to end over the gateway:
//! the real serenity client against the fake Discord (REST, gateway, and
//! its CDN serving the attachments), on the real service built as a
//! serving process builds it (`service_for`: the store of a copy of the
//! shipped data, the SQLite history, moderation).
//!
//! What a moderator does and sees: `/data upload` → a private preview with
//! the diff and Apply / Cancel → Apply → the preview says what was applied
//! and the next `/ask` and `/designations` answer from the new fact;
//! `/data history` lists it with who and when; `/data rollback` to the
//! first version brings the old answers back. And every refusal: a file
//! with errors, a failed or oversized download, a name that is not a
//! dataset file or leaves the directory, Cancel, an expired preview, a
//! non-moderator pressing Apply, and a second preview gone stale.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use factbot::config::Config;
use factbot::data::DataFiles;
use factbot::service::flow::Service;
use factbot::service::store::Store;
use serde_json::{Value, json};

use super::fake::{Answer, FakeDiscord};
use super::payload::{self, Asker, File};
use super::{Running, TOKEN, with_logs};

pub const MANAGER: u64 = 970_000_000_000_000_001;
pub const MEMBER: u64 = 970_000_000_000_000_002;
/// What the uploaded facts.toml says the Supreme Court's designation means.
pub const NEW_MEANING: &str = "banned terrorist organisation";

/// A copy of the shipped data and a state store, in a temporary directory.
pub struct Setup {
    pub dir: tempfile::TempDir,
    pub config: Config,
}

impl Setup {
    pub fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        DataFiles::read_dir(&shipped)
            .unwrap()
            .write_to(&dir.path().join("data"))
            .unwrap();
        let mut config = Config::default();
        config.data.dir = dir.path().join("data");
        config.state.dir = dir.path().join("state");
        config.moderation.attachment_hosts = vec!["127.0.0.1".into()];
        config.moderation.max_upload_bytes = 200_000;
        Setup { dir, config }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.config.data.dir.clone()
    }

    /// The service a serving process would build over this data.
    pub async fn service(&self) -> Arc<Service> {
        let store = Arc::new(Store::open(self.data_dir()).unwrap());
        factbot::service::process::service_for(&self.config, store).await
    }

    /// The version the data directory holds now.
    pub fn version_on_disk(&self) -> String {
        factbot::data::load::version(&DataFiles::read_dir(&self.data_dir()).unwrap())
    }

    pub fn facts(&self) -> Vec<u8> {
        std::fs::read(self.data_dir().join("facts.toml")).unwrap()
    }
}

/// The shipped facts.toml with one change: the meaning of the Supreme
/// Court's 2003 designation.
pub fn changed_facts() -> Vec<u8> {
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/facts.toml"))
            .unwrap();
    let at = shipped
        .find("id = \"ru-supreme-court-designates-taliban\"")
        .unwrap();
    let old = "meaning = \"terrorist organisation\"";
    let within = shipped[at..].find(old).unwrap() + at;
    let mut changed = shipped.clone();
    changed.replace_range(
        within..within + old.len(),
        &format!("meaning = \"{NEW_MEANING}\""),
    );
    changed.into_bytes()
}

/// facts.toml with a fact about an entity that does not exist.
pub fn broken_facts() -> Vec<u8> {
    String::from_utf8(changed_facts())
        .unwrap()
        .replacen(
            "subject = \"russian-supreme-court\"",
            "subject = \"russian-supreme-cort\"",
            1,
        )
        .into_bytes()
}

/// Text as Discord shows it: the escapes `fit` adds to keep markdown and
/// mentions inert taken out again.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some() => out.extend(chars.next()),
            '\u{200B}' => {}
            c => out.push(c),
        }
    }
    out
}

/// All the text of the first embed of a message, as shown.
pub fn text_of(message: &Value) -> String {
    shown(&raw_text_of(message))
}

fn raw_text_of(message: &Value) -> String {
    let embed = &message["embeds"][0];
    let mut out = format!(
        "{}\n{}\n",
        embed["title"].as_str().unwrap_or(""),
        embed["description"].as_str().unwrap_or("")
    );
    for f in embed["fields"].as_array().cloned().unwrap_or_default() {
        out.push_str(&format!(
            "{}: {}\n",
            f["name"].as_str().unwrap_or(""),
            f["value"].as_str().unwrap_or("")
        ));
    }
    if let Some(footer) = embed["footer"]["text"].as_str() {
        out.push_str(footer);
    }
    out
}

/// The ids of a message's buttons.
pub fn button_ids(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
        .collect()
}

fn file(fake: &FakeDiscord, name: &str, bytes: &[u8]) -> File {
    File {
        name: name.into(),
        url: fake.host_file(name, bytes),
        size: bytes.len() as u64,
    }
}

fn upload(file: &File, asker: &Asker) -> payload::Interaction {
    payload::subcommand("data", "upload", &[], Some(("file", file)), asker)
}

/// The final message of an answer, checked to be private and to ping no one.
fn private(answer: &Answer) -> Value {
    let message = answer.message().cloned().expect("a message");
    let flags = answer
        .callbacks
        .first()
        .and_then(|c| c["data"]["flags"].as_u64())
        .unwrap_or(0);
    assert_eq!(flags & 64, 64, "private (ephemeral): {answer:?}");
    super::assert_mentions_nobody(&message);
    message
}

/// A copy of the shipped data and a bot serving it through the real
/// service, against a fresh fake Discord.
async fn start(logs: &super::Logs) -> (Setup, Running) {
    let setup = Setup::new();
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = Running::start_service(logs, fake, setup.service().await, |_| {}).await;
    (setup, bot)
}

/// The preview of uploading `bytes` as facts.toml, by a manager.
async fn preview_of(bot: &Running, bytes: &[u8]) -> Value {
    let f = file(&bot.fake, "facts.toml", bytes);
    private(&bot.ask(&upload(&f, &Asker::manager(MANAGER))).await)
}

/// What the last callback of a button press was: 7 (update the message)
/// or 4 (a new, private message).
fn press_kind(answer: &Answer) -> u64 {
    answer
        .callbacks
        .last()
        .and_then(|c| c["type"].as_u64())
        .unwrap_or(0)
}

#[test]
fn an_upload_is_previewed_applied_answered_from_listed_and_rolled_back() {
    with_logs("info", |logs| async move {
        let (setup, bot) = start(&logs).await;
        let first_version = setup.version_on_disk();
        let manager = Asker::manager(MANAGER);
        let member = Asker::member(MEMBER);
        let designations =
            || payload::command("designations", &[("target", json!("Taliban"))], &member);
        let before = text_of(bot.ask(&designations()).await.message().unwrap());
        assert!(!before.contains(NEW_MEANING), "{before}");

        // The preview: private, deferred, with the diff and two buttons.
        let new_facts = changed_facts();
        let answer = bot
            .ask(&upload(
                &file(&bot.fake, "facts.toml", &new_facts),
                &manager,
            ))
            .await;
        assert_eq!(
            answer.callbacks[0]["type"], 5,
            "deferred while it downloads"
        );
        let preview = private(&answer);
        let shown = text_of(&preview);
        assert!(
            shown.starts_with("Preview: upload facts.toml\nReplaces facts.toml"),
            "{shown}"
        );
        assert!(shown.contains(&format!("(now {first_version})")), "{shown}");
        assert!(
            shown.contains(
                "Facts: 0 added, 0 removed, 1 changed\n~ ru-supreme-court-designates-taliban (as)"
            ),
            "{shown}"
        );
        let ids = button_ids(&preview);
        assert_eq!(ids.len(), 2, "{preview}");
        assert!(
            ids[0].starts_with("factbot:apply:upload:")
                && ids[1].starts_with("factbot:cancel:upload:")
        );
        assert_eq!(
            setup.version_on_disk(),
            first_version,
            "a preview writes nothing"
        );

        // A member who is not a moderator cannot apply it.
        let refused = bot.ask(&payload::button(&ids[0], &member)).await;
        assert_eq!(press_kind(&refused), 4);
        assert!(text_of(&private(&refused)).starts_with("Not allowed"));
        assert_eq!(setup.version_on_disk(), first_version);

        // Apply: the preview becomes what was applied, without buttons.
        let applied = bot.ask(&payload::button(&ids[0], &manager)).await;
        assert_eq!(press_kind(&applied), 7, "the preview message is updated");
        let message = &applied.callbacks[0]["data"];
        let shown = text_of(message);
        assert!(
            shown.starts_with("Applied: upload facts.toml\nNow serving version"),
            "{shown}"
        );
        assert_eq!(message["components"], json!([]), "the buttons are gone");
        super::assert_mentions_nobody(message);
        assert_eq!(setup.facts(), new_facts, "the file was written");
        let new_version = setup.version_on_disk();
        assert_ne!(new_version, first_version);

        // The next answers come from the new fact.
        let after = text_of(bot.ask(&designations()).await.message().unwrap());
        assert!(after.contains(NEW_MEANING), "{after}");
        let asked = bot
            .ask(&payload::command(
                "ask",
                &[("question", json!("when did russia designate the taliban?"))],
                &member,
            ))
            .await;
        assert!(text_of(asked.message().unwrap()).contains(NEW_MEANING));

        // Pressing Apply again: already applied.
        let again = bot.ask(&payload::button(&ids[0], &manager)).await;
        assert!(
            text_of(&again.callbacks[0]["data"]).starts_with("Already closed"),
            "{again:?}"
        );

        // The history lists it, newest first, with who and when.
        let history = bot
            .ask(&payload::subcommand("data", "history", &[], None, &manager))
            .await;
        let listed = text_of(&private(&history));
        let newest = listed.lines().nth(1).unwrap();
        assert!(newest.contains(&format!(" · {new_version} · ")), "{listed}");
        assert!(
            newest.contains(&format!("upload by user {MANAGER}")),
            "{listed}"
        );
        assert!(
            newest.contains(" UTC · ") && newest.ends_with("· serving"),
            "{listed}"
        );
        assert!(
            listed.contains(&format!(" · {first_version} · ")),
            "{listed}"
        );

        // The version autocomplete offers the kept versions.
        let typed = &first_version[..4];
        let completion = bot
            .ask(&payload::sub_autocomplete(
                "data", "rollback", "version", typed, &manager,
            ))
            .await;
        let choices = completion.callbacks[0]["data"]["choices"]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            choices.iter().any(|c| c["value"] == first_version.as_str()),
            "{choices:?}"
        );

        // Rolling back to the first version brings the old answers back.
        let rollback = bot
            .ask(&payload::subcommand(
                "data",
                "rollback",
                &[
                    ("version", json!(first_version)),
                    ("note", json!("undo the test change")),
                ],
                None,
                &manager,
            ))
            .await;
        let preview = private(&rollback);
        assert!(text_of(&preview).starts_with(&format!("Preview: roll back to {first_version}")));
        let apply = button_ids(&preview)[0].clone();
        let applied = bot.ask(&payload::button(&apply, &manager)).await;
        assert!(text_of(&applied.callbacks[0]["data"]).starts_with("Applied: roll back to"));
        assert_eq!(setup.version_on_disk(), first_version);
        let back = text_of(bot.ask(&designations()).await.message().unwrap());
        assert_eq!(back, before, "the old answer returns");
        let history = bot
            .ask(&payload::subcommand("data", "history", &[], None, &manager))
            .await;
        let listed = text_of(&private(&history));
        assert!(
            listed
                .lines()
                .nth(1)
                .unwrap()
                .contains(&format!("rollback by user {MANAGER}"))
                && listed.contains("“undo the test change”"),
            "{listed}"
        );

        // Every attempt is audited.
        let audited = logs.events("factbot::audit", "moderator change");
        let results: Vec<&str> = audited
            .iter()
            .filter_map(|l| l["fields"]["result"].as_str())
            .collect();
        assert_eq!(
            results,
            ["previewed", "applied", "refused", "previewed", "applied"],
            "{audited:#?}"
        );
        assert_eq!(
            logs.events("factbot::audit", "moderator command refused")
                .len(),
            1
        );
        super::assert_all_messages_mention_nobody(&bot.fake);
        bot.stop().await;
    });
}

#[test]
fn bad_files_failed_downloads_cancel_expiry_and_stale_previews_change_nothing() {
    with_logs("info", |logs| async move {
        let (setup, bot) = start(&logs).await;
        let first_version = setup.version_on_disk();
        let manager = Asker::manager(MANAGER);
        let shown = |answer: &Answer| text_of(&private(answer));

        // Not in DMs, even for someone who manages a server.
        let dm = bot
            .ask(&payload::subcommand(
                "data",
                "history",
                &[],
                None,
                &Asker::dm(MANAGER),
            ))
            .await;
        assert!(shown(&dm).starts_with("Not allowed"), "{dm:?}");

        // A file with errors: the located problems, nothing changed.
        let answer = bot
            .ask(&upload(
                &file(&bot.fake, "facts.toml", &broken_facts()),
                &manager,
            ))
            .await;
        let text = shown(&answer);
        assert!(
            text.starts_with("Upload refused: the data has 1 problem\n"),
            "{text}"
        );
        assert!(
            text.contains("facts.toml:") && text.contains("russian-supreme-cort"),
            "{text}"
        );
        assert!(button_ids(&private(&answer)).is_empty());

        // Downloads that fail, each with a clear message.
        let cases: Vec<(File, &str)> = vec![
            (
                File {
                    name: "facts.toml".into(),
                    url: bot.fake.missing_file("facts.toml"),
                    size: 10,
                },
                "the CDN answered 404",
            ),
            (
                File {
                    name: "facts.toml".into(),
                    url: bot.fake.host_file("facts.toml", b"x"),
                    size: 300_000,
                },
                "factbot takes at most 200000 bytes",
            ),
            (
                // Discord under-reports the size: the bytes are counted too.
                File {
                    name: "facts.toml".into(),
                    url: bot.fake.host_file("facts.toml", &vec![b'#'; 250_000]),
                    size: 100,
                },
                "factbot takes at most 200000 bytes",
            ),
            (
                file(&bot.fake, "facts.toml", &[0x23, 0xff, 0xfe, 0x0a]),
                "is not UTF-8 text",
            ),
            (
                file(&bot.fake, "../x.toml", b"x = 1"),
                "is not a name factbot writes",
            ),
            (
                file(&bot.fake, "notes.md", b"# notes"),
                "is not a dataset file",
            ),
            (
                File {
                    name: "facts.toml".into(),
                    url: "https://evil.example/facts.toml".into(),
                    size: 10,
                },
                "is not on Discord's CDN",
            ),
        ];
        for (f, expected) in cases {
            let text = shown(&bot.ask(&upload(&f, &manager)).await);
            assert!(text.contains(expected), "{} → {text}", f.url);
            assert!(text.ends_with("Nothing was changed"), "{text}");
        }
        assert!(
            !setup.data_dir().join("x.toml").exists() && !setup.dir.path().join("x.toml").exists()
        );
        assert_eq!(setup.version_on_disk(), first_version);

        // Cancel: nothing changed; its buttons are gone.
        let preview = preview_of(&bot, &changed_facts()).await;
        let ids = button_ids(&preview);
        let cancelled = bot.ask(&payload::button(&ids[1], &manager)).await;
        assert_eq!(press_kind(&cancelled), 7);
        let text = text_of(&cancelled.callbacks[0]["data"]);
        assert!(
            text.starts_with("Cancelled: upload facts.toml\nNothing was changed"),
            "{text}"
        );
        assert_eq!(cancelled.callbacks[0]["data"]["components"], json!([]));
        let late = bot.ask(&payload::button(&ids[0], &manager)).await;
        assert!(text_of(&late.callbacks[0]["data"]).starts_with("Already closed"));
        assert_eq!(setup.version_on_disk(), first_version);

        // An expired preview is refused.
        let preview = preview_of(&bot, &changed_facts()).await;
        let apply = button_ids(&preview)[0].clone();
        expire_previews(&setup).await;
        let expired = bot.ask(&payload::button(&apply, &manager)).await;
        let text = text_of(&expired.callbacks[0]["data"]);
        assert!(text.starts_with("Expired: upload facts.toml"), "{text}");
        assert_eq!(setup.version_on_disk(), first_version);

        // Two previews, both applied: the second is refused as stale.
        let one = preview_of(&bot, &changed_facts()).await;
        let other_text = String::from_utf8(changed_facts())
            .unwrap()
            .replace(NEW_MEANING, "outlawed organisation");
        let two = preview_of(&bot, other_text.as_bytes()).await;
        let first = bot
            .ask(&payload::button(&button_ids(&one)[0], &manager))
            .await;
        assert!(text_of(&first.callbacks[0]["data"]).starts_with("Applied"));
        let now = setup.version_on_disk();
        let second = bot
            .ask(&payload::button(&button_ids(&two)[0], &manager))
            .await;
        let text = text_of(&second.callbacks[0]["data"]);
        assert!(
            text.contains(&format!("The dataset changed since this preview (now v{now}); nothing was changed. Upload the file again.")),
            "{text}"
        );
        assert_eq!(
            setup.version_on_disk(),
            now,
            "the second change was not written"
        );
        assert_eq!(setup.facts(), changed_facts());
        bot.stop().await;
    });
}

/// Makes every preview of `setup`'s store expired, as if 15 minutes passed.
pub async fn expire_previews(setup: &Setup) {
    use sqlx::Connection as _;
    sqlx::any::install_default_drivers();
    let file = std::fs::canonicalize(setup.config.state.dir.join("factbot.sqlite3")).unwrap();
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE previews SET expires_at_ms = 0")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[test]
fn a_data_directory_that_cannot_be_written_is_named_and_the_preview_kept() {
    with_logs("info", |logs| async move {
        let (setup, bot) = start(&logs).await;
        let first_version = setup.version_on_disk();
        let manager = Asker::manager(MANAGER);
        let preview = preview_of(&bot, &changed_facts()).await;
        let apply = button_ids(&preview)[0].clone();
        // Read-only for the bot: an immutable directory refuses even root.
        // Where `chattr` is not allowed, a directory where the temporary
        // file goes makes the write fail instead.
        let dir = setup.data_dir();
        let immutable = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        let blocker = dir.join(format!(".facts.toml.factbot-{}.tmp", std::process::id()));
        if !immutable {
            println!("chattr +i is not allowed here: the write is made to fail another way");
            std::fs::create_dir(&blocker).unwrap();
        }
        let refused = bot.ask(&payload::button(&apply, &manager)).await;
        let text = text_of(&private(&refused));
        if immutable {
            assert!(
                text.starts_with("The data directory is read-only\ncannot write")
                    && text.contains("mount it writable"),
                "{text}"
            );
            std::process::Command::new("chattr")
                .arg("-i")
                .arg(&dir)
                .status()
                .unwrap();
        } else {
            assert!(text.starts_with("Not applied\ncannot write"), "{text}");
            std::fs::remove_dir(&blocker).unwrap();
        }
        assert_eq!(
            setup.version_on_disk(),
            first_version,
            "nothing was written"
        );
        // The preview was kept: once the directory is writable, it applies.
        let applied = bot.ask(&payload::button(&apply, &manager)).await;
        assert!(text_of(&applied.callbacks[0]["data"]).starts_with("Applied"));
        assert_eq!(setup.facts(), changed_facts());
        bot.stop().await;
    });
}
