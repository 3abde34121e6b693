//! Reading RON files into typed values, turning `ron`'s errors into diagnostics an author can
//! act on (where, what was expected, did-you-mean).

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::Scenario;
use crate::source::SourceFile;
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// How deeply values may nest, counted as ron counts: each struct, list, map, option and enum
/// variant is a level, so a condition's `Not(` costs about two and `All([` about four. This is
/// ron's own guard (its default is the same 128), written here so that an upgrade cannot drop
/// it silently: without it, `Not(Not(Not(...)))` a thousand deep overflows a 2 MiB stack. At
/// this limit a debug build needs under 512 KiB of stack to refuse the deepest value (a
/// quarter of a thread's default 2 MiB); the shipped scenario needs 19 levels, overlays 18.
pub const RECURSION_LIMIT: usize = 128;

/// The largest file the loader reads: 16 MiB. The bundled scenario is about 30 KB and a
/// generated 5,000-beat scenario (`benches/load_validate.rs`) about 3 MB, so this leaves
/// room to grow; beyond it a file is a mistake (pasted data, a runaway generator), and reading
/// one of 50 MB would stall a booth's live reload for seconds (6 s for one huge string in a
/// debug build) and hold several copies of its text in memory. Larger files are refused
/// before parsing, and `SourceFile` never tokenizes them to look up a place.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// `Some(x)` may be written `x`, and `Donate((...))` may be written `Donate(...)`: both make
/// the files easier to write by hand.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Parses any RON document the app reads (scenario, chapter, locale table).
pub fn parse_ron<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    if source.text.len() > MAX_FILE_BYTES {
        return Err(too_large(source));
    }
    ron_options()
        .from_str(&source.text)
        .map_err(|error| ron_diagnostic(source, &error))
}

/// A file over `MAX_FILE_BYTES`, pointed at where it crosses the limit.
fn too_large(source: &SourceFile) -> Diagnostic {
    let mut at = MAX_FILE_BYTES.min(source.text.len());
    while !source.text.is_char_boundary(at) {
        at -= 1;
    }
    let megabytes = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    Diagnostic::error(
        Code::TooLarge,
        format!(
            "this file is {:.1} MiB; the loader reads files of at most {:.0} MiB, and this is where it crosses that",
            megabytes(source.text.len()),
            megabytes(MAX_FILE_BYTES)
        ),
    )
    .suggest(Some(
        "look for pasted data or a generator that ran away; recordings belong in `voice/` as .ogg files, not in the text".into(),
    ))
    .at(source, at, 1)
}

/// A file that could not be read as text.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub diagnostic: Diagnostic,
    /// The file's text with the bytes that are not UTF-8 replaced, so that the diagnostic can
    /// quote its line; `None` when the file could not be read at all (missing, a folder).
    pub source: Option<SourceFile>,
}

/// Reads a file the app loads. One that is not UTF-8 (a table saved as Windows-1252 or
/// Latin-1) gets a diagnostic at its first byte that is not, with the fix, rather than
/// `stream did not contain valid UTF-8` and no place.
pub fn read_source(path: &Path) -> Result<SourceFile, Unreadable> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| Unreadable {
        diagnostic: Diagnostic::error(
            Code::UnreadableFile,
            format!("cannot read `{display}`: {error}"),
        )
        .in_file(&display),
        source: None,
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(display, text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let source = SourceFile::new(display, text);
            let diagnostic = Diagnostic::error(
                Code::NotUtf8,
                "this file is not UTF-8 text: the character here cannot be read",
            )
            .suggest(Some(
                "save the file with the UTF-8 encoding (most editors offer it under Save As)"
                    .into(),
            ))
            .at(&source, at, 1);
            Err(Unreadable {
                diagnostic,
                source: Some(source),
            })
        }
    }
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

