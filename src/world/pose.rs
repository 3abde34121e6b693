//! Where a figure's joints point, as a pure function of what the person is doing: standing,
//! seated, walking, breathing, shifting weight, turning to the visitor while speaking. The
//! figure system smooths towards these angles every frame, so changes of pose (sitting down,
//! stopping) blend by themselves. No ECS here: it tests without an app.

use temoin_scenario::{Body, Pose};

/// Angles in radians. Limbs hang along -y at rest; a positive `x` angle swings a limb forward
/// (towards the figure's front, -z), a positive `z` angle swings a left limb outwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Joints {
    /// Height of the hips above the floor, metres.
    pub hips_height: f32,
    /// Sideways sway of the hips, metres.
    pub hips_sway: f32,
    pub hips_roll: f32,
    /// Forward bend of the back (positive bends forward).
    pub spine_bend: f32,
    pub spine_roll: f32,
    /// Chest expansion: 0 at rest, ±1 over a breath.
    pub breath: f32,
    pub head_yaw: f32,
    pub head_pitch: f32,
    pub thigh: [[f32; 2]; 2],
    pub shin: [f32; 2],
    pub upper_arm: [[f32; 2]; 2],
    pub forearm: [f32; 2],
}

/// Left and right.
pub const LEFT: usize = 0;
pub const RIGHT: usize = 1;

/// Body measurements, in metres, from the standing height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportions {
    pub height: f32,
    pub hips: f32,
    pub thigh: f32,
    pub shin: f32,
    pub torso: f32,
    pub neck: f32,
    pub head: f32,
    pub shoulders: f32,
    pub upper_arm: f32,
    pub forearm: f32,
    pub hip_width: f32,
    /// A child's head is larger for their height.
    pub child: bool,
    pub older: bool,
    pub woman: bool,
}

impl Proportions {
    pub fn new(body: Body, height: Option<f32>) -> Self {
        let child = body == Body::Child;
        let older = matches!(body, Body::OlderMan | Body::OlderWoman);
        let woman = matches!(body, Body::Woman | Body::OlderWoman);
        let h = height.unwrap_or(match body {
            Body::Man => 1.75,
            Body::Woman => 1.63,
            Body::OlderMan => 1.68,
            Body::OlderWoman => 1.56,
            Body::Child => 1.36,
        });
        let head = if child { 0.165 * h } else { 0.13 * h };
        let leg = if child { 0.47 * h } else { 0.50 * h };
        Proportions {
            height: h,
            hips: leg,
            thigh: leg * 0.5,
            shin: leg * 0.5,
            neck: 0.04 * h,
            head,
            torso: h - leg - head - 0.04 * h,
            shoulders: if woman { 0.215 * h } else { 0.235 * h },
            upper_arm: 0.18 * h,
            forearm: 0.22 * h,
            hip_width: if woman { 0.115 * h } else { 0.10 * h },
            child,
            older,
            woman,
        }
    }
}

/// What the figure is doing now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Activity {
    pub pose: Pose,
    /// Walking: the phase of the stride in radians (one step per half turn); `None` standing
    /// still.
    pub stride: Option<f32>,
    /// Seconds since the figure appeared (breathing and weight shifts run on it).
    pub time: f32,
    /// A per-person offset so that two people never breathe in step.
    pub seed: f32,
    /// Yaw and pitch from the figure's front to the visitor's eyes, radians; `Some` while the
    /// figure speaks (and a moment after).
    pub look_at_visitor: Option<(f32, f32)>,
}

/// How far a head turns before the shoulders would have to follow.
pub const MAX_HEAD_YAW: f32 = 1.2;
pub const MAX_HEAD_PITCH: f32 = 0.45;

