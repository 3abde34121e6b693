//! The report on a generated three-station fixture, written through the real recorder, against
//! numbers worked out by hand below (not by the report's code); groups of fewer than five
//! visits suppressed in the table, the CSV and the JSON; the table within 100 columns; the
//! charts written and readable.
//!
//! The fixture. A story of seven beats: briefing (act 1), street (2), testimony (3), exit (4),
//! verify (5), epilogue (6), donate (6; the prompt). A full visit: content note and briefing
//! at 10 s, street at 70 s, testimony at 70 + S s, then a beat every 60 s, the prompt with
//! `donate` at 310 + S s, the answer 10 s later, the end at 340 + S s. S = 90 s at station 1,
//! 60 s at station 2, 120 s at station 3. Visits start every 6 minutes from 10:00 UTC, on
//! 2026-05-01 at station 1 and on 2026-05-02 at stations 2 and 3 (station 3 one minute later).
//!
//! Station 1, chapter `uk`, GBP, locale en-GB (18 visits, k = 0..17):
//!   k 0-3   opted out at the content note, desktop, 20 s
//!   k 4-6   left in act 2 (headset removed at 100 s, ended at 150 s), controllers
//!   k 7-10  declined; start on controllers, switch to gaze at 11 s
//!   k 11-15 pledged and paid: £12, £15, £20, £30, £7 (bands 10-24 ×3, 25-49, 5-9);
//!           vignette on; k 11 also turns it off again and takes the headset off twice in
//!           the testimony (act 3)
//!   k 16-17 pledged, checkout expired: £5, £8 (5-9 ×2)
//! Station 2, chapter `be-fr`, EUR (16 visits):
//!   k 0-1   opted out, fr-BE, desktop
//!   k 2-4   left in act 2, start fr-BE and switch to nl-BE, controllers
//!   k 5-7   declined, fr-BE, controllers, subtitle_size changed
//!   k 8-13  pledged and paid, controllers, vignette on: k 8-11 fr-BE, k 12-13 nl-BE;
//!           €10, €20, €25, €40, €50, €100 (10-24 ×2, 25-49 ×2, 50+ ×2)
//!   k 14    pledged €3 (<5), expired, nl-BE, gaze
//!   k 15    offline (fallback link) after choosing €10, fr-BE, controllers
//! Station 3, chapter `ar`, ARS, es-AR, controllers (3 visits):
//!   k 0 declined; k 1 pledged ARS 15,000 (10000-24999) and paid; k 2 interrupted after
//!   entering the testimony at 190 s (closed at the next open).

mod common;

use common::fresh_dir;
use std::path::{Path, PathBuf};
use temoin_analytics::report::{
    BEFORE_FIRST_BEAT, DropOff, FunnelStage, GroupRow, Hour, Removals, Tally, Timing,
};
use temoin_analytics::{
    Count, EventKind, Filter, InputMode, Outcome, PaymentStatus, Record, Recorder, Report,
    amount_band, new_visit_id, render_csv, render_json, render_table, write_charts,
};

const DAY1_10H: i64 = 1_777_629_600_000; // 2026-05-01 10:00 UTC
const DAY: i64 = 86_400_000;
const MINUTE: i64 = 60_000;
const FEW: Count = Count::Few;

fn n(x: u64) -> Count {
    Count::Exact(x)
}

#[derive(Clone, Copy)]
enum Ending {
    Declined,
    /// Amount in minor units, and whether the checkout was paid (else it expired).
    Pledged(i64, bool),
    Offline,
}

#[derive(Clone, Copy)]
enum Kind {
    OptedOut,
    LeftInAct2,
    Full(Ending),
    Interrupted,
}

#[derive(Clone, Copy)]
struct Visit {
    kind: Kind,
    locale: &'static str,
    switch_locale: Option<&'static str>,
    mode: InputMode,
    switch_to_gaze: bool,
    comfort: Option<&'static str>,
    act3_removals: bool,
}

fn visit(kind: Kind, locale: &'static str, mode: InputMode) -> Visit {
    Visit {
        kind,
        locale,
        switch_locale: None,
        mode,
        switch_to_gaze: false,
        comfort: None,
        act3_removals: false,
    }
}

