//! Reconciliation follows every unfinished gift in the journal, whatever chapter and provider
//! it was made with, and names each one it cannot reach and why: a count never hides one.

mod common;

use mockito::Server;
use std::time::Duration;
use temoin_donations::secrets::Secret;
use temoin_donations::{
    Donations, IntentStatus, Journal, ProviderKind, RetryPolicy, reconcile_journal,
};
use temoin_scenario::{Currency, Money};

#[test]
fn every_chapters_unfinished_gift_is_followed_up_or_named() {
    let dir = std::env::temp_dir().join(format!("temoin-reconcile-all-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let journal_path = dir.join("journal.sqlite");
    let journal = Journal::open(&journal_path).unwrap();
    let gbp = Money {
        minor: 500,
        currency: Currency::from_code("GBP").unwrap(),
    };
    // A Stripe checkout that was created, then the booth crashed before it heard "paid".
    let uk = journal
        .record("uk", ProviderKind::Stripe, gbp, false)
        .unwrap();
    journal
        .update(
            &uk.id,
            IntentStatus::Open,
            Some("cs_test_uk"),
            Some("https://checkout.stripe.com/c/pay/cs_test_uk"),
            None,
        )
        .unwrap();
    // A gift of a chapter this machine no longer has.
    let gone = journal
        .record("old", ProviderKind::Mollie, gbp, false)
        .unwrap();
    drop(journal);

    let mut server = Server::new();
    let paid = server
        .mock("GET", "/v1/checkout/sessions/cs_test_uk")
        .with_body(r#"{"id":"cs_test_uk","status":"complete","payment_status":"paid"}"#)
        .expect(1)
        .create();
    let base = server.url();
    let policy = RetryPolicy {
        request_timeout: Duration::from_secs(10),
        ..RetryPolicy::default()
    };
    let settled = reconcile_journal(&journal_path, |name| match name {
        "uk" => Donations::open(
            common::settings("uk", "GBP", &common::stripe_at(&base)),
            &journal_path,
            Some(Secret::new("sk_test_RECONCILE")),
            policy.clone(),
        )
        .map_err(|e| e.to_string()),
        other => Err(format!("no chapter `{other}` on this machine")),
    })
    .unwrap();
    paid.assert();
    assert_eq!(settled.len(), 2, "{settled:#?}");
    let by_id = |id: &str| settled.iter().find(|s| s.intent == id).unwrap();
    assert_eq!(by_id(&uk.id).outcome.as_ref().unwrap(), &IntentStatus::Paid);
    assert_eq!(by_id(&uk.id).provider, ProviderKind::Stripe);
    let why = by_id(&gone.id).outcome.as_ref().unwrap_err();
    assert!(why.contains("no chapter `old`"), "{why}");
    // Nothing is lost: the unreachable one is still unfinished, the paid one is closed.
    let left = Journal::open(&journal_path).unwrap().unfinished().unwrap();
    assert_eq!(
        left.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [gone.id.as_str()]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
