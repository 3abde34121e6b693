//! Comfort and accessibility: the visitor's settings (larger subtitles, mono audio, a comfort
//! vignette, the snap-turn step), the booth's defaults they return to for the next visitor,
//! and the pure pieces of motion comfort: the short fade to black around a teleport and the
//! dwell ring's shape. Headset and desktop read the same settings.

use crate::AppSystems;
use crate::scenario::ScenarioEvent;
use bevy::prelude::*;
use temoin_scenario::RuntimeEvent;

/// What this visitor chose (pause menu) on top of the booth's defaults.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ComfortSettings {
    pub large_subtitles: bool,
    /// Both ears hear the same mix (visitors with hearing in one ear).
    pub mono_audio: bool,
    /// Darkened edges of the view in the headset, for visitors prone to motion sickness.
    pub vignette: bool,
    /// 30 or 45 degrees per thumbstick push.
    pub snap_degrees: f32,
    /// Loudness of the voices against the recordings' own (the surroundings stay as they are).
    pub voice_volume: VoiceVolume,
}

/// How loud people speak, from the pause menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VoiceVolume {
    Quiet,
    #[default]
    Normal,
    Loud,
}

impl VoiceVolume {
    pub const ALL: [VoiceVolume; 3] = [VoiceVolume::Quiet, VoiceVolume::Normal, VoiceVolume::Loud];

    /// Linear gain on every voice.
    pub fn gain(self) -> f32 {
        match self {
            VoiceVolume::Quiet => 0.5,
            VoiceVolume::Normal => 1.0,
            VoiceVolume::Loud => 1.6,
        }
    }

    /// The interface word of its button.
    pub fn word(self) -> &'static str {
        match self {
            VoiceVolume::Quiet => "ui.voices_quiet",
            VoiceVolume::Normal => "ui.voices_normal",
            VoiceVolume::Loud => "ui.voices_loud",
        }
    }
}

impl Default for ComfortSettings {
    fn default() -> Self {
        ComfortSettings {
            large_subtitles: false,
            mono_audio: false,
            vignette: false,
            snap_degrees: 30.0,
            voice_volume: VoiceVolume::Normal,
        }
    }
}

impl ComfortSettings {
    /// How much larger subtitles are drawn.
    pub fn subtitle_scale(&self) -> f32 {
        if self.large_subtitles { 1.4 } else { 1.0 }
    }
}

/// The attendant's settings from the command line: every new visitor starts with these.
#[derive(Resource, Debug, Clone, Default)]
pub struct BoothComfort(pub ComfortSettings);

/// A change the visitor asked for (a pause-menu button).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComfortToggle {
    LargeSubtitles,
    MonoAudio,
    Vignette,
    /// Sets (not flips) how loud voices are.
    Voices(VoiceVolume),
}

pub struct ComfortPlugin {
    pub booth: ComfortSettings,
}

impl Plugin for ComfortPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(BoothComfort(self.booth.clone()))
            .insert_resource(self.booth.clone())
            .add_message::<ComfortToggle>()
            .add_systems(
                Update,
                (apply_toggles, back_to_booth_defaults).in_set(AppSystems::ApplyEffects),
            );
    }
}

fn apply_toggles(mut toggles: MessageReader<ComfortToggle>, mut settings: ResMut<ComfortSettings>) {
    for toggle in toggles.read() {
        let flag = match toggle {
            ComfortToggle::LargeSubtitles => &mut settings.large_subtitles,
            ComfortToggle::MonoAudio => &mut settings.mono_audio,
            ComfortToggle::Vignette => &mut settings.vignette,
            ComfortToggle::Voices(level) => {
                settings.voice_volume = *level;
                info!("comfort: voices {level:?}");
                continue;
            }
        };
        *flag = !*flag;
        info!("comfort: {toggle:?} {}", if *flag { "on" } else { "off" });
    }
}

