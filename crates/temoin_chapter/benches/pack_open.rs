//! Opening a shipped chapter pack (the scenario, the chapter's overlays, every language table,
//! validated and merged), next to raw `ron` parsing of the same files in the same run.
//! The budget: under 5 ms (the anchor: bladeink opens *The Intercept* in 3–4 ms).
//!
//! `cargo bench -p temoin_chapter --bench pack_open`; `cargo test` runs one round.

use std::path::PathBuf;
use std::time::{Duration, Instant};
use temoin_chapter::PackPaths;
use temoin_chapter::pack::load_pack;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The median of `rounds` timings of `f`.
fn median(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test" || a == "--list")
        || !std::env::args().any(|a| a == "--bench");
    let rounds = if quick { 1 } else { 30 };
    let paths = PackPaths {
        chapters_dir: repo().join("chapters"),
        assets_dir: repo().join("assets"),
    };
    for chapter in ["demo", "be-fr", "ar"] {
        let load = load_pack(&paths, chapter, None);
        let pack = load.pack.expect("the shipped chapter loads");
        // The same files, parsed by `ron` into untyped values: the floor any loader pays.
        let texts: Vec<String> = pack
            .files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "ron"))
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect();
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        let raw = median(rounds, || {
            for t in &texts {
                let _ = std::hint::black_box(ron::from_str::<ron::Value>(t));
            }
        });
        let open = median(rounds, || {
            std::hint::black_box(load_pack(&paths, chapter, None));
        });
        println!(
            "{chapter:>6}: {} files, {} KiB: raw ron {:>7.2} ms (baseline), pack opened {:>7.2} ms ({:.2}x){}",
            texts.len(),
            bytes / 1024,
            raw.as_secs_f64() * 1000.0,
            open.as_secs_f64() * 1000.0,
            open.as_secs_f64() / raw.as_secs_f64().max(1e-9),
            if open < Duration::from_millis(5) {
                ", under the 5 ms budget"
            } else {
                ", OVER the 5 ms budget"
            }
        );
    }
}
