//! Sound cues: the sounds that effects ask for (a shutter, a radio call). A missing
//! file was already reported by validation; here it only logs, never stops the story. With the
//! mono option every cue is mixed down so both ears hear everything (visitors who hear on one
//! side, a headset with one earphone).

use crate::AppSystems;
use crate::comfort::ComfortSettings;
use crate::scenario::{ScenarioEvent, ScenarioLocation};
use bevy::audio::{AddAudioSource, ChannelCount, Decodable, Sample, SampleRate, Source, Volume};
use bevy::prelude::*;
use std::time::Duration;
use temoin_scenario::RuntimeEvent;

pub struct AudioCuesPlugin;

impl Plugin for AudioCuesPlugin {
    fn build(&self, app: &mut App) {
        app.add_audio_source::<MonoAudio>().add_systems(
            Update,
            (play_cues, start_mono_when_loaded)
                .chain()
                .in_set(AppSystems::ApplyEffects),
        );
    }
}

/// Marks every sound the story started, so a reset can silence them.
#[derive(Component)]
struct StoryAudio;

/// A cue waiting for its file to load before it can be mixed down to mono.
#[derive(Component)]
struct AwaitingMono(Handle<AudioSource>);

/// A recording played mixed down to mono.
#[derive(Asset, TypePath, Clone)]
pub struct MonoAudio(pub AudioSource);

impl Decodable for MonoAudio {
    type Decoder = Downmix<<AudioSource as Decodable>::Decoder>;

    fn decoder(&self) -> Self::Decoder {
        Downmix::new(self.0.decoder())
    }
}

/// Averages each frame's channels and plays the average on every channel: same length, same
/// channel count, same loudness per ear for a centred sound.
pub struct Downmix<S> {
    inner: S,
    frame: Vec<Sample>,
    at: usize,
}

impl<S: Source> Downmix<S> {
    pub fn new(inner: S) -> Self {
        Downmix {
            inner,
            frame: Vec::new(),
            at: 0,
        }
    }
}

impl<S: Source> Iterator for Downmix<S> {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        if self.at >= self.frame.len() {
            let channels = self.inner.channels().get() as usize;
            self.frame.clear();
            self.frame.extend(self.inner.by_ref().take(channels));
            if self.frame.is_empty() {
                return None;
            }
            let mean = self.frame.iter().sum::<Sample>() / self.frame.len() as Sample;
            self.frame.iter_mut().for_each(|s| *s = mean);
            self.at = 0;
        }
        self.at += 1;
        Some(self.frame[self.at - 1])
    }
}

impl<S: Source> Source for Downmix<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner
            .current_span_len()
            .map(|n| n + self.frame.len() - self.at)
    }
    fn channels(&self) -> ChannelCount {
        self.inner.channels()
    }
    fn sample_rate(&self) -> SampleRate {
        self.inner.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
}

fn play_cues(
    mut events: MessageReader<ScenarioEvent>,
    location: Res<ScenarioLocation>,
    assets: Res<AssetServer>,
    settings: Res<ComfortSettings>,
    playing: Query<Entity, With<StoryAudio>>,
    mut commands: Commands,
) {
    for event in events.read() {
        let (path, volume) = match &event.0 {
            // Voices are the soundscape's: they come from where the speaker stands.
            RuntimeEvent::SoundRequested { path, volume } => (path.clone(), *volume),
            RuntimeEvent::Reset => {
                for entity in &playing {
                    commands.entity(entity).despawn();
                }
                continue;
            }
            _ => continue,
        };
        let source: Handle<AudioSource> = assets.load(location.asset_path(&path));
        let playback = PlaybackSettings::DESPAWN.with_volume(Volume::Linear(volume));
        if settings.mono_audio {
            commands.spawn((StoryAudio, AwaitingMono(source), playback));
        } else {
            commands.spawn((StoryAudio, AudioPlayer::new(source), playback));
        }
    }
}

/// Mono cues start as soon as their recording is loaded (a frame or two for a local file).
fn start_mono_when_loaded(
    waiting: Query<(Entity, &AwaitingMono)>,
    sources: Res<Assets<AudioSource>>,
    assets: Res<AssetServer>,
    mut mono: ResMut<Assets<MonoAudio>>,
    mut commands: Commands,
) {
    for (entity, AwaitingMono(handle)) in &waiting {
        if let Some(source) = sources.get(handle) {
            let player = AudioPlayer(mono.add(MonoAudio(source.clone())));
            commands
                .entity(entity)
                .remove::<AwaitingMono>()
                .insert(player);
        } else if assets.load_state(handle).is_failed() {
            commands.entity(entity).despawn();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZero;

    /// A stereo recording: left and right given per frame.
    struct Stereo(std::vec::IntoIter<Sample>);

    impl Iterator for Stereo {
        type Item = Sample;
        fn next(&mut self) -> Option<Sample> {
            self.0.next()
        }
    }

    impl Source for Stereo {
        fn current_span_len(&self) -> Option<usize> {
            None
        }
        fn channels(&self) -> ChannelCount {
            NonZero::new(2).unwrap()
        }
        fn sample_rate(&self) -> SampleRate {
            NonZero::new(48_000).unwrap()
        }
        fn total_duration(&self) -> Option<Duration> {
            None
        }
    }

    #[test]
    fn a_sound_only_in_the_left_ear_reaches_both_ears() {
        let frames = vec![1.0, 0.0, 0.5, -0.5, 0.0, 0.8];
        let out: Vec<Sample> = Downmix::new(Stereo(frames.into_iter())).collect();
        assert_eq!(out, vec![0.5, 0.5, 0.0, 0.0, 0.4, 0.4]);
    }

    #[test]
    fn the_mix_keeps_channels_and_rate() {
        let mix = Downmix::new(Stereo(vec![0.0; 4].into_iter()));
        assert_eq!(mix.channels().get(), 2);
        assert_eq!(mix.sample_rate().get(), 48_000);
    }
}
