//! The headset's reading panel: a card in the world, in front of the visitor, showing the
//! current line (who speaks and what), the hint, and where their gift is (the QR code is on
//! the booth screen, never in the headset). Drawn with Bevy UI into a texture on a quad.

use crate::donation::{DonationDesk, headset_line};
use crate::rig::Player;
use crate::scenario::ActiveScenario;
use crate::ui::theme;
use crate::ui::words::Words;
use crate::{AppSystems, Screen};
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;

/// Texture size of the panel, and the quad's size in metres: 1 px ≈ 1.2 mm, so a 30 px line
/// at 1.7 m is about 1.2° of visual angle, readable in current headsets.
const PIXELS: (u32, u32) = (1024, 384);
const METRES: (f32, f32) = (1.2, 0.45);
/// Below eye level and a little away, where reading is comfortable and targets stay visible.
const PLACE: Vec3 = Vec3::new(0.0, 1.2, -1.7);
const TILT_DEGREES: f32 = -12.0;

#[derive(Component)]
struct PanelText;

#[derive(Component)]
struct PanelQuad;

pub fn plugin(app: &mut App) {
    app.add_systems(PostStartup, spawn_panel)
        .add_systems(Update, update_panel.in_set(AppSystems::Present));
}

fn spawn_panel(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    player: Query<Entity, With<Player>>,
) {
    let Ok(player) = player.single() else { return };
    let image = images.add(Image::new_target_texture(
        PIXELS.0,
        PIXELS.1,
        TextureFormat::Rgba8UnormSrgb,
        None,
    ));
    let camera = commands
        .spawn((
            Camera2d,
            Camera {
                order: -10,
                clear_color: ClearColorConfig::Custom(theme::PANEL),
                ..default()
            },
            RenderTarget::Image(image.clone().into()),
        ))
        .id();
    commands.spawn((
        UiTargetCamera(camera),
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
            TextFont::from_font_size(32.0),
            TextColor(theme::TEXT),
            TextLayout::justify(Justify::Center),
        )],
    ));
    let quad = commands
        .spawn((
            PanelQuad,
            Mesh3d(meshes.add(Rectangle::new(METRES.0, METRES.1))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color_texture: Some(image),
                unlit: true,
                alpha_mode: AlphaMode::Blend,
                ..default()
            })),
            Transform::from_translation(PLACE)
                .with_rotation(Quat::from_rotation_x(TILT_DEGREES.to_radians())),
            Visibility::Hidden,
        ))
        .id();
    commands.entity(player).add_child(quad);
}

/// The panel's text: the line being said, else the hint, then the gift's state.
fn update_panel(
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    words: Res<Words>,
    desk: Option<Res<DonationDesk>>,
    mut text: Query<&mut Text, With<PanelText>>,
    mut quad: Query<&mut Visibility, With<PanelQuad>>,
) {
    let (Ok(mut text), Ok(mut visibility)) = (text.single_mut(), quad.single_mut()) else {
        return;
    };
    let mut parts = Vec::new();
    if *screen.get() == Screen::Playing
        && let Some(runner) = active.runner.as_ref()
    {
        if let Some(line) = runner.current_line() {
            let said = words.fill(&line.text, &[]);
            parts.push(match &line.speaker {
                Some(speaker) => format!("{speaker}: {said}"),
                None => said,
            });
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