/// The joint angles a person holds for `activity`.
pub fn target_joints(p: &Proportions, activity: &Activity) -> Joints {
    let t = activity.time + activity.seed * 7.3;
    let breath_period = if p.child { 3.2 } else { 4.2 };
    let breath = (t * std::f32::consts::TAU / breath_period).sin();
    let stoop = if p.older { 0.14 } else { 0.0 };
    let mut j = Joints {
        hips_height: p.hips,
        breath,
        spine_bend: stoop,
        ..Default::default()
    };
    // The head: towards the visitor when speaking, else a slow idle gaze.
    let (idle_yaw, idle_pitch) = (
        0.12 * (t * 0.23).sin() + 0.05 * (t * 0.61).sin(),
        -0.04 + 0.03 * (t * 0.37).sin(),
    );
    let (yaw, pitch) = activity.look_at_visitor.unwrap_or((idle_yaw, idle_pitch));
    j.head_yaw = yaw.clamp(-MAX_HEAD_YAW, MAX_HEAD_YAW);
    j.head_pitch = (pitch - stoop * 0.5).clamp(-MAX_HEAD_PITCH, MAX_HEAD_PITCH);
    // Arms hang slightly away from the body, elbows a little bent.
    j.upper_arm = [[0.05, 0.08], [0.05, 0.08]];
    j.forearm = [0.18, 0.18];
    if activity.look_at_visitor.is_some() {
        // A small gesture of one hand while talking.
        let g = 0.5 + 0.5 * (t * 1.7).sin();
        j.forearm[RIGHT] = 0.35 + 0.35 * g;
        j.upper_arm[RIGHT][0] = 0.12 + 0.06 * g;
    }
    match (activity.pose, activity.stride) {
        (_, Some(phase)) => {
            let swing = if p.older { 0.32 } else { 0.42 };
            let s = phase.sin();
            j.thigh = [[swing * s, 0.02], [-swing * s, 0.02]];
            // The knee bends as the leg swings through, never backwards.
            j.shin = [
                -0.9 * (phase + 0.8).sin().max(0.0),
                -0.9 * (phase + 0.8 + std::f32::consts::PI).sin().max(0.0),
            ];
            j.upper_arm[LEFT][0] = -0.35 * s;
            j.upper_arm[RIGHT][0] = 0.35 * s;
            j.forearm = [0.3, 0.3];
            j.hips_height = p.hips - 0.018 * (2.0 * phase).cos().abs();
            j.hips_roll = 0.04 * s;
            j.spine_bend += 0.05;
        }
        (Pose::Standing, None) => {
            // Weight moves from one foot to the other every few seconds.
            let shift = (t * std::f32::consts::TAU / 7.0).sin();
            j.hips_sway = 0.018 * shift;
            j.hips_roll = 0.025 * shift;
            j.spine_roll = -0.02 * shift;
            let bent = 0.05 + 0.05 * shift.max(0.0);
            let other = 0.05 + 0.05 * (-shift).max(0.0);
            j.thigh = [[bent, 0.03], [other, 0.03]];
            j.shin = [-2.0 * bent, -2.0 * other];
        }
        (Pose::Seated, None) => {
            // Cross-legged on a cushion: hips low, thighs forward and out, shins folded in.
            j.hips_height = 0.2;
            j.thigh = [[1.35, 0.75], [1.35, 0.75]];
            j.shin = [-2.6, -2.6];
            j.upper_arm = [[0.35, 0.12], [0.35, 0.12]];
            j.forearm = [1.1, 1.1];
            j.spine_bend += 0.06;
        }
        (Pose::SeatedOnChair, None) => {
            j.hips_height = 0.45 + 0.06;
            j.thigh = [[1.5, 0.08], [1.5, 0.08]];
            j.shin = [-1.5, -1.5];
            j.upper_arm = [[0.3, 0.1], [0.3, 0.1]];
            j.forearm = [0.95, 0.95];
        }
    }
    j
}

/// Moves every angle of `current` a step towards `target`: `rate` per second, exponentially,
/// so a change of pose or a stop looks like a person and never snaps.
pub fn approach(current: &mut Joints, target: &Joints, rate: f32, dt: f32) {
    let k = 1.0 - (-rate * dt).exp();
    let mix = |a: &mut f32, b: f32| *a += (b - *a) * k;
    mix(&mut current.hips_height, target.hips_height);
    mix(&mut current.hips_sway, target.hips_sway);
    mix(&mut current.hips_roll, target.hips_roll);
    mix(&mut current.spine_bend, target.spine_bend);
    mix(&mut current.spine_roll, target.spine_roll);
    current.breath = target.breath;
    mix(&mut current.head_yaw, target.head_yaw);
    mix(&mut current.head_pitch, target.head_pitch);
    for side in [LEFT, RIGHT] {
        for axis in 0..2 {
            mix(&mut current.thigh[side][axis], target.thigh[side][axis]);
            mix(
                &mut current.upper_arm[side][axis],
                target.upper_arm[side][axis],
            );
        }
        mix(&mut current.shin[side], target.shin[side]);
        mix(&mut current.forearm[side], target.forearm[side]);
    }
}

