//! The donations worker thread: owns the journal and the HTTP client, takes jobs from the
//! frame and answers through a channel. Blocking calls here never touch the frame rate.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use temoin_chapter::ChapterConfig;
use temoin_donations::journal::IntentStatus;
use temoin_donations::secrets::{Secret, secret_for};
use temoin_donations::{DonationError, Donations, Handoff, RetryPolicy};
use temoin_scenario::Money;

pub enum Job {
    Start { amount: Money, monthly: bool },
    Poll(String),
    Expire(String),
}

pub enum JobResult {
    Created {
        intent: String,
        url: String,
        amount: Money,
        monthly: bool,
        status: IntentStatus,
    },
    /// Give through the fallback link; `operator` when an attendant must fix something.
    Fallback {
        url: String,
        amount: Money,
        reason: String,
        operator: bool,
    },
    Status {
        intent: String,
        status: IntentStatus,
    },
    Operator(String),
}

/// Starts the worker. `secret` is the provider's key when the caller has it (tests); `None`
/// looks it up in the environment or the secrets file.
pub fn spawn(
    chapter: ChapterConfig,
    journal: PathBuf,
    secret: Option<Secret>,
) -> (Sender<Job>, Receiver<JobResult>) {
    let (jobs, job_queue) = channel::<Job>();
    let (results, result_queue) = channel::<JobResult>();
    let spawned = std::thread::Builder::new()
        .name("donations".into())
        .spawn(move || {
            let fallback = chapter.fallback_link.clone();
            let secret = match secret {
                Some(secret) => Ok(Some(secret)),
                None => secret_for(chapter.provider.kind()),
            };
            let own_secret = secret.clone().ok().flatten();
            let opened = secret.and_then(|secret| {
                Donations::open(
                    chapter.donations(),
                    &journal,
                    secret,
                    RetryPolicy::default(),
                )
                .map_err(|e| e.to_string())
            });
            let donations = match opened {
                Ok(d) => {
                    if let Some(notice) = d.notice() {
                        let _ = results.send(JobResult::Operator(notice.to_owned()));
                    }
                    reconcile(&d, &journal, own_secret, &results);
                    Some(d)
                }
                Err(reason) => {
                    let _ = results.send(JobResult::Operator(reason));
                    None
                }
            };
            for job in job_queue {
                let answer = match (&donations, job) {
                    (None, Job::Start { amount, .. }) => Some(JobResult::Fallback {
                        url: fallback.clone(),
                        amount,
                        reason: "donations are not configured (see the log)".into(),
                        operator: true,
                    }),
                    (None, _) => None,
                    (Some(d), Job::Start { amount, monthly }) => Some(start(d, amount, monthly)),
                    (Some(d), Job::Poll(intent)) => d
                        .refresh(&intent)
                        .ok()
                        .map(|status| JobResult::Status { intent, status }),
                    (Some(d), Job::Expire(intent)) => {
                        if let Err(e) = d.expire(&intent) {
                            let _ = results.send(JobResult::Operator(format!(
                                "could not close checkout {intent}: {e}"
                            )));
                        }
                        None
                    }
                };
                if let Some(answer) = answer
                    && results.send(answer).is_err()
                {
                    break;
                }
            }
        });
    if let Err(e) = spawned {
        bevy::log::error!("cannot start the donations worker: {e}");
    }
    (jobs, result_queue)
}

fn start(d: &Donations, amount: Money, monthly: bool) -> JobResult {
    match d.start(amount, monthly) {
        Ok(Handoff::Checkout {
            intent,
            url,
            amount,
            status,
        }) => JobResult::Created {
            intent,
            url,
            amount,
            monthly,
            status,
        },
        Ok(Handoff::Fallback {
            url,
            amount,
            reason,
            ..
        }) => JobResult::Fallback {
            url,
            amount,
            reason,
            operator: false,
        },
        Err(e) => {
            // A gift the chapter cannot take as made (another currency after an edit, an
            // amount the provider cannot be asked for) is as much the attendant's business as
            // a wrong key.
            let operator = matches!(
                e,
                DonationError::Configuration(_)
                    | DonationError::Journal(_)
                    | DonationError::Amount(_)
            );
            JobResult::Fallback {
                url: d.settings.fallback_link.clone(),
                amount,
                reason: e.to_string(),
                operator,
            }
        }
    }
}

/// Settles every unfinished intent in the journal, the booth's chapter with its own key and
/// any other chapter's (a booth that changed chapters) with theirs; one that cannot be
/// reached is named to the attendant, never left silent.
fn reconcile(
    d: &Donations,
    journal: &std::path::Path,
    secret: Option<Secret>,
    results: &Sender<JobResult>,
) {
    let own = d.settings.clone();
    let open = |name: &str| {
        let (chapter, secret) = if name == own.chapter {
            (own.clone(), secret.clone())
        } else {
            let chapter = crate::donations_cli::chapter(name)?.donations();
            let secret = secret_for(chapter.provider.kind())?;
            (chapter, secret)
        };
        Donations::open(chapter, journal, secret, RetryPolicy::default()).map_err(|e| e.to_string())
    };
    match temoin_donations::reconcile_journal(journal, open) {
        Ok(done) => {
            let mut unreached = 0;
            for s in done {
                match s.outcome {
                    Ok(status) => bevy::log::info!(
                        "reconciled donation {} ({}): {}",
                        s.intent,
                        s.chapter,
                        status.name()
                    ),
                    Err(e) => {
                        unreached += 1;
                        bevy::log::warn!(
                            "donation {} ({}) still unsettled: {e}",
                            s.intent,
                            s.chapter
                        )
                    }
                }
            }
            if unreached > 0 {
                let _ = results.send(JobResult::Operator(format!(
                    "{unreached} earlier gift(s) could not be checked with their provider: run `temoin donations reconcile`"
                )));
            }
        }
        Err(e) => {
            let _ = results.send(JobResult::Operator(format!(
                "cannot read the donation journal: {e}"
            )));
        }
    }
}
