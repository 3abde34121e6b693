//! The visitor sees a place only once it is whole: after a change of place, the black holds
//! until every model of the new place is loaded (textures included), then the fade in starts.
//! With the story's models kept in memory (`kept`) this is at once; the hold is for the first
//! load of a place on a slow disk, and it lets go after [`LONGEST_HOLD_SECONDS`] whatever
//! happens: a model that never loads must not leave the visitor in the dark.

use super::{CurrentPlace, PendingScene, Scenery};
use crate::ui::FadeOverlay;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;

/// The longest a fade in waits for a place's models.
pub const LONGEST_HOLD_SECONDS: f32 = 3.0;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        hold_black_while_building
            .after(super::SpawnEnvironment)
            .before(crate::ui::Fading),
    );
}

/// A place is being built: since when (seconds of the wait so far).
#[derive(Default)]
struct Building(Option<f32>);

fn hold_black_while_building(
    time: Res<Time>,
    pending: Res<PendingScene>,
    place: Res<CurrentPlace>,
    asset_server: Res<AssetServer>,
    roots: Query<&WorldAssetRoot, With<Scenery>>,
    mut overlay: Query<&mut FadeOverlay>,
    mut building: Local<Building>,
) {
    if place.is_changed() {
        building.0 = Some(0.0);
    }
    if let Some(waited) = building.0.as_mut() {
        *waited += time.delta_secs();
        let whole = roots
            .iter()
            .all(|r| asset_server.is_loaded_with_dependencies(&r.0));
        if whole || *waited >= LONGEST_HOLD_SECONDS {
            if !whole {
                warn!(
                    "place {:?}: its models are not all loaded after {LONGEST_HOLD_SECONDS} s; showing it as it is",
                    place.0
                );
            }
            building.0 = None;
        }
    }
    // A change waiting for the black holds it too: the fade out may finish before the swap.
    let hold = pending.change.is_some() || building.0.is_some();
    for mut fade in &mut overlay {
        if fade.hold != hold {
            fade.hold = hold;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::time::TimeUpdateStrategy;
    use std::time::Duration;

    fn held(app: &mut App) -> bool {
        let mut q = app.world_mut().query::<&FadeOverlay>();
        q.single(app.world()).expect("one fade").hold
    }

    #[test]
    fn the_black_holds_while_a_place_builds_and_lets_go_after_the_longest_wait() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()))
            // Under `Time<Virtual>`'s longest step (0.25 s).
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
                200,
            )))
            .init_resource::<CurrentPlace>()
            .init_resource::<PendingScene>()
            .add_systems(Update, hold_black_while_building);
        app.world_mut().spawn(FadeOverlay::clear());
        app.update();
        app.update();
        assert!(!held(&mut app), "nothing to build: nothing held");

        // A change waiting for the black holds it.
        app.world_mut().resource_mut::<PendingScene>().change =
            Some(("street".into(), "arrival".into()));
        app.update();
        assert!(held(&mut app), "a change is waiting");

        // The swap: a place whose model never loads (a broken file, say).
        app.world_mut().resource_mut::<PendingScene>().change = None;
        app.world_mut().resource_mut::<CurrentPlace>().0 = Some("street".into());
        app.world_mut()
            .spawn((Scenery, WorldAssetRoot(Handle::default())));
        let mut held_for = 0.0;
        for _ in 0..40 {
            app.update();
            if !held(&mut app) {
                break;
            }
            held_for += 0.2;
        }
        assert!(
            (LONGEST_HOLD_SECONDS - 0.3..=LONGEST_HOLD_SECONDS + 0.01).contains(&held_for),
            "held {held_for} s"
        );

        // The next place is whole (no models at all): no hold after its swap.
        let roots: Vec<Entity> = app
            .world_mut()
            .query_filtered::<Entity, With<Scenery>>()
            .iter(app.world())
            .collect();
        for e in roots {
            app.world_mut().despawn(e);
        }
        app.world_mut().resource_mut::<CurrentPlace>().0 = Some("home".into());
        app.update();
        assert!(!held(&mut app), "a whole place is shown at once");
    }
}
