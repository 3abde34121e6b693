//! A secrets file that cannot be read or is not valid RON: one line naming the file (and the
//! line:column of a parse error), never a key. Its own test binary: it sets environment
//! variables, which no other test may see.

use temoin_donations::ProviderKind;
use temoin_donations::secrets::secret_for;

const LIVE: &str = "sk_live_51SECRETdoNotPrint9876";

fn error_for(path: &std::path::Path) -> String {
    // SAFETY: this binary runs this one test, on one thread; nothing else reads the environment.
    unsafe { std::env::set_var("TEMOIN_SECRETS", path) };
    secret_for(ProviderKind::Stripe).expect_err("a broken secrets file must be refused")
}

fn one_clean_line(message: &str, path: &std::path::Path) {
    assert!(!message.contains('\n'), "more than one line: {message}");
    assert!(
        message.contains(&path.display().to_string()),
        "the file is not named: {message}"
    );
    for fragment in [LIVE, "sk_live", "51SECRET", "doNotPrint"] {
        assert!(
            !message.contains(fragment),
            "key material `{fragment}` leaked: {message}"
        );
    }
}

#[test]
fn unreadable_or_malformed_secrets_files_give_one_line_without_keys() {
    let dir = std::env::temp_dir().join(format!("temoin-secrets-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // SAFETY: as above.
    unsafe {
        for var in [
            "TEMOIN_STRIPE_SECRET_KEY",
            "TEMOIN_MOLLIE_API_KEY",
            "TEMOIN_MERCADOPAGO_ACCESS_TOKEN",
        ] {
            std::env::remove_var(var);
        }
    }

    // Unreadable, even for root: a directory where the file should be.
    let folder = dir.join("secrets.ron");
    std::fs::create_dir_all(&folder).unwrap();
    let message = error_for(&folder);
    one_clean_line(&message, &folder);
    assert!(message.contains("cannot read"), "{message}");

    // Unreadable, even for root: a path whose parent is a regular file.
    let blocker = dir.join("not-a-folder");
    std::fs::write(&blocker, LIVE).unwrap();
    let beneath = blocker.join("secrets.ron");
    let message = error_for(&beneath);
    one_clean_line(&message, &beneath);
    assert!(message.contains("cannot read"), "{message}");

    // Not text at all.
    let binary = dir.join("binary.ron");
    let mut bytes = vec![0xff, 0xfe, 0x00, 0x9f];
    bytes.extend_from_slice(LIVE.as_bytes());
    std::fs::write(&binary, &bytes).unwrap();
    let message = error_for(&binary);
    one_clean_line(&message, &binary);

    // Parse errors: each names line:column, never the content.
    let cases: [(&str, String, &str); 5] = [
        ("garbage.ron", format!("%%% {LIVE} ??? !!!\n"), "at 1:"),
        (
            "toml.ron",
            format!("[keys]\nstripe_secret_key = \"{LIVE}\"\n"),
            "at 1:",
        ),
        (
            "wrong-structure.ron",
            format!("(\n  stripe_secret_key: [\"{LIVE}\"],\n)\n"),
            "at 2:",
        ),
        (
            "unknown-field.ron",
            format!("(\n  stripe_secret_key: \"{LIVE}\",\n  {LIVE}: \"x\",\n)\n"),
            "at 3:",
        ),
        (
            // A syntax error right after the key's value.
            "after-value.ron",
            format!("(\n  stripe_secret_key: \"{LIVE}\" mollie_api_key: \"{LIVE}\",\n)\n"),
            "at 2:",
        ),
    ];
    for (name, text, at) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let message = error_for(&path);
        one_clean_line(&message, &path);
        assert!(message.contains("is not valid at"), "{name}: {message}");
        assert!(
            message.contains(at),
            "{name}: no `{at}` position: {message}"
        );
    }

    // A valid file still works after all that.
    let good = dir.join("good.ron");
    std::fs::write(&good, format!("(stripe_secret_key: \"{LIVE}\")")).unwrap();
    // SAFETY: as above.
    unsafe { std::env::set_var("TEMOIN_SECRETS", &good) };
    assert_eq!(
        secret_for(ProviderKind::Stripe).unwrap().unwrap().expose(),
        LIVE
    );

    // The central database's password comes from the same file, and only from there when
    // the variable is unset.
    unsafe { std::env::remove_var("TEMOIN_SYNC_PASSWORD") };
    let good = dir.join("with-sync.ron");
    std::fs::write(&good, "(sync_password: \"pg-pass-123\")").unwrap();
    unsafe { std::env::set_var("TEMOIN_SECRETS", &good) };
    let password = temoin_donations::secrets::sync_password().unwrap().unwrap();
    assert_eq!(password.expose(), "pg-pass-123");
    assert!(!format!("{password:?}").contains("pg-pass"));
    unsafe { std::env::set_var("TEMOIN_SYNC_PASSWORD", "from-env") };
    let password = temoin_donations::secrets::sync_password().unwrap().unwrap();
    assert_eq!(password.expose(), "from-env");
    unsafe { std::env::remove_var("TEMOIN_SYNC_PASSWORD") };
    let broken = dir.join("broken-sync.ron");
    std::fs::write(&broken, "(sync_password: \"pg-pass-123\"").unwrap();
    unsafe { std::env::set_var("TEMOIN_SECRETS", &broken) };
    let message = temoin_donations::secrets::sync_password().unwrap_err();
    assert!(!message.contains("pg-pass-123"), "{message}");
    one_clean_line(&message, &broken);
    let _ = std::fs::remove_dir_all(&dir);
}
