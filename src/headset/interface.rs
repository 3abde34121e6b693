//! The interface in the headset: the desktop interface (content note and language picker,
//! captions, the exit timer, options, notebook, pause menu with the comfort options, the
//! donation prompt) is drawn into a texture on a panel in the world, 1.8 m away, that lazily
//! follows the head. What belongs to the booth screen (the fade of the mirrored view, the
//! attendant's lines, the QR hand-off) stays on the window. Gaze and lasers press its
//! buttons through `button_at`.

use super::placement::{LazyFollow, PanelPlace, head_yaw, line_visual_angle_degrees};
use super::tracking::head_pose;
use crate::AppSystems;
use crate::body::{Player, PlayerCamera};
use crate::donation::{DonationDesk, on_booth_screen};
use crate::ui::donation::PromptRoot;
use crate::ui::texture_panel::spawn_texture_panel;
use crate::ui::{BoothScreen, theme};
use bevy::prelude::*;
use bevy::ui::UiSystems;

/// The interface's layout size in pixels (the desktop window's default) and the panel's size
/// in metres at its distance: 1 px is 1.33 mm, so the smallest text (20 px, 24 px a line)
/// reads at 1.0° of visual angle from 1.8 m.
pub const PIXELS: (u32, u32) = (1280, 720);
pub const METRES: (f32, f32) = (1.7, 1.7 * 720.0 / 1280.0);
pub const DISTANCE: f32 = 1.8;
/// A little below the horizon, like a page held in front of you; the gaze of a visitor who
/// looks straight ahead rests between the title and the text, on no button.
pub const PITCH_DEGREES: f32 = -5.0;

#[derive(Resource)]
pub struct InterfacePanel {
    pub camera: Entity,
    pub quad: Entity,
    follow: LazyFollow,
}

#[derive(Component)]
struct InterfaceQuad;

impl InterfacePanel {
    /// Where a ray meets the panel (`quad` is its transform): the point in the world and the
    /// pixel of the interface there.
    pub fn hit(&self, quad: &Transform, origin: Vec3, direction: Vec3) -> Option<(Vec3, Vec2)> {
        panel_hit(quad, origin, direction)
    }
}

/// Ray against the panel's rectangle (facing +Z in its own frame).
pub fn panel_hit(quad: &Transform, origin: Vec3, direction: Vec3) -> Option<(Vec3, Vec2)> {
    let normal = quad.rotation * Vec3::Z;
    let denom = direction.dot(normal);
    if denom.abs() < 1e-6 {
        return None;
    }
    let t = (quad.translation - origin).dot(normal) / denom;
    if t <= 0.0 {
        return None;
    }
    let at = origin + direction * t;
    let local = quad.rotation.inverse() * (at - quad.translation);
    let (u, v) = (local.x / METRES.0 + 0.5, 0.5 - local.y / METRES.1);
    ((0.0..=1.0).contains(&u) && (0.0..=1.0).contains(&v))
        .then(|| (at, Vec2::new(u * PIXELS.0 as f32, v * PIXELS.1 as f32)))
}

/// The visible button of the panel's interface under `pixel`, if any.
pub fn button_at<'a>(
    camera: Entity,
    pixel: Vec2,
    buttons: impl Iterator<
        Item = (
            Entity,
            &'a ComputedNode,
            &'a UiGlobalTransform,
            &'a InheritedVisibility,
            &'a ComputedUiTargetCamera,
        ),
    >,
) -> Option<Entity> {
    buttons
        .filter(|(_, _, _, visible, target)| visible.get() && target.get() == Some(camera))
        .filter(|(_, node, transform, _, _)| node.contains_point(**transform, pixel))
        // The smallest one: a button inside a bigger one is the one meant.
        .min_by(|a, b| {
            a.1.size()
                .length_squared()
                .total_cmp(&b.1.size().length_squared())
        })
        .map(|(entity, ..)| entity)
}

pub fn plugin(app: &mut App) {
    app.add_systems(PreStartup, spawn_panel)
        .add_systems(
            PostUpdate,
            (prompt_where_it_is_needed, route_to_panel)
                .chain()
                .before(UiSystems::Prepare),
        )
        .add_systems(
            Update,
            follow_head
                .in_set(AppSystems::Present)
                .run_if(resource_exists::<InterfacePanel>),
        );
}

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
        Color::NONE,
        -20,
        false,
    );
    commands
        .entity(panel.quad)
        .insert((InterfaceQuad, Visibility::Inherited));
    commands.insert_resource(InterfacePanel {
        camera: panel.camera,
        quad: panel.quad,
        follow: LazyFollow::default(),
    });
}

