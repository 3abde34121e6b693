//! Where the headset's panels float. A panel "lazily follows" the head: it stays put while
//! the visitor looks around a little (so reading is calm and nothing swims with the head),
//! and glides back in front once they have turned well away. The subtitle panel also keeps
//! out of the way of what the story asks the visitor to look at: it drops lower until no
//! target is behind it. Plain geometry, tested without a headset.

use bevy::math::{EulerRot, Quat, Vec3};

/// The head must turn this far from a panel before it follows.
pub const FOLLOW_AFTER_DEGREES: f32 = 28.0;
/// How fast a following panel turns, degrees per second: a glide, not a jump.
pub const FOLLOW_DEGREES_PER_SECOND: f32 = 90.0;

/// A panel's place around the head: direction (yaw, pitch below the horizon is negative),
/// distance, and its size in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelPlace {
    pub yaw: f32,
    pub pitch: f32,
    pub distance: f32,
    pub size: (f32, f32),
}

impl PanelPlace {
    /// The panel's centre and rotation (facing the head) around a head at `head`.
    pub fn transform(&self, head: Vec3) -> (Vec3, Quat) {
        let rotation = Quat::from_euler(EulerRot::YXZ, self.yaw, self.pitch, 0.0);
        (head + rotation * Vec3::NEG_Z * self.distance, rotation)
    }

    /// Half the panel's angular width and height, radians.
    pub fn half_angles(&self) -> (f32, f32) {
        (
            (self.size.0 / 2.0 / self.distance).atan(),
            (self.size.1 / 2.0 / self.distance).atan(),
        )
    }
}

/// The yaw of a head's forward direction (0 = looking down -Z, positive = turned left).
pub fn head_yaw(rotation: Quat) -> f32 {
    rotation.to_euler(EulerRot::YXZ).0
}

/// The signed smallest difference `to - from`, in (-π, π].
pub fn angle_between(from: f32, to: f32) -> f32 {
    let d = (to - from).rem_euclid(std::f32::consts::TAU);
    if d > std::f32::consts::PI {
        d - std::f32::consts::TAU
    } else {
        d
    }
}

/// The lazy-follow state of one panel's yaw.
#[derive(Debug, Clone, Default)]
pub struct LazyFollow {
    yaw: Option<f32>,
    catching_up: bool,
}

impl LazyFollow {
    /// The panel's yaw after `dt` seconds with the head at `head_yaw`. The first call puts
    /// the panel straight ahead.
    pub fn update(&mut self, head_yaw: f32, dt: f32) -> f32 {
        let Some(yaw) = self.yaw else {
            self.yaw = Some(head_yaw);
            return head_yaw;
        };
        let behind = angle_between(yaw, head_yaw);
        if behind.abs() > FOLLOW_AFTER_DEGREES.to_radians() {
            self.catching_up = true;
        }
        if !self.catching_up {
            return yaw;
        }
        let step = FOLLOW_DEGREES_PER_SECOND.to_radians() * dt.max(0.0);
        let new = if behind.abs() <= step {
            // Caught up: rest until the head turns far again.
            self.catching_up = false;
            head_yaw
        } else {
            yaw + step * behind.signum()
        };
        self.yaw = Some(new);
        new
    }

    /// Straight ahead again on the next update (a recentre, a new visitor).
    pub fn reset(&mut self) {
        self.yaw = None;
        self.catching_up = false;
    }
}

/// Would the panel hide a target (a sphere at `centre` of `radius`) from a head at `head`?
pub fn hides(place: &PanelPlace, head: Vec3, centre: Vec3, radius: f32) -> bool {
    let to = centre - head;
    let distance = to.length();
    if distance <= place.distance || distance < 1e-3 {
        // In front of the panel (or inside the head): the panel cannot hide it.
        return false;
    }
    let yaw = (-to.x).atan2(-to.z);
    let pitch = (to.y / distance).asin();
    let margin = (radius / distance).atan();
    let (half_w, half_h) = place.half_angles();
    angle_between(place.yaw, yaw).abs() < half_w + margin
        && (pitch - place.pitch).abs() < half_h + margin
}

/// The lowest the subtitle panel goes looking for a clear view; below this it stays and
/// shares the view (a subtitle must remain readable).
pub const LOWEST_PITCH_DEGREES: f32 = -50.0;

/// The panel at its preferred pitch, or lowered in small steps until it hides none of
/// `targets` (centre, radius).
pub fn clear_of_targets(
    preferred: PanelPlace,
    head: Vec3,
    targets: impl Iterator<Item = (Vec3, f32)> + Clone,
) -> PanelPlace {
    let mut place = preferred;
    let lowest = LOWEST_PITCH_DEGREES.to_radians();
    while place.pitch > lowest {
        if !targets.clone().any(|(c, r)| hides(&place, head, c, r)) {
            return place;
        }
        place.pitch = (place.pitch - 2f32.to_radians()).max(lowest);
    }
    place
}

