//! Crash safety: the payment flow runs in a child process that is killed (SIGKILL) after
//! the journal write and before the provider's answer is handled. On restart, reconciliation
//! finishes the intent with the same idempotency key: one payment, nothing lost.

mod common;

use common::key_recorder;
use mockito::Server;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use temoin_donations::secrets::Secret;
use temoin_donations::{Donations, IntentStatus, Journal, RetryPolicy};
use temoin_scenario::Amount;

const KEY: &str = "sk_test_CRASH_51Hx";
const CHILD_BASE: &str = "TEMOIN_CRASH_CHILD_BASE";
const CHILD_JOURNAL: &str = "TEMOIN_CRASH_CHILD_JOURNAL";

fn open(base: &str, journal: &std::path::Path) -> Donations {
    let settings = common::settings("crash", "EUR", &common::stripe_at(base));
    let policy = RetryPolicy {
        request_timeout: Duration::from_secs(60),
        ..RetryPolicy::default()
    };
    Donations::open(settings, journal, Some(Secret::new(KEY)), policy).expect("open donations")
}

/// Runs only inside the child process: starts a gift and hangs on the provider's answer
/// until it is killed.
#[test]
fn crash_child() {
    let (Ok(base), Ok(journal)) = (std::env::var(CHILD_BASE), std::env::var(CHILD_JOURNAL)) else {
        return;
    };
    let donations = open(&base, &PathBuf::from(journal));
    let _ = donations.start_amount(Amount::whole(5), false);
    unreachable!("the parent kills this process before the provider answers");
}

#[test]
fn killed_mid_payment_is_reconciled_with_one_payment() {
    let mut server = Server::new();
    let (keys, record) = key_recorder();
    let released = Arc::new(AtomicBool::new(false));
    let hold = released.clone();
    let hanging = server
        .mock("POST", "/v1/checkout/sessions")
        .match_request(record.clone())
        .with_chunked_body(move |_| {
            // Never answers while the child lives; bounded so the test cannot hang.
            let until = Instant::now() + Duration::from_secs(30);
            while !hold.load(Ordering::SeqCst) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::io::Error::other("released"))
        })
        .expect(1)
        .create();

    let dir = std::env::temp_dir().join(format!("temoin-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let journal_path = dir.join("journal.sqlite");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_BASE, server.url())
        .env(CHILD_JOURNAL, &journal_path)
        .spawn()
        .expect("start the child");

    // Wait until the intent is on disk and the create request has reached the provider.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let journaled = journal_path.exists()
            && Journal::open(&journal_path)
                .and_then(|j| j.list())
                .map(|l| l.len() == 1)
                .unwrap_or(false);
        if journaled && !keys.lock().unwrap().is_empty() {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the child ended before it was killed"
        );
        assert!(
            Instant::now() < deadline,
            "the child never journaled its intent"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert!(!status.success());
    released.store(true, Ordering::SeqCst);
    hanging.assert();

    let before = Journal::open(&journal_path).unwrap().list().unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(
        before[0].status,
        IntentStatus::Created,
        "the answer was never handled"
    );
    let id = before[0].id.clone();

    // After the restart the provider answers; the retried create must reuse the key.
    let retried = server
        .mock("POST", "/v1/checkout/sessions")
        .match_request(record)
        .with_body(r#"{"id":"cs_test_crash","url":"https://checkout.stripe.com/c/pay/cs_test_crash","status":"open","payment_status":"unpaid"}"#)
        .expect(1)
        .create();
    let paid = server
        .mock("GET", "/v1/checkout/sessions/cs_test_crash")
        .with_body(r#"{"id":"cs_test_crash","status":"complete","payment_status":"paid"}"#)
        .expect(1)
        .create();
    let donations = open(&server.url(), &journal_path);
    let reconciled = donations.reconcile().unwrap();
    assert_eq!(reconciled.len(), 1);
    assert_eq!(reconciled[0].0, id);
    assert_eq!(reconciled[0].1.as_ref().unwrap(), &IntentStatus::Paid);
    retried.assert();
    paid.assert();
    assert_eq!(
        keys.lock().unwrap().len(),
        1,
        "one idempotency key for both creates: one payment at the provider"
    );
    let after = donations.journal().list().unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(
        (after[0].status, after[0].provider_id.as_deref()),
        (IntentStatus::Paid, Some("cs_test_crash"))
    );
    assert!(donations.journal().unfinished().unwrap().is_empty());
}
