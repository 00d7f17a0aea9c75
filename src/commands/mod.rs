//! The command layer: each slash command defined once, in its own module
//! (definition, builder and handler together), listed once in
//! [`registry::COMMANDS`], parsed into a typed [`Command`], and executed
//! against a dataset into a platform-neutral [`Reply`](crate::reply::Reply).
//!
//! Invariant: handlers are sans-IO. `execute` never touches the network,
//! the disk or the clock; `/reload` is carried out by whoever owns the
//! dataset (the service layer, for every front end).

pub mod about;
pub mod ask;
pub mod command;
pub mod data;
pub mod describe;
pub mod designations;
pub mod entity;
pub mod options;
pub mod parse;
pub mod registry;
pub mod reload;
pub mod source;
pub mod spec;
pub mod timeline;

pub use command::Command;
pub use options::CompletionKind;
pub use registry::{
    COMMANDS, MAX_CHOICES, TopLevel, complete, execute, find, markdown_table, top_level,
};
