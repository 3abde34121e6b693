//! A plain donation link: the chapter's own donation page with the amount in the query. No
//! account, no key, no network; the gift is a pledge that cannot be confirmed from here.

use super::{Api, Created, PaymentProvider, ProviderKind};
use crate::http::ProviderError;
use crate::journal::{Intent, IntentStatus};
use serde::{Deserialize, Serialize};

/// `Link(url: "https://…", amount_parameter: "amount")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Link")]
pub struct LinkConfig {
    pub url: String,
    /// The query parameter the page reads the amount from.
    #[serde(default = "default_amount_parameter")]
    pub amount_parameter: String,
}

fn default_amount_parameter() -> String {
    "amount".into()
}

impl PaymentProvider for LinkConfig {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Link
    }

    /// The page itself offers the monthly option.
    fn supports_monthly(&self) -> bool {
        true
    }

    fn needs_secret(&self) -> bool {
        false
    }

    fn default_api_base(&self) -> Option<&'static str> {
        None
    }

    fn urls(&self) -> Vec<(&'static str, &str)> {
        vec![("url", &self.url)]
    }

    fn create(&self, _: &Api, intent: &Intent, _: i64) -> Result<Created, ProviderError> {
        let mut link =
            url::Url::parse(&self.url).map_err(|e| ProviderError::Malformed(e.to_string()))?;
        link.query_pairs_mut()
            .append_pair(&self.amount_parameter, &intent.amount.decimal());
        Ok(Created {
            provider_id: String::new(),
            url: link.to_string(),
            status: IntentStatus::Pledged,
        })
    }

    fn status(&self, _: &Api, _: &Intent) -> Result<IntentStatus, ProviderError> {
        Ok(IntentStatus::Pledged)
    }

    fn expire(&self, _: &Api, _: &Intent, _: &str) -> Result<(), ProviderError> {
        Ok(())
    }
}
