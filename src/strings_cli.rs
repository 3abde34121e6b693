//! `temoin strings check|extract|import` for translators and `temoin graph` for authors.

use crate::cli::{ChapterArg, Format, ScenarioArg};
use crate::paths;
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use temoin_chapter::pack::{Pack, load_pack};
use temoin_scenario::check::render_human;
use temoin_scenario::graph::{GraphFormat, render_graph};
use temoin_scenario::strings::{LocaleReport, extract_csv, extract_ron, table_from_csv};
use temoin_scenario::{Diagnostic, Locale};

#[derive(Debug, Args)]
pub struct StringsArgs {
    #[command(subcommand)]
    pub command: StringsCommand,
}

#[derive(Debug, Subcommand)]
pub enum StringsCommand {
    /// Missing, stale, unused and duplicated entries per locale; fails on missing or stale
    /// entries of a locale the chapter declares complete.
    Check {
        /// Only this locale.
        #[arg(long, value_name = "TAG")]
        locale: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a template for translators: every text with its source, context and current
    /// translation.
    Extract {
        #[arg(long, value_name = "TAG")]
        locale: String,
        #[arg(long, value_enum, default_value_t = TemplateFormat::Ron)]
        format: TemplateFormat,
        /// Where to write it (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The voice script of a locale, for `tools/make_voices.py`: one spoken line a row,
    /// `line id<TAB>speaker<TAB>radio (1/0)<TAB>text`, in the locale's wording.
    Voices {
        #[arg(long, value_name = "TAG")]
        locale: String,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Turn a translated CSV (from `extract --format csv`) back into a RON table.
    Import {
        #[arg(long, value_name = "TAG")]
        locale: String,
        /// The CSV file.
        csv: PathBuf,
        /// Where to write the table (default: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TemplateFormat {
    Ron,
    Csv,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[arg(long, value_enum, default_value_t = GraphOutput::Dot)]
    pub format: GraphOutput,
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Where to write it (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphOutput {
    Dot,
    Mermaid,
}

/// The chapter's pack, or its diagnostics on standard error.
fn pack(name: &str, scenario: Option<&Path>) -> Result<Pack, ExitCode> {
    let load = load_pack(&paths::pack_paths(), name, scenario);
    match load.pack {
        Some(pack) => Ok(pack),
        None => {
            eprint!("{}", render_human(std::slice::from_ref(&load.checked)));
            eprintln!(
                "error: chapter `{name}` has errors; fix them first (`temoin validate --chapter {name}`)"
            );
            Err(ExitCode::FAILURE)
        }
    }
}

fn write_out(output: Option<&Path>, text: &str) -> ExitCode {
    match output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                ExitCode::FAILURE
            }
        },
    }
}

pub fn strings(args: StringsArgs, chapter: &ChapterArg) -> ExitCode {
    match args.command {
        StringsCommand::Check { locale, format } => check(chapter, locale.as_deref(), format),
        StringsCommand::Voices { locale, output } => {
            let pack = match pack(chapter.name(), None) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let (scenario, _) = pack.localized(&Locale::new(locale));
            write_out(output.as_deref(), &voice_script(&scenario))
        }
        StringsCommand::Extract {
            locale,
            format,
            output,
        } => {
            let pack = match pack(chapter.name(), None) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let locale = Locale::new(locale);
            let texts = pack.texts();
            let current = pack.tables_for(&locale);
            let text = match format {
                TemplateFormat::Ron => extract_ron(&texts, &locale, &current),
                TemplateFormat::Csv => match extract_csv(&texts, &current) {
                    Ok(text) => text,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                },
            };
            write_out(output.as_deref(), &text)
        }
        StringsCommand::Import {
            locale,
            csv,
            output,
        } => {
            let locale = Locale::new(locale);
            let table = std::fs::read_to_string(&csv)
                .map_err(|e| format!("cannot read `{}`: {e}", csv.display()))
                .and_then(|text| table_from_csv(&locale, &text));
            let table = match table {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            // Written through the same template writer, so an imported table reads like an
            // extracted one.
            let pack = match pack(chapter.name(), None) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let loaded = temoin_scenario::strings::LoadedTable {
                source: temoin_scenario::SourceFile::new(csv.display().to_string(), ""),
                table,
            };
            // Only the rows the CSV holds: a chapter's own table stays small.
            let in_csv: std::collections::HashSet<&str> =
                loaded.table.entries.iter().map(|e| e.id.as_str()).collect();
            let texts: Vec<_> = pack
                .texts()
                .into_iter()
                .filter(|t| in_csv.contains(t.id.as_str()))
                .collect();
            let text = extract_ron(&texts, &locale, &[&loaded]);
            write_out(output.as_deref(), &text)
        }
    }
}

fn summary(chapter: &str, report: &LocaleReport) -> String {
    let locale = report.locale.as_ref().map_or("?", |l| l.as_str());
    let kind = if report.complete {
        "complete"
    } else {
        "partial"
    };
    format!(
        "{chapter} {locale} ({kind}): {}/{} translated, {} missing, {} stale, {} unused, {} duplicated",
        report.translated,
        report.total,
        report.missing.len(),
        report.stale.len(),
        report.unused.len(),
        report.duplicated.len()
    )
}

fn check(chapter: &ChapterArg, only: Option<&str>, format: Format) -> ExitCode {
    let only = only.map(Locale::new);
    let mut failed = false;
    let mut json = Vec::new();
    for name in chapter.names_or_all() {
        let pack = match pack(&name, None) {
            Ok(p) => p,
            Err(_) => {
                failed = true;
                continue;
            }
        };
        if let Some(locale) = &only
            && !pack.offered.iter().any(|o| o.locale == *locale)
        {
            if chapter.chapter.is_some() {
                let offered: Vec<&str> = pack.offered.iter().map(|o| o.locale.as_str()).collect();
                eprintln!(
                    "error: chapter `{name}` does not offer `{locale}`; it offers {}",
                    offered.join(", ")
                );
                failed = true;
            }
            continue;
        }
        // Lines read in silence: a warning, never a failure (subtitles carry them).
        for (locale, silent, broken) in pack.voice_report() {
            if only.as_ref().is_some_and(|l| *l != locale) || matches!(format, Format::Json) {
                continue;
            }
            for why in &broken {
                println!("warning[voice-unreadable]: {why}");
            }
            if !silent.is_empty() {
                let ids: Vec<&str> = silent.iter().map(|l| l.as_str()).collect();
                println!(
                    "warning[no-voice]: {name} {locale}: {} line(s) without a voice, read with subtitles only: {}",
                    silent.len(),
                    ids.join(", ")
                );
            }
        }
        for report in pack.check_strings(only.as_ref()) {
            failed |= report.fails();
            match format {
                Format::Human => {
                    for d in &report.diagnostics {
                        let source = pack_source(&pack, d);
                        println!("{}", d.render(source.as_ref()));
                    }
                    println!("{}", summary(&name, &report));
                }
                Format::Json => json.push(serde_json::json!({
                    "chapter": name,
                    "locale": report.locale,
                    "complete": report.complete,
                    "translated": report.translated,
                    "total": report.total,
                    "missing": report.missing,
                    "stale": report.stale,
                    "unused": report.unused,
                    "duplicated": report.duplicated,
                    "diagnostics": report.diagnostics,
                })),
            }
        }
    }
    if let Format::Json = format {
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The table a translation diagnostic points into, to quote its line.
fn pack_source(pack: &Pack, d: &Diagnostic) -> Option<temoin_scenario::SourceFile> {
    pack.tables
        .iter()
        .flat_map(|(_, tables)| tables)
        .map(|t| &t.source)
        .find(|s| s.path == d.file)
        .cloned()
}

pub fn graph(args: GraphArgs, chapter: &ChapterArg) -> ExitCode {
    let scenario = args.scenario.scenario.as_deref().map(paths::absolute);
    let pack = match pack(chapter.name(), scenario.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let format = match args.format {
        GraphOutput::Dot => GraphFormat::Dot,
        GraphOutput::Mermaid => GraphFormat::Mermaid,
    };
    write_out(
        args.output.as_deref(),
        &render_graph(&pack.scenario, format),
    )
}

/// One spoken line a row: id, speaker, radio, text (tabs and newlines in text become spaces).
pub fn voice_script(scenario: &temoin_scenario::Scenario) -> String {
    let mut out = String::from("line_id\tspeaker\tradio\ttext\n");
    for line in scenario.beats.iter().flat_map(|b| &b.lines) {
        let text = line.text.replace(['\t', '\n'], " ");
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            line.id,
            line.speaker.as_deref().unwrap_or(""),
            u8::from(line.radio),
            text
        ));
    }
    out
}
