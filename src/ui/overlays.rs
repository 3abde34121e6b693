//! The pause menu (Esc, always available: resume, or start over for the next visitor) and the
//! key help (F1).

use super::{card, label, say_button, say_label, set_shown, theme};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::Intent;

pub fn plugin(app: &mut App) {
    app.init_resource::<HelpOpen>()
        .add_systems(Startup, (spawn_pause_menu, spawn_help))
        .add_systems(Update, pause_buttons.in_set(AppSystems::RecordInput))
        .add_systems(
            Update,
            (toggle_help, show_overlays)
                .chain()
                .in_set(AppSystems::Present),
        );
}

#[derive(Resource, Default)]
pub struct HelpOpen(pub bool);

#[derive(Component)]
struct PauseMenu;

#[derive(Component)]
struct HelpPanel;

#[derive(Component)]
enum PauseButton {
    Resume,
    Recenter,
    Restart,
    Keys,
}

pub const KEY_HELP: &str = "Mouse: hover to look at, click to select or to go to a marked spot\n\
Right-drag or arrow keys: look around    W A S D: walk\n\
1–9: pick an option    Space: skip a line    N: notebook\n\
Esc: pause    C: recenter    R: reset for the next visitor    F1: this help";

fn centred(z: i32) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            ..default()
        },
        GlobalZIndex(z),
        Visibility::Hidden,
    )
}

fn spawn_pause_menu(mut commands: Commands) {
    commands.spawn((
        PauseMenu,
        centred(20),
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.55)),
        children![(
            card(Val::Auto),
            children![
                say_label("ui.paused", theme::TITLE, theme::TEXT),
                say_label("ui.paused_body", theme::BODY, theme::MUTED),
                say_button(PauseButton::Resume, "ui.resume"),
                say_button(PauseButton::Recenter, "ui.recenter"),
                say_button(PauseButton::Restart, "ui.start_over"),
                say_button(PauseButton::Keys, "ui.keys"),
            ]
        )],
    ));
}

fn spawn_help(mut commands: Commands) {
    commands.spawn((
        HelpPanel,
        centred(30),
        children![(
            card(Val::Auto),
            children![
                label("Keys", 30.0, theme::ACCENT),
                label(KEY_HELP, 20.0, theme::TEXT)
            ]
        )],
    ));
}

fn pause_buttons(
    buttons: Query<(&Interaction, &PauseButton), Changed<Interaction>>,
    mut intents: MessageWriter<PlayerIntent>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut help: ResMut<HelpOpen>,
    mut recenter: MessageWriter<crate::rig::Recenter>,
) {
    for (interaction, action) in &buttons {
        if *interaction != Interaction::Pressed {
            continue;
        }
        match action {
            PauseButton::Resume => {
                intents.write(PlayerIntent(Intent::Resume));
            }
            PauseButton::Restart => {
                intents.write(PlayerIntent(Intent::Reset));
                next_screen.set(Screen::ContentNote);
            }
            PauseButton::Keys => help.0 = !help.0,
            PauseButton::Recenter => {
                recenter.write(crate::rig::Recenter);
            }
        }
    }
}

fn toggle_help(keys: Res<ButtonInput<KeyCode>>, mut help: ResMut<HelpOpen>) {
    if keys.just_pressed(KeyCode::F1) {
        help.0 = !help.0;
    } else if help.0 && keys.just_pressed(KeyCode::Escape) {
        help.0 = false;
    }
}

fn show_overlays(
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    help: Res<HelpOpen>,
    mut pause: Query<&mut Visibility, (With<PauseMenu>, Without<HelpPanel>)>,
    mut help_panel: Query<&mut Visibility, (With<HelpPanel>, Without<PauseMenu>)>,
) {
    let paused = *screen.get() == Screen::Playing
        && active.runner.as_ref().is_some_and(|r| r.state().paused);
    if let Ok(mut v) = pause.single_mut() {
        set_shown(&mut v, paused);
    }
    if let Ok(mut v) = help_panel.single_mut() {
        set_shown(&mut v, help.0);
    }
}
