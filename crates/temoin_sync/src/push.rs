//! Pushing one station: its new intents, the status changes of intents the central copy
//! still has unsettled, then its ended visits with their events, in batches. Each batch is
//! one transaction holding its rows and the cursor row that records it, so the cursor moves
//! exactly when the rows land; a batch cut short (network, server, crash) leaves neither.

use crate::station::{LocalIntent, LocalVisit, StationFiles};
use crate::{SyncError, SyncTarget, schema};
use postgres::error::SqlState;
use postgres::{Client, Statement};
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows per transaction (a visit and each of its events count one). Measured with `cargo
/// bench -p temoin_sync`, a cold catch-up of 1,000 visits (42,500 rows) into a local
/// PostgreSQL 15 with fsync on, three runs on a shared 2-core machine, in rows/s: 100 rows
/// 18-21k, 500 46-51k, 1,000 50-62k, 2,000 73-75k, 5,000 71-81k, 20,000 74-95k. The curve
/// flattens past 2,000 (one round trip per table per batch stops mattering) and only gets
/// noisier; larger batches cost on a booth's link: 2,000 rows are about 50 visits and 200 KB
/// (108 bytes a row), under 2 s on a 1 Mbit/s uplink, where 20,000 would take 17 s, all of
/// it resent if the link drops once.
pub const DEFAULT_BATCH_ROWS: usize = 2000;

/// A batch that hits a deadlock (two stations pushing the same copied visits at once) or a
/// serialization failure is retried this many times before the push gives up.
const RETRIES: u32 = 3;

/// How long a push waits for another push of the same station to finish before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushOptions {
    /// Rows per batch; see [`DEFAULT_BATCH_ROWS`].
    pub batch_rows: usize,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            batch_rows: DEFAULT_BATCH_ROWS,
        }
    }
}

/// What a push sent. Rows the central copy already had (a re-run after a lost connection,
/// a visit copied between stations) count in `already_there`, not in the other counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    pub station: String,
    /// Intents new to the central copy.
    pub intents: u64,
    /// Statuses the central copy had not seen (`open` → `paid` after a first sync).
    pub status_changes: u64,
    pub visits: u64,
    pub events: u64,
    pub already_there: u64,
    /// Transactions committed.
    pub batches: u64,
    /// Visits not sent because they, or one before them, are still open.
    pub waiting_open: u64,
    /// The station's file no longer had the row the cursor named (replaced, or restarted
    /// after damage), so it was read again from the start; nothing is duplicated.
    pub rescanned: bool,
    pub elapsed: Duration,
}

impl PushSummary {
    /// Rows written into the central copy.
    pub fn rows(&self) -> u64 {
        self.intents + self.status_changes + self.visits + self.events
    }
}

impl std::fmt::Display for PushSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "station {}: {} new intents, {} status changes, {} visits with {} events in {} batches, {:.1} s",
            self.station,
            self.intents,
            self.status_changes,
            self.visits,
            self.events,
            self.batches,
            self.elapsed.as_secs_f64()
        )?;
        if self.already_there > 0 {
            write!(f, "; {} rows were already there", self.already_there)?;
        }
        if self.waiting_open > 0 {
            write!(
                f,
                "; {} visits wait for an open one to end",
                self.waiting_open
            )?;
        }
        if self.rescanned {
            write!(f, "; the station's files were read again from the start")?;
        }
        Ok(())
    }
}

/// Pushes everything new in `station_dir` (the directory holding `donations.sqlite`,
/// `analytics.sqlite` and `station-id`) to the central database. Safe to run again at any
/// time, from the command line or a booth's background thread: it sends only what the
/// station's cursor has not seen, and a row sent twice is stored once. Blocks on the
/// network: never call it from a frame.
pub fn push(
    target: &SyncTarget,
    station_dir: &Path,
    options: &PushOptions,
) -> Result<PushSummary, SyncError> {
    let started = Instant::now();
    let station = crate::station::station_id(station_dir)?;
    let files = StationFiles::open(station_dir)?;
    let mut client = target.connect()?;
    schema::check_on(&mut client, target)?;
    let mut pusher = Pusher::new(client, target, station, files, options)?;
    pusher.intents()?;
    pusher.status_changes()?;
    pusher.visits()?;
    let mut summary = pusher.summary;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Where a station stands against the central copy, without sending anything: what
/// `temoin preflight` can show next to the station id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationStatus {
    pub station: String,
    /// Unix milliseconds of the station's last committed batch, if it ever pushed.
    pub last_push: Option<i64>,
    /// Intents written since then.
    pub intents_waiting: u64,
    /// Visits written since then, and how many of those are still open.
    pub visits_waiting: u64,
    pub visits_open: u64,
}

