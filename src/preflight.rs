//! `temoin preflight`: the checklist an attendant runs before doors open. Each line is a ✓ or
//! a ✗ with what to do about it; any ✗ makes the exit status 1.

use crate::paths;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use temoin_donations::{Donations, Handoff, RetryPolicy};

#[derive(Debug, Args)]
pub struct PreflightArgs {
    /// The donation journal (default: TEMOIN_JOURNAL, or ~/.local/share/temoin/donations.sqlite);
    /// the analytics database lives beside it.
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// A booth without a headset: no OpenXR check.
    #[arg(long)]
    pub desktop: bool,
    /// Skip the payment provider's round trip (a checkout created and expired at once).
    #[arg(long)]
    pub offline: bool,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub what: &'static str,
    pub ok: bool,
    pub detail: String,
    /// What to do when it is not ok.
    pub fix: Option<String>,
}

impl Check {
    fn pass(what: &'static str, detail: impl Into<String>) -> Check {
        Check {
            what,
            ok: true,
            detail: detail.into(),
            fix: None,
        }
    }

    fn fail(what: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            what,
            ok: false,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    pub fn render(&self) -> String {
        let mut line = format!(
            "{} {:<14} {}",
            if self.ok { "✓" } else { "✗" },
            self.what,
            self.detail
        );
        if let Some(fix) = &self.fix {
            line.push_str(&format!("\n  fix: {fix}"));
        }
        line
    }
}

/// The provider's keys and network: a checkout created and expired at once (nothing charged).
fn payments(chapter: &str, journal: &Path) -> Check {
    let what = "payments";
    let config = match temoin_chapter::load_chapter_named(&paths::chapters_dir(), chapter) {
        Ok(c) => c,
        Err(e) => return Check::fail(what, e, "fix the chapter file (`temoin validate`)"),
    };
    let kind = config.provider.kind();
    let secret = match temoin_donations::secrets::secret_for(kind) {
        Ok(s) => s,
        Err(e) => {
            return Check::fail(
                what,
                format!("{}: {e}", kind.name()),
                "set the provider's key in the environment or the secrets file (README, Donations)",
            );
        }
    };
    let donations =
        match Donations::open(config.donations(), journal, secret, RetryPolicy::default()) {
            Ok(d) => d,
            Err(e) => return Check::fail(what, e.to_string(), "see the journal line below"),
        };
    let amount = donations
        .settings
        .amounts
        .first()
        .copied()
        .unwrap_or(temoin_scenario::Amount::whole(5));
    match donations.start_amount(amount, false) {
        Ok(Handoff::Checkout { intent, .. }) => {
            let expired = donations.expire(&intent);
            Check::pass(
                what,
                format!(
                    "{}: a test checkout was created and {}",
                    kind.name(),
                    match expired {
                        Ok(s) => format!("closed ({})", s.name()),
                        Err(e) => format!("could not be closed: {e}"),
                    }
                ),
            )
        }
        Ok(Handoff::Fallback { reason, url, .. }) => Check::fail(
            what,
            format!("{}: {reason}", kind.name()),
            format!(
                "check the key and the network; until then visitors get the fallback link {url}"
            ),
        ),
        Err(e) => Check::fail(
            what,
            format!("{}: {e}", kind.name()),
            "check the key and the network",
        ),
    }
}

/// A folder where a database can be written: a file created, synced and removed.
fn writable(what: &'static str, file: &Path) -> Check {
    let dir = file.parent().unwrap_or(Path::new("."));
    let probe = dir.join(format!(".temoin-preflight-{}", std::process::id()));
    let result = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&probe, b"preflight"))
        .and_then(|_| std::fs::File::open(&probe)?.sync_all())
        .and_then(|_| std::fs::remove_file(&probe));
    match result {
        Ok(()) => Check::pass(what, format!("{} is writable", file.display())),
        Err(e) => Check::fail(
            what,
            format!("cannot write in {}: {e}", dir.display()),
            format!(
                "give this user write access to {} or point TEMOIN_JOURNAL elsewhere",
                dir.display()
            ),
        ),
    }
}

/// Free space where the databases live (`df`, in kilobytes).
fn disk(file: &Path) -> Check {
    let what = "disk";
    let dir = file.parent().unwrap_or(Path::new("."));
    let out = std::process::Command::new("df")
        .args(["-Pk"])
        .arg(dir)
        .output();
    let free_kb = out.ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .nth(1)
            .and_then(|l| {
                l.split_whitespace()
                    .nth(3)
                    .and_then(|n| n.parse::<u64>().ok())
            })
    });
    match free_kb {
        Some(kb) if kb >= 512 * 1024 => Check::pass(what, format!("{} MB free", kb / 1024)),
        Some(kb) => Check::fail(
            what,
            format!("only {} MB free", kb / 1024),
            "free at least 512 MB: a full disk cannot record a gift",
        ),
        None => Check::fail(
            what,
            "could not measure free space (df)",
            "check the disk by hand",
        ),
    }
}

fn headset(desktop: bool) -> Check {
    let what = "headset";
    if desktop {
        return Check::pass(what, "desktop only (--desktop)");
    }
    match crate::headset::probe() {
        crate::headset::Availability::Ready { runtime, headset } => {
            Check::pass(what, format!("{headset} via {runtime}"))
        }
        crate::headset::Availability::Unavailable(why) => Check::fail(
            what,
            why.reason(),
            "connect the headset and start its OpenXR runtime, or run a desktop booth (--desktop)",
        ),
    }
}

