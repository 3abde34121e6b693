//! Témoin's central copy, without Bevy: `temoin sync --to postgres://…` pushes a station's
//! donation intents (with the statuses they went through) and its ended visits into
//! PostgreSQL, and `temoin report --from postgres://…` reads every station's back into the
//! same `Report` the station files give.
//!
//! # How a push stays exactly-once
//! Every row is keyed by the station's own id (visit UUIDv7, journal intent id) and inserted
//! with `ON CONFLICT DO NOTHING`, so sending a row twice changes nothing. Rows go in batches,
//! each in one transaction with the station's cursor row for that stream: a connection lost
//! mid-batch rolls the batch and its cursor back together, and the next push resends exactly
//! that batch. A status only moves forward (created → open → settled), through a history
//! table, so a late or repeated push never undoes a `paid`. Visits still open (the visitor is
//! in the headset, or a crash the booth has not closed yet) wait for their end.
//!
//! # Modules
//! - `target`: the URL, TLS, redaction of the password.
//! - `schema`: the embedded migrations (`migrations/V*.sql`) and the version check.
//! - `station`: reading a station's files, read-only.
//! - `push`: the batches and cursors. `read`: visits and stations back for the report.
//! - `background`: the booth's timer thread.

mod background;
mod push;
mod read;
mod schema;
mod station;
mod target;

pub use background::{Background, BackgroundOptions, BackgroundStatus};
pub use push::{DEFAULT_BATCH_ROWS, PushOptions, PushSummary, StationStatus, push, station_status};
pub use read::{StationInfo, read_visits, report, stations};
pub use schema::{MigrateSummary, check, migrate, schema_version};
pub use station::station_id;
pub use target::SyncTarget;

/// Everything that can go wrong, in one line each, with what to do about it. No variant ever
/// holds the password: targets are shown as `postgres://user:***@host:port/db` and library
/// messages are scrubbed before they get here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("the sync URL is not usable: {reason}")]
    Url { reason: String },
    #[error(
        "`{target}` is not on this machine, so the connection must be encrypted: add `?sslmode=require` to the URL (the server's certificate is then checked against its host name; add `&sslrootcert=FILE` for your own certificate authority)"
    )]
    NeedsTls { target: String },
    #[error("TLS certificate `{path}`: {detail}")]
    Certificate { path: String, detail: String },
    #[error(
        "cannot connect to `{target}`: {detail}; the station keeps everything, and the next sync catches up"
    )]
    Connect { target: String, detail: String },
    #[error("`{target}`, {what}: {detail}")]
    Database {
        target: String,
        what: String,
        detail: String,
    },
    #[error(
        "`{target}` has Témoin's tables at version {found}, this Témoin needs {needed}: run `temoin sync --to URL --migrate` once, as the database's owner"
    )]
    NotMigrated {
        target: String,
        found: i64,
        needed: i64,
    },
    #[error("migrating `{target}`: {detail}")]
    Migration { target: String, detail: String },
    #[error(
        "another push for station `{station}` is running (the booth's background sync?); this one stops, and the next sync catches up"
    )]
    Busy { station: String },
    #[error("station files in `{dir}`: {detail}")]
    Station { dir: String, detail: String },
    #[error("the background sync thread could not start: {0}")]
    Thread(String),
}

impl SyncError {
    /// A failure that the next attempt may not have (network, server, another push): what a
    /// booth's background sync shrugs off and retries. Configuration errors are not.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Connect { .. } | SyncError::Database { .. } | SyncError::Busy { .. }
        )
    }
}
