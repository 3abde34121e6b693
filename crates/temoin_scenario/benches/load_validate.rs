//! Loading and validating a generated 5,000-beat scenario, next to raw `ron` parsing of the
//! same text in the same run, printed as ratios.
//!
//! `cargo bench -p temoin_scenario` measures; `cargo test` runs one small round to prove the
//! generator and the validator still agree (the generated scenario must be valid).

use std::fmt::Write;
use std::time::{Duration, Instant};
use temoin_scenario::check::check_text;
use temoin_scenario::load::ron_options;
use temoin_scenario::validate::AssetRoots;
use temoin_scenario::{Scenario, SourceFile};

/// A scenario of `beats` beats: each says two lines and offers two options, one of them
/// gated on a flag set two beats earlier, with evidence and counters along the way.
fn generate(beats: usize) -> String {
    let mut s = String::with_capacity(beats * 700);
    s.push_str(
        r##"Scenario(
    id: "generated",
    title: (id: "meta.title", text: "Generated"),
    default_locale: "en",
    start: "b0",
    content_note: (id: "meta.note", text: "Generated for benchmarks. You can pause at any time."),
    environments: [
        Environment(
            id: "room",
            arrival: "s0",
            sky: "#445566",
            pieces: [Piece(shape: Box(size: (1, 1, 1)), position: (0, 0.5, -2), material: (color: "#aa8866"))],
            characters: [Character(id: "nour", name: (id: "character.nour", text: "Nour"), figure: Person(body: Woman, top: "#3d5a6c", bottom: "#2b3440"), spot: "s1")],
            spots: [Spot(id: "s0", position: (0, 0, 0)), Spot(id: "s1", position: (3, 0, 0))],
            targets: [Target(id: "t0", label: (id: "target.t0", text: "Thing"), position: (0, 1, -2))],
        ),
    ],
    beats: [
"##,
    );
    for i in 0..beats {
        let next = i + 1;
        if next >= beats {
            let _ = writeln!(
                s,
                r#"        Beat(id: "b{i}", lines: [(id: "l{i}.0", text: "The end.")], ending: Donate(headline: (id: "d.h", text: "Give"), body: (id: "d.b", text: "Why"), currency: "EUR", amounts: [5, 10, 25], monthly: true, decline: (id: "d.n", text: "Not now"), thanks: (id: "d.t", text: "Thanks"))),"#
            );
            break;
        }
        let skip = (i + 2).min(beats - 1);
        let place = if i == 0 {
            r#"environment: "room", "#
        } else {
            ""
        };
        let gate = if i >= 2 {
            format!(r#"when: Flag("f{}"), "#, i - 2)
        } else {
            String::new()
        };
        let _ = write!(
            s,
            r#"        Beat(
            id: "b{i}",
            {place}lines: [(id: "l{i}.0", speaker: "nour", text: "Line one of beat {i}."), (id: "l{i}.1", text: "Line two of beat {i}, a little longer than the first.")],
            outcomes: [
                (on: Choose(option: (id: "o{i}.a", text: "Go on")), effects: [SetFlag("f{i}"), AddCounter(name: "steps", by: 1)], goto: "b{next}"),
                (on: Select(target: "t0"), {gate}effects: [AddEvidence(id: "e{i}", kind: Note, title: (id: "e{i}.t", text: "Note {i}"), quote: "l{i}.0")], goto: "b{skip}"),
            ],
        ),
"#
        );
    }
    s.push_str("    ],\n)\n");
    s
}

fn time<T>(rounds: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(f());
    }
    start.elapsed() / rounds
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (beats, rounds) = if benching { (5_000, 10) } else { (500, 1) };
    let text = generate(beats);
    let roots = AssetRoots::default();

    // Correctness first: the generated scenario must load without a single diagnostic.
    let checked = check_text("generated.ron", &text, &roots);
    assert!(
        checked.diagnostics.is_empty(),
        "generated scenario is invalid: {:#?}",
        &checked.diagnostics[..checked.diagnostics.len().min(5)]
    );
    assert_eq!(
        checked.scenario.as_ref().map(|s| s.beats.len()),
        Some(beats)
    );

    let raw_value = time(rounds, || {
        ron::from_str::<ron::Value>(&text).expect("valid RON")
    });
    let raw_typed = time(rounds, || {
        ron_options()
            .from_str::<Scenario>(&text)
            .expect("valid scenario")
    });
    let full = time(rounds, || check_text("generated.ron", &text, &roots));
    let source = SourceFile::new("generated.ron", text.as_str());
    let validate_only = time(rounds, || {
        let scenario: Scenario = ron_options().from_str(&text).expect("valid");
        temoin_scenario::validate(&scenario, &source, &roots)
    });

    println!(
        "scenario: {beats} beats, {} KiB of RON, {rounds} rounds each",
        text.len() / 1024
    );
    println!(
        "raw ron parse to ron::Value       {:>10.2?}   (baseline)",
        raw_value
    );
    println!(
        "raw ron parse to typed Scenario   {:>10.2?}   {:.2}x baseline",
        raw_typed,
        raw_typed.as_secs_f64() / raw_value.as_secs_f64()
    );
    println!(
        "typed parse + validate            {:>10.2?}   {:.2}x baseline",
        validate_only,
        validate_only.as_secs_f64() / raw_value.as_secs_f64()
    );
    println!(
        "temoin load + validate            {:>10.2?}   {:.2}x baseline, {:.2}x typed parse",
        full,
        full.as_secs_f64() / raw_value.as_secs_f64(),
        full.as_secs_f64() / raw_typed.as_secs_f64()
    );
}
