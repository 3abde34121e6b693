//! The scenario as a Bevy capability: loads the chapter pack through an `AssetLoader` (so the
//! file watcher reloads it; a small poller covers the pack's other files), plays it in the
//! visitor's language with the engine-free `Runner`, feeds it intents (and the attendant's or the
//! stills' jumps to a beat) and publishes its events as messages. This is the runner's only
//! home: nothing else replaces it or writes its events. Nothing here knows whether a mouse or
//! a headset is in use.

mod loader;

pub use loader::{ScenarioAsset, ScenarioLoader};

use crate::{AppSystems, Screen};
use bevy::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;
use temoin_chapter::PackPaths;
use temoin_chapter::pack::Pack;
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{BeatId, Intent, Locale, Runner, RuntimeEvent, TimedEvent};

/// The asset source rooted at the scenario's folder.
pub const SCENARIO_SOURCE: &str = "scenario";

/// Where the scenario being played lives.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioLocation {
    pub folder: PathBuf,
    pub file_name: String,
    pub assets_dir: PathBuf,
    /// The chapter file: languages, overlays, texts; the scenario above replaces its own.
    pub chapter_file: PathBuf,
    pub pack_paths: PackPaths,
}

impl ScenarioLocation {
    pub fn roots(&self) -> AssetRoots {
        AssetRoots::new([self.folder.clone(), self.assets_dir.clone()])
    }

    /// The asset path to load a file the scenario names: from its own folder when it is
    /// there, else from `assets/`.
    pub fn asset_path(&self, relative: &str) -> String {
        // Already in a source (`chapter://…`, from the voice lookup).
        if relative.contains("://") {
            relative.to_string()
        } else if self.folder.join(relative).is_file() {
            format!("{SCENARIO_SOURCE}://{relative}")
        } else {
            relative.to_string()
        }
    }
}

/// A request from the visitor, whatever device it came from.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct PlayerIntent(pub Intent);

/// Something that happened in the story, in order, with the runner's clock (seconds, never
/// wound back, not even by a reset); presentation and analytics read these.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ScenarioEvent(pub RuntimeEvent, pub f64);

impl From<TimedEvent> for ScenarioEvent {
    fn from(timed: TimedEvent) -> Self {
        ScenarioEvent(timed.event, timed.at)
    }
}

/// Straight to a beat, keeping what the visitor has found and decided: the attendant's "straight
/// to the gift", the stills of `--capture`. Taken at the start of the next `Advance`, before
/// that frame's intents.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct JumpTo(pub BeatId);

/// The visitor (or the attendant) picks a language; the story goes on in it where it is.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ChooseLocale(pub Locale);

/// The runner playing the current scenario, once one has loaded without errors.
#[derive(Resource, Default)]
pub struct ActiveScenario {
    pub runner: Option<Runner>,
    /// The chapter pack the runner plays, in every language it offers.
    pub pack: Option<Arc<Pack>>,
    /// The language the runner plays in.
    pub locale: Option<Locale>,
    /// The diagnostics of the last load that failed, shown on screen until fixed.
    pub problems: Option<String>,
    handle: Handle<ScenarioAsset>,
    /// (locale, number of texts) already reported as falling back, so it is said once.
    reported_fallbacks: HashSet<(Locale, usize)>,
}

/// The language the attendant chose on the command line (`--locale`); it is also where the
/// next visitor starts after a reset.
#[derive(Resource, Debug, Clone, Default)]
pub struct PresetLocale(pub Option<String>);

