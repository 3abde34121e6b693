//! Surfaces of simple pieces: the scenario's colour, roughness and glow, and pictures on them
//! (base colour, normal, roughness) repeating at a size in metres, so a 10 m wall and a 1 m
//! box show plaster at the same scale.

use super::srgba;
use crate::scenario::ScenarioLocation;
use bevy::image::{ImageAddressMode, ImageLoaderSettings, ImageSampler, ImageSamplerDescriptor};
use bevy::math::Affine2;
use bevy::mesh::VertexAttributeValues;
use bevy::prelude::*;
use temoin_scenario::{Material, Shape};

fn repeating(srgb: bool) -> impl Fn(&mut ImageLoaderSettings) + Send + Sync + 'static {
    move |settings: &mut ImageLoaderSettings| {
        settings.is_srgb = srgb;
        settings.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
            address_mode_u: ImageAddressMode::Repeat,
            address_mode_v: ImageAddressMode::Repeat,
            ..ImageSamplerDescriptor::linear()
        });
    }
}

/// The material of a piece.
pub fn piece_material(
    m: &Material,
    asset_server: &AssetServer,
    location: &ScenarioLocation,
) -> StandardMaterial {
    let mut material = StandardMaterial {
        base_color: srgba(m.color),
        perceptual_roughness: m.roughness,
        metallic: m.metallic,
        emissive: m
            .emissive
            .map(|e| LinearRgba::from(srgba(e)))
            .unwrap_or(LinearRgba::BLACK),
        ..default()
    };
    if let Some(textures) = &m.textures {
        let load = |path: &str, srgb: bool| {
            asset_server
                .load_builder()
                .with_settings(repeating(srgb))
                .load(location.asset_path(path))
        };
        material.base_color_texture = Some(load(&textures.base_color, true));
        material.normal_map_texture = textures.normal.as_deref().map(|p| load(p, false));
        material.metallic_roughness_texture = textures.roughness.as_deref().map(|p| load(p, false));
        if textures.roughness.is_some() {
            // The map carries the roughness; the scalar scales it.
            material.perceptual_roughness = 1.0;
        }
        material.uv_transform = Affine2::from_scale(Vec2::splat(textures.tiling));
    }
    material
}

/// Rescales a primitive's texture coordinates to metres, face by face, so that `tiling`
/// means repeats per metre whatever the piece's size.
pub fn metric_uvs(mesh: &mut Mesh, shape: &Shape) {
    let Some(VertexAttributeValues::Float32x3(normals)) =
        mesh.attribute(Mesh::ATTRIBUTE_NORMAL).cloned()
    else {
        return;
    };
    let Some(VertexAttributeValues::Float32x2(uvs)) = mesh.attribute_mut(Mesh::ATTRIBUTE_UV_0)
    else {
        return;
    };
    for (uv, n) in uvs.iter_mut().zip(normals) {
        let extent = match shape {
            Shape::Box { size } => {
                if n[0].abs() > 0.5 {
                    [size[2], size[1]]
                } else if n[1].abs() > 0.5 {
                    [size[0], size[2]]
                } else {
                    [size[0], size[1]]
                }
            }
            Shape::Plane { size } => *size,
            Shape::Cylinder { radius, height } => [std::f32::consts::TAU * radius, *height],
            Shape::Sphere { radius } => [
                std::f32::consts::TAU * radius,
                std::f32::consts::PI * radius,
            ],
            Shape::Model { .. } => [1.0, 1.0],
        };
        uv[0] *= extent[0];
        uv[1] *= extent[1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uv_extent(mesh: &Mesh) -> (f32, f32) {
        let Some(VertexAttributeValues::Float32x2(uvs)) = mesh.attribute(Mesh::ATTRIBUTE_UV_0)
        else {
            panic!("uvs")
        };
        uvs.iter()
            .fold((0.0f32, 0.0f32), |(u, v), p| (u.max(p[0]), v.max(p[1])))
    }

    #[test]
    fn pictures_repeat_per_metre_whatever_the_size_of_the_piece() {
        let shape = Shape::Box {
            size: [8.0, 3.0, 0.2],
        };
        let mut wall = Mesh::from(Cuboid::new(8.0, 3.0, 0.2));
        metric_uvs(&mut wall, &shape);
        // The largest face is 8 m by 3 m: its coordinates run to 8 and 3.
        let (u, v) = uv_extent(&wall);
        assert!((u - 8.0).abs() < 1e-4 && (v - 3.0).abs() < 1e-4, "{u} {v}");
        let plane = Shape::Plane { size: [2.0, 5.0] };
        let mut floor = Plane3d::default().mesh().size(2.0, 5.0).build();
        metric_uvs(&mut floor, &plane);
        let (u, v) = uv_extent(&floor);
        assert!((u - 2.0).abs() < 1e-4 && (v - 5.0).abs() < 1e-4, "{u} {v}");
    }
}
