//! `temoin validate`, `temoin walk` and bad arguments, through the real binary.

use super::*;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = temoin().args(args).output().expect("run temoin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_passes_every_chapter_and_the_bundled_scenario() {
    let (code, out, _) = run(&["validate"]);
    assert_eq!(code, 0, "{out}");
    for chapter in ["ar", "be-fr", "demo", "uk"] {
        assert!(
            out.contains(&format!(
                "chapters/{chapter}.ron: ok (0 errors, 0 warnings)"
            )),
            "{out}"
        );
    }
    let (code, out, _) = run(&["validate", "--scenario", "scenes/first_visit"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("scenario.ron: ok (0 errors, 0 warnings)"),
        "{out}"
    );
    let (code, json, _) = run(&["validate", "--chapter", "be-fr", "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("json output");
    assert_eq!(report["files"][0]["ok"], true);
}

/// A copy of the bundled scenario with its translations and a chapter `c` offering fr-BE as
/// complete, under a scratch root; `TEMOIN_CHAPTERS` points at it.
fn chapter_root(name: &str, edit_scenario: impl Fn(String) -> String) -> PathBuf {
    let root = scratch_dir(name);
    let scenes = root.join("scenes/first_visit/locales");
    std::fs::create_dir_all(&scenes).unwrap();
    std::fs::create_dir_all(root.join("chapters")).unwrap();
    std::fs::write(
        root.join("scenes/first_visit/scenario.ron"),
        edit_scenario(bundled_text()),
    )
    .unwrap();
    for locale in ["fr-BE", "es-AR"] {
        std::fs::copy(
            bundled_scenario().join(format!("locales/{locale}.ron")),
            scenes.join(format!("{locale}.ron")),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("chapters/c.ron"),
        r#"Chapter(
    id: "c",
    name: "C",
    locales: [(locale: "fr-BE", name: "Français", complete: true), (locale: "es-AR", name: "Español")],
    currency: "EUR",
    amounts: [5],
    minimum: 2,
    maximum: 100,
    provider: Link(url: "https://example.org/give"),
    fallback_link: "https://example.org/give",
)"#,
    )
    .unwrap();
    root
}

fn run_in(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = temoin()
        .args(args)
        .env("TEMOIN_CHAPTERS", root.join("chapters"))
        .output()
        .expect("run temoin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn strings_check_passes_the_shipped_translations() {
    let (code, out, _) = run(&["strings", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "be-fr fr-BE (complete): 284/284 translated, 0 missing, 0 stale, 0 unused, 0 duplicated"
        ),
        "{out}"
    );
    assert!(
        out.contains("ar es-AR (complete): 284/284 translated"),
        "{out}"
    );
}

#[test]
fn an_edited_source_line_makes_its_translation_stale_and_fails_the_check() {
    let root = chapter_root("strings-stale", |text| {
        text.replacen(
            "I do not want pity. I want people to know.",
            "I do not want pity. I want the world to know.",
            1,
        )
    });
    let (code, out, _) = run_in(&root, &["strings", "check", "--chapter", "c"]);
    assert_eq!(code, 1, "{out}");
    let table = std::fs::read_to_string(root.join("scenes/first_visit/locales/fr-BE.ron")).unwrap();
    let offset = table.find("\"testimony.umm_karim.listen.2\"").unwrap();
    let line = table[..offset].matches('\n').count() + 1;
    let column = table[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    assert!(
        out.contains(&format!(
            "fr-BE.ron:{line}:{column}: error[stale-entry]: `testimony.umm_karim.listen.2` was translated from an older text"
        )),
        "{out}"
    );
    assert!(
        out.contains("c fr-BE (complete): 281/281 translated, 0 missing, 1 stale"),
        "{out}"
    );
    // The same entry in a partial locale is a warning: es-AR does not fail the check.
    assert!(
        out.contains("c es-AR (partial): 281/281 translated, 0 missing, 1 stale"),
        "{out}"
    );
    let (code, _, _) = run_in(
        &root,
        &["strings", "check", "--chapter", "c", "--locale", "es-AR"],
    );
    assert_eq!(code, 0);
    // validate reports it too, and fails.
    let (code, out, _) = run_in(&root, &["validate", "--chapter", "c"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[stale-entry]"), "{out}");
}

#[test]
fn strings_extract_writes_templates_and_import_reads_them_back() {
    let dir = scratch_dir("strings-extract");
    let csv = dir.join("fr.csv");
    let (code, _, err) = run(&[
        "strings",
        "extract",
        "--chapter",
        "be-fr",
        "--locale",
        "fr-BE",
        "--format",
        "csv",
        "-o",
        path_str(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("id,source,translation,context,max_length,from\n"));
    assert!(
        text.contains("be.next.liege,"),
        "the overlay's line is offered"
    );
    assert!(
        text.contains("Une matinée à Al-Hadiqa"),
        "current translations are filled in"
    );
    let (code, ron, err) = run(&[
        "strings",
        "import",
        "--chapter",
        "be-fr",
        "--locale",
        "fr-BE",
        path_str(&csv),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(ron.contains(r#"Entry(id: "meta.title", from: "#), "{ron}");
    let (code, template, _) = run(&["strings", "extract", "--locale", "de"]);
    assert_eq!(code, 0);
    assert!(
        template.contains(r#"Entry(id: "meta.title", from: "c85eb9d7", text: ""),"#),
        "{template}"
    );
}

#[test]
fn graph_shows_the_story_and_the_chapter_overlay() {
    let root = chapter_root("graph-overlay", |text| text);
    let chapter = std::fs::read_to_string(root.join("chapters/c.ron")).unwrap();
    std::fs::write(
        root.join("chapters/c.ron"),
        chapter.replace(
            "    currency:",
            "    overlays: [\"chapters/c/overlay.ron\"],\n    currency:",
        ),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("chapters/c")).unwrap();
    std::fs::write(
        root.join("chapters/c/overlay.ron"),
        r#"Overlay(scenario: "first_visit", changes: [InsertAfter(beat: "moment_campaign", beats: [
            Beat(id: "c.local", lines: [(id: "c.local.1", text: "A local moment.")], outcomes: [(on: Continue, goto: "@next")]),
        ])])"#,
    )
    .unwrap();
    let (code, dot, err) = run_in(&root, &["graph", "--chapter", "c"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.contains(r#""moment_campaign" -> "c.local""#), "{dot}");
    assert!(dot.contains("(donation prompt)"), "{dot}");
    // Where the visitor must stand is part of the story's shape.
    assert!(dot.contains("at school_gate"), "{dot}");
    let (code, mermaid, _) = run(&["graph", "--format", "mermaid"]);
    assert_eq!(code, 0);
    assert!(mermaid.starts_with("flowchart TD"));
    assert!(mermaid.contains("briefing -->|"), "{mermaid}");
}

#[test]
fn an_unknown_chapter_names_the_closest() {
    for args in [
        &["validate", "--chapter", "be-fe"][..],
        &["preview", "--chapter", "be-fe"][..],
        &["graph", "--chapter", "be-fe"][..],
    ] {
        let (code, out, err) = run(args);
        assert_ne!(code, 0, "{args:?}");
        assert!(
            format!("{out}{err}").contains("did you mean `be-fr`?"),
            "{args:?}: {out}{err}"
        );
    }
}

#[test]
fn validate_reports_file_line_column_and_fails() {
    let text = bundled_text().replacen(
        r#"goto: "testimony_welcome""#,
        r#"goto: "testimony_welcom""#,
        1,
    );
    let dir = scenario_folder("cli-broken", &text);
    let (code, out, _) = run(&["validate", path_str(&dir)]);
    assert_eq!(code, 1, "{out}");
    let offset = text.find(r#""testimony_welcom""#).unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    let expected = format!(
        "scenario.ron:{line}:{column}: error[unknown-beat]: unknown beat `testimony_welcom`; did you mean `testimony_welcome`?"
    );
    assert!(out.contains(&expected), "missing `{expected}` in:\n{out}");
    // The offending line is quoted under the message.
    assert!(out.contains(r#"goto: "testimony_welcom""#), "{out}");

    let (code, json, _) = run(&["validate", "--format", "json", path_str(&dir)]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&json).expect("json output");
    assert_eq!(report["errors"], 1);
    assert_eq!(report["files"][0]["diagnostics"][0]["line"], line);
}

#[test]
fn validate_warnings_do_not_fail() {
    let text = bundled_text().replacen(
        "    beats: [\n",
        "    beats: [\n        Beat(id: \"orphan\", lines: [(id: \"orphan.1\", text: \"Nobody comes here.\")], ending: End),\n",
        1,
    );
    let dir = scenario_folder("cli-warning", &text);
    let (code, out, _) = run(&["validate", "--scenario", path_str(&dir)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[unreachable-beat]"), "{out}");
}

#[test]
fn walk_covers_every_beat_with_durations() {
    let (code, out, _) = run(&["walk", "--runs", "150", "--seed", "3"]);
    assert_eq!(code, 0, "{out}");
    let beats = bundled_text().matches("Beat(").count();
    assert!(
        out.contains(&format!("beat coverage: {beats}/{beats} (100%)")),
        "{out}"
    );
    assert!(out.contains("donate:"), "{out}");
    assert!(out.contains("150 runs, 0 stuck"), "{out}");
}

#[test]
fn walk_fails_when_a_run_gets_stuck() {
    // Valid (the flag is set somewhere) but a visitor who picks "x" can never leave `b`.
    let text = r##"Scenario(
    id: "stuck", title: (id: "t", text: "T"), default_locale: "en", start: "a",
    content_note: (id: "n", text: "Note. You can pause at any time."),
    environments: [Environment(id: "room", arrival: "door", sky: "#000000", spots: [Spot(id: "door", position: (0, 0, 0))])],
    beats: [
        Beat(id: "a", environment: "room", outcomes: [
            (on: Choose(option: (id: "x", text: "X")), goto: "b"),
            (on: Choose(option: (id: "y", text: "Y")), effects: [SetFlag("f")], goto: "b"),
        ]),
        Beat(id: "b", outcomes: [(on: Continue, when: Flag("f"), goto: "end")]),
        Beat(id: "end", ending: End),
    ],
)"##;
    let dir = scenario_folder("cli-stuck", text);
    let (code, out, _) = run(&["walk", path_str(&dir), "--runs", "20"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("STUCK: beat `b` offers nothing to do"),
        "{out}"
    );
}

#[test]
fn bad_arguments_and_unreadable_files_exit_with_one_line() {
    let (code, _, err) = run(&["preview", "--scenario", "/nonexistent/place"]);
    assert_ne!(code, 0);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot read scenario `/nonexistent/place`: No such file"),
        "{err}"
    );

    let (code, _, err) = run(&["preview", "--window", "10x10"]);
    assert_ne!(code, 0);
    assert!(err.contains("the window must be between"), "{err}");

    let (code, out, _) = run(&["validate", "/nonexistent/place"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[unreadable-file]"), "{out}");
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["run", "preview", "validate", "walk", "graph"] {
        let (code, out, _) = run(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(out.contains("--scenario"), "{sub}: {out}");
    }
    for sub in ["run", "validate", "walk", "strings", "graph", "donations"] {
        let (code, out, _) = run(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(out.contains("--chapter"), "{sub}: {out}");
    }
}

#[test]
fn donations_try_list_and_export_with_the_demo_chapter() {
    let dir = scratch_dir("donations-cli");
    let journal = dir.join("journal.sqlite");
    let (code, out, err) = run(&[
        "donations",
        "--journal",
        path_str(&journal),
        "try",
        "--chapter",
        "demo",
        "--amount",
        "25",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("checkout: https://donate.example.org/temoin?amount=25.00"),
        "{out}"
    );
    assert!(out.contains("status: pledged"), "{out}");

    let (code, out, _) = run(&["donations", "--journal", path_str(&journal), "list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("demo") && out.contains("25.00 EUR") && out.contains("pledged"),
        "{out}"
    );
    assert!(out.contains("1 intents in"), "{out}");

    let csv = dir.join("journal.csv");
    let (code, out, _) = run(&[
        "donations",
        "--journal",
        path_str(&journal),
        "export",
        "--csv",
        path_str(&csv),
    ]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with(
            "id,created_at,updated_at,chapter,provider,amount,currency,monthly,status"
        ),
        "{text}"
    );
    assert!(text.contains(",demo,link,25.00,EUR,no,pledged,"), "{text}");

    // Out of the chapter's bounds, an unknown chapter, a missing key: one-line reasons.
    let (code, _, err) = run(&[
        "donations",
        "--journal",
        path_str(&journal),
        "try",
        "--amount",
        "100000",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("outside this chapter's range of 2 to 500"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "donations",
        "--journal",
        path_str(&journal),
        "try",
        "--chapter",
        "ukk",
        "--amount",
        "5",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `uk`?"), "{err}");
    let out = temoin()
        .args([
            "donations",
            "--journal",
            path_str(&journal),
            "try",
            "--chapter",
            "uk",
            "--amount",
            "5",
        ])
        .env_remove("TEMOIN_STRIPE_SECRET_KEY")
        .env_remove("TEMOIN_SECRETS")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("set TEMOIN_STRIPE_SECRET_KEY"), "{err}");
}

#[test]
fn donations_try_against_a_local_stripe() {
    // A tiny Stripe stand-in on 127.0.0.1: create, read, read again (a paid session is
    // never expired) and expire one session.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(4) {
            let mut stream = stream.unwrap();
            let mut buffer = [0u8; 8192];
            let n = std::io::Read::read(&mut stream, &mut buffer).unwrap();
            let request = String::from_utf8_lossy(&buffer[..n]).to_string();
            let body = if request.contains("/expire") {
                r#"{"id":"cs_1","status":"expired","payment_status":"unpaid"}"#
            } else {
                r#"{"id":"cs_1","url":"https://checkout.stripe.com/c/pay/cs_1","status":"open","payment_status":"unpaid"}"#
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            std::io::Write::write_all(&mut stream, response.as_bytes()).unwrap();
            seen.push(request.lines().next().unwrap_or("").to_string());
        }
        seen
    });
    let dir = scratch_dir("donations-stripe");
    let out = temoin()
        .args([
            "donations",
            "--journal",
            path_str(&dir.join("j.sqlite")),
            "try",
            "--chapter",
            "uk",
            "--amount",
            "5",
        ])
        .env("TEMOIN_STRIPE_SECRET_KEY", "sk_test_local")
        .env("TEMOIN_STRIPE_API_BASE", &base)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("checkout: https://checkout.stripe.com/c/pay/cs_1"),
        "{stdout}"
    );
    assert!(stdout.contains("expired: expired"), "{stdout}");
    assert!(
        !stdout.contains("sk_test_local")
            && !String::from_utf8_lossy(&out.stderr).contains("sk_test_local")
    );
    let seen = server.join().unwrap();
    assert_eq!(
        seen,
        [
            "POST /v1/checkout/sessions HTTP/1.1",
            "GET /v1/checkout/sessions/cs_1 HTTP/1.1",
            "GET /v1/checkout/sessions/cs_1 HTTP/1.1",
            "POST /v1/checkout/sessions/cs_1/expire HTTP/1.1"
        ]
    );
}

#[test]
fn parse_errors_quote_the_line_too() {
    let text = bundled_text().replacen(
        r#"on: Select(target: "school_entrance")"#,
        r#"on: Select(targte: "school_entrance")"#,
        1,
    );
    let dir = scenario_folder("cli-parse", &text);
    let (code, out, _) = run(&["validate", path_str(&dir)]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[unknown-field]: unknown field `targte` in `Select`"),
        "{out}"
    );
    assert!(
        out.contains(r#"│                     on: Select(targte: "school_entrance"),"#),
        "{out}"
    );
    assert!(out.contains("= help: did you mean `target`?"), "{out}");
    assert!(out.contains("FAILED (1 error, 0 warnings)"), "{out}");
}

#[test]
fn no_display_is_a_clear_error_not_a_panic() {
    let out = temoin()
        .args(["preview"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("error: no display"), "{err}");
}

#[test]
fn budget_counts_every_environment_and_the_shipped_ones_fit() {
    let (code, out, err) = run(&["budget"]);
    assert_eq!(code, 0, "{out}{err}");
    for env in ["field_office", "street", "family_home", "epilogue"] {
        let row = out
            .lines()
            .find(|l| l.starts_with(env))
            .unwrap_or_else(|| panic!("no row for {env}:\n{out}"));
        let numbers: Vec<f64> = row
            .split_whitespace()
            .skip(1)
            .take(3)
            .map(|n| n.parse().unwrap())
            .collect();
        // Modelled sets: real geometry and real pictures, within a standalone headset.
        assert!(numbers[0] >= 5.0 && numbers[0] <= 150.0, "{row}");
        assert!(numbers[1] >= 2_000.0 && numbers[1] <= 500_000.0, "{row}");
        assert!(numbers[2] > 0.0 && numbers[2] <= 64.0, "{row}");
        assert!(row.ends_with("ok"), "{row}");
    }
}

#[test]
fn budget_fails_an_environment_over_budget() {
    let pieces: Vec<String> = (0..160)
        .map(|i| format!("Piece(shape: Box(size: (0.2, 0.2, 0.2)), position: ({i}, 0, -3))"))
        .collect();
    let text = bundled_text().replacen(
        r#"Piece(shape: Model(path: "models/office_set.glb")),"#,
        &format!(
            r#"Piece(shape: Model(path: "models/office_set.glb")), {},"#,
            pieces.join(", ")
        ),
        1,
    );
    let folder = scenario_folder("budget-over", &text);
    let (code, out, err) = run(&["budget", "--scenario", path_str(&folder)]);
    assert_eq!(code, 1, "{out}{err}");
    let row = out.lines().find(|l| l.starts_with("field_office")).unwrap();
    assert!(row.contains("OVER") && row.contains("draw calls"), "{row}");
}

#[test]
fn strings_voices_writes_the_voice_script_in_the_locale() {
    let (code, out, err) = run(&["strings", "voices", "--locale", "fr-BE"]);
    assert_eq!(code, 0, "{err}");
    let mut rows = out.lines();
    assert_eq!(rows.next(), Some("line_id\tspeaker\tradio\ttext"));
    let alert = out
        .lines()
        .find(|l| l.starts_with("exit.nour.alert\t"))
        .expect("the radio line");
    let cells: Vec<&str> = alert.split('\t').collect();
    assert_eq!(&cells[1..3], ["nour", "1"]);
    assert!(cells[3].contains("Nour"), "{alert}");
    assert!(
        !cells[3].contains("security alert"),
        "not translated: {alert}"
    );
    let inner = out
        .lines()
        .find(|l| l.starts_with("street.inner.1\t"))
        .unwrap();
    assert_eq!(inner.split('\t').nth(1), Some(""));
}

#[test]
fn walk_times_voiced_lines_by_their_recordings() {
    // The same scenario with and without its voices: the durations differ by what the
    // recordings say, not the reading-time estimate.
    let (code, voiced, err) = run(&["walk", "--runs", "20", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let folder = scratch_dir("unvoiced");
    std::fs::write(folder.join("scenario.ron"), bundled_text()).unwrap();
    let (code, silent, err) = run(&[
        "walk",
        "--runs",
        "20",
        "--format",
        "json",
        path_str(&folder),
    ]);
    assert_eq!(code, 0, "{err}");
    let mean = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let runs = v["runs"].as_array().unwrap();
        runs.iter()
            .map(|r| r["estimated_seconds"].as_f64().unwrap())
            .sum::<f64>()
            / runs.len() as f64
    };
    let (voiced, silent) = (mean(&voiced), mean(&silent));
    eprintln!("mean walk: voiced {voiced:.0} s, read {silent:.0} s");
    // Same seeds, same paths: without the recordings the two would be equal to the millisecond.
    assert!(
        (voiced - silent).abs() > 1.0,
        "voices change nothing: {voiced} vs {silent}"
    );
}

#[test]
fn strings_check_lists_lines_without_a_voice_as_a_warning() {
    let root = chapter_root("strings-voices", |text| text);
    // One French recording; everything else is read in silence.
    let voice = root.join("scenes/first_visit/voice/fr-BE");
    std::fs::create_dir_all(&voice).unwrap();
    std::fs::copy(
        bundled_scenario().join("voice/fr-BE/briefing.nour.1.ogg"),
        voice.join("briefing.nour.1.ogg"),
    )
    .unwrap();
    let (code, out, err) = run_in(&root, &["strings", "check", "--chapter", "c"]);
    assert_eq!(code, 0, "a missing voice is no failure:\n{out}{err}");
    let french = out
        .lines()
        .find(|l| l.starts_with("warning[no-voice]: c fr-BE:"))
        .unwrap_or_else(|| panic!("no voice warning for fr-BE:\n{out}"));
    assert!(french.contains("briefing.nour.2"), "{french}");
    assert!(
        !french.contains("briefing.nour.1,"),
        "a voiced line is listed: {french}"
    );
    assert!(out.contains("warning[no-voice]: c en:"), "{out}");
    // The shipped chapters have a voice for every line in every language they offer.
    let (_, shipped, _) = run(&["strings", "check"]);
    assert!(!shipped.contains("warning[no-voice]"), "{shipped}");
}

#[test]
fn reconcile_follows_every_chapters_gifts_and_names_the_ones_it_cannot_reach() {
    let dir = scratch_dir("reconcile-all");
    let journal_path = dir.join("journal.sqlite");
    let journal = temoin_donations::Journal::open(&journal_path).unwrap();
    let gbp = temoin_scenario::Money {
        minor: 1000,
        currency: temoin_scenario::Currency::from_code("GBP").unwrap(),
    };
    // A Stripe gift of the `uk` chapter, left unfinished by a crash; no Stripe key here.
    let uk = journal
        .record("uk", temoin_donations::ProviderKind::Stripe, gbp, false)
        .unwrap();
    drop(journal);
    let out = temoin()
        .args([
            "donations",
            "reconcile",
            "--journal",
            path_str(&journal_path),
        ])
        .env_remove("TEMOIN_STRIPE_SECRET_KEY")
        .env_remove("TEMOIN_SECRETS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("{} (uk, stripe): not reached:", uk.id)),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 unfinished intents: 0 settled, 0 still open, 1 not reached"),
        "{stdout}"
    );
    assert!(!stdout.contains("0 unfinished intents"), "{stdout}");
}

/// `temoin preflight` with these arguments and environment: (status, stdout).
fn preflight(args: &[&str], env: &[(&str, &str)], root: Option<&Path>) -> (i32, String) {
    let mut command = temoin();
    command.arg("preflight").args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    if let Some(root) = root {
        command.env("TEMOIN_CHAPTERS", root.join("chapters"));
    }
    let out = command.output().expect("run temoin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn line<'a>(out: &'a str, what: &str) -> &'a str {
    out.lines()
        .find(|l| l[l.char_indices().nth(2).map_or(0, |(i, _)| i)..].starts_with(what))
        .unwrap_or_else(|| panic!("no `{what}` line in:\n{out}"))
}

#[test]
fn preflight_fails_on_a_key_the_provider_refuses_and_says_what_to_do() {
    let mut server = mockito::Server::new();
    let refused = server
        .mock("POST", "/v1/checkout/sessions")
        .with_status(401)
        .with_body(r#"{"error":{"message":"Invalid API Key provided: sk_test_***"}}"#)
        .create();
    let dir = scratch_dir("preflight-key");
    let journal = dir.join("j.sqlite");
    let (code, out) = preflight(
        &[
            "--chapter",
            "uk",
            "--desktop",
            "--journal",
            path_str(&journal),
        ],
        &[
            ("TEMOIN_STRIPE_SECRET_KEY", "sk_test_wrong_key"),
            ("TEMOIN_STRIPE_API_BASE", &server.url()),
        ],
        None,
    );
    refused.assert();
    assert_eq!(code, 1, "{out}");
    let payments = line(&out, "payments");
    assert!(payments.starts_with('✗'), "{out}");
    assert!(out.contains("fix: check the key and the network"), "{out}");
    assert!(
        !out.contains("sk_test_wrong_key"),
        "a key in the output:\n{out}"
    );
    assert!(line(&out, "journal").starts_with('✓'), "{out}");
}

#[test]
fn preflight_fails_on_an_unwritable_journal_no_runtime_and_an_incomplete_language() {
    // The journal's folder is a file: nothing can be written there, even as root.
    let dir = scratch_dir("preflight-fs");
    std::fs::write(dir.join("not-a-folder"), "").unwrap();
    let journal = dir.join("not-a-folder/j.sqlite");
    // A chapter whose French, declared complete, lacks an entry.
    let root = chapter_root("preflight-locale", |text| text);
    let table = root.join("scenes/first_visit/locales/fr-BE.ron");
    let text = std::fs::read_to_string(&table).unwrap();
    let start = text.find("        Entry(id: \"meta.title\"").unwrap();
    let end = start + text[start..].find('\n').unwrap() + 1;
    std::fs::write(&table, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, out) = preflight(
        &[
            "--chapter",
            "c",
            "--offline",
            "--journal",
            path_str(&journal),
        ],
        &[("XR_RUNTIME_JSON", "/nonexistent/openxr_runtime.json")],
        Some(&root),
    );
    assert_eq!(code, 1, "{out}");
    assert!(line(&out, "journal").starts_with('✗'), "{out}");
    assert!(line(&out, "analytics").starts_with('✗'), "{out}");
    assert!(out.contains("fix: give this user write access to"), "{out}");
    assert!(line(&out, "headset").starts_with('✗'), "{out}");
    assert!(out.contains("or run a desktop booth (--desktop)"), "{out}");
    let languages = line(&out, "languages");
    assert!(
        languages.starts_with('✗') && languages.contains("fr-BE: 1 missing"),
        "{out}"
    );
    assert!(out.contains("temoin strings check --chapter c"), "{out}");
    assert!(line(&out, "clock").starts_with('✓'), "{out}");
}

#[test]
fn the_report_takes_each_gifts_status_from_the_journal_beside_the_station() {
    use temoin_analytics::{EventKind, InputMode, Outcome, PaymentStatus, Record, Recorder};
    let dir = scratch_dir("report-journal");
    let journal = temoin_donations::Journal::open(&dir.join("donations.sqlite")).unwrap();
    let eur = temoin_scenario::Currency::from_code("EUR").unwrap();
    let recorder = Recorder::open(&dir.join("analytics.sqlite"), "station-a").unwrap();
    // Six visitors pledged; the booth saw each checkout open before the next visitor came.
    for n in 0..6 {
        let intent = journal
            .record(
                "demo",
                temoin_donations::ProviderKind::Link,
                temoin_scenario::Amount::whole(10).in_currency(eur).unwrap(),
                false,
            )
            .unwrap();
        // Five paid on their phones afterwards, as reconciliation wrote in the journal.
        let status = if n < 5 {
            temoin_donations::IntentStatus::Paid
        } else {
            temoin_donations::IntentStatus::Expired
        };
        journal
            .update(&intent.id, status, None, None, None)
            .unwrap();
        let visit = temoin_analytics::new_visit_id();
        recorder.send(Record::StartVisit {
            id: visit.clone(),
            chapter: "demo".into(),
            locale: "en".into(),
            app_version: "test".into(),
            input_mode: InputMode::Desktop,
            started_at_ms: temoin_analytics::unix_ms(),
        });
        for kind in [
            EventKind::PromptShown,
            EventKind::AmountChosen {
                band: "10-24".into(),
            },
            EventKind::CheckoutCreated {
                intent_id: intent.id.clone(),
            },
        ] {
            recorder.send(Record::Event {
                visit: visit.clone(),
                t_ms: 1000,
                kind,
            });
        }
        recorder.send(Record::EndVisit {
            visit,
            ended_at_ms: temoin_analytics::unix_ms(),
            outcome: Outcome::Pledged {
                band: "10-24".into(),
                currency: "EUR".into(),
            },
        });
        recorder.send(Record::DonationStatus {
            intent_id: intent.id,
            status: PaymentStatus::Open,
        });
    }
    assert!(recorder.close().is_none());
    drop(journal);
    let db = dir.join("analytics.sqlite");
    let (code, out, err) = run(&["report", "--db", path_str(&db), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let stage = |name: &str| {
        report["funnel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["stage"] == name)
            .unwrap_or_else(|| panic!("no `{name}` in {out}"))["visits"]
            .clone()
    };
    assert_eq!(stage("checkout created"), 6, "{out}");
    assert_eq!(
        stage("paid"),
        5,
        "the journal's word, not the booth's last sight: {out}"
    );
}
