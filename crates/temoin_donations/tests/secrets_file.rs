//! Keys from a secrets file outside the repository (`TEMOIN_SECRETS`), and errors that say
//! where a key belongs without ever printing one. Its own test binary: it sets environment
//! variables, which no other test may see.

use temoin_donations::ProviderKind;
use temoin_donations::secrets::secret_for;

#[test]
fn keys_come_from_the_environment_or_the_secrets_file() {
    let dir = std::env::temp_dir().join(format!("temoin-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secrets.ron");
    std::fs::write(
        &file,
        r#"(stripe_secret_key: "sk_test_FROM_FILE", mollie_api_key: "test_FROM_FILE")"#,
    )
    .unwrap();
    // SAFETY: this binary runs this one test, on one thread; nothing else reads the environment.
    unsafe {
        std::env::remove_var("TEMOIN_STRIPE_SECRET_KEY");
        std::env::remove_var("TEMOIN_MERCADOPAGO_ACCESS_TOKEN");
        std::env::set_var("TEMOIN_SECRETS", &file);
        std::env::set_var("TEMOIN_MOLLIE_API_KEY", "test_FROM_ENV");
    }
    assert_eq!(
        secret_for(ProviderKind::Stripe).unwrap().unwrap().expose(),
        "sk_test_FROM_FILE"
    );
    assert_eq!(
        secret_for(ProviderKind::Mollie).unwrap().unwrap().expose(),
        "test_FROM_ENV",
        "the environment wins"
    );
    assert!(
        secret_for(ProviderKind::Link).unwrap().is_none(),
        "a link needs no key"
    );
    let missing = secret_for(ProviderKind::MercadoPago).unwrap_err();
    assert!(
        missing.contains("TEMOIN_MERCADOPAGO_ACCESS_TOKEN"),
        "{missing}"
    );

    std::fs::write(&file, r#"(stripe_secret_key: "sk_test_BROKEN_FILE""#).unwrap();
    let broken = secret_for(ProviderKind::Stripe).unwrap_err();
    assert!(broken.contains("is not valid at"), "{broken}");
    assert!(
        !broken.contains("sk_test_BROKEN_FILE"),
        "the error must not quote the file: {broken}"
    );
    assert_eq!(
        format!("{:?}", secret_for(ProviderKind::Mollie).unwrap().unwrap()),
        "Secret(***)"
    );
}
