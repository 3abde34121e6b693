//! The visitor's rig: spawns the body (`body::Player`) with the window's camera at eye
//! height (the desktop's view; with a headset, the mirror of the visitor's eye for the queue)
//! and drives it with mouse and keyboard (`desktop`). `controls` and `picking` are the
//! device-agnostic parts the headset (`crate::headset`, feature `xr`) shares: what a pointer,
//! a stick or a gaze means for the story. Devices only ever emit `PlayerIntent`s and move the
//! body; the story decides the rest.

pub mod controls;
pub mod desktop;
pub mod picking;

use crate::body::{EAR_GAP, EYE_HEIGHT, Player, PlayerCamera, Recenter, VisitorHead};
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::prelude::*;

/// The desktop view looks a little down, as a person does, so tables and floors are seen.
pub const RESTING_PITCH: f32 = -0.22;
/// Vertical field of view of the desktop camera; wide enough to feel present in a room.
pub const DESKTOP_FOV_DEGREES: f32 = 65.0;

pub struct RigPlugin;

impl Plugin for RigPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<Recenter>()
            .add_systems(Startup, spawn_player)
            .add_systems(Update, recenter_desktop)
            .add_plugins(desktop::DesktopRigPlugin);
    }
}

fn recenter_desktop(
    mut requests: MessageReader<Recenter>,
    mut camera: Query<(&mut Transform, &mut PlayerCamera)>,
) {
    if requests.read().count() == 0 {
        return;
    }
    for (mut transform, mut camera) in &mut camera {
        camera.pitch = RESTING_PITCH;
        transform.rotation = Quat::from_rotation_x(RESTING_PITCH);
    }
}

fn spawn_player(mut commands: Commands) {
    commands
        .spawn((Player, Transform::default(), Visibility::default()))
        .with_child((
            Camera3d::default(),
            // Plain tonemapping keeps colours as authored and needs no lookup tables.
            Tonemapping::AcesFitted,
            Projection::Perspective(PerspectiveProjection {
                fov: DESKTOP_FOV_DEGREES.to_radians(),
                ..default()
            }),
            PlayerCamera {
                pitch: RESTING_PITCH,
            },
            VisitorHead,
            SpatialListener::new(EAR_GAP),
            Transform::from_xyz(0.0, EYE_HEIGHT, 0.0)
                .with_rotation(Quat::from_rotation_x(RESTING_PITCH)),
        ));
}
