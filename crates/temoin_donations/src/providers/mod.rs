//! The payment providers, one file each behind `PaymentProvider`: what a chapter writes to use
//! one (its settings, never a secret) and how Témoin talks to it, following its public API
//! reference. `ProviderConfig` is the enum chapter files name (`provider: Stripe(...)`);
//! `Provider` is one ready to call, with its API base and key resolved.

mod link;
mod mercadopago;
mod mollie;
mod stripe;

pub use link::LinkConfig;
pub use mercadopago::{MercadoPagoConfig, unit_price};
pub use mollie::MollieConfig;
pub use stripe::{StripeConfig, stripe_form};

use crate::http::{Http, ProviderError};
use crate::journal::{Intent, IntentStatus};
use crate::secrets::Secret;
use reqwest::blocking::RequestBuilder;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One payment provider: its facts, the URLs its settings hold, and the three calls the
/// donation flow makes. Implemented by each provider's settings (`StripeConfig`…), so adding a
/// provider is one file and one variant of `ProviderConfig`.
pub trait PaymentProvider {
    /// Which provider this is: names its journal rows, its key and its environment variables.
    fn kind(&self) -> ProviderKind;

    /// Monthly gifts need a provider that can create subscriptions from a hosted page.
    fn supports_monthly(&self) -> bool {
        false
    }

    /// Whether calling it needs an API key (see `secrets`).
    fn needs_secret(&self) -> bool {
        true
    }

    /// Where its API lives unless the chapter or the environment says otherwise; `None` for
    /// a provider with no API.
    fn default_api_base(&self) -> Option<&'static str>;

    /// The chapter's own API base (a sandbox, a local test server), if it wrote one.
    fn configured_api_base(&self) -> Option<&str> {
        None
    }

    /// Every URL the settings hold, with the key the chapter file writes it under, so each is
    /// checked (`check_url`) and a problem points at its place in the file.
    fn urls(&self) -> Vec<(&'static str, &str)>;

    /// Creates the hosted checkout for `intent`, with its idempotency key on every attempt.
    fn create(&self, api: &Api, intent: &Intent, expires_at: i64)
    -> Result<Created, ProviderError>;

    /// Asks the provider how the payment stands.
    fn status(&self, api: &Api, intent: &Intent) -> Result<IntentStatus, ProviderError>;

    /// Closes checkout `id` (the provider's id for `intent`), which nobody will pay any more.
    fn expire(&self, api: &Api, intent: &Intent, id: &str) -> Result<(), ProviderError>;
}

/// The provider and its settings, as a chapter file writes them (`provider: Link(url: …)`);
/// secrets never live here (see `secrets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProviderConfig {
    /// No account needed: the chapter's donation page with the amount in the query.
    Link(LinkConfig),
    /// Stripe Checkout Sessions.
    Stripe(StripeConfig),
    /// Mollie Payments API v2.
    Mollie(MollieConfig),
    /// Mercado Pago Checkout Pro.
    MercadoPago(MercadoPagoConfig),
}

impl ProviderConfig {
    /// The provider these settings are for.
    pub fn provider(&self) -> &dyn PaymentProvider {
        match self {
            ProviderConfig::Link(config) => config,
            ProviderConfig::Stripe(config) => config,
            ProviderConfig::Mollie(config) => config,
            ProviderConfig::MercadoPago(config) => config,
        }
    }

    pub fn kind(&self) -> ProviderKind {
        self.provider().kind()
    }

    pub fn supports_monthly(&self) -> bool {
        self.provider().supports_monthly()
    }

    /// See `PaymentProvider::urls`.
    pub fn urls(&self) -> Vec<(&'static str, &str)> {
        self.provider().urls()
    }

    /// The API base: the environment's override, else the config's, else the provider's own;
    /// `None` for a provider without an API.
    pub fn api_base(&self) -> Result<Option<String>, String> {
        let provider = self.provider();
        let Some(default) = provider.default_api_base() else {
            return Ok(None);
        };
        let base = std::env::var(self.kind().api_base_variable())
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| provider.configured_api_base().map(str::to_owned))
            .unwrap_or_else(|| default.to_owned());
        check_url(&base)?;
        Ok(Some(base.trim_end_matches('/').to_owned()))
    }
}

/// Which provider, without its settings: used in the journal and to name its secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderKind {
    Link,
    Stripe,
    Mollie,
    MercadoPago,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] = [
        ProviderKind::Link,
        ProviderKind::Stripe,
        ProviderKind::Mollie,
        ProviderKind::MercadoPago,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::Link => "link",
            ProviderKind::Stripe => "stripe",
            ProviderKind::Mollie => "mollie",
            ProviderKind::MercadoPago => "mercadopago",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// `TEMOIN_STRIPE_API_BASE` and friends.
    pub fn api_base_variable(self) -> String {
        format!("TEMOIN_{}_API_BASE", self.name().to_ascii_uppercase())
    }
}

/// A URL the app may talk to or show: well-formed, and HTTPS unless it points at this machine.
pub fn check_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("`{text}` is not a URL ({e})"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(format!(
            "`{text}` must use https:// (plain http is only allowed on this machine)"
        )),
    }
}

/// A checkout that exists at the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub provider_id: String,
    pub url: String,
    pub status: IntentStatus,
}

/// Where and as whom a provider's API is called: the client with its retries, the API base
/// (no trailing slash) and the key, resolved once when the provider is made.
pub struct Api<'a> {
    pub http: &'a Http,
    pub base: &'a str,
    key: Option<&'a Secret>,
}