/// A sound card ALSA can see.
fn audio() -> Check {
    let what = "audio";
    let cards = std::fs::read_to_string("/proc/asound/cards").unwrap_or_default();
    let first = cards.lines().find(|l| {
        l.trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    match first {
        Some(card) => Check::pass(what, card.trim().to_string()),
        None => Check::fail(
            what,
            "no sound card found (/proc/asound/cards)",
            "plug in headphones or speakers and check `aplay -l`",
        ),
    }
}

/// Every language the chapter declares complete is complete.
fn locales(chapter: &str) -> Check {
    let what = "languages";
    let load = temoin_chapter::pack::load_pack(&paths::pack_paths(), chapter, None);
    let Some(pack) = load.pack else {
        return Check::fail(
            what,
            format!("chapter `{chapter}` has errors"),
            format!("run `temoin validate --chapter {chapter}`"),
        );
    };
    let failing: Vec<String> = pack
        .check_strings(None)
        .iter()
        .filter(|r| r.fails())
        .map(|r| {
            format!(
                "{}: {} missing, {} stale",
                r.locale.as_ref().map_or("?".to_string(), |l| l.to_string()),
                r.missing.len(),
                r.stale.len()
            )
        })
        .collect();
    let offered: Vec<&str> = pack.offered.iter().map(|o| o.locale.as_str()).collect();
    if failing.is_empty() {
        Check::pass(what, offered.join(", "))
    } else {
        Check::fail(
            what,
            failing.join("; "),
            format!("run `temoin strings check --chapter {chapter}` and translate what it lists"),
        )
    }
}

/// The clock: gifts and visits are dated by it.
fn clock() -> Check {
    let what = "clock";
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // 2025-01-01 and 2100-01-01.
    if (1_735_689_600..4_102_444_800).contains(&now) {
        Check::pass(what, format!("unix time {now}"))
    } else {
        Check::fail(
            what,
            format!("unix time {now} is implausible"),
            "set the date and time (or enable NTP) before doors open",
        )
    }
}

/// "12 min ago", "3 h ago", "2 days ago" for a unix time in milliseconds.
pub fn ago(unix_ms: i64) -> String {
    let now = temoin_analytics::model::unix_ms();
    let minutes = (now - unix_ms).max(0) / 60_000;
    match minutes {
        0 => "just now".into(),
        1..=119 => format!("{minutes} min ago"),
        120..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// The central copy (`temoin sync`): reachable, its tables current, and what is waiting.
fn sync(station_dir: &Path) -> Check {
    let target = match crate::sync::configured_target(None, station_dir) {
        Ok(Some((target, _))) => target,
        Ok(None) => return Check::pass("sync", "not configured: this station's files only"),
        Err(e) => {
            return Check::fail(
                "sync",
                e,
                format!(
                    "fix `{}` or {}",
                    station_dir.join(crate::sync::SETTINGS_FILE).display(),
                    crate::sync::URL_VARIABLE
                ),
            );
        }
    };
    let waiting =
        temoin_sync::check(&target).and_then(|_| temoin_sync::station_status(&target, station_dir));
    match waiting {
        Ok(s) => Check::pass(
            "sync",
            format!(
                "{target}: last push {}; {} intents and {} visits to send",
                s.last_push.map_or_else(|| "never".to_string(), ago),
                s.intents_waiting,
                s.visits_waiting
            ),
        ),
        Err(e) if e.is_transient() => Check::fail(
            "sync",
            e.to_string(),
            "check the network; doors can open without it: the booth keeps everything and catches up",
        ),
        Err(e) => Check::fail(
            "sync",
            e.to_string(),
            "see the message; `temoin sync --status` tries again",
        ),
    }
}

/// Every check, in the order they are printed.
pub fn checks(args: &PreflightArgs, chapter: &str) -> Vec<Check> {
    let journal = args.journal.clone().unwrap_or_else(paths::journal_path);
    let analytics = journal.with_file_name(temoin_analytics::DATABASE_FILE);
    let station = journal
        .parent()
        .and_then(|dir| temoin_analytics::station_id(dir).ok())
        .unwrap_or_else(|| "(none yet)".into());
    let mut out = vec![
        Check::pass("station", station),
        writable("journal", &journal),
        writable("analytics", &analytics),
        disk(&journal),
    ];
    out.push(if args.offline {
        Check::pass("payments", "not checked (--offline)")
    } else {
        payments(chapter, &journal)
    });
    out.extend([headset(args.desktop), audio(), locales(chapter), clock()]);
    let station_dir = journal
        .parent()
        .map_or_else(|| std::path::PathBuf::from("."), Path::to_path_buf);
    out.push(if args.offline {
        Check::pass("sync", "not checked (--offline)")
    } else {
        sync(&station_dir)
    });
    out
}

pub fn run(args: PreflightArgs, chapter: &crate::cli::ChapterArg) -> ExitCode {
    let name = chapter.name();
    println!("preflight for chapter `{name}`");
    let checks = checks(&args, name);
    for c in &checks {
        println!("{}", c.render());
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    if failed == 0 {
        println!("ready: every check passed");
        ExitCode::SUCCESS
    } else {
        println!("{failed} check(s) failed: fix them before doors open");
        ExitCode::FAILURE
    }
}
