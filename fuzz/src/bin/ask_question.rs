//! Fuzz target `ask_question`: the input as the question of `/ask` (at most
//! 500 characters, the option's bound on Discord), answered from the
//! shipped dataset.
//!
//! Properties: answering never panics; every citation quotes its article
//! verbatim; the reply fitted for Discord is within Discord's limits and
//! pings nobody.

use factbot::commands::spec::MAX_QUESTION_CHARS;
use factbot::commands::{Command, execute};
use factbot_fuzz::{discord, shipped};

fn main() {
    let dataset = shipped::dataset();
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let question: String = text.chars().take(MAX_QUESTION_CHARS as usize).collect();
        let reply = execute(dataset, &Command::Ask { question });
        discord::check_citations(dataset, &reply);
        discord::check_fitted(&reply.fit());
    });
}
