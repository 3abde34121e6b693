//! The headset's pointing systems, headless: the gaze dwells to select, a controller's laser
//! and trigger select at once, the menu button pauses and resumes, the thumbstick snap-turns
//! and teleports (in the dark) only onto named spots. `HandInputs` stands in for the OpenXR
//! runtime, which these machines cannot run in a test.

use super::headless::{story_app, update_until};
use super::*;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy_mod_xr::session::XrTrackingRoot;
use std::time::Duration;
use temoin::Screen;
use temoin::body::{Player, PlayerCamera};
use temoin::comfort::{ComfortPlugin, ComfortSettings};
use temoin::headset::controllers::{HandInput, HandInputs};
use temoin::headset::pointer::{GAZE_SELECT_SECONDS, TeleportBlink};
use temoin::scenario::ActiveScenario;
use temoin::world::{SpotMarker, TargetMarker};
use temoin_scenario::{SpotId, TargetId};

const ROOM: &str = r##"Scenario(
    id: "pointing",
    title: (id: "meta.title", text: "Pointing"),
    default_locale: "en",
    start: "a",
    content_note: (id: "meta.note", text: "A test. You can pause at any time."),
    environments: [
        Environment(
            id: "room",
            arrival: "door",
            sky: "#000000",
            spots: [Spot(id: "door", position: (0, 0, 0)), Spot(id: "window", position: (2, 0, 0))],
            targets: [Target(id: "lamp", label: (id: "t.lamp", text: "Lamp"), position: (0, 1, -2))],
        ),
    ],
    beats: [
        Beat(id: "a", environment: "room", outcomes: [(on: Select(target: "lamp"), goto: "b")]),
        Beat(
            id: "b",
            ending: Donate(
                headline: (id: "d.h", text: "Thank you."),
                body: (id: "d.b", text: "A gift helps."),
                currency: "EUR",
                amounts: [5, 10],
                decline: (id: "d.no", text: "Not now"),
                thanks: (id: "d.t", text: "Thanks."),
            ),
        ),
    ],
)
"##;

const LAMP: Vec3 = Vec3::new(0.0, 1.0, -2.0);
const EYE: Vec3 = Vec3::new(0.0, 1.6, 0.0);
/// Every frame is this long, so dwell times are exact.
const FRAME: f32 = 0.1;

fn headset_app(name: &str) -> App {
    let mut app = story_app(&scenario_folder(name, ROOM));
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f32(
        FRAME,
    )))
    .add_plugins(ComfortPlugin {
        booth: ComfortSettings::default(),
    });
    temoin::headset::input_plugin(&mut app);
    app.world_mut().spawn((Player, Transform::default()));
    app.world_mut().spawn((
        PlayerCamera::default(),
        Transform::from_translation(EYE).looking_to(Vec3::Y, Vec3::Z),
    ));
    app.world_mut()
        .spawn((XrTrackingRoot, Transform::default()));
    app.world_mut().spawn((
        TargetMarker {
            id: TargetId::new("lamp"),
            radius: 0.4,
            label: "Lamp".into(),
        },
        GlobalTransform::from_translation(LAMP),
    ));
    for (id, at) in [("door", Vec3::ZERO), ("window", Vec3::new(2.0, 0.0, 0.0))] {
        app.world_mut().spawn((
            SpotMarker {
                id: SpotId::new(id),
                label: None,
            },
            GlobalTransform::from_translation(at),
        ));
    }
    let loaded = update_until(&mut app, 500, |app| {
        *app.world().resource::<State<Screen>>().get() == Screen::ContentNote
    });
    assert!(
        loaded,
        "scenario never loaded: {:?} {:?}",
        app.world().resource::<State<Screen>>().get(),
        app.world().resource::<ActiveScenario>().problems
    );
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    app
}

fn beat(app: &App) -> String {
    let active = app.world().resource::<ActiveScenario>();
    active.runner.as_ref().unwrap().beat().id.to_string()
}

fn paused(app: &App) -> bool {
    let active = app.world().resource::<ActiveScenario>();
    active.runner.as_ref().unwrap().state().paused
}

fn look_at(app: &mut App, at: Vec3) {
    let mut q = app
        .world_mut()
        .query_filtered::<&mut Transform, With<PlayerCamera>>();
    let mut camera = q.single_mut(app.world_mut()).unwrap();
    *camera = Transform::from_translation(EYE).looking_at(at, Vec3::Y);
}

fn set_hand(app: &mut App, hand: usize, input: HandInput) {
    app.world_mut().resource_mut::<HandInputs>().hands[hand] = input;
}

fn player_at(app: &mut App) -> Vec3 {
    let mut q = app.world_mut().query_filtered::<&Transform, With<Player>>();
    q.single(app.world()).unwrap().translation
}

#[test]
fn looking_at_a_target_selects_it_after_the_dwell_and_not_before() {
    let mut app = headset_app("gaze");
    look_at(&mut app, LAMP);
    let frames_before = (GAZE_SELECT_SECONDS / FRAME) as u32 - 2;
    for _ in 0..frames_before {
        app.update();
    }
    assert_eq!(beat(&app), "a", "selected before the dwell time");
    let ring = app
        .world()
        .resource::<temoin::headset::pointer::PointerView>()
        .ring;
    let (_, _, progress) = ring.expect("the ring shows while looking");
    assert!(progress > 0.7 && progress < 1.0, "{progress}");
    assert!(update_until(&mut app, 6, |app| beat(app) == "b"));
}

