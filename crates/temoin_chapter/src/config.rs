//! A chapter, written by people in `chapters/<name>.ron`: which scenario it plays, its locales
//! and overlays, its own texts (content note, consent, contact), and its donation settings
//! (currency, suggested amounts, bounds, the payment provider and its non-secret settings, the
//! fallback link). Checked at load time with the same file:line:column diagnostics as scenes.

use serde::{Deserialize, Serialize};
use temoin_scenario::diagnostic::{Code, Diagnostic, did_you_mean};
use temoin_scenario::load::{parse_ron, read_source};
use temoin_scenario::{Amount, Currency, Locale, Money, SourceFile, Text};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Chapter")]
pub struct ChapterConfig {
    pub id: String,
    pub name: String,
    /// The scenario folder, relative to the folder that holds `chapters/`.
    #[serde(default = "default_scenario")]
    pub scenario: String,
    /// The languages a visitor can pick, in the order the picker shows them. Empty: only the
    /// scenario's own language.
    #[serde(default)]
    pub locales: Vec<LocaleOffer>,
    /// The language a booth starts in; the attendant can preset another with `--locale`.
    #[serde(default)]
    pub default_locale: Option<Locale>,
    /// Overlay files (relative to the folder that holds `chapters/`), applied in order.
    #[serde(default)]
    pub overlays: Vec<String>,
    /// Replaces the scenario's content note (the chapter's own wording, its helpline).
    #[serde(default)]
    pub content_note: Option<Text>,
    /// What the chapter tells visitors about data and consent, under the content note.
    #[serde(default)]
    pub consent: Option<Text>,
    /// Who to contact, shown with the donation prompt and the thanks.
    #[serde(default)]
    pub contact: Option<Text>,
    pub currency: Currency,
    /// Suggested amounts in major units.
    pub amounts: Vec<Amount>,
    /// The smallest and largest gift the keypad allows.
    pub minimum: Amount,
    pub maximum: Amount,
    /// Whether a monthly gift is offered (only with providers that support it).
    #[serde(default)]
    pub monthly: bool,
    pub provider: ProviderConfig,
    /// Where to give when the provider cannot be reached: shown as a QR code.
    pub fallback_link: String,
    /// How long a checkout stays open, in minutes.
    #[serde(default = "default_checkout_minutes")]
    pub checkout_minutes: u32,
}

/// One language a chapter offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleOffer {
    pub locale: Locale,
    /// The language's own name, as the picker shows it: "Français", "Español".
    pub name: String,
    /// A complete locale must translate every text: a missing or stale entry fails
    /// `validate` and `strings check`. Others fall back silently to the next locale.
    #[serde(default)]
    pub complete: bool,
}

fn default_scenario() -> String {
    "scenes/first_visit".into()
}

fn default_checkout_minutes() -> u32 {
    30
}

/// The provider and its settings; secrets never live here (see `temoin_donations::secrets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ProviderConfig {
    /// No account needed: the chapter's donation page with the amount in the query.
    Link {
        url: String,
        #[serde(default = "default_amount_parameter")]
        amount_parameter: String,
    },
    /// Stripe Checkout Sessions.
    Stripe {
        success_url: String,
        cancel_url: String,
        product_name: String,
        #[serde(default)]
        api_base: Option<String>,
    },
    /// Mollie Payments API v2.
    Mollie {
        redirect_url: String,
        description: String,
        #[serde(default)]
        api_base: Option<String>,
    },
    /// Mercado Pago Checkout Pro.
    MercadoPago {
        success_url: String,
        failure_url: String,
        title: String,
        #[serde(default)]
        api_base: Option<String>,
    },
}

fn default_amount_parameter() -> String {
    "amount".into()
}

/// Which provider, without its settings: used in `temoin_donations`' journal and to name its
/// secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderKind {
    Link,
    Stripe,
    Mollie,
    MercadoPago,
}

impl ProviderKind {
    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::Link => "link",
            ProviderKind::Stripe => "stripe",
            ProviderKind::Mollie => "mollie",
            ProviderKind::MercadoPago => "mercadopago",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            ProviderKind::Link,
            ProviderKind::Stripe,
            ProviderKind::Mollie,
            ProviderKind::MercadoPago,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }

    /// Monthly gifts need a provider that can create subscriptions from a hosted page.
    pub fn supports_monthly(self) -> bool {
        matches!(self, ProviderKind::Link | ProviderKind::Stripe)
    }

    pub fn default_api_base(self) -> &'static str {
        match self {
            ProviderKind::Link => "",
            ProviderKind::Stripe => "https://api.stripe.com",
            ProviderKind::Mollie => "https://api.mollie.com",
            ProviderKind::MercadoPago => "https://api.mercadopago.com",
        }
    }

    /// `TEMOIN_STRIPE_API_BASE` and friends.
    pub fn api_base_variable(self) -> String {
        format!("TEMOIN_{}_API_BASE", self.name().to_ascii_uppercase())
    }
}

impl ProviderConfig {
    pub fn kind(&self) -> ProviderKind {
        match self {
            ProviderConfig::Link { .. } => ProviderKind::Link,
            ProviderConfig::Stripe { .. } => ProviderKind::Stripe,
            ProviderConfig::Mollie { .. } => ProviderKind::Mollie,
            ProviderConfig::MercadoPago { .. } => ProviderKind::MercadoPago,
        }
    }

    fn configured_api_base(&self) -> Option<&str> {
        match self {
            ProviderConfig::Stripe { api_base, .. }
            | ProviderConfig::Mollie { api_base, .. }
            | ProviderConfig::MercadoPago { api_base, .. } => api_base.as_deref(),
            ProviderConfig::Link { .. } => None,
        }
    }

