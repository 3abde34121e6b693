//! `--capture BEATS --capture-dir DIR`: opens the real window, jumps to each listed beat,
//! saves a screenshot of it, and exits (`BEAT+pledge` pledges at the prompt first, `BEAT+paused`
//! opens the pause menu). Authors use it for stills of their scenes; the
//! rendering test uses it to prove the app draws something.

use crate::Screen;
use crate::donation::DonationDesk;
use crate::scenario::{ActiveScenario, PlayerIntent, ScenarioEvent};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;
use temoin_scenario::{BeatId, Intent, Runner};

/// A capture entry that shoots the content-note screen instead of a beat (first only).
pub const CONTENT_NOTE: &str = "content-note";

/// Frames to let a jump settle (scenery spawned, models loaded, fades done) before a shot.
const SETTLE_FRAMES: u32 = 40;
/// Give up after this many frames rather than hang a test.
const MAX_FRAMES: u32 = 6000;

#[derive(Debug, Clone)]
pub struct CapturePlan {
    pub beats: Vec<String>,
    pub dir: PathBuf,
}

pub struct CapturePlugin {
    pub plan: CapturePlan,
}

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(Capture {
            plan: self.plan.clone(),
            step: Step::WaitForScenario,
            frames: 0,
            total: 0,
        })
        .add_systems(Last, drive_capture);
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    WaitForScenario,
    Settle(usize),
    Saving(usize, PathBuf),
    Done,
}

#[derive(Resource)]
struct Capture {
    plan: CapturePlan,
    step: Step,
    frames: u32,
    total: u32,
}

fn drive_capture(
    mut capture: ResMut<Capture>,
    mut active: ResMut<ActiveScenario>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut events: MessageWriter<ScenarioEvent>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    mut intents: MessageWriter<PlayerIntent>,
    desk: Option<Res<DonationDesk>>,
) {
    capture.total += 1;
    capture.frames += 1;
    if capture.total > MAX_FRAMES {
        error!(
            "capture did not finish within {MAX_FRAMES} frames (step {:?})",
            capture.step
        );
        exit.write(AppExit::error());
        return;
    }
    match capture.step.clone() {
        Step::WaitForScenario => {
            if *screen.get() == Screen::Problems {
                error!(
                    "capture: the scenario has errors:\n{}",
                    active.problems.clone().unwrap_or_default()
                );
                exit.write(AppExit::error());
            } else if *screen.get() == Screen::ContentNote {
                if let Err(e) = std::fs::create_dir_all(&capture.plan.dir) {
                    error!("capture: cannot create {}: {e}", capture.plan.dir.display());
                    exit.write(AppExit::error());
                    return;
                }
                if capture.plan.beats.first().map(String::as_str) != Some(CONTENT_NOTE) {
                    next_screen.set(Screen::Playing);
                }
                capture.step = Step::Settle(0);
                capture.frames = 0;
            }
        }
        Step::Settle(i) => {
            let Some(entry) = capture.plan.beats.get(i).cloned() else {
                capture.step = Step::Done;
                return;
            };
            // `donate+pledge`: at the prompt, pledge the first suggested amount, then shoot.
            // `BEAT+paused`: the pause menu over that beat.
            let (name, pledge, pause) = if let Some(beat) = entry.strip_suffix("+pledge") {
                (beat.to_owned(), true, false)
            } else if let Some(beat) = entry.strip_suffix("+paused") {
                (beat.to_owned(), false, true)
            } else {
                (entry.clone(), false, false)
            };
            let Some(runner) = active.runner.as_mut() else {
                return;
            };
            if capture.frames == 1 && name != CONTENT_NOTE && runner.beat().id.as_str() != name {
                let scenario = runner.scenario().clone();
                let mut jumped = Runner::jump(scenario, &BeatId::new(&name), runner.state());
                if jumped.beat().id.as_str() != name {
                    error!("capture: no beat `{name}` in the scenario");
                    exit.write(AppExit::error());
                    return;
                }
                events.write_batch(jumped.take_events().into_iter().map(ScenarioEvent));
                *runner = jumped;
            }
            if pledge && capture.frames == 2 {
                let first = desk
                    .as_ref()
                    .and_then(|d| d.chapter.suggested().first().copied());
                match first {
                    Some(amount) => {
                        intents.write(PlayerIntent(Intent::Pledge {
                            amount,
                            monthly: false,
                        }));
                    }
                    None => error!("capture: no chapter amounts to pledge"),
                }
            }
            if pause && capture.frames == 2 {
                intents.write(PlayerIntent(Intent::Pause));
            }
            if capture.frames >= SETTLE_FRAMES {
                let path = capture
                    .plan
                    .dir
                    .join(format!("{}.png", entry.replace('+', "-")));
                let _ = std::fs::remove_file(&path);
                commands
                    .spawn(Screenshot::primary_window())
                    .observe(save_to_disk(path.clone()));
                capture.step = Step::Saving(i, path);
                capture.frames = 0;
            }
        }
        Step::Saving(i, path) => {
            if path.is_file() {
                info!("capture: saved {}", path.display());
                if *screen.get() == Screen::ContentNote {
                    next_screen.set(Screen::Playing);
                }
                capture.step = Step::Settle(i + 1);
                capture.frames = 0;
            }
        }
        Step::Done => {
            exit.write(AppExit::Success);
        }
    }
}
