//! Diagnostics for people: file, line, column, what was expected and how to fix it, printed
//! as text for authors or JSON for tools.

use crate::ids::LineId;
use crate::source::SourceFile;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::NoColor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Range;

/// Declares `Code` from one list, so that each variant's printed name is written once, next to
/// it, and `Code::ALL` cannot forget one.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// The kind of problem a diagnostic reports. Its kebab-case name (`unknown-beat`) is
        /// printed in `error[unknown-beat]` and in JSON, and is stable: tools and tests match
        /// on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &[Code] = &[$(Code::$variant,)+];

            /// The stable kebab-case name: `Code::UnknownBeat.as_str() == "unknown-beat"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    // Reading and parsing a file (`load.rs`).
    /// The file could not be read at all: missing, a folder, no permission.
    UnreadableFile = "unreadable-file",
    /// The file is there but is not UTF-8 text (saved as Windows-1252 or Latin-1).
    NotUtf8 = "not-utf8",
    /// The file is larger than the loader reads (`load::MAX_FILE_BYTES`).
    TooLarge = "too-large",
    /// Values nest deeper than the loader reads (`load::RECURSION_LIMIT`).
    TooDeep = "too-deep",
    /// The RON text cannot be parsed: a missing comma, an early end, any other ron error.
    Syntax = "syntax",
    /// A field name the format does not have (`sped:` for `speed:`).
    UnknownField = "unknown-field",
    /// A variant name the format does not have (`Selekt(...)` for `Select(...)`).
    UnknownVariant = "unknown-variant",
    /// A required field is not written.
    MissingField = "missing-field",
    /// The same field is written twice in one group.
    DuplicateField = "duplicate-field",
    /// A value stands where a field's name belongs (`FadeOut(0.5)` for `FadeOut(seconds: 0.5)`).
    MissingFieldName = "missing-field-name",
    /// A value of the wrong type: text for a number, a number for a group.
    WrongType = "wrong-type",
    /// A value of the right type that the format refuses (an amount that is not one).
    InvalidValue = "invalid-value",

    // The validator (`validate.rs`).
    /// Two things that must have their own ids share one: environments, spots and targets,
    /// beats, characters in one environment, a line id on two different texts, a beat an
    /// overlay inserts.
    DuplicateId = "duplicate-id",
    /// A `start`, `goto` or overlay change names a beat that does not exist.
    UnknownBeat = "unknown-beat",
    /// A beat or `MoveTo` names an environment that does not exist.
    UnknownEnvironment = "unknown-environment",
    /// An arrival, trigger, condition, `MoveTo`, `Walk` or character names a spot that does
    /// not exist (where it is needed).
    UnknownSpot = "unknown-spot",
    /// A `LookAt` or `Select` names a target that does not exist.
    UnknownTarget = "unknown-target",
    /// An evidence quote or an overlay change names a line or text that does not exist.
    UnknownLine = "unknown-line",
    /// An effect names a character that no environment places.
    UnknownCharacter = "unknown-character",
    /// A `HasEvidence` condition tests evidence that no beat adds, so it never holds.
    UnknownEvidence = "unknown-evidence",
    /// A model, sound, texture or sky path names no file in the asset roots.
    MissingAsset = "missing-asset",
    /// A beat that cannot be reached from the start (a warning).
    UnreachableBeat = "unreachable-beat",
    /// An ending beat that also has outcomes, which are never offered (a warning).
    EndingWithOutcomes = "ending-with-outcomes",
    /// A beat that is not an ending and has no way out.
    DeadEnd = "dead-end",
    /// A beat from which every way out loops back, so no ending can be reached.
    NoPathToEnding = "no-path-to-ending",
    /// The scenario has no ending at all.
    NoEnding = "no-ending",
    /// A condition tests a flag that no effect sets.
    FlagNeverSet = "flag-never-set",
    /// A condition tests a counter that no effect changes.
    CounterNeverSet = "counter-never-set",
    /// The start beat does not say which environment it happens in.
    NoEnvironment = "no-environment",
    /// A beat uses a target or spot of an environment the player cannot be in there.
    NotHere = "not-here",
    /// A text that does not parse as a message (`{n, plural, ...}`, braces), in the scenario
    /// or in a translation.
    BadText = "bad-text",
    /// The scenario's content note is empty.
    EmptyContentNote = "empty-content-note",
    /// A timer, dwell, duration or checkout time outside what makes sense.
    BadNumber = "bad-number",
    /// A donation prompt, or a chapter, suggests no amounts.
    NoAmounts = "no-amounts",
    /// A suggested amount (or a chapter's minimum and maximum) that cannot be given.
    BadAmount = "bad-amount",
    /// A fade so short that the screen would flash (photosensitive visitors).
    Flash = "flash",
    /// A character with neither a spot nor a position.
    CharacterUnplaced = "character-unplaced",
    /// A height, tiling, text size, volume, emitter range or fog outside what makes sense.
    OutOfRange = "out-of-range",
    /// An atmosphere `time` that is not a time of day.
    BadTime = "bad-time",
    /// A line's speaker is not a character (a warning: the name then neither translates nor
    /// has a voice).
    SpeakerNotCharacter = "speaker-not-character",

    // Chapter overlays (`overlay.rs`).
    /// An overlay written for another scenario than the one the chapter plays.
    WrongScenario = "wrong-scenario",
    /// An `InsertAfter` with no beats.
    EmptyInsert = "empty-insert",
    /// An `InsertAfter` after a beat that does not have exactly one next beat.
    CannotInsert = "cannot-insert",
    /// A change would remove what every chapter must keep: the donation prompt, a way to it,
    /// or the content note.
    RequiredPart = "required-part",

    // Translation tables (`strings.rs`).
    /// A table whose `locale` is not the one it is loaded for.
    WrongLocale = "wrong-locale",
    /// One id translated twice in one table.
    DuplicateEntry = "duplicate-entry",
    /// A table entry for an id the scenario has no text for (a warning).
    UnusedEntry = "unused-entry",
    /// A translation made from an older source text, or that does not say which.
    StaleEntry = "stale-entry",
    /// A text with no translation in a locale declared complete.
    MissingEntry = "missing-entry",
    /// A locale declared complete that has no table at all.
    MissingTable = "missing-table",
    /// A translation that uses a `{variable}` its source text does not.
    UnknownVariable = "unknown-variable",

    // Chapter packs (`temoin_chapter`).
    /// A chapter name with no chapter file.
    UnknownChapter = "unknown-chapter",
    /// A chapter's `scenario` names no scenario.
    UnknownScenario = "unknown-scenario",
    /// A chapter's `overlays` names a file that does not exist.
    UnknownOverlay = "unknown-overlay",
    /// An offered or default locale that is not a language tag or not offered.
    BadLocale = "bad-locale",
    /// The scenario's table holds a chapter's own rewording of a text.
    ChapterWording = "chapter-wording",
    /// A provider or fallback URL that is not https (unless loopback) or not a URL.
    BadUrl = "bad-url",
    /// Monthly gifts asked of a provider that cannot take them.
    MonthlyUnsupported = "monthly-unsupported",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its stable name, the same string the code printed before it was typed.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