struct Station {
    chapter: &'static str,
    currency: &'static str,
    street_s: u64,
    first_start: i64,
    visits: Vec<Visit>,
}

const STORY: [(&str, u8); 7] = [
    ("briefing", 1),
    ("street", 2),
    ("testimony", 3),
    ("exit", 4),
    ("verify", 5),
    ("epilogue", 6),
    ("donate", 6),
];

fn record_visit(recorder: &Recorder, station: &Station, v: &Visit, started: i64, intent: &str) {
    let id = new_visit_id();
    recorder.send(Record::StartVisit {
        id: id.clone(),
        chapter: station.chapter.into(),
        locale: v.locale.into(),
        app_version: "0.1.0".into(),
        input_mode: v.mode,
        started_at_ms: started,
    });
    let event = |t_s: u64, kind: EventKind| {
        recorder.send(Record::Event {
            visit: id.clone(),
            t_ms: t_s * 1000,
            kind,
        })
    };
    let end = |t_s: i64, outcome: Outcome| {
        recorder.send(Record::EndVisit {
            visit: id.clone(),
            ended_at_ms: started + t_s * 1000,
            outcome,
        })
    };
    let beat = |t_s: u64, i: usize| {
        event(
            t_s,
            EventKind::BeatEntered {
                beat: STORY[i].0.into(),
                act: Some(STORY[i].1),
            },
        )
    };
    if let Kind::OptedOut = v.kind {
        end(20, Outcome::OptedOut);
        return;
    }
    event(10, EventKind::ContentNoteAccepted);
    if let Some(locale) = v.switch_locale {
        event(
            10,
            EventKind::LocaleChanged {
                locale: locale.into(),
            },
        );
    }
    if v.switch_to_gaze {
        event(
            11,
            EventKind::InputMode {
                mode: InputMode::Gaze,
            },
        );
    }
    if let Some(setting) = v.comfort {
        event(
            15,
            EventKind::ComfortChanged {
                setting: setting.into(),
                value: "on".into(),
            },
        );
    }
    beat(10, 0);
    beat(70, 1);
    let s = station.street_s;
    match v.kind {
        Kind::OptedOut => unreachable!(),
        Kind::LeftInAct2 => {
            event(100, EventKind::HeadsetRemoved);
            end(150, Outcome::Left { act: Some(2) });
        }
        Kind::Interrupted => {
            beat(70 + s, 2);
            // No end: the station "crashes" here.
        }
        Kind::Full(ending) => {
            beat(70 + s, 2);
            if v.act3_removals {
                for t in [75 + s, 90 + s] {
                    event(t, EventKind::HeadsetRemoved);
                    event(t + 3, EventKind::HeadsetReturned);
                }
                event(
                    100 + s,
                    EventKind::ComfortChanged {
                        setting: "vignette".into(),
                        value: "off".into(),
                    },
                );
            }
            for (i, t) in [130, 190, 250, 310].into_iter().enumerate() {
                beat(t + s, 3 + i);
            }
            let prompt = 310 + s;
            event(prompt, EventKind::PromptShown);
            let end_s = (340 + s) as i64;
            match ending {
                Ending::Declined => {
                    event(prompt + 10, EventKind::Declined);
                    end(end_s, Outcome::Declined);
                }
                Ending::Offline => {
                    event(
                        prompt + 10,
                        EventKind::AmountChosen {
                            band: amount_band(1000, station.currency),
                        },
                    );
                    end(end_s, Outcome::Offline);
                }
                Ending::Pledged(minor, paid) => {
                    let band = amount_band(minor, station.currency);
                    event(prompt + 10, EventKind::AmountChosen { band: band.clone() });
                    event(
                        prompt + 15,
                        EventKind::CheckoutCreated {
                            intent_id: intent.into(),
                        },
                    );
                    end(
                        end_s,
                        Outcome::Pledged {
                            band,
                            currency: station.currency.into(),
                        },
                    );
                    // The status comes later, from the donation worker.
                    for status in [
                        PaymentStatus::Open,
                        if paid {
                            PaymentStatus::Paid
                        } else {
                            PaymentStatus::Expired
                        },
                    ] {
                        recorder.send(Record::DonationStatus {
                            intent_id: intent.into(),
                            status,
                        });
                    }
                }
            }
        }
    }
}

