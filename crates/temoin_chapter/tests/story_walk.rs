//! The whole story as each shipped chapter tells it, in each of its languages, voiced: seeded
//! random visits cover every beat, never get stuck, and every path to the ask lasts 7 to 10
//! minutes (timer waits aside); one fixed visit per chapter and language is kept as a golden
//! transcript of what is shown and said, so a change of wording is a reviewed diff.

use std::path::PathBuf;
use std::sync::Arc;
use temoin_chapter::PackPaths;
use temoin_chapter::pack::load_pack;
use temoin_scenario::walk::walk;
use temoin_scenario::{Intent, LineId, Phase, Runner, RuntimeEvent, Scenario, SpotId, TargetId};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shipped() -> PackPaths {
    PackPaths {
        chapters_dir: repo().join("chapters"),
        assets_dir: repo().join("assets"),
    }
}

const CHAPTERS: [&str; 4] = ["demo", "be-fr", "uk", "ar"];
/// Seconds of content (lines, actions, moves) in every path to the ask.
const SHORTEST: f32 = 7.0 * 60.0;
const LONGEST: f32 = 10.0 * 60.0;
/// Seconds of lines in a row without anything to do: the brief's "2 to 3 lines", about 30 s.
const MOST_LISTENING: f32 = 30.0;

/// Every chapter and each language it offers: (chapter, locale, scenario as played).
fn every_telling() -> Vec<(String, String, Arc<Scenario>)> {
    let mut out = Vec::new();
    for chapter in CHAPTERS {
        let load = load_pack(&shipped(), chapter, None);
        let pack = load
            .pack
            .unwrap_or_else(|| panic!("chapter {chapter} loads: {:#?}", load.checked.diagnostics));
        for offer in &pack.offered {
            // Completeness of each table is `strings check`'s test; here, the story as told.
            let (scenario, _) = pack.localized(&offer.locale);
            out.push((
                chapter.to_string(),
                offer.locale.to_string(),
                Arc::new(scenario),
            ));
        }
    }
    out
}

#[test]
fn every_chapter_and_language_is_a_seven_to_ten_minute_visit() {
    let mut summary = Vec::new();
    for (chapter, locale, scenario) in every_telling() {
        // Every line of the path is voiced: the estimate is the recordings' length.
        let unvoiced: Vec<&str> = scenario
            .beats
            .iter()
            .flat_map(|b| &b.lines)
            .filter(|l| l.audio.is_none())
            .map(|l| l.id.as_str())
            .collect();
        assert!(
            unvoiced.is_empty(),
            "{chapter} {locale}: no voice for {unvoiced:?}"
        );
        let report = walk(scenario.clone(), 300, 11);
        assert_eq!(
            report.stuck_runs(),
            0,
            "{chapter} {locale}: {:?}",
            report.runs.iter().find(|r| r.stuck.is_some())
        );
        assert!(
            report.unvisited.is_empty(),
            "{chapter} {locale}: never visited {:?}",
            report.unvisited
        );
        let mut asked: Vec<f32> = report
            .runs
            .iter()
            .filter(|r| r.ending.as_ref().map(|e| e.as_str()) == Some("donate"))
            .map(|r| r.content_seconds())
            .collect();
        asked.sort_by(f32::total_cmp);
        assert!(
            asked.len() > 100,
            "{chapter} {locale}: {} runs asked",
            asked.len()
        );
        let (shortest, median, longest) =
            (asked[0], asked[asked.len() / 2], asked[asked.len() - 1]);
        summary.push(format!(
            "{chapter:>6} {locale:<6} {:>3} paths to the ask: {:.1} / {:.1} / {:.1} min",
            asked.len(),
            shortest / 60.0,
            median / 60.0,
            longest / 60.0
        ));
        assert!(
            (SHORTEST..=LONGEST).contains(&shortest) && longest <= LONGEST,
            "{chapter} {locale}: paths last {shortest:.0} to {longest:.0} s"
        );
        // Never a long stretch of listening without something to do.
        let run = report
            .runs
            .iter()
            .max_by(|a, b| a.longest_listening.total_cmp(&b.longest_listening))
            .unwrap();
        summary.push(format!(
            "{:>13} longest listening without an action: {:.0} s (seed {})",
            "", run.longest_listening, run.seed
        ));
        assert!(
            run.longest_listening <= MOST_LISTENING,
            "{chapter} {locale}: {:.0} s of lines without an action (seed {}: {:?})",
            run.longest_listening,
            run.seed,
            run.path
        );
    }
    eprintln!("shortest / median / longest:\n{}", summary.join("\n"));
}

