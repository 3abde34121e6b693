//! The central schema: SQL migrations embedded in the binary (`migrations/V*.sql`, applied
//! in order by refinery and recorded in `temoin.schema_history`), and the check every push
//! and read makes first, so an old or missing schema is one line that says what to run.

use crate::{SyncError, SyncTarget};
use postgres::Client;
use postgres::error::SqlState;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Inside Témoin's own schema, so it cannot collide with another application's refinery
/// history in the same database, and the booths' role can be granted SELECT on it alone.
const HISTORY_TABLE: &str = "temoin.schema_history";

/// Two `--migrate` runs at once (two laptops at set-up) take turns on this advisory lock.
const MIGRATE_LOCK: i64 = 0x7465_6d6f_696e_0001;

/// The schema version this Témoin writes and reads: the highest embedded migration.
pub fn schema_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// What `--migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateSummary {
    /// The migrations applied by this run (`V1__central_tables`), none when already current.
    pub applied: Vec<String>,
    /// The schema version now.
    pub version: i64,
}

/// Brings the central schema up to date, all pending migrations in one transaction (a
/// failure leaves the database as it was). Run as the database's owner, not the booths' role.
pub fn migrate(target: &SyncTarget) -> Result<MigrateSummary, SyncError> {
    let mut client = target.connect()?;
    let failed = |e: &postgres::Error| SyncError::Migration {
        target: target.to_string(),
        detail: target.describe(e),
    };
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
        .map_err(|e| failed(&e))?;
    // refinery creates its history table before the first migration runs, so the schema
    // that holds it must exist first.
    client
        .batch_execute("CREATE SCHEMA IF NOT EXISTS temoin")
        .map_err(|e| failed(&e))?;
    let mut runner = embedded::migrations::runner();
    runner.set_migration_table_name(HISTORY_TABLE);
    let report = runner
        .set_grouped(true)
        .set_abort_divergent(true)
        .run(&mut client)
        .map_err(|e| SyncError::Migration {
            target: target.to_string(),
            detail: target.redact(&e.to_string().replace('\n', " ")),
        })?;
    let applied = report
        .applied_migrations()
        .iter()
        .map(|m| format!("V{}__{}", m.version(), m.name()))
        .collect();
    let version = version_on(&mut client, target)?;
    Ok(MigrateSummary { applied, version })
}

/// Connects and checks that the central schema is this Témoin's; returns its version. What
/// `temoin preflight` can call to say whether the booth will be able to sync.
pub fn check(target: &SyncTarget) -> Result<i64, SyncError> {
    let mut client = target.connect()?;
    check_on(&mut client, target)
}

/// The schema must be at least this Témoin's version. A newer one is accepted: migrations
/// only add, so booths not yet updated keep syncing after the database is.
pub(crate) fn check_on(client: &mut Client, target: &SyncTarget) -> Result<i64, SyncError> {
    let found = version_on(client, target)?;
    let needed = schema_version();
    if found < needed {
        return Err(SyncError::NotMigrated {
            target: target.to_string(),
            found,
            needed,
        });
    }
    Ok(found)
}

fn version_on(client: &mut Client, target: &SyncTarget) -> Result<i64, SyncError> {
    match client.query_one(
        &format!("SELECT COALESCE(MAX(version), 0)::int8 FROM {HISTORY_TABLE}"),
        &[],
    ) {
        Ok(row) => Ok(row.get(0)),
        // No schema or no history table: never migrated.
        Err(e)
            if matches!(
                e.code(),
                Some(&SqlState::UNDEFINED_TABLE | &SqlState::INVALID_SCHEMA_NAME)
            ) =>
        {
            Ok(0)
        }
        Err(e) => Err(target.database("reading the schema version", &e)),
    }
}
