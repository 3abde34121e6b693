//! The station database: its schema, versioned with `PRAGMA user_version` and migrated in
//! order; opening it for the recorder (WAL, `synchronous = NORMAL`: a power cut may lose the
//! last event but never the file) and read-only for the report; closing visits a crash left
//! open; writing one `Record`; and reading visits back.

use crate::AnalyticsError;
use crate::model::{EventKind, Outcome, PaymentStatus, Record, kind, outcome};
use crate::report::Filter;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// Each entry moves the schema from version `index` to `index + 1`; never edit a shipped one,
/// append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: visits and their events.
    "CREATE TABLE visits (
        id TEXT PRIMARY KEY,            -- UUIDv7, random
        station TEXT NOT NULL,          -- the station's random id
        chapter TEXT NOT NULL,
        locale TEXT NOT NULL,           -- at the start; changes are events
        app_version TEXT NOT NULL,
        input_mode TEXT NOT NULL,       -- controllers | gaze | desktop, at the start
        started_at INTEGER NOT NULL,    -- unix ms
        ended_at INTEGER,               -- unix ms; NULL while the visit runs
        outcome TEXT,                   -- opted_out | left | declined | pledged | offline | interrupted
        outcome_act INTEGER,
        amount_band TEXT,
        currency TEXT,
        intent_id TEXT,                 -- the donation journal's id, to join late statuses
        donation_status TEXT
    );
    CREATE INDEX visits_by_intent ON visits(intent_id) WHERE intent_id IS NOT NULL;
    CREATE TABLE events (
        visit TEXT NOT NULL,
        seq INTEGER NOT NULL,           -- 1, 2, … within the visit
        t_ms INTEGER NOT NULL,          -- monotonic ms since the visit started
        kind TEXT NOT NULL,
        beat TEXT,                      -- the beat it happened in
        act INTEGER,                    -- that beat's act
        detail TEXT,                    -- an id: option, evidence, locale, setting, band, intent
        value TEXT,                     -- a comfort setting's new value
        PRIMARY KEY (visit, seq)
    ) WITHOUT ROWID;",
];

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> AnalyticsError + '_ {
    move |source| AnalyticsError::Sql {
        path: path.display().to_string(),
        source,
    }
}

/// Opens (creating if needed) a station database for writing and brings its schema up to date.
pub fn open_for_writing(path: &Path) -> Result<Connection, AnalyticsError> {
    let sql = sql_error(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| AnalyticsError::Io {
            path: path.display().to_string(),
            source,
        })?;
    }
    let mut connection = Connection::open(path).map_err(&sql)?;
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(&sql)?;
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(&sql)?;
    connection
        .pragma_update(None, "synchronous", "NORMAL")
        .map_err(&sql)?;
    migrate(&mut connection, path)?;
    Ok(connection)
}

