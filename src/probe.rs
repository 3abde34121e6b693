//! `TEMOIN_PROBE=1`: the timings the start-up and reset benches read (`benches/startup.rs`).
//! The app prints one line on standard output at each milestone, as soon as the frame showing
//! it has been drawn (see [`DrawnMarks`]): `probe: first-frame` (the first frame on the
//! window), `probe: start-screen` (the first place loaded and drawn whole), then, three times,
//! the story is begun, sent to the donation prompt (so other places load), and the attendant's
//! "next visitor" is pressed: `probe: reset MS ms, N frame(s)` is the time from that key to the
//! start screen drawn whole again (`TEMOIN_PROBE=startup` stops after the start screen). Then
//! it quits. The bench times the first two from the process's start; nothing here runs unless
//! the variable is set.

use crate::Screen;
use crate::booth::OperatorAction;
use crate::scenario::ActiveScenario;
use crate::world::Scenery;
use bevy::prelude::*;
use bevy::render::render_resource::{CachedPipelineState, PipelineCache};
use bevy::render::renderer::{RenderDevice, RenderQueue};
use bevy::render::view::ExtractedWindows;
use bevy::render::{ExtractSchedule, MainWorld, Render, RenderApp, RenderSystems};
use bevy::world_serialization::WorldAssetRoot;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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
        app.add_plugins(DrawnMarks)
            .insert_resource(Probe {
                step: Step::FirstFrame,
                frames: 0,
                frame: 0,
                resets: 0,
                reset_key: None,
            })
            // The attendant's key is pressed before the frame's input is read, as a real one
            // is; what the frame made of it is looked at once it is over.
            .add_systems(First, press_keys)
            .add_systems(Last, watch_milestones);
    }
}

/// Whether the probe was asked for.
pub fn requested() -> bool {
    std::env::var_os(PROBE_VARIABLE).is_some_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------------
// Drawn marks

/// Says a line once a frame has really been drawn: the main world asks ([`MarkQueue`]) in the
/// frame whose picture counts; the render world, after that frame's work is submitted and
/// presented, waits for the GPU to finish it and prints `probe: LINE`, with the time and the
/// frames since [`Mark::since`] when there is one. A `whole` mark waits for a frame in which
/// no pipeline is still compiling (Bevy skips what it cannot draw yet, so before that the
/// picture may lack the place); any mark waits for a frame that reached the window.
///
/// Why not a screenshot: its pixels come back through a task on the async compute pool, the
/// pool Bevy compiles pipelines on, so the moment it is seen says how many pipelines were
/// queued before it (1-5 frames late here), not when the frame was drawn. The start-up bench
/// uses these marks for both apps it compares.
pub struct DrawnMarks;

/// A milestone to say when the frame it is asked in (or the first whole one after) is drawn.
#[derive(Clone, Debug)]
pub struct Mark {
    pub line: String,
    /// When what is measured began (the attendant's key), and the frames from that one to
    /// this one, both counted; the frames the mark then waits for are added.
    pub since: Option<(Instant, u32)>,
    /// Wait for a frame with every pipeline compiled.
    pub whole: bool,
}

impl Mark {
    fn one_frame_later(&mut self) {
        if let Some((_, frames)) = self.since.as_mut() {
            *frames += 1;
        }
    }
}

/// The main world's requests; the render world takes them at each extraction.
#[derive(Resource, Default)]
pub struct MarkQueue(pub Vec<Mark>);

/// How many marks have been said: the same counter in both worlds.
#[derive(Resource, Clone, Default)]
pub struct MarksSaid(Arc<AtomicUsize>);

impl MarksSaid {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }
}

/// Render world: marks waiting for their frame, and whether this frame reached a window.
#[derive(Resource, Default)]
struct PendingMarks {
    marks: Vec<Mark>,
    on_window: bool,
}

impl Plugin for DrawnMarks {
    fn build(&self, app: &mut App) {
        let said = MarksSaid::default();
        app.init_resource::<MarkQueue>()
            .insert_resource(said.clone());
        let Some(render) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        render
            .insert_resource(said)
            .init_resource::<PendingMarks>()
            .add_systems(ExtractSchedule, take_marks)
            .add_systems(
                Render,
                (
                    reached_window.after(RenderSystems::PrepareViews),
                    say_drawn_marks.in_set(RenderSystems::Cleanup),
                ),
            );
    }
}

fn take_marks(mut main: ResMut<MainWorld>, mut pending: ResMut<PendingMarks>) {
    if let Some(mut queue) = main.get_resource_mut::<MarkQueue>() {
        pending.marks.append(&mut queue.0);
    }
}

/// After the windows' frames are acquired: does this frame have one to draw into?
fn reached_window(windows: Res<ExtractedWindows>, mut pending: ResMut<PendingMarks>) {
    pending.on_window = windows
        .windows
        .values()
        .any(|w| w.swap_chain_texture.is_some());
}