/// Where the group that the bracket at `close` ends begins: its name before `(` when it has
/// one (`Environment(`), else the bracket; with the length to underline. Brackets in strings
/// and comments do not count.
fn struct_start(text: &str, close: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    let close = text[close..].find([')', ']']).map_or(close, |d| close + d);
    while i < close.min(bytes.len()) {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' => open.push(i),
            b')' | b']' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let Some(&bracket) = open.last() else {
        return (close, 1);
    };
    let name_end = bracket;
    let name_start = text[..name_end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(name_end, |(i, _)| i);
    if name_start < name_end {
        (name_start, name_end - name_start)
    } else {
        (bracket, 1)
    }
}

/// The name written just before the bracket that `at` is inside (`FadeOut` for `FadeOut(0.5`).
fn name_before(text: &str, at: usize) -> Option<&str> {
    let bracket = text[..at].rfind('(')?;
    let before = text[..bracket].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()?
        .0;
    Some(&before[start..])
}

/// The field a one-field effect or trigger takes, for the suggestion.
fn field_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "FadeOut" | "FadeIn" | "Timer" => "seconds",
        "LookAt" | "Select" => "target",
        "Reach" => "spot",
        "Approach" | "Walk" | "SetPose" | "Animate" => "character",
        "PlaySound" => "path",
        "MoveTo" => "environment",
        "Choose" => "option",
        _ => return None,
    })
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
            Code::UnknownField,
            format!("unknown field `{found}`{}", place(outer)),
        )
        .expected(format!("one of {}", one_of(expected)))
        .suggest(did_you_mean(found, expected.iter().copied())),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Diagnostic::error(
            Code::UnknownVariant,
            format!("unknown variant `{found}`{}", place(outer)),
        )
        .expected(format!("one of {}", one_of(expected)))
        .suggest(did_you_mean(found, expected.iter().copied())),
        RonError::MissingStructField { field, outer } => {
            // ron notices at the closing bracket; the author looks for the thing that lacks
            // the field, so point at where it starts (its name, or its bracket).
            let (at, len) = struct_start(&source.text, start);
            return Diagnostic::error(
                Code::MissingField,
                format!("missing field `{field}`{}", place(outer)),
            )
            .suggest(Some(format!("add `{field}: …`")))
            .at(source, at, len);
        }
        RonError::DuplicateStructField { field, outer } => Diagnostic::error(
            Code::DuplicateField,
            format!("field `{field}` is written twice{}", place(outer)),
        )
        .suggest(Some("keep one of them".into())),
        RonError::InvalidValueForType { expected, found } => {
            Diagnostic::error(Code::WrongType, format!("wrong type: found {found}"))
                .expected(expected.clone())
        }
        RonError::Message(message) if message.contains("untagged enum AmountInput") => {
            Diagnostic::error(Code::InvalidValue, "this is not an amount")
                .expected("a number like 5, or text like \"12.50\" for cents".to_string())
        }
        RonError::Message(message) => Diagnostic::error(Code::InvalidValue, message.clone()),
        RonError::SuggestRawIdentifier(_) | RonError::ExpectedIdentifier => {
            // `FadeOut(0.5)`: a value where a field's name belongs.
            let name = name_before(&source.text, start);
            let field = name.and_then(field_of);
            let message = match name {
                Some(name) => format!("`{name}` needs the name of the field before the value"),
                None => "a field's name is missing before this value".to_owned(),
            };
            Diagnostic::error(Code::MissingFieldName, message).expected(match (name, field) {
                (Some(name), Some(field)) => format!("`{name}({field}: …)`"),
                _ => "`name: value`, like `seconds: 0.5`".to_owned(),
            })
        }
        RonError::ExpectedComma => Diagnostic::error(Code::Syntax, "a comma is missing")
            .expected("`,` between two items".to_string())
            .suggest(Some("add a comma at the end of the previous item".into())),
        RonError::ExpectedString | RonError::ExpectedStringEnd => {
            Diagnostic::error(Code::WrongType, "expected text in double quotes")
                .expected("a string like \"hello\"".to_string())
        }
        RonError::ExpectedFloat | RonError::ExpectedInteger => {
            Diagnostic::error(Code::WrongType, format!("{}", error.code))
                .expected("a number".to_string())
        }
        RonError::ExpectedBoolean => Diagnostic::error(Code::WrongType, format!("{}", error.code))
            .expected("`true` or `false`".to_string()),
        RonError::ExpectedArray
        | RonError::ExpectedStructLike
        | RonError::ExpectedNamedStructLike(_)
        | RonError::ExpectedUnit
        | RonError::ExpectedMap => {
            Diagnostic::error(Code::WrongType, format!("wrong type: {}", error.code)).expected(
                "a group in brackets, such as `(0, 1.5, -2)`, `[...]` or `(id: ..., text: ...)`"
                    .to_string(),
            )
        }
        RonError::ExceededRecursionLimit => Diagnostic::error(
            Code::TooDeep,
            format!(
                "nested too deeply: the loader reads at most {RECURSION_LIMIT} levels, counting each group, list and variant (`Not(` counts about two, `All([` about four)"
            ),
        )
        .suggest(Some(
            "flatten it: `All([a, b, c])` and `Any([a, b, c])` take any number of conditions, and `Not(Not(x))` is `x`; nesting this deep is usually brackets opened by mistake".into(),
        )),
        RonError::Eof => Diagnostic::error(Code::Syntax, "the file ends too early").suggest(Some(
            "a closing bracket `)` or `]` is probably missing".into(),
        )),
        other => Diagnostic::error(Code::Syntax, other.to_string()),
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
        assert_eq!(d.code, Code::UnknownField);
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
