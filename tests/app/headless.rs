//! The story runtime inside Bevy with `MinimalPlugins`: intents in, events out, the content
//! note holds time still, reset, and live reload of an edited scenario file.

use super::*;
use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use std::time::Duration;
use temoin::scenario::{
    ActiveScenario, ChooseLocale, PlayerIntent, ScenarioEvent, ScenarioLocation,
};
use temoin::{Screen, StoryPlugin};
use temoin_scenario::{Intent, LineId, Locale, RuntimeEvent};

#[derive(Resource, Default)]
struct EventLog(Vec<RuntimeEvent>);

fn record(mut events: MessageReader<ScenarioEvent>, mut log: ResMut<EventLog>) {
    log.0.extend(events.read().map(|e| e.0.clone()));
}

pub fn story_app(folder: &Path) -> App {
    let mut app = App::new();
    temoin::register_scenario_source(&mut app, folder);
    app.add_plugins((
        MinimalPlugins,
        AssetPlugin {
            file_path: path_str(&repo_root().join("assets")).to_owned(),
            watch_for_changes_override: Some(true),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
        StatesPlugin,
    ));
    app.add_plugins(StoryPlugin {
        location: ScenarioLocation {
            folder: folder.to_path_buf(),
            file_name: "scenario.ron".into(),
            assets_dir: repo_root().join("assets"),
            chapter_file: repo_root().join("chapters/demo.ron"),
            pack_paths: temoin_chapter::PackPaths {
                chapters_dir: repo_root().join("chapters"),
                assets_dir: repo_root().join("assets"),
            },
        },
    });
    app.init_resource::<EventLog>().add_systems(Last, record);
    app
}

/// Runs frames until `done` holds, at most `max_frames`, pausing a little between frames so
/// that asset loading and the file watcher (real threads) can progress.
pub fn update_until(
    app: &mut App,
    max_frames: u32,
    mut done: impl FnMut(&mut App) -> bool,
) -> bool {
    for _ in 0..max_frames {
        app.update();
        if done(app) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn beat(app: &App) -> Option<String> {
    app.world()
        .resource::<ActiveScenario>()
        .runner
        .as_ref()
        .map(|r| r.beat().id.to_string())
}

fn send(app: &mut App, intent: Intent) {
    app.world_mut().write_message(PlayerIntent(intent));
}

fn start_playing(app: &mut App) {
    assert!(
        update_until(app, 500, |app| screen(app) == Screen::ContentNote),
        "scenario never loaded"
    );
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    assert_eq!(screen(app), Screen::Playing);
}

/// Skips Nour's lines and picks "I'm ready".
fn reach_briefing_kit(app: &mut App) {
    for _ in 0..3 {
        send(app, Intent::SkipLine);
        app.update();
    }
    send(app, Intent::Choose(LineId::new("briefing.option.ready")));
    assert!(update_until(app, 20, |app| beat(app).as_deref() == Some("briefing_kit")));
}

#[test]
fn intents_drive_the_story_and_events_come_out() {
    let mut app = story_app(&bundled_scenario());
    start_playing(&mut app);
    let log = &app.world().resource::<EventLog>().0;
    assert!(
        matches!(log.first(), Some(RuntimeEvent::Started { .. })),
        "{log:?}"
    );
    assert!(log.iter().any(|e| matches!(e, RuntimeEvent::LineStarted { line, .. } if line.as_str() == "briefing.nour.1")));
    reach_briefing_kit(&mut app);
    let log = &app.world().resource::<EventLog>().0;
    let beats: Vec<&str> = log
        .iter()
        .filter_map(|e| match e {
            RuntimeEvent::BeatEntered { beat } => Some(beat.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(beats, ["briefing", "briefing_kit"]);

    send(&mut app, Intent::Reset);
    app.update();
    assert_eq!(beat(&app).as_deref(), Some("briefing"));
    assert!(
        app.world()
            .resource::<EventLog>()
            .0
            .contains(&RuntimeEvent::Reset)
    );
}

#[test]
fn the_content_note_holds_time_still() {
    let mut app = story_app(&bundled_scenario());
    assert!(update_until(&mut app, 500, |app| screen(app) == Screen::ContentNote));
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..20 {
        app.update();
    }
    // An intent other than reset is ignored before "Begin".
    send(&mut app, Intent::SkipLine);
    app.update();
    let runner = app
        .world()
        .resource::<ActiveScenario>()
        .runner
        .as_ref()
        .unwrap();
    assert_eq!(runner.state().elapsed, 0.0);
    assert_eq!(runner.state().line, 0);
}

#[test]
fn editing_the_file_reloads_at_the_current_beat_and_errors_keep_it_running() {
    let folder = scenario_folder("reload", &bundled_text());
    let file = folder.join("scenario.ron");
    let mut app = story_app(&folder);
    start_playing(&mut app);
    reach_briefing_kit(&mut app);

    let old = "Your kit is on the table.";
    let new = "Your kit waits on the table.";
    std::fs::write(&file, bundled_text().replace(old, new)).unwrap();
    let reloaded = update_until(&mut app, 1000, |app| {
        let active = app.world().resource::<ActiveScenario>();
        active
            .runner
            .as_ref()
            .is_some_and(|r| r.beat().lines[0].text.starts_with(new))
    });
    assert!(reloaded, "the edit was never picked up");
    assert_eq!(
        beat(&app).as_deref(),
        Some("briefing_kit"),
        "the runtime restarts at the current beat"
    );

    // A broken save keeps the last good version running and says why.
    std::fs::write(
        &file,
        bundled_text().replace(r#"start: "briefing","#, r#"start: "brefing","#),
    )
    .unwrap();
    let reported = update_until(&mut app, 1000, |app| {
        app.world().resource::<ActiveScenario>().problems.is_some()
    });
    assert!(reported, "the broken file was never reported");
    let problems = app
        .world()
        .resource::<ActiveScenario>()
        .problems
        .clone()
        .unwrap();
    assert!(
        problems.contains("unknown beat `brefing`; did you mean `briefing`?"),
        "{problems}"
    );
    assert_eq!(beat(&app).as_deref(), Some("briefing_kit"));

    // Fixing it clears the report.
    std::fs::write(&file, bundled_text()).unwrap();
    assert!(update_until(&mut app, 1000, |app| app
        .world()
        .resource::<ActiveScenario>()
        .problems
        .is_none()));
}

fn title(app: &App) -> String {
    app.world()
        .resource::<ActiveScenario>()
        .runner
        .as_ref()
        .map(|r| r.scenario().title.text.clone())
        .unwrap_or_default()
}

fn locale(app: &App) -> Option<String> {
    app.world()
        .resource::<ActiveScenario>()
        .locale
        .as_ref()
        .map(|l| l.to_string())
}

#[test]
fn the_visitor_picks_a_language_and_the_next_visitor_starts_in_the_default() {
    let mut app = story_app(&bundled_scenario());
    assert!(update_until(&mut app, 500, |app| screen(app) == Screen::ContentNote));
    assert_eq!(
        locale(&app).as_deref(),
        Some("en"),
        "the demo chapter starts in English"
    );
    assert_eq!(title(&app), "A morning in Al-Hadiqa");
    app.world_mut()
        .write_message(ChooseLocale(Locale::new("fr-BE")));
    assert!(update_until(&mut app, 20, |app| title(app) == "Une matinée à Al-Hadiqa"));
    start_playing(&mut app);
    let line = |app: &App| {
        app.world()
            .resource::<ActiveScenario>()
            .runner
            .as_ref()
            .and_then(|r| r.current_line().map(|l| l.text.clone()))
    };
    assert_eq!(
        line(&app).as_deref(),
        Some("Bonjour. Je suis Nour. Je coordonne le travail de terrain ici.")
    );
    // Mid-story, the language changes where the visitor is.
    reach_briefing_kit(&mut app);
    app.world_mut()
        .write_message(ChooseLocale(Locale::new("es-AR")));
    assert!(update_until(&mut app, 20, |app| title(app) == "Una mañana en Al-Hadiqa"));
    assert_eq!(beat(&app).as_deref(), Some("briefing_kit"));
    // A language the chapter does not offer is refused.
    app.world_mut()
        .write_message(ChooseLocale(Locale::new("de")));
    app.update();
    assert_eq!(locale(&app).as_deref(), Some("es-AR"));
    // The next visitor starts in the booth's language.
    send(&mut app, Intent::Reset);
    assert!(update_until(&mut app, 20, |app| locale(app).as_deref() == Some("en")));
    assert_eq!(title(&app), "A morning in Al-Hadiqa");
}

#[test]
fn the_attendant_presets_the_language() {
    let mut app = story_app(&bundled_scenario());
    app.insert_resource(temoin::scenario::PresetLocale(Some("es-ar".into())));
    assert!(update_until(&mut app, 500, |app| screen(app) == Screen::ContentNote));
    assert_eq!(locale(&app).as_deref(), Some("es-AR"));
    assert_eq!(title(&app), "Una mañana en Al-Hadiqa");
    app.world_mut()
        .write_message(ChooseLocale(Locale::new("fr-BE")));
    assert!(update_until(&mut app, 20, |app| locale(app).as_deref() == Some("fr-BE")));
    send(&mut app, Intent::Reset);
    assert!(update_until(&mut app, 20, |app| locale(app).as_deref() == Some("es-AR")));
}

#[test]
fn a_new_or_changed_locale_file_reloads_while_running() {
    let folder = scenario_folder("locale-reload", &bundled_text());
    let mut app = story_app(&folder);
    assert!(update_until(&mut app, 500, |app| screen(app) == Screen::ContentNote));
    app.world_mut()
        .write_message(ChooseLocale(Locale::new("fr-BE")));
    assert!(update_until(&mut app, 20, |app| locale(app).as_deref() == Some("fr-BE")));
    // No table yet: the English text is shown.
    assert_eq!(title(&app), "A morning in Al-Hadiqa");
    std::fs::create_dir_all(folder.join("locales")).unwrap();
    let table = |title: &str| {
        format!(r#"Strings(locale: "fr-BE", entries: [Entry(id: "meta.title", text: "{title}")])"#)
    };
    std::fs::write(folder.join("locales/fr-BE.ron"), table("Une matinée")).unwrap();
    assert!(
        update_until(&mut app, 1000, |app| title(app) == "Une matinée"),
        "the new table was never picked up"
    );
    // Modification times can be coarse: make sure the edit is seen as a change.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(
        folder.join("locales/fr-BE.ron"),
        table("Une matinée, revue"),
    )
    .unwrap();
    assert!(
        update_until(&mut app, 1000, |app| title(app) == "Une matinée, revue"),
        "the edited table was never picked up"
    );
    assert_eq!(
        locale(&app).as_deref(),
        Some("fr-BE"),
        "the language is kept"
    );
}
