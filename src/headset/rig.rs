//! The visitor's rig in a headset: the OpenXR tracking root follows the story's `Player`
//! (arrival spots, teleports), the desktop window mirrors the visitor's left eye for the
//! queue, looking at something long enough selects it, and the session's life (headset off,
//! on, ended) pauses, resumes or resets the story.

use crate::rig::controls::{
    GazeDwell, PointerFrame, PointerIntents, SessionAction, SessionState, Teleport,
    recenter_correction, seated_lift, session_action,
};
use crate::rig::picking::pick;
use crate::rig::{Player, PlayerCamera, Recenter};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::world::{SPOT_RADIUS, SpotMarker, TargetMarker, facing_rotation};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use bevy_mod_openxr::poll_events::{OxrEventHandlerExt, OxrEventIn};
use bevy_mod_xr::camera::XrCamera;
use bevy_mod_xr::session::{XrState, XrTrackingRoot};
use std::collections::BTreeSet;

/// How long a look selects, for visitors who never press anything.
pub const GAZE_SELECT_SECONDS: f32 = 2.0;

pub struct HeadsetRigPlugin {
    /// Seated visitors: the view is raised to standing height at the first recentre.
    pub seated: bool,
}

/// How the tracking space is moved and turned relative to the story's `Player`: set by a
/// recentre, so the visitor stands over the spot facing its way wherever they are in the room.
#[derive(Resource, Default)]
struct TrackingCorrection {
    offset: Vec3,
    turn: Quat,
    seated: bool,
    /// A recentre is due as soon as the eyes are tracked (the session's start).
    pending: bool,
}

impl Plugin for HeadsetRigPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(TrackingCorrection {
            offset: Vec3::ZERO,
            turn: Quat::IDENTITY,
            seated: self.seated,
            pending: true,
        })
        .insert_resource(Gaze {
            pointer: PointerIntents::default(),
            dwell: GazeDwell::new(GAZE_SELECT_SECONDS),
        })
        .add_plugins(super::panel::plugin)
        .add_oxr_event_handler(session_events)
        .add_systems(
            Update,
            (recenter, follow_player, mirror_head, gaze_intents)
                .chain()
                .in_set(AppSystems::RecordInput)
                .run_if(xr_running),
        );
    }
}

/// What the head points at, and how long it has.
#[derive(Resource)]
pub struct Gaze {
    pointer: PointerIntents,
    pub dwell: GazeDwell,
}

fn xr_running(state: Option<Res<XrState>>) -> bool {
    matches!(state.as_deref(), Some(XrState::Running))
}

/// Recentres on request (pause menu, `C`) and once when the session starts.
fn recenter(
    mut requests: MessageReader<Recenter>,
    mut correction: ResMut<TrackingCorrection>,
    eyes: Query<(&XrCamera, &Transform)>,
) {
    let asked = requests.read().count() > 0;
    if !(asked || correction.pending) {
        return;
    }
    let Some((_, eye)) = eyes.iter().min_by_key(|(camera, _)| camera.0) else {
        return;
    };
    let (mut offset, turn) = recenter_correction(eye.translation, eye.rotation);
    if correction.seated {
        offset.y = seated_lift(eye.translation.y);
    }
    info!(
        "headset: recentred{}",
        if correction.seated {
            " (seated: view raised to standing height)"
        } else {
            ""
        }
    );
    *correction = TrackingCorrection {
        offset,
        turn,
        seated: correction.seated,
        pending: false,
    };
}

/// The tracking space sits where the story puts the visitor, corrected by the last recentre.
fn follow_player(
    correction: Res<TrackingCorrection>,
    player: Query<&Transform, (With<Player>, Without<XrTrackingRoot>)>,
    mut root: Query<&mut Transform, (With<XrTrackingRoot>, Without<Player>)>,
) {
    let (Ok(player), Ok(mut root)) = (player.single(), root.single_mut()) else {
        return;
    };
    let corrected = player.mul_transform(
        Transform::from_translation(correction.offset).with_rotation(correction.turn),
    );
    if *root != corrected {
        *root = corrected;
    }
}

