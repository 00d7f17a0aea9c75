//! The real `factbot` binary offline: `factbot console` driven through
//! piped stdin (slash commands, questions, mistakes, reload, quit),
//! `factbot ask` (and `--json`), `factbot commands --json`, and `factbot`
//! alone without a token.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::commands::data_dir;

/// The `factbot` binary, run from the crate's root, with no token or config.
pub fn factbot() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factbot"));
    cmd.env_remove("DISCORD_TOKEN")
        .env_remove("FACTBOT_CONFIG")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs `cmd` with `input` on stdin (closed afterwards).
fn with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn factbot");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("factbot ran")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

#[test]
fn console_answers_piped_lines_until_quit() {
    let mut cmd = factbot();
    cmd.arg("console").arg("--data").arg(data_dir());
    let out = with_stdin(
        cmd,
        "/about\n\
         Who designated the Taliban as a terrorist organisation, and when?\n\
         \n\
         /designations designator:Russia target:\"the Taliban\"\n\
         /timeline frm:2000\n\
         /timelin\n\
         /entity name:CSTO\n\
         /source fact:ru-supreme-court-designates-taliban\n\
         /reload\n\
         What is the population of Kazan?\n\
         quit\n\
         /about\n",
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for expected in [
        "About factbot's data",
        "Russia's Supreme Court designated the Taliban as “criminal organization” (= terrorist organisation)",
        "[ru-supreme-court-designates-taliban] “The Taliban action was identified as a criminal organization",
        "2 designations of Taliban by Russia",
        "error: /timeline has no option `frm` (did you mean from?)",
        "error: there is no command /timelin (did you mean /timeline?)",
        "Kind: alliance",
        "Quote · paragraph",
        "Dataset reloaded",
        "The article doesn't say anything about “population”",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    // Nothing after quit, and no prompt noise when piped.
    assert_eq!(
        stdout.matches("About factbot's data").count(),
        1,
        "{stdout}"
    );
    assert!(!stdout.contains("factbot>"), "{stdout}");
    assert!(!stdout.contains("factbot console:"), "{stdout}");
}

#[test]
fn console_ends_at_end_of_input() {
    let mut cmd = factbot();
    cmd.args(["console", "--data"]).arg(data_dir());
    let out = with_stdin(cmd, "What does the Taliban want?");
    let stdout = text(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout.contains("Taliban wants global sanctions withdrawn"),
        "{stdout}"
    );
}

#[test]
fn factbot_without_a_token_runs_the_console_on_data() {
    let out = with_stdin(factbot(), "/about\n");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("About factbot's data"), "{stdout}");
}

#[test]
fn ask_prints_the_answer_and_exits_zero() {
    let out = factbot()
        .args(["ask", "When was the CSTO formed?", "--data"])
        .arg(data_dir())
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.starts_with("When was the CSTO formed?\n"),
        "{stdout}"
    );
    assert!(stdout.contains("formed in 2002"), "{stdout}");
    assert!(
        stdout.contains("Evidence\n  [russia-formed-csto]"),
        "{stdout}"
    );
}

/// `factbot ask --json QUESTION` on the shipped data, parsed.
fn ask_json(question: &str) -> serde_json::Value {
    let out = factbot()
        .args(["ask", "--json", question, "--data"])
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", text(&out.stdout)))
}

#[test]
fn ask_json_prints_the_reply_for_scripts() {
    let reply = ask_json("When was the CSTO formed?");
    let keys: Vec<&str> = reply
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "kind",
        "title",
        "body",
        "fields",
        "citations",
        "suggestions",
        "footer",
        "ephemeral",
    ];
    expected.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected, "{reply:#}");
    assert_eq!(reply["kind"], "answer", "{reply:#}");
    assert_eq!(reply["title"], "When was the CSTO formed?");
    assert!(
        reply["body"].as_str().unwrap().contains("2002"),
        "{reply:#}"
    );
    assert_eq!(reply["ephemeral"], false);
    assert_eq!(reply["suggestions"], serde_json::json!([]));
    let citation = &reply["citations"][0];
    assert_eq!(citation["fact_id"], "russia-formed-csto", "{reply:#}");
    assert!(citation["quote"].is_string() && citation["source"].is_string());
}

#[test]
fn ask_json_tells_suggestions_from_an_answer() {
    let reply = ask_json("When did China designate the Taliban?");
    assert_eq!(reply["kind"], "not_found", "{reply:#}");
    assert_eq!(reply["ephemeral"], true);
    assert_eq!(reply["citations"], serde_json::json!([]), "{reply:#}");
    let suggestions: Vec<&str> = reply["suggestions"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("a fact id"))
        .collect();
    assert!(!suggestions.is_empty(), "{reply:#}");
    // The ids of the facts the reply lists as related.
    let listed = &reply["fields"][0];
    assert_eq!(listed["name"], "Related, not an answer", "{reply:#}");
    let listed = listed["value"].as_str().unwrap();
    for id in &suggestions {
        let fact = crate::commands::shipped().fact_by_id(id);
        assert!(fact.is_some(), "{id} is no fact");
        assert!(listed.contains(&format!("[{id}]")), "{id} not in {listed}");
    }
    assert_eq!(listed.lines().count(), suggestions.len(), "{listed}");
}

#[test]
fn ask_with_a_missing_data_directory_says_so() {
    let out = factbot()
        .args(["ask", "Who?", "--data", "/nonexistent/factbot-data"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("/nonexistent/factbot-data"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn commands_json_is_the_registration_payload() {
    let out = factbot().args(["commands", "--json"]).output().unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(printed, factbot::discord::registration::registration());
    let listed = factbot().arg("commands").output().unwrap();
    let listed = text(&listed.stdout);
    for c in factbot::commands::COMMANDS {
        assert!(listed.contains(&c.usage()), "{listed}");
    }
}

#[test]
fn tab_completes_commands_options_entities_and_facts() {
    use factbot::console::completions;
    let ds = crate::commands::shipped();
    let replacements = |line: &str| {
        let (start, candidates) = completions(ds, line, line.len());
        (
            start,
            candidates.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
        )
    };
    assert_eq!(replacements("/ti"), (0, vec!["/timeline ".to_string()]));
    assert_eq!(
        replacements("/timeline "),
        (
            10,
            vec![
                "entity:".to_string(),
                "from:".to_string(),
                "to:".to_string()
            ]
        )
    );
    assert_eq!(
        replacements("/timeline fr"),
        (10, vec!["from:".to_string()])
    );
    let (start, entities) = replacements("/timeline entity:Talib");
    assert_eq!(start, "/timeline entity:".len());
    assert!(entities.contains(&"taliban ".to_string()), "{entities:?}");
    let (_, quoted) = replacements("/entity name:\"Colective");
    assert!(quoted.contains(&"csto ".to_string()), "{quoted:?}");
    let (_, facts) = replacements("/source fact:ru-supreme");
    assert!(
        facts.contains(&"ru-supreme-court-designates-taliban ".to_string()),
        "{facts:?}"
    );
    assert!(replacements("/timeline from:19").1.is_empty());
    assert!(replacements("Who designated").1.is_empty());
    assert!(replacements("/nosuch ").1.is_empty());
}
