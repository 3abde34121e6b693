//! People: a stylised human body built from turned profiles (a torso with shoulders and a
//! waist, a head, hair or a headscarf, sleeves, trousers or a long dress), one mesh per joint
//! coloured per vertex, so a person costs eleven draw calls with one shared material. The
//! joints are entities the motion system turns every frame (see `motion.rs`).

use super::lathe::{lathe, limb};
use super::pose::{Joints, LEFT, Proportions, RIGHT};
use bevy::mesh::VertexAttributeValues;
use bevy::prelude::*;
use temoin_scenario::{Body, Figure};

/// The parts of a body that move; each is an entity with its own transform.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    Hips,
    Spine,
    Head,
    UpperArm(usize),
    Forearm(usize),
    Thigh(usize),
    Shin(usize),
    /// A long dress as it hangs when standing or walking.
    StandingSkirt,
    /// The same dress spread around crossed legs.
    SeatedSkirt,
}

/// Colours of a person, linear RGBA.
struct Palette {
    skin: [f32; 4],
    hair: [f32; 4],
    top: [f32; 4],
    bottom: [f32; 4],
    scarf: Option<[f32; 4]>,
    shoes: [f32; 4],
}

fn linear(c: temoin_scenario::Color) -> [f32; 4] {
    let [r, g, b, a] = c.to_f32();
    Color::srgba(r, g, b, a).to_linear().to_f32_array()
}

/// One coloured mesh per joint, before it is added to the assets.
pub struct BodyMeshes {
    pub parts: Vec<(Joint, Mesh)>,
}

fn coloured(mut mesh: Mesh, color: [f32; 4]) -> Mesh {
    let n = mesh.count_vertices();
    mesh.insert_attribute(Mesh::ATTRIBUTE_COLOR, vec![color; n]);
    mesh
}

fn merge(parts: Vec<Mesh>) -> Mesh {
    let mut iter = parts.into_iter();
    let mut first = iter.next().expect("at least one part");
    for part in iter {
        if let Err(e) = first.merge(&part) {
            warn!("figure: a part could not be merged: {e}");
        }
    }
    first
}

/// Squashes a turned shape into an oval: bodies are wider than deep.
fn oval(mesh: Mesh, x: f32, z: f32) -> Mesh {
    mesh.transformed_by(Transform::from_scale(Vec3::new(x, 1.0, z)))
}

