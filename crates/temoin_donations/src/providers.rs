//! The payment providers, each following its public API reference: Stripe Checkout Sessions
//! (form-encoded, amounts in minor units), Mollie Payments v2 (JSON, amounts as decimal
//! strings), Mercado Pago Checkout Pro preferences (JSON, decimal unit prices), and a plain
//! donation link that needs no account.

use crate::config::{ChapterConfig, ProviderConfig, ProviderKind};
use crate::http::{Http, ProviderError};
use crate::journal::{Intent, IntentStatus, format_decimal};
use crate::secrets::Secret;
use reqwest::blocking::Client;
use serde_json::{Value, json};

/// A checkout that exists at the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub provider_id: String,
    pub url: String,
    pub status: IntentStatus,
}

pub enum Provider {
    Link {
        url: String,
        amount_parameter: String,
    },
    Stripe {
        base: String,
        key: Secret,
        success_url: String,
        cancel_url: String,
        product_name: String,
    },
    Mollie {
        base: String,
        key: Secret,
        redirect_url: String,
        description: String,
    },
    MercadoPago {
        base: String,
        token: Secret,
        success_url: String,
        failure_url: String,
        title: String,
    },
}

impl Provider {
    pub fn from_config(
        chapter: &ChapterConfig,
        secret: Option<Secret>,
    ) -> Result<Provider, String> {
        let kind = chapter.provider.kind();
        let key = || {
            secret
                .clone()
                .ok_or_else(|| format!("no API key for {}", kind.name()))
        };
        Ok(match &chapter.provider {
            ProviderConfig::Link {
                url,
                amount_parameter,
            } => Provider::Link {
                url: url.clone(),
                amount_parameter: amount_parameter.clone(),
            },
            ProviderConfig::Stripe {
                success_url,
                cancel_url,
                product_name,
                ..
            } => Provider::Stripe {
                base: chapter.provider.api_base()?,
                key: key()?,
                success_url: success_url.clone(),
                cancel_url: cancel_url.clone(),
                product_name: product_name.clone(),
            },
            ProviderConfig::Mollie {
                redirect_url,
                description,
                ..
            } => Provider::Mollie {
                base: chapter.provider.api_base()?,
                key: key()?,
                redirect_url: redirect_url.clone(),
                description: description.clone(),
            },
            ProviderConfig::MercadoPago {
                success_url,
                failure_url,
                title,
                ..
            } => Provider::MercadoPago {
                base: chapter.provider.api_base()?,
                token: key()?,
                success_url: success_url.clone(),
                failure_url: failure_url.clone(),
                title: title.clone(),
            },
        })
    }

    pub fn kind(&self) -> ProviderKind {
        match self {
            Provider::Link { .. } => ProviderKind::Link,
            Provider::Stripe { .. } => ProviderKind::Stripe,
            Provider::Mollie { .. } => ProviderKind::Mollie,
            Provider::MercadoPago { .. } => ProviderKind::MercadoPago,
        }
    }

    pub fn secret(&self) -> Option<&Secret> {
        match self {
            Provider::Link { .. } => None,
            Provider::Stripe { key, .. } | Provider::Mollie { key, .. } => Some(key),
            Provider::MercadoPago { token, .. } => Some(token),
        }
    }

