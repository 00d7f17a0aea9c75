//! The service layer: what every front end shares, and nothing of any
//! platform (no serenity here; a test checks).
//!
//! - [`flow`]: the one interaction flow (authorise → execute → respond →
//!   log → count), behind the [`flow::Respond`] trait each transport
//!   implements;
//! - [`backend`]: what the flow answers from ([`store::Store`], or a test's
//!   script);
//! - [`store`]: the served dataset and safe reloading;
//! - [`reload`]: the one [`reload::Reloader`], its audit line and its
//!   replies, for `/reload`, SIGHUP and the file watch alike;
//! - [`access`]: the moderator decision's outcome and who asked;
//! - [`process`]: what a serving process runs beside its transport
//!   (signals, the watch, the operations endpoint), written once;
//! - [`state`]: what is remembered across restarts (the dataset's
//!   history and each version's files), on SQLite or PostgreSQL;
//! - [`moderation`]: `/data upload`, `/data history`, `/data rollback`
//!   and the preview's Apply and Cancel buttons;
//! - [`write`](mod@write): writing the data directory atomically (and [`crash`], the
//!   points the crash-safety tests stop it at);
//! - [`signals`], [`watch`]: SIGHUP/SIGTERM and the data-directory watch;
//! - [`metrics`], [`admin`]: counters with a typed outcome, and the
//!   operations endpoint (`/healthz`, `/metrics`).

pub mod access;
pub mod admin;
pub mod backend;
pub mod crash;
pub mod flow;
pub mod metrics;
pub mod moderation;
pub mod process;
pub mod reload;
pub mod signals;
pub mod state;
pub mod store;
pub mod watch;
pub mod write;
