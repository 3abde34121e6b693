//! Pointing in the headset: the head's gaze and a laser from either controller, onto the
//! story's targets and spots or onto a button of the interface panel. Everything goes through
//! the device-agnostic `rig::controls`:
//! - the gaze is what the visitor looks at (`Focus`, so "look at" beats work with the head);
//!   held on a target, a spot or a button for the dwell time, it selects it, with a ring
//!   filling where they look. A visitor who never presses anything can do everything so.
//! - once a trigger has been pressed, the laser of the hand that pressed it selects, and the
//!   dwell stops (no accidental selections by a visitor who is only looking around);
//! - the thumbstick snap-turns (about the head) and, pushed forward, aims a teleport arc that
//!   only lands on the scenario's named spots; the menu button pauses and resumes.

use super::interface::{InterfacePanel, button_at};
use super::tracking::{TrackHead, TrackingCorrection, head_pose};
use crate::body::{EYE_HEIGHT, Player, PlayerCamera};
use crate::comfort::{Blink, ComfortSettings};
use crate::rig::controls::{
    GazeDwell, PointerFrame, PointerIntents, SnapTurn, Teleport, TeleportAim, teleport_arc,
    turn_about_head,
};
use crate::rig::picking::{Pick, pick, spot_under};
use crate::scenario::{ActiveScenario, PlayerIntent, ScenarioEvent};
use crate::world::{SPOT_RADIUS, SpotMarker, TargetMarker, facing_rotation};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use bevy_mod_xr::camera::XrCamera;
use bevy_mod_xr::session::XrTrackingRoot;
use std::collections::BTreeSet;
use temoin_scenario::{Intent, RuntimeEvent, SpotId, TargetId};

use super::controllers::HandInputs;

/// How long a look selects, for visitors who never press anything.
pub const GAZE_SELECT_SECONDS: f32 = 2.0;

/// What a pointer rests on.
#[derive(Debug, Clone, PartialEq)]
pub enum Aimed {
    World(Pick),
    Button(Entity),
}

/// The pointers' state, kept across frames.
#[derive(Resource)]
pub struct Pointers {
    gaze: PointerIntents,
    laser: PointerIntents,
    pub dwell: GazeDwell<Aimed>,
    /// A trigger was pressed since the visitor began: the laser selects, the gaze only looks.
    controllers_used: bool,
    /// The hand that pressed last (0 left, 1 right).
    primary: usize,
    snap: [SnapTurn; 2],
    teleport: [TeleportAim; 2],
}

impl Pointers {
    fn new(snap_degrees: f32) -> Self {
        Pointers {
            gaze: PointerIntents::default(),
            laser: PointerIntents::default(),
            dwell: GazeDwell::new(GAZE_SELECT_SECONDS),
            controllers_used: false,
            primary: 1,
            snap: [SnapTurn::new(snap_degrees); 2],
            teleport: [TeleportAim::default(), TeleportAim::default()],
        }
    }
}

/// What the visuals draw this frame (all in world space).
#[derive(Resource, Default, Debug)]
pub struct PointerView {
    /// Per hand: laser start and end, and whether it rests on something it can select.
    pub lasers: [Option<(Vec3, Vec3, bool)>; 2],
    /// The dwell ring: where, facing the head, and how full.
    pub ring: Option<(Vec3, Vec3, f32)>,
    /// The teleport arc's points and whether it ends on a named spot.
    pub arc: Option<(Vec<Vec3>, bool)>,
}

/// The fade to black around a teleport, and where to go when it is dark.
#[derive(Resource, Default)]
pub struct TeleportBlink {
    pub blink: Blink,
    pub alpha: f32,
    to: Option<SpotId>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<PointerView>()
        .init_resource::<TeleportBlink>()
        .add_systems(
            Startup,
            |mut commands: Commands, s: Res<ComfortSettings>| {
                commands.insert_resource(Pointers::new(s.snap_degrees));
            },
        )
        .add_systems(
            Update,
            (forget_on_reset, point, blink_teleport)
                .chain()
                .in_set(AppSystems::RecordInput)
                .after(TrackHead),
        );
}

