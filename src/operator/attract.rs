//! Between visitors: a calm idle scene on the booth screen (and behind it, the first place of
//! the story with the camera drifting slowly), the title and "Put on the headset to begin" in
//! every language the chapter offers. In the headset itself the view never drifts (a view
//! that moves without the visitor moving is what makes people sick): its panel shows the
//! title and a welcome in every language above the content note. The visitor's first act (a
//! key, a click, a trigger, the headset put on) ends it and shows the content note, which they
//! still read before starting. Whether the booth is between visitors is `booth::Attract`,
//! which the start screen reads too.

use crate::booth::{Attract, OperatorAction};
use crate::presence::{PresenceSignal, PresenceWatch};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::ui::{BoothScreen, TextSize, label, theme};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::Intent;

/// One slow look around the room: degrees either side, seconds for a full sweep.
const DRIFT_DEGREES: f32 = 18.0;
const DRIFT_SECONDS: f32 = 40.0;

pub fn plugin(app: &mut App) {
    app.init_resource::<Attract>()
        .add_systems(Startup, spawn_overlay)
        // However the story started (a headset's Begin button), the loop is over.
        .add_systems(OnEnter(Screen::Playing), end_when_the_story_starts)
        .add_systems(
            Update,
            (
                (start_between_visitors, end_on_first_act)
                    .chain()
                    .in_set(AppSystems::RecordInput)
                    .after(crate::presence::watch_presence),
                (show, drift_camera, redraw_languages).in_set(AppSystems::Present),
            ),
        );
}

#[derive(Component)]
struct AttractOverlay;

#[derive(Component)]
struct AttractTitle;

#[derive(Component)]
struct AttractPrompt;

/// The headset panel's welcome, above the content note (not a booth-screen root, so the
/// headset's panel draws it).
#[derive(Component)]
struct HeadsetWelcome;

fn spawn_overlay(
    mut commands: Commands,
    capturing: Option<Res<crate::capture::CapturingStills>>,
    mut attract: ResMut<Attract>,
) {
    // Stills show the visitor's view, and start from the content note.
    if capturing.is_some() {
        attract.on = false;
        return;
    }
    commands
        .spawn((
            AttractOverlay,
            BoothScreen,
            Node {
                position_type: PositionType::Absolute,
                width: Val::Percent(100.0),
                bottom: Val::Px(56.0),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                row_gap: Val::Px(8.0),
                padding: UiRect::axes(Val::Px(24.0), Val::Px(18.0)),
                ..default()
            },
            BackgroundColor(theme::PANEL),
            GlobalZIndex(40),
            Visibility::Hidden,
        ))
        .with_children(|panel| {
            panel.spawn((AttractTitle, label("", TextSize::Heading, theme::TEXT)));
            panel.spawn((AttractPrompt, label("", TextSize::Body, theme::ACCENT)));
        });
    commands.spawn((
        HeadsetWelcome,
        label("", TextSize::Body, theme::ACCENT),
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            top: Val::Px(12.0),
            justify_content: JustifyContent::Center,
            padding: UiRect::axes(Val::Px(24.0), Val::Px(10.0)),
            ..default()
        },
        TextLayout::justify(Justify::Center),
        BackgroundColor(theme::PANEL),
        GlobalZIndex(40),
        Visibility::Hidden,
    ));
}

/// Every reset for the next visitor starts the attract loop.
fn start_between_visitors(
    mut actions: MessageReader<OperatorAction>,
    mut attract: ResMut<Attract>,
) {
    if actions
        .read()
        .any(|a| matches!(a, OperatorAction::NextVisitor | OperatorAction::EndSession))
    {
        attract.start();
    }
}

/// The visitor's first act ends it: a key (not an attendant's), a click, a trigger or an
/// intent from any device, or the headset put on.
#[allow(clippy::too_many_arguments)]
fn end_on_first_act(
    time: Res<Time<Real>>,
    mut attract: ResMut<Attract>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    mut intents: MessageReader<PlayerIntent>,
    mut presence: MessageReader<PresenceSignal>,
    mut actions: MessageReader<OperatorAction>,
    watch: Option<Res<PresenceWatch>>,
    mut was_present: Local<bool>,
) {
    // The headset put on, whichever layer noticed (a still head that moves again included).
    let present = watch
        .as_ref()
        .is_some_and(|w| w.enabled && w.detector.present());
    let put_on = present && !*was_present;
    *was_present = present;
    let acted = put_on
        || keys.is_some_and(|k| {
            k.get_just_pressed()
                .any(|key| !super::KEYS.iter().any(|o| o.key == *key))
        })
        || mouse.is_some_and(|m| m.get_just_pressed().next().is_some())
        // The reset the attendant's key sent (in this frame's `PreUpdate`) is not an act.
        || intents.read().any(|i| i.0 != Intent::Reset)
        || presence.read().any(|p| p.present);
    // An attendant's reset in this frame restarts the loop; it is not the visitor acting.
    let reset = actions
        .read()
        .any(|a| matches!(a, OperatorAction::NextVisitor | OperatorAction::EndSession));
    if acted && !reset {
        attract.end(time.elapsed_secs_f64());
    }
}

