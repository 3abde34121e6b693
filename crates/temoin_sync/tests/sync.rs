//! The sync against a real PostgreSQL started by each test (see `support/server.rs`), with
//! stations written through the booth's own recorder and journal, and the booths' role
//! exactly as the README grants it.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;
use support::booth::{Booth, DAY1_10H, Ending, MINUTE};
use support::proxy::CuttingProxy;
use support::server::TestServer;
use support::{BOOTH_PASSWORD, central, count};
use temoin_analytics::Filter;
use temoin_donations::{IntentStatus, Journal};
use temoin_sync::{PushOptions, SyncError, SyncTarget, push};

const DAY: i64 = 86_400_000;

/// Every intent's status in the central copy.
fn central_statuses(server: &TestServer) -> BTreeMap<String, String> {
    server
        .connect("temoin")
        .query("SELECT id, status FROM temoin.intents", &[])
        .expect("read intents")
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// Every intent's status in the stations' journals.
fn journal_statuses(booths: &[&Booth]) -> BTreeMap<String, String> {
    booths
        .iter()
        .flat_map(|b| {
            Journal::open(&b.dir.join("donations.sqlite"))
                .and_then(|j| j.list())
                .expect("read a journal")
        })
        .map(|i| (i.id, i.status.name().to_owned()))
        .collect()
}

fn small_batches() -> PushOptions {
    PushOptions { batch_rows: 50 }
}

/// The scenario end to end: two stations pushing at once with overlapping visits,
/// the same push twice, a status moving forward after a first sync, a push cut mid-batch by
/// a dropped connection and resumed. Afterwards: one row per intent and visit, each intent at
/// its latest status, and `report --from` equal to `report --db a --db b`.
#[test]
fn every_scenario_leaves_one_row_each_with_the_latest_status_and_the_same_report() {
    let server = TestServer::start();
    let (_owner, booth_target, report_target) = central(&server);
    let mut a = Booth::new("a", "uk", "GBP", DAY1_10H);
    let mut b = Booth::new("b", "be-fr", "EUR", DAY1_10H + DAY);
    let mut open_intents = Vec::new();
    for k in 0..12 {
        let ending = match k % 4 {
            0 => Ending::OptedOut,
            1 => Ending::Declined,
            2 => Ending::Pledged(1500 + 100 * k, IntentStatus::Paid),
            _ => Ending::Pledged(700, IntentStatus::Open),
        };
        let played = a.visit(3 + k as usize % 5, ending);
        if let Ending::Pledged(_, IntentStatus::Open) = ending {
            open_intents.extend(played.intent);
        }
    }
    for k in 0..10 {
        let ending = match k % 3 {
            0 => Ending::Left,
            1 => Ending::Pledged(2500, IntentStatus::Expired),
            _ => Ending::Pledged(5000, IntentStatus::Paid),
        };
        b.visit(4 + k % 4, ending);
    }
    // A file copied between machines: b also holds three of a's visits, under a's id.
    let a_visits = a.stored_visits();
    let mut copied_rows = 0;
    for visit in a_visits.iter().filter(|v| v.intent_id.is_none()).take(3) {
        b.copy_visit_from(&a.id, visit);
        copied_rows += 1 + visit.events.len() as u64;
    }
    b.flush();

    // 1. Both stations at once, in small batches so their transactions interleave.
    let barrier = std::sync::Barrier::new(2);
    let (first_a, first_b) = std::thread::scope(|s| {
        let pa = s.spawn(|| {
            barrier.wait();
            push(&booth_target, &a.dir, &small_batches())
        });
        let pb = s.spawn(|| {
            barrier.wait();
            push(&booth_target, &b.dir, &small_batches())
        });
        (pa.join().expect("push a"), pb.join().expect("push b"))
    });
    let (first_a, first_b) = (first_a.expect("push a"), first_b.expect("push b"));
    assert_eq!(
        first_a.visits + first_b.visits,
        12 + 10,
        "{first_a}\n{first_b}"
    );
    assert_eq!(
        first_a.already_there + first_b.already_there,
        copied_rows,
        "{first_a}\n{first_b}"
    );
    assert!(
        first_a.batches > 2 && first_b.batches > 2,
        "{first_a}\n{first_b}"
    );

    // 2. The same push again: nothing new, nothing sent.
    let again = push(&booth_target, &a.dir, &small_batches()).expect("push a again");
    assert_eq!(
        (again.rows(), again.batches, again.already_there),
        (0, 0, 0),
        "{again}"
    );

    // 3. Open checkouts paid on the visitor's phone after the first sync.
    for intent in &open_intents {
        a.set_status(intent, IntentStatus::Paid);
    }
    a.flush();
    let paid = push(&booth_target, &a.dir, &small_batches()).expect("push the payments");
    assert_eq!(paid.status_changes, open_intents.len() as u64, "{paid}");
    assert_eq!((paid.visits, paid.intents), (0, 0), "{paid}");

    // 4. Six more visits; the connection drops inside the second one's events (one visit
    // per batch), after its visit row was inserted and before its commit.
    let mut later = Vec::new();
    for k in 0..6 {
        later.push(a.visit(
            10,
            if k == 4 {
                Ending::Pledged(900, IntentStatus::Paid)
            } else {
                Ending::Declined
            },
        ));
    }
    a.flush();
    let proxy = CuttingProxy::start(server.port, later[1].visit.as_bytes(), 2);
    let through_proxy = SyncTarget::parse(&format!(
        "postgres://temoin_booth:{BOOTH_PASSWORD}@127.0.0.1:{}/temoin",
        proxy.port
    ))
    .expect("proxy URL");
    let one_visit_per_batch = PushOptions { batch_rows: 1 };
    let cut = push(&through_proxy, &a.dir, &one_visit_per_batch).expect_err("the cut push fails");
    assert!(proxy.has_cut(), "the proxy never saw the marker");
    assert!(matches!(cut, SyncError::Database { .. }), "{cut:?}");
    assert!(cut.to_string().contains("rolled back"), "{cut}");
    let visits_in = |id: &str| {
        count(
            &server,
            &format!("SELECT count(*) FROM temoin.visits WHERE id = '{id}'"),
        )
    };
    assert_eq!(
        visits_in(&later[0].visit),
        1,
        "the first batch was committed"
    );
    assert_eq!(
        visits_in(&later[1].visit),
        0,
        "the cut batch was rolled back"
    );
    assert_eq!(
        count(
            &server,
            &format!(
                "SELECT count(*) FROM temoin.events WHERE visit = '{}'",
                later[1].visit
            )
        ),
        0
    );
    let cursor: String = server
        .connect("temoin")
        .query_one(
            "SELECT marker FROM temoin.sync_cursors WHERE station = $1 AND stream = 'visits'
             ORDER BY seq DESC LIMIT 1",
            &[&a.id],
        )
        .expect("cursor")
        .get(0);
    assert_eq!(
        cursor, later[0].visit,
        "the cursor stayed after the last committed batch"
    );
    // The sync runs again once the network is back, and sends exactly the rest.
    let resumed = push(&booth_target, &a.dir, &small_batches()).expect("resume");
    assert_eq!((resumed.visits, resumed.already_there), (5, 0), "{resumed}");

    // Afterwards: one row per intent and visit, the latest status, the same report.
    let mut expected_visits: HashSet<String> =
        a.stored_visits().into_iter().map(|v| v.id).collect();
    expected_visits.extend(b.stored_visits().into_iter().map(|v| v.id));
    assert_eq!(expected_visits.len(), 12 + 6 + 10);
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.visits"), 28);
    let central_ids: HashSet<String> = server
        .connect("temoin")
        .query("SELECT id FROM temoin.visits", &[])
        .expect("ids")
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(central_ids, expected_visits);
    let events: i64 = a
        .stored_visits()
        .iter()
        .chain(b.stored_visits().iter().filter(|v| v.station == b.id))
        .map(|v| v.events.len() as i64)
        .sum();
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.events"), events);
    let journals = journal_statuses(&[&a, &b]);
    assert_eq!(journals.len(), 6 + 1 + 6);
    assert_eq!(central_statuses(&server), journals);
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM temoin.intents WHERE status = 'open'"
        ),
        0
    );

    let filter = Filter::default();
    let mut from_files =
        support::booth::file_visits(&[a.analytics_path(), b.analytics_path()], &filter);
    let mut from_postgres = temoin_sync::read_visits(&report_target, &filter).expect("read back");
    from_files.sort_by(|x, y| x.id.cmp(&y.id));
    from_postgres.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(from_postgres.len(), from_files.len());
    for (central, file) in from_postgres.iter().zip(&from_files) {
        assert_eq!(central, file);
    }
    let report = temoin_sync::report(&report_target, &filter).expect("report --from");
    assert_eq!(
        report,
        support::booth::file_report(&[&a.dir, &b.dir], &filter)
    );
    // And with a filter: one day, one chapter.
    let day2 = Filter {
        since: Some(DAY1_10H + DAY - 10 * 60 * MINUTE),
        until: Some(DAY1_10H + 2 * DAY),
        chapter: Some("be-fr".into()),
        ..Filter::default()
    };
    assert_eq!(
        temoin_sync::report(&report_target, &day2).expect("filtered report"),
        support::booth::file_report(&[&a.dir, &b.dir], &day2)
    );
}

