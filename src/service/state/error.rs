//! Why the state store could not do what was asked. The database's own
//! error is kept as the source; the message says what to check.

/// A failure of the state store.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "cannot open the state store at {place}: {source} (check [state] dir is writable, or \
         that the database in [state] url / FACTBOT_STATE_URL is running and the user may \
         connect)"
    )]
    Open {
        /// Where, with any password hidden.
        place: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the state directory {dir}: {source}")]
    Dir {
        dir: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("migrating the state store failed at migration {id} ({name}): {source}")]
    Migrate {
        id: i64,
        name: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("the state store failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error(
        "the state store holds a damaged record ({what}); it was written by another program or \
         edited by hand"
    )]
    Damaged { what: String },
}

/// Wraps a query error with what was being done.
pub(crate) fn query(doing: &'static str) -> impl FnOnce(sqlx::Error) -> StateError {
    move |source| StateError::Query { doing, source }
}

/// Whether `e` came from another writer at the same moment, so trying
/// again sees its change: a unique-key violation (both took one `seq` or
/// stored one file), SQLite's busy or locked (5, 6, 517: another process
/// is writing the file), or PostgreSQL's serialization failure or
/// deadlock.
pub(crate) fn is_conflict(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || matches!(
                    db.code().as_deref(),
                    Some("5" | "6" | "517" | "40001" | "40P01")
                )
        }
        _ => false,
    }
}

/// Why a served version could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read the data directory {dir} to record its files: {source}")]
    Read {
        dir: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the data directory changed again (it now holds version {found}, not the served \
         {served}) before its files were recorded; the next reload records it"
    )]
    Moved { served: String, found: String },
    #[error(transparent)]
    State(#[from] StateError),
}
