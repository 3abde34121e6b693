//! The donations worker thread: owns the journal and the HTTP client, takes jobs from the
//! frame and answers through a channel. Blocking calls here never touch the frame rate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, Sender, channel};
use temoin_donations::journal::IntentStatus;
use temoin_donations::secrets::{Secret, secret_for};
use temoin_donations::{DonationError, DonationSettings, Donations, Handoff, RetryPolicy};
use temoin_scenario::Money;

pub enum Job {
    /// The loaded chapter's settings: at start, and after every reload that changes them. The
    /// next pledge uses them; a checkout already open stays with the provider that made it.
    Configure(DonationSettings),
    Start {
        amount: Money,
        monthly: bool,
    },
    Poll(String),
    Expire(String),
}

pub enum JobResult {
    /// Whether donations could be opened with the settings just sent (the reason if not).
    Configured(Result<(), String>),
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

/// Starts the worker; it waits for its first `Job::Configure`. `secret` is the provider's key
/// when the caller has it (tests); `None` looks it up in the environment or the secrets file.
/// `chapters_dir` is where the chapters of gifts an earlier run left open are read from.
pub fn spawn(
    journal: PathBuf,
    chapters_dir: PathBuf,
    secret: Option<Secret>,
) -> (Sender<Job>, Receiver<JobResult>) {
    let (jobs, job_queue) = channel::<Job>();
    let (results, result_queue) = channel::<JobResult>();
    let spawned = std::thread::Builder::new()
        .name("donations".into())
        .spawn(move || {
            Worker {
                journal,
                chapters_dir,
                secret,
                results,
                settings: None,
                current: None,
                open: HashMap::new(),
                reconciled: false,
            }
            .run(job_queue)
        });
    if let Err(e) = spawned {
        bevy::log::error!("cannot start the donations worker: {e}");
    }
    (jobs, result_queue)
}

struct Worker {
    journal: PathBuf,
    chapters_dir: PathBuf,
    secret: Option<Secret>,
    results: Sender<JobResult>,
    /// The settings in force, for the fallback link when donations could not be opened.
    settings: Option<DonationSettings>,
    /// Donations with the settings in force: every new pledge goes here.
    current: Option<Rc<Donations>>,
    /// Checkouts still open, each with the donations (provider, key) that made it: a reload
    /// never moves a visitor's open checkout to another provider, nor forgets to close it.
    open: HashMap<String, Rc<Donations>>,
    /// Whether what an earlier run left unfinished has been settled (once, at the first
    /// configuration that opens).
    reconciled: bool,
}

impl Worker {
    fn run(mut self, jobs: Receiver<Job>) {
        for job in jobs {
            let answer = match job {
                Job::Configure(settings) => {
                    self.configure(settings);
                    None
                }
                Job::Start { amount, monthly } => Some(self.start(amount, monthly)),
                Job::Poll(intent) => self.poll(intent),
                Job::Expire(intent) => {
                    self.expire(intent);
                    None
                }
            };
            if let Some(answer) = answer
                && self.results.send(answer).is_err()
            {
                break;
            }
        }
    }

    fn tell(&self, result: JobResult) {
        let _ = self.results.send(result);
    }

    fn configure(&mut self, settings: DonationSettings) {
        let secret = match &self.secret {
            Some(secret) => Ok(Some(secret.clone())),
            None => secret_for(settings.provider.kind()),
        };
        let own_secret = secret.clone().ok().flatten();
        let opened = secret.and_then(|secret| {
            Donations::open(
                settings.clone(),
                &self.journal,
                secret,
                RetryPolicy::default(),
            )
            .map_err(|e| e.to_string())
        });
        self.settings = Some(settings);
        match opened {
            Ok(d) => {
                self.tell(JobResult::Configured(Ok(())));
                if let Some(notice) = d.notice() {
                    self.tell(JobResult::Operator(notice.to_owned()));
                }
                if !self.reconciled {
                    self.reconciled = true;
                    reconcile(
                        &d,
                        &self.journal,
                        &self.chapters_dir,
                        own_secret,
                        &self.results,
                    );
                }
                self.current = Some(Rc::new(d));
            }
            Err(reason) => {
                self.current = None;
                self.tell(JobResult::Configured(Err(reason)));
            }
        }
    }

    fn start(&mut self, amount: Money, monthly: bool) -> JobResult {
        let Some(d) = self.current.clone() else {
            return JobResult::Fallback {
                url: self
                    .settings
                    .as_ref()
                    .map(|s| s.fallback_link.clone())
                    .unwrap_or_default(),
                amount,
                reason: "donations are not configured (see the log)".into(),
                operator: true,
            };
        };
        let answer = start(&d, amount, monthly);
        if let JobResult::Created { intent, status, .. } = &answer
            && !status.is_settled()
        {
            self.open.insert(intent.clone(), d);
        }
        answer
    }

    /// The donations that made `intent`, else the ones in force.
    fn made(&self, intent: &str) -> Option<Rc<Donations>> {
        self.open
            .get(intent)
            .cloned()
            .or_else(|| self.current.clone())
    }

    fn poll(&mut self, intent: String) -> Option<JobResult> {
        let status = self.made(&intent)?.refresh(&intent).ok()?;
        if status.is_settled() {
            self.open.remove(&intent);
        }
        Some(JobResult::Status { intent, status })
    }

    fn expire(&mut self, intent: String) {
        let Some(d) = self.made(&intent) else {
            return;
        };
        // Closed or not, the visitor has gone; one left open is settled at the next start.
        self.open.remove(&intent);
        if let Err(e) = d.expire(&intent) {
            self.tell(JobResult::Operator(format!(
                "could not close checkout {intent}: {e}"
            )));
        }
    }
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
    journal: &Path,
    chapters_dir: &Path,
    secret: Option<Secret>,
    results: &Sender<JobResult>,
) {
    let own = d.settings.clone();
    let open = |name: &str| {
        let (settings, secret) = if name == own.chapter {
            (own.clone(), secret.clone())
        } else {
            let settings = temoin_chapter::load_chapter_named(chapters_dir, name)?.donations();
            let secret = secret_for(settings.provider.kind())?;
            (settings, secret)
        };
        Donations::open(settings, journal, secret, RetryPolicy::default())
            .map_err(|e| e.to_string())
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
