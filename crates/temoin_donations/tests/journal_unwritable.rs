//! The journal's folder cannot be written at start-up, or the disk fills during the event:
//! the visitor still gets the fallback link, the attendant one line naming the file and the
//! fix, no checkout is created without its journal row, and no gift already recorded is lost.
//!
//! Tests run as root in CI, where permission bits stop nothing; so "cannot be written" is a
//! journal path whose parent is a regular file (no folder can be created there, for anyone),
//! and "disk full" is SQLite's `max_page_count` capped at the file's present size, which makes
//! the next write fail with SQLITE_FULL exactly as a full disk does.

mod common;

use mockito::Server;
use std::path::{Path, PathBuf};
use std::time::Duration;
use temoin_donations::secrets::Secret;
use temoin_donations::{
    DonationError, Donations, Handoff, IntentStatus, Journal, ProviderKind, RetryPolicy,
};
use temoin_scenario::{Amount, Currency, Money};

const KEY: &str = "sk_test_SECRET_unwritable_4eC39Hq";
const FALLBACK: &str = "https://example.org/fallback";
const SESSION: &str = r#"{"id":"cs_test_full","url":"https://checkout.stripe.com/c/pay/cs_test_full","status":"open","payment_status":"unpaid"}"#;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-unwritable-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn open(base: &str, journal: &Path) -> Result<Donations, DonationError> {
    let settings = common::settings("full", "EUR", &common::stripe_at(base));
    let policy = RetryPolicy {
        attempts: 1,
        request_timeout: Duration::from_secs(5),
        ..RetryPolicy::default()
    };
    Donations::open(settings, journal, Some(Secret::new(KEY)), policy)
}

fn one_line_naming(line: &str, journal: &Path) {
    assert!(!line.contains('\n'), "more than one line: {line}");
    assert!(
        line.contains(&journal.display().to_string()),
        "the file is not named: {line}"
    );
    assert!(
        line.contains("free disk space") && line.contains("writable"),
        "no fix is given: {line}"
    );
    assert!(!line.contains(KEY), "the key leaked: {line}");
}

#[test]
fn a_journal_that_cannot_be_written_at_start_up_gives_the_fallback_link() {
    let dir = scratch("start-up");
    let blocker = dir.join("data");
    std::fs::write(&blocker, "a file where the journal's folder should be").unwrap();
    let journal = blocker.join("temoin").join("donations.sqlite");

    let mut server = Server::new();
    let create = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(SESSION)
        .expect(0)
        .create();
    let d = open(&server.url(), &journal).expect("the booth keeps running without a journal");
    let notice = d.notice().expect("a line for the attendant").to_owned();
    one_line_naming(&notice, &journal);

    for _ in 0..2 {
        match d
            .start_amount(Amount::whole(5), false)
            .expect("a hand-off, not an error")
        {
            Handoff::Fallback {
                url,
                amount,
                reason,
                ..
            } => {
                assert_eq!(url, FALLBACK);
                assert_eq!(amount.minor, 500);
                one_line_naming(&reason, &journal);
            }
            other => panic!("a checkout without a journal row: {other:?}"),
        }
    }
    // No checkout was created that nothing on disk would remember.
    create.assert();
    assert!(!journal.exists());
    assert_eq!(
        std::fs::read_to_string(&blocker).unwrap(),
        "a file where the journal's folder should be"
    );
    // Reconciliation at start-up says why it cannot run, in one line; it does not panic.
    let reconciled = temoin_donations::reconcile_journal(&journal, |_| Err("unused".into()));
    let why = reconciled
        .expect_err("nothing to reconcile from")
        .to_string();
    one_line_naming(&why, &journal);
}

#[test]
fn a_disk_that_fills_mid_event_keeps_every_recorded_gift() {
    let dir = scratch("mid-event");
    let journal = dir.join("donations.sqlite");
    let mut server = Server::new();
    let create = server
        .mock("POST", "/v1/checkout/sessions")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(SESSION)
        .expect_at_least(3)
        .create();
    let d = open(&server.url(), &journal).expect("open donations");
    assert!(d.notice().is_none());
    let mut recorded = Vec::new();
    for _ in 0..3 {
        match d.start_amount(Amount::whole(5), false).unwrap() {
            Handoff::Checkout { intent, .. } => recorded.push(intent),
            other => panic!("{other:?}"),
        }
    }

    // The disk fills: writes that need a new page now fail with SQLITE_FULL.
    d.journal().simulate_full_disk().unwrap();
    let mut failure = None;
    for _ in 0..500 {
        match d.start_amount(Amount::whole(5), false) {
            Ok(Handoff::Checkout { intent, .. }) => recorded.push(intent),
            Ok(other) => panic!("{other:?}"),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let failure = failure.expect("a full disk is noticed");
    // The app shows this line to the attendant and the chapter's fallback link to the visitor
    // (`DonationError::Journal` is an attendant's problem, never a visitor's).
    assert!(
        matches!(&failure, DonationError::Journal(e) if e.is_unwritable()),
        "{failure:?}"
    );
    let line = failure.to_string();
    one_line_naming(&line, &journal);
    assert!(line.contains("disk is full"), "{line}");
    assert_eq!(d.settings.fallback_link, FALLBACK);
    // Still full: the next pledge fails the same way.
    assert!(d.start_amount(Amount::whole(5), false).is_err());
    create.assert();

    // Every gift recorded before the disk filled is still there, readable after a restart.
    drop(d);
    let reopened = Journal::open(&journal).expect("reopen the journal");
    let rows = reopened.list().unwrap();
    let ids: Vec<&str> = rows.iter().map(|i| i.id.as_str()).collect();
    for id in &recorded {
        assert!(ids.contains(&id.as_str()), "gift {id} lost: {ids:?}");
    }
    for row in &rows {
        if recorded.contains(&row.id) {
            assert_eq!(row.status, IntentStatus::Open, "{row:?}");
            assert_eq!(
                row.checkout_url.as_deref(),
                Some("https://checkout.stripe.com/c/pay/cs_test_full")
            );
        } else {
            // Journaled, then the provider's answer could not be stored: still `created`,
            // so reconciliation finishes it with the same idempotency key.
            assert_eq!(row.status, IntentStatus::Created, "{row:?}");
        }
    }
    assert!(rows.len() >= recorded.len());
    // And the journal takes gifts again once there is room.
    reopened
        .record(
            "full",
            ProviderKind::Stripe,
            Money {
                minor: 500,
                currency: Currency::from_code("EUR").unwrap(),
            },
            false,
        )
        .unwrap();
}
