//! Témoin's anonymous analytics, without Bevy: each station records its visits in its own
//! SQLite file (`analytics.sqlite`, beside the donation journal) from a worker thread, and
//! `report` merges any number of those files into the figures an NGO needs after an event.
//!
//! # What is recorded, and what never is
//! A visit is a random id (UUIDv7), the station's random id, the chapter, the locale, the app
//! version, the input mode (controllers, gaze, desktop), its start and end times, and its
//! events: beats entered (with the time since the visit started), options chosen, evidence
//! collected, locale and comfort changes, headset removals, pauses, the content note, the
//! prompt, the band of the chosen amount, the checkout's intent id and its final status, and
//! how the visit ended.
//!
//! Only ids that come from the scenario or the chapter (beat ids, option ids, evidence ids,
//! locale tags, comfort setting names and values) and bands are stored: **no names, no IP
//! addresses, no gaze or head traces, no free text, no exact amounts**. Amounts become bands
//! (`amount_band`) because, at a booth where a few dozen people give in a day, an exact amount
//! with a time next to it can point at one person. The report goes further: any group of
//! fewer than five visits is shown as "<5", never as an exact count.
//!
//! # Modules
//! - `model`: the messages the app sends (`Record`, `EventKind`, `Outcome`) and amount bands.
//! - `store`: the schema, its migrations, and reading a database back.
//! - `recorder`: the worker thread that owns a station's connection.
//! - `station`: the station's id, made once per machine.
//! - `report`: merging databases into a `Report`; `render`: table, CSV, JSON; `charts`: SVG
//!   and PNG charts.

pub mod charts;
pub mod model;
pub mod recorder;
pub mod render;
pub mod report;
pub mod station;
pub mod store;

pub use charts::write_charts;
pub use model::{
    EventKind, InputMode, Outcome, PaymentStatus, Record, amount_band, new_visit_id, unix_ms,
};
pub use recorder::Recorder;
pub use render::{render_csv, render_json, render_table};
pub use report::{Count, Filter, Report};
pub use station::station_id;

/// The file name the app uses for a station's database, beside the donation journal.
pub const DATABASE_FILE: &str = "analytics.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error("analytics database `{path}`: {source}")]
    Sql {
        path: String,
        source: rusqlite::Error,
    },
    #[error("analytics database `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "analytics database `{path}` has schema version {found}, newer than this Témoin reads ({known}); use a newer `temoin report`"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("`{path}` is not a Témoin analytics database (no visits table)")]
    NotAnalytics { path: String },
    #[error("the analytics recorder thread could not start: {0}")]
    Thread(std::io::Error),
    #[error("chart `{path}`: {detail}")]
    Chart { path: String, detail: String },
}