/// The desktop window shows what the visitor sees (the first eye), for the queue.
fn mirror_head(
    correction: Res<TrackingCorrection>,
    eyes: Query<(&XrCamera, &Transform), Without<PlayerCamera>>,
    mut window_camera: Query<&mut Transform, With<PlayerCamera>>,
) {
    let Some((_, eye)) = eyes.iter().min_by_key(|(camera, _)| camera.0) else {
        return;
    };
    if let Ok(mut camera) = window_camera.single_mut() {
        // The window camera is a child of the Player; the eyes are children of the corrected
        // tracking root.
        *camera = Transform::from_translation(correction.offset)
            .with_rotation(correction.turn)
            .mul_transform(*eye);
    }
}

/// Gaze: the head's forward ray focuses targets (looking counts as looking) and, held, selects
/// them or goes to a named spot.
#[allow(clippy::too_many_arguments)]
fn gaze_intents(
    time: Res<Time>,
    screen: Res<State<Screen>>,
    active: Res<ActiveScenario>,
    head: Query<&GlobalTransform, With<PlayerCamera>>,
    targets: Query<(&TargetMarker, &GlobalTransform)>,
    spots: Query<(&SpotMarker, &GlobalTransform)>,
    mut gaze: ResMut<Gaze>,
    mut player: Query<&mut Transform, With<Player>>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let Ok(head) = head.single() else { return };
    let playing = *screen.get() == Screen::Playing && !runner.state().paused;
    let hit = playing
        .then(|| {
            pick(
                head.translation(),
                *head.forward(),
                targets
                    .iter()
                    .map(|(t, at)| (&t.id, at.translation(), t.radius)),
                spots.iter().map(|(s, at)| (&s.id, at.translation())),
                SPOT_RADIUS,
            )
        })
        .flatten();
    let pressed = gaze.dwell.update(hit.as_ref(), time.delta_secs());
    let named: BTreeSet<_> = runner
        .current_environment()
        .spots
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let (out, teleport) = gaze.pointer.update(&PointerFrame { hit, pressed }, &named);
    intents.write_batch(out.into_iter().map(PlayerIntent));
    if let Some(Teleport(id)) = teleport
        && let Some(spot) = runner.scenario().spot(runner.index(), &id)
        && let Ok(mut body) = player.single_mut()
    {
        body.translation = Vec3::from_array(spot.position);
        body.rotation = facing_rotation(spot.facing);
    }
}

fn session_state(state: openxr::SessionState) -> Option<SessionState> {
    use openxr::SessionState as S;
    Some(match state {
        S::IDLE => SessionState::Idle,
        S::READY => SessionState::Ready,
        S::SYNCHRONIZED => SessionState::Synchronized,
        S::VISIBLE => SessionState::Visible,
        S::FOCUSED => SessionState::Focused,
        S::STOPPING => SessionState::Stopping,
        S::LOSS_PENDING => SessionState::LossPending,
        S::EXITING => SessionState::Exiting,
        _ => return None,
    })
}

/// Headset off: pause. On again: resume. Session over: back to the start screen for the next
/// visitor, the app stays up.
fn session_events(
    event: OxrEventIn,
    mut last: Local<Option<SessionState>>,
    mut intents: MessageWriter<PlayerIntent>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut recenter_next: MessageWriter<Recenter>,
) {
    let openxr::Event::SessionStateChanged(change) = *event else {
        return;
    };
    let Some(now) = session_state(change.state()) else {
        return;
    };
    let before = last.replace(now).unwrap_or(SessionState::Idle);
    match session_action(before, now) {
        Some(SessionAction::Pause) => {
            info!("headset: session {now:?}; pausing the story");
            intents.write(PlayerIntent(temoin_scenario::Intent::Pause));
        }
        Some(SessionAction::Resume) => {
            info!("headset: session focused; resuming");
            intents.write(PlayerIntent(temoin_scenario::Intent::Resume));
        }
        Some(SessionAction::BackToStart) => {
            recenter_next.write(Recenter);
            warn!("headset: session {now:?}; back to the start screen for the next visitor");
            intents.write(PlayerIntent(temoin_scenario::Intent::Reset));
            next_screen.set(Screen::ContentNote);
        }
        None => {}
    }
}
