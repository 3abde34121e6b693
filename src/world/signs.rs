//! Writing in the world: a shop sign, a name on a door, the caption under a child's drawing.
//! Each is Bevy UI text drawn once into a texture on a quad (the same helper as the headset's
//! panels), so any script works: Arabic is shaped and laid out right to left by the app's font
//! fallback. The camera that draws it stops after a few frames; the writing stays.

use super::{Scenery, srgba};
use crate::ui::texture_panel::spawn_texture_panel;
use bevy::prelude::*;
use temoin_scenario::WorldText;

/// Pixels of texture per line of text: sharp at arm's length in a headset.
const LINE_PX: f32 = 72.0;
const FONT_PX: f32 = 56.0;
const MAX_PX: u32 = 2048;
/// Frames the camera draws before it rests (text layout and the Arabic fallback settle).
const DRAW_FRAMES: u32 = 8;

/// Writing spawned for the current place.
#[derive(Component)]
pub struct Sign {
    pub id: String,
    camera: Entity,
    frames: u32,
}

pub fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, rest_sign_cameras);
}

/// The texture size in pixels for a text: one line unless `width` wraps it.
pub fn sign_pixels(text: &WorldText) -> (u32, u32) {
    let chars = text.text.text.chars().count().max(1) as f32;
    let one_line = chars * FONT_PX * 0.56 + FONT_PX;
    let (w, lines) = match text.width {
        Some(width) => {
            let w = width / text.size * LINE_PX;
            (
                w,
                (one_line / w).ceil().max(1.0) + text.text.text.matches('\n').count() as f32,
            )
        }
        None => (one_line, 1.0 + text.text.text.matches('\n').count() as f32),
    };
    (
        (w.round() as u32).clamp(32, MAX_PX),
        ((lines * LINE_PX + FONT_PX * 0.3).round() as u32).clamp(32, MAX_PX),
    )
}

pub fn spawn_sign(
    commands: &mut Commands,
    text: &WorldText,
    images: &mut Assets<Image>,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
) {
    let pixels = sign_pixels(text);
    let metres = (
        pixels.0 as f32 / LINE_PX * text.size,
        pixels.1 as f32 / LINE_PX * text.size,
    );
    let background = text.background.map(srgba).unwrap_or(Color::NONE);
    let panel = spawn_texture_panel(
        commands,
        (images, meshes, materials),
        pixels,
        metres,
        background,
        -100,
        true,
    );
    let [rx, ry, rz] = text.rotation.map(f32::to_radians);
    commands.entity(panel.quad).insert((
        Scenery,
        Sign {
            id: text.text.id.to_string(),
            camera: panel.camera,
            frames: 0,
        },
        Transform::from_translation(Vec3::from_array(text.position))
            .with_rotation(Quat::from_euler(EulerRot::YXZ, ry, rx, rz)),
        Visibility::Inherited,
    ));
    commands.entity(panel.camera).insert(Scenery);
    commands.spawn((
        Scenery,
        UiTargetCamera(panel.camera),
        Node {
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        children![(
            Text::new(text.text.text.clone()),
            TextFont::from_font_size(FONT_PX),
            TextColor(srgba(text.color)),
            TextLayout::justify(Justify::Center),
        )],
    ));
}

fn rest_sign_cameras(mut signs: Query<&mut Sign>, mut cameras: Query<&mut Camera>) {
    for mut sign in &mut signs {
        if sign.frames > DRAW_FRAMES {
            continue;
        }
        sign.frames += 1;
        if sign.frames > DRAW_FRAMES
            && let Ok(mut camera) = cameras.get_mut(sign.camera)
        {
            camera.is_active = false;
        }
    }
}