/// The next visitor starts from the booth's settings, not the last visitor's.
fn back_to_booth_defaults(
    mut events: MessageReader<ScenarioEvent>,
    booth: Res<BoothComfort>,
    mut settings: ResMut<ComfortSettings>,
) {
    if events.read().any(|e| matches!(e.0, RuntimeEvent::Reset)) && *settings != booth.0 {
        *settings = booth.0.clone();
    }
}

/// Seconds to black before a teleport, and back after it.
pub const BLINK_OUT_SECONDS: f32 = 0.15;
pub const BLINK_IN_SECONDS: f32 = 0.25;

/// The fade to black around a teleport: the view never slides, it dims, the body moves while
/// it is dark, and it brightens. Requests during a blink move the landing spot but do not start
/// another, so a visitor hammering the trigger cannot make the view flash.
#[derive(Debug, Default)]
pub struct Blink {
    phase: BlinkPhase,
    alpha: f32,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum BlinkPhase {
    #[default]
    Idle,
    Darkening,
    Brightening,
}

impl Blink {
    pub fn start(&mut self) {
        if self.phase == BlinkPhase::Idle {
            self.phase = BlinkPhase::Darkening;
        }
    }

    pub fn active(&self) -> bool {
        self.phase != BlinkPhase::Idle
    }

