//! Témoin's donations, without Bevy: the payment providers (one file each, with the settings a
//! chapter writes for them), the durable journal and QR codes. The app runs `Donations` on a
//! worker thread; `temoin donations` uses it from the command line.
//!
//! This crate knows nothing of chapters. `temoin_chapter` depends on it, not the other way
//! round: a chapter file names a provider (`ProviderConfig`) and the chapter crate turns its
//! donation fields into `DonationSettings`, while everything about paying (providers, keys,
//! journal) stays here, usable and testable without a chapter pack.

pub mod http;
pub mod journal;
pub mod providers;
pub mod qr;
pub mod secrets;
pub mod service;
pub mod settings;

pub use http::{ProviderError, RetryPolicy};
pub use journal::{Intent, IntentStatus, Journal};
pub use providers::{PaymentProvider, ProviderConfig, ProviderKind, check_url};
pub use service::{DonationError, Donations, Handoff, Settlement, reconcile_journal};
pub use settings::DonationSettings;