/// Builds the meshes of a `Person` figure.
pub fn body_meshes(body: Body, p: &Proportions, figure: &Figure) -> BodyMeshes {
    let Figure::Person {
        skin,
        hair,
        top,
        bottom,
        long_dress,
        headscarf,
        ..
    } = figure
    else {
        return BodyMeshes { parts: Vec::new() };
    };
    let palette = Palette {
        skin: linear(*skin),
        hair: linear(*hair),
        top: linear(*top),
        bottom: linear(*bottom),
        scarf: headscarf.map(linear),
        shoes: [0.03, 0.025, 0.02, 1.0],
    };
    let h = p.height;
    let seg = 14;
    let mut parts = Vec::new();

    // Torso: from the hips up to the base of the neck, shoulders rounded off.
    let t = p.torso;
    let sh = p.shoulders * 0.5;
    let waist = if p.woman { 0.075 * h } else { 0.085 * h };
    let hip_r = if p.woman { 0.1 * h } else { 0.09 * h };
    let torso_profile = [
        (0.0, t + 0.005),
        (0.04 * h, t),
        (sh * 0.72, t - 0.025 * h),
        (sh * 0.8, t - 0.06 * h),
        (sh * 0.78, t - 0.12 * h),
        (waist * 1.05, t * 0.5),
        (waist, t * 0.35),
        (hip_r, 0.02 * h),
        (hip_r * 0.92, -0.03 * h),
        (hip_r * 0.5, -0.06 * h),
        (0.0, -0.065 * h),
    ];
    let torso = oval(lathe(&torso_profile, seg + 4, 0.0, 1.0), 1.0, 0.62);
    let neck = limb(p.neck + 0.03 * h, 0.026 * h, 0.028 * h, 10)
        .transformed_by(Transform::from_xyz(0.0, t + p.neck + 0.01 * h, 0.0));
    let mut spine_parts = vec![coloured(torso, palette.top), coloured(neck, palette.skin)];

    // Head: an egg, a little deeper than wide, with a nose; hair as a cap or a headscarf
    // open at the face.
    let hh = p.head;
    let head_profile: Vec<(f32, f32)> = (0..=10)
        .map(|k| {
            let a = k as f32 / 10.0 * std::f32::consts::PI;
            // Narrower at the chin than at the crown.
            let taper = if a > std::f32::consts::FRAC_PI_2 {
                0.82
            } else {
                1.0
            };
            (0.4 * hh * a.sin() * taper, hh * 0.5 * (1.0 + a.cos()))
        })
        .collect();
    let head = oval(lathe(&head_profile, seg + 2, 0.0, 1.0), 0.86, 1.0);
    let nose = lathe(
        &[(0.0, 0.03 * hh), (0.055 * hh, 0.0), (0.0, -0.11 * hh)],
        6,
        0.0,
        1.0,
    )
    .transformed_by(
        Transform::from_xyz(0.0, 0.42 * hh, -0.39 * hh).with_rotation(Quat::from_rotation_x(0.3)),
    );
    let mut head_parts = vec![coloured(head, palette.skin), coloured(nose, palette.skin)];
    match palette.scarf {
        Some(scarf) => {
            // Around the head and down over the shoulders; open over the face (-z is t = 0.5).
            let r = 0.46 * hh;
            let scarf_profile = [
                (0.0, hh * 1.04),
                (r * 0.7, hh * 0.97),
                (r * 1.02, hh * 0.78),
                (r * 1.04, hh * 0.5),
                (r * 0.96, hh * 0.2),
                (r * 0.95, -0.02 * h),
                (sh * 0.7, -0.06 * h),
                (sh * 0.95, -0.12 * h),
                (sh * 0.9, -0.16 * h),
            ];
            let wrap = oval(lathe(&scarf_profile, seg + 4, 0.58, 1.42), 0.97, 1.1);
            // Under the chin the scarf closes.
            let chin = oval(
                lathe(
                    &[
                        (r * 0.8, 0.05 * hh),
                        (r * 0.95, -0.02 * h),
                        (sh * 0.6, -0.1 * h),
                    ],
                    seg,
                    0.0,
                    1.0,
                ),
                0.88,
                0.8,
            );
            head_parts.push(coloured(wrap, scarf));
            head_parts.push(coloured(chin, scarf));
        }
        None => {
            let cap: Vec<(f32, f32)> = (0..=6)
                .map(|k| {
                    let a = k as f32 / 6.0 * std::f32::consts::FRAC_PI_2 * 1.1;
                    (0.43 * hh * a.sin(), hh * 0.52 + hh * 0.5 * a.cos())
                })
                .collect();
            let cap_len = if p.woman { 0.9 } else { 0.3 };
            let mut back = vec![(0.43 * hh, hh * 0.45)];
            back.push((0.42 * hh, hh * (0.45 - 0.4 * cap_len)));
            back.push((0.3 * hh, hh * (0.4 - 0.4 * cap_len)));
            head_parts.push(coloured(
                oval(lathe(&cap, seg, 0.0, 1.0), 0.88, 1.04),
                palette.hair,
            ));
            head_parts.push(coloured(
                oval(lathe(&back, seg, 0.7, 1.3), 0.88, 1.04),
                palette.hair,
            ));
        }
    }

    // Arms: long sleeves to the wrist, hands below.
    for side in [LEFT, RIGHT] {
        let upper = limb(p.upper_arm, 0.031 * h, 0.027 * h, 10);
        parts.push((Joint::UpperArm(side), coloured(upper, palette.top)));
        let sleeve = limb(p.forearm * 0.62, 0.027 * h, 0.022 * h, 10);
        let hand = limb(p.forearm * 0.3, 0.022 * h, 0.016 * h, 8).transformed_by(
            Transform::from_xyz(0.0, -p.forearm * 0.64, 0.0).with_scale(Vec3::new(0.75, 1.0, 1.15)),
        );
        parts.push((
            Joint::Forearm(side),
            merge(vec![
                coloured(sleeve, palette.top),
                coloured(hand, palette.skin),
            ]),
        ));
        let thigh = limb(p.thigh, 0.06 * h, 0.042 * h, 12);
        parts.push((Joint::Thigh(side), coloured(thigh, palette.bottom)));
        let shin = limb(p.shin * 0.92, 0.04 * h, 0.03 * h, 10);
        let foot = oval(
            lathe(
                &[
                    (0.0, 0.04 * h),
                    (0.03 * h, 0.035 * h),
                    (0.033 * h, 0.0),
                    (0.0, -0.004),
                ],
                8,
                0.0,
                1.0,
            ),
            0.8,
            2.4,
        )
        .transformed_by(Transform::from_xyz(0.0, -p.shin, -0.04 * h));
        parts.push((
            Joint::Shin(side),
            merge(vec![
                coloured(shin, palette.bottom),
                coloured(foot, palette.shoes),
            ]),
        ));
    }
    if *long_dress {
        let down = p.hips - 0.05 * h;
        let skirt = oval(
            lathe(
                &[
                    (0.0, 0.03 * h),
                    (hip_r * 1.02, 0.01 * h),
                    (hip_r * 1.1, -0.1 * h),
                    (hip_r * 1.35, -down * 0.6),
                    (hip_r * 1.55, -down),
                    (0.0, -down - 0.01),
                ],
                seg + 4,
                0.0,
                1.0,
            ),
            1.0,
            0.8,
        );
        parts.push((Joint::StandingSkirt, coloured(skirt, palette.bottom)));
        // Seated: the dress covers crossed legs, a low mound on the cushion.
        let spread = p.thigh * 1.05;
        let seated = oval(
            lathe(
                &[
                    (0.0, 0.03 * h),
                    (hip_r * 1.05, 0.0),
                    (spread * 0.8, -0.06),
                    (spread, -0.15),
                    (spread * 0.95, -0.19),
                    (0.0, -0.19),
                ],
                seg + 4,
                0.0,
                1.0,
            ),
            1.15,
            0.8,
        )
        .transformed_by(Transform::from_xyz(0.0, 0.0, -spread * 0.35));
        parts.push((Joint::SeatedSkirt, coloured(seated, palette.bottom)));
    }
    parts.push((Joint::Spine, merge(std::mem::take(&mut spine_parts))));
    parts.push((Joint::Head, merge(head_parts)));
    let _ = body;
    BodyMeshes { parts }
}

