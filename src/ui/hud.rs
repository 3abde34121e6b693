//! What is on screen while playing: the caption of the beat, the subtitle of the current line,
//! what the visitor can do now, the exit timer, the name of what the pointer rests on with
//! the dwell bar filling, and a banner when a reload of the scenario failed.

use super::TextSize;
use super::{label, set_shown, theme};
use crate::body::HoverLabel;
use crate::scenario::ActiveScenario;
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use bevy::text::FontSize;

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_hud).add_systems(
        Update,
        (update_hud, scale_subtitles).in_set(AppSystems::Present),
    );
}

#[derive(Component)]
struct HudRoot;
/// Which text of the HUD an entity is.
#[derive(Component, Clone, Copy, PartialEq, Eq)]
enum HudText {
    Caption,
    Timer,
    Speaker,
    Subtitle,
    Hint,
    Hover,
}
#[derive(Component)]
struct SubtitlePanel;
#[derive(Component)]
struct DwellBar;
#[derive(Component)]
struct DwellTrack;
#[derive(Component)]
struct ProblemsBanner;

fn spawn_hud(mut commands: Commands) {
    commands.spawn((
        HudRoot,
        Node { width: Val::Percent(100.0), height: Val::Percent(100.0), position_type: PositionType::Absolute, ..default() },
        Visibility::Hidden,
        children![
            // On a dark card: captions must read over a bright sky as well as a dark room.
            (HudText::Caption, label("", TextSize::Body, theme::TEXT), BackgroundColor(theme::PANEL), Node { position_type: PositionType::Absolute, left: Val::Px(16.0), top: Val::Px(12.0), padding: UiRect::axes(Val::Px(10.0), Val::Px(4.0)), border_radius: BorderRadius::all(Val::Px(6.0)), ..default() }),
            (HudText::Timer, label("", TextSize::Timer, theme::ACCENT), Node { position_type: PositionType::Absolute, right: Val::Px(28.0), top: Val::Px(16.0), ..default() }),
            (
                Node {
                    position_type: PositionType::Absolute,
                    top: Val::Percent(38.0),
                    width: Val::Percent(100.0),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: Val::Px(6.0),
                    ..default()
                },
                children![
                    (HudText::Hover, label("", TextSize::Small, theme::TEXT)),
                    (
                        DwellTrack,
                        Node { width: Val::Px(120.0), height: Val::Px(6.0), border_radius: BorderRadius::all(Val::Px(3.0)), ..default() },
                        BackgroundColor(Color::srgba(1.0, 1.0, 1.0, 0.15)),
                        children![(DwellBar, Node { width: Val::Percent(0.0), height: Val::Percent(100.0), border_radius: BorderRadius::all(Val::Px(3.0)), ..default() }, BackgroundColor(theme::ACCENT))],
                    ),
                ],
            ),
            (
                Node {
                    position_type: PositionType::Absolute,
                    bottom: Val::Px(24.0),
                    width: Val::Percent(100.0),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: Val::Px(8.0),
                    ..default()
                },
                children![
                    (
                        HudText::Hint,
                        label("", TextSize::Small, theme::ACCENT),
                        Node { padding: UiRect::axes(Val::Px(14.0), Val::Px(5.0)), border_radius: BorderRadius::all(Val::Px(6.0)), ..default() },
                        BackgroundColor(theme::PANEL),
                    ),
                    (
                        SubtitlePanel,
                        Node {
                            max_width: Val::Percent(70.0),
                            padding: UiRect::axes(Val::Px(22.0), Val::Px(12.0)),
                            flex_direction: FlexDirection::Column,
                            align_items: AlignItems::Center,
                            border_radius: BorderRadius::all(Val::Px(8.0)),
                            ..default()
                        },
                        BackgroundColor(theme::PANEL),
                        children![(HudText::Speaker, label("", TextSize::Small, theme::ACCENT)), (HudText::Subtitle, label("", TextSize::Subtitle, theme::TEXT))],
                    ),
                ],
            ),
            (
                ProblemsBanner,
                Node { position_type: PositionType::Absolute, top: Val::Px(56.0), left: Val::Px(24.0), max_width: Val::Percent(60.0), padding: UiRect::all(Val::Px(10.0)), ..default() },
                BackgroundColor(theme::ERROR),
                children![label("The scenario file has errors; the last good version keeps running. See the terminal.", TextSize::Small, theme::TEXT)],
            ),
        ],
    ));
}