/// A visit still open (the visitor in the headset, or one a crash left) is not sent, and
/// neither is anything after it, until it ends; then everything goes.
#[test]
fn open_visits_wait_for_their_end() {
    let server = TestServer::start();
    let (_, target, _) = central(&server);
    let mut booth = Booth::new("open", "demo", "EUR", DAY1_10H);
    booth.visit(2, Ending::Declined);
    let (open, started, _) = booth.start(2);
    booth.flush();
    let first = push(&target, &booth.dir, &PushOptions::default()).expect("push");
    assert_eq!((first.visits, first.waiting_open), (1, 1), "{first}");
    let status = temoin_sync::station_status(&target, &booth.dir).expect("status");
    assert_eq!(status.station, booth.id);
    assert!(status.last_push.is_some());
    assert_eq!(
        (
            status.visits_waiting,
            status.visits_open,
            status.intents_waiting
        ),
        (1, 1, 0)
    );
    booth.end(&open, started + 5 * MINUTE);
    booth.visit(2, Ending::OptedOut);
    booth.flush();
    let second = push(&target, &booth.dir, &PushOptions::default()).expect("push");
    assert_eq!((second.visits, second.waiting_open), (2, 0), "{second}");
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.visits"), 3);
}

/// A station whose files were replaced (yesterday's copy restored, the journal set aside
/// as damaged and restarted) no longer has the row its cursor names: it is read again from
/// the start, and what the central copy already has is not stored twice.
#[test]
fn replaced_station_files_are_read_again_without_duplicates() {
    let server = TestServer::start();
    let (_, target, _) = central(&server);
    let mut booth = Booth::new("replaced", "demo", "EUR", DAY1_10H);
    booth.visit(2, Ending::Pledged(1000, IntentStatus::Paid));
    let dir = booth.shut();
    let backup = support::booth::fresh_dir("replaced-backup");
    for file in ["analytics.sqlite", "donations.sqlite", "station-id"] {
        std::fs::copy(dir.join(file), backup.join(file)).expect("back up");
    }
    let mut booth = Booth::in_dir(dir, "demo", "EUR", DAY1_10H + 60 * MINUTE);
    booth.visit(2, Ending::Pledged(1000, IntentStatus::Paid));
    booth.visit(2, Ending::Declined);
    let dir = booth.shut();
    let first = push(&target, &dir, &PushOptions::default()).expect("push");
    assert_eq!((first.visits, first.intents), (3, 2), "{first}");
    // The operator restores the backup: one visit and one intent, both already sent.
    for file in ["analytics.sqlite", "donations.sqlite"] {
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{file}{side}")));
        }
        std::fs::copy(backup.join(file), dir.join(file)).expect("restore");
    }
    let again = push(&target, &dir, &PushOptions::default()).expect("push after restore");
    assert!(again.rescanned, "{again}");
    assert_eq!(
        (again.visits, again.intents, again.events),
        (0, 0, 0),
        "{again}"
    );
    assert!(again.already_there > 2, "{again}");
    // The booth goes on from the restored files; the next push sends just the new visit.
    let mut booth = Booth::in_dir(dir, "demo", "EUR", DAY1_10H + 120 * MINUTE);
    booth.visit(2, Ending::OptedOut);
    booth.flush();
    let next = push(&target, &booth.dir, &PushOptions::default()).expect("push after that");
    assert_eq!(
        (next.visits, next.already_there, next.rescanned),
        (1, 0, false),
        "{next}"
    );
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.visits"), 4);
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.intents"), 2);
    let _ = std::fs::remove_dir_all(backup);
}

