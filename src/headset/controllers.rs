//! Controllers through OpenXR actions: one action set ("temoin") with the four actions of
//! `bindings`, suggested for the five interaction profiles, each action on both hands. Every
//! frame the runtime's state lands in `HandInputs` (laser ray, trigger, menu, stick per hand);
//! `pointer` turns it into the story's intents through the device-agnostic `rig::controls`.

use super::bindings::{ControllerAction, HANDS, PROFILES};
use bevy::prelude::*;
use bevy_mod_openxr::action_binding::{OxrSendActionBindings, OxrSuggestActionBinding};
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::resources::OxrInstance;
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, XrTrackingRoot, session_available};
use bevy_mod_xr::spaces::XrSpaceLocationFlags;

pub fn plugin(app: &mut App) {
    app.init_resource::<HandInputs>()
        .add_systems(Startup, create_actions.run_if(session_available))
        .add_systems(OxrSendActionBindings, suggest_bindings)
        .add_systems(XrSessionCreated, (attach_actions, spawn_aim_spaces))
        .add_systems(
            PreUpdate,
            (
                sync_actions.before(OxrActionSetSyncSet),
                read_hands.after(OxrActionSetSyncSet),
            )
                .run_if(openxr_session_running)
                .run_if(resource_exists::<ControllerActions>),
        );
}

#[derive(Resource)]
struct ControllerActions {
    set: openxr::ActionSet,
    aim: openxr::Action<openxr::Posef>,
    select: openxr::Action<bool>,
    menu: openxr::Action<bool>,
    stick: openxr::Action<openxr::Vector2f>,
    hands: [openxr::Path; 2],
}

/// One hand's controller this frame, in the tracking space.
#[derive(Debug, Clone, Default)]
pub struct HandInput {
    /// A controller is bound and on (the runtime says the action is active for this hand).
    pub active: bool,
    /// The laser's origin and direction in the tracking space, when the aim pose is tracked.
    pub aim: Option<(Vec3, Vec3)>,
    /// The trigger went down this frame.
    pub select_pressed: bool,
    /// The menu button went down this frame.
    pub menu_pressed: bool,
    /// Thumbstick or trackpad, x right, y forward, -1 to 1.
    pub stick: Vec2,
}

#[derive(Resource, Debug, Default)]
pub struct HandInputs {
    pub hands: [HandInput; 2],
}

/// The entity whose `XrSpace` follows one hand's aim pose.
#[derive(Component)]
struct AimSpace(usize);

fn create_actions(instance: Res<OxrInstance>, mut commands: Commands) {
    let created = (|| -> openxr::Result<ControllerActions> {
        let hands = [
            instance.string_to_path(HANDS[0])?,
            instance.string_to_path(HANDS[1])?,
        ];
        let set = instance.create_action_set("temoin", "Témoin", 0)?;
        let make = |a: ControllerAction| (a.name(), a.localized_name());
        let (name, label) = make(ControllerAction::Aim);
        let aim = set.create_action(name, label, &hands)?;
        let (name, label) = make(ControllerAction::Select);
        let select = set.create_action(name, label, &hands)?;
        let (name, label) = make(ControllerAction::Menu);
        let menu = set.create_action(name, label, &hands)?;
        let (name, label) = make(ControllerAction::Stick);
        let stick = set.create_action(name, label, &hands)?;
        Ok(ControllerActions {
            set,
            aim,
            select,
            menu,
            stick,
            hands,
        })
    })();
    match created {
        Ok(actions) => {
            commands.insert_resource(actions);
        }
        // Gaze still works: the visitor looks to select.
        Err(e) => warn!("headset: no controller actions ({e}); gaze selection only"),
    }
}

fn suggest_bindings(
    actions: Option<Res<ControllerActions>>,
    mut suggestions: MessageWriter<OxrSuggestActionBinding>,
) {
    let Some(actions) = actions else { return };
    for profile in &PROFILES {
        for action in ControllerAction::ALL {
            let paths: Vec<_> = profile
                .paths()
                .into_iter()
                .filter(|(a, _)| *a == action)
                .map(|(_, p)| p.into())
                .collect();
            if paths.is_empty() {
                continue;
            }
            let raw = match action {
                ControllerAction::Aim => actions.aim.as_raw(),
                ControllerAction::Select => actions.select.as_raw(),
                ControllerAction::Menu => actions.menu.as_raw(),
                ControllerAction::Stick => actions.stick.as_raw(),
            };
            suggestions.write(OxrSuggestActionBinding {
                action: raw,
                interaction_profile: profile.profile.into(),
                bindings: paths,
            });
        }
    }
}

fn attach_actions(
    actions: Option<Res<ControllerActions>>,
    mut attach: MessageWriter<OxrAttachActionSet>,
) {
    if let Some(actions) = actions {
        attach.write(OxrAttachActionSet(actions.set.clone()));
    }
}

fn spawn_aim_spaces(
    actions: Option<Res<ControllerActions>>,
    session: Res<OxrSession>,
    old: Query<Entity, With<AimSpace>>,
    mut commands: Commands,
) {
    let Some(actions) = actions else { return };
    // A new session (the runtime restarted): the old spaces belong to the old one.
    for entity in &old {
        commands.entity(entity).despawn();
    }
    for (index, hand) in actions.hands.iter().enumerate() {
        match session.create_action_space(&actions.aim, *hand, Isometry3d::IDENTITY) {
            Ok(space) => {
                commands.spawn((AimSpace(index), space));
            }
            Err(e) => warn!("headset: no aim pose for {} ({e})", HANDS[index]),
        }
    }
}

fn sync_actions(actions: Res<ControllerActions>, mut sync: MessageWriter<OxrSyncActionSet>) {
    sync.write(OxrSyncActionSet(actions.set.clone()));
}

fn read_hands(
    actions: Res<ControllerActions>,
    session: Res<OxrSession>,
    spaces: Query<(&AimSpace, &Transform, &XrSpaceLocationFlags), Without<XrTrackingRoot>>,
    mut inputs: ResMut<HandInputs>,
) {
    for (index, hand) in actions.hands.iter().enumerate() {
        let pressed = |action: &openxr::Action<bool>| {
            action
                .state(&session, *hand)
                .map(|s| s.is_active && s.current_state && s.changed_since_last_sync)
                .unwrap_or(false)
        };
        let stick = actions
            .stick
            .state(&session, *hand)
            .ok()
            .filter(|s| s.is_active)
            .map(|s| Vec2::new(s.current_state.x, s.current_state.y))
            .unwrap_or_default();
        let active = actions.aim.is_active(&session, *hand).unwrap_or(false);
        let aim = spaces
            .iter()
            .find(|(space, _, _)| space.0 == index)
            .filter(|(_, _, flags)| active && flags.position_tracked && flags.rotation_tracked)
            .map(|(_, transform, _)| (transform.translation, *transform.forward()));
        inputs.hands[index] = HandInput {
            active,
            aim,
            select_pressed: pressed(&actions.select),
            menu_pressed: pressed(&actions.menu),
            stick,
        };
    }
}
