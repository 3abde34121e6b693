//! Booth visits as the analytics record them: seeded random visitors play the real story
//! plugins headless (the attendant resetting between them), and the database holds exactly
//! what they did, beat by beat and outcome by outcome; over many visitors nothing grows but
//! the rows written.

use super::headless::{story_app, update_until};
use super::*;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use std::collections::BTreeMap;
use std::time::Duration;
use temoin::Screen;
use temoin::operator::OperatorAction;
use temoin::scenario::{ActiveScenario, PlayerIntent, ScenarioEvent};
use temoin_analytics::{Filter, store::read_file};
use temoin_scenario::{Intent, Phase, RuntimeEvent, Trigger};

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
    let mut app = story_app(&bundled_scenario());
    app.add_plugins(temoin::operator::plugin);
    app.add_plugins(temoin::analytics::AnalyticsPlugin {
        database: Some(database.to_path_buf()),
    });
    // Half a second a frame: a visit of several minutes takes a thousand frames, not minutes.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        500,
    )));
    app.init_resource::<Played>().add_systems(Last, count);
    assert!(update_until(&mut app, 500, |app| {
        *app.world().resource::<State<Screen>>().get() == Screen::ContentNote
    }));
    app
}

fn runner(app: &App) -> &temoin_scenario::Runner {
    app.world()
        .resource::<ActiveScenario>()
        .runner
        .as_ref()
        .unwrap()
}

/// How a simulated visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ended {
    Left,
    AtPrompt,
    OptedOut,
}

/// One visitor: acts at the booth, reads the note, plays with random choices, and either
/// leaves early (one in four), or reaches an ending and pledges or declines.
fn visit(app: &mut App, rng: &mut fastrand::Rng) -> Ended {
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    // The first act ends the attract loop and a visit begins; then "Begin".
    app.world_mut()
        .write_message(PlayerIntent(Intent::SkipLine));
    app.update();
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    let leave_after = if rng.u8(..4) == 0 {
        Some(rng.u32(20..400))
    } else {
        None
    };
    for frame in 0..4000 {
        if leave_after == Some(frame) {
            return Ended::Left;
        }
        let r = runner(app);
        match r.state().phase {
            Phase::Ending | Phase::Finished => {
                let ended = if r.donate_prompt().is_some() {
                    Ended::AtPrompt
                } else {
                    Ended::OptedOut
                };
                if ended == Ended::AtPrompt && r.state().phase == Phase::Ending {
                    let intent = match r.donate_prompt().unwrap().amounts.first() {
                        Some(a) if rng.bool() => Intent::Pledge {
                            amount: a.in_currency(r.donate_prompt().unwrap().currency).unwrap(),
                            monthly: false,
                        },
                        _ => Intent::Decline,
                    };
                    app.world_mut().write_message(PlayerIntent(intent));
                    app.update();
                }
                return ended;
            }
            Phase::Awaiting => {
                let mut intents: Vec<Intent> = r
                    .open_outcomes()
                    .filter_map(|(_, o)| match &o.on {
                        Trigger::Choose { option } => Some(Intent::Choose(option.id.clone())),
                        Trigger::Select { target } | Trigger::LookAt { target, .. } => {
                            Some(Intent::Select(target.clone()))
                        }
                        Trigger::Reach { spot, .. } => Some(Intent::ArriveAt(spot.clone())),
                        _ => None,
                    })
                    .collect();
                intents.extend(r.active_spots().into_iter().map(Intent::ArriveAt));
                if !intents.is_empty() {
                    let pick = intents.swap_remove(rng.usize(..intents.len()));
                    app.world_mut().write_message(PlayerIntent(pick));
                }
            }
            _ => {}
        }
        app.update();
    }
    panic!("a visit never ended: stuck at `{}`", runner(app).beat().id);
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

/// Resident memory of this process, in kilobytes (Linux).
fn resident_kb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4
}

#[test]
fn a_day_of_visitors_leaves_nothing_behind_but_the_rows_written() {
    let dir = scratch_dir("soak");
    let database = dir.join("analytics.sqlite");
    let mut app = booth(&database);
    let mut rng = fastrand::Rng::with_seed(99);
    let measure = |app: &mut App| {
        let entities = app.world().entities().len();
        (entities, resident_kb())
    };
    const WARM: usize = 10;
    const VISITORS: usize = 40;
    let mut at_warm = (0, 0);
    for n in 1..=VISITORS {
        visit(&mut app, &mut rng);
        if n == WARM {
            at_warm = measure(&mut app);
        }
    }
    let at_end = measure(&mut app);
    eprintln!(
        "soak: entities {} -> {}, resident {} kB -> {} kB (visitor {WARM} -> {VISITORS})",
        at_warm.0, at_end.0, at_warm.1, at_end.1
    );
    assert_eq!(at_end.0, at_warm.0, "entities grew with visitors");
    let growth = at_end.1 as f64 / at_warm.1.max(1) as f64;
    assert!(growth < 1.05, "resident memory grew {growth:.3}x");
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    drop(app);
    let visits = read_file(&database, &Filter::default()).unwrap();
    assert_eq!(visits.len(), VISITORS);
}
