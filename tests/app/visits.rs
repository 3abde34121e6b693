//! Booth visits as the analytics record them: seeded random visitors play the real story
//! plugins headless (the attendant resetting between them), and the database holds exactly
//! what they did, beat by beat and outcome by outcome; over many visitors nothing grows but
//! the rows written.

use super::*;
use bevy::prelude::*;
use std::collections::BTreeMap;
use temoin::booth::OperatorAction;
use temoin::scenario::ScenarioEvent;
use temoin::soak::{
    Ended, between_visitors, headless_booth, sample, visit, wait_until_loaded, whole_booth,
};
use temoin_analytics::{Filter, store::read_file};
use temoin_scenario::RuntimeEvent;

/// What the visitors did, counted from the story's own events.
#[derive(Resource, Default)]
struct Played {
    beats: BTreeMap<String, u64>,
}

fn count(mut events: MessageReader<ScenarioEvent>, mut played: ResMut<Played>) {
    for ScenarioEvent(event, _) in events.read() {
        if let RuntimeEvent::BeatEntered { beat } = event {
            *played.beats.entry(beat.to_string()).or_default() += 1;
        }
    }
}

fn booth(database: &Path) -> App {
    let mut app = headless_booth(
        &repo_root(),
        &bundled_scenario(),
        &repo_root().join("chapters/demo.ron"),
        Some(database.to_path_buf()),
    );
    app.init_resource::<Played>().add_systems(Last, count);
    assert!(wait_until_loaded(&mut app), "scenario never loaded");
    app
}

#[test]
fn what_the_analytics_hold_is_what_the_visitors_did() {
    let dir = scratch_dir("visits");
    let database = dir.join("analytics.sqlite");
    let mut app = booth(&database);
    let mut rng = fastrand::Rng::with_seed(12);
    let mut ended: BTreeMap<Ended, u64> = BTreeMap::new();
    for _ in 0..12 {
        *ended.entry(visit(&mut app, &mut rng)).or_default() += 1;
    }
    // The last visitor is closed by the next reset, as at a booth.
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    let played = std::mem::take(&mut app.world_mut().resource_mut::<Played>().beats);
    drop(app); // the recorder writes what is queued and closes the file

    assert!(!ended.contains_key(&Ended::Stuck), "{ended:?}");
    let visits = read_file(&database, &Filter::default()).expect("readable");
    assert_eq!(visits.len(), 12, "{ended:?}");
    let mut recorded: BTreeMap<String, u64> = BTreeMap::new();
    for v in &visits {
        for e in v.events.iter().filter(|e| e.kind == "beat") {
            *recorded.entry(e.beat.clone().unwrap()).or_default() += 1;
        }
    }
    // The first beat is entered once at start-up and once by the reset after the last
    // visitor: neither is inside a visit. Every other entry is.
    let mut expected = played.clone();
    *expected.get_mut("briefing").unwrap() -= 2;
    assert_eq!(recorded, expected);
    assert_eq!(
        recorded["briefing"], 12,
        "every visit starts at the first beat"
    );
    // Every visit reached act 1, and the acts recorded never go backwards.
    for v in &visits {
        let acts: Vec<u8> = v.events.iter().filter_map(|e| e.act).collect();
        assert_eq!(acts.first(), Some(&1), "{}", v.id);
        assert!(acts.windows(2).all(|w| w[0] <= w[1]), "{acts:?}");
    }
    let outcomes = |name: &str| {
        visits
            .iter()
            .filter(|v| v.outcome.as_deref() == Some(name))
            .count() as u64
    };
    assert_eq!(
        outcomes("left"),
        ended.get(&Ended::Left).copied().unwrap_or(0)
    );
    assert_eq!(
        outcomes("opted_out"),
        ended.get(&Ended::OptedOut).copied().unwrap_or(0)
    );
    assert_eq!(
        outcomes("pledged") + outcomes("declined"),
        ended.get(&Ended::AtPrompt).copied().unwrap_or(0)
    );
    assert!(
        visits
            .iter()
            .all(|v| v.ended_at.is_some() && v.chapter == "demo")
    );
}

/// Runs `test`, an ignored test of this binary, alone in a child process and fails with its
/// output if it fails: the soaks measure their process's resident memory, which the other
/// tests running beside them in this one would inflate.
fn alone(test: &str) {
    let out = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--ignored",
            "--exact",
            test,
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("the test binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{test} failed alone:\n{text}"
    );
    for line in text.lines().filter(|l| l.contains("soak:")) {
        eprintln!("{line}");
    }
}

#[test]
fn a_day_of_visitors_leaves_nothing_behind_but_the_rows_written() {
    alone("visits::a_day_of_visitors_alone");
}

#[test]
fn the_whole_world_is_rebuilt_for_each_visitor_and_nothing_piles_up() {
    alone("visits::the_whole_world_alone");
}

