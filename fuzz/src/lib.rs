//! What the fuzz targets share: the shipped dataset, read once per
//! process, and the properties more than one target checks — problems
//! located inside the file they name, replies within Discord's limits that
//! ping nobody, citations quoting their article verbatim, and interaction
//! responses that are safe to send.
//!
//! A property that does not hold panics with what was seen; AFL records
//! the abort as a crash, and the message says which property broke.
//!
//! # Layout
//! - [`shipped`]: the shipped `data/` directory and its dataset;
//! - [`located`]: problems point inside the file they name;
//! - [`discord`]: fitted replies and interaction responses Discord accepts
//!   and that mention no one.

pub mod discord;
pub mod located;
pub mod shipped;