/// Statuses only move forward: a later `open` never undoes a `paid`, whoever sends it, and
/// the history keeps each status once.
#[test]
fn a_status_moves_forward_and_never_back() {
    let server = TestServer::start();
    let (_, target, _) = central(&server);
    let mut booth = Booth::new("forward", "uk", "GBP", DAY1_10H);
    let played = booth.visit(3, Ending::Pledged(1200, IntentStatus::Open));
    let intent = played.intent.expect("an intent");
    booth.flush();
    push(&target, &booth.dir, &PushOptions::default()).expect("first push");
    assert_eq!(central_statuses(&server)[&intent], "open");
    booth.set_status(&intent, IntentStatus::Paid);
    booth.flush();
    let second = push(&target, &booth.dir, &PushOptions::default()).expect("second push");
    assert_eq!(second.status_changes, 1, "{second}");
    assert_eq!(central_statuses(&server)[&intent], "paid");
    // A late `open`, as a stale copy of the journal would send it, as the booths' role.
    let mut client = postgres::Client::connect(
        &format!(
            "host=127.0.0.1 port={} user=temoin_booth password={BOOTH_PASSWORD} dbname=temoin",
            server.port
        ),
        postgres::NoTls,
    )
    .expect("connect as the booth");
    client
        .execute(
            "INSERT INTO temoin.intent_status_history (intent, status, at) VALUES ($1, 'expired', 0)",
            &[&intent],
        )
        .expect("a history row");
    assert_eq!(
        central_statuses(&server)[&intent],
        "paid",
        "a settled status is final"
    );
    let history: Vec<String> = server
        .connect("temoin")
        .query(
            "SELECT status FROM temoin.intent_status_history WHERE intent = $1 ORDER BY status",
            &[&intent],
        )
        .expect("history")
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(history, ["created", "expired", "open", "paid"]);
    let third = push(&target, &booth.dir, &PushOptions::default()).expect("third push");
    assert_eq!(third.rows(), 0, "{third}");
}

