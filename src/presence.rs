//! Is anyone wearing the headset? A headset taken off pauses the story; left off for a while
//! (45 s unless the booth says otherwise) the booth resets for the next visitor, closing any
//! open gift as a reset does.
//!
//! Three layers, the best the runtime offers wins: `XR_EXT_user_presence` (the headset's own
//! proximity sensor), else the OpenXR session leaving FOCUSED (most runtimes do when the
//! headset is taken off), else a head pose that has not moved at all for the same while (a
//! headset on a chair is perfectly still; a person never is). [`PresenceDetector`] is the pure
//! logic, tested without an engine; the plugin feeds it. The headset sends the runtime's
//! [`PresenceSignal`]s and turns the watch on; a pause or resume goes to the story as an
//! intent, a reset to the operator as `OperatorAction::EndSession`. This module imports
//! neither of them.

use crate::booth::OperatorAction;
use crate::scenario::PlayerIntent;
use crate::{AppSystems, Screen};
use bevy::math::{Quat, Vec3};
use bevy::prelude::*;
use temoin_scenario::Intent;

/// Seconds a headset may stay off before the booth resets for the next visitor.
pub const DEFAULT_ABSENT_RESET_SECONDS: f32 = 45.0;
/// A head that moves less than this (metres, degrees) between samples is "still".
const STILL_METRES: f32 = 0.004;
const STILL_DEGREES: f32 = 0.5;

/// Where a presence signal came from, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    HeadPose,
    SessionFocus,
    UserPresence,
}

/// What the booth does about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenceDecision {
    Pause,
    Resume,
    /// Off for the whole timeout: back to the start for the next visitor.
    Reset,
}

#[derive(Debug, Clone)]
pub struct PresenceDetector {
    timeout: f64,
    /// The strongest layer heard from so far; weaker ones are ignored from then on.
    layer: Layer,
    present: bool,
    absent_since: Option<f64>,
    reset_sent: bool,
    /// The pose the head last moved to, and when.
    anchor: Option<(Vec3, Quat)>,
    still_since: f64,
}

impl PresenceDetector {
    pub fn new(timeout_seconds: f32) -> Self {
        PresenceDetector {
            timeout: timeout_seconds.max(1.0) as f64,
            layer: Layer::HeadPose,
            present: true,
            absent_since: None,
            reset_sent: false,
            anchor: None,
            still_since: 0.0,
        }
    }

    pub fn present(&self) -> bool {
        self.present
    }

    pub fn layer(&self) -> Layer {
        self.layer
    }

    /// A report from a layer: the user is there (`true`) or not.
    pub fn signal(&mut self, at: f64, layer: Layer, present: bool) -> Option<PresenceDecision> {
        if layer < self.layer {
            return None;
        }
        self.layer = layer;
        self.set(at, present)
    }

    /// A head pose sample; only heard while no stronger layer has spoken. A head that has not
    /// moved for the whole timeout is a headset put down: pause and reset at once.
    pub fn head(&mut self, at: f64, position: Vec3, rotation: Quat) -> Option<PresenceDecision> {
        if self.layer > Layer::HeadPose {
            return None;
        }
        let moved = match self.anchor {
            None => true,
            Some((p, r)) => {
                p.distance(position) > STILL_METRES
                    || r.angle_between(rotation).to_degrees() > STILL_DEGREES
            }
        };
        if moved {
            self.anchor = Some((position, rotation));
            self.still_since = at;
            return self.set(at, true);
        }
        if at - self.still_since >= self.timeout && self.present {
            self.set(self.still_since, false);
            return self.tick(at);
        }
        None
    }

    /// Time passing: the reset once the headset has been off for the timeout.
    pub fn tick(&mut self, at: f64) -> Option<PresenceDecision> {
        match self.absent_since {
            Some(since) if !self.reset_sent && at - since >= self.timeout => {
                self.reset_sent = true;
                Some(PresenceDecision::Reset)
            }
            _ => None,
        }
    }

    fn set(&mut self, at: f64, present: bool) -> Option<PresenceDecision> {
        if present == self.present {
            return None;
        }
        self.present = present;
        if present {
            self.absent_since = None;
            // After a reset the next visitor starts from the start screen: nothing to resume.
            let resume = !self.reset_sent;
            self.reset_sent = false;
            resume.then_some(PresenceDecision::Resume)
        } else {
            self.absent_since = Some(at);
            Some(PresenceDecision::Pause)
        }
    }
}

/// A presence report from the headset's runtime.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceSignal {
    pub layer: Layer,
    pub present: bool,
}

/// Presence watching: on in headset mode (a desktop has nobody to take off), with the booth's
/// timeout.
#[derive(Resource, Debug, Clone)]
pub struct PresenceWatch {
    pub enabled: bool,
    pub detector: PresenceDetector,
}

