//! Mercado Pago Checkout Pro: a preference (JSON, the unit price as a decimal number in major
//! units) that expires by itself, found again by its external reference when asking whether it
//! was paid.

use super::{Api, Created, PaymentProvider, ProviderKind, parse, rfc3339, text};
use crate::http::ProviderError;
use crate::journal::{Intent, IntentStatus, now};
use reqwest::blocking::Client;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use temoin_scenario::Money;

/// `MercadoPago(success_url: …, failure_url: …, title: …, api_base: …)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "MercadoPago")]
pub struct MercadoPagoConfig {
    pub success_url: String,
    pub failure_url: String,
    /// The item's title on Mercado Pago's page.
    pub title: String,
    #[serde(default)]
    pub api_base: Option<String>,
}

/// The largest unit price sent, in minor units: fifteen digits. Mercado Pago reads numbers as
/// doubles, which hold any decimal of at most fifteen significant digits exactly; beyond that
/// the visitor could be charged a sum other than the one journaled.
const LARGEST_MINOR: i64 = 999_999_999_999_999;

/// Mercado Pago's `unit_price`: a JSON number in major units written from the minor units as
/// text (`5000.00`; `1500` for pesos without cents), never through a float. A sum that is not a
/// gift (zero, negative) or too large to be read back exactly is an error, which the journal
/// and the attendant see; nothing is sent.
pub fn unit_price(amount: Money) -> Result<Box<RawValue>, ProviderError> {
    if amount.minor <= 0 || amount.minor > LARGEST_MINOR {
        return Err(ProviderError::Amount(format!(
            "Mercado Pago cannot be asked for {amount} (a gift above zero with at most 15 digits)"
        )));
    }
    RawValue::from_string(amount.decimal())
        .map_err(|e| ProviderError::Amount(format!("{amount} is not a JSON number ({e})")))
}

/// A Checkout Pro preference, typed so that the unit price goes out exactly as written.
#[derive(Serialize)]
struct Preference<'a> {
    items: [Item<'a>; 1],
    external_reference: &'a str,
    back_urls: BackUrls<'a>,
    expires: bool,
    expiration_date_to: String,
}

#[derive(Serialize)]
struct Item<'a> {
    title: &'a str,
    quantity: u32,
    unit_price: Box<RawValue>,
    currency_id: &'a str,
}

#[derive(Serialize)]
struct BackUrls<'a> {
    success: &'a str,
    failure: &'a str,
    pending: &'a str,
}

impl MercadoPagoConfig {
    fn preference<'a>(
        &'a self,
        intent: &'a Intent,
        expires_at: i64,
    ) -> Result<Preference<'a>, ProviderError> {
        Ok(Preference {
            items: [Item {
                title: &self.title,
                quantity: 1,
                unit_price: unit_price(intent.amount)?,
                currency_id: intent.amount.currency.code(),
            }],
            external_reference: &intent.id,
            back_urls: BackUrls {
                success: &self.success_url,
                failure: &self.failure_url,
                pending: &self.success_url,
            },
            expires: true,
            expiration_date_to: rfc3339(expires_at),
        })
    }
}

impl PaymentProvider for MercadoPagoConfig {
    fn kind(&self) -> ProviderKind {
        ProviderKind::MercadoPago
    }

