//! The donations client's overhead against a bare `reqwest` call to the same local server,
//! measured in the same run and printed as ratios (target: at most 1.2x for the provider
//! call). The server is a small keep-alive HTTP/1.1 responder on 127.0.0.1 answering every
//! request with a fixed Stripe Checkout Session.
//!
//! `cargo bench -p temoin_donations --bench client_overhead` measures; `cargo test` runs a few
//! rounds as a smoke test (the provider must read the local session correctly).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use temoin_donations::http::Http;
use temoin_donations::providers::{Provider, stripe_form};
use temoin_donations::secrets::Secret;
use temoin_donations::{DonationSettings, Donations, Handoff, Journal, RetryPolicy};
use temoin_scenario::{Amount, Currency};

const KEY: &str = "sk_test_BENCH_4eC39HqLyjWDarjtT1zdp7dc";
const SESSION: &str = r#"{"id":"cs_test_bench","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_bench","status":"open","payment_status":"unpaid","amount_total":2500,"currency":"eur"}"#;

/// Answers every request on every connection with `SESSION`, keeping connections alive.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{address}")
}

fn answer(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut writer = stream.try_clone().expect("clone the stream");
    let mut reader = BufReader::new(stream);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{SESSION}",
        SESSION.len()
    );
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() || writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn time<T>(rounds: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(f());
    }
    start.elapsed() / rounds
}

fn chapter(base: &str) -> DonationSettings {
    let provider = format!(
        r#"Stripe(success_url: "https://example.org/thanks", cancel_url: "https://example.org/", product_name: "Gift", api_base: "{base}")"#
    );
    DonationSettings {
        chapter: "bench".into(),
        currency: Currency::from_code("EUR").expect("euros"),
        amounts: vec![Amount::whole(25)],
        minimum: Amount::whole(1),
        maximum: Amount::whole(1000),
        monthly: false,
        provider: temoin_scenario::load::ron_options()
            .from_str(&provider)
            .expect("a Stripe provider"),
        fallback_link: "https://example.org/fallback".into(),
        checkout_minutes: 30,
    }
}

fn scratch() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("temoin-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (rounds, warmup) = if benching { (2_000, 200) } else { (20, 5) };
    let base = serve();
    let dir = scratch();
    let chapter = chapter(&base);
    let policy = RetryPolicy::default();

    // One intent, as the journal writes it, for the provider call and the bare baseline.
    let journal = Journal::open(&dir.join("intents.sqlite")).expect("a journal");
    let money = chapter
        .check_amount(Amount::whole(25))
        .expect("a valid amount");
    let intent = journal
        .record("bench", chapter.provider.kind(), money, false)
        .expect("journal an intent");
    let expires_at = temoin_donations::journal::now() + 30 * 60;
    let form = stripe_form(
        &intent,
        expires_at,
        "https://example.org/thanks",
        "https://example.org/",
        "Gift",
    );

    // The baseline: one blocking client, the same request, the body read as text.
    let bare = reqwest::blocking::Client::builder()
        .connect_timeout(policy.connect_timeout)
        .timeout(policy.request_timeout)
        .build()
        .expect("a client");
    let url = format!("{base}/v1/checkout/sessions");
    let bare_call = || {
        let response = bare
            .post(&url)
            .bearer_auth(KEY)
            .header("Idempotency-Key", &intent.idempotency_key)
            .form(&form)
            .send()
            .expect("the local server answers");
        assert!(response.status().is_success());
        response.text().expect("a body")
    };

    let provider = Provider::from_config(&chapter.provider, Some(Secret::new(KEY)))
        .expect("a Stripe provider");
    let http = Http::new(policy.clone()).expect("a client");
    let provider_call = || {
        provider
            .create(&http, &intent, expires_at)
            .expect("a checkout")
    };

    // Correctness first: the provider reads the local session.
    let created = provider_call();
    assert_eq!(created.provider_id, "cs_test_bench");
    assert_eq!(
        created.url,
        "https://checkout.stripe.com/c/pay/cs_test_bench"
    );

    let donations = Donations::open(
        chapter.clone(),
        &dir.join("donations.sqlite"),
        Some(Secret::new(KEY)),
        policy,
    )
    .expect("open donations");
    let start = || match donations.start_amount(Amount::whole(25), false) {
        Ok(Handoff::Checkout { url, .. }) => url,
        other => panic!("not a checkout: {other:?}"),
    };

    // Warm both connection pools, then alternate the measurements so drift hits both.
    time(warmup, bare_call);
    time(warmup, provider_call);
    let (mut bare_t, mut provider_t) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..4 {
        bare_t += time(rounds / 4, bare_call);
        provider_t += time(rounds / 4, provider_call);
    }
    let (bare_t, provider_t) = (bare_t / 4, provider_t / 4);
    time(warmup.min(20), start);
    let start_t = time((rounds / 10).max(5), start);
    // The journal alone: an insert and an update, each synced (WAL, synchronous = FULL).
    let journal_t = time((rounds / 10).max(5), || {
        let i = journal
            .record("bench", chapter.provider.kind(), money, false)
            .expect("journal");
        journal
            .update(
                &i.id,
                temoin_donations::IntentStatus::Open,
                Some("cs"),
                Some("u"),
                None,
            )
            .expect("update");
    });

    println!("client overhead: Stripe create-checkout against 127.0.0.1, {rounds} rounds");
    println!("bare reqwest POST + body           {bare_t:>10.2?}   (baseline)");
    println!(
        "Provider::create (Http::send)      {provider_t:>10.2?}   {:.2}x baseline (target <= 1.20x)",
        provider_t.as_secs_f64() / bare_t.as_secs_f64()
    );
    println!(
        "journal insert + update (synced)   {journal_t:>10.2?}   {:.2}x baseline",
        journal_t.as_secs_f64() / bare_t.as_secs_f64()
    );
    println!(
        "Donations::start (journal + call)  {start_t:>10.2?}   {:.2}x baseline, {:.2}x provider call",
        start_t.as_secs_f64() / bare_t.as_secs_f64(),
        start_t.as_secs_f64() / provider_t.as_secs_f64()
    );
    drop(donations);
    drop(journal);
    let _ = std::fs::remove_dir_all(&dir);
}
