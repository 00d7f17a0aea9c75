//! The data layer: the facts dataset, its loader and validator, and the
//! query API.
//!
//! Invariant: nothing here knows Discord, async runtimes or the console.
//! This module never imports serenity or tokio (a test greps for it), and
//! everything but [`files`] is free of IO: loading is a pure function of the
//! files' contents, so a reload can validate a new dataset while the old one
//! keeps serving.

pub mod coverage;
mod dataset;
mod digests;
pub mod files;
mod glossary;
mod index;
pub mod load;
pub mod model;
mod parallel;
pub mod problem;
pub mod query;
mod raw;
mod report;
pub mod resolve;
pub mod search;
#[doc(hidden)]
pub mod synthetic;
pub mod text;
mod validate;
mod verbatim;
mod vocabulary;

pub use dataset::Dataset;
pub use files::DataFiles;
pub use index::OWN_WORD;
pub use load::load;
pub use model::*;
pub use problem::{Problem, Problems};