/// A new visitor: the pointers start fresh. A comfort toggle (pressed with the trigger, say)
/// keeps what the pointers know and only takes the snap step, so gaze selection does not come
/// back for a visitor who already uses a controller.
fn forget_on_reset(
    mut events: MessageReader<ScenarioEvent>,
    settings: Res<ComfortSettings>,
    mut pointers: ResMut<Pointers>,
) {
    if events.read().any(|e| matches!(e.0, RuntimeEvent::Reset)) {
        *pointers = Pointers::new(settings.snap_degrees);
    } else if settings.is_changed() {
        pointers.snap = [SnapTurn::new(settings.snap_degrees); 2];
    }
}

/// A ray in the world.
#[derive(Clone, Copy)]
struct Ray {
    origin: Vec3,
    direction: Vec3,
}

/// The interface panel's buttons, as `button_at` reads them.
type PanelButtons<'w, 's> = Query<
    'w,
    's,
    (
        Entity,
        &'static ComputedNode,
        &'static UiGlobalTransform,
        &'static InheritedVisibility,
        &'static ComputedUiTargetCamera,
    ),
    With<Button>,
>;

/// What a pointer can rest on this frame, gathered once: the panel's buttons, and the story's
/// targets and spots while the story runs.
struct Aimables<'a, 'w, 's> {
    panel: Option<(&'a InterfacePanel, &'a Transform)>,
    buttons: &'a PanelButtons<'w, 's>,
    story_open: bool,
    targets: Vec<(TargetId, Vec3, f32)>,
    spots: Vec<(SpotId, Vec3)>,
    /// The spots the scenario names in the current environment: the only places to go.
    named: BTreeSet<SpotId>,
}

impl Aimables<'_, '_, '_> {
    /// What a ray rests on: a button of the panel in front of anything else, then the world
    /// (only while the story runs).
    fn aim(&self, ray: Ray) -> Option<(Aimed, Vec3)> {
        if let Some((panel, quad)) = self.panel
            && let Some((at, pixel)) = panel.hit(quad, ray.origin, ray.direction)
            && let Some(button) = button_at(panel.camera, pixel, self.buttons.iter())
        {
            return Some((Aimed::Button(button), at));
        }
        if !self.story_open {
            return None;
        }
        let hit = pick(
            ray.origin,
            ray.direction,
            self.targets.iter().map(|(id, at, r)| (id, *at, *r)),
            self.spots.iter().map(|(id, at)| (id, *at)),
            SPOT_RADIUS,
        )?;
        let at = match &hit {
            Pick::Target(id) => self
                .targets
                .iter()
                .find(|(t, _, _)| t == id)
                .map(|(_, at, _)| *at)?,
            Pick::Spot(id) => self
                .spots
                .iter()
                .find(|(s, _)| s == id)
                .map(|(_, at)| *at)?,
        };
        Some((Aimed::World(hit), at))
    }
}

/// What this frame's pointing asks for, in the order it was asked: the story's intents, the
/// panel button under the pointer (and whether it is pressed), and the first teleport.
#[derive(Default)]
struct Asked {
    intents: Vec<Intent>,
    button: Option<(Entity, bool)>,
    teleport: Option<Teleport>,
}

