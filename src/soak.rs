//! A booth without a window, for long runs, played by seeded random visitors with a reset
//! between each: either the story, the attendant's actions and the analytics alone
//! (`headless_booth`, fast), or every plugin of the experience with nothing drawn
//! (`whole_booth`: the places, the people, the interface, the sound and the donations are
//! built for each visitor). The booth tests play a few; the `soak` bench plays a day's worth
//! and shows what stays flat.

use crate::Screen;
use crate::booth::OperatorAction;
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

/// Every plugin of the app (`build_app` with `headless`), the bundled story of `chapter`, its
/// donation journal and analytics in `dir`. Time moves half a second a frame, as in
/// `headless_booth`.
pub fn whole_booth(repo: &Path, chapter: &str, dir: &Path) -> Result<App, String> {
    let pack_paths = temoin_chapter::PackPaths {
        chapters_dir: repo.join("chapters"),
        assets_dir: repo.join("assets"),
    };
    let chapter_file = temoin_chapter::config::chapter_path(&pack_paths.chapters_dir(), chapter)?;
    let config = temoin_chapter::load_chapter(&chapter_file).map_err(|problems| {
        problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let scenario = temoin_scenario::load::scenario_file(&pack_paths.root().join(&config.scenario));
    let (Some(folder), Some(name)) = (scenario.parent(), scenario.file_name()) else {
        return Err(format!("`{}` is not a scenario file", scenario.display()));
    };
    let mut app = crate::build_app(crate::AppOptions {
        scenario_folder: folder.to_path_buf(),
        scenario_file: name.to_string_lossy().into_owned(),
        assets_dir: repo.join("assets"),
        window: (1280, 720),
        capture: None,
        chapter_file,
        pack_paths,
        locale: None,
        headset: false,
        seated: false,
        comfort: crate::comfort::ComfortSettings::default(),
        frame_stats: false,
        journal: dir.join("donations.sqlite"),
        absent_reset: 45.0,
        headless: true,
    });
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        500,
    )));
    app.finish();
    app.cleanup();
    Ok(app)
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
    /// Loaded scenarios (the story and its chapter's overlays).
    pub assets: usize,
    /// What the world and the interface are made of: meshes, materials, images, glTF scenes,
    /// animation clips and sounds (0 in the story-only booth).
    pub world_assets: usize,
    pub resident_kb: u64,
}

fn count<A: Asset>(app: &App) -> usize {
    app.world()
        .get_resource::<Assets<A>>()
        .map_or(0, |a| a.len())
}

/// The attendant's "next visitor", then frames until the first place has settled, then a
/// sample: the world differs from beat to beat, so a soak compares like with like, here.
pub fn between_visitors(app: &mut App, visitor: usize) -> Sample {
    app.world_mut().write_message(OperatorAction::NextVisitor);
    for _ in 0..20 {
        app.update();
    }
    // Models load on other threads: on a busy machine twenty frames may not be enough, and a
    // half-loaded place would count fewer assets than a whole one.
    for _ in 0..600 {
        if scenery_loaded(app) {
            break;
        }
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    sample(app, visitor)
}

/// Every model of the place on show is loaded, textures included (true with no models).
pub fn scenery_loaded(app: &mut App) -> bool {
    let Some(server) = app.world().get_resource::<AssetServer>().cloned() else {
        return true;
    };
    let mut roots = app
        .world_mut()
        .query_filtered::<&bevy::world_serialization::WorldAssetRoot, With<crate::world::Scenery>>(
        );
    roots
        .iter(app.world())
        .all(|r| server.is_loaded_with_dependencies(&r.0))
}

/// Entities, loaded assets and resident memory now.
pub fn sample(app: &mut App, visitor: usize) -> Sample {
    Sample {
        visitor,
        entities: app.world().entities().len(),
        assets: count::<crate::scenario::ScenarioAsset>(app),
        world_assets: count::<Mesh>(app)
            + count::<StandardMaterial>(app)
            + count::<Image>(app)
            + count::<bevy::world_serialization::WorldAsset>(app)
            + count::<AnimationClip>(app)
            + count::<AudioSource>(app),
        resident_kb: resident_kb(),
    }
}
