//! The first screen every visitor sees: the chapter's languages, the title, the content note
//! and what is done with their data, and "Begin". Also the screens for loading and for a
//! scenario that cannot be played.

use super::TextSize;
use super::words::Words;
use super::{Selected, button, label, say_button, say_label, theme};
use crate::Screen;
use crate::scenario::{ActiveScenario, ChooseLocale};
use bevy::prelude::*;
use temoin_scenario::Locale;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Loading), spawn_loading)
        .add_systems(OnEnter(Screen::Problems), spawn_problems)
        .add_systems(
            Update,
            (begin, choose_language, redraw_content_note)
                .chain()
                .run_if(in_state(Screen::ContentNote)),
        )
        .add_systems(Update, refresh_problems.run_if(in_state(Screen::Problems)));
}

#[derive(Component)]
struct BeginButton;

/// The content note as drawn, in this language; a change of language redraws it.
#[derive(Component)]
pub(crate) struct ContentNoteRoot(Locale);

#[derive(Component)]
struct LanguageButton(Locale);

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

/// Draws the content note when the screen opens, and again in a newly chosen language.
fn redraw_content_note(
    mut commands: Commands,
    active: Res<ActiveScenario>,
    words: Res<Words>,
    drawn: Query<(Entity, &ContentNoteRoot)>,
    headset: Option<Res<super::HeadsetInUse>>,
) {
    let (Some(runner), Some(pack), Some(locale)) = (&active.runner, &active.pack, &active.locale)
    else {
        return;
    };
    // Wait until the interface words are in the runner's language too.
    if words.locale != *locale {
        return;
    }
    if let Ok((entity, root)) = drawn.single() {
        if root.0 == *locale {
            return;
        }
        commands.entity(entity).despawn();
    }
    let scenario = runner.scenario();
    let languages: Vec<(Locale, String)> = pack
        .offered
        .iter()
        .map(|o| (o.locale.clone(), o.name.clone()))
        .collect();
    commands
        .spawn((
            full_screen(Screen::ContentNote),
            ContentNoteRoot(locale.clone()),
        ))
        .with_children(|screen| {
            if languages.len() > 1 {
                screen
                    .spawn(Node {
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        ..default()
                    })
                    .with_children(|row| {
                        row.spawn(say_label("ui.language", TextSize::Small, theme::MUTED));
                        for (n, (tag, name)) in languages.iter().enumerate() {
                            let mut b = row.spawn(button(
                                LanguageButton(tag.clone()),
                                format!("{name} ({})", n + 1),
                            ));
                            if tag == locale {
                                b.insert(Selected);
                            }
                        }
                    });
            }
            screen.spawn(label(
                words.fill(&scenario.title.text, &[]),
                TextSize::Title,
                theme::TEXT,
            ));
            screen
                .spawn((
                    Node {
                        width: Val::Px(760.0),
                        flex_direction: FlexDirection::Column,
                        row_gap: Val::Px(12.0),
                        padding: UiRect::all(Val::Px(20.0)),
                        border_radius: BorderRadius::all(Val::Px(10.0)),
                        ..default()
                    },
                    BackgroundColor(theme::PANEL),
                ))
                .with_children(|card| {
                    card.spawn(label(
                        words.fill(&scenario.content_note.text, &[]),
                        TextSize::Body,
                        theme::TEXT,
                    ));
                    if let Some(consent) = &scenario.consent {
                        card.spawn(label(
                            words.fill(&consent.text, &[]),
                            TextSize::Small,
                            theme::MUTED,
                        ));
                    }
                });
            screen.spawn(say_button(BeginButton, "ui.begin"));
            // A visitor in a headset has a trigger or their gaze, not a keyboard.
            let hint = if headset.is_some() {
                "ui.begin_hint_headset"
            } else {
                "ui.begin_hint"
            };
            screen.spawn(say_label(hint, TextSize::Small, theme::MUTED));
        });
}

/// A click on a language, or its number key (the attendant presets it before handing over
/// the headset).
fn choose_language(
    keys: Res<ButtonInput<KeyCode>>,
    buttons: Query<(&Interaction, &LanguageButton), Changed<Interaction>>,
    active: Res<ActiveScenario>,
    mut choose: MessageWriter<ChooseLocale>,
) {
    let Some(pack) = &active.pack else { return };
    let by_key = super::NUMBER_KEYS
        .iter()
        .position(|k| keys.just_pressed(*k))
        .and_then(|n| pack.offered.get(n))
        .map(|o| o.locale.clone());
    let by_click = buttons
        .iter()
        .find(|(i, _)| **i == Interaction::Pressed)
        .map(|(_, b)| b.0.clone());
    if let Some(locale) = by_click.or(by_key)
        && active.locale.as_ref() != Some(&locale)
    {
        choose.write(ChooseLocale(locale));
    }
}

fn spawn_loading(mut commands: Commands) {
    commands.spawn((
        full_screen(Screen::Loading),
        children![label("Loading…", TextSize::Body, theme::MUTED)],
    ));
}

fn spawn_problems(mut commands: Commands, active: Res<ActiveScenario>) {
    let text = active.problems.clone().unwrap_or_default();
    commands.spawn((
        full_screen(Screen::Problems),
        children![
            label("The scenario has errors", TextSize::Title, theme::TEXT),
            label(
                "Fix the file and save it: the preview reloads by itself.",
                TextSize::Body,
                theme::MUTED
            ),
            (
                Node {
                    max_width: Val::Percent(90.0),
                    padding: UiRect::all(Val::Px(16.0)),
                    ..default()
                },
                BackgroundColor(theme::ERROR),
                children![(ProblemsText, label(text, TextSize::Small, theme::TEXT))],
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
    attract: Option<Res<crate::booth::Attract>>,
    time: Res<Time<Real>>,
    headset: Option<Res<super::HeadsetInUse>>,
) {
    // The key that ended the attract loop only shows the content note; it does not skip it.
    // (In a headset the note is on show throughout, and its Begin button is the first act.)
    if headset.is_none() && attract.is_some_and(|a| !a.settled(time.elapsed_secs_f64())) {
        return;
    }
    let clicked = buttons.iter().any(|i| *i == Interaction::Pressed);
    if clicked || keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
        next.set(Screen::Playing);
    }
}
