//! Everything factbot knows about Discord, and the only place it is known.
//!
//! Two transports answer Discord's interactions, each an adapter over the
//! one interaction flow of [`crate::service::flow`]:
//! - [`gateway`]: the serenity gateway bot (`factbot run`);
//! - [`http`]: the HTTP interactions endpoint (`factbot serve-http`).
//!
//! They share Discord's wire knowledge, which lives beside them and never
//! imports either: [`convert`] (interaction → command and caller, reply →
//! embed), [`fit`] (Discord's limits, markdown and mentions), [`access`]
//! (who may moderate), [`registration`] and [`register`] (the slash
//! commands' registration), [`respond`] (REST sends with retries) and
//! [`settings`] (`[discord]` in the config and the REST client). Neither
//! transport imports the other (a test checks).

pub mod access;
pub mod convert;
pub mod fit;
pub mod gateway;
pub mod http;
pub mod register;
pub mod registration;
pub mod respond;
pub mod settings;
