//! Many booths, one picture, through the app: `temoin sync` pushes a station's files into a
//! throw-away PostgreSQL (started here; these tests fail in one line when PostgreSQL is not
//! installed), a second push sends nothing new, `temoin report --from` equals the report
//! over the station's file, and a running booth pushes each finished visit in the background.

#[path = "../../crates/temoin_sync/tests/support/server.rs"]
mod pg_server;

use super::*;
use bevy::prelude::*;
use pg_server::TestServer;
use temoin::booth::OperatorAction;
use temoin::soak::{headless_booth, visit, wait_until_loaded};

/// A station folder with `visitors` visits recorded by the headless booth.
fn station(name: &str, visitors: usize, seed: u64) -> PathBuf {
    let dir = scratch_dir(name);
    let mut app = headless_booth(
        &repo_root(),
        &bundled_scenario(),
        &repo_root().join("chapters/demo.ron"),
        Some(dir.join("analytics.sqlite")),
    );
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    let mut rng = fastrand::Rng::with_seed(seed);
    for _ in 0..visitors {
        visit(&mut app, &mut rng);
    }
    // The last visitor leaves too, so every visit is closed and can be pushed.
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    drop(app);
    dir
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = temoin().args(args).output().expect("temoin runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn central_visits(server: &TestServer) -> i64 {
    server
        .connect("temoin")
        .query_one("SELECT count(*) FROM temoin.visits", &[])
        .expect("count visits")
        .get(0)
}

#[test]
fn sync_by_hand_then_the_same_report_from_the_central_copy() {
    let server = TestServer::start();
    server.create_database("temoin");
    server
        .superuser()
        .batch_execute("ALTER ROLE postgres PASSWORD 'sekret-pw-42'")
        .expect("a password");
    let url = server.url("postgres", "sekret-pw-42", "temoin");
    // Set up before the first visitor: the tables are made, and an empty station is no error.
    let empty = scratch_dir("sync-empty");
    let (ok, out, err) = run(&[
        "sync",
        "--to",
        &url,
        "--migrate",
        "--station",
        path_str(&empty),
    ]);
    assert!(ok, "{out}\n{err}");
    assert!(
        err.contains("version 1, applied V1__central_tables"),
        "{err}"
    );
    assert!(
        out.contains("nothing recorded at this station yet"),
        "{out}"
    );
    let dir = station("sync-station", 7, 31);
    let station_arg = path_str(&dir).to_owned();

    let (ok, out, err) = run(&["sync", "--to", &url, "--migrate", "--station", &station_arg]);
    assert!(ok, "{out}\n{err}");
    assert!(err.contains("(already current)"), "{err}");
    assert!(out.contains("7 visits"), "{out}");
    assert!(
        !format!("{out}{err}").contains("sekret-pw-42"),
        "{out}\n{err}"
    );
    assert_eq!(central_visits(&server), 7);

    // Again: nothing new, nothing doubled.
    let (ok, out, err) = run(&["sync", "--to", &url, "--station", &station_arg]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("0 visits"), "{out}");
    assert_eq!(central_visits(&server), 7);
    let (ok, out, _) = run(&["sync", "--to", &url, "--status", "--station", &station_arg]);
    assert!(ok && out.contains("0 visits (0 still open)"), "{out}");

    // The same report, from the files and from PostgreSQL.
    let db = dir.join("analytics.sqlite");
    let (ok, from_file, err) = run(&["report", "--db", path_str(&db), "--format", "json"]);
    assert!(ok, "{err}");
    let (ok, from_central, err) = run(&["report", "--from", &url, "--format", "json"]);
    assert!(ok, "{err}");
    assert_eq!(from_central, from_file);

    // A wrong password is one line, without the password.
    let wrong = server.url("postgres", "not-the-pw-99", "temoin");
    let (ok, out, err) = run(&["sync", "--to", &wrong, "--station", &station_arg]);
    if !ok {
        assert!(!err.contains("not-the-pw-99"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    } else {
        // A trust-authenticated test server accepts any password: that is fine too.
        assert!(out.contains("0 visits"), "{out}");
    }
}

#[test]
fn a_running_booth_pushes_each_finished_visit_in_the_background() {
    let server = TestServer::start();
    server.create_database("temoin");
    let url = server.owner_url("temoin");
    temoin_sync::migrate(&temoin_sync::SyncTarget::parse(&url).unwrap()).expect("migrate");
    let dir = scratch_dir("sync-booth");
    std::fs::write(
        dir.join(temoin::sync::SETTINGS_FILE),
        format!("(sync: (url: \"{url}\", every_minutes: 60))"),
    )
    .unwrap();
    let mut app = headless_booth(
        &repo_root(),
        &bundled_scenario(),
        &repo_root().join("chapters/demo.ron"),
        Some(dir.join("analytics.sqlite")),
    );
    app.add_plugins(temoin::sync::SyncPlugin {
        station_dir: dir.clone(),
    });
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    assert!(app.world().contains_resource::<temoin::sync::BoothSync>());
    let mut rng = fastrand::Rng::with_seed(5);
    for _ in 0..3 {
        visit(&mut app, &mut rng);
    }
    // The timer is an hour away: only the attendant's resets can have asked for these pushes.
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while central_visits(&server) < 3 && std::time::Instant::now() < deadline {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(central_visits(&server), 3);
}
