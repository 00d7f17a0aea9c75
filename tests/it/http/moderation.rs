//! Moderators changing the data in HTTP interactions mode: the same flow
//! as over the gateway (`crate::discord::moderation`), answered inline —
//! the preview as the response to `/data upload`, Apply and Cancel as
//! UPDATE_MESSAGE responses to the button's interaction — on the service a
//! serving process builds, with the fake Discord's CDN serving the file.

use serde_json::{Value, json};

use super::AppKey;
use super::endpoint::Server;
use crate::discord::fake::FakeDiscord;
use crate::discord::moderation::{
    MANAGER, MEMBER, NEW_MEANING, Setup, button_ids, changed_facts, text_of,
};
use crate::discord::payload::{self, Asker, File};
use crate::discord::{TOKEN, with_logs};

fn upload(fake: &FakeDiscord, bytes: &[u8], asker: &Asker) -> Value {
    let file = File {
        name: "facts.toml".into(),
        url: fake.host_file("facts.toml", bytes),
        size: bytes.len() as u64,
    };
    payload::subcommand("data", "upload", &[], Some(("file", &file)), asker).payload
}

#[test]
fn an_upload_is_previewed_and_applied_inline_and_buttons_are_for_moderators() {
    with_logs("info", |_logs| async move {
        let setup = Setup::new();
        let first_version = setup.version_on_disk();
        let fake = FakeDiscord::start(TOKEN).await;
        let server = Server::start_service(setup.service().await, AppKey::generate(41)).await;
        let (manager, member) = (Asker::manager(MANAGER), Asker::member(MEMBER));

        let answer = server.ask(&upload(&fake, &changed_facts(), &manager)).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let response = answer.json();
        assert_eq!(response["type"], 4, "answered inline: {response}");
        assert_eq!(response["data"]["flags"], 64, "privately");
        assert_eq!(response["data"]["allowed_mentions"]["parse"], json!([]));
        let shown = text_of(&response["data"]);
        assert!(shown.starts_with("Preview: upload facts.toml"), "{shown}");
        assert!(
            shown.contains("~ ru-supreme-court-designates-taliban (as)"),
            "{shown}"
        );
        let ids = button_ids(&response["data"]);
        assert_eq!(ids.len(), 2);

        let refused = server
            .ask(&payload::button(&ids[0], &member).payload)
            .await
            .json();
        assert_eq!(refused["type"], 4);
        assert_eq!(refused["data"]["flags"], 64);
        assert!(text_of(&refused["data"]).starts_with("Not allowed"));
        assert_eq!(setup.version_on_disk(), first_version);

        let applied = server
            .ask(&payload::button(&ids[0], &manager).payload)
            .await
            .json();
        assert_eq!(applied["type"], 7, "UPDATE_MESSAGE: {applied}");
        assert_eq!(applied["data"]["components"], json!([]));
        assert!(text_of(&applied["data"]).starts_with("Applied: upload facts.toml"));
        assert_ne!(setup.version_on_disk(), first_version);

        let designations =
            payload::command("designations", &[("target", json!("Taliban"))], &member);
        let after = server.ask(&designations.payload).await.json();
        assert!(text_of(&after["data"]).contains(NEW_MEANING));
        let history = payload::subcommand("data", "history", &[], None, &manager);
        let listed = text_of(&server.ask(&history.payload).await.json()["data"]);
        assert!(
            listed
                .lines()
                .nth(1)
                .unwrap()
                .contains(&format!("upload by user {MANAGER}")),
            "{listed}"
        );

        // Cancel on a second preview: the message is updated, nothing written.
        let now = setup.version_on_disk();
        let other = String::from_utf8(changed_facts())
            .unwrap()
            .replace(NEW_MEANING, "outlawed group");
        let preview = server
            .ask(&upload(&fake, other.as_bytes(), &manager))
            .await
            .json();
        let cancel = button_ids(&preview["data"])[1].clone();
        let cancelled = server
            .ask(&payload::button(&cancel, &manager).payload)
            .await
            .json();
        assert_eq!(cancelled["type"], 7);
        assert!(text_of(&cancelled["data"]).starts_with("Cancelled"));
        assert_eq!(setup.version_on_disk(), now);
    });
}

#[test]
fn a_preview_made_before_a_restart_is_applied_after_it() {
    with_logs("info", |_logs| async move {
        let setup = Setup::new();
        let fake = FakeDiscord::start(TOKEN).await;
        let manager = Asker::manager(MANAGER);
        let before = Server::start_service(setup.service().await, AppKey::generate(42)).await;
        let preview = before
            .ask(&upload(&fake, &changed_facts(), &manager))
            .await
            .json();
        let apply = button_ids(&preview["data"])[0].clone();
        // A new process: a fresh service over the same data and state store.
        let after = Server::start_service(setup.service().await, AppKey::generate(43)).await;
        let applied = after
            .ask(&payload::button(&apply, &manager).payload)
            .await
            .json();
        assert_eq!(applied["type"], 7, "{applied}");
        assert!(text_of(&applied["data"]).starts_with("Applied: upload facts.toml"));
        assert_eq!(setup.facts(), changed_facts());
    });
}
