//! The models a place has loaded stay loaded for as long as the chapter pack is the same: when
//! the story comes back to a place (the next visitor's first place above all) its models are
//! already in memory, so the place is built in the frame it is asked for instead of waiting
//! for the disk and the glTF parser, and a headset shows no half-built room after a fade.
//! A whole chapter's models are a few tens of megabytes; a reloaded pack starts afresh.

use super::Scenery;
use super::motion::ModelFigure;
use crate::scenario::ActiveScenario;
use bevy::asset::UntypedAssetId;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;
use std::collections::HashSet;

/// Strong handles to every model a place of this pack has loaded.
#[derive(Resource, Default)]
pub struct KeptModels {
    /// The pack they belong to (its address; a reload makes a new one).
    pack: usize,
    ids: HashSet<UntypedAssetId>,
    handles: Vec<UntypedHandle>,
}

impl KeptModels {
    fn keep(&mut self, handle: UntypedHandle) {
        if self.ids.insert(handle.id()) {
            self.handles.push(handle);
        }
    }

    /// How many models are kept (for the soak's counts).
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<KeptModels>()
        .add_systems(Update, keep_new_models.after(super::SpawnEnvironment));
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
