//! Sound cues: the recordings of narration lines and the sounds that effects ask for. A missing
//! file was already reported by validation; here it only logs, never stops the story.

use crate::AppSystems;
use crate::scenario::{ScenarioEvent, ScenarioLocation};
use bevy::audio::Volume;
use bevy::prelude::*;
use temoin_scenario::RuntimeEvent;

pub struct AudioCuesPlugin;

impl Plugin for AudioCuesPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Update, play_cues.in_set(AppSystems::ApplyEffects));
    }
}

/// Marks every sound the story started, so a reset can silence them.
#[derive(Component)]
struct StoryAudio;

fn play_cues(
    mut events: MessageReader<ScenarioEvent>,
    location: Res<ScenarioLocation>,
    assets: Res<AssetServer>,
    playing: Query<Entity, With<StoryAudio>>,
    mut commands: Commands,
) {
    for event in events.read() {
        let (path, volume) = match &event.0 {
            RuntimeEvent::SoundRequested { path, volume } => (path.clone(), *volume),
            RuntimeEvent::LineStarted {
                audio: Some(path), ..
            } => (path.clone(), 1.0),
            RuntimeEvent::Reset => {
                for entity in &playing {
                    commands.entity(entity).despawn();
                }
                continue;
            }
            _ => continue,
        };
        let source: Handle<AudioSource> = assets.load(location.asset_path(&path));
        commands.spawn((
            StoryAudio,
            AudioPlayer::new(source),
            PlaybackSettings::DESPAWN.with_volume(Volume::Linear(volume)),
        ));
    }
}
