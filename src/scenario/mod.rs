//! The scenario as a Bevy capability: loads `scenario.ron` through an `AssetLoader` (so the
//! file watcher reloads it), owns the engine-free `Runner`, feeds it intents and publishes
//! its events as messages. Nothing here knows whether a mouse or a headset is in use.

mod loader;

pub use loader::{ScenarioAsset, ScenarioLoader};

use crate::{AppSystems, Screen};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{Intent, Runner, RuntimeEvent};

/// The asset source rooted at the scenario's folder.
pub const SCENARIO_SOURCE: &str = "scenario";

/// Where the scenario being played lives.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioLocation {
    pub folder: PathBuf,
    pub file_name: String,
    pub assets_dir: PathBuf,
}

impl ScenarioLocation {
    pub fn roots(&self) -> AssetRoots {
        AssetRoots::new([self.folder.clone(), self.assets_dir.clone()])
    }

    /// The asset path to load a file the scenario names: from its own folder when it is
    /// there, else from `assets/`.
    pub fn asset_path(&self, relative: &str) -> String {
        if self.folder.join(relative).is_file() {
            format!("{SCENARIO_SOURCE}://{relative}")
        } else {
            relative.to_string()
        }
    }
}

/// A request from the visitor, whatever device it came from.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct PlayerIntent(pub Intent);

/// Something that happened in the story, in order; presentation and analytics read these.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ScenarioEvent(pub RuntimeEvent);

/// The runner playing the current scenario, once one has loaded without errors.
#[derive(Resource, Default)]
pub struct ActiveScenario {
    pub runner: Option<Runner>,
    /// The diagnostics of the last load that failed, shown on screen until fixed.
    pub problems: Option<String>,
    handle: Handle<ScenarioAsset>,
}

pub struct ScenarioPlugin {
    pub location: ScenarioLocation,
}

impl Plugin for ScenarioPlugin {
    fn build(&self, app: &mut App) {
        app.init_asset::<ScenarioAsset>()
            .register_asset_loader(ScenarioLoader::new(&self.location))
            .insert_resource(self.location.clone())
            .init_resource::<ActiveScenario>()
            .add_message::<PlayerIntent>()
            .add_message::<ScenarioEvent>()
            .add_systems(Startup, start_loading)
            .add_systems(
                Update,
                (on_scenario_loaded, advance)
                    .chain()
                    .in_set(AppSystems::Advance),
            );
    }
}

fn start_loading(
    mut active: ResMut<ActiveScenario>,
    assets: Res<AssetServer>,
    location: Res<ScenarioLocation>,
) {
    active.handle = assets.load(format!("{SCENARIO_SOURCE}://{}", location.file_name));
}

/// Starts the runner on first load; on a reload continues at the current beat (or the start
/// if that beat is gone). A file with errors keeps the previous runner going.
fn on_scenario_loaded(
    mut asset_events: MessageReader<AssetEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut active: ResMut<ActiveScenario>,
    mut events: MessageWriter<ScenarioEvent>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
) {
    for event in asset_events.read() {
        let (AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id }) = event
        else {
            continue;
        };
        if *id != active.handle.id() {
            continue;
        }
        let Some(asset) = assets.get(*id) else {
            continue;
        };
        let Some(scenario) = asset.scenario.clone() else {
            error!(
                "scenario has errors; keeping the last good version running:\n{}",
                asset.report
            );
            active.problems = Some(asset.report.clone());
            if *screen.get() == Screen::Loading {
                next_screen.set(Screen::Problems);
            }
            continue;
        };
        if !asset.report.is_empty() {
            warn!("scenario warnings:\n{}", asset.report);
        }
        active.problems = None;
        let mut runner = match active.runner.take() {
            Some(previous) => {
                let beat = previous.beat().id.clone();
                let runner = Runner::resume_at(scenario, &beat, previous.state());
                info!(
                    "scenario reloaded; continuing at beat `{}`",
                    runner.beat().id
                );
                runner
            }
            None => Runner::new(scenario),
        };
        events.write_batch(runner.take_events().into_iter().map(ScenarioEvent));
        active.runner = Some(runner);
        if matches!(screen.get(), Screen::Loading | Screen::Problems) {
            next_screen.set(Screen::ContentNote);
        }
    }
}

/// Feeds this frame's intents and elapsed time to the runner. Outside `Playing` (content note,
/// loading) time stands still and only a reset is taken.
fn advance(
    mut intents: MessageReader<PlayerIntent>,
    mut active: ResMut<ActiveScenario>,
    mut events: MessageWriter<ScenarioEvent>,
    time: Res<Time>,
    screen: Res<State<Screen>>,
) {
    let Some(runner) = active.runner.as_mut() else {
        intents.clear();
        return;
    };
    let playing = *screen.get() == Screen::Playing;
    let intents: Vec<Intent> = intents
        .read()
        .map(|i| i.0.clone())
        .filter(|i| playing || *i == Intent::Reset)
        .collect();
    let dt = if playing { time.delta_secs() } else { 0.0 };
    let out = runner.step(intents, dt);
    events.write_batch(out.into_iter().map(ScenarioEvent));
}

/// Shared access for systems that only read the runner.
pub fn runner(active: &ActiveScenario) -> Option<&Runner> {
    active.runner.as_ref()
}

pub fn scenario_arc(active: &ActiveScenario) -> Option<&Arc<temoin_scenario::Scenario>> {
    active.runner.as_ref().map(Runner::scenario)
}
