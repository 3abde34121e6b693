//! The booth's background sync: a thread that pushes at start and then on a timer, so a
//! station that was offline catches up as soon as the network is back. The frame only ever
//! reads the last outcome (a lock held for a copy, never across network I/O) or asks for a
//! push now; it never waits on the network.

use crate::{PushOptions, PushSummary, SyncError, SyncTarget, push};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackgroundOptions {
    /// Time between pushes. A push with nothing new costs a connection and three small
    /// queries.
    pub every: Duration,
    pub push: PushOptions,
}

impl Default for BackgroundOptions {
    fn default() -> Self {
        BackgroundOptions {
            every: Duration::from_secs(60),
            push: PushOptions::default(),
        }
    }
}

/// What the booth's screen or log can show about syncing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackgroundStatus {
    /// The last push that succeeded, and when it ended.
    pub last_success: Option<(PushSummary, SystemTime)>,
    /// The error of the last push, if it failed (cleared by the next success).
    pub last_error: Option<SyncError>,
    pub attempts: u64,
    /// Rows written by this booth's pushes since it started.
    pub rows: u64,
    /// A push is in progress.
    pub pushing: bool,
}

enum Command {
    Now,
    Stop,
}

/// A running background sync. Dropping it asks the thread to stop and returns at once; a
/// push in progress finishes or fails on its own (a cut batch rolls back), and the thread
/// then ends.
pub struct Background {
    commands: Sender<Command>,
    status: Arc<Mutex<BackgroundStatus>>,
    /// Behind a lock only so that a `Background` can be shared (a Bevy resource is `Sync`);
    /// it is read when stopping, never on a frame.
    done: Mutex<Receiver<()>>,
    worker: Option<JoinHandle<()>>,
}

impl Background {
    /// Starts the thread; the first push begins at once. `station_dir` holds the station's
    /// `donations.sqlite`, `analytics.sqlite` and `station-id`.
    pub fn start(
        target: SyncTarget,
        station_dir: PathBuf,
        options: BackgroundOptions,
    ) -> Result<Background, SyncError> {
        let (commands, receiver) = mpsc::channel();
        let (finished, done) = mpsc::channel();
        let status = Arc::new(Mutex::new(BackgroundStatus::default()));
        let worker = {
            let status = status.clone();
            std::thread::Builder::new()
                .name("temoin-sync".into())
                .spawn(move || {
                    run(&target, &station_dir, &options, &receiver, &status);
                    let _ = finished.send(());
                })
                .map_err(|e| SyncError::Thread(e.to_string()))?
        };
        Ok(Background {
            commands,
            status,
            done: Mutex::new(done),
            worker: Some(worker),
        })
    }

    /// Asks for a push now (the attendant's "sync" key, or the network just came back);
    /// returns at once. Ignored while one is running: that one picks the rows up.
    pub fn sync_now(&self) {
        let _ = self.commands.send(Command::Now);
    }

    /// The last outcome; never waits on the network.
    pub fn status(&self) -> BackgroundStatus {
        match self.status.lock() {
            Ok(status) => status.clone(),
            // The worker panicked while writing: the copy it left is still the best we have.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Stops the thread and waits for it, at most `timeout` (a push in progress may be
    /// waiting on a dead connection for up to the TCP timeout). True if it ended. For
    /// shutdown and tests, not for a frame.
    pub fn stop(mut self, timeout: Duration) -> bool {
        let _ = self.commands.send(Command::Stop);
        let ended = self
            .done
            .lock()
            .is_ok_and(|d| d.recv_timeout(timeout).is_ok());
        if ended && let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
        ended
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
        // Join only a thread that has already finished; never wait here.
        if self.done.lock().is_ok_and(|d| d.try_recv().is_ok())
            && let Some(worker) = self.worker.take()
        {
            let _ = worker.join();
        }
    }
}

fn run(
    target: &SyncTarget,
    station_dir: &std::path::Path,
    options: &BackgroundOptions,
    commands: &Receiver<Command>,
    status: &Mutex<BackgroundStatus>,
) {
    let update = |change: &dyn Fn(&mut BackgroundStatus)| match status.lock() {
        Ok(mut status) => change(&mut status),
        Err(poisoned) => change(&mut poisoned.into_inner()),
    };
    loop {
        update(&|s| {
            s.pushing = true;
            s.attempts += 1;
        });
        let outcome = push(target, station_dir, &options.push);
        update(&|s| {
            s.pushing = false;
            match &outcome {
                Ok(summary) => {
                    s.rows += summary.rows();
                    s.last_success = Some((summary.clone(), SystemTime::now()));
                    s.last_error = None;
                }
                Err(e) => s.last_error = Some(e.clone()),
            }
        });
        // Requests that came in during the push get one more push at once (their rows may
        // have been written after this one read the files), however many there were.
        let mut again = false;
        loop {
            match commands.try_recv() {
                Ok(Command::Now) => again = true,
                Ok(Command::Stop) | Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }
        if again {
            continue;
        }
        match commands.recv_timeout(options.every) {
            Ok(Command::Now) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Command::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
