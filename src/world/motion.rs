//! People move: breathing and shifting weight while they wait, turning their head to the
//! visitor while they speak, walking to a spot or up to the visitor with a stride, sitting
//! and standing, and playing a glTF figure's own clips. Reads the story's events; writes only
//! transforms (and animation players).

use super::figure::{Joint, joint_transform};
use super::pose::{Activity, Joints, Proportions, approach, look_angles, target_joints};
use crate::AppSystems;
use crate::body::{Player, VisitorHead};
use crate::scenario::{ActiveScenario, ScenarioEvent};
use bevy::animation::graph::{AnimationGraph, AnimationGraphHandle, AnimationNodeIndex};
use bevy::animation::{AnimationClip, AnimationPlayer};
use bevy::gltf::Gltf;
use bevy::prelude::*;
use temoin_scenario::runner::CharacterAction;
use temoin_scenario::{CharacterId, Pose, RuntimeEvent};

/// Walking speed, metres per second (older people walk slower).
pub const WALK_SPEED: f32 = 1.05;
/// Length of one step, metres: the stride's phase advances half a turn per step.
pub const STEP_LENGTH: f32 = 0.62;
/// How close to the visitor someone comes when they walk up to them.
pub const APPROACH_DISTANCE: f32 = 1.1;
/// Someone coming to fetch the visitor is there within about this many seconds: a brisk
/// walk from further away, never a run.
pub const APPROACH_SECONDS: f32 = 6.0;
pub const BRISK_SPEED: f32 = 2.0;
/// A speaker keeps looking at the visitor this long after their line.
const LINGER_SECONDS: f32 = 1.2;

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (react_to_story, walk, pose_bodies, start_model_clips)
            .chain()
            .in_set(AppSystems::ApplyEffects)
            .after(super::SpawnEnvironment),
    );
}

/// A person in the current place.
#[derive(Component, Debug)]
pub struct Person {
    pub id: CharacterId,
    pub proportions: Proportions,
    pub pose: Pose,
    pub joints: Joints,
    pub time: f32,
    pub seed: f32,
    /// Where they are walking to, on the floor.
    pub goal: Option<Vec3>,
    /// Metres per second of the current walk.
    pub speed: f32,
    pub stride: f32,
    /// Seconds left of looking at the visitor (while speaking, and a moment after).
    pub attention: f32,
    pub speaking: bool,
}

impl Person {
    pub fn new(id: CharacterId, proportions: Proportions, pose: Pose, seed: f32) -> Self {
        let mut person = Person {
            id,
            proportions,
            pose,
            joints: Joints::default(),
            time: 0.0,
            seed,
            goal: None,
            speed: WALK_SPEED * if proportions.older { 0.75 } else { 1.0 },
            stride: 0.0,
            attention: 0.0,
            speaking: false,
        };
        person.joints = target_joints(&proportions, &person.activity(None));
        person
    }

    fn activity(&self, look: Option<(f32, f32)>) -> Activity {
        Activity {
            pose: if self.goal.is_some() {
                Pose::Standing
            } else {
                self.pose
            },
            stride: self.goal.map(|_| self.stride),
            time: self.time,
            seed: self.seed,
            look_at_visitor: look,
        }
    }

    pub fn walking(&self) -> bool {
        self.goal.is_some()
    }
}

/// A figure from a glTF file, and the clips it can play by name once its scene is spawned.
#[derive(Component)]
pub struct ModelFigure {
    pub id: CharacterId,
    pub gltf: Handle<Gltf>,
    pub idle: Option<String>,
    /// A clip asked for before the model was ready.
    pub requested: Option<String>,
    pub ready: bool,
}

/// An action for someone who may not be in the world yet: a beat that changes place and asks
/// a character to act in the same step reaches them once the new place is built (after the
/// fade), so actions wait a little for their character.
#[derive(Default)]
struct Waiting {
    actions: Vec<(CharacterId, CharacterAction, f32)>,
}

/// How long an action waits for its character before it is dropped (with a warning).
const WAIT_SECONDS: f32 = 3.0;

