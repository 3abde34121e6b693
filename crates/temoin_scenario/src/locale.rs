//! Locale tags, their fallback chains, and how each locale writes money.

use crate::ids::Locale;
use crate::money::Money;

/// `es-AR` → `es-AR`, `es`, then the scenario's default locale; no locale appears twice.
pub fn fallback_chain(locale: &Locale, default: &Locale) -> Vec<Locale> {
    let mut chain = Vec::new();
    let mut tag = locale.as_str().to_owned();
    loop {
        if !tag.is_empty() && !chain.iter().any(|l: &Locale| l.as_str() == tag) {
            chain.push(Locale::new(tag.clone()));
        }
        match tag.rfind('-') {
            Some(cut) => tag.truncate(cut),
            None => break,
        }
    }
    if !chain.contains(default) {
        chain.push(default.clone());
    }
    chain
}

/// Whether `tag` looks like a BCP 47 language tag (`fr`, `fr-BE`, `es-419`).
pub fn is_locale_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// How a locale writes an amount: separators, where the symbol goes, whether a whole amount
/// keeps its cents. From CLDR's patterns for these locales, checked against how each
/// chapter's own donation pages write amounts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct MoneyStyle {
    decimal: char,
    group: char,
    symbol_first: bool,
    /// A no-break space between symbol and number, so they never wrap apart.
    spaced: bool,
    /// `£25` rather than `£25.00`.
    whole_without_cents: bool,
}

const NBSP: char = '\u{a0}';
const NARROW_NBSP: char = '\u{202f}';

fn money_style(locale: &Locale) -> MoneyStyle {
    let tag = locale.as_str();
    let language = tag.split('-').next().unwrap_or("");
    let english = MoneyStyle {
        decimal: '.',
        group: ',',
        symbol_first: true,
        spaced: false,
        whole_without_cents: true,
    };
    match (language, tag) {
        (_, "es-AR") | (_, "es-CO") | (_, "es-CL") | (_, "es-UY") => MoneyStyle {
            decimal: ',',
            group: '.',
            symbol_first: true,
            spaced: true,
            whole_without_cents: true,
        },
        ("fr", _) => MoneyStyle {
            decimal: ',',
            group: NARROW_NBSP,
            symbol_first: false,
            spaced: true,
            whole_without_cents: false,
        },
        ("es" | "de" | "nl" | "it" | "pt", _) => MoneyStyle {
            decimal: ',',
            group: '.',
            symbol_first: false,
            spaced: true,
            whole_without_cents: false,
        },
        _ => english,
    }
}

/// The symbol a locale uses for a currency: `$` is the peso in Argentina, `US$` elsewhere.
fn currency_symbol(code: &str, locale: &Locale) -> String {
    let region = locale.as_str().split('-').nth(1).unwrap_or("");
    match (code, region) {
        ("EUR", _) => "€".into(),
        ("GBP", _) => "£".into(),
        ("ARS", "AR") | ("USD", "US") | ("CLP", "CL") | ("COP", "CO") | ("MXN", "MX") => "$".into(),
        ("USD", _) => "US$".into(),
        ("JPY", _) => "¥".into(),
        (other, _) => other.into(),
    }
}

/// `25,00 €` in fr-BE, `£25` in en-GB, `$ 5.000` in es-AR.
pub fn format_money(money: Money, locale: &Locale) -> String {
    let style = money_style(locale);
    let exponent = money.currency.exponent() as u32;
    let scale = 10i64.pow(exponent);
    let minor = money.minor.abs();
    let (whole, cents) = (minor / scale, minor % scale);
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!("{}{tail}{grouped}", style.group);
    }
    let mut number = format!("{digits}{grouped}");
    if exponent > 0 && !(cents == 0 && style.whole_without_cents) {
        number.push(style.decimal);
        number.push_str(&format!("{cents:0width$}", width = exponent as usize));
    }
    let symbol = currency_symbol(money.currency.code(), locale);
    let space = if style.spaced || symbol.bytes().all(|b| b.is_ascii_uppercase()) {
        NBSP.to_string()
    } else {
        String::new()
    };
    let sign = if money.minor < 0 { "-" } else { "" };
    if style.symbol_first {
        format!("{sign}{symbol}{space}{number}")
    } else {
        format!("{sign}{number}{space}{symbol}")
    }
}

/// Whether text contains right-to-left script (Arabic, Hebrew): such text needs the Arabic
/// font and is laid out right to left.
pub fn has_rtl_script(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Amount, Currency};

    fn money(units: &str, code: &str) -> Money {
        Amount::parse(units)
            .unwrap()
            .in_currency(Currency::from_code(code).unwrap())
            .unwrap()
    }

    fn l(tag: &str) -> Locale {
        Locale::new(tag)
    }

    #[test]
    fn each_chapter_writes_money_its_own_way() {
        assert_eq!(
            format_money(money("25", "EUR"), &l("fr-BE")),
            "25,00\u{a0}€"
        );
        assert_eq!(format_money(money("25", "GBP"), &l("en-GB")), "£25");
        assert_eq!(
            format_money(money("5000", "ARS"), &l("es-AR")),
            "$\u{a0}5.000"
        );
        assert_eq!(format_money(money("12.5", "GBP"), &l("en-GB")), "£12.50");
        assert_eq!(
            format_money(money("1500", "EUR"), &l("fr-BE")),
            "1\u{202f}500,00\u{a0}€"
        );
        assert_eq!(
            format_money(money("1234567.5", "ARS"), &l("es-AR")),
            "$\u{a0}1.234.567,50"
        );
        // Outside its country the peso is written with its code, never a bare `$`.
        assert_eq!(format_money(money("10", "ARS"), &l("en")), "ARS\u{a0}10");
        assert_eq!(format_money(money("10", "USD"), &l("en-GB")), "US$10");
    }

    #[test]
    fn fallback_chains_end_at_the_default() {
        let chain = fallback_chain(&l("es-AR"), &l("en"));
        assert_eq!(chain, vec![l("es-AR"), l("es"), l("en")]);
        assert_eq!(
            fallback_chain(&l("en-GB"), &l("en")),
            vec![l("en-GB"), l("en")]
        );
        assert_eq!(fallback_chain(&l("en"), &l("en")), vec![l("en")]);
    }

    #[test]
    fn locale_tags() {
        assert!(is_locale_tag("fr-BE") && is_locale_tag("es-419") && is_locale_tag("ar"));
        assert!(!is_locale_tag("FR") && !is_locale_tag("fr_BE") && !is_locale_tag(""));
    }

    #[test]
    fn right_to_left_script() {
        assert!(has_rtl_script("Umm Sami · أم سامي"));
        assert!(!has_rtl_script("Été à Al-Hadiqa"));
    }
}
