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
use temoin_scenario::{Intent, RuntimeEvent, SpotId};

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

#[allow(clippy::too_many_arguments)]
fn point(
    (time, screen, active, hands): (
        Res<Time>,
        Res<State<Screen>>,
        Res<ActiveScenario>,
        Res<HandInputs>,
    ),
    panel: Option<Res<InterfacePanel>>,
    buttons: Query<
        (
            Entity,
            &ComputedNode,
            &UiGlobalTransform,
            &InheritedVisibility,
            &ComputedUiTargetCamera,
        ),
        With<Button>,
    >,
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
    let story_open = playing && !runner.state().paused;
    let world_targets: Vec<_> = targets
        .iter()
        .map(|(t, at)| (t.id.clone(), at.translation(), t.radius))
        .collect();
    let world_spots: Vec<_> = spots
        .iter()
        .map(|(s, at)| (s.id.clone(), at.translation()))
        .collect();
    let named: BTreeSet<SpotId> = runner
        .current_environment()
        .spots
        .iter()
        .map(|s| s.id.clone())
        .collect();

    // What a ray rests on: a button of the panel in front of anything else, then the world
    // (only while the story runs).
    let aim = |ray: Ray| -> Option<(Aimed, Vec3)> {
        if let Some(panel) = panel.as_deref()
            && let Ok(quad) = transforms.get(panel.quad)
            && let Some((at, pixel)) = panel.hit(quad, ray.origin, ray.direction)
            && let Some(button) = button_at(panel.camera, pixel, buttons.iter())
        {
            return Some((Aimed::Button(button), at));
        }
        if !story_open {
            return None;
        }
        let hit = pick(
            ray.origin,
            ray.direction,
            world_targets.iter().map(|(id, at, r)| (id, *at, *r)),
            world_spots.iter().map(|(id, at)| (id, *at)),
            SPOT_RADIUS,
        )?;
        let at = match &hit {
            Pick::Target(id) => world_targets
                .iter()
                .find(|(t, _, _)| t == id)
                .map(|(_, at, _)| *at)?,
            Pick::Spot(id) => world_spots
                .iter()
                .find(|(s, _)| s == id)
                .map(|(_, at)| *at)?,
        };
        Some((Aimed::World(hit), at))
    };

    // The hands: a press makes that hand the pointer and ends gaze selection.
    for (index, hand) in hands.hands.iter().enumerate() {
        if hand.select_pressed || hand.menu_pressed {
            pointers.controllers_used = true;
            pointers.primary = index;
        }
        if hand.menu_pressed && playing {
            intents.write(PlayerIntent(if runner.state().paused {
                Intent::Resume
            } else {
                Intent::Pause
            }));
        }
    }

    // Gaze: always what the visitor looks at; selects by dwelling until a trigger is used.
    let gaze_ray = Ray {
        origin: head.translation,
        direction: *head.forward(),
    };
    let gaze = aim(gaze_ray);
    let dwell_on = !pointers.controllers_used;
    let looked_at = gaze.as_ref().map(|(a, _)| a.clone());
    let dwelled = dwell_on && pointers.dwell.update(looked_at.as_ref(), time.delta_secs());
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
        &named,
    );
    intents.write_batch(out.into_iter().map(PlayerIntent));
    let mut go = teleport;
    let mut ui_hover: Option<(Entity, bool)> = match (&looked_at, dwell_on) {
        (Some(Aimed::Button(b)), true) => Some((*b, dwelled)),
        _ => None,
    };

    // Lasers, from the aim pose of each tracked hand; the primary one selects.
    let to_world = |o: Vec3, d: Vec3| Ray {
        origin: root.transform_point(o),
        direction: (root.rotation * d).normalize_or_zero(),
    };
    for (index, hand) in hands.hands.iter().enumerate() {
        let Some((o, d)) = hand.aim else { continue };
        let ray = to_world(o, d);
        let aimed = aim(ray);
        let end = aimed
            .as_ref()
            .map(|(_, at)| *at)
            .unwrap_or(ray.origin + ray.direction * 4.0);
        view.lasers[index] = Some((ray.origin, end, aimed.is_some()));
        if index != pointers.primary && pointers.controllers_used {
            continue;
        }
        match &aimed {
            Some((Aimed::Button(b), _)) => ui_hover = Some((*b, hand.select_pressed)),
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
                    &named,
                );
                // The gaze says what is looked at; the laser only selects.
                intents.write_batch(
                    out.into_iter()
                        .filter(|i| !matches!(i, Intent::Focus(_)))
                        .map(PlayerIntent),
                );
                go = go.or(teleport);
            }
        }
    }

    // The panel's buttons: hovered, or pressed by a trigger or a completed dwell.
    if let Some((button, pressed)) = ui_hover
        && let Ok(mut interaction) = interactions.get_mut(button)
    {
        interaction.set_if_neq(if pressed {
            Interaction::Pressed
        } else {
            Interaction::Hovered
        });
    }

    // Sticks: snap turns about the head, teleport arcs onto named spots.
    if story_open {
        let head_in_tracking = eyes
            .iter()
            .min_by_key(|(c, _)| c.0)
            .map(|(_, t)| t.translation)
            .unwrap_or(Vec3::new(0.0, EYE_HEIGHT, 0.0));
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
            let Some((o, d)) = hand.aim else { continue };
            let ray = to_world(o, d);
            let floor = player.translation.y;
            let (points, landing) = teleport_arc(ray.origin, ray.direction, floor, 0.04);
            let spot = landing.and_then(|at| {
                spot_under(
                    at,
                    world_spots.iter().map(|(id, p)| (id, *p)),
                    SPOT_RADIUS * 1.5,
                )
            });
            let teleport = pointers.teleport[index].update(hand.stick.y, spot.as_ref(), &named);
            if pointers.teleport[index].aiming() {
                let valid = spot.as_ref().is_some_and(|s| named.contains(s));
                view.arc = Some((points, valid));
            }
            go = go.or(teleport);
        }
    }

    if let Some(Teleport(id)) = go
        && !blink.blink.active()
    {
        blink.to = Some(id);
        blink.blink.start();
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
