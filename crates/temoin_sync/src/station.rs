//! A station's files, read-only: the donation journal (`donations.sqlite`) and the analytics
//! database (`analytics.sqlite`) in one directory, read while the booth may be writing them
//! (both are in WAL mode, so a reader sees a consistent snapshot and never blocks the booth).
//! Rows are walked in rowid order, the order they were written in, which no clock can
//! reorder.

use crate::SyncError;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;
use temoin_analytics::PaymentStatus;
use temoin_analytics::store::{StoredEvent, StoredVisit};

/// The journal's file name, as the app and `temoin report` use it beside `analytics.sqlite`.
pub const JOURNAL_FILE: &str = "donations.sqlite";

/// The station's id (`station-id` in its directory, made there on first use), which keys its
/// cursors in the central database. What `temoin preflight` shows.
pub fn station_id(dir: &Path) -> Result<String, SyncError> {
    temoin_analytics::station_id(dir).map_err(|e| SyncError::Station {
        dir: dir.display().to_string(),
        detail: format!("its station id cannot be read or written: {e}"),
    })
}

/// One journal row, as the central `intents` table takes it (nothing else is read: see the
/// migration for what is left at the station and why).
#[derive(Debug, Clone)]
pub(crate) struct LocalIntent {
    pub rowid: i64,
    pub id: String,
    pub chapter: String,
    pub provider: String,
    pub amount_minor: i64,
    pub currency: String,
    pub monthly: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: &'static str,
}

/// One ended visit with its events, and where it sits in the file.
#[derive(Debug, Clone)]
pub(crate) struct LocalVisit {
    pub rowid: i64,
    pub visit: StoredVisit,
}

pub(crate) struct StationFiles {
    dir: PathBuf,
    journal: Option<Connection>,
    analytics: Option<Connection>,
}

impl StationFiles {
    /// Opens whichever of the two files exist; a station that never took a gift has no
    /// journal, and one that recorded no visit may have no analytics database.
    pub fn open(dir: &Path) -> Result<StationFiles, SyncError> {
        let analytics_path = dir.join(temoin_analytics::DATABASE_FILE);
        let journal_path = dir.join(JOURNAL_FILE);
        if !analytics_path.is_file() && !journal_path.is_file() {
            return Err(SyncError::Station {
                dir: dir.display().to_string(),
                detail: format!(
                    "neither `{}` nor `{JOURNAL_FILE}` is there; point at the directory that holds them",
                    temoin_analytics::DATABASE_FILE
                ),
            });
        }
        let analytics = if analytics_path.is_file() {
            Some(
                temoin_analytics::store::open_read_only(&analytics_path).map_err(|e| {
                    SyncError::Station {
                        dir: dir.display().to_string(),
                        detail: e.to_string(),
                    }
                })?,
            )
        } else {
            None
        };
        let journal = if journal_path.is_file() {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let connection = Connection::open_with_flags(&journal_path, flags)
                .and_then(|c| c.busy_timeout(Duration::from_secs(5)).map(|()| c))
                .map_err(|e| SyncError::Station {
                    dir: dir.display().to_string(),
                    detail: format!("`{JOURNAL_FILE}`: {e}"),
                })?;
            // A journal opened but never written has no table yet: nothing to send.
            let has_table = connection
                .query_row(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'intents'",
                    [],
                    |_| Ok(()),
                )
                .optional()
                .map_err(|e| SyncError::Station {
                    dir: dir.display().to_string(),
                    detail: format!("`{JOURNAL_FILE}`: {e}"),
                })?
                .is_some();
            has_table.then_some(connection)
        } else {
            None
        };
        Ok(StationFiles {
            dir: dir.to_owned(),
            journal,
            analytics,
        })
    }

