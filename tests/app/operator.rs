//! The attendant's actions, sent as `OperatorAction`s the way the keys, the pause menu and a
//! headset left off send them: one reset path, the next visitor's language, straight to the
//! prompt, the end of a visit.

use super::headless::{story_app, update_until};
use super::*;
use bevy::prelude::*;
use temoin::Screen;
use temoin::booth::OperatorAction;
use temoin::scenario::{ActiveScenario, PlayerIntent, PresetLocale};
use temoin_scenario::{Intent, LineId, Phase};

fn operator_app() -> App {
    let mut app = story_app(&bundled_scenario());
    app.add_plugins(temoin::operator::plugin);
    assert!(
        update_until(&mut app, 500, |app| screen(app) == Screen::ContentNote),
        "scenario never loaded"
    );
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn beat(app: &App) -> String {
    app.world()
        .resource::<ActiveScenario>()
        .runner
        .as_ref()
        .map(|r| r.beat().id.to_string())
        .unwrap_or_default()
}

fn act(app: &mut App, action: OperatorAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

fn play(app: &mut App) {
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Playing);
    app.update();
    assert_eq!(screen(app), Screen::Playing);
}

#[test]
fn the_attendant_skips_to_the_prompt_then_gets_the_booth_ready_for_the_next_visitor() {
    let mut app = operator_app();
    play(&mut app);
    act(&mut app, OperatorAction::SkipToPrompt);
    assert_eq!(beat(&app), "donate");
    assert!(update_until(&mut app, 50, |app| {
        app.world()
            .resource::<ActiveScenario>()
            .runner
            .as_ref()
            .is_some_and(|r| r.state().phase == Phase::Ending)
    }));
    // Pause and resume are one key.
    act(&mut app, OperatorAction::TogglePause);
    let paused = |app: &App| {
        app.world()
            .resource::<ActiveScenario>()
            .runner
            .as_ref()
            .is_some_and(|r| r.state().paused)
    };
    assert!(paused(&app));
    act(&mut app, OperatorAction::TogglePause);
    assert!(!paused(&app));
    // The next visitor: back to the start screen, the story at its first beat.
    act(&mut app, OperatorAction::NextVisitor);
    assert_eq!(screen(&app), Screen::ContentNote);
    assert_eq!(beat(&app), "briefing");
    let runner = app.world().resource::<ActiveScenario>();
    let state = runner.runner.as_ref().unwrap().state();
    assert!(state.notebook.is_empty() && state.flags.is_empty());
}

#[test]
fn the_next_visitors_language_is_chosen_ahead_and_a_reset_brings_it() {
    let mut app = operator_app();
    assert_eq!(app.world().resource::<PresetLocale>().0, None);
    // demo offers en, fr-BE, es-AR: the next one after the default.
    act(&mut app, OperatorAction::NextLanguage);
    assert_eq!(
        app.world().resource::<PresetLocale>().0.as_deref(),
        Some("fr-BE")
    );
    play(&mut app);
    act(&mut app, OperatorAction::EndSession);
    assert_eq!(screen(&app), Screen::ContentNote);
    assert!(update_until(&mut app, 50, |app| {
        app.world()
            .resource::<ActiveScenario>()
            .locale
            .as_ref()
            .is_some_and(|l| l.as_str() == "fr-BE")
    }));
    // The story speaks French from the first line.
    let runner = app.world().resource::<ActiveScenario>();
    let first = runner.runner.as_ref().unwrap().current_line().unwrap();
    assert!(first.text.starts_with("Bonjour"), "{}", first.text);
}

#[test]
fn a_reset_from_the_pause_menu_or_a_key_is_the_same_reset() {
    let mut app = operator_app();
    play(&mut app);
    app.world_mut()
        .write_message(PlayerIntent(Intent::Choose(LineId::new(
            "briefing.option.ready",
        ))));
    for _ in 0..3 {
        app.update();
    }
    act(&mut app, OperatorAction::NextVisitor);
    assert_eq!(
        (screen(&app), beat(&app).as_str()),
        (Screen::ContentNote, "briefing")
    );
}

#[test]
fn between_visitors_the_booth_attracts_and_the_first_act_ends_it() {
    use temoin::booth::Attract;
    let mut app = operator_app();
    let attracting = |app: &App| app.world().resource::<Attract>().on;
    assert!(attracting(&app), "a booth starts between visitors");
    // The visitor acts (a trigger, a click, a key: all reach the story as intents or input).
    app.world_mut()
        .write_message(PlayerIntent(Intent::Choose(LineId::new(
            "briefing.option.ready",
        ))));
    app.update();
    assert!(!attracting(&app));
    play(&mut app);
    // The attendant's reset for the next visitor brings the loop back, whatever happened.
    act(&mut app, OperatorAction::NextVisitor);
    assert!(attracting(&app));
    assert_eq!(screen(&app), Screen::ContentNote);
    // The headset put on counts as acting.
    app.world_mut()
        .write_message(temoin::presence::PresenceSignal {
            layer: temoin::presence::Layer::UserPresence,
            present: true,
        });
    app.update();
    assert!(!attracting(&app));
}

#[test]
fn a_headset_taken_off_pauses_and_left_off_resets_for_the_next_visitor() {
    use bevy::time::TimeUpdateStrategy;
    use temoin::presence::{Layer, PresenceDetector, PresenceSignal, PresenceWatch};
    let mut app = operator_app();
    // A headset booth with a short timeout, and time that moves a second a frame.
    app.insert_resource(PresenceWatch {
        enabled: true,
        detector: PresenceDetector::new(5.0),
    });
    app.insert_resource(TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_secs(1),
    ));
    play(&mut app);
    let paused = |app: &App| {
        app.world()
            .resource::<ActiveScenario>()
            .runner
            .as_ref()
            .is_some_and(|r| r.state().paused)
    };
    let off = |app: &mut App| {
        app.world_mut().write_message(PresenceSignal {
            layer: Layer::UserPresence,
            present: false,
        });
    };
    off(&mut app);
    app.update();
    app.update();
    assert!(paused(&app), "taken off: paused");
    app.world_mut().write_message(PresenceSignal {
        layer: Layer::UserPresence,
        present: true,
    });
    app.update();
    app.update();
    assert!(!paused(&app), "put back on: resumed");
    off(&mut app);
    for _ in 0..8 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::ContentNote, "left off: reset");
    assert_eq!(beat(&app), "briefing");
    assert!(app.world().resource::<temoin::booth::Attract>().on);
}

