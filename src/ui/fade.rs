//! Fades to and from black, driven by the scenario's `Fade` events (beats that ask for one,
//! and every change of environment). Fades are slow and never flash, and a fade in waits
//! while the world says the place behind the black is still being built ([`FadeOverlay::hold`]).

use crate::AppSystems;
use crate::scenario::ScenarioEvent;
use bevy::prelude::*;
use temoin_scenario::RuntimeEvent;
use temoin_scenario::runner::FadeDirection;

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_fade).add_systems(
        Update,
        (start_fades, animate_fade)
            .chain()
            .in_set(AppSystems::ApplyEffects)
            .in_set(Fading),
    );
}

/// The fade's systems: what decides whether to hold the black runs before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fading;

/// The black layer over everything: `alpha` now, moving towards `goal` at `rate` per second.
#[derive(Component, Debug)]
pub struct FadeOverlay {
    pub alpha: f32,
    goal: f32,
    rate: f32,
    /// A fade in waits for the fade out before it to finish.
    queued_in: Option<f32>,
    /// The place behind the black is not whole yet: a queued fade in waits (the world sets
    /// it, and lets go after a few seconds whatever happens).
    pub hold: bool,
}

impl FadeOverlay {
    /// Clear, and staying clear.
    pub fn clear() -> Self {
        FadeOverlay {
            alpha: 0.0,
            goal: 0.0,
            rate: 1.0,
            queued_in: None,
            hold: false,
        }
    }
}

fn spawn_fade(mut commands: Commands) {
    commands.spawn((
        FadeOverlay::clear(),
        Node {
            position_type: PositionType::Absolute,
            width: Val::Percent(100.0),
            height: Val::Percent(100.0),
            ..default()
        },
        BackgroundColor(Color::NONE),
        GlobalZIndex(8),
        Pickable::IGNORE,
        // The mirrored view fades with the visitor's; the headset has its own black.
        super::BoothScreen,
    ));
}

fn start_fades(mut events: MessageReader<ScenarioEvent>, mut overlay: Query<&mut FadeOverlay>) {
    let Ok(mut fade) = overlay.single_mut() else {
        return;
    };
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::Fade {
                direction: FadeDirection::Out,
                seconds,
            } => {
                fade.goal = 1.0;
                fade.rate = 1.0 / seconds.max(0.05);
                fade.queued_in = None;
            }
            RuntimeEvent::Fade {
                direction: FadeDirection::In,
                seconds,
            } => {
                // Going to black or black already: it starts from black (and not while the
                // black is held).
                if fade.goal > 0.5 {
                    fade.queued_in = Some(*seconds);
                } else {
                    fade.goal = 0.0;
                    fade.rate = 1.0 / seconds.max(0.05);
                }
            }
            // A beat that begins on black (a fade out the author never closed) fades back
            // in: the visitor is never left in the dark.
            RuntimeEvent::BeatEntered { .. } if fade.goal > 0.5 && fade.queued_in.is_none() => {
                fade.queued_in = Some(temoin_scenario::runner::SCENE_FADE_SECONDS);
            }
            RuntimeEvent::Reset => {
                fade.alpha = 0.0;
                fade.goal = 0.0;
                fade.queued_in = None;
            }
            _ => {}
        }
    }
}

fn animate_fade(time: Res<Time>, mut overlay: Query<(&mut FadeOverlay, &mut BackgroundColor)>) {
    let Ok((mut fade, mut colour)) = overlay.single_mut() else {
        return;
    };
    let step = fade.rate * time.delta_secs();
    fade.alpha = if fade.alpha < fade.goal {
        (fade.alpha + step).min(fade.goal)
    } else {
        (fade.alpha - step).max(fade.goal)
    };
    if fade.alpha >= 1.0
        && !fade.hold
        && let Some(seconds) = fade.queued_in.take()
    {
        fade.goal = 0.0;
        fade.rate = 1.0 / seconds.max(0.05);
    }
    let wanted = Color::srgba(0.0, 0.0, 0.0, fade.alpha);
    if colour.0 != wanted {
        colour.0 = wanted;
    }
}
