//! The command line's shared parts: the arguments every subcommand takes (`--chapter`,
//! `--scenario`, `--format`), `run`'s and `preview`'s options, and the two subcommands that
//! need nothing more (`validate`, `walk`), which run here without starting Bevy. The whole
//! command line (`temoin [run|preview|validate|walk|strings|graph|donations|budget|report|
//! preflight]`) is put together in `main.rs`, so each subcommand's own module (`budget`,
//! `strings_cli`, `donations_cli`…) uses these without this module importing it back.

use crate::paths;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use temoin_chapter::pack::{PackLoad, load_pack};
use temoin_scenario::check::{Checked, check_scenario, render_human, render_json};

/// `--chapter`, for every subcommand.
#[derive(Debug, Args, Clone, Default)]
pub struct ChapterArg {
    /// The chapter (chapters/NAME.ron): scenario, languages, overlays, currency, amounts,
    /// payment provider. Default: `demo` (for validate and strings check: every chapter).
    #[arg(long, value_name = "NAME", global = true)]
    pub chapter: Option<String>,
}

impl ChapterArg {
    pub fn name(&self) -> &str {
        self.chapter.as_deref().unwrap_or(paths::DEFAULT_CHAPTER)
    }

    /// The named chapter, or every chapter when none is named.
    pub fn names_or_all(&self) -> Vec<String> {
        match &self.chapter {
            Some(name) => vec![name.clone()],
            None => paths::pack_paths().chapter_names(),
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct ScenarioArg {
    /// Scenario folder (or its scenario.ron). Default: the bundled scenario.
    #[arg(long, value_name = "PATH", global = true)]
    pub scenario: Option<PathBuf>,
}

impl ScenarioArg {
    pub fn resolve(&self) -> PathBuf {
        self.scenario
            .as_deref()
            .map(paths::absolute)
            .unwrap_or_else(paths::default_scenario)
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Save screenshots of these beats (comma-separated ids, or `all` for every beat and an
    /// `index.html` contact sheet) into --capture-dir, then exit.
    /// For authors' stills and for the rendering test.
    #[arg(
        long,
        value_name = "BEATS",
        value_delimiter = ',',
        requires = "capture_dir"
    )]
    pub capture: Vec<String>,
    /// Folder for --capture screenshots.
    #[arg(long, value_name = "DIR")]
    pub capture_dir: Option<PathBuf>,
    /// Use the desktop preview even when a headset is ready.
    #[arg(long, conflicts_with = "xr")]
    pub desktop: bool,
    /// Require a headset: exit with the reason when OpenXR has none.
    #[arg(long)]
    pub xr: bool,
    /// Seated visitors: raise the headset view to standing height.
    #[arg(long)]
    pub seated: bool,
    /// Start in this language instead of showing the picker (one of the chapter's, e.g. fr-BE).
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    /// Larger subtitles for every visitor (each can also switch them in the pause menu).
    #[arg(long)]
    pub large_subtitles: bool,
    /// Mono sound for every visitor (both ears hear everything).
    #[arg(long)]
    pub mono: bool,
    /// Darken the edges of the headset view (comfort for visitors prone to motion sickness).
    #[arg(long)]
    pub vignette: bool,
    /// Log the frame time (average and latest) every 5 seconds: for checking a booth machine or
    /// a headset's frame rate before doors open.
    #[arg(long)]
    pub frame_stats: bool,
    /// Seconds a headset may stay off before the booth resets for the next visitor.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::presence::DEFAULT_ABSENT_RESET_SECONDS,
          value_parser = parse_absent_seconds)]
    pub absent_reset: f32,
    /// Degrees per thumbstick snap turn in the headset.
    #[arg(long, value_name = "DEGREES", default_value_t = 30, value_parser = parse_snap)]
    pub snap_turn: u32,
    /// Window size in pixels, as WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720", value_parser = parse_size)]
    pub window: (u32, u32),
}

fn parse_snap(text: &str) -> Result<u32, String> {
    match text.trim() {
        "30" => Ok(30),
        "45" => Ok(45),
        other => Err(format!("`{other}`: snap turns are 30 or 45 degrees")),
    }
}

impl RunArgs {
    /// The booth's comfort settings: what every visitor starts with.
    pub fn comfort(&self) -> crate::comfort::ComfortSettings {
        crate::comfort::ComfortSettings {
            large_subtitles: self.large_subtitles,
            mono_audio: self.mono,
            vignette: self.vignette,
            snap_degrees: self.snap_turn as f32,
            voice_volume: crate::comfort::VoiceVolume::Normal,
        }
    }
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once('x')
        .ok_or("write the size as WIDTHxHEIGHT, like 1280x720")?;
    let parse = |v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{v}` is not a whole number"))
    };
    let (w, h) = (parse(w)?, parse(h)?);
    if !(320..=7680).contains(&w) || !(240..=4320).contains(&h) {
        return Err("the window must be between 320x240 and 7680x4320".into());
    }
    Ok((w, h))
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario folders or files to check (default: --scenario, or the bundled scenario).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub scenario: ScenarioArg,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Scenario folder (default: --scenario, or the bundled scenario).
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// How many runs.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub runs: u64,
    /// Seed of the first run; run i uses seed + i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The language to walk in (its words and its voices); default: the chapter's.
    #[arg(long, value_name = "TAG")]
    pub locale: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Checks that a path given on the command line can be read, with a one-line reason if not.
pub fn readable_scenario(path: &Path) -> Result<(), String> {
    let file = temoin_scenario::load::scenario_file(path);
    std::fs::metadata(&file)
        .map(|_| ())
        .map_err(|e| format!("cannot read scenario `{}`: {e}", file.display()))
}

/// A chapter pack's problems, its translations' included: what `validate` reports for it.
pub fn check_pack(name: &str, scenario: Option<&Path>) -> Checked {
    let PackLoad { pack, mut checked } = load_pack(&paths::pack_paths(), name, scenario);
    if let Some(pack) = pack {
        for report in pack.check_strings(None) {
            checked.diagnostics.extend(report.diagnostics);
        }
        checked.diagnostics.sort_by_key(|d| d.severity);
    }
    checked
}

/// With scenario paths, checks those scenarios; with `--chapter`, that chapter (played with
/// `--scenario` if given); with only `--scenario`, that scenario; with nothing, every chapter
/// with its overlays and translations.
pub fn validate(args: ValidateArgs, chapter: &ChapterArg) -> ExitCode {
    let assets = paths::assets_dir();
    let results: Vec<Checked> = if !args.paths.is_empty() {
        match &chapter.chapter {
            Some(name) => args
                .paths
                .iter()
                .map(|p| check_pack(name, Some(p)))
                .collect(),
            None => args
                .paths
                .iter()
                .map(|p| check_scenario(p, &assets))
                .collect(),
        }
    } else if let Some(name) = &chapter.chapter {
        let scenario = args.scenario.scenario.as_deref().map(paths::absolute);
        vec![check_pack(name, scenario.as_deref())]
    } else if args.scenario.scenario.is_some() {
        vec![check_scenario(&args.scenario.resolve(), &assets)]
    } else {
        chapter
            .names_or_all()
            .iter()
            .map(|n| check_pack(n, None))
            .collect()
    };
    match args.format {
        Format::Human => print!("{}", render_human(&results)),
        Format::Json => println!("{}", render_json(&results)),
    }
    if results.iter().any(|c| c.errors() > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub fn walk(args: WalkArgs, chapter: &ChapterArg) -> ExitCode {
    let path = args
        .path
        .map(|p| paths::absolute(&p))
        .or_else(|| args.scenario.scenario.as_deref().map(paths::absolute));
    // A chapter walks its merged scenario (overlays included); a bare path walks that file.
    let checked = match (&chapter.chapter, &path) {
        (None, Some(path)) => check_scenario(path, &paths::assets_dir()),
        _ => {
            let load = load_pack(&paths::pack_paths(), chapter.name(), path.as_deref());
            match load.pack {
                // Walked as played: voiced lines last as long as their recordings.
                Some(pack) => {
                    let locale = match args.locale.as_deref() {
                        None => pack.default_locale.clone(),
                        Some(tag) => match pack.offered_locale(tag) {
                            Some(offer) => offer.locale.clone(),
                            None => {
                                let offered: Vec<&str> =
                                    pack.offered.iter().map(|o| o.locale.as_str()).collect();
                                eprintln!(
                                    "error: chapter `{}` does not offer `{tag}` (it offers {})",
                                    pack.chapter.id,
                                    offered.join(", ")
                                );
                                return ExitCode::FAILURE;
                            }
                        },
                    };
                    Checked {
                        scenario: Some(pack.localized(&locale).0),
                        ..load.checked
                    }
                }
                None => load.checked,
            }
        }
    };
    let Some(scenario) = checked.valid().cloned() else {
        eprint!("{}", render_human(std::slice::from_ref(&checked)));
        eprintln!("error: the scenario has errors; fix them before walking it");
        return ExitCode::FAILURE;
    };
    let report = temoin_scenario::walk::walk(Arc::new(scenario), args.runs as usize, args.seed);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Human => print!("{}", render_walk(&report)),
    }
    if report.stuck_runs() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn minutes(seconds: f32) -> String {
    format!("{}:{:02}", (seconds / 60.0) as u32, (seconds % 60.0) as u32)
}

pub fn render_walk(report: &temoin_scenario::walk::WalkReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "beat coverage: {}/{} ({:.0}%)\n",
        report.visited.len(),
        report.beat_count,
        report.coverage() * 100.0
    ));
    if !report.unvisited.is_empty() {
        let names: Vec<&str> = report.unvisited.iter().map(|b| b.as_str()).collect();
        out.push_str(&format!("never visited: {}\n", names.join(", ")));
    }
    let mut endings: std::collections::BTreeMap<String, (usize, f32, f32)> = Default::default();
    for run in &report.runs {
        let name = run
            .ending
            .as_ref()
            .map_or("(stuck)".to_string(), |e| e.to_string());
        let entry = endings.entry(name).or_insert((0, f32::MAX, 0.0));
        entry.0 += 1;
        entry.1 = entry.1.min(run.content_seconds());
        entry.2 = entry.2.max(run.content_seconds());
    }
    out.push_str("endings (time playing, without waiting out timers):\n");
    for (name, (count, shortest, longest)) in &endings {
        out.push_str(&format!(
            "  {name}: {count} runs, {} to {}\n",
            minutes(*shortest),
            minutes(*longest)
        ));
    }
    out.push_str("runs:\n");
    for run in &report.runs {
        let ending = run
            .ending
            .as_ref()
            .map_or("-".to_string(), |e| e.to_string());
        out.push_str(&format!(
            "  seed {:>5}: {} beats, ~{} (+{} waiting), ending {ending}",
            run.seed,
            run.path.len(),
            minutes(run.content_seconds()),
            minutes(run.waiting_seconds)
        ));
        if let Some(why) = &run.stuck {
            out.push_str(&format!(", STUCK: {why}"));
        }
        out.push('\n');
    }
    let stuck = report.stuck_runs();
    out.push_str(&format!("{} runs, {} stuck\n", report.runs.len(), stuck));
    out
}

/// `--absent-reset`: a number of seconds a visitor could not trip by adjusting the strap.
fn parse_absent_seconds(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if (5.0..=3600.0).contains(&s) => Ok(s),
        Ok(_) => Err("between 5 and 3600 seconds".into()),
        Err(_) => Err(format!("`{text}` is not a number of seconds")),
    }
}