/// Yaw and pitch (radians) from a head at `head` whose body faces `facing` (a unit vector on
/// the floor) to `eyes`; positive yaw turns to the figure's left.
pub fn look_angles(head: [f32; 3], facing: [f32; 2], eyes: [f32; 3]) -> (f32, f32) {
    let d = [eyes[0] - head[0], eyes[1] - head[1], eyes[2] - head[2]];
    let flat = (d[0] * d[0] + d[2] * d[2]).sqrt().max(1e-4);
    let forward = facing[0] * d[0] + facing[1] * d[2];
    // The figure's left, seen from above, is the facing turned a quarter counter-clockwise.
    let left = facing[1] * d[0] - facing[0] * d[2];
    (left.atan2(forward), d[1].atan2(flat))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(look: Option<(f32, f32)>) -> Activity {
        Activity {
            pose: Pose::Standing,
            stride: None,
            time: 3.0,
            seed: 0.0,
            look_at_visitor: look,
        }
    }

    #[test]
    fn proportions_add_up_to_the_height() {
        for body in [Body::Man, Body::Woman, Body::OlderWoman, Body::Child] {
            let p = Proportions::new(body, None);
            let total = p.hips + p.torso + p.neck + p.head;
            assert!(
                (total - p.height).abs() < 1e-3,
                "{body:?}: {total} vs {}",
                p.height
            );
        }
        assert!(Proportions::new(Body::Child, None).height < 1.5);
    }

    #[test]
    fn seated_is_low_and_standing_is_not() {
        let p = Proportions::new(Body::OlderWoman, None);
        let mut seated = standing(None);
        seated.pose = Pose::Seated;
        assert!(target_joints(&p, &seated).hips_height < 0.3);
        assert!(target_joints(&p, &standing(None)).hips_height > 0.7);
    }

    #[test]
    fn walking_swings_legs_in_opposition() {
        let p = Proportions::new(Body::Woman, None);
        let mut walking = standing(None);
        walking.stride = Some(std::f32::consts::FRAC_PI_2);
        let j = target_joints(&p, &walking);
        assert!(j.thigh[LEFT][0] > 0.3 && j.thigh[RIGHT][0] < -0.3, "{j:?}");
        // The arm opposite the forward leg swings forward.
        assert!(j.upper_arm[RIGHT][0] > 0.0 && j.upper_arm[LEFT][0] < 0.0);
    }

    #[test]
    fn the_head_turns_to_the_visitor_only_while_speaking() {
        let p = Proportions::new(Body::Woman, None);
        // Visitor 2 m away to the figure's left (figure faces -z; left is -x).
        let look = look_angles([0.0, 1.5, 0.0], [0.0, -1.0], [-2.0, 1.6, -0.5]);
        assert!(look.0 > 1.0, "{look:?}");
        let speaking = target_joints(&p, &standing(Some(look)));
        let silent = target_joints(&p, &standing(None));
        assert!(speaking.head_yaw > 1.0);
        assert!(silent.head_yaw.abs() < 0.25);
        // Behind them: the head turns as far as a neck does, no further.
        let behind = look_angles([0.0, 1.5, 0.0], [0.0, -1.0], [0.1, 1.6, 3.0]);
        assert!(target_joints(&p, &standing(Some(behind))).head_yaw <= MAX_HEAD_YAW);
    }

    #[test]
    fn changes_of_pose_blend() {
        let p = Proportions::new(Body::Man, None);
        let mut now = target_joints(&p, &standing(None));
        let mut seated = standing(None);
        seated.pose = Pose::Seated;
        let goal = target_joints(&p, &seated);
        approach(&mut now, &goal, 4.0, 1.0 / 60.0);
        assert!(now.hips_height < p.hips && now.hips_height > goal.hips_height + 0.5);
        for _ in 0..240 {
            approach(&mut now, &goal, 4.0, 1.0 / 60.0);
        }
        assert!((now.hips_height - goal.hips_height).abs() < 0.01);
    }
}