/// Reads the station's cursors and counts what its next push would send.
pub fn station_status(target: &SyncTarget, station_dir: &Path) -> Result<StationStatus, SyncError> {
    let station = crate::station::station_id(station_dir)?;
    let files = StationFiles::open(station_dir)?;
    let mut client = target.connect()?;
    schema::check_on(&mut client, target)?;
    let failed = |e: postgres::Error| target.database("reading the station's cursor", &e);
    let marker = |client: &mut Client, stream: &str| {
        client
            .query_opt(
                "SELECT marker FROM temoin.sync_cursors WHERE station = $1 AND stream = $2
                 ORDER BY seq DESC LIMIT 1",
                &[&station, &stream],
            )
            .map(|row| row.map(|r| r.get::<_, String>(0)))
            .map_err(failed)
    };
    let intents_after = match marker(&mut client, INTENTS)? {
        Some(id) => files.journal_rowid(&id)?.unwrap_or(0),
        None => 0,
    };
    let visits_after = match marker(&mut client, VISITS)? {
        Some(id) => files.analytics_rowid(&id)?.unwrap_or(0),
        None => 0,
    };
    let last_push: Option<i64> = client
        .query_one(
            "SELECT (extract(epoch FROM max(at)) * 1000)::int8 FROM temoin.sync_cursors
             WHERE station = $1",
            &[&station],
        )
        .map_err(failed)?
        .get(0);
    let (visits_waiting, visits_open) = files.visits_waiting(visits_after)?;
    Ok(StationStatus {
        intents_waiting: files.intents_waiting(intents_after)?,
        visits_waiting,
        visits_open,
        last_push,
        station,
    })
}

struct Statements {
    insert_intents: Statement,
    insert_history: Statement,
    insert_visits: Statement,
    insert_events: Statement,
    insert_cursor: Statement,
}

struct Pusher<'a> {
    client: Client,
    target: &'a SyncTarget,
    station: String,
    files: StationFiles,
    batch_rows: usize,
    statements: Statements,
    summary: PushSummary,
}

/// The stream names in `sync_cursors`.
const INTENTS: &str = "intents";
const VISITS: &str = "visits";

