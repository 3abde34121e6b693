//! The headset's reading panel: a card in the world, in front of the visitor, showing the
//! current line (who speaks and what), what they can do now, and where their gift is (the QR
//! code is on the booth screen, never in the headset). Drawn with Bevy UI into a texture on a
//! quad that lazily follows the head 1.7 m away, below the eye line, and drops lower whenever
//! it would hide one of the story's targets.

use super::placement::{LazyFollow, PanelPlace, clear_of_targets, head_yaw};
use super::tracking::head_pose;
use crate::body::{Player, PlayerCamera};
use crate::comfort::ComfortSettings;
use crate::donation::DonationDesk;
use crate::scenario::ActiveScenario;
use crate::ui::donation::headset_line;
use crate::ui::texture_panel::spawn_texture_panel;
use crate::ui::theme;
use crate::ui::words::Words;
use crate::world::TargetMarker;
use crate::{AppSystems, Screen};
use bevy::prelude::*;
use bevy::text::FontSize;

/// Texture size of the panel, and the quad's size in metres: 1 px ≈ 1 mm, so a 32 px font
/// (38 px a line) at 1.7 m is about 1.3° of visual angle, readable in current headsets.
pub const PIXELS: (u32, u32) = (1024, 384);
pub const METRES: (f32, f32) = (1.0, 0.375);
pub const DISTANCE: f32 = 1.7;
pub const FONT_PX: f32 = 32.0;
/// Below the eye line, where reading is comfortable and the story's targets stay visible.
pub const PITCH_DEGREES: f32 = -20.0;

#[derive(Component)]
struct PanelText;

#[derive(Component)]
struct PanelQuad;

pub fn plugin(app: &mut App) {
    app.init_resource::<ReadingFollow>()
        .add_systems(PostStartup, spawn_panel)
        .add_systems(
            Update,
            (update_panel, place_panel).in_set(AppSystems::Present),
        );
}

#[derive(Resource, Default)]
struct ReadingFollow(LazyFollow);

fn spawn_panel(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let panel = spawn_texture_panel(
        &mut commands,
        (&mut images, &mut meshes, &mut materials),
        PIXELS,
        METRES,
        theme::PANEL,
        -10,
        false,
    );
    commands.entity(panel.quad).insert(PanelQuad);
    commands.spawn((
        UiTargetCamera(panel.camera),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            padding: UiRect::all(Val::Px(28.0)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        children![(
            PanelText,
            Text::new(""),
            TextFont::from_font_size(FONT_PX),
            TextColor(theme::TEXT),
            TextLayout::justify(Justify::Center),
        )],
    ));
}

/// The panel's text: the line being said, else the hint, then the gift's state.
fn update_panel(
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    words: Res<Words>,
    desk: Option<Res<DonationDesk>>,
    settings: Res<ComfortSettings>,
    mut text: Query<(&mut Text, &mut TextFont), With<PanelText>>,
    mut quad: Query<&mut Visibility, With<PanelQuad>>,
) {
    let (Ok((mut text, mut font)), Ok(mut visibility)) = (text.single_mut(), quad.single_mut())
    else {
        return;
    };
    if settings.is_changed() {
        font.font_size = FontSize::Px(FONT_PX * settings.subtitle_scale());
    }
    let mut parts = Vec::new();
    if *screen.get() == Screen::Playing
        && let Some(runner) = active.runner.as_ref()
    {
        if let Some(line) = runner.current_line() {
            let said = words.fill(&line.text, &[]);
            parts.push(match words.speaker(runner, line) {
                Some(speaker) => format!("{speaker}: {said}"),
                None => said,
            });
        }
        let hint = crate::ui::hud::hint(runner, &words);
        if !hint.is_empty() {
            parts.push(hint);
        }
        if let Some(gift) = desk.as_deref().and_then(|d| headset_line(&d.state, &words)) {
            parts.push(gift);
        }
    }
    let content = parts.join("\n\n");
    crate::ui::set_shown(&mut visibility, !content.is_empty());
    if text.0 != content {
        text.0 = content;
    }
}

/// Lazy-follow in front of the head, below the eye line, lowered until no target is behind it.
fn place_panel(
    time: Res<Time>,
    mut follow: ResMut<ReadingFollow>,
    mut recentre: MessageReader<crate::body::Recenter>,
    targets: Query<(&TargetMarker, &GlobalTransform)>,
    player: Query<&Transform, (With<Player>, Without<PanelQuad>)>,
    camera: Query<&Transform, (With<PlayerCamera>, Without<PanelQuad>)>,
    mut quad: Query<&mut Transform, (With<PanelQuad>, Without<Player>, Without<PlayerCamera>)>,
) {
    let (Ok(player), Ok(camera), Ok(mut quad)) =
        (player.single(), camera.single(), quad.single_mut())
    else {
        return;
    };
    if recentre.read().count() > 0 {
        follow.0.reset();
    }
    let head = head_pose(player, camera);
    let preferred = PanelPlace {
        yaw: follow.0.update(head_yaw(head.rotation), time.delta_secs()),
        pitch: PITCH_DEGREES.to_radians(),
        distance: DISTANCE,
        size: METRES,
    };
    let place = clear_of_targets(
        preferred,
        head.translation,
        targets.iter().map(|(t, at)| (at.translation(), t.radius)),
    );
    let (at, rotation) = place.transform(head.translation);
    *quad = Transform::from_translation(at).with_rotation(rotation);
}