    fn default_api_base(&self) -> Option<&'static str> {
        Some("https://api.mercadopago.com")
    }

    fn configured_api_base(&self) -> Option<&str> {
        self.api_base.as_deref()
    }

    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut urls = vec![
            ("success_url", self.success_url.as_str()),
            ("failure_url", self.failure_url.as_str()),
        ];
        urls.extend(self.api_base.as_deref().map(|b| ("api_base", b)));
        urls
    }

    fn create(
        &self,
        api: &Api,
        intent: &Intent,
        expires_at: i64,
    ) -> Result<Created, ProviderError> {
        let body = self.preference(intent, expires_at)?;
        let response = api.http.send(|c: &Client| {
            api.authorize(c.post(format!("{}/checkout/preferences", api.base)))
                .header("X-Idempotency-Key", &intent.idempotency_key)
                .json(&body)
        })?;
        let preference = parse(&response.body)?;
        Ok(Created {
            provider_id: text(&preference, "/id")?,
            url: text(&preference, "/init_point")?,
            status: IntentStatus::Open,
        })
    }

    /// Payments are searched by the intent's id (the external reference); a preference
    /// nobody paid within a day counts as expired.
    fn status(&self, api: &Api, intent: &Intent) -> Result<IntentStatus, ProviderError> {
        let response = api.http.send(|c: &Client| {
            api.authorize(
                c.get(format!("{}/v1/payments/search", api.base))
                    .query(&[("external_reference", intent.id.as_str())]),
            )
        })?;
        let found = parse(&response.body)?;
        let results = found
            .pointer("/results")
            .and_then(Value::as_array)
            .ok_or_else(|| ProviderError::Malformed("no `results` list".into()))?;
        let statuses: Vec<&str> = results
            .iter()
            .filter_map(|p| p.get("status").and_then(Value::as_str))
            .collect();
        Ok(if statuses.contains(&"approved") {
            IntentStatus::Paid
        } else if intent.created_at > 0 && now() > intent.created_at + 24 * 3600 {
            IntentStatus::Expired
        } else {
            IntentStatus::Open
        })
    }

    fn expire(&self, api: &Api, _: &Intent, id: &str) -> Result<(), ProviderError> {
        let body = json!({ "expires": true, "expiration_date_to": rfc3339(now()) });
        api.http.send(|c: &Client| {
            api.authorize(c.put(format!("{}/checkout/preferences/{id}", api.base)))
                .json(&body)
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use temoin_scenario::{Amount, Currency};

    fn money(minor: i64, code: &str) -> Money {
        Money {
            minor,
            currency: Currency::from_code(code).unwrap(),
        }
    }

    /// Every unit price reads back as exactly the journaled sum: as a decimal, and as the
    /// double a JSON reader makes of it.
    #[test]
    fn unit_prices_are_exact() {
        let mut rng = fastrand::Rng::with_seed(0x3e7c);
        for code in ["ARS", "BRL", "CLP", "MXN", "UYU", "EUR", "JPY"] {
            let edges = [1, 5, 99, 100, 101, 500_000, LARGEST_MINOR];
            let random = (0..5_000).map(|_| rng.i64(1..=LARGEST_MINOR));
            for minor in edges.into_iter().chain(random) {
                let gift = money(minor, code);
                let price = unit_price(gift).unwrap();
                assert_eq!(price.get(), gift.decimal());
                assert_eq!(
                    Amount::parse(price.get()).ok(),
                    gift.to_amount().ok(),
                    "{gift}"
                );
                let read: f64 = serde_json::from_str(price.get()).unwrap();
                assert_eq!(
                    format!("{:.*}", usize::from(gift.currency.exponent()), read),
                    gift.decimal(),
                    "{gift} read as {read}"
                );
            }
        }
    }

    #[test]
    fn an_impossible_unit_price_is_an_error_not_zero() {
        for gift in [
            money(0, "ARS"),
            money(-500, "ARS"),
            money(LARGEST_MINOR + 1, "ARS"),
        ] {
            let error = unit_price(gift).unwrap_err();
            assert!(matches!(error, ProviderError::Amount(_)), "{error:?}");
            assert!(error.to_string().contains(&gift.to_string()), "{error}");
        }
    }

    #[test]
    fn the_preference_carries_the_price_as_written() {
        let config = MercadoPagoConfig {
            success_url: "https://example.org/ok".into(),
            failure_url: "https://example.org/ko".into(),
            title: "Gift".into(),
            api_base: None,
        };
        let intent = Intent {
            id: "i1".into(),
            chapter: "ar".into(),
            provider: ProviderKind::MercadoPago,
            amount: money(500_050, "ARS"),
            monthly: false,
            idempotency_key: "temoin-i1".into(),
            created_at: 0,
            updated_at: 0,
            status: IntentStatus::Created,
            provider_id: None,
            checkout_url: None,
            last_error: None,
        };
        let body = serde_json::to_string(&config.preference(&intent, 0).unwrap()).unwrap();
        assert!(
            body.contains(r#""unit_price":5000.50,"currency_id":"ARS""#),
            "{body}"
        );
    }
}
