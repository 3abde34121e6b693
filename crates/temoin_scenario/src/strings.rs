//! Translations: per-locale string tables keyed by the scenario's stable line ids.
//!
//! ```ron
//! Strings(
//!     locale: "fr-BE",
//!     entries: [
//!         // `from` is a short hash of the text this entry was translated from: when the
//!         // source changes, `temoin strings check` reports the entry as stale.
//!         Entry(id: "briefing.welcome", from: "9c1f0a2b", text: "Bienvenue…"),
//!     ],
//! )
//! ```
//!
//! The scenario keeps its default-locale text so it reads on its own; a table only holds
//! the translations. An entry with empty text counts as missing.

use crate::diagnostic::{Code, Diagnostic, Subject, did_you_mean};
use crate::ids::{LineId, Locale};
use crate::load::parse_ron;
use crate::message::Message;
use crate::model::*;
use crate::source::SourceFile;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Strings")]
pub struct StringTable {
    pub locale: Locale,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: LineId,
    /// `source_hash` of the text this was translated from.
    #[serde(default)]
    pub from: Option<String>,
    pub text: String,
}

/// A table with the file it came from, so problems point into the translation file.
#[derive(Debug, Clone)]
pub struct LoadedTable {
    pub table: StringTable,
    pub source: SourceFile,
}

impl LoadedTable {
    pub fn parse(source: SourceFile) -> Result<LoadedTable, Diagnostic> {
        let table: StringTable = parse_ron(&source)?;
        Ok(LoadedTable { table, source })
    }

    /// Where an entry is written (its `id`), for diagnostics.
    fn place(&self, id: &LineId, nth: usize) -> usize {
        let entries = self.source.section("entries").unwrap_or(0);
        self.source
            .find_nth("id", id.as_str(), entries, nth)
            .unwrap_or(entries)
    }

    fn diagnostic(&self, d: Diagnostic, id: &LineId, nth: usize) -> Diagnostic {
        let at = self.place(id, nth);
        d.at(&self.source, at, id.as_str().len() + 2)
    }

    /// The translation of `id`, if this table has a non-empty one.
    pub fn get(&self, id: &LineId) -> Option<&str> {
        self.table
            .entries
            .iter()
            .find(|e| &e.id == id && !e.text.trim().is_empty())
            .map(|e| e.text.as_str())
    }
}

/// Eight hex digits of SHA-256 of a source text: short enough to read in a diff, long enough
/// that an edit never keeps the same hash by chance in practice.
pub fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// What kind of text a translator is looking at, with a length hint for the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Title,
    ContentNote,
    Caption,
    Label,
    Line,
    Option,
    Evidence,
    Prompt,
    Button,
}

impl TextKind {
    pub fn name(self) -> &'static str {
        match self {
            TextKind::Title => "title",
            TextKind::ContentNote => "content note",
            TextKind::Caption => "caption",
            TextKind::Label => "label",
            TextKind::Line => "line",
            TextKind::Option => "option",
            TextKind::Evidence => "notebook",
            TextKind::Prompt => "donation prompt",
            TextKind::Button => "button",
        }
    }
}

/// One translatable text of a scenario, with what a translator needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    pub id: LineId,
    pub text: String,
    pub kind: TextKind,
    pub speaker: Option<String>,
}

impl SourceText {
    /// Who speaks or what the text is, for the translator's context column.
    pub fn context(&self) -> String {
        match &self.speaker {
            Some(speaker) => format!("{} ({speaker})", self.kind.name()),
            None => self.kind.name().to_owned(),
        }
    }

    /// Roughly how long a translation may be before it stops fitting where it is shown.
    pub fn max_length(&self) -> usize {
        let chars = self.text.chars().count();
        match self.kind {
            TextKind::Button => (chars * 3 / 2).max(24),
            TextKind::Label => 40,
            TextKind::Title | TextKind::Caption | TextKind::Option => (chars * 3 / 2).max(48),
            _ => (chars * 3 / 2).max(80),
        }
    }
}