#[test]
fn every_key_is_the_operators_and_reaches_the_story_or_the_panels() {
    use temoin::ui::notebook::NotebookOpen;
    use temoin::ui::overlays::HelpOpen;

    #[derive(Resource, Default)]
    struct Skips(usize);
    fn count_skips(mut intents: MessageReader<PlayerIntent>, mut skips: ResMut<Skips>) {
        skips.0 += intents
            .read()
            .filter(|i| matches!(i.0, Intent::SkipLine))
            .count();
    }

    let mut app = operator_app();
    app.init_resource::<ButtonInput<KeyCode>>()
        .insert_resource(NotebookOpen(true))
        .init_resource::<HelpOpen>()
        .init_resource::<Skips>()
        .add_systems(Last, count_skips);
    // A key as the input plugin would see it: pressed for one frame, then released.
    let press = |app: &mut App, key: KeyCode| {
        app.world_mut()
            .resource_mut::<ButtonInput<KeyCode>>()
            .press(key);
        app.update();
        let mut keys = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
        keys.release(key);
        keys.clear();
        app.update();
    };
    let paused = |app: &App| {
        app.world()
            .resource::<ActiveScenario>()
            .runner
            .as_ref()
            .is_some_and(|r| r.state().paused)
    };
    // Space skips a line only while the story plays.
    press(&mut app, KeyCode::Space);
    assert_eq!(app.world().resource::<Skips>().0, 0);
    play(&mut app);
    press(&mut app, KeyCode::Space);
    assert_eq!(app.world().resource::<Skips>().0, 1);
    // N hides and shows the notebook.
    press(&mut app, KeyCode::KeyN);
    assert!(!app.world().resource::<NotebookOpen>().0);
    press(&mut app, KeyCode::KeyN);
    assert!(app.world().resource::<NotebookOpen>().0);
    // F1 opens the key help; Esc first closes it, and only then pauses.
    press(&mut app, KeyCode::F1);
    assert!(app.world().resource::<HelpOpen>().0);
    press(&mut app, KeyCode::Escape);
    assert!(!app.world().resource::<HelpOpen>().0);
    assert!(!paused(&app), "Esc closed the help; it did not also pause");
    press(&mut app, KeyCode::Escape);
    assert!(paused(&app));
    // R: the attendant's reset, like the strip says.
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::ContentNote);
}

#[test]
fn the_next_visitors_start_screen_is_whole_in_the_frame_of_the_key() {
    // The whole app (places, people, interface), nothing drawn: the place's models are real.
    let dir = scratch_dir("reset-in-one-frame");
    let mut app = temoin::soak::whole_booth(&repo_root(), "demo", &dir).expect("the booth builds");
    assert!(temoin::soak::wait_until_loaded(&mut app), "never loaded");
    let place = |app: &App| {
        app.world()
            .resource::<temoin::world::CurrentPlace>()
            .0
            .clone()
    };
    let whole = |app: &mut App| {
        let roots = app
            .world_mut()
            .query_filtered::<(), With<temoin::world::Scenery>>()
            .iter(app.world())
            .count();
        roots > 0 && temoin::soak::scenery_loaded(app)
    };
    assert!(
        update_until(&mut app, 2000, |app| whole(app)),
        "the first place never loaded"
    );
    let (first_beat, first_place) = (beat(&app), place(&app));
    // The visit goes on to the prompt, in another place, which loads too.
    app.world_mut().write_message(OperatorAction::SkipToPrompt);
    assert!(
        update_until(&mut app, 2000, |app| place(app) != first_place
            && whole(app)),
        "the prompt's place never loaded"
    );
    assert_ne!(beat(&app), first_beat);

    app.world_mut().write_message(OperatorAction::NextVisitor);
    app.update();
    // One frame: the start screen, the first beat, its place, every model of it in memory
    // (kept since the first visitor, not read from disk again).
    assert_eq!(screen(&app), Screen::ContentNote);
    assert_eq!(beat(&app), first_beat);
    assert_eq!(place(&app), first_place);
    assert!(
        whole(&mut app),
        "the first place is not whole in the key's frame"
    );
}