/// Every frame: the hands' presses, the gaze, the lasers, the panel's buttons and the sticks,
/// in that order, each in its own function below.
fn point(
    (time, screen, active, hands): (
        Res<Time>,
        Res<State<Screen>>,
        Res<ActiveScenario>,
        Res<HandInputs>,
    ),
    panel: Option<Res<InterfacePanel>>,
    buttons: PanelButtons,
    mut interactions: Query<&mut Interaction>,
    (targets, spots): (
        Query<(&TargetMarker, &GlobalTransform)>,
        Query<(&SpotMarker, &GlobalTransform)>,
    ),
    transforms: Query<&Transform>,
    (player, camera, root): (
        Query<Entity, With<Player>>,
        Query<Entity, With<PlayerCamera>>,
        Query<Entity, With<XrTrackingRoot>>,
    ),
    eyes: Query<(&XrCamera, &Transform)>,
    mut correction: ResMut<TrackingCorrection>,
    (mut pointers, mut view, mut blink): (
        ResMut<Pointers>,
        ResMut<PointerView>,
        ResMut<TeleportBlink>,
    ),
    mut intents: MessageWriter<PlayerIntent>,
) {
    *view = PointerView::default();
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let body = |q: Result<Entity, _>| q.ok().and_then(|e| transforms.get(e).ok());
    let (Some(player), Some(camera), Some(root)) = (
        body(player.single()),
        body(camera.single()),
        body(root.single()),
    ) else {
        return;
    };
    let head = head_pose(player, camera);
    let playing = *screen.get() == Screen::Playing;
    let aimables = Aimables {
        panel: panel
            .as_deref()
            .and_then(|panel| Some((panel, transforms.get(panel.quad).ok()?))),
        buttons: &buttons,
        story_open: playing && !runner.state().paused,
        targets: targets
            .iter()
            .map(|(t, at)| (t.id.clone(), at.translation(), t.radius))
            .collect(),
        spots: spots
            .iter()
            .map(|(s, at)| (s.id.clone(), at.translation()))
            .collect(),
        named: runner
            .current_environment()
            .spots
            .iter()
            .map(|s| s.id.clone())
            .collect(),
    };
    let mut asked = Asked::default();
    take_presses(
        &hands,
        &mut pointers,
        playing,
        runner.state().paused,
        &mut asked,
    );
    follow_gaze(
        &head,
        time.delta_secs(),
        &aimables,
        &mut pointers,
        &mut view,
        &mut asked,
    );
    follow_lasers(
        &hands,
        root,
        &aimables,
        &mut pointers,
        &mut view,
        &mut asked,
    );
    intents.write_batch(asked.intents.drain(..).map(PlayerIntent));
    press_button(asked.button, &mut interactions);
    if aimables.story_open {
        // The head in the tracking space: snap turns pivot about it.
        let head_in_tracking = eyes
            .iter()
            .min_by_key(|(c, _)| c.0)
            .map(|(_, t)| t.translation)
            .unwrap_or(Vec3::new(0.0, EYE_HEIGHT, 0.0));
        let floor = player.translation.y;
        use_sticks(
            &hands,
            root,
            (head_in_tracking, floor),
            &aimables,
            &mut correction,
            &mut pointers,
            &mut view,
            &mut asked,
        );
    }
    if let Some(Teleport(id)) = asked.teleport
        && !blink.blink.active()
    {
        blink.to = Some(id);
        blink.blink.start();
    }
}

/// The hands: a press makes that hand the pointer and ends gaze selection; the menu button
/// pauses and resumes.
fn take_presses(
    hands: &HandInputs,
    pointers: &mut Pointers,
    playing: bool,
    paused: bool,
    asked: &mut Asked,
) {
    for (index, hand) in hands.hands.iter().enumerate() {
        if hand.select_pressed || hand.menu_pressed {
            pointers.controllers_used = true;
            pointers.primary = index;
        }
        if hand.menu_pressed && playing {
            asked.intents.push(if paused {
                Intent::Resume
            } else {
                Intent::Pause
            });
        }
    }
}

/// Gaze: always what the visitor looks at; selects by dwelling until a trigger is used, with
/// the ring filling where they look.
fn follow_gaze(
    head: &Transform,
    dt: f32,
    aimables: &Aimables,
    pointers: &mut Pointers,
    view: &mut PointerView,
    asked: &mut Asked,
) {
    let gaze_ray = Ray {
        origin: head.translation,
        direction: *head.forward(),
    };
    let gaze = aimables.aim(gaze_ray);
    let dwell_on = !pointers.controllers_used;
    let looked_at = gaze.as_ref().map(|(a, _)| a.clone());
    let dwelled = dwell_on && pointers.dwell.update(looked_at.as_ref(), dt);
    if dwell_on && let Some(progress) = pointers.dwell.progress() {
        let distance = gaze
            .as_ref()
            .map(|(_, at)| at.distance(head.translation))
            .unwrap_or(1.5)
            .min(1.5);
        view.ring = Some((
            head.translation + gaze_ray.direction * (distance - 0.05).max(0.3),
            head.translation,
            progress,
        ));
    }
    let gaze_world = match &looked_at {
        Some(Aimed::World(pick)) => Some(pick.clone()),
        _ => None,
    };
    let (out, teleport) = pointers.gaze.update(
        &PointerFrame {
            hit: gaze_world.clone(),
            pressed: dwelled && gaze_world.is_some(),
        },
        &aimables.named,
    );
    asked.intents.extend(out);
    asked.teleport = asked.teleport.take().or(teleport);
    asked.button = match (&looked_at, dwell_on) {
        (Some(Aimed::Button(b)), true) => Some((*b, dwelled)),
        _ => None,
    };
}

