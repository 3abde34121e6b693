//! The bundled story's rules, played through the step machine as a visitor would: a photo only
//! counts from where its subject is seen whole, the family's consent (refused, given, stopped)
//! shapes what can be published, the way back follows what was marked on the map, verification
//! refuses what the rules refuse, and the report is built from the visitor's choices.

use std::path::PathBuf;
use std::sync::Arc;
use temoin_scenario::check::check_scenario;
use temoin_scenario::{
    EvidenceKind, Intent, LineId, Phase, Runner, RuntimeEvent, Scenario, SpotId, TargetId,
};

fn bundled() -> Arc<Scenario> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let checked = check_scenario(&root.join("scenes/first_visit"), &root.join("assets"));
    Arc::new(checked.valid().expect("bundled scenario is valid").clone())
}

/// A visitor playing the bundled story, with everything that was said kept.
struct Visit {
    runner: Runner,
    events: Vec<RuntimeEvent>,
}

impl Visit {
    fn new() -> Visit {
        let mut runner = Runner::new(bundled());
        let events = runner.take_events();
        let mut visit = Visit { runner, events };
        visit.settle();
        visit
    }

    fn step(&mut self, intents: Vec<Intent>, dt: f32) {
        let events = self.runner.step(intents, dt);
        self.events.extend(events);
    }

    /// Listens until the visitor is asked to act (no timer runs out meanwhile).
    fn settle(&mut self) {
        for _ in 0..100 {
            if self.runner.state().phase != Phase::Lines {
                return;
            }
            let line = self
                .runner
                .current_line()
                .map(Runner::line_seconds)
                .unwrap_or(0.0);
            let left = (line - self.runner.state().line_elapsed).max(0.0);
            self.step(vec![], left + 1e-3);
        }
        panic!("beat `{}` never stops talking", self.beat());
    }

    fn beat(&self) -> String {
        self.runner.beat().id.to_string()
    }

    fn offered(&self) -> Vec<String> {
        self.runner
            .options()
            .iter()
            .map(|o| o.text.id.to_string())
            .collect()
    }

    fn choose(&mut self, option: &str) -> &mut Self {
        assert!(
            self.offered().iter().any(|o| o == option),
            "`{option}` is not offered in `{}`; offered: {:?}",
            self.beat(),
            self.offered()
        );
        self.step(vec![Intent::Choose(LineId::new(option))], 0.0);
        self.settle();
        self
    }

    /// Holds the gaze (or the camera) on a target until its dwell completes.
    fn look(&mut self, target: &str) -> &mut Self {
        assert!(
            self.runner
                .active_targets()
                .contains(&TargetId::new(target)),
            "`{target}` is not active in `{}`",
            self.beat()
        );
        self.step(vec![Intent::Focus(Some(TargetId::new(target)))], 2.5);
        self.step(vec![Intent::Focus(None)], 0.0);
        self.settle();
        self
    }

    fn select(&mut self, target: &str) -> &mut Self {
        self.step(vec![Intent::Select(TargetId::new(target))], 0.0);
        self.settle();
        self
    }

    fn go(&mut self, spot: &str) -> &mut Self {
        self.step(vec![Intent::ArriveAt(SpotId::new(spot))], 0.0);
        self.settle();
        self
    }

    fn wait(&mut self, seconds: f32) -> &mut Self {
        let mut left = seconds;
        while left > 0.0 {
            self.step(vec![], left.min(0.5));
            left -= 0.5;
        }
        self.settle();
        self
    }

    fn said(&self, line: &str) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e, RuntimeEvent::LineStarted { line: l, .. } if l.as_str() == line))
    }

    fn has(&self, evidence: &str) -> bool {
        self.runner
            .state()
            .notebook
            .iter()
            .any(|e| e.id.as_str() == evidence)
    }

    fn at(&mut self, beat: &str) -> &mut Self {
        assert_eq!(self.beat(), beat);
        self
    }

    /// Briefing done with the way back marked as `way` (`map_school_way` or `map_lane_way`).
    fn briefed(way: &str) -> Visit {
        let mut v = Visit::new();
        v.choose("briefing.option.ready")
            .look("kit")
            .choose("briefing.option.set_clock")
            .select(way)
            .choose("briefing.option.understood");
        v.at("street_documenting");
        v
    }

    /// The street done properly: both photos from their spots, the tower placed right.
    fn documented(way: &str) -> Visit {
        let mut v = Visit::briefed(way);
        v.go("school_gate")
            .look("school_entrance")
            .go("crater_edge")
            .look("crater")
            .choose("street.option.north_east")
            .look("water_tower")
            .choose("street.option.tower_north_west");
        v.at("neighbour");
        v
    }

    /// From the neighbour into the family's home.
    fn at_home(way: &str, forwarded: bool) -> Visit {
        let mut v = Visit::documented(way);
        v.choose("street.option.ask_night").choose(if forwarded {
            "street.option.take_forwarded"
        } else {
            "street.option.leave_forwarded"
        });
        v.go("family_door").at("testimony_welcome");
        v
    }

    /// From the radio call to the car along the marked way, then into the base.
    fn home_safely(&mut self, waypoint: &str) -> &mut Self {
        assert_eq!(self.beat(), "exit_run");
        self.go(waypoint).go("car").at("base_table");
        self.look("evidence_table");
        self
    }
}

