//! Témoin, the app: composes one plugin per capability and nothing else. The story logic
//! lives in the Bevy-free `temoin_scenario` crate; each module here turns it into pictures,
//! sound and input.
//!
//! Data flows one way, device → intents → runner → events → presentation, and so do the
//! modules' imports. Leaving aside `paths` and the command line's modules (`cli`, `budget`,
//! `preflight`, `*_cli`, put together in `main.rs`), each imports only those listed before it:
//! - `scenario`: the runner's only home; intents and jumps in, events out.
//! - What capabilities share without importing one another: `body` (the visitor's body, what
//!   they point at, a recentre), `booth` (the attendant's requests, the time between
//!   visitors), `comfort`, and `presence` (is anyone wearing the headset).
//! - Presentation, which reads the story and the shared state and never a device or the
//!   attendant: `donation` (the gift's state), then `ui` (which shows it), then `world` (it waits on the interface's fade and writes signs with its texture
//!   panels), `soundscape`, `audio`.
//! - Devices, which turn input into intents and move the body: `rig` (the desktop, and the
//!   controls every device shares), then `headset` (feature `xr`; it draws the interface on
//!   its panels).
//! - What drives the story from outside: `capture` (stills), `operator` (the attendant's keys,
//!   strip and status line), then `analytics`, `sync` (the push to the NGO's PostgreSQL),
//!   `probe` and `soak`.

// Bevy systems take their world access as parameters and queries with filters; splitting them
// to please these two lints would hide what a system touches.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod analytics;
pub mod audio;
pub mod body;
pub mod booth;
pub mod budget;
pub mod capture;
pub mod cli;
pub mod comfort;
pub mod donation;
pub mod donations_cli;
pub mod headset;
pub mod operator;
pub mod paths;
pub mod preflight;
pub mod presence;
pub mod probe;
pub mod report_cli;
pub mod rig;
pub mod scenario;
pub mod soak;
pub mod soundscape;
pub mod strings_cli;
pub mod sync;
pub mod sync_cli;
pub mod ui;
pub mod world;

use bevy::asset::AssetMetaCheck;
use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use std::path::PathBuf;

/// The order of work in every frame: read devices into intents, advance the story, turn its
/// events into scenery and sound, then draw the interface from the resulting state.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    RecordInput,
    Advance,
    ApplyEffects,
    Present,
}

/// Coarse screens of a visitor's session; beats are data inside `Playing`, never states.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Waiting for the scenario file.
    #[default]
    Loading,
    /// The scenario has errors and nothing valid was loaded yet.
    Problems,
    /// Title, content note and "Begin": where each visitor starts.
    ContentNote,
    Playing,
}

/// What the app was asked to do.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub scenario_folder: PathBuf,
    pub scenario_file: String,
    pub assets_dir: PathBuf,
    pub window: (u32, u32),
    pub capture: Option<capture::CapturePlan>,
    /// The chapter's file: the loader reads its languages, overlays and texts from it.
    pub chapter_file: PathBuf,
    pub pack_paths: temoin_chapter::PackPaths,
    /// The attendant's `--locale`.
    pub locale: Option<String>,
    /// Start an OpenXR session (the probe found a headset).
    pub headset: bool,
    /// Seated visitors: the headset view is raised to standing height.
    pub seated: bool,
    /// What every visitor starts with (subtitles, sound, vignette, snap turns).
    pub comfort: comfort::ComfortSettings,
    /// Log frame times every 5 s (`--frame-stats`).
    pub frame_stats: bool,
    pub journal: PathBuf,
    /// Seconds a headset may stay off before the booth resets.
    pub absent_reset: f32,
    /// No window system and no GPU: every plugin of the experience, driven by `App::update`
    /// (the long soak of the whole world and the frame-cost bench; never a booth).
    pub headless: bool,
}

