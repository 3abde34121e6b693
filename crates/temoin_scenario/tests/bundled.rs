//! The bundled scenario is valid, covers every beat, and plays the same way every time.

use std::path::PathBuf;
use temoin_scenario::check::{check_scenario, render_human};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn bundled_scenario_is_valid() {
    let root = repo_root();
    let checked = check_scenario(&root.join("scenes/first_visit"), &root.join("assets"));
    let report = render_human(std::slice::from_ref(&checked));
    assert!(checked.diagnostics.is_empty(), "{report}");
}

fn bundled() -> std::sync::Arc<temoin_scenario::Scenario> {
    let root = repo_root();
    let checked = check_scenario(&root.join("scenes/first_visit"), &root.join("assets"));
    std::sync::Arc::new(checked.valid().expect("bundled scenario is valid").clone())
}

#[test]
fn seeded_random_walk_visits_every_beat_and_never_gets_stuck() {
    let report = temoin_scenario::walk::walk(bundled(), 200, 7);
    assert_eq!(
        report.stuck_runs(),
        0,
        "{:#?}",
        report.runs.iter().find(|r| r.stuck.is_some())
    );
    assert!(
        report.unvisited.is_empty(),
        "never visited: {:?}",
        report.unvisited
    );
    for run in &report.runs {
        assert!(run.ending.is_some(), "run {} reached no ending", run.seed);
    }
    let donate_runs: Vec<_> = report
        .runs
        .iter()
        .filter(|r| r.ending.as_ref().map(|e| e.as_str()) == Some("donate"))
        .collect();
    // What the visitor spends playing (lines, actions, moves), not waiting out a timer.
    let longest = donate_runs
        .iter()
        .map(|r| r.content_seconds())
        .fold(0.0, f32::max);
    let shortest = donate_runs
        .iter()
        .map(|r| r.content_seconds())
        .fold(f32::MAX, f32::min);
    eprintln!("paths to the donation prompt: {shortest:.0}s to {longest:.0}s");
    // Read in silence (no voices here), every path to the ask is a 7 to 10 minute visit.
    assert!(
        shortest >= 420.0 && longest <= 600.0,
        "{shortest}..{longest}"
    );
    // The opt-out at the content note stays short.
    for run in report
        .runs
        .iter()
        .filter(|r| r.ending.as_ref().map(|e| e.as_str()) == Some("not_today"))
    {
        assert!(run.content_seconds() < 60.0, "{}", run.content_seconds());
    }
}

#[test]
fn the_same_seed_walks_the_same_path() {
    let a = temoin_scenario::walk::walk_once(bundled(), 42);
    let b = temoin_scenario::walk::walk_once(bundled(), 42);
    assert_eq!(a.path, b.path);
    assert_eq!(a.estimated_seconds, b.estimated_seconds);
}

/// The annotated example in the README must stay valid, or authors copy a broken file.
#[test]
fn readme_example_is_valid_and_playable() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let section = readme
        .find("## Writing scenes")
        .expect("README has a Writing scenes section");
    let start = section
        + readme[section..]
            .find("```ron\n")
            .expect("README has a ron example")
        + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let roots = temoin_scenario::validate::AssetRoots::new([repo_root().join("assets")]);
    let checked = temoin_scenario::check::check_text("README.md", &readme[start..end], &roots);
    let report = render_human(std::slice::from_ref(&checked));
    assert!(checked.diagnostics.is_empty(), "{report}");
    let scenario = std::sync::Arc::new(checked.scenario.unwrap());
    let walk = temoin_scenario::walk::walk(scenario, 50, 1);
    assert_eq!(walk.stuck_runs(), 0);
    assert!(walk.unvisited.is_empty(), "{:?}", walk.unvisited);
}
