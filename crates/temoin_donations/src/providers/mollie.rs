//! Mollie Payments API v2: JSON, the amount as a decimal string in major units, a payment
//! cancelled with DELETE when the next visitor comes.

use super::{Api, Created, PaymentProvider, ProviderKind, parse, provider_id, text};
use crate::http::ProviderError;
use crate::journal::{Intent, IntentStatus};
use reqwest::blocking::Client;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `Mollie(redirect_url: …, description: …, api_base: …)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Mollie")]
pub struct MollieConfig {
    pub redirect_url: String,
    /// What the visitor's bank statement and Mollie's page show.
    pub description: String,
    #[serde(default)]
    pub api_base: Option<String>,
}

impl PaymentProvider for MollieConfig {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Mollie
    }

    fn default_api_base(&self) -> Option<&'static str> {
        Some("https://api.mollie.com")
    }

    fn configured_api_base(&self) -> Option<&str> {
        self.api_base.as_deref()
    }

    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut urls = vec![("redirect_url", self.redirect_url.as_str())];
        urls.extend(self.api_base.as_deref().map(|b| ("api_base", b)));
        urls
    }

    fn create(&self, api: &Api, intent: &Intent, _: i64) -> Result<Created, ProviderError> {
        let body = json!({
            "amount": { "currency": intent.amount.currency.code(), "value": intent.amount.decimal() },
            "description": self.description,
            "redirectUrl": self.redirect_url,
            "metadata": { "temoin_intent": intent.id },
        });
        let response = api.http.send(|c: &Client| {
            api.authorize(c.post(format!("{}/v2/payments", api.base)))
                .header("Idempotency-Key", &intent.idempotency_key)
                .json(&body)
        })?;
        let payment = parse(&response.body)?;
        Ok(Created {
            provider_id: text(&payment, "/id")?,
            url: text(&payment, "/_links/checkout/href")?,
            status: payment_status(&text(&payment, "/status")?),
        })
    }

    fn status(&self, api: &Api, intent: &Intent) -> Result<IntentStatus, ProviderError> {
        let id = provider_id(intent);
        let response = api
            .http
            .send(|c: &Client| api.authorize(c.get(format!("{}/v2/payments/{id}", api.base))))?;
        Ok(payment_status(&text(&parse(&response.body)?, "/status")?))
    }

    fn expire(&self, api: &Api, _: &Intent, id: &str) -> Result<(), ProviderError> {
        api.http
            .send(|c: &Client| api.authorize(c.delete(format!("{}/v2/payments/{id}", api.base))))?;
        Ok(())
    }
}

fn payment_status(status: &str) -> IntentStatus {
    match status {
        "paid" => IntentStatus::Paid,
        "canceled" => IntentStatus::Canceled,
        "expired" => IntentStatus::Expired,
        "failed" => IntentStatus::Failed,
        _ => IntentStatus::Open,
    }
}
