//! Station fixtures written the way a booth writes them: visits through the analytics
//! `Recorder` (its worker thread, its schema), gifts through the donation `Journal`, the
//! station id through `station_id`, all in one directory. Plus the app's file report
//! (`temoin report --db …`), copied from `src/report_cli.rs`, to compare against.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use temoin_analytics::store::StoredVisit;
use temoin_analytics::{
    EventKind, Filter, InputMode, Outcome, PaymentStatus, Record, Recorder, Report, amount_band,
    new_visit_id,
};
use temoin_donations::{IntentStatus, Journal, ProviderKind};
use temoin_scenario::{Currency, Money};

pub const MINUTE: i64 = 60_000;
/// 2026-05-01 10:00 UTC.
pub const DAY1_10H: i64 = 1_777_629_600_000;

/// A fresh, empty directory unique to this process and name.
pub fn fresh_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "temoin-sync-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test directory");
    dir
}

/// How a generated visit ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ending {
    OptedOut,
    Left,
    Declined,
    /// Pledged this many minor units; the journal's status afterwards.
    Pledged(i64, IntentStatus),
}

pub struct Booth {
    pub dir: PathBuf,
    pub id: String,
    recorder: Option<Recorder>,
    journal: Option<Journal>,
    /// Leave the directory in place when dropped (`shut`).
    keep: bool,
    chapter: String,
    currency: &'static str,
    /// Start of the next visit, unix ms.
    next_start: i64,
}

/// What a visit left behind.
#[derive(Debug, Clone)]
pub struct Played {
    pub visit: String,
    pub intent: Option<String>,
    pub events: usize,
}

impl Booth {
    pub fn new(name: &str, chapter: &str, currency: &'static str, first_start: i64) -> Booth {
        let dir = fresh_dir(name);
        Booth::in_dir(dir, chapter, currency, first_start)
    }

    pub fn in_dir(dir: PathBuf, chapter: &str, currency: &'static str, first_start: i64) -> Booth {
        let id = temoin_analytics::station_id(&dir).expect("make the station id");
        let recorder = Recorder::open(&dir.join(temoin_analytics::DATABASE_FILE), &id)
            .expect("open the analytics database");
        let journal = Journal::open(&dir.join("donations.sqlite")).expect("open the journal");
        Booth {
            dir,
            id,
            recorder: Some(recorder),
            journal: Some(journal),
            keep: false,
            chapter: chapter.to_owned(),
            currency,
            next_start: first_start,
        }
    }

    fn send(&self, record: Record) {
        self.recorder.as_ref().expect("recorder").send(record);
    }

    /// Waits until everything sent is written.
    pub fn flush(&self) {
        let recorder = self.recorder.as_ref().expect("recorder");
        assert!(recorder.flush(Duration::from_secs(30)), "recorder flush");
        assert_eq!(recorder.last_error(), None);
    }

    /// Starts a visit and plays `beats` beats (three events each: the beat, an option, a
    /// piece of evidence) after the content note; returns its id. The visit stays open.
    pub fn start(&mut self, beats: usize) -> (String, i64, usize) {
        let id = new_visit_id();
        let started = self.next_start;
        self.next_start += 7 * MINUTE;
        self.send(Record::StartVisit {
            id: id.clone(),
            chapter: self.chapter.clone(),
            locale: "en".into(),
            app_version: "0.1.0".into(),
            input_mode: InputMode::Controllers,
            started_at_ms: started,
        });
        let mut t = 5_000u64;
        let mut event = |kind: EventKind| {
            self.send(Record::Event {
                visit: id.clone(),
                t_ms: t,
                kind,
            });
            t += 10_000;
        };
        event(EventKind::ContentNoteAccepted);
        for b in 0..beats {
            let beat = format!("beat_{b}");
            event(EventKind::BeatEntered {
                beat: beat.clone(),
                act: Some((b / 3 + 1).min(6) as u8),
            });
            event(EventKind::OptionChosen {
                beat: beat.clone(),
                option: format!("option_{}", b % 3),
            });
            event(EventKind::EvidenceAdded {
                evidence: format!("evidence_{b}"),
            });
        }
        (id, started, 1 + 3 * beats)
    }

