//! Diagnostics for people: file, line, column, what was expected and how to fix it, printed
//! as text for authors or JSON for tools.

use crate::source::SourceFile;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::NoColor};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem (`unknown-beat`), for tools and tests.
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What would have been valid here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: String::new(),
            line: 0,
            column: 0,
            message: message.into(),
            expected: None,
            suggestion: None,
            span: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Places the diagnostic at a byte offset of `source`, spanning `len` bytes, widened to
    /// whole characters (a parser may name one byte of `é`) and kept inside the text.
    pub fn at(mut self, source: &SourceFile, offset: usize, len: usize) -> Self {
        let text = &source.text;
        let mut start = offset.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = offset.saturating_add(len).clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let (line, column) = source.line_column(start);
        self.file = source.path.clone();
        self.line = line;
        self.column = column;
        self.span = Some(start..end);
        self
    }

    /// A diagnostic about a whole file (it could not be read at all).
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.file = path.into();
        self.line = 1;
        self.column = 1;
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as an author reads it, with the offending line quoted when the source
    /// is at hand.
    pub fn render(&self, source: Option<&SourceFile>) -> String {
        let mut out = format!("{self}\n");
        let (Some(source), Some(span)) = (source, self.span.clone()) else {
            return out;
        };
        let file = SimpleFile::new(&source.path, &source.text);
        let label = Label::primary((), span).with_message(self.code);
        let mut notes = Vec::new();
        if let Some(expected) = &self.expected {
            notes.push(format!("expected: {expected}"));
        }
        if let Some(suggestion) = &self.suggestion {
            notes.push(format!("help: {suggestion}"));
        }
        let cs = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_labels(vec![label])
        .with_notes(notes);
        let mut writer = NoColor::new(Vec::new());
        let config = term::Config {
            display_style: term::DisplayStyle::Rich,
            ..Default::default()
        };
        if term::emit(&mut writer, &config, &file, &cs).is_ok() {
            // codespan's own header repeats ours; keep the snippet and notes.
            let text = String::from_utf8_lossy(&writer.into_inner()).into_owned();
            let snippet: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
            out.push_str(&snippet);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error[code]: message (expected …) help: …` on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        )?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; {suggestion}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be a likely typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_length = found.chars().count();
    candidates
        .into_iter()
        .filter(|c| *c != found)
        .filter_map(|c| {
            let length = c.chars().count();
            let limit = (length.max(found_length) / 3).max(2);
            // The distance is at least the difference in length: skip, without computing it,
            // what cannot be close (a table of thousands of unknown ids asks for each one).
            if length.abs_diff(found_length) > limit {
                return None;
            }
            let distance = strsim::damerau_levenshtein(found, c);
            (distance <= limit).then_some((distance, c))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `did you mean `x`?` for the closest candidate.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(found, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            closest("famly_interview", ["family_interview", "street"]),
            Some("family_interview")
        );
        assert_eq!(closest("xyz", ["family_interview", "street"]), None);
    }

    /// Found by the mutation test (issue #14): ron reports one byte at a multi-byte
    /// character, and the quoted line must still render.
    #[test]
    fn a_span_inside_a_character_widens_to_the_whole_character() {
        let source = SourceFile::new("x.ron", "(\n    \u{1f600}overlays: [],\n)");
        let at = source.text.find('\u{1f600}').unwrap();
        for (offset, len) in [(at, 1), (at + 1, 1), (at + 2, 0), (at, 2)] {
            let d = Diagnostic::error("syntax", "x").at(&source, offset, len);
            assert_eq!(d.span, Some(at..at + 4), "{offset}+{len}");
            assert_eq!((d.line, d.column), (2, 5));
            assert!(d.render(Some(&source)).contains("overlays"));
        }
        let end = Diagnostic::error("syntax", "x").at(&source, source.text.len() + 3, 1);
        assert_eq!(end.span, Some(source.text.len()..source.text.len()));
    }
}
