//! Each provider against a local mock server (127.0.0.1 only): the exact request it sends
//! and how it reads the documented answer; then the faults, each counting requests and
//! checking that one payment is created, never two; then keys never leaking.

mod common;

use common::{key_recorder, settings};
use mockito::{Matcher, Server};
use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use temoin_donations::secrets::Secret;
use temoin_donations::{DonationError, Donations, Handoff, IntentStatus, RetryPolicy};
use temoin_scenario::Amount;

const STRIPE_KEY: &str = "sk_test_SECRET_4eC39HqLyjWDarjtT1zdp7dc";
const MOLLIE_KEY: &str = "test_SECRETdHar4XY7LxsDOtmnkVtE234";
const MP_TOKEN: &str = "TEST-SECRET-7719912839999-112233-abcdef";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-donations-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(80),
        connect_timeout: Duration::from_millis(500),
        request_timeout: Duration::from_millis(700),
    }
}

pub fn provider_text(provider: &str, base: &str) -> String {
    match provider {
        "stripe" => format!(
            r#"Stripe(success_url: "https://example.org/thanks", cancel_url: "https://example.org/", product_name: "Gift", api_base: "{base}")"#
        ),
        "mollie" => format!(
            r#"Mollie(redirect_url: "https://example.org/thanks", description: "Gift", api_base: "{base}")"#
        ),
        "mercadopago" => format!(
            r#"MercadoPago(success_url: "https://example.org/ok", failure_url: "https://example.org/ko", title: "Gift", api_base: "{base}")"#
        ),
        _ => r#"Link(url: "https://example.org/give")"#.to_string(),
    }
}

pub fn donations(
    name: &str,
    provider: &str,
    base: &str,
    monthly: bool,
    currency: &str,
    key: Option<&str>,
) -> (Donations, PathBuf) {
    let settings = temoin_donations::DonationSettings {
        monthly,
        ..settings("test", currency, &provider_text(provider, base))
    };
    let journal = scratch(name).join("journal.sqlite");
    let d = Donations::open(settings, &journal, key.map(Secret::new), fast_policy()).expect("open");
    (d, journal)
}

fn checkout(handoff: Handoff) -> (String, String) {
    match handoff {
        Handoff::Checkout { intent, url, .. } => (intent, url),
        other => panic!("expected a checkout, got {other:?}"),
    }
}

const STRIPE_SESSION: &str = r#"{"id":"cs_test_a1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_a1","status":"open","payment_status":"unpaid","mode":"payment"}"#;

#[test]
fn stripe_checkout_session_for_a_donation() {
    let mut server = Server::new();
    let create = server
        .mock("POST", "/v1/checkout/sessions")
        .match_header("authorization", format!("Bearer {STRIPE_KEY}").as_str())
        .match_header(
            "idempotency-key",
            Matcher::Regex(
                "^temoin-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
                    .into(),
            ),
        )
        .match_header("content-type", "application/x-www-form-urlencoded")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("mode".into(), "payment".into()),
            Matcher::UrlEncoded("submit_type".into(), "donate".into()),
            Matcher::UrlEncoded("line_items[0][quantity]".into(), "1".into()),
            Matcher::UrlEncoded("line_items[0][price_data][currency]".into(), "eur".into()),
            Matcher::UrlEncoded(
                "line_items[0][price_data][unit_amount]".into(),
                "2500".into(),
            ),
            Matcher::UrlEncoded(
                "line_items[0][price_data][product_data][name]".into(),
                "Gift".into(),
            ),
            Matcher::UrlEncoded("success_url".into(), "https://example.org/thanks".into()),
            Matcher::UrlEncoded("cancel_url".into(), "https://example.org/".into()),
            Matcher::Regex("expires_at=[0-9]{10}".into()),
        ]))
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(STRIPE_SESSION)
        .expect(1)
        .create();
    let (d, _) = donations(
        "stripe",
        "stripe",
        &server.url(),
        true,
        "EUR",
        Some(STRIPE_KEY),
    );
    let (intent, url) = checkout(d.start_amount(Amount::whole(25), false).unwrap());
    create.assert();
    assert_eq!(url, "https://checkout.stripe.com/c/pay/cs_test_a1");
    let row = d.journal().get(&intent).unwrap().unwrap();
    assert_eq!(
        (row.status, row.provider_id.as_deref()),
        (IntentStatus::Open, Some("cs_test_a1"))
    );

    let status = server
        .mock("GET", "/v1/checkout/sessions/cs_test_a1")
        .match_header("authorization", format!("Bearer {STRIPE_KEY}").as_str())
        .with_body(r#"{"id":"cs_test_a1","status":"complete","payment_status":"paid"}"#)
        .expect(1)
        .create();
    assert_eq!(d.refresh(&intent).unwrap(), IntentStatus::Paid);
    status.assert();
    assert_eq!(
        d.journal().get(&intent).unwrap().unwrap().status,
        IntentStatus::Paid
    );
}