#[test]
fn a_trigger_press_with_the_laser_on_a_target_selects_it_and_ends_gaze_selection() {
    let mut app = headset_app("laser");
    look_at(&mut app, EYE + Vec3::new(3.0, 0.0, 0.0));
    let hand = Vec3::new(0.2, 1.2, -0.2);
    let aim = HandInput {
        active: true,
        aim: Some((hand, (LAMP - hand).normalize())),
        ..default()
    };
    set_hand(&mut app, 1, aim.clone());
    app.update();
    assert_eq!(beat(&app), "a", "pointing alone does not select");
    let view = app
        .world()
        .resource::<temoin::headset::pointer::PointerView>();
    let (_, end, live) = view.lasers[1].expect("the laser is drawn");
    assert!(live && end.distance(LAMP) < 0.5);
    set_hand(
        &mut app,
        1,
        HandInput {
            select_pressed: true,
            ..aim.clone()
        },
    );
    app.update();
    app.update();
    assert_eq!(beat(&app), "b");
}

#[test]
fn the_menu_button_pauses_and_resumes_with_either_hand() {
    let mut app = headset_app("menu");
    let press = HandInput {
        active: true,
        menu_pressed: true,
        ..default()
    };
    set_hand(&mut app, 0, press.clone());
    app.update();
    set_hand(&mut app, 0, HandInput::default());
    app.update();
    assert!(paused(&app));
    set_hand(&mut app, 1, press);
    app.update();
    set_hand(&mut app, 1, HandInput::default());
    app.update();
    assert!(!paused(&app));
}

#[test]
fn the_thumbstick_snap_turns_once_per_push() {
    let mut app = headset_app("snap");
    let stick = |x: f32| HandInput {
        active: true,
        stick: Vec2::new(x, 0.0),
        ..default()
    };
    let yaw = |app: &App| {
        let c = app
            .world()
            .resource::<temoin::headset::tracking::TrackingCorrection>();
        c.turn.to_euler(EulerRot::YXZ).0.to_degrees()
    };
    set_hand(&mut app, 0, stick(1.0));
    for _ in 0..5 {
        app.update();
    }
    assert!((yaw(&app) + 30.0).abs() < 0.01, "{}", yaw(&app));
    set_hand(&mut app, 0, stick(0.0));
    app.update();
    set_hand(&mut app, 0, stick(-1.0));
    app.update();
    assert!(yaw(&app).abs() < 0.01, "back where it was: {}", yaw(&app));
}

#[test]
fn the_teleport_arc_lands_only_on_named_spots_and_moves_in_the_dark() {
    let mut app = headset_app("teleport");
    look_at(&mut app, EYE + Vec3::new(0.0, 3.0, -1.0));
    let hand = Vec3::new(0.0, 1.2, 0.0);
    // Find a downward aim whose arc lands on the window spot, and one that lands short of it.
    let aim_landing_at = |x: f32| {
        (0..90)
            .map(|d| {
                let a = (d as f32 - 60.0).to_radians();
                Vec3::new(a.cos(), a.sin(), 0.0)
            })
            .min_by(|a, b| {
                let land = |d: Vec3| {
                    temoin::rig::controls::teleport_arc(hand, d, 0.0, 0.04)
                        .1
                        .map_or(f32::MAX, |p| (p.x - x).abs())
                };
                land(*a).total_cmp(&land(*b))
            })
            .unwrap()
    };
    let stick_with = |y: f32, direction: Vec3| HandInput {
        active: true,
        aim: Some((hand, direction)),
        stick: Vec2::new(0.0, y),
        ..default()
    };
    // Short of the spot: the arc shows as not allowed and releasing goes nowhere.
    let short = aim_landing_at(1.0);
    set_hand(&mut app, 1, stick_with(1.0, short));
    app.update();
    let view = app
        .world()
        .resource::<temoin::headset::pointer::PointerView>();
    assert_eq!(view.arc.as_ref().map(|(_, ok)| *ok), Some(false));
    set_hand(&mut app, 1, stick_with(0.0, short));
    for _ in 0..5 {
        app.update();
    }
    assert!(player_at(&mut app).distance(Vec3::ZERO) < 1e-4);
    // Onto the window spot: released, the view goes black, the body moves, the view returns.
    let onto = aim_landing_at(2.0);
    set_hand(&mut app, 1, stick_with(1.0, onto));
    app.update();
    let view = app
        .world()
        .resource::<temoin::headset::pointer::PointerView>();
    assert_eq!(view.arc.as_ref().map(|(_, ok)| *ok), Some(true));
    set_hand(&mut app, 1, stick_with(0.0, onto));
    app.update();
    assert!(
        player_at(&mut app).distance(Vec3::ZERO) < 1e-4,
        "not before the dark"
    );
    let mut darkest: f32 = 0.0;
    for _ in 0..10 {
        app.update();
        darkest = darkest.max(app.world().resource::<TeleportBlink>().alpha);
    }
    assert_eq!(darkest, 1.0);
    assert!(player_at(&mut app).distance(Vec3::new(2.0, 0.0, 0.0)) < 1e-4);
    assert_eq!(app.world().resource::<TeleportBlink>().alpha, 0.0);
}
