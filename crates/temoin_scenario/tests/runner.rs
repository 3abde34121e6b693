//! The step machine: a golden transcript of a fixed playthrough of the bundled scenario, and
//! focused tests of dwell, timers, pause, reset and the donation prompt.

use std::path::PathBuf;
use std::sync::Arc;
use temoin_scenario::check::check_scenario;
use temoin_scenario::runner::TriggerKind;
use temoin_scenario::{
    Amount, BeatId, Intent, LineId, Phase, Runner, RuntimeEvent, Scenario, SpotId, TargetId,
};

fn bundled() -> Arc<Scenario> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let checked = check_scenario(&root.join("scenes/first_visit"), &root.join("assets"));
    Arc::new(checked.valid().expect("bundled scenario is valid").clone())
}

fn eur(units: i64) -> temoin_scenario::Money {
    Amount::whole(units)
        .in_currency(temoin_scenario::Currency::from_code("EUR").unwrap())
        .unwrap()
}

fn choose(id: &str) -> Intent {
    Intent::Choose(LineId::new(id))
}

/// One line of transcript per event that matters to the story's shape.
fn transcript_line(event: &RuntimeEvent) -> Option<String> {
    Some(match event {
        RuntimeEvent::BeatEntered { beat } => format!("beat {beat}"),
        RuntimeEvent::LineStarted { line, .. } => format!("  line {line}"),
        RuntimeEvent::OutcomeChosen {
            trigger, option, ..
        } => match option {
            Some(option) => format!("  chose {option}"),
            None => format!("  {trigger:?}"),
        },
        RuntimeEvent::EvidenceAdded { evidence } => format!("  evidence {}", evidence.id),
        RuntimeEvent::EnvironmentChanged { environment, spot } => {
            format!("  environment {environment} at {spot}")
        }
        RuntimeEvent::EndingReached { beat, donate } => format!("ending {beat} donate={donate}"),
        RuntimeEvent::DonationPledged { amount, monthly } => {
            format!("pledged {amount} monthly={monthly}")
        }
        _ => return None,
    })
}

