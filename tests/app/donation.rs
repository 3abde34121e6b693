//! The booth's donation flow inside Bevy: a pledge becomes a checkout on the worker thread,
//! the screen state follows the provider (waiting, paid, fallback), a reset closes an open
//! checkout, and the desk follows the chapter file as it is edited. Providers are local
//! servers on 127.0.0.1.

use super::headless::update_until;
use super::*;
use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use std::time::Duration;
use temoin::StoryPlugin;
use temoin::donation::{DeskState, DonationDesk, DonationPlugin};
use temoin::scenario::{ScenarioEvent, ScenarioLocation};
use temoin_donations::secrets::Secret;
use temoin_donations::{IntentStatus, Journal, ProviderKind};
use temoin_scenario::{Amount, Currency, Money, RuntimeEvent};

/// A chapter `t` in euros, 5 and 10 suggested, monthly gifts, with `provider`.
fn chapter_text(provider: &str) -> String {
    format!(
        r#"Chapter(id: "t", name: "T", currency: "EUR", amounts: [5, 10], minimum: 1, maximum: 100, monthly: true,
            provider: {provider}, fallback_link: "https://example.org/fallback")"#
    )
}

/// The bundled story played with chapter `t` (in a scratch `chapters/` folder, whose file the
/// returned path names), the donation desk, its journal, and the desk's first settings taken.
fn desk_app(name: &str, provider: &str, secret: Option<&str>) -> (App, PathBuf, PathBuf) {
    let dir = scratch_dir(name);
    let chapters = dir.join("chapters");
    std::fs::create_dir_all(&chapters).unwrap();
    let chapter_file = chapters.join("t.ron");
    std::fs::write(&chapter_file, chapter_text(provider)).unwrap();
    let journal = dir.join("journal.sqlite");
    let scenario = bundled_scenario();
    let mut app = App::new();
    temoin::register_scenario_source(&mut app, &scenario);
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: path_str(&repo_root().join("assets")).to_owned(),
            watch_for_changes_override: Some(true),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
        StatesPlugin,
    ));
    app.add_plugins(StoryPlugin {
        location: ScenarioLocation {
            folder: scenario,
            file_name: "scenario.ron".into(),
            assets_dir: repo_root().join("assets"),
            chapter_file: chapter_file.clone(),
            pack_paths: temoin_chapter::PackPaths {
                chapters_dir: chapters.clone(),
                assets_dir: repo_root().join("assets"),
            },
        },
    });
    app.init_asset::<Image>();
    app.add_plugins(DonationPlugin {
        journal: journal.clone(),
        chapters_dir: chapters,
        secret: secret.map(Secret::new),
    });
    assert!(
        update_until(&mut app, 1000, |app| desk(app).settings.is_some()),
        "the desk never took the chapter's settings"
    );
    (app, journal, chapter_file)
}

fn desk(app: &App) -> &DonationDesk {
    app.world().resource::<DonationDesk>()
}

/// A Stripe provider config pointing at `base`.
fn stripe_at(base: &str) -> String {
    format!(
        r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/", product_name: "Gift", api_base: "{base}")"#
    )
}

/// Stripe creating Checkout Session `id`, open and unpaid, as its API answers.
fn stripe_creates(server: &mut mockito::Server, id: &str) -> mockito::Mock {
    server
        .mock("POST", "/v1/checkout/sessions")
        .with_body(format!(
            r#"{{"id":"{id}","url":"https://checkout.stripe.com/c/pay/{id}","status":"open","payment_status":"unpaid"}}"#
        ))
}

fn money(units: i64, code: &str) -> Money {
    Amount::whole(units)
        .in_currency(Currency::from_code(code).unwrap())
        .unwrap()
}

fn pledge(app: &mut App, euros: i64) {
    pledge_money(app, money(euros, "EUR"));
}

fn pledge_money(app: &mut App, amount: Money) {
    app.world_mut().write_message(ScenarioEvent(
        RuntimeEvent::DonationPledged {
            amount,
            monthly: false,
        },
        0.0,
    ));
}

fn state(app: &App) -> DeskState {
    desk(app).state.clone()
}

