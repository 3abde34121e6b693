//! Variables and plural forms inside a piece of text, in a small subset of ICU MessageFormat
//! that translators already know:
//!
//! - `{amount}` inserts a variable;
//! - `{evidence, plural, one {# item} other {# items}}` picks a form by the count's CLDR plural
//!   category in the current locale (`zero`, `one`, `two`, `few`, `many`, `other`, or an exact
//!   `=0`), and `#` inside a form is the count;
//! - `{{` and `}}` write a literal brace.
//!
//! Text without braces is returned as it is, so most lines cost nothing.

use crate::ids::Locale;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use std::collections::{BTreeMap, BTreeSet};

/// The variables the app fills in, and what each holds. A text using another name is an error
/// at validation time, so a typo never reaches a visitor as `{amont}`.
pub const KNOWN_VARIABLES: &[(&str, &str)] = &[
    (
        "amount",
        "the gift the visitor chose, formatted for the locale",
    ),
    ("evidence", "how many items are in the notebook (a count)"),
    (
        "chapter",
        "the chapter's name, such as \"Belgique (francophone)\"",
    ),
    (
        "name",
        "a name the interface fills in: what a hint points at",
    ),
];

/// One parsed piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Variable(String),
    Plural {
        variable: String,
        forms: Vec<(Selector, Vec<Part>)>,
    },
    /// `#` inside a plural form.
    Count,
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Exact(i64),
    Category(String),
}

const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// Where in the text a problem is (a byte offset) and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageError {
    pub offset: usize,
    pub message: String,
    pub suggestion: Option<String>,
}

/// A value for a variable: text, or a count that plural forms can select on.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Count(i64),
}

pub type Variables = BTreeMap<String, Value>;

impl Message {
    pub fn parse(text: &str) -> Result<Message, MessageError> {
        let mut parser = Parser {
            text,
            at: 0,
            in_plural: false,
        };
        let parts = parser.parts(false)?;
        Ok(Message { parts })
    }

    /// Every variable the text uses, plain or plural.
    pub fn variables(&self) -> BTreeSet<String> {
        fn collect(parts: &[Part], out: &mut BTreeSet<String>) {
            for part in parts {
                match part {
                    Part::Variable(name) => {
                        out.insert(name.clone());
                    }
                    Part::Plural { variable, forms } => {
                        out.insert(variable.clone());
                        for (_, form) in forms {
                            collect(form, out);
                        }
                    }
                    Part::Literal(_) | Part::Count => {}
                }
            }
        }
        let mut out = BTreeSet::new();
        collect(&self.parts, &mut out);
        out
    }

    /// The text as a visitor would typically read it: each plural in its `other` form with a
    /// count of 2, each variable as a short word. For reading-time estimates.
    pub fn sample(&self) -> String {
        let mut values = Variables::new();
        for name in self.variables() {
            values.insert(name.clone(), Value::Count(2));
        }
        let mut out = String::new();
        format_parts(
            &self.parts,
            &Plurals { rules: None },
            &values,
            None,
            &mut out,
        );
        out
    }

    /// Fills in the variables. A variable without a value is written back as `{name}`: a
    /// visible, harmless mistake rather than a crash in front of a visitor.
    pub fn format(&self, plurals: &Plurals, values: &Variables) -> String {
        let mut out = String::new();
        format_parts(&self.parts, plurals, values, None, &mut out);
        out
    }
}

