//! Builds the environment the story is in from the scenario's set pieces: shapes, glTF
//! models, lights, sky, and markers for targets and spots. Rebuilt whole on every change of
//! environment, so nothing of a previous place or visitor lingers.

use crate::scenario::{ActiveScenario, ScenarioEvent, ScenarioLocation};
use crate::ui::FadeOverlay;
use crate::{AppSystems, rig::Player};
use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;
use temoin_scenario::runner::{self, FadeDirection};
use temoin_scenario::{Environment, Light, Piece, RuntimeEvent, Shape, SpotId, TargetId};

/// Radius of the disc that marks a spot on the floor, and of the area that counts as
/// standing on it.
pub const SPOT_RADIUS: f32 = 0.6;

pub struct WorldPlugin;

impl Plugin for WorldPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ClearColor(Color::BLACK))
            .add_systems(
                Update,
                apply_environment_changes.in_set(AppSystems::ApplyEffects),
            )
            .add_systems(Update, highlight_markers.in_set(AppSystems::Present));
    }
}

/// Everything spawned for the current environment.
#[derive(Component)]
pub struct Scenery;

/// Something the visitor can look at or select.
#[derive(Component, Debug, Clone)]
pub struct TargetMarker {
    pub id: TargetId,
    pub radius: f32,
    pub label: String,
}

/// A place the visitor can stand; clicking it teleports there.
#[derive(Component, Debug, Clone)]
pub struct SpotMarker {
    pub id: SpotId,
    pub label: Option<String>,
}

/// The ring that shows a target can be acted on.
#[derive(Component)]
struct TargetHalo;

/// Which material a marker wears, so highlighting swaps handles instead of making new ones.
#[derive(Resource)]
struct MarkerMaterials {
    halo: Handle<StandardMaterial>,
    spot: Handle<StandardMaterial>,
    spot_active: Handle<StandardMaterial>,
}

fn srgba(c: temoin_scenario::Color) -> Color {
    let [r, g, b, a] = c.to_f32();
    Color::srgba(r, g, b, a)
}

fn vec3(v: [f32; 3]) -> Vec3 {
    Vec3::from_array(v)
}

/// A yaw in degrees clockwise from -z (the scenario's convention) as a rotation about +y.
pub fn facing_rotation(degrees: f32) -> Quat {
    Quat::from_rotation_y(-degrees.to_radians())
}

/// An environment change waiting for the view to be black.
#[derive(Default)]
struct PendingScene {
    change: Option<(temoin_scenario::EnvironmentId, SpotId)>,
    dark_first: bool,
    waited: f32,
}

#[allow(clippy::too_many_arguments)]
fn apply_environment_changes(
    mut events: MessageReader<ScenarioEvent>,
    active: Res<ActiveScenario>,
    location: Res<ScenarioLocation>,
    scenery: Query<Entity, With<Scenery>>,
    mut player: Query<&mut Transform, With<Player>>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    asset_server: Res<AssetServer>,
    mut clear: ResMut<ClearColor>,
    mut ambient: ResMut<GlobalAmbientLight>,
    (time, fade, mut pending): (Res<Time>, Query<&FadeOverlay>, Local<PendingScene>),
) {
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::Fade {
                direction: FadeDirection::Out,
                ..
            } => pending.dark_first = true,
            RuntimeEvent::EnvironmentChanged { environment, spot } => {
                pending.change = Some((environment.clone(), spot.clone()));
                pending.waited = 0.0;
            }
            RuntimeEvent::Reset => pending.dark_first = false,
            _ => {}
        }
    }
    if pending.change.is_none() {
        return;
    }
    // A scene change after a fade out happens in the dark: the visitor never sees the world
    // jump (in a headset, a jump they did not cause is sickening). Without a fade layer
    // (headless) or if the fade never gets there, it happens anyway.
    pending.waited += time.delta_secs();
    let dark = fade.single().map_or(true, |f| f.alpha >= 1.0);
    if pending.dark_first && !dark && pending.waited < runner::SCENE_FADE_SECONDS * 2.0 {
        return;
    }
    pending.dark_first = false;
    let Some((environment, spot)) = pending.change.take() else {
        return;
    };
    let scenario = runner.scenario();
    let Some(env) = scenario.environment(runner.index(), &environment) else {
        error!("environment `{environment}` is not in the scenario");
        return;
    };
    for entity in &scenery {
        commands.entity(entity).despawn();
    }
    clear.0 = srgba(env.sky);
    ambient.color = srgba(env.ambient.color);
    ambient.brightness = env.ambient.brightness;
    let markers = MarkerMaterials {
        halo: materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 0.85, 0.4, 0.7),
            emissive: LinearRgba::rgb(2.0, 1.5, 0.5),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        }),
        spot: materials.add(StandardMaterial {
            base_color: Color::srgba(0.6, 0.8, 1.0, 0.35),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        }),
        spot_active: materials.add(StandardMaterial {
            base_color: Color::srgba(1.0, 0.8, 0.3, 0.8),
            emissive: LinearRgba::rgb(1.5, 1.0, 0.3),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        }),
    };
    spawn_environment(
        &mut commands,
        env,
        &mut meshes,
        &mut materials,
        &markers,
        &asset_server,
        &location,
    );
    commands.insert_resource(markers);
    if let Some(spot) = scenario.spot(runner.index(), &spot)
        && let Ok(mut transform) = player.single_mut()
    {
        transform.translation = vec3(spot.position);
        transform.rotation = facing_rotation(spot.facing);
    }
}