    /// The API base: the environment's override, else the config's, else the provider's own.
    pub fn api_base(&self) -> Result<String, String> {
        let kind = self.kind();
        let base = std::env::var(kind.api_base_variable())
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| self.configured_api_base().map(str::to_owned))
            .unwrap_or_else(|| kind.default_api_base().to_owned());
        check_url(&base)?;
        Ok(base.trim_end_matches('/').to_owned())
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

impl ChapterConfig {
    /// The suggested amounts as money in the chapter's currency.
    pub fn suggested(&self) -> Vec<Money> {
        self.amounts
            .iter()
            .filter_map(|a| a.in_currency(self.currency).ok())
            .collect()
    }

    /// Whether `amount` is a gift the chapter accepts.
    pub fn check_amount(&self, amount: Amount) -> Result<Money, String> {
        if amount < self.minimum || amount > self.maximum {
            return Err(format!(
                "{amount} {} is outside this chapter's range of {} to {}",
                self.currency, self.minimum, self.maximum
            ));
        }
        amount.in_currency(self.currency).map_err(|e| e.to_string())
    }
}

/// Reads and checks a chapter file; every problem is a diagnostic in that file.
pub fn load_chapter(path: &std::path::Path) -> Result<ChapterConfig, Vec<Diagnostic>> {
    let source = read_source(path).map_err(|unreadable| vec![unreadable.diagnostic])?;
    parse_chapter(&source)
}

pub fn parse_chapter(source: &SourceFile) -> Result<ChapterConfig, Vec<Diagnostic>> {
    let chapter: ChapterConfig = parse_ron(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let at = |key: &str, value: &str| {
        source
            .find(key, value, 0)
            .or_else(|| source.find_value(value, 0))
            .unwrap_or(0)
    };
    let mut push = |d: Diagnostic, offset: usize| problems.push(d.at(source, offset, 1));
    let section = |name: &str| source.section(name).unwrap_or(0);
    if chapter.minimum.hundredths() <= 0 || chapter.minimum > chapter.maximum {
        push(
            Diagnostic::error(
                Code::BadAmount,
                format!(
                    "minimum {} and maximum {} make no range",
                    chapter.minimum, chapter.maximum
                ),
            )
            .suggest(Some(
                "the minimum must be above 0 and not above the maximum".into(),
            )),
            section("minimum"),
        );
    }
    if chapter.amounts.is_empty() {
        push(
            Diagnostic::error(Code::NoAmounts, "no suggested amounts")
                .suggest(Some("add `amounts: [5, 10, 25]`".into())),
            section("amounts"),
        );
    }
    for amount in &chapter.amounts {
        if let Err(problem) = chapter.check_amount(*amount) {
            push(
                Diagnostic::error(Code::BadAmount, format!("suggested amount {problem}"))
                    .suggest(Some("change the amount or the minimum/maximum".into())),
                section("amounts"),
            );
        }
    }
    for (key, url) in chapter.urls() {
        if let Err(problem) = check_url(url) {
            push(Diagnostic::error(Code::BadUrl, problem), at(key, url));
        }
    }
    let kind = chapter.provider.kind();
    if chapter.monthly && !kind.supports_monthly() {
        push(
            Diagnostic::error(
                Code::MonthlyUnsupported,
                format!("monthly gifts are not available with `{}` yet", kind.name()),
            )
            .suggest(Some(
                "set `monthly: false`, or use Stripe or a donation link".into(),
            )),
            section("monthly"),
        );
    }
    if !(30..=24 * 60).contains(&chapter.checkout_minutes) {
        push(
            Diagnostic::error(
                Code::BadNumber,
                format!("checkout_minutes is {}", chapter.checkout_minutes),
            )
            .expected("between 30 and 1440 minutes (Stripe refuses less than 30)".to_string()),
            section("checkout_minutes"),
        );
    }
    if problems.is_empty() {
        Ok(chapter)
    } else {
        Err(problems)
    }
}

impl ChapterConfig {
    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut urls = vec![("fallback_link", self.fallback_link.as_str())];
        match &self.provider {
            ProviderConfig::Link { url, .. } => urls.push(("url", url)),
            ProviderConfig::Stripe {
                success_url,
                cancel_url,
                api_base,
                ..
            } => {
                urls.extend([
                    ("success_url", success_url.as_str()),
                    ("cancel_url", cancel_url.as_str()),
                ]);
                urls.extend(api_base.as_deref().map(|b| ("api_base", b)));
            }
            ProviderConfig::Mollie {
                redirect_url,
                api_base,
                ..
            } => {
                urls.push(("redirect_url", redirect_url));
                urls.extend(api_base.as_deref().map(|b| ("api_base", b)));
            }
            ProviderConfig::MercadoPago {
                success_url,
                failure_url,
                api_base,
                ..
            } => {
                urls.extend([
                    ("success_url", success_url.as_str()),
                    ("failure_url", failure_url.as_str()),
                ]);
                urls.extend(api_base.as_deref().map(|b| ("api_base", b)));
            }
        }
        urls
    }
}

/// Finds `chapters/<name>.ron` under `dir`, with a did-you-mean when the name is wrong.
pub fn chapter_path(dir: &std::path::Path, name: &str) -> Result<std::path::PathBuf, String> {
    let path = dir.join(format!("{name}.ron"));
    if path.is_file() {
        return Ok(path);
    }
    let names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".ron").map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let hint = did_you_mean(name, names.iter().map(String::as_str))
        .unwrap_or_else(|| format!("chapters here: {}", names.join(", ")));
    Err(format!("no chapter `{name}` in {}; {hint}", dir.display()))
}
