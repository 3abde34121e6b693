//! Assembling a chapter pack from files: the chapter, its scenario, the overlays applied in
//! order, the chapter's own texts, and every locale table along each offered locale's
//! fallback chain. Problems point into the file that has them.

use crate::config::{ChapterConfig, LocaleOffer, chapter_path, parse_chapter};
use std::path::{Path, PathBuf};
use temoin_scenario::check::{Checked, asset_roots};
use temoin_scenario::load::{Unreadable, parse_scenario, read_source, scenario_file};
use temoin_scenario::locale::{fallback_chain, is_locale_tag};
use temoin_scenario::overlay::{Change, LoadedOverlay, apply_overlay, prompt_reachable};
use temoin_scenario::strings::{LoadedTable, LocaleReport, check_locale, localize, source_texts};
use temoin_scenario::validate::validate_merged;
use temoin_scenario::voice::{VoiceRoot, apply_voices, scenario_voice_root};
use temoin_scenario::{Code, Diagnostic, LineId, Locale, Scenario, SourceFile, Subject};

/// The name of the app's asset source rooted at the chapters folder (chapters' own voices).
pub const CHAPTER_SOURCE: &str = "chapter";

/// Where packs are found.
#[derive(Debug, Clone)]
pub struct PackPaths {
    /// The chapters folder; its parent holds `scenes/` and is where a chapter's `scenario` and
    /// `overlays` paths start (the repository, or the install).
    pub chapters_dir: PathBuf,
    pub assets_dir: PathBuf,
}

impl PackPaths {
    pub fn chapters_dir(&self) -> PathBuf {
        self.chapters_dir.clone()
    }