    fn error(&self, file: &str) -> impl Fn(rusqlite::Error) -> SyncError + '_ {
        let file = file.to_owned();
        move |e| SyncError::Station {
            dir: self.dir.display().to_string(),
            detail: format!("`{file}`: {e}"),
        }
    }

    /// Where the row with this id now is; None when the file no longer has it (replaced, or
    /// set aside as damaged and started afresh).
    pub fn journal_rowid(&self, id: &str) -> Result<Option<i64>, SyncError> {
        let Some(journal) = &self.journal else {
            return Ok(None);
        };
        journal
            .prepare_cached("SELECT rowid FROM intents WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.error(JOURNAL_FILE))
    }

    pub fn analytics_rowid(&self, id: &str) -> Result<Option<i64>, SyncError> {
        let Some(analytics) = &self.analytics else {
            return Ok(None);
        };
        analytics
            .prepare_cached("SELECT rowid FROM visits WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(self.error(temoin_analytics::DATABASE_FILE))
    }

    /// Up to `limit` intents written after `after`, in the order they were written.
    pub fn intents_after(&self, after: i64, limit: usize) -> Result<Vec<LocalIntent>, SyncError> {
        let Some(journal) = &self.journal else {
            return Ok(Vec::new());
        };
        let mut statement = journal
            .prepare_cached(
                "SELECT rowid, id, chapter, provider, amount_minor, currency, monthly, created_at,
                    updated_at, status
                 FROM intents WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
            )
            .map_err(self.error(JOURNAL_FILE))?;
        let rows = statement
            .query_map(params![after, limit as i64], |r| {
                let status: String = r.get(9)?;
                Ok(LocalIntent {
                    rowid: r.get(0)?,
                    id: r.get(1)?,
                    chapter: r.get(2)?,
                    provider: r.get(3)?,
                    amount_minor: r.get(4)?,
                    currency: r.get(5)?,
                    monthly: r.get(6)?,
                    created_at: r.get(7)?,
                    updated_at: r.get(8)?,
                    status: status_name(&status),
                })
            })
            .map_err(self.error(JOURNAL_FILE))?;
        rows.collect::<Result<_, _>>()
            .map_err(self.error(JOURNAL_FILE))
    }

    /// An intent's status and when it was set, as the journal has them now.
    pub fn intent_status(&self, id: &str) -> Result<Option<(&'static str, i64)>, SyncError> {
        let Some(journal) = &self.journal else {
            return Ok(None);
        };
        journal
            .prepare_cached("SELECT status, updated_at FROM intents WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    let status: String = r.get(0)?;
                    Ok((status_name(&status), r.get(1)?))
                })
                .optional()
            })
            .map_err(self.error(JOURNAL_FILE))
    }

    /// Intents written after `after`: what a push would send.
    pub fn intents_waiting(&self, after: i64) -> Result<u64, SyncError> {
        let Some(journal) = &self.journal else {
            return Ok(0);
        };
        journal
            .query_row(
                "SELECT COUNT(*) FROM intents WHERE rowid > ?1",
                [after],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
            .map_err(self.error(JOURNAL_FILE))
    }

    /// The ended visits written after `after`, in order, with their events, as many as fit in
    /// `max_rows` rows (a visit and each of its events count one; a visit is never split, so
    /// one larger than the budget goes alone). Stops before the first visit still open: it is
    /// the visitor in the headset, or one a crash left that the booth closes at its next
    /// start, and what comes after it waits so the cursor never skips it.
    pub fn visits_after(&self, after: i64, max_rows: usize) -> Result<Vec<LocalVisit>, SyncError> {
        let Some(analytics) = &self.analytics else {
            return Ok(Vec::new());
        };
        let error = self.error(temoin_analytics::DATABASE_FILE);
        let mut statement = analytics
            .prepare_cached(
                "SELECT rowid, id, station, chapter, locale, app_version, input_mode, started_at,
                    ended_at, outcome, outcome_act, amount_band, currency, intent_id,
                    donation_status,
                    (SELECT COUNT(*) FROM events WHERE events.visit = visits.id)
                 FROM visits WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
            )
            .map_err(&error)?;
        // A visit is at least one row, so `max_rows` visits is always enough to fill a batch.
        let candidates = statement
            .query_map(params![after, max_rows.max(1) as i64], |r| {
                Ok((
                    LocalVisit {
                        rowid: r.get(0)?,
                        visit: StoredVisit {
                            id: r.get(1)?,
                            station: r.get(2)?,
                            chapter: r.get(3)?,
                            locale: r.get(4)?,
                            app_version: r.get(5)?,
                            input_mode: r.get(6)?,
                            started_at: r.get(7)?,
                            ended_at: r.get(8)?,
                            outcome: r.get(9)?,
                            outcome_act: r.get(10)?,
                            amount_band: r.get(11)?,
                            currency: r.get(12)?,
                            intent_id: r.get(13)?,
                            donation_status: r.get(14)?,
                            events: Vec::new(),
                        },
                    },
                    r.get::<_, i64>(15)? as usize,
                ))
            })
            .map_err(&error)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&error)?;
        let mut batch = Vec::new();
        let mut rows = 0;
        for (mut local, events) in candidates {
            if local.visit.ended_at.is_none() {
                break;
            }
            if !batch.is_empty() && rows + 1 + events > max_rows {
                break;
            }
            rows += 1 + events;
            local.visit.events = self.events(analytics, &local.visit.id)?;
            batch.push(local);
        }
        Ok(batch)
    }

    fn events(&self, analytics: &Connection, visit: &str) -> Result<Vec<StoredEvent>, SyncError> {
        let error = self.error(temoin_analytics::DATABASE_FILE);
        let mut statement = analytics
            .prepare_cached(
                "SELECT seq, t_ms, kind, beat, act, detail, value FROM events
                 WHERE visit = ?1 ORDER BY seq",
            )
            .map_err(&error)?;
        statement
            .query_map([visit], |r| {
                Ok(StoredEvent {
                    seq: r.get(0)?,
                    t_ms: r.get(1)?,
                    kind: r.get(2)?,
                    beat: r.get(3)?,
                    act: r.get(4)?,
                    detail: r.get(5)?,
                    value: r.get(6)?,
                })
            })
            .map_err(&error)?
            .collect::<Result<_, _>>()
            .map_err(&error)
    }

    /// Visits written after `after`: ended ones a push would send, and open ones it waits on.
    pub fn visits_waiting(&self, after: i64) -> Result<(u64, u64), SyncError> {
        let Some(analytics) = &self.analytics else {
            return Ok((0, 0));
        };
        analytics
            .query_row(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE ended_at IS NULL)
                 FROM visits WHERE rowid > ?1",
                [after],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .map_err(self.error(temoin_analytics::DATABASE_FILE))
    }
}

/// The journal's status names, read the way the journal reads them (an unknown name is
/// `created`), so the central copy says what `temoin report` over the files says.
fn status_name(name: &str) -> &'static str {
    PaymentStatus::parse(name)
        .unwrap_or(PaymentStatus::Created)
        .name()
}
