//! Device-agnostic controls: what a pointer (mouse cursor, controller laser or head gaze) and
//! a thumbstick mean for the story. Every device ends up here and leaves as the runtime's
//! `Intent`s or a move of the visitor's body, so the mapping is the same for a mouse, a
//! Quest controller or a visitor who never presses anything. Plain logic, tested without a
//! window or a headset.

use super::picking::Pick;
use std::collections::BTreeSet;
use temoin_scenario::{Intent, SpotId};

/// What the pointer did this frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointerFrame {
    /// What the ray hits now.
    pub hit: Option<Pick>,
    /// The trigger (or left mouse button) went down this frame.
    pub pressed: bool,
}

/// A request to move the visitor's body to a named spot (with a fade in the headset).
#[derive(Debug, Clone, PartialEq)]
pub struct Teleport(pub SpotId);

/// Turns pointer frames into intents: a change of what is pointed at is `Focus` (looking
/// counts as looking), a press on a target is `Select`, a press on a spot the scenario names
/// is a teleport. Nothing else moves the visitor.
#[derive(Debug, Default)]
pub struct PointerIntents {
    hovered: Option<Pick>,
}

impl PointerIntents {
    pub fn hovered(&self) -> Option<&Pick> {
        self.hovered.as_ref()
    }

    /// `spots` are the spots the scenario names in the current environment.
    pub fn update(
        &mut self,
        frame: &PointerFrame,
        spots: &BTreeSet<SpotId>,
    ) -> (Vec<Intent>, Option<Teleport>) {
        let mut intents = Vec::new();
        if frame.hit != self.hovered {
            let focus = match &frame.hit {
                Some(Pick::Target(id)) => Some(id.clone()),
                _ => None,
            };
            intents.push(Intent::Focus(focus));
            self.hovered = frame.hit.clone();
        }
        let mut teleport = None;
        if frame.pressed {
            match &frame.hit {
                Some(Pick::Target(id)) => intents.push(Intent::Select(id.clone())),
                Some(Pick::Spot(id)) if spots.contains(id) => teleport = Some(Teleport(id.clone())),
                _ => {}
            }
        }
        (intents, teleport)
    }

    /// Forget what was pointed at (a pause, a new environment, a reset).
    pub fn clear(&mut self) -> Option<Intent> {
        self.hovered.take().map(|_| Intent::Focus(None))
    }
}

/// Selecting by looking: whatever stays under the gaze for `seconds` is pressed once. A
/// visible ring shows `progress`. Looking away restarts it; holding on after it fired does not
/// fire again. `T` is what can be looked at: a world `Pick`, or (in the headset) a button on a
/// panel too.
#[derive(Debug)]
pub struct GazeDwell<T = Pick> {
    pub seconds: f32,
    on: Option<T>,
    elapsed: f32,
    fired: bool,
}

impl<T: Clone + PartialEq> GazeDwell<T> {
    pub fn new(seconds: f32) -> Self {
        GazeDwell {
            seconds: seconds.max(0.1),
            on: None,
            elapsed: 0.0,
            fired: false,
        }
    }

    /// Advances by `dt` seconds looking at `hit`; true on the frame the dwell completes.
    pub fn update(&mut self, hit: Option<&T>, dt: f32) -> bool {
        if hit != self.on.as_ref() {
            self.on = hit.cloned();
            self.elapsed = 0.0;
            self.fired = false;
        }
        if self.on.is_none() || self.fired {
            return false;
        }
        self.elapsed += dt.max(0.0);
        if self.elapsed >= self.seconds {
            self.fired = true;
            return true;
        }
        false
    }

    /// How full the ring is, 0 to 1; none when nothing is being looked at.
    pub fn progress(&self) -> Option<f32> {
        self.on
            .as_ref()
            .filter(|_| !self.fired)
            .map(|_| (self.elapsed / self.seconds).min(1.0))
    }
}

/// Snap turning on the thumbstick: one step per push past the threshold, never a smooth
/// rotation the visitor did not cause (smooth turning makes first-time visitors sick).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SnapTurn {
    pub degrees: f32,
    armed: bool,
}

/// How far the stick must go to count, and how far back to re-arm.
const PUSH: f32 = 0.7;
const RELEASE: f32 = 0.3;