/// Applies the migrations the file has not had yet, each in its own transaction with its
/// version number, so a crash between two leaves a consistent file.
pub fn migrate(connection: &mut Connection, path: &Path) -> Result<(), AnalyticsError> {
    let sql = sql_error(path);
    let found = schema_version(connection).map_err(&sql)?;
    if found > SCHEMA_VERSION {
        return Err(AnalyticsError::Newer {
            path: path.display().to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let transaction = connection.transaction().map_err(&sql)?;
        transaction.execute_batch(migration).map_err(&sql)?;
        transaction
            .pragma_update(None, "user_version", index as i64 + 1)
            .map_err(&sql)?;
        transaction.commit().map_err(&sql)?;
    }
    Ok(())
}

pub fn schema_version(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Opens a database read-only, for the report. A file copied onto read-only media cannot get
/// its WAL index; it is then read as immutable.
pub fn open_read_only(path: &Path) -> Result<Connection, AnalyticsError> {
    let sql = sql_error(path);
    if !path.is_file() {
        return Err(AnalyticsError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = match Connection::open_with_flags(path, flags)
        .and_then(|c| schema_version(&c).map(|_| c))
    {
        Ok(connection) => connection,
        Err(first) => {
            let uri = format!("file:{}?immutable=1", path.display());
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .and_then(|c| schema_version(&c).map(|_| c))
                .map_err(|_| sql(first))?
        }
    };
    let found = schema_version(&connection).map_err(&sql)?;
    if found == 0 {
        return Err(AnalyticsError::NotAnalytics {
            path: path.display().to_string(),
        });
    }
    if found > SCHEMA_VERSION {
        return Err(AnalyticsError::Newer {
            path: path.display().to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(connection)
}

/// Closes every visit a crash or a power cut left open: outcome `interrupted`, ended at its
/// last written event (or its start), in the act of its last beat. Returns how many.
pub fn close_interrupted(connection: &Connection) -> rusqlite::Result<usize> {
    connection.execute(
        "UPDATE visits SET
            outcome = ?1,
            ended_at = started_at
                + COALESCE((SELECT MAX(t_ms) FROM events WHERE events.visit = visits.id), 0),
            outcome_act = (SELECT act FROM events WHERE events.visit = visits.id
                AND act IS NOT NULL ORDER BY seq DESC LIMIT 1)
         WHERE ended_at IS NULL",
        params![outcome::INTERRUPTED],
    )
}

/// Folds the write-ahead log into the file, so the single `analytics.sqlite` can be copied off
/// the station after a clean shutdown.
pub fn checkpoint(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
}

/// A record that could not be applied, though the database itself is fine (the app sent
/// something inconsistent). The recorder keeps these as its last error.
#[derive(Debug)]
pub enum WriteError {
    Sql(rusqlite::Error),
    UnknownVisit { what: &'static str, visit: String },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Sql(e) => write!(f, "{e}"),
            WriteError::UnknownVisit { what, visit } => {
                write!(f, "{what} for visit {visit}, which was never started")
            }
        }
    }
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sql(e)
    }
}

/// Writes one record. `station` fills new visits' station column.
pub fn apply(connection: &Connection, station: &str, record: &Record) -> Result<(), WriteError> {
    match record {
        Record::StartVisit {
            id,
            chapter,
            locale,
            app_version,
            input_mode,
            started_at_ms,
        } => {
            connection
                .prepare_cached(
                    "INSERT INTO visits (id, station, chapter, locale, app_version, input_mode,
                        started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    id,
                    station,
                    chapter,
                    locale,
                    app_version,
                    input_mode.name(),
                    started_at_ms
                ])?;
        }
        Record::Event { visit, t_ms, kind } => write_event(connection, visit, *t_ms, kind)?,
        Record::EndVisit {
            visit,
            ended_at_ms,
            outcome,
        } => {
            let (act, band, currency) = match outcome {
                Outcome::Left { act } => (*act, None, None),
                Outcome::Pledged { band, currency } => (None, Some(band), Some(currency)),
                _ => (None, None, None),
            };
            let changed = connection
                .prepare_cached(
                    "UPDATE visits SET ended_at = ?2, outcome = ?3, outcome_act = ?4,
                        amount_band = ?5, currency = ?6
                     WHERE id = ?1 AND ended_at IS NULL",
                )?
                .execute(params![
                    visit,
                    ended_at_ms,
                    outcome.name(),
                    act,
                    band,
                    currency
                ])?;
            if changed == 0 && !visit_exists(connection, visit)? {
                return Err(WriteError::UnknownVisit {
                    what: "an end",
                    visit: visit.clone(),
                });
            }
        }
        Record::DonationStatus { intent_id, status } => {
            // A settled status is final; an unsettled one only fills in or replaces another
            // unsettled one (a late `open` must not undo a `paid`).
            connection
                .prepare_cached(
                    "UPDATE visits SET donation_status = ?2
                     WHERE intent_id = ?1
                       AND (?3 OR donation_status IS NULL OR donation_status IN (?4, ?5))",
                )?
                .execute(params![
                    intent_id,
                    status.name(),
                    status.is_settled(),
                    PaymentStatus::Created.name(),
                    PaymentStatus::Open.name()
                ])?;
        }
    }
    Ok(())
}

fn visit_exists(connection: &Connection, visit: &str) -> rusqlite::Result<bool> {
    connection
        .prepare_cached("SELECT 1 FROM visits WHERE id = ?1")?
        .query_row(params![visit], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

fn write_event(
    connection: &Connection,
    visit: &str,
    t_ms: u64,
    event: &EventKind,
) -> Result<(), WriteError> {
    if !visit_exists(connection, visit)? {
        return Err(WriteError::UnknownVisit {
            what: "an event",
            visit: visit.to_owned(),
        });
    }
    let row = event.row();
    // Every event is stamped with the beat and act the visitor was in, so the report can
    // place a headset removal or a comfort change without replaying the visit.
    let (current_beat, current_act): (Option<String>, Option<u8>) = connection
        .prepare_cached(
            "SELECT beat, act FROM events WHERE visit = ?1 AND kind = ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![visit, kind::BEAT], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or_default();
    let (beat, act) = match event {
        EventKind::BeatEntered { .. } => (row.beat.map(str::to_owned), row.act),
        _ => (row.beat.map(str::to_owned).or(current_beat), current_act),
    };
    if let EventKind::CheckoutCreated { intent_id } = event {
        connection
            .prepare_cached("UPDATE visits SET intent_id = ?2 WHERE id = ?1")?
            .execute(params![visit, intent_id])?;
    }
    connection
        .prepare_cached(
            "INSERT INTO events (visit, seq, t_ms, kind, beat, act, detail, value)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE visit = ?1),
                     ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            visit,
            t_ms as i64,
            row.kind,
            beat,
            act,
            row.detail,
            row.value
        ])?;
    Ok(())
}

/// One visit as stored, with its events in order.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVisit {
    pub id: String,
    pub station: String,
    pub chapter: String,
    pub locale: String,
    pub app_version: String,
    pub input_mode: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub outcome: Option<String>,
    pub outcome_act: Option<u8>,
    pub amount_band: Option<String>,
    pub currency: Option<String>,
    pub intent_id: Option<String>,
    pub donation_status: Option<String>,
    pub events: Vec<StoredEvent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub seq: i64,
    pub t_ms: i64,
    pub kind: String,
    pub beat: Option<String>,
    pub act: Option<u8>,
    pub detail: Option<String>,
    pub value: Option<String>,
}

/// Reads the visits that pass the filter (by start time and chapter), oldest first.
pub fn read_visits(
    connection: &Connection,
    path: &Path,
    filter: &Filter,
) -> Result<Vec<StoredVisit>, AnalyticsError> {
    let sql = sql_error(path);
    let selection = "(?1 IS NULL OR v.started_at >= ?1) AND (?2 IS NULL OR v.started_at < ?2)
        AND (?3 IS NULL OR v.chapter = ?3)";
    let arguments = params![filter.since, filter.until, filter.chapter];
    let mut visits = connection
        .prepare(&format!(
            "SELECT id, station, chapter, locale, app_version, input_mode, started_at, ended_at,
                outcome, outcome_act, amount_band, currency, intent_id, donation_status
             FROM visits v WHERE {selection} ORDER BY started_at, id"
        ))
        .map_err(&sql)?
        .query_map(arguments, |r| {
            Ok(StoredVisit {
                id: r.get(0)?,
                station: r.get(1)?,
                chapter: r.get(2)?,
                locale: r.get(3)?,
                app_version: r.get(4)?,
                input_mode: r.get(5)?,
                started_at: r.get(6)?,
                ended_at: r.get(7)?,
                outcome: r.get(8)?,
                outcome_act: r.get(9)?,
                amount_band: r.get(10)?,
                currency: r.get(11)?,
                intent_id: r.get(12)?,
                donation_status: r.get(13)?,
                events: Vec::new(),
            })
        })
        .map_err(&sql)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(&sql)?;
    let index: HashMap<String, usize> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let mut statement = connection
        .prepare(&format!(
            "SELECT e.visit, e.seq, e.t_ms, e.kind, e.beat, e.act, e.detail, e.value
             FROM events e JOIN visits v ON v.id = e.visit
             WHERE {selection} ORDER BY e.visit, e.seq"
        ))
        .map_err(&sql)?;
    let mut rows = statement.query(arguments).map_err(&sql)?;
    while let Some(r) = rows.next().map_err(&sql)? {
        let visit: String = r.get(0).map_err(&sql)?;
        let event = StoredEvent {
            seq: r.get(1).map_err(&sql)?,
            t_ms: r.get(2).map_err(&sql)?,
            kind: r.get(3).map_err(&sql)?,
            beat: r.get(4).map_err(&sql)?,
            act: r.get(5).map_err(&sql)?,
            detail: r.get(6).map_err(&sql)?,
            value: r.get(7).map_err(&sql)?,
        };
        if let Some(&i) = index.get(&visit) {
            visits[i].events.push(event);
        }
    }
    Ok(visits)
}

/// Reads a database file read-only: what the app's tests and `temoin report` use.
pub fn read_file(path: &Path, filter: &Filter) -> Result<Vec<StoredVisit>, AnalyticsError> {
    let connection = open_read_only(path)?;
    read_visits(&connection, path, filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "temoin-analytics-store-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("analytics.sqlite")
    }

    #[test]
    fn migrations_set_the_version_and_are_idempotent() {
        let path = temp("migrate");
        let mut connection = open_for_writing(&path).unwrap();
        assert_eq!(schema_version(&connection).unwrap(), SCHEMA_VERSION);
        migrate(&mut connection, &path).unwrap();
        assert_eq!(schema_version(&connection).unwrap(), SCHEMA_VERSION);
        let mode: String = connection
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_newer_schema_is_refused_with_the_file_named() {
        let path = temp("newer");
        let connection = open_for_writing(&path).unwrap();
        connection
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(connection);
        let error = open_for_writing(&path).unwrap_err().to_string();
        assert!(error.contains("analytics.sqlite"), "{error}");
        assert!(error.contains("newer"), "{error}");
        let error = open_read_only(&path).unwrap_err().to_string();
        assert!(error.contains("newer"), "{error}");
    }

    #[test]
    fn a_file_that_is_not_ours_is_named() {
        let path = temp("foreign");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x);")
            .unwrap();
        let error = open_read_only(&path).unwrap_err().to_string();
        assert!(error.contains("not a Témoin analytics database"), "{error}");
    }
}
