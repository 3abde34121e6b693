//! What Témoin's own systems cost a frame: `cargo bench --bench frame_cost -- [VISITORS]`
//! (default 3) plays seeded random visitors through the whole app, headless (every plugin,
//! the render world preparing everything, nothing drawn: `soak::whole_booth`), with the
//! frame's work timed per system set (input → story → effects → presentation: markers between
//! the sets, `Update` run on one thread so nothing else overlaps them; the attendant's actions,
//! carried out in a schedule of their own in `PreUpdate`, count as input), and prints the cost
//! per frame against the 11.1 ms of a 90 Hz frame (budget: 2 %), naming the most expensive
//! set. For scale it also times the same Bevy app without Témoin's plugins (the same
//! plugins, a camera, a light and the first place's model) and prints the ratio of whole
//! frames.

#[path = "common/bare_scene.rs"]
mod bare_scene;

use bevy::ecs::schedule::SingleThreadedExecutor;
use bevy::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use temoin::AppSystems;
use temoin::operator::{CarryOutActions, OperatorSchedule};
use temoin::soak::{visit, wait_until_loaded, whole_booth};

const FRAME_90HZ_MS: f64 = 1000.0 / 90.0;
const SETS: [&str; 4] = ["input", "story", "effects", "presentation"];

/// Time between the markers placed between the sets.
#[derive(Resource, Default)]
struct SetClock {
    last: Option<Instant>,
    totals: [Duration; 4],
    frames: u64,
    /// When the attendant's actions began to be carried out, this frame.
    operator_began: Option<Instant>,
}

fn operator_begins(mut clock: ResMut<SetClock>) {
    clock.operator_began = Some(Instant::now());
}

fn operator_ends(mut clock: ResMut<SetClock>) {
    if let Some(began) = clock.operator_began.take() {
        clock.totals[0] += began.elapsed();
    }
}

fn mark<const N: usize>(mut clock: ResMut<SetClock>) {
    let now = Instant::now();
    if N == 0 {
        clock.frames += 1;
    } else if let Some(last) = clock.last {
        clock.totals[N - 1] += now - last;
    }
    clock.last = Some(now);
}

fn main() {
    let visitors: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("temoin-frame-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");

    let mut app = whole_booth(&repo, "demo", &dir).expect("the booth builds");
    app.edit_schedule(Update, |schedule| {
        schedule.set_executor(SingleThreadedExecutor::new());
    });
    // The attendant's actions run in a schedule of their own: nothing else between the marks.
    app.add_systems(
        OperatorSchedule,
        (
            operator_begins.before(CarryOutActions),
            operator_ends.after(CarryOutActions),
        ),
    );
    app.init_resource::<SetClock>().add_systems(
        Update,
        (
            mark::<0>.before(AppSystems::RecordInput),
            mark::<1>
                .after(AppSystems::RecordInput)
                .before(AppSystems::Advance),
            mark::<2>
                .after(AppSystems::Advance)
                .before(AppSystems::ApplyEffects),
            mark::<3>
                .after(AppSystems::ApplyEffects)
                .before(AppSystems::Present),
            mark::<4>.after(AppSystems::Present),
        ),
    );
    assert!(wait_until_loaded(&mut app), "the scenario never loaded");
    // Warm up (shaders, first loads), then count from zero.
    for _ in 0..30 {
        app.update();
    }
    *app.world_mut().resource_mut::<SetClock>() = SetClock::default();
    let mut rng = fastrand::Rng::with_seed(90);
    let started = Instant::now();
    for _ in 0..visitors {
        visit(&mut app, &mut rng);
    }
    let whole_ms = started.elapsed().as_secs_f64() * 1000.0;
    let clock = app.world().resource::<SetClock>();
    let frames = clock.frames.max(1) as f64;
    let per_set: Vec<f64> = clock
        .totals
        .iter()
        .map(|d| d.as_secs_f64() * 1000.0 / frames)
        .collect();
    let ours: f64 = per_set.iter().sum();
    let app_frame = whole_ms / frames;
    let frames_played = clock.frames;
    drop(app);

    let bare_frame = bare_frame_ms(frames_played.clamp(100, 2000) as usize);
    println!("frame cost, {visitors} visitors, {frames_played} frames, headless whole app:");
    println!(
        "  Témoin's systems: {ours:.3} ms a frame = {:.2} % of a 90 Hz frame (budget 2 %)",
        ours / FRAME_90HZ_MS * 100.0
    );
    let (most, _) = per_set
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("four sets");
    for (name, ms) in SETS.iter().zip(&per_set) {
        println!(
            "    {name:<13} {ms:.4} ms ({:.2} %){}",
            ms / FRAME_90HZ_MS * 100.0,
            if *name == SETS[most] {
                "  <- the most expensive"
            } else {
                ""
            }
        );
    }
    println!(
        "  whole frame: {app_frame:.2} ms with Témoin, {bare_frame:.2} ms bare Bevy with the first place: {:.2}x",
        app_frame / bare_frame
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same Bevy plugins, headless, a camera, a light and the office's model: ms a frame.
fn bare_frame_ms(frames: usize) -> f64 {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .build()
            .disable::<bevy::winit::WinitPlugin>()
            .disable::<bevy::log::LogPlugin>()
            .set(bare_scene::asset_plugin()),
    );
    app.add_systems(
        Startup,
        |mut commands: Commands, assets: Res<AssetServer>| {
            bare_scene::spawn(&mut commands, &assets);
        },
    );
    app.finish();
    app.cleanup();
    for _ in 0..60 {
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    for _ in 0..frames {
        app.update();
    }
    started.elapsed().as_secs_f64() * 1000.0 / frames as f64
}
