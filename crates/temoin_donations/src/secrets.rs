//! API keys: from the environment, or from a RON file outside the repository named by
//! `TEMOIN_SECRETS`. A `Secret` never prints itself, and `redact` scrubs any text that is
//! about to be logged or stored.

use crate::providers::ProviderKind;
use serde::Deserialize;
use std::fmt;

/// An API key. Debug and Display print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The key itself, for an `Authorization` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced.
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            text.to_owned()
        } else {
            text.replace(&self.0, "***")
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The environment variable holding a provider's key.
pub fn variable(kind: ProviderKind) -> Option<&'static str> {
    match kind {
        ProviderKind::Link => None,
        ProviderKind::Stripe => Some("TEMOIN_STRIPE_SECRET_KEY"),
        ProviderKind::Mollie => Some("TEMOIN_MOLLIE_API_KEY"),
        ProviderKind::MercadoPago => Some("TEMOIN_MERCADOPAGO_ACCESS_TOKEN"),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SecretsFile {
    #[serde(default)]
    stripe_secret_key: Option<String>,
    #[serde(default)]
    mollie_api_key: Option<String>,
    #[serde(default)]
    mercadopago_access_token: Option<String>,
    /// The NGO's central PostgreSQL (`temoin sync`): kept here rather than in a URL.
    #[serde(default)]
    sync_password: Option<String>,
}

/// The `TEMOIN_SECRETS` file, if one is named. Errors give the place, never the content.
fn secrets_file() -> Result<Option<SecretsFile>, String> {
    let Some(path) = std::env::var_os("TEMOIN_SECRETS") else {
        return Ok(None);
    };
    let path = std::path::PathBuf::from(path);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read TEMOIN_SECRETS file `{}`: {e}; it must be a readable RON file, (stripe_secret_key: \"…\", …)", path.display()))?;
    let file: SecretsFile = temoin_scenario::load::ron_options().from_str(&text).map_err(|e| {
        // The position only: ron's message could quote the file's content.
        format!("TEMOIN_SECRETS file `{}` is not valid at {}; expected (stripe_secret_key: \"…\", …)", path.display(), e.span.start)
    })?;
    Ok(Some(file))
}

/// The environment variable holding the central database's password.
pub const SYNC_PASSWORD_VARIABLE: &str = "TEMOIN_SYNC_PASSWORD";

/// The central database's password: `TEMOIN_SYNC_PASSWORD`, else `sync_password` in the
/// `TEMOIN_SECRETS` file; `None` when neither has one (the URL may, or the server trusts).
pub fn sync_password() -> Result<Option<Secret>, String> {
    if let Some(value) = std::env::var(SYNC_PASSWORD_VARIABLE)
        .ok()
        .filter(|v| !v.is_empty())
    {
        return Ok(Some(Secret(value)));
    }
    Ok(secrets_file()?
        .and_then(|f| f.sync_password)
        .filter(|v| !v.is_empty())
        .map(Secret))
}

/// The key for `kind`: its environment variable, else the `TEMOIN_SECRETS` file. The error
/// says where to put it, never what it is.
pub fn secret_for(kind: ProviderKind) -> Result<Option<Secret>, String> {
    let Some(var) = variable(kind) else {
        return Ok(None);
    };
    if let Some(value) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
        return Ok(Some(Secret(value.trim().to_owned())));
    }
    if let Some(file) = secrets_file()? {
        let value = match kind {
            ProviderKind::Stripe => file.stripe_secret_key,
            ProviderKind::Mollie => file.mollie_api_key,
            ProviderKind::MercadoPago => file.mercadopago_access_token,
            ProviderKind::Link => None,
        };
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            return Ok(Some(Secret(value.trim().to_owned())));
        }
    }
    Err(format!(
        "no API key for {}: set {var} or name a secrets file outside the repository with TEMOIN_SECRETS",
        kind.name()
    ))
}
