//! Builds the environment the story is in from the scenario's set pieces: shapes, glTF
//! models, lights, sky and haze, people, writing, and markers for targets and spots. Rebuilt
//! whole on every change of environment, so nothing of a previous place or visitor lingers.

pub mod atmosphere;
pub mod figure;
pub mod kept;
pub mod lathe;
pub mod motion;
pub mod pose;
pub mod signs;
pub mod surfaces;
pub mod whole;

use crate::AppSystems;
use crate::body::Player;
use crate::scenario::{ActiveScenario, ScenarioEvent, ScenarioLocation};
use crate::ui::FadeOverlay;
use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;
use temoin_scenario::runner::{self, FadeDirection};
use temoin_scenario::{
    Character, Environment, Figure, Light, Piece, RuntimeEvent, Shape, SpotId, TargetId,
};

/// Radius of the disc that marks a spot on the floor, and of the area that counts as
/// standing on it.
pub const SPOT_RADIUS: f32 = 0.6;

pub struct WorldPlugin;

impl Plugin for WorldPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ClearColor(Color::BLACK))
            .init_resource::<CurrentPlace>()
            .init_resource::<PendingScene>()
            .add_systems(
                Update,
                apply_environment_changes
                    .in_set(AppSystems::ApplyEffects)
                    .in_set(SpawnEnvironment)
                    // Sees the black the fade reached last frame, before the fade moves on.
                    .before(crate::ui::Fading),
            )
            .add_systems(Update, highlight_markers.in_set(AppSystems::Present))
            .add_plugins((
                atmosphere::plugin,
                signs::plugin,
                motion::plugin,
                kept::plugin,
                whole::plugin,
            ));
    }
}

/// The system that swaps places; what reacts to the new place runs after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SpawnEnvironment;

/// The environment on screen now (its id), for sound and anything else that follows places.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct CurrentPlace(pub Option<temoin_scenario::EnvironmentId>);

/// The shared material of every person: colours come from their vertices.
#[derive(Resource)]
struct PeopleMaterial(Handle<StandardMaterial>);

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
#[derive(Resource, Default)]
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
    (time, fade, mut pending): (Res<Time>, Query<&FadeOverlay>, ResMut<PendingScene>),
    (mut images, mut haze, mut place): (
        ResMut<Assets<Image>>,
        ResMut<atmosphere::Haze>,
        ResMut<CurrentPlace>,
    ),
    people_material: Option<Res<PeopleMaterial>>,
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
    haze.0 = atmosphere::haze_of(env);
    place.0 = Some(env.id.clone());
    let people = match people_material {
        Some(m) => m.0.clone(),
        None => {
            let handle = materials.add(StandardMaterial {
                base_color: Color::WHITE,
                perceptual_roughness: 0.85,
                ..default()
            });
            commands.insert_resource(PeopleMaterial(handle.clone()));
            handle
        }
    };
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
    atmosphere::spawn_sky(
        &mut commands,
        env,
        &mut meshes,
        &mut materials,
        &asset_server,
        &location,
    );
    atmosphere::spawn_clock_sun(&mut commands, env);
    for text in &env.texts {
        signs::spawn_sign(
            &mut commands,
            text,
            &mut images,
            &mut meshes,
            &mut materials,
        );
    }
    for (i, character) in env.characters.iter().enumerate() {
        spawn_character(
            &mut commands,
            character,
            env,
            i as f32,
            &mut meshes,
            &people,
            &asset_server,
            &location,
        );
    }
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
            } => atmosphere::spawn_sun(commands, elevation, azimuth, illuminance, srgba(color)),
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
    let Some(mut mesh) = primitive_mesh(&piece.shape) else {
        if let Shape::Model { path, scale } = &piece.shape {
            let scene =
                asset_server.load(GltfAssetLabel::Scene(0).from_asset(location.asset_path(path)));
            commands.spawn((
                Scenery,
                WorldAssetRoot(scene),
                transform.with_scale(Vec3::splat(*scale)),
            ));
        }
        return;
    };
    if piece.material.textures.is_some() {
        surfaces::metric_uvs(&mut mesh, &piece.shape);
        if let Err(e) = mesh.generate_tangents() {
            warn!("a textured piece has no tangents for its normal map: {e}");
        }
    }
    let material = materials.add(surfaces::piece_material(
        &piece.material,
        asset_server,
        location,
    ));
    commands.spawn((
        Scenery,
        Mesh3d(meshes.add(mesh)),
        MeshMaterial3d(material),
        transform,
    ));
}

/// The mesh of a primitive piece; `None` for a glTF model. `temoin budget` counts the same.
pub fn primitive_mesh(shape: &Shape) -> Option<Mesh> {
    Some(match shape {
        Shape::Box { size } => Mesh::from(Cuboid::new(size[0], size[1], size[2])),
        Shape::Cylinder { radius, height } => Mesh::from(Cylinder::new(*radius, *height)),
        Shape::Plane { size } => Plane3d::default().mesh().size(size[0], size[1]).build(),
        Shape::Sphere { radius } => Sphere::new(*radius).mesh().uv(32, 18),
        Shape::Model { .. } => return None,
    })
}

/// Where a character stands when the visitor arrives: their spot, else their position.
pub fn character_place(character: &Character, env: &Environment) -> Vec3 {
    character
        .spot
        .as_ref()
        .and_then(|id| env.spots.iter().find(|s| &s.id == id))
        .map(|s| vec3(s.position))
        .or(character.position.map(vec3))
        .unwrap_or_default()
}

/// A `Person` figure with its joints, standing at `at` facing -z; returns the root.
pub fn spawn_person(
    commands: &mut Commands,
    character: &Character,
    at: Vec3,
    seed: f32,
    meshes: &mut Assets<Mesh>,
    material: &Handle<StandardMaterial>,
) -> Entity {
    let Figure::Person { body, height, .. } = &character.figure else {
        return commands
            .spawn((Scenery, Transform::from_translation(at)))
            .id();
    };
    let proportions = pose::Proportions::new(*body, *height);
    let person = motion::Person::new(
        character.id.clone(),
        proportions,
        character.pose,
        seed * 0.37,
    );
    let rest = person.joints;
    let root = commands
        .spawn((
            Scenery,
            person,
            Transform::from_translation(at),
            Visibility::default(),
        ))
        .id();
    let body_meshes = figure::body_meshes(*body, &proportions, &character.figure);
    figure::spawn_body(
        commands,
        root,
        body_meshes,
        &proportions,
        meshes,
        material,
        &rest,
    );
    root
}

fn spawn_character(
    commands: &mut Commands,
    character: &Character,
    env: &Environment,
    seed: f32,
    meshes: &mut Assets<Mesh>,
    material: &Handle<StandardMaterial>,
    asset_server: &AssetServer,
    location: &ScenarioLocation,
) {
    let transform = Transform::from_translation(character_place(character, env))
        .with_rotation(facing_rotation(character.facing));
    match &character.figure {
        Figure::Person { .. } => {
            let root = spawn_person(commands, character, Vec3::ZERO, seed, meshes, material);
            commands.entity(root).insert(transform);
        }
        Figure::Model { path, scale, idle } => {
            let asset = location.asset_path(path);
            let scene = asset_server.load(GltfAssetLabel::Scene(0).from_asset(asset.clone()));
            commands.spawn((
                Scenery,
                WorldAssetRoot(scene),
                motion::ModelFigure {
                    id: character.id.clone(),
                    gltf: asset_server.load(asset),
                    idle: idle.clone(),
                    requested: None,
                    ready: false,
                },
                transform.with_scale(Vec3::splat(*scale)),
            ));
        }
    }
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