impl<'a> Pusher<'a> {
    fn new(
        mut client: Client,
        target: &'a SyncTarget,
        station: String,
        files: StationFiles,
        options: &PushOptions,
    ) -> Result<Pusher<'a>, SyncError> {
        let failed = |what: &str, e: &postgres::Error| target.database(what, e);
        // One push per station at a time (the CLI by hand while the booth's timer fires):
        // a second would only resend the same rows. Released when the connection closes.
        // Waits a little: the other push is usually about to end, or is the backend of a
        // connection that just dropped, which the server ends within a minute.
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            let locked: bool = client
                .query_one(
                    "SELECT pg_try_advisory_lock(hashtextextended('temoin-sync:' || $1, 0))",
                    &[&station],
                )
                .map_err(|e| failed("taking the station's push lock", &e))?
                .get(0);
            if locked {
                break;
            }
            if Instant::now() >= deadline {
                return Err(SyncError::Busy { station });
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        client
            .execute(
                "INSERT INTO temoin.stations (id) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&station],
            )
            .map_err(|e| failed("registering the station", &e))?;
        // Each batch is one statement per table over arrays (`unnest`): one round trip per
        // table whatever the batch size, which is what makes large batches pay off.
        let mut prepare = |sql: &str| {
            client
                .prepare(sql)
                .map_err(|e| failed("preparing the push", &e))
        };
        let statements = Statements {
            insert_intents: prepare(
                "INSERT INTO temoin.intents (id, station, chapter, provider, amount_minor,
                    currency, monthly, created_at, updated_at, status)
                 SELECT u.id, $1, u.chapter, u.provider, u.amount_minor, u.currency, u.monthly,
                    u.created_at, u.updated_at, u.status
                 FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[], $6::text[],
                    $7::bool[], $8::int8[], $9::int8[], $10::text[])
                    AS u(id, chapter, provider, amount_minor, currency, monthly, created_at,
                         updated_at, status)
                 ON CONFLICT (id) DO NOTHING",
            )?,
            insert_history: prepare(
                "INSERT INTO temoin.intent_status_history (intent, status, at)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::int8[])
                 ON CONFLICT (intent, status) DO NOTHING",
            )?,
            insert_visits: prepare(
                "INSERT INTO temoin.visits (id, station, chapter, locale, app_version,
                    input_mode, started_at, ended_at, outcome, outcome_act, amount_band,
                    currency, intent_id, donation_status)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                    $5::text[], $6::text[], $7::int8[], $8::int8[], $9::text[], $10::int2[],
                    $11::text[], $12::text[], $13::text[], $14::text[])
                 ON CONFLICT (id) DO NOTHING",
            )?,
            insert_events: prepare(
                "INSERT INTO temoin.events (visit, seq, t_ms, kind, beat, act, detail, value)
                 SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[],
                    $5::text[], $6::int2[], $7::text[], $8::text[])
                 ON CONFLICT (visit, seq) DO NOTHING",
            )?,
            insert_cursor: prepare(
                "INSERT INTO temoin.sync_cursors (station, stream, position, marker, rows)
                 VALUES ($1, $2, $3, $4, $5)",
            )?,
        };
        Ok(Pusher {
            client,
            target,
            summary: PushSummary {
                station: station.clone(),
                ..PushSummary::default()
            },
            station,
            files,
            batch_rows: options.batch_rows.max(1),
            statements,
        })
    }

    /// The rowid to resume after: where the cursor's row is in the file now, or the start
    /// when the file no longer has it.
    fn resume(
        &mut self,
        stream: &str,
        rowid_of: impl Fn(&StationFiles, &str) -> Result<Option<i64>, SyncError>,
    ) -> Result<i64, SyncError> {
        let cursor = self
            .client
            .query_opt(
                "SELECT marker FROM temoin.sync_cursors WHERE station = $1 AND stream = $2
                 ORDER BY seq DESC LIMIT 1",
                &[&self.station, &stream],
            )
            .map_err(|e| self.target.database("reading the station's cursor", &e))?;
        let Some(row) = cursor else {
            return Ok(0);
        };
        let marker: String = row.get(0);
        match rowid_of(&self.files, &marker)? {
            Some(rowid) => Ok(rowid),
            None => {
                self.summary.rescanned = true;
                Ok(0)
            }
        }
    }

    /// Runs one batch in a transaction, again if the server asks for a retry (deadlock,
    /// serialization failure). Returns the rows it inserted.
    fn transaction(
        &mut self,
        what: &str,
        mut batch: impl FnMut(
            &mut postgres::Transaction<'_>,
            &Statements,
        ) -> Result<u64, postgres::Error>,
    ) -> Result<u64, SyncError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.client.transaction().and_then(|mut transaction| {
                let inserted = batch(&mut transaction, &self.statements)?;
                transaction.commit()?;
                Ok(inserted)
            });
            match result {
                Ok(inserted) => {
                    self.summary.batches += 1;
                    return Ok(inserted);
                }
                Err(e)
                    if attempt < RETRIES
                        && matches!(
                            e.code(),
                            Some(
                                &SqlState::T_R_DEADLOCK_DETECTED
                                    | &SqlState::T_R_SERIALIZATION_FAILURE
                            )
                        ) =>
                {
                    std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                }
                Err(e) => {
                    return Err(self.target.database(
                        &format!(
                            "{what} (that batch was rolled back and the cursor kept; the next sync resends it)"
                        ),
                        &e,
                    ));
                }
            }
        }
    }

    fn intents(&mut self) -> Result<(), SyncError> {
        let mut after = self.resume(INTENTS, StationFiles::journal_rowid)?;
        loop {
            let mut batch = self.files.intents_after(after, self.batch_rows)?;
            let Some(last) = batch.last().cloned() else {
                return Ok(());
            };
            // Keys in order: two transactions touching the same rows lock them in the same
            // order, so they wait for each other instead of deadlocking.
            batch.sort_by(|a, b| a.id.cmp(&b.id));
            let sent = batch.len() as u64;
            let station = self.station.clone();
            let history = history_rows(&batch);
            let inserted = self.transaction("sending intents", |transaction, statements| {
                let column = |f: fn(&LocalIntent) -> &str| batch.iter().map(f).collect::<Vec<_>>();
                let inserted = transaction.execute(
                    &statements.insert_intents,
                    &[
                        &station,
                        &column(|i| &i.id),
                        &column(|i| &i.chapter),
                        &column(|i| &i.provider),
                        &batch.iter().map(|i| i.amount_minor).collect::<Vec<_>>(),
                        &column(|i| &i.currency),
                        &batch.iter().map(|i| i.monthly).collect::<Vec<_>>(),
                        &batch.iter().map(|i| i.created_at).collect::<Vec<_>>(),
                        &batch.iter().map(|i| i.updated_at).collect::<Vec<_>>(),
                        &column(|i| i.status),
                    ],
                )?;
                transaction.execute(
                    &statements.insert_history,
                    &[&history.0, &history.1, &history.2],
                )?;
                transaction.execute(
                    &statements.insert_cursor,
                    &[&station, &INTENTS, &last.rowid, &last.id, &(sent as i32)],
                )?;
                Ok(inserted)
            })?;
            self.summary.intents += inserted;
            self.summary.already_there += sent - inserted;
            after = last.rowid;
        }
    }

    /// Intents the central copy still has as created or open, whose journal status has moved
    /// on since: their new status goes into the history (the trigger moves the intent
    /// forward). A settled status never changes at the station, so settled intents are
    /// never looked at again; this set stays as small as the gifts still pending.
    fn status_changes(&mut self) -> Result<(), SyncError> {
        let unsettled = self
            .client
            .query(
                "SELECT i.id, array_agg(h.status) FROM temoin.intents i
                 JOIN temoin.intent_status_history h ON h.intent = i.id
                 WHERE i.station = $1 AND i.status_rank < 2 GROUP BY i.id ORDER BY i.id",
                &[&self.station],
            )
            .map_err(|e| self.target.database("reading unsettled intents", &e))?;
        let mut changes: (Vec<String>, Vec<&str>, Vec<i64>) = Default::default();
        for row in unsettled {
            let id: String = row.get(0);
            let seen: Vec<String> = row.get(1);
            if let Some((status, at)) = self.files.intent_status(&id)?
                && !seen.iter().any(|s| s == status)
            {
                changes.0.push(id);
                changes.1.push(status);
                changes.2.push(at);
            }
        }
        if changes.0.is_empty() {
            return Ok(());
        }
        let inserted = self.transaction("sending status changes", |transaction, statements| {
            transaction.execute(
                &statements.insert_history,
                &[&changes.0, &changes.1, &changes.2],
            )
        })?;
        self.summary.status_changes += inserted;
        Ok(())
    }

    fn visits(&mut self) -> Result<(), SyncError> {
        let mut after = self.resume(VISITS, StationFiles::analytics_rowid)?;
        loop {
            let mut batch = self.files.visits_after(after, self.batch_rows)?;
            let Some(last) = batch.last().map(|v| (v.rowid, v.visit.id.clone())) else {
                break;
            };
            batch.sort_by(|a, b| a.visit.id.cmp(&b.visit.id));
            let columns = VisitColumns::of(&batch);
            let sent_visits = batch.len() as u64;
            let sent_events = columns.events.visit.len() as u64;
            let rows = (sent_visits + sent_events) as i32;
            let station = self.station.clone();
            let (visits, events) = {
                let mut counts = (0, 0);
                self.transaction("sending visits", |transaction, statements| {
                    let c = &columns;
                    counts.0 = transaction.execute(
                        &statements.insert_visits,
                        &[
                            &c.id,
                            &c.station,
                            &c.chapter,
                            &c.locale,
                            &c.app_version,
                            &c.input_mode,
                            &c.started_at,
                            &c.ended_at,
                            &c.outcome,
                            &c.outcome_act,
                            &c.amount_band,
                            &c.currency,
                            &c.intent_id,
                            &c.donation_status,
                        ],
                    )?;
                    let e = &columns.events;
                    counts.1 = transaction.execute(
                        &statements.insert_events,
                        &[
                            &e.visit, &e.seq, &e.t_ms, &e.kind, &e.beat, &e.act, &e.detail,
                            &e.value,
                        ],
                    )?;
                    transaction.execute(
                        &statements.insert_cursor,
                        &[&station, &VISITS, &last.0, &last.1, &rows],
                    )?;
                    Ok(counts.0 + counts.1)
                })?;
                counts
            };
            self.summary.visits += visits;
            self.summary.events += events;
            self.summary.already_there += sent_visits + sent_events - visits - events;
            after = last.0;
        }
        self.summary.waiting_open = self.files.visits_waiting(after)?.0;
        Ok(())
    }
}