fn stations() -> Vec<Station> {
    use InputMode::{Controllers, Desktop, Gaze};
    let mut s1 = Vec::new();
    s1.extend([visit(Kind::OptedOut, "en-GB", Desktop); 4]);
    s1.extend([visit(Kind::LeftInAct2, "en-GB", Controllers); 3]);
    s1.extend(
        [Visit {
            switch_to_gaze: true,
            ..visit(Kind::Full(Ending::Declined), "en-GB", Controllers)
        }; 4],
    );
    for (i, pence) in [1200, 1500, 2000, 3000, 700].into_iter().enumerate() {
        s1.push(Visit {
            comfort: Some("vignette"),
            act3_removals: i == 0,
            ..visit(
                Kind::Full(Ending::Pledged(pence, true)),
                "en-GB",
                Controllers,
            )
        });
    }
    for pence in [500, 800] {
        s1.push(visit(
            Kind::Full(Ending::Pledged(pence, false)),
            "en-GB",
            Controllers,
        ));
    }

    let mut s2 = Vec::new();
    s2.extend([visit(Kind::OptedOut, "fr-BE", Desktop); 2]);
    s2.extend(
        [Visit {
            switch_locale: Some("nl-BE"),
            ..visit(Kind::LeftInAct2, "fr-BE", Controllers)
        }; 3],
    );
    s2.extend(
        [Visit {
            comfort: Some("subtitle_size"),
            ..visit(Kind::Full(Ending::Declined), "fr-BE", Controllers)
        }; 3],
    );
    for (i, cents) in [1000, 2000, 2500, 4000, 5000, 10000]
        .into_iter()
        .enumerate()
    {
        s2.push(Visit {
            comfort: Some("vignette"),
            ..visit(
                Kind::Full(Ending::Pledged(cents, true)),
                if i < 4 { "fr-BE" } else { "nl-BE" },
                Controllers,
            )
        });
    }
    s2.push(visit(
        Kind::Full(Ending::Pledged(300, false)),
        "nl-BE",
        Gaze,
    ));
    s2.push(visit(Kind::Full(Ending::Offline), "fr-BE", Controllers));

    let s3 = vec![
        visit(Kind::Full(Ending::Declined), "es-AR", Controllers),
        visit(
            Kind::Full(Ending::Pledged(1_500_000, true)),
            "es-AR",
            Controllers,
        ),
        visit(Kind::Interrupted, "es-AR", Controllers),
    ];
    vec![
        Station {
            chapter: "uk",
            currency: "GBP",
            street_s: 90,
            first_start: DAY1_10H,
            visits: s1,
        },
        Station {
            chapter: "be-fr",
            currency: "EUR",
            street_s: 60,
            first_start: DAY1_10H + DAY,
            visits: s2,
        },
        Station {
            chapter: "ar",
            currency: "ARS",
            street_s: 120,
            first_start: DAY1_10H + DAY + MINUTE,
            visits: s3,
        },
    ]
}

/// Writes the three stations' databases into `dir`; returns their paths.
fn write_fixture(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for (number, station) in stations().iter().enumerate() {
        let path = dir
            .join(format!("station{}", number + 1))
            .join("analytics.sqlite");
        let name = format!("station-{}", number + 1);
        let recorder = Recorder::open(&path, &name).unwrap();
        for (k, v) in station.visits.iter().enumerate() {
            let started = station.first_start + 6 * MINUTE * k as i64;
            let intent = format!("{name}-intent-{k}");
            record_visit(&recorder, station, v, started, &intent);
        }
        assert_eq!(recorder.close(), None);
        // The next start closes what the "crash" left open (station 3's last visit).
        let reopened = Recorder::open(&path, &name).unwrap();
        assert_eq!(reopened.interrupted_on_open(), usize::from(number == 2));
        assert_eq!(reopened.close(), None);
        paths.push(path);
    }
    paths
}

