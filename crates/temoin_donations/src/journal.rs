//! The donation journal: every intent is written (and synced) before the first network call,
//! then updated with the provider's id, URL and each status change, so that a crash or a
//! dropped connection never loses a gift nor charges one twice. SQLite in WAL mode with
//! `synchronous = FULL`. No card data exists here: there is none to store.

use crate::providers::ProviderKind;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::{Path, PathBuf};
use temoin_scenario::{Currency, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IntentStatus {
    /// Journaled; no checkout exists at the provider yet (or we do not know it does).
    Created,
    /// A checkout exists and waits for the visitor.
    Open,
    Paid,
    Expired,
    Canceled,
    Failed,
    /// A donation link was shown; the gift cannot be confirmed from here.
    Pledged,
}

impl IntentStatus {
    pub fn name(self) -> &'static str {
        match self {
            IntentStatus::Created => "created",
            IntentStatus::Open => "open",
            IntentStatus::Paid => "paid",
            IntentStatus::Expired => "expired",
            IntentStatus::Canceled => "canceled",
            IntentStatus::Failed => "failed",
            IntentStatus::Pledged => "pledged",
        }
    }

    fn parse(name: &str) -> IntentStatus {
        match name {
            "open" => IntentStatus::Open,
            "paid" => IntentStatus::Paid,
            "expired" => IntentStatus::Expired,
            "canceled" => IntentStatus::Canceled,
            "failed" => IntentStatus::Failed,
            "pledged" => IntentStatus::Pledged,
            _ => IntentStatus::Created,
        }
    }

    /// Nothing more will change: the provider has settled it one way or the other.
    pub fn is_settled(self) -> bool {
        !matches!(self, IntentStatus::Created | IntentStatus::Open)
    }
}

/// One row of the journal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intent {
    pub id: String,
    pub chapter: String,
    pub provider: ProviderKind,
    pub amount: Money,
    pub monthly: bool,
    pub idempotency_key: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: IntentStatus,
    pub provider_id: Option<String>,
    pub checkout_url: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("donation journal `{path}` is damaged: {detail}")]
    Damaged { path: String, detail: String },
    #[error("donation journal `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("donation journal `{path}`: {source}")]
    Sql {
        path: String,
        source: rusqlite::Error,
    },
    #[error("donation journal `{path}` holds an unreadable row: {detail}")]
    Corrupt { path: String, detail: String },
    /// The file or its folder cannot be written (read-only, missing, disk full): nothing
    /// can be journaled, so no checkout may be created; gifts go through the fallback link.
    #[error(
        "donation journal `{path}` cannot be written ({detail}): free disk space or make its folder writable, or point TEMOIN_JOURNAL at a writable file; until then visitors get the fallback link"
    )]
    Unwritable { path: String, detail: String },
}

impl JournalError {
    /// The journal cannot take writes (as opposed to a damaged file or a bad row).
    pub fn is_unwritable(&self) -> bool {
        matches!(self, JournalError::Unwritable { .. })
    }
}

/// The error for a failed statement: a full disk, a read-only file or folder, or a file that
/// cannot be created become `Unwritable`; anything else stays an SQL error. One line.
fn classify(path: &str, source: rusqlite::Error) -> JournalError {
    use rusqlite::ErrorCode;
    let unwritable = match &source {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            ErrorCode::DiskFull => Some("the disk is full"),
            ErrorCode::ReadOnly => Some("it is read-only"),
            ErrorCode::CannotOpen => Some("it cannot be created or opened"),
            ErrorCode::PermissionDenied => Some("permission denied"),
            ErrorCode::SystemIoFailure => Some("a disk write failed"),
            _ => None,
        },
        _ => None,
    };
    match unwritable {
        Some(detail) => JournalError::Unwritable {
            path: path.to_owned(),
            detail: detail.to_owned(),
        },
        None => JournalError::Sql {
            path: path.to_owned(),
            source,
        },
    }
}