fn spawn_environment(
    commands: &mut Commands,
    env: &Environment,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    markers: &MarkerMaterials,
    asset_server: &AssetServer,
    location: &ScenarioLocation,
) {
    for piece in &env.pieces {
        spawn_piece(commands, piece, meshes, materials, asset_server, location);
    }
    for light in &env.lights {
        match *light {
            Light::Sun {
                elevation,
                azimuth,
                illuminance,
                color,
            } => {
                let (el, az) = (elevation.to_radians(), azimuth.to_radians());
                let towards_sun = Vec3::new(az.sin() * el.cos(), el.sin(), -az.cos() * el.cos());
                commands.spawn((
                    Scenery,
                    DirectionalLight {
                        illuminance,
                        color: srgba(color),
                        shadow_maps_enabled: true,
                        ..default()
                    },
                    Transform::from_translation(towards_sun).looking_at(Vec3::ZERO, Vec3::Y),
                ));
            }
            Light::Point {
                position,
                intensity,
                range,
                color,
            } => {
                commands.spawn((
                    Scenery,
                    PointLight {
                        intensity,
                        range,
                        color: srgba(color),
                        ..default()
                    },
                    Transform::from_translation(vec3(position)),
                ));
            }
        }
    }
    let halo_mesh = meshes.add(Torus::new(0.9, 1.0));
    for target in &env.targets {
        commands
            .spawn((
                Scenery,
                TargetMarker {
                    id: target.id.clone(),
                    radius: target.radius,
                    label: target.label.text.clone(),
                },
                Transform::from_translation(vec3(target.position)),
                Visibility::default(),
            ))
            .with_child((
                TargetHalo,
                Mesh3d(halo_mesh.clone()),
                MeshMaterial3d(markers.halo.clone()),
                Transform::from_scale(Vec3::splat(target.radius.max(0.2))),
                Visibility::Hidden,
            ));
    }
    let disc = meshes.add(Cylinder::new(SPOT_RADIUS, 0.02));
    for spot in &env.spots {
        commands.spawn((
            Scenery,
            SpotMarker {
                id: spot.id.clone(),
                label: spot.label.as_ref().map(|l| l.text.clone()),
            },
            Mesh3d(disc.clone()),
            MeshMaterial3d(markers.spot.clone()),
            Transform::from_translation(vec3(spot.position) + Vec3::Y * 0.012),
        ));
    }
}

fn spawn_piece(
    commands: &mut Commands,
    piece: &Piece,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    asset_server: &AssetServer,
    location: &ScenarioLocation,
) {
    let [rx, ry, rz] = piece.rotation.map(f32::to_radians);
    let transform = Transform::from_translation(vec3(piece.position))
        .with_rotation(Quat::from_euler(EulerRot::YXZ, ry, rx, rz));
    let mesh = match &piece.shape {
        Shape::Box { size } => meshes.add(Cuboid::new(size[0], size[1], size[2])),
        Shape::Cylinder { radius, height } => meshes.add(Cylinder::new(*radius, *height)),
        Shape::Plane { size } => meshes.add(Plane3d::default().mesh().size(size[0], size[1])),
        Shape::Sphere { radius } => meshes.add(Sphere::new(*radius).mesh().uv(32, 18)),
        Shape::Model { path, scale } => {
            let scene =
                asset_server.load(GltfAssetLabel::Scene(0).from_asset(location.asset_path(path)));
            commands.spawn((
                Scenery,
                WorldAssetRoot(scene),
                transform.with_scale(Vec3::splat(*scale)),
            ));
            return;
        }
    };
    let m = &piece.material;
    let material = materials.add(StandardMaterial {
        base_color: srgba(m.color),
        perceptual_roughness: m.roughness,
        metallic: m.metallic,
        emissive: m
            .emissive
            .map(|e| LinearRgba::from(srgba(e)))
            .unwrap_or(LinearRgba::BLACK),
        ..default()
    });
    commands.spawn((Scenery, Mesh3d(mesh), MeshMaterial3d(material), transform));
}

/// Shows the halo of targets the visitor can act on now, and lights up the spots they are
/// asked to reach.
fn highlight_markers(
    active: Res<ActiveScenario>,
    markers: Option<Res<MarkerMaterials>>,
    targets: Query<(&TargetMarker, &Children)>,
    mut halos: Query<&mut Visibility, With<TargetHalo>>,
    mut spots: Query<(&SpotMarker, &mut MeshMaterial3d<StandardMaterial>)>,
) {
    let (Some(runner), Some(markers)) = (active.runner.as_ref(), markers) else {
        return;
    };
    let active_targets = runner.active_targets();
    let active_spots = runner.active_spots();
    for (target, children) in &targets {
        let visible = if active_targets.contains(&target.id) {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
        for child in children.iter() {
            if let Ok(mut v) = halos.get_mut(child) {
                v.set_if_neq(visible);
            }
        }
    }
    for (spot, mut material) in &mut spots {
        let wanted = if active_spots.contains(&spot.id) {
            &markers.spot_active
        } else {
            &markers.spot
        };
        if material.0 != *wanted {
            material.0 = wanted.clone();
        }
    }
}