fn fixture(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = fresh_dir(name);
    let paths = write_fixture(&dir);
    (dir, paths)
}

fn stage(name: &str, visits: Count, percent: Option<f64>) -> FunnelStage {
    FunnelStage {
        stage: name.into(),
        visits,
        percent,
    }
}

fn tally(label: &str, visits: Count) -> Tally {
    Tally {
        label: label.into(),
        visits,
    }
}

fn timing(label: &str, act: Option<u8>, visits: Count, q: Option<(f64, f64, f64)>) -> Timing {
    Timing {
        label: label.into(),
        act,
        visits,
        median_s: q.map(|q| q.1),
        q1_s: q.map(|q| q.0),
        q3_s: q.map(|q| q.2),
    }
}

#[allow(clippy::too_many_arguments)]
fn group(
    name: &str,
    visits: Count,
    prompt: Count,
    pledged: Count,
    paid: Count,
    pledged_percent: Option<f64>,
    paid_percent: Option<f64>,
    typical: Option<&str>,
) -> GroupRow {
    GroupRow {
        group: name.into(),
        visits,
        prompt,
        pledged,
        paid,
        pledged_percent,
        paid_percent,
        typical_gift: typical.map(Into::into),
    }
}

#[test]
fn the_report_matches_hand_computed_figures() {
    let (_dir, paths) = fixture("report");
    let report = Report::from_databases(&paths, &Filter::default()).unwrap();

    assert_eq!(report.databases, 3);
    assert_eq!(report.stations, 3);
    assert_eq!(report.visits, n(37));
    assert_eq!(
        report.period,
        Some(("2026-05-01 10:00".into(), "2026-05-02 11:00".into()))
    );

    // 37 visits; 6 opted out; 6 left in act 2; 1 interrupted in act 3; 24 saw the prompt:
    // 8 declined, 15 pledged (12 paid, 3 expired), 1 offline after choosing an amount.
    assert_eq!(
        report.funnel,
        vec![
            stage("visits", n(37), Some(100.0)),
            stage("past the content note", n(31), Some(83.8)),
            stage("reached act 1", n(31), Some(83.8)),
            stage("reached act 2", n(31), Some(83.8)),
            stage("reached act 3", n(25), Some(67.6)),
            stage("reached act 4", n(24), Some(64.9)),
            stage("reached act 5", n(24), Some(64.9)),
            stage("reached act 6", n(24), Some(64.9)),
            stage("saw the prompt", n(24), Some(64.9)),
            stage("chose an amount", n(16), Some(43.2)),
            stage("checkout created", n(15), Some(40.5)),
            stage("paid", n(12), Some(32.4)),
        ]
    );
    assert_eq!(
        report.outcomes,
        vec![
            tally("opted out", n(6)),
            tally("left during act 2", n(6)),
            tally("declined", n(8)),
            tally("pledged", n(15)),
            tally("offline (fallback link)", FEW),
            tally("interrupted", FEW),
        ]
    );
    assert_eq!(
        report.payments,
        vec![tally("paid", n(12)), tally("expired", FEW)]
    );

    assert_eq!(
        report.dropoff,
        vec![
            DropOff {
                beat: BEFORE_FIRST_BEAT.into(),
                act: None,
                entered: n(37),
                left: n(6),
                percent: Some(16.2),
            },
            DropOff {
                beat: "street".into(),
                act: Some(2),
                entered: n(31),
                left: n(6),
                percent: Some(19.4),
            },
            // Only station 3's interrupted visit ended in the testimony.
            DropOff {
                beat: "testimony".into(),
                act: Some(3),
                entered: n(25),
                left: FEW,
                percent: None,
            },
        ]
    );

    // Street: 11 visits at 60 s (station 2), 11 at 90 s (station 1), 3 at 120 s (station 3);
    // sorted, the 25 values have the median at index 12 (90), Q1 at 6 (60), Q3 at 18 (90).
    // Every other beat lasts 60 s; the last beat of each visit has no measured end.
    let all_60 = Some((60.0, 60.0, 60.0));
    assert_eq!(
        report.time_per_beat,
        vec![
            timing("briefing", Some(1), n(31), all_60),
            timing("street", Some(2), n(25), Some((60.0, 90.0, 90.0))),
            timing("testimony", Some(3), n(24), all_60),
            timing("exit", Some(4), n(24), all_60),
            timing("verify", Some(5), n(24), all_60),
            timing("epilogue", Some(6), n(24), all_60),
        ]
    );
    assert_eq!(
        report.time_per_act,
        vec![
            timing("act 1", Some(1), n(31), all_60),
            timing("act 2", Some(2), n(25), Some((60.0, 90.0, 90.0))),
            timing("act 3", Some(3), n(24), all_60),
            timing("act 4", Some(4), n(24), all_60),
            timing("act 5", Some(5), n(24), all_60),
            timing("act 6", Some(6), n(24), all_60),
        ]
    );
    // 36 visits that ended (the interrupted one is left out): 6 × 20 s, 6 × 150 s,
    // 11 × 400 s, 11 × 430 s, 2 × 460 s. Median between indices 17 and 18 (400, 400);
    // Q1 at 8.75 (150, 150); Q3 at 26.25 (430, 430).
    assert_eq!(
        report.time_per_visit,
        timing("visit", None, n(36), Some((150.0, 400.0, 430.0)))
    );

    assert_eq!(
        report.by_chapter,
        vec![
            group("ar", FEW, FEW, FEW, FEW, None, None, None),
            // 7 of 16 pledged (43.75 %), 6 paid (37.5 %); pledges <5, 10-24 ×2, 25-49 ×2,
            // 50+ ×2: the 4th of 7 is 25-49.
            group(
                "be-fr",
                n(16),
                n(11),
                n(7),
                n(6),
                Some(43.8),
                Some(37.5),
                Some("25-49 EUR")
            ),
            // 7 of 18 pledged (38.9 %), 5 paid (27.8 %); 5-9 ×3, 10-24 ×3, 25-49: 10-24.
            group(
                "uk",
                n(18),
                n(11),
                n(7),
                n(5),
                Some(38.9),
                Some(27.8),
                Some("10-24 GBP")
            ),
        ]
    );
    assert_eq!(
        report.by_locale,
        vec![
            group(
                "en-GB",
                n(18),
                n(11),
                n(7),
                n(5),
                Some(38.9),
                Some(27.8),
                Some("10-24 GBP")
            ),
            group("es-AR", FEW, FEW, FEW, FEW, None, None, None),
            // fr-BE: 2 opted out, 3 declined, 4 paid, 1 offline. Its 4 pledges are too few
            // for a rate or a band.
            group("fr-BE", n(10), n(8), FEW, FEW, None, None, None),
            // nl-BE: the 3 who switched and left, 2 paid, 1 expired.
            group("nl-BE", n(6), FEW, FEW, FEW, None, None, None),
        ]
    );
    assert_eq!(
        report.by_input_mode,
        vec![
            // 26 visits: station 1's 3 left, 5 paid, 2 expired; station 2's 3 left,
            // 3 declined, 6 paid, 1 offline; station 3's 3. Pledged 7 + 6 + 1 = 14, paid 12.
            // EUR pledges 10-24 ×2, 25-49 ×2, 50+ ×2 (the 3rd of 6: 25-49); GBP as above;
            // one ARS pledge is too few.
            group(
                "controllers",
                n(26),
                n(19),
                n(14),
                n(12),
                Some(53.8),
                Some(46.2),
                Some("25-49 EUR, 10-24 GBP")
            ),
            group(
                "desktop",
                n(6),
                n(0),
                n(0),
                n(0),
                Some(0.0),
                Some(0.0),
                None
            ),
            // Station 1's 4 decliners who switched to gaze, and station 2's gaze pledge.
            group("gaze", n(5), n(5), FEW, n(0), None, Some(0.0), None),
        ]
    );
    assert_eq!(
        report.comfort,
        vec![tally("subtitle_size", FEW), tally("vignette", n(11))]
    );
    assert_eq!(
        report.headset_removals,
        vec![
            Removals {
                act: Some(2),
                visits: n(6),
                removals: n(6),
            },
            Removals {
                act: Some(3),
                visits: FEW,
                removals: FEW,
            },
        ]
    );
    // Day 1, 10:00: k 0-9 (no pledge yet); 11:00: k 10-17, 7 pledged, 5 paid. Day 2, 10:00:
    // station 2's k 0-9 (k 8, 9 paid) and station 3's 3 visits (1 paid); 11:00: station 2's
    // k 10-15 (4 paid, 1 expired, 1 offline).
    let hour = |h: &str, start: i64, visits, pledged, paid| Hour {
        hour: h.into(),
        start_ms: start,
        visits,
        pledged,
        paid,
    };
    assert_eq!(
        report.gifts_per_hour,
        vec![
            hour("05-01 10:00", DAY1_10H, n(10), n(0), n(0)),
            hour("05-01 11:00", DAY1_10H + 60 * MINUTE, n(8), n(7), n(5)),
            hour("05-02 10:00", DAY1_10H + DAY, n(13), FEW, FEW),
            hour("05-02 11:00", DAY1_10H + DAY + 60 * MINUTE, n(6), n(5), FEW),
        ]
    );
}

