//! A booth without a window, for long runs: the story, the attendant's actions and the
//! analytics, played by seeded random visitors with a reset between each. The booth tests
//! play a dozen; the `soak` bench plays a day's worth and shows what stays flat.

use crate::Screen;
use crate::operator::OperatorAction;
use crate::scenario::{ActiveScenario, PlayerIntent, ScenarioLocation};
use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use std::path::{Path, PathBuf};
use std::time::Duration;
use temoin_scenario::{Intent, Phase, Runner, Trigger};

/// A headless booth playing `scenario_folder` with `chapter_file`, recording to `database`.
/// Time moves half a second a frame, so a visit of minutes takes a thousand frames.
pub fn headless_booth(
    repo: &Path,
    scenario_folder: &Path,
    chapter_file: &Path,
    database: Option<PathBuf>,
) -> App {
    let mut app = App::new();
    crate::register_scenario_source(&mut app, scenario_folder);
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: repo.join("assets").to_string_lossy().into_owned(),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
        StatesPlugin,
    ));
    app.add_plugins(crate::StoryPlugin {
        location: ScenarioLocation {
            folder: scenario_folder.to_path_buf(),
            file_name: "scenario.ron".into(),
            assets_dir: repo.join("assets"),
            chapter_file: chapter_file.to_path_buf(),
            pack_paths: temoin_chapter::PackPaths {
                chapters_dir: repo.join("chapters"),
                assets_dir: repo.join("assets"),
            },
        },
    });
    app.add_plugins(crate::operator::plugin);
    app.add_plugins(crate::analytics::AnalyticsPlugin { database });
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        500,
    )));
    app
}

/// Runs frames until the scenario has loaded (the start screen), or gives up.
pub fn wait_until_loaded(app: &mut App) -> bool {
    for _ in 0..1000 {
        app.update();
        if *app.world().resource::<State<Screen>>().get() == Screen::ContentNote {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

fn runner(app: &App) -> Option<&Runner> {
    app.world().resource::<ActiveScenario>().runner.as_ref()
}

/// How a simulated visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ended {
    /// Walked away before an ending (the next reset closes the visit).
    Left,
    /// At the donation prompt, and pledged or declined.
    AtPrompt,
    /// The short ending ("not today").
    OptedOut,
    /// Did not end within the frames allowed (a bug, if it ever happens).
    Stuck,
}

/// One visitor: the attendant's "next visitor", a first act, "Begin", then random choices;
/// one in four walks away partway, the rest reach an ending and pledge or decline.
pub fn visit(app: &mut App, rng: &mut fastrand::Rng) -> Ended {
    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    app.world_mut()
        .write_message(PlayerIntent(Intent::SkipLine));
    app.update();
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    let leave_after = (rng.u8(..4) == 0).then(|| rng.u32(20..400));
    for frame in 0..4000 {
        if leave_after == Some(frame) {
            return Ended::Left;
        }
        let Some(r) = runner(app) else {
            return Ended::Stuck;
        };
        match r.state().phase {
            Phase::Ending | Phase::Finished => {
                let Some(prompt) = r.donate_prompt() else {
                    return Ended::OptedOut;
                };
                if r.state().phase == Phase::Ending {
                    let intent = match prompt.amounts.first() {
                        Some(a) if rng.bool() => match a.in_currency(prompt.currency) {
                            Ok(amount) => Intent::Pledge {
                                amount,
                                monthly: false,
                            },
                            Err(_) => Intent::Decline,
                        },
                        _ => Intent::Decline,
                    };
                    app.world_mut().write_message(PlayerIntent(intent));
                    app.update();
                }
                return Ended::AtPrompt;
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
    Ended::Stuck
}

/// Resident memory of this process, in kilobytes (Linux; 0 elsewhere).
pub fn resident_kb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(0)
        * 4
}

/// What a booth holds after `visitor` visitors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub visitor: usize,
    pub entities: u32,
    pub assets: usize,
    pub resident_kb: u64,
}

/// Entities, loaded scenario assets and resident memory now.
pub fn sample(app: &mut App, visitor: usize) -> Sample {
    Sample {
        visitor,
        entities: app.world().entities().len(),
        assets: app
            .world()
            .get_resource::<Assets<crate::scenario::ScenarioAsset>>()
            .map_or(0, |a| a.len()),
        resident_kb: resident_kb(),
    }
}