impl SnapTurn {
    /// 30° or 45°: other steps are refused in favour of 30°.
    pub fn new(degrees: f32) -> Self {
        let degrees = if degrees == 45.0 { 45.0 } else { 30.0 };
        SnapTurn {
            degrees,
            armed: true,
        }
    }

    /// The yaw to add this frame, in degrees (positive turns left, counter-clockwise seen
    /// from above), from the stick's x axis (-1 left … 1 right).
    pub fn update(&mut self, stick_x: f32) -> Option<f32> {
        if stick_x.abs() < RELEASE {
            self.armed = true;
            return None;
        }
        if self.armed && stick_x.abs() >= PUSH {
            self.armed = false;
            return Some(if stick_x > 0.0 {
                -self.degrees
            } else {
                self.degrees
            });
        }
        None
    }
}

/// Teleporting with the thumbstick: pushing it forward shows an arc; releasing it over a named
/// spot goes there, anywhere else goes nowhere.
#[derive(Debug, Default)]
pub struct TeleportAim {
    aiming: bool,
    over: Option<SpotId>,
}

impl TeleportAim {
    pub fn aiming(&self) -> bool {
        self.aiming
    }

    /// `stick_y` is forward (1) / back (-1); `landing` the spot under the arc's end, if any.
    pub fn update(
        &mut self,
        stick_y: f32,
        landing: Option<&SpotId>,
        spots: &BTreeSet<SpotId>,
    ) -> Option<Teleport> {
        if stick_y >= PUSH {
            self.aiming = true;
            self.over = landing.filter(|s| spots.contains(*s)).cloned();
            return None;
        }
        if self.aiming && stick_y < RELEASE {
            self.aiming = false;
            return self.over.take().map(Teleport);
        }
        None
    }
}

/// The correction to apply to the tracking space so that the head, wherever the visitor
/// stands in the room and whichever way they face, is over the story's spot and faces the
/// spot's direction. Yaw only: the floor stays level.
pub fn recenter_correction(
    head: bevy::math::Vec3,
    head_rotation: bevy::math::Quat,
) -> (bevy::math::Vec3, bevy::math::Quat) {
    use bevy::math::{EulerRot, Quat, Vec3};
    let (yaw, _, _) = head_rotation.to_euler(EulerRot::YXZ);
    let rotation = Quat::from_rotation_y(-yaw);
    let translation = -(rotation * Vec3::new(head.x, 0.0, head.z));
    (translation, rotation)
}

/// Seated mode: how far to raise the tracking space so a seated visitor's eyes are at a
/// standing adult's height (never lowered, at most a metre).
pub fn seated_lift(head_height: f32) -> f32 {
    (crate::body::EYE_HEIGHT - head_height).clamp(0.0, 1.0)
}

/// A snap turn that pivots about the head, not the tracking space's origin: the visitor turns
/// on the spot. `correction` places the tracking space in the body's frame (see the recentre),
/// `head` is the head's position in the tracking space; returns the new correction.
pub fn turn_about_head(
    correction: (bevy::math::Vec3, bevy::math::Quat),
    head: bevy::math::Vec3,
    degrees: f32,
) -> (bevy::math::Vec3, bevy::math::Quat) {
    use bevy::math::Quat;
    let (offset, turn) = correction;
    let pivot = offset + turn * head;
    let step = Quat::from_rotation_y(degrees.to_radians());
    (pivot + step * (offset - pivot), step * turn)
}

/// Gravity and launch speed of the teleport arc: about 6 m of reach when aimed 45° up.
const ARC_GRAVITY: f32 = 9.81;
const ARC_SPEED: f32 = 7.5;

/// The teleport arc from a hand: points of the parabola every `step` seconds of flight, until
/// it meets the floor at `floor_y` (the last point, where it lands) or after 2 s of flight.
pub fn teleport_arc(
    origin: bevy::math::Vec3,
    direction: bevy::math::Vec3,
    floor_y: f32,
    step: f32,
) -> (Vec<bevy::math::Vec3>, Option<bevy::math::Vec3>) {
    use bevy::math::Vec3;
    let velocity = direction.normalize_or_zero() * ARC_SPEED;
    let at = |t: f32| origin + velocity * t + Vec3::NEG_Y * (0.5 * ARC_GRAVITY * t * t);
    let mut points = vec![origin];
    let mut t = 0.0;
    while t < 2.0 {
        let next = at(t + step);
        if next.y <= floor_y {
            // Land exactly on the floor between the two samples.
            let before = at(t);
            let k = (before.y - floor_y) / (before.y - next.y).max(1e-6);
            let landing = before.lerp(next, k);
            points.push(landing);
            return (points, Some(landing));
        }
        points.push(next);
        t += step;
    }
    (points, None)
}

