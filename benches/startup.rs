//! Start-up and reset, measured in one run: `cargo bench --bench startup -- [RUNS]` (default
//! 3) starts `temoin preview` with `TEMOIN_PROBE` set (see `src/probe.rs`) and, alternately, a
//! bare Bevy app with the same plugins showing the first place's model (this binary again,
//! with `--bare`), each in a real window (under a private Xvfb when no display is set), and
//! prints the median time from the process's start to its first frame drawn on the window and
//! to its first place drawn whole (every pipeline compiled, every model loaded), as ratios
//! (budget for the first: 1.2x), then the attendant's reset for the next visitor: from the key
//! to the start screen drawn whole again (budget: 1 s), with the frames it took. Both apps
//! say "drawn" the same way: when the GPU has finished that frame (`probe::DrawnMarks`).

#[path = "common/bare_scene.rs"]
mod bare_scene;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WINDOW: (u32, u32) = (960, 540);

fn main() {
    if std::env::args().any(|a| a == "--bare") {
        bare::run();
        return;
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let _xvfb = display();
    let temoin = PathBuf::from(env!("CARGO_BIN_EXE_temoin"));
    let me = std::env::current_exe().expect("the bench's own path");
    // The booth's files for these runs, not the machine's.
    let scratch = std::env::temp_dir().join(format!("temoin-startup-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let journal = scratch.join("donations.sqlite");
    let mut app_first = Vec::new();
    let mut app_scene = Vec::new();
    let mut bare_first = Vec::new();
    let mut bare_scene = Vec::new();
    let mut resets = Vec::new();
    for run in 0..runs {
        // Bare first on even runs, Témoin first on odd ones: a warm disk cache favours neither.
        for bare_turn in [run % 2 == 0, run % 2 != 0] {
            if bare_turn {
                let lines = timed_lines(Command::new(&me).arg("--bare"));
                bare_first.push(at(&lines, "first-frame"));
                bare_scene.push(at(&lines, "scene"));
            } else {
                let mut command = Command::new(&temoin);
                command
                    .args(["preview", "--desktop", "--window"])
                    .arg(format!("{}x{}", WINDOW.0, WINDOW.1))
                    // Resets on the last run only: they take a while on a software GPU.
                    .env(
                        "TEMOIN_PROBE",
                        if run + 1 == runs { "1" } else { "startup" },
                    )
                    .env("TEMOIN_JOURNAL", &journal);
                let lines = timed_lines(&mut command);
                app_first.push(at(&lines, "first-frame"));
                app_scene.push(at(&lines, "start-screen"));
                for (_, line) in lines.iter().filter(|(_, l)| l.starts_with("reset ")) {
                    resets.push(line.clone());
                }
            }
        }
    }
    let (af, bf) = (median(&mut app_first), median(&mut bare_first));
    let (asc, bsc) = (median(&mut app_scene), median(&mut bare_scene));
    println!(
        "start-up, median of {runs} runs (range), {}x{} window:",
        WINDOW.0, WINDOW.1
    );
    println!(
        "  first frame drawn:  temoin {af:>6.0} ms {}, bare Bevy {bf:>6.0} ms {}: {:.2}x (budget 1.2x)",
        range(&app_first),
        range(&bare_first),
        af / bf
    );
    println!(
        "  first place drawn:  temoin {asc:>6.0} ms {}, bare Bevy {bsc:>6.0} ms {}: {:.2}x",
        range(&app_scene),
        range(&bare_scene),
        asc / bsc
    );
    println!("reset for the next visitor (key -> start screen drawn; budget 1000 ms):");
    for line in resets {
        println!("  {line}");
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Runs `command` to the end, with each line it printed after `probe: ` and when (ms since
/// the start).
fn timed_lines(command: &mut Command) -> Vec<(f64, String)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the program starts");
    let out = child.stdout.take().expect("its output");
    let mut lines = Vec::new();
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        if let Some(probe) = line.strip_prefix("probe: ") {
            lines.push((started.elapsed().as_secs_f64() * 1000.0, probe.to_owned()));
        }
    }
    let status = child.wait().expect("it ends");
    assert!(status.success(), "{command:?} failed: {status}");
    lines
}

fn at(lines: &[(f64, String)], milestone: &str) -> f64 {
    lines
        .iter()
        .find(|(_, l)| l == milestone)
        .unwrap_or_else(|| panic!("no `{milestone}` in {lines:?}"))
        .0
}

/// `(min-max)` of sorted values.
fn range(sorted: &[f64]) -> String {
    format!(
        "({:.0}-{:.0})",
        sorted.first().copied().unwrap_or(0.0),
        sorted.last().copied().unwrap_or(0.0)
    )
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A display: the one set, or a private Xvfb that ends with the guard.
fn display() -> Option<std::process::Child> {
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        return None;
    }
    let number = 90 + std::process::id() % 100;
    let server = Command::new("Xvfb")
        .arg(format!(":{number}"))
        .args(["-screen", "0", "1280x720x24", "-nolisten", "tcp"])
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed (apt install xvfb)");
    // SAFETY: single-threaded at this point; the children inherit it.
    unsafe { std::env::set_var("DISPLAY", format!(":{number}")) };
    std::thread::sleep(Duration::from_millis(800));
    Some(server)
}

/// The baseline: Bevy with the app's plugins (the same features), a camera, a light and the
/// first place's model; says when its first frame, then the model drawn whole, is drawn, with
/// the same marks as the app (`temoin::probe::DrawnMarks`).
mod bare {
    use bevy::prelude::*;
    use bevy::window::WindowResolution;
    use temoin::probe::{DrawnMarks, Mark, MarkQueue, MarksSaid};

    #[derive(Resource)]
    struct Model(Handle<bevy::world_serialization::WorldAsset>, Step);

    #[derive(Clone, Copy, PartialEq)]
    enum Step {
        FirstFrame,
        Loading,
        Drawing,
    }

    pub fn run() {
        App::new()
            .add_plugins(
                DefaultPlugins
                    .set(WindowPlugin {
                        primary_window: Some(Window {
                            resolution: WindowResolution::new(super::WINDOW.0, super::WINDOW.1),
                            ..default()
                        }),
                        ..default()
                    })
                    .set(super::bare_scene::asset_plugin()),
            )
            .add_plugins(DrawnMarks)
            .add_systems(Startup, setup)
            .add_systems(Last, milestones)
            .run();
    }

    fn setup(mut commands: Commands, asset_server: Res<AssetServer>) {
        let scene = super::bare_scene::spawn(&mut commands, &asset_server);
        commands.insert_resource(Model(scene, Step::FirstFrame));
    }

    /// At the end of each frame, as the app's probe: the first frame, then the model once it
    /// is loaded (and spawned, in this frame's `SpawnScene`); quits when both are said.
    fn milestones(
        mut model: ResMut<Model>,
        mut marks: ResMut<MarkQueue>,
        said: Res<MarksSaid>,
        asset_server: Res<AssetServer>,
        mut exit: MessageWriter<AppExit>,
    ) {
        let mut mark = |line: &str, whole| {
            marks.0.push(Mark {
                line: line.to_owned(),
                since: None,
                whole,
            })
        };
        match model.1 {
            Step::FirstFrame => {
                mark("first-frame", false);
                model.1 = Step::Loading;
            }
            Step::Loading if asset_server.is_loaded_with_dependencies(&model.0) => {
                mark("scene", true);
                model.1 = Step::Drawing;
            }
            Step::Drawing if said.count() >= 2 => {
                exit.write(AppExit::Success);
            }
            _ => {}
        }
    }
}