fn react_to_story(
    mut events: MessageReader<ScenarioEvent>,
    time: Res<Time>,
    active: Res<ActiveScenario>,
    mut people: Query<(&mut Person, &Transform)>,
    mut models: Query<&mut ModelFigure>,
    visitor: Query<&Transform, (With<Player>, Without<Person>)>,
    mut waiting: Local<Waiting>,
) {
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::LineStarted {
                character, radio, ..
            } => {
                for (mut person, _) in &mut people {
                    let speaks = !*radio && character.as_ref() == Some(&person.id);
                    person.speaking = speaks;
                    if speaks {
                        person.attention = f32::INFINITY;
                    } else if person.attention.is_infinite() {
                        person.attention = LINGER_SECONDS;
                    }
                }
            }
            RuntimeEvent::LineFinished { .. } => {
                for (mut person, _) in &mut people {
                    if person.speaking {
                        person.speaking = false;
                        person.attention = LINGER_SECONDS;
                    }
                }
            }
            RuntimeEvent::CharacterAction { character, action } => {
                waiting
                    .actions
                    .push((character.clone(), action.clone(), 0.0));
            }
            RuntimeEvent::Reset => {
                waiting.actions.clear();
                for (mut person, _) in &mut people {
                    person.speaking = false;
                    person.attention = 0.0;
                }
            }
            _ => {}
        }
    }
    let dt = time.delta_secs();
    let visitor = visitor.single().ok().map(|t| t.translation);
    waiting.actions.retain_mut(|(character, action, age)| {
        let done = act(
            character,
            action,
            &active,
            &mut people,
            &mut models,
            visitor,
        );
        *age += dt;
        if !done && *age > WAIT_SECONDS {
            warn!("character `{character}` is not in this place; {action:?} is dropped");
            return false;
        }
        !done
    });
}

/// Does `action` for `character` if they are here; false if they are not (yet).
fn act(
    character: &CharacterId,
    action: &CharacterAction,
    active: &ActiveScenario,
    people: &mut Query<(&mut Person, &Transform)>,
    models: &mut Query<&mut ModelFigure>,
    visitor: Option<Vec3>,
) -> bool {
    if let Some(mut model) = models.iter_mut().find(|m| &m.id == character) {
        if let CharacterAction::Animate(clip) = action {
            model.requested = Some(clip.clone());
        }
        return true;
    }
    let Some((mut person, transform)) = people.iter_mut().find(|(p, _)| &p.id == character) else {
        return false;
    };
    match action {
        CharacterAction::WalkTo(spot) => {
            let spot = active
                .runner
                .as_ref()
                .and_then(|r| r.scenario().spot(r.index(), spot));
            if let Some(spot) = spot {
                person.goal = Some(Vec3::from_array(spot.position));
                person.speed = walk_speed(&person.proportions, None);
            }
        }
        CharacterAction::Approach => {
            if let Some(to) = visitor {
                let from = transform.translation;
                let away = (from - to).with_y(0.0).normalize_or(Vec3::NEG_Z);
                let goal = to + away * APPROACH_DISTANCE;
                person.speed = walk_speed(&person.proportions, Some(from.distance(goal)));
                person.goal = Some(goal);
            }
        }
        CharacterAction::Pose(pose) => person.pose = *pose,
        // A built body has no clips of its own.
        CharacterAction::Animate(clip) => {
            warn!("character `{character}` is drawn by the app and has no clip `{clip}`")
        }
    }
    true
}

/// How fast someone walks: their own pace, or briskly enough to cover `hurry` metres in
/// about [`APPROACH_SECONDS`] when they come to fetch the visitor.
pub fn walk_speed(p: &Proportions, hurry: Option<f32>) -> f32 {
    let own = WALK_SPEED * if p.older { 0.75 } else { 1.0 };
    match hurry {
        Some(distance) => (distance / APPROACH_SECONDS).clamp(own, BRISK_SPEED),
        None => own,
    }
}

/// Turns `rotation` (a yaw) towards `direction` on the floor at `rate` radians a second.
fn turn_towards(rotation: &mut Quat, direction: Vec3, rate: f32, dt: f32) {
    let flat = direction.with_y(0.0);
    if flat.length_squared() < 1e-6 {
        return;
    }
    let want = Transform::default().looking_to(flat, Vec3::Y).rotation;
    let angle = rotation.angle_between(want);
    if angle > 1e-4 {
        *rotation = rotation.slerp(want, (rate * dt / angle).min(1.0));
    }
}

fn walk(
    time: Res<Time>,
    mut people: Query<(&mut Person, &mut Transform)>,
    eyes: Query<&GlobalTransform, With<VisitorHead>>,
) {
    let dt = time.delta_secs();
    let eyes = eyes.iter().next().map(GlobalTransform::translation);
    for (mut person, mut transform) in &mut people {
        person.time += dt;
        if person.attention.is_finite() {
            person.attention = (person.attention - dt).max(0.0);
        }
        let Some(goal) = person.goal else {
            continue;
        };
        let speed = person.speed;
        let to_goal = (goal - transform.translation).with_y(0.0);
        let distance = to_goal.length();
        if distance < 0.03 {
            person.goal = None;
            // Arrived: turn to the visitor, as someone who came to them would.
            if let Some(eyes) = eyes {
                let look = eyes - transform.translation;
                transform.rotation = Transform::default()
                    .looking_to(look.with_y(0.0).normalize_or(Vec3::NEG_Z), Vec3::Y)
                    .rotation;
            }
            continue;
        }
        let step = (speed * dt).min(distance);
        transform.translation += to_goal / distance * step;
        person.stride += step / STEP_LENGTH * std::f32::consts::PI;
        turn_towards(&mut transform.rotation, to_goal, 4.0, dt);
    }
}