#[test]
fn a_photo_from_the_wrong_place_is_not_evidence_and_the_visitor_is_told_once() {
    let mut v = Visit::briefed("map_school_way");
    assert!(
        !v.runner
            .active_spots()
            .contains(&SpotId::new("street_start"))
    );
    // From where the visitor arrives, the school is a wall and a lot of street.
    v.select("school_entrance").at("street_documenting");
    assert!(v.said("street.nour.too_far"));
    assert!(!v.has("photo_school"));
    // Told once: from afar the entrance no longer answers; the spot to stand on lights up.
    assert!(
        !v.runner
            .active_targets()
            .contains(&TargetId::new("school_entrance"))
    );
    assert!(
        v.runner
            .active_spots()
            .contains(&SpotId::new("school_gate"))
    );
    v.go("school_gate").look("school_entrance");
    assert!(v.has("photo_school"));
    assert!(v.said("street.inner.school"));
    // A face is not photographed without asking.
    v.select("passer_by");
    assert!(v.said("street.nour.face"));
    assert!(
        !v.runner
            .state()
            .notebook
            .iter()
            .any(|e| e.id.as_str().contains("passer"))
    );
}

#[test]
fn the_street_is_done_only_with_both_photos_and_the_landmark() {
    let mut v = Visit::briefed("map_school_way");
    v.go("school_gate").look("school_entrance");
    v.go("crater_edge")
        .look("crater")
        .choose("street.option.unclear");
    v.at("street_documenting");
    v.look("water_tower").choose("street.option.tower_east");
    assert!(v.said("street.nour.tower_unsure"));
    v.at("neighbour");
    assert!(v.has("note_geolocation_unsure"));
}

#[test]
fn recording_refused_when_asked_before_she_knows_who_asks() {
    let mut v = Visit::at_home("map_school_way", false);
    v.choose("testimony.option.ask_record");
    assert!(v.said("testimony.umm_karim.refused.2"));
    v.choose("testimony.option.night")
        .choose("testimony.option.children");
    // Notes only: no recorded testimony, and no "turn it off" (nothing is recording).
    let notebook = &v.runner.state().notebook;
    assert!(notebook.iter().all(|e| e.kind != EvidenceKind::Testimony));
    assert!(v.has("notes_night") && v.has("notes_children"));
    assert!(!v.said("testimony.umm_karim.turn_off"));
    v.at("sami_drawing").choose("testimony.option.thank_sami");
    v.wait(1.0).home_safely("school_gate");
    v.choose("base.option.school_publish")
        .choose("base.option.direction_check");
    assert!(v.said("base.item.testimony_notes"));
    assert!(!v.said("base.item.testimony_recorded"));
}

#[test]
fn she_stops_the_recording_and_that_part_is_never_published() {
    let mut v = Visit::at_home("map_school_way", false);
    v.choose("testimony.option.explain")
        .choose("testimony.option.record_voice")
        .choose("testimony.option.night");
    v.at("turn_it_off");
    // Asking to keep it anyway is answered with a no; it is her decision.
    v.choose("testimony.option.keep_without_name");
    assert!(v.said("testimony.umm_karim.no"));
    assert!(v.has("testimony_night") && v.has("note_off_record"));
    v.choose("testimony.option.needs")
        .choose("testimony.option.thank_sami");
    v.wait(1.0).home_safely("school_gate");
    v.choose("base.option.school_publish")
        .choose("base.option.direction_check")
        .choose("base.option.testimony_publish");
    v.at("verify_off_record");
    v.choose("base.option.off_record_publish");
    assert!(v.said("base.nour.off_record_publish"));
    // The report's quote can only be one she allowed: never the part after "turn it off".
    v.at("base_quote");
    let quotes = v.offered();
    assert_eq!(
        quotes,
        ["base.option.quote_night", "base.option.quote_needs"]
    );
}

