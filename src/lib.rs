//! factbot: a self-hosted Discord bot that answers questions from a curated,
//! cited facts dataset.
//!
//! # Layout
//! - [`data`]: the dataset (sources, entities, facts), its loader and
//!   validator, and the pure query API. Knows nothing of Discord or tokio.
//! - [`commands`]: each slash command defined once, parsed into a typed
//!   [`commands::Command`] and executed into a [`reply::Reply`]. Sans-IO.
//! - [`reply`]: the platform-neutral answer and Discord's size limits.
//! - [`store`]: the dataset being served and safe reloading.
//! - [`console`]: the offline console (`factbot console`, `factbot ask`).
//! - [`eval`]: grading `/ask` on question files (`factbot eval`): correct,
//!   wrong or missed, per category, and which facts no question asks.
//! - [`config`]: the TOML config file, parsed from `&str` and validated.
//! - [`secret`]: the bot token, in a type that never prints it.
//! - [`discord`]: the serenity gateway adapter (the only module that knows
//!   Discord): conversion at the edge, sending, deferring, permissions.
//! - [`http`]: HTTP interactions mode: verified POSTs answered inline with
//!   [`discord`]'s conversions.
//! - [`metrics`]: counters and gauges in Prometheus' text format.
//! - [`admin`]: the operations endpoint (`/healthz`, `/metrics`).
//! - `src/main.rs`: the `factbot` binary, thin glue over the above.

pub mod admin;
pub mod commands;
pub mod config;
pub mod console;
pub mod data;
pub mod discord;
pub mod eval;
pub mod http;
pub mod metrics;
pub mod reply;
pub mod secret;
pub mod store;
