//! What the visitor sees of their own controls and comfort in the headset: the lasers, the
//! teleport arc (dots, amber when it ends on a spot it may go to), the dwell ring filling where
//! they look, the black that fades the view around teleports and scene changes, and the
//! optional comfort vignette. All head-locked pieces follow the head every frame; none moves
//! the view.

use super::pointer::{PointerView, TeleportBlink};
use super::tracking::head_pose;
use crate::AppSystems;
use crate::body::{Player, PlayerCamera};
use crate::comfort::{ComfortSettings, ring_arc};
use crate::ui::{FadeOverlay, theme};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

const ARC_DOTS: usize = 50;
/// The fade's black sphere around the head: inside the near plane of nothing, outside the
/// eyes' near plane (0.1 m).
const FADE_RADIUS: f32 = 0.25;
/// The dwell ring's outer radius in degrees of visual angle.
const RING_DEGREES: f32 = 1.4;

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_visuals).add_systems(
        Update,
        (show_pointers, show_ring, show_fade_and_vignette).in_set(AppSystems::Present),
    );
}

#[derive(Component)]
struct Laser(usize);
#[derive(Component)]
struct ArcDot(usize);
#[derive(Component)]
struct DwellRing;
#[derive(Component)]
struct HeadFade;
#[derive(Component)]
struct Vignette;

#[derive(Resource)]
struct VisualMaterials {
    live: Handle<StandardMaterial>,
    idle: Handle<StandardMaterial>,
    fade: Handle<StandardMaterial>,
}

impl VisualMaterials {
    /// Shows a laser or arc dot in amber when it rests on something it can act on, pale when
    /// not, or hides it; changes nothing that is already so (no re-upload every frame).
    fn show(
        &self,
        material: &mut Mut<MeshMaterial3d<StandardMaterial>>,
        visibility: &mut Mut<Visibility>,
        live: Option<bool>,
    ) {
        let Some(live) = live else {
            visibility.set_if_neq(Visibility::Hidden);
            return;
        };
        let wanted = if live { &self.live } else { &self.idle };
        if material.0 != *wanted {
            material.0 = wanted.clone();
        }
        visibility.set_if_neq(Visibility::Visible);
    }
}

fn unlit(colour: Color) -> StandardMaterial {
    StandardMaterial {
        base_color: colour,
        unlit: true,
        alpha_mode: AlphaMode::Blend,
        ..default()
    }
}

fn spawn_visuals(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let live = materials.add(unlit(theme::ACCENT));
    let idle = materials.add(unlit(Color::srgba(0.9, 0.9, 0.9, 0.45)));
    let laser = meshes.add(Cylinder::new(0.003, 1.0));
    for hand in 0..2 {
        commands.spawn((
            Laser(hand),
            Mesh3d(laser.clone()),
            MeshMaterial3d(idle.clone()),
            Transform::default(),
            Visibility::Hidden,
        ));
    }
    let dot = meshes.add(Sphere::new(0.02));
    for n in 0..ARC_DOTS {
        commands.spawn((
            ArcDot(n),
            Mesh3d(dot.clone()),
            MeshMaterial3d(idle.clone()),
            Transform::default(),
            Visibility::Hidden,
        ));
    }
    commands.spawn((
        DwellRing,
        Mesh3d(meshes.add(ring_mesh(1.0))),
        MeshMaterial3d(live.clone()),
        Transform::default(),
        Visibility::Hidden,
    ));
    let fade = materials.add(StandardMaterial {
        cull_mode: None,
        double_sided: true,
        ..unlit(Color::srgba(0.0, 0.0, 0.0, 0.0))
    });
    commands.spawn((
        HeadFade,
        Mesh3d(meshes.add(Sphere::new(FADE_RADIUS).mesh().ico(3).unwrap())),
        MeshMaterial3d(fade.clone()),
        Transform::default(),
        Visibility::Hidden,
    ));
    let vignette = materials.add(StandardMaterial {
        cull_mode: None,
        ..unlit(Color::WHITE)
    });
    commands.spawn((
        Vignette,
        Mesh3d(meshes.add(vignette_mesh())),
        MeshMaterial3d(vignette),
        Transform::default(),
        Visibility::Hidden,
    ));
    commands.insert_resource(VisualMaterials { live, idle, fade });
}

/// The filled part of the dwell ring, at unit size (outer radius 1).
fn ring_mesh(progress: f32) -> Mesh {
    let (positions, indices) = ring_arc(progress, 0.72, 1.0, 48);
    let normals = vec![[0.0, 0.0, 1.0]; positions.len()];
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_indices(Indices::U32(indices))
}

/// A flat ring 0.3 m in front of the eyes: clear in the middle (about 70° across), darkening
/// towards the edges of the view, black beyond.
fn vignette_mesh() -> Mesh {
    let distance = 0.3f32;
    let radii = [
        (distance * 35f32.to_radians().tan(), 0.0),
        (distance * 50f32.to_radians().tan(), 0.92),
        (distance * 80f32.to_radians().tan(), 0.92),
    ];
    let segments = 64u32;
    let mut positions = Vec::new();
    let mut colours = Vec::new();
    for i in 0..segments {
        let a = std::f32::consts::TAU * i as f32 / segments as f32;
        for (r, alpha) in radii {
            positions.push([r * a.cos(), r * a.sin(), -distance]);
            colours.push([0.0, 0.0, 0.0, alpha]);
        }
    }
    let mut indices = Vec::new();
    let rings = radii.len() as u32;
    for i in 0..segments {
        let j = (i + 1) % segments;
        for k in 0..rings - 1 {
            let (a, b) = (i * rings + k, j * rings + k);
            indices.extend([a, b, a + 1, b, b + 1, a + 1]);
        }
    }
    let normals = vec![[0.0, 0.0, 1.0]; positions.len()];
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colours)
    .with_inserted_indices(Indices::U32(indices))
}

