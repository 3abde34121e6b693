//! Chapter packs end to end on files: the shipped chapters validate, overlays merge and are
//! protected, translations fall back, go stale, go unused, and every problem points into the
//! file that has it.

use std::path::{Path, PathBuf};
use temoin_chapter::PackPaths;
use temoin_chapter::pack::{PackLoad, load_pack};
use temoin_scenario::strings::{LoadedTable, extract_csv, source_hash, table_from_csv};
use temoin_scenario::{Diagnostic, Ending, LineId, Locale, SourceFile};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shipped() -> PackPaths {
    PackPaths {
        chapters_dir: repo().join("chapters"),
        assets_dir: repo().join("assets"),
    }
}

/// A scratch root with `scenes/s/scenario.ron` (the bundled scenario) and `chapters/`.
struct Fixture {
    root: PathBuf,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let root = std::env::temp_dir().join(format!("temoin-pack-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("scenes/s/locales")).unwrap();
        std::fs::create_dir_all(root.join("chapters/c/locales")).unwrap();
        std::fs::copy(
            repo().join("scenes/first_visit/scenario.ron"),
            root.join("scenes/s/scenario.ron"),
        )
        .unwrap();
        Fixture { root }
    }

    fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn chapter(&self, locales: &str, overlays: &str) -> &Self {
        self.write(
            "chapters/c.ron",
            &format!(
                r#"Chapter(
    id: "c",
    name: "Test chapter",
    scenario: "scenes/s",
    locales: [{locales}],
    overlays: [{overlays}],
    currency: "EUR",
    amounts: [5, 10],
    minimum: 2,
    maximum: 100,
    provider: Link(url: "https://example.org/give"),
    fallback_link: "https://example.org/give",
)"#
            ),
        )
    }

    fn load(&self) -> PackLoad {
        load_pack(
            &PackPaths {
                chapters_dir: self.root.join("chapters"),
                assets_dir: repo().join("assets"),
            },
            "c",
            None,
        )
    }
}

fn errors(load: &PackLoad) -> Vec<&Diagnostic> {
    load.checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect()
}

