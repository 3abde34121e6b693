//! Bevy UI drawn into a texture on a quad in the world: the headset's panels and the
//! writing on signs, doors and drawings use the same helper.

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;

/// A quad in the world showing a texture that a 2-D camera draws Bevy UI into: the camera to
/// point a UI root at with `UiTargetCamera`, and the quad (hidden until shown). `lit` writing takes
/// the light of the place (a sign); unlit panels glow (the headset's).
pub struct TexturePanel {
    pub camera: Entity,
    pub quad: Entity,
}

pub fn spawn_texture_panel(
    commands: &mut Commands,
    (images, meshes, materials): (
        &mut Assets<Image>,
        &mut Assets<Mesh>,
        &mut Assets<StandardMaterial>,
    ),
    pixels: (u32, u32),
    metres: (f32, f32),
    background: Color,
    order: isize,
    lit: bool,
) -> TexturePanel {
    let image = images.add(Image::new_target_texture(
        pixels.0,
        pixels.1,
        TextureFormat::Rgba8UnormSrgb,
        None,
    ));
    let camera = commands
        .spawn((
            Camera2d,
            Camera {
                order,
                clear_color: ClearColorConfig::Custom(background),
                ..default()
            },
            RenderTarget::Image(image.clone().into()),
        ))
        .id();
    let quad = commands
        .spawn((
            Mesh3d(meshes.add(Rectangle::new(metres.0, metres.1))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color_texture: Some(image),
                // Panels glow for reading; writing in the world takes the place's light.
                unlit: !lit,
                alpha_mode: if lit {
                    AlphaMode::Mask(0.5)
                } else {
                    AlphaMode::Blend
                },
                perceptual_roughness: 0.9,
                ..default()
            })),
            Transform::default(),
            Visibility::Hidden,
        ))
        .id();
    TexturePanel { camera, quad }
}
