//! The data layer: the facts dataset, its loader and validator, and the
//! query API.
//!
//! # Layout
//! From the bottom layer up; a file imports only files listed before it or
//! beside it:
//! - [`model`]: the records (sources, predicates, entities, facts and
//!   their ids); [`text`]: the one place words are read;
//! - `index/`: lookup structures built from the records alone (entity and
//!   predicate postings; the name, search and date indexes in `names`,
//!   `text` and `dates`; their building blocks in `packed`, `sorted`,
//!   `deletions` and `range_best`), with the articles' `glossary` and
//!   `vocabulary`;
//! - `dataset`: [`Dataset`], the records with their index;
//! - the query API over a `&Dataset`: [`query`], [`resolve`], [`search`],
//!   [`coverage`];
//! - loading: [`files`] reads a directory, `raw` parses, `validate` and
//!   `verbatim` check, and [`load`](mod@load) runs them and builds the
//!   dataset; they share `report` (problems at byte offsets, becoming
//!   [`Problem`]s), `digests` (the files' SHA-256) and `parallel` (work
//!   on a few threads);
//! - `synthetic`: generated datasets for tests and benchmarks.
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
#[cfg(any(test, feature = "bench"))]
pub mod synthetic;
pub mod text;
mod validate;
mod verbatim;
mod vocabulary;

pub use dataset::Dataset;
pub use files::{DataFiles, DataLimits};
pub use index::OWN_WORD;
pub use load::load;
pub use model::*;
pub use problem::{Problem, Problems};
// Lowercase hex, for the service layer's content addresses too.
pub(crate) use digests::hex;