fn place(d: &Diagnostic) -> (String, usize, usize) {
    let file = Path::new(&d.file)
        .strip_prefix(std::env::temp_dir())
        .map(|p| {
            p.components()
                .skip(1)
                .collect::<PathBuf>()
                .display()
                .to_string()
        })
        .unwrap_or_else(|_| d.file.clone());
    (file, d.line, d.column)
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn every_shipped_chapter_validates_with_its_translations() {
    for name in shipped().chapter_names() {
        let load = load_pack(&shipped(), &name, None);
        let pack = load
            .pack
            .unwrap_or_else(|| panic!("{name}: {:#?}", load.checked.diagnostics));
        assert!(
            load.checked.diagnostics.is_empty(),
            "{name}: {:#?}",
            load.checked.diagnostics
        );
        for report in pack.check_strings(None) {
            assert!(
                report.diagnostics.is_empty()
                    && report.missing.is_empty()
                    && report.stale.is_empty(),
                "{name} {:?}: {:#?}",
                report.locale,
                report.diagnostics
            );
            assert!(report.complete);
        }
    }
    let names = shipped().chapter_names();
    for expected in ["ar", "be-fr", "demo", "uk"] {
        assert!(names.iter().any(|n| n == expected), "{names:?}");
    }
}

#[test]
fn shipped_chapters_play_in_their_language_and_currency() {
    let be = load_pack(&shipped(), "be-fr", None).pack.unwrap();
    assert_eq!(be.default_locale, Locale::new("fr-BE"));
    assert_eq!(be.chapter.currency.code(), "EUR");
    assert_eq!(be.chapter.provider.kind().name(), "mollie");
    let (french, fell_back) = be.localized(&Locale::new("fr-BE"));
    assert!(fell_back.is_empty(), "{fell_back:?}");
    assert_eq!(french.title.text, "Une matinée à Al-Hadiqa");
    // The chapter's own texts and overlay beat are translated by its own table.
    assert!(
        french
            .consent
            .as_ref()
            .unwrap()
            .text
            .starts_with("Rien qui permette de vous identifier")
    );
    // The chapter's own moment replaces the shared campaign beat, in its own words.
    let campaign = french
        .beats
        .iter()
        .find(|b| b.id.as_str() == "moment_campaign")
        .unwrap();
    assert_eq!(campaign.lines[1].id.as_str(), "be.next.liege");
    assert!(
        campaign.lines[1].text.starts_with("À Liège"),
        "{}",
        campaign.lines[1].text
    );

    let ar = load_pack(&shipped(), "ar", None).pack.unwrap();
    assert_eq!(
        (
            ar.chapter.currency.code(),
            ar.chapter.provider.kind().name()
        ),
        ("ARS", "mercadopago")
    );
    let (spanish, fell_back) = ar.localized(&Locale::new("es-AR"));
    assert!(fell_back.is_empty(), "{fell_back:?}");
    // The overlay changed Nour's line; the chapter's table translates the new text.
    let line = spanish
        .beats
        .iter()
        .flat_map(|b| &b.lines)
        .find(|l| l.id.as_str() == "exit.nour.slow_part")
        .unwrap();
    assert!(
        line.text.contains("La verdad tiene que sostenerse"),
        "{}",
        line.text
    );

    let uk = load_pack(&shipped(), "uk", None).pack.unwrap();
    assert_eq!(
        (
            uk.chapter.currency.code(),
            uk.chapter.provider.kind().name()
        ),
        ("GBP", "stripe")
    );
    let (british, _) = uk.localized(&Locale::new("en-GB"));
    // Its checkout collects no Gift Aid declaration, so nothing in the story promises one.
    assert!(
        !british
            .beats
            .iter()
            .filter_map(|b| match &b.ending {
                Some(Ending::Donate(p)) => Some(p.body.text.as_str()),
                _ => None,
            })
            .any(|body| body.contains("Gift Aid"))
    );
    assert!(
        british
            .beats
            .iter()
            .flat_map(|b| &b.lines)
            .any(|l| l.text.contains("Hansard"))
    );
}

#[test]
fn translations_fall_back_along_the_chain() {
    let f = Fixture::new("fallback");
    f.chapter(r#"(locale: "es-AR", name: "Español")"#, "");
    f.write(
        "scenes/s/locales/es.ron",
        r#"Strings(locale: "es", entries: [
            Entry(id: "meta.title", text: "Una mañana en Al-Hadiqa"),
            Entry(id: "donate.decline", text: "Ahora no"),
        ])"#,
    );
    f.write(
        "scenes/s/locales/es-AR.ron",
        r#"Strings(locale: "es-AR", entries: [Entry(id: "donate.decline", text: "Ahora no, gracias")])"#,
    );
    // The chapter's own table wins over the scenario's for the same locale.
    f.write(
        "chapters/c/locales/es-AR.ron",
        r#"Strings(locale: "es-AR", entries: [Entry(id: "meta.title", text: "Una mañana en Al-Hadiqa (Argentina)")])"#,
    );
    let pack = f.load().pack.expect("loads");
    let (scenario, fell_back) = pack.localized(&Locale::new("es-AR"));
    assert_eq!(scenario.title.text, "Una mañana en Al-Hadiqa (Argentina)");
    let donate = scenario.beats.iter().find_map(|b| match &b.ending {
        Some(Ending::Donate(p)) => Some(p.clone()),
        _ => None,
    });
    assert_eq!(donate.unwrap().decline.text, "Ahora no, gracias");
    // Everything else falls back to the scenario's English, and is reported.
    assert_eq!(scenario.content_note.text, pack.scenario.content_note.text);
    assert!(fell_back.contains(&LineId::new("meta.content_note")));
    assert!(!fell_back.contains(&LineId::new("meta.title")));
    // A partial locale reports its gaps but does not fail.
    let report = &pack.check_strings(None)[0];
    assert!(!report.complete && !report.fails());
    assert_eq!(report.translated, 2);
    assert_eq!(report.missing.len(), report.total - 2);
    // The interface words fall back the same way.
    assert_eq!(pack.interface(&Locale::new("es-AR"))["ui.begin"], "Begin");
}