#[test]
fn verification_refuses_what_cannot_be_published() {
    let mut v = Visit::at_home("map_school_way", true);
    v.choose("testimony.option.explain")
        .choose("testimony.option.offer_notes")
        .choose("testimony.option.listen")
        .choose("testimony.option.needs");
    // The drawing photographed without asking, and kept.
    v.at("sami_drawing").select("sami_drawing");
    assert!(v.said("testimony.umm_karim.drawing_ask"));
    v.choose("testimony.option.keep_unasked");
    v.wait(1.0).home_safely("school_gate");
    // Publish everything: the rules turn down the undated photo, the unproven direction and
    // the drawing nobody agreed to.
    v.choose("base.option.school_publish");
    assert!(v.said("base.nour.school_publish"));
    v.choose("base.option.direction_publish");
    assert!(v.said("base.nour.direction_publish"));
    assert!(
        v.said("base.item.direction"),
        "Abu Fadi's account is weighed too"
    );
    v.choose("base.option.forwarded_publish");
    assert!(v.said("base.nour.forwarded_publish"));
    v.choose("base.option.testimony_publish");
    assert!(v.said("base.item.testimony_notes"));
    // No "turn it off" in this visit, so no off-the-record item is laid out.
    assert!(!v.said("base.item.off_record"));
    v.choose("base.option.drawing_publish");
    assert!(v.said("base.nour.drawing_unasked"));
    assert!(!v.said("base.nour.drawing_publish"));
    // The drawing cannot be the first page's photo.
    v.choose("base.option.quote_listen");
    assert_eq!(
        v.offered(),
        ["base.option.photo_school", "base.option.photo_crater"]
    );
}

#[test]
fn the_report_is_built_from_what_the_visitor_chose() {
    let mut v = Visit::at_home("map_lane_way", false);
    v.choose("testimony.option.explain")
        .choose("testimony.option.record_voice")
        .choose("testimony.option.children")
        .choose("testimony.option.needs");
    v.choose("testimony.option.ask_sami");
    assert!(v.said("testimony.sami.roof"));
    v.look("sami_drawing");
    assert!(v.has("photo_drawing"));
    v.wait(1.0).home_safely("side_lane");
    assert!(
        !v.said("exit.nour.route_matters"),
        "the marked way was kept"
    );
    v.choose("base.option.school_check")
        .choose("base.option.direction_check")
        .choose("base.option.testimony_private");
    // Keeping her testimony private is her choice to make, not ours: it goes in.
    assert!(v.said("base.nour.testimony_private"));
    v.choose("base.option.drawing_publish");
    assert!(v.said("base.nour.drawing_publish"));
    v.choose("base.option.quote_needs")
        .choose("base.option.photo_drawing");
    assert!(v.said("base.nour.call"));
    v.at("moment_report");
    assert!(v.said("next.lead_drawing") && v.said("next.quote_needs"));
    for other in [
        "next.lead_school",
        "next.lead_crater",
        "next.quote_night",
        "next.quote_children",
        "next.quote_listen",
    ] {
        assert!(!v.said(other), "{other} was said");
    }
    v.look("panel_report")
        .look("panel_campaign")
        .look("panel_school");
    v.wait(3.0).at("donate");
    assert!(v.said("next.composite"));
}

#[test]
fn the_way_back_is_the_one_marked_on_the_map() {
    let mut v = Visit::at_home("map_school_way", false);
    v.choose("testimony.option.ask_record")
        .choose("testimony.option.listen");
    v.choose("testimony.option.night");
    v.choose("testimony.option.thank_sami")
        .wait(1.0)
        .at("exit_run");
    // Only the marked way is suggested; other ways, and the car straight away, are quiet.
    assert_eq!(
        v.runner.active_spots().into_iter().collect::<Vec<_>>(),
        [SpotId::new("school_gate")]
    );
    // The lane was not the way marked: corrected, calmly, and remembered in the car.
    v.go("side_lane").at("exit_off_route");
    assert!(v.said("exit.nour.off_route"));
    v.go("school_gate").at("exit_on_route");
    v.go("car").at("base_table");
    assert!(v.said("exit.nour.route_matters"));
}

#[test]
fn a_silence_that_lasts_lets_her_speak() {
    let mut v = Visit::at_home("map_school_way", false);
    v.choose("testimony.option.explain")
        .choose("testimony.option.offer_notes");
    v.at("testimony_questions");
    v.wait(16.0);
    assert!(v.said("testimony.umm_karim.listen.1"));
    assert!(v.has("notes_listen"));
    // Saying nothing is no longer on offer: it has happened.
    assert!(!v.offered().contains(&"testimony.option.listen".to_string()));
}
