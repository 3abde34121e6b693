//! The baseline the frame-cost and start-up benches compare Témoin with: Bevy with the same
//! plugins (the same features), a camera, a light and the first place's model.

use bevy::prelude::*;
use bevy::world_serialization::{WorldAsset, WorldAssetRoot};

/// The repository's assets, read as the app reads them.
pub fn asset_plugin() -> AssetPlugin {
    AssetPlugin {
        file_path: concat!(env!("CARGO_MANIFEST_DIR"), "/assets").into(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        ..default()
    }
}

/// The camera, the light and the office set; the model's handle, to know when it is loaded.
pub fn spawn(commands: &mut Commands, assets: &AssetServer) -> Handle<WorldAsset> {
    commands.spawn((
        Camera3d::default(),
        Transform::from_xyz(0.0, 1.6, 3.0).looking_at(Vec3::new(0.0, 1.2, 0.0), Vec3::Y),
    ));
    commands.spawn((
        DirectionalLight::default(),
        Transform::from_xyz(2.0, 4.0, 1.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    let scene = assets.load(GltfAssetLabel::Scene(0).from_asset("models/office_set.glb"));
    commands.spawn(WorldAssetRoot(scene.clone()));
    scene
}
