//! The options the visitor can pick, as buttons (click, or keys 1 to 9). Rebuilt only when
//! the offered set changes.

use super::{NUMBER_KEYS, button, set_shown};
use crate::scenario::{ActiveScenario, PlayerIntent};
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use temoin_scenario::{Intent, LineId};

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_options_panel)
        .add_systems(
            Update,
            choose_by_click_or_key
                .in_set(AppSystems::RecordInput)
                .run_if(in_state(Screen::Playing)),
        )
        .add_systems(Update, rebuild_options.in_set(AppSystems::Present));
}

#[derive(Component)]
struct OptionsPanel {
    shown: Vec<(LineId, String)>,
}

#[derive(Component)]
struct OptionButton(LineId);

fn spawn_options_panel(mut commands: Commands) {
    commands.spawn((
        OptionsPanel { shown: Vec::new() },
        Node {
            position_type: PositionType::Absolute,
            bottom: Val::Px(120.0),
            width: Val::Percent(100.0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            ..default()
        },
        Visibility::Hidden,
    ));
}

fn rebuild_options(
    mut commands: Commands,
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    words: Res<super::words::Words>,
    mut panel: Query<(Entity, &mut OptionsPanel, &mut Visibility)>,
) {
    let Ok((entity, mut panel, mut visibility)) = panel.single_mut() else {
        return;
    };
    let offered = match (active.runner.as_ref(), screen.get()) {
        (Some(runner), Screen::Playing) if !runner.state().paused => runner.options(),
        _ => Vec::new(),
    };
    set_shown(&mut visibility, !offered.is_empty());
    // The texts too: a change of language redraws the options.
    let ids: Vec<(LineId, String)> = offered
        .iter()
        .map(|o| (o.text.id.clone(), o.text.text.clone()))
        .collect();
    if ids == panel.shown {
        return;
    }
    panel.shown = ids;
    commands.entity(entity).despawn_related::<Children>();
    commands.entity(entity).with_children(|parent| {
        for (n, option) in offered.iter().enumerate() {
            parent.spawn(button(
                OptionButton(option.text.id.clone()),
                format!("{}. {}", n + 1, words.fill(&option.text.text, &[])),
            ));
        }
    });
}

fn choose_by_click_or_key(
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Query<(&Interaction, &OptionButton), Changed<Interaction>>,
    panel: Query<&OptionsPanel>,
    mut intents: MessageWriter<PlayerIntent>,
) {
    for (interaction, option) in &buttons {
        if *interaction == Interaction::Pressed {
            intents.write(PlayerIntent(Intent::Choose(option.0.clone())));
        }
    }
    let Ok(panel) = panel.single() else { return };
    for (n, key) in NUMBER_KEYS.iter().enumerate() {
        if keys.just_pressed(*key)
            && let Some(id) = panel.shown.get(n)
        {
            intents.write(PlayerIntent(Intent::Choose(id.0.clone())));
        }
    }
}
