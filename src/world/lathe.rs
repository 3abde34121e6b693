//! Smooth bodies of revolution: a profile of (radius, height) points turned about the y axis.
//! The figures' torsos, heads, limbs, dresses and headscarves are made of these, so a person
//! has shoulders, a waist and a neck instead of a cylinder and a ball.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, Mesh, PrimitiveTopology};
use std::f32::consts::TAU;

/// Turns `profile` (radius, y), listed from top to bottom, about the y axis from `from` to
/// `to` (fractions of a full turn, 0 = +z, counter-clockwise seen from above), with `segments`
/// steps around. A partial turn leaves an opening (a headscarf open at the face).
pub fn lathe(profile: &[(f32, f32)], segments: usize, from: f32, to: f32) -> Mesh {
    let rings = profile.len();
    let columns = segments + 1;
    let mut positions = Vec::with_capacity(rings * columns);
    let mut normals = Vec::with_capacity(rings * columns);
    let mut uvs = Vec::with_capacity(rings * columns);
    for (i, &(r, y)) in profile.iter().enumerate() {
        // The profile's slope gives the normal's tilt: neighbours above and below.
        let (r0, y0) = profile[i.saturating_sub(1)];
        let (r1, y1) = profile[(i + 1).min(rings - 1)];
        let (dr, dy) = (r1 - r0, y1 - y0);
        // Outward normal in the (radial, y) plane, perpendicular to the tangent.
        let (nr, ny) = {
            let (nr, ny) = (-dy, dr);
            let len = (nr * nr + ny * ny).sqrt().max(1e-6);
            (nr / len, ny / len)
        };
        for j in 0..columns {
            let t = from + (to - from) * j as f32 / segments as f32;
            let (s, c) = (t * TAU).sin_cos();
            positions.push([r * s, y, r * c]);
            normals.push([nr * s, ny, nr * c]);
            uvs.push([
                j as f32 / segments as f32,
                i as f32 / (rings - 1).max(1) as f32,
            ]);
        }
    }
    let mut indices = Vec::with_capacity((rings - 1) * segments * 6);
    for i in 0..rings - 1 {
        for j in 0..segments {
            let a = (i * columns + j) as u32;
            let b = a + columns as u32;
            // Counter-clockwise seen from outside for a profile listed top to bottom.
            indices.extend([a, b, a + 1, a + 1, b, b + 1]);
        }
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}

/// A rounded limb from y = 0 down to y = -length, `top` and `bottom` radii, closed at both ends.
pub fn limb(length: f32, top: f32, bottom: f32, segments: usize) -> Mesh {
    let mut profile = vec![(0.0, top * 0.9)];
    for k in 1..=3 {
        let a = k as f32 / 3.0 * std::f32::consts::FRAC_PI_2;
        profile.push((top * a.sin(), top * 0.9 * a.cos()));
    }
    for k in 1..=4 {
        let t = k as f32 / 5.0;
        // A slight swell a third of the way down (a calf, a forearm).
        let swell = (t * std::f32::consts::PI).sin() * 0.08;
        let r = top + (bottom - top) * t;
        profile.push((r * (1.0 + swell), -length * t));
    }
    for k in 0..=3 {
        let a = k as f32 / 3.0 * std::f32::consts::FRAC_PI_2;
        profile.push((bottom * a.cos(), -length - bottom * 0.9 * a.sin()));
    }
    lathe(&profile, segments, 0.0, 1.0)
}

/// Triangles in a mesh built here.
pub fn triangles(mesh: &Mesh) -> usize {
    mesh.indices().map_or(0, |i| i.len() / 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_profile_has_the_expected_size() {
        let mesh = lathe(&[(0.0, 1.0), (0.5, 0.5), (0.0, 0.0)], 16, 0.0, 1.0);
        assert_eq!(triangles(&mesh), 2 * 16 * 2);
        let positions = mesh.attribute(Mesh::ATTRIBUTE_POSITION).unwrap().len();
        assert_eq!(positions, 3 * 17);
    }

    #[test]
    fn normals_point_outwards() {
        let mesh = limb(0.4, 0.06, 0.04, 12);
        let Some(bevy::mesh::VertexAttributeValues::Float32x3(p)) =
            mesh.attribute(Mesh::ATTRIBUTE_POSITION)
        else {
            panic!("positions")
        };
        let Some(bevy::mesh::VertexAttributeValues::Float32x3(n)) =
            mesh.attribute(Mesh::ATTRIBUTE_NORMAL)
        else {
            panic!("normals")
        };
        // On the side of the limb, the normal points away from the axis.
        for (p, n) in p.iter().zip(n) {
            let radial = p[0] * n[0] + p[2] * n[2];
            assert!(radial >= -1e-4, "inward normal at {p:?}: {n:?}");
        }
    }
}