#[test]
fn filters_and_duplicates() {
    let (_dir, paths) = fixture("filters");
    let chapter = Filter {
        chapter: Some("be-fr".into()),
        ..Filter::default()
    };
    let report = Report::from_databases(&paths, &chapter).unwrap();
    assert_eq!(report.visits, n(16));
    assert_eq!(report.stations, 1);
    assert_eq!(report.by_chapter.len(), 1);
    assert_eq!(report.funnel.last().unwrap().visits, n(6));

    let day2 = DAY1_10H - 10 * 60 * MINUTE + DAY;
    let since = Filter {
        since: Some(day2),
        ..Filter::default()
    };
    assert_eq!(
        Report::from_databases(&paths, &since).unwrap().visits,
        n(19)
    );
    let until = Filter {
        until: Some(day2),
        ..Filter::default()
    };
    assert_eq!(
        Report::from_databases(&paths, &until).unwrap().visits,
        n(18)
    );

    // The same file given twice counts once.
    let mut twice = paths.clone();
    twice.push(paths[0].clone());
    let report = Report::from_databases(&twice, &Filter::default()).unwrap();
    assert_eq!(report.visits, n(37));
    assert_eq!(report.databases, 4);

    // Hours in local time: Brussels is UTC+2 in May.
    let local = Filter {
        utc_offset_minutes: 120,
        ..Filter::default()
    };
    let report = Report::from_databases(&paths, &local).unwrap();
    assert_eq!(report.gifts_per_hour[0].hour, "05-01 12:00");
    assert_eq!(
        report.period.as_ref().unwrap().0,
        "2026-05-01 12:00",
        "{:?}",
        report.period
    );

    // A group of fewer than five has no period either.
    let small = Filter {
        chapter: Some("ar".into()),
        ..Filter::default()
    };
    let report = Report::from_databases(&paths, &small).unwrap();
    assert_eq!(report.visits, FEW);
    assert_eq!(report.period, None);
    assert!(report.funnel.iter().all(|s| s.percent.is_none()));

    let missing = fresh_dir("missing").join("nowhere.sqlite");
    let error = Report::from_databases(&[missing], &Filter::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("nowhere.sqlite"), "{error}");
}