/// Each intent was `created` when it was journaled; its present status is the second row
/// when it has moved on. The journal keeps no more history than that.
fn history_rows(batch: &[LocalIntent]) -> (Vec<&str>, Vec<&str>, Vec<i64>) {
    let mut rows: (Vec<&str>, Vec<&str>, Vec<i64>) = Default::default();
    let mut push = |id, status, at| {
        rows.0.push(id);
        rows.1.push(status);
        rows.2.push(at);
    };
    for intent in batch {
        push(intent.id.as_str(), "created", intent.created_at);
        if intent.status != "created" {
            push(intent.id.as_str(), intent.status, intent.updated_at);
        }
    }
    rows
}

/// A batch of visits as one array per column, the shape `unnest` takes.
#[derive(Default)]
struct VisitColumns<'a> {
    id: Vec<&'a str>,
    station: Vec<&'a str>,
    chapter: Vec<&'a str>,
    locale: Vec<&'a str>,
    app_version: Vec<&'a str>,
    input_mode: Vec<&'a str>,
    started_at: Vec<i64>,
    ended_at: Vec<Option<i64>>,
    outcome: Vec<Option<&'a str>>,
    outcome_act: Vec<Option<i16>>,
    amount_band: Vec<Option<&'a str>>,
    currency: Vec<Option<&'a str>>,
    intent_id: Vec<Option<&'a str>>,
    donation_status: Vec<Option<&'a str>>,
    events: EventColumns<'a>,
}