    /// Creates the hosted checkout for `intent`, with its idempotency key on every attempt.
    pub fn create(
        &self,
        http: &Http,
        intent: &Intent,
        expires_at: i64,
    ) -> Result<Created, ProviderError> {
        match self {
            Provider::Link {
                url,
                amount_parameter,
            } => {
                let mut link =
                    url::Url::parse(url).map_err(|e| ProviderError::Malformed(e.to_string()))?;
                link.query_pairs_mut()
                    .append_pair(amount_parameter, &format_decimal(intent.amount));
                Ok(Created {
                    provider_id: String::new(),
                    url: link.to_string(),
                    status: IntentStatus::Pledged,
                })
            }
            Provider::Stripe {
                base,
                key,
                success_url,
                cancel_url,
                product_name,
            } => {
                let form = stripe_form(intent, expires_at, success_url, cancel_url, product_name);
                let response = http.send(|c: &Client| {
                    c.post(format!("{base}/v1/checkout/sessions"))
                        .bearer_auth(key.expose())
                        .header("Idempotency-Key", &intent.idempotency_key)
                        .form(&form)
                })?;
                let session = parse(&response.body)?;
                Ok(Created {
                    provider_id: text(&session, "/id")?,
                    url: text(&session, "/url")?,
                    status: stripe_status(&session),
                })
            }
            Provider::Mollie {
                base,
                key,
                redirect_url,
                description,
            } => {
                let body = json!({
                    "amount": { "currency": intent.amount.currency.code(), "value": format_decimal(intent.amount) },
                    "description": description,
                    "redirectUrl": redirect_url,
                    "metadata": { "temoin_intent": intent.id },
                });
                let response = http.send(|c: &Client| {
                    c.post(format!("{base}/v2/payments"))
                        .bearer_auth(key.expose())
                        .header("Idempotency-Key", &intent.idempotency_key)
                        .json(&body)
                })?;
                let payment = parse(&response.body)?;
                Ok(Created {
                    provider_id: text(&payment, "/id")?,
                    url: text(&payment, "/_links/checkout/href")?,
                    status: mollie_status(&text(&payment, "/status")?),
                })
            }
            Provider::MercadoPago {
                base,
                token,
                success_url,
                failure_url,
                title,
            } => {
                let unit_price: f64 = format_decimal(intent.amount).parse().unwrap_or(0.0);
                let body = json!({
                    "items": [{
                        "title": title,
                        "quantity": 1,
                        "unit_price": unit_price,
                        "currency_id": intent.amount.currency.code(),
                    }],
                    "external_reference": intent.id,
                    "back_urls": { "success": success_url, "failure": failure_url, "pending": success_url },
                    "expires": true,
                    "expiration_date_to": rfc3339(expires_at),
                });
                let response = http.send(|c: &Client| {
                    c.post(format!("{base}/checkout/preferences"))
                        .bearer_auth(token.expose())
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
        }
    }

    /// Asks the provider how the payment stands.
    pub fn status(&self, http: &Http, intent: &Intent) -> Result<IntentStatus, ProviderError> {
        let id = intent.provider_id.clone().unwrap_or_default();
        match self {
            Provider::Link { .. } => Ok(IntentStatus::Pledged),
            Provider::Stripe { base, key, .. } => {
                let response = http.send(|c: &Client| {
                    c.get(format!("{base}/v1/checkout/sessions/{id}"))
                        .bearer_auth(key.expose())
                })?;
                Ok(stripe_status(&parse(&response.body)?))
            }
            Provider::Mollie { base, key, .. } => {
                let response = http.send(|c: &Client| {
                    c.get(format!("{base}/v2/payments/{id}"))
                        .bearer_auth(key.expose())
                })?;
                Ok(mollie_status(&text(&parse(&response.body)?, "/status")?))
            }
            Provider::MercadoPago { base, token, .. } => {
                let response = http.send(|c: &Client| {
                    c.get(format!("{base}/v1/payments/search"))
                        .query(&[("external_reference", intent.id.as_str())])
                        .bearer_auth(token.expose())
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
                } else if intent.created_at > 0
                    && crate::journal::now() > intent.created_at + 24 * 3600
                {
                    IntentStatus::Expired
                } else {
                    IntentStatus::Open
                })
            }
        }
    }

    /// Closes a checkout nobody will pay any more (the next visitor is coming).
    pub fn expire(&self, http: &Http, intent: &Intent) -> Result<(), ProviderError> {
        let Some(id) = intent.provider_id.clone().filter(|i| !i.is_empty()) else {
            return Ok(());
        };
        match self {
            Provider::Link { .. } => Ok(()),
            Provider::Stripe { base, key, .. } => {
                http.send(|c: &Client| {
                    c.post(format!("{base}/v1/checkout/sessions/{id}/expire"))
                        .bearer_auth(key.expose())
                })?;
                Ok(())
            }
            Provider::Mollie { base, key, .. } => {
                http.send(|c: &Client| {
                    c.delete(format!("{base}/v2/payments/{id}"))
                        .bearer_auth(key.expose())
                })?;
                Ok(())
            }
            Provider::MercadoPago { base, token, .. } => {
                let body = json!({ "expires": true, "expiration_date_to": rfc3339(crate::journal::now()) });
                http.send(|c: &Client| {
                    c.put(format!("{base}/checkout/preferences/{id}"))
                        .bearer_auth(token.expose())
                        .json(&body)
                })?;
                Ok(())
            }
        }
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

fn stripe_status(session: &Value) -> IntentStatus {
    let field = |name: &str| session.get(name).and_then(Value::as_str).unwrap_or("");
    match (field("status"), field("payment_status")) {
        ("complete", "paid" | "no_payment_required") => IntentStatus::Paid,
        ("expired", _) => IntentStatus::Expired,
        _ => IntentStatus::Open,
    }
}

fn mollie_status(status: &str) -> IntentStatus {
    match status {
        "paid" => IntentStatus::Paid,
        "canceled" => IntentStatus::Canceled,
        "expired" => IntentStatus::Expired,
        "failed" => IntentStatus::Failed,
        _ => IntentStatus::Open,
    }
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
    #[test]
    fn dates_are_formatted_in_utc() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00.000+00:00");
        assert_eq!(
            super::rfc3339(1_795_878_245),
            "2026-11-28T15:04:05.000+00:00"
        );
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00.000+00:00");
    }
}