/// Where each joint sits in its parent, in metres.
pub fn joint_offset(joint: Joint, p: &Proportions) -> Vec3 {
    let side = |s: usize| if s == LEFT { -1.0 } else { 1.0 };
    match joint {
        Joint::Hips => Vec3::new(0.0, p.hips, 0.0),
        Joint::Spine | Joint::StandingSkirt | Joint::SeatedSkirt => Vec3::ZERO,
        Joint::Head => Vec3::new(0.0, p.torso + p.neck, 0.0),
        Joint::UpperArm(s) => Vec3::new(
            side(s) * p.shoulders * 0.42,
            p.torso - 0.045 * p.height,
            0.0,
        ),
        Joint::Forearm(_) => Vec3::new(0.0, -p.upper_arm, 0.0),
        Joint::Thigh(s) => Vec3::new(side(s) * p.hip_width * 0.5, 0.0, 0.0),
        Joint::Shin(_) => Vec3::new(0.0, -p.thigh, 0.0),
    }
}

/// The parent of each joint.
fn parent(joint: Joint) -> Option<Joint> {
    match joint {
        Joint::Hips => None,
        Joint::Spine | Joint::Thigh(_) | Joint::StandingSkirt | Joint::SeatedSkirt => {
            Some(Joint::Hips)
        }
        Joint::Head | Joint::UpperArm(_) => Some(Joint::Spine),
        Joint::Forearm(s) => Some(Joint::UpperArm(s)),
        Joint::Shin(s) => Some(Joint::Thigh(s)),
    }
}

const JOINTS: [Joint; 13] = [
    Joint::Hips,
    Joint::Spine,
    Joint::Head,
    Joint::UpperArm(LEFT),
    Joint::UpperArm(RIGHT),
    Joint::Forearm(LEFT),
    Joint::Forearm(RIGHT),
    Joint::Thigh(LEFT),
    Joint::Thigh(RIGHT),
    Joint::Shin(LEFT),
    Joint::Shin(RIGHT),
    Joint::StandingSkirt,
    Joint::SeatedSkirt,
];

/// The local transform of every joint for `angles`.
pub fn joint_transform(joint: Joint, p: &Proportions, j: &Joints) -> Transform {
    let at = joint_offset(joint, p);
    let side = |s: usize| if s == LEFT { -1.0 } else { 1.0 };
    let limb = |angles: [f32; 2], s: usize| {
        Quat::from_rotation_z(side(s) * angles[1]) * Quat::from_rotation_x(angles[0])
    };
    match joint {
        Joint::Hips => Transform::from_xyz(j.hips_sway, j.hips_height, 0.0)
            .with_rotation(Quat::from_rotation_z(j.hips_roll)),
        Joint::Spine => Transform::from_translation(at)
            .with_rotation(
                Quat::from_rotation_z(j.spine_roll) * Quat::from_rotation_x(-j.spine_bend),
            )
            .with_scale(Vec3::new(
                1.0 + 0.01 * j.breath,
                1.0,
                1.0 + 0.022 * j.breath,
            )),
        Joint::Head => Transform::from_translation(at)
            .with_rotation(Quat::from_rotation_y(j.head_yaw) * Quat::from_rotation_x(j.head_pitch)),
        Joint::UpperArm(s) => {
            Transform::from_translation(at).with_rotation(limb(j.upper_arm[s], s))
        }
        Joint::Forearm(s) => {
            Transform::from_translation(at).with_rotation(Quat::from_rotation_x(j.forearm[s]))
        }
        Joint::Thigh(s) => Transform::from_translation(at).with_rotation(limb(j.thigh[s], s)),
        Joint::Shin(s) => {
            Transform::from_translation(at).with_rotation(Quat::from_rotation_x(j.shin[s]))
        }
        Joint::StandingSkirt | Joint::SeatedSkirt => Transform::from_translation(at),
    }
}

