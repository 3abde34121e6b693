//! The visitor's rig in a headset: the OpenXR tracking root (stage space: the floor is the
//! room's floor) follows the story's `Player` (arrival spots, teleports), the desktop window
//! mirrors the visitor's left eye for the queue, and the session's life (headset off, on,
//! ended) pauses, resumes or resets the story through `presence` and the booth's requests.
//! The pose it keeps is `tracking`'s, which the pointers, the panels and the visuals read.

use super::tracking::{TrackHead, TrackingCorrection};
use crate::AppSystems;
use crate::body::{Player, PlayerCamera, Recenter};
use crate::booth::OperatorAction;
use crate::presence::{Layer, PresenceSignal};
use crate::rig::controls::{
    SessionAction, SessionState, recenter_correction, seated_lift, session_action,
};
use bevy::prelude::*;
use bevy_mod_openxr::poll_events::{OxrEventHandlerExt, OxrEventIn};
use bevy_mod_xr::camera::XrCamera;
use bevy_mod_xr::session::{XrState, XrTrackingRoot};

pub fn plugin(app: &mut App) {
    app.add_oxr_event_handler(session_events).add_systems(
        Update,
        (recenter, follow_player, mirror_head)
            .chain()
            .in_set(AppSystems::RecordInput)
            .in_set(TrackHead)
            .run_if(xr_running),
    );
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

/// The runtime's word on presence: XR_EXT_user_presence when it has it, else the session's
/// focus (both go to `presence`, which pauses and, after a while, resets). Session
/// over: back to the start screen for the next visitor, the app stays up.
fn session_events(
    event: OxrEventIn,
    mut last: Local<Option<SessionState>>,
    mut presence: MessageWriter<PresenceSignal>,
    mut operator: MessageWriter<OperatorAction>,
) {
    let change = match *event {
        openxr::Event::UserPresenceChangedEXT(change) => {
            presence.write(PresenceSignal {
                layer: Layer::UserPresence,
                present: change.is_user_present(),
            });
            return;
        }
        openxr::Event::SessionStateChanged(change) => change,
        _ => return,
    };
    let Some(now) = session_state(change.state()) else {
        return;
    };
    let before = last.replace(now).unwrap_or(SessionState::Idle);
    match session_action(before, now) {
        // Presence decides what focus means: pause at once, reset if it stays lost.
        Some(SessionAction::Pause) => {
            info!("headset: session {now:?}; the visitor may have taken it off");
            presence.write(PresenceSignal {
                layer: Layer::SessionFocus,
                present: false,
            });
        }
        Some(SessionAction::Resume) => {
            info!("headset: session focused");
            presence.write(PresenceSignal {
                layer: Layer::SessionFocus,
                present: true,
            });
        }
        Some(SessionAction::BackToStart) => {
            warn!("headset: session {now:?}; back to the start screen for the next visitor");
            operator.write(OperatorAction::EndSession);
        }
        None => {}
    }
}