/// The whole experience in a desktop window.
pub fn build_app(options: AppOptions) -> App {
    let mut app = App::new();
    // Stills, soaks and benches never push to the NGO's database.
    let booth_syncs = !options.headless && options.capture.is_none();
    let location = scenario::ScenarioLocation {
        folder: options.scenario_folder.clone(),
        file_name: options.scenario_file.clone(),
        assets_dir: options.assets_dir.clone(),
        chapter_file: options.chapter_file.clone(),
        pack_paths: options.pack_paths.clone(),
    };
    register_scenario_source(&mut app, &options.scenario_folder);
    app.register_asset_source(
        temoin_chapter::pack::CHAPTER_SOURCE,
        AssetSourceBuilder::platform_default(
            &options.pack_paths.chapters_dir.to_string_lossy(),
            None,
        ),
    );
    let window = || WindowPlugin {
        primary_window: Some(Window {
            title: "Témoin".into(),
            resolution: WindowResolution::new(options.window.0, options.window.1),
            ..default()
        }),
        ..default()
    };
    let defaults = DefaultPlugins.set(window()).set(AssetPlugin {
        file_path: options.assets_dir.to_string_lossy().into_owned(),
        // Live reload of scenes while an author edits them.
        watch_for_changes_override: Some(!options.headless),
        meta_check: AssetMetaCheck::Never,
        ..default()
    });
    let defaults = if options.headless {
        // The world, the interface and the sound are all built, and the render world prepares
        // them (on whatever Vulkan device there is: Mesa's software one on the build
        // machines); with no window, nothing is drawn. Bevy without any renderer cannot remove
        // a mesh (its render-world sync expects one), so this is the lightest whole app. No
        // log subscriber either: several headless apps may share one test process, and only
        // one may install it.
        defaults
            .disable::<bevy::winit::WinitPlugin>()
            .disable::<bevy::log::LogPlugin>()
    } else {
        defaults
    };
    #[cfg(feature = "xr")]
    if options.headset {
        // OpenXR renders to the headset; the window (ours, not bevy_mod_openxr's transparent
        // one) mirrors the visitor's view for the queue.
        // XR_EXT_user_presence when the runtime has it (the proximity sensor: the strongest
        // presence layer); an extension the runtime lacks is simply not enabled.
        let mut exts = bevy_mod_openxr::exts::OxrExtensions::default();
        exts.enable_hand_tracking();
        exts.raw_mut().ext_user_presence = true;
        app.add_plugins(
            bevy_mod_openxr::add_xr_plugins(defaults)
                .set(window())
                .set(bevy_mod_openxr::init::OxrInitPlugin { exts, ..default() }),
        );
        app.add_plugins(headset::HeadsetPlugin {
            seated: options.seated,
            absent_reset: options.absent_reset,
        });
    } else {
        app.add_plugins(defaults);
    }
    #[cfg(not(feature = "xr"))]
    app.add_plugins(defaults);
    app.add_plugins(TemoinPlugin {
        location,
        capture: options.capture,
        comfort: options.comfort,
    });
    app.insert_resource(scenario::PresetLocale(options.locale));
    if probe::requested() && !options.headless {
        app.add_plugins(probe::ProbePlugin);
    }
    if options.frame_stats {
        use bevy::diagnostic::{FrameTimeDiagnosticsPlugin, LogDiagnosticsPlugin};
        app.add_plugins((
            FrameTimeDiagnosticsPlugin::default(),
            LogDiagnosticsPlugin {
                wait_duration: std::time::Duration::from_secs(5),
                ..default()
            },
        ));
    }
    // The visits' anonymous record lives beside the donation journal (one station's files).
    app.add_plugins(analytics::AnalyticsPlugin {
        database: Some(
            options
                .journal
                .with_file_name(temoin_analytics::DATABASE_FILE),
        ),
    });
    if booth_syncs {
        app.add_plugins(sync::SyncPlugin {
            station_dir: options
                .journal
                .parent()
                .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf),
        });
    }
    app.add_plugins(donation::DonationPlugin {
        journal: options.journal,
        chapters_dir: options.pack_paths.chapters_dir.clone(),
        secret: None,
    });
    app
}

/// Every capability of the experience; `build_app` adds it on top of Bevy's defaults.
pub struct TemoinPlugin {
    pub location: scenario::ScenarioLocation,
    pub capture: Option<capture::CapturePlan>,
    pub comfort: comfort::ComfortSettings,
}

impl Plugin for TemoinPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            StoryPlugin {
                location: self.location.clone(),
            },
            world::WorldPlugin,
            rig::RigPlugin,
            ui::UiPlugin,
            audio::AudioCuesPlugin,
            soundscape::SoundscapePlugin,
            comfort::ComfortPlugin {
                booth: self.comfort.clone(),
            },
            operator::plugin,
        ));
        if let Some(plan) = &self.capture {
            app.add_plugins(capture::CapturePlugin { plan: plan.clone() });
        }
    }
}

/// The part of the app that needs no window: screens, the frame's system order and the
/// scenario runtime. Headless tests run it with `MinimalPlugins`; the headset and the desktop
/// build their presentation on top of it.
pub struct StoryPlugin {
    pub location: scenario::ScenarioLocation,
}

impl Plugin for StoryPlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>().configure_sets(
            Update,
            (
                AppSystems::RecordInput,
                AppSystems::Advance,
                AppSystems::ApplyEffects,
                AppSystems::Present,
            )
                .chain(),
        );
        app.add_plugins(scenario::ScenarioPlugin {
            location: self.location.clone(),
        });
    }
}

/// Registers the asset source rooted at the scenario folder; must come before `AssetPlugin`.
pub fn register_scenario_source(app: &mut App, folder: &std::path::Path) {
    app.register_asset_source(
        scenario::SCENARIO_SOURCE,
        AssetSourceBuilder::platform_default(&folder.to_string_lossy(), None),
    );
}
