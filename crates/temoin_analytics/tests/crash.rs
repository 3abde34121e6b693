//! Crash safety, for real: a child process records the start of a visit, waits until it is
//! written, says so, and is killed with SIGKILL (kill -9) while its recorder thread and
//! connection are still open. The events survive in the file, and the next `Recorder::open`
//! closes the visit as interrupted at its last event.

mod common;

use common::fresh_dir;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;
use temoin_analytics::store;
use temoin_analytics::{EventKind, Filter, InputMode, Record, Recorder, new_visit_id};

const CHILD_DB: &str = "TEMOIN_ANALYTICS_CRASH_CHILD_DB";
const READY: &str = "CHILD-READY";
const START: i64 = 1_777_629_600_000;

/// Runs only inside the child process: records part of a visit, then waits to be killed.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let recorder = Recorder::open(&PathBuf::from(path), "station-crash").unwrap();
    let id = new_visit_id();
    recorder.send(Record::StartVisit {
        id: id.clone(),
        chapter: "uk".into(),
        locale: "en-GB".into(),
        app_version: "0.1.0".into(),
        input_mode: InputMode::Controllers,
        started_at_ms: START,
    });
    let events = [
        (1_000, EventKind::ContentNoteAccepted),
        (
            1_000,
            EventKind::BeatEntered {
                beat: "briefing".into(),
                act: Some(1),
            },
        ),
        (
            61_000,
            EventKind::BeatEntered {
                beat: "street".into(),
                act: Some(2),
            },
        ),
        (75_500, EventKind::HeadsetRemoved),
    ];
    for (t_ms, kind) in events {
        recorder.send(Record::Event {
            visit: id.clone(),
            t_ms,
            kind,
        });
    }
    assert!(recorder.flush(Duration::from_secs(30)));
    println!("{READY} {id}");
    // Hang with the recorder open until the parent kills this process; bounded in case it
    // never does.
    std::thread::sleep(Duration::from_secs(60));
    std::process::abort();
}

#[test]
fn a_visit_cut_short_by_kill_9_is_kept_and_closed_as_interrupted() {
    let dir = fresh_dir("crash");
    let path = dir.join("analytics.sqlite");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, &path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the child");

    // Read the child's output on a thread so the wait for "ready" is bounded.
    let stdout = child.stdout.take().unwrap();
    let (lines, ready) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // The harness may have printed "test crash_child ... " on the same line.
            if let Some((_, id)) = line.split_once(READY) {
                let _ = lines.send(id.trim().to_owned());
            }
        }
    });
    let id = ready
        .recv_timeout(Duration::from_secs(60))
        .expect("the child never said it had written its visit");
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert!(!status.success());

    // The events live only in the write-ahead log: nothing folded them into the file.
    let wal = dir.join("analytics.sqlite-wal");
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0);

    let before = store::read_file(&path, &Filter::default()).unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].id, id);
    assert_eq!(before[0].ended_at, None, "nobody ended the visit");
    let kinds: Vec<_> = before[0].events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["content_note_accepted", "beat", "beat", "headset_removed"]
    );

    let recorder = Recorder::open(&path, "station-crash").unwrap();
    assert_eq!(recorder.interrupted_on_open(), 1);
    assert_eq!(recorder.close(), None);
    let after = store::read_file(&path, &Filter::default()).unwrap();
    let visit = &after[0];
    assert_eq!(visit.outcome.as_deref(), Some("interrupted"));
    assert_eq!(
        visit.ended_at,
        Some(START + 75_500),
        "ended at its last event"
    );
    assert_eq!(visit.outcome_act, Some(2));
    assert_eq!(visit.events.len(), 4);
}