    /// Advances by `dt`: the darkness (0 clear … 1 black) and whether to move the body now
    /// (once, at full dark).
    pub fn update(&mut self, dt: f32) -> (f32, bool) {
        let dt = dt.max(0.0);
        let mut move_now = false;
        match self.phase {
            BlinkPhase::Idle => self.alpha = 0.0,
            BlinkPhase::Darkening => {
                self.alpha = (self.alpha + dt / BLINK_OUT_SECONDS).min(1.0);
                if self.alpha >= 1.0 {
                    self.phase = BlinkPhase::Brightening;
                    move_now = true;
                }
            }
            BlinkPhase::Brightening => {
                self.alpha = (self.alpha - dt / BLINK_IN_SECONDS).max(0.0);
                if self.alpha <= 0.0 {
                    self.phase = BlinkPhase::Idle;
                }
            }
        }
        (self.alpha, move_now)
    }
}

/// The dwell ring's filled part: a flat annulus sector in the XY plane (facing +Z), starting
/// at the top and filling clockwise. Triangle list positions and indices; empty at 0.
pub fn ring_arc(progress: f32, inner: f32, outer: f32, segments: u32) -> (Vec<[f32; 3]>, Vec<u32>) {
    let filled = (progress.clamp(0.0, 1.0) * segments as f32).ceil() as u32;
    let mut positions = Vec::new();
    let mut indices = Vec::new();
    if filled == 0 {
        return (positions, indices);
    }
    let end = std::f32::consts::TAU * progress.clamp(0.0, 1.0);
    for i in 0..=filled {
        let angle = (end * i as f32 / filled as f32).min(end);
        // From the top (+Y), clockwise as seen from the front (+Z).
        let (s, c) = angle.sin_cos();
        positions.push([inner * s, inner * c, 0.0]);
        positions.push([outer * s, outer * c, 0.0]);
    }
    for i in 0..filled {
        let a = 2 * i;
        // Counter-clockwise seen from +Z, so the front face shows.
        indices.extend([a, a + 3, a + 1, a, a + 2, a + 3]);
    }
    (positions, indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blink_darkens_moves_once_in_the_dark_and_brightens() {
        let mut blink = Blink::default();
        assert_eq!(blink.update(0.1), (0.0, false));
        blink.start();
        let mut moves = 0;
        let mut darkest_at_move = 0.0;
        let mut t = 0.0;
        while t < 1.0 {
            let (alpha, move_now) = blink.update(1.0 / 90.0);
            if move_now {
                moves += 1;
                darkest_at_move = alpha;
            }
            t += 1.0 / 90.0;
        }
        assert_eq!(moves, 1);
        assert_eq!(
            darkest_at_move, 1.0,
            "the body moves only when the view is black"
        );
        assert!(!blink.active());
        assert_eq!(blink.update(0.1).0, 0.0);
    }

    #[test]
    fn hammering_teleport_never_flashes_more_than_three_times_a_second() {
        let mut blink = Blink::default();
        let dt = 1.0 / 90.0;
        let mut dark_periods = 0;
        let mut was_dark = false;
        for frame in 0..(90 * 4) {
            // A request every 50 ms for four seconds.
            if frame % 4 == 0 {
                blink.start();
            }
            let (alpha, _) = blink.update(dt);
            let dark = alpha > 0.5;
            if dark && !was_dark {
                dark_periods += 1;
            }
            was_dark = dark;
        }
        assert!(dark_periods <= 3 * 4, "{dark_periods} flashes in 4 s");
        assert!(dark_periods >= 4, "teleports still happen: {dark_periods}");
    }

    #[test]
    fn the_ring_fills_with_progress() {
        let (p, i) = ring_arc(0.0, 0.02, 0.03, 32);
        assert!(p.is_empty() && i.is_empty());
        let (quarter, qi) = ring_arc(0.25, 0.02, 0.03, 32);
        let (full, fi) = ring_arc(1.0, 0.02, 0.03, 32);
        assert_eq!(qi.len(), 8 * 6);
        assert_eq!(fi.len(), 32 * 6);
        // Starts at the top and a quarter ends at the right (clockwise seen from the front).
        assert!((quarter[1][1] - 0.03).abs() < 1e-6 && quarter[1][0].abs() < 1e-6);
        let last = quarter[quarter.len() - 1];
        assert!(
            (last[0] - 0.03).abs() < 1e-5 && last[1].abs() < 1e-5,
            "{last:?}"
        );
        // The full ring closes on itself.
        let end = full[full.len() - 1];
        assert!((end[0] - full[1][0]).abs() < 1e-5 && (end[1] - full[1][1]).abs() < 1e-5);
        assert!(fi.iter().all(|&k| (k as usize) < full.len()));
    }

    /// The comfort plugin alone, starting from the booth's `booth` settings.
    fn comfort_app(booth: ComfortSettings) -> App {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_message::<ScenarioEvent>()
            .configure_sets(Update, AppSystems::ApplyEffects)
            .add_plugins(ComfortPlugin { booth });
        app
    }

    #[test]
    fn a_reset_returns_to_the_booths_settings() {
        let mut app = comfort_app(ComfortSettings {
            snap_degrees: 45.0,
            ..default()
        });
        app.world_mut().write_message(ComfortToggle::LargeSubtitles);
        app.world_mut().write_message(ComfortToggle::MonoAudio);
        app.update();
        let s = app.world().resource::<ComfortSettings>().clone();
        assert!(s.large_subtitles && s.mono_audio && !s.vignette);
        assert_eq!(s.subtitle_scale(), 1.4);
        app.world_mut()
            .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
        app.update();
        let s = app.world().resource::<ComfortSettings>();
        assert!(!s.large_subtitles && !s.mono_audio);
        assert_eq!(s.snap_degrees, 45.0, "the booth's own default stays");
    }

    #[test]
    fn the_pause_menu_sets_how_loud_voices_are_and_a_reset_restores_the_booths() {
        let mut app = comfort_app(ComfortSettings::default());
        app.world_mut()
            .write_message(ComfortToggle::Voices(VoiceVolume::Loud));
        app.update();
        let settings = app.world().resource::<ComfortSettings>();
        assert_eq!(settings.voice_volume, VoiceVolume::Loud);
        assert!(settings.voice_volume.gain() > VoiceVolume::Normal.gain());
        assert!(VoiceVolume::Quiet.gain() < VoiceVolume::Normal.gain());
        app.world_mut()
            .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
        app.update();
        assert_eq!(
            app.world().resource::<ComfortSettings>().voice_volume,
            VoiceVolume::Normal
        );
    }
}
