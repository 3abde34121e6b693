//! The visitor's body, as every capability sees it: the rig root on the floor, the camera at
//! their eyes, the name of what their pointer rests on, and the request to put their view
//! straight. Devices (the desktop rig, the headset) move and fill these; the world, the
//! interface, the sound and the attendant read or send them. It imports none of them, so none
//! of them has to import a device.

use bevy::prelude::*;

/// Eye height of a standing adult, metres above the floor.
pub const EYE_HEIGHT: f32 = 1.6;

/// Distance between the ears for spatial sound, metres.
pub const EAR_GAP: f32 = 0.18;

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

/// The name of what the visitor's pointer rests on (a target's label, a spot's), for the HUD.
#[derive(Resource, Default, Debug)]
pub struct HoverLabel(pub Option<String>);

/// Put the view straight again: in the headset, over the spot and facing its way; on the
/// desktop, the resting pitch. From the pause menu, or `C` on the attendant's keyboard.
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct Recenter;