/// Spawns the joints of a person under `root`, each with its mesh; returns them by joint.
pub fn spawn_body(
    commands: &mut Commands,
    root: Entity,
    meshes: BodyMeshes,
    p: &Proportions,
    assets: &mut Assets<Mesh>,
    material: &Handle<StandardMaterial>,
    rest: &Joints,
) -> Vec<(Joint, Entity)> {
    let mut spawned: Vec<(Joint, Entity)> = Vec::new();
    let mut by_joint: Vec<(Joint, Mesh)> = meshes.parts;
    for joint in JOINTS {
        let parent_entity = match parent(joint) {
            None => root,
            Some(pj) => match spawned.iter().find(|(j, _)| *j == pj) {
                Some((_, e)) => *e,
                None => continue,
            },
        };
        let mesh = by_joint
            .iter()
            .position(|(j, _)| *j == joint)
            .map(|i| by_joint.swap_remove(i).1);
        let is_skirt = matches!(joint, Joint::StandingSkirt | Joint::SeatedSkirt);
        if is_skirt && mesh.is_none() {
            continue;
        }
        let mut entity = commands.spawn((
            joint,
            joint_transform(joint, p, rest),
            Visibility::default(),
            ChildOf(parent_entity),
        ));
        if let Some(mesh) = mesh {
            entity.insert((Mesh3d(assets.add(mesh)), MeshMaterial3d(material.clone())));
        }
        spawned.push((joint, entity.id()));
    }
    spawned
}

/// Number of vertices coloured in a mesh; for tests of the builder.
pub fn vertex_colours(mesh: &Mesh) -> usize {
    match mesh.attribute(Mesh::ATTRIBUTE_COLOR) {
        Some(VertexAttributeValues::Float32x4(c)) => c.len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use temoin_scenario::Color as C;

    fn person(dress: bool, scarf: bool) -> Figure {
        Figure::Person {
            body: Body::OlderWoman,
            height: None,
            skin: C::parse("#a57a5a").unwrap(),
            hair: C::parse("#2a2420").unwrap(),
            top: C::parse("#2f4f4f").unwrap(),
            bottom: C::parse("#2f3f3f").unwrap(),
            long_dress: dress,
            headscarf: scarf.then(|| C::parse("#3a3a4a").unwrap()),
        }
    }

    #[test]
    fn a_person_is_a_body_not_a_primitive() {
        let p = Proportions::new(Body::OlderWoman, None);
        let meshes = body_meshes(Body::OlderWoman, &p, &person(true, true));
        // Spine, head, two of each limb part, two skirts.
        assert_eq!(meshes.parts.len(), 12);
        let triangles: usize = meshes
            .parts
            .iter()
            .map(|(_, m)| super::super::lathe::triangles(m))
            .sum();
        assert!((1_500..20_000).contains(&triangles), "{triangles}");
        for (joint, mesh) in &meshes.parts {
            assert_eq!(vertex_colours(mesh), mesh.count_vertices(), "{joint:?}");
        }
        let trousers = body_meshes(
            Body::Man,
            &Proportions::new(Body::Man, None),
            &person(false, false),
        );
        assert_eq!(trousers.parts.len(), 10);
    }

    #[test]
    fn the_standing_body_reaches_its_height() {
        let p = Proportions::new(Body::Man, Some(1.8));
        let rest = Joints {
            hips_height: p.hips,
            ..Default::default()
        };
        let hips = joint_transform(Joint::Hips, &p, &rest);
        let head = joint_transform(Joint::Head, &p, &rest);
        let top_of_head = hips.translation.y + head.translation.y + p.head;
        assert!((top_of_head - 1.8).abs() < 0.02, "{top_of_head}");
        // Feet on the floor: hips minus thigh and shin.
        let feet = p.hips - p.thigh - p.shin;
        assert!(feet.abs() < 0.01);
    }
}