#[derive(Default)]
struct EventColumns<'a> {
    visit: Vec<&'a str>,
    seq: Vec<i64>,
    t_ms: Vec<i64>,
    kind: Vec<&'a str>,
    beat: Vec<Option<&'a str>>,
    act: Vec<Option<i16>>,
    detail: Vec<Option<&'a str>>,
    value: Vec<Option<&'a str>>,
}

impl<'a> VisitColumns<'a> {
    fn of(batch: &'a [LocalVisit]) -> VisitColumns<'a> {
        let mut c = VisitColumns::default();
        let mut seen = HashSet::new();
        for LocalVisit { visit, .. } in batch {
            // The file's primary key makes ids unique already; this keeps one statement from
            // ever hitting the same key twice, which PostgreSQL refuses even with ON CONFLICT.
            if !seen.insert(visit.id.as_str()) {
                continue;
            }
            c.id.push(visit.id.as_str());
            c.station.push(visit.station.as_str());
            c.chapter.push(visit.chapter.as_str());
            c.locale.push(visit.locale.as_str());
            c.app_version.push(visit.app_version.as_str());
            c.input_mode.push(visit.input_mode.as_str());
            c.started_at.push(visit.started_at);
            c.ended_at.push(visit.ended_at);
            c.outcome.push(visit.outcome.as_deref());
            c.outcome_act.push(visit.outcome_act.map(i16::from));
            c.amount_band.push(visit.amount_band.as_deref());
            c.currency.push(visit.currency.as_deref());
            c.intent_id.push(visit.intent_id.as_deref());
            c.donation_status.push(visit.donation_status.as_deref());
            for event in &visit.events {
                let e = &mut c.events;
                e.visit.push(visit.id.as_str());
                e.seq.push(event.seq);
                e.t_ms.push(event.t_ms);
                e.kind.push(event.kind.as_str());
                e.beat.push(event.beat.as_deref());
                e.act.push(event.act.map(i16::from));
                e.detail.push(event.detail.as_deref());
                e.value.push(event.value.as_deref());
            }
        }
        c
    }
}
