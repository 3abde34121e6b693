//! Money as integer minor units plus an ISO 4217 currency: floats never touch an amount.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code such as `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: [u8; 3],
    /// Digits after the decimal point (2 for EUR, 0 for JPY).
    exponent: u8,
}

/// The currencies the app knows how to format and charge. Chapters outside these ask for one
/// more line here, which is safer than guessing an exponent.
const KNOWN_CURRENCIES: &[(&str, u8)] = &[
    ("ARS", 2),
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("COP", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HUF", 2),
    ("ISK", 0),
    ("JPY", 0),
    ("KRW", 0),
    ("MXN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PEN", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("TRY", 2),
    ("USD", 2),
    ("UYU", 2),
    ("ZAR", 2),
];

impl Currency {
    /// Every currency the app knows, in code order.
    pub fn known() -> impl Iterator<Item = Currency> {
        KNOWN_CURRENCIES.iter().map(|(code, exponent)| Currency {
            code: code.as_bytes().try_into().expect("codes are three bytes"),
            exponent: *exponent,
        })
    }

    pub fn from_code(code: &str) -> Result<Self, String> {
        let upper = code.to_ascii_uppercase();
        KNOWN_CURRENCIES
            .iter()
            .find(|(known, _)| *known == upper)
            .map(|(known, exponent)| Currency {
                code: known.as_bytes().try_into().expect("codes are three bytes"),
                exponent: *exponent,
            })
            .ok_or_else(|| {
                let codes: Vec<&str> = KNOWN_CURRENCIES.iter().map(|(c, _)| *c).collect();
                format!(
                    "unknown currency `{code}`; expected an ISO 4217 code, one of {}",
                    codes.join(", ")
                )
            })
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::from_code(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount as an author writes it: `25` or `"2.50"` (major units, at most two decimals),
/// kept in hundredths so it converts exactly into any currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "AmountInput", into = "String")]
pub struct Amount {
    hundredths: i64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AmountInput {
    Whole(i64),
    Text(String),
}

impl Amount {
    pub fn whole(units: i64) -> Self {
        Amount {
            hundredths: units * 100,
        }
    }

    /// An amount of `hundredths` hundredths of a unit (negative values become zero).
    pub fn from_hundredths(hundredths: i64) -> Self {
        Amount {
            hundredths: hundredths.max(0),
        }
    }

    pub fn hundredths(&self) -> i64 {
        self.hundredths
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not an amount; write it like 25 or \"2.50\"");
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 2 {
            return Err(bad());
        }
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(100)
            .and_then(|h| h.checked_add(fraction))
            .map(|hundredths| Amount { hundredths })
            .ok_or_else(bad)
    }

    /// The amount in `currency`'s minor units, or an error when it has more decimals than the
    /// currency allows (`2.50` yen).
    pub fn in_currency(&self, currency: Currency) -> Result<Money, MoneyError> {
        let minor = match currency.exponent() {
            2 => self.hundredths,
            0 if self.hundredths % 100 == 0 => self.hundredths / 100,
            0 => return Err(MoneyError::TooPrecise { currency }),
            exponent => return Err(MoneyError::Exponent { currency, exponent }),
        };
        Ok(Money { minor, currency })
    }

    /// The amount of `money`, which must be in `currency` (the chapter's): exact, or an error,
    /// never a guess. The inverse of `in_currency`.
    pub fn from_money(money: Money, currency: Currency) -> Result<Amount, MoneyError> {
        if money.currency != currency {
            return Err(MoneyError::CurrencyMismatch {
                money,
                expected: currency,
            });
        }
        money.to_amount()
    }
}

/// Why a sum of money cannot become another form of itself. Every conversion between `Money`
/// and `Amount` is exact or one of these: none rounds, and none turns into zero.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{} has no minor units; write a whole amount", currency.code())]
    TooPrecise { currency: Currency },
    #[error("{money} is not in {expected}, the currency expected here")]
    CurrencyMismatch { money: Money, expected: Currency },
    #[error("{money} is below zero")]
    Negative { money: Money },
    #[error("{money} is too large to convert exactly")]
    OutOfRange { money: Money },
    /// A currency with minor units other than hundredths (none of the known ones).
    #[error("{} has {exponent} decimals; amounts are kept in hundredths", currency.code())]
    Exponent { currency: Currency, exponent: u8 },
}

impl TryFrom<AmountInput> for Amount {
    type Error = String;
    fn try_from(value: AmountInput) -> Result<Self, Self::Error> {
        match value {
            // In hundredths, the largest whole amount is i64::MAX / 100 (found by the
            // mutation test, issue #14: `units * 100` overflowed and panicked).
            AmountInput::Whole(units) if units >= 0 => units
                .checked_mul(100)
                .map(|hundredths| Amount { hundredths })
                .ok_or_else(|| format!("amount {units} is too large")),
            AmountInput::Whole(units) => Err(format!("amount {units} is negative")),
            AmountInput::Text(text) => Amount::parse(&text),
        }
    }
}

impl From<Amount> for String {
    fn from(value: Amount) -> Self {
        value.to_string()
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.hundredths % 100 == 0 {
            write!(f, "{}", self.hundredths / 100)
        } else {
            write!(f, "{}.{:02}", self.hundredths / 100, self.hundredths % 100)
        }
    }
}

/// A sum of money: integer minor units of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// The same sum as an `Amount` (hundredths of a major unit): exact, or an error for a
    /// negative sum or one too large for hundredths (a 0-decimal currency times 100).
    pub fn to_amount(&self) -> Result<Amount, MoneyError> {
        if self.minor < 0 {
            return Err(MoneyError::Negative { money: *self });
        }
        let hundredths = match self.currency.exponent() {
            2 => Some(self.minor),
            0 => self.minor.checked_mul(100),
            exponent => {
                return Err(MoneyError::Exponent {
                    currency: self.currency,
                    exponent,
                });
            }
        };
        hundredths
            .map(|hundredths| Amount { hundredths })
            .ok_or(MoneyError::OutOfRange { money: *self })
    }

    /// The sum in major units as a plain decimal number, from integer arithmetic: `25.00` for
    /// EUR, `500` for JPY, `-0.05`. What providers' APIs and spreadsheets want.
    pub fn decimal(&self) -> String {
        let exponent = u32::from(self.currency.exponent());
        let sign = if self.minor < 0 { "-" } else { "" };
        let magnitude = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = 10u64.pow(exponent);
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = exponent as usize
        )
    }
}

impl TryFrom<Money> for Amount {
    type Error = MoneyError;
    fn try_from(money: Money) -> Result<Self, Self::Error> {
        money.to_amount()
    }
}

impl fmt::Display for Money {
    /// A neutral `25.00 EUR`; how each locale writes money is `locale::format_money`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_amount_too_large_for_hundredths_is_refused() {
        let read = |text: &str| ron::from_str::<Amount>(text).map_err(|e| e.code.to_string());
        assert_eq!(
            read("92233720368547758").unwrap().hundredths(),
            9223372036854775800
        );
        let error = read("92233720368547759").unwrap_err();
        assert!(
            error.contains("amount 92233720368547759 is too large"),
            "{error}"
        );
    }

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(Amount::parse("2.5").unwrap().hundredths(), 250);
        assert_eq!(Amount::parse("25").unwrap().hundredths(), 2500);
        assert_eq!(Amount::parse("0.05").unwrap().hundredths(), 5);
        assert!(Amount::parse("2.505").is_err());
        assert!(Amount::parse("-3").is_err());
        assert!(Amount::parse("abc").is_err());
        assert!(Amount::parse(".5").is_err());
    }

    #[test]
    fn minor_units_follow_the_currency() {
        let eur = Currency::from_code("eur").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            Amount::parse("2.50")
                .unwrap()
                .in_currency(eur)
                .unwrap()
                .minor,
            250
        );
        assert_eq!(Amount::whole(500).in_currency(jpy).unwrap().minor, 500);
        assert!(Amount::parse("2.50").unwrap().in_currency(jpy).is_err());
        assert_eq!(
            Amount::parse("2.5")
                .unwrap()
                .in_currency(eur)
                .unwrap()
                .to_string(),
            "2.50 EUR"
        );
    }

    /// Every currency, many sums each (seeded, so a failure replays): money becomes an amount
    /// and comes back identical, and an amount valid in a currency does the same the other way.
    #[test]
    fn money_and_amounts_round_trip_exactly() {
        let mut rng = fastrand::Rng::with_seed(0x7e3015);
        let mut checked = 0;
        for currency in Currency::known() {
            let edges = [0, 1, 5, 99, 100, 101, 250, 999_999, 92_233_720_368_547_758];
            let random = (0..2_000).map(|_| match rng.u8(..3) {
                0 => rng.i64(0..1_000),
                1 => rng.i64(0..100_000_000),
                _ => rng.i64(0..=92_233_720_368_547_758),
            });
            for minor in edges.into_iter().chain(random) {
                let money = Money { minor, currency };
                let amount = Amount::from_money(money, currency).unwrap();
                assert_eq!(amount.in_currency(currency), Ok(money), "{money}");
                assert_eq!(Amount::try_from(money), Ok(amount));
                // The decimal text reads back as the same amount.
                assert_eq!(Amount::parse(&money.decimal()), Ok(amount), "{money}");
                checked += 1;
            }
            for _ in 0..2_000 {
                let hundredths = match currency.exponent() {
                    0 => rng.i64(0..92_233_720_368_547_758) * 100,
                    _ => rng.i64(0..=i64::MAX),
                };
                let amount = Amount::from_hundredths(hundredths);
                let money = amount.in_currency(currency).unwrap();
                assert_eq!(money.to_amount(), Ok(amount), "{amount} {currency}");
            }
        }
        assert!(checked > 40_000);
    }

    #[test]
    fn a_conversion_that_cannot_be_exact_is_an_error_never_zero() {
        let eur = Currency::from_code("EUR").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        let ars = Currency::from_code("ARS").unwrap();
        let ten_euros = Money {
            minor: 1_000,
            currency: eur,
        };
        let mismatch = Amount::from_money(ten_euros, ars).unwrap_err();
        assert_eq!(
            mismatch,
            MoneyError::CurrencyMismatch {
                money: ten_euros,
                expected: ars
            }
        );
        assert_eq!(
            mismatch.to_string(),
            "10.00 EUR is not in ARS, the currency expected here"
        );
        let huge_yen = Money {
            minor: i64::MAX / 100 + 1,
            currency: jpy,
        };
        assert_eq!(
            huge_yen.to_amount(),
            Err(MoneyError::OutOfRange { money: huge_yen })
        );
        let owed = Money {
            minor: -5,
            currency: eur,
        };
        assert_eq!(owed.to_amount(), Err(MoneyError::Negative { money: owed }));
        assert_eq!(
            Amount::parse("2.50").unwrap().in_currency(jpy),
            Err(MoneyError::TooPrecise { currency: jpy })
        );
    }

    #[test]
    fn decimals_are_written_from_integers() {
        let eur = Currency::from_code("EUR").unwrap();
        let clp = Currency::from_code("CLP").unwrap();
        let text = |minor, currency| Money { minor, currency }.decimal();
        assert_eq!(text(2_500, eur), "25.00");
        assert_eq!(text(5, eur), "0.05");
        assert_eq!(text(-5, eur), "-0.05");
        assert_eq!(text(i64::MIN, eur), "-92233720368547758.08");
        assert_eq!(text(500, clp), "500");
        assert_eq!(
            Money {
                minor: -250,
                currency: eur
            }
            .to_string(),
            "-2.50 EUR"
        );
    }

    #[test]
    fn unknown_currency_is_refused_with_the_list() {
        let error = Currency::from_code("EUX").unwrap_err();
        assert!(error.contains("unknown currency `EUX`"), "{error}");
        assert!(error.contains("EUR"), "{error}");
    }
}