fn show_pointers(
    view: Res<PointerView>,
    materials: Res<VisualMaterials>,
    mut lasers: Query<
        (
            &Laser,
            &mut Transform,
            &mut Visibility,
            &mut MeshMaterial3d<StandardMaterial>,
        ),
        Without<ArcDot>,
    >,
    mut dots: Query<
        (
            &ArcDot,
            &mut Transform,
            &mut Visibility,
            &mut MeshMaterial3d<StandardMaterial>,
        ),
        Without<Laser>,
    >,
) {
    for (laser, mut transform, mut visibility, mut material) in &mut lasers {
        match view.lasers[laser.0] {
            Some((from, to, live)) => {
                let length = from.distance(to).max(0.01);
                *transform = Transform::from_translation((from + to) / 2.0)
                    .with_rotation(Quat::from_rotation_arc(
                        Vec3::Y,
                        (to - from).normalize_or(Vec3::Y),
                    ))
                    .with_scale(Vec3::new(1.0, length, 1.0));
                materials.show(&mut material, &mut visibility, Some(live));
            }
            None => materials.show(&mut material, &mut visibility, None),
        }
    }
    let arc = view.arc.as_ref();
    for (dot, mut transform, mut visibility, mut material) in &mut dots {
        // Every other point of the arc, so the dots read as a dotted line.
        match arc.and_then(|(points, valid)| points.get(dot.0 * 2).map(|p| (*p, *valid))) {
            Some((at, valid)) => {
                transform.translation = at;
                materials.show(&mut material, &mut visibility, Some(valid));
            }
            None => materials.show(&mut material, &mut visibility, None),
        }
    }
}

fn show_ring(
    view: Res<PointerView>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut shown: Local<Option<u32>>,
    mut ring: Query<(&mut Transform, &mut Visibility, &mut Mesh3d), With<DwellRing>>,
) {
    let Ok((mut transform, mut visibility, mut mesh)) = ring.single_mut() else {
        return;
    };
    let Some((at, head, progress)) = view.ring else {
        visibility.set_if_neq(Visibility::Hidden);
        *shown = None;
        return;
    };
    // Rebuild only when the filled part grows a visible step.
    let step = (progress * 48.0).ceil() as u32;
    if *shown != Some(step) {
        // A new mesh per step (48 per dwell): changing a mesh in place before the renderer has
        // uploaded it makes Bevy's mesh allocator complain.
        mesh.0 = meshes.add(ring_mesh(progress.max(1.0 / 48.0)));
        *shown = Some(step);
    }
    let distance = at.distance(head);
    *transform = Transform::from_translation(at)
        .looking_at(head, Vec3::Y)
        // `looking_at` points -Z at the head; the ring faces +Z.
        .with_scale(Vec3::splat(distance * RING_DEGREES.to_radians().tan()));
    transform.rotate_local_y(std::f32::consts::PI);
    visibility.set_if_neq(Visibility::Visible);
}

fn show_fade_and_vignette(
    overlay: Query<&FadeOverlay>,
    blink: Res<TeleportBlink>,
    settings: Res<ComfortSettings>,
    materials: Res<VisualMaterials>,
    mut standard: ResMut<Assets<StandardMaterial>>,
    player: Query<&Transform, (With<Player>, Without<HeadFade>, Without<Vignette>)>,
    camera: Query<&Transform, (With<PlayerCamera>, Without<HeadFade>, Without<Vignette>)>,
    mut fade: Query<(&mut Transform, &mut Visibility), (With<HeadFade>, Without<Vignette>)>,
    mut vignette: Query<(&mut Transform, &mut Visibility), (With<Vignette>, Without<HeadFade>)>,
    mut shown_alpha: Local<f32>,
) {
    let (Ok(player), Ok(camera)) = (player.single(), camera.single()) else {
        return;
    };
    let head = head_pose(player, camera);
    let story = overlay.single().map_or(0.0, |o| o.alpha);
    let alpha = story.max(blink.alpha).clamp(0.0, 1.0);
    if let Ok((mut transform, mut visibility)) = fade.single_mut() {
        transform.translation = head.translation;
        visibility.set_if_neq(if alpha > 0.0 {
            Visibility::Visible
        } else {
            Visibility::Hidden
        });
        if (alpha - *shown_alpha).abs() > 1e-3
            && let Some(mut material) = standard.get_mut(&materials.fade)
        {
            material.base_color = Color::srgba(0.0, 0.0, 0.0, alpha);
            *shown_alpha = alpha;
        }
    }
    if let Ok((mut transform, mut visibility)) = vignette.single_mut() {
        *transform = head;
        visibility.set_if_neq(if settings.vignette {
            Visibility::Visible
        } else {
            Visibility::Hidden
        });
    }
}
