//! Talking to payment APIs with explicit timeouts and bounded retries: exponential backoff
//! with jitter on connection errors, timeouts, 408, 429 (honouring `Retry-After`) and 5xx;
//! never on other 4xx. 401/403 become a configuration error for the operator.

use reqwest::blocking::{Client, RequestBuilder};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub connect_timeout: Duration,
    /// For one attempt, from sending the request to the end of the response.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `n + 1`: base·2ⁿ, capped, times a jitter in [0.5, 1.5).
    pub fn backoff(&self, n: u32) -> Duration {
        let exponential = self.base_delay.saturating_mul(1 << n.min(16));
        exponential
            .min(self.max_delay)
            .mul_f64(0.5 + fastrand::f64())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// Could not reach the provider (connection, DNS, timeouts) even after retries.
    #[error("the payment provider cannot be reached: {0}")]
    Unreachable(String),
    /// The provider kept failing (5xx, 429, 408) after retries.
    #[error("the payment provider keeps failing (HTTP {status})")]
    Unavailable { status: u16 },
    /// The key is wrong or lacks rights: an operator must fix the configuration.
    #[error(
        "the payment provider refused the API key (HTTP {status}); check the key for this chapter"
    )]
    Auth { status: u16 },
    /// The provider refused the request itself.
    #[error("the payment provider refused the request (HTTP {status}): {detail}")]
    Rejected { status: u16, detail: String },
    #[error("the payment provider's answer could not be read: {0}")]
    Malformed(String),
    /// The gift cannot be put to the provider as it needs it (a sum it cannot take exactly);
    /// nothing was sent.
    #[error("the gift cannot be sent to the payment provider: {0}")]
    Amount(String),
}

impl ProviderError {
    /// Errors after which the gift may still go through later: the visitor gets the
    /// fallback link now and the journal keeps the intent for reconciliation.
    pub fn is_transient(&self) -> bool {
        // A garbled answer may hide a checkout that was created: keep the intent for
        // reconciliation with the same key rather than call it failed.
        matches!(
            self,
            ProviderError::Unreachable(_)
                | ProviderError::Unavailable { .. }
                | ProviderError::Malformed(_)
        )
    }
}

pub struct Http {
    pub client: Client,
    pub policy: RetryPolicy,
}

/// A response that came back with a success status.
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Http {
    pub fn new(policy: RetryPolicy) -> Result<Self, ProviderError> {
        let client = Client::builder()
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            .user_agent(concat!("temoin/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ProviderError::Unreachable(e.to_string()))?;
        Ok(Http { client, policy })
    }

    /// Sends the request built by `request` until it succeeds, fails for good, or the
    /// attempts run out. The builder runs once per attempt: the same headers (and so the same
    /// idempotency key) every time.
    pub fn send(
        &self,
        request: impl Fn(&Client) -> RequestBuilder,
    ) -> Result<Response, ProviderError> {
        let mut last = ProviderError::Unreachable("no attempt made".into());
        let mut retry_after: Option<Duration> = None;
        for attempt in 0..self.policy.attempts.max(1) {
            if attempt > 0 {
                let wait = match &last {
                    ProviderError::Unavailable { .. } => retry_after
                        .take()
                        .unwrap_or_else(|| self.policy.backoff(attempt - 1)),
                    _ => self.policy.backoff(attempt - 1),
                };
                std::thread::sleep(wait);
            }
            match request(&self.client).send() {
                Err(e) => {
                    // reqwest's message names the URL, never headers: no key can leak here.
                    let kind = if e.is_timeout() {
                        "timed out"
                    } else if e.is_connect() {
                        "connection failed"
                    } else {
                        "request failed"
                    };
                    last = ProviderError::Unreachable(format!("{kind}: {}", without_url(&e)));
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let asked_wait = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s.min(30)));
                    let body = match response.text() {
                        Ok(body) => body,
                        Err(e) => {
                            // Headers came, the body did not: a read timeout or a dropped connection.
                            last = ProviderError::Unreachable(format!(
                                "timed out or cut off while reading the answer ({})",
                                without_url(&e)
                            ));
                            continue;
                        }
                    };
                    match status {
                        200..=299 => return Ok(Response { status, body }),
                        401 | 403 => return Err(ProviderError::Auth { status }),
                        408 | 429 | 500..=599 => {
                            retry_after = asked_wait;
                            last = ProviderError::Unavailable { status };
                        }
                        _ => {
                            return Err(ProviderError::Rejected {
                                status,
                                detail: excerpt(&body),
                            });
                        }
                    }
                }
            }
        }
        Err(last)
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<provider>");
    }
    text
}

/// The start of an error body, on one line, for the operator.
fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(200).collect()
}