/// The README's role can add and read rows, and nothing else: no update, no delete, no
/// schema change. The report's role only reads.
#[test]
fn the_readme_roles_can_only_do_what_they_need() {
    let server = TestServer::start();
    let (_, booth_target, report_target) = central(&server);
    let mut booth = Booth::new("roles", "demo", "EUR", DAY1_10H);
    booth.visit(2, Ending::Pledged(1000, IntentStatus::Paid));
    booth.flush();
    push(&booth_target, &booth.dir, &PushOptions::default()).expect("the booth's role pushes");
    assert_eq!(
        temoin_sync::read_visits(&report_target, &Filter::default())
            .expect("read")
            .len(),
        1
    );
    let pushed_by_report = push(&report_target, &booth.dir, &PushOptions::default());
    assert!(
        pushed_by_report
            .as_ref()
            .is_err_and(|e| e.to_string().contains("permission denied")),
        "{pushed_by_report:?}"
    );
    let mut client = postgres::Client::connect(
        &format!(
            "host=127.0.0.1 port={} user=temoin_booth password={BOOTH_PASSWORD} dbname=temoin",
            server.port
        ),
        postgres::NoTls,
    )
    .expect("connect as the booth");
    for sql in [
        "UPDATE temoin.intents SET status = 'created'",
        "UPDATE temoin.visits SET outcome = 'left'",
        "DELETE FROM temoin.events",
        "DELETE FROM temoin.sync_cursors",
        "TRUNCATE temoin.visits",
        "DROP TABLE temoin.events",
        "CREATE TABLE temoin.mine (x int)",
        "INSERT INTO temoin.schema_history VALUES (99, 'x', 'x', '0')",
    ] {
        let error = client.batch_execute(sql).expect_err(sql);
        assert!(
            error.as_db_error().is_some_and(|e| e.code()
                == &postgres::error::SqlState::INSUFFICIENT_PRIVILEGE
                || e.message().contains("must be owner")),
            "{sql}: {error:?}"
        );
    }
}

