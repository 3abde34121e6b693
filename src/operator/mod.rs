//! Everything the attendant does, in one place: the keys (the visitor's and tester's few keys
//! too: skip a line, the notebook, the key help), the strip on the booth screen that lists
//! them, and the one system that carries each action out. Keys, the pause menu's
//! "Restart", a headset left off and tests all send an [`OperatorAction`] (its home is
//! `booth`, so senders need not import this module); a reset for the next visitor is one code
//! path wherever it comes from.

pub mod attract;
pub mod status;

use crate::booth::OperatorAction;
use crate::scenario::{ActiveScenario, JumpTo, PlayerIntent, PresetLocale};
use crate::ui::{BoothScreen, TextSize, label, theme};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::{BeatId, Ending, Intent, Runner};

/// One key of the strip.
pub struct OperatorKey {
    pub key: KeyCode,
    /// Needs Ctrl too (for actions that must not happen by a slip of the hand).
    pub ctrl: bool,
    pub action: OperatorAction,
    pub label: &'static str,
}

/// The attendant's keys, in the order the strip shows them.
pub const KEYS: &[OperatorKey] = &[
    OperatorKey {
        key: KeyCode::KeyR,
        ctrl: false,
        action: OperatorAction::NextVisitor,
        label: "R next",
    },
    OperatorKey {
        key: KeyCode::KeyL,
        ctrl: false,
        action: OperatorAction::NextLanguage,
        label: "L language",
    },
    OperatorKey {
        key: KeyCode::Escape,
        ctrl: false,
        action: OperatorAction::TogglePause,
        label: "Esc pause",
    },
    OperatorKey {
        key: KeyCode::KeyC,
        ctrl: false,
        action: OperatorAction::Recentre,
        label: "C recentre",
    },
    OperatorKey {
        key: KeyCode::KeyD,
        ctrl: false,
        action: OperatorAction::SkipToPrompt,
        label: "D gift",
    },
    OperatorKey {
        key: KeyCode::KeyE,
        ctrl: false,
        action: OperatorAction::EndSession,
        label: "E end",
    },
    OperatorKey {
        key: KeyCode::KeyQ,
        ctrl: true,
        action: OperatorAction::Quit,
        label: "Ctrl+Q quit",
    },
];

/// The keys a visitor or tester at the keyboard uses besides choosing (digits, Enter) and
/// walking (WASD and the arrows, the desktop rig's).
pub const VISITOR_KEYS: &[OperatorKey] = &[
    OperatorKey {
        key: KeyCode::Space,
        ctrl: false,
        action: OperatorAction::SkipLine,
        label: "Space skip line",
    },
    OperatorKey {
        key: KeyCode::KeyN,
        ctrl: false,
        action: OperatorAction::ToggleNotebook,
        label: "N notebook",
    },
    OperatorKey {
        key: KeyCode::F1,
        ctrl: false,
        action: OperatorAction::ToggleHelp,
        label: "F1 keys",
    },
];

/// The strip's text: every attendant key with what it does and the next visitor's language,
/// then, on a second line, the visitor's keys.
pub fn strip_text(next_language: &str) -> String {
    let keys: Vec<&str> = KEYS.iter().map(|k| k.label).collect();
    let visitor: Vec<&str> = VISITOR_KEYS.iter().map(|k| k.label).collect();
    format!(
        "{} · next: {next_language}\nvisitor: {}",
        keys.join(" · "),
        visitor.join(" · ")
    )
}

pub fn plugin(app: &mut App) {
    app.add_message::<OperatorAction>()
        .add_message::<crate::body::Recenter>()
        .add_systems(Startup, spawn_strip)
        // The attendant's keys are carried out as soon as the frame's input is read, before
        // the screen's state changes are applied: a reset shows the start screen in the frame
        // the key is pressed, not the one after. Actions sent later in a frame (the pause
        // menu's Restart, a headset left off) are carried out at the start of the next.
        .init_schedule(OperatorSchedule)
        // Two small systems in a row: threads would cost more than they save.
        .edit_schedule(OperatorSchedule, |schedule| {
            schedule.set_executor(bevy::ecs::schedule::SingleThreadedExecutor::new());
        })
        .add_systems(
            OperatorSchedule,
            (operator_keys, carry_out).chain().in_set(CarryOutActions),
        )
        .add_systems(
            PreUpdate,
            (|world: &mut World| world.run_schedule(OperatorSchedule))
                .after(bevy::input::InputSystems),
        )
        .add_systems(Update, update_strip.in_set(AppSystems::Present))
        // Presence ends visits too (a headset left off): the watch runs wherever the attendant's
        // actions are carried out.
        .add_plugins((crate::presence::plugin, status::plugin, attract::plugin));
}

/// Where the attendant's actions are carried out: a schedule of its own, run in `PreUpdate`
/// once the frame's input is read, so that nothing else runs between its systems and what
/// they cost can be timed alone (`benches/frame_cost.rs`).
#[derive(bevy::ecs::schedule::ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct OperatorSchedule;

/// The attendant's keys read and every action carried out, in [`OperatorSchedule`].
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct CarryOutActions;

#[derive(Component)]
struct OperatorStrip;