/// Visits every translatable text of a scenario in file order, mutably: the one walk over the
/// format that extraction, checking and localisation all share.
pub fn visit_texts(scenario: &mut Scenario, visit: &mut TextVisitor<'_>) {
    fn text(visit: &mut TextVisitor<'_>, kind: TextKind, t: &mut Text) {
        visit(kind, None, &t.id, &mut t.text)
    }
    fn evidence(visit: &mut TextVisitor<'_>, effects: &mut [Effect]) {
        for effect in effects {
            if let Effect::AddEvidence(e) = effect {
                text(visit, TextKind::Evidence, &mut e.title);
                if let Some(detail) = &mut e.detail {
                    text(visit, TextKind::Evidence, detail);
                }
            }
        }
    }
    text(visit, TextKind::Title, &mut scenario.title);
    text(visit, TextKind::ContentNote, &mut scenario.content_note);
    if let Some(consent) = &mut scenario.consent {
        text(visit, TextKind::ContentNote, consent);
    }
    if let Some(contact) = &mut scenario.contact {
        text(visit, TextKind::Prompt, contact);
    }
    for environment in &mut scenario.environments {
        for spot in &mut environment.spots {
            if let Some(label) = &mut spot.label {
                text(visit, TextKind::Label, label);
            }
        }
        for target in &mut environment.targets {
            text(visit, TextKind::Label, &mut target.label);
        }
        for character in &mut environment.characters {
            text(visit, TextKind::Label, &mut character.name);
        }
        // Writing that stays as it is in every language (an Arabic street sign) is no text
        // for translators.
        for sign in environment.texts.iter_mut().filter(|t| t.translate) {
            text(visit, TextKind::Label, &mut sign.text);
        }
    }
    // Translators see who speaks by name, not by the character's id.
    let names: std::collections::HashMap<String, String> = scenario
        .environments
        .iter()
        .flat_map(|e| &e.characters)
        .map(|c| (c.id.to_string(), c.name.text.clone()))
        .collect();
    for beat in &mut scenario.beats {
        if let Some(caption) = &mut beat.caption {
            text(visit, TextKind::Caption, caption);
        }
        evidence(visit, &mut beat.on_enter);
        for line in &mut beat.lines {
            let speaker = line
                .speaker
                .as_deref()
                .map(|id| names.get(id).map_or(id, String::as_str));
            visit(TextKind::Line, speaker, &line.id, &mut line.text);
        }
        for outcome in &mut beat.outcomes {
            if let Trigger::Choose { option } = &mut outcome.on {
                text(visit, TextKind::Option, option);
            }
            evidence(visit, &mut outcome.effects);
        }
        if let Some(Ending::Donate(prompt)) = &mut beat.ending {
            text(visit, TextKind::Prompt, &mut prompt.headline);
            text(visit, TextKind::Prompt, &mut prompt.body);
            text(visit, TextKind::Button, &mut prompt.decline);
            text(visit, TextKind::Prompt, &mut prompt.thanks);
        }
    }
}

/// What `visit_texts` calls for each text: its kind, speaker, id, and the text to read or
/// replace.
pub type TextVisitor<'v> = dyn FnMut(TextKind, Option<&str>, &LineId, &mut String) + 'v;

/// Every translatable text, in file order (an id used twice is the validator's business).
pub fn source_texts(scenario: &Scenario) -> Vec<SourceText> {
    let mut copy = scenario.clone();
    let mut out: Vec<SourceText> = Vec::new();
    visit_texts(&mut copy, &mut |kind, speaker, id, text| {
        out.push(SourceText {
            id: id.clone(),
            text: text.clone(),
            kind,
            speaker: speaker.map(str::to_owned),
        });
    });
    out
}

/// The scenario with every text replaced by its first translation along `tables` (most
/// specific first). Returns the ids that fell back to the scenario's own text.
pub fn localize(scenario: &Scenario, tables: &[&LoadedTable]) -> (Scenario, Vec<LineId>) {
    let mut localized = scenario.clone();
    let mut fell_back = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let translations = translations(tables);
    visit_texts(&mut localized, &mut |_, _, id, text| {
        let translation = translations.iter().find_map(|t| t.get(id));
        match translation {
            Some(translation) => *text = (*translation).to_owned(),
            None => {
                if seen.insert(id.clone()) {
                    fell_back.push(id.clone())
                }
            }
        }
    });
    (localized, fell_back)
}

