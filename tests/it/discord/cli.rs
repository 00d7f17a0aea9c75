//! `factbot run` as a process: config and token errors are reported
//! clearly before anything connects.

use std::process::Command;

fn factbot() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factbot"));
    cmd.env_remove("DISCORD_TOKEN")
        .env_remove("FACTBOT_CONFIG")
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