fn spawn_strip(mut commands: Commands, capturing: Option<Res<crate::capture::CapturingStills>>) {
    if capturing.is_some() {
        return;
    }
    commands.spawn((
        OperatorStrip,
        BoothScreen,
        label("", TextSize::Small, theme::TEXT),
        // Under the status line, top right: the bottom belongs to subtitles and options.
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(10.0),
            top: Val::Px(38.0),
            padding: UiRect::axes(Val::Px(10.0), Val::Px(3.0)),
            border_radius: BorderRadius::all(Val::Px(6.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
        GlobalZIndex(50),
    ));
}

fn operator_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mut actions: MessageWriter<OperatorAction>,
) {
    let Some(keys) = keys else {
        return;
    };
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    for k in KEYS.iter().chain(VISITOR_KEYS) {
        if keys.just_pressed(k.key) && k.ctrl == ctrl {
            actions.write(k.action);
        }
    }
}

/// The booth's language for the next visitor: the preset, else the chapter's default.
fn next_language(active: &ActiveScenario, preset: &PresetLocale) -> String {
    let Some(pack) = active.pack.as_ref() else {
        return preset.0.clone().unwrap_or_else(|| "?".into());
    };
    preset
        .0
        .as_deref()
        .and_then(|tag| pack.offered_locale(tag))
        .map_or(pack.default_locale.to_string(), |o| o.locale.to_string())
}

#[allow(clippy::too_many_arguments)]
fn carry_out(
    mut actions: MessageReader<OperatorAction>,
    active: Res<ActiveScenario>,
    mut preset: ResMut<PresetLocale>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut intents: MessageWriter<PlayerIntent>,
    mut jumps: MessageWriter<JumpTo>,
    mut recenter: MessageWriter<crate::body::Recenter>,
    mut exit: MessageWriter<AppExit>,
    mut panels: Panels,
) {
    for action in actions.read().copied().collect::<Vec<_>>() {
        info!("attendant: {action:?}");
        match action {
            OperatorAction::NextVisitor | OperatorAction::EndSession => {
                // The one reset: the runner forgets the visitor (and the donation desk, the
                // language and the presentation follow its `Reset` event).
                intents.write(PlayerIntent(Intent::Reset));
                recenter.write(crate::body::Recenter);
                next_screen.set(Screen::ContentNote);
            }
            OperatorAction::NextLanguage => {
                let Some(pack) = active.pack.as_ref() else {
                    continue;
                };
                let current = next_language(&active, &preset);
                let offered = &pack.offered;
                let at = offered
                    .iter()
                    .position(|o| o.locale.as_str() == current)
                    .unwrap_or(0);
                let next = &offered[(at + 1) % offered.len().max(1)];
                preset.0 = Some(next.locale.to_string());
                info!("next visitor's language: {}", next.locale);
            }
            OperatorAction::TogglePause => {
                // Esc first closes the key help, if it is open.
                if let Some(help) = panels.help.as_mut().filter(|h| h.0) {
                    help.0 = false;
                    continue;
                }
                if *screen.get() != Screen::Playing {
                    continue;
                }
                let paused = active.runner.as_ref().is_some_and(|r| r.state().paused);
                intents.write(PlayerIntent(if paused {
                    Intent::Resume
                } else {
                    Intent::Pause
                }));
            }
            OperatorAction::Recentre => {
                recenter.write(crate::body::Recenter);
            }
            OperatorAction::SkipToPrompt => {
                let Some(runner) = active.runner.as_ref() else {
                    continue;
                };
                let Some(prompt) = prompt_beat(runner) else {
                    warn!("attendant: this story has no donation prompt to skip to");
                    continue;
                };
                // The runner jumps where it lives, at the start of this frame's `Advance`.
                jumps.write(JumpTo(prompt));
                next_screen.set(Screen::Playing);
            }
            OperatorAction::Quit => {
                exit.write(AppExit::Success);
            }
            OperatorAction::SkipLine => {
                if *screen.get() == Screen::Playing {
                    intents.write(PlayerIntent(Intent::SkipLine));
                }
            }
            OperatorAction::ToggleNotebook => {
                if let Some(open) = panels.notebook.as_mut() {
                    open.0 = !open.0;
                }
            }
            OperatorAction::ToggleHelp => {
                if let Some(help) = panels.help.as_mut() {
                    help.0 = !help.0;
                }
            }
        }
    }
}

/// The panels the keys open and close (absent in a headless booth, which has no interface).
#[derive(bevy::ecs::system::SystemParam)]
struct Panels<'w> {
    notebook: Option<ResMut<'w, crate::ui::notebook::NotebookOpen>>,
    help: Option<ResMut<'w, crate::ui::overlays::HelpOpen>>,
}

/// The first beat that ends on the donation prompt.
fn prompt_beat(runner: &Runner) -> Option<BeatId> {
    runner
        .scenario()
        .beats
        .iter()
        .find(|b| matches!(b.ending, Some(Ending::Donate(_))))
        .map(|b| b.id.clone())
}

fn update_strip(
    active: Res<ActiveScenario>,
    preset: Res<PresetLocale>,
    mut text: Query<&mut Text, With<OperatorStrip>>,
) {
    let Ok(mut text) = text.single_mut() else {
        return;
    };
    let line = strip_text(&next_language(&active, &preset));
    if text.0 != line {
        text.0 = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_key_and_the_strip_names_them_all() {
        let all: Vec<&OperatorKey> = KEYS.iter().chain(VISITOR_KEYS).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(
                    !(a.key == b.key && a.ctrl == b.ctrl),
                    "{} and {} share a key",
                    a.label,
                    b.label
                );
                assert_ne!(a.action, b.action, "{} and {}", a.label, b.label);
            }
        }
        let strip = strip_text("fr-BE");
        for k in KEYS.iter().chain(VISITOR_KEYS) {
            assert!(strip.contains(k.label), "{strip}");
        }
        let lines: Vec<&str> = strip.lines().collect();
        assert_eq!(lines.len(), 2, "{strip}");
        assert!(lines[0].ends_with("next: fr-BE"));
        assert!(lines[1].starts_with("visitor: "));
        // Each line fits the booth screen's width in small text.
        for line in lines {
            assert!(line.chars().count() <= 100, "{}", line.chars().count());
        }
    }
}
