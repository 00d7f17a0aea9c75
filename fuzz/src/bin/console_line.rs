//! Fuzz target `console_line`: the input as a line typed at the console
//! (`/timeline entity:Taliban from:1999`), parsed and, if it parses,
//! executed on the shipped dataset.
//!
//! Properties: neither parsing nor executing panics; the reply's citations
//! quote their articles verbatim; the reply fitted for Discord is within
//! Discord's limits and pings nobody.

use factbot::commands::{execute, parse::parse};
use factbot_fuzz::{discord, shipped};

fn main() {
    let dataset = shipped::dataset();
    afl::fuzz!(|data: &[u8]| {
        let Ok(line) = std::str::from_utf8(data) else {
            return;
        };
        let Ok(command) = parse(line) else {
            return;
        };
        let reply = execute(dataset, &command);
        discord::check_citations(dataset, &reply);
        discord::check_fitted(&reply.fit());
    });
}