#[test]
fn every_format_suppresses_small_groups() {
    let (_dir, paths) = fixture("formats");
    let report = Report::from_databases(&paths, &Filter::default()).unwrap();

    let table = render_table(&report);
    for line in table.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let row = |first: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(first))
            .unwrap_or_else(|| panic!("no row {first} in\n{table}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row("uk"),
        ["uk", "18", "11", "7", "5", "38.9%", "27.8%", "10-24", "GBP"]
    );
    assert_eq!(row("ar"), ["ar", "<5", "<5", "<5", "<5", "-", "-", "-"]);
    assert_eq!(
        row("es-AR"),
        ["es-AR", "<5", "<5", "<5", "<5", "-", "-", "-"]
    );
    assert_eq!(row("subtitle_size"), ["subtitle_size", "<5"]);
    assert!(table.contains("Groups of fewer than 5 visits"));

    let csv = render_csv(&report);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "section,item,act,measure,value");
    for expected in [
        "report,all,,visits,37",
        "funnel,paid,,visits,12",
        "funnel,paid,,percent,32.4",
        "by_chapter,uk,,pledged_percent,38.9",
        "by_chapter,ar,,visits,<5",
        "by_chapter,ar,,paid,<5",
        "by_chapter,ar,,pledged_percent,",
        "by_chapter,ar,,typical_gift,",
        "dropoff,testimony,3,left,<5",
        "time_per_beat,street,2,median_s,90.0",
        "headset_removals,act,3,removals,<5",
    ] {
        assert!(lines.contains(&expected), "no `{expected}` in\n{csv}");
    }
    // No figure of station 3's group is exact.
    for line in lines.iter().filter(|l| l.starts_with("by_chapter,ar,")) {
        let value = line.rsplit(',').next().unwrap();
        assert!(value.is_empty() || value == "<5", "{line}");
    }

    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
    assert_eq!(json["visits"], 37);
    assert_eq!(json["by_chapter"][0]["group"], "ar");
    for field in ["visits", "prompt", "pledged", "paid"] {
        assert_eq!(json["by_chapter"][0][field], "<5", "{field}");
    }
    assert!(json["by_chapter"][0]["pledged_percent"].is_null());
    assert!(json["by_chapter"][0]["typical_gift"].is_null());
    assert_eq!(json["by_chapter"][2]["visits"], 18);
    assert_eq!(json["comfort"][0]["visits"], "<5");
}

