//! The booth's donation flow inside Bevy: a pledge becomes a checkout on the worker thread,
//! the screen state follows the provider (waiting, paid, fallback), and a reset closes an
//! open checkout. Providers are local servers on 127.0.0.1.

use super::headless::{story_app, update_until};
use super::*;
use bevy::prelude::*;
use temoin::donation::{DeskState, DonationDesk, DonationPlugin};
use temoin::scenario::ScenarioEvent;
use temoin_chapter::config::parse_chapter;
use temoin_donations::secrets::Secret;
use temoin_scenario::{Amount, Currency, RuntimeEvent, SourceFile};

fn desk_app(name: &str, provider: &str, secret: Option<&str>) -> (App, PathBuf) {
    let chapter = parse_chapter(&SourceFile::new(
        "test.ron",
        format!(
            r#"Chapter(id: "t", name: "T", currency: "EUR", amounts: [5, 10], minimum: 1, maximum: 100, monthly: true,
                provider: {provider}, fallback_link: "https://example.org/fallback")"#
        ),
    ))
    .expect("valid chapter");
    let journal = scratch_dir(name).join("journal.sqlite");
    let mut app = story_app(&bundled_scenario());
    app.init_asset::<Image>();
    app.add_plugins(DonationPlugin {
        chapter,
        journal: journal.clone(),
        secret: secret.map(Secret::new),
    });
    app.update();
    (app, journal)
}

/// A Stripe provider config pointing at `base`.
fn stripe_at(base: &str) -> String {
    format!(
        r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/", product_name: "Gift", api_base: "{base}")"#
    )
}

fn pledge(app: &mut App, euros: i64) {
    let amount = Amount::whole(euros)
        .in_currency(Currency::from_code("EUR").unwrap())
        .unwrap();
    app.world_mut().write_message(ScenarioEvent(
        RuntimeEvent::DonationPledged {
            amount,
            monthly: false,
        },
        0.0,
    ));
}

fn state(app: &App) -> DeskState {
    app.world().resource::<DonationDesk>().state.clone()
}

#[test]
fn a_link_pledge_shows_its_code_and_reset_clears_it() {
    let (mut app, journal) = desk_app(
        "desk-link",
        r#"Link(url: "https://example.org/give")"#,
        None,
    );
    pledge(&mut app, 10);
    let waiting = update_until(&mut app, 500, |app| {
        matches!(state(app), DeskState::Waiting { .. })
    });
    assert!(waiting, "no checkout: {:?}", state(&app));
    let DeskState::Waiting {
        url,
        confirmable,
        qr,
        ..
    } = state(&app)
    else {
        unreachable!()
    };
    assert_eq!(url, "https://example.org/give?amount=10.00");
    assert!(!confirmable, "a link cannot confirm payment");
    assert!(
        app.world().resource::<Assets<Image>>().get(&qr).is_some(),
        "the QR image exists"
    );
    app.world_mut()
        .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
    app.update();
    assert_eq!(state(&app), DeskState::Idle);
    let intents = temoin_donations::Journal::open(&journal)
        .unwrap()
        .list()
        .unwrap();
    assert_eq!(intents.len(), 1);
    assert_eq!(intents[0].status, temoin_donations::IntentStatus::Pledged);
}

#[test]
fn a_stripe_checkout_is_polled_until_paid() {
    let mut server = mockito::Server::new();
    let _create = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(r#"{"id":"cs_1","url":"https://checkout.stripe.com/c/pay/cs_1","status":"open","payment_status":"unpaid"}"#)
        .expect(1)
        .create();
    let paid = server
        .mock("GET", "/v1/checkout/sessions/cs_1")
        .with_body(r#"{"id":"cs_1","status":"complete","payment_status":"paid"}"#)
        .expect_at_least(1)
        .create();
    let provider = stripe_at(&server.url());
    let (mut app, _) = desk_app("desk-stripe", &provider, Some("sk_test_desk"));
    pledge(&mut app, 5);
    assert!(
        update_until(&mut app, 500, |app| matches!(
            state(app),
            DeskState::Waiting {
                confirmable: true,
                ..
            }
        )),
        "{:?}",
        state(&app)
    );
    // The status is polled every few seconds on the worker, never on the frame.
    assert!(
        update_until(&mut app, 1000, |app| matches!(
            state(app),
            DeskState::Paid { .. }
        )),
        "{:?}",
        state(&app)
    );
    paid.assert();
}

#[test]
fn reset_closes_an_open_stripe_checkout() {
    let mut server = mockito::Server::new();
    let _create = server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(r#"{"id":"cs_2","url":"https://checkout.stripe.com/c/pay/cs_2","status":"open","payment_status":"unpaid"}"#)
        .create();
    let _open = server
        .mock("GET", "/v1/checkout/sessions/cs_2")
        .with_body(r#"{"id":"cs_2","status":"open","payment_status":"unpaid"}"#)
        .create();
    let expire = server
        .mock("POST", "/v1/checkout/sessions/cs_2/expire")
        .with_body(r#"{"id":"cs_2","status":"expired","payment_status":"unpaid"}"#)
        .expect(1)
        .create();
    let provider = stripe_at(&server.url());
    let (mut app, journal) = desk_app("desk-reset", &provider, Some("sk_test_desk"));
    pledge(&mut app, 5);
    assert!(update_until(&mut app, 500, |app| matches!(
        state(app),
        DeskState::Waiting { .. }
    )));
    app.world_mut()
        .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
    let closed = update_until(&mut app, 500, |_| {
        temoin_donations::Journal::open(&journal)
            .unwrap()
            .list()
            .unwrap()[0]
            .status
            == temoin_donations::IntentStatus::Expired
    });
    assert!(closed, "the checkout was not expired");
    expire.assert();
}

#[test]
fn an_unreachable_provider_gives_the_fallback_link() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let provider = stripe_at(&format!("http://127.0.0.1:{port}"));
    let (mut app, journal) = desk_app("desk-offline", &provider, Some("sk_test_desk"));
    pledge(&mut app, 5);
    assert!(
        update_until(&mut app, 1500, |app| matches!(
            state(app),
            DeskState::Fallback { .. }
        )),
        "{:?}",
        state(&app)
    );
    let DeskState::Fallback { url, operator, .. } = state(&app) else {
        unreachable!()
    };
    assert_eq!(url, "https://example.org/fallback");
    assert!(!operator, "a network outage is not the attendant's fault");
    let unfinished = temoin_donations::Journal::open(&journal)
        .unwrap()
        .unfinished()
        .unwrap();
    assert_eq!(unfinished.len(), 1, "the intent waits for reconciliation");
}
