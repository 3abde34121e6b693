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
fn validate_passes_the_bundled_scenario() {
    let (code, out, _) = run(&["validate"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("scenario.ron: ok (0 errors, 0 warnings)"),
        "{out}"
    );
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
    for sub in ["run", "preview", "validate", "walk"] {
        let (code, out, _) = run(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(out.contains("--scenario"), "{sub}: {out}");
    }
}
