//! `TEMOIN_PROBE=1`: the timings the start-up and reset benches read (`benches/startup.rs`).
//! The app prints one line on standard output at each milestone, as soon as a frame showing
//! it has really been drawn (a screenshot of the window has come back from the GPU):
//! `probe: first-frame`, `probe: start-screen` (the first place loaded and on screen), then,
//! three times, the story is begun, sent to the donation prompt (so other places load), and
//! the attendant's "next visitor" is pressed: `probe: reset MS` is the time from that key to
//! the start screen drawn again (`TEMOIN_PROBE=startup` stops after the start screen). Then it
//! quits. The bench times the first two from the
//! process's start; nothing here runs unless the variable is set.

use crate::Screen;
use crate::booth::OperatorAction;
use crate::scenario::ActiveScenario;
use crate::world::Scenery;
use bevy::diagnostic::FrameCount;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::world_serialization::WorldAssetRoot;
use std::io::Write;
use std::time::Instant;

/// The variable that turns the probe on.
pub const PROBE_VARIABLE: &str = "TEMOIN_PROBE";
/// Resets measured before quitting.
const RESETS: usize = 3;
/// Frames the story plays at the prompt before the reset, so that place is fully built.
const PLAY_FRAMES: u32 = 30;

pub struct ProbePlugin;

impl Plugin for ProbePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(Probe {
            step: Step::FirstFrame,
            frames: 0,
            resets: 0,
            reset_key: None,
        })
        // Before the frame's input is read, as a key press is: the reset starts in the frame
        // it is asked for.
        .add_systems(PreUpdate, drive_probe);
    }
}

/// Whether the probe was asked for.
pub fn requested() -> bool {
    std::env::var_os(PROBE_VARIABLE).is_some_and(|v| !v.is_empty() && v != "0")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    FirstFrame,
    /// A screenshot is on its way; the next step starts when it is back.
    Drawing,
    StartScreen,
    Playing,
    Resetting,
    Done,
}

#[derive(Resource)]
struct Probe {
    step: Step,
    frames: u32,
    resets: usize,
    /// When the attendant's key was pressed, and in which frame.
    reset_key: Option<(Instant, u32)>,
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "probe: {line}");
    let _ = out.flush();
}

/// The places on screen are loaded, models and textures included.
fn scenery_loaded(
    asset_server: &AssetServer,
    roots: &Query<&WorldAssetRoot, With<Scenery>>,
) -> bool {
    // Between a place's despawn and the next one's spawn there are no roots at all.
    !roots.is_empty()
        && roots
            .iter()
            .all(|r| asset_server.is_loaded_with_dependencies(&r.0))
}

/// Asks for a picture of the window and says `line` (with the time since `since`, if any)
/// when it has been drawn; `then` is the step after.
fn when_drawn(
    commands: &mut Commands,
    line: &'static str,
    since: Option<(Instant, u32)>,
    then: Step,
) {
    commands.spawn(Screenshot::primary_window()).observe(
        move |_: On<ScreenshotCaptured>, mut probe: ResMut<Probe>, frames: Res<FrameCount>| {
            match since {
                Some((t, frame)) => say(&format!(
                    "{line} {:.0} ms, {} frames",
                    t.elapsed().as_secs_f64() * 1000.0,
                    frames.0.wrapping_sub(frame)
                )),
                None => say(line),
            }
            probe.step = then;
            probe.frames = 0;
        },
    );
}

fn drive_probe(
    mut commands: Commands,
    mut probe: ResMut<Probe>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    active: Res<ActiveScenario>,
    asset_server: Res<AssetServer>,
    roots: Query<&WorldAssetRoot, With<Scenery>>,
    mut actions: MessageWriter<OperatorAction>,
    mut exit: MessageWriter<AppExit>,
    frame: Res<FrameCount>,
) {
    probe.frames += 1;
    let at_start = *screen.get() == Screen::ContentNote
        && active
            .runner
            .as_ref()
            .is_some_and(|r| r.beat().id == r.scenario().beats[0].id)
        && scenery_loaded(&asset_server, &roots);
    match probe.step {
        Step::FirstFrame => {
            probe.step = Step::Drawing;
            when_drawn(&mut commands, "first-frame", None, Step::StartScreen);
        }
        Step::Drawing => {}
        Step::StartScreen if at_start => {
            probe.step = Step::Drawing;
            // `TEMOIN_PROBE=startup`: only the start-up milestones.
            let startup_only = std::env::var(PROBE_VARIABLE).is_ok_and(|v| v == "startup");
            let then = if startup_only {
                Step::Done
            } else {
                Step::Playing
            };
            when_drawn(&mut commands, "start-screen", None, then);
        }
        Step::StartScreen => {}
        Step::Playing => {
            if probe.frames == 1 {
                next_screen.set(Screen::Playing);
            } else if probe.frames == 3 {
                actions.write(OperatorAction::SkipToPrompt);
            } else if probe.frames > PLAY_FRAMES && scenery_loaded(&asset_server, &roots) {
                probe.reset_key = Some((Instant::now(), frame.0));
                actions.write(OperatorAction::NextVisitor);
                probe.step = Step::Resetting;
                probe.frames = 0;
            }
        }
        // The key's own frame is past: wait for the start screen to be whole again.
        Step::Resetting if at_start && probe.frames > 1 => {
            probe.resets += 1;
            let then = if probe.resets >= RESETS {
                Step::Done
            } else {
                Step::Playing
            };
            probe.step = Step::Drawing;
            when_drawn(&mut commands, "reset", probe.reset_key, then);
        }
        Step::Resetting => {}
        Step::Done => {
            exit.write(AppExit::Success);
        }
    }
}
