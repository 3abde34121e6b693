//! Where the headset's head is in the story's world, shared by the headset's modules: the
//! correction a recentre (or a snap turn) applies to the tracking space, the head's pose this
//! frame, and the set of systems that keep both current. `rig` writes them; the pointers, the
//! panels and the visuals read them.

use bevy::prelude::*;

/// How the tracking space is moved and turned relative to the story's `Player`: set by a
/// recentre, so the visitor stands over the spot facing its way wherever they are in the room.
#[derive(Resource, Default)]
pub struct TrackingCorrection {
    pub offset: Vec3,
    pub turn: Quat,
    pub(super) seated: bool,
    /// A recentre is due as soon as the eyes are tracked (the session's start).
    pub(super) pending: bool,
}

impl TrackingCorrection {
    /// None yet: the first recentre comes as soon as the eyes are tracked.
    pub fn at_session_start(seated: bool) -> Self {
        TrackingCorrection {
            offset: Vec3::ZERO,
            turn: Quat::IDENTITY,
            seated,
            pending: true,
        }
    }
}

/// The head in the world: the mirrored window camera (a child of the `Player`) follows the
/// first eye, so the two transforms compose to the head's pose this frame.
pub fn head_pose(player: &Transform, camera: &Transform) -> Transform {
    player.mul_transform(*camera)
}

/// The recentre, the tracking space following the `Player` and the mirrored camera following
/// the eye; whatever reads the head's pose while recording input runs after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackHead;