#[test]
#[ignore = "run in its own process by a_day_of_visitors_leaves_nothing_behind_but_the_rows_written"]
fn a_day_of_visitors_alone() {
    let dir = scratch_dir("soak");
    let database = dir.join("analytics.sqlite");
    let mut app = booth(&database);
    let mut rng = fastrand::Rng::with_seed(99);
    let measure = |app: &mut App| {
        let s = sample(app, 0);
        (s.entities, s.resident_kb, s.assets)
    };
    // `TEMOIN_SOAK_VISITORS=300` for a longer run by hand; the bench plays a thousand.
    let visitors: usize = std::env::var("TEMOIN_SOAK_VISITORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
        .max(20);
    // Compared from a tenth of the way in (visitor 100 of 1,000), once caches have filled.
    let warm = (visitors / 10).max(10);
    let mut at_warm = (0, 0, 0);
    for n in 1..=visitors {
        visit(&mut app, &mut rng);
        if n == warm {
            at_warm = measure(&mut app);
        }
    }
    let at_end = measure(&mut app);
    eprintln!(
        "soak: entities {} -> {}, resident {} kB -> {} kB (visitor {warm} -> {visitors})",
        at_warm.0, at_end.0, at_warm.1, at_end.1
    );
    assert_eq!(at_end.0, at_warm.0, "entities grew with visitors");
    assert_eq!(at_end.2, at_warm.2, "scenario assets grew with visitors");
    let growth = at_end.1 as f64 / at_warm.1.max(1) as f64;
    assert!(growth < 1.05, "resident memory grew {growth:.3}x");
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    drop(app);
    let visits = read_file(&database, &Filter::default()).unwrap();
    assert_eq!(visits.len(), visitors);
}

#[test]
#[ignore = "run in its own process by the_whole_world_is_rebuilt_for_each_visitor_and_nothing_piles_up"]
fn the_whole_world_alone() {
    // Every plugin of the app (places, people, interface, sound, donations), nothing drawn.
    let dir = scratch_dir("whole-soak");
    let mut app = whole_booth(&repo_root(), "demo", &dir).expect("the booth builds");
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    let visitors: usize = std::env::var("TEMOIN_WHOLE_SOAK_VISITORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
        .max(8);
    let warm = (visitors / 3).max(4);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut at_warm = None;
    let mut places = std::collections::BTreeSet::new();
    for n in 1..=visitors {
        visit(&mut app, &mut rng);
        if let Some(r) = app
            .world()
            .resource::<temoin::scenario::ActiveScenario>()
            .runner
            .as_ref()
        {
            places.insert(r.beat().id.to_string());
        }
        if n == warm {
            at_warm = Some(between_visitors(&mut app, n));
        }
    }
    let at_warm = at_warm.unwrap();
    let at_end = between_visitors(&mut app, visitors);
    eprintln!(
        "whole soak: {at_warm:?} -> {at_end:?}; visits ended in {} beats",
        places.len()
    );
    assert!(
        at_warm.world_assets > 50,
        "the world was not built: {at_warm:?}"
    );
    assert!(
        places.len() > 2,
        "the visitors all stopped in the same beat: {places:?}"
    );
    assert_eq!(
        at_end.entities, at_warm.entities,
        "entities grew with visitors"
    );
    assert_eq!(
        at_end.world_assets, at_warm.world_assets,
        "meshes, materials, images or sounds grew with visitors"
    );
    let growth = at_end.resident_kb as f64 / at_warm.resident_kb.max(1) as f64;
    assert!(growth < 1.05, "resident memory grew {growth:.3}x");
}

/// What a visitor saw of a place that was not whole: the place, and how clear the view was.
#[derive(Resource, Default)]
struct HalfBuilt {
    seen: Vec<String>,
    places: std::collections::BTreeSet<String>,
}

fn watch_for_half_built_places(
    screen: Res<State<temoin::Screen>>,
    fade: Query<&temoin::ui::FadeOverlay>,
    place: Res<temoin::world::CurrentPlace>,
    server: Res<AssetServer>,
    roots: Query<&bevy::world_serialization::WorldAssetRoot, With<temoin::world::Scenery>>,
    mut half_built: ResMut<HalfBuilt>,
) {
    if *screen.get() != temoin::Screen::Playing {
        return;
    }
    if let Some(id) = &place.0 {
        half_built.places.insert(id.to_string());
    }
    let Ok(fade) = fade.single() else {
        return;
    };
    let whole = roots
        .iter()
        .all(|r| server.is_loaded_with_dependencies(&r.0));
    if fade.alpha < 1.0 && !whole {
        half_built.seen.push(format!(
            "{:?} with the view {:.0} % clear",
            place.0,
            (1.0 - fade.alpha) * 100.0
        ));
    }
}

#[test]
fn no_visitor_ever_sees_a_place_half_built() {
    // The whole app (real models, read from disk), nothing drawn; every frame of two visits.
    let dir = scratch_dir("half-built");
    let mut app = whole_booth(&repo_root(), "demo", &dir).expect("the booth builds");
    app.init_resource::<HalfBuilt>()
        .add_systems(Last, watch_for_half_built_places);
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    let mut rng = fastrand::Rng::with_seed(11);
    for _ in 0..2 {
        visit(&mut app, &mut rng);
    }
    let half_built = app.world().resource::<HalfBuilt>();
    assert!(
        half_built.places.len() >= 3,
        "the visits went through too few places to tell: {:?}",
        half_built.places
    );
    assert!(
        half_built.seen.is_empty(),
        "half-built places in view: {:?}",
        half_built.seen
    );
    // Every model of the story was asked for once a place had been whole a moment, and is
    // kept: its scene and the file's `Gltf`, one each.
    let scenario = app
        .world()
        .resource::<temoin::scenario::ActiveScenario>()
        .runner
        .as_ref()
        .expect("a story")
        .scenario()
        .clone();
    let paths = temoin::world::kept::model_paths(&scenario);
    assert!(paths.len() >= 4, "{paths:?}");
    assert_eq!(
        app.world()
            .resource::<temoin::world::kept::KeptModels>()
            .len(),
        2 * paths.len(),
        "{paths:?}"
    );
}
