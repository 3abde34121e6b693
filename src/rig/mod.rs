//! The visitor's body in the world: a rig on the floor with a camera at eye height. The
//! desktop module drives it with mouse and keyboard; the headset module (feature `xr`) will
//! drive the same rig, and both only ever emit `PlayerIntent`s.

pub mod controls;
pub mod desktop;
pub mod picking;

use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::prelude::*;

/// Eye height of a standing adult, metres above the floor.
pub const EYE_HEIGHT: f32 = 1.6;
/// The desktop view looks a little down, as a person does, so tables and floors are seen.
pub const RESTING_PITCH: f32 = -0.22;
/// Vertical field of view of the desktop camera; wide enough to feel present in a room.
pub const DESKTOP_FOV_DEGREES: f32 = 65.0;

/// The rig root: position on the floor and facing (yaw) of the visitor.
#[derive(Component)]
pub struct Player;

/// The camera the visitor sees through; its pitch is separate from the rig's yaw.
#[derive(Component, Default)]
pub struct PlayerCamera {
    pub pitch: f32,
}

/// Where the visitor's eyes are: the desktop camera, or the headset's first eye. People look
/// there when they speak to the visitor, and the visitor hears the world from there.
#[derive(Component, Default)]
pub struct VisitorHead;

/// Distance between the ears for spatial sound, metres.
pub const EAR_GAP: f32 = 0.18;

/// Put the view straight again: in the headset, over the spot and facing its way; on the
/// desktop, the resting pitch. From the pause menu, or `C` on the attendant's keyboard.
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct Recenter;

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
