//! Reading the central copy back: every station's visits, shaped exactly as
//! `temoin_analytics::store::read_visits` gives them from a station's file, so the same
//! `Report` code runs over both; and the stations that synced.

use crate::{SyncError, SyncTarget, schema};
use std::collections::HashMap;
use temoin_analytics::store::{StoredEvent, StoredVisit};
use temoin_analytics::{Filter, Report};

/// The filter's selection, as `temoin_analytics::store::read_visits` applies it (start time
/// and chapter); hours are labelled later by the report.
const SELECTION: &str = "($1::int8 IS NULL OR v.started_at >= $1)
    AND ($2::int8 IS NULL OR v.started_at < $2)
    AND ($3::text IS NULL OR v.chapter = $3)";

/// The visits of every station that synced, oldest first, each with its events in order. A
/// visit's `donation_status` is its intent's latest status whenever the central copy has the
/// intent, else what the booth last saw: what `temoin report` does with the journal beside
/// each station's database (a visitor often pays on their phone after the visit ended).
pub fn read_visits(target: &SyncTarget, filter: &Filter) -> Result<Vec<StoredVisit>, SyncError> {
    let mut client = target.connect()?;
    schema::check_on(&mut client, target)?;
    let failed = |e: postgres::Error| target.database("reading visits", &e);
    let arguments: [&(dyn postgres::types::ToSql + Sync); 3] =
        [&filter.since, &filter.until, &filter.chapter];
    let rows = client
        .query(
            &format!(
                "SELECT v.id, v.station, v.chapter, v.locale, v.app_version, v.input_mode,
                    v.started_at, v.ended_at, v.outcome, v.outcome_act, v.amount_band,
                    v.currency, v.intent_id, COALESCE(i.status, v.donation_status)
                 FROM temoin.visits v LEFT JOIN temoin.intents i ON i.id = v.intent_id
                 WHERE {SELECTION} ORDER BY v.started_at, v.id"
            ),
            &arguments,
        )
        .map_err(failed)?;
    let mut visits = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.get(0);
        let outcome_act = act(target, &id, row.get(9))?;
        visits.push(StoredVisit {
            station: row.get(1),
            chapter: row.get(2),
            locale: row.get(3),
            app_version: row.get(4),
            input_mode: row.get(5),
            started_at: row.get(6),
            ended_at: row.get(7),
            outcome: row.get(8),
            outcome_act,
            amount_band: row.get(10),
            currency: row.get(11),
            intent_id: row.get(12),
            donation_status: row.get(13),
            events: Vec::new(),
            id,
        });
    }
    let index: HashMap<String, usize> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let rows = client
        .query(
            &format!(
                "SELECT e.visit, e.seq, e.t_ms, e.kind, e.beat, e.act, e.detail, e.value
                 FROM temoin.events e JOIN temoin.visits v ON v.id = e.visit
                 WHERE {SELECTION} ORDER BY e.visit, e.seq"
            ),
            &arguments,
        )
        .map_err(failed)?;
    for row in rows {
        let visit: String = row.get(0);
        let event = StoredEvent {
            seq: row.get(1),
            t_ms: row.get(2),
            kind: row.get(3),
            beat: row.get(4),
            act: act(target, &visit, row.get(5))?,
            detail: row.get(6),
            value: row.get(7),
        };
        if let Some(&i) = index.get(&visit) {
            visits[i].events.push(event);
        }
    }
    Ok(visits)
}

/// Acts are 1..=255 at the station; anything else here was not written by Témoin.
fn act(target: &SyncTarget, visit: &str, value: Option<i16>) -> Result<Option<u8>, SyncError> {
    value
        .map(|n| {
            u8::try_from(n).map_err(|_| SyncError::Database {
                target: target.to_string(),
                what: "reading visits".into(),
                detail: format!("visit {visit} has act {n}, which no station writes"),
            })
        })
        .transpose()
}

/// The report over every station that synced: what `temoin report --from URL` prints. Its
/// `databases` is the number of stations that synced, as `--db a --db b` counts files.
pub fn report(target: &SyncTarget, filter: &Filter) -> Result<Report, SyncError> {
    let visits = read_visits(target, filter)?;
    let stations = stations(target)?.len();
    Ok(Report::from_visits(&visits, filter, stations))
}

/// A station that synced, for `temoin report --from` and the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationInfo {
    pub id: String,
    /// Unix milliseconds.
    pub first_seen: i64,
    /// Unix milliseconds of its last committed batch, if any.
    pub last_push: Option<i64>,
    pub visits: u64,
    pub intents: u64,
}

/// Every station that ever pushed, in the order they first did.
pub fn stations(target: &SyncTarget) -> Result<Vec<StationInfo>, SyncError> {
    let mut client = target.connect()?;
    schema::check_on(&mut client, target)?;
    let rows = client
        .query(
            "SELECT s.id,
                (extract(epoch FROM s.first_seen) * 1000)::int8,
                (SELECT (extract(epoch FROM max(c.at)) * 1000)::int8
                    FROM temoin.sync_cursors c WHERE c.station = s.id),
                (SELECT count(*) FROM temoin.visits v WHERE v.station = s.id),
                (SELECT count(*) FROM temoin.intents i WHERE i.station = s.id)
             FROM temoin.stations s ORDER BY s.first_seen, s.id",
            &[],
        )
        .map_err(|e| target.database("reading stations", &e))?;
    Ok(rows
        .into_iter()
        .map(|row| StationInfo {
            id: row.get(0),
            first_seen: row.get(1),
            last_push: row.get(2),
            visits: row.get::<_, i64>(3) as u64,
            intents: row.get::<_, i64>(4) as u64,
        })
        .collect())
}
