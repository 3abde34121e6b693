//! `--capture BEATS --capture-dir DIR`: opens the real window, jumps to each listed beat,
//! saves a screenshot of it, and exits (`BEAT+pledge` pledges at the prompt first, `BEAT+paused`
//! opens the pause menu). Authors use it for stills of their scenes; the
//! rendering test uses it to prove the app draws something. The entries are read once into
//! typed [`Shot`]s; the stills drive the story as the attendant and the visitor do, with a
//! `JumpTo` and intents, never by touching the runner.

use crate::Screen;
use crate::donation::DonationDesk;
use crate::scenario::{ActiveScenario, JumpTo, PlayerIntent};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;
use temoin_scenario::{BeatId, Intent, Runner};

/// A capture entry that shoots the content-note screen instead of a beat (first only).
pub const CONTENT_NOTE: &str = "content-note";
/// `--capture all`: the start screen, every beat in file order, the prompt after a pledge, and
/// an `index.html` contact sheet of them.
pub const ALL: &str = "all";

/// What `all` stands for in `scenario`.
pub fn expand_all(scenario: &temoin_scenario::Scenario) -> Vec<String> {
    let mut shots = vec![CONTENT_NOTE.to_owned()];
    shots.extend(scenario.beats.iter().map(|b| b.id.to_string()));
    if let Some(prompt) = scenario
        .beats
        .iter()
        .find(|b| matches!(b.ending, Some(temoin_scenario::Ending::Donate(_))))
    {
        shots.push(format!("{}+pledge", prompt.id));
    }
    shots
}

/// The contact sheet: every shot with its beat, caption and first line, in story order.
pub fn contact_sheet(title: &str, locale: &str, shots: &[(String, String)]) -> String {
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{locale}\"><meta charset=\"utf-8\">\n<title>{t} — contact sheet</title>\n<style>body{{font-family:sans-serif;background:#1b1d20;color:#eee;margin:2em}}figure{{display:inline-block;width:31%;margin:0 1% 2em 0;vertical-align:top}}img{{width:100%;border-radius:4px}}figcaption{{font-size:.9em;color:#ccc}}b{{color:#fc6}}</style>\n<h1>{t}</h1>\n<p>{n} shots, locale {locale}.</p>\n",
        t = escape(title),
        n = shots.len()
    );
    for (file, caption) in shots {
        html.push_str(&format!(
            "<figure><a href=\"{f}\"><img src=\"{f}\" loading=\"lazy\"></a><figcaption>{c}</figcaption></figure>\n",
            f = escape(file),
            c = caption
        ));
    }
    html.push_str("</html>\n");
    html
}

/// Frames to let a jump settle (scenery spawned, models loaded, fades done) before a shot.
const SETTLE_FRAMES: u32 = 40;
/// Give up after this many frames rather than hang a test.
const MAX_FRAMES: u32 = 6000;

/// What happens where a still is taken, before it is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Nothing: the place as the visitor finds it.
    Look,
    /// `+pledge`: the first suggested amount pledged at the prompt.
    Pledge,
    /// `+paused`: the pause menu over it.
    Pause,
}

/// One still, read once from its entry on the command line (`BEAT`, `BEAT+pledge`,
/// `BEAT+paused`, or `content-note`); writing it back gives the entry again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shot {
    /// The beat to jump to; none for the content-note screen.
    pub beat: Option<BeatId>,
    pub act: Act,
}

impl Shot {
    pub fn parse(entry: &str) -> Shot {
        let (name, act) = if let Some(beat) = entry.strip_suffix("+pledge") {
            (beat, Act::Pledge)
        } else if let Some(beat) = entry.strip_suffix("+paused") {
            (beat, Act::Pause)
        } else {
            (entry, Act::Look)
        };
        Shot {
            beat: (name != CONTENT_NOTE).then(|| BeatId::new(name)),
            act,
        }
    }

    /// The content-note screen, as it first appears.
    fn is_content_note(&self) -> bool {
        self.beat.is_none() && self.act == Act::Look
    }

    /// The still's file in the capture folder: its entry with `-` for `+`.
    pub fn file_name(&self) -> String {
        format!("{}.png", self.to_string().replace('+', "-"))
    }
}

impl std::fmt::Display for Shot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.beat {
            Some(beat) => f.write_str(beat.as_str())?,
            None => f.write_str(CONTENT_NOTE)?,
        }
        f.write_str(match self.act {
            Act::Look => "",
            Act::Pledge => "+pledge",
            Act::Pause => "+paused",
        })
    }
}

