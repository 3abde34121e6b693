//! The first screen every visitor sees: the title, the content note, and "Begin". Also the
//! screens for loading and for a scenario that cannot be played.

use super::{button, label, theme};
use crate::Screen;
use crate::scenario::ActiveScenario;
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::ContentNote), spawn_content_note)
        .add_systems(OnEnter(Screen::Loading), spawn_loading)
        .add_systems(OnEnter(Screen::Problems), spawn_problems)
        .add_systems(Update, begin.run_if(in_state(Screen::ContentNote)))
        .add_systems(Update, refresh_problems.run_if(in_state(Screen::Problems)));
}

#[derive(Component)]
struct BeginButton;

#[derive(Component)]
struct ProblemsText;

fn full_screen(screen: Screen) -> impl Bundle {
    (
        DespawnOnExit(screen),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            row_gap: Val::Px(18.0),
            padding: UiRect::all(Val::Px(40.0)),
            ..default()
        },
        BackgroundColor(Color::srgb(0.04, 0.05, 0.07)),
        GlobalZIndex(10),
    )
}

fn spawn_content_note(mut commands: Commands, active: Res<ActiveScenario>) {
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let scenario = runner.scenario();
    commands.spawn((
        full_screen(Screen::ContentNote),
        children![
            label(scenario.title.text.clone(), theme::TITLE, theme::TEXT),
            (
                Node {
                    width: Val::Px(760.0),
                    padding: UiRect::all(Val::Px(20.0)),
                    border_radius: BorderRadius::all(Val::Px(10.0)),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
                children![label(
                    scenario.content_note.text.clone(),
                    theme::BODY,
                    theme::TEXT
                )],
            ),
            button(BeginButton, "Begin"),
            label(
                "Enter: begin · Esc: pause at any time · F1: keys",
                18.0,
                theme::MUTED
            ),
        ],
    ));
}

fn spawn_loading(mut commands: Commands) {
    commands.spawn((
        full_screen(Screen::Loading),
        children![label("Loading…", theme::BODY, theme::MUTED)],
    ));
}

fn spawn_problems(mut commands: Commands, active: Res<ActiveScenario>) {
    let text = active.problems.clone().unwrap_or_default();
    commands.spawn((
        full_screen(Screen::Problems),
        children![
            label("The scenario has errors", theme::TITLE, theme::TEXT),
            label(
                "Fix the file and save it: the preview reloads by itself.",
                theme::BODY,
                theme::MUTED
            ),
            (
                Node {
                    max_width: Val::Percent(90.0),
                    padding: UiRect::all(Val::Px(16.0)),
                    ..default()
                },
                BackgroundColor(theme::ERROR),
                children![(ProblemsText, label(text, 16.0, theme::TEXT))],
            ),
        ],
    ));
}

fn refresh_problems(active: Res<ActiveScenario>, mut texts: Query<&mut Text, With<ProblemsText>>) {
    if !active.is_changed() {
        return;
    }
    for mut text in &mut texts {
        text.0 = active.problems.clone().unwrap_or_default();
    }
}

fn begin(
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Query<&Interaction, (Changed<Interaction>, With<BeginButton>)>,
    mut next: ResMut<NextState<Screen>>,
) {
    let clicked = buttons.iter().any(|i| *i == Interaction::Pressed);
    if clicked || keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
        next.set(Screen::Playing);
    }
}