/// One step of the fixed visit: intents, then seconds of time; after each step the visitor
/// listens until asked to act.
enum Step {
    Act(Intent),
    /// Holds the gaze on a target for its dwell.
    Look(&'static str),
    /// Waits without acting (a timer runs out).
    Wait(f32),
}

/// A fixed visit: every kind of intent, a photo from too far, the recording refused, the lane
/// marked on the map, a missed exit timer, verification and the report's first page.
fn golden_script() -> Vec<Step> {
    use Step::*;
    let target = |id: &str| TargetId::new(id);
    vec![
        Act(choose("briefing.option.ready")),
        Look("kit"),
        Act(choose("briefing.option.clock_fine")),
        Act(Intent::Select(target("map_lane_way"))),
        Act(choose("briefing.option.why")),
        Act(Intent::Select(target("school_entrance"))),
        Act(Intent::ArriveAt(SpotId::new("school_gate"))),
        Look("school_entrance"),
        Act(Intent::ArriveAt(SpotId::new("crater_edge"))),
        Look("crater"),
        Act(choose("street.option.unclear")),
        Look("water_tower"),
        Act(choose("street.option.tower_north_west")),
        Act(choose("street.option.ask_photo")),
        Act(choose("street.option.leave_forwarded")),
        Act(Intent::ArriveAt(SpotId::new("family_door"))),
        Act(choose("testimony.option.ask_record")),
        Act(choose("testimony.option.listen")),
        Act(Intent::SkipLine),
        Act(choose("testimony.option.needs")),
        Act(choose("testimony.option.thank_sami")),
        // The visitor does not reach the car: Nour comes to get them.
        Wait(61.0),
        Look("evidence_table"),
        Act(choose("base.option.school_publish")),
        Act(choose("base.option.direction_check")),
        Act(choose("base.option.testimony_check")),
        Act(choose("base.option.quote_needs")),
        Act(choose("base.option.photo_school")),
        Wait(7.0),
        Wait(7.0),
        Wait(7.0),
        Wait(3.0),
        Act(Intent::Pledge {
            amount: eur(10),
            monthly: true,
        }),
    ]
}

/// Advances time in frame-sized steps, as the app does, collecting the transcript.
fn play(runner: &mut Runner, intents: Vec<Intent>, seconds: f32, lines: &mut Vec<String>) {
    let mut left = seconds;
    let mut intents = Some(intents);
    loop {
        let step = left.clamp(0.0, 1.0 / 30.0);
        let events = runner.step(intents.take().unwrap_or_default(), step);
        lines.extend(events.iter().filter_map(transcript_line));
        left -= step;
        if left <= 0.0 {
            break;
        }
    }
}

/// Listens until the visitor is asked to act.
fn settle(runner: &mut Runner, lines: &mut Vec<String>) {
    while runner.state().phase == Phase::Lines {
        let line = runner
            .current_line()
            .map(Runner::line_seconds)
            .unwrap_or(0.0);
        let left = (line - runner.state().line_elapsed).max(0.0);
        play(runner, vec![], left + 1e-3, lines);
    }
}

#[test]
fn golden_transcript_of_a_fixed_playthrough() {
    let mut runner = Runner::new(bundled());
    let mut lines: Vec<String> = runner
        .take_events()
        .iter()
        .filter_map(transcript_line)
        .collect();
    settle(&mut runner, &mut lines);
    for step in golden_script() {
        match step {
            Step::Act(intent) => play(&mut runner, vec![intent], 0.0, &mut lines),
            Step::Look(target) => {
                play(
                    &mut runner,
                    vec![Intent::Focus(Some(TargetId::new(target)))],
                    2.1,
                    &mut lines,
                );
                play(&mut runner, vec![Intent::Focus(None)], 0.0, &mut lines);
            }
            Step::Wait(seconds) => play(&mut runner, vec![], seconds, &mut lines),
        }
        settle(&mut runner, &mut lines);
    }
    let actual = lines.join("\n") + "\n";
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/first_visit.transcript");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden).expect("golden transcript (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        actual, expected,
        "the playthrough changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"
    );
    assert_eq!(runner.state().phase, Phase::Finished);
}

#[test]
fn dwell_completes_after_its_time_and_not_before() {
    let mut runner = Runner::new(bundled());
    runner.step([choose("briefing.option.ready")], 0.0);
    // Not yet offered: the option only appears once Nour has finished.
    runner.step([], 60.0);
    let mut runner = Runner::jump(
        runner.scenario().clone(),
        &BeatId::new("briefing_kit"),
        runner.state(),
    );
    runner.step([], 30.0);
    assert_eq!(runner.state().phase, Phase::Awaiting);
    runner.step([Intent::Focus(Some(TargetId::new("kit")))], 1.4);
    assert_eq!(
        runner.beat().id.as_str(),
        "briefing_kit",
        "1.4 s is under the 1.5 s dwell"
    );
    let progress = runner.dwell_progress().unwrap().1;
    assert!((progress - 1.4 / 1.5).abs() < 1e-3, "{progress}");
    // Looking away resets the dwell.
    runner.step([Intent::Focus(None)], 0.5);
    runner.step([Intent::Focus(Some(TargetId::new("kit")))], 1.0);
    assert_eq!(runner.beat().id.as_str(), "briefing_kit");
    let events = runner.step([], 0.6);
    assert!(events.iter().any(|e| matches!(
        e,
        RuntimeEvent::OutcomeChosen {
            trigger: TriggerKind::LookAt,
            ..
        }
    )));
    assert_eq!(runner.beat().id.as_str(), "briefing_clock");
}

#[test]
fn a_missed_timer_leads_on_and_pause_stops_time() {
    let scenario = bundled();
    let fresh = Runner::new(scenario.clone());
    let mut runner = Runner::jump(scenario, &BeatId::new("exit_run"), fresh.state());
    assert_eq!(runner.state().phase, Phase::Awaiting);
    assert_eq!(runner.visible_timer(), Some(60.0));
    runner.step([Intent::Pause], 0.0);
    runner.step([], 120.0);
    assert_eq!(
        runner.beat().id.as_str(),
        "exit_run",
        "paused: no time passes"
    );
    assert_eq!(runner.visible_timer(), Some(60.0));
    runner.step([Intent::Select(TargetId::new("crater"))], 0.0);
    assert!(
        runner.state().notebook.is_empty(),
        "paused: no intent but resume acts"
    );
    runner.step([Intent::Resume], 59.0);
    assert!((runner.visible_timer().unwrap() - 1.0).abs() < 1e-3);
    runner.step([], 1.5);
    assert_eq!(runner.beat().id.as_str(), "nour_comes");
}

#[test]
fn reaching_the_spot_beats_the_timer() {
    let scenario = bundled();
    let fresh = Runner::new(scenario.clone());
    let mut runner = Runner::jump(scenario, &BeatId::new("exit_run"), fresh.state());
    runner.step([Intent::ArriveAt(SpotId::new("car"))], 0.0);
    assert_eq!(runner.beat().id.as_str(), "safe_in_car");
}

#[test]
fn reset_forgets_the_visitor() {
    let mut runner = Runner::new(bundled());
    runner.step([], 30.0);
    runner.step([choose("briefing.option.ready")], 20.0);
    runner.step([Intent::Focus(Some(TargetId::new("kit")))], 2.0);
    assert!(runner.state().flags.contains(&"kit_taken".into()));
    let events = runner.step([Intent::Reset], 0.0);
    assert_eq!(events.first(), Some(&RuntimeEvent::Reset));
    assert!(
        events.iter().any(
            |e| matches!(e, RuntimeEvent::BeatEntered { beat } if beat.as_str() == "briefing")
        )
    );
    assert!(runner.state().flags.is_empty());
    assert!(runner.state().notebook.is_empty());
    assert_eq!(runner.beat().id.as_str(), "briefing");
    assert_eq!(runner.state().elapsed, 0.0);
}

#[test]
fn pledges_are_recorded_once_and_only_at_the_prompt() {
    let scenario = bundled();
    let fresh = Runner::new(scenario.clone());
    let mut runner = Runner::jump(scenario, &BeatId::new("donate"), fresh.state());
    assert_eq!(runner.state().phase, Phase::Ending);
    let events = runner.step(
        [Intent::Pledge {
            amount: eur(25),
            monthly: false,
        }],
        0.0,
    );
    let pledged: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, RuntimeEvent::DonationPledged { .. }))
        .collect();
    assert_eq!(pledged.len(), 1);
    assert_eq!(runner.state().pledge.map(|(m, _)| m.minor), Some(2500));
    let again = runner.step(
        [
            Intent::Pledge {
                amount: eur(5),
                monthly: false,
            },
            Intent::Decline,
        ],
        0.0,
    );
    assert!(
        again.is_empty(),
        "a finished prompt takes nothing more: {again:?}"
    );
    assert_eq!(runner.state().pledge.map(|(m, _)| m.minor), Some(2500));
}

