//! Mouse and keyboard for testers and the desktop preview: drag with the right button (or
//! use the arrow keys) to look, WASD to walk, click a target to select it, click a floor disc
//! to go there; hovering a target counts as looking at it. The other keys (Space to skip a
//! line, Esc to pause, R for the next visitor…) are the operator module's.

use super::controls::{PointerFrame, PointerIntents, Teleport};
use super::picking::{Pick, pick, spot_under};
use crate::body::{HoverLabel, Player, PlayerCamera};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::world::{SPOT_RADIUS, SpotMarker, TargetMarker, facing_rotation};
use crate::{AppSystems, Screen};
use bevy::input::mouse::AccumulatedMouseMotion;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use temoin_scenario::{Intent, SpotId};

/// Walking speed, metres per second.
pub const WALK_SPEED: f32 = 1.8;
/// Radians turned per pixel of mouse drag.
const DRAG_SENSITIVITY: f32 = 0.004;
/// Radians per second for the arrow keys.
const KEY_TURN_SPEED: f32 = 1.6;

pub struct DesktopRigPlugin;

impl Plugin for DesktopRigPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<PointerState>()
            .init_resource::<HoverLabel>()
            .add_systems(
                Update,
                (look_and_walk, pointer_intents, arrival_intents)
                    .chain()
                    .run_if(in_state(Screen::Playing))
                    .in_set(AppSystems::RecordInput),
            );
        app.add_systems(OnExit(Screen::Playing), forget_pointer);
    }
}

/// What the pointer is over, and the last spot reported, so intents are sent on change only.
#[derive(Resource, Default, Debug)]
struct PointerState {
    hovered: Option<Pick>,
    last_spot: Option<SpotId>,
    controls: PointerIntents,
}

fn forget_pointer(mut pointer: ResMut<PointerState>, mut label: ResMut<HoverLabel>) {
    *pointer = PointerState::default();
    *label = HoverLabel::default();
}

fn paused(active: &ActiveScenario) -> bool {
    active.runner.as_ref().is_some_and(|r| r.state().paused)
}

fn look_and_walk(
    keys: Res<ButtonInput<KeyCode>>,
    mouse_buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    time: Res<Time>,
    active: Res<ActiveScenario>,
    mut player: Query<&mut Transform, (With<Player>, Without<PlayerCamera>)>,
    mut camera: Query<(&mut Transform, &mut PlayerCamera)>,
) {
    if paused(&active) {
        return;
    }
    let (Ok(mut body), Ok((mut head, mut camera))) = (player.single_mut(), camera.single_mut())
    else {
        return;
    };
    let dt = time.delta_secs();
    let mut yaw = 0.0;
    let mut pitch = 0.0;
    if mouse_buttons.pressed(MouseButton::Right) {
        yaw -= motion.delta.x * DRAG_SENSITIVITY;
        pitch -= motion.delta.y * DRAG_SENSITIVITY;
    }
    let key_axis = |neg: KeyCode, pos: KeyCode| {
        keys.pressed(pos) as i32 as f32 - keys.pressed(neg) as i32 as f32
    };
    yaw -= key_axis(KeyCode::ArrowLeft, KeyCode::ArrowRight) * KEY_TURN_SPEED * dt;
    pitch += key_axis(KeyCode::ArrowDown, KeyCode::ArrowUp) * KEY_TURN_SPEED * dt;
    body.rotate_y(yaw);
    camera.pitch = (camera.pitch + pitch).clamp(-1.2, 1.2);
    head.rotation = Quat::from_rotation_x(camera.pitch);

    let forward = key_axis(KeyCode::KeyS, KeyCode::KeyW);
    let strafe = key_axis(KeyCode::KeyA, KeyCode::KeyD);
    if forward != 0.0 || strafe != 0.0 {
        let heading = body.rotation;
        let step = heading * Vec3::new(strafe, 0.0, -forward).normalize_or_zero() * WALK_SPEED * dt;
        body.translation += Vec3::new(step.x, 0.0, step.z);
    }
}

#[allow(clippy::too_many_arguments)]
fn pointer_intents(
    window: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Camera, &GlobalTransform), With<PlayerCamera>>,
    targets: Query<(&TargetMarker, &GlobalTransform)>,
    spots: Query<(&SpotMarker, &GlobalTransform)>,
    ui: Query<&Interaction>,
    mouse_buttons: Res<ButtonInput<MouseButton>>,
    active: Res<ActiveScenario>,
    mut pointer: ResMut<PointerState>,
    mut label: ResMut<HoverLabel>,
    mut player: Query<&mut Transform, With<Player>>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let over_ui = ui.iter().any(|i| *i != Interaction::None);
    let ray = window
        .single()
        .ok()
        .and_then(|w| w.cursor_position())
        .zip(camera.single().ok())
        .and_then(|(cursor, (camera, transform))| camera.viewport_to_world(transform, cursor).ok());
    let hovered = match ray {
        Some(ray) if !over_ui && !runner.state().paused => pick(
            ray.origin,
            *ray.direction,
            targets
                .iter()
                .map(|(t, at)| (&t.id, at.translation(), t.radius)),
            spots.iter().map(|(s, at)| (&s.id, at.translation())),
            SPOT_RADIUS,
        ),
        _ => None,
    };
    let frame = PointerFrame {
        hit: hovered.clone(),
        pressed: mouse_buttons.just_pressed(MouseButton::Left) && !over_ui,
    };
    let named = runner
        .current_environment()
        .spots
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let (out, teleport) = pointer.controls.update(&frame, &named);
    intents.write_batch(out.into_iter().map(PlayerIntent));
    if hovered != pointer.hovered {
        label.0 = match &hovered {
            Some(Pick::Target(id)) => targets
                .iter()
                .find(|(t, _)| &t.id == id)
                .map(|(t, _)| t.label.clone()),
            Some(Pick::Spot(id)) => spots
                .iter()
                .find(|(s, _)| &s.id == id)
                .and_then(|(s, _)| s.label.clone()),
            None => None,
        };
        pointer.hovered = hovered;
    }
    if let Some(Teleport(id)) = teleport
        && let Some(spot) = runner.scenario().spot(runner.index(), &id)
        && let Ok(mut body) = player.single_mut()
    {
        body.translation = Vec3::from_array(spot.position);
        body.rotation = facing_rotation(spot.facing);
    }
}

/// Reports the spot the visitor stands on whenever it changes (walked or teleported).
fn arrival_intents(
    player: Query<&Transform, With<Player>>,
    spots: Query<(&SpotMarker, &GlobalTransform)>,
    mut pointer: ResMut<PointerState>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    let Ok(body) = player.single() else { return };
    let here = spot_under(
        body.translation,
        spots.iter().map(|(s, at)| (&s.id, at.translation())),
        SPOT_RADIUS * 1.5,
    );
    if here != pointer.last_spot {
        if let Some(spot) = &here {
            intents.write(PlayerIntent(Intent::ArriveAt(spot.clone())));
        }
        pointer.last_spot = here;
    }
}