/// What the app does when the headset session changes state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionAction {
    /// Headset taken off (no longer focused): narration and timers stop.
    Pause,
    /// Put back on: carry on where it was.
    Resume,
    /// The session ended: back to the start screen, ready for the next visitor.
    BackToStart,
}

/// The OpenXR session states the app cares about, without depending on OpenXR here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Idle,
    Ready,
    Synchronized,
    Visible,
    Focused,
    Stopping,
    LossPending,
    Exiting,
}

/// The app's response to a session state change.
pub fn session_action(from: SessionState, to: SessionState) -> Option<SessionAction> {
    use SessionState::*;
    match (from, to) {
        (Focused, Visible | Synchronized | Idle) => Some(SessionAction::Pause),
        (Visible | Synchronized | Ready, Focused) => Some(SessionAction::Resume),
        (_, Stopping | LossPending | Exiting) => Some(SessionAction::BackToStart),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use temoin_scenario::TargetId;

    fn target(id: &str) -> Option<Pick> {
        Some(Pick::Target(TargetId::new(id)))
    }

    fn spots(ids: &[&str]) -> BTreeSet<SpotId> {
        ids.iter().map(|s| SpotId::new(*s)).collect()
    }

    #[test]
    fn a_trigger_press_on_a_pointed_target_selects_it() {
        let mut pointer = PointerIntents::default();
        let (intents, teleport) = pointer.update(
            &PointerFrame {
                hit: target("crater"),
                pressed: false,
            },
            &spots(&[]),
        );
        assert_eq!(intents, [Intent::Focus(Some(TargetId::new("crater")))]);
        assert_eq!(teleport, None);
        let (intents, _) = pointer.update(
            &PointerFrame {
                hit: target("crater"),
                pressed: true,
            },
            &spots(&[]),
        );
        assert_eq!(
            intents,
            [Intent::Select(TargetId::new("crater"))],
            "no repeated focus"
        );
        // Pressing at nothing does nothing but end the focus.
        let (intents, teleport) = pointer.update(
            &PointerFrame {
                hit: None,
                pressed: true,
            },
            &spots(&[]),
        );
        assert_eq!((intents, teleport), (vec![Intent::Focus(None)], None));
    }

    #[test]
    fn teleport_only_onto_named_spots() {
        let mut pointer = PointerIntents::default();
        let named = spots(&["car", "family_door"]);
        let press = |spot: &str| PointerFrame {
            hit: Some(Pick::Spot(SpotId::new(spot))),
            pressed: true,
        };
        assert_eq!(
            pointer.update(&press("car"), &named).1,
            Some(Teleport(SpotId::new("car")))
        );
        assert_eq!(pointer.update(&press("rooftop"), &named).1, None);

        let mut aim = TeleportAim::default();
        let car = SpotId::new("car");
        let rooftop = SpotId::new("rooftop");
        assert_eq!(aim.update(0.9, Some(&car), &named), None, "aiming, not yet");
        assert!(aim.aiming());
        assert_eq!(
            aim.update(0.1, None, &named),
            Some(Teleport(car.clone())),
            "released over the car"
        );
        assert_eq!(aim.update(0.9, Some(&rooftop), &named), None);
        assert_eq!(
            aim.update(0.0, None, &named),
            None,
            "released over an unnamed place"
        );
        assert_eq!(aim.update(0.9, None, &named), None);
        assert_eq!(aim.update(0.0, None, &named), None, "released over nothing");
    }

    #[test]
    fn dwell_completes_after_the_configured_time_and_not_before() {
        let mut dwell = GazeDwell::new(1.5);
        let kit = target("kit");
        for _ in 0..14 {
            assert!(!dwell.update(kit.as_ref(), 0.1));
        }
        assert!((dwell.progress().unwrap() - 1.4 / 1.5).abs() < 1e-3);
        assert!(dwell.update(kit.as_ref(), 0.1), "1.5 s reached");
        assert!(!dwell.update(kit.as_ref(), 0.1), "fires once per look");
        assert_eq!(dwell.progress(), None, "the ring is gone once it fired");
        // Looking away restarts the count.
        let map = target("map");
        assert!(!dwell.update(map.as_ref(), 1.0));
        assert!(!dwell.update(None, 1.0));
        assert!(!dwell.update(map.as_ref(), 1.0));
        assert!(dwell.update(map.as_ref(), 0.5));
    }

    #[test]
    fn a_snap_turn_pivots_about_the_head() {
        use bevy::math::{EulerRot, Quat, Vec3};
        let correction = (Vec3::new(0.3, 0.0, -0.2), Quat::from_rotation_y(0.4));
        let head = Vec3::new(0.5, 1.6, 0.7);
        let before = correction.0 + correction.1 * head;
        let (offset, turn) = turn_about_head(correction, head, 45.0);
        let after = offset + turn * head;
        assert!(
            (after - before).length() < 1e-5,
            "the head stays where it is"
        );
        let yaw = |q: Quat| q.to_euler(EulerRot::YXZ).0;
        assert!((yaw(turn) - yaw(correction.1) - 45f32.to_radians()).abs() < 1e-5);
    }

    #[test]
    fn the_teleport_arc_lands_on_the_floor_ahead() {
        use bevy::math::Vec3;
        let hand = Vec3::new(0.0, 1.2, 0.0);
        let up_ahead = Vec3::new(0.0, 0.5, -1.0);
        let (points, landing) = teleport_arc(hand, up_ahead, 0.0, 0.05);
        let landing = landing.expect("lands");
        assert!(landing.y.abs() < 1e-4);
        assert!(landing.z < -3.0 && landing.z > -9.0, "{landing:?}");
        assert_eq!(points.last(), Some(&landing));
        assert!(points.windows(2).all(|w| w[1].z < w[0].z), "always forward");
        // Aimed at the sky it never lands within the arc's flight time.
        let (_, none) = teleport_arc(hand, Vec3::Y, -100.0, 0.05);
        assert_eq!(none, None);
    }

    #[test]
    fn snap_turn_steps_once_per_push() {
        let mut turn = SnapTurn::new(30.0);
        assert_eq!(turn.update(0.5), None, "below the threshold");
        assert_eq!(turn.update(0.8), Some(-30.0), "right turns clockwise");
        assert_eq!(turn.update(1.0), None, "held: no second step");
        assert_eq!(turn.update(0.1), None);
        assert_eq!(turn.update(-0.9), Some(30.0));
        let mut turn = SnapTurn::new(45.0);
        assert_eq!(turn.update(0.9), Some(-45.0));
        assert_eq!(SnapTurn::new(20.0).degrees, 30.0, "only 30° or 45°");
    }

    #[test]
    fn recentering_puts_the_head_over_the_spot_facing_forward() {
        use bevy::math::{EulerRot, Quat, Vec3};
        let head = Vec3::new(0.5, 1.2, -0.3);
        let looking = Quat::from_rotation_y(40f32.to_radians()) * Quat::from_rotation_x(-0.2);
        let (offset, turn) = recenter_correction(head, looking);
        let corrected = turn * head + offset;
        assert!(
            (corrected - Vec3::new(0.0, 1.2, 0.0)).length() < 1e-5,
            "{corrected}"
        );
        let (yaw, pitch, _) = (turn * looking).to_euler(EulerRot::YXZ);
        assert!(yaw.abs() < 1e-5, "faces the spot's direction");
        assert!(
            (pitch + 0.2).abs() < 1e-5,
            "the visitor's own pitch is kept"
        );
        assert_eq!(seated_lift(1.15), crate::body::EYE_HEIGHT - 1.15);
        assert_eq!(
            seated_lift(1.75),
            0.0,
            "a standing visitor is never lowered"
        );
    }

    #[test]
    fn taking_the_headset_off_pauses_and_ending_the_session_resets() {
        use SessionState::*;
        assert_eq!(session_action(Focused, Visible), Some(SessionAction::Pause));
        assert_eq!(
            session_action(Visible, Focused),
            Some(SessionAction::Resume)
        );
        assert_eq!(
            session_action(Focused, Stopping),
            Some(SessionAction::BackToStart)
        );
        assert_eq!(
            session_action(Visible, LossPending),
            Some(SessionAction::BackToStart)
        );
        assert_eq!(session_action(Ready, Synchronized), None);
    }
}