    /// Plays a whole visit.
    pub fn visit(&mut self, beats: usize, ending: Ending) -> Played {
        let (visit, started, mut events) = self.start(beats);
        let mut t = (5_000 + 10_000 * events) as u64;
        let mut intent = None;
        let outcome = match ending {
            Ending::OptedOut => Outcome::OptedOut,
            Ending::Left => Outcome::Left { act: Some(1) },
            Ending::Declined => {
                for kind in [EventKind::PromptShown, EventKind::Declined] {
                    self.send(Record::Event {
                        visit: visit.clone(),
                        t_ms: t,
                        kind,
                    });
                    t += 10_000;
                    events += 1;
                }
                Outcome::Declined
            }
            Ending::Pledged(minor, status) => {
                let money = Money {
                    minor,
                    currency: Currency::from_code(self.currency).expect("currency"),
                };
                let journaled = self
                    .journal()
                    .record(&self.chapter, ProviderKind::Stripe, money, false)
                    .expect("journal the intent");
                let band = amount_band(minor, self.currency);
                for kind in [
                    EventKind::PromptShown,
                    EventKind::AmountChosen { band: band.clone() },
                    EventKind::CheckoutCreated {
                        intent_id: journaled.id.clone(),
                    },
                ] {
                    self.send(Record::Event {
                        visit: visit.clone(),
                        t_ms: t,
                        kind,
                    });
                    t += 10_000;
                    events += 1;
                }
                self.set_status(&journaled.id, IntentStatus::Open);
                if status != IntentStatus::Open {
                    self.set_status(&journaled.id, status);
                }
                intent = Some(journaled.id);
                Outcome::Pledged {
                    band,
                    currency: self.currency.to_owned(),
                }
            }
        };
        self.send(Record::EndVisit {
            visit: visit.clone(),
            ended_at_ms: started + t as i64,
            outcome,
        });
        Played {
            visit,
            intent,
            events,
        }
    }

    /// Ends a visit left open by `start`.
    pub fn end(&mut self, visit: &str, ended_at_ms: i64) {
        self.send(Record::EndVisit {
            visit: visit.to_owned(),
            ended_at_ms,
            outcome: Outcome::Left { act: Some(1) },
        });
    }

    /// A checkout's new status, as the donations worker and the app record it: the journal
    /// first, then the analytics visit.
    pub fn set_status(&self, intent: &str, status: IntentStatus) {
        let provider_id = (status == IntentStatus::Open).then_some("cs_test_123");
        let url = (status == IntentStatus::Open).then_some("https://checkout.example/cs_test_123");
        self.journal()
            .update(intent, status, provider_id, url, None)
            .expect("update the journal");
        self.send(Record::DonationStatus {
            intent_id: intent.to_owned(),
            status: PaymentStatus::parse(status.name()).expect("same names"),
        });
    }

