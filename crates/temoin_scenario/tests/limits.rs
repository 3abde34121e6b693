//! Nesting and size limits (issue #14): conditions nested ten thousand deep, brackets opened
//! ten thousand times wherever a value goes, a 50 MB scenario, a 10,000-entry string table.
//! Each gives a clear diagnostic or loads, and each runs on a thread with the 2 MiB stack a
//! test or app thread has by default, so a stack overflow would abort the run.

use std::fmt::Write;
use std::time::Instant;
use temoin_scenario::check::{Checked, check_text};
use temoin_scenario::load::{MAX_FILE_BYTES, RECURSION_LIMIT, parse_scenario};
use temoin_scenario::overlay::LoadedOverlay;
use temoin_scenario::strings::{LoadedTable, check_locale, localize, source_hash, source_texts};
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{Diagnostic, Locale, SourceFile};

/// The default stack of a spawned thread, and of the test harness's threads.
const STACK: usize = 2 * 1024 * 1024;

fn on_default_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("limits".into())
        .stack_size(STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A small valid scenario; `WHEN` is where an outcome's condition goes.
const BASE: &str = r##"Scenario(
    id: "limits",
    title: (id: "meta.title", text: "TITLE"),
    default_locale: "en",
    start: "b0",
    content_note: (id: "meta.note", text: "A short note. You can pause at any time."),
    environments: [
        Environment(
            id: "room",
            arrival: "s0",
            sky: "#445566",
            spots: [Spot(id: "s0", position: (0, 0, 0))],
            targets: [Target(id: "t0", label: (id: "target.t0", text: "Thing"), position: (0, 1, -2))],
        ),
    ],
    beats: [
        Beat(id: "b0", environment: "room", lines: [(id: "l0", text: "Hello.")], outcomes: [(on: Select(target: "t0"), effects: [SetFlag("x")], goto: "b1")]),
        Beat(id: "b1", outcomes: [(on: Continue, WHEN goto: "end")]),
        Beat(id: "end", ending: Donate(headline: (id: "d.h", text: "Give"), body: (id: "d.b", text: "Why"), currency: "EUR", amounts: [5, 10], decline: (id: "d.n", text: "Not now"), thanks: (id: "d.t", text: "Thanks"))),
    ],
)
"##;

fn scenario_with(when: &str) -> String {
    BASE.replace("WHEN ", &format!("when: {when}, "))
}

fn check(text: String) -> Checked {
    on_default_stack(move || check_text("limits/scenario.ron", &text, &AssetRoots::default()))
}

/// The 1-based line and column of byte `offset`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// The one error, which must be `code`, inside `text`.
fn the_error(checked: &Checked, text: &str, code: &str) -> Diagnostic {
    let errors: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", checked.diagnostics);
    let d = errors[0].clone();
    assert_eq!(d.code, code, "{d}");
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(d.line >= 1 && d.line <= lines.len(), "{d}");
    assert!(
        d.column >= 1 && d.column <= lines[d.line - 1].chars().count() + 1,
        "{d}"
    );
    d
}

