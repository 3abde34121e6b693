//! `temoin report`: what the booth's visits add up to, from any number of stations' analytics
//! databases, as a table that fits a terminal, CSV or JSON, and charts for the NGO's slides.

use crate::paths;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use temoin_analytics::{Filter, Report, render_csv, render_json, render_table, write_charts};

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Station databases to merge (`analytics.sqlite`); default: this station's, beside the
    /// donation journal.
    #[arg(long = "db", value_name = "FILE", conflicts_with = "from")]
    pub databases: Vec<PathBuf>,
    /// Every station that synced, from the NGO's PostgreSQL (`temoin sync`) instead of files:
    /// `postgres://USER@HOST/DB?sslmode=require` (password from TEMOIN_SYNC_PASSWORD).
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// Only visits that started on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only visits that started before the end of this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also write the charts (SVG and PNG) into this folder.
    #[arg(long, value_name = "DIR")]
    pub chart: Option<PathBuf>,
}

/// Unix milliseconds at the start of a `YYYY-MM-DD` day (UTC), or why not.
pub fn day_start_ms(day: &str) -> Result<i64, String> {
    let parts: Vec<&str> = day.split('-').collect();
    let bad = || format!("`{day}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-29");
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    // Days from the civil date (Howard Hinnant's algorithm), so no date crate is needed.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Ok(days * 86_400_000)
}

/// `--chapter NAME` (the global option) keeps only that chapter's visits; without it, all.
/// Each station's visits, with each gift's status joined from the donation journal beside its
/// database (`donations.sqlite`): a visitor often pays on their phone after the booth has
/// moved on, and only the journal (kept current by reconciliation) knows.
fn read_with_journals(
    databases: &[PathBuf],
    filter: &Filter,
) -> Result<Vec<temoin_analytics::store::StoredVisit>, String> {
    let mut seen = std::collections::HashSet::new();
    let mut all = Vec::new();
    for db in databases {
        let mut visits =
            temoin_analytics::store::read_file(db, filter).map_err(|e| e.to_string())?;
        let journal = db.with_file_name("donations.sqlite");
        if journal.is_file() {
            match temoin_donations::Journal::open(&journal).and_then(|j| j.list()) {
                Ok(intents) => {
                    let status: std::collections::HashMap<&str, &str> = intents
                        .iter()
                        .map(|i| (i.id.as_str(), i.status.name()))
                        .collect();
                    for v in &mut visits {
                        if let Some(s) = v.intent_id.as_deref().and_then(|id| status.get(id)) {
                            v.donation_status = Some((*s).to_string());
                        }
                    }
                }
                Err(e) => eprintln!(
                    "note: {}: {e}; gifts keep the status the booth last saw",
                    journal.display()
                ),
            }
        }
        all.extend(visits.into_iter().filter(|v| seen.insert(v.id.clone())));
    }
    Ok(all)
}

/// The same report over the central copy: every station that synced.
fn central_report(url: &str, filter: &Filter) -> Result<Report, String> {
    let mut target = temoin_sync::SyncTarget::parse(url).map_err(|e| e.to_string())?;
    if let Some(password) = temoin_donations::secrets::sync_password()? {
        target = target.with_password(password.expose());
    }
    temoin_sync::report(&target, filter).map_err(|e| e.to_string())
}

pub fn run(args: ReportArgs, chapter: &crate::cli::ChapterArg) -> ExitCode {
    let databases = if args.databases.is_empty() {
        vec![paths::journal_path().with_file_name(temoin_analytics::DATABASE_FILE)]
    } else {
        args.databases
    };
    let parse = |day: &Option<String>, end: bool| -> Result<Option<i64>, String> {
        day.as_deref()
            .map(|d| day_start_ms(d).map(|ms| if end { ms + 86_400_000 } else { ms }))
            .transpose()
    };
    let (since, until) = match (parse(&args.since, false), parse(&args.until, true)) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let filter = Filter {
        since,
        until,
        chapter: chapter.chapter.clone(),
        ..Filter::default()
    };
    let report = match &args.from {
        Some(url) => central_report(url, &filter),
        None => read_with_journals(&databases, &filter)
            .map(|visits| Report::from_visits(&visits, &filter, databases.len())),
    };
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        ReportFormat::Table => print!("{}", render_table(&report)),
        ReportFormat::Csv => print!("{}", render_csv(&report)),
        ReportFormat::Json => println!("{}", render_json(&report)),
    }
    if let Some(dir) = args.chart {
        match write_charts(&report, &dir) {
            Ok(files) => eprintln!("{} charts in {}", files.len(), dir.display()),
            Err(e) => {
                eprintln!("error: charts: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_are_read_in_utc() {
        assert_eq!(super::day_start_ms("1970-01-01"), Ok(0));
        assert_eq!(super::day_start_ms("2026-11-29"), Ok(1_795_910_400_000));
        assert!(super::day_start_ms("29/11/2026").is_err());
        assert!(super::day_start_ms("2026-13-01").is_err());
    }
}