// Comparing with the printed name keeps `d.code == "unknown-beat"` working in tests and tools.
impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a diagnostic is about, by id, for code that acts on it without reading its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A translatable text: for `unused-entry`, the id a table translates.
    Line(LineId),
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem, printed as its stable name (`unknown-beat`) for tools and tests.
    pub code: Code,
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
    /// The id the problem is about, where code needs it. Not printed: the message names it.
    #[serde(skip)]
    pub subject: Option<Subject>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
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
            subject: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
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

    /// Says which id the diagnostic is about.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
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
        let label = Label::primary((), span).with_message(self.code.as_str());
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

    /// Tools and tests match on these names: each is kebab-case, used once, and printed and
    /// serialized exactly as written.
    #[test]
    fn codes_print_their_stable_names() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "`{name}` is used twice");
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "`{name}` is not kebab-case"
            );
            assert_eq!(code.to_string(), name);
            assert_eq!(serde_json::to_value(code).unwrap(), name);
            assert!(code == name);
            assert!(name == code);
        }
        let d = Diagnostic::error(Code::UnknownBeat, "x");
        assert_eq!(serde_json::to_value(&d).unwrap()["code"], "unknown-beat");
        assert!(d.to_string().contains("error[unknown-beat]"));
        assert_eq!(d.code, "unknown-beat");
        assert!(d.code != "unknown-spot");
    }

    /// Found by the mutation test (issue #14): ron reports one byte at a multi-byte
    /// character, and the quoted line must still render.
    #[test]
    fn a_span_inside_a_character_widens_to_the_whole_character() {
        let source = SourceFile::new("x.ron", "(\n    \u{1f600}overlays: [],\n)");
        let at = source.text.find('\u{1f600}').unwrap();
        for (offset, len) in [(at, 1), (at + 1, 1), (at + 2, 0), (at, 2)] {
            let d = Diagnostic::error(Code::Syntax, "x").at(&source, offset, len);
            assert_eq!(d.span, Some(at..at + 4), "{offset}+{len}");
            assert_eq!((d.line, d.column), (2, 5));
            assert!(d.render(Some(&source)).contains("overlays"));
        }
        let end = Diagnostic::error(Code::Syntax, "x").at(&source, source.text.len() + 3, 1);
        assert_eq!(end.span, Some(source.text.len()..source.text.len()));
    }
}