fn format_parts(
    parts: &[Part],
    plurals: &Plurals,
    values: &Variables,
    count: Option<i64>,
    out: &mut String,
) {
    for part in parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Count => match count {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push('#'),
            },
            Part::Variable(name) => match values.get(name) {
                Some(Value::Text(text)) => out.push_str(text),
                Some(Value::Count(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
            Part::Plural { variable, forms } => {
                let n = match values.get(variable) {
                    Some(Value::Count(n)) => *n,
                    _ => {
                        out.push('{');
                        out.push_str(variable);
                        out.push('}');
                        continue;
                    }
                };
                let category = plurals.category(n);
                let form = forms
                    .iter()
                    .find(|(s, _)| *s == Selector::Exact(n))
                    .or_else(|| {
                        forms
                            .iter()
                            .find(|(s, _)| *s == Selector::Category(category.into()))
                    })
                    .or_else(|| {
                        forms
                            .iter()
                            .find(|(s, _)| *s == Selector::Category("other".into()))
                    });
                if let Some((_, form)) = form {
                    format_parts(form, plurals, values, Some(n), out);
                }
            }
        }
    }
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
    in_plural: bool,
}

impl Parser<'_> {
    fn error(&self, offset: usize, message: impl Into<String>, fix: Option<&str>) -> MessageError {
        MessageError {
            offset,
            message: message.into(),
            suggestion: fix.map(str::to_owned),
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    /// Parts up to the end of the text, or up to the `}` closing a plural form.
    fn parts(&mut self, in_form: bool) -> Result<Vec<Part>, MessageError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        while let Some(c) = self.peek() {
            let rest = &self.text[self.at..];
            // Doubled braces are literal at the top level; inside a form `}}` closes the form
            // and then the plural.
            if !in_form && (rest.starts_with("{{") || rest.starts_with("}}")) {
                literal.push(c);
                self.at += 2;
                continue;
            }
            match c {
                '{' => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(self.placeholder()?);
                }
                '}' if in_form => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(literal));
                    }
                    return Ok(parts);
                }
                '}' => {
                    return Err(self.error(
                        self.at,
                        "a `}` closes nothing",
                        Some("write `}}` for a literal brace, or remove it"),
                    ));
                }
                '#' if in_form && self.in_plural => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Count);
                    self.at += 1;
                }
                _ => {
                    literal.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
        if in_form {
            return Err(self.error(
                self.text.len(),
                "a plural form is not closed",
                Some("add the missing `}`"),
            ));
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(parts)
    }

    fn skip_blank(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn word(&mut self) -> &str {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '=' || c == '-')
        {
            self.at += self.peek().map_or(1, char::len_utf8);
        }
        &self.text[start..self.at]
    }

    /// `{name}` or `{name, plural, ...}`, starting at the `{`.
    fn placeholder(&mut self) -> Result<Part, MessageError> {
        let open = self.at;
        self.at += 1;
        self.skip_blank();
        let name_at = self.at;
        let name = self.word().to_owned();
        if name.is_empty() {
            return Err(self.error(
                open,
                "a `{` without a variable name",
                Some("write `{amount}`, or `{{` for a literal brace"),
            ));
        }
        check_variable(&name).map_err(|(message, fix)| MessageError {
            offset: name_at,
            message,
            suggestion: fix,
        })?;
        self.skip_blank();
        match self.peek() {
            Some('}') => {
                self.at += 1;
                Ok(Part::Variable(name))
            }
            Some(',') => {
                self.at += 1;
                self.skip_blank();
                let kind_at = self.at;
                let kind = self.word().to_owned();
                if kind != "plural" {
                    return Err(self.error(
                        kind_at,
                        format!("unknown format `{kind}`"),
                        Some("the only format is `plural`: `{evidence, plural, one {# item} other {# items}}`"),
                    ));
                }
                self.skip_blank();
                if self.peek() != Some(',') {
                    return Err(self.error(self.at, "expected `,` after `plural`", None));
                }
                self.at += 1;
                self.plural_forms(name, open)
            }
            _ => Err(self.error(
                self.at,
                format!("`{{{name}` is not closed"),
                Some("add `}` after the variable name"),
            )),
        }
    }

    fn plural_forms(&mut self, variable: String, open: usize) -> Result<Part, MessageError> {
        let mut forms = Vec::new();
        loop {
            self.skip_blank();
            match self.peek() {
                Some('}') => {
                    self.at += 1;
                    break;
                }
                None => {
                    return Err(self.error(
                        open,
                        "a plural is not closed",
                        Some("end it with `}`"),
                    ));
                }
                _ => {}
            }
            let selector_at = self.at;
            let selector = self.word().to_owned();
            let selector = if let Some(n) = selector.strip_prefix('=') {
                n.parse().map(Selector::Exact).map_err(|_| {
                    self.error(
                        selector_at,
                        format!("`{selector}` is not `=` and a whole number"),
                        None,
                    )
                })?
            } else if CATEGORIES.contains(&selector.as_str()) {
                Selector::Category(selector)
            } else {
                return Err(self.error(
                    selector_at,
                    format!("unknown plural form `{selector}`"),
                    Some(&format!("use one of {} or `=N`", CATEGORIES.join(", "))),
                ));
            };
            self.skip_blank();
            if self.peek() != Some('{') {
                return Err(self.error(self.at, "expected `{` to start the form's text", None));
            }
            self.at += 1;
            let outer = std::mem::replace(&mut self.in_plural, true);
            let form = self.parts(true)?;
            self.in_plural = outer;
            self.at += 1; // the form's closing `}`
            forms.push((selector, form));
        }
        if !forms
            .iter()
            .any(|(s, _)| *s == Selector::Category("other".into()))
        {
            return Err(self.error(
                open,
                "a plural needs an `other` form",
                Some("add `other {…}`: it is used for every count no other form covers"),
            ));
        }
        Ok(Part::Plural { variable, forms })
    }
}