pub struct Journal {
    connection: Connection,
    path: String,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A fresh id: a UUIDv7 (a millisecond timestamp, then random bits), so ids sort by time and
/// key the central copy's rows (`temoin sync`) as the visits' ids do. Journals written before
/// keep their 32-hex-digit ids; every reader takes ids as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Journal {
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let display = path.display().to_string();
        let sql = |source| classify(&display, source);
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return Err(JournalError::Unwritable {
                path: display,
                detail: format!("its folder `{}` cannot be created: {e}", dir.display()),
            });
        }
        let connection = Connection::open(path).map_err(sql)?;
        Journal::prepare(connection, display)
    }

    /// An empty journal in memory standing in for one that cannot be written, so the booth
    /// keeps running on the fallback link; it never takes a gift (`Donations` refuses to
    /// journal into it). `path` is the file that failed, for messages.
    pub(crate) fn stand_in(path: &Path) -> Result<Journal, JournalError> {
        let display = path.display().to_string();
        let connection = Connection::open_in_memory().map_err(|e| classify(&display, e))?;
        Journal::prepare(connection, display)
    }

    fn prepare(connection: Connection, display: String) -> Result<Journal, JournalError> {
        let sql = |source| classify(&display, source);
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        connection
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql)?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS intents (
                    id TEXT PRIMARY KEY,
                    chapter TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    amount_minor INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    monthly INTEGER NOT NULL,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    provider_id TEXT,
                    checkout_url TEXT,
                    last_error TEXT
                );",
            )
            .map_err(sql)?;
        Ok(Journal {
            connection,
            path: display,
        })
    }

    /// Opens the journal; if the file is not a readable database (corrupt, truncated,
    /// overwritten), keeps it aside untouched as `<name>.corrupt-<unix time>` and starts a
    /// fresh one, with a line saying so for the attendant. Gifts in the old file are not
    /// lost: it stays on disk for the NGO to recover.
    pub fn open_or_recover(path: &Path) -> Result<(Journal, Option<String>), JournalError> {
        let failure = match Journal::open(path).and_then(|j| j.check().map(|()| j)) {
            Ok(journal) => return Ok((journal, None)),
            Err(e) => e,
        };
        // Only a file SQLite could not read is set aside; one it cannot write is not damaged.
        if !path.is_file() || failure.is_unwritable() {
            return Err(failure);
        }
        let kept = path.with_file_name(format!(
            "{}.corrupt-{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("journal"),
            now()
        ));
        std::fs::rename(path, &kept).map_err(|e| JournalError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        // The write-ahead log belongs to the old file; a fresh database must not replay it.
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", path.display()));
            if side.is_file() {
                let _ = std::fs::rename(&side, format!("{}{suffix}", kept.display()));
            }
        }
        let journal = Journal::open(path)?;
        Ok((
            journal,
            Some(format!(
                "the donation journal `{}` could not be read ({failure}); it is kept as `{}` and a fresh journal was started",
                path.display(),
                kept.display()
            )),
        ))
    }

    /// Folds the write-ahead log into the database file (a clean shutdown does this too).
    pub fn checkpoint(&self) -> Result<(), JournalError> {
        self.connection
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| self.sql(e))
    }

    /// SQLite's own quick check of the file's structure.
    fn check(&self) -> Result<(), JournalError> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(|e| self.sql(e))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(JournalError::Damaged {
                path: self.path.clone(),
                detail: verdict,
            })
        }
    }

    fn sql(&self, source: rusqlite::Error) -> JournalError {
        classify(&self.path, source)
    }

    /// The file this journal writes to.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Test hook: caps the database at its present size, so the next write that needs a new
    /// page fails with SQLITE_FULL, exactly as on a full disk.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self) -> Result<(), JournalError> {
        let pages: i64 = self
            .connection
            .query_row("PRAGMA page_count", [], |row| row.get(0))
            .map_err(|e| self.sql(e))?;
        self.connection
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .map_err(|e| self.sql(e))
    }

    /// Writes a new intent; returns once it is on disk.
    pub fn record(
        &self,
        chapter: &str,
        provider: ProviderKind,
        amount: Money,
        monthly: bool,
    ) -> Result<Intent, JournalError> {
        let id = new_id();
        let at = now();
        let intent = Intent {
            idempotency_key: format!("temoin-{id}"),
            id,
            chapter: chapter.to_owned(),
            provider,
            amount,
            monthly,
            created_at: at,
            updated_at: at,
            status: IntentStatus::Created,
            provider_id: None,
            checkout_url: None,
            last_error: None,
        };
        self.connection
            .execute(
                "INSERT INTO intents (id, chapter, provider, amount_minor, currency, monthly, idempotency_key, created_at, updated_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    intent.id,
                    intent.chapter,
                    provider.name(),
                    amount.minor,
                    amount.currency.code(),
                    monthly,
                    intent.idempotency_key,
                    at,
                    at,
                    IntentStatus::Created.name()
                ],
            )
            .map_err(|e| self.sql(e))?;
        Ok(intent)
    }

    /// Stores what the provider said about an intent.
    pub fn update(
        &self,
        id: &str,
        status: IntentStatus,
        provider_id: Option<&str>,
        checkout_url: Option<&str>,
        last_error: Option<&str>,
    ) -> Result<(), JournalError> {
        self.connection
            .execute(
                "UPDATE intents SET status = ?2, provider_id = COALESCE(?3, provider_id),
                 checkout_url = COALESCE(?4, checkout_url), last_error = ?5, updated_at = ?6 WHERE id = ?1",
                params![id, status.name(), provider_id, checkout_url, last_error, now()],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    pub fn get(&self, id: &str) -> Result<Option<Intent>, JournalError> {
        let row = self
            .connection
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], row_to_raw)
            .optional()
            .map_err(|e| self.sql(e))?;
        row.map(|r| self.to_intent(r)).transpose()
    }

    /// Every intent, oldest first.
    pub fn list(&self) -> Result<Vec<Intent>, JournalError> {
        self.query(&format!("{SELECT} ORDER BY created_at, rowid"))
    }

    /// Intents not yet settled, oldest first: what reconciliation works through.
    pub fn unfinished(&self) -> Result<Vec<Intent>, JournalError> {
        self.query(&format!(
            "{SELECT} WHERE status IN ('created', 'open') ORDER BY created_at, rowid"
        ))
    }

    fn query(&self, sql: &str) -> Result<Vec<Intent>, JournalError> {
        let mut statement = self.connection.prepare(sql).map_err(|e| self.sql(e))?;
        let rows = statement
            .query_map([], row_to_raw)
            .map_err(|e| self.sql(e))?;
        let raws: Vec<RawRow> = rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))?;
        raws.into_iter().map(|r| self.to_intent(r)).collect()
    }

    fn to_intent(&self, raw: RawRow) -> Result<Intent, JournalError> {
        let corrupt = |detail: String| JournalError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let currency = Currency::from_code(&raw.currency).map_err(corrupt)?;
        let provider = ProviderKind::parse(&raw.provider)
            .ok_or_else(|| corrupt(format!("unknown provider `{}`", raw.provider)))?;
        Ok(Intent {
            id: raw.id,
            chapter: raw.chapter,
            provider,
            amount: Money {
                minor: raw.amount_minor,
                currency,
            },
            monthly: raw.monthly,
            idempotency_key: raw.idempotency_key,
            created_at: raw.created_at,
            updated_at: raw.updated_at,
            status: IntentStatus::parse(&raw.status),
            provider_id: raw.provider_id,
            checkout_url: raw.checkout_url,
            last_error: raw.last_error,
        })
    }

    /// The journal as CSV (one row per intent).
    pub fn export_csv(&self, out: impl std::io::Write) -> Result<usize, String> {
        let intents = self.list().map_err(|e| e.to_string())?;
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record([
                "id",
                "created_at",
                "updated_at",
                "chapter",
                "provider",
                "amount",
                "currency",
                "monthly",
                "status",
                "provider_id",
                "checkout_url",
                "last_error",
            ])
            .map_err(|e| e.to_string())?;
        for i in &intents {
            let amount = i.amount.decimal();
            writer
                .write_record([
                    i.id.as_str(),
                    &i.created_at.to_string(),
                    &i.updated_at.to_string(),
                    &i.chapter,
                    i.provider.name(),
                    &amount,
                    i.amount.currency.code(),
                    if i.monthly { "yes" } else { "no" },
                    i.status.name(),
                    i.provider_id.as_deref().unwrap_or(""),
                    i.checkout_url.as_deref().unwrap_or(""),
                    i.last_error.as_deref().unwrap_or(""),
                ])
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
        Ok(intents.len())
    }
}

const SELECT: &str = "SELECT id, chapter, provider, amount_minor, currency, monthly, idempotency_key, created_at, updated_at, status, provider_id, checkout_url, last_error FROM intents";

struct RawRow {
    id: String,
    chapter: String,
    provider: String,
    amount_minor: i64,
    currency: String,
    monthly: bool,
    idempotency_key: String,
    created_at: i64,
    updated_at: i64,
    status: String,
    provider_id: Option<String>,
    checkout_url: Option<String>,
    last_error: Option<String>,
}

fn row_to_raw(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: row.get(0)?,
        chapter: row.get(1)?,
        provider: row.get(2)?,
        amount_minor: row.get(3)?,
        currency: row.get(4)?,
        monthly: row.get(5)?,
        idempotency_key: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        status: row.get(9)?,
        provider_id: row.get(10)?,
        checkout_url: row.get(11)?,
        last_error: row.get(12)?,
    })
}