#[test]
fn missing_stale_unused_and_duplicated_entries_are_found_in_the_translation_file() {
    let f = Fixture::new("stale");
    f.chapter(r#"(locale: "fr-BE", name: "Français", complete: true)"#, "");
    let title_hash = source_hash("A morning in Al-Hadiqa");
    let table = format!(
        r#"Strings(
    locale: "fr-BE",
    entries: [
        Entry(id: "meta.title", from: "{title_hash}", text: "Une matinée à Al-Hadiqa"),
        Entry(id: "donate.decline", from: "00000000", text: "Pas maintenant"),
        Entry(id: "meta.titel", from: "{title_hash}", text: "Faute de frappe"),
        Entry(id: "meta.title", from: "{title_hash}", text: "Deux fois"),
        Entry(id: "donate.thanks", from: "{thanks}", text: "Merci pour {{amont}}."),
    ],
)"#,
        thanks = source_hash(
            "Thank you. Gifts of {amount} from many people pay for days like the one you just lived: the checking, the dates, the quotes read back."
        )
    );
    f.write("scenes/s/locales/fr-BE.ron", &table);
    let pack = f
        .load()
        .pack
        .expect("loads: translations never block playing");
    let report = &pack.check_strings(None)[0];
    assert!(report.fails());
    assert_eq!(report.stale, [LineId::new("donate.decline")]);
    assert_eq!(report.unused, [LineId::new("meta.titel")]);
    assert_eq!(report.duplicated, [LineId::new("meta.title")]);
    assert_eq!(report.translated, 3, "title, decline, thanks");
    assert_eq!(report.missing.len(), report.total - 3);
    let by_code = |code: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code}: {:#?}", report.diagnostics))
    };
    let file = "scenes/s/locales/fr-BE.ron".to_string();
    let stale = by_code("stale-entry");
    assert_eq!(
        place(stale),
        (
            file.clone(),
            at(&table, "\"donate.decline\"").0,
            at(&table, "\"donate.decline\"").1
        )
    );
    assert!(stale.suggestion.as_deref().unwrap().contains("from: \""));
    let unused = by_code("unused-entry");
    assert_eq!(
        unused.suggestion.as_deref(),
        Some("did you mean `meta.title`?")
    );
    assert_eq!(place(unused).1, at(&table, "\"meta.titel\"").0);
    let duplicate = by_code("duplicate-entry");
    assert_eq!(
        place(duplicate).1,
        at(&table, "text: \"Deux fois\"").0,
        "the second one"
    );
    let bad = by_code("bad-text");
    assert_eq!(bad.message, "unknown variable `amont`");
    assert_eq!((place(bad).1, place(bad).2), at(&table, "amont"));
    assert!(
        by_code("missing-entry")
            .message
            .contains("has no fr-BE translation")
    );
}

#[test]
fn a_translation_may_not_invent_variables() {
    let f = Fixture::new("variables");
    f.chapter(r#"(locale: "fr-BE", name: "Français")"#, "");
    f.write(
        "scenes/s/locales/fr-BE.ron",
        &format!(
            r#"Strings(locale: "fr-BE", entries: [Entry(id: "donate.decline", from: "{}", text: "Pas maintenant, {{amount}}")])"#,
            source_hash("Not now")
        ),
    );
    let report = &f.load().pack.unwrap().check_strings(None)[0];
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-variable")
        .expect("reported");
    assert!(d.message.contains("`{amount}`"), "{}", d.message);
    assert_eq!(
        d.suggestion.as_deref(),
        Some("the source uses: no variables")
    );
}

const INSERT_AND_REPLACE: &str = r#"Overlay(
    scenario: "first_visit",
    changes: [
        InsertAfter(
            beat: "moment_campaign",
            beats: [
                Beat(
                    id: "c.local",
                    lines: [(id: "c.local.1", text: "A local moment.")],
                    outcomes: [(on: Continue, goto: "@next")],
                ),
            ],
        ),
        ReplaceText(id: "donate.headline", text: "A local ask."),
        ReplaceLine(id: "next.expert", speaker: "Nour", text: "A local report line."),
        ReplaceBeat(
            id: "moment_response",
            lines: [(id: "next.response", text: "A local ending.")],
            outcomes: [(on: Continue, goto: "moment_composite")],
        ),
    ],
)"#;