fn pose_bodies(
    time: Res<Time>,
    mut people: Query<(&mut Person, &GlobalTransform, &Children)>,
    eyes: Query<&GlobalTransform, With<VisitorHead>>,
    mut joints: Query<(&Joint, &mut Transform, &mut Visibility, Option<&Children>)>,
) {
    let dt = time.delta_secs();
    let eyes = eyes.iter().next().map(GlobalTransform::translation);
    for (mut person, global, children) in &mut people {
        let p = person.proportions;
        let look = match (person.attention > 0.0, eyes) {
            (true, Some(eyes)) => {
                // Where the head is now: low when seated, a little lower when stooping.
                let head_height = person.joints.hips_height + p.torso + p.neck + p.head * 0.5;
                let head = global.translation() + Vec3::Y * head_height;
                let facing = global.forward().as_vec3();
                Some(look_angles(
                    head.to_array(),
                    [facing.x, facing.z],
                    eyes.to_array(),
                ))
            }
            _ => None,
        };
        let target = target_joints(&p, &person.activity(look));
        let rate = if person.walking() { 10.0 } else { 3.5 };
        let mut current = person.joints;
        approach(&mut current, &target, rate, dt);
        person.joints = current;
        let seated = person.pose == Pose::Seated && !person.walking();
        // Walk the joint tree under this person (hips first, then their children).
        let mut stack: Vec<Entity> = children.iter().collect();
        while let Some(entity) = stack.pop() {
            let Ok((joint, mut transform, mut visibility, kids)) = joints.get_mut(entity) else {
                continue;
            };
            *transform = joint_transform(*joint, &p, &current);
            let shown = match joint {
                Joint::StandingSkirt => !seated,
                Joint::SeatedSkirt => seated,
                _ => true,
            };
            visibility.set_if_neq(if shown {
                Visibility::Inherited
            } else {
                Visibility::Hidden
            });
            if let Some(kids) = kids {
                stack.extend(kids.iter());
            }
        }
    }
}

/// Once a glTF figure's scene exists, gives its animation player a graph of every named clip
/// and starts the idle clip (looping) or the clip asked for (once).
fn start_model_clips(
    mut models: Query<(Entity, &mut ModelFigure)>,
    // Absent without the glTF and animation plugins (headless tests of people).
    gltfs: Option<Res<Assets<Gltf>>>,
    graphs: Option<ResMut<Assets<AnimationGraph>>>,
    children: Query<&Children>,
    mut players: Query<(&mut AnimationPlayer, Option<&ClipIndex>)>,
    mut commands: Commands,
) {
    let (Some(gltfs), Some(mut graphs)) = (gltfs, graphs) else {
        return;
    };
    for (root, mut model) in &mut models {
        let Some(gltf) = gltfs.get(&model.gltf) else {
            continue;
        };
        let Some(player) = children
            .iter_descendants(root)
            .find(|e| players.contains(*e))
        else {
            continue;
        };
        let Ok((mut animation, index)) = players.get_mut(player) else {
            continue;
        };
        let Some(index) = index else {
            let names: Vec<(String, Handle<AnimationClip>)> = gltf
                .named_animations
                .iter()
                .map(|(n, h)| (n.to_string(), h.clone()))
                .collect();
            let (graph, nodes) = AnimationGraph::from_clips(names.iter().map(|(_, h)| h.clone()));
            let clips: Vec<(String, AnimationNodeIndex)> =
                names.into_iter().map(|(n, _)| n).zip(nodes).collect();
            commands
                .entity(player)
                .insert((AnimationGraphHandle(graphs.add(graph)), ClipIndex(clips)));
            continue;
        };
        let find = |name: &str| index.0.iter().find(|(n, _)| n == name).map(|(_, i)| *i);
        if !model.ready {
            model.ready = true;
            if let Some(idle) = model.idle.clone().and_then(|n| find(&n)) {
                animation.play(idle).repeat();
            }
            info!(
                "figure: `{}` is ready with {} clip(s)",
                model.id,
                index.0.len()
            );
        }
        if let Some(clip) = model.requested.take() {
            match find(&clip) {
                Some(node) => {
                    animation.stop_all();
                    animation.start(node);
                    info!("figure: `{}` plays `{clip}`", model.id);
                }
                None => warn!(
                    "character `{}` has no clip `{clip}` (it has: {})",
                    model.id,
                    index
                        .0
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    }
}

/// A glTF figure's clips by name, on its animation player.
#[derive(Component)]
pub struct ClipIndex(pub Vec<(String, AnimationNodeIndex)>);