#[test]
fn charts_are_written_and_readable() {
    let (dir, paths) = fixture("charts");
    let report = Report::from_databases(&paths, &Filter::default()).unwrap();
    let charts = dir.join("charts");
    let began = std::time::Instant::now();
    let written = write_charts(&report, &charts).unwrap();
    eprintln!(
        "8 charts in {} ms, in {}",
        began.elapsed().as_millis(),
        charts.display()
    );
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "funnel.svg",
            "funnel.png",
            "dropoff.svg",
            "dropoff.png",
            "time_per_act.svg",
            "time_per_act.png",
            "gifts_per_hour.svg",
            "gifts_per_hour.png"
        ]
    );
    for path in &written {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            bytes.len() > 1000,
            "{} is {} bytes",
            path.display(),
            bytes.len()
        );
        if path.extension().is_some_and(|e| e == "png") {
            let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            let mut reader = decoder.read_info().expect("a PNG");
            let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut pixels).expect("decodes");
            assert_eq!(info.width, 1200);
            // Not blank: text and bars leave dark pixels on the white background.
            let dark = pixels
                .chunks(3)
                .filter(|p| p.iter().all(|&c| c < 80))
                .count();
            assert!(dark > 2000, "{}: {dark} dark pixels", path.display());
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.starts_with("<svg"), "{}", path.display());
        }
    }
    let funnel = std::fs::read_to_string(charts.join("funnel.svg")).unwrap();
    assert!(funnel.contains("Visitor funnel"));
    assert!(funnel.contains("reached act 3"));
    let dropoff = std::fs::read_to_string(charts.join("dropoff.svg")).unwrap();
    assert!(dropoff.contains("testimony (act 3)"));
    assert!(dropoff.contains("&lt;5"));
}

#[test]
fn an_empty_database_gives_an_empty_report_and_charts() {
    let dir = fresh_dir("empty");
    let path = dir.join("analytics.sqlite");
    drop(Recorder::open(&path, "station-empty").unwrap());
    let report = Report::from_databases(&[path], &Filter::default()).unwrap();
    assert_eq!(report.visits, n(0));
    assert!(report.dropoff.is_empty() && report.gifts_per_hour.is_empty());
    assert!(
        render_table(&report)
            .lines()
            .all(|l| l.chars().count() <= 100)
    );
    let written = write_charts(&report, &dir.join("charts")).unwrap();
    assert_eq!(written.len(), 8);
}
