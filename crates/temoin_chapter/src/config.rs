//! A chapter, written by people in `chapters/<name>.ron`: which scenario it plays, its locales
//! and overlays, its own texts (content note, consent, contact), and its donation settings
//! (currency, suggested amounts, bounds, the payment provider and its non-secret settings, the
//! fallback link). Checked at load time with the same file:line:column diagnostics as scenes.
//! The provider's settings are `temoin_donations`' own types; `donations()` hands the donation
//! fields over as that crate's `DonationSettings`.

use serde::{Deserialize, Serialize};
use temoin_donations::{DonationSettings, ProviderConfig, check_url};
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

impl ChapterConfig {
    /// What the donations need of this chapter: currency, amounts, bounds, provider, links.
    pub fn donations(&self) -> DonationSettings {
        DonationSettings {
            chapter: self.id.clone(),
            currency: self.currency,
            amounts: self.amounts.clone(),
            minimum: self.minimum,
            maximum: self.maximum,
            monthly: self.monthly,
            provider: self.provider.clone(),
            fallback_link: self.fallback_link.clone(),
            checkout_minutes: self.checkout_minutes,
        }
    }

    /// The suggested amounts as money in the chapter's currency.
    pub fn suggested(&self) -> Vec<Money> {
        self.donations().suggested()
    }

    /// Whether `amount` is a gift the chapter accepts.
    pub fn check_amount(&self, amount: Amount) -> Result<Money, String> {
        self.donations().check_amount(amount)
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
    if chapter.monthly && !chapter.provider.supports_monthly() {
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
    /// Every URL the chapter holds, under the key its file writes it with.
    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut urls = vec![("fallback_link", self.fallback_link.as_str())];
        urls.extend(self.provider.urls());
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

/// Reads and checks chapter `name` in `dir`, or says why not in one message: the problems of
/// a broken file, each with its place, one per line.
pub fn load_chapter_named(dir: &std::path::Path, name: &str) -> Result<ChapterConfig, String> {
    let path = chapter_path(dir, name)?;
    load_chapter(&path).map_err(|problems| {
        problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}
