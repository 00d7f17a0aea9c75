//! factbot: a self-hosted Discord bot that answers questions from a curated,
//! cited facts dataset.
//!
//! # Layout
//! Layers, each importing only those above it in this list:
//! - [`data`]: the dataset (sources, entities, facts), its loader and
//!   validator, and the pure query API. Knows nothing of Discord or tokio.
//! - [`reply`]: the platform-neutral answer every command produces.
//! - [`commands`]: each slash command defined once, parsed into a typed
//!   [`commands::Command`] and executed into a [`reply::Reply`]. Sans-IO.
//! - [`eval`]: grading `/ask` on question files (`factbot eval`).
//! - [`config`], [`secret`]: the TOML config and the token that never
//!   prints.
//! - [`service`]: what every front end shares — the served dataset and
//!   reloading, the one interaction flow (authorise → execute → respond →
//!   log → count), signals and the file watch, metrics and the operations
//!   endpoint, and the state store (the dataset's history, on SQLite or
//!   PostgreSQL). No serenity.
//! - The adapters, which never import each other:
//!   - [`discord`]: Discord's two transports, [`discord::gateway`] and
//!     [`discord::http`], over the Discord knowledge they share
//!     (conversion, fitting to Discord's limits, registration, access);
//!   - [`console`]: the offline console (`factbot console`, `factbot ask`)
//!     and plain-text rendering.
//! - `src/main.rs`: the `factbot` binary, thin glue over the above.
//!
//! `ARCHITECTURE.md` states the invariants and the tests that enforce them.

pub mod commands;
pub mod config;
pub mod console;
pub mod data;
pub mod discord;
pub mod eval;
pub mod reply;
pub mod secret;
pub mod service;
