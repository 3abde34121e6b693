//! The recorder: what is sent is what is stored (every message and event kind, stamped with
//! the beat and act it happened in); a locked database never blocks the sender; late payment
//! statuses find their visit and never undo a `paid`; bad records are reported, not fatal;
//! a database that cannot be opened is named in one line.

mod common;

use common::fresh_dir;
use rusqlite::Connection;
use std::time::{Duration, Instant};
use temoin_analytics::store::{self, StoredEvent};
use temoin_analytics::{
    EventKind, Filter, InputMode, Outcome, PaymentStatus, Record, Recorder, new_visit_id,
};

const START: i64 = 1_777_629_600_000; // 2026-05-01 10:00 UTC

fn start(recorder: &Recorder, id: &str) {
    recorder.send(Record::StartVisit {
        id: id.into(),
        chapter: "be-fr".into(),
        locale: "fr-BE".into(),
        app_version: "0.1.0".into(),
        input_mode: InputMode::Controllers,
        started_at_ms: START,
    });
}

fn event(recorder: &Recorder, visit: &str, t_ms: u64, kind: EventKind) {
    recorder.send(Record::Event {
        visit: visit.into(),
        t_ms,
        kind,
    });
}

fn beat(name: &str, act: u8) -> EventKind {
    EventKind::BeatEntered {
        beat: name.into(),
        act: Some(act),
    }
}