fn end_when_the_story_starts(time: Res<Time<Real>>, mut attract: ResMut<Attract>) {
    attract.end(time.elapsed_secs_f64());
}

fn show(
    attract: Res<Attract>,
    screen: Res<State<Screen>>,
    headset: Option<Res<crate::ui::HeadsetInUse>>,
    mut overlay: Query<
        &mut Visibility,
        (
            With<AttractOverlay>,
            Without<crate::ui::content_note::ContentNoteRoot>,
        ),
    >,
    mut note: Query<
        &mut Visibility,
        (
            With<crate::ui::content_note::ContentNoteRoot>,
            Without<AttractOverlay>,
        ),
    >,
    mut welcome: Query<
        &mut Visibility,
        (
            With<HeadsetWelcome>,
            Without<AttractOverlay>,
            Without<crate::ui::content_note::ContentNoteRoot>,
        ),
    >,
) {
    let attracting = attract.on && *screen.get() == Screen::ContentNote;
    // In a headset the content note (drawn on the headset's panel) stays: the visitor who
    // puts it on finds the note and its Begin button; the invitation is the booth screen's.
    let (shown, hidden) = match (attracting, headset.is_some()) {
        (true, false) => (Visibility::Visible, Visibility::Hidden),
        (true, true) => (Visibility::Visible, Visibility::Inherited),
        (false, _) => (Visibility::Hidden, Visibility::Inherited),
    };
    for mut v in &mut overlay {
        v.set_if_neq(shown);
    }
    for mut v in &mut note {
        v.set_if_neq(hidden);
    }
    let welcome_shown = if attracting && headset.is_some() {
        Visibility::Visible
    } else {
        Visibility::Hidden
    };
    for mut v in &mut welcome {
        v.set_if_neq(welcome_shown);
    }
}

/// The title, and the invitation in every language the chapter offers.
fn redraw_languages(
    active: Res<ActiveScenario>,
    mut title: Query<&mut Text, (With<AttractTitle>, Without<AttractPrompt>)>,
    mut prompt: Query<&mut Text, (With<AttractPrompt>, Without<AttractTitle>)>,
    mut welcome: Query<
        &mut Text,
        (
            With<HeadsetWelcome>,
            Without<AttractTitle>,
            Without<AttractPrompt>,
        ),
    >,
) {
    if !active.is_changed() {
        return;
    }
    let (Some(pack), Some(runner)) = (&active.pack, &active.runner) else {
        return;
    };
    let title_text = runner.scenario().title.text.clone();
    if let Ok(mut t) = title.single_mut() {
        t.0 = title_text.clone();
    }
    if let Ok(mut t) = prompt.single_mut() {
        t.0 = in_every_language(pack, "ui.attract").join("  ·  ");
    }
    if let Ok(mut t) = welcome.single_mut() {
        let mut lines = vec![title_text];
        lines.extend(in_every_language(pack, "ui.attract_headset"));
        t.0 = lines.join("\n");
    }
}

/// One interface text in each language the chapter offers, each wording once.
fn in_every_language(pack: &temoin_chapter::Pack, id: &str) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for offered in &pack.offered {
        let line = pack
            .interface(&offered.locale)
            .remove(id)
            .unwrap_or_default();
        if !line.is_empty() && !unique.contains(&line) {
            unique.push(line);
        }
    }
    unique
}

/// A slow look left and right across the first room while nobody is there.
fn drift_camera(
    attract: Res<Attract>,
    screen: Res<State<Screen>>,
    time: Res<Time<Real>>,
    headset: Option<Res<crate::ui::HeadsetInUse>>,
    mut body: Query<&mut Transform, With<crate::body::Player>>,
    mut drifting: Local<Option<Quat>>,
) {
    if headset.is_some() {
        return;
    }
    let Ok(mut body) = body.single_mut() else {
        return;
    };
    let attracting = attract.on && *screen.get() == Screen::ContentNote;
    match (attracting, *drifting) {
        (true, None) => *drifting = Some(body.rotation),
        (false, Some(rest)) => {
            body.rotation = rest;
            *drifting = None;
        }
        _ => {}
    }
    if let Some(rest) = *drifting {
        let phase = time.elapsed_secs() / DRIFT_SECONDS * std::f32::consts::TAU;
        body.rotation = rest * Quat::from_rotation_y(DRIFT_DEGREES.to_radians() * phase.sin());
    }
}
