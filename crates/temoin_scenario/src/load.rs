//! Reading RON files into typed values, turning `ron`'s errors into diagnostics an author can
//! act on (where, what was expected, did-you-mean).

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::Scenario;
use crate::source::SourceFile;
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// `Some(x)` may be written `x`, and `Donate((...))` may be written `Donate(...)`: both make
/// the files easier to write by hand.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
}

/// Parses any RON document the app reads (scenario, chapter, locale table).
pub fn parse_ron<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    ron_options()
        .from_str(&source.text)
        .map_err(|error| ron_diagnostic(source, &error))
}

/// Parses a `scenario.ron` text.
pub fn parse_scenario(source: &SourceFile) -> Result<Scenario, Diagnostic> {
    parse_ron(source)
}

/// The file a scenario path names: a folder holding `scenario.ron`, or the file itself.
pub fn scenario_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("scenario.ron")
    } else {
        path.to_path_buf()
    }
}

fn ron_diagnostic(source: &SourceFile, error: &SpannedError) -> Diagnostic {
    // ron's spans may begin on the blank before the value; point at the value itself.
    let mut start = source.offset_of(error.span.start.line, error.span.start.col);
    let blank = source.text[start..].len() - source.text[start..].trim_start().len();
    if start + blank < source.text.len() {
        start += blank;
    }
    let end = source
        .offset_of(error.span.end.line, error.span.end.col)
        .max(start + 1);
    let place = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    let one_of = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let diagnostic = match &error.code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => Diagnostic::error(
            "unknown-field",
            format!("unknown field `{found}`{}", place(outer)),
        )
        .expected(format!("one of {}", one_of(expected)))
        .suggest(did_you_mean(found, expected.iter().copied())),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Diagnostic::error(
            "unknown-variant",
            format!("unknown variant `{found}`{}", place(outer)),
        )
        .expected(format!("one of {}", one_of(expected)))
        .suggest(did_you_mean(found, expected.iter().copied())),
        RonError::MissingStructField { field, outer } => Diagnostic::error(
            "missing-field",
            format!("missing field `{field}`{}", place(outer)),
        )
        .suggest(Some(format!("add `{field}: …`"))),
        RonError::DuplicateStructField { field, outer } => Diagnostic::error(
            "duplicate-field",
            format!("field `{field}` is written twice{}", place(outer)),
        )
        .suggest(Some("keep one of them".into())),
        RonError::InvalidValueForType { expected, found } => {
            Diagnostic::error("wrong-type", format!("wrong type: found {found}"))
                .expected(expected.clone())
        }
        RonError::Message(message) => Diagnostic::error("invalid-value", message.clone()),
        RonError::ExpectedComma => Diagnostic::error("syntax", "a comma is missing")
            .expected("`,` between two items".to_string())
            .suggest(Some("add a comma at the end of the previous item".into())),
        RonError::ExpectedString | RonError::ExpectedStringEnd => {
            Diagnostic::error("wrong-type", "expected text in double quotes")
                .expected("a string like \"hello\"".to_string())
        }
        RonError::ExpectedFloat | RonError::ExpectedInteger => {
            Diagnostic::error("wrong-type", format!("{}", error.code))
                .expected("a number".to_string())
        }
        RonError::ExpectedBoolean => Diagnostic::error("wrong-type", format!("{}", error.code))
            .expected("`true` or `false`".to_string()),
        RonError::ExpectedArray
        | RonError::ExpectedStructLike
        | RonError::ExpectedNamedStructLike(_)
        | RonError::ExpectedUnit
        | RonError::ExpectedMap => {
            Diagnostic::error("wrong-type", format!("wrong type: {}", error.code)).expected(
                "a group in brackets, such as `(0, 1.5, -2)`, `[...]` or `(id: ..., text: ...)`"
                    .to_string(),
            )
        }
        RonError::Eof => Diagnostic::error("syntax", "the file ends too early").suggest(Some(
            "a closing bracket `)` or `]` is probably missing".into(),
        )),
        other => Diagnostic::error("syntax", other.to_string()),
    };
    diagnostic.at(source, start, end - start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        speed: f32,
        name: Option<String>,
    }

    #[test]
    fn unknown_field_names_the_place_and_the_fix() {
        let source = SourceFile::new("p.ron", "(\n  sped: 1.0,\n)");
        let d = parse_ron::<Probe>(&source).unwrap_err();
        assert_eq!(d.code, "unknown-field");
        assert_eq!((d.line, d.column), (2, 3));
        assert_eq!(d.suggestion.as_deref(), Some("did you mean `speed`?"));
    }

    #[test]
    fn implicit_some_and_integers_for_floats() {
        let source = SourceFile::new("p.ron", "(speed: 2, name: \"x\")");
        let p = parse_ron::<Probe>(&source).unwrap();
        assert_eq!(p.name.as_deref(), Some("x"));
    }
}