#[test]
fn what_is_sent_is_what_is_stored() {
    let dir = fresh_dir("round-trip");
    let path = dir.join("analytics.sqlite");
    let recorder = Recorder::open(&path, "station-a").unwrap();
    assert_eq!(recorder.interrupted_on_open(), 0);
    let id = new_visit_id();
    start(&recorder, &id);
    let events = [
        (1_000, EventKind::ContentNoteAccepted),
        (
            1_500,
            EventKind::LocaleChanged {
                locale: "nl-BE".into(),
            },
        ),
        (2_000, beat("briefing", 1)),
        (
            3_000,
            EventKind::OptionChosen {
                beat: "briefing_route".into(),
                option: "way_b".into(),
            },
        ),
        (
            4_000,
            EventKind::ComfortChanged {
                setting: "vignette".into(),
                value: "on".into(),
            },
        ),
        (
            4_500,
            EventKind::InputMode {
                mode: InputMode::Gaze,
            },
        ),
        (5_000, EventKind::HeadsetRemoved),
        (6_000, EventKind::HeadsetReturned),
        (7_000, EventKind::Paused),
        (8_000, EventKind::Resumed),
        (9_000, beat("street", 2)),
        (
            9_500,
            EventKind::EvidenceAdded {
                evidence: "photo_school".into(),
            },
        ),
        (10_000, EventKind::PromptShown),
        (
            11_000,
            EventKind::AmountChosen {
                band: "10-24".into(),
            },
        ),
        (
            12_000,
            EventKind::CheckoutCreated {
                intent_id: "intent-1".into(),
            },
        ),
    ];
    for (t, kind) in events.iter().cloned() {
        event(&recorder, &id, t, kind);
    }
    recorder.send(Record::EndVisit {
        visit: id.clone(),
        ended_at_ms: START + 13_000,
        outcome: Outcome::Pledged {
            band: "10-24".into(),
            currency: "EUR".into(),
        },
    });
    // Statuses arrive after the visit ended; a late `open` must not undo the `paid`.
    for status in [
        PaymentStatus::Open,
        PaymentStatus::Paid,
        PaymentStatus::Open,
    ] {
        recorder.send(Record::DonationStatus {
            intent_id: "intent-1".into(),
            status,
        });
    }
    // An intent no visit holds (made before analytics existed) is no error.
    recorder.send(Record::DonationStatus {
        intent_id: "intent-from-before".into(),
        status: PaymentStatus::Paid,
    });
    assert_eq!(recorder.close(), None);

    let visits = store::read_file(&path, &Filter::default()).unwrap();
    assert_eq!(visits.len(), 1);
    let visit = &visits[0];
    assert_eq!(visit.id, id);
    assert_eq!(visit.station, "station-a");
    assert_eq!(visit.chapter, "be-fr");
    assert_eq!(visit.locale, "fr-BE");
    assert_eq!(visit.input_mode, "controllers");
    assert_eq!(visit.app_version, "0.1.0");
    assert_eq!(visit.started_at, START);
    assert_eq!(visit.ended_at, Some(START + 13_000));
    assert_eq!(visit.outcome.as_deref(), Some("pledged"));
    assert_eq!(visit.amount_band.as_deref(), Some("10-24"));
    assert_eq!(visit.currency.as_deref(), Some("EUR"));
    assert_eq!(visit.intent_id.as_deref(), Some("intent-1"));
    assert_eq!(visit.donation_status.as_deref(), Some("paid"));

    let row = |seq, t_ms, kind: &str, beat: Option<&str>, act, detail: Option<&str>| StoredEvent {
        seq,
        t_ms,
        kind: kind.into(),
        beat: beat.map(Into::into),
        act,
        detail: detail.map(Into::into),
        value: None,
    };
    let mut comfort = row(
        5,
        4_000,
        "comfort",
        Some("briefing"),
        Some(1),
        Some("vignette"),
    );
    comfort.value = Some("on".into());
    let expected = vec![
        row(1, 1_000, "content_note_accepted", None, None, None),
        row(2, 1_500, "locale", None, None, Some("nl-BE")),
        row(3, 2_000, "beat", Some("briefing"), Some(1), None),
        // The option names its own beat; the act is the one the visitor is in.
        row(
            4,
            3_000,
            "option",
            Some("briefing_route"),
            Some(1),
            Some("way_b"),
        ),
        comfort,
        row(
            6,
            4_500,
            "input_mode",
            Some("briefing"),
            Some(1),
            Some("gaze"),
        ),
        row(7, 5_000, "headset_removed", Some("briefing"), Some(1), None),
        row(
            8,
            6_000,
            "headset_returned",
            Some("briefing"),
            Some(1),
            None,
        ),
        row(9, 7_000, "paused", Some("briefing"), Some(1), None),
        row(10, 8_000, "resumed", Some("briefing"), Some(1), None),
        row(11, 9_000, "beat", Some("street"), Some(2), None),
        row(
            12,
            9_500,
            "evidence",
            Some("street"),
            Some(2),
            Some("photo_school"),
        ),
        row(13, 10_000, "prompt_shown", Some("street"), Some(2), None),
        row(
            14,
            11_000,
            "amount_chosen",
            Some("street"),
            Some(2),
            Some("10-24"),
        ),
        row(
            15,
            12_000,
            "checkout_created",
            Some("street"),
            Some(2),
            Some("intent-1"),
        ),
    ];
    assert_eq!(visit.events, expected);

    // A clean close folded the WAL into the file: the one file is the whole database.
    let wal = dir.join("analytics.sqlite-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the WAL was not folded in"
    );
    // Reopening finds nothing to close.
    let again = Recorder::open(&path, "station-a").unwrap();
    assert_eq!(again.interrupted_on_open(), 0);
}

