//! `temoin`: the command line (every subcommand, each from its own module) and starting the
//! right thing. No logic lives here.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use temoin::cli::{ChapterArg, RunArgs, ValidateArgs, WalkArgs};
use temoin::{AppOptions, capture::CapturePlan, paths};

#[derive(Debug, Parser)]
#[command(
    name = "temoin",
    version,
    about = "Témoin: be a human-rights field researcher for a few minutes."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    chapter: ChapterArg,
}

/// One variant per subcommand; each one's arguments and code live in its own module.
#[derive(Debug, Subcommand)]
enum Command {
    /// Play the scenario: in a headset when OpenXR has one ready, otherwise in a desktop window
    /// (`--desktop` forces the window, `--xr` requires the headset).
    Run(RunArgs),
    /// Play the scenario in a desktop window with mouse and keyboard.
    Preview(RunArgs),
    /// Check scenario files and report every problem with file:line:column.
    Validate(ValidateArgs),
    /// Play the scenario headless with seeded random choices and report coverage and timing.
    Walk(WalkArgs),
    /// Donations: pre-flight check of a chapter's provider, the journal, reconciliation.
    Donations(temoin::donations_cli::DonationsArgs),
    /// Translations: find missing or stale entries, write templates for translators.
    Strings(temoin::strings_cli::StringsArgs),
    /// Write the beat graph (beats, options, conditions, endings) as Graphviz DOT or Mermaid.
    Graph(temoin::strings_cli::GraphArgs),
    /// Count each environment's draw calls, triangles and texture memory against the
    /// standalone-headset budget; exit 1 over budget.
    Budget(temoin::budget::BudgetArgs),
    /// What the visits add up to: the funnel, drop-off, times, conversion, comfort and
    /// headset removals, merged over station databases; groups under 5 shown as "<5".
    Report(temoin::report_cli::ReportArgs),
    /// Before doors open: payments (a checkout created and closed), journal and analytics
    /// writable, disk space, the headset, audio, the chapter's languages, the clock; a ✓ or a ✗
    /// with the fix for each; exit 1 on any ✗.
    Preflight(temoin::preflight::PreflightArgs),
    /// Push this station's gifts and visits to the NGO's PostgreSQL (`--migrate` prepares its
    /// tables, `--status` says what is waiting); safe to run again at any time.
    Sync(temoin::sync_cli::SyncArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate(args)) => temoin::cli::validate(args, &cli.chapter),
        Some(Command::Walk(args)) => temoin::cli::walk(args, &cli.chapter),
        Some(Command::Donations(args)) => temoin::donations_cli::run(args, &cli.chapter),
        Some(Command::Strings(args)) => temoin::strings_cli::strings(args, &cli.chapter),
        Some(Command::Graph(args)) => temoin::strings_cli::graph(args, &cli.chapter),
        Some(Command::Budget(args)) => temoin::budget::run(args, &cli.chapter),
        Some(Command::Report(args)) => temoin::report_cli::run(args, &cli.chapter),
        Some(Command::Preflight(args)) => temoin::preflight::run(args, &cli.chapter),
        Some(Command::Sync(args)) => temoin::sync_cli::run(args),
        Some(Command::Preview(args)) => run(args, &cli.chapter, true),
        Some(Command::Run(args)) => run(args, &cli.chapter, false),
        None => run(cli.run, &cli.chapter, false),
    }
}

/// Headset or desktop, decided before Bevy starts; a fallback says why in one line.
fn headset(args: &RunArgs, preview: bool) -> Result<bool, String> {
    use temoin::headset::{Availability, DisplayMode, decide, fallback_line, prepare_loader};
    let mode = if preview || args.desktop {
        DisplayMode::Desktop
    } else if args.xr {
        DisplayMode::Headset
    } else {
        DisplayMode::Auto
    };
    if mode == DisplayMode::Desktop {
        return Ok(false);
    }
    if std::env::var_os(temoin::headset::watchdog::HEADSET_FOUND).is_some() {
        return Ok(true);
    }
    if let Err(why) = prepare_loader() {
        let why = temoin::headset::Unavailable::NoLoader(why);
        return match mode {
            DisplayMode::Headset => Err(format!("--xr: {}", why.reason())),
            _ => {
                eprintln!("temoin: {}", fallback_line(&why));
                Ok(false)
            }
        };
    }
    let mut probed = None;
    let use_headset = decide(mode, || {
        let availability = temoin::headset::probe();
        probed = Some(availability.clone());
        availability
    })?;
    match probed {
        Some(Availability::Unavailable(why)) if !use_headset => {
            eprintln!("temoin: {}", fallback_line(&why))
        }
        Some(Availability::Ready { runtime, headset }) => {
            eprintln!("temoin: headset {headset} on {runtime}")
        }
        _ => {}
    }
    Ok(use_headset)
}

fn run(args: RunArgs, chapter_arg: &ChapterArg, preview: bool) -> ExitCode {
    let pack_paths = paths::pack_paths();
    let chapter_file = match temoin_chapter::config::chapter_path(
        &pack_paths.chapters_dir(),
        chapter_arg.name(),
    ) {
        Ok(path) => path,
        Err(reason) => {
            eprintln!("error: {reason}");
            return ExitCode::FAILURE;
        }
    };
    // Read here only to find the scenario; the app follows the chapter through its pack.
    let chapter =
        match temoin_chapter::load_chapter_named(&pack_paths.chapters_dir(), chapter_arg.name()) {
            Ok(chapter) => chapter,
            Err(reason) => {
                eprintln!("error: {reason}");
                return ExitCode::FAILURE;
            }
        };
    // `--scenario` plays another scenario with the chapter's settings.
    let scenario = match &args.scenario.scenario {
        Some(path) => paths::absolute(path),
        None => paths::absolute(&pack_paths.root().join(&chapter.scenario)),
    };
    if let Err(reason) = temoin::cli::readable_scenario(&scenario) {
        eprintln!("error: {reason}");
        return ExitCode::FAILURE;
    }
    let file = temoin_scenario::load::scenario_file(&scenario);
    let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
        eprintln!("error: `{}` is not a scenario file", file.display());
        return ExitCode::FAILURE;
    };
    let capture = args
        .capture_dir
        .clone()
        .map(|dir| CapturePlan::new(&args.capture, dir));
    // Bevy's window backend panics without a display; say it plainly instead. The app is built
    // for X11 (XWayland provides it on Wayland desktops).
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        eprintln!(
            "error: no display (DISPLAY is not set): run Témoin in a desktop session, or headless under Xvfb with `xvfb-run temoin preview`"
        );
        return ExitCode::FAILURE;
    }
    let headset = match headset(&args, preview) {
        Ok(headset) => headset,
        Err(reason) => {
            eprintln!("error: {reason}");
            return ExitCode::FAILURE;
        }
    };
    if headset && std::env::var_os(temoin::headset::watchdog::CHILD).is_none() {
        return temoin::headset::watchdog::supervise();
    }
    let comfort = args.comfort();
    let options = AppOptions {
        scenario_folder: paths::absolute(folder),
        scenario_file: name.to_string_lossy().into_owned(),
        assets_dir: paths::assets_dir(),
        window: args.window,
        capture,
        chapter_file: paths::absolute(&chapter_file),
        pack_paths,
        locale: args.locale,
        headset,
        seated: args.seated,
        comfort,
        frame_stats: args.frame_stats,
        journal: paths::journal_path(),
        absent_reset: args.absent_reset,
        headless: false,
    };
    match temoin::build_app(options).run() {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