impl ActiveScenario {
    /// The pack in `locale`, as a fresh runner's scenario. Texts without a translation fall
    /// back along the chain; that is logged once per locale.
    fn localized(&mut self, pack: &Pack, locale: &Locale) -> Arc<temoin_scenario::Scenario> {
        let (scenario, fell_back) = pack.localized(locale);
        if !fell_back.is_empty()
            && *locale != pack.scenario.default_locale
            && self
                .reported_fallbacks
                .insert((locale.clone(), fell_back.len()))
        {
            let shown: Vec<&str> = fell_back.iter().take(5).map(|l| l.as_str()).collect();
            warn!(
                "{locale}: {} texts have no translation and fall back ({}{})",
                fell_back.len(),
                shown.join(", "),
                if fell_back.len() > 5 { ", …" } else { "" }
            );
        }
        Arc::new(scenario)
    }
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
            .init_resource::<PresetLocale>()
            .add_message::<PlayerIntent>()
            .add_message::<ScenarioEvent>()
            .add_message::<ChooseLocale>()
            .add_message::<JumpTo>()
            .add_systems(Startup, start_loading)
            .add_systems(
                Update,
                (
                    jump,
                    reload_when_pack_files_change,
                    on_scenario_loaded,
                    change_locale,
                    advance,
                )
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
    preset: Res<PresetLocale>,
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
        let Some(pack) = asset.pack.clone() else {
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
        let locale = active
            .locale
            .clone()
            .filter(|l| pack.offered.iter().any(|o| o.locale == *l))
            .or_else(|| {
                preset
                    .0
                    .as_deref()
                    .and_then(|tag| pack.offered_locale(tag))
                    .map(|o| o.locale.clone())
            })
            .unwrap_or_else(|| pack.default_locale.clone());
        let scenario = active.localized(&pack, &locale);
        active.pack = Some(pack);
        active.locale = Some(locale);
        let mut runner = match active.runner.take() {
            Some(previous) => {
                let beat = previous.beat().id.clone();
                let mut runner = Runner::resume_at(scenario, &beat, previous.state());
                runner.continue_clock(&previous);
                info!(
                    "scenario reloaded; continuing at beat `{}`",
                    runner.beat().id
                );
                runner
            }
            None => Runner::new(scenario),
        };
        events.write_batch(
            runner
                .take_timed_events()
                .into_iter()
                .map(ScenarioEvent::from),
        );
        active.runner = Some(runner);
        if matches!(screen.get(), Screen::Loading | Screen::Problems) {
            next_screen.set(Screen::ContentNote);
        }
    }
}

/// Replaces the runner with one at the requested beat; its clock carries on, so whoever reads
/// the events sees time run forward.
fn jump(
    mut requests: MessageReader<JumpTo>,
    mut active: ResMut<ActiveScenario>,
    mut events: MessageWriter<ScenarioEvent>,
) {
    for JumpTo(beat) in requests.read() {
        let Some(runner) = active.runner.as_mut() else {
            continue;
        };
        let mut jumped = Runner::jump(runner.scenario().clone(), beat, runner.state());
        jumped.continue_clock(runner);
        events.write_batch(
            jumped
                .take_timed_events()
                .into_iter()
                .map(ScenarioEvent::from),
        );
        *runner = jumped;
    }
}

/// Switches the story to another of the chapter's languages, at the same place.
fn change_locale(
    mut requests: MessageReader<ChooseLocale>,
    mut active: ResMut<ActiveScenario>,
    mut events: MessageWriter<ScenarioEvent>,
) {
    let Some(ChooseLocale(locale)) = requests.read().last().cloned() else {
        return;
    };
    let (Some(pack), Some(previous)) = (active.pack.clone(), active.runner.take()) else {
        return;
    };
    if !pack.offered.iter().any(|o| o.locale == locale) {
        warn!("`{locale}` is not one of this chapter's languages");
        active.runner = Some(previous);
        return;
    }
    let scenario = active.localized(&pack, &locale);
    let beat = previous.beat().id.clone();
    let mut runner = Runner::resume_at(scenario, &beat, previous.state());
    runner.continue_clock(&previous);
    runner.announce(RuntimeEvent::LocaleChanged {
        locale: locale.clone(),
    });
    info!("language: {locale}");
    events.write_batch(
        runner
            .take_timed_events()
            .into_iter()
            .map(ScenarioEvent::from),
    );
    active.runner = Some(runner);
    active.locale = Some(locale);
}

/// The asset server watches the scenario file; the chapter, its overlays and locale tables
/// live elsewhere, so their modification times are polled twice a second against those the
/// loader saw, and a difference reloads the pack.
fn reload_when_pack_files_change(
    assets: Res<Assets<ScenarioAsset>>,
    active: Res<ActiveScenario>,
    server: Res<AssetServer>,
    time: Res<Time>,
    mut next_check: Local<f32>,
    mut requested: Local<Vec<(PathBuf, Option<SystemTime>)>>,
) {
    if time.elapsed_secs() < *next_check {
        return;
    }
    *next_check = time.elapsed_secs() + 0.5;
    let Some(asset) = assets.get(&active.handle) else {
        return;
    };
    let now = loader::modification_times(asset.watched.iter().map(|(p, _)| p.clone()));
    if now != asset.watched && now != *requested {
        info!("a chapter, overlay or locale file changed; reloading");
        if let Some(path) = active.handle.path() {
            server.reload(path.clone());
        }
        *requested = now;
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
    preset: Res<PresetLocale>,
    mut choose: MessageWriter<ChooseLocale>,
) {
    let start_locale = active.pack.as_ref().map(|pack| {
        preset
            .0
            .as_deref()
            .and_then(|tag| pack.offered_locale(tag))
            .map_or(pack.default_locale.clone(), |o| o.locale.clone())
    });
    let current_locale = active.locale.clone();
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
    let out = runner.step_timed(intents, dt);
    // The next visitor starts in the booth's language, not the last visitor's.
    if out.iter().any(|e| e.event == RuntimeEvent::Reset)
        && let Some(start) = start_locale
        && current_locale.as_ref() != Some(&start)
    {
        choose.write(ChooseLocale(start));
    }
    events.write_batch(out.into_iter().map(ScenarioEvent::from));
}