#[test]
fn stripe_monthly_is_a_subscription_and_expire_closes_it() {
    let mut server = Server::new();
    let create = server
        .mock("POST", "/v1/checkout/sessions")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("mode".into(), "subscription".into()),
            Matcher::UrlEncoded(
                "line_items[0][price_data][recurring][interval]".into(),
                "month".into(),
            ),
            Matcher::UrlEncoded(
                "line_items[0][price_data][unit_amount]".into(),
                "500".into(),
            ),
        ]))
        .match_request(|req| {
            !req.utf8_lossy_body()
                .unwrap_or_default()
                .contains("submit_type")
        })
        .with_body(STRIPE_SESSION)
        .expect(1)
        .create();
    let (d, _) = donations(
        "stripe-monthly",
        "stripe",
        &server.url(),
        true,
        "EUR",
        Some(STRIPE_KEY),
    );
    let (intent, _) = checkout(d.start_amount(Amount::whole(5), true).unwrap());
    create.assert();
    let _open = server
        .mock("GET", "/v1/checkout/sessions/cs_test_a1")
        .with_body(STRIPE_SESSION)
        .create();
    let expire = server
        .mock("POST", "/v1/checkout/sessions/cs_test_a1/expire")
        .match_header("authorization", format!("Bearer {STRIPE_KEY}").as_str())
        .with_body(r#"{"id":"cs_test_a1","status":"expired","payment_status":"unpaid"}"#)
        .expect(1)
        .create();
    assert_eq!(d.expire(&intent).unwrap(), IntentStatus::Expired);
    expire.assert();
}

