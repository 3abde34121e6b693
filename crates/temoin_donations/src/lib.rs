//! Témoin's donations, without Bevy: chapter configs, the payment providers, the durable
//! journal and QR codes. The app runs `Donations` on a worker thread; `temoin donations`
//! uses it from the command line.

/// The chapter file's donation settings live with the rest of the chapter.
pub use temoin_chapter::config;
pub mod http;
pub mod journal;
pub mod providers;
pub mod qr;
pub mod secrets;
pub mod service;

pub use config::{ChapterConfig, ProviderConfig, ProviderKind, load_chapter};
pub use http::{ProviderError, RetryPolicy};
pub use journal::{Intent, IntentStatus, Journal};
pub use service::{DonationError, Donations, Handoff, Settlement, reconcile_journal};
