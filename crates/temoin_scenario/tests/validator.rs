//! One test per kind of problem the loader and validator report: each asserts the message,
//! the suggestion where there is one, and the exact line:column of the offending text.

use temoin_scenario::check::check_text;
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{Diagnostic, Severity};

const BASE: &str = r##"Scenario(
    id: "t",
    title: (id: "meta.title", text: "T"),
    default_locale: "en",
    start: "a",
    content_note: (id: "meta.note", text: "A short note. You can pause at any time."),
    environments: [
        Environment(
            id: "room",
            arrival: "door",
            sky: "#000000",
            pieces: [Piece(shape: Model(path: "models/low_table.glb"))],
            characters: [Character(id: "nour", name: (id: "character.nour", text: "Nour"), figure: Person(body: Woman, top: "#3d5a6c", bottom: "#2b3440"), spot: "window")],
            spots: [Spot(id: "door", position: (0, 0, 0)), Spot(id: "window", position: (2, 0, 0))],
            targets: [Target(id: "lamp", label: (id: "t.lamp", text: "Lamp"), position: (0, 1, -2))],
        ),
        Environment(
            id: "yard",
            arrival: "gate",
            sky: "#223344",
            spots: [Spot(id: "gate", position: (0, 0, 0))],
            targets: [Target(id: "tree", label: (id: "t.tree", text: "Tree"), position: (0, 1, -2))],
        ),
    ],
    beats: [
        Beat(
            id: "a",
            environment: "room",
            lines: [(id: "a.1", speaker: "nour", text: "Hello.")],
            outcomes: [
                (on: Select(target: "lamp"), effects: [SetFlag("lit")], goto: "b"),
                (on: Choose(option: (id: "a.opt", text: "Go out")), goto: "c"),
            ],
        ),
        Beat(id: "b", outcomes: [(on: Continue, when: Flag("lit"), goto: "end")]),
        Beat(id: "c", environment: "yard", outcomes: [(on: LookAt(target: "tree"), goto: "end")]),
        Beat(
            id: "end",
            ending: Donate(
                headline: (id: "d.h", text: "Thank you."),
                body: (id: "d.b", text: "A gift helps."),
                currency: "EUR",
                amounts: [5, 10],
                decline: (id: "d.no", text: "Not now"),
                thanks: (id: "d.t", text: "Thanks."),
            ),
        ),
    ],
)
"##;