#[test]
fn a_locked_database_never_blocks_the_sender() {
    let dir = fresh_dir("locked");
    let path = dir.join("analytics.sqlite");
    let recorder = Recorder::open(&path, "station-a").unwrap();
    let id = new_visit_id();
    start(&recorder, &id);
    assert!(recorder.flush(Duration::from_secs(10)));
    let before = recorder.written();

    // Another process (a backup, a report run on the station) holds the write lock.
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();

    const EVENTS: u64 = 5_000;
    let mut slowest = Duration::ZERO;
    let began = Instant::now();
    for i in 0..EVENTS {
        let one = Instant::now();
        event(&recorder, &id, i, beat("street", 2));
        slowest = slowest.max(one.elapsed());
    }
    let sending = began.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        recorder.written(),
        before,
        "nothing can be written while the lock is held"
    );
    eprintln!(
        "{EVENTS} sends while the database was locked: {:.2} ms in all, slowest {:.1} µs",
        sending.as_secs_f64() * 1000.0,
        slowest.as_secs_f64() * 1e6
    );
    assert!(
        sending < Duration::from_millis(250),
        "sending took {sending:?}"
    );
    assert!(
        slowest < Duration::from_millis(50),
        "one send took {slowest:?}"
    );

    other.execute_batch("COMMIT;").unwrap();
    let waited = Instant::now();
    assert!(recorder.flush(Duration::from_secs(20)));
    eprintln!(
        "written {} ms after the lock was released",
        waited.elapsed().as_millis()
    );
    assert_eq!(recorder.written(), before + EVENTS);
    assert_eq!(recorder.last_error(), None);
    drop(recorder);
    let visits = store::read_file(&path, &Filter::default()).unwrap();
    assert_eq!(visits[0].events.len() as u64, EVENTS);
    assert!(
        visits[0]
            .events
            .iter()
            .enumerate()
            .all(|(i, e)| e.seq == i as i64 + 1 && e.t_ms == i as i64)
    );
}

#[test]
fn a_bad_record_is_reported_and_the_others_are_written() {
    let dir = fresh_dir("bad-record");
    let path = dir.join("analytics.sqlite");
    let recorder = Recorder::open(&path, "station-a").unwrap();
    let id = new_visit_id();
    start(&recorder, &id);
    // The same id twice, an event and an end for a visit never started.
    start(&recorder, &id);
    event(&recorder, "no-such-visit", 5, EventKind::Paused);
    event(&recorder, &id, 10, beat("briefing", 1));
    recorder.send(Record::EndVisit {
        visit: "no-such-visit".into(),
        ended_at_ms: START,
        outcome: Outcome::Declined,
    });
    recorder.send(Record::EndVisit {
        visit: id.clone(),
        ended_at_ms: START + 20,
        outcome: Outcome::Left { act: Some(1) },
    });
    assert!(recorder.flush(Duration::from_secs(10)));
    assert_eq!(recorder.written(), 3);
    assert_eq!(recorder.failed(), 3);
    let error = recorder.close().expect("the last failure is kept");
    assert!(error.contains("no-such-visit"), "{error}");
    assert!(error.contains("never started"), "{error}");

    let visits = store::read_file(&path, &Filter::default()).unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].events.len(), 1);
    assert_eq!(visits[0].outcome.as_deref(), Some("left"));
    assert_eq!(visits[0].outcome_act, Some(1));
}

#[test]
fn dropping_the_recorder_writes_what_was_queued() {
    let dir = fresh_dir("drop");
    let path = dir.join("analytics.sqlite");
    let id = new_visit_id();
    {
        let recorder = Recorder::open(&path, "station-a").unwrap();
        start(&recorder, &id);
        for t in 0..200 {
            event(&recorder, &id, t, EventKind::Paused);
        }
    }
    let visits = store::read_file(&path, &Filter::default()).unwrap();
    assert_eq!(visits[0].events.len(), 200);
}

#[test]
fn a_database_that_cannot_be_opened_is_named_in_one_line() {
    let dir = fresh_dir("unopenable");
    // A directory where the file should be.
    let path = dir.join("analytics.sqlite");
    std::fs::create_dir_all(&path).unwrap();
    let error = Recorder::open(&path, "s").err().unwrap().to_string();
    assert!(error.contains(&path.display().to_string()), "{error}");
    assert!(!error.contains('\n'), "{error}");

    // A parent that is a file, not a directory.
    let blocker = dir.join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let path = blocker.join("analytics.sqlite");
    let error = Recorder::open(&path, "s").err().unwrap().to_string();
    assert!(error.contains(&path.display().to_string()), "{error}");
    assert!(!error.contains('\n'), "{error}");

    // Not a database at all.
    let path = dir.join("garbage.sqlite");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let error = Recorder::open(&path, "s").err().unwrap().to_string();
    assert!(error.contains("garbage.sqlite"), "{error}");
    assert!(error.contains("not a database"), "{error}");
}
