//! The researcher's notebook: the evidence collected so far, on the right of the screen
//! (N hides or shows it, through the operator's keys). Testimony shows the words it quotes.

use super::TextSize;
use super::{label, say_label, set_shown, theme};
use crate::scenario::ActiveScenario;
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::EvidenceKind;

pub fn plugin(app: &mut App) {
    app.init_resource::<NotebookOpen>()
        .add_systems(Startup, spawn_notebook)
        .add_systems(Update, update_notebook.in_set(AppSystems::Present));
}

/// Whether the notebook is shown (N toggles it).
#[derive(Resource)]
pub struct NotebookOpen(pub bool);

impl Default for NotebookOpen {
    fn default() -> Self {
        NotebookOpen(true)
    }
}

#[derive(Component)]
struct Notebook {
    shown: usize,
}

#[derive(Component)]
struct NotebookEntries;

fn spawn_notebook(mut commands: Commands) {
    commands.spawn((
        Notebook { shown: usize::MAX },
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(20.0),
            top: Val::Px(70.0),
            width: Val::Px(300.0),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(Val::Px(12.0)),
            row_gap: Val::Px(6.0),
            border_radius: BorderRadius::all(Val::Px(8.0)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
        Visibility::Hidden,
        children![
            say_label("ui.notebook", TextSize::Small, theme::ACCENT),
            (
                NotebookEntries,
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: Val::Px(6.0),
                    ..default()
                }
            )
        ],
    ));
}

fn update_notebook(
    mut commands: Commands,
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    open: Res<NotebookOpen>,
    mut notebook: Query<(&mut Notebook, &mut Visibility)>,
    entries: Query<Entity, With<NotebookEntries>>,
) {
    let (Ok((mut notebook, mut visibility)), Ok(entries)) =
        (notebook.single_mut(), entries.single())
    else {
        return;
    };
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    let items = &runner.state().notebook;
    let at_prompt = runner.donate_prompt().is_some();
    set_shown(
        &mut visibility,
        *screen.get() == Screen::Playing && open.0 && !items.is_empty() && !at_prompt,
    );
    if notebook.shown == items.len() {
        return;
    }
    notebook.shown = items.len();
    commands.entity(entries).despawn_related::<Children>();
    commands.entity(entries).with_children(|parent| {
        for item in items {
            let kind = match item.kind {
                EvidenceKind::Photo => "PHOTO",
                EvidenceKind::Testimony => "TESTIMONY",
                EvidenceKind::Note => "NOTE",
            };
            parent.spawn(label(
                format!("{kind}  {}", item.title.text),
                TextSize::Small,
                theme::TEXT,
            ));
            if let Some(quote) = item
                .quote
                .as_ref()
                .and_then(|q| runner.scenario().line(runner.index(), q))
            {
                parent.spawn(label(
                    format!("“{}”", quote.text),
                    TextSize::Small,
                    theme::MUTED,
                ));
            }
        }
    });
}
