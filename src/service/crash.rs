//! Points where a test may stop the process while it changes the data
//! directory, to kill it there (SIGKILL) and check that the restart finds
//! a valid dataset and a history that agrees with it.
//!
//! Only a binary built with the `crash-points` feature (the tests' build)
//! pauses; in a release build [`point`] does nothing. With the feature, a
//! process whose [`PAUSE_ENV`] names a step prints `paused at STEP` on
//! stderr when it reaches it and waits there to be killed.

/// The environment variable naming the step to pause at.
pub const PAUSE_ENV: &str = "FACTBOT_PAUSE_AT";

/// Every new file is written under its temporary name and fsynced; none
/// is renamed yet.
pub const WRITTEN: &str = "written";
/// The new files are renamed into place and the directory fsynced; the
/// served dataset is still the old one.
pub const RENAMED: &str = "renamed";
/// The new dataset is served; the history does not record it yet.
pub const SWAPPED: &str = "swapped";

/// Pauses here, forever, if this build has crash points and
/// [`PAUSE_ENV`] names `step`.
pub fn point(step: &str) {
    #[cfg(feature = "crash-points")]
    if std::env::var(PAUSE_ENV).is_ok_and(|s| s == step) {
        eprintln!("paused at {step}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    #[cfg(not(feature = "crash-points"))]
    let _ = step;
}
