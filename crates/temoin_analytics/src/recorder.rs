//! The recorder: a worker thread owns the station's connection and writes what the app sends
//! over a channel, so recording never waits on the disk. Whatever is queued is written in one
//! transaction, each record in its own savepoint (one bad record does not lose the others).
//! Errors are kept for the app to log (`last_error`), never raised in the caller.

use crate::AnalyticsError;
use crate::model::Record;
use crate::store;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// At most this many messages in one transaction: a backlog after a stall is written in a few
/// large transactions, but no single one holds the lock for long.
const MAX_BATCH: usize = 512;
/// A database locked by another process (a report run on the station, a backup) is waited for
/// this many times, each up to the connection's busy timeout (5 s), before a batch is dropped.
const BUSY_RETRIES: u32 = 12;

enum Message {
    Record(Record),
    Flush(Sender<()>),
}

#[derive(Default)]
struct Shared {
    last_error: Mutex<Option<String>>,
    written: AtomicU64,
    failed: AtomicU64,
}

impl Shared {
    fn fail(&self, error: String, records: u64) {
        self.failed.fetch_add(records, Ordering::Relaxed);
        if let Ok(mut last) = self.last_error.lock() {
            *last = Some(error);
        }
    }
}

/// A station's recorder. `send` never blocks; dropping it (or `close`) writes what is queued,
/// folds the WAL into the file and joins the thread, which can take up to a minute if another
/// process holds the database locked (drop it at shutdown, not on a frame).
pub struct Recorder {
    sender: Option<Sender<Message>>,
    worker: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
    path: PathBuf,
    station: String,
    interrupted: usize,
}

impl Recorder {
    /// Opens (or creates) the station's database, closes the visits a crash left open as
    /// `interrupted`, and starts the worker. Fails with one line naming the file when the
    /// database cannot be opened or is not one.
    pub fn open(path: &Path, station: &str) -> Result<Recorder, AnalyticsError> {
        let connection = store::open_for_writing(path)?;
        let interrupted =
            store::close_interrupted(&connection).map_err(|source| AnalyticsError::Sql {
                path: path.display().to_string(),
                source,
            })?;
        let shared = Arc::new(Shared::default());
        let (sender, receiver) = mpsc::channel();
        let worker = {
            let shared = shared.clone();
            let station = station.to_owned();
            std::thread::Builder::new()
                .name("temoin-analytics".into())
                .spawn(move || run(connection, &station, receiver, &shared))
                .map_err(AnalyticsError::Thread)?
        };
        Ok(Recorder {
            sender: Some(sender),
            worker: Some(worker),
            shared,
            path: path.to_owned(),
            station: station.to_owned(),
            interrupted,
        })
    }

    /// Queues a record; returns at once.
    pub fn send(&self, record: Record) {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|s| s.send(Message::Record(record)).is_ok());
        if !sent {
            self.shared
                .fail("the analytics recorder thread has stopped".into(), 1);
        }
    }

    /// Waits until everything sent before this call is written, at most `timeout`; false if
    /// it was not. Blocks: for shutdown, tests and pre-flight checks, never for a frame.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (done, wait) = mpsc::channel();
        self.sender
            .as_ref()
            .is_some_and(|s| s.send(Message::Flush(done)).is_ok())
            && wait.recv_timeout(timeout).is_ok()
    }

    /// The last write that failed, in words, if any did.
    pub fn last_error(&self) -> Option<String> {
        self.shared.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// Records written so far.
    pub fn written(&self) -> u64 {
        self.shared.written.load(Ordering::Relaxed)
    }

    /// Records that could not be written.
    pub fn failed(&self) -> u64 {
        self.shared.failed.load(Ordering::Relaxed)
    }

    /// How many visits a previous run left open and `open` closed as interrupted.
    pub fn interrupted_on_open(&self) -> usize {
        self.interrupted
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn station(&self) -> &str {
        &self.station
    }

    /// Writes what is queued, folds the WAL into the file, joins the thread; returns the last
    /// error, if any write failed during the recorder's life.
    pub fn close(mut self) -> Option<String> {
        self.shut_down();
        self.last_error()
    }

    fn shut_down(&mut self) {
        // Closing the channel ends the worker once it has drained it.
        self.sender = None;
        if let Some(worker) = self.worker.take()
            && worker.join().is_err()
        {
            self.shared
                .fail("the analytics recorder thread panicked".into(), 0);
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn run(mut connection: Connection, station: &str, receiver: Receiver<Message>, shared: &Shared) {
    let mut open = true;
    while open {
        let Ok(first) = receiver.recv() else { break };
        let mut batch = Vec::new();
        let mut flushes = Vec::new();
        let mut take = |message| match message {
            Message::Record(record) => batch.push(record),
            Message::Flush(done) => flushes.push(done),
        };
        take(first);
        for _ in 1..MAX_BATCH {
            match receiver.try_recv() {
                Ok(message) => take(message),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        if !batch.is_empty() {
            write_batch(&mut connection, station, &batch, shared);
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
    if let Err(e) = store::checkpoint(&connection) {
        shared.fail(format!("folding the write-ahead log: {e}"), 0);
    }
}

fn write_batch(connection: &mut Connection, station: &str, batch: &[Record], shared: &Shared) {
    let mut attempt = 0;
    loop {
        match try_batch(connection, station, batch) {
            Ok(errors) => {
                let failed = errors.len() as u64;
                shared
                    .written
                    .fetch_add(batch.len() as u64 - failed, Ordering::Relaxed);
                if let Some(last) = errors.into_iter().last() {
                    shared.fail(last, failed);
                }
                return;
            }
            Err(e) if is_busy(&e) && attempt < BUSY_RETRIES => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => {
                shared.fail(
                    format!("{} records lost: {e}", batch.len()),
                    batch.len() as u64,
                );
                return;
            }
        }
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Writes a batch in one transaction; a record that fails is rolled back alone and its error
/// returned. An error from the transaction itself (busy, disk full) fails the whole batch.
fn try_batch(
    connection: &mut Connection,
    station: &str,
    batch: &[Record],
) -> rusqlite::Result<Vec<String>> {
    let mut transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut errors = Vec::new();
    for record in batch {
        let savepoint = transaction.savepoint()?;
        match store::apply(&savepoint, station, record) {
            Ok(()) => savepoint.commit()?,
            Err(store::WriteError::Sql(e)) if is_busy(&e) => return Err(e),
            Err(e) => errors.push(format!("{}: {e}", describe(record))),
        }
    }
    transaction.commit()?;
    Ok(errors)
}

fn describe(record: &Record) -> String {
    match record {
        Record::StartVisit { id, .. } => format!("starting visit {id}"),
        Record::Event { visit, kind, .. } => format!("event `{}` of visit {visit}", kind.name()),
        Record::EndVisit { visit, .. } => format!("ending visit {visit}"),
        Record::DonationStatus { intent_id, .. } => format!("status of intent {intent_id}"),
    }
}