/// The visual angle of one line of text, degrees: `line_px` tall on a panel that maps
/// `metres_per_px`, read from `distance` metres.
pub fn line_visual_angle_degrees(line_px: f32, metres_per_px: f32, distance: f32) -> f32 {
    (2.0 * (line_px * metres_per_px / 2.0 / distance).atan()).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBTITLES: PanelPlace = PanelPlace {
        yaw: 0.0,
        pitch: -0.3,
        distance: 1.7,
        size: (1.0, 0.375),
    };

    #[test]
    fn a_panel_stays_while_the_head_looks_around_and_glides_back_after_a_real_turn() {
        let mut follow = LazyFollow::default();
        assert_eq!(follow.update(0.0, 0.016), 0.0);
        // A glance 20° to the left: the panel does not move.
        assert_eq!(follow.update(20f32.to_radians(), 0.5), 0.0);
        // A real turn to 60°: it follows, no faster than its speed...
        let after_a_frame = follow.update(60f32.to_radians(), 0.1);
        assert!(after_a_frame > 0.0);
        assert!(after_a_frame <= (FOLLOW_DEGREES_PER_SECOND * 0.1).to_radians() + 1e-5);
        // ...and ends in front of the head.
        let mut yaw = after_a_frame;
        for _ in 0..100 {
            yaw = follow.update(60f32.to_radians(), 0.1);
        }
        assert!((yaw - 60f32.to_radians()).abs() < 1e-5);
        // Once caught up, small looks leave it alone again.
        assert!((follow.update(75f32.to_radians(), 0.5) - yaw).abs() < 1e-6);
    }

    #[test]
    fn following_takes_the_short_way_round() {
        let mut follow = LazyFollow::default();
        follow.update(170f32.to_radians(), 0.0);
        // From 170° to -170° is 20°: no follow.
        assert_eq!(
            follow.update(-170f32.to_radians(), 1.0),
            170f32.to_radians()
        );
        // To -130° is 60° the short way (through 180°): the yaw grows past π.
        let yaw = follow.update(-130f32.to_radians(), 0.1);
        assert!(yaw > 170f32.to_radians(), "{}", yaw.to_degrees());
    }

    #[test]
    fn a_target_straight_ahead_is_never_behind_the_subtitles() {
        let head = Vec3::new(0.0, 1.6, 0.0);
        let ahead = (Vec3::new(0.0, 1.6, -3.0), 0.3);
        assert!(!hides(&SUBTITLES, head, ahead.0, ahead.1));
        let placed = clear_of_targets(SUBTITLES, head, [ahead].into_iter());
        assert_eq!(placed, SUBTITLES, "nothing to avoid: the preferred place");
    }

    #[test]
    fn the_panel_drops_below_a_low_target_it_would_hide() {
        let head = Vec3::new(0.0, 1.6, 0.0);
        // A photograph on a low table 2.5 m ahead, right where the panel sits.
        let (_, _) = SUBTITLES.transform(head);
        let table = Vec3::new(0.0, 1.6 - 2.5 * 0.3f32.tan(), -2.5);
        assert!(hides(&SUBTITLES, head, table, 0.15));
        let placed = clear_of_targets(SUBTITLES, head, [(table, 0.15)].into_iter());
        assert!(placed.pitch < SUBTITLES.pitch);
        assert!(!hides(&placed, head, table, 0.15));
    }

    #[test]
    fn things_nearer_than_the_panel_or_to_the_side_are_not_hidden() {
        let head = Vec3::new(0.0, 1.6, 0.0);
        let near = head + Quat::from_rotation_x(-0.3) * Vec3::NEG_Z * 1.0;
        assert!(!hides(&SUBTITLES, head, near, 0.1));
        let aside = Vec3::new(-3.0, 1.0, -1.0);
        assert!(!hides(&SUBTITLES, head, aside, 0.2));
    }

    #[test]
    fn the_panel_sits_where_its_angles_say() {
        let head = Vec3::new(1.0, 1.6, 2.0);
        let place = PanelPlace {
            yaw: 90f32.to_radians(),
            pitch: 0.0,
            distance: 2.0,
            size: (1.0, 0.5),
        };
        let (centre, _) = place.transform(head);
        // Yaw 90° is turned left: -X.
        assert!((centre - Vec3::new(-1.0, 1.6, 2.0)).length() < 1e-5);
        assert!(hides(&place, head, Vec3::new(-4.0, 1.6, 2.0), 0.1));
    }

    #[test]
    fn visual_angle_of_a_line() {
        // 31.4 mm at 1.8 m is one degree.
        let a = line_visual_angle_degrees(31.4, 0.001, 1.8);
        assert!((a - 1.0).abs() < 0.01, "{a}");
    }
}
