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
    pub fn in_currency(&self, currency: Currency) -> Result<Money, String> {
        let minor = match currency.exponent() {
            2 => self.hundredths,
            0 if self.hundredths % 100 == 0 => self.hundredths / 100,
            _ => {
                return Err(format!(
                    "{} has no minor units; write a whole amount",
                    currency.code()
                ));
            }
        };
        Ok(Money { minor, currency })
    }
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

impl fmt::Display for Money {
    /// A neutral `25.00 EUR`; how each locale writes money is `locale::format_money`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.currency.exponent() {
            0 => write!(f, "{} {}", self.minor, self.currency),
            _ => write!(
                f,
                "{}.{:02} {}",
                self.minor / 100,
                self.minor % 100,
                self.currency
            ),
        }
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

    #[test]
    fn unknown_currency_is_refused_with_the_list() {
        let error = Currency::from_code("EUX").unwrap_err();
        assert!(error.contains("unknown currency `EUX`"), "{error}");
        assert!(error.contains("EUR"), "{error}");
    }
}
