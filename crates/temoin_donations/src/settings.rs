//! What the donations need from a chapter, and nothing else of it: the currency, the suggested
//! amounts and their bounds, whether monthly gifts are offered, the provider and the fallback
//! link. `temoin_chapter` builds it from the chapter file (`ChapterConfig::donations`), so this
//! crate never reads a chapter; the app's desk follows the loaded pack's, so an edited chapter
//! reaches the next pledge.

use crate::providers::ProviderConfig;
use temoin_scenario::{Amount, Currency, Money};

#[derive(Debug, Clone, PartialEq)]
pub struct DonationSettings {
    /// The chapter's id, written on every journal row.
    pub chapter: String,
    pub currency: Currency,
    /// Suggested amounts in major units.
    pub amounts: Vec<Amount>,
    /// The smallest and largest gift the prompt allows.
    pub minimum: Amount,
    pub maximum: Amount,
    /// Whether the chapter offers monthly gifts (see `offers_monthly`).
    pub monthly: bool,
    pub provider: ProviderConfig,
    /// Where to give when the provider cannot be reached: shown as a QR code.
    pub fallback_link: String,
    /// How long a checkout stays open, in minutes.
    pub checkout_minutes: u32,
}

impl DonationSettings {
    /// The suggested amounts as money in the chapter's currency (a chapter that loaded has
    /// checked every one).
    pub fn suggested(&self) -> Vec<Money> {
        self.amounts
            .iter()
            .filter_map(|a| a.in_currency(self.currency).ok())
            .collect()
    }

    /// Whether `amount` is a gift the chapter accepts: within its bounds, and exact in its
    /// currency.
    pub fn check_amount(&self, amount: Amount) -> Result<Money, String> {
        if amount < self.minimum || amount > self.maximum {
            return Err(format!(
                "{amount} {} is outside this chapter's range of {} to {}",
                self.currency, self.minimum, self.maximum
            ));
        }
        amount.in_currency(self.currency).map_err(|e| e.to_string())
    }

    /// Whether `gift`, as the prompt made it, is one the chapter accepts: in its currency (a
    /// chapter edited to another currency refuses a gift made before, never converts it) and
    /// within its bounds.
    pub fn check_gift(&self, gift: Money) -> Result<Money, String> {
        let amount = Amount::from_money(gift, self.currency).map_err(|e| e.to_string())?;
        self.check_amount(amount)
    }

    /// Monthly gifts need both the chapter's wish and a provider that supports them.
    pub fn offers_monthly(&self) -> bool {
        self.monthly && self.provider.supports_monthly()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::LinkConfig;

    fn settings() -> DonationSettings {
        DonationSettings {
            chapter: "t".into(),
            currency: Currency::from_code("EUR").unwrap(),
            amounts: vec![Amount::whole(5), Amount::whole(10)],
            minimum: Amount::whole(2),
            maximum: Amount::whole(500),
            monthly: true,
            provider: ProviderConfig::Link(LinkConfig {
                url: "https://example.org/give".into(),
                amount_parameter: "amount".into(),
            }),
            fallback_link: "https://example.org/give".into(),
            checkout_minutes: 30,
        }
    }

    #[test]
    fn a_gift_in_another_currency_is_refused_not_converted() {
        let s = settings();
        let euros = Amount::whole(10).in_currency(s.currency).unwrap();
        assert_eq!(s.check_gift(euros), Ok(euros));
        let pounds = Money {
            minor: 1_000,
            currency: Currency::from_code("GBP").unwrap(),
        };
        assert_eq!(
            s.check_gift(pounds).unwrap_err(),
            "10.00 GBP is not in EUR, the currency expected here"
        );
        let too_much = Amount::whole(501).in_currency(s.currency).unwrap();
        assert!(s.check_gift(too_much).unwrap_err().contains("outside"));
        assert_eq!(s.suggested().len(), 2);
        assert!(s.offers_monthly());
    }
}