/// Every interface root goes to the panel unless it belongs to the booth screen.
fn route_to_panel(
    panel: Option<Res<InterfacePanel>>,
    roots: Query<
        Entity,
        (
            With<Node>,
            Without<ChildOf>,
            Without<UiTargetCamera>,
            Without<BoothScreen>,
        ),
    >,
    mut commands: Commands,
) {
    let Some(panel) = panel else { return };
    for root in &roots {
        commands.entity(root).insert(UiTargetCamera(panel.camera));
    }
}

/// The donation prompt is in the headset while the visitor chooses, and on the booth screen
/// while its QR code waits for their phone (the reading panel tells them to look there).
fn prompt_where_it_is_needed(
    panel: Option<Res<InterfacePanel>>,
    desk: Option<Res<DonationDesk>>,
    window: Query<Entity, With<PlayerCamera>>,
    prompt: Query<(Entity, Option<&UiTargetCamera>), With<PromptRoot>>,
    mut commands: Commands,
) {
    let (Some(panel), Ok(window), Ok((root, current))) = (panel, window.single(), prompt.single())
    else {
        return;
    };
    let camera = if desk.is_some_and(|d| on_booth_screen(&d.state)) {
        window
    } else {
        panel.camera
    };
    if current.map(|c| c.entity()) != Some(camera) {
        commands.entity(root).insert(UiTargetCamera(camera));
    }
}

/// The panel glides after the head when it has turned well away, and faces it.
fn follow_head(
    time: Res<Time>,
    mut panel: ResMut<InterfacePanel>,
    player: Query<&Transform, (With<Player>, Without<InterfaceQuad>)>,
    camera: Query<&Transform, (With<PlayerCamera>, Without<InterfaceQuad>)>,
    mut quad: Query<&mut Transform, (With<InterfaceQuad>, Without<Player>, Without<PlayerCamera>)>,
    mut recentre: MessageReader<crate::body::Recenter>,
) {
    let (Ok(player), Ok(camera), Ok(mut quad)) =
        (player.single(), camera.single(), quad.single_mut())
    else {
        return;
    };
    if recentre.read().count() > 0 {
        panel.follow.reset();
    }
    let head = head_pose(player, camera);
    let yaw = panel
        .follow
        .update(head_yaw(head.rotation), time.delta_secs());
    let place = PanelPlace {
        yaw,
        pitch: PITCH_DEGREES.to_radians(),
        distance: DISTANCE,
        size: METRES,
    };
    let (at, rotation) = place.transform(head.translation);
    *quad = Transform::from_translation(at).with_rotation(rotation);
}

/// The smallest text on the panel, in degrees of visual angle per line.
pub fn smallest_line_degrees() -> f32 {
    let smallest = theme::TextSize::ALL
        .iter()
        .map(|s| s.px())
        .fold(f32::INFINITY, f32::min);
    line_visual_angle_degrees(
        smallest * theme::LINE_HEIGHT,
        METRES.0 / PIXELS.0 as f32,
        DISTANCE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_on_the_panel_reads_at_about_a_degree_or_more() {
        let angle = smallest_line_degrees();
        assert!(angle >= 0.98, "{angle:.2}°");
        // And the panel is not a wall: it fits in a headset's view with room around it.
        let width = (2.0 * (METRES.0 / 2.0 / DISTANCE).atan()).to_degrees();
        assert!(width < 55.0, "{width:.0}° wide");
    }

    #[test]
    fn a_ray_at_the_panel_lands_on_the_right_pixel() {
        let quad = Transform::from_xyz(0.0, 1.6, -DISTANCE);
        let eye = Vec3::new(0.0, 1.6, 0.0);
        let (_, centre) = panel_hit(&quad, eye, Vec3::NEG_Z).unwrap();
        assert!((centre - Vec2::new(640.0, 360.0)).length() < 0.5);
        // Towards the top-left corner.
        let corner = Vec3::new(
            -METRES.0 / 2.0 + 0.01,
            1.6 + METRES.1 / 2.0 - 0.01,
            -DISTANCE,
        );
        let (_, pixel) = panel_hit(&quad, eye, (corner - eye).normalize()).unwrap();
        assert!(pixel.x < 10.0 && pixel.y < 10.0, "{pixel}");
        // Past the edge, behind, or parallel: no hit.
        assert!(panel_hit(&quad, eye, Vec3::new(1.0, 0.0, -0.5).normalize()).is_none());
        assert!(panel_hit(&quad, eye, Vec3::Z).is_none());
        assert!(panel_hit(&quad, eye, Vec3::X).is_none());
    }
}
