//! How fast a station catches up: a throw-away PostgreSQL with its default durability (fsync
//! on), a station of 1,000 visits of about 40 events each and a pledge in every fourth, a
//! cold push (empty central database) at several batch sizes, rows per second for each; then
//! a second station and the report over both, from PostgreSQL and from the files.
//! `cargo bench -p temoin_sync [-- VISITS]`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;
use support::booth::{Booth, DAY1_10H, Ending};
use support::server::{ServerOptions, TestServer};
use temoin_analytics::Filter;
use temoin_donations::IntentStatus;
use temoin_sync::{PushOptions, SyncTarget, push};

const BATCH_SIZES: [usize; 6] = [100, 500, 1000, 2000, 5000, 20000];
/// Each size is timed this many times (a fresh database each), the best kept: the machine is
/// shared, and the best run is the one least disturbed.
const ROUNDS: usize = 2;

fn fill(booth: &mut Booth, visits: usize) {
    for k in 0..visits {
        let ending = match k % 4 {
            0 => Ending::Pledged(1000 + (k as i64 % 7) * 500, IntentStatus::Paid),
            1 => Ending::Declined,
            2 => Ending::Left,
            _ => Ending::OptedOut,
        };
        // 13 beats: 1 + 39 events, and up to 3 more at the prompt.
        booth.visit(13, ending);
    }
    booth.flush();
}

fn main() {
    let visits: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let server = TestServer::start_with(ServerOptions { durable: true });
    let started = Instant::now();
    let mut a = Booth::new("bench-a", "uk", "GBP", DAY1_10H);
    fill(&mut a, visits);
    let events: usize = a.stored_visits().iter().map(|v| v.events.len()).sum();
    println!(
        "station a: {visits} visits, {events} events ({:.1} per visit), {} intents; written in {:.1} s",
        events as f64 / visits as f64,
        visits.div_ceil(4),
        started.elapsed().as_secs_f64()
    );
    println!("cold catch-up into PostgreSQL 15 on 127.0.0.1 (fsync on), best of {ROUNDS}:");
    println!(
        "{:>8} {:>8} {:>9} {:>10} {:>10}",
        "batch", "batches", "rows", "seconds", "rows/s"
    );
    let mut database = 0;
    for size in BATCH_SIZES {
        let mut best: Option<(f64, temoin_sync::PushSummary)> = None;
        for _ in 0..ROUNDS {
            database += 1;
            let name = format!("bench{database}");
            server.create_database(&name);
            let target = SyncTarget::parse(&server.owner_url(&name)).expect("URL");
            temoin_sync::migrate(&target).expect("migrate");
            let summary = push(&target, &a.dir, &PushOptions { batch_rows: size }).expect("push");
            let seconds = summary.elapsed.as_secs_f64();
            if best.as_ref().is_none_or(|(b, _)| seconds < *b) {
                best = Some((seconds, summary));
            }
        }
        let (seconds, summary) = best.expect("a round");
        println!(
            "{size:>8} {:>8} {:>9} {seconds:>10.2} {:>10.0}",
            summary.batches,
            summary.rows(),
            summary.rows() as f64 / seconds
        );
    }

    // What a batch weighs on the wire: the default push once more, through a counting proxy.
    server.create_database("weighed");
    temoin_sync::migrate(&SyncTarget::parse(&server.owner_url("weighed")).expect("URL"))
        .expect("migrate");
    let proxy = support::proxy::CuttingProxy::start(server.port, b"never sent", 1);
    let through = SyncTarget::parse(&format!(
        "postgres://postgres@127.0.0.1:{}/weighed",
        proxy.port
    ))
    .expect("URL");
    let summary = push(&through, &a.dir, &PushOptions::default()).expect("push");
    let bytes = proxy.bytes_sent();
    println!(
        "on the wire: {bytes} bytes for {} rows, {:.0} bytes per row, {:.0} KB per batch of {}",
        summary.rows(),
        bytes as f64 / summary.rows() as f64,
        bytes as f64 / summary.batches as f64 / 1024.0,
        temoin_sync::DEFAULT_BATCH_ROWS
    );

    // A second station and the report over both.
    let mut b = Booth::new("bench-b", "be-fr", "EUR", DAY1_10H + 86_400_000);
    fill(&mut b, visits / 2);
    server.create_database("two_stations");
    let target = SyncTarget::parse(&server.owner_url("two_stations")).expect("URL");
    temoin_sync::migrate(&target).expect("migrate");
    for booth in [&a, &b] {
        let summary = push(&target, &booth.dir, &PushOptions::default()).expect("push");
        println!("{summary}");
    }
    let filter = Filter::default();
    let timer = Instant::now();
    let central = temoin_sync::report(&target, &filter).expect("report --from");
    let from_postgres = timer.elapsed().as_secs_f64();
    let timer = Instant::now();
    let files = support::booth::file_report(&[&a.dir, &b.dir], &filter);
    let from_files = timer.elapsed().as_secs_f64();
    assert_eq!(
        central, files,
        "report --from differs from report --db a --db b"
    );
    println!(
        "report over 2 stations ({} visits): from PostgreSQL {from_postgres:.2} s, from the files {from_files:.2} s, identical",
        central.visits
    );
    // The table's heading, funnel and conversion by chapter; the rest is per beat and hour.
    let table = temoin_analytics::render_table(&central);
    for (index, section) in table.split("\n\n").enumerate() {
        if index == 0
            || section.starts_with("FUNNEL")
            || section.starts_with("CONVERSION BY CHAPTER")
        {
            println!("{section}\n");
        }
    }
}
