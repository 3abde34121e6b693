//! The pause menu (Esc, always available: resume, or start over for the next visitor) and the
//! key help (F1).

use super::TextSize;
use super::{Selected, card, label, say_button, say_label, set_shown, theme};
use crate::body::Recenter;
use crate::comfort::{ComfortSettings, ComfortToggle, VoiceVolume};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::Intent;

pub fn plugin(app: &mut App) {
    app.init_resource::<HelpOpen>()
        .add_systems(Startup, (spawn_pause_menu, spawn_help))
        .add_systems(Update, pause_buttons.in_set(AppSystems::RecordInput))
        .add_systems(Update, show_comfort_choices.in_set(AppSystems::Present))
        .add_systems(Update, show_overlays.in_set(AppSystems::Present));
}

/// Whether the key help is shown (F1 toggles it, Esc closes it: the operator's keys).
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
    Comfort(ComfortToggle),
}

pub const KEY_HELP: &str = "Mouse: hover to look at, click to select or to go to a marked spot\n\
Right-drag or arrow keys: look around    W A S D: walk\n\
1–9: pick an option    Space: skip a line    N: notebook    F1: this help\n\
Attendant: R next visitor    L their language    Esc pause    C recentre\n\
D straight to the gift    E end the visit    Ctrl+Q quit";

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
                say_label("ui.paused", TextSize::Title, theme::TEXT),
                say_label("ui.paused_body", TextSize::Body, theme::MUTED),
                say_button(PauseButton::Resume, "ui.resume"),
                say_button(PauseButton::Recenter, "ui.recenter"),
                say_button(PauseButton::Restart, "ui.start_over"),
                say_button(PauseButton::Keys, "ui.keys"),
                say_label("ui.comfort", TextSize::Body, theme::MUTED),
                (
                    Node {
                        flex_direction: FlexDirection::Row,
                        ..default()
                    },
                    children![
                        say_button(
                            PauseButton::Comfort(ComfortToggle::LargeSubtitles),
                            "ui.large_subtitles"
                        ),
                        say_button(
                            PauseButton::Comfort(ComfortToggle::MonoAudio),
                            "ui.mono_audio"
                        ),
                        say_button(PauseButton::Comfort(ComfortToggle::Vignette), "ui.vignette"),
                    ]
                ),
                say_label("ui.voices", TextSize::Body, theme::MUTED),
                (
                    Node {
                        flex_direction: FlexDirection::Row,
                        ..default()
                    },
                    Children::spawn(SpawnIter(VoiceVolume::ALL.into_iter().map(|level| {
                        say_button(
                            PauseButton::Comfort(ComfortToggle::Voices(level)),
                            level.word(),
                        )
                    }))),
                ),
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
                label("Keys", TextSize::Heading, theme::ACCENT),
                label(KEY_HELP, TextSize::Small, theme::TEXT)
            ]
        )],
    ));
}

fn pause_buttons(
    buttons: Query<(&Interaction, &PauseButton), Changed<Interaction>>,
    mut intents: MessageWriter<PlayerIntent>,
    mut operator: MessageWriter<crate::booth::OperatorAction>,
    mut help: ResMut<HelpOpen>,
    mut recenter: MessageWriter<Recenter>,
    mut comfort: MessageWriter<ComfortToggle>,
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
                operator.write(crate::booth::OperatorAction::NextVisitor);
            }
            PauseButton::Keys => help.0 = !help.0,
            PauseButton::Recenter => {
                recenter.write(Recenter);
            }
            PauseButton::Comfort(toggle) => {
                comfort.write(*toggle);
            }
        }
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

/// A comfort button that is on shows the "selected" colour.
fn show_comfort_choices(
    mut commands: Commands,
    settings: Res<ComfortSettings>,
    headset: Option<Res<super::HeadsetInUse>>,
    mut buttons: Query<(
        Entity,
        &PauseButton,
        &Interaction,
        &mut BackgroundColor,
        &mut Node,
    )>,
) {
    if !settings.is_changed() {
        return;
    }
    for (entity, button, interaction, mut colour, mut node) in &mut buttons {
        let PauseButton::Comfort(toggle) = button else {
            continue;
        };
        // The vignette darkens the edges of a headset's view; a window has none to darken.
        if *toggle == ComfortToggle::Vignette && headset.is_none() {
            node.display = Display::None;
        }
        let on = match toggle {
            ComfortToggle::LargeSubtitles => settings.large_subtitles,
            ComfortToggle::MonoAudio => settings.mono_audio,
            ComfortToggle::Vignette => settings.vignette,
            ComfortToggle::Voices(level) => settings.voice_volume == *level,
        };
        if on {
            commands.entity(entity).insert(Selected);
        } else {
            commands.entity(entity).remove::<Selected>();
        }
        if *interaction == Interaction::None {
            colour.0 = if on { theme::SELECTED } else { theme::BUTTON };
        }
    }
}
