//! The shipped chapter configs load; a broken one is refused at load time with the place
//! and the fix.

use std::path::PathBuf;
use temoin_chapter::config::{chapter_path, load_chapter, parse_chapter};
use temoin_scenario::SourceFile;

fn chapters_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../chapters")
}

#[test]
fn every_shipped_chapter_loads() {
    for name in ["demo", "uk", "be-fr", "ar"] {
        let chapter = load_chapter(&chapters_dir().join(format!("{name}.ron")))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(chapter.id, name);
        assert!(!chapter.suggested().is_empty());
    }
    let demo = load_chapter(&chapters_dir().join("demo.ron")).unwrap();
    assert_eq!(
        demo.provider.kind(),
        temoin_donations::ProviderKind::Link,
        "cargo run needs no account"
    );
}

#[test]
fn unknown_chapter_name_suggests_the_closest() {
    let error = chapter_path(&chapters_dir(), "be-fe").unwrap_err();
    assert!(error.contains("did you mean `be-fr`?"), "{error}");
}

const CHAPTER: &str = r#"Chapter(
    id: "x",
    name: "X",
    currency: "EUR",
    amounts: [5, 10, 900],
    minimum: 2,
    maximum: 500,
    monthly: false,
    provider: Link(url: "https://example.org/give"),
    fallback_link: "https://example.org/give",
)"#;

#[test]
fn amounts_outside_the_bounds_are_refused_with_their_place() {
    let errors = parse_chapter(&SourceFile::new("chapters/x.ron", CHAPTER)).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.code, "bad-amount");
    assert_eq!(
        e.message,
        "suggested amount 900 EUR is outside this chapter's range of 2 to 500"
    );
    assert_eq!(
        (e.file.as_str(), e.line, e.column),
        ("chapters/x.ron", 5, 5)
    );
}

#[test]
fn monthly_with_a_provider_that_cannot_is_refused() {
    let text = CHAPTER
        .replace("[5, 10, 900]", "[5, 10]")
        .replace("monthly: false", "monthly: true")
        .replace(
            r#"Link(url: "https://example.org/give")"#,
            r#"Mollie(redirect_url: "https://example.org/ok", description: "Gift")"#,
        );
    let errors = parse_chapter(&SourceFile::new("chapters/x.ron", text)).unwrap_err();
    assert_eq!(errors[0].code, "monthly-unsupported");
    assert_eq!(errors[0].line, 8);
    assert_eq!(
        errors[0].suggestion.as_deref(),
        Some("set `monthly: false`, or use Stripe or a donation link")
    );
}

#[test]
fn unknown_currency_and_typos_are_load_errors() {
    let errors = parse_chapter(&SourceFile::new(
        "c.ron",
        CHAPTER.replace("\"EUR\"", "\"EURO\""),
    ))
    .unwrap_err();
    assert!(
        errors[0].message.starts_with("unknown currency `EURO`"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line, 4);
    let errors = parse_chapter(&SourceFile::new(
        "c.ron",
        CHAPTER.replace("fallback_link", "fallback_url"),
    ))
    .unwrap_err();
    assert_eq!(
        errors[0].suggestion.as_deref(),
        Some("did you mean `fallback_link`?")
    );
}

/// Each provider's settings are checked where the chapter wrote them: a URL that is not
/// https (or not a URL), a misspelt or missing field, an unknown provider.
#[test]
fn provider_settings_are_checked_in_place() {
    let with = |provider: &str| {
        let text = CHAPTER
            .replace("[5, 10, 900]", "[5, 10]")
            .replace(r#"Link(url: "https://example.org/give")"#, provider);
        parse_chapter(&SourceFile::new("chapters/x.ron", text)).unwrap_err()
    };
    let errors = with(
        r#"Stripe(success_url: "https://example.org/ok", cancel_url: "http://example.org/", product_name: "Gift")"#,
    );
    assert_eq!(
        (
            errors[0].code.as_str(),
            errors[0].line,
            errors[0].column,
            errors[0].message.as_str()
        ),
        (
            "bad-url",
            9,
            73,
            "`http://example.org/` must use https:// (plain http is only allowed on this machine)"
        )
    );
    let errors = with(
        r#"Mollie(redirect_url: "https://example.org/ok", description: "Gift", api_base: "http://api.example")"#,
    );
    assert_eq!((errors[0].code.as_str(), errors[0].column), ("bad-url", 93));
    let errors = with(r#"Link(url: "not a url")"#);
    assert_eq!(
        errors[0].message,
        "`not a url` is not a URL (relative URL without a base)"
    );
    let errors = with(
        r#"MercadoPago(success_url: "https://example.org/ok", failure_url: "https://example.org/ko", titel: "Gift")"#,
    );
    assert_eq!(errors[0].message, "unknown field `titel` in `MercadoPago`");
    assert_eq!(
        errors[0].suggestion.as_deref(),
        Some("did you mean `title`?")
    );
    let errors = with(
        r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/")"#,
    );
    assert_eq!(
        errors[0].message,
        "missing field `product_name` in `Stripe`"
    );
    let errors = with(r#"Strip(success_url: "https://example.org/ok")"#);
    assert_eq!(
        errors[0].suggestion.as_deref(),
        Some("did you mean `Stripe`?")
    );
    // Plain http to this machine is allowed (a local test server).
    let text = CHAPTER.replace("[5, 10, 900]", "[5, 10]").replace(
        r#"Link(url: "https://example.org/give")"#,
        r#"Mollie(redirect_url: "https://example.org/ok", description: "Gift", api_base: "http://127.0.0.1:9")"#,
    );
    let chapter = parse_chapter(&SourceFile::new("chapters/x.ron", text)).unwrap();
    assert_eq!(
        chapter.donations().provider.kind(),
        temoin_donations::ProviderKind::Mollie
    );
}
