//! The donation flow, exactly once: journal the intent (on disk) before any network call,
//! create the checkout with the intent's idempotency key, record what came back; after a
//! crash, reconcile every unfinished intent by asking the provider or retrying the create
//! with the same key. Offline, the visitor gets the fallback link and nothing is dropped.

use crate::http::{Http, ProviderError, RetryPolicy};
use crate::journal::{Intent, IntentStatus, Journal, JournalError, now};
use crate::providers::{Provider, ProviderKind};
use crate::secrets::Secret;
use crate::settings::DonationSettings;
use std::path::Path;
use temoin_scenario::{Amount, Money};

/// What the visitor's phone should open.
#[derive(Debug, Clone, PartialEq)]
pub enum Handoff {
    /// The provider's hosted checkout for this gift.
    Checkout {
        intent: String,
        url: String,
        amount: Money,
        status: IntentStatus,
    },
    /// The provider could not be reached: the chapter's fallback link. The intent stays in
    /// the journal and is reconciled later.
    Fallback {
        intent: String,
        url: String,
        amount: Money,
        reason: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum DonationError {
    #[error("{0}")]
    Amount(String),
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// Wrong or missing key, or the provider refused the request: for the operator screen.
    #[error("donations are misconfigured: {0}")]
    Configuration(String),
    #[error("{0}")]
    Provider(String),
    #[error("no donation `{0}` in the journal")]
    UnknownIntent(String),
}

/// An intent id with what reconciliation found.
pub type Reconciled = (String, Result<IntentStatus, DonationError>);

pub struct Donations {
    pub settings: DonationSettings,
    journal: Journal,
    provider: Provider,
    http: Http,
    /// Set when the journal file was unreadable and a fresh one was started, or cannot be
    /// written at all: for the attendant.
    notice: Option<String>,
    /// Set when the journal cannot be written at start-up: every gift then goes through the
    /// fallback link, since a checkout must never exist without its journal row.
    unwritable: Option<String>,
}

impl Donations {
    pub fn open(
        settings: DonationSettings,
        journal: &Path,
        secret: Option<Secret>,
        policy: RetryPolicy,
    ) -> Result<Self, DonationError> {
        let provider = Provider::from_config(&settings.provider, secret)
            .map_err(DonationError::Configuration)?;
        let http = Http::new(policy).map_err(|e| DonationError::Configuration(e.to_string()))?;
        let (journal, notice, unwritable) = match Journal::open_or_recover(journal) {
            Ok((opened, notice)) => (opened, notice, None),
            // A read-only folder or a full disk: keep the booth running on the fallback link,
            // with one line for the attendant. Gifts already in the file stay untouched there.
            Err(e @ JournalError::Unwritable { .. }) => {
                let line = e.to_string();
                (Journal::stand_in(journal)?, Some(line.clone()), Some(line))
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Donations {
            settings,
            journal,
            provider,
            http,
            notice,
            unwritable,
        })
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// What the attendant should know about opening the journal (a damaged file kept aside,
    /// or one that cannot be written).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Scrubs the provider's key from any text before it is shown, logged or stored.
    fn redact(&self, text: &str) -> String {
        self.provider
            .secret()
            .map_or_else(|| text.to_owned(), |s| s.redact(text))
    }

    /// Journals a gift, then creates its checkout. The gift must be in the chapter's currency
    /// and within its bounds (`DonationError::Amount` otherwise). When the journal cannot be
    /// written (at start-up: a `Fallback` with the reason; during the event:
    /// `DonationError::Journal`, which the app shows to the attendant with the fallback link)
    /// no checkout is created.
    pub fn start(&self, gift: Money, monthly: bool) -> Result<Handoff, DonationError> {
        let money = self
            .settings
            .check_gift(gift)
            .map_err(DonationError::Amount)?;
        if monthly && !self.settings.offers_monthly() {
            return Err(DonationError::Amount(
                "monthly gifts are not offered by this chapter".into(),
            ));
        }
        if let Some(reason) = &self.unwritable {
            return Ok(Handoff::Fallback {
                intent: String::new(),
                url: self.settings.fallback_link.clone(),
                amount: money,
                reason: reason.clone(),
            });
        }
        let intent =
            self.journal
                .record(&self.settings.chapter, self.provider.kind(), money, monthly)?;
        self.create(&intent)
    }

    /// `start` for an amount in major units of the chapter's currency (`--amount 25` on the
    /// command line).
    pub fn start_amount(&self, amount: Amount, monthly: bool) -> Result<Handoff, DonationError> {
        let money = self
            .settings
            .check_amount(amount)
            .map_err(DonationError::Amount)?;
        self.start(money, monthly)
    }

    fn expires_at(&self) -> i64 {
        now() + i64::from(self.settings.checkout_minutes) * 60
    }

    fn create(&self, intent: &Intent) -> Result<Handoff, DonationError> {
        match self.provider.create(&self.http, intent, self.expires_at()) {
            Ok(created) => {
                let provider_id = Some(created.provider_id.as_str()).filter(|id| !id.is_empty());
                self.journal.update(
                    &intent.id,
                    created.status,
                    provider_id,
                    Some(&created.url),
                    None,
                )?;
                Ok(Handoff::Checkout {
                    intent: intent.id.clone(),
                    url: created.url,
                    amount: intent.amount,
                    status: created.status,
                })
            }
            Err(error) => self.failed(intent, error),
        }
    }

    fn failed(&self, intent: &Intent, error: ProviderError) -> Result<Handoff, DonationError> {
        let message = self.redact(&error.to_string());
        if error.is_transient() {
            // Still `created`: reconciliation will finish it with the same idempotency key.
            self.journal.update(
                &intent.id,
                IntentStatus::Created,
                None,
                None,
                Some(&message),
            )?;
            return Ok(Handoff::Fallback {
                intent: intent.id.clone(),
                url: self.settings.fallback_link.clone(),
                amount: intent.amount,
                reason: message,
            });
        }
        self.journal
            .update(&intent.id, IntentStatus::Failed, None, None, Some(&message))?;
        match error {
            ProviderError::Auth { .. } | ProviderError::Rejected { .. } => {
                Err(DonationError::Configuration(message))
            }
            ProviderError::Amount(_) => Err(DonationError::Amount(message)),
            _ => Err(DonationError::Provider(message)),
        }
    }

    fn intent(&self, id: &str) -> Result<Intent, DonationError> {
        self.journal
            .get(id)?
            .ok_or_else(|| DonationError::UnknownIntent(id.into()))
    }

    /// Asks the provider how an intent stands and records the answer.
    pub fn refresh(&self, id: &str) -> Result<IntentStatus, DonationError> {
        let intent = self.intent(id)?;
        if intent.status.is_settled() {
            return Ok(intent.status);
        }
        if intent.provider_id.is_none() && self.provider.kind() != ProviderKind::Link {
            // The create never answered (crash, network): the same key returns the same
            // checkout instead of a second one.
            return match self.create(&intent)? {
                Handoff::Checkout { .. } => self.refresh_known(id),
                Handoff::Fallback { reason, .. } => Err(DonationError::Provider(reason)),
            };
        }
        self.refresh_known(id)
    }

    fn refresh_known(&self, id: &str) -> Result<IntentStatus, DonationError> {
        let intent = self.intent(id)?;
        match self.provider.status(&self.http, &intent) {
            Ok(status) => {
                if status != intent.status {
                    self.journal.update(id, status, None, None, None)?;
                }
                Ok(status)
            }
            Err(error) => {
                let message = self.redact(&error.to_string());
                self.journal
                    .update(id, intent.status, None, None, Some(&message))?;
                Err(if matches!(error, ProviderError::Auth { .. }) {
                    DonationError::Configuration(message)
                } else {
                    DonationError::Provider(message)
                })
            }
        }
    }

    /// Closes an open checkout (reset for the next visitor) where the provider allows it.
    pub fn expire(&self, id: &str) -> Result<IntentStatus, DonationError> {
        let intent = self.intent(id)?;
        if intent.status.is_settled() {
            return Ok(intent.status);
        }
        // A visitor may have paid a moment ago: never expire what is paid.
        if let Ok(IntentStatus::Paid) = self.refresh(id) {
            return Ok(IntentStatus::Paid);
        }
        let intent = self.intent(id)?;
        if intent.provider_id.is_none() {
            return Ok(intent.status);
        }
        match self.provider.expire(&self.http, &intent) {
            Ok(()) => {
                self.journal
                    .update(id, IntentStatus::Expired, None, None, None)?;
                Ok(IntentStatus::Expired)
            }
            Err(error) => {
                let message = self.redact(&error.to_string());
                self.journal
                    .update(id, intent.status, None, None, Some(&message))?;
                Err(DonationError::Provider(message))
            }
        }
    }

    /// Settles what a crash or an outage left open. Returns each intent with its outcome.
    pub fn reconcile(&self) -> Result<Vec<Reconciled>, DonationError> {
        let unfinished = self.journal.unfinished()?;
        Ok(unfinished
            .into_iter()
            .filter(|i| i.provider == self.provider.kind())
            .map(|i| {
                let outcome = self.refresh(&i.id);
                (i.id, outcome)
            })
            .collect())
    }
}

/// What reconciling one unfinished intent of the journal found.
#[derive(Debug)]
pub struct Settlement {
    pub intent: String,
    pub chapter: String,
    pub provider: ProviderKind,
    /// The status now, or why the provider could not be asked.
    pub outcome: Result<IntentStatus, String>,
}

/// Settles every unfinished intent in the journal, whatever chapter and provider it was made
/// with: a booth that changed chapters, or a journal shared by stations, still has each gift
/// followed up. `open_chapter` opens a chapter's donations (its configuration and key); an
/// intent whose chapter cannot be opened is returned with the reason, never skipped.
pub fn reconcile_journal(
    journal: &Path,
    open_chapter: impl Fn(&str) -> Result<Donations, String>,
) -> Result<Vec<Settlement>, DonationError> {
    let unfinished = Journal::open(journal)?.unfinished()?;
    let mut chapters: Vec<&str> = unfinished.iter().map(|i| i.chapter.as_str()).collect();
    chapters.sort_unstable();
    chapters.dedup();
    let mut out = Vec::new();
    for chapter in chapters {
        let opened = open_chapter(chapter);
        for intent in unfinished.iter().filter(|i| i.chapter == chapter) {
            let outcome = match &opened {
                Err(why) => Err(why.clone()),
                Ok(d) if d.provider.kind() != intent.provider => Err(format!(
                    "made with {}, but chapter `{chapter}` now uses {}; settle it in the {} dashboard",
                    intent.provider.name(),
                    d.provider.kind().name(),
                    intent.provider.name()
                )),
                Ok(d) => d.refresh(&intent.id).map_err(|e| e.to_string()),
            };
            out.push(Settlement {
                intent: intent.id.clone(),
                chapter: chapter.to_owned(),
                provider: intent.provider,
                outcome,
            });
        }
    }
    Ok(out)
}
