//! The real command layer and the shipped data, through Discord.
