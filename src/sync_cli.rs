//! `temoin sync`: push this station's gifts and visits to the NGO's PostgreSQL by hand (the
//! booth also does it in the background when configured), prepare the central tables with
//! `--migrate`, or see what is waiting with `--status`.

use crate::sync::{configured_target, station_dir};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The central database: `postgres://USER@HOST/DB?sslmode=require` (password from
    /// TEMOIN_SYNC_PASSWORD). Default: TEMOIN_SYNC_URL, else `sync:` in the station's booth.ron.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// Create or update Témoin's tables first (as the database's owner, once per release).
    #[arg(long)]
    pub migrate: bool,
    /// Only say where this station stands (last push, rows waiting); send nothing.
    #[arg(long, conflicts_with = "migrate")]
    pub status: bool,
    /// The station's folder (holding donations.sqlite and analytics.sqlite). Default: this
    /// machine's, beside the journal (TEMOIN_JOURNAL).
    #[arg(long, value_name = "DIR")]
    pub station: Option<PathBuf>,
}

pub fn run(args: SyncArgs) -> ExitCode {
    let dir = args.station.unwrap_or_else(station_dir);
    let target = match configured_target(args.to.as_deref(), &dir) {
        Ok(Some((target, _))) => target,
        Ok(None) => {
            eprintln!(
                "error: no central database: give `--to postgres://USER@HOST/DB?sslmode=require`, set {}, or write `(sync: (url: \"…\"))` in `{}`",
                crate::sync::URL_VARIABLE,
                dir.join(crate::sync::SETTINGS_FILE).display()
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.migrate {
        match temoin_sync::migrate(&target) {
            Ok(summary) => eprintln!(
                "{target}: Témoin's tables at version {}{}",
                summary.version,
                if summary.applied.is_empty() {
                    " (already current)".to_string()
                } else {
                    format!(", applied {}", summary.applied.join(", "))
                }
            ),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if args.status {
        return match temoin_sync::station_status(&target, &dir) {
            Ok(s) => {
                println!(
                    "station {}: last push {}; waiting: {} intents, {} visits ({} still open)",
                    s.station,
                    s.last_push
                        .map_or_else(|| "never".to_string(), crate::preflight::ago),
                    s.intents_waiting,
                    s.visits_waiting,
                    s.visits_open
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    // A booth that has recorded nothing yet (set up before its first visitor) has nothing to
    // send; that is not a failure.
    let recorded = [temoin_analytics::DATABASE_FILE, "donations.sqlite"]
        .iter()
        .any(|f| dir.join(f).is_file());
    if !recorded {
        println!(
            "nothing recorded at this station yet (`{}`): nothing to send",
            dir.display()
        );
        return ExitCode::SUCCESS;
    }
    match temoin_sync::push(&target, &dir, &Default::default()) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
