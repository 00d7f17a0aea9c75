//! The dataset's history end to end, on SQLite in a temporary directory
//! (the store's own tests in `src/service/state/` run on PostgreSQL too):
//! the one `Reloader` records a reload that changed the version, with who
//! asked; `factbot rollback` puts a kept version back after validating it,
//! refuses what it cannot do without changing anything, and `factbot
//! history` lists the rollback.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use factbot::config::StateConfig;
use factbot::data::{DataFiles, load};
use factbot::service::access::Grant;
use factbot::service::backend::Backend;
use factbot::service::reload::{Reloader, Trigger};
use factbot::service::state::{Change, Recorder, State, Summary, TriggerLabel};
use factbot::service::store::Store;

/// The shipped dataset copied to `<tmp>/data`.
fn copy_shipped(tmp: &Path) -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let dir = tmp.join("data");
    DataFiles::read_dir(&shipped)
        .unwrap()
        .write_to(&dir)
        .unwrap();
    dir
}

fn state_config(tmp: &Path) -> StateConfig {
    StateConfig {
        dir: tmp.join("state"),
        url: None,
        keep: 50,
    }
}

/// Edits the first fact's note, a change that still validates.
fn edit_a_fact(data: &Path) {
    let path = data.join("facts.toml");
    let facts = std::fs::read_to_string(&path).unwrap();
    let edited = facts.replacen(
        "note = \"The article's headline.\"",
        "note = \"The headline.\"",
        1,
    );
    assert_ne!(
        facts, edited,
        "the shipped first fact's note changed; update this test"
    );
    std::fs::write(&path, edited).unwrap();
}

fn version_of(data: &Path) -> String {
    load(&DataFiles::read_dir(data).unwrap()).unwrap().version
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_that_changes_the_version_is_recorded_with_who_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_shipped(tmp.path());
    let store = Arc::new(Store::open(data.clone()).unwrap());
    let first = store.snapshot().version.clone();
    let state = Arc::new(State::open(&state_config(tmp.path())).await.unwrap());
    let recorder = Recorder::new(Arc::clone(&state), data.clone());
    recorder.record_start(&store.snapshot()).await.unwrap();
    let backend: Arc<dyn Backend> = store.clone();
    let reloader = Reloader::new(backend);
    reloader.keep_history(recorder);

    // A reload that changes nothing records nothing.
    reloader.reload(Trigger::Signal).await.unwrap();
    assert_eq!(state.history(10, 0).await.unwrap().len(), 1);

    edit_a_fact(&data);
    let who = Trigger::Command {
        user: 123_456_789_012_345_678,
        guild: 7,
        grant: Grant::ManageGuild,
    };
    let diff = reloader.reload(who).await.unwrap();
    let history = state.history(10, 0).await.unwrap();
    assert_eq!(history.len(), 2, "{history:#?}");
    let (newest, start) = (&history[0], &history[1]);
    assert_eq!(start.version, first);
    assert_eq!(start.trigger, "start");
    assert_eq!(newest.version, diff.new_version);
    assert_eq!(newest.parent.as_deref(), Some(first.as_str()));
    assert_eq!(newest.trigger, "command");
    assert_eq!(newest.user, Some(123_456_789_012_345_678));
    assert_eq!(newest.summary.facts_changed, 1);
    // Both versions' files are kept.
    let files = state.files_of(&first).await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&files["facts.toml"]).contains("The article's headline."));
}

/// Runs `factbot ARGS` with `config` and no state URL from the environment.
fn factbot(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(args)
        .arg("--config")
        .arg(config)
        .env_remove("FACTBOT_STATE_URL")
        .env_remove("FACTBOT_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn check_version(data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(["check", "--data"])
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let line = stdout.lines().find(|l| l.starts_with("version:")).unwrap();
    line.trim_start_matches("version:").trim().to_string()
}

/// Records `files` as `version` (what a running bot does on start and on
/// each reload).
async fn record(state: &State, version: &str, files: &DataFiles) {
    state
        .record(&Change {
            version,
            parent: None,
            trigger: TriggerLabel::Signal,
            user: None,
            at_ms: 1_700_000_000_000,
            note: None,
            summary: Summary::default(),
            files,
        })
        .await
        .unwrap();
}

#[test]
fn factbot_rollback_restores_a_kept_version_and_refuses_what_it_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    let data = copy_shipped(tmp.path());
    let config = tmp.path().join("factbot.toml");
    std::fs::write(
        &config,
        format!(
            "[data]\ndir = {:?}\n\n[state]\ndir = {:?}\n",
            data.display().to_string(),
            tmp.path().join("state").display().to_string()
        ),
    )
    .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let first = version_of(&data);
    let first_files = DataFiles::read_dir(&data).unwrap();
    edit_a_fact(&data);
    let second = version_of(&data);
    let second_files = DataFiles::read_dir(&data).unwrap();
    // A kept version whose files no longer validate (e.g. written by an
    // older factbot whose rules were looser).
    let mut broken = second_files.clone();
    broken
        .files
        .insert("facts.toml".into(), b"[[fact]]\nid = \"x\"\n".to_vec());
    runtime.block_on(async {
        let state = State::open(&state_config(tmp.path())).await.unwrap();
        record(&state, &first, &first_files).await;
        record(&state, "0123456789ab", &broken).await;
        record(&state, &second, &second_files).await;
        state.close().await;
    });
    assert_eq!(check_version(&data), second);
    let before = DataFiles::read_dir(&data).unwrap();

    let (code, _, stderr) = factbot(&config, &["rollback", "ffffffffffff"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("version ffffffffffff is not in the history; `factbot history` lists"),
        "{stderr}"
    );
    let (code, _, stderr) = factbot(&config, &["rollback", "0123456789ab"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("version 0123456789ab no longer validates, so it was not written"),
        "{stderr}"
    );
    assert_eq!(DataFiles::read_dir(&data).unwrap().files, before.files);

    let (code, stdout, stderr) = factbot(
        &config,
        &["rollback", &first, "--note", "the headline note was right"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "now holds version {first} (was {second}): 1 file written"
        )),
        "{stdout}"
    );
    assert_eq!(check_version(&data), first);
    assert_eq!(DataFiles::read_dir(&data).unwrap().files, first_files.files);

    let (code, stdout, stderr) = factbot(&config, &["history", "--limit", "2"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{first}  from {second}")),
        "{stdout}"
    );
    assert!(lines[0].contains(" UTC  rollback "), "{stdout}");
    assert!(lines[0].contains("facts +0 -0 ~1"), "{stdout}");
    assert!(
        lines[0].ends_with("\"the headline note was right\""),
        "{stdout}"
    );
    assert!(lines[1].starts_with(&second), "{stdout}");

    // A directory holding a version the history lacks is not overwritten
    // unless asked to.
    std::fs::write(data.join("facts.toml"), b"unsaved work").unwrap();
    let (code, _, stderr) = factbot(&config, &["rollback", &second]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("which the history does not keep"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(data.join("facts.toml")).unwrap(),
        b"unsaved work"
    );
    let (code, _, stderr) = factbot(&config, &["rollback", &second, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(check_version(&data), second);
}
