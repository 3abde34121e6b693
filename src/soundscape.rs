//! What a place sounds like, and where voices come from: each environment's looping bed
//! (room tone, wind) and its positioned emitters (a generator, plastic sheeting, birds, a
//! radio), heard from the visitor's head with spatial panning and the author's distances; the
//! beds and emitters of one place fade into the next instead of cutting. A character's line is
//! heard from where they stand (and walk), a radio line from the visitor's kit. With the mono
//! option nothing is panned, distance still counts.

use crate::AppSystems;
use crate::body::VisitorHead;
use crate::comfort::ComfortSettings;
use crate::scenario::{ActiveScenario, ScenarioEvent, ScenarioLocation};
use crate::world::motion::{ModelFigure, Person};
use crate::world::{CurrentPlace, SpawnEnvironment};
use bevy::audio::{AudioSinkPlayback, SpatialScale, Volume};
use bevy::prelude::*;
use temoin_scenario::RuntimeEvent;

/// Seconds for one place's sound to give way to the next.
pub const CROSSFADE_SECONDS: f32 = 1.8;
/// Surroundings while the pause menu is open: still there, much quieter.
const PAUSED_GAIN: f32 = 0.25;
/// A voice is at full loudness within this distance of the visitor's head.
const VOICE_NEAR: f32 = 1.6;

pub struct SoundscapePlugin;

impl Plugin for SoundscapePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (follow_place, play_voices, mix)
                .chain()
                .in_set(AppSystems::ApplyEffects)
                .after(SpawnEnvironment),
        );
    }
}

/// A looping sound of a place.
#[derive(Component, Debug, Clone)]
pub struct PlaceSound {
    pub base: f32,
    /// `None` for the bed, heard everywhere.
    pub reach: Option<(f32, f32)>,
    /// 0 silent … 1 full, towards 1 while the place is current, towards 0 after.
    pub fade: f32,
    pub leaving: bool,
}

/// A line being spoken.
#[derive(Component, Debug)]
pub struct VoiceLine {
    pub spatial: bool,
}

/// The gain of a sound `near`..`far` metres reach at `distance` before the spatial
/// attenuation: full inside, easing to nothing at `far` so nothing cuts off at an edge.
pub fn reach_gain(distance: f32, near: f32, far: f32, panned: bool) -> f32 {
    let edge = if distance >= far {
        0.0
    } else if distance <= far * 0.6 {
        1.0
    } else {
        let t = (far - distance) / (far * 0.4);
        t * t * (3.0 - 2.0 * t)
    };
    // Panned sounds are attenuated by the spatial mixer (inverse square from `near`); unpanned
    // ones get the same law here.
    let law = if panned || distance <= near {
        1.0
    } else {
        (near / distance).powi(2)
    };
    edge * law
}

/// Fade value after `dt`: up to 1 while current, down to 0 while leaving.
pub fn step_fade(fade: f32, leaving: bool, dt: f32) -> f32 {
    let step = dt / CROSSFADE_SECONDS;
    if leaving {
        (fade - step).max(0.0)
    } else {
        (fade + step).min(1.0)
    }
}

fn follow_place(
    place: Res<CurrentPlace>,
    mut last: Local<Option<temoin_scenario::EnvironmentId>>,
    active: Res<ActiveScenario>,
    location: Res<ScenarioLocation>,
    assets: Res<AssetServer>,
    settings: Res<ComfortSettings>,
    mut sounds: Query<&mut PlaceSound>,
    mut commands: Commands,
) {
    if *last == place.0 {
        return;
    }
    last.clone_from(&place.0);
    for mut sound in &mut sounds {
        sound.leaving = true;
    }
    let (Some(runner), Some(id)) = (active.runner.as_ref(), place.0.as_ref()) else {
        return;
    };
    let Some(env) = runner.scenario().environment(runner.index(), id) else {
        return;
    };
    if let Some(bed) = &env.ambience {
        commands.spawn((
            PlaceSound {
                base: bed.volume,
                reach: None,
                fade: 0.0,
                leaving: false,
            },
            AudioPlayer::new(assets.load(location.asset_path(&bed.path))),
            PlaybackSettings::LOOP.with_volume(Volume::Linear(0.0)),
        ));
    }
    for emitter in &env.emitters {
        let panned = !settings.mono_audio;
        let mut playback = PlaybackSettings::LOOP.with_volume(Volume::Linear(0.0));
        if panned {
            playback = playback.with_spatial(true);
            // The mixer's inverse-square law starts at `near` metres.
            playback.spatial_scale = Some(SpatialScale::new(1.0 / emitter.near.max(0.1)));
        }
        commands.spawn((
            PlaceSound {
                base: emitter.volume,
                reach: Some((emitter.near, emitter.far)),
                fade: 0.0,
                leaving: false,
            },
            AudioPlayer::new(assets.load(location.asset_path(&emitter.path))),
            playback,
            Transform::from_translation(Vec3::from_array(emitter.position)),
        ));
    }
}