/// After the frame's work is submitted: wait for the GPU when a mark is due, then say it.
fn say_drawn_marks(
    mut pending: ResMut<PendingMarks>,
    cache: Res<PipelineCache>,
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
    said: Res<MarksSaid>,
) {
    if pending.marks.is_empty() {
        return;
    }
    if !pending.on_window {
        pending.marks.iter_mut().for_each(Mark::one_frame_later);
        return;
    }
    let compiling = cache.pipelines().any(|p| {
        matches!(
            p.state,
            CachedPipelineState::Queued | CachedPipelineState::Creating(_)
        )
    });
    let (due, later): (Vec<Mark>, Vec<Mark>) = std::mem::take(&mut pending.marks)
        .into_iter()
        .partition(|m| !(m.whole && compiling));
    pending.marks = later;
    pending.marks.iter_mut().for_each(Mark::one_frame_later);
    if due.is_empty() {
        return;
    }
    let (done, finished) = std::sync::mpsc::channel();
    queue.on_submitted_work_done(move || {
        let _ = done.send(());
    });
    let _ = device.poll(bevy::render::render_resource::PollType::wait_indefinitely());
    // The callback runs inside the wait; a lost device would leave it unsaid, not hung.
    let _ = finished.recv_timeout(std::time::Duration::from_secs(30));
    for mark in due {
        match mark.since {
            Some((t, frames)) => say(&format!(
                "{} {:.0} ms, {frames} frame{}",
                mark.line,
                t.elapsed().as_secs_f64() * 1000.0,
                if frames == 1 { "" } else { "s" }
            )),
            None => say(&mark.line),
        }
        said.0.fetch_add(1, Ordering::Release);
    }
}

/// One line on standard output, flushed at once (the bench times its arrival).
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "probe: {line}");
    let _ = out.flush();
}

// ---------------------------------------------------------------------------------------------
// The app's milestones

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    FirstFrame,
    /// A mark is on its way; the next step starts when it has been said.
    Drawing {
        said: usize,
        then: Resume,
    },
    StartScreen,
    Playing,
    Resetting,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    StartScreen,
    Playing,
    Done,
}

#[derive(Resource)]
struct Probe {
    step: Step,
    /// Frames since the last step began (while playing) and since the start.
    frames: u32,
    frame: u32,
    resets: usize,
    /// When the attendant's key was pressed, and in which frame.
    reset_key: Option<(Instant, u32)>,
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

/// The visitor's story and the attendant's keys, as they would press them.
fn press_keys(
    mut probe: ResMut<Probe>,
    mut next_screen: ResMut<NextState<Screen>>,
    asset_server: Res<AssetServer>,
    roots: Query<&WorldAssetRoot, With<Scenery>>,
    mut actions: MessageWriter<OperatorAction>,
) {
    probe.frame += 1;
    if probe.step != Step::Playing {
        return;
    }
    probe.frames += 1;
    if probe.frames == 1 {
        next_screen.set(Screen::Playing);
    } else if probe.frames == 3 {
        actions.write(OperatorAction::SkipToPrompt);
    } else if probe.frames > PLAY_FRAMES && scenery_loaded(&asset_server, &roots) {
        probe.reset_key = Some((Instant::now(), probe.frame));
        actions.write(OperatorAction::NextVisitor);
        probe.step = Step::Resetting;
    }
}

/// At the end of each frame: has a milestone been reached in it? Then its picture is marked.
#[allow(clippy::too_many_arguments)]
fn watch_milestones(
    mut probe: ResMut<Probe>,
    mut marks: ResMut<MarkQueue>,
    said: Res<MarksSaid>,
    screen: Res<State<Screen>>,
    active: Res<ActiveScenario>,
    asset_server: Res<AssetServer>,
    roots: Query<&WorldAssetRoot, With<Scenery>>,
    mut exit: MessageWriter<AppExit>,
) {
    let at_start = *screen.get() == Screen::ContentNote
        && active
            .runner
            .as_ref()
            .is_some_and(|r| r.beat().id == r.scenario().beats[0].id)
        && scenery_loaded(&asset_server, &roots);
    let mut mark = |line: &str, since, whole, then| {
        marks.0.push(Mark {
            line: line.to_owned(),
            since,
            whole,
        });
        Step::Drawing {
            said: said.count() + 1,
            then,
        }
    };
    probe.step = match probe.step {
        Step::FirstFrame => mark("first-frame", None, false, Resume::StartScreen),
        Step::Drawing { said: n, then } if said.count() >= n => match then {
            Resume::StartScreen => Step::StartScreen,
            Resume::Playing => {
                probe.frames = 0;
                Step::Playing
            }
            Resume::Done => Step::Done,
        },
        Step::StartScreen if at_start => {
            // `TEMOIN_PROBE=startup`: only the start-up milestones.
            let startup_only = std::env::var(PROBE_VARIABLE).is_ok_and(|v| v == "startup");
            let then = if startup_only {
                Resume::Done
            } else {
                Resume::Playing
            };
            mark("start-screen", None, true, then)
        }
        Step::Resetting if at_start => {
            probe.resets += 1;
            let then = if probe.resets >= RESETS {
                Resume::Done
            } else {
                Resume::Playing
            };
            let since = probe
                .reset_key
                .map(|(t, key_frame)| (t, probe.frame - key_frame + 1));
            mark("reset", since, true, then)
        }
        Step::Done => {
            exit.write(AppExit::Success);
            Step::Done
        }
        step => step,
    };
}