fn check_variable(name: &str) -> Result<(), (String, Option<String>)> {
    if KNOWN_VARIABLES.iter().any(|(known, _)| *known == name) {
        return Ok(());
    }
    let names = KNOWN_VARIABLES.iter().map(|(n, _)| *n);
    let hint = crate::diagnostic::did_you_mean(name, names.clone()).unwrap_or_else(|| {
        format!(
            "the variables are {}",
            names
                .map(|n| format!("`{{{n}}}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    Err((format!("unknown variable `{name}`"), Some(hint)))
}

/// The plural rules of one locale (CLDR data through `intl_pluralrules`).
pub struct Plurals {
    rules: Option<PluralRules>,
}

impl Plurals {
    /// Rules for `locale`, falling back to its language (`es-AR` → `es`), then to English-like
    /// one/other rules when the language is unknown.
    pub fn new(locale: &Locale) -> Self {
        let try_create = |tag: &str| {
            tag.parse::<unic_langid::LanguageIdentifier>()
                .ok()
                .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
        };
        let language = locale.as_str().split('-').next().unwrap_or("");
        let rules = try_create(locale.as_str()).or_else(|| try_create(language));
        Plurals { rules }
    }

    pub fn category(&self, n: i64) -> &'static str {
        let Some(rules) = &self.rules else {
            return if n == 1 { "one" } else { "other" };
        };
        match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, Value)]) -> Variables {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    const EVIDENCE: &str =
        "You documented {evidence, plural, =0 {nothing} one {# item} other {# items}}.";

    #[test]
    fn plain_text_and_variables() {
        let m = Message::parse("Thank you for {amount}. {{not a variable}}").unwrap();
        let en = Plurals::new(&Locale::new("en"));
        let out = m.format(&en, &vars(&[("amount", Value::Text("£25".into()))]));
        assert_eq!(out, "Thank you for £25. {not a variable}");
        assert_eq!(m.variables(), BTreeSet::from(["amount".to_string()]));
    }

    #[test]
    fn plural_forms_follow_the_locale() {
        let m = Message::parse(EVIDENCE).unwrap();
        let en = Plurals::new(&Locale::new("en-GB"));
        let count = |n| vars(&[("evidence", Value::Count(n))]);
        assert_eq!(m.format(&en, &count(0)), "You documented nothing.");
        assert_eq!(m.format(&en, &count(1)), "You documented 1 item.");
        assert_eq!(m.format(&en, &count(3)), "You documented 3 items.");
        // French counts 0 and 1 as `one`; Arabic has `two` and `few`.
        let fr = Plurals::new(&Locale::new("fr-BE"));
        assert_eq!(fr.category(0), "one");
        assert_eq!(fr.category(2), "other");
        let ar = Plurals::new(&Locale::new("ar"));
        assert_eq!(ar.category(2), "two");
        assert_eq!(ar.category(5), "few");
        // A region the data does not list falls back to its language.
        assert_eq!(Plurals::new(&Locale::new("es-AR")).category(1), "one");
    }

    #[test]
    fn mistakes_are_placed_and_explained() {
        let e = Message::parse("Merci pour {amont}.").unwrap_err();
        assert_eq!(e.offset, 12);
        assert_eq!(e.message, "unknown variable `amont`");
        assert_eq!(e.suggestion.as_deref(), Some("did you mean `amount`?"));
        let e = Message::parse("{evidence, plural, one {# item}}").unwrap_err();
        assert!(e.message.contains("`other`"), "{e:?}");
        let e = Message::parse("{evidence, plural, few {#} other {#}").unwrap_err();
        assert!(e.message.contains("not closed"), "{e:?}");
        let e = Message::parse("a } b").unwrap_err();
        assert_eq!(e.offset, 2);
        let e = Message::parse("{evidence, plural, lots {#} other {#}}").unwrap_err();
        assert!(e.message.contains("`lots`"), "{e:?}");
    }

    #[test]
    fn a_missing_value_shows_the_name_instead_of_failing() {
        let m = Message::parse(EVIDENCE).unwrap();
        let en = Plurals::new(&Locale::new("en"));
        assert_eq!(
            m.format(&en, &Variables::new()),
            "You documented {evidence}."
        );
    }
}