#[derive(Debug, Clone)]
pub struct CapturePlan {
    /// The stills, in order; for `all`, filled in once the scenario has loaded.
    pub shots: Vec<Shot>,
    /// `--capture all`: every beat, then a contact sheet.
    pub all: bool,
    pub dir: PathBuf,
}

impl CapturePlan {
    /// The plan from `--capture`'s entries, read once here.
    pub fn new(entries: &[String], dir: PathBuf) -> Self {
        let all = entries.iter().any(|e| e == ALL);
        CapturePlan {
            shots: if all {
                Vec::new()
            } else {
                entries.iter().map(|e| Shot::parse(e)).collect()
            },
            all,
            dir,
        }
    }
}

pub struct CapturePlugin {
    pub plan: CapturePlan,
}

/// Present while stills are being taken: they show the visitor's view, so the attendant's
/// strip and status line stay off them.
#[derive(Resource)]
pub struct CapturingStills;

impl Plugin for CapturePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(CapturingStills)
            .insert_resource(Capture {
                plan: self.plan.clone(),
                step: Step::WaitForScenario,
                frames: 0,
                total: 0,
            })
            .add_systems(Last, drive_capture);
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    WaitForScenario,
    Settle(usize),
    Saving(usize, PathBuf),
    Done,
}

#[derive(Resource)]
struct Capture {
    plan: CapturePlan,
    step: Step,
    frames: u32,
    total: u32,
}

fn write_sheet(plan: &CapturePlan, runner: &Runner, locale: &str) {
    let scenario = runner.scenario();
    let index = runner.index();
    let shots: Vec<(String, String)> = plan
        .shots
        .iter()
        .map(|shot| {
            let beat = shot.beat.as_ref().and_then(|id| scenario.beat(index, id));
            let caption = beat
                .and_then(|b| b.caption.as_ref().map(|c| c.text.clone()))
                .unwrap_or_default();
            let line = beat
                .and_then(|b| b.lines.first().map(|l| l.text.clone()))
                .unwrap_or_default();
            let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;");
            (
                shot.file_name(),
                format!(
                    "<b>{}</b> {}<br>{}",
                    esc(&shot.to_string()),
                    esc(&caption),
                    esc(&line)
                ),
            )
        })
        .collect();
    let html = contact_sheet(&scenario.title.text, locale, &shots);
    let path = plan.dir.join("index.html");
    match std::fs::write(&path, html) {
        Ok(()) => info!("capture: wrote {}", path.display()),
        Err(e) => error!("capture: cannot write {}: {e}", path.display()),
    }
}