#[test]
fn a_link_pledge_shows_its_code_and_reset_clears_it() {
    let (mut app, journal, _) = desk_app(
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
    let _create = stripe_creates(&mut server, "cs_1").expect(1).create();
    let paid = server
        .mock("GET", "/v1/checkout/sessions/cs_1")
        .with_body(r#"{"id":"cs_1","status":"complete","payment_status":"paid"}"#)
        .expect_at_least(1)
        .create();
    let provider = stripe_at(&server.url());
    let (mut app, _, _) = desk_app("desk-stripe", &provider, Some("sk_test_desk"));
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
    let _create = stripe_creates(&mut server, "cs_2").create();
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
    let (mut app, journal, _) = desk_app("desk-reset", &provider, Some("sk_test_desk"));
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
    let (mut app, journal, _) = desk_app("desk-offline", &provider, Some("sk_test_desk"));
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

/// An edit to the chapter file while the booth runs reaches the desk through the pack's live
/// reload: the prompt offers the new currency and amounts, and the next pledge goes to the new
/// provider. The checkout open at that moment is kept and still followed with the provider
/// that made it, and a gift made in the old currency is refused, never converted.
#[test]
fn an_edited_chapter_changes_the_next_pledge_and_keeps_the_open_checkout() {
    let mut server = mockito::Server::new();
    let _create = stripe_creates(&mut server, "cs_r1").expect(1).create();
    let open = server
        .mock("GET", "/v1/checkout/sessions/cs_r1")
        .with_body(r#"{"id":"cs_r1","status":"open","payment_status":"unpaid"}"#)
        .create();
    let provider = stripe_at(&server.url());
    let (mut app, journal, chapter_file) =
        desk_app("desk-reload", &provider, Some("sk_test_reload"));
    assert_eq!(desk(&app).suggested(), [money(5, "EUR"), money(10, "EUR")]);
    assert!(desk(&app).offers_monthly());
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

    // Modification times can be coarse: make sure the edit is seen as a change.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(
        &chapter_file,
        r#"Chapter(id: "t", name: "T", currency: "GBP", amounts: [3, 7], minimum: 1, maximum: 50,
            provider: Link(url: "https://example.org/new"), fallback_link: "https://example.org/fallback")"#,
    )
    .unwrap();
    assert!(
        update_until(&mut app, 1000, |app| desk(app)
            .settings
            .as_ref()
            .is_some_and(|s| s.currency.code() == "GBP")),
        "the edited chapter never reached the desk"
    );
    let settings = desk(&app).settings.clone().unwrap();
    assert_eq!(settings.provider.kind(), ProviderKind::Link);
    assert_eq!(desk(&app).suggested(), [money(3, "GBP"), money(7, "GBP")]);
    assert!(!desk(&app).offers_monthly());
    assert!(
        matches!(state(&app), DeskState::Waiting { ref url, .. } if url.ends_with("cs_r1")),
        "the open checkout was dropped: {:?}",
        state(&app)
    );

    // The visitor pays: the checkout is still polled at Stripe, which made it.
    open.remove();
    let paid = server
        .mock("GET", "/v1/checkout/sessions/cs_r1")
        .with_body(r#"{"id":"cs_r1","status":"complete","payment_status":"paid"}"#)
        .expect_at_least(1)
        .create();
    assert!(
        update_until(&mut app, 1000, |app| matches!(
            state(app),
            DeskState::Paid { .. }
        )),
        "{:?}",
        state(&app)
    );
    paid.assert();

    // A gift still in euros (a prompt drawn before the edit) is refused with the reason.
    app.world_mut()
        .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
    app.update();
    pledge(&mut app, 5);
    assert!(
        update_until(&mut app, 500, |app| matches!(
            state(app),
            DeskState::Fallback { .. }
        )),
        "{:?}",
        state(&app)
    );
    let DeskState::Fallback {
        reason, operator, ..
    } = state(&app)
    else {
        unreachable!()
    };
    assert!(reason.contains("5.00 EUR is not in GBP"), "{reason}");
    assert!(operator, "the attendant sees it");

    // The next gift goes to the new provider, in the new currency.
    app.world_mut()
        .write_message(ScenarioEvent(RuntimeEvent::Reset, 0.0));
    app.update();
    pledge_money(&mut app, money(7, "GBP"));
    assert!(
        update_until(&mut app, 500, |app| matches!(
            state(app),
            DeskState::Waiting { .. }
        )),
        "{:?}",
        state(&app)
    );
    let DeskState::Waiting { url, .. } = state(&app) else {
        unreachable!()
    };
    assert_eq!(url, "https://example.org/new?amount=7.00");
    let intents = Journal::open(&journal).unwrap().list().unwrap();
    let rows: Vec<(ProviderKind, String, IntentStatus)> = intents
        .iter()
        .map(|i| (i.provider, i.amount.to_string(), i.status))
        .collect();
    assert_eq!(
        rows,
        [
            (
                ProviderKind::Stripe,
                "5.00 EUR".to_string(),
                IntentStatus::Paid
            ),
            (
                ProviderKind::Link,
                "7.00 GBP".to_string(),
                IntentStatus::Pledged
            ),
        ]
    );
}