#[test]
fn the_base_scenario_is_valid() {
    let checked = check(BASE.replace("WHEN ", ""));
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn conditions_nested_within_the_limit_load() {
    for when in [
        format!("{}Flag(\"x\"){}", "Not(Not(".repeat(10), "))".repeat(10)),
        format!("{}Flag(\"x\"){}", "All([".repeat(12), "])".repeat(12)),
        format!("{}Flag(\"x\"){}", "Any([All([".repeat(6), "])])".repeat(6)),
    ] {
        let checked = check(scenario_with(&when));
        assert!(checked.scenario.is_some(), "{:#?}", checked.diagnostics);
        assert!(
            checked.diagnostics.iter().all(|d| d.code != "too-deep"),
            "{:#?}",
            checked.diagnostics
        );
    }
}

/// `Not(Not(...))` and `All([All([...])])` ten thousand deep, closed or cut off, are refused
/// where they cross the limit, with the limit and the fix, before the stack runs out.
#[test]
fn conditions_nested_ten_thousand_deep_are_refused_at_the_limit() {
    for (open, close) in [("Not(", ")"), ("All([", "])"), ("Any([Not(", ")])")] {
        for closed in [true, false] {
            let depth = 10_000;
            let mut when = format!("{}Flag(\"x\")", open.repeat(depth));
            if closed {
                when.push_str(&close.repeat(depth));
            }
            let text = scenario_with(&when);
            let started = Instant::now();
            let checked = check(text.clone());
            let d = the_error(&checked, &text, "too-deep");
            // On the condition's line, past `when:` and well before its end.
            let when_at = text.find("when: ").unwrap();
            let (line, column) = line_column(&text, when_at);
            assert_eq!(d.line, line, "{d}");
            assert!(
                d.column > column && d.column < column + 5 * RECURSION_LIMIT,
                "{d}"
            );
            assert!(d.message.contains(&RECURSION_LIMIT.to_string()), "{d}");
            assert!(d.suggestion.as_deref().unwrap().contains("flatten"), "{d}");
            eprintln!(
                "{open}… ×{depth} ({}): {d} in {:.1?}",
                if closed { "closed" } else { "cut off" },
                started.elapsed()
            );
        }
    }
}

/// Brackets opened ten thousand times wherever a value goes, in every kind of field: each
/// an error that points inside the file. `amounts` takes a number or a text, so its value is
/// read before its type is known: the deepest path through the parser.
#[test]
fn brackets_opened_ten_thousand_times_anywhere_are_refused() {
    let base = BASE.replace("WHEN ", "");
    for (field, value) in [
        ("amounts: ", "[5, 10]"),
        ("title: ", "(id: \"meta.title\", text: \"TITLE\")"),
        ("beats: ", "["),
        ("position: ", "(0, 0, 0)"),
        ("effects: ", "[SetFlag(\"x\")]"),
    ] {
        for bracket in ["[", "(", "Some(", "{"] {
            let from = format!("{field}{value}");
            assert!(base.contains(&from), "{from}");
            let text = base.replacen(&from, &format!("{field}{}", bracket.repeat(10_000)), 1);
            let checked = check(text.clone());
            assert!(checked.scenario.is_none(), "{field}{bracket}");
            the_error(&checked, &text, checked.diagnostics[0].code.as_str());
        }
    }
}

#[test]
fn deeply_nested_tables_and_overlays_are_refused() {
    let table = format!(
        "Strings(locale: \"fr\", entries: [{}",
        "Entry(id: [".repeat(10_000)
    );
    let overlay = format!(
        "Overlay(scenario: \"limits\", changes: [InsertAfter(beat: \"b0\", beats: [Beat(id: \"x\", outcomes: [(on: Continue, when: {}",
        "Not(".repeat(10_000)
    );
    on_default_stack(move || {
        let source = SourceFile::new("fr.ron", table.as_str());
        let d = LoadedTable::parse(source).unwrap_err();
        assert!(
            d.line == 1 && d.column > 1 && d.column <= table.len(),
            "{d}"
        );
        let source = SourceFile::new("overlay.ron", overlay.as_str());
        let d = LoadedOverlay::parse(source).unwrap_err();
        assert_eq!(d.code, "too-deep", "{d}");
    });
}

/// A 50 MB scenario, one huge string or 70,000 beats, is refused at once, at the place where
/// it crosses the 16 MiB limit; a file just under the limit loads.
#[test]
fn a_50_mb_scenario_is_refused_where_it_crosses_the_size_limit() {
    let huge_title = BASE
        .replace("WHEN ", "")
        .replace("TITLE", &"é".repeat(25 * 1024 * 1024));
    let mut many_beats = BASE.replace("WHEN ", "");
    let mut beats = String::new();
    let mut i = 0;
    while many_beats.len() + beats.len() < 50 * 1024 * 1024 {
        let _ = writeln!(
            beats,
            "        Beat(id: \"many{i}\", lines: [(id: \"many{i}.0\", text: \"Line {i} of a scenario that grew far too long for any booth.\")], outcomes: [(on: Continue, goto: \"end\")]),"
        );
        i += 1;
    }
    many_beats = many_beats.replacen("    beats: [\n", &format!("    beats: [\n{beats}"), 1);
    for text in [huge_title, many_beats] {
        let size = text.len();
        assert!(size >= 50 * 1024 * 1024);
        let started = Instant::now();
        let crossing = {
            let mut at = MAX_FILE_BYTES;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            line_column(&text, at)
        };
        let checked = check(text.clone());
        let d = the_error(&checked, &text, "too-large");
        assert_eq!((d.line, d.column), crossing, "{d}");
        assert!(d.message.contains("16 MiB"), "{d}");
        eprintln!("{} MiB: {d} in {:.1?}", size >> 20, started.elapsed());
    }
}

#[test]
fn a_scenario_just_under_the_size_limit_loads_and_just_over_is_refused() {
    let base = BASE.replace("WHEN ", "");
    let line = format!("// {}\n", "padding ".repeat(12));
    let lines = (MAX_FILE_BYTES - base.len()) / line.len();
    let under = format!("{}{base}", line.repeat(lines));
    assert!(under.len() <= MAX_FILE_BYTES);
    let checked = check(under);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let over = format!("{}{base}", line.repeat(lines + 1));
    assert!(over.len() > MAX_FILE_BYTES);
    let checked = check(over.clone());
    the_error(&checked, &over, "too-large");
}

/// A scenario with 10,000 lines, and its tables.
fn ten_thousand_lines() -> (String, Vec<temoin_scenario::strings::SourceText>) {
    let mut lines = String::new();
    for i in 0..10_000 {
        let _ = write!(lines, "(id: \"l{i}\", text: \"Line number {i}.\"), ");
    }
    let text = BASE.replace("WHEN ", "").replace(
        "lines: [(id: \"l0\", text: \"Hello.\")]",
        &format!("lines: [{lines}]"),
    );
    let scenario = parse_scenario(&SourceFile::new("s.ron", text.as_str())).unwrap();
    let texts = source_texts(&scenario);
    (text, texts)
}

fn table(entries: impl Iterator<Item = (String, String, String)>) -> String {
    let mut out = String::from("Strings(\n    locale: \"fr\",\n    entries: [\n");
    for (id, from, text) in entries {
        let _ = writeln!(
            out,
            "        Entry(id: \"{id}\", from: \"{from}\", text: \"{text}\"),"
        );
    }
    out.push_str("    ],\n)\n");
    out
}

/// 10,000 entries, translated, duplicated or unknown: each loads and checks in well under a
/// second in release (a few in a debug build), with a diagnostic at each entry that has one.
#[test]
fn a_string_table_of_ten_thousand_entries() {
    on_default_stack(|| {
        let (scenario_text, texts) = ten_thousand_lines();
        assert!(texts.len() > 10_000);
        let scenario_source = SourceFile::new("s.ron", scenario_text.as_str());
        let scenario = parse_scenario(&scenario_source).unwrap();
        let (fr, en) = (Locale::new("fr"), Locale::new("en"));

        // Every text translated: no diagnostic, nothing falls back.
        let started = Instant::now();
        let translated = table(texts.iter().map(|t| {
            (
                t.id.to_string(),
                source_hash(&t.text),
                format!("fr {}", t.id),
            )
        }));
        let loaded = LoadedTable::parse(SourceFile::new("fr.ron", translated)).unwrap();
        assert_eq!(loaded.table.entries.len(), texts.len());
        let report = check_locale(&texts, &fr, &en, true, &[&loaded], &[], &scenario_source);
        assert!(
            report.diagnostics.is_empty(),
            "{:#?}",
            &report.diagnostics[..3]
        );
        let (localized, fell_back) = localize(&scenario, &[&loaded]);
        assert!(fell_back.is_empty());
        assert_eq!(localized.beats[0].lines[9_999].text, "fr l9999");
        eprintln!("10,000 translated entries: {:.1?}", started.elapsed());

        // One id 10,000 times: each repeat reported at its own entry.
        let started = Instant::now();
        let text = table((0..10_000).map(|_| ("l1".into(), "0".into(), "x".into())));
        let loaded = LoadedTable::parse(SourceFile::new("fr.ron", text.as_str())).unwrap();
        let report = check_locale(&texts, &fr, &en, false, &[&loaded], &[], &scenario_source);
        let duplicates: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "duplicate-entry")
            .collect();
        assert_eq!(duplicates.len(), 9_999);
        // Entry n (from 0) is on line 4 + n.
        for (n, d) in duplicates.iter().enumerate().step_by(1_111) {
            assert_eq!(d.line, 4 + n + 1, "{d}");
        }
        eprintln!("10,000 duplicated entries: {:.1?}", started.elapsed());

        // 10,000 ids the scenario does not have, most of them close to one it has.
        let started = Instant::now();
        let text = table((0..10_000).map(|i| (format!("k{i}"), "0".into(), "x".into())));
        let loaded = LoadedTable::parse(SourceFile::new("fr.ron", text.as_str())).unwrap();
        let report = check_locale(&texts, &fr, &en, false, &[&loaded], &[], &scenario_source);
        assert_eq!(report.unused.len(), 10_000);
        let unused: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "unused-entry")
            .collect();
        assert_eq!(unused.len(), 10_000);
        assert_eq!(
            unused[0].suggestion.as_deref(),
            Some("did you mean `l0`?"),
            "{}",
            unused[0]
        );
        assert_eq!(unused[9_999].line, 4 + 9_999);
        eprintln!("10,000 unknown entries: {:.1?}", started.elapsed());
    });
}