impl Api<'_> {
    /// The request with the provider's key as a bearer token (every provider here takes it so).
    pub fn authorize(&self, request: RequestBuilder) -> RequestBuilder {
        match self.key {
            Some(key) => request.bearer_auth(key.expose()),
            None => request,
        }
    }
}

/// A provider ready to call: its settings, its API base and its key.
pub struct Provider {
    config: ProviderConfig,
    base: String,
    key: Option<Secret>,
}

impl Provider {
    /// The provider for `config`; `secret` is its key (ignored by one that needs none). The
    /// error says what is missing, never what a key is.
    pub fn from_config(config: &ProviderConfig, secret: Option<Secret>) -> Result<Self, String> {
        let provider = config.provider();
        let key = if provider.needs_secret() {
            Some(secret.ok_or_else(|| format!("no API key for {}", config.kind().name()))?)
        } else {
            None
        };
        Ok(Provider {
            config: config.clone(),
            base: config.api_base()?.unwrap_or_default(),
            key,
        })
    }

    pub fn kind(&self) -> ProviderKind {
        self.config.kind()
    }

    pub fn secret(&self) -> Option<&Secret> {
        self.key.as_ref()
    }

    fn api<'a>(&'a self, http: &'a Http) -> Api<'a> {
        Api {
            http,
            base: &self.base,
            key: self.key.as_ref(),
        }
    }

    /// Creates the hosted checkout for `intent`, with its idempotency key on every attempt.
    pub fn create(
        &self,
        http: &Http,
        intent: &Intent,
        expires_at: i64,
    ) -> Result<Created, ProviderError> {
        self.config
            .provider()
            .create(&self.api(http), intent, expires_at)
    }

    /// Asks the provider how the payment stands.
    pub fn status(&self, http: &Http, intent: &Intent) -> Result<IntentStatus, ProviderError> {
        self.config.provider().status(&self.api(http), intent)
    }

    /// Closes a checkout nobody will pay any more (the next visitor is coming); nothing to do
    /// for one the provider never made.
    pub fn expire(&self, http: &Http, intent: &Intent) -> Result<(), ProviderError> {
        let Some(id) = intent.provider_id.as_deref().filter(|i| !i.is_empty()) else {
            return Ok(());
        };
        self.config.provider().expire(&self.api(http), intent, id)
    }
}

/// The provider's id for a checkout it made, for a status call.
fn provider_id(intent: &Intent) -> &str {
    intent.provider_id.as_deref().unwrap_or_default()
}

fn parse(body: &str) -> Result<Value, ProviderError> {
    serde_json::from_str(body).map_err(|e| ProviderError::Malformed(format!("not JSON ({e})")))
}

fn text(value: &Value, pointer: &str) -> Result<String, ProviderError> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            ProviderError::Malformed(format!(
                "no `{}` in the answer",
                pointer.trim_start_matches('/')
            ))
        })
}

/// Unix seconds as `2026-11-28T15:04:05.000+00:00` (Mercado Pago's date format), without a
/// date library for one conversion.
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000+00:00");
        assert_eq!(rfc3339(1_795_878_245), "2026-11-28T15:04:05.000+00:00");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00.000+00:00");
    }

    fn read(text: &str) -> ProviderConfig {
        temoin_scenario::load::ron_options()
            .from_str(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// Each provider's file and the kind-level tables agree: one needs a key exactly when
    /// `secrets` names a variable for it, and one without an API has no base.
    #[test]
    fn each_provider_agrees_with_its_kind() {
        let configs = [
            read(r#"Link(url: "https://example.org/give")"#),
            read(
                r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/", product_name: "Gift")"#,
            ),
            read(r#"Mollie(redirect_url: "https://example.org/ok", description: "Gift")"#),
            read(
                r#"MercadoPago(success_url: "https://example.org/ok", failure_url: "https://example.org/ko", title: "Gift")"#,
            ),
        ];
        let kinds: Vec<ProviderKind> = configs.iter().map(ProviderConfig::kind).collect();
        assert_eq!(kinds, ProviderKind::ALL);
        for config in &configs {
            let provider = config.provider();
            let kind = provider.kind();
            assert_eq!(ProviderKind::parse(kind.name()), Some(kind));
            assert_eq!(
                provider.needs_secret(),
                crate::secrets::variable(kind).is_some(),
                "{kind:?}"
            );
            assert_eq!(
                provider.needs_secret(),
                provider.default_api_base().is_some(),
                "{kind:?}"
            );
            for (_, url) in provider.urls() {
                check_url(url).unwrap();
            }
        }
        let monthly: Vec<bool> = configs.iter().map(|c| c.supports_monthly()).collect();
        assert_eq!(monthly, [true, true, false, false]);
    }

    #[test]
    fn a_key_is_required_only_where_the_provider_needs_one() {
        let link = read(r#"Link(url: "https://example.org/give")"#);
        let provider = Provider::from_config(&link, Some(Secret::new("unused"))).unwrap();
        assert!(provider.secret().is_none());
        let stripe = read(
            r#"Stripe(success_url: "https://example.org/ok", cancel_url: "https://example.org/", product_name: "Gift", api_base: "http://127.0.0.1:9/")"#,
        );
        let missing = Provider::from_config(&stripe, None).err().unwrap();
        assert_eq!(missing, "no API key for stripe");
        let provider = Provider::from_config(&stripe, Some(Secret::new("sk_test_x"))).unwrap();
        assert_eq!(provider.base, "http://127.0.0.1:9");
    }
}
