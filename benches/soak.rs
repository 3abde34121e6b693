//! A day at the booth in one process: `cargo bench --bench soak -- [VISITORS] [--whole]`
//! (default 1,000) plays seeded random visitors through the headless booth (story, attendant,
//! analytics; with `--whole`, every plugin of the app: places, people, interface, sound and
//! donations, prepared by the render world with nothing drawn) with a reset between each, and
//! prints what the process holds a tenth of the way in and at the end, as ratios: entities,
//! assets and resident memory should stay flat (within 5 %), and the database grow only by the
//! rows written.

use std::collections::BTreeMap;
use std::path::PathBuf;
use temoin::soak::{
    Ended, between_visitors, headless_booth, sample, visit, wait_until_loaded, whole_booth,
};

fn main() {
    let visitors: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("temoin-soak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let database = dir.join("analytics.sqlite");
    let whole = std::env::args().any(|a| a == "--whole");
    let mut app = if whole {
        whole_booth(&repo, "demo", &dir).expect("the booth builds")
    } else {
        headless_booth(
            &repo,
            &repo.join("scenes/first_visit"),
            &repo.join("chapters/demo.ron"),
            Some(database.clone()),
        )
    };
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut ended: BTreeMap<Ended, usize> = BTreeMap::new();
    let warm = (visitors / 10).max(1);
    let mut at_warm = sample(&mut app, 0);
    let started = std::time::Instant::now();
    for n in 1..=visitors {
        *ended.entry(visit(&mut app, &mut rng)).or_default() += 1;
        if n == warm {
            at_warm = between_visitors(&mut app, n);
        } else if n % warm == 0 && n < visitors {
            // The trend between, so growth that levels off is told from growth that does not.
            let s = between_visitors(&mut app, n);
            println!(
                "  visitor {n:>5}: entities {:>6}, world assets {:>5}, resident {:>8} kB",
                s.entities, s.world_assets, s.resident_kb
            );
        }
    }
    let at_end = between_visitors(&mut app, visitors);
    let seconds = started.elapsed().as_secs_f64();
    app.world_mut()
        .write_message(temoin::booth::OperatorAction::NextVisitor);
    app.update();
    drop(app);
    let visits = temoin_analytics::store::read_file(&database, &Default::default())
        .map(|v| v.len())
        .unwrap_or(0);
    let bytes = std::fs::metadata(&database).map(|m| m.len()).unwrap_or(0);
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    println!(
        "soak ({}): {visitors} visitors in {seconds:.0} s ({:.0} ms each); endings {ended:?}",
        if whole {
            "whole app"
        } else {
            "story, attendant, analytics"
        },
        seconds * 1000.0 / visitors as f64
    );
    println!(
        "entities        {:>8} at visitor {:>4} -> {:>8} at {:>4}: {:.3}x",
        at_warm.entities,
        at_warm.visitor,
        at_end.entities,
        at_end.visitor,
        ratio(at_end.entities as f64, at_warm.entities as f64)
    );
    println!(
        "scenario assets {:>8} -> {:>8}: {:.3}x",
        at_warm.assets,
        at_end.assets,
        ratio(at_end.assets as f64, at_warm.assets as f64)
    );
    println!(
        "world assets    {:>8} -> {:>8}: {:.3}x",
        at_warm.world_assets,
        at_end.world_assets,
        ratio(at_end.world_assets as f64, at_warm.world_assets as f64)
    );
    println!(
        "resident memory {:>8} kB -> {:>8} kB: {:.3}x",
        at_warm.resident_kb,
        at_end.resident_kb,
        ratio(at_end.resident_kb as f64, at_warm.resident_kb as f64)
    );
    println!(
        "database        {visits} visits recorded, {} kB ({:.1} kB a visit)",
        bytes / 1024,
        bytes as f64 / 1024.0 / visits.max(1) as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}
