//! One call from a path to a verdict: read, parse, validate, and print the result for people
//! or tools. Used by `temoin validate`, the app's loader and the tests.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::scenario_file;
use crate::model::Scenario;
use crate::source::SourceFile;
use crate::validate::{AssetRoots, validate};
use serde::Serialize;
use std::path::Path;

/// The outcome of checking one scenario.
#[derive(Debug)]
pub struct Checked {
    pub path: String,
    /// Present when the file parsed (even with validation errors).
    pub scenario: Option<Scenario>,
    pub source: Option<SourceFile>,
    /// Other files the diagnostics may point into: a chapter, its overlays, locale tables.
    pub other_sources: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The file a diagnostic points into, to quote its line.
    pub fn source_of(&self, diagnostic: &Diagnostic) -> Option<&SourceFile> {
        self.source
            .iter()
            .chain(&self.other_sources)
            .find(|s| s.path == diagnostic.file)
    }

    /// The scenario, if it has no errors.
    pub fn valid(&self) -> Option<&Scenario> {
        if self.errors() == 0 {
            self.scenario.as_ref()
        } else {
            None
        }
    }
}

/// The asset roots of a scenario: its own folder first, then the app's `assets/`.
pub fn asset_roots(scenario_path: &Path, assets_dir: &Path) -> AssetRoots {
    let file = scenario_file(scenario_path);
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    AssetRoots::new([folder, assets_dir.to_path_buf()])
}

/// Reads, parses and validates a scenario folder or file.
pub fn check_scenario(path: &Path, assets_dir: &Path) -> Checked {
    let file = scenario_file(path);
    let display = file.display().to_string();
    match std::fs::read_to_string(&file) {
        Err(error) => Checked {
            path: display.clone(),
            scenario: None,
            source: None,
            other_sources: Vec::new(),
            diagnostics: vec![
                Diagnostic::error(
                    Code::UnreadableFile,
                    format!("cannot read `{display}`: {error}"),
                )
                .in_file(&display)
                .suggest(Some(
                    "check the path; a scenario is a folder with a `scenario.ron` inside".into(),
                )),
            ],
        },
        Ok(text) => check_text(&display, &text, &asset_roots(path, assets_dir)),
    }
}

/// Checks text that is already in memory (the app's asset loader, tests).
pub fn check_text(display_path: &str, text: &str, roots: &AssetRoots) -> Checked {
    let source = SourceFile::new(display_path, text);
    match crate::load::parse_scenario(&source) {
        Err(diagnostic) => Checked {
            path: display_path.into(),
            scenario: None,
            source: Some(source),
            other_sources: Vec::new(),
            diagnostics: vec![diagnostic],
        },
        Ok(scenario) => {
            let diagnostics = validate(&scenario, &source, roots);
            Checked {
                path: display_path.into(),
                scenario: Some(scenario),
                source: Some(source),
                other_sources: Vec::new(),
                diagnostics,
            }
        }
    }
}

/// Human-readable report: each diagnostic with its quoted line, then a summary line.
pub fn render_human(results: &[Checked]) -> String {
    let mut out = String::new();
    for checked in results {
        for d in &checked.diagnostics {
            out.push_str(&d.render(checked.source_of(d)));
            out.push('\n');
        }
        let verdict = if checked.errors() == 0 {
            "ok"
        } else {
            "FAILED"
        };
        out.push_str(&format!(
            "{}: {verdict} ({}, {})\n",
            checked.path,
            count(checked.errors(), "error"),
            count(checked.warnings(), "warning")
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    ok: bool,
    diagnostics: &'a [Diagnostic],
}

/// Machine-readable report for editors and CI.
pub fn render_json(results: &[Checked]) -> String {
    let report = JsonReport {
        files: results
            .iter()
            .map(|c| JsonFile {
                path: &c.path,
                ok: c.errors() == 0,
                diagnostics: &c.diagnostics,
            })
            .collect(),
        errors: results.iter().map(Checked::errors).sum(),
        warnings: results.iter().map(Checked::warnings).sum(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
