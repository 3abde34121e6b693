//! What a ray from the eye (mouse cursor, controller laser or gaze) hits: a target's sphere or
//! a spot on the floor. Plain geometry, tested without a window.

use bevy::math::Vec3;
use temoin_scenario::{SpotId, TargetId};

#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    Target(TargetId),
    Spot(SpotId),
}

/// Distance along a normalised ray to the first hit of a sphere, if any.
pub fn ray_sphere(origin: Vec3, direction: Vec3, center: Vec3, radius: f32) -> Option<f32> {
    let to_center = center - origin;
    let along = to_center.dot(direction);
    let closest_sq = to_center.length_squared() - along * along;
    let radius_sq = radius * radius;
    if closest_sq > radius_sq {
        return None;
    }
    let half_chord = (radius_sq - closest_sq).sqrt();
    let t = if along - half_chord >= 0.0 {
        along - half_chord
    } else {
        along + half_chord
    };
    (t >= 0.0).then_some(t)
}

/// Where a normalised ray meets the horizontal plane at height `y`, if in front.
pub fn ray_floor(origin: Vec3, direction: Vec3, y: f32) -> Option<(f32, Vec3)> {
    if direction.y.abs() < 1e-6 {
        return None;
    }
    let t = (y - origin.y) / direction.y;
    (t > 0.0).then(|| (t, origin + direction * t))
}

/// The nearest thing the ray hits: a target sphere, or a spot disc of `spot_radius`.
pub fn pick<'a>(
    origin: Vec3,
    direction: Vec3,
    targets: impl IntoIterator<Item = (&'a TargetId, Vec3, f32)>,
    spots: impl IntoIterator<Item = (&'a SpotId, Vec3)>,
    spot_radius: f32,
) -> Option<Pick> {
    let direction = direction.normalize_or_zero();
    let mut best: Option<(f32, Pick)> = None;
    let mut consider = |t: f32, pick: Pick| {
        if best.as_ref().is_none_or(|(bt, _)| t < *bt) {
            best = Some((t, pick));
        }
    };
    for (id, center, radius) in targets {
        if let Some(t) = ray_sphere(origin, direction, center, radius) {
            consider(t, Pick::Target(id.clone()));
        }
    }
    for (id, position) in spots {
        if let Some((t, hit)) = ray_floor(origin, direction, position.y)
            && hit.distance(position) <= spot_radius
        {
            consider(t, Pick::Spot(id.clone()));
        }
    }
    best.map(|(_, pick)| pick)
}

/// The spot the visitor stands on, if any: the nearest within `radius` on the floor plane.
pub fn spot_under<'a>(
    feet: Vec3,
    spots: impl IntoIterator<Item = (&'a SpotId, Vec3)>,
    radius: f32,
) -> Option<SpotId> {
    spots
        .into_iter()
        .map(|(id, p)| (id, Vec3::new(p.x - feet.x, 0.0, p.z - feet.z).length()))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_target_wins_and_misses_miss() {
        let near = TargetId::new("near");
        let far = TargetId::new("far");
        let targets = [
            (&far, Vec3::new(0.0, 1.6, -6.0), 0.5),
            (&near, Vec3::new(0.0, 1.6, -3.0), 0.5),
        ];
        let hit = pick(Vec3::new(0.0, 1.6, 0.0), Vec3::NEG_Z, targets, [], 0.6);
        assert_eq!(hit, Some(Pick::Target(near.clone())));
        let miss = pick(Vec3::new(0.0, 1.6, 0.0), Vec3::X, targets, [], 0.6);
        assert_eq!(miss, None);
    }

    #[test]
    fn looking_down_at_a_spot_picks_it_and_standing_on_it_counts() {
        let door = SpotId::new("door");
        let spots = [(&door, Vec3::new(0.0, 0.0, -3.0))];
        let hit = pick(
            Vec3::new(0.0, 1.6, 0.0),
            Vec3::new(0.0, -1.6, -3.0),
            [],
            spots,
            0.6,
        );
        assert_eq!(hit, Some(Pick::Spot(door.clone())));
        assert_eq!(
            spot_under(Vec3::new(0.3, 0.0, -3.2), spots, 0.6),
            Some(door.clone())
        );
        assert_eq!(spot_under(Vec3::new(1.0, 0.0, -3.0), spots, 0.6), None);
    }
}
