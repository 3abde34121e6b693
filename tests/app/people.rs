//! People in the world, headless: a speaker turns their head to the visitor, someone asked to
//! walk arrives with a stride, and someone who comes to fetch the visitor ends up in front of
//! them. The body is the app's own (`world::figure`), driven by story events.

use super::headless::story_app;
use super::*;
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use std::time::Duration;
use temoin::body::{Player, VisitorHead};
use temoin::scenario::ScenarioEvent;
use temoin::world::figure::Joint;
use temoin::world::motion::Person;
use temoin_scenario::runner::CharacterAction;
use temoin_scenario::{
    Body, Character, CharacterId, Color as C, Figure, LineId, Pose, RuntimeEvent, Text,
};

fn app() -> App {
    let mut app = story_app(&bundled_scenario());
    app.add_plugins(TransformPlugin)
        .init_asset::<Mesh>()
        .init_asset::<StandardMaterial>()
        .add_plugins(temoin::world::motion::plugin)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            16,
        )));
    app
}

fn umm_karim(pose: Pose) -> Character {
    Character {
        id: CharacterId::new("umm_karim"),
        name: Text {
            id: LineId::new("character.umm_karim"),
            text: "Umm Karim".into(),
        },
        figure: Figure::Person {
            body: Body::OlderWoman,
            height: None,
            skin: C::parse("#a57a5a").unwrap(),
            hair: C::parse("#222222").unwrap(),
            top: C::parse("#2f4f4f").unwrap(),
            bottom: C::parse("#2f4f4f").unwrap(),
            long_dress: true,
            headscarf: Some(C::parse("#3a3a4a").unwrap()),
        },
        spot: None,
        position: Some([0.0, 0.0, 0.0]),
        facing: 0.0,
        pose,
    }
}

/// Spawns a person facing -z at the origin, and the visitor's head at `visitor`.
fn stage(app: &mut App, character: Character, visitor: Vec3) -> Entity {
    app.world_mut()
        .spawn((Player, Transform::from_translation(visitor.with_y(0.0))));
    app.world_mut().spawn((
        VisitorHead,
        Transform::from_translation(visitor),
        GlobalTransform::from_translation(visitor),
    ));
    app.world_mut()
        .run_system_once(
            move |mut commands: Commands,
                  mut meshes: ResMut<Assets<Mesh>>,
                  mut materials: ResMut<Assets<StandardMaterial>>| {
                let material = materials.add(StandardMaterial::default());
                temoin::world::spawn_person(
                    &mut commands,
                    &character,
                    Vec3::ZERO,
                    0.0,
                    &mut meshes,
                    &material,
                )
            },
        )
        .expect("spawn person")
}

fn frames(app: &mut App, n: u32) {
    for _ in 0..n {
        app.update();
    }
}

fn head(app: &mut App) -> GlobalTransform {
    let mut q = app.world_mut().query::<(&Joint, &GlobalTransform)>();
    q.iter(app.world())
        .find(|(j, _)| **j == Joint::Head)
        .map(|(_, g)| *g)
        .expect("a head")
}

/// Degrees between where the head faces and the direction to `eyes`.
fn off_target(head: &GlobalTransform, eyes: Vec3) -> f32 {
    let to = (eyes - head.translation()).normalize();
    head.forward().as_vec3().angle_between(to).to_degrees()
}

fn say(app: &mut App, event: RuntimeEvent) {
    app.world_mut().write_message(ScenarioEvent(event, 0.0));
}

fn line(character: Option<&str>, radio: bool) -> RuntimeEvent {
    RuntimeEvent::LineStarted {
        line: LineId::new("x"),
        speaker: character.map(str::to_owned),
        character: character.map(CharacterId::new),
        radio,
        text: "Come in.".into(),
        audio: None,
        seconds: 3.0,
    }
}

#[test]
fn a_speaker_turns_their_head_to_the_visitor_and_back_after() {
    let mut app = app();
    // The visitor sits to her right, at eye height of someone seated.
    let eyes = Vec3::new(1.6, 1.2, -0.6);
    stage(&mut app, umm_karim(Pose::Seated), eyes);
    frames(&mut app, 30);
    let before = off_target(&head(&mut app), eyes);
    assert!(
        before > 45.0,
        "she already looks at the visitor: {before:.0}°"
    );

    // Someone else speaks, or she speaks over the radio: she does not turn.
    say(&mut app, line(Some("nour"), false));
    frames(&mut app, 90);
    assert!(off_target(&head(&mut app), eyes) > 45.0);

    say(&mut app, line(Some("umm_karim"), false));
    frames(&mut app, 90);
    let speaking = off_target(&head(&mut app), eyes);
    assert!(
        speaking < 15.0,
        "she does not look at the visitor: {speaking:.0}°"
    );

    say(
        &mut app,
        RuntimeEvent::LineFinished {
            line: LineId::new("x"),
            skipped: false,
        },
    );
    frames(&mut app, 240);
    let after = off_target(&head(&mut app), eyes);
    assert!(
        after > 45.0,
        "she keeps staring after her line: {after:.0}°"
    );
}

#[test]
fn a_seated_person_breathes() {
    let mut app = app();
    stage(&mut app, umm_karim(Pose::Seated), Vec3::new(0.0, 1.2, -2.0));
    let mut q = app.world_mut().query::<(&Joint, &Transform)>();
    let mut scales = Vec::new();
    for _ in 0..300 {
        app.update();
        let spine = q
            .iter(app.world())
            .find(|(j, _)| **j == Joint::Spine)
            .map(|(_, t)| t.scale.z)
            .unwrap();
        scales.push(spine);
    }
    let (lo, hi) = scales
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
    assert!(hi - lo > 0.02, "the chest never moves: {lo}..{hi}");
    let mut people = app.world_mut().query::<&Person>();
    let person = people.single(app.world()).unwrap();
    assert!(person.joints.hips_height < 0.3, "seated on the floor");
}

#[test]
fn someone_who_comes_for_the_visitor_walks_up_to_them() {
    let mut app = app();
    let visitor = Vec3::new(0.0, 1.6, 9.0);
    let person = stage(&mut app, umm_karim(Pose::Standing), visitor);
    frames(&mut app, 5);
    say(
        &mut app,
        RuntimeEvent::CharacterAction {
            character: CharacterId::new("umm_karim"),
            action: CharacterAction::Approach,
        },
    );
    let mut strides = 0.0f32;
    let mut seconds = 0.0;
    loop {
        frames(&mut app, 1);
        seconds += 0.016;
        let p = app.world().get::<Person>(person).unwrap();
        strides = strides.max(p.joints.thigh[0][0].abs());
        if !p.walking() || seconds > 20.0 {
            break;
        }
    }
    let at = app.world().get::<Transform>(person).unwrap();
    let gap = at.translation.with_y(0.0).distance(visitor.with_y(0.0));
    assert!(
        (gap - 1.1).abs() < 0.1,
        "stopped {gap:.2} m from the visitor"
    );
    assert!(seconds < 8.0, "took {seconds:.1} s to come 8 m");
    assert!(strides > 0.2, "walked without moving her legs ({strides})");
    // Arrived facing the visitor.
    let to_visitor = (visitor - at.translation).with_y(0.0).normalize();
    assert!(at.forward().as_vec3().dot(to_visitor) > 0.95);
}
