//! Fuzz target `interaction_json`: the input as the body of a verified
//! request to the HTTP interactions endpoint, answered by a service over
//! the shipped dataset; and the same bytes through the gateway's path
//! (serenity's `Interaction` model, then `convert::incoming`).
//!
//! Properties: neither path panics; a response carrying a message (type 4
//! or 7) allows no mentions and its embeds, content and buttons are within
//! Discord's limits; autocomplete choices are too.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use factbot::discord::convert;
use factbot::discord::http::answer::answer;
use factbot::service::flow::Service;
use factbot::service::metrics::Metrics;
use factbot::service::store::Store;
use factbot_fuzz::{discord, shipped};
use serenity::all::{Interaction, RoleId};

/// The moderator role of the seeds (tests/it/discord/payload.rs' `MOD_ROLE`).
const MOD_ROLE: u64 = 940_000_000_000_000_003;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("cannot start a tokio runtime: {e}"));
    let store = Arc::new(Store::with_dataset(
        shipped::data_dir(),
        shipped::load_dataset(),
    ));
    let service = Service::new(store, Arc::new(Metrics::new()));
    let roles = [RoleId::new(MOD_ROLE)];
    // A panic aborts the process (a crash for AFL): nothing observes the
    // runtime or the service after one.
    let state = AssertUnwindSafe((runtime, service));
    // `FUZZ_SHOW=1 target/release/interaction_json < input` shows the answer.
    let show = std::env::var_os("FUZZ_SHOW").is_some();
    afl::fuzz!(|data: &[u8]| {
        let (runtime, service) = &*state;
        let answered = runtime.block_on(answer(service, &roles, data, Instant::now()));
        if show {
            eprintln!("{:?}", answered.as_ref().map(serde_json::to_string));
        }
        if let Ok(response) = answered {
            let json = serde_json::to_value(&response)
                .unwrap_or_else(|e| panic!("a response that does not serialize: {e}"));
            discord::check_response(&json);
        }
        // The gateway reads the same JSON into the same model.
        if let Ok(interaction) = serde_json::from_slice::<Interaction>(data)
            && let Some((asked, _incoming)) = convert::incoming(&interaction)
        {
            let _ = convert::request(asked, &roles, Instant::now());
        }
    });
}
