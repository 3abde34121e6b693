//! The story's models stay loaded for as long as the chapter pack is the same. Once the first
//! place has been whole for a moment, every other model the story uses is loaded in the
//! background, and none is let go: a place change never waits for the disk and the glTF
//! parser, for the first visitor as for the next (the next visitor's first place is built in
//! the frame the attendant asks), and a headset never shows a room building itself after a
//! fade. A whole chapter's models are a few tens of megabytes; a reloaded pack starts afresh.

use super::Scenery;
use super::motion::ModelFigure;
use crate::scenario::{ActiveScenario, ScenarioLocation};
use bevy::asset::UntypedAssetId;
use bevy::gltf::{Gltf, GltfAssetLabel};
use bevy::prelude::*;
use bevy::world_serialization::{WorldAsset, WorldAssetRoot};
use std::collections::HashSet;
use temoin_scenario::{Figure, Scenario, Shape};

/// Strong handles to every model of this pack that has been asked for.
#[derive(Resource, Default)]
pub struct KeptModels {
    /// The pack they belong to (its address; a reload makes a new one).
    pack: usize,
    ids: HashSet<UntypedAssetId>,
    handles: Vec<UntypedHandle>,
    /// The rest of the story's models have been asked for.
    preloaded: bool,
}

impl KeptModels {
    fn keep(&mut self, handle: UntypedHandle) {
        if self.ids.insert(handle.id()) {
            self.handles.push(handle);
        }
    }

    /// How many models are kept.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<KeptModels>().add_systems(
        Update,
        (keep_new_models, preload_the_rest)
            .chain()
            .after(super::SpawnEnvironment),
    );
}

fn keep_new_models(
    active: Res<ActiveScenario>,
    mut kept: ResMut<KeptModels>,
    roots: Query<&WorldAssetRoot, (With<Scenery>, Added<WorldAssetRoot>)>,
    figures: Query<&ModelFigure, Added<ModelFigure>>,
) {
    let pack = active
        .pack
        .as_ref()
        .map_or(0, |p| std::sync::Arc::as_ptr(p) as usize);
    if pack != kept.pack {
        *kept = KeptModels { pack, ..default() };
    }
    for root in &roots {
        kept.keep(root.0.clone().untyped());
    }
    for figure in &figures {
        kept.keep(figure.gltf.clone().untyped());
    }
}

/// How long the place on show is whole, drawn and left alone before the rest is asked for:
/// its first frames (pipelines, uploads) come first, and the booth's start screen stays up
/// far longer than this before a visitor begins.
const PRELOAD_AFTER_SECONDS: f32 = 2.0;

/// Once the place on show has been whole for a moment, asks for every other model.
#[allow(clippy::too_many_arguments)]
fn preload_the_rest(
    time: Res<Time>,
    mut whole_for: Local<f32>,
    active: Res<ActiveScenario>,
    location: Res<ScenarioLocation>,
    asset_server: Res<AssetServer>,
    mut kept: ResMut<KeptModels>,
    roots: Query<&WorldAssetRoot, With<Scenery>>,
) {
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let on_show_is_whole = !roots.is_empty()
        && roots
            .iter()
            .all(|r| asset_server.is_loaded_with_dependencies(&r.0));
    *whole_for = if on_show_is_whole {
        *whole_for + time.delta_secs()
    } else {
        0.0
    };
    if kept.preloaded || *whole_for < PRELOAD_AFTER_SECONDS {
        return;
    }
    kept.preloaded = true;
    for path in model_paths(runner.scenario()) {
        let asset = location.asset_path(path);
        let scene: Handle<WorldAsset> =
            asset_server.load(GltfAssetLabel::Scene(0).from_asset(asset.clone()));
        kept.keep(scene.untyped());
        // A figure's clips are read from the file's `Gltf` asset, as `ModelFigure` holds it.
        let gltf: Handle<Gltf> = asset_server.load(asset);
        kept.keep(gltf.untyped());
    }
}

/// Every model file the story's places and people use, once each.
pub fn model_paths(scenario: &Scenario) -> Vec<&str> {
    let mut paths: Vec<&str> = Vec::new();
    for env in &scenario.environments {
        let pieces = env.pieces.iter().filter_map(|p| match &p.shape {
            Shape::Model { path, .. } => Some(path.as_str()),
            _ => None,
        });
        let people = env.characters.iter().filter_map(|c| match &c.figure {
            Figure::Model { path, .. } => Some(path.as_str()),
            _ => None,
        });
        for path in pieces.chain(people) {
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    paths
}
