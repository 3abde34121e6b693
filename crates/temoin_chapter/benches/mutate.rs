//! The long run of `tests/mutate.rs`: mutants of every shipped RON file through the app's
//! loaders for as long as asked, then mutants per second and every failure with its seed.
//!
//! `cargo bench -p temoin_chapter --bench mutate` runs 60 s; `-- 600` (or
//! `TEMOIN_MUTATE_SECONDS=600`) ten minutes. The first seed is new each run unless
//! `TEMOIN_MUTATE_SEED` is set; `TEMOIN_MUTATE_REPLAY=<seed>,...` replays reported mutants.
//! `cargo test` runs it for half a second, to keep it building and working.

#[path = "../tests/mutation/mod.rs"]
mod mutation;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let seconds: f64 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .or_else(|| {
            std::env::var("TEMOIN_MUTATE_SECONDS")
                .ok()
                .and_then(|s| s.parse().ok())
        })
        .unwrap_or(if benching { 60.0 } else { 0.5 });
    let seed: u64 = std::env::var("TEMOIN_MUTATE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let originals = mutation::shipped(&mutation::repo());
    let bytes: usize = originals.iter().map(|o| o.bytes.len()).sum();
    println!(
        "mutating {} shipped files ({} KiB) for {seconds} s from seed {seed}",
        originals.len(),
        bytes / 1024
    );
    let report = mutation::run(
        mutation::Scratch::new("bench", originals),
        seed,
        Duration::from_secs_f64(seconds),
        1,
        mutation::replay_from_env(),
    );
    println!("{}", mutation::summary(&report));
    for failure in &report.failures {
        println!("FAILED {failure}");
    }
    if !report.failures.is_empty() {
        std::process::exit(1);
    }
}
