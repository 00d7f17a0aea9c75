//! factbot's integration tests, in one binary (faster to build and link).
//! Each module covers one area; see its docs.

mod architecture;
mod ask;
mod commands;
mod console;
mod data_load;
mod data_query;
mod discord;
mod eval;
mod http;
mod imports;
mod packaging;
mod soak;
mod state;

// Where the files shared with the load harness find the fake Discord and
// the process helper (the harness has them at its root).
pub(crate) use discord::{fake, payload};
pub(crate) use http::process;