    pub fn root(&self) -> PathBuf {
        self.chapters_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The names of every chapter in the folder, sorted.
    pub fn chapter_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.chapters_dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter_map(|n| n.strip_suffix(".ron").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// `chapters/<id>/locales/<tag>.ron`: a chapter's own translations (its overlay's beats,
    /// its texts, local wording of shared lines).
    fn chapter_table(&self, chapter: &str, locale: &Locale) -> PathBuf {
        self.chapters_dir()
            .join(chapter)
            .join("locales")
            .join(format!("{locale}.ron"))
    }
}

/// `<scenario>/locales/<tag>.ron`: the scenario's translations.
fn scenario_table(scenario_folder: &Path, locale: &Locale) -> PathBuf {
    scenario_folder
        .join("locales")
        .join(format!("{locale}.ron"))
}

/// A chapter ready to play: the merged scenario in its own language and every table it can be
/// translated with.
#[derive(Debug, Clone)]
pub struct Pack {
    pub chapter: ChapterConfig,
    /// The scenario with overlays and chapter texts applied, in its default locale.
    pub scenario: Scenario,
    pub scenario_folder: PathBuf,
    /// The locales the picker offers, in order.
    pub offered: Vec<LocaleOffer>,
    /// The locale a booth starts in.
    pub default_locale: Locale,
    /// Tables by locale, the chapter's before the scenario's (the chapter's wording wins).
    pub tables: Vec<(Locale, Vec<LoadedTable>)>,
    /// Every file the pack was read from, to watch for changes.
    pub files: Vec<PathBuf>,
    /// Where recorded voices are looked for, the chapter's folder first.
    pub voice_roots: Vec<VoiceRoot>,
    /// Texts the chapter's overlays reword: their translations belong to the chapter's own
    /// tables, never to the scenario's (which every other chapter reads).
    pub replaced: Vec<LineId>,
    /// Texts of the shared scenario that the chapter's overlays take out (a replaced beat's
    /// lines): the scenario's tables still translate them for every other chapter, so they
    /// are not "unused" there.
    pub set_aside: Vec<LineId>,
    chapter_source: SourceFile,
}

/// The result of loading: the pack when nothing blocks playing, and every diagnostic with the
/// files they point into.
#[derive(Debug)]
pub struct PackLoad {
    pub pack: Option<Pack>,
    pub checked: Checked,
}

fn failed(path: String, sources: Vec<SourceFile>, diagnostics: Vec<Diagnostic>) -> PackLoad {
    PackLoad {
        pack: None,
        checked: Checked {
            path,
            scenario: None,
            source: None,
            other_sources: sources,
            diagnostics,
        },
    }
}

/// Loads chapter `name` (or the file at that path). `scenario_override` plays another scenario
/// with the chapter's settings (`--scenario`).
pub fn load_pack(paths: &PackPaths, name: &str, scenario_override: Option<&Path>) -> PackLoad {
    let chapter_file = match find_chapter(paths, name) {
        Ok(path) => path,
        Err(load) => return load,
    };
    let display = chapter_file.display().to_string();
    let (chapter_source, chapter) = match read_chapter(&chapter_file, &display) {
        Ok(read) => read,
        Err(load) => return load,
    };
    let mut found = Found {
        files: vec![chapter_file],
        ..Found::default()
    };
    let target = scenario_override
        .map(Path::to_path_buf)
        .unwrap_or_else(|| paths.root().join(&chapter.scenario));
    let (file, scenario_source, mut scenario) =
        match read_scenario(&target, &chapter, &chapter_source, &display) {
            Ok(read) => read,
            Err(load) => return load,
        };
    found.files.push(file.clone());
    let scenario_folder = file.parent().map(Path::to_path_buf).unwrap_or_default();

    apply_chapter_texts(&chapter, &chapter_source, &mut scenario, &mut found);
    let shared_texts: Vec<LineId> = source_texts(&scenario).into_iter().map(|t| t.id).collect();
    let (overlay_sources, replaced) =
        apply_overlays(paths, &chapter, &chapter_source, &mut scenario, &mut found);
    check_merged(
        &scenario,
        &scenario_source,
        &overlay_sources,
        &chapter_source,
        &paths.assets_dir,
        &file,
        &mut found,
    );
    let (offered, default_locale) =
        offered_locales(&chapter, &chapter_source, &scenario, &mut found);
    let tables = read_tables(
        paths,
        &chapter,
        &scenario,
        &scenario_folder,
        &offered,
        &mut found,
    );

    // What was loaded, with every file a diagnostic may point into.
    let Found {
        mut diagnostics,
        files,
        unreadable,
    } = found;
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    let mut sources = vec![chapter_source.clone()];
    sources.extend(overlay_sources);
    sources.extend(
        tables
            .iter()
            .flat_map(|(_, t)| t.iter().map(|t| t.source.clone())),
    );
    sources.extend(unreadable);
    diagnostics.sort_by_key(|d| d.severity);
    let voice_roots = vec![
        VoiceRoot {
            dir: paths.chapters_dir().join(&chapter.id).join("voice"),
            asset_prefix: format!("{CHAPTER_SOURCE}://{}/voice/", chapter.id),
        },
        scenario_voice_root(&scenario_folder),
    ];
    let set_aside = set_aside(shared_texts, &scenario);
    let pack = (!errors).then(|| Pack {
        chapter,
        voice_roots,
        replaced,
        set_aside,
        scenario: scenario.clone(),
        scenario_folder,
        offered,
        default_locale,
        tables,
        files,
        chapter_source,
    });
    PackLoad {
        pack,
        checked: Checked {
            path: display,
            scenario: Some(scenario),
            source: Some(scenario_source),
            other_sources: sources,
            diagnostics,
        },
    }
}

/// What loading a pack gathers on the way, whatever else fails.
#[derive(Default)]
struct Found {
    diagnostics: Vec<Diagnostic>,
    /// Every file the pack was read from, to watch for changes.
    files: Vec<PathBuf>,
    /// Files that are there but could not be read (not UTF-8) or parsed: kept so that their
    /// diagnostics can quote the line.
    unreadable: Vec<SourceFile>,
}

/// Where a value the chapter file wrote is (`key: "value"`), or its section, for diagnostics.
fn chapter_at(chapter_source: &SourceFile, key: &str, value: &str) -> usize {
    chapter_source
        .find(key, value, 0)
        .or_else(|| chapter_source.section(key))
        .unwrap_or(0)
}

/// The chapter file: `name` itself when it is a path to one, else the chapter of that name.
fn find_chapter(paths: &PackPaths, name: &str) -> Result<PathBuf, PackLoad> {
    if name.ends_with(".ron") {
        return Ok(PathBuf::from(name));
    }
    chapter_path(&paths.chapters_dir(), name).map_err(|message| {
        failed(
            name.into(),
            vec![],
            vec![Diagnostic::error(Code::UnknownChapter, message).in_file(name)],
        )
    })
}

/// Reads and parses the chapter file.
fn read_chapter(
    chapter_file: &Path,
    display: &str,
) -> Result<(SourceFile, ChapterConfig), PackLoad> {
    let chapter_source = match read_source(chapter_file) {
        Ok(source) => source,
        Err(unreadable) => {
            let sources = unreadable.source.into_iter().collect();
            return Err(failed(display.into(), sources, vec![unreadable.diagnostic]));
        }
    };
    match parse_chapter(&chapter_source) {
        Ok(chapter) => Ok((chapter_source, chapter)),
        Err(diagnostics) => Err(failed(display.into(), vec![chapter_source], diagnostics)),
    }
}

/// The scenario the chapter plays (`target`, a folder or a file): its file, text and value.
/// A scenario that cannot be read or parsed stops the load.
fn read_scenario(
    target: &Path,
    chapter: &ChapterConfig,
    chapter_source: &SourceFile,
    display: &str,
) -> Result<(PathBuf, SourceFile, Scenario), PackLoad> {
    let file = scenario_file(target);
    let scenario_source = match read_source(&file) {
        Ok(source) => source,
        // There, but not text: the problem is in the file, not in the chapter's path.
        Err(Unreadable {
            diagnostic,
            source: Some(source),
        }) => {
            return Err(failed(
                display.into(),
                vec![chapter_source.clone(), source],
                vec![diagnostic],
            ));
        }
        Err(Unreadable { diagnostic: d, .. }) => {
            let d = Diagnostic::error(Code::UnknownScenario, d.message)
                .suggest(Some(
                    "`scenario` names a folder holding `scenario.ron`, relative to the folder that holds `chapters/`".into(),
                ))
                .at(chapter_source, chapter_at(chapter_source, "scenario", &chapter.scenario), chapter.scenario.len() + 2);
            return Err(failed(
                display.into(),
                vec![chapter_source.clone()],
                vec![d],
            ));
        }
    };
    match parse_scenario(&scenario_source) {
        Ok(scenario) => Ok((file, scenario_source, scenario)),
        Err(d) => Err(failed(
            display.into(),
            vec![chapter_source.clone(), scenario_source],
            vec![d],
        )),
    }
}

/// The chapter's own texts replace the scenario's.
fn apply_chapter_texts(
    chapter: &ChapterConfig,
    chapter_source: &SourceFile,
    scenario: &mut Scenario,
    found: &mut Found,
) {
    if let Some(note) = &chapter.content_note {
        if note.text.trim().is_empty() {
            found.diagnostics.push(
                Diagnostic::error(Code::RequiredPart, "the chapter's content note is empty")
                    .suggest(Some(
                        "say what the visitor will see and that they can pause at any time".into(),
                    ))
                    .at(
                        chapter_source,
                        chapter_at(chapter_source, "id", note.id.as_str()),
                        note.id.as_str().len() + 2,
                    ),
            );
        } else {
            scenario.content_note = note.clone();
        }
    }
    if chapter.consent.is_some() {
        scenario.consent = chapter.consent.clone();
    }
    if chapter.contact.is_some() {
        scenario.contact = chapter.contact.clone();
    }
}

/// Applies the chapter's overlays in order. Returns the overlays that could be read (to place
/// diagnostics in) and the ids of the texts they reword.
fn apply_overlays(
    paths: &PackPaths,
    chapter: &ChapterConfig,
    chapter_source: &SourceFile,
    scenario: &mut Scenario,
    found: &mut Found,
) -> (Vec<SourceFile>, Vec<LineId>) {
    let mut overlay_sources = Vec::new();
    let mut replaced: Vec<LineId> = Vec::new();
    for overlay in &chapter.overlays {
        let path = paths.root().join(overlay);
        let source = match read_source(&path) {
            Ok(source) => source,
            Err(Unreadable {
                diagnostic,
                source: Some(source),
            }) => {
                found.files.push(path);
                found.diagnostics.push(diagnostic);
                found.unreadable.push(source);
                continue;
            }
            Err(Unreadable { diagnostic: d, .. }) => {
                found.diagnostics.push(
                    Diagnostic::error(Code::UnknownOverlay, d.message)
                        .suggest(Some(
                            "overlay paths are relative to the folder that holds `chapters/`"
                                .into(),
                        ))
                        .at(
                            chapter_source,
                            chapter_at(chapter_source, "overlays", overlay),
                            overlay.len() + 2,
                        ),
                );
                continue;
            }
        };
        found.files.push(path);
        match LoadedOverlay::parse(source.clone()) {
            Ok(loaded) => {
                replaced.extend(loaded.overlay.changes.iter().filter_map(|c| match c {
                    Change::ReplaceLine(line) => Some(line.id.clone()),
                    Change::ReplaceText { id, .. } => Some(id.clone()),
                    _ => None,
                }));
                found.diagnostics.extend(apply_overlay(scenario, &loaded))
            }
            Err(d) => found.diagnostics.push(d),
        }
        overlay_sources.push(source);
    }
    (overlay_sources, replaced)
}

/// Validates the merged scenario, placing each problem in the file that wrote it, and checks
/// that the overlays left a way to the donation prompt.
fn check_merged(
    scenario: &Scenario,
    scenario_source: &SourceFile,
    overlay_sources: &[SourceFile],
    chapter_source: &SourceFile,
    assets_dir: &Path,
    scenario_file: &Path,
    found: &mut Found,
) {
    let mut located_in = overlay_sources.to_vec();
    located_in.push(chapter_source.clone());
    let roots = asset_roots(scenario_file, assets_dir);
    found.diagnostics.extend(validate_merged(
        scenario,
        scenario_source,
        &located_in,
        &roots,
    ));
    if !prompt_reachable(scenario) {
        let d = Diagnostic::error(
            Code::RequiredPart,
            "no path from the start leads to the donation prompt any more",
        )
        .suggest(Some(
            "an overlay must keep a way to the `Donate` ending".into(),
        ));
        found.diagnostics.push(match overlay_sources.last() {
            Some(source) => d.at(source, 0, 1),
            None => d.at(scenario_source, 0, 1),
        });
    }
}

/// The locales the picker offers (the scenario's own when the chapter names none) and the one
/// a booth starts in, each checked.
fn offered_locales(
    chapter: &ChapterConfig,
    chapter_source: &SourceFile,
    scenario: &Scenario,
    found: &mut Found,
) -> (Vec<LocaleOffer>, Locale) {
    let offered = if chapter.locales.is_empty() {
        vec![LocaleOffer {
            locale: scenario.default_locale.clone(),
            name: scenario.default_locale.to_string(),
            complete: true,
        }]
    } else {
        chapter.locales.clone()
    };
    for offer in &offered {
        if !is_locale_tag(offer.locale.as_str()) {
            found.diagnostics.push(
                Diagnostic::error(
                    Code::BadLocale,
                    format!("`{}` is not a language tag", offer.locale),
                )
                .expected("a tag like \"fr-BE\", \"en-GB\" or \"es-AR\"".to_string())
                .at(
                    chapter_source,
                    chapter_at(chapter_source, "locale", offer.locale.as_str()),
                    offer.locale.as_str().len() + 2,
                ),
            );
        }
    }
    let default_locale = chapter
        .default_locale
        .clone()
        .unwrap_or_else(|| offered[0].locale.clone());
    if !offered.iter().any(|o| o.locale == default_locale) {
        let names: Vec<&str> = offered.iter().map(|o| o.locale.as_str()).collect();
        found.diagnostics.push(
            Diagnostic::error(
                Code::BadLocale,
                format!("the default locale `{default_locale}` is not among the offered ones"),
            )
            .suggest(Some(format!("use one of {}", names.join(", "))))
            .at(
                chapter_source,
                chapter_at(chapter_source, "default_locale", default_locale.as_str()),
                default_locale.as_str().len() + 2,
            ),
        );
    }
    (offered, default_locale)
}

/// The translation tables along each offered locale's fallback chain, the chapter's before the
/// scenario's. Missing tables are watched too: creating one reloads the preview.
fn read_tables(
    paths: &PackPaths,
    chapter: &ChapterConfig,
    scenario: &Scenario,
    scenario_folder: &Path,
    offered: &[LocaleOffer],
    found: &mut Found,
) -> Vec<(Locale, Vec<LoadedTable>)> {
    let mut tables: Vec<(Locale, Vec<LoadedTable>)> = Vec::new();
    for offer in offered {
        for locale in fallback_chain(&offer.locale, &scenario.default_locale) {
            if locale == scenario.default_locale || tables.iter().any(|(l, _)| *l == locale) {
                continue;
            }
            let mut read = Vec::new();
            for path in [
                paths.chapter_table(&chapter.id, &locale),
                scenario_table(scenario_folder, &locale),
            ] {
                // Watched even while missing: creating a table reloads the preview too.
                found.files.push(path.clone());
                if !path.is_file() {
                    continue;
                }
                let source = match read_source(&path) {
                    Ok(source) => source,
                    Err(Unreadable { diagnostic, source }) => {
                        found.diagnostics.push(diagnostic);
                        found.unreadable.extend(source);
                        continue;
                    }
                };
                match LoadedTable::parse(source.clone()) {
                    Ok(table) => read.push(table),
                    Err(d) => {
                        found.diagnostics.push(d);
                        found.unreadable.push(source);
                    }
                }
            }
            tables.push((locale, read));
        }
    }
    tables
}

/// Texts of the shared scenario that the merged one no longer has (a replaced beat's lines).
fn set_aside(shared_texts: Vec<LineId>, merged: &Scenario) -> Vec<LineId> {
    let merged_texts: std::collections::HashSet<LineId> =
        source_texts(merged).into_iter().map(|t| t.id).collect();
    shared_texts
        .into_iter()
        .filter(|id| !merged_texts.contains(id))
        .collect()
}

impl Pack {
    fn own_tables(&self, locale: &Locale) -> Vec<&LoadedTable> {
        self.tables
            .iter()
            .filter(|(l, _)| l == locale)
            .flat_map(|(_, t)| t.iter())
            .collect()
    }

    /// The tables to translate into `locale`, most specific first.
    pub fn chain(&self, locale: &Locale) -> Vec<&LoadedTable> {
        fallback_chain(locale, &self.scenario.default_locale)
            .iter()
            .flat_map(|l| self.own_tables(l))
            .collect()
    }

    /// The scenario in `locale`, voiced where a recording exists, and the ids that fell back
    /// to the scenario's own text.
    pub fn localized(&self, locale: &Locale) -> (Scenario, Vec<LineId>) {
        let (mut scenario, fell_back) = localize(&self.scenario, &self.chain(locale));
        let chain = fallback_chain(locale, &self.scenario.default_locale);
        apply_voices(&mut scenario, &self.voice_roots, &chain);
        (scenario, fell_back)
    }

    /// Per offered locale (the scenario's own first): the lines read in silence because no
    /// recording exists along the locale's chain, and the recordings that cannot be read.
    pub fn voice_report(&self) -> Vec<(Locale, Vec<LineId>, Vec<String>)> {
        let mut locales = vec![self.scenario.default_locale.clone()];
        locales.extend(
            self.offered
                .iter()
                .map(|o| o.locale.clone())
                .filter(|l| *l != self.scenario.default_locale),
        );
        locales
            .into_iter()
            .map(|locale| {
                let mut scenario = self.scenario.clone();
                let chain = fallback_chain(&locale, &self.scenario.default_locale);
                let (silent, broken) = apply_voices(&mut scenario, &self.voice_roots, &chain);
                (locale, silent, broken)
            })
            .collect()
    }

    /// The offered locale for a tag the attendant typed (`fr-be` finds `fr-BE`).
    pub fn offered_locale(&self, tag: &str) -> Option<&LocaleOffer> {
        self.offered
            .iter()
            .find(|o| o.locale.as_str().eq_ignore_ascii_case(tag))
    }

    /// Every translatable text: the merged scenario's, then the app's interface words.
    pub fn texts(&self) -> Vec<temoin_scenario::strings::SourceText> {
        let mut texts = source_texts(&self.scenario);
        texts.extend(temoin_scenario::interface::interface_texts());
        // A text used twice (one caption on two beats) is translated once.
        let mut seen = std::collections::HashSet::new();
        texts.retain(|t| seen.insert(t.id.clone()));
        texts
    }

    /// The interface words in `locale`: (id, text) for every `ui.` id, falling back along the
    /// chain to English.
    pub fn interface(&self, locale: &Locale) -> std::collections::HashMap<String, String> {
        let chain = self.chain(locale);
        temoin_scenario::interface::INTERFACE_TEXTS
            .iter()
            .map(|(id, english)| {
                let id_typed = LineId::new(*id);
                let text = chain
                    .iter()
                    .find_map(|t| t.get(&id_typed))
                    .unwrap_or(english);
                (id.to_string(), text.to_owned())
            })
            .collect()
    }

    /// Missing, stale, unused and duplicated entries of every offered translation (or one).
    pub fn check_strings(&self, only: Option<&Locale>) -> Vec<LocaleReport> {
        let texts = self.texts();
        self.offered
            .iter()
            .filter(|o| o.locale != self.scenario.default_locale)
            .filter(|o| only.is_none_or(|l| *l == o.locale))
            .map(|offer| {
                let own = self.own_tables(&offer.locale);
                let inherited: Vec<&LoadedTable> =
                    fallback_chain(&offer.locale, &self.scenario.default_locale)
                        .iter()
                        .skip(1)
                        .flat_map(|l| self.own_tables(l))
                        .collect();
                let mut report = check_locale(
                    &texts,
                    &offer.locale,
                    &self.scenario.default_locale,
                    offer.complete,
                    &own,
                    &inherited,
                    &self.chapter_source,
                );
                report
                    .diagnostics
                    .extend(self.chapter_wording_in_scenario(&own, &offer.locale));
                // The shared scenario's table keeps what this chapter sets aside: other
                // chapters still say it.
                report.unused.retain(|id| !self.set_aside.contains(id));
                report.diagnostics.retain(|d| match &d.subject {
                    Some(Subject::Line(id)) if d.code == Code::UnusedEntry => {
                        !self.set_aside.contains(id)
                    }
                    _ => true,
                });
                report
            })
            .collect()
    }

    /// A chapter's rewording of a text, found in the scenario's own table under the same id:
    /// every other chapter would then say what only this one should (and `check_locale`
    /// cannot see it, since the id and its source hash are the scenario's).
    fn chapter_wording_in_scenario(
        &self,
        own: &[&LoadedTable],
        locale: &Locale,
    ) -> Vec<Diagnostic> {
        let scenario_table = scenario_table(&self.scenario_folder, locale)
            .display()
            .to_string();
        let (scenario_tables, chapter_tables): (Vec<&LoadedTable>, Vec<&LoadedTable>) =
            own.iter().partition(|t| t.source.path == scenario_table);
        let mut out = Vec::new();
        for id in &self.replaced {
            let Some(chapter_text) = chapter_tables.iter().find_map(|t| t.get(id)) else {
                continue;
            };
            for table in &scenario_tables {
                if table.get(id) == Some(chapter_text) {
                    let at = table.source.find("id", id.as_str(), 0).unwrap_or(0);
                    out.push(
                        Diagnostic::error(
                            Code::ChapterWording,
                            format!(
                                "the scenario's {locale} translation of `{id}` is chapter `{}`'s own wording",
                                self.chapter.id
                            ),
                        )
                        .suggest(Some(format!(
                            "translate the scenario's text here; chapter `{}`'s wording belongs only in its own table",
                            self.chapter.id
                        )))
                        .at(&table.source, at, id.as_str().len() + 2),
                    );
                }
            }
        }
        out
    }

    /// The tables written for exactly `locale`, most specific first.
    pub fn tables_for(&self, locale: &Locale) -> Vec<&LoadedTable> {
        self.own_tables(locale)
    }
}
