//! Stripe Checkout Sessions: form-encoded requests, amounts in minor units, a subscription
//! for a monthly gift, `expires_at` so an abandoned page closes by itself.

use super::{Api, Created, PaymentProvider, ProviderKind, parse, provider_id, text};
use crate::http::ProviderError;
use crate::journal::{Intent, IntentStatus};
use reqwest::blocking::Client;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `Stripe(success_url: …, cancel_url: …, product_name: …, api_base: …)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Stripe")]
pub struct StripeConfig {
    pub success_url: String,
    pub cancel_url: String,
    /// The line the visitor's receipt shows.
    pub product_name: String,
    #[serde(default)]
    pub api_base: Option<String>,
}

impl PaymentProvider for StripeConfig {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Stripe
    }

    fn supports_monthly(&self) -> bool {
        true
    }

    fn default_api_base(&self) -> Option<&'static str> {
        Some("https://api.stripe.com")
    }

    fn configured_api_base(&self) -> Option<&str> {
        self.api_base.as_deref()
    }

    fn urls(&self) -> Vec<(&'static str, &str)> {
        let mut urls = vec![
            ("success_url", self.success_url.as_str()),
            ("cancel_url", self.cancel_url.as_str()),
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
        let form = stripe_form(
            intent,
            expires_at,
            &self.success_url,
            &self.cancel_url,
            &self.product_name,
        );
        let response = api.http.send(|c: &Client| {
            api.authorize(c.post(format!("{}/v1/checkout/sessions", api.base)))
                .header("Idempotency-Key", &intent.idempotency_key)
                .form(&form)
        })?;
        let session = parse(&response.body)?;
        Ok(Created {
            provider_id: text(&session, "/id")?,
            url: text(&session, "/url")?,
            status: session_status(&session),
        })
    }

    fn status(&self, api: &Api, intent: &Intent) -> Result<IntentStatus, ProviderError> {
        let id = provider_id(intent);
        let response = api.http.send(|c: &Client| {
            api.authorize(c.get(format!("{}/v1/checkout/sessions/{id}", api.base)))
        })?;
        Ok(session_status(&parse(&response.body)?))
    }

    fn expire(&self, api: &Api, _: &Intent, id: &str) -> Result<(), ProviderError> {
        api.http.send(|c: &Client| {
            api.authorize(c.post(format!("{}/v1/checkout/sessions/{id}/expire", api.base)))
        })?;
        Ok(())
    }
}

/// Stripe's form fields for a donation Checkout Session.
pub fn stripe_form(
    intent: &Intent,
    expires_at: i64,
    success_url: &str,
    cancel_url: &str,
    product_name: &str,
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = vec![
        (
            "mode".into(),
            if intent.monthly {
                "subscription"
            } else {
                "payment"
            }
            .into(),
        ),
        ("line_items[0][quantity]".into(), "1".into()),
        (
            "line_items[0][price_data][currency]".into(),
            intent.amount.currency.code().to_ascii_lowercase(),
        ),
        (
            "line_items[0][price_data][unit_amount]".into(),
            intent.amount.minor.to_string(),
        ),
        (
            "line_items[0][price_data][product_data][name]".into(),
            product_name.into(),
        ),
        ("success_url".into(), success_url.into()),
        ("cancel_url".into(), cancel_url.into()),
        ("expires_at".into(), expires_at.to_string()),
        ("client_reference_id".into(), intent.id.clone()),
        ("metadata[temoin_intent]".into(), intent.id.clone()),
    ];
    if intent.monthly {
        form.push((
            "line_items[0][price_data][recurring][interval]".into(),
            "month".into(),
        ));
    } else {
        // Stripe accepts `submit_type` in payment mode only.
        form.push(("submit_type".into(), "donate".into()));
    }
    form
}

fn session_status(session: &Value) -> IntentStatus {
    let field = |name: &str| session.get(name).and_then(Value::as_str).unwrap_or("");
    match (field("status"), field("payment_status")) {
        ("complete", "paid" | "no_payment_required") => IntentStatus::Paid,
        ("expired", _) => IntentStatus::Expired,
        _ => IntentStatus::Open,
    }
}
