//! Helpers shared by the donation tests.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use temoin_donations::{DonationSettings, ProviderConfig};
use temoin_scenario::{Amount, Currency};

/// A chapter's donation settings, as `temoin_chapter` would hand them over: `currency`,
/// suggested 5 and 25 between 1 and 100,000, no monthly gifts, and `provider` written as in a
/// chapter file (`Stripe(success_url: …)`).
pub fn settings(chapter: &str, currency: &str, provider: &str) -> DonationSettings {
    DonationSettings {
        chapter: chapter.into(),
        currency: Currency::from_code(currency).expect("a known currency"),
        amounts: vec![Amount::whole(5), Amount::whole(25)],
        minimum: Amount::whole(1),
        maximum: Amount::whole(100_000),
        monthly: false,
        provider: provider_config(provider),
        fallback_link: "https://example.org/fallback".into(),
        checkout_minutes: 30,
    }
}

/// A provider written as in a chapter file.
pub fn provider_config(text: &str) -> ProviderConfig {
    temoin_scenario::load::ron_options()
        .from_str(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Stripe at `base`, as the tests' chapters write it.
pub fn stripe_at(base: &str) -> String {
    format!(
        r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/", product_name: "Gift", api_base: "{base}")"#
    )
}

/// Records every idempotency key the server sees (a set: matchers run once per mock). The
/// matcher can be cloned onto several mocks.
pub fn key_recorder() -> (
    Arc<Mutex<HashSet<String>>>,
    impl Fn(&mockito::Request) -> bool + Clone + Send + Sync + 'static,
) {
    let keys = Arc::new(Mutex::new(HashSet::new()));
    let sink = keys.clone();
    (keys, move |req: &mockito::Request| {
        for name in ["idempotency-key", "x-idempotency-key"] {
            for value in req.header(name) {
                sink.lock()
                    .unwrap()
                    .insert(value.to_str().unwrap_or("").to_owned());
            }
        }
        true
    })
}