    /// Writes a copy of another station's visit into this station's database, as a file
    /// copied between machines would hold it (its own station id).
    pub fn copy_visit_from(&self, other_station: &str, played: &StoredVisit) {
        let connection = temoin_analytics::store::open_for_writing(
            &self.dir.join(temoin_analytics::DATABASE_FILE),
        )
        .expect("open for the copy");
        let apply = |record: Record| {
            temoin_analytics::store::apply(&connection, other_station, &record)
                .expect("write the copy")
        };
        apply(Record::StartVisit {
            id: played.id.clone(),
            chapter: played.chapter.clone(),
            locale: played.locale.clone(),
            app_version: played.app_version.clone(),
            input_mode: InputMode::parse(&played.input_mode).expect("input mode"),
            started_at_ms: played.started_at,
        });
        for event in &played.events {
            // Only the kinds the generator writes.
            let kind = match event.kind.as_str() {
                "content_note_accepted" => EventKind::ContentNoteAccepted,
                "beat" => EventKind::BeatEntered {
                    beat: event.beat.clone().expect("beat"),
                    act: event.act,
                },
                "option" => EventKind::OptionChosen {
                    beat: event.beat.clone().expect("beat"),
                    option: event.detail.clone().expect("option"),
                },
                "evidence" => EventKind::EvidenceAdded {
                    evidence: event.detail.clone().expect("evidence"),
                },
                "prompt_shown" => EventKind::PromptShown,
                "declined" => EventKind::Declined,
                other => panic!("the copy does not handle `{other}`"),
            };
            apply(Record::Event {
                visit: played.id.clone(),
                t_ms: event.t_ms as u64,
                kind,
            });
        }
        let outcome = match played.outcome.as_deref() {
            Some("declined") => Outcome::Declined,
            Some("opted_out") => Outcome::OptedOut,
            _ => Outcome::Left {
                act: played.outcome_act,
            },
        };
        apply(Record::EndVisit {
            visit: played.id.clone(),
            ended_at_ms: played.ended_at.expect("ended"),
            outcome,
        });
    }

    fn journal(&self) -> &Journal {
        self.journal.as_ref().expect("the journal is open")
    }

    /// Closes the recorder and the journal (folding their logs into the files), as a booth
    /// does at shutdown, so the files can be copied.
    pub fn close(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            assert_eq!(recorder.close(), None);
        }
        if let Some(journal) = self.journal.take() {
            journal.checkpoint().expect("checkpoint the journal");
        }
    }

    /// Closes the booth and leaves its directory for a later `Booth::in_dir` (a restart).
    pub fn shut(mut self) -> PathBuf {
        self.close();
        self.keep = true;
        self.dir.clone()
    }

    pub fn analytics_path(&self) -> PathBuf {
        self.dir.join(temoin_analytics::DATABASE_FILE)
    }

    /// The station's visits as its own file has them.
    pub fn stored_visits(&self) -> Vec<StoredVisit> {
        self.flush();
        temoin_analytics::store::read_file(&self.analytics_path(), &Filter::default())
            .expect("read the station's visits")
    }
}

impl Drop for Booth {
    fn drop(&mut self) {
        drop(self.recorder.take());
        drop(self.journal.take());
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `temoin report --db a --db b`: each station's visits with each gift's status joined
/// from the journal beside its database, merged with first-seen-wins. A copy of
/// `read_with_journals` in `src/report_cli.rs` (the app's binary crate cannot be a
/// dependency); keep the two in step.
pub fn file_visits(databases: &[PathBuf], filter: &Filter) -> Vec<StoredVisit> {
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    for db in databases {
        let mut visits =
            temoin_analytics::store::read_file(db, filter).expect("read a station's database");
        let journal = db.with_file_name("donations.sqlite");
        if journal.is_file() {
            let intents = Journal::open(&journal)
                .and_then(|j| j.list())
                .expect("read the journal");
            let status: std::collections::HashMap<&str, &str> = intents
                .iter()
                .map(|i| (i.id.as_str(), i.status.name()))
                .collect();
            for v in &mut visits {
                if let Some(s) = v.intent_id.as_deref().and_then(|id| status.get(id)) {
                    v.donation_status = Some((*s).to_string());
                }
            }
        }
        all.extend(visits.into_iter().filter(|v| seen.insert(v.id.clone())));
    }
    all
}

/// The report `temoin report --db …` prints, over these stations' files.
pub fn file_report(stations: &[&Path], filter: &Filter) -> Report {
    let databases: Vec<PathBuf> = stations
        .iter()
        .map(|dir| dir.join(temoin_analytics::DATABASE_FILE))
        .collect();
    let visits = file_visits(&databases, filter);
    Report::from_visits(&visits, filter, databases.len())
}