#[allow(clippy::too_many_arguments)]
fn update_hud(
    active: Res<ActiveScenario>,
    words: Res<super::words::Words>,
    screen: Res<State<Screen>>,
    hover: Res<HoverLabel>,
    reading_panel: Option<Res<super::HeadsetInUse>>,
    mut root: Query<&mut Visibility, (With<HudRoot>, Without<HudText>)>,
    mut panel: Query<
        &mut Visibility,
        (
            With<SubtitlePanel>,
            Without<HudRoot>,
            Without<ProblemsBanner>,
            Without<HudText>,
        ),
    >,
    mut banner: Query<
        &mut Visibility,
        (
            With<ProblemsBanner>,
            Without<HudRoot>,
            Without<SubtitlePanel>,
            Without<HudText>,
        ),
    >,
    mut dwell: Query<&mut Node, With<DwellBar>>,
    mut track: Query<
        &mut Visibility,
        (
            With<DwellTrack>,
            Without<HudRoot>,
            Without<SubtitlePanel>,
            Without<ProblemsBanner>,
            Without<HudText>,
        ),
    >,
    mut texts: Query<(&mut Text, &HudText, &mut Visibility)>,
) {
    let playing = *screen.get() == Screen::Playing;
    if let Ok(mut v) = root.single_mut() {
        set_shown(&mut v, playing);
    }
    if let Ok(mut v) = banner.single_mut() {
        set_shown(&mut v, active.problems.is_some());
    }
    let Some(runner) = active.runner.as_ref() else {
        return;
    };
    if !playing {
        return;
    }
    let beat = runner.beat();
    set_text(
        &mut texts,
        HudText::Caption,
        beat.caption
            .as_ref()
            .map(|c| words.fill(&c.text, &[]))
            .unwrap_or_default(),
    );
    let timer = runner
        .visible_timer()
        .map(|s| format!("{}:{:02}", (s.ceil() as u32) / 60, (s.ceil() as u32) % 60));
    set_text(&mut texts, HudText::Timer, timer.unwrap_or_default());
    let line = runner.current_line();
    set_text(
        &mut texts,
        HudText::Speaker,
        line.and_then(|l| words.speaker(runner, l))
            .unwrap_or_default(),
    );
    set_text(
        &mut texts,
        HudText::Subtitle,
        line.map(|l| words.fill(&l.text, &[])).unwrap_or_default(),
    );
    if let Ok(mut v) = panel.single_mut() {
        set_shown(&mut v, line.is_some() && reading_panel.is_none());
    }
    let hint = if reading_panel.is_none() {
        hint(runner, &words)
    } else {
        String::new()
    };
    set_text(&mut texts, HudText::Hint, hint);
    let dwell_progress = runner.dwell_progress();
    let hover = match (&hover.0, &dwell_progress) {
        (Some(label), _) => label.clone(),
        _ => String::new(),
    };
    set_text(&mut texts, HudText::Hover, hover);
    if let Ok(mut v) = track.single_mut() {
        set_shown(&mut v, dwell_progress.is_some());
    }
    if let Ok(mut node) = dwell.single_mut() {
        let width = Val::Percent(dwell_progress.map_or(0.0, |(_, p)| p * 100.0));
        if node.width != width {
            node.width = width;
        }
    }
}

/// Sets one HUD text; an empty one is hidden so its background does not show.
fn set_text(
    texts: &mut Query<(&mut Text, &HudText, &mut Visibility)>,
    which: HudText,
    value: String,
) {
    for (mut text, slot, mut visibility) in texts.iter_mut() {
        if *slot != which {
            continue;
        }
        set_shown(&mut visibility, !value.is_empty());
        if text.0 != value {
            text.0 = value.clone();
        }
    }
}

/// A short instruction for what the visitor can do now, from the open outcomes.
pub fn hint(runner: &temoin_scenario::Runner, words: &super::words::Words) -> String {
    use temoin_scenario::Trigger;
    use temoin_scenario::message::Value;
    if runner.state().paused {
        return String::new();
    }
    let scenario = runner.scenario();
    let mut parts = Vec::new();
    for (_, outcome) in runner.open_outcomes() {
        match &outcome.on {
            Trigger::LookAt { target, .. } | Trigger::Select { target } => {
                if let Some(t) = scenario.target(runner.index(), target) {
                    let id = if matches!(outcome.on, Trigger::Select { .. }) {
                        "ui.hint_select"
                    } else {
                        "ui.hint_look"
                    };
                    parts.push(words.say_with(id, &[("name", Value::Text(t.label.text.clone()))]));
                }
            }
            _ => {}
        }
    }
    // Where to go: the spots a beat asks for, or where standing would open something (and
    // never a quiet one, a wrong turn the story only answers).
    for spot in runner.active_spots() {
        let name = scenario
            .spot(runner.index(), &spot)
            .and_then(|s| s.label.as_ref())
            .map_or(spot.to_string(), |l| l.text.clone());
        parts.push(words.say_with("ui.hint_go", &[("name", Value::Text(name))]));
    }
    parts.dedup();
    parts.join("   ·   ")
}

/// The "larger subtitles" comfort option.
fn scale_subtitles(
    settings: Res<crate::comfort::ComfortSettings>,
    mut texts: Query<(&HudText, &mut TextFont)>,
) {
    if !settings.is_changed() {
        return;
    }
    for (which, mut font) in &mut texts {
        let base = match which {
            HudText::Subtitle => TextSize::Subtitle,
            HudText::Speaker => TextSize::Small,
            _ => continue,
        };
        font.font_size = FontSize::Px(base.px() * settings.subtitle_scale());
    }
}