#[test]
fn passwords_never_appear_in_messages() {
    let secret = "hunter2-Secret";
    let check = |text: String| {
        assert!(!text.contains(secret), "the password leaked: {text}");
        assert!(!text.contains("hunter2"), "the password leaked: {text}");
    };
    let remote = format!("postgres://ngo:{secret}@db.example.org/temoin");
    let error = SyncTarget::parse(&remote).expect_err("no TLS");
    check(error.to_string());
    check(format!("{error:?}"));
    assert!(
        error
            .to_string()
            .contains("postgres://ngo:***@db.example.org:5432/temoin"),
        "{error}"
    );
    let target = SyncTarget::parse(&format!("{remote}?sslmode=require")).expect("parse");
    check(target.to_string());
    check(format!("{target:?}"));
    assert_eq!(
        target.to_string(),
        "postgres://ngo:***@db.example.org:5432/temoin?sslmode=require"
    );
    for bad in [
        format!("{remote}?sslmode=sometimes"),
        format!("{remote}?pasword={secret}"),
        format!("{remote}?connect_timeout={secret}"),
        format!("mysql://ngo:{secret}@db.example.org/temoin"),
        format!("postgres://ngo:{secret}@db.example.org:99999/temoin"),
        format!("ngo:{secret} at db.example.org"),
    ] {
        let error = SyncTarget::parse(&bad).expect_err(&bad);
        check(error.to_string());
        check(format!("{error:?}"));
    }

    // A real server turning the password down, and one without Témoin's tables yet.
    let server = TestServer::start();
    server.create_database("temoin");
    server
        .connect("temoin")
        .batch_execute(&format!("CREATE ROLE ngo LOGIN PASSWORD '{secret}!'"))
        .expect("a role");
    let station = Booth::new("secret", "demo", "EUR", DAY1_10H);
    station.flush();
    // Percent-encoded in the URL (`@` as %40), so both spellings are checked.
    let wrong = SyncTarget::parse(&format!(
        "postgres://ngo:{secret}%40x@127.0.0.1:{}/temoin",
        server.port
    ))
    .expect("parse");
    let error = push(&wrong, &station.dir, &PushOptions::default()).expect_err("wrong password");
    assert!(matches!(error, SyncError::Connect { .. }), "{error:?}");
    assert!(
        error.to_string().contains("password authentication failed"),
        "{error}"
    );
    check(error.to_string());
    check(format!("{error:?}"));
    let right = SyncTarget::parse(&format!(
        "postgres://ngo:{secret}%21@127.0.0.1:{}/temoin",
        server.port
    ))
    .expect("parse");
    let error = push(&right, &station.dir, &PushOptions::default()).expect_err("not migrated");
    assert!(
        matches!(error, SyncError::NotMigrated { found: 0, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("--migrate"), "{error}");
    check(error.to_string());
    check(format!("{error:?}"));
    let error = temoin_sync::migrate(&right).expect_err("not the owner");
    check(error.to_string());
    check(format!("{error:?}"));
}

#[test]
fn tls_is_required_for_anything_but_this_machine() {
    for remote in [
        "postgres://ngo:pw@db.example.org/temoin",
        "postgres://ngo:pw@db.example.org/temoin?sslmode=prefer",
        "postgresql://ngo:pw@10.1.2.3:6543/temoin?sslmode=disable",
        "postgres://ngo:pw@localhost/temoin?host=db.example.org",
    ] {
        let error = SyncTarget::parse(remote).expect_err(remote);
        assert!(
            matches!(error, SyncError::NeedsTls { .. }),
            "{remote}: {error:?}"
        );
        assert!(error.to_string().contains("sslmode=require"), "{error}");
    }
    for remote in [
        "postgres://ngo:pw@db.example.org/temoin?sslmode=require",
        "postgres://ngo:pw@db.example.org/temoin?sslmode=verify-full",
        "postgres://ngo:pw@[2001:db8::1]:5432/temoin?sslmode=verify-ca",
    ] {
        let target = SyncTarget::parse(remote).expect(remote);
        assert!(target.uses_tls(), "{remote}");
    }
    for local in [
        "postgres://ngo:pw@127.0.0.1/temoin",
        "postgres://ngo:pw@localhost:5433/temoin",
        "postgres://ngo:pw@[::1]/temoin",
        "postgres://ngo@localhost/temoin?host=/run/postgresql",
    ] {
        let target = SyncTarget::parse(local).expect(local);
        assert!(!target.uses_tls(), "{local}");
    }
    let missing = SyncTarget::parse(
        "postgres://ngo:pw@db.example.org/temoin?sslmode=require&sslrootcert=/nonexistent/ca.pem",
    )
    .expect_err("no such certificate");
    assert!(
        matches!(missing, SyncError::Certificate { .. }),
        "{missing:?}"
    );

    // Asked for, TLS is required, never quietly dropped: the test server has none.
    let server = TestServer::start();
    let station = Booth::new("tls", "demo", "EUR", DAY1_10H);
    let target = SyncTarget::parse(&format!(
        "postgres://postgres@127.0.0.1:{}/postgres?sslmode=require",
        server.port
    ))
    .expect("parse");
    let error = push(&target, &station.dir, &PushOptions::default()).expect_err("no TLS there");
    assert!(matches!(error, SyncError::Connect { .. }), "{error:?}");
    assert!(error.to_string().to_lowercase().contains("tls"), "{error}");
}

/// Migrating twice changes nothing; the status ranks cover every status the journal has.
#[test]
fn migrations_apply_once_and_rank_every_status() {
    let server = TestServer::start();
    server.create_database("temoin");
    let owner = SyncTarget::parse(&server.owner_url("temoin")).expect("owner URL");
    assert!(matches!(
        temoin_sync::check(&owner),
        Err(SyncError::NotMigrated { found: 0, .. })
    ));
    let first = temoin_sync::migrate(&owner).expect("migrate");
    assert_eq!(first.applied, ["V1__central_tables"]);
    assert_eq!(first.version, temoin_sync::schema_version());
    let second = temoin_sync::migrate(&owner).expect("migrate again");
    assert!(second.applied.is_empty());
    assert_eq!(
        temoin_sync::check(&owner),
        Ok(temoin_sync::schema_version())
    );
    let mut client = server.connect("temoin");
    for status in temoin_analytics::PaymentStatus::ALL {
        let rank: Option<i16> = client
            .query_one("SELECT temoin.status_rank($1)", &[&status.name()])
            .expect("rank")
            .get(0);
        let expected = match status.name() {
            "created" => 0,
            "open" => 1,
            _ => 2,
        };
        assert_eq!(rank, Some(expected), "{}", status.name());
        assert_eq!(status.is_settled(), expected == 2, "{}", status.name());
    }
    let unknown: Option<i16> = client
        .query_one("SELECT temoin.status_rank('refunded')", &[])
        .expect("rank")
        .get(0);
    assert_eq!(unknown, None);
}

/// The booth's background sync: the first push fails (the central database is not there
/// yet), the booth carries on, and it catches up once the database exists.
#[test]
fn background_sync_catches_up_when_the_database_comes_back() {
    let server = TestServer::start();
    let mut booth = Booth::new("background", "demo", "EUR", DAY1_10H);
    for _ in 0..3 {
        booth.visit(2, Ending::Declined);
    }
    booth.flush();
    let target =
        SyncTarget::parse(&server.url("temoin_booth", BOOTH_PASSWORD, "temoin")).expect("parse");
    let background = temoin_sync::Background::start(
        target,
        booth.dir.clone(),
        temoin_sync::BackgroundOptions {
            every: Duration::from_secs(3600),
            push: PushOptions::default(),
        },
    )
    .expect("start");
    let wait_for = |done: &dyn Fn(&temoin_sync::BackgroundStatus) -> bool| {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let status = background.status();
            if done(&status) {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "gave up waiting: {status:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let failed = wait_for(&|s| s.last_error.is_some() && !s.pushing);
    assert!(
        failed
            .last_error
            .as_ref()
            .is_some_and(SyncError::is_transient),
        "{failed:?}"
    );
    central(&server);
    booth.visit(2, Ending::OptedOut);
    booth.flush();
    background.sync_now();
    let caught_up = wait_for(&|s| s.last_success.is_some());
    assert_eq!(caught_up.last_error, None);
    assert_eq!(
        caught_up.last_success.as_ref().map(|(s, _)| s.visits),
        Some(4)
    );
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.visits"), 4);
    assert!(background.stop(Duration::from_secs(30)), "the thread ends");
}

/// A station with a journal and no analytics database, and the other way round.
#[test]
fn a_station_may_have_only_one_of_its_files() {
    let server = TestServer::start();
    let (_, target, _) = central(&server);
    let mut booth = Booth::new("half", "demo", "EUR", DAY1_10H);
    booth.visit(2, Ending::Pledged(1000, IntentStatus::Paid));
    booth.close();
    let only_journal = support::booth::fresh_dir("only-journal");
    std::fs::copy(
        booth.dir.join("donations.sqlite"),
        only_journal.join("donations.sqlite"),
    )
    .expect("copy");
    let summary = push(&target, &only_journal, &PushOptions::default()).expect("push");
    assert_eq!((summary.intents, summary.visits), (1, 0));
    let empty = support::booth::fresh_dir("empty");
    let error = push(&target, &empty, &PushOptions::default()).expect_err("nothing there");
    assert!(error.to_string().contains("analytics.sqlite"), "{error}");
    for dir in [only_journal, empty] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// One push per station at a time: a second one waits for the first, and gives up with
/// `Busy` (transient: the background sync just tries again) if it takes too long.
#[test]
fn a_second_push_of_the_same_station_waits_then_gives_up() {
    let server = TestServer::start();
    let (_, target, _) = central(&server);
    let mut booth = Booth::new("busy", "demo", "EUR", DAY1_10H);
    booth.visit(2, Ending::Declined);
    booth.flush();
    // Another push holds the station's lock (as `push` takes it).
    let mut other = server.connect("temoin");
    let lock = "SELECT pg_advisory_lock(hashtextextended('temoin-sync:' || $1, 0))";
    other.execute(lock, &[&booth.id]).expect("lock");
    let error = push(&target, &booth.dir, &PushOptions::default()).expect_err("busy");
    assert!(matches!(error, SyncError::Busy { .. }), "{error:?}");
    assert!(error.is_transient());
    assert_eq!(count(&server, "SELECT count(*) FROM temoin.visits"), 0);
    // The other push ends while this one waits: this one then goes ahead.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        drop(other);
    });
    let summary = push(&target, &booth.dir, &PushOptions::default()).expect("waits, then pushes");
    assert_eq!(summary.visits, 1, "{summary}");
    releaser.join().expect("releaser");
}