/// Each table's translations by id, as `LoadedTable::get` finds them (the first non-empty
/// entry), so that a large table is not searched once per text.
fn translations<'t>(tables: &[&'t LoadedTable]) -> Vec<HashMap<&'t LineId, &'t str>> {
    tables
        .iter()
        .map(|table| {
            let mut found = HashMap::new();
            for entry in &table.table.entries {
                if !entry.text.trim().is_empty() {
                    found.entry(&entry.id).or_insert(entry.text.as_str());
                }
            }
            found
        })
        .collect()
}

/// The findings of `temoin strings check` for one locale.
#[derive(Debug, Default)]
pub struct LocaleReport {
    pub locale: Option<Locale>,
    pub complete: bool,
    pub total: usize,
    pub translated: usize,
    pub missing: Vec<LineId>,
    pub stale: Vec<LineId>,
    pub unused: Vec<LineId>,
    pub duplicated: Vec<LineId>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LocaleReport {
    /// Missing or stale entries in a locale declared complete: what fails `strings check`.
    pub fn fails(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// How many unknown ids of one locale get a did-you-mean.
const GUESSED_UNUSED: usize = 200;

/// Checks the tables of one locale against the scenario's texts.
///
/// `own` are the tables written for exactly this locale (the scenario's, then the chapter's);
/// `inherited` are those of its fallbacks (`es` for `es-AR`): a text they translate is not
/// missing, but only `own` entries are checked for staleness, use and duplicates.
/// `anchor` is where a missing entry is reported when the locale has no table at all.
/// A variant of the source's own language (`en-GB` for an `en` scenario) is never missing
/// anything: its tables only hold local wording.
pub fn check_locale(
    texts: &[SourceText],
    locale: &Locale,
    source_locale: &Locale,
    complete: bool,
    own: &[&LoadedTable],
    inherited: &[&LoadedTable],
    anchor: &SourceFile,
) -> LocaleReport {
    let mut report = LocaleReport {
        locale: Some(locale.clone()),
        complete,
        total: texts.len(),
        ..LocaleReport::default()
    };
    let by_id: HashMap<&LineId, &SourceText> = texts.iter().map(|t| (&t.id, t)).collect();
    let severity = |d: Diagnostic| {
        if complete {
            d
        } else {
            Diagnostic {
                severity: crate::Severity::Warning,
                ..d
            }
        }
    };
    // A table earlier in `own` (the chapter's) shadows the same id in a later one (the
    // scenario's): only the translation that is shown is checked for staleness.
    let mut shadowed: std::collections::HashSet<&LineId> = std::collections::HashSet::new();
    for (n, table) in own.iter().enumerate() {
        if n > 0 {
            shadowed.extend(
                own[n - 1]
                    .table
                    .entries
                    .iter()
                    .filter(|e| !e.text.trim().is_empty())
                    .map(|e| &e.id),
            );
        }
        if table.table.locale != *locale {
            let at = table
                .source
                .find("locale", table.table.locale.as_str(), 0)
                .unwrap_or(0);
            report.diagnostics.push(
                Diagnostic::error(
                    Code::WrongLocale,
                    format!(
                        "this table says it is `{}` but is loaded for `{locale}`",
                        table.table.locale
                    ),
                )
                .suggest(Some(format!(
                    "write `locale: \"{locale}\"` or rename the file"
                )))
                .at(&table.source, at, table.table.locale.as_str().len() + 2),
            );
        }
        let mut seen: HashMap<&LineId, usize> = HashMap::new();
        for entry in &table.table.entries {
            let nth = seen.entry(&entry.id).or_insert(0);
            if *nth > 0 {
                report.duplicated.push(entry.id.clone());
                report.diagnostics.push(
                    table.diagnostic(
                        Diagnostic::error(
                            Code::DuplicateEntry,
                            format!("`{}` is translated twice", entry.id),
                        )
                        .suggest(Some("keep one of the two entries".into())),
                        &entry.id,
                        *nth,
                    ),
                );
            }
            let occurrence = *nth;
            *nth += 1;
            let Some(source) = by_id.get(&entry.id) else {
                report.unused.push(entry.id.clone());
                // Past a few hundred unknown ids the table is for another scenario, and a
                // guess for each would compare every id with every text (seconds, for
                // thousands).
                let guess = (report.unused.len() <= GUESSED_UNUSED)
                    .then(|| did_you_mean(entry.id.as_str(), texts.iter().map(|t| t.id.as_str())))
                    .flatten();
                report.diagnostics.push(
                    table.diagnostic(
                        Diagnostic::warning(
                            Code::UnusedEntry,
                            format!("the scenario has no text `{}`", entry.id),
                        )
                        .about(Subject::Line(entry.id.clone()))
                        .suggest(guess.or(Some(
                            "remove the entry, or check the id in the scenario".into(),
                        ))),
                        &entry.id,
                        occurrence,
                    ),
                );
                continue;
            };
            if entry.text.trim().is_empty() || shadowed.contains(&entry.id) {
                continue;
            }
            let hash = source_hash(&source.text);
            if entry.from.as_deref() != Some(hash.as_str()) {
                report.stale.push(entry.id.clone());
                let why = match &entry.from {
                    Some(_) => format!("`{}` was translated from an older text", entry.id),
                    None => format!(
                        "`{}` does not say which text it was translated from",
                        entry.id
                    ),
                };
                report.diagnostics.push(severity(
                    table.diagnostic(
                        Diagnostic::error(Code::StaleEntry, why)
                            .expected(format!("a translation of: {}", source.text))
                            .suggest(Some(format!(
                                "update the translation, then set `from: \"{hash}\"`"
                            ))),
                        &entry.id,
                        occurrence,
                    ),
                ));
            }
            report
                .diagnostics
                .extend(check_variables(table, entry, occurrence, &source.text));
        }
    }
    let (tag, source) = (locale.as_str(), source_locale.as_str());
    let variant_of_source = tag == source || tag.starts_with(&format!("{source}-"));
    let all: Vec<&LoadedTable> = own.iter().chain(inherited).copied().collect();
    let translations = translations(&all);
    for text in texts {
        let translated = variant_of_source || translations.iter().any(|t| t.contains_key(&text.id));
        if translated {
            report.translated += 1;
            continue;
        }
        report.missing.push(text.id.clone());
        // With no table at all, one error says so instead of one per text.
        if complete && !own.is_empty() {
            let d = Diagnostic::error(
                Code::MissingEntry,
                format!("`{}` has no {locale} translation", text.id),
            )
            .expected(format!("a translation of: {}", text.text))
            .suggest(Some(format!(
                "add `Entry(id: \"{}\", from: \"{}\", text: \"…\")`, or run `temoin strings extract --locale {locale}`",
                text.id,
                source_hash(&text.text)
            )));
            report.diagnostics.push(match own.last() {
                Some(table) => {
                    let at = table.source.section("entries").unwrap_or(0);
                    d.at(&table.source, at, 1)
                }
                None => d.at(anchor, 0, 1),
            });
        }
    }
    if complete && own.is_empty() && !report.missing.is_empty() {
        report.diagnostics.push(
            Diagnostic::error(
                Code::MissingTable,
                format!(
                    "{locale} is declared complete but has no translation table ({} texts missing)",
                    report.missing.len()
                ),
            )
            .suggest(Some(format!(
                "run `temoin strings extract --locale {locale} -o <scenario>/locales/{locale}.ron` and translate it, or set `complete: false`"
            )))
            .at(anchor, anchor.find("locale", locale.as_str(), 0).unwrap_or(0), locale.as_str().len() + 2),
        );
    }
    report
}

/// A translation must parse, and use only the variables its source uses (a translation that
/// invents `{amount}` where the app supplies none would show braces to a visitor).
fn check_variables(
    table: &LoadedTable,
    entry: &Entry,
    nth: usize,
    source: &str,
) -> Option<Diagnostic> {
    let translation = match Message::parse(&entry.text) {
        Ok(m) => m,
        Err(e) => {
            let at = table.place(&entry.id, nth);
            let text_at = table
                .source
                .find("text", &entry.text, at)
                .map(|t| t + 1 + e.offset);
            let d = Diagnostic::error(Code::BadText, e.message).suggest(e.suggestion);
            return Some(match text_at {
                Some(offset) => d.at(&table.source, offset, 1),
                None => table.diagnostic(d, &entry.id, nth),
            });
        }
    };
    let allowed = Message::parse(source)
        .map(|m| m.variables())
        .unwrap_or_default();
    let extra: Vec<String> = translation
        .variables()
        .difference(&allowed)
        .cloned()
        .collect();
    if extra.is_empty() {
        return None;
    }
    Some(
        table.diagnostic(
            Diagnostic::error(
                Code::UnknownVariable,
                format!(
                    "the translation of `{}` uses {} that its source text does not",
                    entry.id,
                    extra
                        .iter()
                        .map(|v| format!("`{{{v}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .suggest(Some(format!(
                "the source uses: {}",
                if allowed.is_empty() {
                    "no variables".into()
                } else {
                    allowed
                        .iter()
                        .map(|v| format!("`{{{v}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))),
            &entry.id,
            nth,
        ),
    )
}

/// The current translation of a text and the source hash it was made from; an untranslated
/// text gets the current source's hash. Keeping the old hash of an existing translation is
/// what lets `strings check` still call it stale after a round trip through a template.
fn existing<'t>(current: &[&'t LoadedTable], text: &SourceText) -> (&'t str, String) {
    current
        .iter()
        .flat_map(|table| table.table.entries.iter())
        .find(|e| e.id == text.id && !e.text.trim().is_empty())
        .map(|e| {
            (
                e.text.as_str(),
                e.from.clone().unwrap_or_else(|| source_hash(&text.text)),
            )
        })
        .unwrap_or_else(|| ("", source_hash(&text.text)))
}

/// A template for translators as RON: every text in file order, the source text as a comment,
/// the current translation (or an empty one), and the source hash.
pub fn extract_ron(texts: &[SourceText], locale: &Locale, current: &[&LoadedTable]) -> String {
    // RON string literals, escaping only what must be: translators read these files.
    let quote = |s: &str| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        format!("\"{escaped}\"")
    };
    let mut out = format!(
        "// {locale} strings. Translate each `text`; the comment above it is the source.\n\
         // `from` identifies that source: leave it, `temoin strings check` uses it to find\n\
         // translations whose source changed since.\n\
         Strings(\n    locale: {},\n    entries: [\n",
        quote(locale.as_str())
    );
    for t in texts {
        let (translation, from) = existing(current, t);
        out.push_str(&format!(
            "        // {} · max ~{} characters · {}\n",
            t.context(),
            t.max_length(),
            t.text.replace('\n', " ")
        ));
        out.push_str(&format!(
            "        Entry(id: {}, from: {}, text: {}),\n",
            quote(t.id.as_str()),
            quote(&from),
            quote(translation)
        ));
    }
    out.push_str("    ],\n)\n");
    out
}

/// The CSV columns translators see in a spreadsheet.
pub const CSV_HEADER: [&str; 6] = [
    "id",
    "source",
    "translation",
    "context",
    "max_length",
    "from",
];

/// The same template as CSV.
pub fn extract_csv(texts: &[SourceText], current: &[&LoadedTable]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| e.to_string();
    writer.write_record(CSV_HEADER).map_err(io)?;
    for t in texts {
        let (translation, from) = existing(current, t);
        writer
            .write_record([
                t.id.as_str(),
                &t.text,
                translation,
                &t.context(),
                &t.max_length().to_string(),
                &from,
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Reads a filled-in CSV back into a table: the way home from a spreadsheet.
pub fn table_from_csv(locale: &Locale, csv_text: &str) -> Result<StringTable, String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            format!(
                "the CSV has no `{name}` column (expected {})",
                CSV_HEADER.join(", ")
            )
        })
    };
    let (id, translation, from) = (column("id")?, column("translation")?, column("from")?);
    let mut entries = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", row + 2))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        entries.push(Entry {
            id: LineId::new(field(id)),
            from: Some(field(from)).filter(|f| !f.is_empty()),
            text: field(translation),
        });
    }
    Ok(StringTable {
        locale: locale.clone(),
        entries,
    })
}