fn play_voices(
    mut events: MessageReader<ScenarioEvent>,
    location: Res<ScenarioLocation>,
    assets: Res<AssetServer>,
    settings: Res<ComfortSettings>,
    people: Query<(Entity, &Person)>,
    models: Query<(Entity, &ModelFigure)>,
    voices: Query<Entity, With<VoiceLine>>,
    mut commands: Commands,
) {
    for event in events.read() {
        match &event.0 {
            RuntimeEvent::LineStarted {
                audio: Some(path),
                character,
                radio,
                ..
            } => {
                for voice in &voices {
                    commands.entity(voice).despawn();
                }
                let speaker = character.as_ref().and_then(|id| {
                    people
                        .iter()
                        .find(|(_, p)| &p.id == id)
                        .map(|(e, p)| (e, p.proportions.height))
                        .or_else(|| {
                            models
                                .iter()
                                .find(|(_, m)| &m.id == id)
                                .map(|(e, _)| (e, 1.6))
                        })
                });
                let source = AudioPlayer::new(assets.load(location.asset_path(path)));
                let playback = PlaybackSettings::DESPAWN
                    .with_volume(Volume::Linear(settings.voice_volume.gain()));
                match speaker {
                    // From their mouth, moving with them.
                    Some((entity, height)) if !*radio && !settings.mono_audio => {
                        let mut playback = playback.with_spatial(true);
                        playback.spatial_scale = Some(SpatialScale::new(1.0 / VOICE_NEAR));
                        commands.spawn((
                            VoiceLine { spatial: true },
                            source,
                            playback,
                            Transform::from_xyz(0.0, height * 0.92, 0.0),
                            ChildOf(entity),
                        ));
                    }
                    _ => {
                        commands.spawn((VoiceLine { spatial: false }, source, playback));
                    }
                }
            }
            RuntimeEvent::LineFinished { skipped: true, .. } | RuntimeEvent::Reset => {
                for voice in &voices {
                    commands.entity(voice).despawn();
                }
            }
            _ => {}
        }
    }
}

fn mix(
    time: Res<Time>,
    active: Res<ActiveScenario>,
    settings: Res<ComfortSettings>,
    head: Query<&GlobalTransform, With<VisitorHead>>,
    mut sounds: Query<(
        Entity,
        &mut PlaceSound,
        Option<&GlobalTransform>,
        Option<&mut AudioSink>,
        Option<&mut SpatialAudioSink>,
    )>,
    mut voices: Query<
        (
            &VoiceLine,
            Option<&mut AudioSink>,
            Option<&mut SpatialAudioSink>,
        ),
        Without<PlaceSound>,
    >,
    mut commands: Commands,
) {
    let dt = time.delta_secs();
    let paused = active.runner.as_ref().is_some_and(|r| r.state().paused);
    let ears = head.iter().next().map(GlobalTransform::translation);
    for (entity, mut sound, at, sink, spatial) in &mut sounds {
        sound.fade = step_fade(sound.fade, sound.leaving, dt);
        if sound.leaving && sound.fade <= 0.0 {
            commands.entity(entity).despawn();
            continue;
        }
        let distance = match (sound.reach, at, ears) {
            (Some((near, far)), Some(at), Some(ears)) => reach_gain(
                at.translation().distance(ears),
                near,
                far,
                spatial.is_some(),
            ),
            _ => 1.0,
        };
        let gain = sound.base * sound.fade * distance * if paused { PAUSED_GAIN } else { 1.0 };
        if let Some(mut sink) = sink {
            sink.set_volume(Volume::Linear(gain));
        }
        if let Some(mut sink) = spatial {
            sink.set_volume(Volume::Linear(gain));
        }
    }
    let voice_gain = Volume::Linear(settings.voice_volume.gain());
    for (_, sink, spatial) in &mut voices {
        let sink: Option<&mut dyn AudioSinkPlayback> = match (sink, spatial) {
            (Some(sink), _) => Some(sink.into_inner()),
            (None, Some(sink)) => Some(sink.into_inner()),
            (None, None) => None,
        };
        let Some(sink) = sink else { continue };
        set_voice(sink, voice_gain, paused);
    }
}

/// Follows the voice setting and the pause menu, touching the sink only when they change.
fn set_voice(sink: &mut dyn AudioSinkPlayback, gain: Volume, paused: bool) {
    if sink.volume() != gain {
        sink.set_volume(gain);
    }
    if paused && !sink.is_paused() {
        sink.pause();
    } else if !paused && sink.is_paused() {
        sink.play();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_is_full_near_and_silent_beyond_far() {
        assert_eq!(reach_gain(0.5, 1.5, 20.0, false), 1.0);
        assert_eq!(reach_gain(25.0, 1.5, 20.0, true), 0.0);
        let mid = reach_gain(15.0, 1.5, 20.0, true);
        assert!(mid > 0.0 && mid < 1.0);
        // Unpanned: the inverse-square law the spatial mixer would apply.
        assert!((reach_gain(3.0, 1.5, 20.0, false) - 0.25).abs() < 1e-6);
        // Monotonic: further is never louder.
        let mut last = 1.0;
        for d in 0..40 {
            let g = reach_gain(d as f32 * 0.5, 1.5, 20.0, false);
            assert!(g <= last + 1e-6);
            last = g;
        }
    }

    #[test]
    fn places_crossfade_over_the_same_time() {
        let (mut incoming, mut outgoing) = (0.0, 1.0);
        let mut frames = 0;
        while outgoing > 0.0 {
            incoming = step_fade(incoming, false, 1.0 / 60.0);
            outgoing = step_fade(outgoing, true, 1.0 / 60.0);
            frames += 1;
            // Never both silent: no gap between places.
            assert!(incoming + outgoing > 0.99);
        }
        assert_eq!(incoming, 1.0);
        assert!((frames as f32 / 60.0 - CROSSFADE_SECONDS).abs() < 0.05);
    }
}
