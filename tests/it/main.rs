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
mod state;