/// A fixed visit: the school way, a photo from too far, the neighbour's forwarded photo, the
/// recording given and then stopped, the drawing asked for, the way back kept, verification,
/// the report's first page, the epilogue, a pledge.
fn fixed_visit() -> Vec<Step> {
    use Step::*;
    vec![
        Choose("briefing.option.ready"),
        Look("kit"),
        Choose("briefing.option.set_clock"),
        Select("map_school_way"),
        Choose("briefing.option.understood"),
        Select("school_entrance"),
        Go("school_gate"),
        Look("school_entrance"),
        Go("crater_edge"),
        Look("crater"),
        Choose("street.option.north_east"),
        Look("water_tower"),
        Choose("street.option.tower_north_west"),
        Choose("street.option.ask_night"),
        Choose("street.option.take_forwarded"),
        Go("family_door"),
        Choose("testimony.option.explain"),
        Choose("testimony.option.record_voice"),
        Choose("testimony.option.night"),
        Choose("testimony.option.stop_recorder"),
        Choose("testimony.option.children"),
        Choose("testimony.option.ask_sami"),
        Look("sami_drawing"),
        Go("school_gate"),
        Go("car"),
        Look("evidence_table"),
        Choose("base.option.school_publish"),
        Choose("base.option.direction_publish"),
        Choose("base.option.forwarded_check"),
        Choose("base.option.testimony_publish"),
        Choose("base.option.off_record_private"),
        Choose("base.option.drawing_publish"),
        Choose("base.option.quote_night"),
        Choose("base.option.photo_drawing"),
        Look("panel_report"),
        Look("panel_campaign"),
        Look("panel_school"),
        Wait(3.0),
    ]
}

enum Step {
    Choose(&'static str),
    Look(&'static str),
    Select(&'static str),
    Go(&'static str),
    Wait(f32),
}

/// What the visitor sees and hears, one row each, in the language played.
fn transcript(scenario: Arc<Scenario>) -> String {
    let mut runner = Runner::new(scenario.clone());
    let mut rows = Vec::new();
    let record = |events: Vec<RuntimeEvent>, rows: &mut Vec<String>| {
        for event in events {
            match event {
                RuntimeEvent::BeatEntered { beat } => {
                    let beat = scenario.beats.iter().find(|b| b.id == beat).unwrap();
                    rows.push(format!("[{}]", beat.id));
                    if let Some(caption) = &beat.caption {
                        rows.push(format!("  caption: {}", caption.text));
                    }
                }
                RuntimeEvent::LineStarted {
                    speaker,
                    text,
                    audio,
                    radio,
                    ..
                } => rows.push(format!(
                    "  {}{}: {text}{}",
                    speaker.unwrap_or_else(|| "(you)".into()),
                    if radio { " (radio)" } else { "" },
                    if audio.is_some() { "" } else { "   [no voice]" }
                )),
                RuntimeEvent::EvidenceAdded { evidence } => {
                    rows.push(format!("  + notebook: {}", evidence.title.text))
                }
                _ => {}
            }
        }
    };
    let events = runner.take_events();
    record(events, &mut rows);
    let settle = |runner: &mut Runner, rows: &mut Vec<String>| {
        while runner.state().phase == Phase::Lines {
            let line = runner
                .current_line()
                .map(Runner::line_seconds)
                .unwrap_or(0.0);
            let left = (line - runner.state().line_elapsed).max(0.0);
            let events = runner.step([], left + 1e-3);
            record(events, rows);
        }
    };
    settle(&mut runner, &mut rows);
    for step in fixed_visit() {
        let offered: Vec<(String, String)> = runner
            .options()
            .iter()
            .map(|o| (o.text.id.to_string(), o.text.text.clone()))
            .collect();
        let events = match step {
            Step::Choose(id) => {
                let (_, words) = offered
                    .iter()
                    .find(|(o, _)| o == id)
                    .unwrap_or_else(|| panic!("`{id}` not offered in `{}`", runner.beat().id));
                rows.push(format!("  > {words}"));
                runner.step([Intent::Choose(LineId::new(id))], 0.0)
            }
            Step::Look(target) => {
                let mut events = runner.step([Intent::Focus(Some(TargetId::new(target)))], 2.1);
                events.extend(runner.step([Intent::Focus(None)], 0.0));
                events
            }
            Step::Select(target) => runner.step([Intent::Select(TargetId::new(target))], 0.0),
            Step::Go(spot) => runner.step([Intent::ArriveAt(SpotId::new(spot))], 0.0),
            Step::Wait(seconds) => runner.step([], seconds),
        };
        record(events, &mut rows);
        settle(&mut runner, &mut rows);
    }
    assert_eq!(
        runner.state().phase,
        Phase::Ending,
        "the fixed visit reaches the ask"
    );
    let prompt = runner.donate_prompt().expect("a donation prompt");
    rows.push(format!("  ask: {}", prompt.headline.text));
    rows.push(format!("       {}", prompt.body.text));
    rows.join("\n") + "\n"
}

#[test]
fn golden_transcript_per_chapter_and_language() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    std::fs::create_dir_all(&dir).unwrap();
    let mut changed = Vec::new();
    for (chapter, locale, scenario) in every_telling() {
        let actual = transcript(scenario);
        let golden = dir.join(format!("{chapter}.{locale}.transcript"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if actual != expected {
            changed.push(golden.display().to_string());
        }
    }
    assert!(
        changed.is_empty(),
        "the fixed visit now reads differently in {changed:#?}; if on purpose, rerun with \
         UPDATE_GOLDEN=1 and review the diff"
    );
}