/// A hand's aim pose (in the tracking space) as a ray in the world.
fn hand_ray(root: &Transform, (origin, direction): (Vec3, Vec3)) -> Ray {
    Ray {
        origin: root.transform_point(origin),
        direction: (root.rotation * direction).normalize_or_zero(),
    }
}

/// Lasers, from the aim pose of each tracked hand; the primary one selects (the gaze says what
/// is looked at, so the laser sends no focus).
fn follow_lasers(
    hands: &HandInputs,
    root: &Transform,
    aimables: &Aimables,
    pointers: &mut Pointers,
    view: &mut PointerView,
    asked: &mut Asked,
) {
    for (index, hand) in hands.hands.iter().enumerate() {
        let Some(aim) = hand.aim else { continue };
        let ray = hand_ray(root, aim);
        let aimed = aimables.aim(ray);
        let end = aimed
            .as_ref()
            .map(|(_, at)| *at)
            .unwrap_or(ray.origin + ray.direction * 4.0);
        view.lasers[index] = Some((ray.origin, end, aimed.is_some()));
        if index != pointers.primary && pointers.controllers_used {
            continue;
        }
        match &aimed {
            Some((Aimed::Button(b), _)) => asked.button = Some((*b, hand.select_pressed)),
            _ => {
                let hit = match aimed {
                    Some((Aimed::World(pick), _)) => Some(pick),
                    _ => None,
                };
                let (out, teleport) = pointers.laser.update(
                    &PointerFrame {
                        hit,
                        pressed: hand.select_pressed,
                    },
                    &aimables.named,
                );
                asked
                    .intents
                    .extend(out.into_iter().filter(|i| !matches!(i, Intent::Focus(_))));
                asked.teleport = asked.teleport.take().or(teleport);
            }
        }
    }
}

/// The panel's buttons: hovered, or pressed by a trigger or a completed dwell.
fn press_button(button: Option<(Entity, bool)>, interactions: &mut Query<&mut Interaction>) {
    if let Some((button, pressed)) = button
        && let Ok(mut interaction) = interactions.get_mut(button)
    {
        interaction.set_if_neq(if pressed {
            Interaction::Pressed
        } else {
            Interaction::Hovered
        });
    }
}

/// Sticks, while the story runs: snap turns about the head (`head_in_tracking`), teleport
/// arcs onto named spots on the `floor`.
fn use_sticks(
    hands: &HandInputs,
    root: &Transform,
    (head_in_tracking, floor): (Vec3, f32),
    aimables: &Aimables,
    correction: &mut ResMut<TrackingCorrection>,
    pointers: &mut Pointers,
    view: &mut PointerView,
    asked: &mut Asked,
) {
    for (index, hand) in hands.hands.iter().enumerate() {
        if let Some(degrees) = pointers.snap[index].update(hand.stick.x) {
            let (offset, turn) = turn_about_head(
                (correction.offset, correction.turn),
                head_in_tracking,
                degrees,
            );
            correction.offset = offset;
            correction.turn = turn;
        }
        let Some(aim) = hand.aim else { continue };
        let ray = hand_ray(root, aim);
        let (points, landing) = teleport_arc(ray.origin, ray.direction, floor, 0.04);
        let spot = landing.and_then(|at| {
            spot_under(
                at,
                aimables.spots.iter().map(|(id, p)| (id, *p)),
                SPOT_RADIUS * 1.5,
            )
        });
        let named = &aimables.named;
        let teleport = pointers.teleport[index].update(hand.stick.y, spot.as_ref(), named);
        if pointers.teleport[index].aiming() {
            let valid = spot.as_ref().is_some_and(|s| named.contains(s));
            view.arc = Some((points, valid));
        }
        asked.teleport = asked.teleport.take().or(teleport);
    }
}

/// Teleports happen in the dark: fade out, move the body, fade in.
fn blink_teleport(
    time: Res<Time>,
    active: Res<ActiveScenario>,
    mut blink: ResMut<TeleportBlink>,
    mut player: Query<&mut Transform, With<Player>>,
) {
    let (alpha, move_now) = blink.blink.update(time.delta_secs());
    blink.alpha = alpha;
    if !move_now {
        return;
    }
    if let Some(id) = blink.to.take()
        && let Some(runner) = active.runner.as_ref()
        && let Some(spot) = runner.scenario().spot(runner.index(), &id)
        && let Ok(mut body) = player.single_mut()
    {
        body.translation = Vec3::from_array(spot.position);
        body.rotation = facing_rotation(spot.facing);
    }
}