/// Walks the plan: jumps to each shot's beat by asking the scenario (`JumpTo`), acts there as
/// a visitor would (intents), lets it settle, saves the window, and exits when done.
fn drive_capture(
    mut capture: ResMut<Capture>,
    active: Res<ActiveScenario>,
    screen: Res<State<Screen>>,
    mut next_screen: ResMut<NextState<Screen>>,
    mut jumps: MessageWriter<JumpTo>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    mut intents: MessageWriter<PlayerIntent>,
    desk: Option<Res<DonationDesk>>,
) {
    capture.total += 1;
    capture.frames += 1;
    if capture.total > MAX_FRAMES {
        error!(
            "capture did not finish within {MAX_FRAMES} frames (step {:?})",
            capture.step
        );
        exit.write(AppExit::error());
        return;
    }
    match capture.step.clone() {
        Step::WaitForScenario => {
            if *screen.get() == Screen::Problems {
                error!(
                    "capture: the scenario has errors:\n{}",
                    active.problems.clone().unwrap_or_default()
                );
                exit.write(AppExit::error());
            } else if *screen.get() == Screen::ContentNote {
                if capture.plan.all
                    && let Some(runner) = active.runner.as_ref()
                {
                    capture.plan.shots = expand_all(runner.scenario())
                        .iter()
                        .map(|e| Shot::parse(e))
                        .collect();
                }
                if let Err(e) = std::fs::create_dir_all(&capture.plan.dir) {
                    error!("capture: cannot create {}: {e}", capture.plan.dir.display());
                    exit.write(AppExit::error());
                    return;
                }
                if !capture
                    .plan
                    .shots
                    .first()
                    .is_some_and(Shot::is_content_note)
                {
                    next_screen.set(Screen::Playing);
                }
                capture.step = Step::Settle(0);
                capture.frames = 0;
            }
        }
        Step::Settle(i) => {
            let Some(shot) = capture.plan.shots.get(i).cloned() else {
                capture.step = Step::Done;
                return;
            };
            let Some(runner) = active.runner.as_ref() else {
                return;
            };
            if capture.frames == 1
                && let Some(beat) = &shot.beat
                && runner.beat().id != *beat
            {
                if runner.scenario().beat(runner.index(), beat).is_none() {
                    error!("capture: no beat `{beat}` in the scenario");
                    exit.write(AppExit::error());
                    return;
                }
                jumps.write(JumpTo(beat.clone()));
            }
            if shot.act == Act::Pledge && capture.frames == 2 {
                let first = desk.as_ref().and_then(|d| d.suggested().first().copied());
                match first {
                    Some(amount) => {
                        intents.write(PlayerIntent(Intent::Pledge {
                            amount,
                            monthly: false,
                        }));
                    }
                    None => error!("capture: no chapter amounts to pledge"),
                }
            }
            if shot.act == Act::Pause && capture.frames == 2 {
                intents.write(PlayerIntent(Intent::Pause));
            }
            if capture.frames >= SETTLE_FRAMES {
                let path = capture.plan.dir.join(shot.file_name());
                let _ = std::fs::remove_file(&path);
                commands
                    .spawn(Screenshot::primary_window())
                    .observe(save_to_disk(path.clone()));
                capture.step = Step::Saving(i, path);
                capture.frames = 0;
            }
        }
        Step::Saving(i, path) => {
            if path.is_file() {
                info!("capture: saved {}", path.display());
                if *screen.get() == Screen::ContentNote {
                    next_screen.set(Screen::Playing);
                }
                capture.step = Step::Settle(i + 1);
                capture.frames = 0;
            }
        }
        Step::Done => {
            if capture.plan.all
                && let Some(runner) = active.runner.as_ref()
            {
                let locale = active
                    .locale
                    .clone()
                    .unwrap_or_else(|| runner.scenario().default_locale.clone());
                write_sheet(&capture.plan, runner, locale.as_str());
            }
            exit.write(AppExit::Success);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_the_start_screen_every_beat_and_the_prompt_after_a_pledge() {
        let text = r#"Scenario(id: "s", title: (id: "t", text: "T"), default_locale: "en", start: "a",
            content_note: (id: "n", text: "N"), environments: [],
            beats: [Beat(id: "a", outcomes: [(on: Continue, goto: "give")]),
                    Beat(id: "give", ending: Donate(headline: (id: "h", text: "H"), body: (id: "b", text: "B"),
                        currency: "EUR", amounts: [5], decline: (id: "d", text: "D"), thanks: (id: "k", text: "K")))])"#;
        let scenario =
            temoin_scenario::load::parse_scenario(&temoin_scenario::SourceFile::new("s.ron", text))
                .unwrap();
        assert_eq!(
            expand_all(&scenario),
            ["content-note", "a", "give", "give+pledge"]
        );
    }

    #[test]
    fn entries_are_read_once_into_shots_that_write_back_the_same() {
        let entries = ["content-note", "street", "donate+pledge", "street+paused"];
        let plan = CapturePlan::new(&entries.map(String::from), PathBuf::from("out"));
        assert!(!plan.all);
        assert_eq!(
            plan.shots[2],
            Shot {
                beat: Some(BeatId::new("donate")),
                act: Act::Pledge
            }
        );
        assert!(plan.shots[0].is_content_note());
        let written: Vec<String> = plan.shots.iter().map(Shot::to_string).collect();
        assert_eq!(written, entries);
        assert_eq!(plan.shots[2].file_name(), "donate-pledge.png");
        let all = CapturePlan::new(&["a".into(), ALL.into()], PathBuf::from("out"));
        assert!(all.all && all.shots.is_empty(), "filled in once loaded");
    }

    #[test]
    fn the_contact_sheet_links_every_shot_and_escapes_text() {
        let html = contact_sheet(
            "A <morning>",
            "fr-BE",
            &[
                ("a.png".into(), "one".into()),
                ("give-pledge.png".into(), "two".into()),
            ],
        );
        assert!(html.contains("lang=\"fr-BE\""));
        assert!(html.contains("A &lt;morning&gt;"));
        assert_eq!(html.matches("<img src=").count(), 2);
        assert!(html.contains("give-pledge.png"));
    }
}
