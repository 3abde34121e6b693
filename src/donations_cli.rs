//! `temoin donations try|list|export|reconcile`: the booth's pre-flight check of keys and
//! network before doors open, and the journal for the NGO's accounts.

use crate::paths;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use temoin_chapter::ChapterConfig;
use temoin_chapter::config::load_chapter_named;
use temoin_donations::secrets::secret_for;
use temoin_donations::{Donations, Handoff, Journal, RetryPolicy};
use temoin_scenario::Amount;

#[derive(Debug, Args)]
pub struct DonationsArgs {
    #[command(subcommand)]
    pub command: DonationsCommand,
    /// The journal database (default: TEMOIN_JOURNAL, or ~/.local/share/temoin/donations.sqlite).
    #[arg(long, value_name = "FILE", global = true)]
    pub journal: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DonationsCommand {
    /// Create one checkout with the chapter's provider, print its URL and status, then expire it.
    Try {
        /// In major units: 25 or 2.50.
        #[arg(long, value_parser = parse_amount)]
        amount: Amount,
        #[arg(long)]
        monthly: bool,
    },
    /// Show the journal.
    List,
    /// Write the journal as CSV.
    Export {
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
    },
    /// Settle every unfinished intent in the journal, whatever its chapter and provider (the
    /// app also does this at start-up); exit 1 if any could not be reached.
    Reconcile,
}

fn parse_amount(text: &str) -> Result<Amount, String> {
    Amount::parse(text)
}

/// Loads `chapters/<name>.ron`, or a one-line reason.
fn chapter(name: &str) -> Result<ChapterConfig, String> {
    load_chapter_named(&paths::chapters_dir(), name)
}

fn open(name: &str, journal: &std::path::Path) -> Result<Donations, String> {
    let chapter = chapter(name)?;
    let secret = secret_for(chapter.provider.kind())?;
    let donations = Donations::open(chapter.donations(), journal, secret, RetryPolicy::default())
        .map_err(|e| e.to_string())?;
    if let Some(notice) = donations.notice() {
        eprintln!("temoin: {notice}");
    }
    Ok(donations)
}

/// `chapter` is the global `--chapter` (default `demo`).
pub fn run(args: DonationsArgs, chapter: &crate::cli::ChapterArg) -> ExitCode {
    let chapter = chapter.name().to_owned();
    let journal = args.journal.unwrap_or_else(paths::journal_path);
    let result = match args.command {
        DonationsCommand::Try { amount, monthly } => {
            try_checkout(&chapter, &journal, amount, monthly)
        }
        DonationsCommand::List => list(&journal),
        DonationsCommand::Export { csv } => export(&journal, &csv),
        DonationsCommand::Reconcile => reconcile(&journal),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("error: {reason}");
            ExitCode::FAILURE
        }
    }
}

fn try_checkout(
    name: &str,
    journal: &std::path::Path,
    amount: Amount,
    monthly: bool,
) -> Result<(), String> {
    let chapter = chapter(name)?;
    let donations = open(name, journal)?;
    let kind = donations.settings.provider.kind();
    println!("chapter {name}: {} via {}", chapter.name, kind.name());
    match donations
        .start_amount(amount, monthly)
        .map_err(|e| e.to_string())?
    {
        Handoff::Checkout {
            intent,
            url,
            amount,
            status,
        } => {
            println!("created {amount} ({}), intent {intent}", status.name());
            println!("checkout: {url}");
            let status = donations.refresh(&intent).map_err(|e| e.to_string())?;
            println!("status: {}", status.name());
            let closed = donations.expire(&intent).map_err(|e| e.to_string())?;
            println!(
                "expired: {} (the pre-flight check leaves nothing open)",
                closed.name()
            );
            Ok(())
        }
        Handoff::Fallback {
            reason,
            url,
            intent,
            ..
        } => Err(format!(
            "{reason}; visitors would get the fallback link {url}; intent {intent} stays journaled"
        )),
    }
}

fn list(journal: &std::path::Path) -> Result<(), String> {
    let intents = Journal::open(journal)
        .and_then(|j| j.list())
        .map_err(|e| e.to_string())?;
    println!(
        "{:<32}  {:<10}  {:<11}  {:>12}  {:<7}  {:<9}  checkout",
        "intent", "chapter", "provider", "amount", "monthly", "status"
    );
    for i in &intents {
        println!(
            "{:<32}  {:<10}  {:<11}  {:>8} {}  {:<7}  {:<9}  {}",
            i.id,
            i.chapter,
            i.provider.name(),
            i.amount.decimal(),
            i.amount.currency,
            if i.monthly { "yes" } else { "no" },
            i.status.name(),
            i.checkout_url.as_deref().unwrap_or("-")
        );
    }
    println!("{} intents in {}", intents.len(), journal.display());
    Ok(())
}

fn export(journal: &std::path::Path, csv: &std::path::Path) -> Result<(), String> {
    let journal = Journal::open(journal).map_err(|e| e.to_string())?;
    let file =
        std::fs::File::create(csv).map_err(|e| format!("cannot write `{}`: {e}", csv.display()))?;
    let rows = journal.export_csv(file)?;
    println!("wrote {rows} intents to {}", csv.display());
    Ok(())
}

fn reconcile(journal: &std::path::Path) -> Result<(), String> {
    let settled = temoin_donations::reconcile_journal(journal, |name| open(name, journal))
        .map_err(|e| e.to_string())?;
    let (mut closed, mut open_still, mut unreached) = (0, 0, 0);
    for s in &settled {
        let who = format!("{} ({}, {})", s.intent, s.chapter, s.provider.name());
        match &s.outcome {
            Ok(status) if status.is_settled() => {
                closed += 1;
                println!("{who}: {}", status.name());
            }
            Ok(status) => {
                open_still += 1;
                println!("{who}: still {}", status.name());
            }
            Err(why) => {
                unreached += 1;
                println!("{who}: not reached: {why}");
            }
        }
    }
    println!(
        "{} unfinished intents: {closed} settled, {open_still} still open, {unreached} not reached",
        settled.len()
    );
    if unreached > 0 {
        Err(format!(
            "{unreached} intent(s) could not be reached; each is named above with the reason"
        ))
    } else {
        Ok(())
    }
}