impl Default for PresenceWatch {
    fn default() -> Self {
        PresenceWatch {
            enabled: false,
            detector: PresenceDetector::new(DEFAULT_ABSENT_RESET_SECONDS),
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_message::<PresenceSignal>()
        .init_resource::<PresenceWatch>()
        .add_systems(Update, watch_presence.in_set(AppSystems::RecordInput));
}

/// Feeds the detector and acts on its decisions; the operator carries out its resets at the
/// start of the next frame.
pub fn watch_presence(
    time: Res<Time<Real>>,
    mut watch: ResMut<PresenceWatch>,
    mut signals: MessageReader<PresenceSignal>,
    head: Query<&GlobalTransform, With<crate::body::VisitorHead>>,
    screen: Res<State<Screen>>,
    mut intents: MessageWriter<PlayerIntent>,
    mut actions: MessageWriter<OperatorAction>,
) {
    let signals: Vec<PresenceSignal> = signals.read().copied().collect();
    if !watch.enabled {
        return;
    }
    let now = time.elapsed_secs_f64();
    let mut decisions = Vec::new();
    for s in signals {
        decisions.extend(watch.detector.signal(now, s.layer, s.present));
    }
    if let Ok(head) = head.single() {
        let (_, rotation, position) = head.to_scale_rotation_translation();
        decisions.extend(watch.detector.head(now, position, rotation));
    }
    decisions.extend(watch.detector.tick(now));
    for decision in decisions {
        info!("presence ({:?}): {decision:?}", watch.detector.layer());
        match decision {
            PresenceDecision::Pause if *screen.get() == Screen::Playing => {
                intents.write(PlayerIntent(Intent::Pause));
            }
            PresenceDecision::Resume if *screen.get() == Screen::Playing => {
                intents.write(PlayerIntent(Intent::Resume));
            }
            // Nobody to wait for: the booth gets ready for the next visitor, whatever screen.
            PresenceDecision::Reset => {
                actions.write(OperatorAction::EndSession);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PresenceDecision::*;

    fn pose(x: f32, yaw_degrees: f32) -> (Vec3, Quat) {
        (
            Vec3::new(x, 1.6, 0.0),
            Quat::from_rotation_y(yaw_degrees.to_radians()),
        )
    }

    #[test]
    fn user_presence_pauses_at_once_resumes_and_resets_after_the_timeout() {
        let mut d = PresenceDetector::new(45.0);
        assert_eq!(d.signal(10.0, Layer::UserPresence, false), Some(Pause));
        assert_eq!(d.tick(30.0), None);
        assert_eq!(d.signal(31.0, Layer::UserPresence, true), Some(Resume));
        assert_eq!(d.signal(40.0, Layer::UserPresence, false), Some(Pause));
        assert_eq!(d.tick(84.9), None);
        assert_eq!(d.tick(85.0), Some(Reset));
        assert_eq!(d.tick(200.0), None, "one reset per absence");
        // The next visitor puts it on: no resume, the story waits at the start screen.
        assert_eq!(d.signal(210.0, Layer::UserPresence, true), None);
        assert!(d.present());
    }

    #[test]
    fn the_strongest_layer_heard_wins() {
        let mut d = PresenceDetector::new(45.0);
        assert_eq!(d.signal(1.0, Layer::SessionFocus, true), None);
        assert_eq!(d.layer(), Layer::SessionFocus);
        // A still head no longer counts once the session reports focus.
        let (p, r) = pose(0.0, 0.0);
        for t in 0..100 {
            assert_eq!(d.head(2.0 + t as f64, p, r), None);
        }
        assert_eq!(d.signal(110.0, Layer::SessionFocus, false), Some(Pause));
        assert_eq!(d.signal(111.0, Layer::UserPresence, true), Some(Resume));
        // From now on focus changes (a system menu) are not presence.
        assert_eq!(d.signal(112.0, Layer::SessionFocus, false), None);
        assert_eq!(d.layer(), Layer::UserPresence);
    }

    #[test]
    fn a_head_that_does_not_move_for_the_timeout_is_a_headset_put_down() {
        let mut d = PresenceDetector::new(45.0);
        // A person: tiny movements all the time.
        for t in 0..600 {
            let (p, r) = pose(
                (t as f32 * 0.37).sin() * 0.01,
                (t as f32 * 0.23).cos() * 2.0,
            );
            assert_eq!(d.head(t as f64 * 0.1, p, r), None, "sample {t}");
        }
        // Put down on a chair at 60 s: perfectly still (sensor noise under the threshold).
        let mut out = Vec::new();
        for t in 0..600 {
            let (p, r) = pose(0.5 + (t % 2) as f32 * 0.001, 90.0);
            out.extend(d.head(60.0 + t as f64 * 0.1, p, r));
        }
        assert_eq!(out, [Reset], "paused and reset once, after 45 s still");
        assert!(!d.present());
        // Picked up again: present, and nothing to resume (the booth reset).
        assert_eq!(
            d.head(130.0, Vec3::new(0.0, 1.5, 0.2), Quat::IDENTITY),
            None
        );
        assert!(d.present());
    }
}