#[test]
fn resuming_in_another_wording_rewords_the_notebook_too() {
    let text = |title: &str| {
        format!(
            r##"Scenario(
    id: "n", title: (id: "t", text: "T"), default_locale: "en", start: "a",
    content_note: (id: "c", text: "Note."),
    environments: [Environment(id: "e", arrival: "s", sky: "#000000", spots: [Spot(id: "s", position: (0, 0, 0))])],
    beats: [
        Beat(id: "a", environment: "e", on_enter: [AddEvidence(id: "photo", kind: Photo, title: (id: "ev.photo", text: "{title}"))],
            outcomes: [(on: Continue, goto: "end")]),
        Beat(id: "end", ending: End),
    ],
)"##
        )
    };
    let parse = |t: String| {
        Arc::new(
            temoin_scenario::load::parse_scenario(&temoin_scenario::SourceFile::new("n.ron", t))
                .unwrap(),
        )
    };
    let mut english = Runner::new(parse(text("Photo: the school")));
    english.step(vec![], 0.1);
    assert_eq!(english.state().notebook[0].title.text, "Photo: the school");
    let french = Runner::resume_at(
        parse(text("Photo : l'école")),
        &BeatId::new("a"),
        english.state(),
    );
    assert_eq!(french.state().notebook.len(), 1);
    assert_eq!(french.state().notebook[0].title.text, "Photo : l'école");
}

#[test]
fn events_carry_the_runners_clock_which_a_reset_never_winds_back() {
    let mut runner = Runner::new(bundled());
    let first = runner.take_timed_events();
    assert!(first.iter().all(|e| e.at == 0.0));
    let line = Runner::line_seconds(runner.current_line().unwrap()) as f64;
    // One long step crosses the first line: its end is stamped when it happened, not at the
    // end of the step.
    let events = runner.step_timed([], 60.0);
    let finished = events
        .iter()
        .find(|e| matches!(e.event, RuntimeEvent::LineFinished { .. }))
        .unwrap();
    assert!(
        (finished.at - line).abs() < 1e-3,
        "{} vs {line}",
        finished.at
    );
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
    assert!((runner.clock() - 60.0).abs() < 1e-6);
    let reset = runner.step_timed([Intent::Reset], 1.0);
    assert!(reset.iter().all(|e| e.at >= 60.0), "{reset:?}");
    assert!((runner.clock() - 61.0).abs() < 1e-6);
}

#[test]
fn a_reset_keeps_what_happened_before_it_in_the_same_step() {
    let scenario = bundled();
    let fresh = Runner::new(scenario.clone());
    let mut runner = Runner::jump(scenario, &BeatId::new("donate"), fresh.state());
    runner.step([], 1.0);
    let events = runner.step(
        [
            Intent::Pledge {
                amount: eur(10),
                monthly: false,
            },
            Intent::Reset,
        ],
        0.0,
    );
    let pledged = events
        .iter()
        .position(|e| matches!(e, RuntimeEvent::DonationPledged { .. }))
        .expect("the pledge is reported");
    let reset = events
        .iter()
        .position(|e| *e == RuntimeEvent::Reset)
        .unwrap();
    assert!(pledged < reset);
}