fn roots() -> AssetRoots {
    AssetRoots::new([std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets")])
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    check_text("t/scenario.ron", text, &roots()).diagnostics
}

/// BASE with `from` replaced by `to` (which must occur exactly once).
fn variant(from: &str, to: &str) -> String {
    assert_eq!(
        BASE.matches(from).count(),
        1,
        "`{from}` must occur once in BASE"
    );
    BASE.replacen(from, to, 1)
}

/// 1-based line and column of the first occurrence of `needle` at or after the first
/// occurrence of `after`.
fn position(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let start = text.find(after).expect("anchor present");
    let offset = start + text[start..].find(needle).expect("needle present");
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// The only diagnostic with `code`, checked for place and file.
fn only(diagnostics: &[Diagnostic], code: &str) -> Diagnostic {
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}`, got {diagnostics:#?}"
    );
    assert_eq!(found[0].file, "t/scenario.ron");
    found[0].clone()
}

#[test]
fn the_base_fixture_is_valid() {
    assert_eq!(diagnostics(BASE), vec![]);
}

#[test]
fn syntax_error_points_at_the_missing_comma() {
    let text = variant(r#"id: "t","#, r#"id: "t""#);
    let d = only(&diagnostics(&text), "syntax");
    assert_eq!(d.message, "a comma is missing");
    assert_eq!((d.line, d.column), position(&text, "id: \"t\"", "title"));
    assert!(
        d.to_string()
            .starts_with("t/scenario.ron:3:5: error[syntax]"),
        "{d}"
    );
}

#[test]
fn unknown_field_suggests_the_real_one() {
    let text = variant(r#"Beat(id: "b", outcomes"#, r#"Beat(id: "b", outcome"#);
    let d = only(&diagnostics(&text), "unknown-field");
    assert_eq!(d.message, "unknown field `outcome` in `Beat`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `outcomes`?"));
    assert!(d.expected.as_deref().unwrap().contains("`outcomes`"));
    assert_eq!(
        (d.line, d.column),
        position(&text, r#"Beat(id: "b""#, "outcome")
    );
}

#[test]
fn unknown_variant_suggests_the_real_one() {
    let text = variant("on: Select(target", "on: Selct(target");
    let d = only(&diagnostics(&text), "unknown-variant");
    assert_eq!(d.message, "unknown variant `Selct` in `Trigger`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `Select`?"));
    assert_eq!((d.line, d.column), position(&text, "on: Selct", "Selct"));
}

#[test]
fn wrong_type_says_what_was_expected() {
    let text = variant(
        "position: (0, 1, -2))],\n        ),\n        Environment(",
        "position: \"here\")],\n        ),\n        Environment(",
    );
    let d = only(&diagnostics(&text), "wrong-type");
    assert!(d.expected.is_some(), "{d:?}");
    assert_eq!((d.line, d.column), position(&text, "\"here\"", "\"here\""));
}

#[test]
fn missing_field_names_it() {
    let text = variant("            sky: \"#223344\",\n", "");
    let d = only(&diagnostics(&text), "missing-field");
    assert_eq!(d.message, "missing field `sky` in `Environment`");
    assert_eq!(d.suggestion.as_deref(), Some("add `sky: …`"));
    // Where the environment that lacks it starts, not at its closing bracket.
    let yard = text.find(r#"id: "yard""#).unwrap();
    let start = text[..yard].rfind("Environment(").unwrap();
    let line = text[..start].matches('\n').count() + 1;
    let column = text[..start].rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!((d.line, d.column), (line, column));
}

#[test]
fn invalid_colour_is_explained() {
    let text = variant(r##"sky: "#223344""##, r##"sky: "blueish""##);
    let d = only(&diagnostics(&text), "invalid-value");
    assert_eq!(
        d.message,
        "`blueish` is not a colour; write it like \"#a0522d\""
    );
    assert_eq!(d.line, position(&text, "blueish", "blueish").0);
}

#[test]
fn unknown_currency_is_refused_at_load() {
    let text = variant(r#"currency: "EUR""#, r#"currency: "EUX""#);
    let d = only(&diagnostics(&text), "invalid-value");
    assert!(
        d.message.starts_with("unknown currency `EUX`"),
        "{}",
        d.message
    );
    assert_eq!(d.line, position(&text, "EUX", "EUX").0);
}

#[test]
fn duplicate_beat_id() {
    let text = variant(r#"Beat(id: "b", outcomes"#, r#"Beat(id: "a", outcomes"#);
    let d = diagnostics(&text)
        .into_iter()
        .find(|d| d.code == "duplicate-id")
        .expect("duplicate reported");
    assert_eq!(d.message, "beat `a` is defined twice");
    assert_eq!(
        (d.line, d.column),
        position(&text, r#"Beat(id: "a", outcomes"#, r#""a""#)
    );
}

#[test]
fn duplicate_line_id_with_different_text() {
    let text = variant(
        r#"(id: "a.opt", text: "Go out")"#,
        r#"(id: "a.1", text: "Go out")"#,
    );
    let d = only(&diagnostics(&text), "duplicate-id");
    assert_eq!(d.message, "line id `a.1` is used for two different texts");
    assert_eq!(
        (d.line, d.column),
        position(&text, "Choose(option:", r#""a.1""#)
    );
}

#[test]
fn unknown_beat_suggests_the_closest() {
    let text = variant(
        r#"effects: [SetFlag("lit")], goto: "b""#,
        r#"effects: [SetFlag("lit")], goto: "bb""#,
    );
    let diagnostics = diagnostics(&text);
    let d = only(&diagnostics, "unknown-beat");
    assert_eq!(d.message, "unknown beat `bb`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `b`?"));
    assert_eq!(
        (d.line, d.column),
        position(&text, "goto: \"bb\"", "\"bb\"")
    );
    // Only the broken link is reported, not everything that follows from it.
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
}

#[test]
fn unreachable_beat_is_a_warning() {
    let text = variant(
        r#"effects: [SetFlag("lit")], goto: "b""#,
        r#"effects: [SetFlag("lit")], goto: "end""#,
    );
    let w = only(&diagnostics(&text), "unreachable-beat");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.message, "beat `b` cannot be reached from the start");
    assert_eq!(
        (w.line, w.column),
        position(&text, r#"Beat(id: "b""#, r#""b""#)
    );
}

#[test]
fn unknown_target_and_spot_and_environment() {
    let text = variant(r#"Select(target: "lamp")"#, r#"Select(target: "lmap")"#);
    let d = only(&diagnostics(&text), "unknown-target");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `lamp`?"));
    assert_eq!(
        (d.line, d.column),
        position(&text, "Select(target:", "\"lmap\"")
    );

    let text = variant(r#"arrival: "gate""#, r#"arrival: "gat""#);
    let d = only(&diagnostics(&text), "unknown-spot");
    assert_eq!(
        d.message,
        "arrival spot `gat` is not a spot of environment `yard`"
    );
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `gate`?"));
    assert_eq!(
        (d.line, d.column),
        position(&text, "arrival: \"gat\"", "\"gat\"")
    );

    let text = variant(
        r#"Beat(id: "c", environment: "yard""#,
        r#"Beat(id: "c", environment: "yrd""#,
    );
    let d = only(&diagnostics(&text), "unknown-environment");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `yard`?"));
    assert_eq!((d.line, d.column), position(&text, "\"yrd\"", "\"yrd\""));
}

#[test]
fn unknown_quoted_line() {
    let text = variant(
        r#"effects: [SetFlag("lit")]"#,
        r#"effects: [SetFlag("lit"), AddEvidence(id: "e", kind: Testimony, title: (id: "e.t", text: "E"), quote: "a.2")]"#,
    );
    let d = only(&diagnostics(&text), "unknown-line");
    assert_eq!(d.message, "unknown line `a.2`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `a.1`?"));
    assert_eq!((d.line, d.column), position(&text, "quote:", "\"a.2\""));
}

#[test]
fn missing_asset_suggests_the_file_that_exists() {
    let text = variant("models/low_table.glb", "models/low_tabel.glb");
    let d = only(&diagnostics(&text), "missing-asset");
    assert_eq!(d.message, "asset `models/low_tabel.glb` does not exist");
    assert_eq!(
        d.suggestion.as_deref(),
        Some("did you mean `models/low_table.glb`?")
    );
    assert_eq!(
        (d.line, d.column),
        position(&text, "Model(path:", "\"models")
    );
}

#[test]
fn dead_end_beat() {
    let text = variant(
        r#"Beat(id: "b", outcomes: [(on: Continue, when: Flag("lit"), goto: "end")])"#,
        r#"Beat(id: "b")"#,
    );
    let d = only(&diagnostics(&text), "dead-end");
    assert_eq!(d.message, "beat `b` is not an ending and has no way out");
    assert_eq!(
        (d.line, d.column),
        position(&text, r#"Beat(id: "b""#, r#""b""#)
    );
}

#[test]
fn loop_without_an_ending() {
    let text = variant(
        r#"(on: Continue, when: Flag("lit"), goto: "end")"#,
        r#"(on: Continue, when: Flag("lit"), goto: "b")"#,
    );
    let d = only(&diagnostics(&text), "no-path-to-ending");
    assert_eq!(
        d.message,
        "no ending can be reached from beat `b`: every way out loops back"
    );
    assert_eq!(
        (d.line, d.column),
        position(&text, r#"Beat(id: "b""#, r#""b""#)
    );
}

#[test]
fn flag_that_is_never_set() {
    let text = variant(r#"when: Flag("lit")"#, r#"when: Flag("lt")"#);
    let d = only(&diagnostics(&text), "flag-never-set");
    assert_eq!(d.message, "flag `lt` is tested but never set");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `lit`?"));
    assert_eq!(
        (d.line, d.column),
        position(&text, "Flag(\"lt\")", "\"lt\"")
    );
}

#[test]
fn counter_and_evidence_that_are_never_set() {
    let text = variant(
        r#"when: Flag("lit")"#,
        r#"when: All([Counter("photos", AtLeast(2)), HasEvidence("photo")])"#,
    );
    let all = diagnostics(&text);
    let d = only(&all, "counter-never-set");
    assert_eq!(
        (d.line, d.column),
        position(&text, "Counter(", "\"photos\"")
    );
    let d = only(&all, "unknown-evidence");
    assert_eq!(
        d.message,
        "evidence `photo` is never added, so this condition never holds"
    );
    assert_eq!(
        (d.line, d.column),
        position(&text, "HasEvidence(", "\"photo\"")
    );
}

#[test]
fn target_of_another_environment() {
    let text = variant(r#"LookAt(target: "tree")"#, r#"LookAt(target: "lamp")"#);
    let d = only(&diagnostics(&text), "not-here");
    assert_eq!(
        d.message,
        "target `lamp` is in environment `room`, but beat `c` happens in `yard`"
    );
    assert_eq!(
        (d.line, d.column),
        position(&text, r#"Beat(id: "c""#, "\"lamp\"")
    );
}

#[test]
fn amounts_that_cannot_be_charged() {
    let text = variant("amounts: [5, 10]", "amounts: []");
    let d = only(&diagnostics(&text), "no-amounts");
    assert_eq!(d.suggestion.as_deref(), Some("add `amounts: [5, 10, 25]`"));
    let text = variant("amounts: [5, 10]", r#"amounts: [5, "2.505"]"#);
    let d = only(&diagnostics(&text), "invalid-value");
    assert!(d.message.contains("is not an amount"), "{}", d.message);
    let text = variant(r#"currency: "EUR""#, r#"currency: "JPY""#)
        .replace("amounts: [5, 10]", r#"amounts: [5, "2.50"]"#);
    let d = only(&diagnostics(&text), "bad-amount");
    assert_eq!(
        d.message,
        "amount 2.50: JPY has no minor units; write a whole amount"
    );
}

#[test]
fn json_output_carries_every_field() {
    let text = variant(r#"goto: "c""#, r#"goto: "cc""#);
    let checked = check_text("t/scenario.ron", &text, &roots());
    let json: serde_json::Value =
        serde_json::from_str(&temoin_scenario::check::render_json(&[checked])).unwrap();
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-beat");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["suggestion"], "did you mean `c`?");
    let (line, column) = position(&text, "goto: \"cc\"", "\"cc\"");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    assert!(json["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn a_text_with_an_unknown_variable_is_an_error_with_a_suggestion() {
    let text = variant(
        r#"thanks: (id: "d.t", text: "Thanks.")"#,
        r#"thanks: (id: "d.t", text: "Thanks for {amont}.")"#,
    );
    let d = only(&diagnostics(&text), "bad-text");
    assert_eq!(d.message, "in `d.t`: unknown variable `amont`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `amount`?"));
    assert_eq!((d.line, d.column), position(&text, "thanks:", "\"d.t\""));
    // The right name, and a well-formed plural, are valid.
    let good = variant(
        r#"thanks: (id: "d.t", text: "Thanks.")"#,
        r#"thanks: (id: "d.t", text: "Thanks for {amount} and {evidence, plural, one {# note} other {# notes}}.")"#,
    );
    assert_eq!(diagnostics(&good), vec![]);
}

#[test]
fn a_fade_fast_enough_to_flash_is_refused_and_a_calm_one_is_not() {
    let fast = variant(
        r#"effects: [SetFlag("lit")]"#,
        r#"effects: [SetFlag("lit"), FadeOut(seconds: 0.05), FadeIn(seconds: 0.8)]"#,
    );
    let d = only(&diagnostics(&fast), "flash");
    assert_eq!(d.message, "a fade of 0.05 seconds in beat `a`");
    assert!(
        d.suggestion
            .as_deref()
            .unwrap()
            .contains("three times a second")
    );
    // At the number's field, not at the beat.
    assert_eq!((d.line, d.column), position(&fast, "FadeOut(", "seconds"));
    let calm = variant(
        r#"effects: [SetFlag("lit")]"#,
        r#"effects: [SetFlag("lit"), FadeOut(seconds: 0.6), FadeIn(seconds: 0.8)]"#,
    );
    assert_eq!(diagnostics(&calm), vec![]);
}

// ── Staging: people, the air, sound ─────────────────────────────────────────────────────

#[test]
fn a_speaker_who_is_no_character_is_a_warning_with_a_fix() {
    let text = variant(r#"speaker: "nour""#, r#"speaker: "Nour""#);
    let d = only(&diagnostics(&text), "speaker-not-character");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!((d.line, d.column), position(&text, "a.1", "\"Nour\""));
    // A near miss is named; anything else gets the declaration to write.
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `nour`?"), "{d}");
    let text = variant(r#"speaker: "nour""#, r#"speaker: "Hana""#);
    let d = only(&diagnostics(&text), "speaker-not-character");
    assert!(
        d.suggestion
            .as_deref()
            .unwrap_or("")
            .contains("Character(id: \"hana\""),
        "{d}"
    );
}

#[test]
fn a_character_needs_a_place() {
    let text = variant(r#", spot: "window")"#, ")");
    let d = only(&diagnostics(&text), "character-unplaced");
    assert_eq!(
        (d.line, d.column),
        position(&text, "Character(", "\"nour\"")
    );
}

#[test]
fn walking_to_an_unknown_spot_or_person_is_placed_at_the_name() {
    let text = variant(
        r#"effects: [SetFlag("lit")]"#,
        r#"effects: [SetFlag("lit"), Walk(character: "nour", to: "windw"), Approach(character: "noor")]"#,
    );
    let ds = diagnostics(&text);
    let spot = ds
        .iter()
        .find(|d| d.code == "unknown-spot")
        .expect("unknown spot");
    assert_eq!(
        (spot.line, spot.column),
        position(&text, "Walk(", "\"windw\"")
    );
    assert!(spot.suggestion.as_deref().unwrap_or("").contains("window"));
    let who = only(&ds, "unknown-character");
    assert_eq!(
        (who.line, who.column),
        position(&text, "Approach(", "\"noor\"")
    );
    assert!(who.suggestion.as_deref().unwrap_or("").contains("nour"));
}

#[test]
fn the_clock_and_the_haze_are_checked_where_written() {
    let text = variant(
        r##"sky: "#000000","##,
        r##"sky: "#000000", atmosphere: (time: "25:10", fog: (color: "#ffffff", start: 50, end: 20)),"##,
    );
    let ds = diagnostics(&text);
    let time = only(&ds, "bad-time");
    assert_eq!(
        (time.line, time.column),
        position(&text, "time:", "\"25:10\"")
    );
    let fog = ds.iter().find(|d| d.code == "out-of-range").expect("fog");
    assert_eq!((fog.line, fog.column), position(&text, "start: 50", "end"));
}

#[test]
fn sounds_and_textures_must_exist() {
    let text = variant(
        r##"sky: "#000000","##,
        r##"sky: "#000000", ambience: (path: "audio/ambience/nowhere.ogg"), emitters: [Emitter(path: "audio/shutter.ogg", position: (0, 1, 0), near: 5, far: 2)],"##,
    );
    let ds = diagnostics(&text);
    let missing = only(&ds, "missing-asset");
    assert_eq!(
        (missing.line, missing.column),
        position(&text, "ambience", "\"audio/ambience/nowhere.ogg\"")
    );
    let reach = only(&ds, "out-of-range");
    assert!(reach.message.contains("5 to 2"), "{reach}");
}

#[test]
fn the_bundled_scenario_has_people_and_places() {
    let text = std::fs::read_to_string(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenes/first_visit/scenario.ron"),
    )
    .unwrap();
    let scenario: temoin_scenario::Scenario =
        temoin_scenario::load::parse_scenario(&temoin_scenario::SourceFile::new("s", text))
            .unwrap();
    let people: Vec<&str> = scenario
        .environments
        .iter()
        .flat_map(|e| e.characters.iter().map(|c| c.id.as_str()))
        .collect();
    for who in ["nour", "abu_fadi", "umm_karim", "sami"] {
        assert!(people.contains(&who), "{who} is not placed anywhere");
    }
    for env in &scenario.environments {
        assert!(env.ambience.is_some(), "{} is silent", env.id);
    }
}

#[test]
fn out_of_range_numbers_are_placed_at_the_number() {
    let text = variant(
        r#"(on: LookAt(target: "tree"), goto: "end")"#,
        r#"(on: LookAt(target: "tree", dwell: 900), goto: "end"), (on: Timer(seconds: -5), goto: "end")"#,
    );
    let ds = diagnostics(&text);
    let dwell = ds
        .iter()
        .find(|d| d.message.contains("dwell"))
        .expect("dwell");
    assert_eq!(
        (dwell.line, dwell.column),
        position(&text, "LookAt(target: \"tree\"", "dwell")
    );
    let timer = ds
        .iter()
        .find(|d| d.message.contains("timer"))
        .expect("timer");
    assert_eq!(
        (timer.line, timer.column),
        position(&text, "Timer(", "seconds")
    );
}

#[test]
fn a_value_without_its_field_name_says_which_name() {
    let text = variant(
        r#"effects: [SetFlag("lit")]"#,
        r#"effects: [SetFlag("lit"), FadeOut(0.5)]"#,
    );
    let d = only(&diagnostics(&text), "missing-field-name");
    assert_eq!(
        d.message,
        "`FadeOut` needs the name of the field before the value"
    );
    assert_eq!(d.expected.as_deref(), Some("`FadeOut(seconds: …)`"));
    assert!(!d.to_string().contains("raw identifier"), "{d}");
    assert_eq!((d.line, d.column), position(&text, "FadeOut(", "0.5"));
}

#[test]
fn an_amount_that_is_not_one_says_what_an_amount_is() {
    let text = variant("amounts: [5, 10]", "amounts: [5, true, 25]");
    let d = only(&diagnostics(&text), "invalid-value");
    assert_eq!(d.message, "this is not an amount");
    assert!(!d.to_string().contains("untagged"), "{d}");
    assert_eq!((d.line, d.column), position(&text, "amounts: [5, ", "true"));
}

#[test]
fn a_condition_on_an_unknown_spot_is_placed_at_the_spot() {
    let text = variant(
        r#"outcomes: [(on: Continue, when: Flag("lit"), goto: "end")]"#,
        r#"outcomes: [(on: Continue, when: All([Flag("lit"), At("windw")]), goto: "end")]"#,
    );
    let diagnostics = diagnostics(&text);
    let d = only(&diagnostics, "unknown-spot");
    assert_eq!(d.message, "unknown spot `windw`");
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `window`?"));
    assert_eq!((d.line, d.column), position(&text, "At(", "\"windw\""));
}

#[test]
fn a_line_that_tests_a_flag_never_set_is_refused() {
    let text = variant(
        r#"lines: [(id: "a.1", speaker: "nour", text: "Hello.")]"#,
        r#"lines: [(id: "a.1", speaker: "nour", text: "Hello."), (id: "a.2", when: Flag("lti"), text: "Lit.")]"#,
    );
    let diagnostics = diagnostics(&text);
    let d = only(&diagnostics, "flag-never-set");
    assert_eq!(d.message, "flag `lti` is tested but never set");
    assert!(
        d.suggestion.as_deref().unwrap_or("").contains("lit"),
        "{d:?}"
    );
}