#[test]
fn mollie_payment_with_a_decimal_amount() {
    let mut server = Server::new();
    let create = server
        .mock("POST", "/v2/payments")
        .match_header("authorization", format!("Bearer {MOLLIE_KEY}").as_str())
        .match_header("idempotency-key", Matcher::Regex("^temoin-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$".into()))
        .match_header("content-type", "application/json")
        .match_body(Matcher::PartialJson(json!({
            "amount": { "currency": "EUR", "value": "25.00" },
            "description": "Gift",
            "redirectUrl": "https://example.org/thanks",
        })))
        .with_status(201)
        .with_body(r#"{"resource":"payment","id":"tr_7UhSN1zuXS","status":"open","amount":{"value":"25.00","currency":"EUR"},"_links":{"checkout":{"href":"https://www.mollie.com/checkout/select-method/7UhSN1zuXS","type":"text/html"}}}"#)
        .expect(1)
        .create();
    let (d, _) = donations(
        "mollie",
        "mollie",
        &server.url(),
        false,
        "EUR",
        Some(MOLLIE_KEY),
    );
    let (intent, url) = checkout(d.start_amount(Amount::whole(25), false).unwrap());
    create.assert();
    assert_eq!(
        url,
        "https://www.mollie.com/checkout/select-method/7UhSN1zuXS"
    );
    let status = server
        .mock("GET", "/v2/payments/tr_7UhSN1zuXS")
        .match_header("authorization", format!("Bearer {MOLLIE_KEY}").as_str())
        .with_body(r#"{"id":"tr_7UhSN1zuXS","status":"canceled"}"#)
        .expect(1)
        .create();
    assert_eq!(d.refresh(&intent).unwrap(), IntentStatus::Canceled);
    status.assert();
    assert!(
        d.start_amount(Amount::whole(5), true).is_err(),
        "Mollie offers no monthly gifts here"
    );
}

#[test]
fn mercadopago_preference_then_search_by_external_reference() {
    let mut server = Server::new();
    let (keys, record) = key_recorder();
    let create = server
        .mock("POST", "/checkout/preferences")
        .match_header("authorization", format!("Bearer {MP_TOKEN}").as_str())
        .match_header("x-idempotency-key", Matcher::Regex("^temoin-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$".into()))
        .match_body(Matcher::AllOf(vec![
            Matcher::PartialJson(json!({
                "items": [{ "title": "Gift", "quantity": 1, "unit_price": 5000.0, "currency_id": "ARS" }],
                "back_urls": { "success": "https://example.org/ok", "failure": "https://example.org/ko" },
                "expires": true,
            })),
            // The price as written from the minor units, not a float's rendering of it.
            Matcher::Regex(r#""unit_price":5000\.00[,}]"#.into()),
        ]))
        .match_request(record)
        .with_status(201)
        .with_body(r#"{"id":"202809963-920c288b","init_point":"https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=202809963-920c288b","sandbox_init_point":"https://sandbox.mercadopago.com.ar/checkout/v1/redirect?pref_id=202809963-920c288b"}"#)
        .expect(1)
        .create();
    let (d, _) = donations(
        "mercadopago",
        "mercadopago",
        &server.url(),
        false,
        "ARS",
        Some(MP_TOKEN),
    );
    let (intent, url) = checkout(d.start_amount(Amount::whole(5000), false).unwrap());
    create.assert();
    assert!(url.ends_with("pref_id=202809963-920c288b"));
    assert_eq!(
        keys.lock().unwrap().iter().next().unwrap(),
        &format!("temoin-{intent}")
    );
    let search = server
        .mock("GET", "/v1/payments/search")
        .match_query(Matcher::UrlEncoded("external_reference".into(), intent.clone()))
        .match_header("authorization", format!("Bearer {MP_TOKEN}").as_str())
        .with_body(r#"{"paging":{"total":1},"results":[{"id":123,"status":"approved","external_reference":"x"}]}"#)
        .expect(1)
        .create();
    assert_eq!(d.refresh(&intent).unwrap(), IntentStatus::Paid);
    search.assert();
}

/// A gift Mercado Pago cannot be asked for exactly (here a journaled row of zero pesos, as a
/// damaged or hand-edited journal could hold) is never sent as zero: the create fails before
/// any request, the row is failed with the reason, and the caller gets an amount error.
#[test]
fn mercadopago_refuses_a_price_it_cannot_send_exactly() {
    let mut server = Server::new();
    let create = server
        .mock("POST", "/checkout/preferences")
        .expect(0)
        .create();
    let (d, _) = donations(
        "mercadopago-zero",
        "mercadopago",
        &server.url(),
        false,
        "ARS",
        Some(MP_TOKEN),
    );
    let pesos = temoin_scenario::Money {
        minor: 0,
        currency: temoin_scenario::Currency::from_code("ARS").unwrap(),
    };
    let intent = d
        .journal()
        .record(
            "test",
            temoin_donations::ProviderKind::MercadoPago,
            pesos,
            false,
        )
        .unwrap();
    let error = d.refresh(&intent.id).unwrap_err();
    assert!(matches!(error, DonationError::Amount(_)), "{error:?}");
    let row = d.journal().get(&intent.id).unwrap().unwrap();
    assert_eq!(row.status, IntentStatus::Failed);
    let reason = row.last_error.unwrap();
    assert!(
        reason.contains("cannot be asked for 0.00 ARS"),
        "the journal says why: {reason}"
    );
    create.assert();
}

#[test]
fn link_provider_needs_no_network_and_journals_the_pledge() {
    let (d, _) = donations("link", "link", "", true, "EUR", None);
    match d
        .start_amount(Amount::parse("12.50").unwrap(), false)
        .unwrap()
    {
        Handoff::Checkout {
            url,
            status,
            intent,
            ..
        } => {
            assert_eq!(url, "https://example.org/give?amount=12.50");
            assert_eq!(status, IntentStatus::Pledged);
            assert_eq!(
                d.journal().get(&intent).unwrap().unwrap().status,
                IntentStatus::Pledged
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(
            d.start_amount(Amount::whole(200_000), false),
            Err(DonationError::Amount(_))
        ),
        "above the maximum"
    );
}

// ── Faults ─────────────────────────────────────────────────────────────────────────────

#[test]
fn server_error_then_success_creates_one_payment() {
    let mut server = Server::new();
    let (keys, record) = key_recorder();
    let failing = server
        .mock("POST", "/v1/checkout/sessions")
        .match_request(record)
        .with_status(500)
        .with_body("oops")
        .expect(1)
        .create();
    let working = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(STRIPE_SESSION)
        .expect(1)
        .create();
    let (d, _) = donations(
        "fault-500",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    checkout(d.start_amount(Amount::whole(5), false).unwrap());
    failing.assert();
    working.assert();
    assert_eq!(
        keys.lock().unwrap().len(),
        1,
        "both attempts carry the same idempotency key"
    );
    assert_eq!(d.journal().list().unwrap().len(), 1);
}

#[test]
fn too_many_requests_waits_as_asked() {
    let mut server = Server::new();
    let limited = server
        .mock("POST", "/v1/checkout/sessions")
        .with_status(429)
        .with_header("Retry-After", "1")
        .expect(1)
        .create();
    let working = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(STRIPE_SESSION)
        .expect(1)
        .create();
    let (d, _) = donations(
        "fault-429",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    let started = Instant::now();
    checkout(d.start_amount(Amount::whole(5), false).unwrap());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured ({:?})",
        started.elapsed()
    );
    limited.assert();
    working.assert();
}

#[test]
fn timeouts_give_the_fallback_link_and_keep_the_intent() {
    let mut server = Server::new();
    let (keys, record) = key_recorder();
    let slow = server
        .mock("POST", "/v1/checkout/sessions")
        .match_request(record)
        .with_chunked_body(|w| {
            std::thread::sleep(Duration::from_millis(1500));
            w.write_all(STRIPE_SESSION.as_bytes())
        })
        .expect(3)
        .create();
    let (d, _) = donations(
        "fault-timeout",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    match d.start_amount(Amount::whole(5), false).unwrap() {
        Handoff::Fallback {
            url,
            intent,
            reason,
            ..
        } => {
            assert_eq!(url, "https://example.org/fallback");
            assert!(reason.contains("timed out"), "{reason}");
            let row = d.journal().get(&intent).unwrap().unwrap();
            assert_eq!(row.status, IntentStatus::Created, "kept for reconciliation");
        }
        other => panic!("{other:?}"),
    }
    slow.assert();
    assert_eq!(
        keys.lock().unwrap().len(),
        1,
        "one payment: every attempt had the same key"
    );
}

#[test]
fn connection_refused_gives_the_fallback_link() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (d, _) = donations(
        "fault-refused",
        "stripe",
        &format!("http://127.0.0.1:{port}"),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    let handoff = d.start_amount(Amount::whole(5), false).unwrap();
    assert!(
        matches!(&handoff, Handoff::Fallback { reason, .. } if reason.contains("connection failed")),
        "{handoff:?}"
    );
    let unfinished = d.journal().unfinished().unwrap();
    assert_eq!(unfinished.len(), 1);
}

#[test]
fn malformed_json_is_not_retried_and_not_lost() {
    let mut server = Server::new();
    let garbled = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body("{\"id\": \"cs_")
        .expect(1)
        .create();
    let (d, _) = donations(
        "fault-json",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    let handoff = d.start_amount(Amount::whole(5), false).unwrap();
    assert!(
        matches!(&handoff, Handoff::Fallback { reason, .. } if reason.contains("could not be read")),
        "{handoff:?}"
    );
    garbled.assert();
    assert_eq!(d.journal().unfinished().unwrap().len(), 1);
}

#[test]
fn unauthorised_is_a_configuration_error_without_the_key() {
    let mut server = Server::new();
    let refused = server
        .mock("POST", "/v1/checkout/sessions")
        .with_status(401)
        .with_body(format!(
            r#"{{"error":{{"message":"Invalid API Key provided: {STRIPE_KEY}"}}}}"#
        ))
        .expect(1)
        .create();
    let (d, _) = donations(
        "fault-401",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    let error = d.start_amount(Amount::whole(5), false).unwrap_err();
    refused.assert();
    assert!(
        matches!(error, DonationError::Configuration(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("check the key"), "{error}");
    assert!(!error.to_string().contains(STRIPE_KEY));
    assert_eq!(d.journal().list().unwrap()[0].status, IntentStatus::Failed);
}

#[test]
fn keys_never_reach_the_journal_errors_or_export() {
    let mut server = Server::new();
    // A provider that echoes the key back in an error, the worst case.
    let _echo = server
        .mock("POST", "/v1/checkout/sessions")
        .with_status(400)
        .with_body(format!(
            r#"{{"error":{{"message":"bad request for key {STRIPE_KEY}"}}}}"#
        ))
        .create();
    let (d, journal) = donations(
        "secrets",
        "stripe",
        &server.url(),
        false,
        "EUR",
        Some(STRIPE_KEY),
    );
    let mut seen = Vec::new();
    seen.push(format!("{:?}", d.start_amount(Amount::whole(5), false)));
    let mut csv = Vec::new();
    d.journal().export_csv(&mut csv).unwrap();
    seen.push(String::from_utf8(csv).unwrap());
    seen.push(format!("{:?}", d.journal().list().unwrap()));
    seen.push(format!("{:?}", Secret::new(STRIPE_KEY)));
    drop(d);
    // The database files themselves, byte for byte.
    for entry in std::fs::read_dir(journal.parent().unwrap())
        .unwrap()
        .flatten()
    {
        seen.push(String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned());
    }
    for text in &seen {
        assert!(
            !text.contains(STRIPE_KEY),
            "the key leaked into: {}",
            &text[..text.len().min(300)]
        );
    }
    assert!(
        seen[0].contains("***"),
        "the echoed key was redacted: {}",
        seen[0]
    );
}

#[test]
fn qr_code_decodes_back_to_the_checkout_url() {
    let url = "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0#fidkdWxOYHwnPyd1blpxYHZxWjA0";
    let qr = temoin_donations::qr::QrMatrix::encode(url).unwrap();
    let (side, pixels) = qr.to_pixels(6);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().expect("decodes");
    assert_eq!(content, url);
    assert_eq!(
        temoin_donations::qr::short_link(url),
        "checkout.stripe.com/c/pay/cs_test_a1B2c…"
    );
}

#[test]
fn non_loopback_http_is_refused() {
    let settings = settings(
        "test",
        "EUR",
        &provider_text("stripe", "http://api.example.org"),
    );
    let journal = scratch("plain-http").join("journal.sqlite");
    let error = Donations::open(
        settings,
        &journal,
        Some(Secret::new(STRIPE_KEY)),
        fast_policy(),
    )
    .err()
    .expect("plain http to another machine is refused");
    assert!(
        matches!(&error, DonationError::Configuration(m) if m.contains("must use https://")),
        "{error}"
    );
}
