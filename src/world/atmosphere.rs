//! The air of a place: a sky dome (a gradient or an equirectangular picture), distance haze
//! on every 3-D camera (the desktop's and the headset's eyes), and a sun placed by the clock
//! with shadows. Built-in Bevy features only: an unlit dome, `DistanceFog`, cascaded shadows.

use super::lathe::lathe;
use super::{Scenery, srgba};
use bevy::light::CascadeShadowConfigBuilder;
use bevy::pbr::{DistanceFog, FogFalloff};
use bevy::prelude::*;
use temoin_scenario::atmosphere::{parse_clock, sun_at};
use temoin_scenario::{Environment, Light, Sky};

/// Radius of the sky dome; well inside the camera's far plane.
pub const DOME_RADIUS: f32 = 400.0;

/// The haze of the current place, put on every 3-D camera (headset eyes appear later than
/// the scene, so this is a resource and not a one-off insert).
#[derive(Resource, Default, Clone)]
pub struct Haze(pub Option<DistanceFog>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Haze>()
        .add_systems(PostUpdate, apply_haze);
}

fn apply_haze(
    haze: Res<Haze>,
    cameras: Query<(Entity, Option<&DistanceFog>), With<Camera3d>>,
    mut commands: Commands,
) {
    for (camera, fog) in &cameras {
        match (&haze.0, fog) {
            (Some(want), Some(have)) if want.color == have.color && same_falloff(want, have) => {}
            (Some(want), _) => {
                commands.entity(camera).insert(want.clone());
            }
            (None, Some(_)) => {
                commands.entity(camera).remove::<DistanceFog>();
            }
            (None, None) => {}
        }
    }
}

fn same_falloff(a: &DistanceFog, b: &DistanceFog) -> bool {
    match (&a.falloff, &b.falloff) {
        (FogFalloff::Linear { start, end }, FogFalloff::Linear { start: s2, end: e2 }) => {
            start == s2 && end == e2
        }
        _ => false,
    }
}

/// The haze an environment asks for.
pub fn haze_of(env: &Environment) -> Option<DistanceFog> {
    env.atmosphere.fog.as_ref().map(|fog| DistanceFog {
        color: srgba(fog.color),
        falloff: FogFalloff::Linear {
            start: fog.start,
            end: fog.end,
        },
        ..default()
    })
}

/// The sky dome: vertex colours from the ground through the horizon to the zenith, or a
/// picture mapped around.
pub fn spawn_sky(
    commands: &mut Commands,
    env: &Environment,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    asset_server: &AssetServer,
    location: &crate::scenario::ScenarioLocation,
) {
    let Some(sky) = &env.atmosphere.sky else {
        return;
    };
    let rings = 24;
    let profile: Vec<(f32, f32)> = (0..=rings)
        .map(|k| {
            let a = k as f32 / rings as f32 * std::f32::consts::PI;
            (DOME_RADIUS * a.sin(), DOME_RADIUS * a.cos())
        })
        .collect();
    let mut mesh = lathe(&profile, 48, 0.0, 1.0);
    let (material, rotation) = match sky {
        Sky::Gradient {
            zenith,
            horizon,
            ground,
        } => {
            let (z, h, g) = (
                srgba(*zenith).to_linear(),
                srgba(*horizon).to_linear(),
                srgba(*ground).to_linear(),
            );
            let colours: Vec<[f32; 4]> = profile
                .iter()
                .flat_map(|&(_, y)| {
                    let up = y / DOME_RADIUS;
                    // Most of the change happens near the horizon, as in a real sky.
                    let c = if up >= 0.0 {
                        h.mix(&z, up.powf(0.45))
                    } else {
                        h.mix(&g, (-up * 6.0).min(1.0))
                    };
                    std::iter::repeat_n(c.to_f32_array(), 49)
                })
                .collect();
            mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, colours);
            (
                StandardMaterial {
                    base_color: Color::WHITE,
                    unlit: true,
                    fog_enabled: false,
                    cull_mode: None,
                    ..default()
                },
                0.0,
            )
        }
        Sky::Image { path, rotation } => (
            StandardMaterial {
                base_color_texture: Some(asset_server.load(location.asset_path(path))),
                unlit: true,
                fog_enabled: false,
                cull_mode: None,
                ..default()
            },
            *rotation,
        ),
    };
    commands.spawn((
        Scenery,
        Mesh3d(meshes.add(mesh)),
        MeshMaterial3d(materials.add(material)),
        Transform::from_rotation(Quat::from_rotation_y(-rotation.to_radians())),
        bevy::light::NotShadowCaster,
    ));
}

/// A directional light from `elevation`/`azimuth` (degrees, azimuth clockwise from -z).
pub fn spawn_sun(
    commands: &mut Commands,
    elevation: f32,
    azimuth: f32,
    illuminance: f32,
    color: Color,
) {
    let (el, az) = (elevation.to_radians(), azimuth.to_radians());
    let towards_sun = Vec3::new(az.sin() * el.cos(), el.sin(), -az.cos() * el.cos());
    commands.spawn((
        Scenery,
        DirectionalLight {
            illuminance,
            color,
            shadow_maps_enabled: true,
            ..default()
        },
        // Places are small: two cascades over 45 m keep shadows sharp and cheap.
        CascadeShadowConfigBuilder {
            num_cascades: 2,
            first_cascade_far_bound: 10.0,
            maximum_distance: 45.0,
            ..default()
        }
        .build(),
        Transform::from_translation(towards_sun).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}

/// The sun the clock gives, unless the environment places its own.
pub fn spawn_clock_sun(commands: &mut Commands, env: &Environment) {
    let has_sun = env.lights.iter().any(|l| matches!(l, Light::Sun { .. }));
    let Some(hours) = env.atmosphere.time.as_deref().and_then(parse_clock) else {
        return;
    };
    if has_sun {
        return;
    }
    let sun = sun_at(hours);
    let [r, g, b] = sun.color;
    spawn_sun(
        commands,
        sun.elevation,
        sun.azimuth,
        sun.illuminance,
        Color::linear_rgb(r, g, b),
    );
}