#[test]
fn overlays_insert_and_replace_without_copying_the_scenario() {
    let f = Fixture::new("overlay");
    f.chapter("", r#""chapters/c/overlay.ron""#)
        .write("chapters/c/overlay.ron", INSERT_AND_REPLACE);
    let load = f.load();
    let pack = load
        .pack
        .unwrap_or_else(|| panic!("{:#?}", load.checked.diagnostics));
    let s = &pack.scenario;
    let position = |id: &str| s.beats.iter().position(|b| b.id.as_str() == id).unwrap();
    assert_eq!(position("c.local"), position("moment_campaign") + 1);
    let campaign = &s.beats[position("moment_campaign")];
    assert!(
        campaign
            .outcomes
            .iter()
            .all(|o| o.goto.as_ref().unwrap().as_str() == "c.local")
    );
    let local = &s.beats[position("c.local")];
    assert_eq!(
        local.outcomes[0].goto.as_ref().unwrap().as_str(),
        "moment_response"
    );
    let report = s
        .beats
        .iter()
        .flat_map(|b| &b.lines)
        .find(|l| l.id.as_str() == "next.expert")
        .unwrap();
    assert_eq!(
        (report.text.as_str(), report.speaker.as_deref()),
        ("A local report line.", Some("Nour"))
    );
    assert_eq!(
        s.beats[position("moment_response")].lines[0].text,
        "A local ending."
    );
    let Some(Ending::Donate(prompt)) = &s.beats[position("donate")].ending else {
        panic!()
    };
    assert_eq!(prompt.headline.text, "A local ask.");
    // The shared scenario file is untouched.
    let original = std::fs::read_to_string(f.root.join("scenes/s/scenario.ron")).unwrap();
    assert!(!original.contains("c.local"));
    // The new texts are offered to translators.
    assert!(pack.texts().iter().any(|t| t.id.as_str() == "c.local.1"));
}

#[test]
fn overlays_may_not_orphan_required_parts() {
    let f = Fixture::new("protect");
    let overlay = r#"Overlay(
    scenario: "first_visit",
    changes: [
        ReplaceText(id: "meta.content_note", text: " "),
        ReplaceBeat(id: "donate", lines: [(id: "x.1", text: "No ask.")], ending: End),
        ReplaceBeat(id: "moment_respons", ending: End),
        InsertAfter(beat: "briefing", beats: [(id: "x.2", outcomes: [(on: Continue, goto: "@next")])]),
    ],
)"#;
    f.chapter("", r#""chapters/c/overlay.ron""#)
        .write("chapters/c/overlay.ron", overlay);
    let load = f.load();
    assert!(load.pack.is_none());
    let errors = errors(&load);
    let find = |needle: &str| {
        errors
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {errors:#?}"))
    };
    let file = "chapters/c/overlay.ron".to_string();
    let note = find("content note cannot be emptied");
    assert_eq!(note.code, "required-part");
    assert_eq!(
        place(note),
        (
            file.clone(),
            at(overlay, "\"meta.content_note\"").0,
            at(overlay, "\"meta.content_note\"").1
        )
    );
    let prompt = find("would remove the donation prompt");
    assert_eq!(place(prompt).1, at(overlay, "id: \"donate\"").0);
    let typo = find("no beat `moment_respons`");
    assert_eq!(
        typo.suggestion.as_deref(),
        Some("did you mean `moment_response`?")
    );
    let branch = find("branches to");
    assert_eq!(branch.code, "cannot-insert");
}

#[test]
fn an_overlay_that_cuts_the_way_to_the_ask_is_refused() {
    let f = Fixture::new("unreachable");
    let overlay = r#"Overlay(
    scenario: "first_visit",
    changes: [ReplaceBeat(id: "moment_response", lines: [(id: "next.response", text: "The end.")], ending: End)],
)"#;
    f.chapter("", r#""chapters/c/overlay.ron""#)
        .write("chapters/c/overlay.ron", overlay);
    let load = f.load();
    let errors = errors(&load);
    assert!(
        errors.iter().any(|d| d.code == "required-part"
            && d.message.contains("donation prompt")
            && d.file.ends_with("overlay.ron")),
        "{errors:#?}"
    );
}

#[test]
fn a_broken_chapter_file_points_at_the_place() {
    let f = Fixture::new("broken");
    let text = r#"Chapter(
    id: "c",
    name: "Test chapter",
    scenario: "scenes/s",
    locales: [(locale: "fr-BE", name: "Français", complet: true)],
    currency: "EUR",
    amounts: [5],
    minimum: 2,
    maximum: 100,
    provider: Link(url: "https://example.org/give"),
    fallback_link: "https://example.org/give",
)"#;
    f.write("chapters/c.ron", text);
    let load = f.load();
    let found = errors(&load);
    assert_eq!(found.len(), 1, "{found:#?}");
    let e = found[0];
    assert_eq!(e.code, "unknown-field");
    let (line, column) = at(text, "complet:");
    assert_eq!(place(e), ("chapters/c.ron".into(), line, column));
    assert_eq!(e.suggestion.as_deref(), Some("did you mean `complete`?"));

    // A scenario folder that is not there is reported on the chapter's `scenario` line.
    let f = Fixture::new("broken-scenario");
    f.write(
        "chapters/c.ron",
        &text
            .replace("complet:", "complete:")
            .replace("scenes/s", "scenes/t"),
    );
    let errors_owned = f.load().checked.diagnostics;
    assert_eq!(errors_owned[0].code, "unknown-scenario");
    assert_eq!((errors_owned[0].line, errors_owned[0].column), (4, 15));

    // A default locale the chapter does not offer.
    let f = Fixture::new("broken-locale");
    f.write(
        "chapters/c.ron",
        &text.replace("complet:", "complete:").replace(
            "    currency:",
            "    default_locale: \"fr-FR\",\n    currency:",
        ),
    );
    let load = f.load();
    let e = errors(&load)[0];
    assert_eq!(e.code, "bad-locale");
    assert_eq!(e.suggestion.as_deref(), Some("use one of fr-BE"));
}

#[test]
fn a_broken_translation_file_points_into_itself() {
    let f = Fixture::new("broken-table");
    f.chapter(r#"(locale: "fr-BE", name: "Français")"#, "");
    let table = "Strings(\n    locale: \"fr-BE\",\n    entries: [\n        Entry(id: \"meta.title\", txt: \"Une matinée\"),\n    ],\n)";
    f.write("scenes/s/locales/fr-BE.ron", table);
    let load = f.load();
    let d = load
        .checked
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("fr-BE.ron"))
        .unwrap_or_else(|| panic!("{:#?}", load.checked.diagnostics));
    assert_eq!(d.code, "unknown-field");
    assert_eq!((d.line, d.column), at(table, "txt:"));
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `text`?"));
}

#[test]
fn csv_templates_round_trip() {
    let pack = load_pack(&shipped(), "demo", None).pack.unwrap();
    let fr = Locale::new("fr-BE");
    let texts = pack.texts();
    let current = pack.tables_for(&fr);
    let csv = extract_csv(&texts, &current).unwrap();
    assert!(
        csv.starts_with("id,source,translation,context,max_length,from\n"),
        "{}",
        &csv[..80]
    );
    // Every text, with its context and current translation.
    assert!(csv.contains("line (Umm Karim)"));
    let table = table_from_csv(&fr, &csv).unwrap();
    assert_eq!(table.entries.len(), texts.len());
    for entry in &table.entries {
        let original = current[0]
            .table
            .entries
            .iter()
            .find(|e| e.id == entry.id)
            .unwrap();
        assert_eq!(
            (&entry.text, &entry.from),
            (&original.text, &original.from),
            "{}",
            entry.id
        );
    }
    // And the re-imported table checks clean, like the original.
    let loaded = LoadedTable {
        table,
        source: SourceFile::new("fr-BE.csv", ""),
    };
    let report = temoin_scenario::strings::check_locale(
        &texts,
        &fr,
        &Locale::new("en"),
        true,
        &[&loaded],
        &[],
        &SourceFile::new("c.ron", ""),
    );
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert!(
        table_from_csv(&fr, "id,text\nx,y\n")
            .unwrap_err()
            .contains("no `translation` column")
    );
}

#[test]
fn the_shipped_lines_are_voiced_in_every_offered_language() {
    let paths = PackPaths {
        chapters_dir: repo().join("chapters"),
        assets_dir: repo().join("assets"),
    };
    let pack = load_pack(&paths, "demo", None).pack.expect("demo pack");
    for (tag, folder) in [("en", "en"), ("fr-BE", "fr-BE"), ("es-AR", "es-AR")] {
        let (scenario, _) = pack.localized(&Locale::new(tag));
        let line = scenario
            .beats
            .iter()
            .flat_map(|b| &b.lines)
            .find(|l| l.id.as_str() == "briefing.nour.1")
            .unwrap();
        assert_eq!(
            line.audio.as_deref(),
            Some(format!("voice/{folder}/briefing.nour.1.ogg").as_str())
        );
        let file = repo()
            .join("scenes/first_visit")
            .join(line.audio.as_deref().unwrap());
        let seconds = temoin_scenario::voice::ogg_seconds(&std::fs::read(file).unwrap()).unwrap();
        let expected = seconds + temoin_scenario::voice::VOICE_PAUSE_SECONDS;
        assert!((line.duration.unwrap() - expected).abs() < 1e-3, "{tag}");
    }
    // Every line has a voice in every offered language: nothing is left silent.
    for (locale, silent, broken) in pack.voice_report() {
        assert!(
            silent.is_empty() && broken.is_empty(),
            "{locale}: {silent:?} {broken:?}"
        );
    }
}

#[test]
fn a_chapters_wording_in_the_scenarios_table_is_an_error_at_that_entry() {
    let f = Fixture::new("leaked-wording");
    let table = |text: &str| {
        format!(
            r#"Strings(locale: "fr-BE", entries: [Entry(id: "next.expert", from: "{}", text: "{text}")])"#,
            source_hash("An expert confirms where the strike came from.")
        )
    };
    f.chapter(
        r#"(locale: "fr-BE", name: "Français")"#,
        r#""chapters/c/overlay.ron""#,
    )
    .write(
        "chapters/c/overlay.ron",
        r#"Overlay(scenario: "first_visit", changes: [ReplaceLine(id: "next.expert", text: "A local report line.")])"#,
    )
    .write(
        "chapters/c/locales/fr-BE.ron",
        &format!(
            r#"Strings(locale: "fr-BE", entries: [Entry(id: "next.expert", from: "{}", text: "Un rapport local.")])"#,
            source_hash("A local report line.")
        ),
    )
    .write("scenes/s/locales/fr-BE.ron", &table("Un rapport local."));
    let pack = f.load().pack.expect("pack");
    let report = &pack.check_strings(None)[0];
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "chapter-wording")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert!(d.is_error());
    assert!(d.file.ends_with("scenes/s/locales/fr-BE.ron"), "{d}");
    assert!(report.fails());
    // The scenario's own translation there is fine.
    f.write(
        "scenes/s/locales/fr-BE.ron",
        &table("Un expert confirme d'où venait la frappe."),
    );
    let pack = f.load().pack.expect("pack");
    assert!(
        !pack.check_strings(None)[0]
            .diagnostics
            .iter()
            .any(|d| d.code == "chapter-wording")
    );
}

#[test]
fn no_shipped_scenario_table_holds_a_chapters_wording() {
    for name in shipped().chapter_names() {
        let pack = load_pack(&shipped(), &name, None).pack.expect("pack");
        for report in pack.check_strings(None) {
            let leaked: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.code == "chapter-wording")
                .map(|d| d.to_string())
                .collect();
            assert!(leaked.is_empty(), "{name}: {leaked:#?}");
        }
    }
}
